/* Tokeniser: UTF-8 text -> words and sentences, each with byte offsets into
 * the original text so that every score can point back at what produced it.
 *
 * Words are NFKC-normalised and case-folded (utf8proc), with an ASCII fast
 * path. Apostrophes and hyphens inside words are kept ("don't", "team's",
 * "co-ordinate"); slashes split ("and/or"); numbers keep their currency sign,
 * decimals, thousands and unit ("£3.5m", "20%"); e-mail addresses and URLs
 * are single tokens. Invalid UTF-8 is counted and treated as a separator,
 * never fatal; NUL bytes are separators too. */
#ifndef EVM_TOKENISE_H
#define EVM_TOKENISE_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum {
	EVM_TOK_WORD = 1,
	EVM_TOK_NUMBER = 2,
	EVM_TOK_EMAIL = 4,
	EVM_TOK_URL = 8,
	EVM_TOK_FIRST_PERSON = 16, /* I, me, my, mine, myself */
	EVM_TOK_COLLECTIVE = 32,   /* we, us, our, ours, ourselves */
	EVM_TOK_LINE_FIRST = 64    /* the first token on its line (list marks and other
				      punctuation may come before it) */
};

typedef struct {
	uint32_t start, end; /* byte offsets of the surface form in the input */
	uint32_t sentence;
	uint32_t flags;
	const char *norm; /* normalised, case-folded form (NUL-terminated) */
	uint32_t norm_len;
} evm_token;

enum {
	EVM_SENT_LIST_ITEM = 1 /* opens at a list mark at the start of a line ("- ", "2. ", "a) ") */
};

typedef struct {
	uint32_t start, end; /* byte offsets, trimmed of white space and list marks */
	uint32_t first, count; /* tokens */
	uint32_t flags;      /* EVM_SENT_* */
} evm_sentence;

typedef struct {
	evm_token *tok;
	size_t ntok, cap_tok;
	evm_sentence *sent;
	size_t nsent, cap_sent;
	size_t invalid_utf8; /* bytes that were not valid UTF-8 */
	size_t nul_bytes;
	evm_arena arena; /* normalised forms */
} evm_tokens;

void evm_tokens_init(evm_tokens *t);
/* Reuses storage between calls; resets what a previous call left. */
void evm_tokens_reset(evm_tokens *t);
void evm_tokens_free(evm_tokens *t);

/* Tokenises text[0..len). Only allocation failure is an error. */
int evm_tokenise(evm_tokens *t, const char *text, size_t len);

#endif
