/* score/: ranking, scope, polarity, level, explanations, limits, threads. */
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin_index.h"
#include "check.h"
#include "evmatch.h"
#include "index/index.h"
#include "lexicon/builtin.h"
#include "score/polarity.h"
#include "score/polarity_model.h"
#include "score/competency_model.h"
#include "score/words.h"
#include "tokenise/tokenise.h"

static evm_index *IX;

static evm_result *match(const char *fw, const char *text)
{
	evm_match_options o = {0};
	o.framework = fw;
	o.top = 20;
	evm_result *r = NULL;
	CHECK(evm_match(IX, text, strlen(text), &o, &r) == 0);
	if (!r) { /* keep going: report the failure, do not crash on it */
		fprintf(stderr, "  match failed: %s\n", evm_error_message());
		exit(check_summary("match"));
	}
	return r;
}

static void test_explanations(void)
{
	const char *t = "Our team had a backlog of 400 claims. I reorganised the rota and prioritised the oldest cases, "
			"and we cleared the backlog three weeks before the deadline. I kept my manager updated every week.";
	evm_result *r = match("success-profiles", t);
	CHECK(evm_result_count(r) > 0);
	CHECK_INT(evm_result_sentence_count(r), 3);
	for (size_t i = 0; i < evm_result_count(r); i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		CHECK(m->score > 0);
		CHECK(m->confidence >= 0 && m->confidence <= 1);
		if (i)
			CHECK(m->score <= evm_result_get(r, i - 1)->score); /* ranked */
		for (size_t k = 0; k < m->nindicators; k++) {
			const evm_indicator_match *im = &m->indicators[k];
			CHECK(im->indicator && im->indicator->competency == m->competency);
			CHECK(im->end > im->start && im->end <= strlen(t));
			CHECK(im->nterms > 0); /* every score has a reason */
			for (size_t e = 0; e < im->nterms; e++) {
				CHECK(im->terms[e].start >= im->start && im->terms[e].end <= im->end);
				CHECK(im->terms[e].weight > 0);
				CHECK(*im->terms[e].term);
			}
		}
	}
	evm_result_free(r);
}

static void test_polarity(void)
{
	evm_result *r = match("noms", "Missed the deadline for the sentence plan twice and did not update the team.");
	CHECK(evm_result_polarity(r) == EVM_POL_INEFFECTIVE);
	CHECK(evm_result_count(r) && evm_result_get(r, 0)->polarity == EVM_POL_INEFFECTIVE);
	evm_polarity p;
	uint32_t cs, ce;
	evm_result_sentence(r, 0, NULL, NULL, &p, &cs, &ce);
	CHECK(p == EVM_POL_INEFFECTIVE && ce > cs);
	evm_result_free(r);
	r = match("noms", "Never missed a deadline this year and always keeps the team informed.");
	CHECK(evm_result_polarity(r) == EVM_POL_EFFECTIVE);
	evm_result_free(r);
	/* the underdone/overdone indicators are the police framework's */
	r = match("police-force", "Checks every crime report three times, so the backlog keeps growing.");
	CHECK(evm_result_polarity(r) == EVM_POL_OVERDONE);
	CHECK(evm_result_count(r) && evm_result_get(r, 0)->polarity == EVM_POL_OVERDONE);
	evm_result_free(r);
	r = match("police-force", "Rarely updates victims and has not returned calls.");
	CHECK(evm_result_count(r) && evm_result_get(r, 0)->polarity == EVM_POL_UNDERDONE);
	evm_result_free(r);
	/* a note names the failing once and its consequences without a cue
	 * word: the sentences without one weigh less (unmarked_pol), or the
	 * consequences would outvote the failing */
	r = match("success-profiles", "Struggles to reach a view. Escalates routine queries to me that are well within "
				      "her delegation, and the queue stalls while she waits for an answer.");
	CHECK(evm_result_polarity(r) == EVM_POL_INEFFECTIVE);
	CHECK(evm_result_count(r) && evm_result_get(r, 0)->polarity == EVM_POL_INEFFECTIVE);
	evm_result_free(r);
	/* an excess named anywhere in a note is read as the cause of its
	 * shortfalls, for every competency, not only the one it matched */
	r = match("police-force", "Involves everyone in everything. The plan now has eleven agencies on it and nothing "
				  "has been decided in three months.");
	for (size_t i = 0; i < evm_result_count(r) && i < 3; i++)
		CHECK(evm_result_get(r, i)->polarity == EVM_POL_OVERDONE);
	evm_result_free(r);
	/* a statement's unmarked sentences are the writer's case: one owned
	 * slip among them does not make it a failing */
	r = match("success-profiles", "I did not spot the risk at first. I then set up a weekly check with the client, "
				      "agreed a recovery plan with my manager and briefed the team every Monday. "
				      "We delivered the project on time and the client renewed the contract.");
	CHECK(evm_result_polarity(r) == EVM_POL_EFFECTIVE);
	CHECK(evm_result_count(r) && evm_result_get(r, 0)->polarity == EVM_POL_EFFECTIVE);
	evm_result_free(r);
}

/* Searching from just before the first trigger word gives the answer a
 * search of the whole sentence gives. */
static void test_polarity_from_trigger(void)
{
	static const char *const sents[] = {
		"Never missed a deadline.", "He did not update the team!", "Too cautious by half.",
		"Checks every detail, so the queue grows.", "Missed no targets and was not late once.", "Rarely late?",
		"Fine work.", "Over the last year the recommendation had to be withdrawn twice.",
		"In the meeting she was given the wrong file and did not say so.",
		"Über-keen, she insists on re-reading every report herself.",
		"Asks for a second opinion when something does not add up.", "His files are now three weeks behind."};
	for (size_t i = 0; i < sizeof sents / sizeof sents[0]; i++) {
		const char *t = sents[i];
		size_t len = strlen(t), first[2] = {len, len};
		for (size_t a = 0; a < len;) {
			size_t n = 0;
			char w[64];
			while (a + n < len && t[a + n] != ' ' && t[a + n] != '.' && t[a + n] != ',' && t[a + n] != '!' &&
			       t[a + n] != '?' && n + 1 < sizeof w) {
				char c = t[a + n];
				w[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			}
			int kind = n ? evm_polarity_set_trigger(evm_polarity_builtin(), w, n) : 0;
			for (int k = 0; k < 2; k++)
				if ((kind & (k ? EVM_TRIG_OVER : EVM_TRIG_NEG)) && first[k] == len)
					first[k] = a;
			a += n ? n : 1;
		}
		evm_sentence_polarity whole = evm_polarity_of(t, len);
		size_t from[2];
		for (int k = 0; k < 2; k++)
			from[k] = first[k] == len ? len
						  : evm_polarity_start(t, first[k],
								     evm_polarity_set_lead(evm_polarity_builtin(), k ? EVM_TRIG_OVER : EVM_TRIG_NEG));
		evm_sentence_polarity near = evm_polarity_set_search(evm_polarity_builtin(), t, len, from[0], from[1]);
		if (whole.polarity != near.polarity || whole.cue_start != near.cue_start)
			fprintf(stderr, "  '%s': whole %s at %zu, from trigger %s at %zu\n", t, evm_polarity_name(whole.polarity),
				whole.cue_start, evm_polarity_name(near.polarity), near.cue_start);
		CHECK(whole.polarity == near.polarity && whole.cue_start == near.cue_start && whole.cue_end == near.cue_end);
	}
	CHECK(evm_polarity_of(sents[0], strlen(sents[0])).polarity == EVM_POL_EFFECTIVE);
	CHECK(evm_polarity_of(sents[1], strlen(sents[1])).polarity == EVM_POL_INEFFECTIVE);
	CHECK(evm_polarity_of(sents[2], strlen(sents[2])).polarity == EVM_POL_OVERDONE);
	/* a start inside a UTF-8 sequence steps back to its first byte */
	CHECK(evm_polarity_set_search(evm_polarity_builtin(), sents[9], strlen(sents[9]), 1, 1).polarity == EVM_POL_OVERDONE);
}

/* How managers word a shortfall or an excess without a negation; each case
 * must also contain a trigger word, or the prefilter would hide it. */
static void test_polarity_wording(void)
{
	static const struct {
		const char *text;
		evm_polarity want;
	} cases[] = {
		{"Emails to the team are long and unclear.", EVM_POL_INEFFECTIVE},
		{"Invites every agency she can think of to the meetings.", EVM_POL_OVERDONE},
		{"Changes the process again before the last change has bedded in.", EVM_POL_OVERDONE},
		{"Gave the new rota time to bed in before reviewing it.", EVM_POL_EFFECTIVE},
		/* developmental wording, and the praise that looks like it */
		{"Would benefit from planning his caseload further ahead.", EVM_POL_INEFFECTIVE},
		{"Could do more to support newer colleagues on the landing.", EVM_POL_INEFFECTIVE},
		{"Should take more ownership of the cell-search rota.", EVM_POL_INEFFECTIVE},
		{"Tends to leave paperwork until the end of the shift.", EVM_POL_INEFFECTIVE},
		{"Files them late, which causes delays for the hearing.", EVM_POL_INEFFECTIVE},
		{"Reports are sometimes incomplete and need to be returned.", EVM_POL_INEFFECTIVE},
		{"Leaves it to others to deal with difficult prisoners.", EVM_POL_INEFFECTIVE},
		{"Her planning means nothing is left until the last minute.", EVM_POL_EFFECTIVE},
		{"Always takes ownership and should be considered for promotion.", EVM_POL_EFFECTIVE},
		{"He would benefit the wider prison as a trainer.", EVM_POL_EFFECTIVE},
		{"Could not have done more to support the family.", EVM_POL_EFFECTIVE},
		{"Keeps the landing informed, so changes never cause confusion.", EVM_POL_EFFECTIVE},
		{"Shares the load fairly and never leaves things to others.", EVM_POL_EFFECTIVE},
		{"Has built a team that no longer needs to be chased for returns.", EVM_POL_EFFECTIVE},
		{"ACCT observations were recorded after the event rather than at the time.", EVM_POL_INEFFECTIVE},
		{"Keyworker sessions are frequently cancelled at short notice.", EVM_POL_INEFFECTIVE},
		{"Gets flustered in incidents and freezes.", EVM_POL_INEFFECTIVE},
		{"Relies on colleagues to do the searches.", EVM_POL_INEFFECTIVE},
		{"Hardly ever attends team briefings.", EVM_POL_INEFFECTIVE},
		{"Argues with managers in front of prisoners.", EVM_POL_INEFFECTIVE},
		{"Tends to blame others when team deadlines slip.", EVM_POL_INEFFECTIVE},
		{"New starters have been left without a buddy.", EVM_POL_INEFFECTIVE},
		{"Digs in rather than listening to the other side.", EVM_POL_INEFFECTIVE},
		{"Morale is low on the wing.", EVM_POL_INEFFECTIVE},
		{"Very rigid about deadlines with other teams.", EVM_POL_OVERDONE},
		{"Took the blame for the team's mistake and put it right.", EVM_POL_EFFECTIVE},
		{"Got defensive when the new rota was questioned.", EVM_POL_INEFFECTIVE},
		{"Resisted the move to the new case allocation tool.", EVM_POL_INEFFECTIVE},
		{"Tends to jump to conclusions before he has the facts.", EVM_POL_INEFFECTIVE},
		{"Her own files are now three weeks behind.", EVM_POL_INEFFECTIVE},
		{"Let agency spend run over forecast by a fifth.", EVM_POL_INEFFECTIVE},
		{"The recommendation had to be withdrawn when the full data came in.", EVM_POL_INEFFECTIVE},
		{"Recurring problems with lost property went unaddressed.", EVM_POL_INEFFECTIVE},
		{"Recommended extending the contract without looking at alternatives.", EVM_POL_INEFFECTIVE},
		{"Needs to slow down and check before submitting.", EVM_POL_INEFFECTIVE},
		{"One result was added to the wrong nominal.", EVM_POL_INEFFECTIVE},
		{"Insists on re-reading every report herself.", EVM_POL_OVERDONE},
		{"Thorough, but gets lost in the analysis.", EVM_POL_OVERDONE},
		{"Keeps taking on other people's cases.", EVM_POL_OVERDONE},
		{"Hasn't missed a deadline all year.", EVM_POL_EFFECTIVE},
		{"Decisive under pressure but never rash.", EVM_POL_EFFECTIVE},
		{"Asks for a second opinion when something does not add up.", EVM_POL_EFFECTIVE},
		{"Covered a colleague's cases and cleared the backlog.", EVM_POL_EFFECTIVE},
		{"Disorganised: forgets to book the interpreters.", EVM_POL_INEFFECTIVE},
		{"Can be abrupt with callers and is not always on time.", EVM_POL_INEFFECTIVE},
		{"Overly controlling of how the team writes its reports.", EVM_POL_OVERDONE},
		{"Gives ministers clear advice even when the evidence is incomplete.", EVM_POL_EFFECTIVE},
		{"Has yet to agree a development plan with her new starter.", EVM_POL_INEFFECTIVE},
		{"Handovers are patchy and the logs inconsistent.", EVM_POL_INEFFECTIVE},
		{"Can be curt with members of the public on the phone.", EVM_POL_INEFFECTIVE},
		{"He hadn't checked the figures before they went to the board.", EVM_POL_INEFFECTIVE},
		{"Finds it difficult to give honest feedback.", EVM_POL_INEFFECTIVE},
		{"No clear plan for the refurbishment, so contractors sat idle.", EVM_POL_INEFFECTIVE},
		{"Rushed the risk assessment to hit the date.", EVM_POL_OVERDONE},
		{"Does everything herself rather than trusting the team.", EVM_POL_OVERDONE},
		{"Calm in a crisis and never rash.", EVM_POL_EFFECTIVE},
		{"Doesn't micromanage: the team are trusted to get on with it.", EVM_POL_EFFECTIVE},
		{"Knows the team's weaknesses well and plans training around them.", EVM_POL_EFFECTIVE},
		{"Nevertheless, she kept the project on track.", EVM_POL_EFFECTIVE},
		{"Lost his temper with a prisoner on the landing.", EVM_POL_INEFFECTIVE},
		{"Cuts corners on the cell searches when the wing is busy.", EVM_POL_INEFFECTIVE},
		{"Three of her referrals are overdue.", EVM_POL_INEFFECTIVE},
		{"Kept every site to the standard rather than cutting corners.", EVM_POL_EFFECTIVE},
		/* a good negation inside the not-done match still covers it */
		{"He was not late once this year.", EVM_POL_EFFECTIVE},
		{"Takes ownership and doesn't need chasing.", EVM_POL_EFFECTIVE},
		{"Training was rarely cancelled.", EVM_POL_EFFECTIVE},
		/* ... but not one that only follows it */
		{"She failed to notice that he was never late.", EVM_POL_INEFFECTIVE},
		{"Leaders had not escalated the problem.", EVM_POL_INEFFECTIVE},
		/* a good negation reaching further back than any not-done pattern */
		{"Cleared a backlog of 400 overdue applications in six weeks.", EVM_POL_EFFECTIVE},
		{"Spotted the error in the disclosure schedule and fixed it.", EVM_POL_EFFECTIVE},
		/* the failing is someone else's, or the situation */
		{"Persuaded a reluctant liaison officer to share the records.", EVM_POL_EFFECTIVE},
		{"Covered a struggling colleague's cases.", EVM_POL_EFFECTIVE},
		{"Delivered the report early despite a late change in scope.", EVM_POL_EFFECTIVE},
		{"Knows who needs to hear what, and when.", EVM_POL_EFFECTIVE},
		{"Monthly reviews of near misses are now routine.", EVM_POL_EFFECTIVE},
		/* manager's understatement and advice */
		{"Tends to wait for others to decide.", EVM_POL_INEFFECTIVE},
		{"Could be more proactive with partner agencies.", EVM_POL_INEFFECTIVE},
		{"Next time, lead with the ask.", EVM_POL_INEFFECTIVE},
		{"Shows little awareness of the regional priorities.", EVM_POL_INEFFECTIVE},
		{"Made no effort to learn the new case system.", EVM_POL_INEFFECTIVE},
		{"Only four of our 22 recommendations had been achieved.", EVM_POL_INEFFECTIVE},
		{"Recommendations had largely not been achieved.", EVM_POL_INEFFECTIVE},
		{"he doesnt update the team", EVM_POL_INEFFECTIVE},
		{"Parole reports frequently go in after the deadline.", EVM_POL_INEFFECTIVE},
		{"Involves everyone in everything.", EVM_POL_OVERDONE},
		{"Keeps asking for more data before committing to a view.", EVM_POL_OVERDONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *t = cases[i].text;
		evm_sentence_polarity p = evm_polarity_of(t, strlen(t));
		if (p.polarity != cases[i].want)
			fprintf(stderr, "  '%s': %s, expected %s\n", t, evm_polarity_name(p.polarity), evm_polarity_name(cases[i].want));
		CHECK(p.polarity == cases[i].want);
		if (cases[i].want == EVM_POL_EFFECTIVE)
			continue;
		int trig = 0;
		char w[64];
		for (const char *q = t; *q;) {
			size_t n = 0;
			while (*q && *q != ' ' && *q != '.' && *q != ',' && n + 1 < sizeof w)
				w[n++] = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q), q++;
			trig |= n ? evm_polarity_set_trigger(evm_polarity_builtin(), w, n) : 0;
			while (*q == ' ' || *q == '.' || *q == ',')
				q++;
		}
		/* and a trigger of the kind the pattern that decides it needs */
		int kind = cases[i].want == EVM_POL_OVERDONE ? EVM_TRIG_OVER : EVM_TRIG_NEG;
		if (!(trig & kind))
			fprintf(stderr, "  no trigger word of the right kind in '%s'\n", t);
		CHECK(trig & kind);
	}
}

/* A first-person statement's problems are its situation, unless the writer
 * owns them. */
static void test_first_person_context(void)
{
	evm_result *r = match("success-profiles", "The team kept missing its targets and morale was poor. "
						  "I set up a weekly rota and my manager saw the backlog fall.");
	evm_polarity p;
	evm_result_sentence(r, 0, NULL, NULL, &p, NULL, NULL);
	CHECK(p == EVM_POL_EFFECTIVE);
	CHECK(evm_result_polarity(r) == EVM_POL_EFFECTIVE);
	evm_result_free(r);
	r = match("success-profiles", "I did not escalate the risk in time. My manager found out from the client.");
	evm_result_sentence(r, 0, NULL, NULL, &p, NULL, NULL);
	CHECK(p == EVM_POL_INEFFECTIVE);
	evm_result_free(r);
	/* third person: as it reads */
	r = match("success-profiles", "The team kept missing its targets and morale was poor.");
	CHECK(evm_result_polarity(r) == EVM_POL_INEFFECTIVE);
	evm_result_free(r);
}

static void test_scope(void)
{
	const char *t = "I led the team through the restructure and explained the reasons to everyone.";
	evm_match_options o = {0};
	const char *comps[] = {"Working Together", "delivering at pace"};
	o.framework = "success-profiles";
	o.competencies = comps;
	o.ncompetencies = 2;
	evm_result *r;
	CHECK(evm_match(IX, t, strlen(t), &o, &r) == 0);
	for (size_t i = 0; i < evm_result_count(r); i++) {
		const char *n = evm_result_get(r, i)->competency->name;
		CHECK(!strcmp(n, "Working Together") || !strcmp(n, "Delivering at Pace"));
	}
	evm_result_free(r);
	o.competencies = NULL;
	o.ncompetencies = 0;
	o.framework = NULL;
	o.top = 50;
	CHECK(evm_match(IX, t, strlen(t), &o, &r) == 0);
	int fws = 0;
	for (size_t i = 0; i < evm_result_count(r); i++)
		fws |= 1 << (evm_result_get(r, i)->framework == evm_lexicon_find_framework(evm_index_lexicon(IX), "noms"));
	CHECK(fws == 3); /* all frameworks searched, each entry names its own */
	evm_result_free(r);
	o.framework = "nope";
	CHECK(evm_match(IX, t, strlen(t), &o, &r) == EVM_ENOTFOUND);
	o.framework = "success-profiles";
	o.level = "2";
	CHECK(evm_match(IX, "I set the department's strategy with the board and ministers.", 60, &o, &r) == 0);
	CHECK(evm_result_count(r) > 0);
	evm_result_free(r);
}

/* --top k shows the first k of the whole ranking, ties in the same order:
 * a short list is picked out without sorting everything. */
static void test_top_is_prefix(void)
{
	const char *t = "I led the team through the restructure and explained the reasons to everyone. "
			"Missed the deadline twice and did not update the team. I checked every figure myself.";
	evm_match_options o = {0};
	o.top = 1000;
	evm_result *all = NULL;
	CHECK(evm_match(IX, t, strlen(t), &o, &all) == 0);
	if (!all)
		return;
	size_t n = evm_result_count(all);
	CHECK(n > 40); /* competencies of every framework */
	for (size_t k = 1; k <= 60; k += (k < 8 ? 1 : 13)) {
		o.top = k;
		evm_result *r = NULL;
		CHECK(evm_match(IX, t, strlen(t), &o, &r) == 0);
		if (!r)
			continue;
		CHECK_INT(evm_result_count(r), k < n ? k : n);
		for (size_t i = 0; i < evm_result_count(r); i++) {
			const evm_competency_match *a = evm_result_get(r, i), *b = evm_result_get(all, i);
			CHECK(a->competency == b->competency && a->score == b->score);
			if (i)
				CHECK(evm_result_get(r, i - 1)->score >= a->score);
		}
		evm_result_free(r);
	}
	evm_result_free(all);
}

static void test_limits(void)
{
	evm_result *r;
	char *big = malloc(EVM_MAX_TEXT + 2);
	memset(big, 'a', EVM_MAX_TEXT + 1);
	CHECK(evm_match(IX, big, EVM_MAX_TEXT + 1, NULL, &r) == EVM_ELIMIT);
	free(big);
	const char bad[] = "I \xff\xfe managed the \0 budget \xC0\xAF well.";
	CHECK(evm_match(IX, bad, sizeof bad - 1, NULL, &r) == 0);
	CHECK(evm_result_invalid_bytes(r) >= 5);
	evm_result_free(r);
	CHECK(evm_match(IX, "", 0, NULL, &r) == 0);
	CHECK_INT(evm_result_count(r), 0);
	evm_result_free(r);
	CHECK(evm_match(IX, NULL, 0, NULL, &r) == 0);
	evm_result_free(r);
	CHECK(evm_match(NULL, "x", 1, NULL, &r) == EVM_EINVAL);
	/* regression (fuzz_batch_record): a record that is all blanks, in a
	 * buffer with no NUL after it, must not be read past its end */
	char *blank = malloc(1);
	blank[0] = ' ';
	char *out = NULL;
	CHECK(evm_batch_record(IX, blank, 1, 1, NULL, 0, &out) == 1);
	CHECK(out && strstr(out, "empty line"));
	evm_free(out);
	free(blank);
	/* regression (fuzz_match): NUL and bad bytes echo replaced, never as \u0000 */
	const char nul[] = "\xffMissed the deadline \0 twice.";
	CHECK(evm_match(IX, nul, sizeof nul - 1, NULL, &r) == 0);
	char *js = evm_result_to_json(r, nul, sizeof nul - 1, NULL);
	CHECK(js && !strstr(js, "\\u0000"));
	evm_free(js);
	evm_result_free(r);
}

/* One index, many threads: every thread must get exactly the answers a
 * single thread gets. */
#define NTHREADS 4
#define ROUNDS 60
static const char *SAMPLES[] = {
	"I mentored two new starters and set up a buddy system for the team.",
	"Missed the deadline twice and did not update the team.",
	"I analysed the options, weighed the risks and recommended the cheaper supplier to the board.",
	"I built relationships with the council and the fire service to share intelligence.",
};
static double expect[4];
static const char *expect_id[4];

static void *worker(void *arg)
{
	long bad = 0;
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		int k = i % 4;
		evm_result *r;
		if (evm_match(IX, SAMPLES[k], strlen(SAMPLES[k]), NULL, &r) != 0) {
			bad++;
			continue;
		}
		if (!evm_result_count(r) || evm_result_get(r, 0)->score != expect[k] ||
		    strcmp(evm_result_get(r, 0)->competency->id, expect_id[k]) != 0)
			bad++;
		evm_result_free(r);
	}
	return (void *)bad;
}

/* The built-in set compiles its alternations on first need, which for the
 * masked search is a sentence with more windows than it keeps: threads that
 * all meet such a sentence first race to compile them, and must all get the
 * same answer. Run before anything else has needed them. */
static char many_text[4096];
static void *many_worker(void *arg)
{
	evm_result *r = NULL;
	long pol = -1;
	for (int i = 0; i < 80; i++) { /* past JIT_AFTER uses: the JIT copy is raced for too */
		if (evm_match(IX, many_text, strlen(many_text), NULL, &r) != 0)
			return (void *)-1L;
		long p = (long)evm_result_polarity(r);
		evm_result_free(r);
		if (pol >= 0 && p != pol)
			return (void *)-2L;
		pol = p;
	}
	*(long *)arg = pol;
	return NULL;
}

static void test_lazy_alternations_threads(void)
{
	many_text[0] = '\0';
	for (int i = 0; i < 300; i++)
		strcat(many_text, i % 3 ? "not " : "never ");
	strcat(many_text, "did not update the team.");
	pthread_t th[NTHREADS];
	long pol[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, many_worker, &pol[i]);
	long bad = 0;
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;
		pthread_join(th[i], &ret);
		bad += ret != NULL || pol[i] != pol[0];
	}
	CHECK_INT(bad, 0);
	CHECK_INT(pol[0], EVM_POL_INEFFECTIVE);
}

static void test_threads(void)
{
	for (int k = 0; k < 4; k++) {
		evm_result *r;
		CHECK(evm_match(IX, SAMPLES[k], strlen(SAMPLES[k]), NULL, &r) == 0);
		expect[k] = evm_result_get(r, 0)->score;
		expect_id[k] = evm_result_get(r, 0)->competency->id;
		evm_result_free(r);
	}
	pthread_t th[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	long bad = 0;
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;
		pthread_join(th[i], &ret);
		bad += (long)ret;
	}
	CHECK_INT(bad, 0);
}

/* A thread's first text may have no content word at all: its per-thread
 * query arrays do not exist yet (clang's UBSan in the fuzz build flagged arithmetic on
 * them; the sanitizer build here uses gcc, which does not check NULL + 0). */
static void *first_text_empty(void *arg)
{
	(void)arg;
	static const char *const texts[] = {"is", "", "I", "and the of", "Did not."};
	long bad = 0;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		evm_result *r = NULL;
		bad += evm_match(IX, texts[i], strlen(texts[i]), NULL, &r) != 0;
		evm_result_free(r);
	}
	return (void *)bad;
}

static void test_first_text_empty(void)
{
	pthread_t th;
	void *ret = (void *)1;
	CHECK(pthread_create(&th, NULL, first_text_empty, NULL) == 0);
	pthread_join(th, &ret);
	CHECK(ret == NULL);
}

/* "collegiate" is only in a Success Profiles cue (Working Together). NOMS's
 * Collaborating and Partnering borrows its partners' cue words through the
 * crosswalk; the police framework keeps to its own (own-cues-only). */
static int has_class_term(const evm_result *r, const char *comp, const char *term)
{
	for (size_t i = 0; i < evm_result_count(r); i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		for (size_t k = 0; k < m->nclass_terms; k++)
			if ((!comp || !strcmp(m->competency->name, comp)) && !strcmp(m->class_terms[k].term, term))
				return 1;
	}
	return 0;
}

static void test_crosswalk_cues(void)
{
	evm_result *r = match("noms", "She is collegiate.");
	CHECK(has_class_term(r, "Collaborating and Partnering", "collegi"));
	evm_result_free(r);
	r = match("police-force", "She is collegiate.");
	CHECK(!has_class_term(r, NULL, "collegi"));
	evm_result_free(r);
}

/* A word no Success Profiles text uses, but NOMS's Delivering at Pace does
 * ("drift"), still counts for Success Profiles' Delivering at Pace: the
 * crosswalk lends NOMS's indicators to its class model, and the evidence
 * says so as a class term. */
static void test_crosswalk(void)
{
	evm_result *r = match("success-profiles", "The work kept drifting.");
	const evm_competency_match *m = NULL;
	for (size_t i = 0; i < evm_result_count(r); i++)
		if (!strcmp(evm_result_get(r, i)->competency->name, "Delivering at Pace"))
			m = evm_result_get(r, i);
	CHECK(m != NULL);
	int found = 0;
	for (size_t k = 0; m && k < m->nclass_terms; k++)
		found |= m->class_terms[k].via == EVM_VIA_CLASS && !strcmp(m->class_terms[k].term, "drift") &&
			 m->class_terms[k].start == 14 && m->class_terms[k].weight > 0;
	CHECK(found);
	CHECK_STR(evm_via_name(EVM_VIA_CLASS), "class");
	evm_result_free(r);
}

/* The competency model file: its format, what a malformed one is told, that
 * a text's features count once each for every class, that explanations pick
 * a class's heaviest positive weights, and that the index maps each built-in
 * framework's competencies onto the built-in model and a stranger's not. */
static void test_competency_model(void)
{
	static const char tiny[] = "evmatch-competency-model 1\n# comment\n[a/One]\nbias 0.5\n1.0 rota\n0.25 the rota\n"
				   "-2 budget\n[a/Two & Three]\nbias -0.5\n3 budget\n0.125 didn't\n[b/x]\nbias 0\n1 rota\n";
	evm_cmodel *m = NULL;
	CHECK(evm_cmodel_parse("tiny", tiny, strlen(tiny), &m) == 0);
	if (m) {
		CHECK_INT(m->nclass, 3);
		CHECK_INT(evm_cmodel_class(m, "a", "Two & Three"), 1);
		CHECK_INT(evm_cmodel_class(m, "a", "Two"), -1);
		CHECK_INT(evm_cmodel_framework_classes(m, "a"), 2);
		CHECK_INT(evm_cmodel_framework_classes(m, "c"), 0);
		double z[3];
		uint32_t *feats = NULL;
		size_t nf = 0;
		/* rota once though twice; "the rota"; budget; "didn't" with a curly apostrophe */
		const char *t = "The ROTA, the rota and the budget. Didn\xe2\x80\x99t.";
		CHECK(evm_cmodel_read(m, t, strlen(t), z, &feats, &nf) == 0);
		CHECK(fabs(z[0] - (0.5 + 1.0 + 0.25 - 2)) < 1e-6);
		CHECK(fabs(z[1] - (-0.5 + 3 + 0.125)) < 1e-6);
		CHECK(fabs(z[2] - 1) < 1e-6);
		CHECK_INT(nf, 4);
		evm_model_term terms[2];
		size_t n = evm_cmodel_terms(m, 0, feats, nf, terms, 2);
		CHECK_INT(n, 2); /* budget weighs against One: not a reason for it */
		CHECK(n == 2 && !strcmp(terms[0].term, "rota") && terms[0].weight == 1.0 && !strcmp(terms[1].term, "the rota"));
		free(feats);
		CHECK(evm_cmodel_read(m, "", 0, z, &feats, &nf) == 0 && nf == 0 && z[1] == -0.5);
		free(feats);
		evm_cmodel_free(m);
	}
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"", "empty file"},
		{"evmatch-competency-model 2\n[a/b]\nbias 0\n", "header"},
		{"evmatch-competency-model 1\n1.0 rota\n", "before the first"},
		{"evmatch-competency-model 1\n[a/b]\n1.0 rota\n", "no bias"},
		{"evmatch-competency-model 1\n[a/b]\n1.0 rota\n[a/c]\nbias 0\n", "has no bias"},
		{"evmatch-competency-model 1\n[a/b]\nbias 0\nbias 1\n", "second bias"},
		{"evmatch-competency-model 1\n[A/b]\nbias 0\n", "expected '[framework/competency]'"},
		{"evmatch-competency-model 1\n[a-b]\nbias 0\n", "expected '[framework/competency]'"},
		{"evmatch-competency-model 1\n[a/]\nbias 0\n", "expected '[framework/competency]'"},
		{"evmatch-competency-model 1\n[a/b]\nbias 0\n[a/b]\nbias 0\n", "class listed twice"},
		{"evmatch-competency-model 1\n[a/b]\nbias x\n", "not a number"},
		{"evmatch-competency-model 1\n[a/b]\nbias 0\n1e9 rota\n", "over 100"},
		{"evmatch-competency-model 1\n[a/b]\nbias 0\n1 Rota\n", "lower-case"},
		{"evmatch-competency-model 1\n[a/b]\nbias 0\n1 a b c\n", "one or two"},
		{"evmatch-competency-model 1\n[a/b]\nbias 0\n1 rota\n2 rota\n", "twice for one class"},
		{"evmatch-competency-model 1\n[a/b]\nbias 0\n1\n", "expected 'WEIGHT FEATURE'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		evm_cmodel *q = (evm_cmodel *)1;
		int rc = evm_cmodel_parse("bad.txt", bad[i].text, strlen(bad[i].text), &q);
		const char *msg = evm_error_message();
		if (rc == 0 || !strstr(msg, bad[i].want))
			fprintf(stderr, "  competency model case %zu: rc %d, message '%s', expected '%s'\n", i, rc, msg,
				bad[i].want);
		CHECK(rc < 0 && q == NULL && strstr(msg, bad[i].want) && strstr(msg, "bad.txt"));
	}
	/* the built-in model covers every built-in framework exactly */
	const evm_cmodel *b = evm_cmodel_builtin();
	const evm_lexicon *lx = evm_index_lexicon(IX);
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++) {
		const evm_framework *fw = evm_lexicon_framework(lx, f);
		CHECK(IX->model_class[f] != NULL);
		CHECK_INT(evm_cmodel_framework_classes(b, evm_framework_id(fw)), evm_framework_competency_count(fw));
		for (size_t c = 0; IX->model_class[f] && c < evm_framework_competency_count(fw); c++)
			CHECK_STR(b->cls[IX->model_class[f][c]].comp, evm_framework_competency(fw, c)->name);
	}
	/* a framework of the user's own: no model, and a factor of 1 */
	const char *data = getenv("EVM_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof path, "%s/user-framework.lex", data ? data : ".");
	evm_lexicon *ol = NULL;
	evm_index *oi = NULL;
	CHECK(evm_lexicon_new(&ol) == 0 && evm_lexicon_load_path(ol, path) == 0 && evm_index_build(ol, &oi) == 0);
	if (oi) {
		CHECK(oi->model_class[0] == NULL);
		evm_result *r = NULL;
		const char *t = "I put residents first: I rang every caller back the same day and fixed the complaint.";
		CHECK(evm_match(oi, t, strlen(t), NULL, &r) == 0 && r && evm_result_count(r) >= 1);
		for (size_t i = 0; r && i < evm_result_count(r); i++) {
			const evm_competency_match *cm = evm_result_get(r, i);
			CHECK(cm->model_p == -1 && cm->model_factor == 1 && cm->nmodel_terms == 0);
		}
		evm_result_free(r);
		/* its own model, loaded from a file: now it reads for it */
		char mpath[] = "/tmp/evm-test-model-XXXXXX";
		int fd = mkstemp(mpath);
		static const char own_model[] = "evmatch-competency-model 1\n[acme-values/Customer First]\nbias 0\n1 caller\n"
						"[acme-values/One Team]\nbias 0\n1 team\n";
		CHECK(fd >= 0 && write(fd, own_model, sizeof own_model - 1) == (ssize_t)(sizeof own_model - 1));
		if (fd >= 0)
			close(fd);
		CHECK(evm_index_load_competency_model(oi, mpath) == 0);
		CHECK(oi->model_class[0] != NULL && oi->model[0] == oi->own_model);
		CHECK(evm_match(oi, t, strlen(t), NULL, &r) == 0 && r && evm_result_count(r) >= 1);
		for (size_t i = 0; r && i < evm_result_count(r); i++) {
			const evm_competency_match *cm = evm_result_get(r, i);
			CHECK(cm->model_p > 0 && cm->model_p < 1);
			if (!strcmp(cm->competency->name, "Customer First")) /* "caller" weighs for it */
				CHECK(cm->model_p > 0.5 && cm->nmodel_terms == 1 && !strcmp(cm->model_terms[0].term, "caller"));
		}
		evm_result_free(r);
		CHECK(evm_index_load_competency_model(oi, mpath) == EVM_EINVAL); /* one per index */
		unlink(mpath);
		evm_index_free(oi);
	}
	evm_lexicon_free(ol);
	/* a model for another framework is refused and changes nothing */
	evm_lexicon *bl = NULL;
	evm_index *bi = NULL;
	CHECK(evm_lexicon_new(&bl) == 0 && evm_lexicon_load_path(bl, path) == 0 && evm_index_build(bl, &bi) == 0);
	if (bi) {
		char mpath[] = "/tmp/evm-test-model-XXXXXX";
		int fd = mkstemp(mpath);
		static const char other[] = "evmatch-competency-model 1\n[hmip-leadership/Direction]\nbias 0\n";
		CHECK(fd >= 0 && write(fd, other, sizeof other - 1) == (ssize_t)(sizeof other - 1));
		if (fd >= 0)
			close(fd);
		CHECK(evm_index_load_competency_model(bi, mpath) == EVM_ENOTFOUND);
		CHECK(strstr(evm_error_message(), "covers none") != NULL && bi->model_class[0] == NULL && !bi->own_model);
		CHECK(evm_index_load_competency_model(bi, "/nonexistent/model.txt") < 0);
		unlink(mpath);
		evm_index_free(bi);
	}
	evm_lexicon_free(bl);
	/* a model for one built-in framework replaces the built-in one for it
	 * alone; a text matched against every framework is read by both */
	evm_lexicon *al = NULL;
	evm_index *ai = NULL;
	CHECK(evm_lexicon_new_builtin(&al) == 0 && evm_index_build(al, &ai) == 0);
	if (ai) {
		char mpath[] = "/tmp/evm-test-model-XXXXXX";
		int fd = mkstemp(mpath);
		static const char hm[] = "evmatch-competency-model 1\n[hmip-leadership/Direction]\nbias 0\n"
					 "[hmip-leadership/Engagement]\nbias 0\n[hmip-leadership/Enabling]\nbias 0\n"
					 "[hmip-leadership/Continuous improvement]\nbias 0\n";
		CHECK(fd >= 0 && write(fd, hm, sizeof hm - 1) == (ssize_t)(sizeof hm - 1));
		if (fd >= 0)
			close(fd);
		CHECK(evm_index_load_competency_model(ai, mpath) == 0);
		unlink(mpath);
		const char *t = "I met every wing's staff and prisoners, explained our priorities and we agreed a plan "
				"to cut violence; I reviewed the data every month.";
		evm_match_options o = {0};
		o.top = 60;
		evm_result *r = NULL;
		CHECK(evm_match(ai, t, strlen(t), &o, &r) == 0 && r);
		int own = 0, builtin = 0;
		for (size_t i = 0; r && i < evm_result_count(r); i++) {
			const evm_competency_match *cm = evm_result_get(r, i);
			if (!strcmp(evm_framework_id(cm->framework), "hmip-leadership")) {
				CHECK(fabs(cm->model_p - 0.25) < 1e-12 && cm->nmodel_terms == 0); /* all weights 0: an even share */
				own++;
			} else {
				CHECK(cm->model_p > 0 && cm->model_p < 1);
				builtin++;
			}
		}
		CHECK(own > 0 && builtin > 0);
		evm_result_free(r);
		evm_index_free(ai);
	}
	evm_lexicon_free(al);
}

/* The pattern file: triggers come from the anchors, the lead from the words
 * before them, and every malformed line is an error naming its line. */
/* The note-polarity model file: its format, what a malformed one is told,
 * and that a text's features count once each. */
static void test_polarity_model(void)
{
	static const char tiny[] = "evmatch-polarity-model 1\n# comment\nbias 0.5\n1.0 late\n0.25 was late\n"
				   "-2 never\n0.125 didn't\n";
	evm_polarity_model *m = NULL;
	CHECK(evm_polarity_model_parse("tiny", tiny, strlen(tiny), &m) == 0);
	if (m) {
		/* late (once, though twice in the text) + was late; "late again" is no feature */
		const char *t = "Was LATE, late again.";
		CHECK(fabs(evm_polarity_model_logit(m, t, strlen(t)) - 1.75) < 1e-12);
		CHECK(fabs(evm_polarity_model_logit(m, "", 0) - 0.5) < 1e-12);
		const char *curly = "She didn\xe2\x80\x99t come.";
		CHECK(fabs(evm_polarity_model_logit(m, curly, strlen(curly)) - 0.625) < 1e-12);
		evm_model_term terms[2];
		size_t n = 9;
		const char *t2 = "never late, was late";
		double p = evm_polarity_model_score(m, t2, strlen(t2), terms, 2, &n);
		CHECK(fabs(p - 1 / (1 + exp(-(0.5 + 1.0 + 0.25 - 2)))) < 1e-12);
		/* reads as a strength (z = -0.25): the terms are those weighing that way */
		CHECK_INT(n, 1);
		CHECK(n == 1 && !strcmp(terms[0].term, "never") && terms[0].weight == -2);
		const char *t3 = "was late";
		p = evm_polarity_model_score(m, t3, strlen(t3), terms, 2, &n);
		CHECK(p > 0.5);
		CHECK_INT(n, 2);
		CHECK(n == 2 && !strcmp(terms[0].term, "late") && !strcmp(terms[1].term, "was late"));
		evm_polarity_model_free(m);
	}
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"", "empty file"},
		{"evmatch-polarity-model 2\nbias 0\n", "header"},
		{"evmatch-polarity-model 1\n1.0 late\n", "no bias"},
		{"evmatch-polarity-model 1\nbias 0\nbias 1\n", "second bias"},
		{"evmatch-polarity-model 1\nbias x\n", "bias is not a number"},
		{"evmatch-polarity-model 1\nbias 0\nheavy late\n", "weight is not a number"},
		{"evmatch-polarity-model 1\nbias 0\n1e9 late\n", "over 100"},
		{"evmatch-polarity-model 1\nbias 0\n1 Late\n", "lower-case"},
		{"evmatch-polarity-model 1\nbias 0\n1 very late indeed\n", "one or two"},
		{"evmatch-polarity-model 1\nbias 0\n1 late\n2 late\n", "twice"},
		{"evmatch-polarity-model 1\nbias 0\n1\n", "expected 'WEIGHT FEATURE'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		evm_polarity_model *q = (evm_polarity_model *)1;
		int rc = evm_polarity_model_parse("bad.txt", bad[i].text, strlen(bad[i].text), &q);
		const char *msg = evm_error_message();
		if (rc == 0 || !strstr(msg, bad[i].want))
			fprintf(stderr, "  model case %zu: rc %d, message '%s', expected '%s'\n", i, rc, msg, bad[i].want);
		CHECK(rc < 0 && q == NULL && strstr(msg, bad[i].want));
	}
	char nul[] = "evmatch-polarity-model 1\nbias 0\n1 la\0te\n";
	evm_polarity_model *q = NULL;
	CHECK(evm_polarity_model_parse("nul.txt", nul, sizeof nul - 1, &q) < 0 && q == NULL);
	/* the built-in model loads, and reads plain notes the plain way */
	const evm_polarity_model *b = evm_polarity_model_builtin();
	CHECK(b != NULL);
	if (b) {
		const char *neg = "Missed the deadline twice and did not update the team.";
		const char *pos = "Excellent work this year: she cleared the backlog early and the team trust her.";
		CHECK(evm_polarity_model_score(b, neg, strlen(neg), NULL, 0, NULL) > EVM_MODEL_HIGH);
		CHECK(evm_polarity_model_score(b, pos, strlen(pos), NULL, 0, NULL) < EVM_MODEL_LOW);
	}
}

/* Where the model is confident about a note it decides the note's polarity
 * and every competency's; a statement in the first person it does not read. */
static void test_model_overrules(void)
{
	const char *texts[] = {
		"Missed the deadline twice and did not update the team.",
		"Excellent work this year: she cleared the backlog early and the team trust her.",
		"Keeps the wing calm and is always first to help a new officer.",
		"I led the team through the restructure and explained the reasons to everyone. I kept my manager updated.",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		evm_result *r = NULL;
		CHECK(evm_match(IX, texts[i], strlen(texts[i]), NULL, &r) == 0);
		if (!r)
			continue;
		const evm_model_term *mt;
		size_t n;
		double p = evm_result_polarity_model(r, &mt, &n);
		if (i == 3) {
			CHECK(p < 0); /* first person */
			CHECK_INT(n, 0);
		} else {
			CHECK(p >= 0 && p <= 1 && n > 0 && n <= EVM_MODEL_TERMS);
		}
		for (size_t k = 0; k < evm_result_count(r) && p >= 0; k++) {
			evm_polarity cp = evm_result_get(r, k)->polarity;
			if (p > EVM_MODEL_HIGH)
				CHECK(cp != EVM_POL_EFFECTIVE);
			if (p < EVM_MODEL_LOW)
				CHECK(cp == EVM_POL_EFFECTIVE);
		}
		if (p > EVM_MODEL_HIGH)
			CHECK(evm_result_polarity(r) != EVM_POL_EFFECTIVE);
		if (p >= 0 && p < EVM_MODEL_LOW)
			CHECK(evm_result_polarity(r) == EVM_POL_EFFECTIVE);
		evm_result_free(r);
	}
}

static void test_polarity_file(void)
{
	static const char good[] = "evmatch-polarity 1\n"
				   "# comment\n"
				   "not-done: had to be !withdrawn|redone\n"
				   "not-done: *n't\n"
				   "not-done: miss*\n"
				   "too-much: at the !expense of\n"
				   "too-much: every [single] detail|item\n"
				   "good-negation: never|*n't ~0-2 !miss*\n";
	evm_polarity_set *ps;
	CHECK(evm_polarity_compile("good.txt", good, strlen(good), &ps) == 0);
	CHECK(evm_polarity_set_trigger(ps, "withdrawn", 9) == EVM_TRIG_NEG);
	CHECK(evm_polarity_set_trigger(ps, "had", 3) == 0); /* not the anchor */
	CHECK(evm_polarity_set_trigger(ps, "hadn't", 6) == EVM_TRIG_NEG);
	CHECK(evm_polarity_set_trigger(ps, "missing", 7) == EVM_TRIG_NEG);
	CHECK(evm_polarity_set_trigger(ps, "expense", 7) == EVM_TRIG_OVER);
	CHECK(evm_polarity_set_trigger(ps, "every", 5) == EVM_TRIG_OVER);
	CHECK(evm_polarity_set_trigger(ps, "never", 5) == 0); /* good-negation is only asked about a match */
	CHECK_INT(evm_polarity_set_lead(ps, EVM_TRIG_NEG), 3);
	CHECK_INT(evm_polarity_set_lead(ps, EVM_TRIG_OVER), 2);
	const char *t = "The report had to be redone twice.";
	evm_sentence_polarity p = evm_polarity_set_search(ps, t, strlen(t), 0, strlen(t));
	CHECK(p.polarity == EVM_POL_INEFFECTIVE && p.cue_start == 11);
	t = "She checks every single item herself.";
	CHECK(evm_polarity_set_search(ps, t, strlen(t), 0, 0).polarity == EVM_POL_OVERDONE);
	t = "He never missed a deadline.";
	CHECK(evm_polarity_set_search(ps, t, strlen(t), 0, strlen(t)).polarity == EVM_POL_EFFECTIVE);
	t = "He didn\xe2\x80\x99t reply."; /* curly apostrophe */
	CHECK(evm_polarity_set_search(ps, t, strlen(t), 0, strlen(t)).polarity == EVM_POL_INEFFECTIVE);
	t = "Missionary zeal."; /* miss* matches words, "missed" in "dismissed" would not */
	CHECK(evm_polarity_set_search(ps, t, strlen(t), 0, strlen(t)).polarity == EVM_POL_INEFFECTIVE);
	t = "It was dismissed.";
	CHECK(evm_polarity_set_search(ps, t, strlen(t), 0, strlen(t)).polarity == EVM_POL_EFFECTIVE);
	evm_polarity_set_free(ps);

	/* pattern words start and end where tokens do: apostrophes and hyphens
	 * are inside words, so "late" is not in "late-night", nor "hasn" in
	 * "hasn't", and the scan agrees with a search from the trigger words */
	static const char words[] = "evmatch-polarity 1\nnot-done: late\nnot-done: hasn\nnot-done: *n'\n";
	CHECK(evm_polarity_compile("words.txt", words, strlen(words), &ps) == 0);
	static const struct {
		const char *text;
		evm_polarity want;
	} wc[] = {{"Worked the late-night shift.", EVM_POL_EFFECTIVE},   {"Was late twice.", EVM_POL_INEFFECTIVE},
		  {"She hasn't let anyone down.", EVM_POL_EFFECTIVE},     {"It was late.", EVM_POL_INEFFECTIVE},
		  {"The 'late' list.", EVM_POL_INEFFECTIVE},               {"An ex-late entry.", EVM_POL_EFFECTIVE},
		  {"Late\xe2\x80\x99s file.", EVM_POL_EFFECTIVE}};
	for (size_t i = 0; ps && i < sizeof wc / sizeof wc[0]; i++) {
		evm_sentence_polarity got = evm_polarity_set_search(ps, wc[i].text, strlen(wc[i].text), 0, strlen(wc[i].text));
		if (got.polarity != wc[i].want)
			fprintf(stderr, "  '%s': %s, expected %s\n", wc[i].text, evm_polarity_name(got.polarity),
				evm_polarity_name(wc[i].want));
		CHECK(got.polarity == wc[i].want);
	}
	evm_polarity_set_free(ps);

	static const struct {
		const char *text, *want;
	} bad[] = {
		{"", "empty file"},
		{"evmatch-cues 1\n", "bad.txt:1: expected the header"},
		{"evmatch-polarity 1\nsometimes: late\n", "bad.txt:2: expected 'not-done:'"},
		{"evmatch-polarity 1\nnot-done:\n", "bad.txt:2: empty pattern"},
		{"evmatch-polarity 1\n\nnot-done: !a !b\n", "bad.txt:3: two anchors"},
		{"evmatch-polarity 1\nnot-done: !~0-2 late\n", "bad.txt:2: bad gap"},
		{"evmatch-polarity 1\nnot-done: late ~0-2\n", "bad.txt:2: bad gap"},
		{"evmatch-polarity 1\nnot-done: late ~3-1 again\n", "bad.txt:2: bad gap"},
		{"evmatch-polarity 1\nnot-done: ![the] late\n", "bad.txt:2: bad optional word"},
		{"evmatch-polarity 1\nnot-done: Late\n", "bad.txt:2: 'Late': words are lower-case"},
		{"evmatch-polarity 1\nnot-done: la(te\n", "bad.txt:2: 'la(te'"},
		{"evmatch-polarity 1\nnot-done: *late*\n", "bad.txt:2: '*late*' is not a word"},
		{"evmatch-polarity 1\nnot-done: x\n", "bad.txt:2: anchor 'x' is too short"},
		{"evmatch-polarity 1\nnot-done: ab||cd\n", "bad.txt:2: '' is not a word"},
		{"evmatch-polarity 1\nnot-done: late !\n", "bad.txt:2: '!' without a word"},
		{"evmatch-polarity 1\nnot-done: relies on !the team\n", "bad.txt:2: anchor 'the' is too common a word"},
		{"evmatch-polarity 1\nnot-done: !staff|the left\n", "bad.txt:2: anchor 'the' is too common"},
		{"evmatch-polarity 1\nnot-done: has|have yet\n", "bad.txt:2: anchor 'has' is too common"},
		/* the masked search finds good negations through the triggers of
		 * what they cancel */
		{"evmatch-polarity 1\nnot-done: late\ngood-negation: never ~0-1 late\n",
		 "good-negation anchor 'never' is not a not-done or too-much trigger word"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		evm_polarity_set *q = (evm_polarity_set *)1;
		int rc = evm_polarity_compile("bad.txt", bad[i].text, strlen(bad[i].text), &q);
		const char *msg = evm_error_message();
		if (rc == 0 || !strstr(msg, bad[i].want))
			fprintf(stderr, "  case %zu: rc %d, message '%s', expected '%s'\n", i, rc, msg, bad[i].want);
		CHECK(rc < 0 && q == NULL && strstr(msg, bad[i].want));
	}
}

/* Calls fn on the text of every corpus item; the number read. */
static size_t each_corpus_text(void (*fn)(const char *text, void *arg), void *arg)
{
	const char *data = getenv("EVM_TEST_DATA");
	static const char *const files[] = {"hmip-leadership", "noms", "police-force", "soca-pqf", "success-profiles"};
	size_t n = 0;
	for (size_t f = 0; data && f < sizeof files / sizeof files[0]; f++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/../../corpus/%s.jsonl", data, files[f]);
		FILE *fp = fopen(path, "r");
		CHECK(fp != NULL);
		char line[65536];
		while (fp && fgets(line, sizeof line, fp)) {
			json_t *o = json_loads(line, 0, NULL);
			const char *text = o ? json_string_value(json_object_get(o, "text")) : NULL;
			if (text) {
				fn(text, arg);
				n++;
			}
			json_decref(o);
		}
		if (fp)
			fclose(fp);
	}
	return n;
}

typedef struct {
	const evm_polarity_set *ps;
	evm_tokens tk;
	size_t nsent, ntrig, bad;
} near_run;

static void near_on_text(const char *text, void *arg)
{
	near_run *nr = arg;
	evm_tokens *tk = &nr->tk;
	evm_tokens_reset(tk);
	CHECK(evm_tokenise(tk, text, strlen(text)) == 0);
	for (size_t si = 0; si < tk->nsent; si++) {
		const evm_sentence *sn = &tk->sent[si];
		uint32_t neg[512], over[512], all[512];
		static uint64_t maskbuf[512][8];
		const uint64_t *masks[512];
		size_t nn = 0, no = 0, na = 0, mw = evm_polarity_set_mask_words(nr->ps);
		CHECK(mw <= 8);
		for (uint32_t i = sn->first; i < sn->first + sn->count && na < 512 && mw <= 8; i++) {
			const evm_token *w = &tk->tok[i];
			int kind = (w->flags & EVM_TOK_WORD) ? evm_polarity_set_trigger(nr->ps, w->norm, w->norm_len) : 0;
			if (kind)
				CHECK_INT(evm_polarity_set_trigger_mask(nr->ps, w->norm, w->norm_len, maskbuf[na]), kind);
			if (kind & EVM_TRIG_NEG)
				neg[nn++] = w->start - sn->start;
			if (kind & EVM_TRIG_OVER)
				over[no++] = w->start - sn->start;
			if (kind) {
				all[na] = w->start - sn->start;
				masks[na] = maskbuf[na];
				na++;
			}
		}
		const char *st = text + sn->start;
		size_t len = sn->end - sn->start;
		evm_sentence_polarity whole = evm_polarity_of(st, len);
		evm_sentence_polarity near = evm_polarity_set_search_near(nr->ps, st, len, neg, nn, over, no);
		evm_sentence_polarity masked = evm_polarity_set_search_masked(nr->ps, st, len, all, masks, na);
		nr->nsent++;
		nr->ntrig += nn || no;
		if (whole.polarity != near.polarity || whole.cue_start != near.cue_start || whole.cue_end != near.cue_end ||
		    whole.polarity != masked.polarity || whole.cue_start != masked.cue_start || whole.cue_end != masked.cue_end) {
			if (nr->bad++ < 5)
				fprintf(stderr, "  '%.*s': whole %s at %zu, near %s at %zu, masked %s at %zu\n", (int)len, st,
					evm_polarity_name(whole.polarity), whole.cue_start, evm_polarity_name(near.polarity),
					near.cue_start, evm_polarity_name(masked.polarity), masked.cue_start);
		}
	}
}

/* The prefiltered search (anchored attempts a few words before each trigger)
 * gives the whole-sentence answer on every sentence of the labelled corpus:
 * the anchors and leads derived from polarity.txt cover every pattern. */
/* A sentence with more trigger words than the masked search keeps windows
 * for falls back to the scan of every pattern, with the same answer. */
/* The built-in set compiles its alternations only when first needed, so
 * whether its regexes compile at all is checked here: compiled as a file
 * to check, it compiles, and answers as the built-in set does. */
static void test_polarity_builtin_checked(void)
{
	const evm_builtin_file *f = evm_builtin_find("polarity.txt");
	CHECK(f != NULL);
	if (!f)
		return;
	evm_polarity_set *ps = NULL;
	CHECK(evm_polarity_compile("polarity.txt", f->data, f->len, &ps) == 0);
	if (!ps)
		return;
	static const char *const sents[] = {
		"Missed the deadline twice and did not update the team.",
		"She was not late once this year.",
		"He checks every single detail of other people's work.",
		"Delivered the project on time and under budget.",
		"Never misses a deadline.",
	};
	for (size_t i = 0; i < sizeof sents / sizeof *sents; i++) {
		size_t n = strlen(sents[i]);
		evm_sentence_polarity a = evm_polarity_set_search(ps, sents[i], n, 0, 0);
		evm_sentence_polarity b = evm_polarity_set_search(evm_polarity_builtin(), sents[i], n, 0, 0);
		CHECK(a.polarity == b.polarity && a.cue_start == b.cue_start && a.cue_end == b.cue_end);
	}
	CHECK(evm_polarity_set_search(ps, sents[0], strlen(sents[0]), 0, 0).polarity == EVM_POL_INEFFECTIVE);
	CHECK(evm_polarity_set_search(ps, sents[2], strlen(sents[2]), 0, 0).polarity == EVM_POL_OVERDONE);
	CHECK(evm_polarity_set_search(ps, sents[3], strlen(sents[3]), 0, 0).polarity == EVM_POL_EFFECTIVE);
	evm_polarity_set_free(ps);
}

static void test_polarity_many_triggers(void)
{
	near_run nr = {evm_polarity_builtin(), {0}, 0, 0, 0};
	CHECK(nr.ps != NULL);
	if (!nr.ps)
		return;
	evm_tokens_init(&nr.tk);
	static char text[8192];
	text[0] = '\0';
	for (int i = 0; i < 300; i++)
		strcat(text, i % 3 ? "not " : "never ");
	strcat(text, "did not update the team.");
	near_on_text(text, &nr);
	strcpy(text, "Late late late");
	for (int i = 0; i < 300; i++)
		strcat(text, " too");
	strcat(text, " cautious.");
	near_on_text(text, &nr);
	evm_tokens_free(&nr.tk);
	CHECK_INT(nr.bad, 0);
	CHECK_INT(nr.nsent, 2);
}

static void test_polarity_near_on_corpus(void)
{
	near_run nr = {evm_polarity_builtin(), {0}, 0, 0, 0};
	CHECK(nr.ps != NULL);
	evm_tokens_init(&nr.tk);
	if (nr.ps)
		each_corpus_text(near_on_text, &nr);
	evm_tokens_free(&nr.tk);
	size_t nsent = nr.nsent, ntrig = nr.ntrig, bad = nr.bad;
	CHECK(nsent > 3000); /* the corpus was read */
	CHECK(ntrig > 0 && ntrig < nsent);
	/* An anchor on a common word ("at", "in", "has") would have nearly
	 * every sentence searched: a cost no output shows, so it is checked
	 * here. The corpus's sentences are about work that went well or badly,
	 * and about 62% hold a trigger word ("late", "only", "next", "not"). */
	if (ntrig * 100 > nsent * 62)
		fprintf(stderr, "  %zu of %zu corpus sentences have a polarity trigger: is an anchor a common word?\n", ntrig,
			nsent);
	CHECK(ntrig * 100 <= nsent * 62);
	CHECK_INT(bad, 0);
}

/* Evidence says when its words were the writer's own action: within four
 * words after an "I" in a first-person text, and only there. */
static size_t count_boosted(const evm_result *r, const char *text, const char *word, size_t *total)
{
	size_t n = 0;
	*total = 0;
	for (size_t i = 0; i < evm_result_count(r); i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		const evm_evidence *lists[3] = {m->cues, m->class_terms, NULL};
		size_t counts[3] = {m->ncues, m->nclass_terms, 0};
		for (int l = 0; l < 2; l++)
			for (size_t k = 0; k < counts[l]; k++) {
				const evm_evidence *e = &lists[l][k];
				(*total)++;
				CHECK(e->boost == 1.0 || e->boost == 2.0);
				if (e->boost != 1.0 && (!word || (e->end - e->start == strlen(word) &&
								  !memcmp(text + e->start, word, strlen(word)))))
					n++;
			}
	}
	return n;
}

static void test_own_actions(void)
{
	const char *t = "Our backlog had grown to six weeks. I prioritised the oldest cases and set up a weekly rota, "
			"and my manager agreed the plan. The backlog was cleared by March.";
	evm_result *r = match("success-profiles", t);
	size_t total;
	CHECK(count_boosted(r, t, "prioritised", &total) >= 1); /* "I prioritised" */
	CHECK(count_boosted(r, t, "rota", &total) == 0);        /* seven words on: the window is four */
	CHECK(count_boosted(r, t, "backlog", &total) == 0);   /* the situation, not the action */
	CHECK(count_boosted(r, t, NULL, &total) < total);
	evm_result_free(r);
	/* third person: nothing is an own action */
	t = "Set up a weekly rota and prioritised the oldest cases; the backlog was cleared by March.";
	r = match("success-profiles", t);
	CHECK(count_boosted(r, t, NULL, &total) == 0 && total > 0);
	evm_result_free(r);
}

/* A competency read as a failing shows failings, in a framework that has
 * them: a tag's polarity and its indicator's never disagree there. */
static void test_indicator_polarity(void)
{
	static const struct {
		const char *fw, *text;
	} cases[] = {
		{"noms", "Missed the sentence plan deadline twice and did not update the team."},
		{"noms", "Missed the sentence plan deadline twice. Very good with new starters, who say she makes time for them."},
		{"police-force", "Checks every crime report three times, so the backlog keeps growing."},
		{"police-force", "Rarely updates victims and has not returned calls."},
		{"noms", "Keeps the wing calm and explains decisions to prisoners clearly."},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		evm_result *r = match(cases[i].fw, cases[i].text);
		size_t shown = 0;
		for (size_t c = 0; c < evm_result_count(r); c++) {
			const evm_competency_match *m = evm_result_get(r, c);
			int has = 0; /* does the competency have indicators of the polarity read? */
			const evm_framework *fw = m->framework;
			for (size_t k = 0; k < evm_framework_indicator_count(fw) && !has; k++) {
				const evm_indicator *ind = evm_framework_indicator(fw, k);
				has = ind->competency == m->competency && ind->polarity == m->polarity;
			}
			for (size_t k = 0; has && k < m->nindicators; k++) {
				shown++;
				if (m->indicators[k].indicator->polarity != m->polarity)
					fprintf(stderr, "  '%s': %s reads %s, shows %s\n", cases[i].text, m->competency->name,
						evm_polarity_name(m->polarity), m->indicators[k].indicator->id);
				CHECK(m->indicators[k].indicator->polarity == m->polarity);
			}
		}
		CHECK(shown > 0);
		evm_result_free(r);
	}
}

/* In a framework with underdone and overdone indicators, an excess named
 * beside the shortfalls it causes reads as the excess; shortfalls alone
 * read as underdone. */
static void test_excess_with_its_effects(void)
{
	const char *excess = "Insists on re-reading every crime report herself before it is finalised. "
			     "The team feel undermined and the queue has not gone down.";
	const char *shortfall = "Rarely updates victims. The team feel undermined and the queue has not gone down.";
	evm_result *r = match("police-force", excess);
	CHECK(evm_result_count(r) > 0 && evm_result_get(r, 0)->polarity == EVM_POL_OVERDONE);
	evm_result_free(r);
	r = match("police-force", shortfall);
	CHECK(evm_result_count(r) > 0 && evm_result_get(r, 0)->polarity == EVM_POL_UNDERDONE);
	evm_result_free(r);
}

/* The word memo gives what the four lookups it saves would: stopword,
 * stem, term id, polarity triggers; and the bigram's term id. */
static void check_word(evm_words *m, evm_stemmer *st, const evm_index *ix, const char *w, size_t n)
{
	const evm_polarity_set *ps = evm_polarity_builtin();
	const evm_word *got = evm_words_get(m, st, w, n);
	CHECK(got != NULL);
	if (!got)
		return;
	evm_word g = *got; /* a later get may move it */
	CHECK_INT(g.trig, evm_polarity_set_trigger(ps, w, n));
	if (memchr(w, '-', n)) {
		CHECK(g.compound && !g.stem && g.term == EVM_NO_TERM);
		return;
	}
	CHECK(!g.compound);
	if (n < 2 || evm_strmap_get(&ix->stopwords, w, n)) {
		CHECK(!g.stem && g.term == EVM_NO_TERM);
		return;
	}
	size_t sl;
	const char *stem = evm_stem(st, w, n, &sl);
	CHECK(g.stem && g.stem_len == sl && memcmp(g.stem, stem, sl) == 0);
	CHECK_INT(g.term, evm_ix_term(ix, stem, sl));
}

static void words_of(evm_words *m, evm_stemmer *st, const evm_index *ix, const char *text, size_t *checked)
{
	evm_tokens tk;
	evm_tokens_init(&tk);
	CHECK(evm_tokenise(&tk, text, strlen(text)) == 0);
	evm_words_begin(m, ix, tk.ntok);
	const evm_word *prev = NULL;
	evm_word pw;
	for (size_t i = 0; i < tk.ntok; i++) {
		const evm_token *t = &tk.tok[i];
		if (!(t->flags & EVM_TOK_WORD))
			continue;
		check_word(m, st, ix, t->norm, t->norm_len);
		for (size_t a = 0, k = 0; k <= t->norm_len && memchr(t->norm, '-', t->norm_len); k++)
			if (k == t->norm_len || t->norm[k] == '-') {
				check_word(m, st, ix, t->norm + a, k - a);
				a = k + 1;
			}
		const evm_word *w = evm_words_get(m, st, t->norm, t->norm_len);
		if (w && prev && w->term != EVM_NO_TERM && pw.term != EVM_NO_TERM) {
			char bg[600];
			int len = snprintf(bg, sizeof bg, "%.*s %.*s", (int)pw.stem_len, pw.stem, (int)w->stem_len, w->stem);
			CHECK_INT(evm_words_bigram(m, &pw, w), evm_ix_term(ix, bg, (size_t)len));
		}
		if (w) {
			pw = *w;
			prev = &pw;
		}
		++*checked;
	}
	evm_tokens_free(&tk);
}

typedef struct {
	evm_words *m;
	evm_stemmer *st;
	size_t *checked;
} words_run;

static void words_on_text(const char *text, void *arg)
{
	words_run *wr = arg;
	words_of(wr->m, wr->st, IX, text, wr->checked);
}

static void test_words(void)
{
	evm_words *m = NULL;
	evm_stemmer *st = NULL;
	CHECK(evm_words_new(&m) == 0 && evm_stemmer_new(&st) == 0);
	if (!m || !st)
		return;
	size_t checked = 0;
	const char *data = getenv("EVM_TEST_DATA");
	words_run wr = {m, st, &checked};
	each_corpus_text(words_on_text, &wr);
	CHECK(checked > 50000);
	words_of(m, st, IX, "Co-ordinated a-b-c x- -y --- cross-functional re-re-checks I'm NOT never-ending A", &checked);
	/* another index: its own term ids, not the first one's */
	evm_lexicon *lx = NULL;
	evm_index *small = NULL;
	char path[1024];
	snprintf(path, sizeof path, "%s/user-framework.lex", data ? data : ".");
	CHECK(evm_lexicon_new(&lx) == 0 && evm_lexicon_load_path(lx, path) == 0 && evm_index_build(lx, &small) == 0);
	if (small) {
		words_of(m, st, small, "Missed the deadline and did not update the team; improved the rota.", &checked);
		words_of(m, st, IX, "Missed the deadline and did not update the team; improved the rota.", &checked);
	}
	/* far more distinct words than the memo keeps: answered all the same */
	size_t nw = 70000;
	char *many = malloc(nw * 8 + 1);
	if (many) {
		char *p = many;
		for (size_t i = 0; i < nw; i++) {
			size_t v = i;
			*p++ = 'q';
			for (int k = 0; k < 5; k++, v /= 26)
				*p++ = (char)('a' + v % 26);
			*p++ = ' ';
		}
		*p = '\0';
		words_of(m, st, IX, many, &checked);
		words_of(m, st, IX, "The team improved the rota.", &checked);
		free(many);
	}
	evm_index_free(small);
	evm_lexicon_free(lx);
	evm_stemmer_free(st);
	evm_words_free(m);
}

/* A competency's score is its evidence over its typical evidence
 * (lexicon/typical.txt) to the power 0.8, and the ranking is by score, in
 * one framework and across all of them. */
static void test_typical(void)
{
	const char *t = "Our team had a backlog of 400 claims. I reorganised the rota and prioritised the oldest cases, "
			"and we cleared the backlog three weeks before the deadline. I kept my manager updated every week.";
	for (int all = 0; all < 2; all++) {
		evm_result *r = match(all ? NULL : "noms", t);
		CHECK(evm_result_count(r) > 2);
		for (size_t i = 0; i < evm_result_count(r); i++) {
			const evm_competency_match *m = evm_result_get(r, i);
			size_t f = 0;
			while (evm_lexicon_framework(evm_index_lexicon(IX), f) != m->framework)
				f++;
			CHECK(m->typical > 0 && m->typical == IX->fw[f].typical[m->competency->index]);
			CHECK(m->evidence > 0);
			/* the built-in frameworks are all in the competency model */
			CHECK(m->model_p > 0 && m->model_p < 1);
			size_t n = evm_framework_competency_count(m->framework);
			CHECK(fabs(m->model_factor - pow((double)n * m->model_p, 0.25)) <= 1e-12);
			double want = m->evidence / pow(m->typical, 0.8) * m->model_factor;
			CHECK(fabs(m->score - want) <= 1e-9 * want);
			if (i)
				CHECK(m->score <= evm_result_get(r, i - 1)->score);
		}
		evm_result_free(r);
	}
}

static double score_of(const char *text, const char *comp)
{
	evm_result *r = match("success-profiles", text);
	double v = 0;
	for (size_t i = 0; i < evm_result_count(r); i++)
		if (strcmp(evm_result_get(r, i)->competency->name, comp) == 0)
			v = evm_result_get(r, i)->evidence;
	evm_result_free(r);
	return v;
}

/* Texts a and b give each of comps[0..2] the same evidence (and above 0
 * when positive): the check behind every "read as the same statement". */
static void same_evidence(const char *a, const char *b, const char *const comps[3], int positive, const char *what)
{
	for (size_t c = 0; c < 3; c++) {
		double x = score_of(a, comps[c]), y = score_of(b, comps[c]);
		if (x != y)
			fprintf(stderr, "  %s: %s %g against %g\n", what, comps[c], x, y);
		CHECK(x == y);
		if (positive)
			CHECK(x > 0);
	}
}

/* STAR headings are layout, not evidence: a statement set out under them
 * scores as the same statement without them. The same words inside a
 * sentence still count. */
static void test_star_headings(void)
{
	const char *plain = "The backlog was growing. I reorganised the rota. We cleared it a week early.";
	const char *headed[] = {
		"Situation: The backlog was growing.\nAction: I reorganised the rota.\nResult: We cleared it a week early.",
		"SITUATION\nThe backlog was growing.\n\nACTION\nI reorganised the rota.\n\nRESULTS\nWe cleared it a week early.",
		"- Situation - The backlog was growing.\n* Action: I reorganised the rota.\n\xE2\x80\xA2 Outcome \xE2\x80\x93 We cleared it a week early.",
		"Context:\r\nThe backlog was growing.\r\nTask : I reorganised the rota.\r\nImpact\r\nWe cleared it a week early.",
	};
	const char *comps[] = {"Delivering at Pace", "Managing a Quality Service", "Changing and Improving"};
	for (size_t h = 0; h < sizeof headed / sizeof headed[0]; h++)
		same_evidence(plain, headed[h], comps, 0, "heading style");
	/* inside a sentence, or not followed by a colon, dash or line end, it is a word */
	const char *a = "The result was that we cleared the backlog early.";
	const char *b = "The was that we cleared the backlog early.";
	CHECK(score_of(a, "Delivering at Pace") != score_of(b, "Delivering at Pace"));
	const char *c1 = "Results matter to me: I cleared the backlog early.", *c2 = "Matter to me: I cleared the backlog early.";
	CHECK(score_of(c1, "Delivering at Pace") != score_of(c2, "Delivering at Pace"));
}

/* A statement set out as bullets that leave out the "I" ("- Reorganised
 * the rota") is read as the writer's own actions, as with the "I" written.
 * Statements run to 80 words and more; a bulleted manager's note is short
 * and about someone else. */
#define STATEMENT_START                                                                                     \
	"I work as an executive officer in a busy benefits processing centre, where my team of eight deals " \
	"with new claims, appeals and complaints from members of the public. Every winter the volume of "   \
	"work rises sharply when the rules change and staff take leave, and last year was the hardest yet. " \
	"Two experienced colleagues had moved to another office in the autumn and their posts were still empty. "
static void test_bullet_actions(void)
{
	const char *with_i = STATEMENT_START "Our backlog had grown to 400 claims.\n- I reorganised the rota around the oldest cases\n"
					     "- I kept my manager updated every week\n- I led a daily huddle to clear blockers";
	const char *without = STATEMENT_START "Our backlog had grown to 400 claims.\n- Reorganised the rota around the oldest cases\n"
					      "- Kept my manager updated every week\n\xE2\x80\xA2 Led a daily huddle to clear blockers";
	const char *prose = STATEMENT_START "Our backlog had grown to 400 claims. Reorganised the rota around the oldest cases. "
					    "Kept my manager updated every week. Led a daily huddle to clear blockers.";
	const char *comps[] = {"Delivering at Pace", "Leadership", "Managing a Quality Service"};
	same_evidence(with_i, without, comps, 1, "with I, and bullets");
	int differs = 0;
	for (size_t c = 0; c < 3; c++)
		differs |= score_of(prose, comps[c]) != score_of(without, comps[c]); /* not bullets: no "I" read into them */
	CHECK(differs);
	/* a bullet's own failing is the writer's, not the situation */
	evm_result *r = match("success-profiles", STATEMENT_START "My role was to clear the backlog.\n- Missed the deadline twice\n"
							  "- Did not tell my manager in time\n- Learnt to plan further ahead");
	evm_polarity p;
	size_t ns = evm_result_sentence_count(r);
	CHECK(ns >= 4);
	evm_result_sentence(r, ns - 3, NULL, NULL, &p, NULL, NULL);
	CHECK(p == EVM_POL_INEFFECTIVE);
	evm_result_free(r);
	/* a short bulleted note is a manager's, about someone else: its failings
	 * count wherever they are ("Not acceptable" owns no "I") */
	r = match("success-profiles", "- Approved the contract extension without commercial's sign-off\n"
				      "- Relied on the supplier's own figures\n- Not acceptable at this grade");
	ns = evm_result_sentence_count(r);
	CHECK(ns == 3);
	evm_result_sentence(r, 2, NULL, NULL, &p, NULL, NULL);
	CHECK(p == EVM_POL_INEFFECTIVE);
	CHECK(evm_result_polarity(r) == EVM_POL_INEFFECTIVE);
	evm_result_free(r);
}

/* A brief match ranks, scores and places its evidence as the full one, and
 * leaves out only the reasons. */
static void test_brief(void)
{
	const char *t = "Our team had a backlog of 400 claims. I reorganised the rota and prioritised the oldest cases, "
			"and we cleared the backlog three weeks before the deadline. I kept my manager updated every week.";
	evm_match_options o = {0};
	o.top = 9;
	evm_result *full = NULL, *brief = NULL;
	CHECK(evm_match(IX, t, strlen(t), &o, &full) == 0);
	o.brief = 1;
	CHECK(evm_match(IX, t, strlen(t), &o, &brief) == 0);
	if (!full || !brief)
		return;
	CHECK(evm_result_count(full) == evm_result_count(brief));
	for (size_t i = 0; i < evm_result_count(full); i++) {
		const evm_competency_match *a = evm_result_get(full, i), *b = evm_result_get(brief, i);
		CHECK(a->competency == b->competency && a->score == b->score && a->confidence == b->confidence);
		CHECK(a->level == b->level && a->polarity == b->polarity && a->nindicators == b->nindicators);
		for (size_t k = 0; k < a->nindicators && k < b->nindicators; k++) {
			CHECK(a->indicators[k].indicator == b->indicators[k].indicator);
			CHECK(a->indicators[k].start == b->indicators[k].start && a->indicators[k].end == b->indicators[k].end);
			CHECK(b->indicators[k].nterms == 0);
		}
		CHECK(b->ncues == 0 && b->nclass_terms == 0);
		CHECK(a->nclass_terms > 0);
	}
	evm_result_free(full);
	evm_result_free(brief);
}

/* A statement exported with its HTML matches as the plain text does, its
 * paragraphs as sentences. */
static void test_html(void)
{
	const char *plain = "The backlog had grown to 400 claims.\n\nI did not wait for a new system. I reorganised the rota "
			    "and kept my manager updated every week.";
	const char *html = "<div><p>The backlog had grown to 400 claims.</p><p>I did not wait for a new system. "
			   "I reorganised the rota <strong>and</strong> kept my manager updated every week.</p></div>";
	const char *comps[] = {"Delivering at Pace", "Changing and Improving", "Managing a Quality Service"};
	same_evidence(plain, html, comps, 1, "plain, and HTML");
	evm_result *r = match("success-profiles", html);
	CHECK_INT(evm_result_sentence_count(r), 3);
	evm_result_free(r);
	/* an entity inside a word: the word and the polarity patterns read it whole */
	const char *plain2 = "Planned the visits but didn't update the team.";
	const char *html2 = "Planned the visits but didn&#39;t update the team.";
	same_evidence(plain2, html2, comps, 0, "an entity inside a word");
	r = match("noms", html2);
	evm_polarity p;
	evm_result_sentence(r, 0, NULL, NULL, &p, NULL, NULL);
	CHECK(p == EVM_POL_INEFFECTIVE);
	evm_result_free(r);
}

/* A statement typed with an American spell checker matches as the British
 * one does. */
static void test_us_spelling(void)
{
	const char *uk = "I prioritised the backlog, organised the rota and analysed the complaints behaviour; "
			 "the programme centre recognised the team.";
	const char *us = "I prioritized the backlog, organized the rota and analyzed the complaints behavior; "
			 "the program center recognized the team.";
	const char *comps[] = {"Delivering at Pace", "Making Effective Decisions", "Managing a Quality Service"};
	same_evidence(uk, us, comps, 1, "British, and American");
}

int main(void)
{
	IX = builtin_index();
	if (!IX)
		return check_summary("match");
	test_lazy_alternations_threads();
	test_polarity_model();
	test_competency_model();
	test_model_overrules();
	test_explanations();
	test_top_is_prefix();
	test_typical();
	test_star_headings();
	test_us_spelling();
	test_bullet_actions();
	test_html();
	test_brief();
	test_polarity_file();
	test_polarity_from_trigger();
	test_polarity_near_on_corpus();
	test_polarity_builtin_checked();
	test_polarity_many_triggers();
	test_polarity();
	test_polarity_wording();
	test_first_person_context();
	test_own_actions();
	test_indicator_polarity();
	test_excess_with_its_effects();
	test_words();
	test_scope();
	test_limits();
	test_threads();
	test_first_text_empty();
	test_crosswalk();
	test_crosswalk_cues();
	evm_index_free(IX);
	return check_summary("match");
}
