#include "workflow/request.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void evm_request_init(evm_request *rq, const evm_match_options *defaults)
{
	memset(rq, 0, sizeof *rq);
	rq->text = "";
	if (defaults)
		rq->mo = *defaults;
}

void evm_request_fail(evm_request *rq, const char *code, const char *fmt, ...)
{
	if (rq->code)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rq->msg, sizeof rq->msg, fmt, ap);
	va_end(ap);
	rq->code = code;
}

static int optional_string(evm_request *rq, const json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		evm_request_fail(rq, "invalid", "field '%s' must be a string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

int evm_request_read(evm_request *rq, const json_t *obj, const char *comps_key)
{
	json_t *t = json_object_get(obj, "text"), *cs = json_object_get(obj, comps_key);
	if (!json_is_string(t)) {
		evm_request_fail(rq, "invalid", "field 'text' must be a string");
		return -1;
	}
	if (optional_string(rq, obj, "framework", &rq->mo.framework) < 0 ||
	    optional_string(rq, obj, "level", &rq->mo.level) < 0)
		return -1;
	if (cs && !json_is_null(cs) && !json_is_array(cs)) {
		evm_request_fail(rq, "invalid", "field '%s' must be an array of strings", comps_key);
		return -1;
	}
	rq->text = json_string_value(t);
	rq->len = json_string_length(t);
	size_t i, n = 0;
	json_t *v;
	json_array_foreach(cs, i, v) {
		if (!json_is_string(v)) {
			evm_request_fail(rq, "invalid", "field '%s' must be an array of strings", comps_key);
			return -1;
		}
		if (n == EVM_REQUEST_MAX_COMPS) {
			evm_request_fail(rq, "limit", "more than %d competencies", EVM_REQUEST_MAX_COMPS);
			return -1;
		}
		rq->comps[n++] = json_string_value(v);
	}
	if (n) {
		rq->mo.competencies = rq->comps;
		rq->mo.ncompetencies = n;
	}
	return 0;
}

int evm_request_uint(evm_request *rq, const json_t *obj, const char *key, long lo, long hi, size_t *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		evm_request_fail(rq, "invalid", "field '%s' must be a whole number from %ld to %ld", key, lo, hi);
		return -1;
	}
	*out = (size_t)json_integer_value(v);
	return 0;
}

int evm_request_real(evm_request *rq, const json_t *obj, const char *key, double lo, double hi, double *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi) {
		evm_request_fail(rq, "invalid", "field '%s' must be a number from %g to %g", key, lo, hi);
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

int evm_request_bool(evm_request *rq, const json_t *obj, const char *key, int *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		evm_request_fail(rq, "invalid", "field '%s' must be true or false", key);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
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

int evm_request_check(evm_request *rq, const evm_lexicon *lx)
{
	const evm_match_options *o = &rq->mo;
	const evm_framework *fw = o->framework ? evm_lexicon_find_framework(lx, o->framework) : NULL;
	if (o->framework && !fw)
		evm_request_fail(rq, "notfound", "unknown framework '%s'", o->framework);
	for (size_t i = 0; !rq->code && i < o->ncompetencies; i++)
		if (!known_comp(lx, o->framework, o->competencies[i]))
			evm_request_fail(rq, "notfound", "no competency '%s'", o->competencies[i]);
	return rq->code ? -1 : 0;
}
