#include "report/json.h"
#include "report/redact.h"
#include "util/strutil.h"

#include <stdlib.h>
#include <string.h>

static json_t *str_n(const char *s, size_t n) { return json_stringn_nocheck(s, n); }

/* Input text may hold replaced bytes; jansson needs valid UTF-8, so slices
 * are validated and fall back to a lossy copy. */
static json_t *slice(const char *text, uint32_t a, uint32_t b)
{
	if (b < a)
		b = a;
	/* NUL bytes were replaced for matching; echo them replaced too */
	json_t *j = memchr(text + a, 0, b - a) ? NULL : json_stringn(text + a, b - a);
	if (j)
		return j;
	char *c = malloc(b - a + 1);
	if (!c)
		return json_null();
	size_t n = b - a;
	memcpy(c, text + a, n);
	/* the same replacement the matcher made: NUL -> ' ', bad byte -> '?' */
	for (size_t p = 0; p < n;) {
		size_t v = evm_utf8_valid_prefix(c + p, n - p);
		for (size_t k = p; k < p + v; k++)
			if (!c[k])
				c[k] = ' ';
		p += v;
		if (p < n)
			c[p++] = '?';
	}
	j = str_n(c, b - a);
	free(c);
	return j;
}

static json_t *evidence_json(const evm_evidence *e, const char *text)
{
	json_t *o = json_object();
	json_object_set_new(o, "term", json_string(e->term));
	json_object_set_new(o, "via", json_string(evm_via_name(e->via)));
	if (*e->rule)
		json_object_set_new(o, "rule", json_string(e->rule));
	if (*e->rule_source)
		json_object_set_new(o, "rule_source", json_string(e->rule_source));
	json_object_set_new(o, "start", json_integer(e->start));
	json_object_set_new(o, "end", json_integer(e->end));
	json_object_set_new(o, "text", slice(text, e->start, e->end));
	json_object_set_new(o, "weight", json_real(e->weight));
	return o;
}

json_t *evm_report_result(const evm_result *r, const char *text, const char *framework)
{
	json_t *root = json_object(), *comps = json_array(), *sents = json_array();
	json_object_set_new(root, "framework", framework ? json_string(framework) : json_null());
	json_object_set_new(root, "polarity", json_string(evm_polarity_name(evm_result_polarity(r))));
	json_object_set_new(root, "words", json_integer((json_int_t)evm_result_word_count(r)));
	if (evm_result_invalid_bytes(r))
		json_object_set_new(root, "invalid_bytes", json_integer((json_int_t)evm_result_invalid_bytes(r)));
	for (size_t i = 0; i < evm_result_sentence_count(r); i++) {
		uint32_t a, b, ca, cb;
		evm_polarity p;
		evm_result_sentence(r, i, &a, &b, &p, &ca, &cb);
		json_t *s = json_object();
		json_object_set_new(s, "start", json_integer(a));
		json_object_set_new(s, "end", json_integer(b));
		json_object_set_new(s, "polarity", json_string(evm_polarity_name(p)));
		if (cb > ca)
			json_object_set_new(s, "polarity_cue", slice(text, ca, cb));
		json_array_append_new(sents, s);
	}
	json_object_set_new(root, "sentences", sents);
	for (size_t i = 0; i < evm_result_count(r); i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		json_t *c = json_object(), *inds = json_array(), *cues = json_array();
		json_object_set_new(c, "framework", json_string(evm_framework_id(m->framework)));
		json_object_set_new(c, "competency", json_string(m->competency->name));
		json_object_set_new(c, "competency_id", json_string(m->competency->id));
		if (*m->competency->cluster)
			json_object_set_new(c, "cluster", json_string(m->competency->cluster));
		json_object_set_new(c, "score", json_real(m->score));
		json_object_set_new(c, "confidence", json_real(m->confidence));
		json_object_set_new(c, "level", m->level ? json_string(m->level->id) : json_null());
		if (m->level) {
			json_object_set_new(c, "level_label", json_string(m->level->label));
			json_object_set_new(c, "level_rank", json_real(m->level_rank));
		}
		json_object_set_new(c, "polarity", json_string(evm_polarity_name(m->polarity)));
		json_object_set_new(c, "sentences", json_integer(m->sentences));
		for (size_t k = 0; k < m->nindicators; k++) {
			const evm_indicator_match *im = &m->indicators[k];
			json_t *o = json_object(), *ev = json_object(), *terms = json_array();
			json_object_set_new(o, "id", json_string(im->indicator->id));
			json_object_set_new(o, "text", json_string(im->indicator->text));
			json_object_set_new(o, "polarity", json_string(evm_polarity_name(im->indicator->polarity)));
			if (im->indicator->level)
				json_object_set_new(o, "level", json_string(im->indicator->level->id));
			json_object_set_new(o, "score", json_real(im->score));
			json_object_set_new(ev, "sentence", json_integer(im->sentence));
			json_object_set_new(ev, "start", json_integer(im->start));
			json_object_set_new(ev, "end", json_integer(im->end));
			json_object_set_new(ev, "text", slice(text, im->start, im->end));
			for (size_t t = 0; t < im->nterms; t++)
				json_array_append_new(terms, evidence_json(&im->terms[t], text));
			json_object_set_new(ev, "terms", terms);
			json_object_set_new(o, "evidence", ev);
			json_array_append_new(inds, o);
		}
		json_object_set_new(c, "indicators", inds);
		for (size_t k = 0; k < m->ncues; k++)
			json_array_append_new(cues, evidence_json(&m->cues[k], text));
		json_object_set_new(c, "cues", cues);
		json_t *cls = json_array();
		for (size_t k = 0; k < m->nclass_terms; k++)
			json_array_append_new(cls, evidence_json(&m->class_terms[k], text));
		json_object_set_new(c, "class_terms", cls);
		json_array_append_new(comps, c);
	}
	json_object_set_new(root, "competencies", comps);
	return root;
}


json_t *evm_report_result_compact(const evm_result *r, const char *text, const char *framework)
{
	json_t *root = json_object(), *comps = json_array();
	json_object_set_new(root, "framework", framework ? json_string(framework) : json_null());
	json_object_set_new(root, "polarity", json_string(evm_polarity_name(evm_result_polarity(r))));
	json_object_set_new(root, "words", json_integer((json_int_t)evm_result_word_count(r)));
	if (evm_result_invalid_bytes(r))
		json_object_set_new(root, "invalid_bytes", json_integer((json_int_t)evm_result_invalid_bytes(r)));
	for (size_t i = 0; i < evm_result_count(r); i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		json_t *c = json_object();
		json_object_set_new(c, "framework", json_string(evm_framework_id(m->framework)));
		json_object_set_new(c, "competency", json_string(m->competency->name));
		json_object_set_new(c, "score", json_real(m->score));
		json_object_set_new(c, "confidence", json_real(m->confidence));
		json_object_set_new(c, "level", m->level ? json_string(m->level->id) : json_null());
		json_object_set_new(c, "polarity", json_string(evm_polarity_name(m->polarity)));
		if (m->nindicators) {
			const evm_indicator_match *im = &m->indicators[0];
			json_object_set_new(c, "indicator", json_string(im->indicator->id));
			json_t *ev = json_object();
			json_object_set_new(ev, "start", json_integer(im->start));
			json_object_set_new(ev, "end", json_integer(im->end));
			json_object_set_new(ev, "text", slice(text, im->start, im->end));
			json_object_set_new(c, "evidence", ev);
		}
		json_array_append_new(comps, c);
	}
	json_object_set_new(root, "competencies", comps);
	return root;
}

json_t *evm_report_tags(const evm_result *r, const char *text, double min_confidence, size_t top)
{
	json_t *tags = json_array();
	evm_tag buf[64];
	size_t n = evm_tags_from_result(r, min_confidence, buf, top < 64 ? top : 64);
	for (size_t i = 0; i < n; i++) {
		const evm_tag *x = &buf[i];
		json_t *t = json_object(), *span = json_object();
		json_object_set_new(t, "id", json_string(x->indicator->id));
		json_object_set_new(t, "text", json_string(x->indicator->text));
		json_object_set_new(t, "framework", json_string(evm_framework_id(x->framework)));
		json_object_set_new(t, "competency", json_string(x->competency->name));
		if (*x->indicator->sub_competency)
			json_object_set_new(t, "sub_competency", json_string(x->indicator->sub_competency));
		json_object_set_new(t, "polarity", json_string(evm_polarity_name(x->polarity)));
		json_object_set_new(t, "indicator_polarity", json_string(evm_polarity_name(x->indicator->polarity)));
		json_object_set_new(t, "confidence", json_real(x->confidence));
		json_object_set_new(span, "start", json_integer(x->start));
		json_object_set_new(span, "end", json_integer(x->end));
		json_object_set_new(span, "text", slice(text, x->start, x->end));
		json_object_set_new(t, "span", span);
		json_array_append_new(tags, t);
	}
	return tags;
}

static const char *const STAR_NAMES[4] = {"situation", "task", "action", "result"};

json_t *evm_report_screen(const evm_screen_result *r, const char *text)
{
	json_t *o = json_object(), *bs = json_array(), *ck = json_object(), *star = json_object();
	json_object_set_new(o, "overall", json_real(evm_screen_overall(r)));
	for (size_t i = 0; i < evm_screen_behaviour_count(r); i++) {
		const evm_screen_behaviour *b = evm_screen_behaviour_get(r, i);
		json_t *x = json_object(), *sents = json_array();
		json_object_set_new(x, "behaviour", json_string(b->behaviour->name));
		json_object_set_new(x, "verdict", json_string(evm_verdict_name(b->verdict)));
		json_object_set_new(x, "strength", json_real(b->strength));
		json_object_set_new(x, "rank", json_integer(b->rank));
		if (b->match) {
			json_object_set_new(x, "confidence", json_real(b->match->confidence));
			json_object_set_new(x, "level", b->match->level ? json_string(b->match->level->id) : json_null());
			json_object_set_new(x, "level_vs_advertised",
					    json_string(b->match->level_vs_advertised < 0   ? "below"
							: b->match->level_vs_advertised > 0 ? "above"
											    : "at"));
			for (size_t k = 0; k < b->match->nindicators; k++) {
				const evm_indicator_match *im = &b->match->indicators[k];
				json_t *s = json_object();
				json_object_set_new(s, "start", json_integer(im->start));
				json_object_set_new(s, "end", json_integer(im->end));
				json_object_set_new(s, "text", slice(text, im->start, im->end));
				json_object_set_new(s, "indicator", json_string(im->indicator->id));
				json_object_set_new(s, "indicator_text", json_string(im->indicator->text));
				json_array_append_new(sents, s);
			}
		}
		json_object_set_new(x, "evidence", sents);
		json_array_append_new(bs, x);
	}
	json_object_set_new(o, "behaviours", bs);
	const evm_writing_checks *w = evm_screen_checks(r);
	json_object_set_new(ck, "words", json_integer((json_int_t)w->words));
	json_object_set_new(ck, "word_limit", json_integer((json_int_t)w->word_limit));
	json_object_set_new(ck, "over_limit", json_boolean(w->over_limit));
	json_object_set_new(ck, "first_person", json_integer((json_int_t)w->first_person));
	json_object_set_new(ck, "collective", json_integer((json_int_t)w->collective));
	for (int k = 0; k < 4; k++)
		json_object_set_new(star, STAR_NAMES[k], json_boolean(w->star[k]));
	json_object_set_new(ck, "star", star);
	json_object_set_new(ck, "quantified_result", json_boolean(w->quantified_result));
	if (w->quantified_result)
		json_object_set_new(ck, "quantified_text", slice(text, w->quantified_start, w->quantified_end));
	json_object_set_new(o, "checks", ck);
	return o;
}

/* Offsets in a result always lie within the text it was made from, so the
 * renderers need the text, not its length. */
static char *dump(json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	return s;
}

char *evm_result_to_json(const evm_result *r, const char *text, size_t len, const char *framework)
{
	(void)len;
	return dump(evm_report_result(r, text, framework));
}

char *evm_tags_to_json(const evm_result *r, const char *text, size_t len, double min_confidence, size_t top)
{
	(void)len;
	return dump(evm_report_tags(r, text, min_confidence, top));
}

char *evm_screen_to_json(const evm_screen_result *r, const char *text, size_t len)
{
	(void)len;
	return dump(evm_report_screen(r, text));
}

char *evm_redact(const char *text, size_t len) { return redact_copy(text, len); }

void evm_free(void *p) { free(p); }
