/* workflow/tag: tags of appraisal notes, one point or several. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_index.h"
#include "check.h"
#include "evmatch.h"

static evm_index *IX;

static evm_note_tags *tag(const char *fw, const char *text, double min_conf, size_t top)
{
	evm_match_options o = {0};
	o.framework = fw;
	o.top = top;
	o.top_indicators = top;
	evm_note_tags *t = NULL;
	CHECK(evm_tag_note(IX, text, strlen(text), &o, min_conf, top, &t) == EVM_OK);
	if (!t) {
		fprintf(stderr, "  tag failed: %s\n", evm_error_message());
		exit(check_summary("tag"));
	}
	return t;
}

/* Every tag's span lies inside its point, and its point inside the note. */
static void check_spans(const evm_note_tags *t, const char *text)
{
	size_t len = strlen(text);
	for (size_t i = 0; i < evm_note_tags_count(t); i++) {
		const evm_tag *g = evm_note_tags_get(t, i);
		uint32_t a, b;
		CHECK(g->point < evm_note_tags_point_count(t));
		evm_note_tags_point(t, g->point, &a, &b, NULL);
		CHECK(a <= g->start && g->start < g->end && g->end <= b && b <= len);
	}
	CHECK(evm_note_tags_get(t, evm_note_tags_count(t)) == NULL);
}

/* A strength beside a failing: each point gets a tag that reads its way. */
static void test_mixed_note(void)
{
	static const struct {
		const char *fw, *text, *strength;
	} cases[] = {
		{"success-profiles", "Missed the deadline twice and did not update the team. Great with new starters, always patient.",
		 "Developing Self and Others"},
		/* the whole note splits between the two points' competencies and
		 * no tag of it is sure enough: each point's own tag is the answer */
		{"noms", "Missed the sentence plan deadline twice and did not tell anyone. Very good with new starters, who say she "
			 "makes time for them.", "Building Capability for All"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *text = cases[i].text;
		evm_note_tags *t = tag(cases[i].fw, text, 0.3, 3);
		CHECK_INT(evm_note_tags_point_count(t), 2);
		evm_polarity p0, p1;
		evm_note_tags_point(t, 0, NULL, NULL, &p0);
		evm_note_tags_point(t, 1, NULL, NULL, &p1);
		CHECK(p0 != EVM_POL_EFFECTIVE && p1 == EVM_POL_EFFECTIVE);
		int neg = 0, pos = 0;
		for (size_t k = 0; k < evm_note_tags_count(t); k++) {
			const evm_tag *g = evm_note_tags_get(t, k);
			neg += g->point == 0 && g->polarity != EVM_POL_EFFECTIVE;
			pos += g->point == 1 && g->polarity == EVM_POL_EFFECTIVE;
			if (g->point == 1 && cases[i].strength)
				CHECK_STR(g->competency->name, cases[i].strength);
		}
		CHECK(neg >= 1 && pos == 1);
		/* the failing, which the whole note is about, keeps the first tag */
		CHECK(evm_note_tags_count(t) >= 2 && evm_note_tags_get(t, 0)->point == 0);
		check_spans(t, text);
		CHECK(evm_note_tags_count(t) <= 3);
		evm_note_tags_free(t);
	}
}

/* A note that reads one way is one point, tagged as evm_tags_from_result
 * tags the whole note; so is one whose points are about one competency. */
static void test_one_point(void)
{
	static const char *const notes[] = {
		"Missed the sentence plan deadline twice and did not update the team.",
		"Mentored two new starters and set up a buddy rota on the wing. Keeps the wing calm and explains decisions.",
		/* two ways of reading, one competency: one point */
		"Missed the sentence plan deadline twice. Sentence plans are now reviewed weekly against the deadline.",
	};
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
		const char *fw = "noms";
		evm_note_tags *t = tag(fw, notes[i], 0, 3);
		CHECK_INT(evm_note_tags_point_count(t), 1);
		uint32_t a, b;
		evm_note_tags_point(t, 0, &a, &b, NULL);
		CHECK(a == 0 && b == strlen(notes[i]));
		evm_match_options o = {0};
		o.framework = fw;
		o.top = 3;
		o.top_indicators = 3;
		evm_result *r = NULL;
		CHECK(evm_match(IX, notes[i], strlen(notes[i]), &o, &r) == EVM_OK);
		if (i == 2 && r) { /* the case is only worth having if its sentences read apart */
			evm_polarity a0 = EVM_POL_EFFECTIVE, a1 = EVM_POL_EFFECTIVE;
			evm_result_sentence(r, 0, NULL, NULL, &a0, NULL, NULL);
			evm_result_sentence(r, 1, NULL, NULL, &a1, NULL, NULL);
			CHECK(evm_result_sentence_count(r) == 2 && a0 != a1);
		}
		evm_tag want[3];
		size_t n = r ? evm_tags_from_result(r, 0, want, 3) : 0;
		CHECK_INT(evm_note_tags_count(t), n);
		for (size_t k = 0; k < n && k < evm_note_tags_count(t); k++) {
			const evm_tag *g = evm_note_tags_get(t, k);
			CHECK(g->indicator == want[k].indicator && g->competency == want[k].competency && g->point == 0);
		}
		CHECK(evm_note_tags_polarity(t) == evm_result_polarity(r));
		check_spans(t, notes[i]);
		evm_result_free(r);
		evm_note_tags_free(t);
	}
}

/* A competency evidenced by its cue phrases alone is tagged as itself,
 * not left out and not pinned to an indicator the note shares no word with. */
static void test_competency_tag(void)
{
	const char *text = "Great with new starters, always patient.";
	evm_note_tags *t = tag("success-profiles", text, 0.3, 3);
	CHECK(evm_note_tags_count(t) >= 1);
	const evm_tag *g = evm_note_tags_get(t, 0);
	if (g) {
		CHECK(g->indicator == NULL);
		CHECK_STR(g->competency->name, "Developing Self and Others");
		CHECK(memcmp(text + g->start, "new starters", 12) == 0);
	}
	evm_note_tags_free(t);
}

static void test_limits(void)
{
	/* more points than a note has: one point */
	char text[2048] = "";
	for (int i = 0; i < 12; i++)
		strcat(text, i % 2 ? "Did not update the team. " : "Mentored two new starters. ");
	evm_note_tags *t = tag("noms", text, 0, 5);
	CHECK_INT(evm_note_tags_point_count(t), 1);
	evm_note_tags_free(t);
	/* top 0 and an empty note tag nothing, without failing */
	t = tag("noms", "Did not update the team. Mentored two new starters.", 0, 0);
	CHECK_INT(evm_note_tags_count(t), 0);
	evm_note_tags_free(t);
	t = tag(NULL, "", 0.3, 3);
	CHECK_INT(evm_note_tags_count(t), 0);
	CHECK_INT(evm_note_tags_point_count(t), 1);
	evm_note_tags_free(t);
	/* a refused text is an error with no result */
	size_t big = EVM_MAX_TEXT + 1;
	char *huge = malloc(big);
	if (huge) {
		memset(huge, 'a', big);
		evm_note_tags *none = (evm_note_tags *)1;
		CHECK(evm_tag_note(IX, huge, big, NULL, 0.3, 3, &none) == EVM_ELIMIT && none == NULL);
		free(huge);
	}
	evm_note_tags_free(NULL);
}

int main(void)
{
	IX = builtin_index();
	if (!IX)
		return check_summary("tag");
	test_mixed_note();
	test_one_point();
	test_competency_tag();
	test_limits();
	evm_index_free(IX);
	return check_summary("tag");
}
