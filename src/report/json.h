/* JSON rendering of results, shared by the CLI, the HTTP service and the
 * bindings so that every front end speaks the same documented schema. */
#ifndef EVM_REPORT_JSON_H
#define EVM_REPORT_JSON_H

#include <jansson.h>

#include "evmatch.h"

/* The result as compact JSON text in one pass, without a jansson tree (the
 * batch hot path): {"framework", "polarity", "words", "sentences",
 * "competencies": [...]}, or the compact schema. prefix, when not NULL or
 * empty, is written first inside the braces ("\"line\":1,\"id\":\"a\"").
 * NULL on allocation failure; free() it. */
char *evm_report_result_text(const evm_result *r, const char *text, const char *framework, int compact,
			     const char *prefix);
/* {"framework", "polarity", "words", "sentences", "competencies": [...]} */
json_t *evm_report_result(const evm_result *r, const char *text, const char *framework);
/* The same, compact, for pipelines: per competency its score, confidence,
 * level, polarity, best indicator id and evidence sentence; no sentence list
 * and no term-level explanation (evm_report_result has those). */
json_t *evm_report_result_compact(const evm_result *r, const char *text, const char *framework);
/* [{"id", "text", "framework", "competency", "polarity", "confidence", "span"}...] */
json_t *evm_report_tags(const evm_result *r, const char *text, double min_confidence, size_t top);
/* A note tagged by evm_tag_note: {"polarity", "points": [{start, end,
 * polarity, text}...], "tags": [... each with "point"]}. */
json_t *evm_report_note(const evm_note_tags *t, const char *text);
/* {"overall", "behaviours": [...], "checks": {...}} */
json_t *evm_report_screen(const evm_screen_result *r, const char *text);

/* Lexicon views (`evmatch lexicon --format json`, GET /v1/frameworks, GET
 * /v1/indicators/{id}): a framework with its levels and competency counts; one
 * indicator; a competency with all its indicators. */
json_t *evm_report_framework(const evm_framework *fw);
json_t *evm_report_indicator(const evm_framework *fw, const evm_indicator *ind);
json_t *evm_report_competency(const evm_framework *fw, const evm_competency *c);
/* Indicators of fw (of competency c, or all when c is NULL) with polarity p. */
size_t evm_report_count_polarity(const evm_framework *fw, const evm_competency *c, evm_polarity p);
size_t evm_report_count_competency(const evm_framework *fw, const evm_competency *c);

#endif
