#include "seedtext.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/fileio.h"
#include "util/vec.h"

int seed_load(seed_text *t, const char *dir, const char *name)
{
	memset(t, 0, sizeof *t);
	evm_buf path = EVM_BUF_INIT;
	evm_buf_printf(&path, "%s/%s", dir, name);
	size_t len;
	int rc = evm_read_file(path.ptr, 16u << 20, &t->data, &len);
	evm_buf_free(&path);
	if (rc < 0)
		return rc;
	t->name = name;
	size_t cap = 1;
	for (size_t i = 0; i < len; i++)
		cap += t->data[i] == '\n';
	t->lines = calloc(cap, sizeof *t->lines);
	if (!t->lines)
		return evm_err(EVM_ENOMEM, "out of memory");
	char *p = t->data, *end = t->data + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end;
		*e = '\0';
		if (e > p && e[-1] == '\r')
			e[-1] = '\0';
		t->lines[t->n++] = p;
		p = e + 1;
	}
	return EVM_OK;
}

void seed_free(seed_text *t)
{
	free(t->lines);
	free(t->data);
	memset(t, 0, sizeof *t);
}

static int starts(const char *s, const char *end, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(end - s) >= n && memcmp(s, lit, n) == 0;
}

void clean_text(evm_buf *out, const char *s, size_t len)
{
	const char *end = s + len;
	int space = 0;
	size_t start = out->len;
	while (s < end) {
		if (starts(s, end, "<b>") || starts(s, end, "<u>")) {
			s += 3;
			continue;
		}
		if (starts(s, end, "</b>") || starts(s, end, "</u>")) {
			s += 4;
			continue;
		}
		if (starts(s, end, "**")) {
			s += 2;
			continue;
		}
		if (starts(s, end, "[bookmark:")) {
			const char *close = memchr(s, ']', (size_t)(end - s));
			if (close) {
				s = close + 1;
				continue;
			}
		}
		unsigned char c = (unsigned char)*s;
		if (isspace(c)) {
			space = 1;
			s++;
			continue;
		}
		if (space && out->len > start)
			evm_buf_putc(out, ' ');
		space = 0;
		evm_buf_putc(out, (char)c);
		s++;
	}
}

char *clean_dup(const char *s)
{
	evm_buf b = EVM_BUF_INIT;
	clean_text(&b, s, strlen(s));
	return evm_buf_detach(&b, NULL);
}

int blank_line(const char *s)
{
	char *c = clean_dup(s);
	int blank = !c || !*c;
	free(c);
	return blank;
}

pcre2_code *rx(const char *pattern)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof msg);
		fprintf(stderr, "evmatch-import: bad pattern '%s' at %zu: %s\n", pattern, (size_t)off, msg);
		abort(); /* a programming error in this tool, not bad input */
	}
	return re;
}

int rx_match(pcre2_code *re, const char *s, char **caps, int ncap)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
	if (rc < 0) {
		pcre2_match_data_free(md);
		return 0;
	}
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	for (int i = 0; i < ncap; i++) {
		int g = i + 1;
		if (g < rc && ov[2 * g] != PCRE2_UNSET)
			caps[i] = strndup(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
		else
			caps[i] = strdup("");
	}
	pcre2_match_data_free(md);
	return 1;
}

void rx_free_caps(char **caps, int ncap)
{
	for (int i = 0; i < ncap; i++) {
		free(caps[i]);
		caps[i] = NULL;
	}
}

size_t split_sentences(const char *para, char ***out)
{
	evm_vec v = EVM_VEC_INIT;
	const char *s = para;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		const char *e = s;
		while (*e) {
			if ((e[0] == '.' || e[0] == '!' || e[0] == '?') && e[1] == ' ' && isupper((unsigned char)e[2]))
				break;
			e++;
		}
		size_t n = (size_t)(e - s) + (*e ? 1 : 0);
		evm_vec_push(&v, strndup(s, n));
		s = *e ? e + 1 : e;
	}
	*out = (char **)v.items;
	return v.len;
}

void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
