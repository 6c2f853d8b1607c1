/* The note-polarity model: a logistic regression over the words and word
 * pairs of an appraisal note (lexicon/polarity-model.txt, fitted by
 * corpus/tools/fit_polarity_model.py). The wording patterns of polarity.txt
 * find the cue that decides a sentence; this reads the note as a whole, and
 * matching lets it overrule the patterns when it is confident. The build
 * compiles the built-in model into tables (src/build/model_gen.c): parsing
 * its seventeen thousand lines cost a third of a one-statement run. */
#ifndef EVM_SCORE_POLARITY_MODEL_H
#define EVM_SCORE_POLARITY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "evmatch.h"

typedef struct {
	uint32_t key; /* offset of its text in keys */
	uint32_t klen;
	double w;
} evm_pm_feature;

/* Plain tables, so that the generated source can define the built-in one;
 * a parsed model owns its tables through owned. */
typedef struct evm_polarity_model {
	double bias;
	size_t nfeat;
	const evm_pm_feature *feat;
	const char *keys;     /* the features' text, each NUL-terminated */
	size_t cap;           /* power of two */
	const uint32_t *slot; /* [cap] feature index + 1 by XXH3 of its text, linear probing; 0 empty */
	void *owned;
} evm_polarity_model;

/* Parses a model file: "evmatch-polarity-model 1", a "bias V" line and
 * "WEIGHT FEATURE" lines (for users' and the build's files, and the tests). */
int evm_polarity_model_parse(const char *name, const char *text, size_t len, evm_polarity_model **out);
void evm_polarity_model_free(evm_polarity_model *m);
/* The model compiled into the library. */
const evm_polarity_model *evm_polarity_model_builtin(void);

/* P(text reads as a shortfall), and the features that weighed most in the
 * direction of the answer (at most cap, heaviest first; *n set). The terms
 * point into the model. A text without a known feature gets the bias. */
double evm_polarity_model_score(const evm_polarity_model *m, const char *text, size_t len,
				evm_model_term *terms, size_t cap, size_t *n);
/* The sum the probability is the logistic of: the bias and the weight of
 * every feature of the text, each once. */
double evm_polarity_model_logit(const evm_polarity_model *m, const char *text, size_t len);

#endif
