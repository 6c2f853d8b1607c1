/* Index construction: analyse every indicator and definition, intern terms,
 * weight postings (BM25) and competency classes, compile the thesaurus and
 * cues into phrase tables, and write it all as one block (format.h). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "bridge.h"
#include "format.h"
#include "index.h"
#include "lexicon/builtin.h"
#include "lexicon/model.h"
#include "score/params.h"
#include "tokenise/analyse.h"
#include "util/buf.h"
#include "util/error.h"

/* BM25 over short indicator sentences: length normalisation matters less
 * than for long documents, hence a low b. */
#define BM25_K1 1.2
#define BM25_B 0.5
/* Dirichlet prior for competency class weights: how many framework-average
 * words a competency's own text must outweigh before a term counts for it. */
#define CLASS_MU 40.0

typedef struct {
	uint32_t *v;
	size_t n, cap;
} idlist;

static int idl_push(idlist *l, uint32_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		uint32_t *p = realloc(l->v, cap * sizeof *p);
		if (!p)
			return evm_err(EVM_ENOMEM, "out of memory");
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = id;
	return EVM_OK;
}

typedef struct {
	evm_ix_doc meta;
	idlist terms;
} bdoc;

/* Another framework's indicator, lent to one competency's class model by
 * the crosswalk: it shapes which words count as characteristic, never the
 * BM25 postings, so it can be matched only through this framework's own
 * indicators. */
typedef struct {
	uint16_t comp;
	float w;
	const idlist *terms;
	uint8_t cue; /* the words of one of the competency's cue phrases */
} xdoc;

typedef struct {
	bdoc *docs;
	size_t ndocs;
	uint32_t ncomp;
	xdoc *lent;
	size_t nlent, caplent;
	float *typical; /* [ncomp] */
} bframework;

typedef struct {
	uint32_t ids[EVM_PHRASE_MAX], n;
	const char *text;
	const char *source;
	idlist exp_terms;
	float *exp_w;
	size_t exp_cap;
	evm_vec cues; /* evm_ix_cue* (source filled at write) */
	evm_vec cue_src;
	float seniority; /* negative: none */
} bphrase;

typedef struct {
	evm_strmap vocab; /* stem -> id + 1 */
	evm_arena arena;
	evm_vec terms; /* const char* by id */
	evm_stemmer *st;
	evm_strmap stop;
	evm_arena stop_arena;
	const char *stoptext;
	size_t stoplen;
	evm_tokens tk;
	evm_terms tm;
	bframework fw[EVM_IX_MAX_FW];
	uint32_t nfw;
	evm_vec phrases; /* bphrase* */
	evm_strmap phrase_map; /* key: ids bytes -> bphrase* */
	evm_strmap phrase_cache; /* phrase text -> cached_ids* */
} builder;

static uint32_t intern(builder *b, const char *s, size_t len)
{
	void *v = evm_strmap_get(&b->vocab, s, len);
	if (v)
		return (uint32_t)((uintptr_t)v - 1);
	char *k = evm_arena_strndup(&b->arena, s, len);
	uint32_t id = (uint32_t)b->terms.len;
	if (!k || evm_vec_push(&b->terms, k) < 0 ||
	    evm_strmap_put(&b->vocab, k, len, (void *)(uintptr_t)(id + 1), NULL) < 0)
		return EVM_NO_TERM;
	return id;
}

static int tokens_of(builder *b, const char *text)
{
	evm_tokens_reset(&b->tk);
	evm_terms_reset(&b->tm);
	int rc = evm_tokenise(&b->tk, text, strlen(text));
	return rc == EVM_OK ? evm_analyse(&b->tk, b->st, &b->stop, &b->tm) : rc;
}

/* Content terms of text plus bigrams of neighbours within a sentence. */
static int analyse_doc(builder *b, const char *text, idlist *out)
{
	int rc = tokens_of(b, text);
	for (size_t i = 0; rc == EVM_OK && i < b->tm.n; i++) {
		const evm_term *t = &b->tm.v[i];
		uint32_t id = intern(b, t->stem, t->stem_len);
		if (id == EVM_NO_TERM)
			return evm_err(EVM_ENOMEM, "out of memory");
		rc = idl_push(out, id);
		if (rc == EVM_OK && i > 0 && b->tm.v[i - 1].sentence == t->sentence) {
			char bg[256];
			const evm_term *p = &b->tm.v[i - 1];
			size_t n = p->stem_len + 1 + t->stem_len;
			if (n < sizeof bg) {
				memcpy(bg, p->stem, p->stem_len);
				bg[p->stem_len] = ' ';
				memcpy(bg + p->stem_len + 1, t->stem, t->stem_len);
				uint32_t bid = intern(b, bg, n);
				rc = bid == EVM_NO_TERM ? evm_err(EVM_ENOMEM, "out of memory") : idl_push(out, bid);
			}
		}
	}
	return rc;
}

static int analyse_framework(builder *b, const evm_framework *fw, bframework *bf)
{
	size_t nind = fw->indicators.len, ncomp = fw->competencies.len;
	bf->docs = calloc(nind + ncomp, sizeof *bf->docs);
	bf->ncomp = (uint32_t)ncomp;
	if (!bf->docs)
		return evm_err(EVM_ENOMEM, "out of memory");
	int rc = EVM_OK;
	for (size_t i = 0; rc == EVM_OK && i < nind; i++) {
		const evm_indicator *ind = fw->indicators.items[i];
		bdoc *d = &bf->docs[bf->ndocs++];
		d->meta.indicator = (uint32_t)i;
		d->meta.comp = (uint16_t)ind->competency->index;
		d->meta.polarity = (uint8_t)ind->polarity;
		d->meta.level_rank = ind->level ? ind->level->rank : 0;
		rc = analyse_doc(b, ind->text, &d->terms);
	}
	for (size_t c = 0; rc == EVM_OK && c < ncomp; c++) {
		const evm_competency *cp = fw->competencies.items[c];
		if (!*cp->definition)
			continue;
		bdoc *d = &bf->docs[bf->ndocs++];
		d->meta.indicator = (uint32_t)c;
		d->meta.comp = (uint16_t)c;
		d->meta.flags = EVM_DOC_DEFINITION;
		rc = analyse_doc(b, cp->definition, &d->terms);
	}
	return rc;
}

/* A phrase of the bridging vocabulary as term ids; *n = 0 when the phrase
 * is all stopwords or longer than EVM_PHRASE_MAX terms (never matchable). */
typedef struct {
	uint32_t ids[EVM_PHRASE_MAX], n;
} cached_ids;

static int phrase_ids_uncached(builder *b, const char *phrase, uint32_t ids[EVM_PHRASE_MAX], uint32_t *n);

/* The same phrase is listed for several competencies and frameworks (a
 * third of the cue entries): analyse each text once. */
static int phrase_ids(builder *b, const char *phrase, uint32_t ids[EVM_PHRASE_MAX], uint32_t *n)
{
	size_t len = strlen(phrase);
	const cached_ids *c = evm_strmap_get(&b->phrase_cache, phrase, len);
	if (c) {
		memcpy(ids, c->ids, sizeof c->ids);
		*n = c->n;
		return EVM_OK;
	}
	int rc = phrase_ids_uncached(b, phrase, ids, n);
	if (rc < 0)
		return rc;
	cached_ids *nc = evm_arena_alloc(&b->arena, sizeof *nc);
	char *key = evm_arena_strndup(&b->arena, phrase, len);
	if (!nc || !key)
		return evm_err(EVM_ENOMEM, "out of memory");
	memcpy(nc->ids, ids, sizeof nc->ids);
	nc->n = *n;
	return evm_strmap_put(&b->phrase_cache, key, len, nc, NULL) < 0 ? evm_err(EVM_ENOMEM, "out of memory") : EVM_OK;
}

static int phrase_ids_uncached(builder *b, const char *phrase, uint32_t ids[EVM_PHRASE_MAX], uint32_t *n)
{
	int rc = tokens_of(b, phrase);
	if (rc < 0)
		return rc;
	*n = 0;
	if (b->tm.n > EVM_PHRASE_MAX)
		return EVM_OK;
	/* "no update" would shrink to "update" once the stopword goes, and then
	 * match every good report of updating: negated phrases are for the
	 * polarity cues, not for matching */
	for (size_t i = 0; i < b->tk.ntok; i++) {
		const evm_token *t = &b->tk.tok[i];
		static const char *const neg[] = {"no", "not", "never", "nor", "without", NULL};
		for (int k = 0; neg[k]; k++)
			if (strlen(neg[k]) == t->norm_len && !memcmp(neg[k], t->norm, t->norm_len))
				return EVM_OK;
		if (t->norm_len > 3 && !memcmp(t->norm + t->norm_len - 3, "n't", 3))
			return EVM_OK;
	}
	for (size_t i = 0; i < b->tm.n; i++) {
		uint32_t id = intern(b, b->tm.v[i].stem, b->tm.v[i].stem_len);
		if (id == EVM_NO_TERM)
			return evm_err(EVM_ENOMEM, "out of memory");
		ids[(*n)++] = id;
	}
	return EVM_OK;
}

static bphrase *phrase_get(builder *b, const uint32_t *ids, uint32_t n, const char *text, const char *source)
{
	bphrase *p = evm_strmap_get(&b->phrase_map, (const char *)ids, n * sizeof(uint32_t));
	if (p)
		return p;
	p = evm_arena_alloc(&b->arena, sizeof *p);
	if (!p)
		return NULL;
	memcpy(p->ids, ids, n * sizeof *ids);
	p->n = n;
	p->text = text;
	p->source = source;
	p->seniority = -1;
	if (evm_vec_push(&b->phrases, p) < 0 ||
	    evm_strmap_put(&b->phrase_map, (const char *)p->ids, n * sizeof(uint32_t), p, NULL) < 0)
		return NULL;
	return p;
}

static int add_expansion(bphrase *p, uint32_t term, float w)
{
	for (size_t i = 0; i < p->exp_terms.n; i++)
		if (p->exp_terms.v[i] == term) {
			if (w > p->exp_w[i])
				p->exp_w[i] = w;
			return EVM_OK;
		}
	if (p->exp_terms.n == p->exp_cap) {
		size_t cap = p->exp_cap ? p->exp_cap * 2 : 8;
		float *nw = realloc(p->exp_w, cap * sizeof *nw);
		if (!nw)
			return evm_err(EVM_ENOMEM, "out of memory");
		p->exp_w = nw;
		p->exp_cap = cap;
	}
	p->exp_w[p->exp_terms.n] = w;
	return idl_push(&p->exp_terms, term);
}

/* Is the term used by any document? Expansions into words no indicator
 * uses would only cost time. Terms interned after used was sized (the
 * bridge's own phrases) are used by none. */
static int term_in_docs(const uint8_t *used, size_t nused, uint32_t id) { return id < nused && used[id]; }

/* Lends terms to competency comp's class model, at weight w. */
static int lend(bframework *bf, uint16_t comp, float w, const idlist *terms, int cue)
{
	if (bf->nlent == bf->caplent) {
		size_t cap = bf->caplent ? bf->caplent * 2 : 256;
		xdoc *np = realloc(bf->lent, cap * sizeof *np);
		if (!np)
			return evm_err(EVM_ENOMEM, "out of memory");
		bf->lent = np;
		bf->caplent = cap;
	}
	bf->lent[bf->nlent++] = (xdoc){comp, w, terms, (uint8_t)cue};
	return EVM_OK;
}

/* Lends the words of one cue phrase to competency comp's class model. */
static int lend_words(bframework *bf, evm_arena *arena, uint16_t comp, float w, const uint32_t *ids, uint32_t n)
{
	idlist *l = evm_arena_alloc(arena, sizeof *l);
	uint32_t *v = evm_arena_alloc(arena, n * sizeof *v);
	if (!l || !v)
		return evm_err(EVM_ENOMEM, "out of memory");
	memcpy(v, ids, n * sizeof *v);
	*l = (idlist){v, n, n};
	return lend(bf, comp, w, l, 1);
}

static int compile_bridge(builder *b, const evm_lexicon *lx, const evm_bridge *br, uint8_t *used, size_t nused)
{
	for (size_t i = 0; i < br->thes.len; i++) {
		const evm_thes_entry *e = br->thes.items[i];
		uint32_t ids[EVM_PHRASE_MAX], n;
		int rc = phrase_ids(b, e->phrase, ids, &n);
		if (rc < 0)
			return rc;
		if (n == 0)
			continue; /* too long or only stopwords: cannot be matched */
		/* the right-hand side, analysed like indicator text */
		rc = tokens_of(b, e->means);
		if (rc < 0)
			return rc;
		uint32_t rhs[64];
		size_t nr = 0;
		for (size_t k = 0; k < b->tm.n && nr < 64; k++) {
			void *v = evm_strmap_get(&b->vocab, b->tm.v[k].stem, b->tm.v[k].stem_len);
			uint32_t id = v ? (uint32_t)((uintptr_t)v - 1) : EVM_NO_TERM;
			if (id != EVM_NO_TERM && term_in_docs(used, nused, id))
				rhs[nr++] = id;
		}
		if (!nr)
			continue;
		bphrase *p = phrase_get(b, ids, n, e->phrase, e->source);
		if (!p)
			return evm_err(EVM_ENOMEM, "out of memory");
		for (size_t k = 0; k < nr; k++)
			if ((rc = add_expansion(p, rhs[k], e->weight)) < 0)
				return rc;
	}
	/* the entries of one cue line share their framework and competency
	 * strings: look each line's up once */
	const char *last_fw = NULL, *last_comp = NULL;
	const evm_framework *fw = NULL;
	const evm_competency *cp = NULL;
	uint32_t f = 0;
	for (size_t i = 0; i < br->cues.len; i++) {
		const evm_cue_entry *e = br->cues.items[i];
		if (e->framework != last_fw) {
			last_fw = e->framework;
			last_comp = NULL;
			fw = NULL;
			for (f = 0; f < lx->frameworks.len; f++)
				if (strcmp(((evm_framework *)lx->frameworks.items[f])->id, e->framework) == 0) {
					fw = lx->frameworks.items[f];
					break;
				}
		}
		if (!fw)
			continue; /* cues for a framework that is not loaded */
		if (e->competency != last_comp) {
			char comp[256];
			size_t cl = strlen(e->competency);
			cl = cl < sizeof comp - 1 ? cl : sizeof comp - 1;
			memcpy(comp, e->competency, cl);
			comp[cl] = '\0';
			char *slash = strstr(comp, " / ");
			if (slash)
				*slash = '\0'; /* "Competency / Sub-competency": counts for the competency */
			cp = evm_framework_find_competency(fw, comp);
			if (!cp)
				return evm_err(EVM_EPARSE, "%s: no competency '%s' in framework '%s'", e->source, comp, fw->id);
			last_comp = e->competency;
		}
		uint32_t ids[EVM_PHRASE_MAX], n;
		int rc = phrase_ids(b, e->phrase, ids, &n);
		if (rc < 0)
			return rc;
		if (n == 0)
			continue;
		bphrase *p = phrase_get(b, ids, n, e->phrase, e->source);
		evm_ix_cue *cue = evm_arena_alloc(&b->arena, sizeof *cue);
		if (!p || !cue)
			return evm_err(EVM_ENOMEM, "out of memory");
		cue->fw = (uint16_t)f;
		cue->comp = (uint16_t)cp->index;
		cue->w = e->weight;
		int dup = 0;
		for (size_t k = 0; k < p->cues.len; k++) {
			evm_ix_cue *o = p->cues.items[k];
			if (o->fw == cue->fw && o->comp == cue->comp)
				dup = 1;
		}
		if (!dup && (evm_vec_push(&p->cues, cue) < 0 || evm_vec_push(&p->cue_src, (void *)e->source) < 0))
			return evm_err(EVM_ENOMEM, "out of memory");
		double share = evm_params_get()->w_cue_class;
		if (share > 0 && (rc = lend_words(&b->fw[f], &b->arena, (uint16_t)cp->index, (float)(share * e->weight), ids,
						  n)) < 0)
			return rc;
	}
	for (size_t i = 0; i < br->seniority.len; i++) {
		const evm_seniority_entry *e = br->seniority.items[i];
		uint32_t ids[EVM_PHRASE_MAX], n;
		int rc = phrase_ids(b, e->phrase, ids, &n);
		if (rc < 0)
			return rc;
		if (n == 0)
			continue;
		bphrase *p = phrase_get(b, ids, n, e->phrase, e->source);
		if (!p)
			return evm_err(EVM_ENOMEM, "out of memory");
		p->seniority = e->seniority;
	}
	return EVM_OK;
}

/* ---- writing the block ------------------------------------------------ */

typedef struct {
	evm_buf buf;
} writer;

static evm_span put(writer *w, const void *data, size_t elem, size_t count)
{
	while (w->buf.len % 8)
		evm_buf_putc(&w->buf, 0);
	evm_span s = {w->buf.len, count};
	if (count)
		evm_buf_put(&w->buf, data, elem * count);
	return s;
}

#define HDR(w) ((evm_ix_header *)(w)->buf.ptr)

static uint32_t put_string(evm_buf *strings, const char *s)
{
	uint32_t off = (uint32_t)strings->len;
	evm_buf_put(strings, s, strlen(s) + 1);
	return off;
}

/* Postings and class weights of one framework. */
static int write_framework(writer *w, const bframework *bf, uint32_t nterms, uint32_t f)
{
	size_t nd = bf->ndocs;
	uint32_t *df = calloc(nterms, sizeof *df);
	uint32_t *start = calloc((size_t)nterms + 1, sizeof *start);
	uint32_t *cstart = calloc((size_t)nterms + 1, sizeof *cstart);
	evm_ix_doc *meta = calloc(nd ? nd : 1, sizeof *meta);
	float *comp_norm = calloc(bf->ncomp ? bf->ncomp : 1, sizeof *comp_norm);
	evm_ix_posting *post = NULL;
	evm_ix_cposting *cpost = NULL;
	uint32_t *seen = calloc(nterms, sizeof *seen);
	int rc = EVM_OK;
	if (!df || !start || !cstart || !meta || !comp_norm || !seen) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	double total_len = 0;
	for (size_t d = 0; d < nd; d++) {
		const bdoc *doc = &bf->docs[d];
		meta[d] = doc->meta;
		meta[d].len = (uint32_t)doc->terms.n;
		total_len += (double)doc->terms.n;
		for (size_t k = 0; k < doc->terms.n; k++) {
			uint32_t t = doc->terms.v[k];
			if (seen[t] != d + 1) {
				seen[t] = (uint32_t)d + 1;
				df[t]++;
			}
		}
	}
	double avgdl = nd ? total_len / (double)nd : 1;
	size_t npost = 0;
	for (uint32_t t = 0; t < nterms; t++) {
		start[t] = (uint32_t)npost;
		npost += df[t];
	}
	start[nterms] = (uint32_t)npost;
	post = calloc(npost ? npost : 1, sizeof *post);
	if (!post) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	/* fill: per document, its term frequencies */
	uint32_t *fill = calloc(nterms, sizeof *fill);
	uint32_t *tf = calloc(nterms, sizeof *tf);
	if (!fill || !tf) {
		free(fill);
		free(tf);
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	/* idf once per term, not once per posting */
	double *idf = malloc((size_t)nterms * sizeof *idf);
	if (!idf) {
		free(fill);
		free(tf);
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	for (uint32_t t = 0; t < nterms; t++)
		idf[t] = df[t] ? log(1 + ((double)nd - df[t] + 0.5) / (df[t] + 0.5)) : 0;
	for (size_t d = 0; d < nd; d++) {
		const bdoc *doc = &bf->docs[d];
		for (size_t k = 0; k < doc->terms.n; k++)
			tf[doc->terms.v[k]]++;
		double norm = BM25_K1 * (1 - BM25_B + BM25_B * (double)doc->terms.n / avgdl);
		for (size_t k = 0; k < doc->terms.n; k++) {
			uint32_t t = doc->terms.v[k];
			if (!tf[t])
				continue;
			double wgt = idf[t] * tf[t] * (BM25_K1 + 1) / (tf[t] + norm);
			post[start[t] + fill[t]++] = (evm_ix_posting){(uint32_t)d, (float)wgt};
			tf[t] = 0;
		}
	}
	free(fill);
	free(tf);
	free(idf);
	/* documents were filled in order, so each list is sorted by document
	 * already, which is what explanations' binary search needs */

	/* class weights: log of how much likelier the term is in competency c's
	 * text (its own indicators and what the crosswalk lends it) than in the
	 * framework's, Dirichlet-smoothed; only the positive */
	size_t ncpost = 0, cap = 1024, nc = bf->ncomp ? bf->ncomp : 1;
	/* counts per (term, competency) over the terms this framework's class
	 * text uses: a row of nc per term, found through slot[] */
	uint32_t *slot = calloc(nterms, sizeof *slot), nact = 0;
	size_t captfc = 4096;
	float *tfc = malloc(captfc * nc * sizeof *tfc);
	double *clen = calloc(nc, sizeof *clen), ctotal = 0;
	cpost = malloc(cap * sizeof *cpost);
	int oom = !cpost || !tfc || !clen || !slot;
	for (size_t x = 0; x < nd + bf->nlent && !oom; x++) {
		const idlist *terms = x < nd ? &bf->docs[x].terms : bf->lent[x - nd].terms;
		uint32_t c = x < nd ? bf->docs[x].meta.comp : bf->lent[x - nd].comp;
		float wt = x < nd ? 1.0f : bf->lent[x - nd].w;
		for (size_t k = 0; k < terms->n && !oom; k++) {
			uint32_t t = terms->v[k];
			if (!slot[t]) {
				if (nact == captfc) {
					float *np = realloc(tfc, captfc * 2 * nc * sizeof *np);
					if (!np) {
						oom = 1;
						break;
					}
					tfc = np;
					captfc *= 2;
				}
				memset(tfc + (size_t)nact * nc, 0, nc * sizeof *tfc);
				slot[t] = ++nact;
			}
			tfc[(size_t)(slot[t] - 1) * nc + c] += wt;
			clen[c] += wt;
		}
	}
	for (uint32_t c = 0; c < bf->ncomp; c++)
		ctotal += clen[c];
	for (uint32_t t = 0; t < nterms && !oom; t++) {
		cstart[t] = (uint32_t)ncpost;
		if (!slot[t])
			continue;
		const float *row = tfc + (size_t)(slot[t] - 1) * nc;
		double ctf = 0;
		for (uint32_t c = 0; c < bf->ncomp; c++)
			ctf += row[c];
		double p = ctf / ctotal, logp = log(p);
		for (uint32_t c = 0; c < bf->ncomp; c++) {
			/* absent from c's text, the weight is log(MU / (len + MU)) < 0 */
			if (row[c] <= 0)
				continue;
			double wgt = log((row[c] + CLASS_MU * p) / (clen[c] + CLASS_MU)) - logp;
			if (wgt <= 0.05)
				continue;
			if (ncpost == cap) {
				evm_ix_cposting *np = realloc(cpost, cap * 2 * sizeof *np);
				if (!np) {
					oom = 1;
					break;
				}
				cpost = np;
				cap *= 2;
			}
			cpost[ncpost++] = (evm_ix_cposting){c, (float)wgt};
			comp_norm[c] += (float)wgt;
		}
	}
	free(tfc);
	free(clen);
	free(slot);
	if (oom) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	cstart[nterms] = (uint32_t)ncpost;

	evm_fw_header fh;
	memset(&fh, 0, sizeof fh);
	fh.ndocs = (uint32_t)nd;
	fh.ncomp = bf->ncomp;
	fh.docs = put(w, meta, sizeof *meta, nd);
	fh.post_start = put(w, start, sizeof *start, (size_t)nterms + 1);
	fh.post = put(w, post, sizeof *post, npost);
	fh.cpost_start = put(w, cstart, sizeof *cstart, (size_t)nterms + 1);
	fh.cpost = put(w, cpost, sizeof *cpost, ncpost);
	fh.comp_norm = put(w, comp_norm, sizeof *comp_norm, bf->ncomp);
	fh.typical = put(w, bf->typical, sizeof *bf->typical, bf->ncomp);
	if (w->buf.failed)
		rc = evm_err(EVM_ENOMEM, "out of memory");
	else
		HDR(w)->fw[f] = fh;
out:
	free(df);
	free(start);
	free(cstart);
	free(meta);
	free(comp_norm);
	free(post);
	free(cpost);
	free(seen);
	return rc;
}

static uint32_t pow2_at_least(size_t n)
{
	uint32_t c = 16;
	while (c < n * 2)
		c *= 2;
	return c;
}

static int write_block(builder *b, const char *lextext, size_t lexlen, void **block, size_t *size)
{
	writer w = {EVM_BUF_INIT};
	evm_ix_header h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, EVM_IX_MAGIC, 8);
	h.version = EVM_IX_VERSION;
	h.endian = EVM_IX_ENDIAN;
	evm_buf_put(&w.buf, &h, sizeof h);
	uint32_t nterms = (uint32_t)b->terms.len;
	evm_buf strings = EVM_BUF_INIT;
	evm_buf_putc(&strings, '\0'); /* offset 0: the empty string */
	uint32_t *term_str = malloc(((size_t)nterms + 1) * sizeof *term_str);
	uint32_t vcap = pow2_at_least(nterms);
	uint32_t *vocab = calloc(vcap, sizeof *vocab);
	size_t nph = b->phrases.len;
	uint32_t pcap = pow2_at_least(nph);
	evm_ix_phrase *ph = calloc(nph ? nph : 1, sizeof *ph);
	uint32_t *pslots = calloc(pcap, sizeof *pslots);
	size_t nexp = 0, ncue = 0;
	for (size_t i = 0; i < nph; i++) {
		const bphrase *p = b->phrases.items[i];
		nexp += p->exp_terms.n;
		ncue += p->cues.len;
	}
	evm_ix_expansion *exp = calloc(nexp ? nexp : 1, sizeof *exp);
	evm_ix_cue *cues = calloc(ncue ? ncue : 1, sizeof *cues);
	int rc = EVM_OK;
	if (!term_str || !vocab || !ph || !pslots || !exp || !cues) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	for (uint32_t t = 0; t < nterms; t++) {
		const char *s = b->terms.items[t];
		term_str[t] = put_string(&strings, s);
		uint32_t j = (uint32_t)evm_hash(s, strlen(s)) & (vcap - 1);
		while (vocab[j])
			j = (j + 1) & (vcap - 1);
		vocab[j] = t + 1;
	}
	size_t ie = 0, ic = 0;
	for (size_t i = 0; i < nph; i++) {
		const bphrase *p = b->phrases.items[i];
		evm_ix_phrase *q = &ph[i];
		q->n = p->n;
		memcpy(q->ids, p->ids, sizeof q->ids);
		q->text = put_string(&strings, p->text);
		q->source = put_string(&strings, p->source);
		q->exp_start = (uint32_t)ie;
		q->exp_n = (uint32_t)p->exp_terms.n;
		for (size_t k = 0; k < p->exp_terms.n; k++)
			exp[ie++] = (evm_ix_expansion){p->exp_terms.v[k], p->exp_w[k]};
		q->seniority = p->seniority;
		q->cue_start = (uint32_t)ic;
		q->cue_n = (uint32_t)p->cues.len;
		for (size_t k = 0; k < p->cues.len; k++) {
			cues[ic] = *(evm_ix_cue *)p->cues.items[k];
			cues[ic++].source = put_string(&strings, p->cue_src.items[k]);
		}
		uint32_t j = (uint32_t)evm_hash(p->ids, p->n * sizeof(uint32_t)) & (pcap - 1);
		while (pslots[j])
			j = (j + 1) & (pcap - 1);
		pslots[j] = (uint32_t)i + 1;
	}
	if (strings.failed) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	/* spans are filled into the header in the buffer as arrays are written */
	evm_span s_strings = put(&w, strings.ptr, 1, strings.len);
	evm_span s_term = put(&w, term_str, sizeof *term_str, nterms);
	evm_span s_vocab = put(&w, vocab, sizeof *vocab, vcap);
	evm_span s_ph = put(&w, ph, sizeof *ph, nph);
	evm_span s_pslots = put(&w, pslots, sizeof *pslots, pcap);
	evm_span s_exp = put(&w, exp, sizeof *exp, nexp);
	evm_span s_cues = put(&w, cues, sizeof *cues, ncue);
	evm_span s_lex = put(&w, lextext, 1, lexlen + 1);
	evm_span s_stop = put(&w, b->stoptext, 1, b->stoplen + 1);
	if (w.buf.failed) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	/* NUL-terminate the two texts inside the block */
	w.buf.ptr[s_lex.off + lexlen] = '\0';
	w.buf.ptr[s_stop.off + b->stoplen] = '\0';
	evm_ix_header *hp = HDR(&w);
	hp->strings = s_strings;
	hp->term_str = s_term;
	hp->vocab = s_vocab;
	hp->phrases = s_ph;
	hp->phrase_slots = s_pslots;
	hp->exp = s_exp;
	hp->cues = s_cues;
	hp->lextext = s_lex;
	hp->stoptext = s_stop;
	hp->nterms = nterms;
	hp->vocab_cap = vcap;
	hp->nframeworks = b->nfw;
	hp->nphrases = (uint32_t)nph;
	hp->phrase_cap = pcap;
	for (uint32_t f = 0; f < b->nfw && rc == EVM_OK; f++)
		rc = write_framework(&w, &b->fw[f], nterms, f);
	if (rc < 0)
		goto out;
	while (w.buf.len % 8)
		evm_buf_putc(&w.buf, 0);
	if (w.buf.failed) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto out;
	}
	hp = HDR(&w);
	hp->size = w.buf.len;
	hp->checksum = 0;
	hp->checksum = XXH64(w.buf.ptr, w.buf.len, 0);
	*size = w.buf.len;
	*block = evm_buf_detach(&w.buf, NULL);
out:
	evm_buf_free(&w.buf);
	evm_buf_free(&strings);
	free(term_str);
	free(vocab);
	free(ph);
	free(pslots);
	free(exp);
	free(cues);
	return rc;
}

static void builder_free(builder *b)
{
	evm_strmap_free(&b->vocab);
	evm_vec_free(&b->terms);
	evm_stemmer_free(b->st);
	evm_strmap_free(&b->stop);
	evm_arena_free(&b->stop_arena);
	evm_tokens_free(&b->tk);
	evm_terms_free(&b->tm);
	for (uint32_t f = 0; f < b->nfw; f++) {
		for (size_t d = 0; d < b->fw[f].ndocs; d++)
			free(b->fw[f].docs[d].terms.v);
		free(b->fw[f].docs);
		free(b->fw[f].lent);
		free(b->fw[f].typical);
	}
	for (size_t i = 0; i < b->phrases.len; i++) {
		bphrase *p = b->phrases.items[i];
		free(p->exp_terms.v);
		free(p->exp_w);
		evm_vec_free(&p->cues);
		evm_vec_free(&p->cue_src);
	}
	evm_vec_free(&b->phrases);
	evm_strmap_free(&b->phrase_map);
	evm_strmap_free(&b->phrase_cache);
	evm_arena_free(&b->arena);
}

static int framework_of(const evm_lexicon *lx, const char *id)
{
	for (size_t f = 0; f < lx->frameworks.len; f++)
		if (strcmp(((const evm_framework *)lx->frameworks.items[f])->id, id) == 0)
			return (int)f;
	return -1;
}

static int own_cues_only(const evm_bridge *br, const char *framework)
{
	for (size_t i = 0; i < br->xwalk_own_cues.len; i++)
		if (strcmp(br->xwalk_own_cues.items[i], framework) == 0)
			return 1;
	return 0;
}

/* Lends each crosswalk member the indicator texts of the other frameworks'
 * members of its group (lexicon/crosswalk.txt), and the words of their cue
 * phrases unless its framework keeps to its own cue words. */
static int lend_crosswalk(builder *b, const evm_lexicon *lx, const evm_bridge *br)
{
	double share = evm_params_get()->w_xwalk;
	if (share <= 0)
		return EVM_OK;
	int *fw = calloc(br->xwalk.len + 1, sizeof *fw), *comp = calloc(br->xwalk.len + 1, sizeof *comp);
	if (!fw || !comp) {
		free(fw);
		free(comp);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	int rc = EVM_OK;
	for (size_t i = 0; i < br->xwalk.len && rc == EVM_OK; i++) {
		const evm_xwalk_entry *e = br->xwalk.items[i];
		fw[i] = framework_of(lx, e->framework);
		comp[i] = -1;
		if (fw[i] < 0)
			continue; /* a framework that is not loaded lends and borrows nothing */
		const evm_competency *c = evm_framework_find_competency(lx->frameworks.items[fw[i]], e->competency);
		if (!c)
			rc = evm_err(EVM_EPARSE, "%s: no competency '%s' in framework '%s'", e->source, e->competency,
				     e->framework);
		else
			comp[i] = (int)c->index;
	}
	/* each framework's cue entries by competency, in lent order: the loop
	 * below looks up one competency's many times, and lending adds only
	 * entries that are not cues */
	uint32_t *cstart[EVM_IX_MAX_FW] = {0}, *cidx[EVM_IX_MAX_FW] = {0};
	for (uint32_t f = 0; f < b->nfw && rc == EVM_OK; f++) {
		const bframework *bf = &b->fw[f];
		cstart[f] = calloc((size_t)bf->ncomp + 2, sizeof **cstart);
		cidx[f] = malloc((bf->nlent + 1) * sizeof **cidx);
		if (!cstart[f] || !cidx[f]) {
			rc = evm_err(EVM_ENOMEM, "out of memory");
			break;
		}
		for (size_t d = 0; d < bf->nlent; d++)
			if (bf->lent[d].cue && bf->lent[d].comp < bf->ncomp)
				cstart[f][bf->lent[d].comp + 2]++;
		for (uint32_t c = 2; c <= bf->ncomp + 1; c++)
			cstart[f][c] += cstart[f][c - 1];
		for (size_t d = 0; d < bf->nlent; d++)
			if (bf->lent[d].cue && bf->lent[d].comp < bf->ncomp)
				cidx[f][cstart[f][bf->lent[d].comp + 1]++] = (uint32_t)d;
	}
	for (size_t i = 0; i < br->xwalk.len && rc == EVM_OK; i++) {
		const evm_xwalk_entry *to = br->xwalk.items[i];
		if (comp[i] < 0)
			continue;
		bframework *bf = &b->fw[fw[i]];
		for (size_t j = 0; j < br->xwalk.len && rc == EVM_OK; j++) {
			const evm_xwalk_entry *from = br->xwalk.items[j];
			if (from->group != to->group || comp[j] < 0 || fw[j] == fw[i])
				continue;
			const bframework *src = &b->fw[fw[j]];
			for (size_t d = 0; d < src->ndocs; d++) {
				if (src->docs[d].meta.comp != comp[j])
					continue;
				if ((rc = lend(bf, (uint16_t)comp[i], (float)(share * from->weight), &src->docs[d].terms, 0)) < 0)
					break;
			}
			/* and the words of the partner's own cue phrases (marked cue;
			 * what the partner borrowed is not lent on) */
			double cs = own_cues_only(br, to->framework) ? 0 : evm_params_get()->w_xwalk_cues;
			const uint32_t *cx = cidx[fw[j]];
			for (uint32_t k = cstart[fw[j]][comp[j]]; k < cstart[fw[j]][comp[j] + 1] && rc == EVM_OK && cs > 0; k++)
				rc = lend(bf, (uint16_t)comp[i], (float)(cs * from->weight * src->lent[cx[k]].w),
					  src->lent[cx[k]].terms, 0);
		}
	}
	for (uint32_t f = 0; f < b->nfw; f++) {
		free(cstart[f]);
		free(cidx[f]);
	}
	free(fw);
	free(comp);
	return rc;
}

/* Each competency's typical evidence (lexicon/typical.txt), which matching
 * divides its score by. A framework takes its values only when every one of
 * its competencies has one: a table fitted to other competencies would skew
 * its ranking. A framework without (a user's own) is scaled by the
 * geometric mean of all the values taken, as an average competency, so that
 * its scores stay comparable with the others' in an all-framework search;
 * it ranks its own competencies as if uncorrected. */
static int set_typical(builder *b, const evm_lexicon *lx, const evm_bridge *br)
{
	double logsum = 0;
	size_t nlog = 0;
	uint8_t full[EVM_IX_MAX_FW] = {0};
	for (uint32_t f = 0; f < b->nfw; f++) {
		const evm_framework *fw = lx->frameworks.items[f];
		bframework *bf = &b->fw[f];
		bf->typical = calloc(bf->ncomp + 1, sizeof *bf->typical);
		if (!bf->typical)
			return evm_err(EVM_ENOMEM, "out of memory");
		uint32_t have = 0;
		for (size_t i = 0; i < br->typical.len; i++) {
			const evm_typical_entry *e = br->typical.items[i];
			if (strcmp(e->framework, fw->id) != 0)
				continue;
			const evm_competency *c = evm_framework_find_competency(fw, e->competency);
			if (!c)
				continue; /* fitted to another version of the framework */
			if (bf->typical[c->index] > 0)
				return evm_err(EVM_EPARSE, "%s: '%s/%s' is given a second time", e->source, e->framework,
					       e->competency);
			bf->typical[c->index] = (float)e->value;
			have++;
		}
		if (have == bf->ncomp && have) {
			full[f] = 1;
			for (uint32_t c = 0; c < bf->ncomp; c++)
				logsum += log(bf->typical[c]), nlog++;
		}
	}
	float avg = nlog ? (float)exp(logsum / (double)nlog) : 1.0f;
	for (uint32_t f = 0; f < b->nfw; f++)
		if (!full[f])
			for (uint32_t c = 0; c < b->fw[f].ncomp; c++)
				b->fw[f].typical[c] = avg;
	return EVM_OK;
}

int evm_index_build(const evm_lexicon *lx, evm_index **out)
{
	if (!lx || !out)
		return evm_err(EVM_EINVAL, "evm_index_build: NULL argument");
	if (lx->frameworks.len > EVM_IX_MAX_FW)
		return evm_err(EVM_ELIMIT, "more than %d frameworks in one index", EVM_IX_MAX_FW);
	const evm_builtin_file *sw = evm_builtin_find("stopwords.txt");
	if (!sw)
		return evm_err(EVM_ENOTFOUND, "built-in stopword list missing");
	builder b;
	memset(&b, 0, sizeof b);
	evm_arena_init(&b.arena);
	evm_arena_init(&b.stop_arena);
	evm_tokens_init(&b.tk);
	evm_terms_init(&b.tm);
	b.stoptext = sw->data;
	b.stoplen = sw->len;
	evm_bridge br;
	evm_bridge_init(&br);
	char *lextext = NULL;
	size_t lexlen = 0;
	void *block = NULL;
	size_t size = 0;
	int rc = evm_stemmer_new(&b.st);
	if (rc == EVM_OK)
		rc = evm_stopwords_parse(&b.stop, &b.stop_arena, sw->data, sw->len);
	if (rc == EVM_OK)
		rc = evm_lexicon_serialise(lx, &lextext, &lexlen);
	b.nfw = (uint32_t)lx->frameworks.len;
	for (uint32_t f = 0; rc == EVM_OK && f < b.nfw; f++)
		rc = analyse_framework(&b, lx->frameworks.items[f], &b.fw[f]);
	if (rc == EVM_OK)
		rc = evm_bridge_load_builtin(&br);
	uint8_t *used = NULL;
	size_t nused = b.terms.len;
	if (rc == EVM_OK) {
		used = calloc(nused + 1, 1);
		if (!used)
			rc = evm_err(EVM_ENOMEM, "out of memory");
		for (uint32_t f = 0; used && f < b.nfw; f++)
			for (size_t d = 0; d < b.fw[f].ndocs; d++)
				for (size_t k = 0; k < b.fw[f].docs[d].terms.n; k++)
					used[b.fw[f].docs[d].terms.v[k]] = 1;
	}
	if (rc == EVM_OK)
		rc = compile_bridge(&b, lx, &br, used, nused);
	if (rc == EVM_OK)
		rc = lend_crosswalk(&b, lx, &br);
	if (rc == EVM_OK)
		rc = set_typical(&b, lx, &br);
	free(used);
	if (rc == EVM_OK)
		rc = write_block(&b, lextext, lexlen, &block, &size);
	builder_free(&b);
	evm_bridge_free(&br);
	free(lextext);
	if (rc < 0)
		return rc;
	evm_index *ix = calloc(1, sizeof *ix);
	if (!ix) {
		free(block);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	rc = evm_ix_attach(ix, block, size, 0, "<built index>", lx);
	if (rc < 0) {
		evm_index_free(ix);
		return rc;
	}
	*out = ix;
	return EVM_OK;
}
