/* util/: buffers, arena, hash map, slugs, UTF-8 validation, directory lists. */
#include <stdlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/strmap.h"
#include "util/lines.h"
#include "util/strutil.h"

static void test_buf(void)
{
	evm_buf b = EVM_BUF_INIT;
	char *empty = evm_buf_detach(&b, NULL);
	CHECK(empty && empty[0] == '\0'); /* an empty detach is a valid string */
	free(empty);
	evm_buf_puts(&b, "abc");
	evm_buf_printf(&b, "-%d-%s", 42, "x");
	CHECK_STR(b.ptr, "abc-42-x");
	CHECK_INT(b.len, 8);
	for (int i = 0; i < 10000; i++)
		evm_buf_putc(&b, 'z');
	CHECK_INT(b.len, 10008);
	CHECK(b.ptr[b.len] == '\0');
	evm_buf_clear(&b);
	CHECK_STR(b.ptr, "");
	evm_buf_free(&b);
}

static void test_arena(void)
{
	evm_arena a;
	evm_arena_init(&a);
	char *big = evm_arena_alloc(&a, 200000); /* larger than one block */
	CHECK(big != NULL);
	memset(big, 'x', 200000);
	char *s = evm_arena_strdup(&a, "hello");
	CHECK_STR(s, "hello");
	CHECK(((uintptr_t)evm_arena_alloc(&a, 3) % _Alignof(max_align_t)) == 0);
	evm_arena_free(&a);
}

static void test_strmap(void)
{
	evm_strmap m = EVM_STRMAP_INIT;
	static char keys[5000][16];
	for (int i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		CHECK(evm_strmap_put(&m, keys[i], strlen(keys[i]), keys[i], NULL) == 1);
	}
	void *old = NULL;
	CHECK(evm_strmap_put(&m, "k17", 3, NULL, &old) == 0);
	CHECK(old == keys[17]);
	CHECK(evm_strmap_get(&m, "k4999", 5) == keys[4999]);
	CHECK(evm_strmap_get(&m, "nope", 4) == NULL);
	CHECK_INT(m.len, 5000);
	evm_strmap_free(&m);
	CHECK(evm_strmap_get(&m, "k1", 2) == NULL);
}

static void test_slug(void)
{
	evm_buf b = EVM_BUF_INIT;
	evm_slug(&b, "Teamwork & Partnership");
	CHECK_STR(b.ptr, "teamwork-partnership");
	evm_buf_clear(&b);
	evm_slug(&b, "  We are Innovative & Open Minded ");
	CHECK_STR(b.ptr, "we-are-innovative-open-minded");
	evm_buf_clear(&b);
	evm_slug(&b, "prisoner's");
	CHECK_STR(b.ptr, "prisoners");
	evm_buf_free(&b);
	CHECK(evm_strcasecmp("Working Together", "working together") == 0);
	CHECK(evm_strcasecmp("a", "b") < 0);
}

static void test_utf8(void)
{
	const char ok[] = "caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80";
	CHECK_INT(evm_utf8_valid_prefix(ok, strlen(ok)), strlen(ok));
	CHECK_INT(evm_utf8_valid_prefix("ab\xC3", 3), 2);          /* truncated */
	CHECK_INT(evm_utf8_valid_prefix("a\xC0\xAF", 3), 1);       /* overlong '/' */
	CHECK_INT(evm_utf8_valid_prefix("a\xE0\x80\xAF", 4), 1);   /* overlong 3-byte */
	CHECK_INT(evm_utf8_valid_prefix("a\xED\xA0\x80", 4), 1);   /* encoded surrogate */
	CHECK_INT(evm_utf8_valid_prefix("a\xF4\x90\x80\x80", 5), 1); /* past U+10FFFF */
	CHECK_INT(evm_utf8_valid_prefix("\x80", 1), 0);            /* lone continuation */
	CHECK_INT(evm_utf8_valid_prefix("a\xFF", 2), 1);
}

static void test_files(void)
{
	char *data;
	size_t len;
	CHECK(evm_read_file("/nonexistent/file", 100, &data, &len) == EVM_EIO);
	CHECK(strstr(evm_error_message(), "/nonexistent/file") != NULL);
	const char *dir = getenv("EVM_TEST_DATA");
	if (!dir)
		dir = "tests/data";
	evm_vec v = EVM_VEC_INIT;
	CHECK(evm_list_dir(dir, ".lex", &v) == EVM_OK);
	CHECK(v.len >= 1);
	for (size_t i = 1; i < v.len; i++)
		CHECK(strcmp(v.items[i - 1], v.items[i]) < 0); /* sorted */
	for (size_t i = 0; i < v.len; i++)
		free(v.items[i]);
	evm_vec_free(&v);
	CHECK(evm_list_dir("/nonexistent", ".lex", &v) == EVM_EIO);
	/* size limit is an error, never a truncation */
	char path[4096];
	snprintf(path, sizeof path, "%s/user-framework.lex", dir);
	CHECK(evm_read_file(path, 10, &data, &len) == EVM_ELIMIT);
}

static void test_errors(void)
{
	evm_error_clear();
	CHECK_INT(evm_error_code(), EVM_OK);
	CHECK_STR(evm_error_message(), "");
	CHECK(evm_err(EVM_EPARSE, "x:%d: bad", 3) == EVM_EPARSE);
	CHECK_STR(evm_error_message(), "x:3: bad");
	CHECK_STR(evm_error_name(EVM_EPARSE), "parse");
	CHECK_STR(evm_error_name(12345), "unknown");
}

/* The fast "%.17g" writes exactly what jansson writes: over a million values
 * of the kinds a result holds (floats widened, sums of them, random doubles
 * across the exact range and beyond it, ties, powers of ten). */
/* What jansson writes for v, less the ".0" it adds to a whole number (which
 * the JSON writer adds itself): the form evm_fmt_g17 promises. */
static void jansson_writes(double v, char *want, size_t cap)
{
	json_t *j = json_real(v);
	char *d = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(17)) : NULL;
	size_t n = d ? strlen(d) : 0;
	if (n > 2 && !strcmp(d + n - 2, ".0"))
		n -= 2;
	snprintf(want, cap, "%.*s", (int)n, d ? d : "");
	free(d);
	json_decref(j);
}

static void test_fmt_g17(void)
{
	uint64_t x = 88172645463325252ull;
	size_t bad = 0, n = 0;
	for (int i = 0; i < 1200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		double v;
		switch (i % 6) {
		case 0: v = (double)(float)((double)(x >> 11) / 9007199254740992.0 * 40.0); break; /* a float weight */
		case 1: v = (double)(x >> 11) / 9007199254740992.0; break;                       /* [0, 1) */
		case 2: v = ldexp((double)(x >> 11), (int)(x % 120) - 110); break;              /* wide exponents */
		case 3: v = (double)(x % 100000) / 100.0; break;                                 /* round decimals */
		case 4: v = pow(10.0, (double)((int)(x % 44) - 22)); break;                      /* powers of ten */
		default: v = -(double)(x >> 11) / 1048576.0; break;                              /* negatives */
		}
		char want[64], got[64];
		jansson_writes(v, want, sizeof want);
		size_t k = evm_fmt_g17(v, got);
		n++;
		if (k != strlen(want) || strcmp(want, got) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "  %a: jansson '%s', fast '%s'\n", v, want, got);
		}
	}
	static const double edge[] = {0.0, -0.0, 1e-6, 1e17, 99999999999999999.0, 0.1, 0.5, 1.0, 123456789012345678.0,
				      5e-324, 1.7976931348623157e308};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		char want[64], got[64];
		jansson_writes(edge[i], want, sizeof want);
		evm_fmt_g17(edge[i], got);
		CHECK_STR(got, want);
	}
	char got[64];
	evm_fmt_g17(8.2940813213574173e-05, got);
	CHECK_STR(got, "8.2940813213574173e-5");
	evm_fmt_g17(1e20, got);
	CHECK_STR(got, "1e20");
	CHECK(n == 1200000);
	CHECK_INT(bad, 0);
}

/* Lines of a lexicon text file: trimmed, comments and blank lines skipped
 * but counted in line numbers, the last without a newline, nothing after a
 * final newline; the header, a BOM, NUL bytes and bad UTF-8. */
static void test_lines(void)
{
	const char text[] = "\xEF\xBB\xBF# c\nevm-x 1\n  one \r\n\n\ttwo\nthree";
	evm_lines it;
	const char *s;
	size_t n;
	evm_lines_init(&it, "t.txt", "evm-x", text, sizeof text - 1);
	CHECK(evm_lines_next(&it, &s, &n) == 1 && n == 3 && !memcmp(s, "one", 3) && it.line == 3);
	CHECK(evm_lines_next(&it, &s, &n) == 1 && n == 3 && !memcmp(s, "two", 3) && it.line == 5);
	CHECK(evm_lines_next(&it, &s, &n) == 1 && n == 5 && !memcmp(s, "three", 5) && it.line == 6);
	CHECK(evm_lines_next(&it, &s, &n) == 0);
	evm_lines_init(&it, "t.txt", "evm-x", "evm-x 1\nx\n", 10);
	CHECK(evm_lines_next(&it, &s, &n) == 1 && n == 1);
	CHECK(evm_lines_next(&it, &s, &n) == 0);
	static const struct {
		const char *text;
		size_t len;
		const char *want;
	} bad[] = {
		{"", 0, "t.txt: empty file: expected the header line 'evm-x 1'"},
		{"# only\n\n", 8, "t.txt: empty file"},
		{"evm-y 1\nx\n", 10, "t.txt:1: expected the header line 'evm-x 1'"},
		{"evm-x 1\nx\0y\n", 12, "t.txt:2: NUL byte"},
		{"evm-x 1\nx\xff\n", 11, "t.txt:2: invalid UTF-8"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		evm_lines_init(&it, "t.txt", "evm-x", bad[i].text, bad[i].len);
		int rc;
		while ((rc = evm_lines_next(&it, &s, &n)) > 0)
			;
		CHECK(rc < 0 && strstr(evm_error_message(), bad[i].want));
	}
}

int main(void)
{
	test_buf();
	test_arena();
	test_strmap();
	test_slug();
	test_utf8();
	test_fmt_g17();
	test_lines();
	test_files();
	test_errors();
	return check_summary("util");
}
