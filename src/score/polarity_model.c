#include "polarity_model.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/lines.h"
#include "util/strmap.h"

/* A parsed model's storage; the built-in one is static tables instead. */
typedef struct {
	evm_pm_feature *feat;
	char *keys;
	uint32_t *slot;
} owned;

void evm_polarity_model_free(evm_polarity_model *m)
{
	if (!m)
		return;
	owned *o = m->owned;
	if (o) {
		free(o->feat);
		free(o->keys);
		free(o->slot);
		free(o);
	}
	free(m);
}

static int bad(const char *name, size_t line, const char *what)
{
	return evm_err(EVM_EPARSE, "%s:%zu: %s", name, line, what);
}

/* a feature as read: its text in the reader's arena */
typedef struct {
	const char *text;
	uint32_t len;
	double w;
} rfeat;

typedef struct {
	evm_arena names;
	evm_strmap seen; /* feature text -> 1, to refuse one listed twice */
	rfeat *f;
	size_t n, cap;
	double bias;
	int have_bias;
} reader;

static int read_lines(reader *r, const char *name, const char *text, size_t len)
{
	evm_lines it;
	evm_lines_init(&it, name, "evmatch-polarity-model", text, len);
	const char *s;
	size_t n;
	int more;
	while ((more = evm_lines_next(&it, &s, &n)) > 0) {
		size_t ln = it.line;
		double w;
		const char *rest;
		size_t rl;
		const char *why = evm_model_line(s, n, &w, &rest, &rl);
		if (why)
			return bad(name, ln, why);
		if (!rest) {
			if (r->have_bias)
				return bad(name, ln, "a second bias line");
			r->bias = w;
			r->have_bias = 1;
			continue;
		}
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 1024;
			rfeat *nf = realloc(r->f, cap * sizeof *nf);
			if (!nf)
				return evm_err(EVM_ENOMEM, "out of memory");
			r->f = nf;
			r->cap = cap;
		}
		char *key = evm_arena_strndup(&r->names, rest, rl);
		void *had;
		int put = key ? evm_strmap_put(&r->seen, key, rl, (void *)(uintptr_t)1, &had) : -1;
		if (put < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
		if (put == 0)
			return bad(name, ln, "feature listed twice");
		r->f[r->n++] = (rfeat){key, (uint32_t)rl, w};
	}
	if (more < 0)
		return more;
	if (!r->have_bias)
		return evm_err(EVM_EPARSE, "%s: no bias line", name);
	return EVM_OK;
}

static int assemble(const reader *r, evm_polarity_model *m, owned *o)
{
	size_t keylen = 0;
	for (size_t i = 0; i < r->n; i++)
		keylen += r->f[i].len + 1;
	m->cap = evm_pow2_at_least(2 * r->n + 2);
	o->feat = malloc((r->n + 1) * sizeof *o->feat);
	o->keys = malloc(keylen + 1);
	o->slot = calloc(m->cap, sizeof *o->slot);
	if (!o->feat || !o->keys || !o->slot)
		return evm_err(EVM_ENOMEM, "out of memory");
	size_t at = 0;
	for (size_t i = 0; i < r->n; i++) {
		o->feat[i] = (evm_pm_feature){(uint32_t)at, r->f[i].len, r->f[i].w};
		memcpy(o->keys + at, r->f[i].text, r->f[i].len);
		o->keys[at + r->f[i].len] = '\0';
		at += r->f[i].len + 1;
		size_t h = evm_hash(r->f[i].text, r->f[i].len) & (m->cap - 1);
		while (o->slot[h])
			h = (h + 1) & (m->cap - 1);
		o->slot[h] = (uint32_t)(i + 1);
	}
	m->bias = r->bias;
	m->nfeat = r->n;
	m->feat = o->feat;
	m->keys = o->keys;
	m->slot = o->slot;
	return EVM_OK;
}

int evm_polarity_model_parse(const char *name, const char *text, size_t len, evm_polarity_model **out)
{
	*out = NULL;
	reader r;
	memset(&r, 0, sizeof r);
	evm_arena_init(&r.names);
	evm_polarity_model *m = calloc(1, sizeof *m);
	owned *o = calloc(1, sizeof *o);
	int rc = m && o ? read_lines(&r, name, text, len) : evm_err(EVM_ENOMEM, "out of memory");
	if (m)
		m->owned = o;
	if (rc == EVM_OK)
		rc = assemble(&r, m, o);
	evm_strmap_free(&r.seen);
	evm_arena_free(&r.names);
	free(r.f);
	if (rc < 0) {
		if (m)
			evm_polarity_model_free(m);
		else
			free(o);
		return rc;
	}
	*out = m;
	return EVM_OK;
}

static int64_t find(const evm_polarity_model *m, const char *f, size_t n)
{
	if (!m->nfeat)
		return -1;
	size_t h = evm_hash(f, n) & (m->cap - 1);
	for (uint32_t s; (s = m->slot[h]) != 0; h = (h + 1) & (m->cap - 1)) {
		const evm_pm_feature *ft = &m->feat[s - 1];
		if (ft->klen == n && !memcmp(m->keys + ft->key, f, n))
			return s - 1;
	}
	return -1;
}

/* Adds up a text's features (features.h), each once. */
typedef struct {
	const evm_polarity_model *m;
	uint64_t *seen; /* a bit per feature of the model */
	double z;
	/* the heaviest features each way, heaviest first: [0] towards a
	 * shortfall, [1] towards a strength; the answer's side is shown */
	evm_model_term top[2][EVM_MODEL_TERMS];
	size_t ntop[2], cap_top;
} scorer;

static void take(void *ctx, const char *f, size_t n)
{
	scorer *sc = ctx;
	int64_t id = find(sc->m, f, n);
	if (id < 0)
		return;
	uint64_t bit = 1ull << (id & 63);
	if (sc->seen[id >> 6] & bit)
		return; /* counted once per text */
	sc->seen[id >> 6] |= bit;
	const evm_pm_feature *ft = &sc->m->feat[id];
	double w = ft->w;
	sc->z += w;
	if (w == 0 || !sc->cap_top)
		return;
	int side = w < 0;
	evm_model_term *t = sc->top[side];
	size_t *nt = &sc->ntop[side];
	if (*nt == sc->cap_top && fabs(t[*nt - 1].weight) >= fabs(w))
		return;
	size_t k = *nt < sc->cap_top ? (*nt)++ : *nt - 1;
	for (; k > 0 && fabs(t[k - 1].weight) < fabs(w); k--)
		t[k] = t[k - 1];
	t[k] = (evm_model_term){sc->m->keys + ft->key, w}; /* the model outlives the result */
}

static double walk_text(const evm_polarity_model *m, const char *text, size_t len, scorer *sc)
{
	sc->m = m;
	sc->z = m->bias;
	sc->seen = calloc(m->nfeat / 64 + 1, sizeof *sc->seen);
	if (!sc->seen)
		return m->bias; /* out of memory: no evidence either way */
	evm_features_walk(text, len, take, sc);
	free(sc->seen);
	return sc->z;
}

double evm_polarity_model_logit(const evm_polarity_model *m, const char *text, size_t len)
{
	scorer sc = {0};
	return walk_text(m, text, len, &sc);
}

static double logistic(double z) { return 1 / (1 + exp(-(z > 30 ? 30 : z < -30 ? -30 : z))); }

double evm_polarity_model_score(const evm_polarity_model *m, const char *text, size_t len, evm_model_term *terms,
				size_t cap, size_t *n)
{
	scorer sc = {0};
	sc.cap_top = terms && n ? (cap < EVM_MODEL_TERMS ? cap : EVM_MODEL_TERMS) : 0;
	double z = walk_text(m, text, len, &sc);
	int side = z > 0 ? 0 : 1;
	if (sc.cap_top) {
		memcpy(terms, sc.top[side], sc.ntop[side] * sizeof *terms);
		*n = sc.ntop[side];
	} else if (n) {
		*n = 0;
	}
	return logistic(z);
}
