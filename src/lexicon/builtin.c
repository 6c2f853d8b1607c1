#include "builtin.h"

#include <string.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "model.h"

const evm_builtin_file *evm_builtin_find(const char *name)
{
	for (const evm_builtin_file *f = evm_builtin_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

int evm_lexicon_new_builtin(evm_lexicon **out)
{
	evm_lexicon *lx;
	int rc = evm_lexicon_new(&lx);
	if (rc < 0)
		return rc;
	for (const evm_builtin_file *f = evm_builtin_files; f->name; f++) {
		size_t n = strlen(f->name);
		if (n < 4 || strcmp(f->name + n - 4, ".lex") != 0)
			continue; /* stopwords and thesaurus files travel with the lexicon */
		evm_buf name = EVM_BUF_INIT;
		evm_buf_printf(&name, "<builtin>/%s", f->name);
		rc = name.failed ? evm_err(EVM_ENOMEM, "out of memory")
				 : evm_lexicon_load_buffer(lx, name.ptr, f->data, f->len);
		evm_buf_free(&name);
		if (rc < 0) {
			evm_lexicon_free(lx);
			return rc;
		}
	}
	*out = lx;
	return EVM_OK;
}
