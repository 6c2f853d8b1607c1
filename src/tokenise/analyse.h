/* Tokens -> content terms: stopwords dropped, hyphenated compounds split
 * into their parts, each part stemmed. Terms keep the token they came from,
 * so a score can name the words that produced it. */
#ifndef EVM_TOKENISE_ANALYSE_H
#define EVM_TOKENISE_ANALYSE_H

#include "stem.h"
#include "tokenise.h"
#include "util/strmap.h"

typedef struct {
	uint32_t tok;      /* index into the token array */
	uint32_t sentence;
	const char *stem;  /* arena copy, NUL-terminated */
	uint32_t stem_len;
} evm_term;

typedef struct {
	evm_term *v;
	size_t n, cap;
	evm_arena arena;
} evm_terms;

void evm_terms_init(evm_terms *t);
void evm_terms_reset(evm_terms *t);
void evm_terms_free(evm_terms *t);

/* Stopword set from the text of a stopword file (words separated by white
 * space, '#' comments). Keys point into an arena owned by the caller. */
int evm_stopwords_parse(evm_strmap *set, evm_arena *arena, const char *text, size_t len);

int evm_analyse(const evm_tokens *tk, evm_stemmer *st, const evm_strmap *stopwords, evm_terms *out);

#endif
