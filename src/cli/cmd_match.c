/* evmatch match [OPTIONS] [FILE|-]: one text in, ranked competencies out. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "report/json.h"
#include "util/fileio.h"

static void match_usage(FILE *f)
{
	fputs("usage: evmatch match [OPTIONS] [FILE|-]\n"
	      "  --framework F       search one framework (default: all)\n"
	      "  --competency C      restrict to a competency (repeatable; name or id)\n"
	      "  --level L           the advertised level, to compare the evidence against\n"
	      "  --top K             competencies to show (default 5)\n"
	      "  --indicators N      indicators per competency (default 3)\n"
	      "  --index FILE        use a saved index instead of building one\n"
	      "  --text STRING       match STRING instead of reading a file\n"
	      "  --format text|json  (default text; colour when stdout is a terminal)\n",
	      f);
}

int cmd_match(int argc, char **argv)
{
	cli_common co = {0};
	evm_match_options mo = {0};
	const char *comps[64];
	const char *path = NULL, *index = NULL, *inline_text = NULL;
	static const char *const with_value[] = {"--framework", "--competency", "--level", "--top", "--indicators",
						 "--index", "--text", NULL};
	for (int i = 1; i < argc; i++) {
		const char *a, *val;
		int k = cli_step(&co, argc, argv, &i, with_value, match_usage, &a, &val);
		if (k == CLI_TAKEN)
			continue;
		if (k != CLI_ARG)
			return cli_step_exit(k);
		if (!strcmp(a, "--framework"))
			mo.framework = val;
		else if (!strcmp(a, "--competency")) {
			if (mo.ncompetencies == 64) {
				cli_error("too many --competency options");
				return EXIT_USAGE;
			}
			comps[mo.ncompetencies++] = val;
		} else if (!strcmp(a, "--level"))
			mo.level = val;
		else if (!strcmp(a, "--top") || !strcmp(a, "--indicators")) {
			char *end;
			long v = strtol(val, &end, 10);
			if (*end || v < 1 || v > 1000) {
				cli_error("%s takes a whole number from 1 to 1000", a);
				return EXIT_USAGE;
			}
			if (a[2] == 't')
				mo.top = (size_t)v;
			else
				mo.top_indicators = (size_t)v;
		} else if (!strcmp(a, "--index"))
			index = val;
		else if (!strcmp(a, "--text"))
			inline_text = val;
		else if (a[0] == '-' && a[1]) {
			cli_error("match: unknown option '%s'", a);
			return EXIT_USAGE;
		} else if (!path)
			path = a;
		else {
			cli_error("match: one input at a time (use evmatch batch for many)");
			return EXIT_USAGE;
		}
	}
	mo.competencies = comps;
	char *text = NULL;
	size_t len = 0;
	if (inline_text) {
		text = strdup(inline_text);
		len = strlen(inline_text);
	} else if (evm_read_file(path ? path : "-", EVM_MAX_TEXT, &text, &len) < 0) {
		cli_error("%s", evm_error_message());
		return EXIT_DATA;
	}
	evm_index *ix = cli_load_index(&co, index);
	if (!ix) {
		free(text);
		return EXIT_DATA;
	}
	int rc = EXIT_OK;
	if (mo.framework && !evm_lexicon_find_framework(evm_index_lexicon(ix), mo.framework)) {
		cli_error("unknown framework '%s' (see evmatch lexicon list)", mo.framework);
		rc = EXIT_DATA;
	}
	for (size_t i = 0; rc == EXIT_OK && i < mo.ncompetencies; i++)
		if (!cli_competency_known(evm_index_lexicon(ix), mo.framework, comps[i])) {
			cli_error("no competency '%s'%s%s", comps[i], mo.framework ? " in " : "", mo.framework ? mo.framework : "");
			rc = EXIT_DATA;
		}
	evm_result *r = NULL;
	if (rc == EXIT_OK && evm_match(ix, text, len, &mo, &r) < 0) {
		cli_error("%s", evm_error_message());
		rc = EXIT_DATA;
	}
	if (r) {
		if (co.format == FMT_JSON)
			cli_print_json(evm_report_result(r, text, mo.framework));
		else
			report_result_text(stdout, r, text, isatty(STDOUT_FILENO));
		evm_result_free(r);
	}
	evm_index_free(ix);
	free(text);
	return cli_finish_output(rc);
}
