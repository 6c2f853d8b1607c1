/* The record syntax shared by lexicon files and correction files:
 *
 *   <magic> <version>          first line that is not blank or a comment
 *   [section]                  starts a record
 *   key: value                 a field; an indented line continues it
 *   - item                     a list item (correction files)
 *   # comment
 *
 * This layer only splits text into records and checks the syntax; what the
 * sections and keys mean is up to the caller. */
#ifndef EVM_LEXICON_RECORDS_H
#define EVM_LEXICON_RECORDS_H

#include <stddef.h>

#include "../util/arena.h"

typedef struct {
	const char *key;
	const char *value; /* trimmed; "" when empty */
	size_t line;
} evm_field;

typedef struct {
	const char *text;
	size_t line;
} evm_item;

typedef struct {
	const char *section;
	size_t line;
	evm_field *fields;
	size_t nfields;
	evm_item *items;
	size_t nitems;
} evm_record;

typedef struct {
	evm_arena arena;
	const char *name; /* file name for messages */
	int version;
	evm_record *recs;
	size_t nrecs;
} evm_records;

/* Splits data into records. Every problem is reported as "name:line: ..."
 * with EVM_EPARSE; invalid UTF-8 and NUL bytes are rejected, CRLF and a
 * leading BOM are accepted. Free with evm_records_free even on failure. */
int evm_records_parse(evm_records *out, const char *name, const char *magic, const char *data,
		      size_t len);
void evm_records_free(evm_records *r);

/* Field value or NULL when the record has no such key. */
const evm_field *evm_record_field(const evm_record *r, const char *key);

#endif
