/* The features the two text models read (lexicon/polarity-model.txt and
 * lexicon/competency-model.txt), as their fitting scripts in corpus/tools
 * read them: lower-cased runs of [a-z0-9'] with a curly apostrophe (U+2019)
 * as a straight one, every word and every pair of neighbouring words. The
 * C and the Python must stay in step, or the models read other texts than
 * they were fitted on. */
#ifndef EVM_SCORE_FEATURES_H
#define EVM_SCORE_FEATURES_H

#include <stddef.h>

/* The longest word a feature can hold; longer words, and their pairs, match
 * no feature. */
#define EVM_FEATURE_WORD_MAX 64

/* Calls take(ctx, feature, length) for each word and each pair ("a b") of
 * text[0..len), in order, repeats included. */
void evm_features_walk(const char *text, size_t len, void (*take)(void *ctx, const char *f, size_t n), void *ctx);

/* A feature as a model file may list it: one word of [a-z0-9'], or two
 * with one space between. */
int evm_feature_ok(const char *s, size_t n);

/* A model file's weight: "[-]DIGITS[.DIGITS]" as the scripts write them,
 * fast; anything else through strtod. *end as strtod sets it. */
double evm_parse_weight(const char *s, char **end);

/* One line of a model file's body: "bias V" (*feature set to NULL) or
 * "WEIGHT FEATURE", V and WEIGHT finite and at most 100 either way. NULL
 * with *v, *feature and *flen set, or what is wrong with the line. */
const char *evm_model_line(const char *s, size_t n, double *v, const char **feature, size_t *flen);

/* The size of a model's slot table: a power of two, at least 16 and n. */
size_t evm_pow2_at_least(size_t n);

#endif
