#include "strutil.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

int evm_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

int evm_slug(evm_buf *out, const char *s)
{
	int pending_dash = 0;
	size_t start = out->len;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c)) {
			if (pending_dash && out->len > start)
				evm_buf_putc(out, '-');
			pending_dash = 0;
			evm_buf_putc(out, (char)tolower(c));
		} else if (c != '\'' && c < 0x80) {
			pending_dash = 1; /* apostrophes vanish: "prisoner's" -> "prisoners" */
		} else if (c >= 0x80) {
			pending_dash = 1;
		}
	}
	return out->failed ? EVM_ENOMEM : EVM_OK;
}

size_t evm_utf8_valid_prefix(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		/* most text is ASCII: eight bytes at a time while it is */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned int cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (i + n > len)
			return i;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* overlong forms, surrogates and values past U+10FFFF are invalid */
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n;
	}
	return len;
}

void evm_trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

size_t evm_utf8_scrub(char *s, size_t len)
{
	size_t n = 0;
	for (size_t p = 0; p < len;) {
		size_t v = evm_utf8_valid_prefix(s + p, len - p);
		for (size_t i = p; i < p + v; i++)
			if (!s[i]) {
				s[i] = ' ';
				n++;
			}
		p += v;
		if (p < len) {
			s[p++] = '?';
			n++;
		}
	}
	return n;
}

/* Exact for 1e-6 <= |v| < 1e17 with 128-bit integers: v = m * 2^e, and its 17
 * significant digits are round(m * 10^p * 2^e) for p = 16 - floor(log10 v),
 * where m * 10^p < 2^53 * 10^22 < 2^127. Ties go to even, as glibc's printf
 * does in the default rounding mode. Anything else goes to snprintf. */
/* printf's "%.17g", with the exponent as jansson writes it: no '+' and no
 * leading zeros ("1e20", "8.3e-5"), so that a result's JSON is the bytes
 * jansson would write for it */
static size_t g17_printf(double v, char *out)
{
	int n = snprintf(out, 32, "%.17g", v);
	if (n <= 0 || n >= 32)
		return 0;
	char *e = strchr(out, 'e');
	if (e) {
		char *from = e + 1, *to = e + 1;
		if (*from == '-')
			from++, to++;
		else if (*from == '+')
			from++;
		while (*from == '0' && from[1])
			from++;
		memmove(to, from, strlen(from) + 1);
		n = (int)strlen(out);
	}
	return (size_t)n;
}

size_t evm_fmt_g17(double v, char *out)
{
	double a = v < 0 ? -v : v;
	if (!(a >= 1e-6 && a < 1e17)) /* also zero, NaN and infinities */
		return g17_printf(v, out);
	/* a is normal here: its bits give a = m * 2^e, m of 53 bits, exactly */
	uint64_t bits;
	memcpy(&bits, &a, sizeof bits);
	uint64_t m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
	int e = (int)(bits >> 52 & 0x7ff) - 1075;
	/* the decimal exponent of 2^(e+52) <= a: at most one short, fixed below */
	int x = (int)floor((e + 52) * 0.30102999566398119521);
	static const uint64_t p10[20] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
					 100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
					 1000000000000ull, 10000000000000ull, 100000000000000ull,
					 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
					 1000000000000000000ull, 10000000000000000000ull};
	unsigned __int128 d = 0;
	for (int tries = 0; tries < 3; tries++) {
		int p = 16 - x;
		if (p < 0 || p > 22)
			return g17_printf(v, out);
		unsigned __int128 pow10 = p < 20 ? p10[p] : (unsigned __int128)p10[19] * p10[p - 19];
		unsigned __int128 n = (unsigned __int128)m * pow10, q;
		if (e >= 0) {
			q = d = n << e; /* a < 1e17, so this stays small */
		} else {
			int sh = -e;
			if (sh >= 127) {
				q = d = 0;
			} else {
				q = n >> sh;
				unsigned __int128 rem = n - (q << sh), half = (unsigned __int128)1 << (sh - 1);
				d = q + (rem > half || (rem == half && (q & 1)));
			}
		}
		/* the exponent is the exact value's; only then is it rounded */
		const uint64_t lo = 10000000000000000ull, hi = 100000000000000000ull;
		if (q < lo)
			x--;
		else if (q >= hi)
			x++;
		else
			break;
	}
	if (d < 10000000000000000ull || d > 100000000000000000ull) /* cannot happen; never guess */
		return g17_printf(v, out);
	if (d == (unsigned __int128)100000000000000000ull) { /* rounded up to the next power of ten */
		d = 10000000000000000ull;
		x++;
	}
	/* 17 digits: two at a time, from a table */
	static const char two[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				  "8081828384858687888990919293949596979899";
	char dig[18];
	uint64_t dd = (uint64_t)d;
	uint32_t hi = (uint32_t)(dd / 100000000u), lo = (uint32_t)(dd % 100000000u); /* 9 and 8 digits */
	for (int i = 15; i >= 9; i -= 2, lo /= 100)
		memcpy(dig + i, two + 2 * (lo % 100), 2);
	for (int i = 7; i >= 1; i -= 2, hi /= 100)
		memcpy(dig + i, two + 2 * (hi % 100), 2);
	dig[0] = (char)('0' + hi);
	int nd = 17;
	while (nd > 1 && dig[nd - 1] == '0')
		nd--; /* %g drops trailing zeros */
	size_t k = 0;
	if (v < 0)
		out[k++] = '-';
	if (x < -4 || x >= 17) {
		out[k++] = dig[0];
		if (nd > 1) {
			out[k++] = '.';
			for (int i = 1; i < nd; i++)
				out[k++] = dig[i];
		}
		out[k++] = 'e';
		if (x < 0)
			out[k++] = '-';
		int ax = x < 0 ? -x : x;
		if (ax >= 100)
			out[k++] = (char)('0' + ax / 100);
		if (ax >= 10)
			out[k++] = (char)('0' + ax / 10 % 10);
		out[k++] = (char)('0' + ax % 10);
	} else if (x >= 0) {
		for (int i = 0; i <= x; i++)
			out[k++] = dig[i];
		if (nd > x + 1) {
			out[k++] = '.';
			for (int i = x + 1; i < nd; i++)
				out[k++] = dig[i];
		}
	} else {
		out[k++] = '0';
		out[k++] = '.';
		for (int i = 0; i < -x - 1; i++)
			out[k++] = '0';
		for (int i = 0; i < nd; i++)
			out[k++] = dig[i];
	}
	out[k] = '\0';
	return k;
}
