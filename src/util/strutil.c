#include "strutil.h"

#include <ctype.h>
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
