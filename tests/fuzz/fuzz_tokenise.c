/* Tokeniser and sentence splitter on arbitrary bytes: offsets must stay in
 * bounds and ordered, whatever the input. */
#include <stdint.h>
#include <stdlib.h>

#include "tokenise/tokenise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	evm_tokens t;
	evm_tokens_init(&t);
	if (evm_tokenise(&t, (const char *)data, size) == 0) {
		for (size_t i = 0; i < t.ntok; i++)
			if (t.tok[i].start >= t.tok[i].end || t.tok[i].end > size || (i && t.tok[i].start < t.tok[i - 1].end))
				abort();
		for (size_t i = 0; i < t.nsent; i++)
			if (t.sent[i].start > t.sent[i].end || t.sent[i].end > size || t.sent[i].first + t.sent[i].count > t.ntok)
				abort();
	}
	evm_tokens_free(&t);
	return 0;
}
