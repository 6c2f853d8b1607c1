/* The bridging files' parsers (thesaurus, cues, seniority, crosswalk,
 * typical evidence): the first byte picks the parser, the rest is the file.
 * Any bytes either parse into entries that hold what the index builder
 * relies on, or fail with a message. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index/bridge.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	static int (*const parse[])(evm_bridge *, const char *, const char *, size_t) = {
		evm_bridge_parse_thesaurus, evm_bridge_parse_cues, evm_bridge_parse_seniority,
		evm_bridge_parse_crosswalk, evm_bridge_parse_typical};
	int which = data[0] % 5;
	evm_bridge b;
	evm_bridge_init(&b);
	if (parse[which](&b, "fuzz.txt", (const char *)data + 1, size - 1) == 0) {
		for (size_t i = 0; i < b.typical.len; i++) {
			const evm_typical_entry *e = b.typical.items[i];
			/* matching divides by it */
			if (!(e->value > 0) || !isfinite(e->value) || !*e->framework || !*e->competency)
				abort();
		}
		for (size_t i = 0; i < b.thes.len; i++) {
			const evm_thes_entry *e = b.thes.items[i];
			if (!(e->weight > 0 && e->weight <= 1))
				abort();
		}
		for (size_t i = 0; i < b.cues.len; i++) {
			const evm_cue_entry *e = b.cues.items[i];
			if (!(e->weight > 0 && e->weight <= 1))
				abort();
		}
		for (size_t i = 0; i < b.seniority.len; i++) {
			const evm_seniority_entry *e = b.seniority.items[i];
			if (!(e->seniority >= 0 && e->seniority <= 1))
				abort();
		}
		for (size_t i = 0; i < b.xwalk.len; i++) {
			const evm_xwalk_entry *e = b.xwalk.items[i];
			if (!*e->framework || !*e->competency || e->group >= b.ngroups)
				abort();
		}
	} else if (!*evm_error_message()) {
		abort(); /* every failure says why */
	}
	evm_bridge_free(&b);
	return 0;
}
