#include "corrections.h"

#include <stdlib.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"

int corrections_load(evm_records *out, const char *dir, const char *name)
{
	evm_buf path = EVM_BUF_INIT;
	evm_buf_printf(&path, "%s/%s", dir, name);
	char *data;
	size_t len;
	int rc = evm_read_file(path.ptr, 16u << 20, &data, &len);
	if (rc == EVM_OK) {
		rc = evm_records_parse(out, path.ptr, "evmatch-corrections", data, len);
		free(data);
	} else {
		evm_records_parse(out, path.ptr, "evmatch-corrections", "", 0); /* leaves out freeable */
		evm_err(rc, "%s: cannot read correction file", path.ptr);
	}
	evm_buf_free(&path);
	return rc;
}

int corr_field(const evm_records *rs, const evm_record *r, const char *key, const char **out)
{
	const evm_field *f = evm_record_field(r, key);
	if (!f || !*f->value)
		return evm_err(EVM_EPARSE, "%s:%zu: [%s] needs '%s'", rs->name, r->line, r->section, key);
	*out = f->value;
	return EVM_OK;
}
