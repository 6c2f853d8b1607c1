/* Streaming record readers for batch input: JSON Lines and CSV (RFC 4180,
 * quoted fields with embedded newlines). Memory is bounded: a record longer
 * than the limit is skipped to its end and reported, never read whole. */
#ifndef EVM_CLI_RECORDS_IN_H
#define EVM_CLI_RECORDS_IN_H

#include <stdio.h>

#include "util/buf.h"

typedef struct {
	FILE *f;
	size_t max;     /* longest record accepted, in bytes */
	size_t line;    /* line number where the current record starts (1-based) */
	size_t next_line;
	int eof;
	size_t bytes;   /* bytes read so far */
	/* CSV */
	int csv;
	char **header;
	size_t ncols;
} rec_reader;

enum { REC_OK = 0, REC_EOF = 1, REC_TOO_LONG = 2, REC_BAD = 3, REC_IO = 4 };

/* JSON Lines: the next line into out (without its newline). */
int rec_next_line(rec_reader *r, evm_buf *out);
/* CSV: reads the header row. */
int rec_csv_header(rec_reader *r, char *err, size_t errlen);
/* CSV: the next record's fields (malloc'd, free with rec_free_fields). An
 * unbalanced quote that runs to the end of input gives REC_BAD. */
int rec_csv_next(rec_reader *r, char ***fields, size_t *n);
void rec_free_fields(char **fields, size_t n);
void rec_reader_free(rec_reader *r);

#endif
