/* evmatch batch: JSON Lines or CSV in, JSON Lines out, one output line per
 * input record, in input order, whatever fails.
 *
 * One reader (this thread), N workers and one writer share a ring of chunks
 * of records. The ring bounds memory: the reader waits when it is full, so a
 * huge input is never held whole, and the writer emits chunks strictly in
 * sequence, so output order is input order. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "records_in.h"

#define CHUNK 128
#define MAX_COMPS 32

typedef struct {
	size_t line;
	char *input;       /* the JSONL line, or the CSV text */
	size_t len;
	char *id;          /* CSV id column */
	const char *err_code; /* set when the record could not be read */
	char err_msg[128];
	char *out;         /* the output line, without newline */
	int failed;
} record;

typedef struct {
	record rec[CHUNK];
	size_t n;
} chunk;

enum { SLOT_EMPTY, SLOT_READY, SLOT_WORKING, SLOT_DONE };

typedef struct {
	/* configuration */
	const evm_index *ix;
	evm_match_options defaults;
	const char *def_comps[MAX_COMPS];
	int flags, csv; /* EVM_BATCH_* */
	FILE *out;
	int progress;
	/* the ring */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	chunk **slot;
	int *state;
	size_t *counts; /* records in each slot's chunk, for the writer's tally */
	size_t cap;
	size_t produced, next_work, written; /* chunk sequence numbers */
	int reading_done, write_failed;
	/* counts */
	size_t records, errors;
} batch;

static void record_free(record *r)
{
	free(r->input);
	free(r->id);
	free(r->out);
	memset(r, 0, sizeof *r);
}

/* Matches one record and renders its output line (the library's work). */
static void process(batch *b, record *r)
{
	if (r->err_code)
		r->failed = evm_batch_error(r->line, r->id, r->err_code, r->err_msg, &r->out) != 0;
	else if (b->csv)
		r->failed = evm_batch_text(b->ix, r->input, r->len, r->line, r->id, &b->defaults, b->flags, &r->out) != 0;
	else
		r->failed = evm_batch_record(b->ix, r->input, r->len, r->line, &b->defaults, b->flags, &r->out) != 0;
}

static void *worker(void *arg)
{
	batch *b = arg;
	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (b->next_work < b->produced && b->state[b->next_work % b->cap] != SLOT_READY)
			b->next_work++; /* cannot happen, but never spin on a taken slot */
		if (b->next_work < b->produced) {
			size_t seq = b->next_work++;
			chunk *c = b->slot[seq % b->cap];
			b->state[seq % b->cap] = SLOT_WORKING;
			pthread_mutex_unlock(&b->mu);
			for (size_t i = 0; i < c->n; i++)
				process(b, &c->rec[i]);
			pthread_mutex_lock(&b->mu);
			b->state[seq % b->cap] = SLOT_DONE;
			pthread_cond_broadcast(&b->cv);
			continue;
		}
		if (b->reading_done || b->write_failed)
			break;
		pthread_cond_wait(&b->cv, &b->mu);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *writer(void *arg)
{
	batch *b = arg;
	double last = now_s();
	pthread_mutex_lock(&b->mu);
	for (;;) {
		size_t seq = b->written;
		if (seq < b->produced && b->state[seq % b->cap] == SLOT_DONE) {
			chunk *c = b->slot[seq % b->cap];
			pthread_mutex_unlock(&b->mu);
			int failed = 0;
			size_t errs = 0;
			for (size_t i = 0; i < c->n; i++) {
				record *r = &c->rec[i];
				errs += r->failed;
				if (!failed && (fputs(r->out ? r->out : "{}", b->out) == EOF || putc('\n', b->out) == EOF))
					failed = 1;
				record_free(r);
			}
			free(c);
			if (b->progress && now_s() - last > 0.2) {
				last = now_s();
				fprintf(stderr, "\r%zu records", (seq + 1) * CHUNK);
			}
			pthread_mutex_lock(&b->mu);
			b->records += b->counts[seq % b->cap];
			b->errors += errs;
			b->state[seq % b->cap] = SLOT_EMPTY;
			b->written++;
			if (failed || ferror(b->out))
				b->write_failed = 1;
			pthread_cond_broadcast(&b->cv);
			continue;
		}
		if ((b->reading_done && b->written == b->produced) || b->write_failed)
			break;
		pthread_cond_wait(&b->cv, &b->mu);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

static void chunk_free(chunk *c)
{
	for (size_t i = 0; i < c->n; i++)
		record_free(&c->rec[i]);
	free(c);
}

/* Hands a filled chunk to the workers, waiting for room in the ring; -1
 * (and the chunk stays the caller's) once the writer has failed. */
static int submit(batch *b, chunk *c)
{
	pthread_mutex_lock(&b->mu);
	while (b->state[b->produced % b->cap] != SLOT_EMPTY && !b->write_failed)
		pthread_cond_wait(&b->cv, &b->mu);
	int failed = b->write_failed;
	if (!failed) {
		b->slot[b->produced % b->cap] = c;
		b->counts[b->produced % b->cap] = c->n;
		b->state[b->produced % b->cap] = SLOT_READY;
		b->produced++;
		pthread_cond_broadcast(&b->cv);
	}
	pthread_mutex_unlock(&b->mu);
	return failed ? -1 : 0;
}

static void batch_usage(FILE *f)
{
	fputs("usage: evmatch batch [OPTIONS] [FILE|-]\n"
	      "  --input-format jsonl|csv   (default jsonl)\n"
	      "  --text-column NAME         CSV column holding the text (default: text)\n"
	      "  --id-column NAME           CSV column holding the id (default: id)\n"
	      "  --framework F, --competency C, --level L   defaults a record may override\n"
	      "  --top K, --indicators N    (defaults 5 and 3)\n"
	      "  --threads N                worker threads (default: all cores)\n"
	      "  --max-record BYTES         longest record accepted (default 1048576)\n"
	      "  --redact                   mask e-mails, phone numbers, NI numbers and postcodes in output\n"
	      "  --compact                  per competency: score, confidence, level, polarity, best\n"
	      "                             indicator and evidence sentence only (much faster)\n"
	      "  --allow-errors             exit 0 even when some records failed\n"
	      "  --index FILE, --lexicon FILE|DIR, --no-builtin, --competency-model FILE\n"
	      "JSONL fields: text (required); id, framework, competencies, level (optional).\n",
	      f);
}

static int col_index(const rec_reader *r, const char *name)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (!strcmp(r->header[i], name))
			return (int)i;
	return -1;
}

int cmd_batch(int argc, char **argv)
{
	cli_common co = {0};
	batch b;
	memset(&b, 0, sizeof b);
	const char *path = NULL, *index = NULL, *format = "jsonl", *text_col = "text", *id_col = "id";
	long threads = sysconf(_SC_NPROCESSORS_ONLN);
	size_t max_record = EVM_MAX_TEXT;
	int allow_errors = 0;
	static const char *const with_value[] = {"--input-format", "--text-column", "--id-column",
						 "--framework", "--competency", "--level", "--top",
						 "--indicators", "--threads", "--index", "--max-record", NULL};
	for (int i = 1; i < argc; i++) {
		const char *a, *val;
		int k = cli_step(&co, argc, argv, &i, with_value, batch_usage, &a, &val);
		if (k == CLI_TAKEN)
			continue;
		if (k != CLI_ARG)
			return cli_step_exit(k);
		if (!strcmp(a, "--input-format"))
			format = val;
		else if (!strcmp(a, "--text-column"))
			text_col = val;
		else if (!strcmp(a, "--id-column"))
			id_col = val;
		else if (!strcmp(a, "--framework"))
			b.defaults.framework = val;
		else if (!strcmp(a, "--level"))
			b.defaults.level = val;
		else if (!strcmp(a, "--index"))
			index = val;
		else if (!strcmp(a, "--competency")) {
			if (b.defaults.ncompetencies == MAX_COMPS) {
				cli_error("too many --competency options");
				return EXIT_USAGE;
			}
			b.def_comps[b.defaults.ncompetencies++] = val;
		} else if (!strcmp(a, "--top") || !strcmp(a, "--indicators") || !strcmp(a, "--threads") ||
			   !strcmp(a, "--max-record")) {
			char *end;
			long v = strtol(val, &end, 10);
			long hi = !strcmp(a, "--max-record") ? (long)EVM_MAX_TEXT * 16 : 1024;
			if (*end || v < 1 || v > hi) {
				cli_error("%s takes a whole number from 1 to %ld", a, hi);
				return EXIT_USAGE;
			}
			if (a[2] == 't' && a[3] == 'o')
				b.defaults.top = (size_t)v;
			else if (a[2] == 'i')
				b.defaults.top_indicators = (size_t)v;
			else if (a[2] == 't')
				threads = v;
			else
				max_record = (size_t)v;
		} else if (!strcmp(a, "--allow-errors"))
			allow_errors = 1;
		else if (!strcmp(a, "--redact"))
			b.flags |= EVM_BATCH_REDACT;
		else if (!strcmp(a, "--compact"))
			b.flags |= EVM_BATCH_COMPACT;
		else if (a[0] == '-' && a[1]) {
			cli_error("batch: unknown option '%s'", a);
			return EXIT_USAGE;
		} else if (!path)
			path = a;
		else {
			cli_error("batch: one input at a time");
			return EXIT_USAGE;
		}
	}
	int csv = !strcmp(format, "csv");
	if (!csv && strcmp(format, "jsonl") != 0) {
		cli_error("--input-format is jsonl or csv, not '%s'", format);
		return EXIT_USAGE;
	}
	if (threads < 1)
		threads = 1;
	b.defaults.competencies = b.def_comps;
	FILE *in = path && strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in) {
		cli_error("%s: cannot open: %s", path, strerror(errno));
		return EXIT_DATA;
	}
	evm_index *ix = cli_load_index(&co, index);
	if (!ix) {
		if (in != stdin)
			fclose(in);
		return EXIT_DATA;
	}
	if (b.defaults.framework && !evm_lexicon_find_framework(evm_index_lexicon(ix), b.defaults.framework)) {
		cli_error("unknown framework '%s'", b.defaults.framework);
		evm_index_free(ix);
		if (in != stdin)
			fclose(in);
		return EXIT_DATA;
	}
	b.ix = ix;
	b.csv = csv;
	b.out = stdout;
	b.progress = isatty(STDERR_FILENO);
	b.cap = (size_t)threads * 2 + 2;
	b.slot = calloc(b.cap, sizeof *b.slot);
	b.state = calloc(b.cap, sizeof *b.state);
	b.counts = calloc(b.cap, sizeof *b.counts);
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.cv, NULL);
	rec_reader rr;
	memset(&rr, 0, sizeof rr);
	rr.f = in;
	rr.max = max_record;
	int rc = EXIT_OK, text_i = -1, id_i = -1;
	if (csv) {
		char err[256];
		if (rec_csv_header(&rr, err, sizeof err) != REC_OK) {
			cli_error("%s: %s", path ? path : "<stdin>", err);
			rc = EXIT_DATA;
		} else if ((text_i = col_index(&rr, text_col)) < 0) {
			cli_error("%s: no column '%s' in the header row", path ? path : "<stdin>", text_col);
			rc = EXIT_DATA;
		}
		id_i = col_index(&rr, id_col);
	}
	double t0 = now_s();
	pthread_t *tw = calloc((size_t)threads, sizeof *tw), wt;
	if (rc == EXIT_OK) {
		for (long i = 0; i < threads; i++)
			pthread_create(&tw[i], NULL, worker, &b);
		pthread_create(&wt, NULL, writer, &b);
		evm_buf line = EVM_BUF_INIT;
		chunk *c = calloc(1, sizeof *c);
		int io_error = 0;
		for (;;) {
			record *r = &c->rec[c->n];
			int st;
			if (!csv) {
				st = rec_next_line(&rr, &line);
				if (st == REC_EOF)
					break;
				r->line = rr.line;
				if (st == REC_IO) {
					io_error = 1;
					break;
				}
				if (st == REC_TOO_LONG) {
					r->err_code = "limit";
					snprintf(r->err_msg, sizeof r->err_msg, "record longer than %zu bytes", rr.max);
				} else {
					r->input = malloc(line.len + 1);
					if (r->input)
						memcpy(r->input, line.ptr ? line.ptr : "", line.len + 1);
					r->len = line.len;
				}
			} else {
				char **fields;
				size_t nf;
				st = rec_csv_next(&rr, &fields, &nf);
				if (st == REC_EOF)
					break;
				r->line = rr.line;
				if (st == REC_TOO_LONG) {
					r->err_code = "limit";
					snprintf(r->err_msg, sizeof r->err_msg, "record longer than %zu bytes", rr.max);
				} else if (st == REC_BAD) {
					r->err_code = "parse";
					snprintf(r->err_msg, sizeof r->err_msg, "unbalanced quote: the record runs to the end of the input");
				} else if (nf != rr.ncols) {
					r->err_code = "invalid";
					snprintf(r->err_msg, sizeof r->err_msg, "%zu fields where the header has %zu", nf, rr.ncols);
				} else {
					r->input = strdup(fields[text_i]);
					r->len = strlen(r->input);
					if (id_i >= 0 && *fields[id_i])
						r->id = strdup(fields[id_i]);
				}
				rec_free_fields(fields, nf);
			}
			if (++c->n == CHUNK) {
				if (submit(&b, c) < 0) {
					chunk_free(c); /* the writer has failed: nobody will take it */
					c = NULL;
					break;
				}
				c = calloc(1, sizeof *c);
			}
		}
		/* once submitted, the chunk is the writer's and may be gone: decide
		 * before submitting, never read c after */
		if (c && c->n) {
			if (submit(&b, c) < 0)
				chunk_free(c);
		} else {
			free(c);
		}
		evm_buf_free(&line);
		pthread_mutex_lock(&b.mu);
		b.reading_done = 1;
		pthread_cond_broadcast(&b.cv);
		pthread_mutex_unlock(&b.mu);
		for (long i = 0; i < threads; i++)
			pthread_join(tw[i], NULL);
		pthread_join(wt, NULL);
		/* chunks left in the ring after a write failure */
		for (size_t s = b.written; s < b.produced; s++) {
			chunk_free(b.slot[s % b.cap]);
			b.slot[s % b.cap] = NULL;
		}
		if (io_error) {
			cli_error("%s: read error: %s", path ? path : "<stdin>", strerror(errno));
			rc = EXIT_DATA;
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout) || b.write_failed) {
		cli_error("error writing output: %s (%zu of the records read were written)", strerror(errno ? errno : EIO),
			  b.records);
		rc = EXIT_DATA;
	}
	double dt = now_s() - t0;
	if (b.progress)
		fputc('\r', stderr);
	double mb = (double)rr.bytes / 1e6;
	fprintf(stderr, "evmatch batch: %zu records, %zu errors, %.2f MB in %.2f s (%.1f MB/s, %.0f records/s, %ld threads)\n",
		b.records, b.errors, mb, dt, dt > 0 ? mb / dt : 0, dt > 0 ? b.records / dt : 0, threads);
	if (rc == EXIT_OK && b.errors && !allow_errors)
		rc = EXIT_DATA;
	rec_reader_free(&rr);
	free(tw);
	free(b.slot);
	free(b.state);
	free(b.counts);
	pthread_mutex_destroy(&b.mu);
	pthread_cond_destroy(&b.cv);
	evm_index_free(ix);
	if (in != stdin)
		fclose(in);
	return rc;
}
