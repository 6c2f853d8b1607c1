/* Lexicon parser: any bytes either load as a consistent lexicon or fail with
 * a message; a lexicon that loads must serialise and load again the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "evmatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	evm_lexicon *lx;
	if (evm_lexicon_new(&lx) != 0)
		return 0;
	if (evm_lexicon_load_buffer(lx, "fuzz.lex", (const char *)data, size) == 0) {
		char *text;
		size_t len;
		if (evm_lexicon_serialise(lx, &text, &len) == 0) {
			evm_lexicon *again;
			evm_lexicon_new(&again);
			if (evm_lexicon_load_buffer(again, "again.lex", text, len) != 0)
				abort(); /* what we write, we must read */
			if (evm_lexicon_framework_count(again) != evm_lexicon_framework_count(lx))
				abort();
			evm_lexicon_free(again);
			free(text);
		}
	} else if (!*evm_error_message()) {
		abort(); /* every failure says why */
	}
	evm_lexicon_free(lx);
	return 0;
}
