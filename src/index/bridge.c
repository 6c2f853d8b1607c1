#include "bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/builtin.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/lines.h"
#include "util/strutil.h"

void evm_bridge_init(evm_bridge *b)
{
	memset(b, 0, sizeof *b);
	evm_arena_init(&b->arena);
}

void evm_bridge_free(evm_bridge *b)
{
	evm_vec_free(&b->thes);
	evm_vec_free(&b->cues);
	evm_vec_free(&b->seniority);
	evm_vec_free(&b->xwalk);
	evm_vec_free(&b->xwalk_own_cues);
	evm_vec_free(&b->typical);
	evm_arena_free(&b->arena);
}

/* Calls fn for each non-comment line after the magic line, with its number. */
typedef int (*line_fn)(evm_bridge *b, const char *name, size_t ln, const char *s, size_t len, void *ctx);

static int each_line(evm_bridge *b, const char *name, const char *magic, const char *data, size_t len, line_fn fn,
		     void *ctx)
{
	evm_lines it;
	evm_lines_init(&it, name, magic, data, len);
	const char *s;
	size_t l;
	int rc;
	while ((rc = evm_lines_next(&it, &s, &l)) > 0)
		if ((rc = fn(b, name, it.line, s, l, ctx)) < 0)
			return rc;
	return rc;
}

static char *src_of(evm_bridge *b, const char *name, size_t ln)
{
	/* once per line of every bridge file at each index build: no printf */
	char num[24];
	size_t k = sizeof num;
	do
		num[--k] = (char)('0' + ln % 10);
	while ((ln /= 10) && k);
	size_t nl = strlen(name), dl = sizeof num - k;
	char *o = evm_arena_alloc(&b->arena, nl + 1 + dl + 1);
	if (!o)
		return NULL;
	memcpy(o, name, nl);
	o[nl] = ':';
	memcpy(o + nl + 1, num + k, dl);
	o[nl + 1 + dl] = '\0';
	return o;
}

/* Lower-cased, white space squeezed copy of s[0..len). */
static char *norm_phrase(evm_bridge *b, const char *s, size_t len)
{
	char *o = evm_arena_alloc(&b->arena, len + 1); /* never longer than s */
	if (!o)
		return NULL;
	size_t n = 0;
	int sp = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t') {
			sp = 1;
			continue;
		}
		if (sp && n)
			o[n++] = ' ';
		sp = 0;
		o[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	o[n] = '\0';
	return o;
}

/* "[0.4]" at the end of a line: the weight, with the rest trimmed off. */
/* The next comma-separated item of [*p, end), trimmed; 0 when none is left. */
static int next_item(const char **p, const char *end, const char **t, size_t *tl)
{
	while (*p < end) {
		const char *cm = memchr(*p, ',', (size_t)(end - *p));
		const char *e = cm ? cm : end;
		*t = *p;
		*tl = (size_t)(e - *p);
		*p = e + 1;
		evm_trim(t, tl);
		if (*tl)
			return 1;
	}
	return 0;
}

/* A trailing "[w]" of s: *w is it, or dflt without one; *len loses it. */
static int take_weight(const char *name, size_t ln, const char *s, size_t *len, float *w, float dflt)
{
	*w = dflt;
	if (!*len || s[*len - 1] != ']')
		return EVM_OK;
	const char *open = NULL;
	for (size_t i = *len; i-- > 0;)
		if (s[i] == '[') {
			open = s + i;
			break;
		}
	if (!open)
		return evm_err(EVM_EPARSE, "%s:%zu: ']' without '['", name, ln);
	char num[32];
	size_t nl = (size_t)(s + *len - 1 - open - 1);
	if (nl == 0 || nl >= sizeof num)
		return evm_err(EVM_EPARSE, "%s:%zu: bad weight", name, ln);
	memcpy(num, open + 1, nl);
	num[nl] = '\0';
	char *end;
	double v = strtod(num, &end);
	if (*end || !(v > 0 && v <= 1)) /* so written, NaN fails too */
		return evm_err(EVM_EPARSE, "%s:%zu: weight '%s' is not a number in (0, 1]", name, ln, num);
	*w = (float)v;
	*len = (size_t)(open - s);
	evm_trim(&s, len);
	return EVM_OK;
}

static int thes_line(evm_bridge *b, const char *name, size_t ln, const char *s, size_t len, void *ctx)
{
	(void)ctx;
	float w;
	int rc = take_weight(name, ln, s, &len, &w, 0.6f);
	if (rc < 0)
		return rc;
	const char *arrow = NULL;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '=' && s[i + 1] == '>') {
			arrow = s + i;
			break;
		}
	if (!arrow)
		return evm_err(EVM_EPARSE, "%s:%zu: expected 'phrase, phrase => words'", name, ln);
	const char *rhs = arrow + 2;
	size_t rl = (size_t)(s + len - rhs);
	evm_trim(&rhs, &rl);
	if (!rl)
		return evm_err(EVM_EPARSE, "%s:%zu: nothing after '=>'", name, ln);
	char *means = norm_phrase(b, rhs, rl);
	char *source = src_of(b, name, ln);
	const char *p = s, *t;
	size_t tl;
	int n = 0;
	while (next_item(&p, arrow, &t, &tl)) {
		evm_thes_entry *en = evm_arena_alloc(&b->arena, sizeof *en);
		if (!en || !means || !source)
			return evm_err(EVM_ENOMEM, "out of memory");
		en->phrase = norm_phrase(b, t, tl);
		if (!en->phrase)
			return evm_err(EVM_ENOMEM, "out of memory");
		en->means = means;
		en->weight = w;
		en->source = source;
		if (evm_vec_push(&b->thes, en) < 0)
			return EVM_ENOMEM;
		n++;
	}
	if (!n)
		return evm_err(EVM_EPARSE, "%s:%zu: no phrase before '=>'", name, ln);
	return EVM_OK;
}

int evm_bridge_parse_thesaurus(evm_bridge *b, const char *name, const char *data, size_t len)
{
	return each_line(b, name, "evmatch-thesaurus", data, len, thes_line, NULL);
}

static int cue_line(evm_bridge *b, const char *name, size_t ln, const char *s, size_t len, void *ctx)
{
	const char **fw = ctx;
	if (len > 10 && memcmp(s, "framework:", 10) == 0) {
		const char *v = s + 10;
		size_t vl = len - 10;
		evm_trim(&v, &vl);
		*fw = evm_arena_strndup(&b->arena, v, vl);
		return *fw ? EVM_OK : EVM_ENOMEM;
	}
	if (!*fw)
		return evm_err(EVM_EPARSE, "%s:%zu: cues before the 'framework:' line", name, ln);
	const char *colon = memchr(s, ':', len);
	if (!colon)
		return evm_err(EVM_EPARSE, "%s:%zu: expected 'Competency: cue, cue, ...'", name, ln);
	const char *c = s;
	size_t cl = (size_t)(colon - s);
	evm_trim(&c, &cl);
	char *comp = evm_arena_strndup(&b->arena, c, cl);
	char *source = src_of(b, name, ln);
	const char *p = colon + 1, *t;
	size_t tl;
	while (next_item(&p, s + len, &t, &tl)) {
		float w;
		int rc = take_weight(name, ln, t, &tl, &w, 1.0f); /* cues default to full weight */
		if (rc < 0)
			return rc;
		evm_cue_entry *en = evm_arena_alloc(&b->arena, sizeof *en);
		if (!en || !comp || !source)
			return evm_err(EVM_ENOMEM, "out of memory");
		en->framework = *fw;
		en->competency = comp;
		en->phrase = norm_phrase(b, t, tl);
		if (!en->phrase)
			return evm_err(EVM_ENOMEM, "out of memory");
		en->weight = w;
		en->source = source;
		if (evm_vec_push(&b->cues, en) < 0)
			return EVM_ENOMEM;
	}
	return EVM_OK;
}

int evm_bridge_parse_cues(evm_bridge *b, const char *name, const char *data, size_t len)
{
	const char *fw = NULL;
	return each_line(b, name, "evmatch-cues", data, len, cue_line, &fw);
}

/* "phrase, phrase => 0.7" */
static int seniority_line(evm_bridge *b, const char *name, size_t ln, const char *s, size_t len, void *ctx)
{
	(void)ctx;
	const char *arrow = NULL;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '=' && s[i + 1] == '>')
			arrow = s + i;
	if (!arrow)
		return evm_err(EVM_EPARSE, "%s:%zu: expected 'phrase, phrase => seniority'", name, ln);
	char num[32];
	const char *v = arrow + 2;
	size_t vl = (size_t)(s + len - v);
	evm_trim(&v, &vl);
	if (!vl || vl >= sizeof num)
		return evm_err(EVM_EPARSE, "%s:%zu: bad seniority value", name, ln);
	memcpy(num, v, vl);
	num[vl] = '\0';
	char *end;
	double x = strtod(num, &end);
	if (*end || !(x >= 0 && x <= 1)) /* so written, NaN fails too */
		return evm_err(EVM_EPARSE, "%s:%zu: seniority '%s' is not a number in [0, 1]", name, ln, num);
	char *source = src_of(b, name, ln);
	const char *p = s, *t;
	size_t tl;
	while (next_item(&p, arrow, &t, &tl)) {
		evm_seniority_entry *en = evm_arena_alloc(&b->arena, sizeof *en);
		if (!en || !source)
			return evm_err(EVM_ENOMEM, "out of memory");
		en->phrase = norm_phrase(b, t, tl);
		if (!en->phrase)
			return evm_err(EVM_ENOMEM, "out of memory");
		en->seniority = (float)x;
		en->source = source;
		if (evm_vec_push(&b->seniority, en) < 0)
			return EVM_ENOMEM;
	}
	return EVM_OK;
}

int evm_bridge_parse_seniority(evm_bridge *b, const char *name, const char *data, size_t len)
{
	return each_line(b, name, "evmatch-seniority", data, len, seniority_line, NULL);
}

/* "label: framework/Competency, framework/Competency [0.5], ...", or
 * "own-cues-only: framework, ...". */
#define OWN_CUES "own-cues-only"
static int xwalk_line(evm_bridge *b, const char *name, size_t ln, const char *s, size_t len, void *ctx)
{
	(void)ctx;
	const char *colon = memchr(s, ':', len);
	if (!colon)
		return evm_err(EVM_EPARSE, "%s:%zu: expected 'label: framework/Competency, framework/Competency, ...'", name,
			       ln);
	const char *p = colon + 1, *t;
	size_t tl;
	if ((size_t)(colon - s) == strlen(OWN_CUES) && !memcmp(s, OWN_CUES, strlen(OWN_CUES))) {
		while (next_item(&p, s + len, &t, &tl)) {
			if (memchr(t, '/', tl) || memchr(t, '[', tl))
				return evm_err(EVM_EPARSE, "%s:%zu: '%s:' lists framework ids, not '%.*s'", name, ln, OWN_CUES,
					       (int)tl, t);
			char *fw = evm_arena_strndup(&b->arena, t, tl);
			if (!fw || evm_vec_push(&b->xwalk_own_cues, fw) < 0)
				return evm_err(EVM_ENOMEM, "out of memory");
		}
		return EVM_OK;
	}
	char *source = src_of(b, name, ln);
	uint32_t group = b->ngroups++, members = 0;
	while (next_item(&p, s + len, &t, &tl)) {
		float w;
		int rc = take_weight(name, ln, t, &tl, &w, 1.0f);
		if (rc < 0)
			return rc;
		const char *slash = memchr(t, '/', tl);
		if (!slash || slash == t || slash == t + tl - 1)
			return evm_err(EVM_EPARSE, "%s:%zu: member '%.*s' is not framework/Competency", name, ln, (int)tl, t);
		evm_xwalk_entry *en = evm_arena_alloc(&b->arena, sizeof *en);
		if (!en || !source)
			return evm_err(EVM_ENOMEM, "out of memory");
		en->framework = evm_arena_strndup(&b->arena, t, (size_t)(slash - t));
		en->competency = evm_arena_strndup(&b->arena, slash + 1, (size_t)(t + tl - slash - 1));
		en->group = group;
		en->weight = w;
		en->source = source;
		if (!en->framework || !en->competency || evm_vec_push(&b->xwalk, en) < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
		members++;
	}
	if (members < 2)
		return evm_err(EVM_EPARSE, "%s:%zu: a group needs two or more members", name, ln);
	return EVM_OK;
}

int evm_bridge_parse_crosswalk(evm_bridge *b, const char *name, const char *data, size_t len)
{
	return each_line(b, name, "evmatch-crosswalk", data, len, xwalk_line, NULL);
}

/* "value framework/Competency": the value first, since a competency's name
 * may hold any character but a line end. */
static int typical_line(evm_bridge *b, const char *name, size_t ln, const char *s, size_t len, void *ctx)
{
	(void)ctx;
	size_t k = 0;
	while (k < len && s[k] != ' ' && s[k] != '\t')
		k++;
	char num[32];
	if (!k || k >= sizeof num)
		return evm_err(EVM_EPARSE, "%s:%zu: expected 'value framework/Competency'", name, ln);
	memcpy(num, s, k);
	num[k] = '\0';
	char *end;
	double v = strtod(num, &end);
	if (*end || !(v > 0) || v > 1e9)
		return evm_err(EVM_EPARSE, "%s:%zu: typical evidence '%s' is not a number above 0", name, ln, num);
	const char *t = s + k;
	size_t tl = len - k;
	evm_trim(&t, &tl);
	const char *slash = tl ? memchr(t, '/', tl) : NULL;
	if (!slash || slash == t || slash == t + tl - 1)
		return evm_err(EVM_EPARSE, "%s:%zu: expected 'value framework/Competency'", name, ln);
	evm_typical_entry *en = evm_arena_alloc(&b->arena, sizeof *en);
	char *source = src_of(b, name, ln);
	if (!en || !source)
		return evm_err(EVM_ENOMEM, "out of memory");
	en->framework = evm_arena_strndup(&b->arena, t, (size_t)(slash - t));
	en->competency = evm_arena_strndup(&b->arena, slash + 1, (size_t)(t + tl - slash - 1));
	en->value = v;
	en->source = source;
	if (!en->framework || !en->competency || evm_vec_push(&b->typical, en) < 0)
		return evm_err(EVM_ENOMEM, "out of memory");
	return EVM_OK;
}

int evm_bridge_parse_typical(evm_bridge *b, const char *name, const char *data, size_t len)
{
	return each_line(b, name, "evmatch-typical", data, len, typical_line, NULL);
}

int evm_bridge_load_builtin(evm_bridge *b)
{
	for (const evm_builtin_file *f = evm_builtin_files; f->name; f++) {
		size_t n = strlen(f->name);
		char name[300];
		snprintf(name, sizeof name, "<builtin>/%s", f->name);
		int rc = EVM_OK;
		if (strcmp(f->name, "thesaurus.txt") == 0)
			rc = evm_bridge_parse_thesaurus(b, name, f->data, f->len);
		else if (strcmp(f->name, "seniority.txt") == 0)
			rc = evm_bridge_parse_seniority(b, name, f->data, f->len);
		else if (strcmp(f->name, "crosswalk.txt") == 0)
			rc = evm_bridge_parse_crosswalk(b, name, f->data, f->len);
		else if (strcmp(f->name, "typical.txt") == 0)
			rc = evm_bridge_parse_typical(b, name, f->data, f->len);
		else if (n > 5 && strcmp(f->name + n - 5, ".cues") == 0)
			rc = evm_bridge_parse_cues(b, name, f->data, f->len);
		if (rc < 0)
			return rc;
	}
	return EVM_OK;
}
