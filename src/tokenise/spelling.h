/* British spellings for American ones, before stemming (see spelling.c). */
#ifndef EVM_TOKENISE_SPELLING_H
#define EVM_TOKENISE_SPELLING_H

#include <stddef.h>

/* The British spelling of the lower-case word w[0..n) into out (at most cap
 * bytes, not NUL-terminated) and its length; 0 when the word is already
 * British, not a word the rules know, or would not fit. */
size_t evm_spelling_uk(const char *w, size_t n, char *out, size_t cap);

#endif
