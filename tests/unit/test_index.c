/* index/: build, save, load by mmap, and refusal of every kind of bad file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "check.h"
#include "evmatch.h"
#include "index/format.h"
#include "index/index.h"

static const char *TEXT = "I set up a weekly rota so the backlog was cleared before the deadline, "
			  "and I kept my manager updated on progress.";

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)sz + 1);
	*n = fread(b, 1, (size_t)sz, f);
	fclose(f);
	return b;
}

static void spit(const char *path, const char *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	fwrite(b, 1, n, f);
	fclose(f);
}

/* Expects loading path to fail with EVM_ECORRUPT and a message with want. */
static void refused(const char *path, const char *want)
{
	evm_index *ix = NULL;
	int rc = evm_index_load(path, &ix);
	CHECK(rc == EVM_ECORRUPT);
	if (!strstr(evm_error_message(), want))
		fprintf(stderr, "  message was: %s (wanted '%s')\n", evm_error_message(), want);
	CHECK(strstr(evm_error_message(), want) != NULL);
	CHECK(strstr(evm_error_message(), path) != NULL);
	CHECK(ix == NULL);
}

static double top_score(const evm_index *ix)
{
	evm_result *r;
	evm_match_options o = {0};
	o.framework = "success-profiles";
	CHECK(evm_match(ix, TEXT, strlen(TEXT), &o, &r) == 0);
	double s = evm_result_count(r) ? evm_result_get(r, 0)->score : -1;
	evm_result_free(r);
	return s;
}

int main(void)
{
	evm_lexicon *lx;
	CHECK(evm_lexicon_new_builtin(&lx) == 0);
	evm_index *ix;
	CHECK(evm_index_build(lx, &ix) == 0);
	evm_lexicon_free(lx); /* the index keeps its own copy */
	size_t terms, docs, phrases;
	evm_index_stats(ix, &terms, &docs, &phrases);
	CHECK(terms > 1000);
	CHECK(docs > 1500);
	CHECK_INT(evm_lexicon_framework_count(evm_index_lexicon(ix)), 5);

	char path[] = "/tmp/evm_index_XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	CHECK(evm_index_save(ix, path) == 0);
	evm_index *lo;
	CHECK(evm_index_load(path, &lo) == 0);
	double a = top_score(ix), b = top_score(lo);
	CHECK(a > 0);
	CHECK(a == b); /* same bytes, same answer */
	CHECK(evm_lexicon_find_indicator(evm_index_lexicon(lo), "success-profiles.working-together.l3.02", NULL) != NULL);
	evm_index_free(lo);

	size_t n = 0;
	char *good = slurp(path, &n);
	char bad[64];
	snprintf(bad, sizeof bad, "%s.bad", path);

	spit(bad, good, n - 1);
	refused(bad, "truncated");
	spit(bad, good, 10);
	refused(bad, "too short");
	char *copy = malloc(n);
	memcpy(copy, good, n);
	copy[n / 2] ^= 0x40;
	spit(bad, copy, n);
	refused(bad, "checksum mismatch");
	memcpy(copy, good, n);
	((evm_ix_header *)copy)->version = 99;
	spit(bad, copy, n);
	refused(bad, "version 99");
	memcpy(copy, good, n);
	memcpy(copy, "NOTANIDX", 8);
	spit(bad, copy, n);
	refused(bad, "bad magic");
	/* a crafted file with a valid checksum but a bad cross-reference */
	memcpy(copy, good, n);
	evm_ix_header *h = (evm_ix_header *)copy;
	uint32_t *vocab = (uint32_t *)(copy + h->vocab.off);
	for (uint32_t j = 0; j < h->vocab_cap; j++)
		if (vocab[j]) {
			vocab[j] = h->nterms + 5;
			break;
		}
	h->checksum = 0;
	h->checksum = XXH64(copy, n, 0);
	spit(bad, copy, n);
	refused(bad, "vocabulary slot out of range");
	memcpy(copy, good, n);
	h = (evm_ix_header *)copy;
	h->fw[0].docs.off = n; /* past the end */
	h->checksum = 0;
	h->checksum = XXH64(copy, n, 0);
	spit(bad, copy, n);
	refused(bad, "out of bounds");
	spit(bad, "evmatch-lexicon 1\n", 18);
	refused(bad, "too short");
	CHECK(evm_index_load("/nonexistent/idx", &lo) == EVM_EIO);
	CHECK(evm_index_save(ix, "/nonexistent/dir/idx") == EVM_EIO);
	unlink(bad);
	unlink(path);
	free(copy);
	free(good);
	evm_index_free(ix);
	return check_summary("index");
}
