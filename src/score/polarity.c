#include "polarity.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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
	"no\\s+(?:update|plan|record|evidence|follow-up|handover)|left\\s+(?:\\w+\\s+){0,3}(?:unlocked|unattended|unanswered|unresolved)|"
	/* how managers word a shortfall without a negation */
	"needs\\s+to|needs\\s+(?:more\\s+)?(?:improvement|support|development)|improvement\\s+needed|room\\s+for\\s+improvement|"
	"unclear|confus(?:ed|ing)|defensive|dismissive|resist(?:s|ed|ing|ant|ance)\\b|rigid(?:ly)?|inflexib\\w+|"
	"in\\s+isolation|negative\\s+about|wary\\s+of|underestimat\\w+|undermin\\w+|unaddressed|unchallenged|"
	"damag(?:ed|es|ing)\\s+(?:\\w+\\s+)?(?:relationships?|trust|confidence)|(?:has|have|had)\\s+broken\\s+down|"
	"(?:fell|falls|falling|running|slipped|weeks?|days?|months?)\\s+behind|slipp(?:ed|ing)|"
	"jump(?:s|ed|ing)?\\s+to\\s+conclusions|fobbed\\s+off|double-booked|turned\\s+away|"
	"over\\s+(?:budget|forecast)|overspen[dt]\\w*|(?:the|a)\\s+wrong\\b|"
	"had\\s+to\\s+be\\s+(?:withdrawn|redone|rewritten|reworked|corrected)|had\\s+to\\s+(?:rewrite|redo)|"
	"(?:done|does|did)\\s+little|little\\s+effort|"
	"without\\s+(?:looking|testing|considering|thinking|involving|listening|reading|any|evidence|a\\s+plan)|"
	/* words that judge the person, not the work found ("an incomplete file",
	 * "a chaotic office" describe a situation as often as a failing) */
	"disorganised|unreliable|below\\s+(?:the\\s+)?(?:expected|required)\\s+(?:standard|level)|not\\s+always|"
	"sloppy|rude|abrupt|disengaged|argumentative|confrontational|forg(?:ot|ets|etting)|slow\\s+to)";

/* Done to excess. */
static const char OVER[] =
	"\\b(?:too\\s+(?:much|many|often|quick(?:ly)?|cautious|focused|detailed|rigid|eager|involved|soft|hard|"
	"slow|long|keen|willing|rule-bound)|over-?(?:check(?:s|ed|ing)?|promis(?:es|ed|ing)|commit(?:s|ted|ting)?|"
	"react(?:s|ed|ing)?|complicat\\w*|engineer\\w*|analys\\w+|think(?:s|ing)?|involve[sd]?|rel(?:y|ies|ied)|"
	"manag\\w+|cautious|zealous|confident)|excessive(?:ly)?|every\\s+(?:single\\s+)?(?:detail|item|e-?mail|report|case|line)|"
	"micro-?manag\\w*|obsess\\w*|at\\s+the\\s+expense\\s+of|paralys\\w+|bypass\\w*|checks\\s+everything|"
	"(?:three|several|multiple)\\s+times|insists?\\s+on|(?:gets|got|getting)\\s+lost\\s+in|"
	"keeps\\s+taking\\s+on|takes\\s+on\\s+too|very\\s+keen|constantly|endless(?:ly)?|overly|overbearing|"
	"domineering|controlling|perfectionis\\w*|takes\\s+over|interrupts|dominates)";

/* A negation of something bad reads as good: "never missed a deadline". */
static const char NEGNEG[] =
	"(?:\\bmissed\\s+no\\b|(?:\\bnever|\\bnot|\\b\\w*n't|\\bwithout|\\bno)\\s+(?:\\w+\\s+){0,2}(?:miss\\w*|fail\\w*|late|errors?|mistakes?|"
	"complain\\w*|problems?|issues?|incidents?|delays?|let\\s+\\w+\\s+down|once|rash|careless|defensive|"
	"unprofessional|complacent)|\\b(?:does|did|do)\\s*n(?:o|')t\\s+add\\s+up)\\b";

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
	/* JIT where available: this runs once per sentence on the hot path.
	 * EVM_PCRE2_NO_JIT turns it off for valgrind, which cannot see into
	 * JIT code and reports false errors there. */
	if (init_rc == EVM_OK && !getenv("EVM_PCRE2_NO_JIT")) {
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

/* One match-data block per thread: creating one per call cost more than
 * the match itself. */
static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_free(void *p) { pcre2_match_data_free(p); }
static void md_init(void) { pthread_key_create(&md_key, md_free); }

static pcre2_match_data *thread_md(void)
{
	pthread_once(&md_once, md_init);
	pcre2_match_data *md = pthread_getspecific(md_key);
	if (!md) {
		md = pcre2_match_data_create(2, NULL);
		pthread_setspecific(md_key, md);
	}
	return md;
}

/* First match of re in text[from..len) (offsets into text). */
static int find_from(pcre2_code *re, const char *text, size_t len, size_t from, size_t *s, size_t *e)
{
	pcre2_match_data *md = thread_md();
	if (!md)
		return 0;
	int rc = pcre2_match(re, (PCRE2_SPTR)text, len, from, PCRE2_NO_UTF_CHECK, md, NULL);
	if (rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		*s = ov[0];
		*e = ov[1];
	}
	return rc >= 0;
}

static size_t char_start(const char *text, size_t at)
{
	while (at > 0 && ((unsigned char)text[at] & 0xC0) == 0x80)
		at--; /* never start inside a UTF-8 sequence */
	return at;
}

evm_sentence_polarity evm_polarity_search(const char *text, size_t len, size_t from_neg, size_t from_over)
{
	evm_sentence_polarity r = {EVM_POL_EFFECTIVE, 0, 0};
	if (evm_polarity_init() < 0)
		return r;
	size_t s, e;
	if (from_over < len && find_from(re_over, text, len, char_start(text, from_over), &s, &e)) {
		r.polarity = EVM_POL_OVERDONE;
		r.cue_start = s;
		r.cue_end = e;
		return r;
	}
	if (from_neg < len && find_from(re_neg, text, len, (from_neg = char_start(text, from_neg)), &s, &e)) {
		size_t s2, e2;
		if (find_from(re_negneg, text, len, from_neg, &s2, &e2) && s2 <= s + 1 && e2 >= e)
			return r; /* "never missed": the negation is itself the good news */
		r.polarity = EVM_POL_INEFFECTIVE;
		r.cue_start = s;
		r.cue_end = e;
	}
	return r;
}

evm_sentence_polarity evm_polarity_from(const char *text, size_t len, size_t from)
{
	return evm_polarity_search(text, len, from, from);
}

evm_sentence_polarity evm_polarity_of(const char *text, size_t len) { return evm_polarity_from(text, len, 0); }

int evm_polarity_trigger(const char *w, size_t n)
{
	/* runs once per word: dispatch on the first letter, compare little */
#define W(lit) (n == sizeof lit - 1 && !memcmp(w, lit, sizeof lit - 1))
#define P(lit) (n >= sizeof lit - 1 && !memcmp(w, lit, sizeof lit - 1))
	enum { N = EVM_TRIG_NEG, O = EVM_TRIG_OVER };
	if (n < 2)
		return 0;
	if (n >= 3 && w[n - 3] == 'n' && w[n - 2] == '\'' && w[n - 1] == 't')
		return N; /* didn't, won't, can't ... */
	/* For each pattern above, a word (or prefix) that every match of it
	 * contains, no more than EVM_POLARITY_LEAD bytes after the match starts,
	 * marked with the pattern it serves: N for NEG (and NEGNEG, which is
	 * only asked about a NEG match), O for OVER. */
	switch (w[0]) {
	case 'a': return P("avoid") || W("abrupt") || W("argumentative") ? N : 0;
	case 'b': return P("blam") || W("behind") || W("broken") || W("below") ? N : P("bypass") ? O : 0;
	case 'c': return W("cannot") || W("careless") || P("complain") || P("confus") || W("corrected") ||
				 W("confrontational")
			 ? N
			 : W("checks") || W("constantly") || W("controlling") ? O : 0;
	case 'd': return W("defensive") || W("dismissive") || P("damag") || W("double-booked") || W("disorganised") ||
				 W("disengaged")
			 ? N
			 : W("domineering") || W("dominates") ? O : 0;
	case 'e': return P("error") ? N : W("every") || W("expense") || P("excessive") || P("endless") ? O : 0;
	case 'f': return P("fail") || W("fobbed") || P("forg") ? N : 0;
	case 'i': return P("ignor") || W("isolation") || P("inflexib") || P("improvement") ? N
			 : P("insist") || W("interrupts") ? O : 0;
	case 'j': return P("jump") ? N : 0;
	case 'l': return W("late") || W("left") || P("lack") || W("little") ? N : W("lost") ? O : 0;
	case 'm': return P("miss") || P("mistake") ? N : P("micro") ? O : 0;
	case 'n': return W("not") || W("no") || W("never") || P("neglect") || W("needs") || W("negative") ? N : 0;
	case 'o': return P("over") ? N | O : P("obsess") ? O : 0; /* over budget, overspent; over-checks */
	case 'p': return P("poor") ? N : P("paralys") || P("perfectionis") ? O : 0;
	case 'r': return W("rude") || W("rarely") || P("refus") || P("reluctan") || P("resist") || P("rigid") || W("room") ||
				 P("rewr") || P("redo") || W("redone") || W("reworked")
			 ? N
			 : 0;
	case 's': return W("seldom") || P("struggl") || P("slipp") || W("sloppy") || W("slow") ? N : 0;
	case 't': return W("too") || W("times") || W("taking") || W("takes") ? O : W("turned") ? N : 0;
	case 'u': return W("unable") || W("untidy") || W("unclear") || P("underestimat") || P("undermin") ||
				 W("unaddressed") || W("unchallenged") || W("unreliable")
			 ? N
			 : 0;
	case 'v': return W("very") ? O : 0;
	case 'w': return W("without") || W("wary") || W("withdrawn") || W("wrong") ? N : 0;
	default: return 0;
	}
#undef W
#undef P
}
