#include "error.h"

#include <stdarg.h>
#include <stdio.h>

/* Per thread, so that one loaded index can serve many threads and each still
 * gets its own message. Fixed size: raising an error must not allocate. */
static _Thread_local int last_code;
static _Thread_local char last_msg[1024];

int evm_err(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof last_msg, fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

const char *evm_error_message(void) { return last_msg; }
int evm_error_code(void) { return last_code; }

void evm_error_clear(void)
{
	last_code = EVM_OK;
	last_msg[0] = '\0';
}

const char *evm_error_name(int code)
{
	switch (code) {
	case EVM_OK: return "ok";
	case EVM_ENOMEM: return "nomem";
	case EVM_EIO: return "io";
	case EVM_EPARSE: return "parse";
	case EVM_EINVAL: return "invalid";
	case EVM_ENOTFOUND: return "notfound";
	case EVM_ECORRUPT: return "corrupt";
	case EVM_ELIMIT: return "limit";
	default: return "unknown";
	}
}
