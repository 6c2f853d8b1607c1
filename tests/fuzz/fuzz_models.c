/* The two text models' files (competency-model.txt, polarity-model.txt):
 * any bytes either parse or fail with a message; a model that parses must
 * read any text, the input's own bytes included, without crashing, each of
 * its features at most once, with finite sums, and explain a class only by
 * positive weights of features the text holds. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "evmatch.h"
#include "score/competency_model.h"
#include "score/polarity_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_text(const evm_cmodel *m, const char *t, size_t len)
{
	double *z = malloc((m->nclass + 1) * sizeof *z);
	uint32_t *feats = NULL;
	size_t nf = 0;
	if (!z || evm_cmodel_read(m, t, len, z, &feats, &nf) != 0) {
		free(z);
		return;
	}
	if (nf > len + 2 || nf > m->nfeat)
		abort();
	for (size_t i = 0; i < nf; i++)
		for (size_t j = i + 1; j < nf; j++)
			if (feats[i] == feats[j])
				abort(); /* counted twice */
	for (size_t c = 0; c < m->nclass; c++) {
		if (!isfinite(z[c]))
			abort();
		evm_model_term terms[EVM_MODEL_TERMS];
		size_t n = evm_cmodel_terms(m, (uint32_t)c, feats, nf, terms, EVM_MODEL_TERMS);
		for (size_t k = 0; k < n; k++)
			if (!(terms[k].weight > 0) || (k && terms[k].weight > terms[k - 1].weight) ||
			    evm_cmodel_feature(m, terms[k].term, strlen(terms[k].term)) < 0)
				abort();
	}
	free(feats);
	free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	static const char *const texts[] = {"I set up a weekly rota and cleared the backlog.",
					    "Didn\xe2\x80\x99t update the team; the the the rota rota.", "", "x"};
	evm_cmodel *m;
	if (evm_cmodel_parse("fuzz.txt", text, size, &m) != 0) {
		if (!*evm_error_message())
			abort(); /* every failure says why */
	} else {
		for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
			read_text(m, texts[i], strlen(texts[i]));
		read_text(m, text, size);
		evm_cmodel_free(m);
	}
	evm_polarity_model *pm;
	if (evm_polarity_model_parse("fuzz.txt", text, size, &pm) != 0) {
		if (!*evm_error_message())
			abort();
		return 0;
	}
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		double p = evm_polarity_model_score(pm, texts[i], strlen(texts[i]), NULL, 0, NULL);
		if (!(p >= 0 && p <= 1))
			abort();
	}
	double p = evm_polarity_model_score(pm, text, size, NULL, 0, NULL);
	if (!(p >= 0 && p <= 1))
		abort();
	evm_polarity_model_free(pm);
	return 0;
}
