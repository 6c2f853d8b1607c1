/* evmatch lexicon list|show|check|stats */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lexicon_typical.h"
#include "report/json.h"

static void lexicon_usage(FILE *f)
{
	fputs("usage: evmatch lexicon list  [--format json]\n"
	      "       evmatch lexicon show ID [--format json]\n"
	      "       evmatch lexicon show --framework F [--competency C] [--level L] [--format json]\n"
	      "       evmatch lexicon check FILE|DIR...\n"
	      "       evmatch lexicon stats [--format json]\n"
	      "       evmatch lexicon typical [--split S] [--index FILE] FILE.jsonl...\n"
	      "ID is an indicator, competency or framework id. Common options: --lexicon, --no-builtin.\n"
	      "typical prints lexicon/typical.txt fitted on the \"text\" of every line (of split S).\n",
	      f);
}

/* "competency" -> "competencies", "behaviour" -> "behaviours" */
static void print_plural(const char *unit, size_t n)
{
	size_t l = strlen(unit);
	if (n == 1)
		printf("%s", unit);
	else if (l > 1 && unit[l - 1] == 'y')
		printf("%.*sies", (int)(l - 1), unit);
	else
		printf("%ss", unit);
}

static int do_list(const evm_lexicon *lx, cli_format fmt)
{
	json_t *arr = fmt == FMT_JSON ? json_array() : NULL;
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++) {
		const evm_framework *fw = evm_lexicon_framework(lx, f);
		size_t nc = evm_framework_competency_count(fw);
		if (arr) {
			json_array_append_new(arr, evm_report_framework(fw));
			continue;
		}
		printf("%s  %s\n", evm_framework_id(fw), evm_framework_name(fw));
		printf("  %zu ", nc);
		print_plural(evm_framework_unit(fw), nc);
		printf(", %zu levels, %zu indicators (", evm_framework_level_count(fw), evm_framework_indicator_count(fw));
		int first = 1;
		for (int p = 0; p < 4; p++) {
			size_t n = evm_report_count_polarity(fw, NULL, (evm_polarity)p);
			if (n) {
				printf("%s%zu %s", first ? "" : ", ", n, evm_polarity_name((evm_polarity)p));
				first = 0;
			}
		}
		printf(")\n");
		for (size_t i = 0; i < nc; i++) {
			const evm_competency *c = evm_framework_competency(fw, i);
			printf("    %-4zu %s%s%s\n", evm_report_count_competency(fw, c), c->name, *c->cluster ? "  — " : "",
			       c->cluster);
		}
		printf("\n");
	}
	if (arr)
		cli_print_json(arr);
	return EXIT_OK;
}

static void print_indicator(const evm_framework *fw, const evm_indicator *ind, int full)
{
	const evm_competency *c = ind->competency;
	if (!full) {
		printf("%s  [%s%s%s]\n    %s\n", ind->id, evm_polarity_name(ind->polarity),
		       ind->reconstructed ? ", reconstructed" : "", "", ind->text);
		return;
	}
	const evm_level *lv = ind->level ? evm_framework_level_for(fw, c, ind->level) : NULL;
	printf("id:             %s\n", ind->id);
	printf("framework:      %s (%s)\n", evm_framework_id(fw), evm_framework_name(fw));
	if (*c->cluster)
		printf("cluster:        %s\n", c->cluster);
	printf("competency:     %s\n", c->name);
	if (*ind->sub_competency)
		printf("sub-competency: %s\n", ind->sub_competency);
	if (lv)
		printf("level:          %s (%s)%s%s\n", lv->id, lv->label, *lv->grades ? ", grades " : "",
		       lv->grades);
	else
		printf("level:          all levels\n");
	printf("polarity:       %s\n", evm_polarity_name(ind->polarity));
	printf("text:           %s\n", ind->text);
	printf("source:         %s%s\n", ind->source, ind->reconstructed ? " (reconstructed)" : "");
}

static int show_id(const evm_lexicon *lx, const char *id, cli_format fmt)
{
	const evm_framework *fw = NULL;
	const evm_indicator *ind = evm_lexicon_find_indicator(lx, id, &fw);
	if (ind) {
		if (fmt == FMT_JSON)
			cli_print_json(evm_report_indicator(fw, ind));
		else
			print_indicator(fw, ind, 1);
		return EXIT_OK;
	}
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++) {
		fw = evm_lexicon_framework(lx, f);
		if (strcmp(evm_framework_id(fw), id) == 0) {
			if (fmt == FMT_JSON) {
				json_t *arr = json_array();
				for (size_t i = 0; i < evm_framework_competency_count(fw); i++)
					json_array_append_new(arr, evm_report_competency(fw, evm_framework_competency(fw, i)));
				cli_print_json(arr);
			} else {
				for (size_t i = 0; i < evm_framework_indicator_count(fw); i++)
					print_indicator(fw, evm_framework_indicator(fw, i), 0);
			}
			return EXIT_OK;
		}
		for (size_t i = 0; i < evm_framework_competency_count(fw); i++) {
			const evm_competency *c = evm_framework_competency(fw, i);
			if (strcmp(c->id, id) != 0)
				continue;
			if (fmt == FMT_JSON) {
				cli_print_json(evm_report_competency(fw, c));
				return EXIT_OK;
			}
			printf("%s — %s\n", c->name, evm_framework_name(fw));
			if (*c->definition)
				printf("%s\n", c->definition);
			printf("\n");
			for (size_t k = 0; k < evm_framework_indicator_count(fw); k++) {
				const evm_indicator *x = evm_framework_indicator(fw, k);
				if (x->competency == c)
					print_indicator(fw, x, 0);
			}
			return EXIT_OK;
		}
	}
	cli_error("no indicator, competency or framework with id '%s'", id);
	return EXIT_DATA;
}

static int show_filtered(const evm_lexicon *lx, const char *fwid, const char *comp, const char *level,
			 cli_format fmt)
{
	const evm_framework *fw = evm_lexicon_find_framework(lx, fwid);
	if (!fw) {
		cli_error("unknown framework '%s' (see evmatch lexicon list)", fwid);
		return EXIT_DATA;
	}
	const evm_competency *c = NULL;
	if (comp && !(c = evm_framework_find_competency(fw, comp))) {
		cli_error("framework '%s' has no competency '%s'", fwid, comp);
		return EXIT_DATA;
	}
	const evm_level *lv = NULL;
	if (level && !(lv = evm_framework_find_level(fw, level))) {
		cli_error("framework '%s' has no level '%s'", fwid, level);
		return EXIT_DATA;
	}
	json_t *arr = fmt == FMT_JSON ? json_array() : NULL;
	for (size_t i = 0; i < evm_framework_indicator_count(fw); i++) {
		const evm_indicator *ind = evm_framework_indicator(fw, i);
		if ((c && ind->competency != c) || (lv && ind->level != lv))
			continue;
		if (arr)
			json_array_append_new(arr, evm_report_indicator(fw, ind));
		else
			print_indicator(fw, ind, 0);
	}
	if (arr)
		cli_print_json(arr);
	return EXIT_OK;
}

static int do_check(int n, char **paths, cli_format fmt)
{
	int bad = 0;
	json_t *arr = fmt == FMT_JSON ? json_array() : NULL;
	for (int i = 0; i < n; i++) {
		evm_lexicon *lx;
		if (evm_lexicon_new(&lx) < 0) {
			cli_error("%s", evm_error_message());
			return EXIT_DATA;
		}
		int rc = evm_lexicon_load_path(lx, paths[i]);
		size_t ninds = 0, nfw = evm_lexicon_framework_count(lx);
		for (size_t f = 0; f < nfw; f++)
			ninds += evm_framework_indicator_count(evm_lexicon_framework(lx, f));
		if (arr) {
			json_t *o = json_object();
			json_object_set_new(o, "path", json_string(paths[i]));
			json_object_set_new(o, "ok", json_boolean(rc == EVM_OK));
			if (rc == EVM_OK) {
				json_object_set_new(o, "frameworks", json_integer((json_int_t)nfw));
				json_object_set_new(o, "indicators", json_integer((json_int_t)ninds));
			} else {
				json_object_set_new(o, "error", json_string(evm_error_message()));
			}
			json_array_append_new(arr, o);
		} else if (rc == EVM_OK) {
			printf("%s: ok (%zu framework%s, %zu indicators)\n", paths[i], nfw, nfw == 1 ? "" : "s",
			       ninds);
		} else {
			fprintf(stderr, "%s\n", evm_error_message());
		}
		bad |= rc != EVM_OK;
		evm_lexicon_free(lx);
	}
	if (arr)
		cli_print_json(arr);
	return bad ? EXIT_DATA : EXIT_OK;
}


static int do_stats(const evm_lexicon *lx, cli_format fmt)
{
	json_t *arr = fmt == FMT_JSON ? json_array() : NULL;
	if (!arr)
		printf("%-18s %-44s %-10s %s\n", "framework", "competency", "level", "eff/ineff/under/over");
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++) {
		const evm_framework *fw = evm_lexicon_framework(lx, f);
		size_t nl = evm_framework_level_count(fw);
		for (size_t ci = 0; ci < evm_framework_competency_count(fw); ci++) {
			const evm_competency *c = evm_framework_competency(fw, ci);
			/* one row per level, plus one for indicators without a level */
			for (size_t li = 0; li <= nl; li++) {
				const evm_level *lv = li < nl ? evm_framework_level(fw, li) : NULL;
				size_t n[4] = {0, 0, 0, 0};
				for (size_t i = 0; i < evm_framework_indicator_count(fw); i++) {
					const evm_indicator *ind = evm_framework_indicator(fw, i);
					if (ind->competency == c && ind->level == lv)
						n[ind->polarity]++;
				}
				if (!n[0] && !n[1] && !n[2] && !n[3])
					continue;
				if (arr) {
					json_t *o = json_object();
					json_object_set_new(o, "framework", json_string(evm_framework_id(fw)));
					json_object_set_new(o, "competency", json_string(c->name));
					json_object_set_new(o, "level", lv ? json_string(lv->id) : json_null());
					for (int p = 0; p < 4; p++)
						json_object_set_new(o, evm_polarity_name((evm_polarity)p),
								    json_integer((json_int_t)n[p]));
					json_array_append_new(arr, o);
				} else {
					printf("%-18s %-44s %-10s %zu/%zu/%zu/%zu\n", evm_framework_id(fw), c->name,
					       lv ? lv->id : "-", n[0], n[1], n[2], n[3]);
				}
			}
		}
	}
	if (arr)
		cli_print_json(arr);
	return EXIT_OK;
}

int cmd_lexicon(int argc, char **argv)
{
	cli_common co = {0};
	const char *sub = NULL, *fw = NULL, *comp = NULL, *level = NULL, *split = NULL, *index = NULL;
	char **pos = calloc((size_t)argc + 1, sizeof *pos);
	int npos = 0;
	if (!pos) {
		cli_error("out of memory");
		return EXIT_DATA;
	}
	int rc = EXIT_OK;
	for (int i = 1; i < argc && rc == EXIT_OK; i++) {
		int k = cli_common_opt(&co, argc, argv, &i);
		if (k < 0) {
			rc = EXIT_USAGE;
		} else if (k == 0) {
			const char *a = argv[i];
			const char **slot = strcmp(a, "--framework") == 0    ? &fw
					    : strcmp(a, "--competency") == 0 ? &comp
					    : strcmp(a, "--level") == 0      ? &level
					    : strcmp(a, "--split") == 0      ? &split
					    : strcmp(a, "--index") == 0      ? &index
									     : NULL;
			if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
				lexicon_usage(stdout);
				free(pos);
				return cli_finish_output(EXIT_OK);
			} else if (slot) {
				if (i + 1 >= argc) {
					cli_error("%s needs a value", a);
					rc = EXIT_USAGE;
				} else {
					*slot = argv[++i];
				}
			} else if (a[0] == '-' && a[1]) {
				cli_error("lexicon: unknown option '%s'", a);
				rc = EXIT_USAGE;
			} else if (!sub) {
				sub = a;
			} else {
				pos[npos++] = argv[i];
			}
		}
	}
	if (rc == EXIT_OK && !sub) {
		lexicon_usage(stderr);
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_OK) {
		free(pos);
		return rc;
	}
	if (strcmp(sub, "check") == 0) {
		rc = npos ? do_check(npos, pos, co.format) : (lexicon_usage(stderr), EXIT_USAGE);
		free(pos);
		return cli_finish_output(rc);
	}
	if (strcmp(sub, "typical") == 0) {
		rc = npos ? lexicon_typical(&co, index, split, npos, pos) : (lexicon_usage(stderr), EXIT_USAGE);
		free(pos);
		return cli_finish_output(rc);
	}
	int known = strcmp(sub, "list") == 0 || strcmp(sub, "show") == 0 || strcmp(sub, "stats") == 0;
	if (!known) {
		cli_error("lexicon: unknown subcommand '%s'", sub);
		free(pos);
		return EXIT_USAGE;
	}
	if (strcmp(sub, "show") == 0 && !npos && !fw) {
		cli_error("lexicon show needs an ID or --framework");
		free(pos);
		return EXIT_USAGE;
	}
	evm_lexicon *lx = cli_load_lexicon(&co);
	if (!lx) {
		free(pos);
		return EXIT_DATA;
	}
	if (strcmp(sub, "list") == 0)
		rc = do_list(lx, co.format);
	else if (strcmp(sub, "stats") == 0)
		rc = do_stats(lx, co.format);
	else if (npos)
		rc = show_id(lx, pos[0], co.format);
	else
		rc = show_filtered(lx, fw, comp, level, co.format);
	evm_lexicon_free(lx);
	free(pos);
	return cli_finish_output(rc);
}
