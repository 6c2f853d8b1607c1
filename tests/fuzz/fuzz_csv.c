/* The CSV reader: any bytes give records or clear errors, and the reader
 * always reaches the end of the input. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/records_in.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)(size ? data : (const uint8_t *)""), size ? size : 1, "rb");
	if (!f)
		return 0;
	rec_reader r;
	memset(&r, 0, sizeof r);
	r.f = f;
	r.max = 4096;
	char err[128];
	if (rec_csv_header(&r, err, sizeof err) == REC_OK) {
		size_t guard = 0;
		for (;;) {
			char **fields;
			size_t n;
			int st = rec_csv_next(&r, &fields, &n);
			if (st == REC_EOF)
				break;
			rec_free_fields(fields, n);
			if (++guard > size + 2)
				abort(); /* more records than bytes: the reader is not advancing */
		}
	}
	rec_reader_free(&r);
	fclose(f);
	return 0;
}
