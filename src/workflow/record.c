/* One batch record in, one output line out, always: the JSON Lines input
 * schema (text; optional id, framework, competencies, level) and its output
 * or error record. Shared by evmatch batch, the bindings and the service, so
 * every route gives byte-identical lines for the same record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evmatch.h"
#include "report/json.h"
#include "report/redact.h"
#include "util/buf.h"
#include "workflow/request.h"

/* Matches rq and renders {"line", "id", ...result} or the error. */
static int finish(const evm_index *ix, evm_request *rq, json_t *id, size_t lineno, int flags, char **out)
{
	evm_result *res = NULL;
	if (!rq->code && evm_request_check(rq, evm_index_lexicon(ix)) == 0) {
		rq->mo.brief = (flags & EVM_BATCH_COMPACT) != 0; /* compact output shows no reasons */
		int rc = evm_match(ix, rq->text, rq->len, &rq->mo, &res);
		if (rc < 0)
			evm_request_fail(rq, evm_error_name(rc), "%s", evm_error_message());
	}
	if (res) {
		/* the hot path: "line" and "id" in front of the result's members */
		char *masked = flags & EVM_BATCH_REDACT ? redact_copy(rq->text, rq->len) : NULL;
		char *idj = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
		char prefix[64];
		snprintf(prefix, sizeof prefix, "\"line\":%zu,\"id\":", lineno);
		evm_buf pre = EVM_BUF_INIT;
		evm_buf_puts(&pre, prefix);
		evm_buf_puts(&pre, idj ? idj : "null");
		*out = pre.failed ? NULL
				  : evm_report_result_text(res, masked ? masked : rq->text, rq->mo.framework,
							   (flags & EVM_BATCH_COMPACT) != 0, pre.ptr);
		evm_buf_free(&pre);
		free(idj);
		free(masked);
		evm_result_free(res);
		return *out ? 0 : EVM_ENOMEM;
	}
	json_t *line = json_object(), *e = json_object();
	json_object_set_new(line, "line", json_integer((json_int_t)lineno));
	json_object_set(line, "id", id);
	json_object_set_new(e, "code", json_string(rq->code));
	json_object_set_new(e, "message", json_string(rq->msg));
	json_object_set_new(line, "error", e);
	*out = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(line);
	return *out ? 1 : EVM_ENOMEM;
}

int evm_batch_record(const evm_index *ix, const char *input, size_t len, size_t lineno,
		     const evm_match_options *defaults, int flags, char **out)
{
	evm_request rq;
	evm_request_init(&rq, defaults);
	json_t *rid = json_integer((json_int_t)lineno);
	json_t *obj = NULL;
	size_t blank = 0; /* input is not NUL-terminated: count within len */
	while (blank < len && (input[blank] == ' ' || input[blank] == '\t' || input[blank] == '\r'))
		blank++;
	if (blank == len) {
		evm_request_fail(&rq, "invalid", "empty line");
	} else {
		json_error_t e;
		obj = json_loadb(input, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
		if (!obj)
			evm_request_fail(&rq, "parse", "malformed JSON at column %d: %s", e.column, e.text);
		else if (!json_is_object(obj))
			evm_request_fail(&rq, "invalid", "record is not a JSON object");
	}
	if (!rq.code) {
		json_t *id = json_object_get(obj, "id");
		if (id && (json_is_string(id) || json_is_integer(id) || json_is_real(id))) {
			json_decref(rid);
			rid = json_incref(id);
		} else if (id && !json_is_null(id)) {
			evm_request_fail(&rq, "invalid", "field 'id' must be a string or a number");
		}
		if (!rq.code)
			evm_request_read(&rq, obj, "competencies");
	}
	int rc = finish(ix, &rq, rid, lineno, flags, out);
	json_decref(obj);
	json_decref(rid);
	return rc;
}

int evm_batch_text(const evm_index *ix, const char *text, size_t len, size_t lineno, const char *id,
		   const evm_match_options *defaults, int flags, char **out)
{
	json_t *rid = id && *id ? json_string(id) : NULL;
	if (!rid)
		rid = json_integer((json_int_t)lineno);
	evm_request rq;
	evm_request_init(&rq, defaults);
	rq.text = text;
	rq.len = len;
	int rc = finish(ix, &rq, rid, lineno, flags, out);
	json_decref(rid);
	return rc;
}

int evm_batch_error(size_t lineno, const char *id, const char *code, const char *message, char **out)
{
	json_t *line = json_object(), *e = json_object();
	json_object_set_new(line, "line", json_integer((json_int_t)lineno));
	json_object_set_new(line, "id", id && *id ? json_string(id) : json_integer((json_int_t)lineno));
	json_object_set_new(e, "code", json_string(code));
	json_object_set_new(e, "message", json_string(message));
	json_object_set_new(line, "error", e);
	*out = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(line);
	return *out ? 1 : EVM_ENOMEM;
}
