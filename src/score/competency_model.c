#include "competency_model.h"

#include <math.h>
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
	evm_cm_class *cls;
	evm_cm_feature *feat;
	evm_cm_weight *w;
	char *keys;
	uint32_t *slot;
	evm_arena arena; /* class names */
} owned;

void evm_cmodel_free(evm_cmodel *m)
{
	if (!m)
		return;
	owned *o = m->owned;
	if (o) {
		free(o->cls);
		free(o->feat);
		free(o->w);
		free(o->keys);
		free(o->slot);
		evm_arena_free(&o->arena);
		free(o);
	}
	free(m);
}

static int bad(const char *name, size_t line, const char *what)
{
	return evm_err(EVM_EPARSE, "%s:%zu: %s", name, line, what);
}

/* one "WEIGHT FEATURE" line as read, before grouping by feature */
typedef struct {
	uint32_t feat, cls;
	float w;
} triple;

/* a feature as read */
typedef struct {
	const char *text; /* in the reader's names */
	uint32_t len;
	uint32_t last_cls; /* the last class that listed it, + 1 */
} rfeat;

typedef struct {
	evm_arena names;
	evm_strmap fmap; /* feature text (in names) -> 1 + feature index */
	rfeat *f;
	size_t nf, capf;
	triple *t;
	size_t nt, capt;
	evm_cm_class *cls;
	size_t nc, capc;
} reader;

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 256;
	void *np = realloc(*p, c * size);
	if (!np)
		return -1;
	*p = np;
	*cap = c;
	return 0;
}

static int add_weight(reader *r, const char *f, size_t n, float w, const char *name, size_t ln)
{
	void *v = evm_strmap_get(&r->fmap, f, n);
	uint32_t id;
	if (v) {
		id = (uint32_t)(uintptr_t)v - 1;
	} else {
		if (grow((void **)&r->f, &r->capf, r->nf, sizeof *r->f) < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
		char *key = evm_arena_strndup(&r->names, f, n);
		void *had;
		if (!key || evm_strmap_put(&r->fmap, key, n, (void *)(uintptr_t)(r->nf + 1), &had) < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
		id = (uint32_t)r->nf++;
		r->f[id] = (rfeat){key, (uint32_t)n, 0};
	}
	if (r->f[id].last_cls == r->nc)
		return bad(name, ln, "feature listed twice for one class");
	r->f[id].last_cls = (uint32_t)r->nc;
	if (grow((void **)&r->t, &r->capt, r->nt, sizeof *r->t) < 0)
		return evm_err(EVM_ENOMEM, "out of memory");
	r->t[r->nt++] = (triple){id, (uint32_t)(r->nc - 1), w};
	return EVM_OK;
}

/* a framework id as the lexicon allows one (lexicon/parse.c): lower-case
 * letters, digits, '-' and '_', no '.' */
static int fw_id_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return 0;
	return n > 0;
}

static int add_class(reader *r, const char *s, size_t n, const char *name, size_t ln)
{
	const char *slash = memchr(s, '/', n);
	if (n < 2 || s[n - 1] != ']' || !slash || !fw_id_ok(s + 1, (size_t)(slash - s - 1)) || slash + 1 >= s + n - 1)
		return bad(name, ln, "expected '[framework/competency]'");
	if (r->nc == 65535)
		return bad(name, ln, "more than 65535 classes");
	if (grow((void **)&r->cls, &r->capc, r->nc, sizeof *r->cls) < 0)
		return evm_err(EVM_ENOMEM, "out of memory");
	char *fw = evm_arena_strndup(&r->names, s + 1, (size_t)(slash - s - 1));
	char *comp = evm_arena_strndup(&r->names, slash + 1, (size_t)(s + n - 1 - slash - 1));
	if (!fw || !comp)
		return evm_err(EVM_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->nc; i++)
		if (!strcmp(r->cls[i].fw, fw) && !strcmp(r->cls[i].comp, comp))
			return bad(name, ln, "class listed twice");
	r->cls[r->nc++] = (evm_cm_class){fw, comp, NAN}; /* NaN: no bias line yet */
	return EVM_OK;
}

static int read_lines(reader *r, const char *name, const char *text, size_t len)
{
	evm_lines it;
	evm_lines_init(&it, name, "evmatch-competency-model", text, len);
	const char *s;
	size_t n;
	int more, rc = EVM_OK;
	while (rc == EVM_OK && (more = evm_lines_next(&it, &s, &n)) > 0) {
		size_t ln = it.line;
		if (s[0] == '[') {
			if (r->nc && isnan(r->cls[r->nc - 1].bias))
				return bad(name, ln, "the class before has no bias line");
			rc = add_class(r, s, n, name, ln);
			continue;
		}
		if (!r->nc)
			return bad(name, ln, "a weight before the first '[framework/competency]'");
		double v;
		const char *rest;
		size_t rl;
		const char *why = evm_model_line(s, n, &v, &rest, &rl);
		if (why)
			return bad(name, ln, why);
		if (!rest) {
			if (!isnan(r->cls[r->nc - 1].bias))
				return bad(name, ln, "a second bias line for one class");
			r->cls[r->nc - 1].bias = v;
			continue;
		}
		rc = add_weight(r, rest, rl, (float)v, name, ln);
	}
	if (rc == EVM_OK && more < 0)
		rc = more;
	if (rc == EVM_OK && !r->nc)
		rc = evm_err(EVM_EPARSE, "%s: no classes", name);
	if (rc == EVM_OK && isnan(r->cls[r->nc - 1].bias))
		rc = evm_err(EVM_EPARSE, "%s: the last class has no bias line", name);
	return rc;
}

/* Groups the weights by feature (each feature's by class, as the file lists
 * classes in order) and hashes the features. */
static int assemble(reader *r, evm_cmodel *m, owned *o)
{
	size_t nf = r->nf, keylen = 0;
	o->feat = calloc(nf + 1, sizeof *o->feat);
	o->w = malloc((r->nt + 1) * sizeof *o->w);
	for (size_t i = 0; i < nf; i++)
		keylen += r->f[i].len + 1;
	o->keys = malloc(keylen + 1);
	m->cap = evm_pow2_at_least(2 * nf + 2);
	o->slot = calloc(m->cap, sizeof *o->slot);
	if (!o->feat || !o->w || !o->keys || !o->slot)
		return evm_err(EVM_ENOMEM, "out of memory");
	/* a feature has at most one weight a class, and there are at most
	 * 65535 classes: n fits */
	for (size_t i = 0; i < r->nt; i++)
		o->feat[r->t[i].feat].n++;
	size_t at = 0, kat = 0;
	for (size_t i = 0; i < nf; i++) {
		o->feat[i].first = (uint32_t)at;
		at += o->feat[i].n;
		o->feat[i].n = 0;
		o->feat[i].key = (uint32_t)kat;
		o->feat[i].klen = (uint16_t)r->f[i].len;
		memcpy(o->keys + kat, r->f[i].text, r->f[i].len);
		o->keys[kat + r->f[i].len] = '\0';
		kat += r->f[i].len + 1;
	}
	for (size_t i = 0; i < r->nt; i++) {
		evm_cm_feature *f = &o->feat[r->t[i].feat];
		o->w[f->first + f->n++] = (evm_cm_weight){(uint16_t)r->t[i].cls, r->t[i].w};
	}
	for (size_t i = 0; i < nf; i++) {
		size_t h = evm_hash(r->f[i].text, r->f[i].len) & (m->cap - 1);
		while (o->slot[h])
			h = (h + 1) & (m->cap - 1);
		o->slot[h] = (uint32_t)(i + 1);
	}
	o->cls = r->cls;
	r->cls = NULL;
	o->arena = r->names; /* the class names live on in it */
	memset(&r->names, 0, sizeof r->names);
	m->nclass = r->nc;
	m->nfeat = nf;
	m->nweight = r->nt;
	m->cls = o->cls;
	m->feat = o->feat;
	m->w = o->w;
	m->keys = o->keys;
	m->slot = o->slot;
	return EVM_OK;
}

int evm_cmodel_parse(const char *name, const char *text, size_t len, evm_cmodel **out)
{
	*out = NULL;
	reader r;
	memset(&r, 0, sizeof r);
	evm_arena_init(&r.names);
	evm_cmodel *m = calloc(1, sizeof *m);
	owned *o = calloc(1, sizeof *o);
	int rc = m && o ? read_lines(&r, name, text, len) : evm_err(EVM_ENOMEM, "out of memory");
	if (m && o) {
		m->owned = o;
		evm_arena_init(&o->arena);
	}
	if (rc == EVM_OK) {
		evm_arena_free(&o->arena);
		rc = assemble(&r, m, o);
	}
	evm_strmap_free(&r.fmap);
	evm_arena_free(&r.names);
	free(r.f);
	free(r.t);
	free(r.cls);
	if (rc < 0) {
		if (m)
			evm_cmodel_free(m);
		else
			free(o);
		return rc;
	}
	*out = m;
	return EVM_OK;
}

int evm_cmodel_class(const evm_cmodel *m, const char *fw, const char *comp)
{
	for (size_t i = 0; m && i < m->nclass; i++)
		if (!strcmp(m->cls[i].fw, fw) && !strcmp(m->cls[i].comp, comp))
			return (int)i;
	return -1;
}

size_t evm_cmodel_framework_classes(const evm_cmodel *m, const char *fw)
{
	size_t n = 0;
	for (size_t i = 0; m && i < m->nclass; i++)
		n += !strcmp(m->cls[i].fw, fw);
	return n;
}

int64_t evm_cmodel_feature(const evm_cmodel *m, const char *f, size_t n)
{
	if (!m->nfeat)
		return -1;
	size_t h = evm_hash(f, n) & (m->cap - 1);
	for (uint32_t s; (s = m->slot[h]) != 0; h = (h + 1) & (m->cap - 1)) {
		const evm_cm_feature *ft = &m->feat[s - 1];
		if (ft->klen == n && !memcmp(m->keys + ft->key, f, n))
			return s - 1;
	}
	return -1;
}

typedef struct {
	const evm_cmodel *m;
	double *z;
	uint64_t *seen; /* a bit per feature of the model: a bitmap is an eighth of a
			   hash set sized for the text, and needs no probing */
	uint32_t *feats;
	size_t nfeats;
} walker;

static void take(void *ctx, const char *f, size_t n)
{
	walker *wk = ctx;
	int64_t id = evm_cmodel_feature(wk->m, f, n);
	if (id < 0)
		return;
	uint64_t bit = 1ull << (id & 63);
	if (wk->seen[id >> 6] & bit)
		return; /* counted once per text */
	wk->seen[id >> 6] |= bit;
	wk->feats[wk->nfeats++] = (uint32_t)id;
	const evm_cm_feature *ft = &wk->m->feat[id];
	for (uint32_t k = 0; k < ft->n; k++) {
		const evm_cm_weight *w = &wk->m->w[ft->first + k];
		wk->z[w->cls] += w->w;
	}
}

int evm_cmodel_read(const evm_cmodel *m, const char *text, size_t len, double *z, uint32_t **feats, size_t *nfeats)
{
	*feats = NULL;
	*nfeats = 0;
	for (size_t c = 0; c < m->nclass; c++)
		z[c] = m->cls[c].bias;
	/* a text of len bytes has at most len + 2 features */
	walker wk = {m, z, NULL, NULL, 0};
	wk.seen = calloc(m->nfeat / 64 + 1, sizeof *wk.seen);
	wk.feats = malloc((len + 3) * sizeof *wk.feats);
	if (!wk.seen || !wk.feats) {
		free(wk.seen);
		free(wk.feats);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	evm_features_walk(text, len, take, &wk);
	free(wk.seen);
	*feats = wk.feats;
	*nfeats = wk.nfeats;
	return EVM_OK;
}

void evm_cmodel_explain(const evm_cmodel *m, const int32_t *slot, const uint32_t *feats, size_t nfeats,
			evm_model_term *out, size_t cap, size_t *n)
{
	/* one pass over the text's features for every class asked about: a
	 * result shows several, and a pass each cost as much as reading the text */
	for (size_t i = 0; i < nfeats && cap; i++) {
		const evm_cm_feature *ft = &m->feat[feats[i]];
		for (uint32_t k = 0; k < ft->n; k++) {
			const evm_cm_weight *cw = &m->w[ft->first + k];
			int32_t sl = slot[cw->cls];
			if (sl < 0 || cw->w <= 0)
				continue;
			evm_model_term *o = out + (size_t)sl * cap;
			size_t *no = &n[sl];
			double w = round(cw->w * 1e4) / 1e4; /* the file's four places, not float noise */
			if (w <= 0)
				continue; /* a weight too small to show (found by fuzz_models) */
			if (*no == cap && w <= o[*no - 1].weight)
				continue;
			size_t j = *no < cap ? (*no)++ : *no - 1;
			for (; j > 0 && o[j - 1].weight < w; j--)
				o[j] = o[j - 1];
			o[j] = (evm_model_term){m->keys + ft->key, w};
		}
	}
}

size_t evm_cmodel_terms(const evm_cmodel *m, uint32_t cls, const uint32_t *feats, size_t nfeats, evm_model_term *out,
			size_t cap)
{
	int32_t *slot = malloc((m->nclass + 1) * sizeof *slot);
	size_t n = 0;
	if (!slot)
		return 0;
	for (size_t c = 0; c < m->nclass; c++)
		slot[c] = c == cls ? 0 : -1;
	evm_cmodel_explain(m, slot, feats, nfeats, out, cap, &n);
	free(slot);
	return n;
}
