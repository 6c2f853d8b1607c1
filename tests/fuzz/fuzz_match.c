/* The match and note-tagging entry points on arbitrary text, with the
 * options drawn from the first bytes; also renders the JSON, which must be
 * valid, and checks every tag lies inside its point and the text. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	static const char *const fws[] = {NULL, "success-profiles", "noms", "police-force", "soca-pqf", "hmip-leadership"};
	evm_match_options o = {0};
	if (size) {
		o.framework = fws[data[0] % 6];
		o.top = data[0] % 7;
		data++;
		size--;
	}
	evm_result *r;
	if (evm_match(IX, (const char *)data, size, &o, &r) != 0)
		return 0;
	char *js = evm_result_to_json(r, (const char *)data, size, o.framework);
	if (!js)
		abort();
	json_error_t e;
	json_t *j = json_loads(js, 0, &e);
	if (!j)
		abort(); /* we must always write valid JSON, even from bad bytes */
	json_decref(j);
	evm_free(js);
	evm_result_free(r);

	evm_note_tags *nt;
	if (evm_tag_note(IX, (const char *)data, size, &o, 0, 1 + o.top, &nt) != 0)
		abort(); /* the same text matched a moment ago */
	for (size_t i = 0; i < evm_note_tags_count(nt); i++) {
		const evm_tag *t = evm_note_tags_get(nt, i);
		uint32_t a = 0, b = 0;
		evm_note_tags_point(nt, t->point, &a, &b, NULL);
		if (t->point >= evm_note_tags_point_count(nt) || t->start < a || t->end > b || b > size)
			abort();
	}
	js = evm_note_tags_to_json(nt, (const char *)data, size);
	j = js ? json_loads(js, 0, &e) : NULL;
	if (!j)
		abort();
	json_decref(j);
	evm_free(js);
	evm_note_tags_free(nt);
	return 0;
}
