/* evmatch screen: sift application statements against an advert. One
 * statement gives a report per required behaviour; a batch (JSONL or CSV)
 * gives a ranked table of candidates, as text, JSON Lines or CSV. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "records_in.h"
#include "report/json.h"
#include "util/fileio.h"

#define MAXB 16

typedef struct {
	char *id;
	evm_screen_result *r;
	char *text;
	size_t len;
	char *error;
} candidate;

static int read_advert(const char *path, evm_screen_options *so, const char **beh, char **keep, int *nkeep)
{
	char *data;
	size_t len;
	if (evm_read_file(path, 1 << 20, &data, &len) < 0) {
		cli_error("%s", evm_error_message());
		return -1;
	}
	int ln = 0, rc = 0;
	for (char *line = strtok(data, "\n"); line && !rc; line = strtok(NULL, "\n")) {
		ln++;
		while (*line == ' ' || *line == '\t')
			line++;
		size_t l = strlen(line);
		while (l && (line[l - 1] == '\r' || line[l - 1] == ' '))
			line[--l] = '\0';
		if (!*line || *line == '#')
			continue;
		char *colon = strchr(line, ':');
		if (!colon) {
			cli_error("%s:%d: expected 'key: value'", path, ln);
			rc = -1;
			break;
		}
		*colon = '\0';
		char *v = colon + 1;
		while (*v == ' ')
			v++;
		char *copy = strdup(v);
		keep[(*nkeep)++] = copy;
		if (!strcmp(line, "framework"))
			so->framework = copy;
		else if (!strcmp(line, "behaviour") && so->nbehaviours < MAXB)
			beh[so->nbehaviours++] = copy;
		else if (!strcmp(line, "level"))
			so->level = copy;
		else if (!strcmp(line, "word-limit"))
			so->word_limit = (size_t)atol(copy);
		else {
			cli_error("%s:%d: unknown key '%s' (framework, behaviour, level, word-limit)", path, ln, line);
			rc = -1;
		}
	}
	free(data);
	return rc;
}

static json_t *screen_json(const candidate *c)
{
	json_t *o;
	if (c->error) {
		json_t *e = json_object();
		o = json_object();
		json_object_set_new(e, "message", json_string(c->error));
		json_object_set_new(o, "error", e);
	} else {
		o = evm_report_screen(c->r, c->text);
	}
	json_t *out = json_object();
	json_object_set_new(out, "id", c->id ? json_string(c->id) : json_null());
	json_object_update(out, o);
	json_decref(o);
	return out;
}

static void screen_text(const candidate *c, const evm_screen_options *so)
{
	printf("Statement%s%s: ", c->id ? " " : "", c->id ? c->id : "");
	if (c->error) {
		printf("error: %s\n", c->error);
		return;
	}
	const evm_writing_checks *w = evm_screen_checks(c->r);
	printf("%zu words (limit %zu%s), \"I\" %zu against \"we\" %zu\n", w->words, w->word_limit,
	       w->over_limit ? ", OVER" : "", w->first_person, w->collective);
	printf("  STAR: situation %s, task %s, action %s, result %s; quantified result %s\n", w->star[0] ? "yes" : "no",
	       w->star[1] ? "yes" : "no", w->star[2] ? "yes" : "no", w->star[3] ? "yes" : "no",
	       w->quantified_result ? "yes" : "no");
	for (size_t i = 0; i < evm_screen_behaviour_count(c->r); i++) {
		const evm_screen_behaviour *b = evm_screen_behaviour_get(c->r, i);
		printf("  %-30s %-6s (strength %.2f, rank %d", b->behaviour->name, evm_verdict_name(b->verdict), b->strength,
		       b->rank);
		if (b->match && b->match->level)
			printf(", reads at %s%s%s", b->match->level->label, so->level ? " — " : "",
			       !so->level ? "" : b->match->level_vs_advertised < 0 ? "below the advertised level"
					       : b->match->level_vs_advertised > 0 ? "above the advertised level" : "at the advertised level");
		printf(")\n");
		for (size_t k = 0; b->match && k < b->match->nindicators && k < 2; k++) {
			const evm_indicator_match *im = &b->match->indicators[k];
			printf("      \"%.*s\"\n        ~ %s\n", (int)(im->end - im->start), c->text + im->start, im->indicator->text);
		}
	}
}

static void csv_field(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static int cmp_cand(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	double sx = x->r ? evm_screen_overall(x->r) : -1e9, sy = y->r ? evm_screen_overall(y->r) : -1e9;
	return sx < sy ? 1 : sx > sy ? -1 : 0;
}

static void screen_usage(FILE *f)
{
	fputs("usage: evmatch screen [OPTIONS] [FILE|-]\n"
	      "  --framework F --behaviour B (repeatable) --level L --word-limit N (default 250)\n"
	      "  --advert FILE          the same as lines 'framework: F', 'behaviour: B', 'level: L', 'word-limit: N'\n"
	      "  --text STRING          one statement given inline\n"
	      "  --input-format jsonl|csv   a batch of statements (fields text and id; CSV: --text-column, --id-column)\n"
	      "  --format text|json|csv  (a batch is ranked best first)"
	      "\n",
	      f);
}

int cmd_screen(int argc, char **argv)
{
	cli_common co = {0};
	evm_screen_options so = {0};
	const char *beh[MAXB];
	char *keep[64];
	int nkeep = 0;
	const char *path = NULL, *index = NULL, *inline_text = NULL, *input = NULL, *text_col = "text", *id_col = "id";
	int csv_out = 0;
	int rc = EXIT_OK;
	static const char *const with_value[] = {"--framework",    "--behaviour",   "--competency", "--level",
						 "--word-limit",   "--advert",      "--index",      "--text",
						 "--input-format", "--text-column", "--id-column",  NULL};
	for (int i = 1; i < argc && rc == EXIT_OK; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "csv")) {
			csv_out = 1;
			i++;
			continue;
		}
		const char *a, *val;
		int k = cli_step(&co, argc, argv, &i, with_value, screen_usage, &a, &val);
		if (k == CLI_TAKEN)
			continue;
		if (k != CLI_ARG)
			return cli_step_exit(k);
		if (!strcmp(a, "--framework"))
			so.framework = val;
		else if (!strcmp(a, "--behaviour") || !strcmp(a, "--competency")) {
			if (so.nbehaviours == MAXB) {
				cli_error("at most %d behaviours", MAXB);
				return EXIT_USAGE;
			}
			beh[so.nbehaviours++] = val;
		} else if (!strcmp(a, "--level"))
			so.level = val;
		else if (!strcmp(a, "--word-limit")) {
			char *end;
			long v = strtol(val, &end, 10);
			if (*end || v < 1 || v > 100000) {
				cli_error("--word-limit takes a whole number from 1 to 100000");
				return EXIT_USAGE;
			}
			so.word_limit = (size_t)v;
		} else if (!strcmp(a, "--advert")) {
			so.behaviours = beh;
			if (read_advert(val, &so, beh, keep, &nkeep) < 0)
				rc = EXIT_DATA;
		} else if (!strcmp(a, "--index"))
			index = val;
		else if (!strcmp(a, "--text"))
			inline_text = val;
		else if (!strcmp(a, "--input-format"))
			input = val;
		else if (!strcmp(a, "--text-column"))
			text_col = val;
		else if (!strcmp(a, "--id-column"))
			id_col = val;
		else if (a[0] == '-' && a[1]) {
			cli_error("screen: unknown option '%s'", a);
			return EXIT_USAGE;
		} else
			path = a;
	}
	so.behaviours = beh;
	if (rc == EXIT_OK && (!so.framework || !so.nbehaviours)) {
		cli_error("screen needs --framework and at least one --behaviour (or --advert FILE)");
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK && input && strcmp(input, "jsonl") && strcmp(input, "csv")) {
		cli_error("--input-format is jsonl or csv");
		rc = EXIT_USAGE;
	}
	evm_index *ix = rc == EXIT_OK ? cli_load_index(&co, index) : NULL;
	if (rc == EXIT_OK && !ix)
		rc = EXIT_DATA;
	candidate *cs = NULL;
	size_t nc = 0, cap = 0;
	if (rc == EXIT_OK) {
		const evm_framework *fw = evm_lexicon_find_framework(evm_index_lexicon(ix), so.framework);
		if (!fw) {
			cli_error("unknown framework '%s'", so.framework);
			rc = EXIT_DATA;
		}
		for (size_t i = 0; fw && i < so.nbehaviours; i++)
			if (!evm_framework_find_competency(fw, beh[i])) {
				cli_error("framework '%s' has no behaviour '%s'", so.framework, beh[i]);
				rc = EXIT_DATA;
			}
		if (fw && so.level && !evm_framework_find_level(fw, so.level)) {
			cli_error("framework '%s' has no level '%s'", so.framework, so.level);
			rc = EXIT_DATA;
		}
	}
	/* gather the statements */
	if (rc == EXIT_OK && !input) {
		cs = calloc(1, sizeof *cs);
		nc = 1;
		if (inline_text) {
			cs[0].text = strdup(inline_text);
			cs[0].len = strlen(inline_text);
		} else if (evm_read_file(path ? path : "-", EVM_MAX_TEXT, &cs[0].text, &cs[0].len) < 0) {
			cli_error("%s", evm_error_message());
			rc = EXIT_DATA;
		}
	} else if (rc == EXIT_OK) {
		FILE *in = path && strcmp(path, "-") ? fopen(path, "rb") : stdin;
		rec_reader rr;
		memset(&rr, 0, sizeof rr);
		rr.f = in;
		rr.max = EVM_MAX_TEXT;
		int ti = -1, ii = -1, csv = !strcmp(input, "csv");
		if (!in) {
			cli_error("%s: cannot open", path);
			rc = EXIT_DATA;
		} else if (csv) {
			char err[256];
			if (rec_csv_header(&rr, err, sizeof err) != REC_OK || (ti = -1, 0)) {
				cli_error("%s", err);
				rc = EXIT_DATA;
			}
			for (size_t k = 0; rc == EXIT_OK && k < rr.ncols; k++) {
				if (!strcmp(rr.header[k], text_col))
					ti = (int)k;
				if (!strcmp(rr.header[k], id_col))
					ii = (int)k;
			}
			if (rc == EXIT_OK && ti < 0) {
				cli_error("no column '%s' in the header row", text_col);
				rc = EXIT_DATA;
			}
		}
		evm_buf line = EVM_BUF_INIT;
		while (rc == EXIT_OK) {
			if (nc == cap) {
				cap = cap ? cap * 2 : 64;
				cs = realloc(cs, cap * sizeof *cs);
			}
			candidate *c = &cs[nc];
			memset(c, 0, sizeof *c);
			char idbuf[32];
			if (csv) {
				char **f;
				size_t n;
				int st = rec_csv_next(&rr, &f, &n);
				if (st == REC_EOF)
					break;
				snprintf(idbuf, sizeof idbuf, "line %zu", rr.line);
				if (st != REC_OK || n != rr.ncols) {
					c->error = strdup(st == REC_BAD ? "unbalanced quote" : st == REC_TOO_LONG ? "record too long" : "wrong number of fields");
					c->id = strdup(idbuf);
				} else {
					c->text = strdup(f[ti]);
					c->len = strlen(c->text);
					c->id = strdup(ii >= 0 && *f[ii] ? f[ii] : idbuf);
				}
				rec_free_fields(f, n);
			} else {
				int st = rec_next_line(&rr, &line);
				if (st == REC_EOF)
					break;
				snprintf(idbuf, sizeof idbuf, "line %zu", rr.line);
				json_error_t e;
				json_t *o = st == REC_OK ? json_loadb(line.ptr ? line.ptr : "", line.len, 0, &e) : NULL;
				json_t *t = json_object_get(o, "text"), *id = json_object_get(o, "id");
				if (!json_is_string(t)) {
					c->error = strdup(st == REC_TOO_LONG ? "record too long" : o ? "no string field 'text'" : "malformed JSON");
					c->id = strdup(idbuf);
				} else {
					c->text = strdup(json_string_value(t));
					c->len = json_string_length(t);
					char num[32];
					if (json_is_integer(id))
						snprintf(num, sizeof num, "%lld", (long long)json_integer_value(id));
					c->id = strdup(json_is_string(id) ? json_string_value(id) : json_is_integer(id) ? num : idbuf);
				}
				json_decref(o);
			}
			nc++;
		}
		evm_buf_free(&line);
		rec_reader_free(&rr);
		if (in && in != stdin)
			fclose(in);
	}
	size_t failed = 0;
	for (size_t i = 0; rc == EXIT_OK && i < nc; i++) {
		if (cs[i].error || evm_screen(ix, cs[i].text, cs[i].len, &so, &cs[i].r) == EVM_OK)
			continue;
		cs[i].error = strdup(evm_error_message());
	}
	for (size_t i = 0; i < nc; i++)
		failed += cs[i].error != NULL;
	if (rc == EXIT_OK && input)
		qsort(cs, nc, sizeof *cs, cmp_cand);
	if (rc == EXIT_OK) {
		if (csv_out) {
			printf("rank,id,overall");
			for (size_t b = 0; b < so.nbehaviours; b++) {
				printf(",");
				csv_field(beh[b]);
				printf(",strength,level");
			}
			printf(",words,over_limit,first_person,collective,situation,task,action,result,quantified_result,error\n");
			for (size_t i = 0; i < nc; i++) {
				printf("%zu,", i + 1);
				csv_field(cs[i].id ? cs[i].id : "");
				if (cs[i].error) {
					printf(",");
					for (size_t b = 0; b < so.nbehaviours; b++)
						printf(",,,");
					printf(",,,,,,,,,,"); /* the nine checks, then the error column */
					csv_field(cs[i].error);
					printf("\n");
					continue;
				}
				printf(",%.2f", evm_screen_overall(cs[i].r));
				for (size_t b = 0; b < evm_screen_behaviour_count(cs[i].r); b++) {
					const evm_screen_behaviour *x = evm_screen_behaviour_get(cs[i].r, b);
					printf(",%s,%.2f,%s", evm_verdict_name(x->verdict), x->strength,
					       x->match && x->match->level ? x->match->level->id : "");
				}
				const evm_writing_checks *w = evm_screen_checks(cs[i].r);
				printf(",%zu,%d,%zu,%zu,%d,%d,%d,%d,%d,\n", w->words, w->over_limit, w->first_person, w->collective,
				       w->star[0], w->star[1], w->star[2], w->star[3], w->quantified_result);
			}
		} else if (co.format == FMT_JSON) {
			for (size_t i = 0; i < nc; i++) {
				json_t *o = screen_json(&cs[i]);
				if (input)
					json_object_set_new(o, "rank", json_integer((json_int_t)i + 1));
				char *s = json_dumps(o, (input ? JSON_COMPACT : JSON_INDENT(2)) | JSON_PRESERVE_ORDER);
				if (s)
					puts(s);
				free(s);
				json_decref(o);
			}
		} else if (input) {
			printf("%-5s %-20s %8s", "rank", "id", "overall");
			for (size_t b = 0; b < so.nbehaviours; b++)
				printf("  %-14.14s", beh[b]);
			printf("  words  STAR  quant\n");
			for (size_t i = 0; i < nc; i++) {
				printf("%-5zu %-20.20s ", i + 1, cs[i].id ? cs[i].id : "");
				if (cs[i].error) {
					printf("error: %s\n", cs[i].error);
					continue;
				}
				printf("%8.2f", evm_screen_overall(cs[i].r));
				for (size_t b = 0; b < evm_screen_behaviour_count(cs[i].r); b++)
					printf("  %-14s", evm_verdict_name(evm_screen_behaviour_get(cs[i].r, b)->verdict));
				const evm_writing_checks *w = evm_screen_checks(cs[i].r);
				printf("  %5zu  %d%d%d%d  %s\n", w->words, w->star[0], w->star[1], w->star[2], w->star[3],
				       w->quantified_result ? "yes" : "no");
			}
		} else {
			screen_text(&cs[0], &so);
		}
	}
	if (rc == EXIT_OK && failed)
		rc = EXIT_DATA;
	for (size_t i = 0; i < nc; i++) {
		evm_screen_free(cs[i].r);
		free(cs[i].text);
		free(cs[i].id);
		free(cs[i].error);
	}
	free(cs);
	for (int i = 0; i < nkeep; i++)
		free(keep[i]);
	evm_index_free(ix);
	return cli_finish_output(rc);
}
