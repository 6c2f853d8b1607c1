#include "polarity.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lexicon/builtin.h"
#include "util/error.h"
#include "util/lines.h"

/* The patterns are data (lexicon/polarity.txt), compiled here into one pcre2
 * alternation per kind; the trigger words come from each pattern's anchor,
 * so the prefilter can never fall out of step with the patterns. */

enum { K_NEG, K_OVER, K_GOOD, K_N };

/* words by their first two letters, then one bucket for the rest */
#define NBUCKET (26 * 26 + 1)

typedef struct {
	char lit[32];
	uint8_t len;
	uint8_t mode; /* 0 exact, 1 prefix, 2 suffix */
	uint8_t kinds;
	uint32_t mask_at; /* its patterns' bit set, in masks[] */
} trigger;

/* One line of the file, compiled by itself too: a trigger word need only
 * try the patterns it anchors, not every pattern of the kind. */
typedef struct {
	int kind;
	unsigned before; /* most words a match has before the anchor */
	char *src;       /* its regex */
	/* compiled (anchored) on first use, JIT-compiled once used JIT_AFTER
	 * times: a process meets few of the patterns, and a short one none */
	_Atomic(pcre2_code *) code;
	_Atomic(pcre2_code *) jit;
	atomic_uint uses;
} pattern;

struct evm_polarity_set {
	/* Each kind's patterns as one alternation (alt), and compiled: re for a
	 * scan, anchored for a match at the offset given. Matching through the
	 * trigger masks needs them only for a sentence with more windows than
	 * it keeps, so the built-in set compiles them on first use (see
	 * kind_code()): compiling them is most of what a process matching one
	 * short text would spend. A file compiled to be checked has them
	 * compiled at once, which is what checks its regexes. */
	char *alt[K_N];
	_Atomic(pcre2_code *) re[K_N];
	_Atomic(pcre2_code *) anchored[K_N];
	/* JIT-compiled copies of anchored[], made once the set has been used a
	 * while (see jitted()); NULL until then */
	_Atomic(pcre2_code *) jit[K_N];
	atomic_uint uses[K_N];
	int no_jit;
	unsigned lead[K_N]; /* most words a match of the kind has before its anchor */
	trigger *trig;
	size_t ntrig;
	pattern *pat;
	size_t npat;
	size_t mask_words;  /* uint64_t words in a pattern bit set */
	uint64_t *masks;    /* per trigger, the patterns it anchors */
	uint64_t *kind_mask; /* [K_N * mask_words]: the patterns of each kind */
	/* trig index ranges by bucket (see bucket()), after sorting */
	uint32_t first[NBUCKET];
	uint32_t first_end[NBUCKET];
};

#define KIND_OPTS (PCRE2_CASELESS | PCRE2_UTF)

static const char *const kind_names[K_N] = {"not-done", "too-much", "good-negation"};

static int trigger_hit(const trigger *t, const char *w, size_t n);

typedef struct {
	char *p;
	size_t len, cap;
	int failed;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np) {
			b->failed = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c == '-';
}

/* (trigger, pattern) pairs met while compiling; the bit sets are made
 * once the number of patterns is known */
typedef struct {
	uint32_t trig, pat;
} anchor_pair;

typedef struct {
	anchor_pair *v;
	size_t n, cap;
} pairs;

static int add_pair(pairs *pp, size_t trig, size_t pat)
{
	if (pp->n == pp->cap) {
		size_t cap = pp->cap ? pp->cap * 2 : 256;
		anchor_pair *v = realloc(pp->v, cap * sizeof *v);
		if (!v)
			return -1;
		pp->v = v;
		pp->cap = cap;
	}
	pp->v[pp->n++] = (anchor_pair){(uint32_t)trig, (uint32_t)pat};
	return 0;
}

static int add_trigger(evm_polarity_set *ps, pairs *pp, const char *lit, size_t n, int mode, int kind)
{
	for (size_t i = 0; i < ps->ntrig; i++)
		if (ps->trig[i].len == n && ps->trig[i].mode == mode && !memcmp(ps->trig[i].lit, lit, n)) {
			ps->trig[i].kinds |= (uint8_t)(1u << kind);
			return add_pair(pp, i, ps->npat);
		}
	if (ps->ntrig % 64 == 0) {
		trigger *nt = realloc(ps->trig, (ps->ntrig + 64) * sizeof *nt);
		if (!nt)
			return -1;
		ps->trig = nt;
	}
	trigger *t = &ps->trig[ps->ntrig++];
	memset(t, 0, sizeof *t);
	memcpy(t->lit, lit, n);
	t->len = (uint8_t)n;
	t->mode = (uint8_t)mode;
	t->kinds = (uint8_t)(1u << kind);
	t->mask_at = (uint32_t)(ps->ntrig - 1);
	return add_pair(pp, ps->ntrig - 1, ps->npat);
}

/* Where a word of a pattern may start and end: where a token of the
 * tokeniser does, which keeps apostrophes and hyphens inside words. With
 * \b instead, "late" would match in "late-night" and "hasn" in "hasn't",
 * where no trigger word is, and a search that starts from the triggers
 * could not find what a scan of the sentence does. */
#define WORD_START "(?<!\\w)(?<!\\w['\\x{2019}\\-])"
#define WORD_END "(?!\\w)(?!['\\x{2019}\\-]\\w)"

/* The commonest English words. An anchor is a trigger word, and a sentence
 * with one is searched: "the" as an anchor would have nearly every sentence
 * searched, a cost nothing in the output shows. */
static int too_common(const char *w, size_t n)
{
	static const char *const common[] = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "by",
					     "with", "from", "as", "is", "are", "was", "were", "be", "been", "it",
					     "its", "this", "that", "has", "have", "had", "he", "she", "they", "we",
					     "i", "you", "his", "her", "their", "our", "my", "up", "so", NULL};
	for (int i = 0; common[i]; i++)
		if (strlen(common[i]) == n && !memcmp(common[i], w, n))
			return 1;
	return 0;
}

/* One alternative of a word: [*]letters[*] -> its regex; anchor spellings
 * become triggers. */
static int word_alt(evm_polarity_set *ps, pairs *pp, sbuf *re, const char *w, size_t n, int anchor, int kind,
		    const char *name, size_t ln)
{
	int lead = n && w[0] == '*', trail = n && w[n - 1] == '*';
	const char *lit = w + lead;
	size_t ln_ = n - (size_t)lead - (size_t)trail;
	if (!ln_ || (lead && trail))
		return evm_err(EVM_EPARSE, "%s:%zu: '%.*s' is not a word, a prefix* or a *suffix", name, ln, (int)n, w);
	for (size_t i = 0; i < ln_; i++)
		if (!word_char(lit[i]))
			return evm_err(EVM_EPARSE, "%s:%zu: '%.*s': words are lower-case letters, digits, ' and -", name, ln,
				       (int)n, w);
	if (anchor) {
		if (ln_ < 2 || ln_ >= sizeof ps->trig[0].lit)
			return evm_err(EVM_EPARSE, "%s:%zu: anchor '%.*s' is too short or too long to be a trigger word", name,
				       ln, (int)n, w);
		if (!lead && !trail && too_common(lit, ln_))
			return evm_err(EVM_EPARSE,
				       "%s:%zu: anchor '%.*s' is too common a word: nearly every sentence would be searched "
				       "(mark a rarer word of the pattern with '!')",
				       name, ln, (int)ln_, lit);
		if (add_trigger(ps, pp, lit, ln_, lead ? 2 : trail ? 1 : 0, kind) < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
	}
	if (lead)
		sb_puts(re, "\\w*");
	for (size_t i = 0; i < ln_; i++) {
		if (lit[i] == '\'')
			sb_puts(re, "(?:'|\\x{2019})");
		else if (lit[i] == '-')
			sb_puts(re, "\\-");
		else
			sb_put(re, &lit[i], 1);
	}
	if (trail)
		sb_puts(re, "\\w*");
	return EVM_OK;
}

/* One line's pattern (after "kind:") -> regex alternative; *lead gets the
 * most words before its anchor. */
static int compile_line(evm_polarity_set *ps, pairs *pp, sbuf *re, const char *s, size_t len, int kind,
			unsigned *lead, const char *name, size_t ln)
{
	/* split into tokens */
	const char *tok[32];
	size_t tl[32], nt = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t a = i;
		while (i < len && s[i] != ' ' && s[i] != '\t')
			i++;
		if (nt == 32)
			return evm_err(EVM_EPARSE, "%s:%zu: more than 32 words in one pattern", name, ln);
		tok[nt] = s + a;
		tl[nt++] = i - a;
	}
	if (!nt)
		return evm_err(EVM_EPARSE, "%s:%zu: empty pattern", name, ln);
	size_t anchor = nt;
	for (size_t k = 0; k < nt; k++)
		if (tok[k][0] == '!') {
			if (anchor != nt)
				return evm_err(EVM_EPARSE, "%s:%zu: two anchors", name, ln);
			anchor = k;
		}
	if (anchor == nt)
		anchor = 0;
	unsigned before = 0;
	int sep = 0; /* a word was emitted and needs white space before the next */
	sb_puts(re, "(?:");
	for (size_t k = 0; k < nt; k++) {
		const char *t = tok[k];
		size_t n = tl[k];
		int is_anchor = k == anchor;
		if (t[0] == '!') {
			t++;
			n--;
		}
		if (!n)
			return evm_err(EVM_EPARSE, "%s:%zu: '!' without a word", name, ln);
		if (t[0] == '~') { /* ~a-b: a to b words of any kind */
			unsigned lo, hi;
			char tail;
			char buf[16];
			if (n >= sizeof buf)
				return evm_err(EVM_EPARSE, "%s:%zu: bad gap '%.*s'", name, ln, (int)n, t);
			memcpy(buf, t, n);
			buf[n] = '\0';
			if (sscanf(buf, "~%u-%u%c", &lo, &hi, &tail) != 2 || lo > hi || hi > 9 || is_anchor || k + 1 == nt)
				return evm_err(EVM_EPARSE, "%s:%zu: bad gap '%s' (~a-b with a <= b <= 9, never the anchor or last)",
					       name, ln, buf);
			if (sep)
				sb_puts(re, "\\s+");
			/* a word of a gap may hold an apostrophe or a hyphen, as the
			 * tokeniser's words do ("a colleague's", "long-standing"),
			 * but not other punctuation: a gap stays inside its clause */
			char g[64];
			snprintf(g, sizeof g, "(?:[\\w'\\x{2019}\\-]+\\s+){%u,%u}", lo, hi);
			sb_puts(re, g);
			sep = 0;
			if (k < anchor)
				before += hi;
			continue;
		}
		int optional = t[0] == '[';
		if (optional) {
			if (n < 3 || t[n - 1] != ']' || is_anchor || k + 1 == nt)
				return evm_err(EVM_EPARSE, "%s:%zu: bad optional word '%.*s' ([a|b], never the anchor or last)",
					       name, ln, (int)n, t);
			t++;
			n -= 2;
		}
		if (sep)
			sb_puts(re, "\\s+");
		sb_puts(re, optional ? "(?:(?:" : "(?:");
		/* whole words share one word-end test, prefix* words go after
		 * them: two look-aheads per word made a long list of words too
		 * large a regex for pcre2 */
		int before_pass = 0; /* whole words were emitted */
		for (int pass = 0; pass < 2; pass++) {
			int any = 0;
			for (size_t a = 0; a <= n;) {
				size_t b = a;
				while (b < n && t[b] != '|')
					b++;
				if ((b > a && t[b - 1] == '*') == pass) {
					sb_puts(re, any ? "|" : pass && before_pass ? "|(?:" : "(?:");
					any = 1;
					int rc = word_alt(ps, pp, re, t + a, b - a, is_anchor, kind, name, ln);
					if (rc < 0)
						return rc;
				}
				a = b + 1;
			}
			if (any)
				sb_puts(re, pass ? ")" : ")" WORD_END);
			before_pass = any;
		}
		sb_puts(re, optional ? ")\\s+)?" : ")");
		sep = !optional;
		if (k < anchor)
			before++;
	}
	sb_puts(re, ")");
	if (before > *lead)
		*lead = before;
	ps->pat[ps->npat].kind = kind;
	ps->pat[ps->npat].before = before;
	return EVM_OK;
}

/* Triggers are looked up by their first two letters; suffix triggers, and any
 * that do not start with two letters, share the last bucket. */
static int bucket_of(const char *w, size_t n)
{
	unsigned a = (unsigned char)w[0] - 'a', b = n > 1 ? (unsigned char)w[1] - 'a' : 26;
	return a < 26 && b < 26 ? (int)(a * 26 + b) : NBUCKET - 1;
}

static int bucket(const trigger *t) { return t->mode == 2 ? NBUCKET - 1 : bucket_of(t->lit, t->len); }

static int cmp_trigger(const void *a, const void *b) { return bucket(a) - bucket(b); }

void evm_polarity_set_free(evm_polarity_set *ps)
{
	if (!ps)
		return;
	for (int k = 0; k < K_N; k++) {
		free(ps->alt[k]);
		pcre2_code_free(atomic_load(&ps->re[k]));
		pcre2_code_free(atomic_load(&ps->anchored[k]));
		pcre2_code_free(atomic_load(&ps->jit[k]));
	}
	for (size_t i = 0; i < ps->npat; i++) {
		pcre2_code_free(atomic_load(&ps->pat[i].code));
		pcre2_code_free(atomic_load(&ps->pat[i].jit));
		free(ps->pat[i].src);
	}
	free(ps->pat);
	free(ps->masks);
	free(ps->kind_mask);
	free(ps->trig);
	free(ps);
}

/* Each pattern anchored by itself, and the bit sets of which patterns each
 * trigger word and each kind have. */
static int compile_patterns(evm_polarity_set *ps, char **alts, const pairs *pp, const char *name)
{
	size_t mw = ps->mask_words = (ps->npat + 63) / 64;
	ps->masks = calloc(ps->ntrig * mw + 1, sizeof *ps->masks);
	ps->kind_mask = calloc(K_N * mw + 1, sizeof *ps->kind_mask);
	if (!ps->masks || !ps->kind_mask)
		return evm_err(EVM_ENOMEM, "out of memory");
	for (size_t i = 0; i < pp->n; i++)
		ps->masks[pp->v[i].trig * mw + pp->v[i].pat / 64] |= 1ull << (pp->v[i].pat % 64);
	for (size_t i = 0; i < ps->npat; i++) {
		ps->kind_mask[(size_t)ps->pat[i].kind * mw + i / 64] |= 1ull << (i % 64);
		sbuf full = {0};
		sb_puts(&full, WORD_START);
		sb_puts(&full, alts[i]);
		if (full.failed) {
			free(full.p);
			return evm_err(EVM_ENOMEM, "out of memory");
		}
		/* it compiles: it is part of the kind's alternation, which did (for
		 * the built-in file, in the test suite) */
		ps->pat[i].src = full.p;
	}
	(void)name;
	return EVM_OK;
}

static int compile_set(const char *name, const char *text, size_t len, int lazy, evm_polarity_set **out)
{
	*out = NULL;
	evm_polarity_set *ps = calloc(1, sizeof *ps);
	if (!ps)
		return evm_err(EVM_ENOMEM, "out of memory");
	for (int k = 0; k < K_N; k++) {
		atomic_init(&ps->jit[k], NULL);
		atomic_init(&ps->uses[k], 0);
		atomic_init(&ps->re[k], NULL);
		atomic_init(&ps->anchored[k], NULL);
	}
	sbuf re[K_N];
	memset(re, 0, sizeof re);
	pairs pp = {0};
	char **alts = NULL; /* each pattern's regex, until compiled */
	size_t capat = 0;
	int rc = EVM_OK;
	evm_lines it;
	evm_lines_init(&it, name, "evmatch-polarity", text, len);
	const char *s;
	size_t n;
	int more = 0;
	while (rc == EVM_OK && (more = evm_lines_next(&it, &s, &n)) > 0) {
		size_t ln = it.line;
		const char *colon = memchr(s, ':', n);
		int kind = -1;
		for (int k = 0; colon && k < K_N; k++)
			if ((size_t)(colon - s) == strlen(kind_names[k]) && !memcmp(s, kind_names[k], (size_t)(colon - s)))
				kind = k;
		if (kind < 0) {
			rc = evm_err(EVM_EPARSE, "%s:%zu: expected 'not-done:', 'too-much:' or 'good-negation:'", name, ln);
			break;
		}
		if (re[kind].len)
			sb_puts(&re[kind], "|");
		if (ps->npat == capat) {
			size_t cap = capat ? capat * 2 : 64;
			pattern *np = realloc(ps->pat, cap * sizeof *np);
			if (np)
				ps->pat = np;
			char **na = realloc(alts, cap * sizeof *na);
			if (na)
				alts = na;
			if (!np || !na) {
				rc = evm_err(EVM_ENOMEM, "out of memory");
				break;
			}
			capat = cap;
		}
		size_t from = re[kind].len;
		memset(&ps->pat[ps->npat], 0, sizeof ps->pat[0]);
		atomic_init(&ps->pat[ps->npat].code, NULL);
		atomic_init(&ps->pat[ps->npat].jit, NULL);
		atomic_init(&ps->pat[ps->npat].uses, 0);
		rc = compile_line(ps, &pp, &re[kind], colon + 1, n - (size_t)(colon + 1 - s), kind, &ps->lead[kind], name, ln);
		if (rc == EVM_OK) {
			alts[ps->npat] = re[kind].failed ? NULL : malloc(re[kind].len - from + 1);
			if (!alts[ps->npat]) {
				rc = evm_err(EVM_ENOMEM, "out of memory");
				break;
			}
			memcpy(alts[ps->npat], re[kind].p + from, re[kind].len - from);
			alts[ps->npat][re[kind].len - from] = '\0';
			ps->npat++;
		}
	}

	if (rc == EVM_OK && more < 0)
		rc = more;
	for (int k = 0; k < K_N && rc == EVM_OK; k++) {
		if (re[k].failed)
			rc = evm_err(EVM_ENOMEM, "out of memory");
		if (!re[k].len || rc < 0)
			continue; /* a kind with no patterns never matches */
		sbuf full = {0};
		sb_puts(&full, WORD_START "(?:");
		sb_put(&full, re[k].p, re[k].len);
		sb_puts(&full, ")");
		if (full.failed) {
			free(full.p);
			rc = evm_err(EVM_ENOMEM, "out of memory");
			break;
		}
		ps->alt[k] = full.p;
		if (lazy)
			continue;
		int err;
		PCRE2_SIZE off;
		pcre2_code *c = pcre2_compile((PCRE2_SPTR)full.p, PCRE2_ZERO_TERMINATED, KIND_OPTS, &err, &off, NULL);
		/* anchoring has to be compiled in: JIT code ignores it at match time */
		pcre2_code *a = c ? pcre2_compile((PCRE2_SPTR)full.p, PCRE2_ZERO_TERMINATED, KIND_OPTS | PCRE2_ANCHORED, &err,
						  &off, NULL)
				  : NULL;
		atomic_store(&ps->re[k], c);
		atomic_store(&ps->anchored[k], a);
		if (!c || !a) {
			PCRE2_UCHAR msg[160];
			pcre2_get_error_message(err, msg, sizeof msg);
			rc = evm_err(EVM_EPARSE, "%s: the %s patterns do not compile: %s", name, kind_names[k], (char *)msg);
		}
	}
	/* the masked search finds a good negation through the bit sets of the
	 * words that trigger a search, so its anchor must be one of them */
	for (size_t i = 0; i < ps->ntrig && rc == EVM_OK; i++) {
		const trigger *t = &ps->trig[i];
		int ok = !(t->kinds & (1u << K_GOOD)) || (t->kinds & ((1u << K_NEG) | (1u << K_OVER)));
		/* a whole word is also fine where another trigger takes it in:
		 * "doesn't" by "*n't" */
		for (size_t k = 0; k < ps->ntrig && !ok && t->mode == 0; k++)
			ok = (ps->trig[k].kinds & ((1u << K_NEG) | (1u << K_OVER))) && trigger_hit(&ps->trig[k], t->lit, t->len);
		if (!ok)
			rc = evm_err(EVM_EPARSE,
				     "%s: good-negation anchor '%s%.*s%s' is not a not-done or too-much trigger word: a "
				     "good negation must be anchored on a word of the match it cancels",
				     name, t->mode == 2 ? "*" : "", (int)t->len, t->lit, t->mode == 1 ? "*" : "");
	}
	if (rc == EVM_OK)
		rc = compile_patterns(ps, alts, &pp, name);
	for (size_t i = 0; i < ps->npat; i++)
		free(alts[i]);
	free(alts);
	free(pp.v);
	/* EVM_PCRE2_NO_JIT keeps JIT off for valgrind, which cannot see into
	 * JIT code */
	ps->no_jit = getenv("EVM_PCRE2_NO_JIT") != NULL;
	for (int k = 0; k < K_N; k++)
		free(re[k].p);
	if (rc < 0) {
		evm_polarity_set_free(ps);
		return rc;
	}
	if (ps->ntrig)
		qsort(ps->trig, ps->ntrig, sizeof *ps->trig, cmp_trigger);
	for (size_t i = ps->ntrig; i-- > 0;) { /* backwards: each bucket ends up at its first entry */
		int b = bucket(&ps->trig[i]);
		if (!ps->first_end[b])
			ps->first_end[b] = (uint32_t)i + 1;
		ps->first[b] = (uint32_t)i;
	}
	*out = ps;
	return EVM_OK;
}

int evm_polarity_compile(const char *name, const char *text, size_t len, evm_polarity_set **out)
{
	return compile_set(name, text, len, 0, out);
}

static evm_polarity_set *builtin_set;

const evm_polarity_set *evm_polarity_builtin(void) { return evm_polarity_init() < 0 ? NULL : builtin_set; }
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc;
static char init_msg[512];

static void init_once(void)
{
	const evm_builtin_file *f = evm_builtin_find("polarity.txt");
	if (!f) {
		init_rc = evm_err(EVM_ENOTFOUND, "built-in polarity patterns missing");
	} else {
		/* lazily: the test suite compiles the built-in file as a checked one */
		init_rc = compile_set("<builtin>/polarity.txt", f->data, f->len, 1, &builtin_set);
	}
	if (init_rc < 0)
		snprintf(init_msg, sizeof init_msg, "%s", evm_error_message());
}

int evm_polarity_init(void)
{
	pthread_once(&once, init_once);
	if (init_rc < 0)
		return evm_err(init_rc, "%s", init_msg); /* again, for this thread's error message */
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

/* Where the not-done and too-much matches of a sentence are, found either
 * by a scan from an offset or by anchored attempts near the triggers. */
typedef struct {
	const evm_polarity_set *ps;
	const char *text;
	size_t len;
	/* scan */
	size_t from_neg, from_over;
	/* near the triggers */
	const uint32_t *neg, *over;
	size_t nneg, nover;
	int near;
	/* near the triggers, trying only the patterns each one anchors */
	const uint32_t *at;
	const uint64_t *const *masks;
	size_t nat;
	int masked;
} finder;

static int find_near(pcre2_code *anchored, const char *text, size_t len, const uint32_t *trig, size_t n,
		     unsigned lead, size_t *s, size_t *e);

/* A kind's alternation, compiled for a scan or anchored; compiled here on
 * first use for the built-in set. NULL for a kind without patterns, or out
 * of memory. */
static pcre2_code *kind_code(const evm_polarity_set *cps, int kind, int anchored)
{
	evm_polarity_set *ps = (evm_polarity_set *)cps; /* only the atomics change */
	_Atomic(pcre2_code *) *slot = anchored ? &ps->anchored[kind] : &ps->re[kind];
	pcre2_code *c = atomic_load_explicit(slot, memory_order_acquire);
	if (c || !ps->alt[kind])
		return c;
	int err;
	PCRE2_SIZE off;
	pcre2_code *mine = pcre2_compile((PCRE2_SPTR)ps->alt[kind], PCRE2_ZERO_TERMINATED,
					 KIND_OPTS | (anchored ? PCRE2_ANCHORED : 0), &err, &off, NULL);
	if (!mine)
		return NULL;
	pcre2_code *none = NULL;
	if (atomic_compare_exchange_strong_explicit(slot, &none, mine, memory_order_acq_rel, memory_order_acquire))
		return mine;
	pcre2_code_free(mine); /* another thread was first */
	return none;
}

/* JIT compiling the patterns costs a few milliseconds, more than a process
 * that matches one text spends matching, and pays for itself only over many
 * sentences. So matching starts interpreted, and the call that makes a
 * code's JIT_AFTER-th use compiles a JIT copy and publishes it; calls
 * already running keep to the interpreted code, which never changes. */
#define JIT_AFTER 64

static void jit_copy(const pcre2_code *code, _Atomic(pcre2_code *) *to)
{
	pcre2_code *c = pcre2_code_copy(code);
	if (c && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0)
		atomic_store_explicit(to, c, memory_order_release);
	else
		pcre2_code_free(c); /* no JIT here: stay interpreted */
}

static pcre2_code *jitted(const evm_polarity_set *cps, int kind)
{
	evm_polarity_set *ps = (evm_polarity_set *)cps; /* only the atomics change */
	pcre2_code *j = atomic_load_explicit(&ps->jit[kind], memory_order_acquire);
	if (j)
		return j;
	pcre2_code *a = kind_code(ps, kind, 1);
	if (a && !ps->no_jit && atomic_fetch_add_explicit(&ps->uses[kind], 1, memory_order_relaxed) + 1 == JIT_AFTER)
		jit_copy(a, &ps->jit[kind]);
	return a;
}

/* Pattern i, compiled on first use, JIT-compiled once used a while; NULL
 * when it cannot be compiled here (out of memory). */
static pcre2_code *pattern_code(const evm_polarity_set *cps, size_t i)
{
	pattern *pt = &((evm_polarity_set *)cps)->pat[i]; /* only the atomics change */
	pcre2_code *c = atomic_load_explicit(&pt->jit, memory_order_acquire);
	if (c)
		return c;
	c = atomic_load_explicit(&pt->code, memory_order_acquire);
	if (!c) {
		int err;
		PCRE2_SIZE off;
		pcre2_code *mine = pcre2_compile((PCRE2_SPTR)pt->src, PCRE2_ZERO_TERMINATED,
						 PCRE2_CASELESS | PCRE2_UTF | PCRE2_ANCHORED, &err, &off, NULL);
		if (!mine)
			return NULL;
		pcre2_code *none = NULL;
		if (atomic_compare_exchange_strong_explicit(&pt->code, &none, mine, memory_order_acq_rel,
							    memory_order_acquire))
			c = mine;
		else { /* another thread was first */
			pcre2_code_free(mine);
			c = none;
		}
	}
	if (!cps->no_jit && atomic_fetch_add_explicit(&pt->uses, 1, memory_order_relaxed) + 1 == JIT_AFTER)
		jit_copy(c, &pt->jit);
	return c;
}

static int find_masked(const finder *f, int kind, size_t *s, size_t *e);

static int find_kind(const finder *f, int kind, size_t *s, size_t *e)
{
	const evm_polarity_set *ps = f->ps;
	if (f->masked)
		return find_masked(f, kind, s, e);
	if (f->near)
		return ps->alt[kind] && find_near(jitted(ps, kind), f->text, f->len, kind == K_NEG ? f->neg : f->over,
						  kind == K_NEG ? f->nneg : f->nover, ps->lead[kind], s, e);
	size_t from = kind == K_NEG ? f->from_neg : f->from_over;
	pcre2_code *re = from < f->len ? kind_code(ps, kind, 0) : NULL;
	return re && find_from(re, f->text, f->len, from, s, e);
}

static int is_w(unsigned char c);

/* The first good-negation match starting in [from, upto] and reaching
 * need_end, by anchored attempts at each word start. */
static int find_good(const evm_polarity_set *ps, const char *text, size_t len, size_t from, size_t upto,
		     size_t need_end, size_t *s, size_t *e)
{
	pcre2_code *re = ps->alt[K_GOOD] ? jitted(ps, K_GOOD) : NULL;
	pcre2_match_data *md = re ? thread_md() : NULL;
	if (!md)
		return 0;
	for (size_t p = from; p <= upto && p < len; p++) {
		if (!is_w((unsigned char)text[p]) || (p > 0 && is_w((unsigned char)text[p - 1])))
			continue;
		if (pcre2_match(re, (PCRE2_SPTR)text, len, p, PCRE2_NO_UTF_CHECK, md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			if (ov[1] < need_end)
				continue;
			*s = ov[0];
			*e = ov[1];
			return 1;
		}
	}
	return 0;
}

static int find_good_masked(const finder *f, size_t from, size_t upto, size_t need_end, size_t *s, size_t *e);

/* A good negation covering a match that ends at e: starting by e - 1 (in
 * the match or before it) and reaching e. */
static int covered(const finder *f, size_t good_from, size_t e)
{
	size_t s2, e2;
	if (good_from >= f->len || !e)
		return 0;
	if (f->masked)
		return find_good_masked(f, good_from, e - 1, e, &s2, &e2);
	return find_good(f->ps, f->text, f->len, good_from, e - 1, e, &s2, &e2);
}

static int has_kind(const evm_polarity_set *ps, const uint64_t *mask, int kind)
{
	const uint64_t *km = ps->kind_mask + (size_t)kind * ps->mask_words;
	for (size_t w = 0; w < ps->mask_words; w++)
		if (mask[w] & km[w])
			return 1;
	return 0;
}

/* Too-much first, then not-done; a good negation covering either cancels
 * it ("never rash", "never missed"). A good negation starts with a not-done
 * trigger, so it is searched from where not-done is. To cover a match it
 * must start inside it or before, and reach its end: "was not late" is the
 * not-done "was not" and the good negation "not late". */
static evm_sentence_polarity decide(const finder *f)
{
	evm_sentence_polarity r = {EVM_POL_EFFECTIVE, 0, 0};
	const evm_polarity_set *ps = f->ps;
	size_t good_from = f->from_neg;
	unsigned good_lead = evm_polarity_set_lead(ps, EVM_TRIG_NEG);
	if (f->near)
		good_from = f->nneg ? evm_polarity_start(f->text, f->neg[0], good_lead) : f->len;
	if (f->masked) {
		size_t j = 0;
		while (j < f->nat && !has_kind(ps, f->masks[j], K_NEG))
			j++;
		good_from = j < f->nat ? evm_polarity_start(f->text, f->at[j], good_lead) : f->len;
	}
	size_t s, e;
	if (find_kind(f, K_OVER, &s, &e) && !covered(f, good_from, e))
		return (evm_sentence_polarity){EVM_POL_OVERDONE, s, e};
	if (find_kind(f, K_NEG, &s, &e))
		return covered(f, good_from, e) ? r : (evm_sentence_polarity){EVM_POL_INEFFECTIVE, s, e};
	return r;
}

evm_sentence_polarity evm_polarity_set_search(const evm_polarity_set *ps, const char *text, size_t len, size_t from_neg,
					      size_t from_over)
{
	finder f = {ps, text, len, from_neg < len ? char_start(text, from_neg) : len,
		    from_over < len ? char_start(text, from_over) : len, NULL, NULL, 0, 0, 0, NULL, NULL, 0, 0};
	return decide(&f);
}

static int is_w(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/* The leftmost match of the anchored pattern that starts at a word start no
 * more than lead words before one of the triggers (ascending offsets). Every
 * match starts so, so this is the match an unanchored search finds, for a
 * few anchored attempts instead of a scan of the sentence. */
static int find_near(pcre2_code *anchored, const char *text, size_t len, const uint32_t *trig, size_t n,
		     unsigned lead, size_t *s, size_t *e)
{
	pcre2_match_data *md = thread_md();
	if (!md)
		return 0;
	size_t done = 0; /* offsets below this were tried */
	for (size_t i = 0; i < n; i++) {
		size_t at = trig[i];
		if (at >= len)
			break;
		size_t p = evm_polarity_start(text, at, lead);
		for (p = p < done ? done : p; p <= at; p++) {
			if (!is_w((unsigned char)text[p]) || (p > 0 && is_w((unsigned char)text[p - 1])))
				continue;
			if (pcre2_match(anchored, (PCRE2_SPTR)text, len, p, PCRE2_NO_UTF_CHECK, md, NULL) >= 0) {
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
				*s = ov[0];
				*e = ov[1];
				return 1;
			}
		}
		done = at + 1;
	}
	return 0;
}

evm_sentence_polarity evm_polarity_set_search_near(const evm_polarity_set *ps, const char *text, size_t len,
						   const uint32_t *neg, size_t nneg, const uint32_t *over, size_t nover)
{
	finder f = {ps, text, len, len, len, neg, over, nneg, nover, 1, NULL, NULL, 0, 0};
	return decide(&f);
}

/* The leftmost match of a kind, as find_near finds it, trying at each word
 * start only the patterns anchored by a trigger word close enough after
 * it. A match of pattern i at p has its anchor, a trigger word, at most
 * pat[i].before words after p, so no match is missed; and where several
 * match at p the alternation would take the first in the file, as the
 * lowest i is taken here. */
#define MAX_WINDOWS 256

/* The search both use: the leftmost match of a kind starting in [from,
 * upto], by the windows the trigger words' bit sets give. Where the match
 * at a place ends before need_end (a good negation that does not cover
 * the match it is asked about), the search moves on to the next place, as
 * a scan with the kind's whole alternation would. 1 found, 0 none, -1 too
 * many windows or out of memory: the caller scans instead. */
static int masked_search(const finder *f, int kind, size_t from, size_t upto, size_t need_end, size_t *s, size_t *e)
{
	const evm_polarity_set *ps = f->ps;
	struct {
		size_t lo, hi;
		uint32_t pat;
	} win[MAX_WINDOWS];
	size_t nw = 0, lo = f->len, hi = 0;
	const uint64_t *km = ps->kind_mask + (size_t)kind * ps->mask_words;
	for (size_t j = 0; j < f->nat && f->at[j] < f->len; j++)
		for (size_t w = 0; w < ps->mask_words; w++)
			for (uint64_t bits = f->masks[j][w] & km[w]; bits; bits &= bits - 1) {
				if (nw == MAX_WINDOWS) /* more than a sentence has */
					return -1;
				uint32_t i = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
				size_t a = evm_polarity_start(f->text, f->at[j], ps->pat[i].before);
				win[nw].lo = a;
				win[nw].hi = f->at[j];
				win[nw++].pat = i;
				lo = a < lo ? a : lo;
				hi = f->at[j] > hi ? f->at[j] : hi;
			}
	if (!nw)
		return 0;
	pcre2_match_data *md = thread_md();
	if (!md)
		return 0;
	lo = lo < from ? from : lo;
	hi = hi > upto ? upto : hi;
	for (size_t p = lo; p <= hi && p < f->len; p++) {
		if (!is_w((unsigned char)f->text[p]) || (p > 0 && is_w((unsigned char)f->text[p - 1])))
			continue;
		uint32_t tried = UINT32_MAX;
		for (;;) { /* the windows over p, lowest pattern first */
			uint32_t best = UINT32_MAX;
			for (size_t k = 0; k < nw; k++)
				if (win[k].lo <= p && p <= win[k].hi && win[k].pat < best &&
				    (tried == UINT32_MAX || win[k].pat > tried))
					best = win[k].pat;
			if (best == UINT32_MAX)
				break;
			pcre2_code *code = pattern_code(ps, best);
			if (!code)
				return -1;
			if (pcre2_match(code, (PCRE2_SPTR)f->text, f->len, p, PCRE2_NO_UTF_CHECK, md, NULL) >= 0) {
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
				if (ov[1] < need_end)
					break;
				*s = ov[0];
				*e = ov[1];
				return 1;
			}
			tried = best;
		}
	}
	return 0;
}

static int find_masked(const finder *f, int kind, size_t *s, size_t *e)
{
	int r = masked_search(f, kind, 0, f->len, 0, s, e);
	if (r >= 0)
		return r;
	return find_near(jitted(f->ps, kind), f->text, f->len, f->at, f->nat, f->ps->lead[kind], s, e);
}

/* find_good by the trigger words' bit sets. Every good negation's anchor is
 * a not-done or too-much trigger too (the compiler checks), so its bits are
 * in the masks of the words searched. */
static int find_good_masked(const finder *f, size_t from, size_t upto, size_t need_end, size_t *s, size_t *e)
{
	int r = masked_search(f, K_GOOD, from, upto, need_end, s, e);
	return r >= 0 ? r : find_good(f->ps, f->text, f->len, from, upto, need_end, s, e);
}

size_t evm_polarity_set_mask_words(const evm_polarity_set *ps) { return ps->mask_words; }

evm_sentence_polarity evm_polarity_set_search_masked(const evm_polarity_set *ps, const char *text, size_t len,
						     const uint32_t *at, const uint64_t *const *masks, size_t n)
{
	finder f = {ps, text, len, len, len, NULL, NULL, 0, 0, 0, at, masks, n, 1};
	return decide(&f);
}

evm_sentence_polarity evm_polarity_of(const char *text, size_t len)
{
	evm_sentence_polarity r = {EVM_POL_EFFECTIVE, 0, 0};
	return evm_polarity_init() < 0 ? r : evm_polarity_set_search(builtin_set, text, len, 0, 0);
}

/* Trigger words are short: a loop beats a call to memcmp. */
static int same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static int trigger_hit(const trigger *t, const char *w, size_t n)
{
	switch (t->mode) {
	case 0: return n == t->len && same(w, t->lit, n);
	case 1: return n >= t->len && same(w, t->lit, t->len);
	default: return n >= t->len && same(w + n - t->len, t->lit, t->len);
	}
}

/* The kinds a word could trigger, and, when mask is not NULL, the patterns
 * it anchors. Runs once per distinct word: only the triggers that share the
 * word's first two letters are compared, then the few in the last bucket. */
static int trigger_walk(const evm_polarity_set *ps, const char *w, size_t n, uint64_t *mask)
{
	if (mask)
		memset(mask, 0, ps->mask_words * sizeof *mask);
	if (n < 2)
		return 0;
	int kinds = 0, b = bucket_of(w, n);
	for (int pass = 0; pass < 2; pass++) {
		int at = pass ? NBUCKET - 1 : b;
		if (pass == 0 && b == NBUCKET - 1)
			continue;
		for (uint32_t i = ps->first[at]; i < ps->first_end[at]; i++) {
			if (!trigger_hit(&ps->trig[i], w, n))
				continue;
			kinds |= ps->trig[i].kinds;
			const uint64_t *m = ps->masks + (size_t)ps->trig[i].mask_at * ps->mask_words;
			for (size_t k = 0; mask && k < ps->mask_words; k++)
				mask[k] |= m[k];
		}
	}
	return (kinds & (1 << K_NEG) ? EVM_TRIG_NEG : 0) | (kinds & (1 << K_OVER) ? EVM_TRIG_OVER : 0);
}

int evm_polarity_set_trigger(const evm_polarity_set *ps, const char *w, size_t n)
{
	return trigger_walk(ps, w, n, NULL);
}

int evm_polarity_set_trigger_mask(const evm_polarity_set *ps, const char *w, size_t n, uint64_t *mask)
{
	return trigger_walk(ps, w, n, mask);
}

unsigned evm_polarity_set_lead(const evm_polarity_set *ps, int trig_kind)
{
	if (trig_kind == EVM_TRIG_OVER)
		return ps->lead[K_OVER];
	/* a not-done match is searched from where a good negation covering it
	 * could start, and one may reach further back than any not-done
	 * pattern ("cleared a backlog of 400 overdue") */
	return ps->lead[K_GOOD] > ps->lead[K_NEG] ? ps->lead[K_GOOD] : ps->lead[K_NEG];
}

size_t evm_polarity_start(const char *text, size_t at, unsigned words)
{
	/* back over `words` white-space-separated words: the patterns' words are
	 * separated by white space, which a token boundary need not be */
	size_t p = at;
	for (unsigned k = 0; k < words && p > 0; k++) {
		while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t' || text[p - 1] == '\n' || text[p - 1] == '\r'))
			p--;
		while (p > 0 && !(text[p - 1] == ' ' || text[p - 1] == '\t' || text[p - 1] == '\n' || text[p - 1] == '\r'))
			p--;
	}
	return p;
}
