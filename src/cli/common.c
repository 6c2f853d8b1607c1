#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("evmatch: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cli_common_opt(cli_common *c, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (strcmp(a, "--no-builtin") == 0) {
		c->no_builtin = 1;
		return 1;
	}
	if (strcmp(a, "--competency-model") == 0) {
		if (*i + 1 >= argc) {
			cli_error("%s needs a value", a);
			return -1;
		}
		c->competency_model = argv[++*i];
		return 1;
	}
	if (strcmp(a, "--lexicon") == 0 || strcmp(a, "--format") == 0) {
		if (*i + 1 >= argc) {
			cli_error("%s needs a value", a);
			return -1;
		}
		const char *v = argv[++*i];
		if (a[2] == 'l') {
			if (c->nlexicons == (int)(sizeof c->lexicons / sizeof c->lexicons[0])) {
				cli_error("too many --lexicon options");
				return -1;
			}
			c->lexicons[c->nlexicons++] = v;
		} else if (strcmp(v, "json") == 0) {
			c->format = FMT_JSON;
		} else if (strcmp(v, "text") == 0) {
			c->format = FMT_TEXT;
		} else {
			cli_error("--format is text or json, not '%s'", v);
			return -1;
		}
		return 1;
	}
	return 0;
}

int cli_step(cli_common *c, int argc, char **argv, int *i, const char *const *with_value, void (*usage)(FILE *),
	     const char **arg, const char **val)
{
	int k = cli_common_opt(c, argc, argv, i);
	if (k)
		return k < 0 ? CLI_BAD : CLI_TAKEN;
	const char *a = argv[*i];
	*arg = a;
	*val = NULL;
	if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
		usage(stdout);
		return CLI_HELP;
	}
	for (size_t n = 0; with_value && with_value[n]; n++)
		if (!strcmp(a, with_value[n])) {
			if (*i + 1 >= argc) {
				cli_error("%s needs a value", a);
				return CLI_BAD;
			}
			*val = argv[++*i];
			break;
		}
	return CLI_ARG;
}

int cli_step_exit(int k) { return k == CLI_HELP ? cli_finish_output(EXIT_OK) : EXIT_USAGE; }

evm_lexicon *cli_load_lexicon(const cli_common *c)
{
	evm_lexicon *lx = NULL;
	int rc = c->no_builtin ? evm_lexicon_new(&lx) : evm_lexicon_new_builtin(&lx);
	for (int i = 0; rc == EVM_OK && i < c->nlexicons; i++)
		rc = evm_lexicon_load_path(lx, c->lexicons[i]);
	if (rc == EVM_OK && evm_lexicon_framework_count(lx) == 0)
		rc = EVM_ENOTFOUND, cli_error("no frameworks loaded (--no-builtin needs --lexicon)");
	else if (rc < 0)
		cli_error("%s", evm_error_message());
	if (rc < 0) {
		evm_lexicon_free(lx);
		return NULL;
	}
	return lx;
}

void cli_print_json(json_t *v)
{
	if (!v) {
		cli_error("out of memory building JSON");
		return;
	}
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(v);
}

int cli_finish_output(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("error writing output: %s", strerror(errno ? errno : EIO));
		return EXIT_DATA;
	}
	return rc;
}

evm_index *cli_load_index(const cli_common *c, const char *path)
{
	evm_index *ix = NULL;
	if (path) {
		if (c->nlexicons || c->no_builtin) {
			cli_error("--index carries its own lexicon: drop --lexicon/--no-builtin or rebuild the index");
			return NULL;
		}
		if (evm_index_load(path, &ix) < 0) {
			cli_error("%s", evm_error_message());
			return NULL;
		}
	} else {
		evm_lexicon *lx = cli_load_lexicon(c);
		if (!lx)
			return NULL;
		if (evm_index_build(lx, &ix) < 0) {
			cli_error("%s", evm_error_message());
			ix = NULL;
		}
		evm_lexicon_free(lx);
	}
	if (ix && c->competency_model && evm_index_load_competency_model(ix, c->competency_model) < 0) {
		cli_error("%s", evm_error_message());
		evm_index_free(ix);
		ix = NULL;
	}
	return ix;
}

int cli_competency_known(const evm_lexicon *lx, const char *fw, const char *name)
{
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++) {
		const evm_framework *x = evm_lexicon_framework(lx, f);
		if (fw && strcmp(evm_framework_id(x), fw) != 0)
			continue;
		if (evm_framework_find_competency(x, name))
			return 1;
	}
	return 0;
}
