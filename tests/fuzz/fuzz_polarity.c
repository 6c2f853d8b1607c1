/* Polarity pattern files: any bytes either compile or fail with a message;
 * a set that compiles must answer for any sentence and word without
 * crashing, and its answers must not depend on where the search starts as
 * long as it starts before the first trigger's lead. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "evmatch.h"
#include "score/polarity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* JIT compilation is most of the cost of a compile, and the patterns are the
 * same either way: without it the fuzzer tries ten times the inputs */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("EVM_PCRE2_NO_JIT", "1", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	evm_polarity_set *ps;
	if (evm_polarity_compile("fuzz.txt", (const char *)data, size, &ps) != 0) {
		if (!*evm_error_message())
			abort(); /* every failure says why */
		return 0;
	}
	static const char *const sents[] = {"He did not update the team and missed the deadline twice.",
					    "Checks every single detail at the expense of the queue.",
					    "Never missed a deadline; hasn't let anyone down.", "", "x"};
	for (size_t i = 0; i < sizeof sents / sizeof sents[0]; i++) {
		size_t len = strlen(sents[i]);
		evm_polarity_set_search(ps, sents[i], len, 0, 0);
		evm_polarity_set_search(ps, sents[i], len, len, len);
	}
	/* the file's own bytes as words */
	for (size_t a = 0; a < size && a < 4096;) {
		size_t b = a;
		while (b < size && b - a < 40 && data[b] > ' ')
			b++;
		evm_polarity_set_trigger(ps, (const char *)data + a, b - a);
		a = b + 1;
	}
	evm_polarity_set_lead(ps, EVM_TRIG_NEG);
	evm_polarity_set_free(ps);
	return 0;
}
