/* getc_unlocked and flockfile are POSIX */
#define _POSIX_C_SOURCE 200809L
#include "records_in.h"

#include <stdlib.h>
#include <string.h>

int rec_next_line(rec_reader *r, evm_buf *out)
{
	evm_buf_clear(out);
	if (r->eof)
		return REC_EOF;
	r->line = r->next_line ? r->next_line : 1;
	int c, too_long = 0, any = 0;
	/* one lock for the line, not one per byte: the reader is the only user
	 * of the stream while it reads */
	flockfile(r->f);
	while ((c = getc_unlocked(r->f)) != EOF) {
		any = 1;
		r->bytes++;
		if (c == '\n')
			break;
		if (too_long)
			continue;
		if (out->len >= r->max) {
			too_long = 1;
			continue;
		}
		evm_buf_putc(out, (char)c);
	}
	funlockfile(r->f);
	r->next_line = r->line + 1;
	if (c == EOF) {
		r->eof = 1;
		if (ferror(r->f))
			return REC_IO;
		if (!any)
			return REC_EOF;
	}
	if (out->len && out->ptr[out->len - 1] == '\r')
		out->ptr[--out->len] = '\0';
	return too_long ? REC_TOO_LONG : REC_OK;
}

/* One CSV record: fields split on commas outside quotes; "" is a quote. */
static int csv_record(rec_reader *r, char ***fields, size_t *n)
{
	*fields = NULL;
	*n = 0;
	if (r->eof)
		return REC_EOF;
	r->line = r->next_line ? r->next_line : 1;
	size_t cap = 8, nf = 0, size = 0;
	char **f = malloc(cap * sizeof *f);
	evm_buf cur = EVM_BUF_INIT;
	int inq = 0, c, any = 0, too_long = 0, field_started = 0;
	size_t lines = 0;
	for (;;) {
		c = getc(r->f);
		if (c == EOF)
			break;
		any = 1;
		r->bytes++;
		if (inq) {
			if (c == '"') {
				int d = getc(r->f);
				if (d == '"') {
					r->bytes++;
					if (!too_long)
						evm_buf_putc(&cur, '"');
				} else {
					inq = 0;
					if (d != EOF)
						ungetc(d, r->f);
				}
			} else {
				if (c == '\n')
					lines++;
				if (!too_long)
					evm_buf_putc(&cur, (char)c);
			}
		} else if (c == '"' && !field_started) {
			inq = 1;
			field_started = 1;
		} else if (c == ',' || c == '\n') {
			if (nf == cap) {
				cap *= 2;
				f = realloc(f, cap * sizeof *f);
			}
			if (cur.len && cur.ptr[cur.len - 1] == '\r' && c == '\n')
				cur.ptr[--cur.len] = '\0';
			f[nf++] = evm_buf_detach(&cur, NULL);
			field_started = 0;
			if (c == '\n') {
				lines++;
				break;
			}
		} else {
			field_started = 1;
			if (!too_long)
				evm_buf_putc(&cur, (char)c);
		}
		if (++size > r->max)
			too_long = 1;
	}
	r->next_line = r->line + lines + (c == EOF && any ? 0 : 0);
	if (c == EOF) {
		r->eof = 1;
		if (!any) {
			evm_buf_free(&cur);
			free(f);
			return REC_EOF;
		}
		if (nf == cap) {
			cap *= 2;
			f = realloc(f, cap * sizeof *f);
		}
		f[nf++] = evm_buf_detach(&cur, NULL);
		r->next_line = r->line + lines + 1;
	}
	evm_buf_free(&cur);
	*fields = f;
	*n = nf;
	if (inq)
		return REC_BAD;
	return too_long ? REC_TOO_LONG : REC_OK;
}

int rec_csv_header(rec_reader *r, char *err, size_t errlen)
{
	int rc = csv_record(r, &r->header, &r->ncols);
	if (rc == REC_EOF) {
		snprintf(err, errlen, "empty input: a CSV file needs a header row");
		return rc;
	}
	if (rc != REC_OK) {
		snprintf(err, errlen, "line 1: unreadable header row");
		return rc;
	}
	return REC_OK;
}

int rec_csv_next(rec_reader *r, char ***fields, size_t *n)
{
	/* skip blank lines between records */
	for (;;) {
		int rc = csv_record(r, fields, n);
		if (rc == REC_OK && *n == 1 && !(*fields)[0][0]) {
			rec_free_fields(*fields, *n);
			continue;
		}
		return rc;
	}
}

void rec_free_fields(char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fields[i]);
	free(fields);
}

void rec_reader_free(rec_reader *r)
{
	if (r->header)
		rec_free_fields(r->header, r->ncols);
	r->header = NULL;
}
