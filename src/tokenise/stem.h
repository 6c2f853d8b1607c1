/* Snowball English stemming behind a cache keyed by xxhash, so each distinct
 * surface form is stemmed once. A stemmer is not thread-safe: each thread (or
 * each matcher context) owns one. */
#ifndef EVM_TOKENISE_STEM_H
#define EVM_TOKENISE_STEM_H

#include <stddef.h>

typedef struct evm_stemmer evm_stemmer;

int evm_stemmer_new(evm_stemmer **out);
void evm_stemmer_free(evm_stemmer *st);
/* Stem of word[0..len) (already case-folded), of its British spelling where
 * it is an American one (spelling.h): "prioritized" stems as "prioritised".
 * The pointer is valid until the next call: the cache may be cleared when
 * full. Copy what you keep. */
const char *evm_stem(evm_stemmer *st, const char *word, size_t len, size_t *stem_len);
/* Statistics for the benchmark: lookups and actual stemmer calls. */
void evm_stemmer_stats(const evm_stemmer *st, size_t *lookups, size_t *misses);

#endif
