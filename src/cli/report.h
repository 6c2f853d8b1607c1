/* Rendering match results: the documented JSON schema (README "JSON
 * output") and the human-readable report. Shared by match, batch and tag. */
#ifndef EVM_CLI_REPORT_H
#define EVM_CLI_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "evmatch.h"

/* One evidence term as JSON, quoting the input words it came from. */
json_t *report_evidence_json(const evm_evidence *e, const char *text);
/* The whole result: {"framework", "polarity", "sentences", "competencies": [...]}. */
json_t *report_result_json(const evm_result *r, const char *text, const char *framework);
/* Human-readable; colour marks matched words when colour is set. */
void report_result_text(FILE *f, const evm_result *r, const char *text, int colour);

#endif
