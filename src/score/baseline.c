#include "baseline.h"

#include <stdlib.h>
#include <string.h>

#include "index/index.h"
#include "lexicon/model.h"
#include "tokenise/analyse.h"
#include "util/error.h"

int evm_baseline_scores(const evm_index *ix, const char *fw_id, const char *text, size_t len, double *scores,
			size_t ncomp)
{
	const evm_lexicon *lx = ix->lexicon;
	uint32_t f = 0;
	while (f < ix->nframeworks && strcmp(evm_framework_id(evm_lexicon_framework(lx, f)), fw_id) != 0)
		f++;
	if (f == ix->nframeworks)
		return evm_err(EVM_ENOTFOUND, "unknown framework '%s'", fw_id);
	const evm_ix_framework *x = &ix->fw[f];
	evm_stemmer *st;
	int rc = evm_stemmer_new(&st);
	if (rc < 0)
		return rc;
	evm_tokens tk;
	evm_terms tm;
	evm_tokens_init(&tk);
	evm_terms_init(&tm);
	double *acc = calloc(x->ndocs + 1, sizeof *acc);
	rc = acc ? evm_tokenise(&tk, text, len) : evm_err(EVM_ENOMEM, "out of memory");
	if (rc == EVM_OK)
		rc = evm_analyse(&tk, st, &ix->stopwords, &tm);
	for (size_t i = 0; rc == EVM_OK && i < tm.n; i++) {
		uint32_t t = evm_ix_term(ix, tm.v[i].stem, tm.v[i].stem_len);
		if (t == EVM_NO_TERM)
			continue;
		for (uint32_t p = x->post_start[t]; p < x->post_start[t + 1]; p++)
			acc[x->post[p].doc] += x->post[p].w;
	}
	for (size_t c = 0; c < ncomp; c++)
		scores[c] = 0;
	for (uint32_t d = 0; rc == EVM_OK && d < x->ndocs; d++) {
		const evm_ix_doc *doc = &x->docs[d];
		if (doc->comp < ncomp && acc[d] > scores[doc->comp])
			scores[doc->comp] = acc[d];
	}
	free(acc);
	evm_tokens_free(&tk);
	evm_terms_free(&tm);
	evm_stemmer_free(st);
	return rc;
}
