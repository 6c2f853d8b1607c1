/* The match result as JSON text, written straight into a buffer. A batch
 * run renders a result of some twenty kilobytes per record; building it as a
 * jansson tree first cost twice the matching itself. The bytes are those
 * jansson's compact, order-preserving dump would give for the same schema
 * (README "JSON output"), so every front end still speaks one format. */
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
	int n = snprintf(num, sizeof num, "%.17g", v);
	if (n <= 0 || (size_t)n >= sizeof num) {
		evm_buf_puts(b, "0.0");
		return;
	}
	evm_buf_put(b, num, (size_t)n);
	if (!strpbrk(num, ".eEn")) /* n: nan/inf, which JSON cannot carry anyway */
		evm_buf_puts(b, ".0");
}

static void put_int(evm_buf *b, long long v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", v);
	evm_buf_put(b, num, (size_t)n);
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

static void put_evidence(evm_buf *b, const evm_evidence *e, const char *text)
{
	int f = 1;
	evm_buf_putc(b, '{');
	key(b, "term", &f), put_str(b, e->term);
	key(b, "via", &f), put_str(b, evm_via_name(e->via));
	if (*e->rule)
		key(b, "rule", &f), put_str(b, e->rule);
	if (*e->rule_source)
		key(b, "rule_source", &f), put_str(b, e->rule_source);
	key(b, "start", &f), put_int(b, e->start);
	key(b, "end", &f), put_int(b, e->end);
	key(b, "text", &f), put_slice(b, text, e->start, e->end);
	key(b, "weight", &f), put_real(b, e->weight);
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

static void put_competency(evm_buf *b, const evm_competency_match *m, const char *text, int compact)
{
	int f = 1;
	evm_buf_putc(b, '{');
	key(b, "framework", &f), put_str(b, evm_framework_id(m->framework));
	key(b, "competency", &f), put_str(b, m->competency->name);
	if (!compact) {
		key(b, "competency_id", &f), put_str(b, m->competency->id);
		if (*m->competency->cluster)
			key(b, "cluster", &f), put_str(b, m->competency->cluster);
	}
	key(b, "score", &f), put_real(b, m->score);
	key(b, "confidence", &f), put_real(b, m->confidence);
	key(b, "level", &f);
	if (m->level)
		put_str(b, m->level->id);
	else
		evm_buf_puts(b, "null");
	if (m->level && !compact) {
		key(b, "level_label", &f), put_str(b, m->level->label);
		key(b, "level_rank", &f), put_real(b, m->level_rank);
	}
	key(b, "polarity", &f), put_str(b, evm_polarity_name(m->polarity));
	if (compact) {
		if (m->nindicators) {
			const evm_indicator_match *im = &m->indicators[0];
			int g = 1;
			key(b, "indicator", &f), put_str(b, im->indicator->id);
			key(b, "evidence", &f);
			evm_buf_putc(b, '{');
			key(b, "start", &g), put_int(b, im->start);
			key(b, "end", &g), put_int(b, im->end);
			key(b, "text", &g), put_slice(b, text, im->start, im->end);
			evm_buf_putc(b, '}');
		}
		evm_buf_putc(b, '}');
		return;
	}
	key(b, "sentences", &f), put_int(b, m->sentences);
	key(b, "indicators", &f);
	evm_buf_putc(b, '[');
	for (size_t k = 0; k < m->nindicators; k++) {
		const evm_indicator_match *im = &m->indicators[k];
		int g = 1, h = 1;
		if (k)
			evm_buf_putc(b, ',');
		evm_buf_putc(b, '{');
		key(b, "id", &g), put_str(b, im->indicator->id);
		key(b, "text", &g), put_str(b, im->indicator->text);
		key(b, "polarity", &g), put_str(b, evm_polarity_name(im->indicator->polarity));
		if (im->indicator->level)
			key(b, "level", &g), put_str(b, im->indicator->level->id);
		key(b, "score", &g), put_real(b, im->score);
		key(b, "evidence", &g);
		evm_buf_putc(b, '{');
		key(b, "sentence", &h), put_int(b, im->sentence);
		key(b, "start", &h), put_int(b, im->start);
		key(b, "end", &h), put_int(b, im->end);
		key(b, "text", &h), put_slice(b, text, im->start, im->end);
		put_evidence_list(b, "terms", im->terms, im->nterms, text, &h);
		evm_buf_puts(b, "}}");
	}
	evm_buf_putc(b, ']');
	put_evidence_list(b, "cues", m->cues, m->ncues, text, &f);
	put_evidence_list(b, "class_terms", m->class_terms, m->nclass_terms, text, &f);
	evm_buf_putc(b, '}');
}

/* The members of the result object, without its braces: a batch line puts
 * "line" and "id" in front of them. */
static void put_members(evm_buf *b, const evm_result *r, const char *text, const char *framework, int compact, int *f)
{
	key(b, "framework", f);
	if (framework)
		put_str(b, framework);
	else
		evm_buf_puts(b, "null");
	key(b, "polarity", f), put_str(b, evm_polarity_name(evm_result_polarity(r)));
	key(b, "words", f), put_int(b, (long long)evm_result_word_count(r));
	if (evm_result_invalid_bytes(r))
		key(b, "invalid_bytes", f), put_int(b, (long long)evm_result_invalid_bytes(r));
	if (!compact) {
		key(b, "sentences", f);
		evm_buf_putc(b, '[');
		for (size_t i = 0; i < evm_result_sentence_count(r); i++) {
			uint32_t a, e, ca, cb;
			evm_polarity p;
			int g = 1;
			evm_result_sentence(r, i, &a, &e, &p, &ca, &cb);
			if (i)
				evm_buf_putc(b, ',');
			evm_buf_putc(b, '{');
			key(b, "start", &g), put_int(b, a);
			key(b, "end", &g), put_int(b, e);
			key(b, "polarity", &g), put_str(b, evm_polarity_name(p));
			if (cb > ca)
				key(b, "polarity_cue", &g), put_slice(b, text, ca, cb);
			evm_buf_putc(b, '}');
		}
		evm_buf_putc(b, ']');
	}
	key(b, "competencies", f);
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
