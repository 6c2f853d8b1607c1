/* evmatch index build -o FILE | index info FILE */
#include <string.h>
#include <time.h>

#include "cli.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void index_usage(FILE *f)
{
	fputs("usage: evmatch index build -o FILE [--lexicon FILE|DIR] [--no-builtin]\n"
	      "       evmatch index info FILE [--format json]\n",
	      f);
}

int cmd_index(int argc, char **argv)
{
	cli_common co = {0};
	const char *sub = NULL, *out = NULL, *file = NULL;
	static const char *const with_value[] = {"-o", "--output", NULL};
	for (int i = 1; i < argc; i++) {
		const char *a, *val;
		int k = cli_step(&co, argc, argv, &i, with_value, index_usage, &a, &val);
		if (k == CLI_TAKEN)
			continue;
		if (k != CLI_ARG)
			return cli_step_exit(k);
		if (val)
			out = val;
		else if (a[0] == '-') {
			cli_error("index: unknown option '%s'", a);
			return EXIT_USAGE;
		} else if (!sub)
			sub = a;
		else if (!file)
			file = a;
	}
	if (co.competency_model) {
		cli_error("index: a competency model is not saved in an index: give --competency-model when matching");
		return EXIT_USAGE;
	}
	if (sub && !strcmp(sub, "build") && out) {
		double t0 = now_ms();
		evm_index *ix = cli_load_index(&co, NULL);
		if (!ix)
			return EXIT_DATA;
		double t1 = now_ms();
		int rc = evm_index_save(ix, out);
		if (rc < 0)
			cli_error("%s", evm_error_message());
		else
			fprintf(stderr, "wrote %s (built in %.1f ms)\n", out, t1 - t0);
		evm_index_free(ix);
		return rc < 0 ? EXIT_DATA : EXIT_OK;
	}
	if (sub && !strcmp(sub, "info") && file) {
		evm_index *ix;
		if (evm_index_load(file, &ix) < 0) {
			cli_error("%s", evm_error_message());
			return EXIT_DATA;
		}
		size_t terms, docs, phrases;
		evm_index_stats(ix, &terms, &docs, &phrases);
		const evm_lexicon *lx = evm_index_lexicon(ix);
		if (co.format == FMT_JSON) {
			json_t *o = json_object(), *fws = json_array();
			json_object_set_new(o, "terms", json_integer((json_int_t)terms));
			json_object_set_new(o, "documents", json_integer((json_int_t)docs));
			json_object_set_new(o, "phrases", json_integer((json_int_t)phrases));
			for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++)
				json_array_append_new(fws, json_string(evm_framework_id(evm_lexicon_framework(lx, f))));
			json_object_set_new(o, "frameworks", fws);
			cli_print_json(o);
		} else {
			printf("%s: %zu terms, %zu documents, %zu thesaurus and cue phrases; frameworks:", file, terms, docs,
			       phrases);
			for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++)
				printf(" %s", evm_framework_id(evm_lexicon_framework(lx, f)));
			printf("\n");
		}
		evm_index_free(ix);
		return cli_finish_output(EXIT_OK);
	}
	index_usage(stderr);
	return EXIT_USAGE;
}
