/* index/: build, save, load by mmap, and refusal of every kind of bad file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "check.h"
#include "index/bridge.h"
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

/* Expects parse to refuse text with a message starting with err. */
static void parse_fails(int (*parse)(evm_bridge *, const char *, const char *, size_t), const char *text,
			const char *err)
{
	evm_bridge b;
	evm_bridge_init(&b);
	CHECK(parse(&b, "x.txt", text, strlen(text)) == EVM_EPARSE);
	if (strncmp(evm_error_message(), err, strlen(err)) != 0)
		fprintf(stderr, "  got '%s', expected '%s...'\n", evm_error_message(), err);
	CHECK(strncmp(evm_error_message(), err, strlen(err)) == 0);
	evm_bridge_free(&b);
}

/* lexicon/crosswalk.txt's syntax: every fault names the file and line. */
static void test_crosswalk_parse(void)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
		{"evmatch-crosswalk 1\npace success-profiles/Delivering at Pace\n", "x.txt:2: expected 'label:"},
		{"evmatch-crosswalk 1\npace: success-profiles/Delivering at Pace\n", "x.txt:2: a group needs two"},
		{"evmatch-crosswalk 1\npace: noms, success-profiles/Delivering at Pace\n", "x.txt:2: member 'noms' is not"},
		{"evmatch-crosswalk 1\npace: noms/X [2], success-profiles/Y\n", "x.txt:2: weight '2'"},
		{"evmatch-crosswalk 1\npace: noms/X [nan], success-profiles/Y\n", "x.txt:2: weight 'nan'"},
		{"pace: noms/X, success-profiles/Y\n", "x.txt:1: expected the header line"},
		{"evmatch-crosswalk 1\nown-cues-only: police-force/We Collaborate\n", "x.txt:2: 'own-cues-only:' lists framework ids"},
		{"evmatch-crosswalk 1\nown-cues-only: noms [0.5]\n", "x.txt:2: 'own-cues-only:' lists framework ids"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		parse_fails(evm_bridge_parse_crosswalk, bad[i].text, bad[i].err);
	evm_bridge b;
	evm_bridge_init(&b);
	const char *good = "evmatch-crosswalk 1\n# two groups\npace: noms/Delivering at Pace, success-profiles/Delivering at Pace [0.5]\n"
			   "x: a/B, c/D, e/F\nown-cues-only: police-force, hmip-leadership\n";
	CHECK(evm_bridge_parse_crosswalk(&b, "x.txt", good, strlen(good)) == EVM_OK);
	CHECK_INT(b.xwalk.len, 5);
	CHECK_INT(b.ngroups, 2);
	CHECK_INT(b.xwalk_own_cues.len, 2);
	if (b.xwalk_own_cues.len == 2)
		CHECK_STR(b.xwalk_own_cues.items[1], "hmip-leadership");
	const evm_xwalk_entry *e = b.xwalk.items[1];
	CHECK_STR(e->framework, "success-profiles");
	CHECK_STR(e->competency, "Delivering at Pace");
	CHECK(e->weight > 0.49f && e->weight < 0.51f && e->group == 0);
	evm_bridge_free(&b);
}

/* lexicon/typical.txt's syntax. */
static void test_typical_parse(void)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
		{"evmatch-typical 1\nnoms/Caring\n", "x.txt:2: typical evidence 'noms/Caring' is not"},
		{"evmatch-typical 1\n12.5\n", "x.txt:2: expected 'value framework/Competency'"},
		{"evmatch-typical 1\n12.5 noms\n", "x.txt:2: expected 'value framework/Competency'"},
		{"evmatch-typical 1\n12.5 noms/\n", "x.txt:2: expected 'value framework/Competency'"},
		{"evmatch-typical 1\n0 noms/Caring\n", "x.txt:2: typical evidence '0' is not a number above 0"},
		{"evmatch-typical 1\n-3 noms/Caring\n", "x.txt:2: typical evidence '-3'"},
		{"evmatch-typical 1\nnan noms/Caring\n", "x.txt:2: typical evidence 'nan'"},
		{"evmatch-typical 1\n1e99 noms/Caring\n", "x.txt:2: typical evidence '1e99'"},
		{"evmatch-typical 1\n12x noms/Caring\n", "x.txt:2: typical evidence '12x'"},
		{"12 noms/Caring\n", "x.txt:1: expected the header line 'evmatch-typical 1'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		parse_fails(evm_bridge_parse_typical, bad[i].text, bad[i].err);
	/* NaN compares false with everything: a range test must be written to fail on it */
	parse_fails(evm_bridge_parse_seniority, "evmatch-seniority 1\nhead of unit => nan\n", "x.txt:2: seniority 'nan'");
	parse_fails(evm_bridge_parse_seniority, "evmatch-seniority 1\nhead of unit => 1.5\n", "x.txt:2: seniority '1.5'");
	parse_fails(evm_bridge_parse_thesaurus, "evmatch-thesaurus 1\nrota => plan [nan]\n", "x.txt:2: weight 'nan'");
	evm_bridge b;
	evm_bridge_init(&b);
	const char *good = "evmatch-typical 1\n# a comment\n\n12.5 noms/Caring\n3e1\tpolice-force/We Enable & Inspire Others\n";
	CHECK(evm_bridge_parse_typical(&b, "x.txt", good, strlen(good)) == EVM_OK);
	CHECK_INT(b.typical.len, 2);
	if (b.typical.len == 2) {
		const evm_typical_entry *e = b.typical.items[1];
		CHECK_STR(e->framework, "police-force");
		CHECK_STR(e->competency, "We Enable & Inspire Others");
		CHECK(e->value == 30.0);
		CHECK_STR(e->source, "x.txt:5");
	}
	evm_bridge_free(&b);
}

/* The built-in frameworks take their values from lexicon/typical.txt; a
 * user's framework, which has none, is scaled as their geometric mean. */
static void test_typical_built(const evm_index *ix)
{
	evm_bridge br;
	evm_bridge_init(&br);
	CHECK(evm_bridge_load_builtin(&br) == EVM_OK);
	CHECK(br.typical.len == 44);
	const evm_lexicon *lx = evm_index_lexicon(ix);
	double logsum = 0;
	for (size_t i = 0; i < br.typical.len; i++) {
		const evm_typical_entry *e = br.typical.items[i];
		const evm_framework *fw = evm_lexicon_find_framework(lx, e->framework);
		const evm_competency *c = fw ? evm_framework_find_competency(fw, e->competency) : NULL;
		CHECK(c != NULL);
		if (!c)
			continue;
		size_t f = 0;
		while (evm_lexicon_framework(lx, f) != fw)
			f++;
		CHECK(ix->fw[f].typical[c->index] == (float)e->value);
		logsum += log((float)e->value);
	}
	float avg = (float)exp(logsum / (double)br.typical.len);
	evm_bridge_free(&br);

	char path[512];
	snprintf(path, sizeof path, "%s/user-framework.lex", getenv("EVM_TEST_DATA") ? getenv("EVM_TEST_DATA") : "tests/data");
	evm_lexicon *lx2;
	CHECK(evm_lexicon_new_builtin(&lx2) == 0);
	CHECK(evm_lexicon_load_path(lx2, path) == 0);
	evm_index *ix2;
	CHECK(evm_index_build(lx2, &ix2) == 0);
	const evm_framework *acme = evm_lexicon_find_framework(evm_index_lexicon(ix2), "acme-values");
	CHECK(acme != NULL);
	for (size_t f = 0; acme && f < evm_lexicon_framework_count(evm_index_lexicon(ix2)); f++)
		if (evm_lexicon_framework(evm_index_lexicon(ix2), f) == acme)
			for (uint32_t c = 0; c < ix2->fw[f].ncomp; c++)
				CHECK(fabsf(ix2->fw[f].typical[c] - avg) < 1e-4f * avg);
	evm_index_free(ix2);
	evm_lexicon_free(lx2);
	/* alone, with nothing to average, it is left as it is */
	evm_lexicon *lx3;
	CHECK(evm_lexicon_new(&lx3) == 0);
	CHECK(evm_lexicon_load_path(lx3, path) == 0);
	evm_index *ix3;
	CHECK(evm_index_build(lx3, &ix3) == 0);
	for (uint32_t c = 0; c < ix3->fw[0].ncomp; c++)
		CHECK(ix3->fw[0].typical[c] == 1.0f);
	evm_index_free(ix3);
	evm_lexicon_free(lx3);
}

int main(void)
{
	test_crosswalk_parse();
	test_typical_parse();
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
	test_typical_built(ix);

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
	/* a seniority cue's value feeds the level estimate: NaN is refused */
	memcpy(copy, good, n);
	h = (evm_ix_header *)copy;
	((evm_ix_phrase *)(copy + h->phrases.off))[3].seniority = NAN;
	h->checksum = 0;
	h->checksum = XXH64(copy, n, 0);
	spit(bad, copy, n);
	refused(bad, "phrase 3 malformed");
	/* scores are divided by the typical evidence: zero or NaN is refused */
	memcpy(copy, good, n);
	h = (evm_ix_header *)copy;
	((float *)(copy + h->fw[1].typical.off))[2] = 0.0f;
	h->checksum = 0;
	h->checksum = XXH64(copy, n, 0);
	spit(bad, copy, n);
	refused(bad, "framework 1 typical evidence of competency 2 malformed");
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
