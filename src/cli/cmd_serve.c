/* evmatch serve: the HTTP/JSON service and its page, until SIGTERM/SIGINT. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "serve/server.h"

static void serve_usage(FILE *f)
{
	fputs("usage: evmatch serve [OPTIONS]\n"
	      "  --listen ADDR      numeric address to bind (default 127.0.0.1; :: for all IPv6)\n"
	      "  --port N           TCP port (default 8080; 0 picks a free one)\n"
	      "  --threads N        worker threads (default: one per core)\n"
	      "  --timeout S        close a connection idle for S seconds (default 30)\n"
	      "  --max-body BYTES   largest request body (default 6 MiB)\n"
	      "  --drain S          on SIGTERM, wait up to S seconds for requests in flight (default 10)\n"
	      "  --access-log       one line per request on stderr\n"
	      "  --index FILE       use a saved index; --lexicon/--no-builtin as elsewhere\n"
	      "Endpoints: GET / (the page), GET /healthz, GET /v1/frameworks, GET /v1/indicators/ID,\n"
	      "POST /v1/match, /v1/tag, /v1/screen (JSON bodies; see README).\n",
	      f);
}

static int number(const char *opt, const char *v, unsigned long lo, unsigned long hi, unsigned long *out)
{
	char *end;
	unsigned long x = strtoul(v, &end, 10);
	if (!*v || *end || v[0] == '-' || x < lo || x > hi) {
		cli_error("%s takes a whole number from %lu to %lu", opt, lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	cli_common co = {0};
	serve_options so = {.port = 8080};
	const char *index = NULL;
	unsigned long drain = 10, v;
	static const char *const with_value[] = {"--listen",   "--port",  "--threads", "--timeout",
						 "--max-body", "--drain", "--index",   NULL};
	for (int i = 1; i < argc; i++) {
		const char *a, *val;
		int k = cli_step(&co, argc, argv, &i, with_value, serve_usage, &a, &val);
		if (k == CLI_TAKEN)
			continue;
		if (k != CLI_ARG)
			return cli_step_exit(k);
		if (!strcmp(a, "--access-log")) {
			so.access_log = 1;
			continue;
		}
		if (!val) {
			cli_error("serve: unknown option '%s'", a);
			return EXIT_USAGE;
		}
		int bad = 0;
		if (!strcmp(a, "--listen"))
			so.listen = val;
		else if (!strcmp(a, "--index"))
			index = val;
		else if (!strcmp(a, "--port"))
			bad = number(a, val, 0, 65535, &v) || (so.port = (unsigned)v, 0);
		else if (!strcmp(a, "--threads"))
			bad = number(a, val, 1, 256, &v) || (so.threads = (unsigned)v, 0);
		else if (!strcmp(a, "--timeout"))
			bad = number(a, val, 1, 3600, &v) || (so.timeout_s = (unsigned)v, 0);
		else if (!strcmp(a, "--max-body"))
			bad = number(a, val, 1024, 1ul << 30, &v) || (so.max_body = v, 0);
		else
			bad = number(a, val, 0, 3600, &drain);
		if (bad)
			return EXIT_USAGE;
	}
	evm_index *ix = cli_load_index(&co, index);
	if (!ix)
		return EXIT_DATA;
	/* Signals are taken by sigwait() here, so every server thread must start
	 * with them blocked; a client hanging up must not kill the process. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	serve_server *s = NULL;
	if (serve_server_start(ix, &so, &s) < 0) {
		cli_error("%s", evm_error_message());
		evm_index_free(ix);
		return EXIT_DATA;
	}
	const char *host = so.listen ? so.listen : "127.0.0.1";
	int v6 = strchr(host, ':') != NULL;
	printf("evmatch serve: listening on http://%s%s%s:%u/\n", v6 ? "[" : "", host, v6 ? "]" : "",
	       serve_server_port(s));
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "evmatch serve: %s received, finishing requests in flight\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	size_t left = serve_server_stop(s, (unsigned)drain);
	if (left)
		fprintf(stderr, "evmatch serve: %zu requests still unfinished after %lus, closed\n", left, drain);
	evm_index_free(ix);
	return left ? EXIT_DATA : EXIT_OK;
}
