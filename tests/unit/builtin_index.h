/* The index of the built-in frameworks, for tests that match against it:
 * NULL (with the failure recorded) when it cannot be built. */
#ifndef EVM_TEST_BUILTIN_INDEX_H
#define EVM_TEST_BUILTIN_INDEX_H

#include "check.h"
#include "evmatch.h"

static inline evm_index *builtin_index(void)
{
	evm_lexicon *lx = NULL;
	evm_index *ix = NULL;
	CHECK(evm_lexicon_new_builtin(&lx) == EVM_OK);
	if (lx)
		CHECK(evm_index_build(lx, &ix) == EVM_OK);
	evm_lexicon_free(lx);
	return ix;
}

#endif
