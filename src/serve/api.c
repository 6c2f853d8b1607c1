/* Routes of `evmatch serve`. Request bodies are the batch record schema
 * (text, framework, level, competencies) plus the knobs of the matching CLI
 * command; replies are the same JSON the CLI prints, so a caller can move
 * between the two without a second schema. */
#include "serve/api.h"

#include <stdlib.h>
#include <string.h>

#include "report/json.h"
#include "report/redact.h"
#include "serve/assets.h"
#include "workflow/request.h"

static const char JSON_TYPE[] = "application/json";

static void reply_json(serve_reply *out, int status, json_t *v)
{
	out->status = status;
	out->content_type = JSON_TYPE;
	out->body = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(v);
	if (!out->body) {
		out->status = 500;
		out->body = (char *)"{\"error\":{\"code\":\"nomem\",\"message\":\"out of memory\"}}";
		out->is_static = 1;
	}
	out->len = strlen(out->body);
}

void serve_error(serve_reply *out, int status, const char *code, const char *message)
{
	memset(out, 0, sizeof *out); /* a whole reply: the server calls this on a fresh one too */
	json_t *o = json_object(), *e = json_object();
	json_object_set_new(e, "code", json_string(code));
	json_object_set_new(e, "message", json_string(message));
	json_object_set_new(o, "error", e);
	reply_json(out, status, o);
}

void serve_reply_free(serve_reply *r)
{
	if (!r->is_static)
		free(r->body);
	memset(r, 0, sizeof *r);
}

/* A request failure: unknown names are 404 on GET routes only; in a body
 * they are the caller's mistake in what it sent, 400 like any other. */
static void request_error(serve_reply *out, const evm_request *rq)
{
	int status = strcmp(rq->code, "limit") == 0 ? 413 : strcmp(rq->code, "nomem") == 0 ? 500 : 400;
	serve_error(out, status, rq->code, rq->msg);
}

static json_t *parse_body(const char *body, size_t len, evm_request *rq)
{
	json_error_t e;
	json_t *obj = json_loadb(body, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &e);
	if (!obj) {
		evm_request_fail(rq, "parse", "request body: malformed JSON at line %d, column %d: %s", e.line, e.column,
				 e.text);
		return NULL;
	}
	if (!json_is_object(obj)) {
		evm_request_fail(rq, "invalid", "request body must be a JSON object");
		json_decref(obj);
		return NULL;
	}
	return obj;
}

typedef enum { ROUTE_MATCH, ROUTE_TAG, ROUTE_SCREEN } post_route;

static void post(const evm_index *ix, post_route route, const char *body, size_t len, serve_reply *out)
{
	evm_request rq;
	evm_request_init(&rq, NULL);
	json_t *obj = parse_body(body, len, &rq);
	size_t top = route == ROUTE_TAG ? 3 : 5, inds = 3, word_limit = 250;
	double min_conf = 0.3;
	int redact = 0;
	if (obj && evm_request_read(&rq, obj, route == ROUTE_SCREEN ? "behaviours" : "competencies") == 0) {
		evm_request_bool(&rq, obj, "redact", &redact);
		if (route == ROUTE_MATCH) {
			evm_request_uint(&rq, obj, "top", 1, 1000, &top);
			evm_request_uint(&rq, obj, "indicators", 1, 1000, &inds);
		} else if (route == ROUTE_TAG) {
			evm_request_uint(&rq, obj, "top", 1, 100, &top);
			evm_request_real(&rq, obj, "min_confidence", 0, 1, &min_conf);
		} else {
			evm_request_uint(&rq, obj, "word_limit", 1, 100000, &word_limit);
			if (!rq.code && (!rq.mo.framework || !rq.mo.ncompetencies))
				evm_request_fail(&rq, "invalid", "screening needs 'framework' and a non-empty 'behaviours' array");
		}
	}
	if (!rq.code && rq.len > EVM_MAX_TEXT)
		evm_request_fail(&rq, "limit", "text is %zu bytes; the limit is %u", rq.len, EVM_MAX_TEXT);
	if (!rq.code)
		evm_request_check(&rq, evm_index_lexicon(ix));
	if (!rq.code && rq.mo.level && rq.mo.framework &&
	    !evm_framework_find_level(evm_lexicon_find_framework(evm_index_lexicon(ix), rq.mo.framework), rq.mo.level))
		evm_request_fail(&rq, "notfound", "framework '%s' has no level '%s'", rq.mo.framework, rq.mo.level);
	if (rq.code) {
		request_error(out, &rq);
		json_decref(obj);
		return;
	}
	rq.mo.top = top;
	rq.mo.top_indicators = inds;
	evm_result *r = NULL;
	evm_screen_result *sr = NULL;
	evm_note_tags *nt = NULL;
	int rc;
	if (route == ROUTE_SCREEN) {
		evm_screen_options so = {rq.mo.framework, rq.mo.competencies, rq.mo.ncompetencies, rq.mo.level,
					 word_limit};
		rc = evm_screen(ix, rq.text, rq.len, &so, &sr);
	} else if (route == ROUTE_TAG) {
		rc = evm_tag_note(ix, rq.text, rq.len, &rq.mo, min_conf, top, &nt);
	} else {
		rc = evm_match(ix, rq.text, rq.len, &rq.mo, &r);
	}
	if (rc < 0) {
		evm_request_fail(&rq, evm_error_name(rc), "%s", evm_error_message());
		request_error(out, &rq);
		json_decref(obj);
		return;
	}
	char *masked = redact ? redact_copy(rq.text, rq.len) : NULL;
	const char *shown = masked ? masked : rq.text;
	json_t *res = NULL;
	if (route == ROUTE_MATCH) {
		/* the largest answer: written as text, never built as a tree */
		out->status = 200;
		out->content_type = JSON_TYPE;
		out->body = evm_report_result_text(r, shown, rq.mo.framework, 0, NULL);
		if (!out->body)
			serve_error(out, 500, "nomem", "out of memory");
		else
			out->len = strlen(out->body);
	} else if (route == ROUTE_SCREEN) {
		res = evm_report_screen(sr, shown);
	} else {
		res = evm_report_note(nt, shown);
	}
	free(masked);
	evm_result_free(r);
	evm_screen_free(sr);
	evm_note_tags_free(nt);
	json_decref(obj);
	if (route != ROUTE_MATCH)
		reply_json(out, 200, res);
}

static void frameworks(const evm_index *ix, serve_reply *out)
{
	const evm_lexicon *lx = evm_index_lexicon(ix);
	json_t *arr = json_array();
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++)
		json_array_append_new(arr, evm_report_framework(evm_lexicon_framework(lx, f)));
	reply_json(out, 200, arr);
}

static void indicator(const evm_index *ix, const char *id, serve_reply *out)
{
	const evm_framework *fw = NULL;
	const evm_indicator *ind = evm_lexicon_find_indicator(evm_index_lexicon(ix), id, &fw);
	if (!ind) {
		json_t *msg = json_sprintf("no indicator with id '%s'", id);
		serve_error(out, 404, "notfound", msg ? json_string_value(msg) : "no such indicator");
		json_decref(msg);
		return;
	}
	reply_json(out, 200, evm_report_indicator(fw, ind));
}

static void health(const evm_index *ix, serve_reply *out)
{
	const evm_lexicon *lx = evm_index_lexicon(ix);
	size_t n = 0;
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++)
		n += evm_framework_indicator_count(evm_lexicon_framework(lx, f));
	json_t *o = json_object();
	json_object_set_new(o, "status", json_string("ok"));
	json_object_set_new(o, "version", json_string(EVM_VERSION_STRING));
	json_object_set_new(o, "frameworks", json_integer((json_int_t)evm_lexicon_framework_count(lx)));
	json_object_set_new(o, "indicators", json_integer((json_int_t)n));
	reply_json(out, 200, o);
}

static void page(serve_reply *out)
{
	const evm_builtin_file *a = serve_asset_find("page.html");
	out->status = 200;
	out->content_type = "text/html; charset=utf-8";
	out->body = (char *)a->data;
	out->len = a->len;
	out->is_static = 1;
}

/* Which method a path takes, so a wrong one is 405 rather than 404. */
static const char *allowed(const char *path)
{
	if (!strcmp(path, "/v1/match") || !strcmp(path, "/v1/tag") || !strcmp(path, "/v1/screen"))
		return "POST";
	if (!strcmp(path, "/") || !strcmp(path, "/healthz") || !strcmp(path, "/v1/frameworks") ||
	    (!strncmp(path, "/v1/indicators/", 15) && path[15]))
		return "GET";
	return NULL;
}

void serve_handle(const evm_index *ix, const char *method, const char *path, const char *body, size_t len,
		  serve_reply *out)
{
	memset(out, 0, sizeof *out);
	const char *allow = allowed(path);
	int head = !strcmp(method, "HEAD");
	if (!allow) {
		serve_error(out, 404, "notfound", "no such endpoint (see GET /v1/frameworks, POST /v1/match, /v1/tag, /v1/screen)");
		return;
	}
	if (strcmp(method, allow) != 0 && !(head && !strcmp(allow, "GET"))) {
		serve_error(out, 405, "method", strcmp(allow, "GET") == 0 ? "this endpoint takes GET" : "this endpoint takes POST with a JSON body");
		out->allow = strcmp(allow, "GET") == 0 ? "GET, HEAD" : "POST";
		return;
	}
	if (!strcmp(path, "/"))
		page(out);
	else if (!strcmp(path, "/healthz"))
		health(ix, out);
	else if (!strcmp(path, "/v1/frameworks"))
		frameworks(ix, out);
	else if (!strncmp(path, "/v1/indicators/", 15))
		indicator(ix, path + 15, out);
	else
		post(ix, !strcmp(path, "/v1/match") ? ROUTE_MATCH : !strcmp(path, "/v1/tag") ? ROUTE_TAG : ROUTE_SCREEN,
		     body ? body : "", body ? len : 0, out);
}
