/* tokenise/: words, sentences, offsets, normalisation, stems, hostile bytes. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lexicon/builtin.h"
#include "tokenise/analyse.h"
#include "tokenise/markup.h"
#include "tokenise/spelling.h"
#include "tokenise/stem.h"
#include "tokenise/tokenise.h"

static evm_tokens T;

static void tok(const char *text) { evm_tokens_reset(&T); CHECK(evm_tokenise(&T, text, strlen(text)) == 0); }

/* The i-th token's normalised form. */
static const char *w(size_t i) { return i < T.ntok ? T.tok[i].norm : "(none)"; }

/* Text of the i-th sentence. */
static char *sent(const char *text, size_t i)
{
	static char buf[512];
	if (i >= T.nsent)
		return "(none)";
	size_t n = T.sent[i].end - T.sent[i].start;
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, text + T.sent[i].start, n);
	buf[n] = '\0';
	return buf;
}

static void test_words(void)
{
	tok("I don’t think the team's co-ordinate and/or cross-functional work was OK.");
	CHECK_STR(w(0), "i");
	CHECK(T.tok[0].flags & EVM_TOK_FIRST_PERSON);
	CHECK_STR(w(1), "don't"); /* curly apostrophe straightened */
	CHECK_STR(w(4), "team's");
	CHECK_STR(w(5), "co-ordinate");
	CHECK_STR(w(6), "and");
	CHECK_STR(w(7), "or");
	CHECK_STR(w(8), "cross-functional");
	CHECK_INT(T.ntok, 12);
	/* a soft hyphen from a Word or PDF copy joins the word it breaks */
	tok("organ\xC2\xADisation stake\xC2\xAD holders \xC2\xAD");
	CHECK_STR(w(0), "organisation");
	CHECK(T.tok[0].end == 14);
	CHECK_STR(w(1), "stake");
	CHECK_STR(w(2), "holders");
	CHECK_INT(T.ntok, 3);

	/* lower-casing eight bytes at a time, and the bytes either side of A-Z */
	tok("ABCDEFGHIJKLMNOPQRSTUVWXYZ MixedCaseWordsAreLong Zz09AZaz OVERSEE's X");
	CHECK_STR(w(0), "abcdefghijklmnopqrstuvwxyz");
	CHECK_STR(w(1), "mixedcasewordsarelong");
	CHECK_STR(w(2), "zz09azaz");
	CHECK_STR(w(3), "oversee's");
	CHECK_STR(w(4), "x");
	/* short words are lower-cased eight bytes at a time where eight can be
	 * read: what follows them must not leak in; near the end, byte by byte */
	tok("AB,CD Team LEAD. Go NOW");
	CHECK_STR(w(0), "ab");
	CHECK_STR(w(1), "cd");
	CHECK_STR(w(2), "team");
	CHECK_STR(w(3), "lead");
	CHECK_STR(w(4), "go");
	CHECK_STR(w(5), "now");
	tok("EightCHR NineCHARS");
	CHECK_STR(w(0), "eightchr");
	CHECK_STR(w(1), "ninechars");

	tok("Cut costs by 20% (£3.5m), handled 1,200 cases and 2bn items; 24th June.");
	CHECK_STR(w(3), "20%");
	CHECK(T.tok[3].flags & EVM_TOK_NUMBER);
	CHECK_STR(w(4), "£3.5m");
	CHECK_STR(w(6), "1,200");
	CHECK_STR(w(9), "2bn");
	CHECK_STR(w(11), "24th");
	CHECK(T.tok[11].flags & EVM_TOK_WORD);

	tok("Email jo.bloggs@justice.gov.uk or see https://www.gov.uk/guidance, thanks.");
	CHECK_STR(w(1), "jo.bloggs@justice.gov.uk");
	CHECK(T.tok[1].flags & EVM_TOK_EMAIL);
	CHECK_STR(w(4), "https://www.gov.uk/guidance");
	CHECK(T.tok[4].flags & EVM_TOK_URL);

	/* NFKC and case folding: ligature, full-width, German sharp s */
	tok("\xEF\xAC\x81nance ＣＡＳＥ Straße WE");
	CHECK_STR(w(0), "finance");
	CHECK_STR(w(1), "case");
	CHECK_STR(w(2), "strasse");
	CHECK(T.tok[3].flags & EVM_TOK_COLLECTIVE);
}

static void test_offsets(void)
{
	const char *text = "  Led the  £2m bid. ";
	tok(text);
	CHECK_INT(T.ntok, 4);
	CHECK_INT(T.tok[0].start, 2);
	CHECK_INT(T.tok[0].end, 5);
	CHECK(memcmp(text + T.tok[2].start, "£2m", 4) == 0);
	CHECK_INT(T.tok[2].end - T.tok[2].start, 4); /* £ is two bytes */
	CHECK_STR(sent(text, 0), "Led the  £2m bid.");
}

static void test_sentences(void)
{
	const char *a = "We used tools, e.g. Excel and i.e. Power BI. Mr. Smith agreed. It cost 3.5 million! Did it work? Yes.";
	tok(a);
	CHECK_INT(T.nsent, 5);
	CHECK_STR(sent(a, 0), "We used tools, e.g. Excel and i.e. Power BI.");
	CHECK_STR(sent(a, 1), "Mr. Smith agreed.");
	CHECK_STR(sent(a, 2), "It cost 3.5 million!");

	const char *b = "See No. 3 in the list. approx. ten people came, etc. and more. Then we left";
	tok(b);
	CHECK_INT(T.nsent, 2);
	CHECK_STR(sent(b, 1), "Then we left");

	/* a transcript without punctuation is cut before a clause joiner once a
	 * sentence has run to 40 words; a written sentence never gets there */
	char longs[1024] = "";
	for (int i = 0; i < 45; i++)
		strcat(longs, i == 41 ? "and " : "word ");
	strcat(longs, "so more words");
	tok(longs);
	CHECK_INT(T.nsent, 2);
	CHECK(strncmp(sent(longs, 1), "and word", 8) == 0);
	char nojoin[1024] = "";
	for (int i = 0; i < 60; i++)
		strcat(nojoin, "word ");
	tok(nojoin);
	CHECK_INT(T.nsent, 1);
	const char *written = "I reorganised the rota and the team cleared the backlog so we met the deadline.";
	tok(written);
	CHECK_INT(T.nsent, 1);

	/* typed without capitals: a full stop before a lower-case word ends a
	 * sentence, but not after an abbreviation or an initial */
	const char *l = "i cleared the backlog. then j. smith and i trained two starters, e.g. sam and jo! done";
	tok(l);
	CHECK_INT(T.nsent, 3);
	CHECK_STR(sent(l, 0), "i cleared the backlog.");
	CHECK_STR(sent(l, 1), "then j. smith and i trained two starters, e.g. sam and jo!");
	/* with capitals anywhere, a lower-case word after a full stop goes on the sentence */
	const char *m = "We met Sam. then it rained";
	tok(m);
	CHECK_INT(T.nsent, 1);

	const char *c = "Situation:\nThe backlog grew\n\n- I set up a rota\n• I trained two starters\n2. We met the target\nResult was good";
	tok(c);
	CHECK_INT(T.nsent, 5);
	CHECK_STR(sent(c, 0), "Situation");
	CHECK_STR(sent(c, 1), "The backlog grew");
	CHECK_STR(sent(c, 2), "I set up a rota");
	CHECK_STR(sent(c, 3), "I trained two starters");
	CHECK_STR(sent(c, 4), "We met the target\nResult was good");
	CHECK_INT(T.tok[T.sent[2].first].sentence, 2);
	CHECK(T.tok[T.sent[0].first].flags & EVM_TOK_LINE_FIRST); /* "Situation" */
	CHECK(T.tok[T.sent[2].first].flags & EVM_TOK_LINE_FIRST); /* "I", after its list mark */
	CHECK(!(T.tok[T.sent[2].first + 1].flags & EVM_TOK_LINE_FIRST));
	/* list items are marked as such, for the matcher's bullets read as "I" */
	CHECK(!(T.sent[1].flags & EVM_SENT_LIST_ITEM));
	CHECK(T.sent[2].flags & EVM_SENT_LIST_ITEM);
	CHECK(T.sent[3].flags & EVM_SENT_LIST_ITEM);
	CHECK(T.sent[4].flags & EVM_SENT_LIST_ITEM);
}

static void test_hostile(void)
{
	const char bad[] = "ok \xff\xfe bad \xC0\xAF over \xED\xA0\x80 sur\0rogate \xE2\x82";
	evm_tokens_reset(&T);
	CHECK(evm_tokenise(&T, bad, sizeof bad - 1) == 0);
	CHECK(T.invalid_utf8 >= 6);
	CHECK_INT(T.nul_bytes, 1);
	CHECK_STR(w(0), "ok");
	CHECK_STR(w(1), "bad");
	CHECK_STR(w(2), "over");
	CHECK_STR(w(3), "sur");
	CHECK_STR(w(4), "rogate");
	evm_tokens_reset(&T);
	CHECK(evm_tokenise(&T, "", 0) == 0);
	CHECK_INT(T.ntok, 0);
	CHECK_INT(T.nsent, 0);
	tok("\n\n\n   \n...!!!???");
	CHECK_INT(T.ntok, 0);
	/* a BOM and CRLF line ends */
	tok("\xEF\xBB\xBFHello there.\r\n\r\nNew para");
	CHECK_STR(w(0), "hello");
	CHECK_INT(T.nsent, 2);
}

static void test_analyse(void)
{
	evm_stemmer *st;
	CHECK(evm_stemmer_new(&st) == 0);
	evm_strmap stop = EVM_STRMAP_INIT;
	evm_arena arena;
	evm_arena_init(&arena);
	const evm_builtin_file *f = evm_builtin_find("stopwords.txt");
	CHECK(f != NULL);
	CHECK(evm_stopwords_parse(&stop, &arena, f->data, f->len) == 0);
	tok("I was mentoring the new starters on cross-functional delivery, and they improved.");
	evm_terms terms;
	evm_terms_init(&terms);
	CHECK(evm_analyse(&T, st, &stop, &terms) == 0);
	const char *want[] = {"mentor", "new", "starter", "cross", "function", "deliveri", "improv"};
	CHECK_INT(terms.n, 7);
	for (size_t i = 0; i < terms.n && i < 7; i++)
		CHECK_STR(terms.v[i].stem, want[i]);
	CHECK_INT(terms.v[3].tok, terms.v[4].tok); /* parts of one compound */
	size_t lookups, misses;
	evm_terms_reset(&terms);
	CHECK(evm_analyse(&T, st, &stop, &terms) == 0);
	evm_stemmer_stats(st, &lookups, &misses);
	CHECK_INT(lookups, 14);
	CHECK_INT(misses, 7); /* the second pass is served from the cache */
	evm_terms_free(&terms);
	evm_strmap_free(&stop);
	evm_arena_free(&arena);
	evm_stemmer_free(st);
}

/* American spellings to British before stemming: the rules, the words they
 * must leave alone, and the stems that come out. */
static void test_spelling(void)
{
	static const struct {
		const char *in, *out; /* out NULL: unchanged */
	} cases[] = {
		{"prioritized", "prioritised"}, {"organization", "organisation"}, {"organizational", "organisational"},
		{"recognize", "recognise"},     {"minimizing", "minimising"},     {"specializes", "specialises"},
		{"analyze", "analyse"},         {"paralyzed", "paralysed"},       {"behavior", "behaviour"},
		{"behavioral", "behavioural"},  {"favorable", "favourable"},      {"neighborhood", "neighbourhood"},
		{"honors", "honours"},          {"labor", "labour"},              {"center", "centre"},
		{"centered", "centred"},        {"defense", "defence"},           {"judgment", "judgement"},
		{"programs", "programmes"},     {"counselor", "counsellor"},      {"skillful", "skilful"},
		{"size", NULL},                 {"downsized", NULL},              {"prize", NULL},
		{"seize", NULL},                {"capsized", NULL},               {"citizen", NULL},
		{"honorary", NULL},             {"laborious", NULL},              {"humorous", NULL},
		{"colorado", NULL},             {"prioritised", NULL},            {"behaviour", NULL},
		{"analyst", NULL},              {"ize", NULL},                    {"Prioritized", NULL}, /* case-folded before */
		{"priorit\xc3\xa9zed", NULL},
	};
	char out[64];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = evm_spelling_uk(cases[i].in, strlen(cases[i].in), out, sizeof out);
		if (!cases[i].out) {
			if (n)
				fprintf(stderr, "  '%s' changed to '%.*s'\n", cases[i].in, (int)n, out);
			CHECK(n == 0);
		} else {
			if (n != strlen(cases[i].out) || memcmp(out, cases[i].out, n) != 0)
				fprintf(stderr, "  '%s' gave '%.*s', expected '%s'\n", cases[i].in, (int)n, out, cases[i].out);
			CHECK(n == strlen(cases[i].out) && memcmp(out, cases[i].out, n) == 0);
		}
	}
	/* no room: left alone, never overrun */
	CHECK(evm_spelling_uk("behavior", 8, out, 9) == 0);
	CHECK(evm_spelling_uk("behavior", 8, out, 10) == 9);
	/* the stems meet */
	evm_stemmer *st;
	CHECK(evm_stemmer_new(&st) == 0);
	const char *pairs[][2] = {{"prioritized", "prioritised"}, {"behavior", "behaviour"}, {"analyzed", "analysed"}};
	for (size_t i = 0; i < 3; i++) {
		size_t la, lb;
		char a[64];
		const char *s = evm_stem(st, pairs[i][0], strlen(pairs[i][0]), &la);
		memcpy(a, s, la);
		s = evm_stem(st, pairs[i][1], strlen(pairs[i][1]), &lb);
		CHECK(la == lb && memcmp(a, s, la) == 0);
	}
	evm_stemmer_free(st);
}

/* HTML blanked in place: the same length, tags to spaces (paragraph ends to
 * a blank line), entities to their character; anything else untouched. */
static void test_markup(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"<p>I set up a rota.</p><p>We met it.</p>", "\n\n I set up a rota.\n\n  \n\n We met it.\n\n  "},
		{"<li>Led the review</li>", "\n\n  Led the review\n\n   "},
		{"a <strong>big</strong> win", "a         big          win"},
		{"<DIV CLASS=\"x\">hi</DIV>", "\n\n             hi\n\n    "},
		{"R&amp;D &nbsp;x &lt;3", "R&D           x <   3"},
		{"didn&rsquo;t", "didn\xE2\x80\x99t    "},
		{"I didn&#39;t tell", "I didn't     tell"},
		{"&#39;new&#39; rota", "'    new'     rota"},
		{"line<br/>next<br>end", "line\n\n   next\n\n  end"},
		/* not markup */
		{"a < b and c > d", NULL},
		{"I <3 it", NULL},
		{"<unknown>tag</unknown>", NULL},
		{"R&D and A&E, &foo;", NULL},
		{"<p class=", NULL},
		{"<p <b>", "<p    "},
		{"<", NULL},
		{"&", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[128];
		size_t n = strlen(cases[i].in);
		memcpy(buf, cases[i].in, n + 1);
		size_t k = evm_markup_blank(buf, n);
		const char *want = cases[i].out ? cases[i].out : cases[i].in;
		CHECK(strlen(want) == n); /* offsets hold */
		if (strcmp(buf, want) != 0)
			fprintf(stderr, "  '%s' gave '%s'\n", cases[i].in, buf);
		CHECK_STR(buf, want);
		CHECK((k > 0) == (cases[i].out != NULL));
	}
}

int main(void)
{
	evm_tokens_init(&T);
	test_markup();
	test_spelling();
	test_words();
	test_offsets();
	test_sentences();
	test_hostile();
	test_analyse();
	evm_tokens_free(&T);
	return check_summary("tokenise");
}
