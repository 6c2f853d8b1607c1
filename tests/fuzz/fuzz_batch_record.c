/* The JSON Lines record path of evmatch batch: any line gives exactly one
 * output line, and it is valid JSON with "line" and "id". */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "evmatch.h"

static evm_index *IX;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!IX) {
		evm_lexicon *lx;
		evm_lexicon_new_builtin(&lx);
		evm_index_build(lx, &IX);
		evm_lexicon_free(lx);
	}
	char *out = NULL;
	int rc = evm_batch_record(IX, (const char *)data, size, 1, NULL, (int)(size & 3), &out); /* every flag combination */
	if (rc < 0 || !out)
		abort();
	json_error_t e;
	json_t *j = json_loads(out, 0, &e);
	if (!j || !json_object_get(j, "line") || !json_object_get(j, "id"))
		abort();
	json_decref(j);
	evm_free(out);
	return 0;
}
