/* The competency model: for each framework, a multinomial logistic
 * regression over a text's words and word pairs (features.h) that reads
 * which of its competencies the text is evidence for. Fitted on labelled
 * texts by corpus/tools/fit_competency_model.py into
 * lexicon/competency-model.txt; the build turns that file into tables
 * compiled into the library (src/build/model_gen.c), so the built-in
 * model costs nothing to load. Matching multiplies a competency's score by
 * (n * P(competency | text))^model_pow, n the framework's competencies: the
 * model re-ranks evidence the matcher found and adds none of its own. */
#ifndef EVM_SCORE_COMPETENCY_MODEL_H
#define EVM_SCORE_COMPETENCY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "evmatch.h"

typedef struct {
	const char *fw;   /* framework id */
	const char *comp; /* competency name, as the lexicon spells it */
	double bias;
} evm_cm_class;

typedef struct {
	uint32_t key;   /* offset of its text in keys */
	uint32_t first; /* its first weight */
	uint16_t klen, n;
} evm_cm_feature;

typedef struct {
	uint16_t cls;
	float w;
} evm_cm_weight;

/* Plain tables, so that the generated source can define the built-in one;
 * a parsed model owns its tables through owned. */
typedef struct evm_cmodel {
	size_t nclass, nfeat, nweight;
	const evm_cm_class *cls;
	const evm_cm_feature *feat;
	const evm_cm_weight *w; /* each feature's weights, by class */
	const char *keys;       /* the features' text, each NUL-terminated */
	size_t cap;             /* power of two */
	const uint32_t *slot;   /* [cap] feature index + 1 by XXH3 of its text, linear probing; 0 empty */
	void *owned;
} evm_cmodel;

/* Parses a model file: "evmatch-competency-model 1", then per class a
 * "[framework/competency]" line, a "bias V" line and "WEIGHT FEATURE" lines. */
int evm_cmodel_parse(const char *name, const char *text, size_t len, evm_cmodel **out);
void evm_cmodel_free(evm_cmodel *m);
/* The model compiled into the library. */
const evm_cmodel *evm_cmodel_builtin(void);

/* Index of the class for this framework and competency, or -1. */
int evm_cmodel_class(const evm_cmodel *m, const char *fw, const char *comp);
/* How many classes the model has for this framework. */
size_t evm_cmodel_framework_classes(const evm_cmodel *m, const char *fw);
/* The feature's index, or -1. */
int64_t evm_cmodel_feature(const evm_cmodel *m, const char *f, size_t n);

/* Reads a text: z[c] = bias + the weights of the text's features, each
 * feature once, for every class; *feats (malloc'd, the caller frees) the
 * features of the model the text holds, for explanations. */
int evm_cmodel_read(const evm_cmodel *m, const char *text, size_t len, double *z, uint32_t **feats, size_t *nfeats);
/* For every class c with slot[c] >= 0 (slot has nclass entries), the
 * features that weighed most for it, as evm_cmodel_terms: into
 * out[slot[c] * cap ...], their number in n[slot[c]] (zeroed by the caller). */
void evm_cmodel_explain(const evm_cmodel *m, const int32_t *slot, const uint32_t *feats, size_t nfeats,
			evm_model_term *out, size_t cap, size_t *n);
/* Of those features, the ones that weighed most for class cls (positive
 * weights only, heaviest first, at most cap); returns how many. The terms
 * point into the model, which outlives results. */
size_t evm_cmodel_terms(const evm_cmodel *m, uint32_t cls, const uint32_t *feats, size_t nfeats, evm_model_term *out,
			size_t cap);

#endif
