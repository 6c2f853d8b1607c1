/* report/: the result written as JSON text must be valid, canonical JSON
 * (exactly what jansson would write for the same tree), echo the input with
 * the matcher's replacements, and agree with the compact form. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_index.h"
#include "check.h"
#include "evmatch.h"
#include "report/json.h"

static evm_index *IX;

static void check_text(const char *text, size_t len, const char *fw)
{
	evm_match_options o = {0};
	o.framework = fw;
	o.top = 9;
	o.top_indicators = 5;
	evm_result *r = NULL;
	CHECK(evm_match(IX, text, len, &o, &r) == EVM_OK);
	if (!r)
		return;
	for (int compact = 0; compact < 2; compact++) {
		char *s = evm_report_result_text(r, text, fw, compact, compact ? "\"line\":3,\"id\":\"a\\\"b\"" : NULL);
		CHECK(s != NULL);
		json_error_t e;
		json_t *j = s ? json_loads(s, 0, &e) : NULL;
		if (!j)
			fprintf(stderr, "  not JSON (%s): %.200s\n", s ? e.text : "no output", s ? s : "");
		CHECK(j != NULL);
		if (j) {
			char *again = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
			CHECK(again && strcmp(again, s) == 0); /* canonical: jansson writes the same bytes */
			free(again);
			json_t *comps = json_object_get(j, "competencies");
			CHECK(json_array_size(comps) == evm_result_count(r));
			if (compact) {
				CHECK(json_integer_value(json_object_get(j, "line")) == 3);
				CHECK_STR(json_string_value(json_object_get(j, "id")), "a\"b");
				CHECK(json_object_get(j, "sentences") == NULL);
			} else {
				CHECK(json_array_size(json_object_get(j, "sentences")) == evm_result_sentence_count(r));
			}
			json_decref(j);
		}
		free(s);
	}
	evm_result_free(r);
}

int main(void)
{
	IX = builtin_index();
	if (!IX)
		return check_summary("report");
	const char *plain = "I set up a weekly rota so the backlog of 300 cases was cleared two weeks early. "
			    "I kept my manager updated every Friday.";
	check_text(plain, strlen(plain), "success-profiles");
	check_text(plain, strlen(plain), NULL);
	/* quotes, backslashes, tabs, control bytes, non-ASCII, an emoji */
	const char *odd = "She said \"cleared the backlog\" \\ twice\tin March\x01.\n\nMissed the d\xc3\xa9""adline \xf0\x9f\x98\x80 again.";
	check_text(odd, strlen(odd), "noms");
	/* a NUL and invalid UTF-8: echoed replaced, offsets kept */
	const char bad[] = "Updated the tracker\0 daily \xff\xfe and cleared the backlog.";
	check_text(bad, sizeof bad - 1, "success-profiles");
	evm_match_options o = {0};
	o.framework = "success-profiles";
	evm_result *r = NULL;
	CHECK(evm_match(IX, bad, sizeof bad - 1, &o, &r) == EVM_OK);
	char *s = r ? evm_report_result_text(r, bad, "success-profiles", 0, NULL) : NULL;
	CHECK(s && strstr(s, "\"invalid_bytes\":3") && !strstr(s, "\\u0000"));
	free(s);
	evm_result_free(r);
	evm_index_free(IX);
	return check_summary("report");
}
