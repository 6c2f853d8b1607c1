/* Growable byte buffer, always NUL-terminated so it can be used as a string. */
#ifndef EVM_UTIL_BUF_H
#define EVM_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "error.h"

typedef struct {
	char *ptr;
	size_t len, cap;
	int failed; /* an allocation failed: later appends are no-ops */
} evm_buf;

#define EVM_BUF_INIT {NULL, 0, 0, 0}

int evm_buf_grow(evm_buf *b, size_t extra);
int evm_buf_put_slow(evm_buf *b, const void *data, size_t len);

/* Appends are the inner loop of every JSON writer: the common case (room
 * left) is inline, growing is not. */
static inline int evm_buf_put(evm_buf *b, const void *data, size_t len)
{
	if (len < b->cap - b->len && !b->failed) { /* cap > len always once allocated */
		memcpy(b->ptr + b->len, data, len);
		b->len += len;
		b->ptr[b->len] = '\0';
		return EVM_OK;
	}
	return evm_buf_put_slow(b, data, len);
}

static inline int evm_buf_putc(evm_buf *b, char c)
{
	if (b->cap - b->len > 1 && !b->failed) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return EVM_OK;
	}
	return evm_buf_put_slow(b, &c, 1);
}

int evm_buf_puts(evm_buf *b, const char *s);
int evm_buf_printf(evm_buf *b, const char *fmt, ...) EVM_PRINTF(2, 3);
int evm_buf_vprintf(evm_buf *b, const char *fmt, va_list ap);
void evm_buf_clear(evm_buf *b);
void evm_buf_free(evm_buf *b);
/* Hands the storage to the caller (never NULL unless allocation failed). */
char *evm_buf_detach(evm_buf *b, size_t *len);

#endif
