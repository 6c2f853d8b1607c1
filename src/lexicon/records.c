#include "records.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "../util/strutil.h"
#include "model.h"

typedef struct {
	evm_records *out;
	size_t cap_recs;
	evm_buf fields;  /* evm_field array of the open record */
	evm_buf items;   /* evm_item array of the open record */
	evm_buf pending; /* value of the last field or item, still growing */
	int pending_kind; /* 0 none, 1 field, 2 item */
	size_t open;     /* index+1 of the open record, 0 if none */
} rstate;

static int flush_pending(rstate *st)
{
	if (!st->pending_kind)
		return EVM_OK;
	char *v = evm_arena_strndup(&st->out->arena, st->pending.ptr ? st->pending.ptr : "",
				    st->pending.len);
	if (!v)
		return evm_err(EVM_ENOMEM, "out of memory");
	if (st->pending_kind == 1)
		((evm_field *)st->fields.ptr)[st->fields.len / sizeof(evm_field) - 1].value = v;
	else
		((evm_item *)st->items.ptr)[st->items.len / sizeof(evm_item) - 1].text = v;
	st->pending_kind = 0;
	evm_buf_clear(&st->pending);
	return EVM_OK;
}

static int close_record(rstate *st)
{
	if (flush_pending(st) < 0)
		return EVM_ENOMEM;
	if (!st->open)
		return EVM_OK;
	evm_record *r = &st->out->recs[st->open - 1];
	r->nfields = st->fields.len / sizeof(evm_field);
	r->nitems = st->items.len / sizeof(evm_item);
	if (r->nfields) {
		r->fields = evm_arena_alloc(&st->out->arena, st->fields.len);
		if (!r->fields)
			return evm_err(EVM_ENOMEM, "out of memory");
		memcpy(r->fields, st->fields.ptr, st->fields.len);
	}
	if (r->nitems) {
		r->items = evm_arena_alloc(&st->out->arena, st->items.len);
		if (!r->items)
			return evm_err(EVM_ENOMEM, "out of memory");
		memcpy(r->items, st->items.ptr, st->items.len);
	}
	evm_buf_clear(&st->fields);
	evm_buf_clear(&st->items);
	st->open = 0;
	return EVM_OK;
}

static int open_record(rstate *st, const char *sec, size_t slen, size_t line)
{
	evm_records *o = st->out;
	if (o->nrecs == st->cap_recs) {
		size_t cap = st->cap_recs ? st->cap_recs * 2 : 64;
		evm_record *p = realloc(o->recs, cap * sizeof *p);
		if (!p)
			return evm_err(EVM_ENOMEM, "out of memory");
		o->recs = p;
		st->cap_recs = cap;
	}
	evm_record *r = &o->recs[o->nrecs++];
	memset(r, 0, sizeof *r);
	r->section = evm_arena_strndup(&o->arena, sec, slen);
	r->line = line;
	if (!r->section)
		return evm_err(EVM_ENOMEM, "out of memory");
	st->open = o->nrecs;
	return EVM_OK;
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int parse_line(rstate *st, const char *magic, const char *s, size_t len, size_t line)
{
	const char *name = st->out->name;
	if (len && (s[0] == ' ' || s[0] == '\t')) {
		const char *t = s;
		size_t tl = len;
		evm_trim(&t, &tl);
		if (!tl)
			return EVM_OK;
		if (!st->pending_kind)
			return evm_err(EVM_EPARSE, "%s:%zu: indented line continues nothing", name, line);
		if (st->pending.len)
			evm_buf_putc(&st->pending, ' ');
		return evm_buf_put(&st->pending, t, tl) < 0 ? EVM_ENOMEM : EVM_OK;
	}
	const char *t = s;
	size_t tl = len;
	evm_trim(&t, &tl);
	if (!tl || t[0] == '#')
		return EVM_OK;
	if (!st->out->version) {
		size_t ml = strlen(magic);
		if (tl < ml + 2 || memcmp(t, magic, ml) != 0 || t[ml] != ' ')
			return evm_err(EVM_EPARSE, "%s:%zu: expected the header line '%s 1'", name, line,
				       magic);
		/* the buffer is not NUL-terminated: read the digits within the line */
		int v = 0;
		size_t k = ml + 1;
		while (k < tl && t[k] >= '0' && t[k] <= '9' && v < 1000)
			v = v * 10 + (t[k++] - '0');
		if (k != tl || v != 1)
			return evm_err(EVM_EPARSE, "%s:%zu: unsupported version '%.*s' (this build reads 1)",
				       name, line, (int)(tl - ml - 1), t + ml + 1);
		st->out->version = v;
		return EVM_OK;
	}
	if (flush_pending(st) < 0)
		return EVM_ENOMEM;
	if (t[0] == '[') {
		if (t[tl - 1] != ']' || tl < 3)
			return evm_err(EVM_EPARSE, "%s:%zu: malformed section header", name, line);
		for (size_t i = 1; i + 1 < tl; i++)
			if (!is_key_char(t[i]))
				return evm_err(EVM_EPARSE, "%s:%zu: bad character in section name", name, line);
		if (close_record(st) < 0)
			return EVM_ENOMEM;
		return open_record(st, t + 1, tl - 2, line);
	}
	if (!st->open)
		return evm_err(EVM_EPARSE, "%s:%zu: text before the first [section]", name, line);
	if (t[0] == '-' && (tl == 1 || t[1] == ' ')) {
		evm_item it = {NULL, line};
		if (evm_buf_put(&st->items, &it, sizeof it) < 0)
			return EVM_ENOMEM;
		const char *v = t + 1;
		size_t vl = tl - 1;
		evm_trim(&v, &vl);
		st->pending_kind = 2;
		return evm_buf_put(&st->pending, v, vl) < 0 ? EVM_ENOMEM : EVM_OK;
	}
	size_t k = 0;
	while (k < tl && is_key_char(t[k]))
		k++;
	if (k == 0 || k >= tl || t[k] != ':')
		return evm_err(EVM_EPARSE, "%s:%zu: expected 'key: value', '- item' or '[section]'", name,
			       line);
	evm_field *fs = (evm_field *)st->fields.ptr;
	size_t nf = st->fields.len / sizeof(evm_field);
	for (size_t i = 0; i < nf; i++)
		if (strlen(fs[i].key) == k && memcmp(fs[i].key, t, k) == 0)
			return evm_err(EVM_EPARSE, "%s:%zu: key '%.*s' given twice in one record", name,
				       line, (int)k, t);
	evm_field f = {evm_arena_strndup(&st->out->arena, t, k), NULL, line};
	if (!f.key || evm_buf_put(&st->fields, &f, sizeof f) < 0)
		return evm_err(EVM_ENOMEM, "out of memory");
	const char *v = t + k + 1;
	size_t vl = tl - k - 1;
	evm_trim(&v, &vl);
	st->pending_kind = 1;
	return evm_buf_put(&st->pending, v, vl) < 0 ? EVM_ENOMEM : EVM_OK;
}

int evm_records_parse(evm_records *out, const char *name, const char *magic, const char *data,
		      size_t len)
{
	memset(out, 0, sizeof *out);
	evm_arena_init(&out->arena);
	out->name = evm_arena_strdup(&out->arena, name);
	if (!out->name)
		return evm_err(EVM_ENOMEM, "out of memory");
	if (len > EVM_LEX_MAX_FILE)
		return evm_err(EVM_ELIMIT, "%s: larger than the %u-byte limit", name, EVM_LEX_MAX_FILE);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	rstate st = {out, 0, EVM_BUF_INIT, EVM_BUF_INIT, EVM_BUF_INIT, 0, 0};
	int rc = EVM_OK;
	size_t line = 0, pos = 0;
	while (pos < len && rc == EVM_OK) {
		line++;
		const char *s = data + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - s) : len - pos;
		pos += l + (nl ? 1 : 0);
		if (l && s[l - 1] == '\r')
			l--;
		if (memchr(s, '\0', l))
			rc = evm_err(EVM_EPARSE, "%s:%zu: NUL byte in text", name, line);
		else if (evm_utf8_valid_prefix(s, l) != l)
			rc = evm_err(EVM_EPARSE, "%s:%zu: invalid UTF-8 at byte %zu of the line", name, line,
				     evm_utf8_valid_prefix(s, l) + 1);
		else if (l > EVM_LEX_MAX_LINE)
			rc = evm_err(EVM_ELIMIT, "%s:%zu: line longer than %u bytes", name, line,
				     EVM_LEX_MAX_LINE);
		else
			rc = parse_line(&st, magic, s, l, line);
	}
	if (rc == EVM_OK)
		rc = close_record(&st);
	if (rc == EVM_OK && !out->version)
		rc = evm_err(EVM_EPARSE, "%s:%zu: empty file: expected the header line '%s 1'", name,
			     line ? line : 1, magic);
	evm_buf_free(&st.fields);
	evm_buf_free(&st.items);
	evm_buf_free(&st.pending);
	return rc;
}

void evm_records_free(evm_records *r)
{
	free(r->recs);
	r->recs = NULL;
	r->nrecs = 0;
	evm_arena_free(&r->arena);
}

const evm_field *evm_record_field(const evm_record *r, const char *key)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (*r->fields[i].key == *key && strcmp(r->fields[i].key, key) == 0)
			return &r->fields[i];
	return NULL;
}
