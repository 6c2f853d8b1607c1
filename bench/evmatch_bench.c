/* evmatch-bench: the numbers behind every performance claim.
 *
 *   evmatch-bench [--json] [--seed N] [--runs N] [--corpus DIR] [--split S] [--evmatch PATH]
 *   evmatch-bench --fixed N      fixed work, no timing: for callgrind instruction counts
 *
 * Each timing is the median of --runs runs after a warm-up run. SQLite FTS5
 * answers the same statements in the same run, and is scored on the same
 * labelled corpus. */
#define _GNU_SOURCE
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "evmatch.h"
#include "fts5_baseline.h"
#include "tokenise/tokenise.h"
#include "workload.h"

#ifndef EVM_BENCH_FLAGS
#define EVM_BENCH_FLAGS "unknown"
#endif

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_d);
	return n ? v[n / 2] : 0;
}

static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof *v, cmp_d);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return n ? v[i < n ? i : n - 1] : 0;
}

static int RUNS = 5;
static const evm_index *IX;

/* Matches every text of w once; returns seconds. */
static double match_all(const workload *w, size_t from, size_t to, const char *fw, double *lat)
{
	evm_match_options o = {0};
	o.framework = fw;
	double t0 = now();
	for (size_t i = from; i < to; i++) {
		double a = lat ? now() : 0;
		evm_result *r;
		if (evm_match(IX, w->text[i], w->len[i], &o, &r) == 0)
			evm_result_free(r);
		if (lat)
			lat[i] = now() - a;
	}
	return now() - t0;
}

typedef struct {
	const workload *w;
	size_t from, to;
} slice;

static void *thread_main(void *p)
{
	slice *s = p;
	match_all(s->w, s->from, s->to, NULL, NULL);
	return NULL;
}

static double match_threads(const workload *w, int nt)
{
	pthread_t th[64];
	slice sl[64];
	double t0 = now();
	for (int i = 0; i < nt; i++) {
		sl[i] = (slice){w, w->n * (size_t)i / (size_t)nt, w->n * (size_t)(i + 1) / (size_t)nt};
		pthread_create(&th[i], NULL, thread_main, &sl[i]);
	}
	for (int i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	return now() - t0;
}

/* Median statements/s over RUNS after a warm-up; fw NULL searches all. */
static double rate_fw(const workload *w, int threads, const char *fw)
{
	double v[32];
	if (threads == 1)
		match_all(w, 0, w->n, fw, NULL);
	else
		match_threads(w, threads);
	for (int r = 0; r < RUNS; r++)
		v[r] = w->n / (threads == 1 ? match_all(w, 0, w->n, fw, NULL) : match_threads(w, threads));
	return median(v, (size_t)RUNS);
}

static double rate(const workload *w, int threads) { return rate_fw(w, threads, NULL); }

static double tokenise_mbs(const workload *w)
{
	evm_tokens t;
	evm_tokens_init(&t);
	double v[32];
	for (int r = -1; r < RUNS; r++) {
		double t0 = now();
		for (size_t i = 0; i < w->n; i++) {
			evm_tokens_reset(&t);
			evm_tokenise(&t, w->text[i], w->len[i]);
		}
		if (r >= 0)
			v[r] = w->bytes / 1e6 / (now() - t0);
	}
	evm_tokens_free(&t);
	return median(v, (size_t)RUNS);
}

/* Wall time of a child command, in seconds; its peak RSS in *rss_kb. */
/* Seconds from fork to exit, or -1 when the child exits with a status above
 * ok_max: a run that failed early would otherwise look very fast. */
static double run_child(char *const argv[], const char *in, const char *out, long *rss_kb, int ok_max)
{
	double t0 = now();
	pid_t p = fork();
	if (p == 0) {
		if (in && !freopen(in, "r", stdin))
			_exit(127);
		if (!freopen(out ? out : "/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	struct rusage ru;
	wait4(p, &st, 0, &ru);
	if (rss_kb)
		*rss_kb = ru.ru_maxrss;
	return WIFEXITED(st) && WEXITSTATUS(st) <= ok_max ? now() - t0 : -1;
}

typedef struct {
	size_t n, top1_evm, top1_fts, top3_evm, top3_fts;
} acc;

static int rank_of(const double *s, size_t n, size_t gold)
{
	if (s[gold] <= 0)
		return 0;
	int r = 1;
	for (size_t i = 0; i < n; i++)
		r += i != gold && s[i] > s[gold];
	return r;
}

/* Top-1/top-3 of evmatch and of FTS5 on the labelled corpus split. */
static void corpus_accuracy(const char *dir, const char *split, fts5_base *fb, acc *a)
{
	const char *files[] = {"success-profiles.jsonl", "noms.jsonl", "police-force.jsonl", "soca-pqf.jsonl",
			       "hmip-leadership.jsonl"};
	const evm_lexicon *lx = evm_index_lexicon(IX);
	memset(a, 0, sizeof *a);
	for (size_t k = 0; k < 5; k++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, files[k]);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, f) > 0) {
			json_t *o = json_loads(line, 0, NULL);
			const char *fwid = json_string_value(json_object_get(o, "framework"));
			const char *comp = json_string_value(json_object_get(o, "competency"));
			const char *text = json_string_value(json_object_get(o, "text"));
			const char *sp = json_string_value(json_object_get(o, "split"));
			const evm_framework *fw = fwid ? evm_lexicon_find_framework(lx, fwid) : NULL;
			const evm_competency *gold = fw && comp ? evm_framework_find_competency(fw, comp) : NULL;
			if (!gold || !text || (strcmp(split, "all") && (!sp || strcmp(sp, split)))) {
				json_decref(o);
				continue;
			}
			size_t nc = evm_framework_competency_count(fw);
			double *es = calloc(nc, sizeof *es), *fs = calloc(nc, sizeof *fs);
			evm_match_options mo = {0};
			mo.framework = fwid;
			mo.top = nc;
			evm_result *r;
			if (evm_match(IX, text, strlen(text), &mo, &r) == 0) {
				for (size_t i = 0; i < evm_result_count(r); i++)
					es[evm_result_get(r, i)->competency->index] = evm_result_get(r, i)->score;
				evm_result_free(r);
			}
			fts5_base_score(fb, fw, text, strlen(text), fs);
			int re = rank_of(es, nc, gold->index), rf = rank_of(fs, nc, gold->index);
			a->n++;
			a->top1_evm += re == 1;
			a->top3_evm += re >= 1 && re <= 3;
			a->top1_fts += rf == 1;
			a->top3_fts += rf >= 1 && rf <= 3;
			free(es);
			free(fs);
			json_decref(o);
		}
		free(line);
		fclose(f);
	}
}

static void cpu_model(char *buf, size_t n)
{
	snprintf(buf, n, "unknown");
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "model name", 10)) {
			char *c = strchr(line, ':');
			if (c) {
				snprintf(buf, n, "%s", c + 2);
				buf[strcspn(buf, "\n")] = '\0';
			}
			break;
		}
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	int as_json = 0;
	uint64_t seed = 42;
	long fixed = 0;
	const char *corpus = NULL, *split = "dev", *evm_bin = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			as_json = 1;
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			RUNS = atoi(argv[++i]) > 0 && atoi(argv[i]) <= 32 ? atoi(argv[i]) : 5;
		else if (!strcmp(argv[i], "--fixed") && i + 1 < argc)
			fixed = atol(argv[++i]);
		else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
			corpus = argv[++i];
		else if (!strcmp(argv[i], "--split") && i + 1 < argc)
			split = argv[++i];
		else if (!strcmp(argv[i], "--evmatch") && i + 1 < argc)
			evm_bin = argv[++i];
		else {
			fprintf(stderr, "usage: evmatch-bench [--json] [--seed N] [--runs N] [--corpus DIR] [--split S] "
					"[--evmatch PATH] [--fixed N]\n");
			return 2;
		}
	}
	double t0 = now();
	evm_lexicon *lx;
	evm_index *ix;
	if (evm_lexicon_new_builtin(&lx) || evm_index_build(lx, &ix)) {
		fprintf(stderr, "evmatch-bench: %s\n", evm_error_message());
		return 1;
	}
	IX = ix;
	(void)t0;
	if (fixed > 0) {
		/* fixed work, no timing: the instruction count is the measurement */
		workload w;
		workload_make(&w, lx, seed, (size_t)fixed, 250);
		double sum = 0;
		for (size_t i = 0; i < w.n; i++) {
			evm_result *r;
			if (evm_match(ix, w.text[i], w.len[i], NULL, &r) == 0) {
				sum += evm_result_count(r) ? evm_result_get(r, 0)->score : 0;
				evm_result_free(r);
			}
		}
		printf("fixed work: %ld statements of 250 words, checksum %.6f\n", fixed, sum);
		workload_free(&w);
		evm_index_free(ix);
		evm_lexicon_free(lx);
		return 0;
	}
	json_t *J = json_object();
	char cpu[256];
	cpu_model(cpu, sizeof cpu);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	json_t *machine = json_object();
	json_object_set_new(machine, "cpu", json_string(cpu));
	json_object_set_new(machine, "cores", json_integer(cores));
	json_object_set_new(machine, "compiler", json_string(__VERSION__));
	json_object_set_new(machine, "flags", json_string(EVM_BENCH_FLAGS));
	json_object_set_new(J, "machine", machine);

	/* index build and load */
	double v[32];
	for (int r = 0; r < RUNS; r++) {
		double a = now();
		evm_index *x;
		evm_index_build(lx, &x);
		v[r] = (now() - a) * 1e3;
		evm_index_free(x);
	}
	json_object_set_new(J, "index_build_ms", json_real(median(v, (size_t)RUNS)));
	char ipath[] = "/tmp/evmatch_bench_XXXXXX";
	int fd = mkstemp(ipath);
	close(fd);
	evm_index_save(ix, ipath);
	for (int r = 0; r < RUNS; r++) {
		double a = now();
		evm_index *x;
		evm_index_load(ipath, &x);
		v[r] = (now() - a) * 1e3;
		evm_index_free(x);
	}
	json_object_set_new(J, "index_load_ms", json_real(median(v, (size_t)RUNS)));

	/* workloads */
	workload w250, w50, w1000, wnote;
	workload_make(&w250, lx, seed, 2000, 250);
	workload_make(&w50, lx, seed + 1, 4000, 50);
	workload_make(&w1000, lx, seed + 2, 500, 1000);
	workload_make(&wnote, lx, seed + 3, 10000, 20);
	json_object_set_new(J, "tokeniser_mb_s", json_real(tokenise_mbs(&w250)));
	double *lat = calloc(w250.n, sizeof *lat);
	match_all(&w250, 0, w250.n, NULL, NULL);
	match_all(&w250, 0, w250.n, NULL, lat);
	json_object_set_new(J, "latency_p50_ms", json_real(pct(lat, w250.n, 0.50) * 1e3));
	json_object_set_new(J, "latency_p99_ms", json_real(pct(lat, w250.n, 0.99) * 1e3));
	free(lat);
	double s1 = rate(&w250, 1), sn = rate(&w250, (int)cores);
	double avg250 = (double)w250.bytes / (double)w250.n;
	json_object_set_new(J, "match_250w_per_s_1core", json_real(s1));
	json_object_set_new(J, "match_250w_mb_s_1core", json_real(s1 * avg250 / 1e6));
	json_object_set_new(J, "match_250w_per_s_all_cores", json_real(sn));
	double s1f = rate_fw(&w250, 1, "success-profiles");
	json_object_set_new(J, "match_250w_per_s_1core_one_framework", json_real(s1f));
	json_object_set_new(J, "match_250w_mb_s_1core_one_framework", json_real(s1f * avg250 / 1e6));
	json_object_set_new(J, "match_50w_per_s_1core", json_real(rate(&w50, 1)));
	json_object_set_new(J, "match_1000w_per_s_1core", json_real(rate(&w1000, 1)));
	json_object_set_new(J, "match_note20w_per_s_1core", json_real(rate(&wnote, 1)));

	/* the baseline on the same statements */
	fts5_base *fb;
	if (fts5_base_open(lx, &fb) == 0) {
		size_t nf = 200;
		double *sc = calloc(64, sizeof *sc);
		for (int r = -1; r < RUNS; r++) {
			double a = now();
			for (size_t i = 0; i < nf; i++)
				for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++)
					fts5_base_score(fb, evm_lexicon_framework(lx, f), w250.text[i], w250.len[i], sc);
			if (r >= 0)
				v[r] = nf / (now() - a);
		}
		free(sc);
		double fr = median(v, (size_t)RUNS);
		json_object_set_new(J, "fts5_250w_per_s_1core", json_real(fr));
		json_object_set_new(J, "speedup_vs_fts5", json_real(s1 / fr));
		if (corpus) {
			acc a;
			corpus_accuracy(corpus, split, fb, &a);
			json_t *ac = json_object();
			json_object_set_new(ac, "split", json_string(split));
			json_object_set_new(ac, "items", json_integer((json_int_t)a.n));
			json_object_set_new(ac, "evmatch_top1", json_real(a.n ? (double)a.top1_evm / a.n : 0));
			json_object_set_new(ac, "evmatch_top3", json_real(a.n ? (double)a.top3_evm / a.n : 0));
			json_object_set_new(ac, "fts5_top1", json_real(a.n ? (double)a.top1_fts / a.n : 0));
			json_object_set_new(ac, "fts5_top3", json_real(a.n ? (double)a.top3_fts / a.n : 0));
			json_object_set_new(J, "accuracy", ac);
		}
		fts5_base_close(fb);
	}

	/* the command line: batch end to end, and process start to first result */
	if (evm_bin) {
		char jpath[] = "/tmp/evmatch_bench_in_XXXXXX";
		fd = mkstemp(jpath);
		FILE *f = fdopen(fd, "w");
		size_t jbytes = 0;
		for (size_t i = 0; i < w250.n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_integer((json_int_t)i));
			json_object_set_new(o, "text", json_string(w250.text[i]));
			char *s = json_dumps(o, JSON_COMPACT);
			jbytes += (size_t)fprintf(f, "%s\n", s);
			free(s);
			json_decref(o);
		}
		fclose(f);
		for (int t = 1; t <= 2; t++) {
			char th[8];
			snprintf(th, sizeof th, "%d", t);
			char *args[] = {(char *)evm_bin, "batch", "--index", ipath, "--threads", th, jpath, NULL};
			long rss = 0;
			int failed = 0;
			for (int r = 0; r < RUNS; r++) /* every record is valid: anything but 0 is a failure */
				failed |= (v[r] = run_child(args, NULL, NULL, &rss, 0)) < 0;
			double bt = failed ? -1 : median(v, (size_t)RUNS);
			if (failed)
				fprintf(stderr, "evmatch-bench: '%s batch' failed; its throughput is reported as 0\n", evm_bin);
			char key[64];
			snprintf(key, sizeof key, "batch_mb_s_%d_thread%s", t, t > 1 ? "s" : "");
			json_object_set_new(J, key, json_real(bt > 0 ? jbytes / 1e6 / bt : 0));
			if (t == 1)
				json_object_set_new(J, "batch_peak_rss_mb", json_real(rss / 1024.0));
		}
		unlink(jpath);
		char *args[] = {(char *)evm_bin, "match", "--index", ipath, "--text", "I mentored two new starters.", NULL};
		int failed = 0;
		for (int r = 0; r < RUNS; r++) {
			double t = run_child(args, NULL, NULL, NULL, 0);
			failed |= t < 0;
			v[r] = t * 1e3;
		}
		if (failed)
			fprintf(stderr, "evmatch-bench: '%s match' failed; start to first result is reported as 0\n", evm_bin);
		json_object_set_new(J, "start_to_first_result_ms", json_real(failed ? 0 : median(v, (size_t)RUNS)));
	}
	unlink(ipath);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	json_object_set_new(J, "bench_peak_rss_mb", json_real(ru.ru_maxrss / 1024.0));

	if (as_json) {
		json_dumpf(J, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		printf("machine: %s, %ld cores, %s, %s\n\n", cpu, cores, __VERSION__, EVM_BENCH_FLAGS);
		const char *k;
		json_t *x;
		json_object_foreach(J, k, x) {
			if (json_is_real(x))
				printf("%-30s %12.2f\n", k, json_real_value(x));
			else if (json_is_object(x) && strcmp(k, "machine")) {
				const char *k2;
				json_t *y;
				json_object_foreach(x, k2, y) {
					if (json_is_real(y))
						printf("%-30s %12.3f\n", k2, json_real_value(y));
					else if (json_is_integer(y))
						printf("%-30s %12lld\n", k2, (long long)json_integer_value(y));
					else if (json_is_string(y))
						printf("%-30s %12s\n", k2, json_string_value(y));
				}
			}
		}
	}
	json_decref(J);
	workload_free(&w250);
	workload_free(&w50);
	workload_free(&w1000);
	workload_free(&wnote);
	evm_index_free(ix);
	evm_lexicon_free(lx);
	return 0;
}
