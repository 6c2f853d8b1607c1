/* evmatch-import: regenerates the lexicon files (lexicon/NAME.lex) from the seed texts.
 *
 *   evmatch-import [--seeds DIR] [--corrections DIR] (--out DIR | --check DIR)
 *
 * --check compares with the committed files and fails on any difference,
 * which is how the test suite keeps lexicon/ honest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evmatch.h"
#include "import.h"
#include "util/error.h"
#include "util/fileio.h"

typedef struct {
	const char *file;
	int (*run)(const import_ctx *, emitter *);
} job;

static const job JOBS[] = {
	{"success-profiles.lex", import_success_profiles},
	{"noms.lex", import_noms},
	{"police-force.lex", import_police},
	{"soca-pqf.lex", import_soca},
	{"hmip-leadership.lex", import_hmip},
};

/* Reports the first differing line, which is what a reviewer needs. */
static int compare(const char *path, const char *want, size_t wlen)
{
	char *have;
	size_t hlen;
	if (evm_read_file(path, 64u << 20, &have, &hlen) < 0) {
		fprintf(stderr, "%s\n", evm_error_message());
		return 1;
	}
	int differ = hlen != wlen || memcmp(have, want, wlen) != 0;
	if (differ) {
		size_t line = 1, i = 0;
		while (i < hlen && i < wlen && have[i] == want[i])
			line += have[i++] == '\n';
		fprintf(stderr, "%s:%zu: differs from what the importer generates now\n", path, line);
	}
	free(have);
	return differ;
}

int main(int argc, char **argv)
{
	import_ctx ctx = {"../shared/seeds", "lexicon/corrections"};
	const char *out = NULL, *check = NULL;
	for (int i = 1; i < argc; i++) {
		const char **slot = strcmp(argv[i], "--seeds") == 0         ? &ctx.seeds
				    : strcmp(argv[i], "--corrections") == 0 ? &ctx.corrections
				    : strcmp(argv[i], "--out") == 0         ? &out
				    : strcmp(argv[i], "--check") == 0       ? &check
									    : NULL;
		if (!slot || i + 1 >= argc) {
			fprintf(stderr, "usage: evmatch-import [--seeds DIR] [--corrections DIR] (--out DIR | --check DIR)\n");
			return 2;
		}
		*slot = argv[++i];
	}
	if (!out == !check) {
		fprintf(stderr, "evmatch-import: give exactly one of --out and --check\n");
		return 2;
	}
	int failed = 0;
	for (size_t j = 0; j < sizeof JOBS / sizeof JOBS[0]; j++) {
		emitter e;
		memset(&e, 0, sizeof e);
		int rc = JOBS[j].run(&ctx, &e);
		if (rc == EVM_OK && e.out.failed)
			rc = evm_err(EVM_ENOMEM, "out of memory");
		/* the output must load cleanly, or it is not a lexicon */
		if (rc == EVM_OK)
			rc = evm_lexicon_check_buffer(JOBS[j].file, e.out.ptr, e.out.len);
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", out ? out : check, JOBS[j].file);
		if (rc < 0) {
			fprintf(stderr, "evmatch-import: %s: %s\n", JOBS[j].file, evm_error_message());
			evm_buf_free(&e.out);
			failed = 1;
			continue;
		}
		if (check) {
			failed |= compare(path, e.out.ptr, e.out.len);
		} else {
			FILE *f = fopen(path, "wb");
			if (!f || fwrite(e.out.ptr, 1, e.out.len, f) != e.out.len || fclose(f) != 0) {
				perror(path);
				failed = 1;
			} else {
				fprintf(stderr, "wrote %s (%zu indicators)\n", path, e.indicators);
			}
		}
		evm_buf_free(&e.out);
	}
	return failed;
}
