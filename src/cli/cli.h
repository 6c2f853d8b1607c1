/* Shared pieces of the evmatch command line. */
#ifndef EVM_CLI_H
#define EVM_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "evmatch.h"

/* Exit codes: 0 success, 1 bad data or a failed record, 2 bad usage. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

typedef enum { FMT_TEXT, FMT_JSON } cli_format;

/* Options every subcommand understands. */
typedef struct {
	const char *lexicons[64];
	int nlexicons;
	int no_builtin;
	const char *competency_model; /* --competency-model FILE, or NULL */
	cli_format format;
} cli_common;

/* Consumes argv[*i] (and its value) if it is a common option. Returns 1 if
 * consumed, 0 if not a common option, -1 on a usage error (already printed). */
int cli_common_opt(cli_common *c, int argc, char **argv, int *i);
/* One step of a subcommand's option loop, at argv[*i]. A common option is
 * taken whole (CLI_TAKEN); --help or -h prints usage to stdout (CLI_HELP).
 * Anything else is CLI_ARG: an option or a positional argument in *arg, and,
 * when it is one of with_value (NULL-terminated), its value in *val with *i
 * moved onto it (otherwise *val is NULL). A usage error is printed and gives
 * CLI_BAD. cli_step_exit(k) is the exit code for CLI_HELP and CLI_BAD. */
enum { CLI_BAD = -1, CLI_TAKEN = 0, CLI_ARG = 1, CLI_HELP = 2 };
int cli_step(cli_common *c, int argc, char **argv, int *i, const char *const *with_value, void (*usage)(FILE *),
	     const char **arg, const char **val);
int cli_step_exit(int k);
/* Builds the lexicon the options ask for; prints the error and returns NULL. */
evm_lexicon *cli_load_lexicon(const cli_common *c);

void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
/* Prints a JSON value to stdout (indented) and a newline; steals a reference. */
void cli_print_json(json_t *v);
/* Flushes stdout and reports a write error (full disk, closed pipe). */
int cli_finish_output(int rc);

/* A saved index (path) or one built from the options' lexicon. */
evm_index *cli_load_index(const cli_common *c, const char *path);
/* Whether a competency name or id exists (in framework fw, or any). */
int cli_competency_known(const evm_lexicon *lx, const char *fw, const char *name);

int cmd_lexicon(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
