#include "polarity_model.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/builtin.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/strmap.h"
#include "util/lines.h"
#include "features.h"

struct evm_polarity_model {
	double bias;
	evm_strmap map; /* feature -> 1 + its index into w and key */
	double *w;
	const char **key;
	size_t n, cap;
	evm_arena arena; /* the features' text */
};

void evm_polarity_model_free(evm_polarity_model *m)
{
	if (!m)
		return;
	evm_strmap_free(&m->map);
	evm_arena_free(&m->arena);
	free(m->w);
	free(m->key);
	free(m);
}

static int bad(const char *name, size_t line, const char *what)
{
	return evm_err(EVM_EPARSE, "%s:%zu: %s", name, line, what);
}

int evm_polarity_model_parse(const char *name, const char *text, size_t len, evm_polarity_model **out)
{
	*out = NULL;
	evm_polarity_model *m = calloc(1, sizeof *m);
	if (!m)
		return evm_err(EVM_ENOMEM, "out of memory");
	evm_arena_init(&m->arena);
	int rc = EVM_OK, have_bias = 0, more = 0;
	evm_lines it;
	evm_lines_init(&it, name, "evmatch-polarity-model", text, len);
	const char *s;
	size_t n;
	while (rc == EVM_OK && (more = evm_lines_next(&it, &s, &n)) > 0) {
		size_t ln = it.line;
		/* "bias V" once, then "WEIGHT FEATURE" lines */
		double w;
		const char *rest;
		size_t rl;
		const char *why = evm_model_line(s, n, &w, &rest, &rl);
		if (why) {
			rc = bad(name, ln, why);
			break;
		}
		if (!rest) {
			if (have_bias) {
				rc = bad(name, ln, "a second bias line");
				break;
			}
			m->bias = w;
			have_bias = 1;
			continue;
		}
		if (m->n == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 1024;
			double *nw = realloc(m->w, cap * sizeof *nw);
			if (nw)
				m->w = nw;
			const char **nk = realloc(m->key, cap * sizeof *nk);
			if (nk)
				m->key = nk;
			if (!nw || !nk) {
				rc = evm_err(EVM_ENOMEM, "out of memory");
				break;
			}
			m->cap = cap;
		}
		char *key = evm_arena_strndup(&m->arena, rest, rl);
		void *had;
		int put = key ? evm_strmap_put(&m->map, key, rl, (void *)(uintptr_t)(m->n + 1), &had) : -1;
		if (put < 0) {
			rc = evm_err(EVM_ENOMEM, "out of memory");
			break;
		}
		if (put == 0) {
			rc = bad(name, ln, "feature listed twice");
			break;
		}
		m->key[m->n] = key;
		m->w[m->n++] = w;
	}
	if (rc == EVM_OK && more < 0)
		rc = more;
	if (rc == EVM_OK && !have_bias)
		rc = evm_err(EVM_EPARSE, "%s: no bias line", name);
	if (rc < 0) {
		evm_polarity_model_free(m);
		return rc;
	}
	*out = m;
	return EVM_OK;
}

static evm_polarity_model *builtin_model;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc;
static char init_msg[512];

static void init_once(void)
{
	const evm_builtin_file *f = evm_builtin_find("polarity-model.txt");
	init_rc = f ? evm_polarity_model_parse("<builtin>/polarity-model.txt", f->data, f->len, &builtin_model)
		    : evm_err(EVM_ENOTFOUND, "built-in polarity model missing");
	if (init_rc < 0)
		snprintf(init_msg, sizeof init_msg, "%s", evm_error_message());
}

int evm_polarity_model_init(void)
{
	pthread_once(&once, init_once);
	if (init_rc < 0)
		return evm_err(init_rc, "%s", init_msg);
	return EVM_OK;
}

const evm_polarity_model *evm_polarity_model_builtin(void)
{
	return evm_polarity_model_init() < 0 ? NULL : builtin_model;
}

/* Adds up a text's features (features.h), each once. */
typedef struct {
	const evm_polarity_model *m;
	uint32_t *seen; /* open addressing over feature ids (1-based), 0 empty */
	size_t cap;
	double z;
	/* the heaviest features each way, heaviest first: [0] towards a
	 * shortfall, [1] towards a strength; the answer's side is shown */
	evm_model_term top[2][EVM_MODEL_TERMS];
	size_t ntop[2], cap_top;
} scorer;

static void take(void *ctx, const char *f, size_t n)
{
	scorer *sc = ctx;
	void *v = evm_strmap_get(&sc->m->map, f, n);
	if (!v)
		return;
	uint32_t id = (uint32_t)(uintptr_t)v;
	size_t h = (id * 2654435761u) & (sc->cap - 1);
	while (sc->seen[h] && sc->seen[h] != id)
		h = (h + 1) & (sc->cap - 1);
	if (sc->seen[h])
		return; /* counted once per text */
	sc->seen[h] = id;
	double w = sc->m->w[id - 1];
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
	t[k] = (evm_model_term){sc->m->key[id - 1], w}; /* the model outlives the result */
}

static size_t pow2_at_least(size_t n)
{
	size_t c = 16;
	while (c < n)
		c *= 2;
	return c;
}

static double walk_text(const evm_polarity_model *m, const char *text, size_t len, scorer *sc)
{
	/* a text of len bytes has at most len + 2 features: room for all, the
	 * table at most half full */
	sc->m = m;
	sc->cap = pow2_at_least(2 * len + 16);
	sc->z = m->bias;
	sc->seen = calloc(sc->cap, sizeof *sc->seen);
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
