/* JSON rendering of results, shared by the CLI, the HTTP service and the
 * bindings so that every front end speaks the same documented schema. */
#ifndef EVM_REPORT_JSON_H
#define EVM_REPORT_JSON_H

#include <jansson.h>

#include "evmatch.h"

/* {"framework", "polarity", "words", "sentences", "competencies": [...]} */
json_t *evm_report_result(const evm_result *r, const char *text, const char *framework);
/* [{"id", "text", "framework", "competency", "polarity", "confidence", "span"}...] */
json_t *evm_report_tags(const evm_result *r, const char *text, double min_confidence, size_t top);
/* {"overall", "behaviours": [...], "checks": {...}} */
json_t *evm_report_screen(const evm_screen_result *r, const char *text);

#endif
