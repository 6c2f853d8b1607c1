#include "polarity.h"

#include <pthread.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util/error.h"

/* Not done: negation, failure and omission. */
static const char NEG[] =
	"\\b(?:did\\s+not|didn't|does\\s+not|doesn't|do\\s+not|don't|has\\s+not|hasn't|have\\s+not|haven't|"
	"was\\s+not|wasn't|were\\s+not|weren't|is\\s+not|isn't|cannot|can't|could\\s+not|couldn't|"
	"would\\s+not|wouldn't|will\\s+not|won't|never|no\\s+longer|not\\s+yet|fail(?:s|ed|ing)?\\s+to|"
	"unable\\s+to|lack(?:s|ed|ing)?|missed|misses|missing|ignor(?:ed|es|ing)|avoid(?:s|ed|ing)|"
	"refus(?:ed|es|ing)|reluctan(?:t|ce)|rarely|seldom|poor(?:ly)?|late\\b|untidy|careless|"
	"without\\s+(?:checking|consulting|telling|informing|updating|asking|escalating)|"
	"struggl(?:es|ed|ing)|overlook(?:s|ed)|neglect(?:s|ed|ing)?|blam(?:es|ed|ing)|"
	"complain(?:ts|ed)?\\s+(?:about|from|were|have)|errors?\\s+in|mistakes?\\s+in|"
	"no\\s+(?:update|plan|record|evidence|follow-up|handover)|left\\s+(?:\\w+\\s+){0,3}(?:unlocked|unattended|unanswered|unresolved))";

/* Done to excess. */
static const char OVER[] =
	"\\b(?:too\\s+(?:much|many|often|quick(?:ly)?|cautious|focused|detailed|rigid|eager|involved|soft|hard|"
	"slow|long|keen|willing|rule-bound)|over-?(?:check(?:s|ed|ing)?|promis(?:es|ed|ing)|commit(?:s|ted|ting)?|"
	"react(?:s|ed|ing)?|complicat\\w*|engineer\\w*|analys\\w+|think(?:s|ing)?|involve[sd]?|rel(?:y|ies|ied)|"
	"manag\\w+|cautious|zealous|confident)|excessive(?:ly)?|every\\s+(?:single\\s+)?(?:detail|item|e-?mail|report|case|line)|"
	"micro-?manag\\w*|obsess\\w*|at\\s+the\\s+expense\\s+of|paralys\\w+|bypass\\w*|checks\\s+everything|"
	"(?:three|several|multiple)\\s+times)";

/* A negation of something bad reads as good: "never missed a deadline". */
static const char NEGNEG[] =
	"\\b(?:missed\\s+no\\b|(?:never|not|n't|without|no)\\s+(?:\\w+\\s+){0,2}(?:miss\\w*|fail\\w*|late|errors?|mistakes?|"
	"complain\\w*|problems?|issues?|incidents?|delays?|let\\s+\\w+\\s+down|once))\\b";

static pcre2_code *re_neg, *re_over, *re_negneg;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc;

static pcre2_code *compile(const char *p)
{
	int err;
	PCRE2_SIZE off;
	return pcre2_compile((PCRE2_SPTR)p, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS | PCRE2_UTF, &err, &off, NULL);
}

static void init_once(void)
{
	re_neg = compile(NEG);
	re_over = compile(OVER);
	re_negneg = compile(NEGNEG);
	init_rc = re_neg && re_over && re_negneg ? EVM_OK : evm_err(EVM_EINVAL, "polarity patterns do not compile");
	/* JIT where available: this runs once per sentence on the hot path */
	if (init_rc == EVM_OK) {
		pcre2_jit_compile(re_neg, PCRE2_JIT_COMPLETE);
		pcre2_jit_compile(re_over, PCRE2_JIT_COMPLETE);
		pcre2_jit_compile(re_negneg, PCRE2_JIT_COMPLETE);
	}
}

int evm_polarity_init(void)
{
	pthread_once(&once, init_once);
	return init_rc;
}

static int find(pcre2_code *re, const char *text, size_t len, size_t *s, size_t *e)
{
	pcre2_match_data *md = pcre2_match_data_create(2, NULL);
	if (!md)
		return 0;
	int rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK, md, NULL);
	if (rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		*s = ov[0];
		*e = ov[1];
	}
	pcre2_match_data_free(md);
	return rc >= 0;
}

evm_sentence_polarity evm_polarity_of(const char *text, size_t len)
{
	evm_sentence_polarity r = {EVM_POL_EFFECTIVE, 0, 0};
	if (evm_polarity_init() < 0)
		return r;
	size_t s, e;
	if (find(re_over, text, len, &s, &e)) {
		r.polarity = EVM_POL_OVERDONE;
		r.cue_start = s;
		r.cue_end = e;
		return r;
	}
	if (find(re_neg, text, len, &s, &e)) {
		size_t s2, e2;
		if (find(re_negneg, text, len, &s2, &e2) && s2 <= s + 1 && e2 >= e)
			return r; /* "never missed": the negation is itself the good news */
		r.polarity = EVM_POL_INEFFECTIVE;
		r.cue_start = s;
		r.cue_end = e;
	}
	return r;
}
