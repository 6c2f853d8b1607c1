/* evmatch: command-line entry point. Each subcommand lives in its own file. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *f)
{
	fputs("usage: evmatch COMMAND [OPTIONS]\n"
	      "\n"
	      "commands:\n"
	      "  match [FILE|-]                  which competencies a text evidences, and why\n"
	      "  batch [FILE|-]                  JSON Lines or CSV in, JSON Lines out, in order\n"
	      "  tag [FILE|-]                    suggest indicator tags for appraisal notes\n"
	      "  screen [FILE|-]                 sift statements against an advert's behaviours and level\n"
	      "  serve                           HTTP/JSON service and a page for tagging and sifting\n"
	      "  index build|info                save or inspect a binary index\n"
	      "  eval FILE.jsonl...              accuracy on labelled data, beside a plain BM25 baseline\n"
	      "  lexicon list|show|check|stats   browse and validate frameworks\n"
	      "\n"
	      "options for every command:\n"
	      "  --lexicon FILE|DIR   load a framework file (or every *.lex in DIR); a\n"
	      "                       framework with a built-in id replaces it\n"
	      "  --no-builtin         start from no frameworks instead of the five built in\n"
	      "  --competency-model FILE   a competency model for your own frameworks (fitted by\n"
	      "                       corpus/tools/fit_competency_model.py --data)\n"
	      "  --format text|json   output format (default text)\n"
	      "  --help, --version\n",
	      f);
}

/* `evmatch serve` is the program evmatch-serve beside this one (or on PATH). */
static int run_serve(char **args)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 32);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			strcpy(slash + 1, "evmatch-serve");
			execv(self, args);
		}
	}
	execvp("evmatch-serve", args);
	cli_error("serve: cannot run evmatch-serve (installed beside evmatch or on PATH): %s", strerror(errno));
	return EXIT_DATA;
}

int main(int argc, char **argv)
{
	/* A closed pipe must surface as a write error with a message, not a
	 * silent death, so that a pipeline knows records were lost. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return cli_finish_output(EXIT_OK);
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("evmatch %s\n", EVM_VERSION_STRING);
		return cli_finish_output(EXIT_OK);
	}
	if (strcmp(cmd, "lexicon") == 0)
		return cmd_lexicon(argc - 1, argv + 1);
	if (strcmp(cmd, "match") == 0)
		return cmd_match(argc - 1, argv + 1);
	if (strcmp(cmd, "index") == 0)
		return cmd_index(argc - 1, argv + 1);
	if (strcmp(cmd, "eval") == 0)
		return cmd_eval(argc - 1, argv + 1);
	if (strcmp(cmd, "batch") == 0)
		return cmd_batch(argc - 1, argv + 1);
	if (strcmp(cmd, "tag") == 0)
		return cmd_tag(argc - 1, argv + 1);
	if (strcmp(cmd, "screen") == 0)
		return cmd_screen(argc - 1, argv + 1);
	if (strcmp(cmd, "serve") == 0)
		return run_serve(argv + 1);
	cli_error("unknown command '%s' (see evmatch --help)", cmd);
	return EXIT_USAGE;
}
