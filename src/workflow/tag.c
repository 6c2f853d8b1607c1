/* Tags for appraisal notes: shared by the CLI, the service and bindings. */
#include <stdlib.h>
#include <string.h>

#include "evmatch.h"
#include "util/error.h"

size_t evm_tags_from_result(const evm_result *r, double min_confidence, evm_tag *tags, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < evm_result_count(r) && n < cap; i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		if (!m->nindicators) {
			/* evidenced by its cues or characteristic words alone ("great with
			 * new starters"): a tag on the competency, not on an indicator
			 * the note shares no words with */
			const evm_evidence *e = m->ncues ? &m->cues[0] : m->nclass_terms ? &m->class_terms[0] : NULL;
			if (e && m->confidence >= min_confidence)
				tags[n++] = (evm_tag){m->framework, m->competency, NULL, m->polarity, m->confidence, e->start, e->end, 0};
			continue;
		}
		double top = m->indicators[0].score;
		for (size_t k = 0; k < m->nindicators && n < cap; k++) {
			const evm_indicator_match *im = &m->indicators[k];
			/* a weaker indicator of the same competency is less certain */
			double conf = m->confidence * (top > 0 ? im->score / top : 0);
			if (conf < min_confidence)
				continue;
			tags[n++] = (evm_tag){m->framework, m->competency, im->indicator, m->polarity, conf, im->start, im->end, 0};
		}
	}
	return n;
}

typedef struct {
	uint32_t start, end;
	evm_polarity pol;
} point;

struct evm_note_tags {
	evm_polarity polarity;
	evm_tag *tags;
	size_t n;
	point pts[EVM_NOTE_MAX_POINTS];
	size_t npts;
};

/* Runs of consecutive sentences that read the same way. 0 when there are
 * more than EVM_NOTE_MAX_POINTS of them. */
static size_t find_points(const evm_result *r, point *pts)
{
	size_t n = 0;
	for (size_t i = 0; i < evm_result_sentence_count(r); i++) {
		point p;
		evm_result_sentence(r, i, &p.start, &p.end, &p.pol, NULL, NULL);
		if (n && pts[n - 1].pol == p.pol) {
			pts[n - 1].end = p.end;
			continue;
		}
		if (n == EVM_NOTE_MAX_POINTS)
			return 0;
		pts[n++] = p;
	}
	return n;
}

static int already_tagged(const evm_tag *tags, size_t n, const evm_tag *t)
{
	for (size_t i = 0; i < n; i++)
		if (tags[i].indicator == t->indicator && tags[i].competency == t->competency)
			return 1;
	return 0;
}

/* A point matched as a text of its own: its polarity, and its best tag at
 * min_conf or above (1), or none (0), or an error. */
static int point_tag(const evm_index *ix, const char *text, const evm_match_options *opt, double min_conf, point *p,
		     uint32_t k, evm_tag *mine)
{
	evm_result *r = NULL;
	int rc = evm_match(ix, text + p->start, p->end - p->start, opt, &r);
	if (rc < 0)
		return rc;
	p->pol = evm_result_polarity(r);
	int got = evm_tags_from_result(r, min_conf, mine, 1) == 1;
	if (got) {
		mine->start += p->start;
		mine->end += p->start;
		mine->point = k;
	}
	evm_result_free(r);
	return got;
}

/* Each point is matched as a text of its own. The whole note's tags stand,
 * its best first: the whole note is the better judge, since sentence
 * polarity is read from cues and a sentence without one reads effective
 * ("Officer morale low." after "Many staff had never spoken to a senior
 * manager." is no second point). A point adds its own best tag, second,
 * when it reads the other way from the note's best tag and is about another
 * competency: the strength beside a failing. Where the whole note gives no
 * tag sure enough (its evidence split between two points about two
 * competencies), each point's own best tag is the answer, in the note's
 * order. Returns 0 when no point adds one (the note is one point), 1 when
 * some did, or an error. */
static int tag_points(const evm_index *ix, const char *text, const evm_match_options *opt, double min_conf,
		      size_t top, const evm_result *whole, evm_note_tags *t)
{
	evm_tag *w = calloc(top, sizeof *w), extra[EVM_NOTE_MAX_POINTS];
	if (!w)
		return evm_err(EVM_ENOMEM, "out of memory");
	size_t nw = evm_tags_from_result(whole, min_conf, w, top), nx = 0;
	for (size_t k = 0; k < t->npts; k++) {
		evm_tag mine;
		int got = point_tag(ix, text, opt, min_conf, &t->pts[k], (uint32_t)k, &mine);
		if (got < 0) {
			free(w);
			return got;
		}
		if (got && (!nw || ((mine.polarity == EVM_POL_EFFECTIVE) != (w[0].polarity == EVM_POL_EFFECTIVE) &&
				    mine.competency != w[0].competency)))
			extra[nx++] = mine;
	}
	if (!nw) {
		/* no whole-note tag: the points' own, each once, in order */
		for (size_t i = 0; i < nx && t->n < top; i++)
			if (!already_tagged(t->tags, t->n, &extra[i]))
				t->tags[t->n++] = extra[i];
		free(w);
		return t->n > 0;
	}
	if (!nx) {
		free(w);
		return 0;
	}
	/* the points extras' surest first */
	for (size_t i = 1; i < nx; i++)
		for (size_t j = i; j > 0 && extra[j].confidence > extra[j - 1].confidence; j--) {
			evm_tag x = extra[j];
			extra[j] = extra[j - 1];
			extra[j - 1] = x;
		}
	for (size_t i = 0; i < nw; i++)
		for (size_t k = 0; k < t->npts; k++)
			if (w[i].start >= t->pts[k].start && w[i].start < t->pts[k].end)
				w[i].point = (uint32_t)k;
	t->tags[t->n++] = w[0];
	for (size_t i = 0; i < nx && t->n < top; i++)
		if (!already_tagged(t->tags, t->n, &extra[i]))
			t->tags[t->n++] = extra[i];
	for (size_t i = 1; i < nw && t->n < top; i++)
		if (!already_tagged(t->tags, t->n, &w[i]))
			t->tags[t->n++] = w[i];
	free(w);
	return 1;
}

int evm_tag_note(const evm_index *ix, const char *text, size_t len, const evm_match_options *opt,
		 double min_confidence, size_t top, evm_note_tags **out)
{
	*out = NULL;
	evm_result *whole = NULL;
	int rc = evm_match(ix, text, len, opt, &whole);
	if (rc < 0)
		return rc;
	evm_note_tags *t = calloc(1, sizeof *t);
	if (t && top)
		t->tags = calloc(top, sizeof *t->tags);
	if (!t || (top && !t->tags)) {
		evm_result_free(whole);
		evm_note_tags_free(t);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	t->polarity = evm_result_polarity(whole);
	t->npts = find_points(whole, t->pts);
	if (t->npts > 1 && top)
		rc = tag_points(ix, text, opt, min_confidence, top, whole, t);
	if (t->npts <= 1 || rc == 0) {
		t->npts = 1;
		t->pts[0] = (point){0, (uint32_t)len, t->polarity};
		t->n = evm_tags_from_result(whole, min_confidence, t->tags, top);
	}
	evm_result_free(whole);
	if (rc < 0) {
		evm_note_tags_free(t);
		return rc;
	}
	*out = t;
	return EVM_OK;
}

evm_polarity evm_note_tags_polarity(const evm_note_tags *t) { return t->polarity; }
size_t evm_note_tags_count(const evm_note_tags *t) { return t->n; }
const evm_tag *evm_note_tags_get(const evm_note_tags *t, size_t i) { return i < t->n ? &t->tags[i] : NULL; }
size_t evm_note_tags_point_count(const evm_note_tags *t) { return t->npts; }

void evm_note_tags_point(const evm_note_tags *t, size_t i, uint32_t *start, uint32_t *end, evm_polarity *pol)
{
	if (i >= t->npts)
		return;
	if (start)
		*start = t->pts[i].start;
	if (end)
		*end = t->pts[i].end;
	if (pol)
		*pol = t->pts[i].pol;
}

void evm_note_tags_free(evm_note_tags *t)
{
	if (!t)
		return;
	free(t->tags);
	free(t);
}
