#include "tokenise.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/error.h"

void evm_tokens_init(evm_tokens *t)
{
	memset(t, 0, sizeof *t);
	evm_arena_init(&t->arena);
}

void evm_tokens_reset(evm_tokens *t)
{
	t->ntok = t->nsent = 0;
	t->invalid_utf8 = t->nul_bytes = 0;
	evm_arena_reset(&t->arena);
}

void evm_tokens_free(evm_tokens *t)
{
	free(t->tok);
	free(t->sent);
	evm_arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}

/* ---- character classes ----------------------------------------------- */

/* One table lookup per byte on the hot path instead of three comparisons. */
static const unsigned char ALNUM[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
	['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
	['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1};

static int ascii_alnum(unsigned char c) { return ALNUM[c]; }


static int ascii_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* Decodes one code point; *n gets its length. Invalid bytes give -1, n = 1. */
static int32_t decode(const char *s, size_t len, size_t *n)
{
	unsigned char c = (unsigned char)*s;
	if (c < 0x80) {
		*n = 1;
		return c;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(len < 4 ? len : 4), &cp);
	if (k <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)k;
	return cp;
}

static int is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0 && ascii_alnum((unsigned char)cp);
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int is_upper_start(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_ND;
}

static int is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2018; }
static int is_hyphen(int32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }
static int is_currency(int32_t cp) { return cp == '$' || cp == 0xA3 || cp == 0x20AC; }
/* list marks that open an item when they start a line */
static int is_bullet(int32_t cp)
{
	return cp == 0x2022 || cp == 0xB7 || cp == 0x25AA || cp == 0x25E6 || cp == 0x2023 || cp == 0x25CF ||
	       cp == 0x2043 || cp == 0x2013 || cp == 0x2014 || cp == '-' || cp == '*' || cp == 0xF0B7;
}

/* What may follow a sentence's last token and still belong to it. */
static int closes_sentence(char c)
{
	return c == '.' || c == '!' || c == '?' || c == ')' || c == '"' || c == '\'' || c == '%';
}

/* ---- output ------------------------------------------------------------- */

static int push_token(evm_tokens *t, const evm_token *tk)
{
	if (t->ntok == t->cap_tok) {
		size_t cap = t->cap_tok ? t->cap_tok * 2 : 256;
		evm_token *p = realloc(t->tok, cap * sizeof *p);
		if (!p)
			return evm_err(EVM_ENOMEM, "out of memory");
		t->tok = p;
		t->cap_tok = cap;
	}
	t->tok[t->ntok++] = *tk;
	return EVM_OK;
}

typedef struct {
	evm_tokens *t;
	const char *text;
	size_t len;
	size_t sent_first; /* first token of the open sentence */
	int lower_typed;   /* the text has no capital letter at all: -1 not yet known */
	uint32_t flags;    /* EVM_SENT_* of the open sentence */
	int line_first;    /* no token yet on the current line */
} scan;

/* Whether the text was typed without capitals ("i cleared the backlog. then
 * i..."): there a full stop before a lower-case word ends a sentence too.
 * Worked out once, at the first full stop that needs it. */
static int lower_typed(scan *s)
{
	if (s->lower_typed < 0) {
		s->lower_typed = 1;
		for (size_t i = 0; i < s->len && s->lower_typed; i++)
			if (s->text[i] >= 'A' && s->text[i] <= 'Z')
				s->lower_typed = 0;
	}
	return s->lower_typed;
}

/* Closes the open sentence, if it has tokens. */
static int end_sentence(scan *s)
{
	evm_tokens *t = s->t;
	if (t->ntok == s->sent_first)
		return EVM_OK;
	if (t->nsent == t->cap_sent) {
		size_t cap = t->cap_sent ? t->cap_sent * 2 : 32;
		evm_sentence *p = realloc(t->sent, cap * sizeof *p);
		if (!p)
			return evm_err(EVM_ENOMEM, "out of memory");
		t->sent = p;
		t->cap_sent = cap;
	}
	evm_sentence *se = &t->sent[t->nsent];
	se->first = (uint32_t)s->sent_first;
	se->count = (uint32_t)(t->ntok - s->sent_first);
	se->flags = s->flags;
	s->flags = 0;
	se->start = t->tok[s->sent_first].start;
	se->end = t->tok[t->ntok - 1].end;
	/* take in closing punctuation and quotes after the last token */
	while (se->end < s->len && closes_sentence(s->text[se->end]))
		se->end++;
	t->nsent++;
	s->sent_first = t->ntok;
	return EVM_OK;
}

/* Eight ASCII bytes lower-cased. A byte b < 0x80 is upper case when
 * b + 0x3f sets its top bit (b >= 'A') and b + 0x25 does not (b <= 'Z');
 * no sum carries into the next byte. */
static void lower8(char *o, const char *w)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t x;
	memcpy(&x, w, 8);
	uint64_t upper = (x + 0x3f * ones) & ~(x + 0x25 * ones) & (0x80 * ones);
	x |= upper >> 2;
	memcpy(o, &x, 8);
}

/* o = w[0..n) lower-cased, w all ASCII, eight bytes at a time. A word is
 * mostly shorter than eight: when eight bytes can be read from w (avail)
 * and o has room for eight, one step does it, the bytes past n are junk
 * the caller's terminator cuts off. A longer word's last step overlaps the
 * one before, which writes the same bytes again. */
static void lower_ascii(char *o, const char *w, size_t n, size_t avail)
{
	if (n < 8) {
		if (avail >= 8) {
			lower8(o, w);
			return;
		}
		for (size_t i = 0; i < n; i++)
			o[i] = (char)(w[i] + ((unsigned char)(w[i] - 'A') < 26u ? 32 : 0));
		return;
	}
	size_t i = 0;
	for (; i + 8 <= n; i += 8)
		lower8(o + i, w + i);
	if (i < n)
		lower8(o + n - 8, w + n - 8);
}

/* Normalised form: ASCII lower-cased directly; anything else NFKC+casefold,
 * with curly apostrophes made straight first so "don’t" == "don't". ascii is
 * 1 when the caller knows the word is ASCII, -1 when it does not. */
static int normalise(scan *s, evm_token *tk, int ascii)
{
	const char *w = s->text + tk->start;
	size_t n = tk->end - tk->start;
	for (size_t i = 0; i < n && ascii < 0; i++)
		if ((unsigned char)w[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		char *o = evm_arena_chars(&s->t->arena, n < 8 ? 8 : n);
		if (!o)
			return evm_err(EVM_ENOMEM, "out of memory");
		lower_ascii(o, w, n, s->len - tk->start);
		o[n] = '\0';
		tk->norm = o;
		tk->norm_len = (uint32_t)n;
		return EVM_OK;
	}
	char *tmp = malloc(n + 1);
	if (!tmp)
		return evm_err(EVM_ENOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t cl;
		int32_t cp = decode(w + i, n - i, &cl);
		if (cp == 0x2019 || cp == 0x2018)
			tmp[k++] = '\'';
		else if (cp == 0x2010 || cp == 0x2011)
			tmp[k++] = '-';
		else if (cp == 0xAD)
			; /* soft hyphen: not part of the word's spelling */
		else if (cp >= 0) {
			memcpy(tmp + k, w + i, cl);
			k += cl;
		}
		i += cl;
	}
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)tmp, (utf8proc_ssize_t)k, &out,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
	free(tmp);
	if (m < 0) {
		free(out);
		return evm_err(EVM_ENOMEM, "normalisation failed: %s", utf8proc_errmsg(m));
	}
	char *o = evm_arena_strndup(&s->t->arena, (const char *)out, (size_t)m);
	free(out);
	if (!o)
		return evm_err(EVM_ENOMEM, "out of memory");
	tk->norm = o;
	tk->norm_len = (uint32_t)m;
	return EVM_OK;
}

/* Word lists with their lengths, so a comparison is a length test first:
 * these run for every word and every full stop. */
typedef struct {
	const char *w;
	size_t n;
} wordlit;
#define LIT(s) {s, sizeof s - 1}
#define NLIT(a) (sizeof a / sizeof a[0])

static int word_in(const evm_token *tk, const wordlit *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tk->norm_len == list[i].n && memcmp(tk->norm, list[i].w, list[i].n) == 0)
			return 1;
	return 0;
}

/* Runs once per word, so it looks at the first letter before comparing. */
static void set_person(evm_token *tk)
{
	static const wordlit first[] = {LIT("i"), LIT("me"), LIT("my"), LIT("mine"), LIT("myself"),
					LIT("i'm"), LIT("i've"), LIT("i'd"), LIT("i'll")};
	static const wordlit coll[] = {LIT("we"), LIT("us"), LIT("our"), LIT("ours"), LIT("ourselves"),
				       LIT("we're"), LIT("we've"), LIT("we'd"), LIT("we'll")};
	char c = tk->norm[0];
	if (tk->norm_len > 9 || (c != 'i' && c != 'm' && c != 'w' && c != 'u' && c != 'o'))
		return;
	if (word_in(tk, first, NLIT(first)))
		tk->flags |= EVM_TOK_FIRST_PERSON;
	if (word_in(tk, coll, NLIT(coll)))
		tk->flags |= EVM_TOK_COLLECTIVE;
}

/* End of the run of non-space bytes from p. */
static size_t chunk_end(const scan *s, size_t p)
{
	while (p < s->len && !ascii_space((unsigned char)s->text[p]) && s->text[p])
		p++;
	return p;
}

static int has_prefix_ci(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	if (n < l)
		return 0;
	for (size_t i = 0; i < l; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != lit[i])
			return 0;
	}
	return 1;
}

/* E-mail or URL starting at p: its end (trailing punctuation excluded), or 0. */
static size_t special_end(const scan *s, size_t p, uint32_t *flags)
{
	size_t e = chunk_end(s, p);
	const char *c = s->text + p;
	size_t n = e - p;
	while (n && strchr(".,;:!?)]}'\">", c[n - 1]))
		n--;
	if (has_prefix_ci(c, n, "http://") || has_prefix_ci(c, n, "https://") || has_prefix_ci(c, n, "www.")) {
		*flags = EVM_TOK_URL;
		return p + n;
	}
	const char *at = memchr(c, '@', n);
	if (at && at > c && memchr(at, '.', n - (size_t)(at - c)) && c[n - 1] != '.' && at[1] != '.') {
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)c[i];
			if (!(ascii_alnum(ch) || strchr("._%+-@", ch)))
				return 0;
		}
		*flags = EVM_TOK_EMAIL;
		return p + n;
	}
	return 0;
}

/* Number: [currency] digits ([.,] digits)* [%|k|m|bn|K|M]. End, or 0. */
static size_t number_end(const scan *s, size_t p)
{
	size_t q = p, n;
	int32_t cp = decode(s->text + q, s->len - q, &n);
	if (is_currency(cp))
		q += n;
	if (q >= s->len || s->text[q] < '0' || s->text[q] > '9')
		return 0;
	while (q < s->len && s->text[q] >= '0' && s->text[q] <= '9')
		q++;
	while (q + 1 < s->len && (s->text[q] == '.' || s->text[q] == ',') && s->text[q + 1] >= '0' && s->text[q + 1] <= '9') {
		q++;
		while (q < s->len && s->text[q] >= '0' && s->text[q] <= '9')
			q++;
	}
	if (q < s->len && s->text[q] == '%')
		return q + 1;
	/* a unit or magnitude suffix, only if the word ends there: 3m, 5k, 2bn */
	size_t r = q;
	while (r < s->len && r - q < 3 && ((s->text[r] >= 'a' && s->text[r] <= 'z') || (s->text[r] >= 'A' && s->text[r] <= 'Z')))
		r++;
	if (r > q && (r == s->len || !ascii_alnum((unsigned char)s->text[r]))) {
		size_t l = r - q;
		const char *u = s->text + q;
		if ((l == 1 && strchr("kKmMbB", u[0])) || (l == 2 && has_prefix_ci(u, 2, "bn")))
			return r;
		return 0; /* "2nd", "24th": a word */
	}
	return q;
}

/* Word: word code points, with apostrophes and hyphens kept when a word code
 * point follows them. */
static size_t word_end(const scan *s, size_t p)
{
	size_t q = p, n;
	while (q < s->len) {
		int32_t cp = decode(s->text + q, s->len - q, &n);
		if (is_word_cp(cp)) {
			q += n;
			continue;
		}
		/* a soft hyphen (U+00AD, left by Word and PDF copies) joins the word
		 * it breaks, and normalising drops it */
		if ((is_apostrophe(cp) || is_hyphen(cp) || cp == 0xAD) && q > p && q + n < s->len) {
			size_t n2;
			int32_t next = decode(s->text + q + n, s->len - q - n, &n2);
			if (is_word_cp(next)) {
				q += n;
				continue;
			}
		}
		break;
	}
	return q;
}

/* Abbreviations after which a full stop does not end a sentence. */
static int is_abbrev(const evm_token *tk)
{
	static const wordlit ab[] = {LIT("e.g"), LIT("i.e"), LIT("mr"), LIT("mrs"), LIT("ms"), LIT("dr"), LIT("no"),
				     LIT("vs"), LIT("approx"), LIT("incl"), LIT("st"), LIT("cf"), LIT("fig"), LIT("eg"),
				     LIT("ie"), LIT("nb"), LIT("ref"), LIT("dept"), LIT("govt"), LIT("min")};
	return tk->norm_len <= 6 && word_in(tk, ab, NLIT(ab)); /* none is longer */
}

/* First code point after p that is not a space; -2 at end of text. */
static int32_t next_visible(const scan *s, size_t p, size_t *at)
{
	while (p < s->len && (ascii_space((unsigned char)s->text[p]) || s->text[p] == '"' || s->text[p] == '\''))
		p++;
	if (at)
		*at = p;
	if (p >= s->len)
		return -2;
	size_t n;
	return decode(s->text + p, s->len - p, &n);
}

/* A sentence this long is cut before its next clause joiner ("and", "so",
 * "because"...). Written sentences hardly reach it; a transcript without
 * punctuation (speech to text) otherwise reads as one sentence, and one
 * "did not" in it would set the polarity of the whole answer. */
#define LONG_SENTENCE 40

static int joiner(const evm_token *tk)
{
	static const wordlit j[] = {LIT("and"), LIT("but"), LIT("so"), LIT("then"), LIT("because"),
				    LIT("which"), LIT("while"), LIT("although"), LIT("when")};
	return word_in(tk, j, NLIT(j));
}

/* At a line start (p just after '\n'): a list mark opens a new item. */
static size_t skip_list_mark(const scan *s, size_t p, int *found)
{
	size_t q = p, n;
	while (q < s->len && (s->text[q] == ' ' || s->text[q] == '\t'))
		q++;
	*found = 0;
	if (q >= s->len)
		return p;
	int32_t cp = decode(s->text + q, s->len - q, &n);
	if (is_bullet(cp) && q + n < s->len && ascii_space((unsigned char)s->text[q + n])) {
		*found = 1;
		return q + n;
	}
	/* "1." "12)" "a)" "(b)" followed by a space */
	size_t r = q;
	if (r < s->len && s->text[r] == '(')
		r++;
	size_t d = r;
	while (d < s->len && d - r < 3 && s->text[d] >= '0' && s->text[d] <= '9')
		d++;
	if (d == r && d < s->len && s->text[d] >= 'a' && s->text[d] <= 'z')
		d++;
	if (d > r && d + 1 < s->len && (s->text[d] == '.' || s->text[d] == ')') && ascii_space((unsigned char)s->text[d + 1]) &&
	    !(d - r == 1 && s->text[r] >= 'a' && s->text[d] == '.')) {
		*found = 1;
		return d + 1;
	}
	return p;
}

int evm_tokenise(evm_tokens *t, const char *text, size_t len)
{
	scan s = {t, text, len, t->ntok, -1, 0, 1};
	size_t p = 0;
	int rc = EVM_OK;
	int line_start = 1;
	while (p < len && rc == EVM_OK) {
		unsigned char c = (unsigned char)text[p];
		if (line_start) {
			int found;
			size_t q = skip_list_mark(&s, p, &found);
			if (found) {
				rc = end_sentence(&s);
				s.flags = EVM_SENT_LIST_ITEM;
				p = q;
			}
			line_start = 0;
			continue;
		}
		if (c == '\n') {
			/* a blank line, or a line ending in ':' closes the sentence */
			size_t q = p + 1;
			while (q < len && (text[q] == ' ' || text[q] == '\t' || text[q] == '\r'))
				q++;
			size_t b = p;
			while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
				b--;
			if ((q < len && text[q] == '\n') || (b > 0 && text[b - 1] == ':'))
				rc = end_sentence(&s);
			p++;
			line_start = 1;
			s.line_first = 1;
			continue;
		}
		if (c == 0) {
			t->nul_bytes++;
			p++;
			continue;
		}
		if (c < 0x80 && !ascii_alnum(c) && c != '$' && c != '.' && c != '!' && c != '?') {
			p++;
			continue;
		}
		size_t n;
		int32_t cp = decode(text + p, len - p, &n);
		if (cp < 0) {
			t->invalid_utf8++;
			p++;
			continue;
		}
		if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
			/* a terminal mark ends the sentence when the next visible
			 * character starts one, and not after an abbreviation */
			size_t at;
			int32_t nx = next_visible(&s, p + n, &at);
			int follows_space = p + n >= len || ascii_space((unsigned char)text[p + n]) || text[p + n] == '"' ||
					    text[p + n] == '\'' || text[p + n] == ')';
			int abbrev = cp == '.' && t->ntok > s.sent_first && t->tok[t->ntok - 1].end == p && is_abbrev(&t->tok[t->ntok - 1]);
			if (follows_space && !abbrev &&
			    (nx == -2 || is_upper_start(nx) || is_bullet(nx) || nx == '(' || nx == '"' ||
			     (nx >= 'a' && nx <= 'z' && t->ntok > s.sent_first && t->tok[t->ntok - 1].end == p &&
			      t->tok[t->ntok - 1].norm_len >= 2 && lower_typed(&s))))
				rc = end_sentence(&s);
			p += n;
			continue;
		}
		evm_token tk = {0};
		size_t e = 0;
		uint32_t fl = 0;
		/* most words are plain ASCII runs: only look for an e-mail address or
		 * URL when the run stops at a character one could continue with */
		size_t run = p;
		while (run < len && ascii_alnum((unsigned char)text[run]))
			run++;
		char stop = run < len && run > p ? text[run] : 0;
		int maybe_special = stop == '.' || stop == '@' || stop == ':' || stop == '_' || stop == '%' || stop == '+';
		int ascii = -1;
		if (run > p && !maybe_special && (run == len || ((unsigned char)text[run] < 0x80 && !is_apostrophe(text[run]) &&
							       !is_hyphen(text[run]))) &&
		    !(text[p] >= '0' && text[p] <= '9')) {
			e = run;
			ascii = 1;
			tk.flags = EVM_TOK_WORD;
			if (e == p + 1 && e + 2 < len && text[e] == '.' && ascii_alnum((unsigned char)text[e + 1]) && text[e + 2] == '.' &&
			    (e + 3 >= len || !ascii_alnum((unsigned char)text[e + 3])))
				e += 2;
		} else if (maybe_special && (e = special_end(&s, p, &fl)) > p) {
			tk.flags = fl;
		} else if ((e = number_end(&s, p)) > p) {
			tk.flags = EVM_TOK_NUMBER;
		} else if (is_word_cp(cp)) {
			e = word_end(&s, p);
			tk.flags = EVM_TOK_WORD;
			/* "e.g." and "i.e." read as one token so they never end a sentence */
			if (e == p + 1 && e + 2 < len && text[e] == '.' && ascii_alnum((unsigned char)text[e + 1]) && text[e + 2] == '.' &&
			    (e + 3 >= len || !ascii_alnum((unsigned char)text[e + 3])))
				e += 2;
		} else {
			p += n;
			continue;
		}
		tk.start = (uint32_t)p;
		tk.end = (uint32_t)e;
		tk.sentence = (uint32_t)t->nsent;
		if ((rc = normalise(&s, &tk, ascii)) < 0)
			break;
		if (tk.flags & EVM_TOK_WORD) {
			set_person(&tk);
			if (t->ntok - s.sent_first >= LONG_SENTENCE && joiner(&tk)) {
				if ((rc = end_sentence(&s)) < 0)
					break;
				tk.sentence = (uint32_t)t->nsent;
			}
		}
		if (s.line_first)
			tk.flags |= EVM_TOK_LINE_FIRST;
		s.line_first = 0;
		rc = push_token(t, &tk);
		p = e;
	}
	if (rc == EVM_OK)
		rc = end_sentence(&s);
	return rc;
}
