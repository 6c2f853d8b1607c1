#include "analyse.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

void evm_terms_init(evm_terms *t)
{
	memset(t, 0, sizeof *t);
	evm_arena_init(&t->arena);
}

void evm_terms_reset(evm_terms *t)
{
	t->n = 0;
	evm_arena_reset(&t->arena);
}

void evm_terms_free(evm_terms *t)
{
	free(t->v);
	evm_arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}

int evm_stopwords_parse(evm_strmap *set, evm_arena *arena, const char *text, size_t len)
{
	size_t p = 0;
	while (p < len) {
		if (text[p] == '#') {
			while (p < len && text[p] != '\n')
				p++;
			continue;
		}
		if (text[p] == ' ' || text[p] == '\n' || text[p] == '\t' || text[p] == '\r') {
			p++;
			continue;
		}
		size_t s = p;
		while (p < len && text[p] != ' ' && text[p] != '\n' && text[p] != '\t' && text[p] != '\r')
			p++;
		char *w = evm_arena_strndup(arena, text + s, p - s);
		if (!w || evm_strmap_put(set, w, p - s, w, NULL) < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
	}
	return EVM_OK;
}

static int push(evm_terms *out, uint32_t tok, uint32_t sentence, const char *stem, size_t len)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 256;
		evm_term *p = realloc(out->v, cap * sizeof *p);
		if (!p)
			return evm_err(EVM_ENOMEM, "out of memory");
		out->v = p;
		out->cap = cap;
	}
	char *s = evm_arena_strndup(&out->arena, stem, len);
	if (!s)
		return evm_err(EVM_ENOMEM, "out of memory");
	out->v[out->n++] = (evm_term){tok, sentence, s, (uint32_t)len};
	return EVM_OK;
}

/* One word (or one part of a compound): stopword test on the surface form,
 * then the stem. Words of one letter say nothing. */
static int add_word(evm_terms *out, evm_stemmer *st, const evm_strmap *stop, uint32_t tok, uint32_t sent,
		    const char *w, size_t len)
{
	if (len < 2 || evm_strmap_get(stop, w, len))
		return EVM_OK;
	size_t sl;
	const char *stem = evm_stem(st, w, len, &sl);
	return push(out, tok, sent, stem, sl);
}

int evm_analyse(const evm_tokens *tk, evm_stemmer *st, const evm_strmap *stopwords, evm_terms *out)
{
	for (size_t i = 0; i < tk->ntok; i++) {
		const evm_token *t = &tk->tok[i];
		if (!(t->flags & EVM_TOK_WORD))
			continue;
		const char *w = t->norm;
		size_t n = t->norm_len;
		const char *h = memchr(w, '-', n);
		int rc;
		if (!h) {
			rc = add_word(out, st, stopwords, (uint32_t)i, t->sentence, w, n);
		} else {
			rc = EVM_OK;
			size_t s = 0;
			for (size_t k = 0; k <= n && rc == EVM_OK; k++)
				if (k == n || w[k] == '-') {
					rc = add_word(out, st, stopwords, (uint32_t)i, t->sentence, w + s, k - s);
					s = k + 1;
				}
		}
		if (rc < 0)
			return rc;
	}
	return EVM_OK;
}
