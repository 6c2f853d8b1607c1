/* Internal side of the error API: raise an error for the calling thread. */
#ifndef EVM_UTIL_ERROR_H
#define EVM_UTIL_ERROR_H

#include "evmatch.h"

#if defined(__GNUC__)
#define EVM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define EVM_PRINTF(a, b)
#endif

/* Records code and message; returns code so callers can `return evm_err(...)`. */
int evm_err(int code, const char *fmt, ...) EVM_PRINTF(2, 3);

#endif
