/* One batch record in, one output line out, always: the JSON Lines input
 * schema (text; optional id, framework, competencies, level) and its output
 * or error record. Shared by evmatch batch, the bindings and the service, so
 * every route gives byte-identical lines for the same record. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evmatch.h"
#include "report/json.h"
#include "report/redact.h"

#define MAX_COMPS 32

typedef struct {
	json_t *id;
	const char *code;
	char msg[512];
} rec;

static void fail(rec *r, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	r->code = code;
}

static const char *code_of(int rc)
{
	switch (rc) {
	case EVM_ELIMIT: return "limit";
	case EVM_ENOTFOUND: return "notfound";
	case EVM_ENOMEM: return "nomem";
	default: return "invalid";
	}
}

static int known_comp(const evm_lexicon *lx, const char *fw, const char *name)
{
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++) {
		const evm_framework *x = evm_lexicon_framework(lx, f);
		if ((!fw || !strcmp(evm_framework_id(x), fw)) && evm_framework_find_competency(x, name))
			return 1;
	}
	return 0;
}

/* Matches text with o and renders {"line", "id", ...result} or the error. */
static int finish(const evm_index *ix, rec *r, size_t lineno, const char *text, size_t len, const evm_match_options *o,
		  int redact, char **out)
{
	evm_result *res = NULL;
	const evm_lexicon *lx = evm_index_lexicon(ix);
	if (!r->code && o->framework && !evm_lexicon_find_framework(lx, o->framework))
		fail(r, "notfound", "unknown framework '%s'", o->framework);
	for (size_t i = 0; !r->code && i < o->ncompetencies; i++)
		if (!known_comp(lx, o->framework, o->competencies[i]))
			fail(r, "notfound", "no competency '%s'", o->competencies[i]);
	if (!r->code) {
		int rc = evm_match(ix, text, len, o, &res);
		if (rc < 0)
			fail(r, code_of(rc), "%s", evm_error_message());
	}
	json_t *line = json_object();
	json_object_set_new(line, "line", json_integer((json_int_t)lineno));
	json_object_set(line, "id", r->id);
	if (res) {
		char *masked = redact ? redact_copy(text, len) : NULL;
		json_t *j = evm_report_result(res, masked ? masked : text, o->framework);
		json_object_update(line, j);
		json_decref(j);
		free(masked);
		evm_result_free(res);
	} else {
		json_t *e = json_object();
		json_object_set_new(e, "code", json_string(r->code));
		json_object_set_new(e, "message", json_string(r->msg));
		json_object_set_new(line, "error", e);
	}
	*out = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(line);
	if (!*out)
		return EVM_ENOMEM;
	return res ? 0 : 1;
}

int evm_batch_record(const evm_index *ix, const char *input, size_t len, size_t lineno,
		     const evm_match_options *defaults, int redact, char **out)
{
	rec r = {json_integer((json_int_t)lineno), NULL, ""};
	evm_match_options o = defaults ? *defaults : (evm_match_options){0};
	const char *comps[MAX_COMPS];
	const char *text = "";
	size_t tlen = 0;
	json_t *obj = NULL;
	size_t blank = 0; /* input is not NUL-terminated: count within len */
	while (blank < len && (input[blank] == ' ' || input[blank] == '\t' || input[blank] == '\r'))
		blank++;
	if (blank == len) {
		fail(&r, "invalid", "empty line");
	} else {
		json_error_t e;
		obj = json_loadb(input, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
		if (!obj)
			fail(&r, "parse", "malformed JSON at column %d: %s", e.column, e.text);
		else if (!json_is_object(obj))
			fail(&r, "invalid", "record is not a JSON object");
	}
	if (!r.code) {
		json_t *id = json_object_get(obj, "id");
		json_t *t = json_object_get(obj, "text"), *fw = json_object_get(obj, "framework");
		json_t *lv = json_object_get(obj, "level"), *cs = json_object_get(obj, "competencies");
		if (id && (json_is_string(id) || json_is_integer(id) || json_is_real(id))) {
			json_decref(r.id);
			r.id = json_incref(id);
		} else if (id && !json_is_null(id)) {
			fail(&r, "invalid", "field 'id' must be a string or a number");
		}
		if (r.code) {
		} else if (!json_is_string(t)) {
			fail(&r, "invalid", "field 'text' must be a string");
		} else if (fw && !json_is_null(fw) && !json_is_string(fw)) {
			fail(&r, "invalid", "field 'framework' must be a string");
		} else if (lv && !json_is_null(lv) && !json_is_string(lv)) {
			fail(&r, "invalid", "field 'level' must be a string");
		} else if (cs && !json_is_null(cs) && !json_is_array(cs)) {
			fail(&r, "invalid", "field 'competencies' must be an array of strings");
		} else {
			text = json_string_value(t);
			tlen = json_string_length(t);
			if (json_is_string(fw))
				o.framework = json_string_value(fw);
			if (json_is_string(lv))
				o.level = json_string_value(lv);
			if (json_is_array(cs) && json_array_size(cs)) {
				size_t i, n = 0;
				json_t *v;
				json_array_foreach(cs, i, v) {
					if (!json_is_string(v)) {
						fail(&r, "invalid", "field 'competencies' must be an array of strings");
						break;
					}
					if (n == MAX_COMPS) {
						fail(&r, "limit", "more than %d competencies", MAX_COMPS);
						break;
					}
					comps[n++] = json_string_value(v);
				}
				o.competencies = comps;
				o.ncompetencies = n;
			}
		}
	}
	int rc = finish(ix, &r, lineno, text, tlen, &o, redact, out);
	json_decref(obj);
	json_decref(r.id);
	return rc;
}

int evm_batch_text(const evm_index *ix, const char *text, size_t len, size_t lineno, const char *id,
		   const evm_match_options *defaults, int redact, char **out)
{
	rec r = {id && *id ? json_string(id) : json_integer((json_int_t)lineno), NULL, ""};
	if (!r.id)
		r.id = json_integer((json_int_t)lineno);
	evm_match_options o = defaults ? *defaults : (evm_match_options){0};
	int rc = finish(ix, &r, lineno, text, len, &o, redact, out);
	json_decref(r.id);
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
