/* evmatch tag: appraisal notes in, suggested indicator tags out, each with
 * its polarity, confidence and the span of the note that triggered it. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "records_in.h"
#include "report/json.h"
#include "report/redact.h"
#include "util/buf.h"

typedef enum { NOTES_LINES, NOTES_PARAGRAPHS, NOTES_JSONL } notes_format;

typedef struct {
	const evm_index *ix;
	evm_match_options mo;
	double min_conf;
	size_t top;
	int redact;
	cli_format fmt;
	size_t notes, tagged, errors;
} tagger;

/* Tags of one note: the best indicators of the competencies each of its
 * points evidences, above the confidence threshold, at most top of them. */
static void tag_note(tagger *tg, size_t line, json_t *id, const char *text, size_t len)
{
	evm_note_tags *nt = NULL;
	json_t *out = json_object(), *tags = NULL, *points = NULL;
	json_object_set_new(out, "line", json_integer((json_int_t)line));
	json_object_set(out, "id", id);
	tg->notes++;
	int rc = evm_tag_note(tg->ix, text, len, &tg->mo, tg->min_conf, tg->top, &nt);
	char *masked = tg->redact && rc == EVM_OK ? redact_copy(text, len) : NULL;
	const char *shown = masked ? masked : text;
	if (rc < 0) {
		json_t *e = json_object();
		json_object_set_new(e, "code", json_string(evm_error_name(rc)));
		json_object_set_new(e, "message", json_string(evm_error_message()));
		json_object_set_new(out, "error", e);
		tags = json_array();
		tg->errors++;
	} else {
		json_t *note = evm_report_note(nt, shown); /* after line and id, in its order */
		json_object_update(out, note);
		json_decref(note);
		points = json_incref(json_object_get(out, "points"));
		tags = json_incref(json_object_get(out, "tags"));
		tg->tagged += json_array_size(tags) > 0;
	}
	json_object_set(out, "tags", tags);
	if (tg->fmt == FMT_JSON) {
		char *s = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (s) {
			puts(s);
			free(s);
		}
	} else {
		printf("note %zu: ", line);
		fwrite(shown, 1, len > 200 ? 200 : len, stdout);
		printf("%s\n", len > 200 ? "..." : "");
		size_t npts = json_array_size(points);
		size_t i;
		json_t *t;
		if (npts > 1)
			json_array_foreach(points, i, t) {
				printf("  point %zu reads %s: ", i + 1, json_string_value(json_object_get(t, "polarity")));
				const char *pt = json_string_value(json_object_get(t, "text"));
				size_t pl = strlen(pt);
				fwrite(pt, 1, pl > 120 ? 120 : pl, stdout);
				printf("%s\n", pl > 120 ? "..." : "");
			}
		if (rc < 0)
			printf("  error: %s\n", evm_error_message());
		else if (!json_array_size(tags))
			printf("  (no tag above confidence %.2f)\n", tg->min_conf);
		json_array_foreach(tags, i, t) {
			printf("  [%s %.2f", json_string_value(json_object_get(t, "polarity")),
			       json_real_value(json_object_get(t, "confidence")));
			if (npts > 1)
				printf(", point %lld", (long long)json_integer_value(json_object_get(t, "point")) + 1);
			printf("] %s / %s: %s\n", json_string_value(json_object_get(t, "framework")),
			       json_string_value(json_object_get(t, "competency")), json_string_value(json_object_get(t, "text")));
			printf("      %s%s\n", json_string_value(json_object_get(t, "id")),
			       strcmp(json_string_value(json_object_get(t, "on")), "competency")
				       ? ""
				       : " (the competency: its cue words, no indicator's)");
		}
	}
	free(masked);
	json_decref(tags);
	json_decref(points);
	json_decref(out);
	evm_note_tags_free(nt);
}

static void tag_usage(FILE *f)
{
	fputs("usage: evmatch tag [OPTIONS] [FILE|-]\n"
	      "  --input-format lines|paragraphs|jsonl   one note per line (default), notes separated by\n"
	      "                                          blank lines, or JSON Lines with text and id\n"
	      "  --framework F, --competency C, --level L\n"
	      "  --min-confidence X   suggest tags at or above X (default 0.3)\n"
	      "  --top K              at most K tags per note (default 3)\n"
	      "  --redact             mask personal data in echoed text\n"
	      "  --format text|json   (json: one line per note)"
	      "\n",
	      f);
}

int cmd_tag(int argc, char **argv)
{
	cli_common co = {0};
	tagger tg;
	memset(&tg, 0, sizeof tg);
	tg.min_conf = 0.3;
	tg.top = 3;
	const char *path = NULL, *index = NULL;
	const char *comps[32];
	notes_format nf = NOTES_LINES;
	static const char *const with_value[] = {"--framework", "--min-confidence", "--top", "--index",
						 "--input-format", "--competency", "--level", NULL};
	for (int i = 1; i < argc; i++) {
		const char *a, *val;
		int k = cli_step(&co, argc, argv, &i, with_value, tag_usage, &a, &val);
		if (k == CLI_TAKEN)
			continue;
		if (k != CLI_ARG)
			return cli_step_exit(k);
		if (!strcmp(a, "--framework"))
			tg.mo.framework = val;
		else if (!strcmp(a, "--level"))
			tg.mo.level = val;
		else if (!strcmp(a, "--competency")) {
			if (tg.mo.ncompetencies == 32) {
				cli_error("too many --competency options");
				return EXIT_USAGE;
			}
			comps[tg.mo.ncompetencies++] = val;
		} else if (!strcmp(a, "--index"))
			index = val;
		else if (!strcmp(a, "--min-confidence")) {
			char *end;
			tg.min_conf = strtod(val, &end);
			if (*end || tg.min_conf < 0 || tg.min_conf > 1) {
				cli_error("--min-confidence takes a number from 0 to 1");
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--top")) {
			char *end;
			long v = strtol(val, &end, 10);
			if (*end || v < 1 || v > 100) {
				cli_error("--top takes a whole number from 1 to 100");
				return EXIT_USAGE;
			}
			tg.top = (size_t)v;
		} else if (!strcmp(a, "--input-format")) {
			const char *v = val;
			if (!strcmp(v, "lines"))
				nf = NOTES_LINES;
			else if (!strcmp(v, "paragraphs"))
				nf = NOTES_PARAGRAPHS;
			else if (!strcmp(v, "jsonl"))
				nf = NOTES_JSONL;
			else {
				cli_error("--input-format is lines, paragraphs or jsonl");
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--redact"))
			tg.redact = 1;
		else if (a[0] == '-' && a[1]) {
			cli_error("tag: unknown option '%s'", a);
			return EXIT_USAGE;
		} else
			path = a;
	}
	tg.mo.competencies = comps;
	tg.mo.top = tg.top;
	tg.mo.top_indicators = tg.top;
	tg.fmt = co.format;
	FILE *in = path && strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in) {
		cli_error("%s: cannot open", path);
		return EXIT_DATA;
	}
	evm_index *ix = cli_load_index(&co, index);
	if (!ix) {
		if (in != stdin)
			fclose(in);
		return EXIT_DATA;
	}
	tg.ix = ix;
	int rc = EXIT_OK;
	if (tg.mo.framework && !evm_lexicon_find_framework(evm_index_lexicon(ix), tg.mo.framework)) {
		cli_error("unknown framework '%s'", tg.mo.framework);
		rc = EXIT_DATA;
	}
	rec_reader rr;
	memset(&rr, 0, sizeof rr);
	rr.f = in;
	rr.max = EVM_MAX_TEXT;
	evm_buf line = EVM_BUF_INIT, para = EVM_BUF_INIT;
	size_t para_line = 0;
	int st;
	while (rc == EXIT_OK && (st = rec_next_line(&rr, &line)) != REC_EOF) {
		if (st == REC_IO) {
			cli_error("%s: read error", path ? path : "<stdin>");
			rc = EXIT_DATA;
			break;
		}
		int blank = strspn(line.ptr ? line.ptr : "", " \t") == line.len;
		json_t *id = json_integer((json_int_t)rr.line);
		if (st == REC_TOO_LONG) {
			tag_note(&tg, rr.line, id, "", 0); /* keeps the count: reported below */
			cli_error("line %zu: note longer than %zu bytes, not tagged", rr.line, rr.max);
			tg.errors++;
		} else if (nf == NOTES_LINES) {
			if (!blank)
				tag_note(&tg, rr.line, id, line.ptr, line.len);
		} else if (nf == NOTES_PARAGRAPHS) {
			if (!blank) {
				if (!para.len)
					para_line = rr.line;
				else
					evm_buf_putc(&para, '\n');
				evm_buf_put(&para, line.ptr, line.len);
			} else if (para.len) {
				json_t *pid = json_integer((json_int_t)para_line);
				tag_note(&tg, para_line, pid, para.ptr, para.len);
				json_decref(pid);
				evm_buf_clear(&para);
			}
		} else if (!blank) {
			json_error_t e;
			json_t *o = json_loadb(line.ptr, line.len, 0, &e);
			json_t *t = o ? json_object_get(o, "text") : NULL;
			json_t *oid = o ? json_object_get(o, "id") : NULL;
			if (!json_is_string(t)) {
				cli_error("line %zu: %s", rr.line, o ? "no string field 'text'" : e.text);
				tg.errors++;
			} else {
				tag_note(&tg, rr.line, oid ? oid : id, json_string_value(t), json_string_length(t));
			}
			json_decref(o);
		}
		json_decref(id);
	}
	if (nf == NOTES_PARAGRAPHS && para.len) {
		json_t *pid = json_integer((json_int_t)para_line);
		tag_note(&tg, para_line, pid, para.ptr, para.len);
		json_decref(pid);
	}
	evm_buf_free(&line);
	evm_buf_free(&para);
	if (tg.fmt == FMT_TEXT && rc == EXIT_OK)
		printf("\n%zu notes, %zu with tags, %zu errors\n", tg.notes, tg.tagged, tg.errors);
	evm_index_free(ix);
	if (in != stdin)
		fclose(in);
	if (rc == EXIT_OK && tg.errors)
		rc = EXIT_DATA;
	return cli_finish_output(rc);
}
