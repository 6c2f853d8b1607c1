#include "words.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL /* words are short: the call would cost more than the hash */
#include <xxhash.h>

#include "polarity.h"
#include "util/arena.h"

/* A bound on memory in a long batch run: when a text could take the memo
 * past this many words, it starts afresh. */
#define WORDS_MAX (1u << 16)
#define BIGRAMS_MAX (1u << 16)

typedef struct {
	uint64_t hash;
	const char *key;
	uint32_t klen;
	evm_word w;
} entry;

typedef struct {
	uint64_t key; /* (a << 32 | b) + 1, 0 = empty */
	uint32_t term;
} bigram;

struct evm_words {
	const evm_index *ix;
	uint64_t serial;
	const evm_polarity_set *pol;
	uint32_t *slots; /* entry index + 1, 0 = empty */
	size_t cap;      /* slots, a power of two, at least twice n */
	entry *e;
	size_t n;
	bigram *bg; /* open addressing, bgcap slots (a power of two, at least twice nbg) */
	size_t nbg, bgcap;
	evm_word spill; /* a word met when the memo is full */
	evm_arena arena; /* keys and stems */
};

int evm_words_new(evm_words **out)
{
	evm_words *m = calloc(1, sizeof *m);
	if (!m)
		return -1;
	evm_arena_init(&m->arena);
	*out = m;
	return 0;
}

void evm_words_free(evm_words *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m->e);
	free(m->bg);
	evm_arena_free(&m->arena);
	free(m);
}

static void clear(evm_words *m)
{
	if (m->slots)
		memset(m->slots, 0, m->cap * sizeof *m->slots);
	if (m->bg && m->nbg)
		memset(m->bg, 0, m->bgcap * sizeof *m->bg);
	m->n = m->nbg = 0;
	evm_arena_reset(&m->arena);
}

void evm_words_begin(evm_words *m, const evm_index *ix, size_t nwords)
{
	if (m->serial != ix->serial || m->n + nwords > WORDS_MAX || m->nbg + nwords > BIGRAMS_MAX)
		clear(m);
	m->ix = ix;
	m->serial = ix->serial;
	m->pol = evm_polarity_builtin();
}

static int grow(evm_words *m)
{
	size_t cap = m->cap ? m->cap * 2 : 4096;
	uint32_t *slots = calloc(cap, sizeof *slots);
	entry *e = realloc(m->e, cap / 2 * sizeof *e);
	if (!slots || !e) {
		free(slots);
		if (e)
			m->e = e;
		return -1;
	}
	m->e = e;
	for (size_t i = 0; i < m->n; i++) {
		size_t j = (size_t)e[i].hash & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = (uint32_t)i + 1;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

/* The analysis of one word without a hyphen, as evm_analyse does it. */
static int work_out(evm_words *m, evm_stemmer *st, const char *w, size_t len, evm_word *out)
{
	static const char *const headings[] = {"situation", "task", "action", "actions", "result", "results",
					       "outcome", "outcomes", "context", "background", "impact", NULL};
	*out = (evm_word){NULL, 0, EVM_NO_TERM, 0, NULL, 0, 0};
	for (const char *const *h = headings; *h && !out->heading; h++)
		out->heading = strlen(*h) == len && memcmp(*h, w, len) == 0;
	if (m->pol) {
		/* on a miss only: the bit set is kept when the word is a trigger */
		uint64_t *mask = evm_arena_alloc(&m->arena, evm_polarity_set_mask_words(m->pol) * sizeof *mask);
		if (!mask)
			return -1;
		out->trig = (uint8_t)evm_polarity_set_trigger_mask(m->pol, w, len, mask);
		out->patterns = out->trig ? mask : NULL;
	}
	if (memchr(w, '-', len)) {
		out->compound = 1;
		return 0;
	}
	if (len < 2 || evm_strmap_get(&m->ix->stopwords, w, len))
		return 0;
	size_t sl;
	const char *stem = evm_stem(st, w, len, &sl);
	/* the stemmer's cache is bounded and may start afresh: keep a copy */
	char *own = evm_arena_strndup(&m->arena, stem, sl);
	if (!own)
		return -1;
	out->stem = own;
	out->stem_len = (uint32_t)sl;
	out->term = evm_ix_term(m->ix, own, sl);
	return 0;
}

const evm_word *evm_words_get(evm_words *m, evm_stemmer *st, const char *w, size_t len)
{
	uint64_t h = XXH3_64bits(w, len);
	if (m->cap) {
		size_t j = (size_t)h & (m->cap - 1);
		for (uint32_t v; (v = m->slots[j]) != 0; j = (j + 1) & (m->cap - 1)) {
			const entry *e = &m->e[v - 1];
			if (e->hash == h && e->klen == len && memcmp(e->key, w, len) == 0)
				return &e->w;
		}
	}
	if (m->n >= WORDS_MAX || (2 * (m->n + 1) > m->cap && grow(m) < 0)) {
		/* full (or no memory to grow): answered, not kept */
		if (work_out(m, st, w, len, &m->spill) < 0)
			return NULL;
		return &m->spill;
	}
	entry *e = &m->e[m->n];
	char *key = evm_arena_strndup(&m->arena, w, len);
	if (!key || work_out(m, st, w, len, &e->w) < 0)
		return NULL;
	e->hash = h;
	e->key = key;
	e->klen = (uint32_t)len;
	size_t j = (size_t)h & (m->cap - 1);
	while (m->slots[j])
		j = (j + 1) & (m->cap - 1);
	m->slots[j] = (uint32_t)++m->n;
	return &e->w;
}

static int grow_bigrams(evm_words *m)
{
	size_t cap = m->bgcap ? m->bgcap * 2 : 1024;
	bigram *bg = calloc(cap, sizeof *bg);
	if (!bg)
		return -1;
	for (size_t i = 0; i < m->bgcap; i++)
		if (m->bg[i].key) {
			size_t j = (size_t)XXH3_64bits(&m->bg[i].key, sizeof m->bg[i].key) & (cap - 1);
			while (bg[j].key)
				j = (j + 1) & (cap - 1);
			bg[j] = m->bg[i];
		}
	free(m->bg);
	m->bg = bg;
	m->bgcap = cap;
	return 0;
}

uint32_t evm_words_bigram(evm_words *m, const evm_word *a, const evm_word *b)
{
	char buf[256];
	if (a->term == EVM_NO_TERM || b->term == EVM_NO_TERM || a->stem_len + b->stem_len + 2 >= sizeof buf)
		return EVM_NO_TERM;
	uint64_t key = ((uint64_t)a->term << 32 | b->term) + 1;
	size_t j = 0;
	if (m->bgcap) {
		j = (size_t)XXH3_64bits(&key, sizeof key) & (m->bgcap - 1);
		for (; m->bg[j].key; j = (j + 1) & (m->bgcap - 1))
			if (m->bg[j].key == key)
				return m->bg[j].term;
	}
	memcpy(buf, a->stem, a->stem_len);
	buf[a->stem_len] = ' ';
	memcpy(buf + a->stem_len + 1, b->stem, b->stem_len);
	uint32_t t = evm_ix_term(m->ix, buf, a->stem_len + 1 + b->stem_len);
	if (m->nbg < BIGRAMS_MAX && (2 * (m->nbg + 1) <= m->bgcap || grow_bigrams(m) == 0)) {
		j = (size_t)XXH3_64bits(&key, sizeof key) & (m->bgcap - 1);
		while (m->bg[j].key)
			j = (j + 1) & (m->bgcap - 1);
		m->bg[j] = (bigram){key, t};
		m->nbg++;
	}
	return t; /* kept when there is room, else only answered */
}
