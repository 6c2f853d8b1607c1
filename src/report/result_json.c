/* The match result as JSON text, written straight into a buffer. A batch
 * run renders a result of some twenty kilobytes per record; building it as a
 * jansson tree first cost twice the matching itself. The bytes are those
 * jansson's compact, order-preserving dump would give for the same schema
 * (README "JSON output"), so every front end still speaks one format. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/json.h"
#include "util/buf.h"
#include "util/strutil.h"

static void put_escaped(evm_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	evm_buf_putc(b, '"');
	size_t run = 0; /* bytes copied as they are, in one go */
	for (size_t i = 0; i < n; i++) {
		/* eight bytes at a time while none needs escaping: no control
		 * character, quote or backslash (each test is exact for presence) */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
			uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
			uint64_t hit = ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs);
			if (hit & high)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		evm_buf_put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': evm_buf_puts(b, "\\\""); break;
		case '\\': evm_buf_puts(b, "\\\\"); break;
		case '\b': evm_buf_puts(b, "\\b"); break;
		case '\f': evm_buf_puts(b, "\\f"); break;
		case '\n': evm_buf_puts(b, "\\n"); break;
		case '\r': evm_buf_puts(b, "\\r"); break;
		case '\t': evm_buf_puts(b, "\\t"); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			evm_buf_put(b, u, 6);
		}
		}
	}
	evm_buf_put(b, s + run, n - run);
	evm_buf_putc(b, '"');
}

static void put_str(evm_buf *b, const char *s) { put_escaped(b, s, strlen(s)); }

/* text[a..b) as a JSON string, with the replacements the matcher made: NUL
 * to a space, a byte of invalid UTF-8 to '?', so offsets still hold. */
static void put_slice(evm_buf *b, const char *text, uint32_t a, uint32_t e)
{
	if (e < a)
		e = a;
	size_t n = e - a;
	const char *s = text + a;
	if (!memchr(s, 0, n) && evm_utf8_valid_prefix(s, n) == n) {
		put_escaped(b, s, n);
		return;
	}
	char *c = malloc(n + 1);
	if (!c) {
		evm_buf_puts(b, "null");
		return;
	}
	memcpy(c, s, n);
	evm_utf8_scrub(c, n);
	put_escaped(b, c, n);
	free(c);
}

/* jansson's real format: 17 significant digits, always with a point or an
 * exponent so that the value reads back as a real. */
static void put_real(evm_buf *b, double v)
{
	char num[40];
	size_t n = evm_fmt_g17(v, num);
	if (!n) {
		evm_buf_puts(b, "0.0");
		return;
	}
	evm_buf_put(b, num, n);
	if (!strpbrk(num, ".eEn")) /* n: nan/inf, which JSON cannot carry anyway */
		evm_buf_puts(b, ".0");
}

static void put_int(evm_buf *b, long long v)
{
	/* offsets, counts: printf's generality costs more than the digits */
	char num[24];
	size_t k = sizeof num;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		num[--k] = (char)('0' + u % 10);
	while ((u /= 10) && k > 1);
	if (v < 0)
		num[--k] = '-';
	evm_buf_put(b, num + k, sizeof num - k);
}

/* ,"key": (the comma unless it opens the object) */
static void key(evm_buf *b, const char *k, int *first)
{
	if (!*first)
		evm_buf_putc(b, ',');
	*first = 0;
	put_str(b, k);
	evm_buf_putc(b, ':');
}

/* The same for a literal key, quoted at compile time: a result writes some
 * six hundred keys, and escaping each cost more than its value. */
static void key_quoted(evm_buf *b, const char *quoted, size_t n, int *first)
{
	if (!*first)
		evm_buf_putc(b, ',');
	*first = 0;
	evm_buf_put(b, quoted, n);
}
#define KEY(b, lit, first) key_quoted((b), "\"" lit "\":", sizeof("\"" lit "\":") - 1, (first))

static void put_evidence(evm_buf *b, const evm_evidence *e, const char *text)
{
	int f = 1;
	evm_buf_putc(b, '{');
	KEY(b, "term", &f), put_str(b, e->term);
	KEY(b, "via", &f), put_str(b, evm_via_name(e->via));
	if (*e->rule)
		KEY(b, "rule", &f), put_str(b, e->rule);
	if (*e->rule_source)
		KEY(b, "rule_source", &f), put_str(b, e->rule_source);
	KEY(b, "start", &f), put_int(b, e->start);
	KEY(b, "end", &f), put_int(b, e->end);
	KEY(b, "text", &f), put_slice(b, text, e->start, e->end);
	KEY(b, "weight", &f), put_real(b, e->weight);
	if (e->boost != 1.0)
		KEY(b, "boost", &f), put_real(b, e->boost);
	evm_buf_putc(b, '}');
}

static void put_evidence_list(evm_buf *b, const char *name, const evm_evidence *e, size_t n, const char *text,
			      int *f)
{
	key(b, name, f);
	evm_buf_putc(b, '[');
	for (size_t k = 0; k < n; k++) {
		if (k)
			evm_buf_putc(b, ',');
		put_evidence(b, &e[k], text);
	}
	evm_buf_putc(b, ']');
}

/* "terms": a text model's heaviest words and word pairs */
static void put_model_terms(evm_buf *b, const evm_model_term *mt, size_t n, int *f)
{
	KEY(b, "terms", f);
	evm_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		int h = 1;
		evm_buf_puts(b, i ? ",{" : "{");
		KEY(b, "term", &h), put_str(b, mt[i].term);
		KEY(b, "weight", &h), put_real(b, mt[i].weight);
		evm_buf_putc(b, '}');
	}
	evm_buf_putc(b, ']');
}

static void put_competency(evm_buf *b, const evm_competency_match *m, const char *text, int compact)
{
	int f = 1;
	evm_buf_putc(b, '{');
	KEY(b, "framework", &f), put_str(b, evm_framework_id(m->framework));
	KEY(b, "competency", &f), put_str(b, m->competency->name);
	if (!compact) {
		KEY(b, "competency_id", &f), put_str(b, m->competency->id);
		if (*m->competency->cluster)
			KEY(b, "cluster", &f), put_str(b, m->competency->cluster);
	}
	KEY(b, "score", &f), put_real(b, m->score);
	if (!compact) {
		KEY(b, "evidence", &f), put_real(b, m->evidence);
		KEY(b, "typical", &f), put_real(b, m->typical);
	}
	KEY(b, "confidence", &f), put_real(b, m->confidence);
	KEY(b, "level", &f);
	if (m->level)
		put_str(b, m->level->id);
	else
		evm_buf_puts(b, "null");
	if (m->level && !compact) {
		KEY(b, "level_label", &f), put_str(b, m->level->label);
		KEY(b, "level_rank", &f), put_real(b, m->level_rank);
	}
	KEY(b, "polarity", &f), put_str(b, evm_polarity_name(m->polarity));
	if (compact) {
		if (m->nindicators) {
			const evm_indicator_match *im = &m->indicators[0];
			int g = 1;
			KEY(b, "indicator", &f), put_str(b, im->indicator->id);
			KEY(b, "evidence", &f);
			evm_buf_putc(b, '{');
			KEY(b, "start", &g), put_int(b, im->start);
			KEY(b, "end", &g), put_int(b, im->end);
			KEY(b, "text", &g), put_slice(b, text, im->start, im->end);
			evm_buf_putc(b, '}');
		}
		evm_buf_putc(b, '}');
		return;
	}
	KEY(b, "sentences", &f), put_int(b, m->sentences);
	KEY(b, "indicators", &f);
	evm_buf_putc(b, '[');
	for (size_t k = 0; k < m->nindicators; k++) {
		const evm_indicator_match *im = &m->indicators[k];
		int g = 1, h = 1;
		if (k)
			evm_buf_putc(b, ',');
		evm_buf_putc(b, '{');
		KEY(b, "id", &g), put_str(b, im->indicator->id);
		KEY(b, "text", &g), put_str(b, im->indicator->text);
		KEY(b, "polarity", &g), put_str(b, evm_polarity_name(im->indicator->polarity));
		if (im->indicator->level)
			KEY(b, "level", &g), put_str(b, im->indicator->level->id);
		KEY(b, "score", &g), put_real(b, im->score);
		KEY(b, "evidence", &g);
		evm_buf_putc(b, '{');
		KEY(b, "sentence", &h), put_int(b, im->sentence);
		KEY(b, "start", &h), put_int(b, im->start);
		KEY(b, "end", &h), put_int(b, im->end);
		KEY(b, "text", &h), put_slice(b, text, im->start, im->end);
		put_evidence_list(b, "terms", im->terms, im->nterms, text, &h);
		evm_buf_puts(b, "}}");
	}
	evm_buf_putc(b, ']');
	put_evidence_list(b, "cues", m->cues, m->ncues, text, &f);
	put_evidence_list(b, "class_terms", m->class_terms, m->nclass_terms, text, &f);
	if (m->model_p >= 0) {
		int g = 1;
		KEY(b, "model", &f);
		evm_buf_putc(b, '{');
		KEY(b, "p", &g), put_real(b, m->model_p);
		KEY(b, "factor", &g), put_real(b, m->model_factor);
		put_model_terms(b, m->model_terms, m->nmodel_terms, &g);
		evm_buf_putc(b, '}');
	}
	evm_buf_putc(b, '}');
}

/* The members of the result object, without its braces: a batch line puts
 * "line" and "id" in front of them. */
static void put_members(evm_buf *b, const evm_result *r, const char *text, const char *framework, int compact, int *f)
{
	KEY(b, "framework", f);
	if (framework)
		put_str(b, framework);
	else
		evm_buf_puts(b, "null");
	KEY(b, "polarity", f), put_str(b, evm_polarity_name(evm_result_polarity(r)));
	KEY(b, "words", f), put_int(b, (long long)evm_result_word_count(r));
	const evm_model_term *mt;
	size_t nmt;
	double mp = evm_result_polarity_model(r, &mt, &nmt);
	if (mp >= 0) { /* a note about someone: the model's reading, and why */
		int g = 1;
		KEY(b, "polarity_model", f);
		evm_buf_putc(b, '{');
		KEY(b, "shortfall", &g), put_real(b, mp);
		if (!compact)
			put_model_terms(b, mt, nmt, &g);
		evm_buf_putc(b, '}');
	}
	if (evm_result_invalid_bytes(r))
		KEY(b, "invalid_bytes", f), put_int(b, (long long)evm_result_invalid_bytes(r));
	if (!compact) {
		KEY(b, "sentences", f);
		evm_buf_putc(b, '[');
		for (size_t i = 0; i < evm_result_sentence_count(r); i++) {
			uint32_t a, e, ca, cb;
			evm_polarity p;
			int g = 1;
			evm_result_sentence(r, i, &a, &e, &p, &ca, &cb);
			if (i)
				evm_buf_putc(b, ',');
			evm_buf_putc(b, '{');
			KEY(b, "start", &g), put_int(b, a);
			KEY(b, "end", &g), put_int(b, e);
			KEY(b, "polarity", &g), put_str(b, evm_polarity_name(p));
			if (cb > ca)
				KEY(b, "polarity_cue", &g), put_slice(b, text, ca, cb);
			evm_buf_putc(b, '}');
		}
		evm_buf_putc(b, ']');
	}
	KEY(b, "competencies", f);
	evm_buf_putc(b, '[');
	for (size_t i = 0; i < evm_result_count(r); i++) {
		if (i)
			evm_buf_putc(b, ',');
		put_competency(b, evm_result_get(r, i), text, compact);
	}
	evm_buf_putc(b, ']');
}

char *evm_report_result_text(const evm_result *r, const char *text, const char *framework, int compact,
			     const char *prefix)
{
	evm_buf b = EVM_BUF_INIT;
	int f = 1;
	evm_buf_putc(&b, '{');
	if (prefix && *prefix) {
		evm_buf_puts(&b, prefix);
		f = 0;
	}
	put_members(&b, r, text, framework, compact, &f);
	evm_buf_putc(&b, '}');
	return evm_buf_detach(&b, NULL);
}

char *evm_result_to_json(const evm_result *r, const char *text, size_t len, const char *framework)
{
	(void)len;
	return evm_report_result_text(r, text, framework, 0, NULL);
}
