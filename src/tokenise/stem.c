#include "stem.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "spelling.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/strmap.h"

/* The cache is bounded: when it holds this many forms it starts afresh, so a
 * long batch run cannot grow it without limit. */
#define STEM_CACHE_MAX 65536

typedef struct {
	const char *stem;
	size_t len;
} cached;

struct evm_stemmer {
	struct sb_stemmer *sb;
	evm_strmap map; /* surface -> cached* */
	evm_arena arena;
	size_t lookups, misses;
};

int evm_stemmer_new(evm_stemmer **out)
{
	evm_stemmer *st = calloc(1, sizeof *st);
	if (!st)
		return evm_err(EVM_ENOMEM, "out of memory");
	st->sb = sb_stemmer_new("english", NULL);
	if (!st->sb) {
		free(st);
		return evm_err(EVM_ENOMEM, "cannot create the Snowball English stemmer");
	}
	evm_arena_init(&st->arena);
	*out = st;
	return EVM_OK;
}

void evm_stemmer_free(evm_stemmer *st)
{
	if (!st)
		return;
	sb_stemmer_delete(st->sb);
	evm_strmap_free(&st->map);
	evm_arena_free(&st->arena);
	free(st);
}

const char *evm_stem(evm_stemmer *st, const char *word, size_t len, size_t *stem_len)
{
	st->lookups++;
	cached *c = evm_strmap_get(&st->map, word, len);
	if (c) {
		*stem_len = c->len;
		return c->stem;
	}
	st->misses++;
	if (st->map.len >= STEM_CACHE_MAX) {
		evm_strmap_free(&st->map);
		evm_arena_free(&st->arena);
	}
	char uk[64];
	size_t ukl = evm_spelling_uk(word, len, uk, sizeof uk);
	const sb_symbol *s = ukl ? sb_stemmer_stem(st->sb, (const sb_symbol *)uk, (int)ukl)
				 : sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
	size_t sl = s ? (size_t)sb_stemmer_length(st->sb) : len;
	char *key = evm_arena_strndup(&st->arena, word, len);
	char *stem = evm_arena_strndup(&st->arena, s ? (const char *)s : word, sl);
	c = evm_arena_alloc(&st->arena, sizeof *c);
	if (!key || !stem || !c) {
		*stem_len = len;
		return word; /* out of memory: the surface form is the best answer left */
	}
	c->stem = stem;
	c->len = sl;
	if (evm_strmap_put(&st->map, key, len, c, NULL) < 0) {
		*stem_len = sl;
		return stem;
	}
	*stem_len = sl;
	return stem;
}

void evm_stemmer_stats(const evm_stemmer *st, size_t *lookups, size_t *misses)
{
	*lookups = st->lookups;
	*misses = st->misses;
}
