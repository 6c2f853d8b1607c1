/* The line-oriented text files of the lexicon (thesaurus, cues, polarity
 * patterns, the polarity model...): "MAGIC 1" as the first line that says
 * anything, '#' comments and blank lines skipped, no NUL byte and valid
 * UTF-8 on every line, an optional BOM. */
#ifndef EVM_UTIL_LINES_H
#define EVM_UTIL_LINES_H

#include <stddef.h>

typedef struct {
	const char *name, *magic, *data;
	size_t len, pos;
	size_t line; /* of the line last returned, from 1 */
	int seen_magic;
} evm_lines;

void evm_lines_init(evm_lines *it, const char *name, const char *magic, const char *data, size_t len);
/* The next line after the header that says anything, trimmed: 1 with *s and
 * *n set, 0 at the end, or a negative error naming name:line (a NUL byte,
 * invalid UTF-8, a missing or wrong header, an empty file). */
int evm_lines_next(evm_lines *it, const char **s, size_t *n);

#endif
