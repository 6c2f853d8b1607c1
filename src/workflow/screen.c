/* Screening a behaviour statement against an advert: for each required
 * behaviour, how strongly the statement evidences it and at what level, plus
 * the writing checks sift panels apply (word limit, "I" against "we", the
 * STAR parts, a quantified result). STAR parts are found with pcre2 cues. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "evmatch.h"
#include "tokenise/markup.h"
#include "util/error.h"
#include "util/strutil.h"

struct evm_screen_result {
	evm_result *match;
	evm_screen_behaviour *b;
	size_t nb;
	evm_writing_checks checks;
	double overall;
};

const char *evm_verdict_name(evm_verdict v)
{
	static const char *const n[] = {"none", "some", "strong"};
	return (unsigned)v < 3 ? n[v] : "unknown";
}

static const char *const STAR_PATTERNS[4] = {
	/* situation: context, past setting */
	"\\b(?:situation|when\\s+I\\s+(?:was|worked|joined)|in\\s+my\\s+(?:role|previous\\s+role|last\\s+job|current\\s+role)|"
	"at\\s+the\\s+time|(?:last|this|that|previous)\\s+(?:year|month|summer|winter|spring|autumn)|"
	"(?:our|the|my)\\s+(?:team|office|unit|department|service|wing)\\s+(?:had|was|were|faced)|backlog|"
	"there\\s+(?:was|were)|recently|in\\s+20\\d\\d)\\b",
	/* task: what had to be done */
	"\\b(?:task|my\\s+(?:role|job|responsibility|aim|objective)\\s+was|I\\s+was\\s+(?:asked|tasked|responsible|given)|"
	"(?:needed|had)\\s+to|the\\s+(?:aim|goal|objective|challenge)\\s+was|I\\s+(?:took\\s+on|volunteered))\\b",
	/* action: the writer doing things */
	"\\b(?:action|I\\s+(?:\\w+ed|set\\s+up|made|led|ran|took|wrote|built|spoke|met|drew|brought|began|chose|sought|"
	"taught|held|put|gave|got|kept|found|went|sent|told|did|decided|worked|organised|arranged|created|agreed))\\b",
	/* result: outcome words */
	"\\b(?:result(?:ed|s)?|outcome|as\\s+a\\s+(?:result|consequence)|this\\s+(?:meant|led|resulted|helped)|"
	"led\\s+to|(?:reduc|increas|improv|sav|cut|halv|doubl|exceed|achiev|deliver|complet|clear)(?:ed|ing)|"
	"feedback|praised|recogni[sz]ed|on\\s+time|ahead\\s+of)\\b",
};
static const char NUMBER_PATTERN[] =
	"(?:[£$€]\\s?\\d|\\b\\d[\\d,.]*\\s?(?:%|per\\s?cent|k\\b|m\\b|million|hours?|days?|weeks?|months?|cases|staff|people)|\\b\\d{2,}|"
	"\\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|half|a\\s+third|a\\s+quarter)"
	"\\s+(?:weeks?|days?|months?|hours?|per\\s?cent|percent|cases|times|staff|people|complaints|calls))";
static const char I_PATTERN[] = "\\b(?:I|I'm|I've|I'd|I'll|me|my|myself)\\b";
static const char WE_PATTERN[] = "\\b(?:[Ww]e|[Ww]e're|[Ww]e've|[Uu]s|[Oo]ur|[Oo]urselves)\\b";

static pcre2_code *re_star[4], *re_num, *re_i, *re_we;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static pcre2_code *comp(const char *p, uint32_t flags)
{
	int e;
	PCRE2_SIZE o;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)p, PCRE2_ZERO_TERMINATED, flags, &e, &o, NULL);
	if (c && !getenv("EVM_PCRE2_NO_JIT")) /* see score/polarity.c */
		pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

static void init(void)
{
	for (int i = 0; i < 4; i++)
		re_star[i] = comp(STAR_PATTERNS[i], i == EVM_STAR_ACTION ? 0 : PCRE2_CASELESS);
	re_num = comp(NUMBER_PATTERN, PCRE2_CASELESS);
	re_i = comp(I_PATTERN, 0);
	re_we = comp(WE_PATTERN, 0);
}

/* Matches of re in text[a..b): count, and the first match's span. */
static size_t count(pcre2_code *re, const char *text, size_t a, size_t b, size_t *first_s, size_t *first_e)
{
	if (!re)
		return 0;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	size_t n = 0, p = a;
	while (md && p < b && pcre2_match(re, (PCRE2_SPTR)text, b, p, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (!n && first_s) {
			*first_s = ov[0];
			*first_e = ov[1];
		}
		n++;
		p = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	pcre2_match_data_free(md);
	return n;
}

static void writing_checks(const evm_result *m, const char *text, size_t len, size_t limit, evm_writing_checks *c)
{
	memset(c, 0, sizeof *c);
	c->words = evm_result_word_count(m);
	c->word_limit = limit;
	c->over_limit = c->words > limit;
	c->first_person = count(re_i, text, 0, len, NULL, NULL);
	c->collective = count(re_we, text, 0, len, NULL, NULL);
	size_t ns = evm_result_sentence_count(m);
	for (size_t i = 0; i < ns; i++) {
		uint32_t a, b;
		evm_result_sentence(m, i, &a, &b, NULL, NULL, NULL);
		for (int k = 0; k < 4; k++)
			if (!c->star[k] && count(re_star[k], text, a, b, NULL, NULL)) {
				c->star[k] = 1;
				c->star_start[k] = a;
				c->star_end[k] = b;
			}
		/* a quantified result: a number in a sentence that reports an outcome,
		 * or anywhere in the last third of the statement */
		size_t s, e;
		int resultish = count(re_star[EVM_STAR_RESULT], text, a, b, NULL, NULL) > 0 || a >= len * 2 / 3;
		if (!c->quantified_result && resultish && count(re_num, text, a, b, &s, &e)) {
			c->quantified_result = 1;
			c->quantified_start = (uint32_t)s;
			c->quantified_end = (uint32_t)e;
		}
	}
}

int evm_screen(const evm_index *ix, const char *text, size_t len, const evm_screen_options *opt,
	       evm_screen_result **out)
{
	if (!ix || !opt || !opt->framework || !out)
		return evm_err(EVM_EINVAL, "evm_screen: a framework is required");
	pthread_once(&once, init);
	const evm_framework *fw = evm_lexicon_find_framework(evm_index_lexicon(ix), opt->framework);
	if (!fw)
		return evm_err(EVM_ENOTFOUND, "unknown framework '%s'", opt->framework);
	for (size_t i = 0; i < opt->nbehaviours; i++)
		if (!evm_framework_find_competency(fw, opt->behaviours[i]))
			return evm_err(EVM_ENOTFOUND, "framework '%s' has no behaviour '%s'", opt->framework, opt->behaviours[i]);
	evm_screen_result *r = calloc(1, sizeof *r);
	if (!r)
		return evm_err(EVM_ENOMEM, "out of memory");
	/* match against every behaviour, so a required one is judged by where it
	 * stands among all that the statement might be evidence for */
	evm_match_options mo = {0};
	mo.framework = opt->framework;
	mo.level = opt->level;
	mo.top = evm_framework_competency_count(fw);
	mo.top_indicators = 3;
	int rc = evm_match(ix, text, len, &mo, &r->match);
	if (rc < 0) {
		free(r);
		return rc;
	}
	/* the text the matcher saw, with bad bytes replaced and HTML blanked,
	 * for the patterns */
	char *clean = malloc(len + 1);
	if (!clean) {
		evm_screen_free(r);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	memcpy(clean, text, len);
	clean[len] = '\0';
	evm_utf8_scrub(clean, len);
	evm_markup_blank(clean, len);
	writing_checks(r->match, clean, len, opt->word_limit ? opt->word_limit : 250, &r->checks);
	free(clean);
	size_t nb = opt->nbehaviours ? opt->nbehaviours : 0;
	r->b = calloc(nb + 1, sizeof *r->b);
	if (!r->b) {
		evm_screen_free(r);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	double best = evm_result_count(r->match) ? evm_result_get(r->match, 0)->score : 0;
	double overall = 0;
	for (size_t i = 0; i < nb; i++) {
		evm_screen_behaviour *sb = &r->b[r->nb++];
		sb->behaviour = evm_framework_find_competency(fw, opt->behaviours[i]);
		for (size_t k = 0; k < evm_result_count(r->match); k++) {
			const evm_competency_match *m = evm_result_get(r->match, k);
			if (m->competency == sb->behaviour) {
				sb->match = m;
				sb->rank = (int)k + 1;
				sb->strength = best > 0 ? m->score / best : 0;
			}
		}
		/* strong: among the two behaviours the statement most evidences, from
		 * at least three sentences; some: any real evidence; else none */
		if (sb->match && sb->rank <= 2 && sb->match->sentences >= 3 && sb->strength >= 0.6)
			sb->verdict = EVM_VERDICT_STRONG;
		else if (sb->match && (sb->rank <= 4 || sb->strength >= 0.5) && sb->match->sentences >= 1)
			sb->verdict = EVM_VERDICT_SOME;
		else
			sb->verdict = EVM_VERDICT_NONE;
		overall += sb->verdict * 10 + sb->strength * 5;
		if (sb->match && sb->match->level_vs_advertised < 0)
			overall -= 2;
	}
	const evm_writing_checks *c = &r->checks;
	overall += c->star[0] + c->star[1] + c->star[2] + c->star[3] + c->quantified_result;
	if (c->over_limit)
		overall -= 3;
	if (c->collective > c->first_person)
		overall -= 1;
	r->overall = overall;
	*out = r;
	return EVM_OK;
}

size_t evm_screen_behaviour_count(const evm_screen_result *r) { return r->nb; }
const evm_screen_behaviour *evm_screen_behaviour_get(const evm_screen_result *r, size_t i)
{
	return i < r->nb ? &r->b[i] : NULL;
}
const evm_writing_checks *evm_screen_checks(const evm_screen_result *r) { return &r->checks; }
double evm_screen_overall(const evm_screen_result *r) { return r->overall; }
const evm_result *evm_screen_match_result(const evm_screen_result *r) { return r->match; }

void evm_screen_free(evm_screen_result *r)
{
	if (!r)
		return;
	evm_result_free(r->match);
	free(r->b);
	free(r);
}
