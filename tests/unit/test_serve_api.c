/* serve/: every route and every kind of bad request, without sockets. The
 * replies must be the CLI's schemas (the same renderers), so spot checks of
 * fields suffice; the HTTP side is tested in tests/cli/test_serve.sh. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_index.h"
#include "check.h"
#include "evmatch.h"
#include "serve/api.h"

static evm_index *IX;

/* Sends one request; returns the parsed JSON body (or NULL for non-JSON). */
static json_t *req(const char *method, const char *path, const char *body, int want_status)
{
	serve_reply r;
	serve_handle(IX, method, path, body, body ? strlen(body) : 0, &r);
	if (r.status != want_status)
		fprintf(stderr, "  %s %s -> %d, expected %d: %.*s\n", method, path, r.status, want_status,
			(int)(r.len > 300 ? 300 : r.len), r.body);
	CHECK_INT(r.status, want_status);
	json_t *j = NULL;
	if (r.content_type && !strcmp(r.content_type, "application/json")) {
		json_error_t e;
		j = json_loadb(r.body, r.len, 0, &e);
		CHECK(j != NULL);
	}
	serve_reply_free(&r);
	return j;
}

static const char *err_code(json_t *j)
{
	return json_string_value(json_object_get(json_object_get(j, "error"), "code"));
}

static void test_get_routes(void)
{
	json_t *j = req("GET", "/healthz", NULL, 200);
	CHECK_STR(json_string_value(json_object_get(j, "status")), "ok");
	CHECK_INT(json_integer_value(json_object_get(j, "frameworks")), 5);
	json_decref(j);

	j = req("GET", "/v1/frameworks", NULL, 200);
	CHECK_INT(json_array_size(j), 5);
	size_t i;
	json_t *f;
	int saw_police = 0;
	json_array_foreach(j, i, f) {
		CHECK(json_array_size(json_object_get(f, "competencies")) > 0);
		saw_police |= !strcmp(json_string_value(json_object_get(f, "id")), "police-force");
	}
	CHECK(saw_police);
	json_decref(j);

	j = req("GET", "/v1/indicators/success-profiles.working-together.l3.02", NULL, 200);
	CHECK_STR(json_string_value(json_object_get(j, "competency")), "Working Together");
	CHECK_STR(json_string_value(json_object_get(j, "level")), "3");
	json_decref(j);
	j = req("GET", "/v1/indicators/no.such.thing", NULL, 404);
	CHECK_STR(err_code(j), "notfound");
	json_decref(j);

	serve_reply r;
	serve_handle(IX, "GET", "/", NULL, 0, &r);
	CHECK_INT(r.status, 200);
	CHECK(r.content_type && !strncmp(r.content_type, "text/html", 9));
	CHECK(r.len > 1000 && strstr(r.body, "/v1/tag") != NULL); /* the embedded page is NUL-terminated */
	serve_reply_free(&r);
	serve_handle(IX, "HEAD", "/healthz", NULL, 0, &r);
	CHECK_INT(r.status, 200);
	serve_reply_free(&r);
}

static void test_methods_and_paths(void)
{
	json_t *j = req("GET", "/v1/match", NULL, 405);
	CHECK_STR(err_code(j), "method");
	json_decref(j);
	serve_reply r;
	serve_handle(IX, "DELETE", "/v1/frameworks", NULL, 0, &r);
	CHECK_INT(r.status, 405);
	CHECK_STR(r.allow, "GET, HEAD");
	serve_reply_free(&r);
	json_decref(req("POST", "/v1/nothing", "{}", 404));
	json_decref(req("GET", "/v1/indicators/", NULL, 404));
	json_decref(req("GET", "/../etc/passwd", NULL, 404));
}

static void test_match_tag_screen(void)
{
	const char *note = "{\"text\": \"Missed the deadline for the monthly returns twice and did not update the team.\","
			   " \"framework\": \"noms\"}";
	json_t *j = req("POST", "/v1/tag", note, 200);
	CHECK_STR(json_string_value(json_object_get(j, "polarity")), "ineffective");
	json_t *tags = json_object_get(j, "tags");
	CHECK(json_array_size(tags) >= 1);
	json_t *t0 = json_array_get(tags, 0);
	CHECK_STR(json_string_value(json_object_get(t0, "framework")), "noms");
	CHECK(json_object_get(json_object_get(t0, "span"), "start") != NULL);
	CHECK_INT(json_integer_value(json_object_get(t0, "point")), 0);
	CHECK_INT(json_array_size(json_object_get(j, "points")), 1);
	json_decref(j);

	/* a note of two points, the CLI's answer */
	j = req("POST", "/v1/tag",
		"{\"text\": \"Missed the deadline twice and did not update the team. Great with new starters, always patient.\","
		" \"framework\": \"success-profiles\"}", 200);
	json_t *pts = json_object_get(j, "points");
	CHECK_INT(json_array_size(pts), 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(pts, 1), "polarity")), "effective");
	json_decref(j);

	j = req("POST", "/v1/match",
		"{\"text\": \"I set up a weekly rota so the backlog was cleared before the deadline.\","
		" \"framework\": \"success-profiles\", \"top\": 2, \"indicators\": 1}", 200);
	json_t *comps = json_object_get(j, "competencies");
	CHECK_INT(json_array_size(comps), 2);
	CHECK_INT(json_array_size(json_object_get(json_array_get(comps, 0), "indicators")), 1);
	CHECK_STR(json_string_value(json_object_get(j, "framework")), "success-profiles");
	json_decref(j);

	j = req("POST", "/v1/screen",
		"{\"text\": \"I set up a rota and we cleared the backlog of 300 cases in two weeks.\","
		" \"framework\": \"success-profiles\", \"behaviours\": [\"Delivering at Pace\"], \"level\": \"3\"}", 200);
	CHECK_INT(json_array_size(json_object_get(j, "behaviours")), 1);
	CHECK(json_object_get(j, "checks") != NULL);
	json_decref(j);

	/* personal data masked byte for byte in what is echoed */
	j = req("POST", "/v1/tag", "{\"text\": \"Did not reply to jo.bloggs@example.org for a week.\", \"redact\": true,"
				   " \"min_confidence\": 0}", 200);
	char *s = json_dumps(j, 0);
	CHECK(s && !strstr(s, "jo.bloggs@example.org"));
	free(s);
	json_decref(j);

	/* a NUL inside the text is data, not the end of it */
	json_decref(req("POST", "/v1/match", "{\"text\": \"Cleared the backlog\\u0000 early.\"}", 200));
}

static void test_bad_requests(void)
{
	/* the server builds its own 413 on an uninitialised reply: nothing of
	 * the garbage may survive (ASan found an Allow header read from it) */
	serve_reply junk;
	memset(&junk, 0xab, sizeof junk);
	serve_error(&junk, 413, "limit", "too big");
	CHECK(junk.allow == NULL && !junk.is_static && junk.status == 413 && junk.body != NULL);
	serve_reply_free(&junk);

	static const struct {
		const char *body;
		int status;
		const char *code;
	} cases[] = {
		{"", 400, "parse"},
		{"{\"text\": ", 400, "parse"},
		{"[1, 2]", 400, "invalid"},
		{"\"text\"", 400, "parse"},
		{"{\"text\": 42}", 400, "invalid"},
		{"{}", 400, "invalid"},
		{"{\"text\": \"x\", \"text\": \"y\"}", 400, "parse"},
		{"{\"text\": \"x\", \"framework\": 7}", 400, "invalid"},
		{"{\"text\": \"x\", \"framework\": \"nope\"}", 400, "notfound"},
		{"{\"text\": \"x\", \"competencies\": \"Working Together\"}", 400, "invalid"},
		{"{\"text\": \"x\", \"competencies\": [\"No Such\"]}", 400, "notfound"},
		{"{\"text\": \"x\", \"framework\": \"noms\", \"level\": \"99\"}", 400, "notfound"},
		{"{\"text\": \"x\", \"top\": 0}", 400, "invalid"},
		{"{\"text\": \"x\", \"top\": \"3\"}", 400, "invalid"},
		{"{\"text\": \"x\", \"redact\": \"yes\"}", 400, "invalid"},
		{"{\"text\": \"\\ud800\"}", 400, "parse"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *j = req("POST", "/v1/match", cases[i].body, cases[i].status);
		if (!err_code(j) || strcmp(err_code(j), cases[i].code))
			fprintf(stderr, "  body %s: code %s, expected %s\n", cases[i].body, err_code(j), cases[i].code);
		CHECK(err_code(j) && !strcmp(err_code(j), cases[i].code));
		CHECK(json_string_value(json_object_get(json_object_get(j, "error"), "message")) != NULL);
		json_decref(j);
	}
	json_t *j = req("POST", "/v1/tag", "{\"text\": \"x\", \"min_confidence\": 1.5}", 400);
	json_decref(j);
	j = req("POST", "/v1/screen", "{\"text\": \"x\", \"framework\": \"success-profiles\"}", 400);
	CHECK_STR(err_code(j), "invalid");
	json_decref(j);
	j = req("POST", "/v1/screen", "{\"text\": \"x\", \"behaviours\": [\"Leadership\"]}", 400);
	json_decref(j);

	/* invalid UTF-8 in the body is refused by the JSON parser, not matched */
	json_decref(req("POST", "/v1/match", "{\"text\": \"\xff\xfe\"}", 400));

	/* a text over the matching limit: 413 with the limit named */
	size_t n = EVM_MAX_TEXT + 10;
	char *big = malloc(n + 32);
	memcpy(big, "{\"text\": \"", 10);
	memset(big + 10, 'a', n);
	memcpy(big + 10 + n, "\"}", 3);
	j = req("POST", "/v1/match", big, 413);
	CHECK_STR(err_code(j), "limit");
	json_decref(j);
	free(big);
}

int main(void)
{
	IX = builtin_index();
	if (!IX)
		return check_summary("serve_api");
	test_get_routes();
	test_methods_and_paths();
	test_match_tag_screen();
	test_bad_requests();
	evm_index_free(IX);
	return check_summary("serve_api");
}
