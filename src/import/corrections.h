/* Reviewed hand corrections (the .cells and .fix files in lexicon/corrections). They use
 * the record syntax of lexicon files with the header "evmatch-corrections 1".
 * Every correction quotes the source text it applies to, so a changed seed
 * makes the import fail loudly instead of applying a fix to the wrong line. */
#ifndef EVM_IMPORT_CORRECTIONS_H
#define EVM_IMPORT_CORRECTIONS_H

#include "lexicon/records.h"

int corrections_load(evm_records *out, const char *dir, const char *name);
/* Value of a field that must be present; raises "file:line: ..." if not. */
int corr_field(const evm_records *rs, const evm_record *r, const char *key, const char **out);

#endif
