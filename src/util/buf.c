#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int evm_buf_grow(evm_buf *b, size_t extra)
{
	if (b->failed)
		return EVM_ENOMEM;
	if (extra > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return evm_err(EVM_ENOMEM, "buffer too large");
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return EVM_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->ptr, cap);
	if (!p) {
		b->failed = 1;
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	b->ptr = p;
	b->cap = cap;
	b->ptr[b->len] = '\0'; /* an empty buffer is a valid empty string too */
	return EVM_OK;
}

int evm_buf_put_slow(evm_buf *b, const void *data, size_t len)
{
	if (evm_buf_grow(b, len) < 0)
		return EVM_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return EVM_OK;
}

int evm_buf_puts(evm_buf *b, const char *s) { return evm_buf_put(b, s, strlen(s)); }

int evm_buf_vprintf(evm_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return evm_err(EVM_EINVAL, "bad format");
	if (evm_buf_grow(b, (size_t)n) < 0)
		return EVM_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return EVM_OK;
}

int evm_buf_printf(evm_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = evm_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void evm_buf_clear(evm_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void evm_buf_free(evm_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

char *evm_buf_detach(evm_buf *b, size_t *len)
{
	if (!b->ptr && evm_buf_grow(b, 0) < 0)
		return NULL;
	char *p = b->ptr;
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}
