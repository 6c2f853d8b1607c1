#include "features.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\''; }

int evm_feature_ok(const char *s, size_t n)
{
	size_t spaces = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			spaces++;
		else if (!word_byte((unsigned char)s[i]))
			return 0;
	}
	return n && s[0] != ' ' && s[n - 1] != ' ' && spaces <= 1;
}

void evm_features_walk(const char *text, size_t len, void (*take)(void *ctx, const char *f, size_t n), void *ctx)
{
	char prev[EVM_FEATURE_WORD_MAX], cur[EVM_FEATURE_WORD_MAX], pair[2 * EVM_FEATURE_WORD_MAX + 2];
	size_t np = 0, nc = 0;
	int have_prev = 0;
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)text[i] : ' ';
		int apos = 0;
		if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 && (unsigned char)text[i + 2] == 0x99)
			apos = 1;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (apos || word_byte(c)) {
			if (nc < sizeof cur)
				cur[nc] = apos ? '\'' : (char)c;
			nc++;
			if (apos)
				i += 2;
			continue;
		}
		if (!nc)
			continue;
		int fits = nc <= sizeof cur;
		if (fits)
			take(ctx, cur, nc);
		if (fits && have_prev) {
			memcpy(pair, prev, np);
			pair[np] = ' ';
			memcpy(pair + np + 1, cur, nc);
			take(ctx, pair, np + 1 + nc);
		}
		have_prev = fits;
		if (fits) {
			memcpy(prev, cur, nc);
			np = nc;
		}
		nc = 0;
	}
}

/* n / 10^k with both exact in a double, so the one rounding of the division
 * gives what strtod would (the nearest double to the decimal), for a sixth
 * of the cost over tens of thousands of lines. At most 15 digits. */
double evm_parse_weight(const char *s, char **end)
{
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	const char *p = s;
	int neg = *p == '-';
	p += neg;
	uint64_t n = 0;
	int digits = 0, frac = 0, dot = 0;
	for (; (*p >= '0' && *p <= '9') || (*p == '.' && !dot); p++) {
		if (*p == '.') {
			dot = 1;
			continue;
		}
		n = n * 10 + (uint64_t)(*p - '0');
		digits++;
		frac += dot;
	}
	if (*p || !digits || digits > 15 || (dot && !frac))
		return strtod(s, end);
	*end = (char *)p;
	double v = (double)n / p10[frac];
	return neg ? -v : v;
}

const char *evm_model_line(const char *s, size_t n, double *v, const char **feature, size_t *flen)
{
	const char *sp = memchr(s, ' ', n);
	size_t nl = sp ? (size_t)(sp - s) : n;
	if (!sp)
		return "expected 'WEIGHT FEATURE' or 'bias WEIGHT'";
	const char *rest = sp + 1;
	size_t rl = n - nl - 1;
	int is_bias = nl == 4 && !memcmp(s, "bias", 4);
	const char *vs = is_bias ? rest : s;
	size_t vl = is_bias ? rl : nl;
	char num[32];
	if (vl >= sizeof num)
		return "number too long";
	memcpy(num, vs, vl);
	num[vl] = '\0';
	char *end;
	*v = evm_parse_weight(num, &end);
	if (*end || !vl || !isfinite(*v) || fabs(*v) > 100)
		return is_bias ? "bias is not a number (or is over 100)" : "weight is not a number (or is over 100)";
	*feature = NULL;
	*flen = 0;
	if (is_bias)
		return NULL;
	if (!evm_feature_ok(rest, rl) || rl > 2 * EVM_FEATURE_WORD_MAX + 1)
		return "a feature is one or two lower-case words of a-z, 0-9 and '";
	*feature = rest;
	*flen = rl;
	return NULL;
}

size_t evm_pow2_at_least(size_t n)
{
	size_t c = 16;
	while (c < n)
		c *= 2;
	return c;
}
