/* The note-polarity model: a logistic regression over the words and word
 * pairs of an appraisal note (lexicon/polarity-model.txt, fitted by
 * corpus/tools/fit_polarity_model.py). The wording patterns of polarity.txt
 * find the cue that decides a sentence; this reads the note as a whole, and
 * matching lets it overrule the patterns when it is confident. */
#ifndef EVM_SCORE_POLARITY_MODEL_H
#define EVM_SCORE_POLARITY_MODEL_H

#include <stddef.h>

#include "evmatch.h"

/* Parses the built-in model once per process; safe from many threads. */
int evm_polarity_model_init(void);

/* Parses a model file (for checking one, and for the tests). */
typedef struct evm_polarity_model evm_polarity_model;
int evm_polarity_model_parse(const char *name, const char *text, size_t len, evm_polarity_model **out);
void evm_polarity_model_free(evm_polarity_model *m);
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
