/* The fields a JSON request or record gives for matching (text, framework,
 * level, competencies), read and checked in one place so that batch records
 * and the HTTP service accept the same input and word their errors alike. */
#ifndef EVM_WORKFLOW_REQUEST_H
#define EVM_WORKFLOW_REQUEST_H

#include <jansson.h>

#include "evmatch.h"

#define EVM_REQUEST_MAX_COMPS 32

typedef struct {
	const char *text; /* points into the JSON object */
	size_t len;
	evm_match_options mo;
	const char *comps[EVM_REQUEST_MAX_COMPS];
	const char *code; /* NULL while all is well: "invalid", "limit", "notfound" */
	char msg[512];
} evm_request;

/* Starts rq from defaults (NULL: none). */
void evm_request_init(evm_request *rq, const evm_match_options *defaults);
/* Records the first failure only; later ones would hide its cause. */
void evm_request_fail(evm_request *rq, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Reads "text" (required string), "framework" and "level" (string or null)
 * and the array of strings named comps_key ("competencies", or "behaviours"
 * for screening). Returns 0, or -1 with rq->code and rq->msg set. */
int evm_request_read(evm_request *rq, const json_t *obj, const char *comps_key);
/* Optional whole number in [lo, hi]; *out is left alone when the key is
 * absent or null. */
int evm_request_uint(evm_request *rq, const json_t *obj, const char *key, long lo, long hi, size_t *out);
/* Optional number in [lo, hi]. */
int evm_request_real(evm_request *rq, const json_t *obj, const char *key, double lo, double hi, double *out);
/* Optional boolean. */
int evm_request_bool(evm_request *rq, const json_t *obj, const char *key, int *out);
/* The framework, level and competencies named exist in lx. */
int evm_request_check(evm_request *rq, const evm_lexicon *lx);

#endif
