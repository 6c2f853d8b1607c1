/* Matching: text -> sentences -> weighted query terms -> indicator and
 * competency scores, with the evidence for each kept for explanation.
 *
 * A sentence's query is its content stems, the bigrams of neighbouring
 * stems, and the framework words its everyday phrases map to through the
 * thesaurus (at a discount). Per framework and sentence, each competency
 * collects three kinds of evidence:
 *   - the best indicator's BM25 score (what the sentence says, in the
 *     indicator's words);
 *   - the class score: how characteristic the sentence's terms are of the
 *     competency's text as a whole, which damps words like "team" that every
 *     competency uses and so stops any one competency acting as a sink;
 *   - cue phrases listed for the competency.
 * Competencies add up their evidence over sentences, so a statement is
 * judged on all it says rather than on the one sentence that happens to share
 * words with some indicator. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "index/index.h"
#include "lexicon/model.h"
#include "polarity.h"
#include "polarity_model.h"
#include "score/calibrate.h"
#include "score/competency_model.h"
#include "score/params.h"
#include "tokenise/analyse.h"
#include "tokenise/markup.h"
#include "util/error.h"
#include "words.h"
#include "util/strutil.h"

/* A term repeated in one sentence counts at most this much. */
#define Q_SATURATE 2.0f
#define MAX_EVIDENCE 8
/* Bullets are read as the writer's own actions only in a text this long. */
#define BULLET_STATEMENT_WORDS 80

typedef struct {
	uint8_t via;
	uint32_t first, last; /* tokens */
	int64_t phrase;       /* thesaurus/cue phrase, or -1 */
	float boost;          /* self_boost for the writer's own actions, else 1 */
} origin;

typedef struct {
	uint32_t term;
	float w;
	uint32_t origin;
} qterm;

typedef struct {
	uint16_t fw, comp;
	float w;
	uint32_t origin;
	uint32_t cue; /* index into ix->cues */
} qcue;

typedef struct {
	uint32_t q_start, q_n;   /* into the query-term array */
	uint32_t c_start, c_n;   /* into the cue array */
	evm_sentence_polarity pol;
	uint8_t bullet;          /* a list item opening with a past-tense verb: read as if it began with "I" */
} sentinfo;

typedef struct {
	double total;       /* summed over sentences */
	float best;         /* best single sentence */
	uint32_t best_sent;
} docscore;

typedef struct {
	double total;       /* the score: evidence over typical evidence (see rank) */
	double evidence;    /* summed over sentences */
	double by_pol[4];   /* evidence from effective / not-done / - / overdone sentences */
	double cue;
	uint32_t sentences;
	uint32_t best_sent;
	double best;
	double model_p;     /* the competency model's P, -1 if none */
	double model_factor; /* what total was multiplied by for it */
} compscore;

/* A framework's per-text score arrays, kept between texts. Only the
 * documents a text touched are cleared after it: a text touches a few
 * hundred of the thousands there are. */
typedef struct {
	docscore *docs;
	uint32_t *seen;  /* per document: the stamp of the text that last touched it */
	uint32_t *dirty; /* documents touched by the text being matched */
	size_t ndirty, capdocs;
	compscore *comps;
	uint8_t *allowed;
	size_t capcomps;
} fwbuf;

/* Per-thread scratch, kept between calls: allocation is the enemy of a
 * batch run of a hundred thousand records. */
typedef struct {
	evm_stemmer *st;
	evm_words *words;
	const uint64_t **tpat; /* per token: the polarity patterns its word anchors, or NULL */
	size_t captpat;
	evm_tokens tk;
	evm_terms tm;
	qterm *q;
	size_t nq, capq;
	uint32_t *qslot, *qstamp; /* per term id: its place in the open sentence's query, and that sentence's stamp */
	size_t capqslot;
	uint32_t sstamp; /* one per sentence queried */
	qcue *cu;
	size_t ncu, capcu;
	origin *org;
	size_t norg, caporg;
	uint32_t *sen;   /* origins of seniority cues */
	size_t nsen, capsen;
	uint32_t *tid; /* term id per analysed term */
	float *tw;     /* weight per analysed term (the writer's own actions count more) */
	size_t captid;
	uint32_t *cue_seen; /* per cue entry: the stamp of the text it was last seen in */
	size_t cap_cue_seen;
	uint32_t stamp;     /* one per text matched */
	int scope_fw;       /* the one framework searched, or -1: cues of others are not collected */
	double unmarked;    /* weight of a sentence read as effective (it has no cue) in deciding polarity */
	float *acc;
	uint8_t *hits; /* distinct query terms matching each document */
	uint32_t *touched;
	size_t capacc;
	fwbuf fb[64];
} scratch;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p)
{
	scratch *s = p;
	if (!s)
		return;
	evm_stemmer_free(s->st);
	evm_words_free(s->words);
	free(s->tpat);
	evm_tokens_free(&s->tk);
	evm_terms_free(&s->tm);
	free(s->q);
	free(s->qslot);
	free(s->qstamp);
	free(s->cu);
	free(s->org);
	free(s->sen);
	free(s->tid);
	free(s->tw);
	free(s->cue_seen);
	free(s->acc);
	free(s->hits);
	free(s->touched);
	for (int f = 0; f < 64; f++) {
		free(s->fb[f].docs);
		free(s->fb[f].seen);
		free(s->fb[f].dirty);
		free(s->fb[f].comps);
		free(s->fb[f].allowed);
	}
	free(s);
}

static void scratch_key_init(void) { pthread_key_create(&scratch_key, scratch_free); }

static scratch *get_scratch(void)
{
	pthread_once(&scratch_once, scratch_key_init);
	scratch *s = pthread_getspecific(scratch_key);
	if (s)
		return s;
	s = calloc(1, sizeof *s);
	if (!s || evm_stemmer_new(&s->st) < 0) {
		free(s);
		return NULL;
	}
	if (evm_words_new(&s->words) < 0) {
		evm_stemmer_free(s->st);
		free(s);
		return NULL;
	}
	evm_tokens_init(&s->tk);
	evm_terms_init(&s->tm);
	pthread_setspecific(scratch_key, s);
	return s;
}

#define GROW(arr, n, cap, extra)                                                      \
	do {                                                                          \
		if ((n) + (extra) > (cap)) {                                          \
			size_t nc_ = (cap) ? (cap) * 2 : 64;                          \
			while (nc_ < (n) + (extra))                                   \
				nc_ *= 2;                                             \
			void *np_ = realloc((arr), nc_ * sizeof *(arr));              \
			if (!np_)                                                     \
				return evm_err(EVM_ENOMEM, "out of memory");          \
			(arr) = np_;                                                  \
			(cap) = nc_;                                                  \
		}                                                                     \
	} while (0)

static int add_origin(scratch *s, uint8_t via, uint32_t first, uint32_t last, int64_t phrase, float boost,
		      uint32_t *out)
{
	GROW(s->org, s->norg, s->caporg, 1);
	s->org[s->norg] = (origin){via, first, last, phrase, boost};
	*out = (uint32_t)s->norg++;
	return EVM_OK;
}

/* realloc that leaves *p as it was when it fails. */
static int resize(void **p, size_t bytes)
{
	void *np = realloc(*p, bytes);
	if (!np)
		return -1;
	*p = np;
	return 0;
}

/* Adds w to term in the open sentence's query, saturating. Where the term
 * already is comes from qslot, valid while qstamp says it was set in this
 * sentence: a scan of the query for every term added was quadratic in the
 * sentence's length. */
static int add_q(scratch *s, uint32_t term, float w, uint32_t org)
{
	if (term < s->capqslot && s->qstamp[term] == s->sstamp) {
		qterm *q = &s->q[s->qslot[term]];
		if (q->w < w)
			q->origin = org; /* explain by the strongest source */
		q->w = q->w + w > Q_SATURATE ? Q_SATURATE : q->w + w;
		return EVM_OK;
	}
	if (term >= s->capqslot) {
		size_t cap = s->capqslot ? s->capqslot : 4096;
		while (cap <= term)
			cap *= 2;
		if (resize((void **)&s->qslot, cap * sizeof *s->qslot) < 0 ||
		    resize((void **)&s->qstamp, cap * sizeof *s->qstamp) < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
		memset(s->qstamp + s->capqslot, 0, (cap - s->capqslot) * sizeof *s->qstamp);
		s->capqslot = cap;
	}
	GROW(s->q, s->nq, s->capq, 1);
	s->qslot[term] = (uint32_t)s->nq;
	s->qstamp[term] = s->sstamp;
	s->q[s->nq++] = (qterm){term, w, org};
	return EVM_OK;
}

/* Whether cue entry cue was already seen in the text being matched (1), or
 * not (0); -1 when out of memory. A stamp per text saves clearing. */
static int cue_repeated(scratch *s, uint32_t cue)
{
	if (cue >= s->cap_cue_seen) {
		size_t cap = s->cap_cue_seen ? s->cap_cue_seen : 1024;
		while (cap <= cue)
			cap *= 2;
		uint32_t *np = realloc(s->cue_seen, cap * sizeof *np);
		if (!np)
			return -1;
		memset(np + s->cap_cue_seen, 0, (cap - s->cap_cue_seen) * sizeof *np);
		s->cue_seen = np;
		s->cap_cue_seen = cap;
	}
	int seen = s->cue_seen[cue] == s->stamp;
	s->cue_seen[cue] = s->stamp;
	return seen;
}

/* Query of one sentence: terms[a..b) of the analysed text. */
static int build_query(const evm_index *ix, scratch *s, size_t a, size_t b, sentinfo *si)
{
	const evm_params *P = evm_params_get();
	if (++s->sstamp == 0) { /* wrapped: forget every stamp */
		if (s->qstamp)
			memset(s->qstamp, 0, s->capqslot * sizeof *s->qstamp);
		s->sstamp = 1;
	}
	si->q_start = (uint32_t)s->nq;
	si->c_start = (uint32_t)s->ncu;
	int rc = EVM_OK;
	size_t sen_cover = a; /* terms up to here are inside a seniority phrase */
	for (size_t i = a; i < b && rc == EVM_OK; i++) {
		uint32_t org = 0;
		const evm_term *t = &s->tm.v[i];
		uint32_t id = s->tid[i];
		float tw = s->tw[i];
		if (id != EVM_NO_TERM) {
			rc = add_origin(s, EVM_VIA_WORD, t->tok, t->tok, -1, tw, &org);
			if (rc == EVM_OK)
				rc = add_q(s, id, tw, org);
		}
		if (rc == EVM_OK && i > a && id != EVM_NO_TERM && s->tid[i - 1] != EVM_NO_TERM) {
			const evm_term *p = &s->tm.v[i - 1];
			evm_word wa = {p->stem, p->stem_len, s->tid[i - 1], 0, NULL, 0, 0},
				 wb = {t->stem, t->stem_len, id, 0, NULL, 0, 0};
			uint32_t bid = evm_words_bigram(s->words, &wa, &wb);
			if (bid != EVM_NO_TERM) {
				rc = add_origin(s, EVM_VIA_BIGRAM, p->tok, t->tok, -1, tw, &org);
				if (rc == EVM_OK)
					rc = add_q(s, bid, tw, org);
			}
		}
		/* thesaurus and cue phrases starting here, longest first */
		uint8_t lens = id != EVM_NO_TERM ? ix->phrase_first[id] : 0;
		for (uint32_t n = EVM_PHRASE_MAX; n >= 1 && rc == EVM_OK && lens; n--) {
			if (i + n > b || !(lens & (1u << (n - 1))))
				continue; /* no phrase of that length starts with this term */
			uint32_t ids[EVM_PHRASE_MAX];
			int known = 1;
			for (uint32_t k = 0; k < n; k++) {
				ids[k] = s->tid[i + k];
				known &= ids[k] != EVM_NO_TERM;
			}
			if (!known)
				continue;
			int64_t ph = evm_ix_phrase_find(ix, ids, n);
			if (ph < 0)
				continue;
			const evm_ix_phrase *p = &ix->phrases[ph];
			if (p->exp_n) {
				rc = add_origin(s, EVM_VIA_THESAURUS, t->tok, s->tm.v[i + n - 1].tok, ph, tw, &org);
				for (uint32_t k = 0; k < p->exp_n && rc == EVM_OK; k++) {
					const evm_ix_expansion *e = &ix->exp[p->exp_start + k];
					rc = add_q(s, e->term, (float)(P->w_thesaurus * e->w) * tw, org);
				}
			}
			/* seniority: the longest phrase only ("senior probation officer", not
			 * also "probation officer" inside it) */
			if (p->seniority >= 0 && rc == EVM_OK && i >= sen_cover) {
				sen_cover = i + n;
				rc = add_origin(s, EVM_VIA_CUE, t->tok, s->tm.v[i + n - 1].tok, ph, tw, &org);
				if (rc == EVM_OK) {
					GROW(s->sen, s->nsen, s->capsen, 1);
					s->sen[s->nsen++] = org;
				}
			}
			if (p->cue_n && rc == EVM_OK) {
				rc = add_origin(s, EVM_VIA_CUE, t->tok, s->tm.v[i + n - 1].tok, ph, tw, &org);
				for (uint32_t k = 0; k < p->cue_n && rc == EVM_OK; k++) {
					const evm_ix_cue *c = &ix->cues[p->cue_start + k];
					if (s->scope_fw >= 0 && c->fw != (uint32_t)s->scope_fw)
						continue;
					/* a cue said again is less news than a new one */
					int rep = cue_repeated(s, p->cue_start + k);
					if (rep < 0)
						return evm_err(EVM_ENOMEM, "out of memory");
					float w = (rep ? c->w * (float)P->cue_repeat : c->w) * tw;
					GROW(s->cu, s->ncu, s->capcu, 1);
					s->cu[s->ncu++] = (qcue){c->fw, c->comp, w, org, p->cue_start + k};
				}
			}
		}
	}
	si->q_n = (uint32_t)(s->nq - si->q_start);
	si->c_n = (uint32_t)(s->ncu - si->c_start);
	return rc;
}

/* ---- result ------------------------------------------------------------- */

typedef struct {
	uint32_t start, end;
	evm_sentence_polarity pol;
} rsent;

struct evm_result {
	evm_arena arena;
	evm_competency_match *m;
	size_t n;
	rsent *sent;
	size_t nsent;
	evm_polarity polarity;
	size_t invalid, words;
	double model_p; /* the note-polarity model's P(shortfall); -1: not read */
	evm_model_term model_terms[EVM_MODEL_TERMS];
	size_t nmodel_terms;
};

const char *evm_via_name(evm_via v)
{
	static const char *const names[] = {"word", "bigram", "thesaurus", "cue", "class"};
	return (unsigned)v < 5 ? names[v] : "unknown";
}

size_t evm_result_count(const evm_result *r) { return r->n; }
const evm_competency_match *evm_result_get(const evm_result *r, size_t i) { return i < r->n ? &r->m[i] : NULL; }
size_t evm_result_sentence_count(const evm_result *r) { return r->nsent; }
evm_polarity evm_result_polarity(const evm_result *r) { return r->polarity; }
double evm_result_polarity_model(const evm_result *r, const evm_model_term **terms, size_t *nterms)
{
	if (terms)
		*terms = r->model_terms;
	if (nterms)
		*nterms = r->model_p >= 0 ? r->nmodel_terms : 0;
	return r->model_p;
}
size_t evm_result_invalid_bytes(const evm_result *r) { return r->invalid; }
size_t evm_result_word_count(const evm_result *r) { return r->words; }

void evm_result_sentence(const evm_result *r, size_t i, uint32_t *start, uint32_t *end, evm_polarity *pol,
			 uint32_t *cue_start, uint32_t *cue_end)
{
	if (i >= r->nsent)
		return;
	const rsent *s = &r->sent[i];
	if (start)
		*start = s->start;
	if (end)
		*end = s->end;
	if (pol)
		*pol = s->pol.polarity;
	if (cue_start)
		*cue_start = s->pol.cue_end > s->pol.cue_start ? s->start + (uint32_t)s->pol.cue_start : 0;
	if (cue_end)
		*cue_end = s->pol.cue_end > s->pol.cue_start ? s->start + (uint32_t)s->pol.cue_end : 0;
}

void evm_result_free(evm_result *r)
{
	if (!r)
		return;
	free(r->m);
	free(r->sent);
	evm_arena_free(&r->arena);
	free(r);
}

/* ---- scoring ------------------------------------------------------------ */

typedef struct {
	const evm_ix_framework *x;
	const evm_framework *fw;
	uint32_t f;
	docscore *docs;
	compscore *comps;
	uint8_t *allowed; /* competencies in scope */
	int has_negative, has_underdone;
	fwbuf *buf;
} fwstate;

/* How much a sentence of polarity p counts in deciding a competency's or
 * the text's polarity: an effective sentence is one with no cue, and in a
 * note about someone that is weak evidence (see evm_match). */
static double sentence_pol_weight(const scratch *s, evm_polarity p) { return p == EVM_POL_EFFECTIVE ? s->unmarked : 1.0; }

/* Scores one sentence against one framework, adding into st. It runs for
 * every sentence and framework: the arrays are local restrict pointers and
 * the parameters locals, since a store through uint8_t hits[] could alias
 * anything and would make the compiler reload them all at every posting. */
static void score_sentence(scratch *s, const sentinfo *si, uint32_t sidx, fwstate *st)
{
	const evm_params *P = evm_params_get();
	const evm_ix_framework *x = st->x;
	size_t ntouched = 0;
	/* a lexicon has at most EVM_LEX_MAX_COMPETENCIES per framework, and the
	 * index loader checks every competency number against it */
	_Static_assert(EVM_LEX_MAX_COMPETENCIES <= 1024, "per-sentence arrays too small");
	double cls[1024];
	double cue[1024];
	uint32_t nc = x->ncomp;
	memset(cls, 0, nc * sizeof *cls);
	memset(cue, 0, nc * sizeof *cue);
	float *restrict acc = s->acc;
	uint8_t *restrict hits = s->hits;
	uint32_t *restrict touched = s->touched;
	const uint32_t *post_start = x->post_start, *cpost_start = x->cpost_start;
	const evm_ix_posting *post = x->post;
	const evm_ix_cposting *cpost = x->cpost;
	/* a very common term says little about which indicator, and costs the
	 * most: its postings are skipped (the class score still counts it) */
	uint32_t max_df = (uint32_t)(P->max_df * x->ndocs);
	if (max_df < 12)
		max_df = 12;
	const qterm *qs = si->q_n ? s->q + si->q_start : NULL; /* s->q is NULL before any text had a term */
	for (uint32_t k = 0; k < si->q_n; k++) {
		const float qw = qs[k].w;
		const uint32_t term = qs[k].term;
		uint32_t p0 = post_start[term], p1 = post_start[term + 1];
		if (p1 - p0 > max_df)
			p1 = p0;
		for (uint32_t p = p0; p < p1; p++) {
			uint32_t d = post[p].doc;
			/* first touch by the hit count, not acc == 0: weights may sum
			 * to zero, and a document listed twice would overrun touched */
			uint8_t h = hits[d];
			if (h == 0)
				touched[ntouched++] = d;
			acc[d] += qw * post[p].w;
			hits[d] = h < 255 ? (uint8_t)(h + 1) : h;
		}
		for (uint32_t p = cpost_start[term]; p < cpost_start[term + 1]; p++)
			cls[cpost[p].comp] += qw * cpost[p].w;
	}
	for (uint32_t k = 0; k < si->c_n; k++) {
		const qcue *c = &s->cu[si->c_start + k];
		if (c->fw == st->f && c->comp < nc)
			cue[c->comp] += c->w;
	}
	const evm_polarity sp = si->pol.polarity;
	const int sent_neg = sp != EVM_POL_EFFECTIVE, has_negative = st->has_negative;
	const double coord = P->coord, polarity_off = P->polarity_off;
	const uint32_t stamp = s->stamp;
	uint32_t *restrict seen = st->buf->seen, *restrict dirty = st->buf->dirty;
	size_t ndirty = st->buf->ndirty;
	docscore *restrict docs = st->docs;
	const evm_ix_doc *xdocs = x->docs;
	double best[1024];
	memset(best, 0, nc * sizeof *best);
	/* what an indicator of each polarity keeps of its score in a sentence
	 * of this one: the same four factors for every document (the loader
	 * checks every document's polarity is one of the four) */
	double keep[4] = {1, 1, 1, 1};
	for (int dp = 0; dp < 4 && has_negative; dp++) {
		int doc_neg = dp != EVM_POL_EFFECTIVE;
		if (doc_neg != sent_neg)
			keep[dp] = polarity_off;
		else if (sent_neg && dp == EVM_POL_OVERDONE && sp != EVM_POL_OVERDONE)
			keep[dp] = 0.8; /* not done, matched against a too-much indicator */
		else if (sent_neg && dp == EVM_POL_UNDERDONE && sp == EVM_POL_OVERDONE)
			keep[dp] = 0.8;
	}
	for (size_t i = 0; i < ntouched; i++) {
		uint32_t d = touched[i];
		double v = acc[d];
		if (coord > 0)
			v *= 1 - pow(coord, hits[d]);
		acc[d] = 0;
		hits[d] = 0;
		const evm_ix_doc *doc = &xdocs[d];
		if (has_negative)
			v *= keep[doc->polarity];
		if (seen[d] != stamp) {
			seen[d] = stamp;
			dirty[ndirty++] = d;
		}
		docscore *ds = &docs[d];
		ds->total += v;
		if (v > ds->best) {
			ds->best = (float)v;
			ds->best_sent = sidx;
		}
		if (v > best[doc->comp])
			best[doc->comp] = v;
	}
	st->buf->ndirty = ndirty;
	const double w_ind = P->w_indicator, w_ind_pol = P->w_indicator_pol, w_class = P->w_class, w_cue = P->w_cue;
	const double pol_weight = sentence_pol_weight(s, sp);
	double norm = 1;
	if (P->sent_norm > 0) {
		double sum = 0;
		for (uint32_t c = 0; c < nc; c++)
			if (st->allowed[c])
				sum += w_ind * best[c] + w_class * cls[c] + w_cue * cue[c];
		norm = sum > 0 ? 1.0 / pow(sum, P->sent_norm) : 1;
	}
	const uint8_t *allowed = st->allowed;
	compscore *restrict comps = st->comps;
	for (uint32_t c = 0; c < nc; c++) {
		if (!allowed[c])
			continue;
		double e = (w_ind * best[c] + w_class * cls[c] + w_cue * cue[c]) * norm;
		/* which way a competency's evidence reads leans on the indicators
		 * matched, of the sentence's polarity, more than its ranking does:
		 * an indicator's wording is weak evidence of which competency, but
		 * a negative indicator matched is good evidence of a negative note */
		double ep = (w_ind_pol * best[c] + w_class * cls[c] + w_cue * cue[c]) * norm;
		compscore *cs = &comps[c];
		if (ep > 0)
			cs->by_pol[sp] += ep * pol_weight;
		if (e <= 0)
			continue;
		cs->evidence += e;
		cs->cue += w_cue * cue[c];
		cs->sentences++;
		if (e > cs->best) {
			cs->best = e;
			cs->best_sent = sidx;
		}
	}
}

/* Is doc d's posting list entry for term present? Its weight, or 0. */
static float posting_weight(const evm_ix_framework *x, uint32_t term, uint32_t d)
{
	uint32_t lo = x->post_start[term], hi = x->post_start[term + 1];
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (x->post[mid].doc < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->post_start[term + 1] && x->post[lo].doc == d ? x->post[lo].w : 0;
}

typedef struct {
	const evm_ix_framework *x;
	const evm_framework *fw;
	uint32_t c;
	double score;
	fwstate *st;
} cand;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	return x->score < y->score ? 1 : x->score > y->score ? -1 : 0;
}

static int cmp_evidence(const void *a, const void *b)
{
	const evm_evidence *x = a, *y = b;
	return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : 0;
}

/* qsort's merge sort is stable, and what it returns is what the output
 * has always shown; but it allocates and calls the comparison through a
 * pointer, which cost more than the sorting on arrays this short. A stable
 * insertion sort gives the same order; long arrays still go to qsort. */
#define SHORT_SORT 48

static void sort_evidence(evm_evidence *ev, size_t n)
{
	if (n > SHORT_SORT) {
		qsort(ev, n, sizeof *ev, cmp_evidence);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		evm_evidence e = ev[i];
		size_t j = i;
		for (; j > 0 && ev[j - 1].weight < e.weight; j--)
			ev[j] = ev[j - 1];
		ev[j] = e;
	}
}

/* The first k of cands in the order a stable sort by score (descending)
 * gives, in cands[0..k): each taken goes after those that score the same. */
static void top_cands(cand *c, size_t n, size_t k)
{
	if (k >= n || k > SHORT_SORT) {
		qsort(c, n, sizeof *c, cmp_cand);
		return;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m == k && !(c[i].score > c[m - 1].score))
			continue;
		cand x = c[i];
		size_t j = m < k ? m++ : m - 1;
		for (; j > 0 && c[j - 1].score < x.score; j--)
			c[j] = c[j - 1];
		c[j] = x;
	}
}

static void fill_evidence_origin(const evm_index *ix, const scratch *s, uint32_t org, evm_evidence *e)
{
	const origin *o = &s->org[org];
	e->via = (evm_via)o->via;
	e->start = s->tk.tok[o->first].start;
	e->end = s->tk.tok[o->last].end;
	e->rule = "";
	e->rule_source = "";
	e->boost = o->boost;
	if (o->phrase >= 0) {
		const evm_ix_phrase *p = &ix->phrases[o->phrase];
		e->rule = ix->strings + p->text;
		e->rule_source = ix->strings + p->source;
	}
}

/* The evidence terms of doc d in sentence sidx. */
static int explain_doc(const evm_index *ix, const scratch *s, const sentinfo *sents, const evm_ix_framework *x,
		       uint32_t d, uint32_t sidx, evm_arena *arena, const evm_evidence **out, size_t *n)
{
	const sentinfo *si = &sents[sidx];
	evm_evidence *ev = evm_arena_alloc(arena, (si->q_n ? si->q_n : 1) * sizeof *ev);
	if (!ev)
		return evm_err(EVM_ENOMEM, "out of memory");
	size_t k = 0;
	for (uint32_t i = 0; i < si->q_n; i++) {
		const qterm *q = &s->q[si->q_start + i];
		float w = posting_weight(x, q->term, d);
		if (w <= 0)
			continue;
		evm_evidence *e = &ev[k++];
		fill_evidence_origin(ix, s, q->origin, e);
		e->term = evm_ix_term_text(ix, q->term);
		e->weight = q->w * w;
	}
	sort_evidence(ev, k);
	*out = ev;
	*n = k < MAX_EVIDENCE ? k : MAX_EVIDENCE;
	return EVM_OK;
}

static int is_word(const evm_token *t, const char *w)
{
	return (t->flags & EVM_TOK_WORD) && t->norm_len == strlen(w) && memcmp(t->norm, w, t->norm_len) == 0;
}

/* Whether sentence sn is a list item (the tokeniser marks them) that opens
 * with a verb in the past tense ("- Reorganised the rota", "2. Led the
 * review"): the way a statement is set out as bullets, with the "I" left
 * out. Such an item is read as if it began with "I". */
static int bullet_action(const evm_tokens *tk, const evm_sentence *sn)
{
	static const char *const irregular[] = {"led", "ran", "set", "built", "made", "took", "wrote", "gave",
						"met", "kept", "brought", "drove", "won", "sought", "taught", "held",
						"got", "put", "found", "began", "chose", "spoke", "sent", "spent", "told",
						"sat", "stood", "went", "did", "oversaw", "undertook", "drew", "broke",
						"paid", "laid", "sold", "bought", "caught", "lent", "rang", "saw", "felt",
						"heard", "understood", "withdrew", "rewrote", "shut", "fought", NULL};
	if (!(sn->flags & EVM_SENT_LIST_ITEM) || !sn->count || !(tk->tok[sn->first].flags & EVM_TOK_WORD))
		return 0;
	const evm_token *v = &tk->tok[sn->first];
	if (v->norm_len >= 4 && v->norm[v->norm_len - 2] == 'e' && v->norm[v->norm_len - 1] == 'd')
		return 1;
	for (const char *const *w = irregular; *w; w++)
		if (is_word(v, *w))
			return 1;
	return 0;
}

/* Whether the text is told in the first person (a statement, an interview
 * answer): "I" or "my" at least twice, a bullet that opens with a past-tense
 * verb counting as an "I". Third-person notes are not. */
static int told_in_first_person(const evm_tokens *tk, const sentinfo *sents)
{
	size_t self = 0;
	for (size_t i = 0; i < tk->nsent && self < 2; i++)
		self += sents[i].bullet;
	for (size_t i = 0; i < tk->ntok && self < 2; i++)
		/* of the tokeniser's first-person words, "I" and its contractions
		 * ("i'd", "i'm"...: those starting with "i") and "my" */
		self += (tk->tok[i].flags & EVM_TOK_FIRST_PERSON) && (tk->tok[i].norm[0] == 'i' || is_word(&tk->tok[i], "my"));
	return self >= 2;
}

/* In a text told in the first person (a statement, an interview answer), a
 * problem named in a sentence is usually the situation the writer found,
 * not the writer's own failing: "the team kept missing its targets, so I set
 * up a rota". There a negative or too-much cue counts only when the writer
 * owns it, with "I" among the three words before it ("I didn't escalate",
 * "I was too cautious"). Third-person notes are judged as they read. */
static void first_person_context(const evm_tokens *tk, sentinfo *sents)
{
	for (size_t si = 0; si < tk->nsent; si++) {
		evm_sentence_polarity *p = &sents[si].pol;
		if (p->polarity == EVM_POL_EFFECTIVE)
			continue;
		const evm_sentence *sn = &tk->sent[si];
		uint32_t cue = sn->start + (uint32_t)p->cue_start;
		size_t k = sn->first;
		while (k < sn->first + sn->count && tk->tok[k].end <= cue)
			k++;
		int owned = sents[si].bullet && k < sn->first + 3; /* the bullet's unwritten "I" */
		for (size_t back = 1; back <= 3 && k >= sn->first + back; back++)
			owned |= is_word(&tk->tok[k - back], "i");
		if (!owned)
			*p = (evm_sentence_polarity){EVM_POL_EFFECTIVE, 0, 0};
	}
}

/* The strongest class evidence of a competency over all sentences: which
 * words of the text made its class score, and where. */
typedef struct {
	evm_evidence top[MAX_EVIDENCE];
	size_t k;
} classtop;

/* Class evidence of every shown competency of framework x in one walk over
 * the query terms' class postings (one walk per competency cost five times
 * as much): slot[c] is where competency c's goes in tops, or -1. */
static void explain_classes(const evm_index *ix, const scratch *s, const evm_ix_framework *x, const int32_t *slot,
			    classtop *tops)
{
	double wc = evm_params_get()->w_class;
	for (size_t i = 0; i < s->nq; i++) {
		const qterm *q = &s->q[i];
		for (uint32_t p = x->cpost_start[q->term]; p < x->cpost_start[q->term + 1]; p++) {
			int32_t sl = slot[x->cpost[p].comp];
			if (sl < 0)
				continue;
			classtop *ct = &tops[sl];
			double w = wc * q->w * x->cpost[p].w;
			if (w <= 0 || (ct->k == MAX_EVIDENCE && w <= ct->top[ct->k - 1].weight))
				continue;
			size_t j = ct->k < MAX_EVIDENCE ? ct->k++ : ct->k - 1;
			while (j > 0 && ct->top[j - 1].weight < w) {
				ct->top[j] = ct->top[j - 1];
				j--;
			}
			fill_evidence_origin(ix, s, q->origin, &ct->top[j]);
			if (ct->top[j].via != EVM_VIA_THESAURUS)
				ct->top[j].via = EVM_VIA_CLASS;
			ct->top[j].term = evm_ix_term_text(ix, q->term);
			ct->top[j].weight = w;
		}
	}
}

static evm_polarity framework_polarity(const fwstate *st, const compscore *cs, int text_over)
{
	double pos = cs->by_pol[EVM_POL_EFFECTIVE], neg = cs->by_pol[EVM_POL_INEFFECTIVE], over = cs->by_pol[EVM_POL_OVERDONE];
	if (pos >= neg + over)
		return EVM_POL_EFFECTIVE;
	/* an excess named beside shortfalls is usually their cause: "insists on
	 * re-reading every report herself. The team feel undermined." That
	 * holds for the text, not only the sentences that matched this
	 * competency: "Involves everyone in everything. Nothing has been
	 * decided in three months." */
	if (st->has_underdone)
		return over > 0 || text_over ? EVM_POL_OVERDONE : EVM_POL_UNDERDONE;
	return EVM_POL_INEFFECTIVE;
}

/* Where the note-polarity model is confident it overrules the patterns: a
 * list of phrasings written from some writers' notes misses how others put
 * a failing, and a model over many writers' words carried to a new
 * writer's notes where the patterns did not (corpus/probes/README.md). */
static evm_polarity model_overrule(double p, evm_polarity pol, int has_underdone, int text_over)
{
	if (p > EVM_MODEL_HIGH && pol == EVM_POL_EFFECTIVE)
		return has_underdone ? (text_over ? EVM_POL_OVERDONE : EVM_POL_UNDERDONE) : EVM_POL_INEFFECTIVE;
	if (p >= 0 && p < EVM_MODEL_LOW && pol != EVM_POL_EFFECTIVE)
		return EVM_POL_EFFECTIVE;
	return pol;
}

/* Level estimate: the level whose indicators the text matched most (summed
 * evidence over the square root of how many indicators the level has, so a
 * level is not favoured for having many), pulled towards the scope the
 * seniority cues read ("board", "my caseload"). A band outside the ladder
 * (rank 0: NOMS prison-facing staff) wins when most of the evidence is its. */
static const evm_level *estimate_level(const evm_index *ix, const scratch *s, const fwstate *st, uint32_t c,
				       double *rank_out)
{
	const evm_params *P = evm_params_get();
	size_t nl = evm_framework_level_count(st->fw);
	int rank[EVM_LEX_MAX_LEVELS];
	double per[EVM_LEX_MAX_LEVELS], cnt[EVM_LEX_MAX_LEVELS];
	int lo = 0, hi = 0;
	const evm_level *band_level = NULL;
	for (size_t i = 0; i < nl && i < EVM_LEX_MAX_LEVELS; i++) {
		const evm_level *lv = evm_framework_level(st->fw, i);
		rank[i] = lv->rank;
		per[i] = cnt[i] = 0;
		if (lv->rank <= 0) {
			band_level = band_level ? band_level : lv;
			continue;
		}
		if (!lo || lv->rank < lo)
			lo = lv->rank;
		if (lv->rank > hi)
			hi = lv->rank;
	}
	*rank_out = 0;
	if (!lo || hi == lo)
		return NULL;
	double sw = 0, band = 0;
	const uint32_t *bc = ix->by_comp[st->f], *cd = bc + st->x->ncomp + 1;
	for (uint32_t j = bc[c]; j < bc[c + 1]; j++) {
		uint32_t d = cd[j];
		const evm_ix_doc *doc = &st->x->docs[d];
		if (doc->flags & EVM_DOC_DEFINITION)
			continue;
		size_t k = 0;
		while (k < nl && k < EVM_LEX_MAX_LEVELS && (doc->level_rank <= 0 || rank[k] != doc->level_rank))
			k++;
		int on_ladder = k < nl && k < EVM_LEX_MAX_LEVELS;
		if (on_ladder)
			cnt[k] += 1;
		double v = st->docs[d].total;
		if (v <= 0)
			continue;
		if (doc->level_rank <= 0) {
			band += v * v;
		} else if (on_ladder) {
			sw += v * v;
			per[k] += v;
		}
	}
	if (band_level && band > P->band_share * (band + sw))
		return band_level;
	double sen = 0;
	for (size_t i = 0; i < s->nsen; i++)
		sen += ix->phrases[s->org[s->sen[i]].phrase].seniority;
	if (sw <= 0 && !s->nsen)
		return NULL;
	double cue_r = s->nsen ? lo + (sen / (double)s->nsen) * (hi - lo) : 0;
	double r = cue_r, bestv = -1;
	for (size_t k = 0; sw > 0 && k < nl && k < EVM_LEX_MAX_LEVELS; k++) {
		if (!cnt[k] || rank[k] <= 0)
			continue;
		double v = per[k] / sqrt(cnt[k]);
		if (s->nsen)
			v *= exp(-P->level_pull * (rank[k] - cue_r) * (rank[k] - cue_r));
		if (v > bestv) {
			bestv = v;
			r = rank[k];
		}
	}
	*rank_out = r;
	const evm_level *best = NULL;
	double bd = 1e9;
	for (size_t i = 0; i < nl; i++) {
		const evm_level *lv = evm_framework_level(st->fw, i);
		if (lv->rank <= 0)
			continue;
		double dd = fabs(lv->rank - r);
		if (dd < bd) {
			bd = dd;
			best = lv;
		}
	}
	return best;
}

static int in_scope(const evm_framework *fw, const evm_competency *c, const evm_match_options *o)
{
	if (!o || !o->ncompetencies)
		return 1;
	for (size_t i = 0; i < o->ncompetencies; i++) {
		const char *want = o->competencies[i];
		if (!want)
			continue;
		if (evm_strcasecmp(c->name, want) == 0 || strcmp(c->id, want) == 0)
			return 1;
		(void)fw;
	}
	return 0;
}

/* Copies text, replacing invalid UTF-8 and NUL bytes by '?' and ' ', and
 * blanking HTML markup, so that offsets stay the same and the pattern engine
 * never sees bad bytes. The text itself is used when there is nothing to do. */
static const char *sanitise(const char *text, size_t len, char **copy, size_t *invalid)
{
	*copy = NULL;
	*invalid = 0;
	size_t ok = evm_utf8_valid_prefix(text, len);
	int markup = memchr(text, '<', len) || memchr(text, '&', len);
	if (ok == len && !markup && !memchr(text, 0, len))
		return text;
	char *c = malloc(len + 1);
	if (!c)
		return NULL;
	memcpy(c, text, len);
	c[len] = '\0';
	*invalid = evm_utf8_scrub(c, len);
	if (markup)
		evm_markup_blank(c, len);
	*copy = c;
	return c;
}

/* A statement or interview answer is evidence of what the writer did: in a
 * text told in the first person, the words shortly after an "I" ("I pulled
 * the figures", "I explained my reasoning") are the actions, the rest mostly
 * the situation. Their terms and cues weigh self_boost times as much. */
static void own_actions(const evm_tokens *tk, const evm_terms *tm, int first_person, const sentinfo *sents,
			float *tw)
{
	const evm_params *P = evm_params_get();
	for (size_t i = 0; i < tm->n; i++)
		tw[i] = 1.0f;
	if (!first_person || P->self_boost == 1.0)
		return;
	/* one past the latest "I" in the sentence (SIZE_MAX: none), so that a
	 * bullet's unwritten "I" can stand just before its first word */
	size_t last_i = SIZE_MAX;
	uint32_t sent = UINT32_MAX;
	size_t k = 0;
	for (size_t t = 0; t < tk->ntok && k < tm->n; t++) {
		if (tk->tok[t].sentence != sent) {
			sent = tk->tok[t].sentence;
			last_i = sent < tk->nsent && sents[sent].bullet ? t : SIZE_MAX;
		}
		if ((tk->tok[t].flags & EVM_TOK_FIRST_PERSON) && is_word(&tk->tok[t], "i"))
			last_i = t + 1;
		for (; k < tm->n && tm->v[k].tok == t; k++)
			if (last_i != SIZE_MAX && t + 1 - last_i <= (size_t)P->self_window)
				tw[k] = (float)P->self_boost;
	}
}

static int push_term(scratch *s, uint32_t tok, uint32_t sentence, const evm_word *w)
{
	evm_terms *tm = &s->tm;
	if (tm->n == tm->cap || tm->n == s->captid) {
		size_t cap = tm->cap > s->captid ? tm->cap : s->captid;
		cap = cap ? cap * 2 : 256;
		if (resize((void **)&tm->v, cap * sizeof *tm->v) < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
		tm->cap = cap;
		if (resize((void **)&s->tid, cap * sizeof *s->tid) < 0 || resize((void **)&s->tw, cap * sizeof *s->tw) < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
		s->captid = cap;
	}
	tm->v[tm->n] = (evm_term){tok, sentence, w->stem, w->stem_len};
	s->tid[tm->n++] = w->term;
	return EVM_OK;
}

/* Whether token t, a STAR heading word (evm_word.heading), stands as a
 * heading ("Situation:", "Result" alone on its line, "- Action -"): the
 * first word on its line, with a colon, a dash or the line end after it.
 * Applicants are taught to set a statement out under these headings; as
 * words they would count for whatever competency talks about results or
 * actions. */
static int star_heading(const char *text, size_t len, const evm_token *t)
{
	if (!(t->flags & EVM_TOK_LINE_FIRST))
		return 0;
	size_t i = t->end;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
		i++;
	return i == len || text[i] == '\n' || text[i] == ':' || text[i] == '-' ||
	       (i + 2 < len && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
		((unsigned char)text[i + 2] == 0x93 || (unsigned char)text[i + 2] == 0x94)); /* en or em dash */
}

/* Tokens -> content terms and their term ids, and each token's polarity
 * trigger kinds, through the per-thread word memo: what evm_analyse,
 * evm_ix_term and evm_polarity_set_trigger would say, one lookup a word. */
static int analyse_words(const evm_index *ix, scratch *s, const char *text, size_t len)
{
	const evm_tokens *tk = &s->tk;
	if (tk->ntok > s->captpat) {
		const uint64_t **tp = realloc(s->tpat, tk->ntok * sizeof *tp);
		if (!tp)
			return evm_err(EVM_ENOMEM, "out of memory");
		s->tpat = tp;
		s->captpat = tk->ntok;
	}
	evm_words_begin(s->words, ix, tk->ntok);
	for (size_t i = 0; i < tk->ntok; i++) {
		const evm_token *t = &tk->tok[i];
		s->tpat[i] = NULL;
		if (!(t->flags & EVM_TOK_WORD))
			continue;
		const evm_word *w = evm_words_get(s->words, s->st, t->norm, t->norm_len);
		if (!w)
			return evm_err(EVM_ENOMEM, "out of memory");
		s->tpat[i] = w->patterns;
		int rc = EVM_OK;
		if (w->heading && w->stem && star_heading(text, len, t))
			continue;
		if (!w->compound) {
			if (w->stem)
				rc = push_term(s, (uint32_t)i, t->sentence, w);
		} else {
			/* hyphenated: each part by itself ("co-ordinate", "cross-functional") */
			size_t from = 0, n = t->norm_len;
			for (size_t k = 0; k <= n && rc == EVM_OK; k++)
				if (k == n || t->norm[k] == '-') {
					const evm_word *p = evm_words_get(s->words, s->st, t->norm + from, k - from);
					if (!p)
						return evm_err(EVM_ENOMEM, "out of memory");
					if (p->stem)
						rc = push_term(s, (uint32_t)i, t->sentence, p);
					from = k + 1;
				}
		}
		if (rc < 0)
			return rc;
	}
	return EVM_OK;
}

/* Makes b hold ndocs documents and ncomp competencies, all clear. */
static int fwbuf_fit(fwbuf *b, size_t ndocs, size_t ncomp)
{
	if (ndocs + 1 > b->capdocs) {
		size_t cap = ndocs + 1;
		docscore *d = realloc(b->docs, cap * sizeof *d);
		if (d)
			b->docs = d;
		uint32_t *se = realloc(b->seen, cap * sizeof *se);
		if (se)
			b->seen = se;
		uint32_t *di = realloc(b->dirty, cap * sizeof *di);
		if (di)
			b->dirty = di;
		if (!d || !se || !di)
			return -1;
		memset(b->docs + b->capdocs, 0, (cap - b->capdocs) * sizeof *d);
		memset(b->seen + b->capdocs, 0, (cap - b->capdocs) * sizeof *se);
		b->capdocs = cap;
	}
	if (ncomp + 1 > b->capcomps) {
		size_t cap = ncomp + 1;
		compscore *c = realloc(b->comps, cap * sizeof *c);
		if (c)
			b->comps = c;
		uint8_t *a = realloc(b->allowed, cap);
		if (a)
			b->allowed = a;
		if (!c || !a)
			return -1;
		b->capcomps = cap;
	}
	return 0;
}

static void fwbuf_clear(fwbuf *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->ndirty; i++)
		b->docs[b->dirty[i]] = (docscore){0, 0, 0};
	b->ndirty = 0;
}

/* One competency model's reading of the text: the built-in model reads for
 * the built-in frameworks, a loaded one for the frameworks it covers; at most
 * the two. */
typedef struct {
	const evm_cmodel *m;
	uint32_t *feats; /* its features in the text, for the explanations */
	size_t nfeats;
} mread;
#define MAX_MODELS 2

static void mreads_free(mread *mr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(mr[i].feats);
}

/* Multiplies each competency's score by (n * P)^model_pow, P its framework's
 * model's probability for it among the framework's n competencies: an even
 * share leaves the score as it was. Each model reads the text once for every
 * framework in scope it covers. */
static int apply_model(const evm_index *ix, const char *t, size_t len, fwstate *st, uint32_t nst, mread *mr,
		       size_t *nmr)
{
	const double mpow = evm_params_get()->model_pow;
	*nmr = 0;
	for (uint32_t k = 0; k < nst; k++) {
		for (uint32_t c = 0; c < st[k].x->ncomp; c++) {
			st[k].comps[c].model_p = -1;
			st[k].comps[c].model_factor = 1;
		}
		const evm_cmodel *m = ix->model[st[k].f];
		size_t i = 0;
		while (i < *nmr && mr[i].m != m)
			i++;
		if (m && i == *nmr && *nmr < MAX_MODELS)
			mr[(*nmr)++] = (mread){m, NULL, 0};
	}
	if (mpow <= 0) {
		*nmr = 0;
		return EVM_OK;
	}
	int rc = EVM_OK;
	for (size_t i = 0; i < *nmr && rc == EVM_OK; i++) {
		const evm_cmodel *cm = mr[i].m;
		double *z = malloc((cm->nclass + 1) * sizeof *z);
		rc = z ? evm_cmodel_read(cm, t, len, z, &mr[i].feats, &mr[i].nfeats) : evm_err(EVM_ENOMEM, "out of memory");
		for (uint32_t k = 0; k < nst && rc == EVM_OK; k++) {
			const uint16_t *mc = ix->model_class[st[k].f];
			uint32_t n = st[k].x->ncomp;
			if (ix->model[st[k].f] != cm || !mc)
				continue;
			double top = z[mc[0]], sum = 0;
			for (uint32_t c = 1; c < n; c++)
				top = z[mc[c]] > top ? z[mc[c]] : top;
			for (uint32_t c = 0; c < n; c++)
				sum += exp(z[mc[c]] - top);
			for (uint32_t c = 0; c < n; c++) {
				compscore *cs = &st[k].comps[c];
				cs->model_p = exp(z[mc[c]] - top) / sum;
				cs->model_factor = pow(n * cs->model_p, mpow);
				cs->total *= cs->model_factor;
			}
		}
		free(z);
	}
	return rc;
}

/* The competency model's terms for every competency shown, in one pass over
 * each model's features in the text; into r->m[i].model_terms (the arena). */
static int explain_model(const evm_index *ix, const cand *cands, evm_result *r, const evm_match_options *opt,
			 const mread *mr, size_t nmr)
{
	if ((opt && opt->brief) || !r->n || !nmr)
		return EVM_OK;
	size_t *n = calloc(r->n, sizeof *n);
	evm_model_term *terms = evm_arena_alloc(&r->arena, r->n * EVM_MODEL_TERMS * sizeof *terms);
	if (!n || !terms) {
		free(n);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	for (size_t j = 0; j < nmr; j++) {
		const evm_cmodel *cm = mr[j].m;
		int32_t *slot = malloc((cm->nclass + 1) * sizeof *slot);
		if (!slot) {
			free(n);
			return evm_err(EVM_ENOMEM, "out of memory");
		}
		for (size_t c = 0; c < cm->nclass; c++)
			slot[c] = -1;
		for (size_t i = 0; i < r->n; i++)
			if (ix->model[cands[i].st->f] == cm)
				slot[ix->model_class[cands[i].st->f][cands[i].c]] = (int32_t)i;
		evm_cmodel_explain(cm, slot, mr[j].feats, mr[j].nfeats, terms, EVM_MODEL_TERMS, n);
		free(slot);
	}
	for (size_t i = 0; i < r->n; i++)
		if (cands[i].st->comps[cands[i].c].model_p >= 0) { /* a model read for it */
			r->m[i].model_terms = terms + i * EVM_MODEL_TERMS;
			r->m[i].nmodel_terms = n[i];
		}
	free(n);
	return EVM_OK;
}

int evm_match(const evm_index *ix, const char *text, size_t len, const evm_match_options *opt, evm_result **out)
{
	if (!ix || (!text && len) || !out)
		return evm_err(EVM_EINVAL, "evm_match: NULL argument");
	if (len > EVM_MAX_TEXT)
		return evm_err(EVM_ELIMIT, "text of %zu bytes is over the limit of %u bytes", len, EVM_MAX_TEXT);
	if (evm_polarity_init() < 0)
		return EVM_EINVAL;
	scratch *s = get_scratch();
	if (!s)
		return evm_err(EVM_ENOMEM, "out of memory");
	char *copy;
	size_t invalid;
	const char *t = sanitise(text ? text : "", len, &copy, &invalid);
	if (!t)
		return evm_err(EVM_ENOMEM, "out of memory");
	evm_tokens_reset(&s->tk);
	evm_terms_reset(&s->tm);
	s->nq = s->ncu = s->norg = s->nsen = 0;
	if (++s->stamp == 0) { /* wrapped: forget every stamp */
		memset(s->cue_seen, 0, s->cap_cue_seen * sizeof *s->cue_seen);
		for (int f = 0; f < 64; f++)
			if (s->fb[f].seen)
				memset(s->fb[f].seen, 0, s->fb[f].capdocs * sizeof *s->fb[f].seen);
		s->stamp = 1;
	}
	int rc = evm_tokenise(&s->tk, t, len);
	if (rc == EVM_OK)
		rc = analyse_words(ix, s, t, len);
	evm_result *r = calloc(1, sizeof *r);
	sentinfo *sents = calloc(s->tk.nsent + 1, sizeof *sents);
	fwstate st[64];
	memset(st, 0, sizeof st);
	uint32_t nst = 0;
	cand *cands = NULL;
	mread mr[MAX_MODELS];
	size_t nmr = 0;
	if (!r || !sents)
		rc = evm_err(EVM_ENOMEM, "out of memory");
	if (rc < 0)
		goto fail;
	evm_arena_init(&r->arena);
	r->invalid = invalid + s->tk.invalid_utf8;
	for (size_t i = 0; i < s->tk.ntok; i++)
		r->words += (s->tk.tok[i].flags & (EVM_TOK_WORD | EVM_TOK_NUMBER)) != 0;
	/* A statement set out as bullets leaves out its "I"s; a manager's note
	 * set out as bullets ("- Approved the extension without sign-off") is
	 * about someone else and as short as notes are. Statements run to 80
	 * words and more. */
	if (r->words >= BULLET_STATEMENT_WORDS)
		for (size_t si = 0; si < s->tk.nsent; si++)
			sents[si].bullet = (uint8_t)bullet_action(&s->tk, &s->tk.sent[si]);
	int first_person = told_in_first_person(&s->tk, sents);
	/* A note about someone says what went wrong in one sentence and what it
	 * led to in the next, without a cue word: there a sentence without a
	 * cue is weak evidence of a strength. A statement is the writer's case
	 * for themselves, and unmarked sentences are its strengths. */
	s->unmarked = first_person ? 1.0 : evm_params_get()->unmarked_pol;
	/* the model was fitted on notes about someone: a statement's problems
	 * are mostly the situation it starts from */
	r->model_p = -1;
	if (!first_person) {
		r->model_p = evm_polarity_model_score(evm_polarity_model_builtin(), t, len, r->model_terms, EVM_MODEL_TERMS,
						      &r->nmodel_terms);
	}
	own_actions(&s->tk, &s->tm, first_person, sents, s->tw);

	/* queries and polarity, sentence by sentence */
	size_t a = 0;
	r->nsent = s->tk.nsent;
	r->sent = calloc(r->nsent + 1, sizeof *r->sent);
	if (!r->sent) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto fail;
	}
	s->scope_fw = -1;
	for (uint32_t f = 0; opt && opt->framework && f < ix->nframeworks; f++)
		if (strcmp(opt->framework, evm_framework_id(evm_lexicon_framework(ix->lexicon, f))) == 0)
			s->scope_fw = (int)f;
	for (size_t si = 0; si < s->tk.nsent && rc == EVM_OK; si++) {
		size_t b = a;
		while (b < s->tm.n && s->tm.v[b].sentence == si)
			b++;
		rc = build_query(ix, s, a, b, &sents[si]);
		a = b;
	}
	if (rc < 0)
		goto fail;
	/* polarity: sentences without a possible cue word need no pattern run,
	 * and the others a search only from just before their first one */
	const evm_polarity_set *pol = evm_polarity_builtin(); /* evm_polarity_init above made it */
	/* the byte offsets (in the sentence) of its trigger words, with the
	 * patterns each anchors */
	uint32_t *at = malloc((s->tk.ntok + 1) * sizeof *at);
	const uint64_t **pats = malloc((s->tk.ntok + 1) * sizeof *pats);
	if (!at || !pats) {
		free(at);
		free(pats);
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t si = 0; si < s->tk.nsent; si++) {
		const evm_sentence *sn = &s->tk.sent[si];
		size_t n = 0;
		for (uint32_t i = sn->first; i < sn->first + sn->count; i++) {
			if (!s->tpat[i])
				continue;
			const evm_token *tk = &s->tk.tok[i];
			at[n] = tk->start > sn->start ? tk->start - sn->start : 0;
			pats[n++] = s->tpat[i];
		}
		if (n)
			sents[si].pol = evm_polarity_set_search_masked(pol, t + sn->start, sn->end - sn->start, at, pats, n);
	}
	free(at);
	free(pats);
	if (first_person)
		first_person_context(&s->tk, sents);
	for (size_t si = 0; si < s->tk.nsent; si++)
		r->sent[si] = (rsent){s->tk.sent[si].start, s->tk.sent[si].end, sents[si].pol};
	/* frameworks in scope */
	const evm_lexicon *lx = ix->lexicon;
	size_t maxdocs = 0;
	for (uint32_t f = 0; f < ix->nframeworks; f++) {
		const evm_framework *fw = evm_lexicon_framework(lx, f);
		if (opt && opt->framework && strcmp(opt->framework, evm_framework_id(fw)) != 0)
			continue;
		fwstate *x = &st[nst++];
		x->x = &ix->fw[f];
		x->fw = fw;
		x->f = f;
		if (fwbuf_fit(&s->fb[f], x->x->ndocs, x->x->ncomp) < 0) {
			rc = evm_err(EVM_ENOMEM, "out of memory");
			goto fail;
		}
		x->buf = &s->fb[f];
		x->docs = x->buf->docs;
		x->comps = x->buf->comps;
		x->allowed = x->buf->allowed;
		memset(x->comps, 0, (x->x->ncomp + 1) * sizeof *x->comps);
		for (uint32_t c = 0; c < x->x->ncomp; c++)
			x->allowed[c] = (uint8_t)in_scope(fw, evm_framework_competency(fw, c), opt);
		x->has_negative = ix->fw_negative[f];
		x->has_underdone = ix->fw_underdone[f];
		if (x->x->ndocs > maxdocs)
			maxdocs = x->x->ndocs;
	}
	if (opt && opt->framework && !nst) {
		rc = evm_err(EVM_ENOTFOUND, "unknown framework '%s'", opt->framework);
		goto fail;
	}
	if (maxdocs > s->capacc) {
		float *na = realloc(s->acc, maxdocs * sizeof *na);
		uint32_t *nt = realloc(s->touched, maxdocs * sizeof *nt);
		uint8_t *nh = realloc(s->hits, maxdocs);
		if (na)
			s->acc = na;
		if (nt)
			s->touched = nt;
		if (nh)
			s->hits = nh;
		if (!na || !nt || !nh) {
			rc = evm_err(EVM_ENOMEM, "out of memory");
			goto fail;
		}
		memset(s->acc, 0, maxdocs * sizeof *s->acc);
		memset(s->hits, 0, maxdocs);
		s->capacc = maxdocs;
	}
	for (uint32_t k = 0; k < nst; k++)
		for (size_t si = 0; si < s->tk.nsent; si++)
			score_sentence(s, &sents[si], (uint32_t)si, &st[k]);

	/* text polarity: the polarity of most of the sentences' evidence */
	double pol_w[4] = {0, 0, 0, 0};
	for (size_t si = 0; si < s->tk.nsent; si++)
		pol_w[sents[si].pol.polarity] += sentence_pol_weight(s, sents[si].pol.polarity);
	r->polarity = pol_w[EVM_POL_EFFECTIVE] >= pol_w[EVM_POL_INEFFECTIVE] + pol_w[EVM_POL_OVERDONE]
			      ? EVM_POL_EFFECTIVE
			      : pol_w[EVM_POL_OVERDONE] > pol_w[EVM_POL_INEFFECTIVE] ? EVM_POL_OVERDONE : EVM_POL_INEFFECTIVE;
	r->polarity = model_overrule(r->model_p, r->polarity, 0, 0);

	/* A competency is ranked by its evidence over what it gathers from a
	 * typical text: some competencies' words are everyday workplace words,
	 * and summed evidence alone makes them sinks that win on any text. */
	for (uint32_t k = 0; k < nst; k++)
		for (uint32_t c = 0; c < st[k].x->ncomp; c++) {
			compscore *cs = &st[k].comps[c];
			cs->total = cs->evidence > 0 ? cs->evidence / ix->typical_div[st[k].f][c] : 0;
		}

	/* The competency model re-ranks each framework's competencies: it
	 * knows which everyday words go with which competency from many
	 * writers' labelled texts, where the lexicon knows only the words
	 * someone wrote down. A power well under 1 keeps the lexicon's evidence
	 * the main reason for a score. */
	rc = apply_model(ix, t, len, st, nst, mr, &nmr);
	if (rc < 0)
		goto fail;

	/* rank competencies */
	size_t ncand = 0;
	for (uint32_t k = 0; k < nst; k++)
		ncand += st[k].x->ncomp;
	cands = calloc(ncand + 1, sizeof *cands);
	if (!cands) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto fail;
	}
	ncand = 0;
	for (uint32_t k = 0; k < nst; k++)
		for (uint32_t c = 0; c < st[k].x->ncomp; c++)
			if (st[k].allowed[c] && st[k].comps[c].total > 0)
				cands[ncand++] = (cand){st[k].x, st[k].fw, c, st[k].comps[c].total, &st[k]};
	size_t top = opt && opt->top ? opt->top : 5;
	top_cands(cands, ncand, top);
	size_t topi = opt && opt->top_indicators ? opt->top_indicators : 3;
	r->n = ncand < top ? ncand : top;
	r->m = calloc(r->n + 1, sizeof *r->m);
	if (!r->m) {
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto fail;
	}
	classtop *ctops = calloc(r->n + 1, sizeof *ctops);
	size_t maxcomp = 0;
	for (uint32_t k = 0; k < nst; k++)
		maxcomp = st[k].x->ncomp > maxcomp ? st[k].x->ncomp : maxcomp;
	int32_t *slot = malloc((maxcomp + 1) * sizeof *slot);
	if (!ctops || !slot) {
		free(ctops);
		free(slot);
		rc = evm_err(EVM_ENOMEM, "out of memory");
		goto fail;
	}
	for (uint32_t k = 0; k < nst; k++) {
		int any = 0;
		for (uint32_t c = 0; c < st[k].x->ncomp; c++)
			slot[c] = -1;
		for (size_t i = 0; i < r->n; i++)
			if (cands[i].st == &st[k]) {
				slot[cands[i].c] = (int32_t)i;
				any = 1;
			}
		if (any && !(opt && opt->brief))
			explain_classes(ix, s, st[k].x, slot, ctops);
	}
	free(slot);
	rc = explain_model(ix, cands, r, opt, mr, nmr);
	for (size_t i = 0; i < r->n && rc == EVM_OK; i++) {
		const cand *cd = &cands[i];
		fwstate *fs = cd->st;
		const compscore *cs = &fs->comps[cd->c];
		evm_competency_match *m = &r->m[i];
		m->framework = fs->fw;
		m->competency = evm_framework_competency(fs->fw, cd->c);
		m->score = cs->total;
		m->evidence = cs->evidence;
		m->typical = fs->x->typical[cd->c];
		m->model_p = cs->model_p;
		m->model_factor = cs->model_factor;
		m->sentences = cs->sentences;
		m->polarity = model_overrule(r->model_p, framework_polarity(fs, cs, pol_w[EVM_POL_OVERDONE] > 0),
					     fs->has_underdone, pol_w[EVM_POL_OVERDONE] > 0);
		m->confidence = evm_calibrate(fs->comps, sizeof(compscore), offsetof(compscore, total), fs->x->ncomp,
					      fs->allowed, cd->c);
		m->level = estimate_level(ix, s, fs, cd->c, &m->level_rank);
		if (m->level && opt && opt->level) {
			const evm_level *adv = evm_framework_find_level(fs->fw, opt->level);
			if (adv)
				m->level_vs_advertised = m->level->rank < adv->rank ? -1 : m->level->rank > adv->rank;
		}
		/* top indicators: best matching documents of this competency, of
		 * the polarity the evidence reads as where the framework has both */
		uint32_t *best = calloc(topi + 1, sizeof *best);
		size_t nb = 0;
		if (!best) {
			rc = evm_err(EVM_ENOMEM, "out of memory");
			break;
		}
		/* one pass, keeping the topi best by insertion. Where the competency
		 * has indicators of the polarity the evidence reads as, only those
		 * (a note read as a failing is tagged with failings, never with a
		 * strength); where it has none (most frameworks list strengths
		 * only), a second pass takes any. */
		const uint32_t *bc = ix->by_comp[fs->f], *bd = bc + fs->x->ncomp + 1;
		int has_pol = 0;
		for (uint32_t j = bc[cd->c]; j < bc[cd->c + 1] && !has_pol; j++)
			has_pol = !(fs->x->docs[bd[j]].flags & EVM_DOC_DEFINITION) && fs->x->docs[bd[j]].polarity == m->polarity;
		for (int pass = has_pol ? 0 : 1; pass < (has_pol ? 1 : 2); pass++)
			for (uint32_t j = bc[cd->c]; j < bc[cd->c + 1]; j++) {
				uint32_t d = bd[j];
				const evm_ix_doc *doc = &fs->x->docs[d];
				double v = fs->docs[d].total;
				if ((doc->flags & EVM_DOC_DEFINITION) || v <= 0 || (pass == 0 && doc->polarity != m->polarity))
					continue;
				if (nb == topi && v <= fs->docs[best[nb - 1]].total)
					continue;
				size_t k = nb < topi ? nb++ : nb - 1;
				while (k > 0 && fs->docs[best[k - 1]].total < v) {
					best[k] = best[k - 1];
					k--;
				}
				best[k] = d;
			}
		evm_indicator_match *im = evm_arena_alloc(&r->arena, (nb ? nb : 1) * sizeof *im);
		if (!im) {
			free(best);
			rc = evm_err(EVM_ENOMEM, "out of memory");
			break;
		}
		for (size_t q = 0; q < nb && rc == EVM_OK; q++) {
			uint32_t d = best[q];
			const docscore *ds = &fs->docs[d];
			im[q].indicator = evm_framework_indicator(fs->fw, fs->x->docs[d].indicator);
			im[q].score = ds->total;
			im[q].sentence = ds->best_sent;
			im[q].start = s->tk.sent[ds->best_sent].start;
			im[q].end = s->tk.sent[ds->best_sent].end;
			if (!(opt && opt->brief))
				rc = explain_doc(ix, s, sents, fs->x, d, ds->best_sent, &r->arena, &im[q].terms, &im[q].nterms);
			else
				im[q].terms = NULL, im[q].nterms = 0;
		}
		free(best);
		m->indicators = im;
		m->nindicators = nb;
		/* cue phrases that pointed here */
		size_t ncue = 0;
		for (size_t k = 0; k < s->ncu && !(opt && opt->brief); k++)
			ncue += s->cu[k].fw == fs->f && s->cu[k].comp == cd->c;
		evm_evidence *ce = evm_arena_alloc(&r->arena, (ncue ? ncue : 1) * sizeof *ce);
		if (!ce) {
			rc = evm_err(EVM_ENOMEM, "out of memory");
			break;
		}
		size_t j = 0;
		for (size_t k = 0; k < s->ncu && !(opt && opt->brief); k++) {
			const qcue *qc = &s->cu[k];
			if (qc->fw != fs->f || qc->comp != cd->c)
				continue;
			evm_evidence *e = &ce[j++];
			fill_evidence_origin(ix, s, qc->origin, e);
			e->term = e->rule;
			e->rule_source = ix->strings + ix->cues[qc->cue].source;
			e->weight = evm_params_get()->w_cue * qc->w;
		}
		sort_evidence(ce, j);
		m->cues = ce;
		m->ncues = j < MAX_EVIDENCE ? j : MAX_EVIDENCE;
		evm_evidence *cl = evm_arena_alloc(&r->arena, (ctops[i].k ? ctops[i].k : 1) * sizeof *cl);
		if (!cl) {
			rc = evm_err(EVM_ENOMEM, "out of memory");
			break;
		}
		memcpy(cl, ctops[i].top, ctops[i].k * sizeof *cl);
		m->class_terms = cl;
		m->nclass_terms = ctops[i].k;
	}
	free(ctops);
	if (rc < 0)
		goto fail;
	free(cands);
	mreads_free(mr, nmr);
	for (uint32_t k = 0; k < nst; k++)
		fwbuf_clear(st[k].buf);
	free(sents);
	free(copy);
	*out = r;
	return EVM_OK;
fail:
	free(cands);
	mreads_free(mr, nmr);
	for (uint32_t k = 0; k < nst; k++)
		fwbuf_clear(st[k].buf);
	free(sents);
	free(copy);
	evm_result_free(r);
	return rc;
}
