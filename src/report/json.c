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
	evm_utf8_scrub(c, n); /* the same replacement the matcher made */
	j = str_n(c, b - a);
	free(c);
	return j;
}

/* The tree form, for callers that edit or pretty-print it: parsed from the
 * one renderer of the schema (result_json.c), so the two cannot drift. */
static json_t *parsed(char *s)
{
	json_t *j = s ? json_loads(s, JSON_ALLOW_NUL, NULL) : NULL;
	free(s);
	return j;
}

json_t *evm_report_result(const evm_result *r, const char *text, const char *framework)
{
	return parsed(evm_report_result_text(r, text, framework, 0, NULL));
}

json_t *evm_report_result_compact(const evm_result *r, const char *text, const char *framework)
{
	return parsed(evm_report_result_text(r, text, framework, 1, NULL));
}

static json_t *tag_json(const evm_tag *x, const char *text)
{
	json_t *t = json_object(), *span = json_object();
	const evm_indicator *ind = x->indicator;
	const evm_competency *c = x->competency;
	/* a competency-level tag names the competency where an indicator would be */
	json_object_set_new(t, "id", json_string(ind ? ind->id : c->id));
	json_object_set_new(t, "text", json_string(ind ? ind->text : *c->definition ? c->definition : c->name));
	json_object_set_new(t, "on", json_string(ind ? "indicator" : "competency"));
	json_object_set_new(t, "framework", json_string(evm_framework_id(x->framework)));
	json_object_set_new(t, "competency", json_string(c->name));
	if (ind && *ind->sub_competency)
		json_object_set_new(t, "sub_competency", json_string(ind->sub_competency));
	json_object_set_new(t, "polarity", json_string(evm_polarity_name(x->polarity)));
	json_object_set_new(t, "indicator_polarity", ind ? json_string(evm_polarity_name(ind->polarity)) : json_null());
	json_object_set_new(t, "confidence", json_real(x->confidence));
	json_object_set_new(span, "start", json_integer(x->start));
	json_object_set_new(span, "end", json_integer(x->end));
	json_object_set_new(span, "text", slice(text, x->start, x->end));
	json_object_set_new(t, "span", span);
	json_object_set_new(t, "point", json_integer(x->point));
	return t;
}

json_t *evm_report_tags(const evm_result *r, const char *text, double min_confidence, size_t top)
{
	json_t *tags = json_array();
	evm_tag buf[64];
	size_t n = evm_tags_from_result(r, min_confidence, buf, top < 64 ? top : 64);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(tags, tag_json(&buf[i], text));
	return tags;
}

static json_t *note_tags(const evm_note_tags *t, const char *text)
{
	json_t *tags = json_array();
	for (size_t i = 0; i < evm_note_tags_count(t); i++)
		json_array_append_new(tags, tag_json(evm_note_tags_get(t, i), text));
	return tags;
}

static json_t *note_points(const evm_note_tags *t, const char *text)
{
	json_t *pts = json_array();
	for (size_t i = 0; i < evm_note_tags_point_count(t); i++) {
		uint32_t a, b;
		evm_polarity pol;
		evm_note_tags_point(t, i, &a, &b, &pol);
		json_t *p = json_object();
		json_object_set_new(p, "start", json_integer(a));
		json_object_set_new(p, "end", json_integer(b));
		json_object_set_new(p, "polarity", json_string(evm_polarity_name(pol)));
		json_object_set_new(p, "text", slice(text, a, b));
		json_array_append_new(pts, p);
	}
	return pts;
}

json_t *evm_report_note(const evm_note_tags *t, const char *text)
{
	json_t *o = json_object();
	json_object_set_new(o, "polarity", json_string(evm_polarity_name(evm_note_tags_polarity(t))));
	json_object_set_new(o, "points", note_points(t, text));
	json_object_set_new(o, "tags", note_tags(t, text));
	return o;
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


char *evm_tags_to_json(const evm_result *r, const char *text, size_t len, double min_confidence, size_t top)
{
	(void)len;
	return dump(evm_report_tags(r, text, min_confidence, top));
}

char *evm_note_tags_to_json(const evm_note_tags *t, const char *text, size_t len)
{
	(void)len;
	return dump(evm_report_note(t, text));
}

char *evm_screen_to_json(const evm_screen_result *r, const char *text, size_t len)
{
	(void)len;
	return dump(evm_report_screen(r, text));
}

char *evm_redact(const char *text, size_t len) { return redact_copy(text, len); }

void evm_free(void *p) { free(p); }
