/* Seed texts as numbered lines, and the clean-ups every framework needs. */
#ifndef EVM_IMPORT_SEEDTEXT_H
#define EVM_IMPORT_SEEDTEXT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

#include "util/buf.h"

typedef struct {
	const char *name; /* base name, used in provenance "name:line" */
	char **lines;     /* lines[0] is line 1; no '\n' or '\r' */
	size_t n;
	char *data;
} seed_text;

int seed_load(seed_text *t, const char *dir, const char *name);
void seed_free(seed_text *t);

/* Collapses runs of white space to one space, trims, drops markup the
 * extraction left behind (<b>, <u>, **, Word bookmark tags). */
void clean_text(evm_buf *out, const char *s, size_t len);
/* Same into a malloc'd string. */
char *clean_dup(const char *s);
/* True if the line is empty after cleaning. */
int blank_line(const char *s);

/* pcre2 helpers: compiled once, UTF mode. */
pcre2_code *rx(const char *pattern);
/* Matches s; on success copies up to ncap capture groups (malloc'd, "" for
 * unset) into caps and returns 1; 0 on no match. */
int rx_match(pcre2_code *re, const char *s, char **caps, int ncap);
void rx_free_caps(char **caps, int ncap);

/* Splits a paragraph into sentences at ". " before a capital letter. */
size_t split_sentences(const char *para, char ***out);
void free_strings(char **v, size_t n);

#endif
