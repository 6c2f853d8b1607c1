/* Small string helpers shared by the lexicon, importer and CLI. */
#ifndef EVM_UTIL_STRUTIL_H
#define EVM_UTIL_STRUTIL_H

#include <stddef.h>

#include "buf.h"

/* ASCII-only helpers: ids, keys and level names are ASCII by design. */
int evm_strcasecmp(const char *a, const char *b);
/* "Teamwork & Partnership" -> "teamwork-partnership" (appended to out). */
int evm_slug(evm_buf *out, const char *s);
/* Position of the first byte that is not valid UTF-8, or len if all valid. */
size_t evm_utf8_valid_prefix(const char *s, size_t len);
/* Replaces, in place, each NUL byte by a space and each byte of invalid
 * UTF-8 by '?': the text the matcher sees, with every offset unchanged.
 * Returns how many bytes it replaced. */
size_t evm_utf8_scrub(char *s, size_t len);
/* Trims ASCII white space from both ends in place of a (ptr,len) pair. */
void evm_trim(const char **s, size_t *len);
/* v as printf's "%.17g" writes it, but with the exponent as jansson writes
 * it ("1e20", "8.3e-5": no '+', no leading zeros), into out (at least 32
 * bytes), without the cost of printf for the values a result holds;
 * returns the length. */
size_t evm_fmt_g17(double v, char *out);

#endif
