/* Polarity pattern files: any bytes either compile or fail with a message;
 * a set that compiles must answer for any sentence and word without
 * crashing; and the search matching uses, which tries only the patterns
 * each trigger word anchors, must give the answer of the search that tries
 * every pattern of the kind near the same trigger words. (It found a pattern
 * word that could end inside a token, "*n'" in "hasn't", where no trigger
 * word is: pattern words now start and end where tokens do. The unit tests
 * check the built-in set against a scan of the whole sentence, on every
 * corpus sentence.) */
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
	size_t mw = evm_polarity_set_mask_words(ps);
	uint64_t *maskbuf = mw <= 64 ? calloc(64 * mw + 1, sizeof *maskbuf) : NULL;
	for (size_t i = 0; i < sizeof sents / sizeof sents[0]; i++) {
		const char *t = sents[i];
		size_t len = strlen(t);
		evm_polarity_set_search(ps, t, len, 0, 0);
		evm_polarity_set_search(ps, t, len, len, len);
		/* words as the tokeniser would give them here: lower case, no punctuation */
		uint32_t at[64], neg[64], over[64];
		const uint64_t *masks[64];
		size_t n = 0, nn = 0, no = 0;
		for (size_t a = 0; a < len && maskbuf && n < 64;) {
			char w[64];
			size_t k = 0;
			while (a + k < len && t[a + k] != ' ' && t[a + k] != '.' && t[a + k] != ',' && t[a + k] != ';' &&
			       t[a + k] != '!' && k + 1 < sizeof w) {
				char c = t[a + k];
				w[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			}
			int kind = k ? evm_polarity_set_trigger_mask(ps, w, k, maskbuf + n * mw) : 0;
			if (kind & EVM_TRIG_NEG)
				neg[nn++] = (uint32_t)a;
			if (kind & EVM_TRIG_OVER)
				over[no++] = (uint32_t)a;
			if (kind) {
				at[n] = (uint32_t)a;
				masks[n] = maskbuf + n * mw;
				n++;
			}
			a += k ? k : 1;
		}
		if (!maskbuf)
			continue;
		evm_sentence_polarity m = evm_polarity_set_search_masked(ps, t, len, at, masks, n);
		evm_sentence_polarity near = evm_polarity_set_search_near(ps, t, len, neg, nn, over, no);
		if (m.polarity != near.polarity || m.cue_start != near.cue_start || m.cue_end != near.cue_end)
			abort();
	}
	free(maskbuf);
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
