/* Masks personal data in text the output echoes: e-mail addresses, UK phone
 * numbers, National Insurance numbers and postcodes (pcre2). Each masked
 * byte becomes '*', so offsets into the text stay valid. */
#ifndef EVM_CLI_REDACT_H
#define EVM_CLI_REDACT_H

#include <stddef.h>

/* A malloc'd, masked copy of text[0..len) (NUL-terminated), or NULL. */
char *redact_copy(const char *text, size_t len);

#endif
