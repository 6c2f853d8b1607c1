/* lexicon/parse.c and model.c: meaning, cross-references, replacement,
 * atomic loading, and a clear "file:line: ..." for every kind of bad file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "evmatch.h"
#include "util/buf.h"

static const char *data_dir(void)
{
	const char *d = getenv("EVM_TEST_DATA");
	return d ? d : "tests/data";
}

static const char HEAD[] = "evmatch-lexicon 1\n[framework]\nid: t\nname: T\n"
			   "[level]\nid: 1\nlabel: One\nrank: 1\n"
			   "[competency]\nname: C\n";

/* Loads HEAD + body; expects failure whose message contains want. */
static void bad(const char *body, const char *want)
{
	evm_buf b = EVM_BUF_INIT;
	evm_buf_printf(&b, "%s%s", HEAD, body);
	CHECK(evm_lexicon_check_buffer("bad.lex", b.ptr, b.len) < 0);
	if (!strstr(evm_error_message(), want))
		fprintf(stderr, "  message was: %s (wanted '%s')\n", evm_error_message(), want);
	CHECK(strstr(evm_error_message(), want) != NULL);
	evm_buf_free(&b);
}

static void test_user_framework(void)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/user-framework.lex", data_dir());
	evm_lexicon *lx;
	CHECK(evm_lexicon_new(&lx) == EVM_OK);
	CHECK(evm_lexicon_load_path(lx, path) == EVM_OK);
	CHECK_INT(evm_lexicon_framework_count(lx), 1);
	const evm_framework *fw = evm_lexicon_find_framework(lx, "acme-values");
	CHECK(fw != NULL);
	if (!fw) {
		evm_lexicon_free(lx);
		return;
	}
	CHECK_STR(evm_framework_unit(fw), "value");
	CHECK_INT(evm_framework_competency_count(fw), 2);
	const evm_competency *c = evm_framework_find_competency(fw, "customer first");
	CHECK(c != NULL);
	CHECK_STR(c->id, "acme-values.customer-first"); /* derived from the name */
	CHECK_STR(c->cluster, "Serving Residents");
	CHECK_STR(evm_framework_find_competency(fw, "acme-values.one-team")->name, "One Team");
	CHECK_INT(evm_framework_indicator_count(fw), 4);
	const evm_indicator *ind = evm_lexicon_find_indicator(lx, "acme-values.one-team.lead.01", NULL);
	CHECK(ind && ind->polarity == EVM_POL_OVERDONE);
	CHECK_STR(ind->sub_competency, "Pooling");
	CHECK_STR(evm_framework_sub_base_name(fw, "Pooling"), "Sharing");
	CHECK(evm_lexicon_find_indicator(lx, "acme-values.one-team.any.01", NULL)->level == NULL);
	/* grade maps: framework-wide, and refined for one competency */
	const evm_level *lv = evm_framework_level_for_grade(fw, NULL, "scale 2");
	CHECK(lv && strcmp(lv->id, "staff") == 0);
	lv = evm_framework_level_for_grade(fw, c, "Head of Service");
	CHECK(lv && strcmp(lv->definition, "Sets service standards that residents can hold the council to.") == 0);
	CHECK(evm_framework_level_for_grade(fw, c, "Manager") != NULL);
	CHECK(evm_framework_level_for_grade(fw, NULL, "Nope") == NULL);
	CHECK(evm_framework_find_level(fw, "leaders") == evm_framework_level(fw, 1));
	evm_lexicon_free(lx);
}

static void test_errors(void)
{
	bad("[indicator]\nid: t.1\ncompetency: C\npolarity: effective\n", "bad.lex:11: [indicator] needs a value for 'text'");
	bad("[indicator]\nid: t.1\ncompetency: C\npolarity: great\ntext: x\n", "bad.lex:14: unknown polarity 'great'");
	bad("[indicator]\nid: t.1\ncompetency: C\nlevel: 9\npolarity: effective\ntext: x\n", "bad.lex:14: unknown level '9'");
	bad("[indicator]\nid: t.1\ncompetency: D\npolarity: effective\ntext: x\n", "bad.lex:13: unknown competency 'D'");
	bad("[indicator]\nid: other.1\ncompetency: C\npolarity: effective\ntext: x\n", "must start with 't.'");
	bad("[indicator]\nid: t.1\ncompetency: C\npolarity: effective\ntext: x\n"
	    "[indicator]\nid: t.1\ncompetency: C\npolarity: effective\ntext: y\n",
	    "bad.lex:17: duplicate indicator id 't.1'");
	bad("[indicator]\nid: t.1\ncompetency: C\npolarity: effective\ntext: x\ncolour: red\n", "bad.lex:16: unknown key 'colour'");
	bad("[widget]\nid: 1\n", "bad.lex:11: unknown section [widget]");
	bad("[competency]\nname: C\n", "competency 'C' defined twice");
	bad("[level]\nid: 1\nlabel: again\nrank: 2\n", "level '1' defined twice");
	bad("[level]\nid: 2\nlabel: Two\nrank: high\n", "rank 'high' is not a whole number");
	bad("[indicator]\nid: t.1\ncompetency: C\nsub-competency: S\npolarity: effective\ntext: x\n", "unknown sub-competency 'S'");
	bad("[indicator]\nid: t.1\ncompetency: C\npolarity: effective\ntext: x\nreconstructed: maybe\n", "'reconstructed' is yes or no");
	bad("[level]\ncompetency: C\nid: 7\n", "unknown level '7'");
	bad("[framework]\nid: t\nname: again\n", "framework 't' defined twice");
	CHECK(evm_lexicon_check_buffer("x.lex", "evmatch-lexicon 1\n[level]\nid: 1\n", 32) < 0);
	CHECK(strstr(evm_error_message(), "before any [framework]") != NULL);
	const char *nocomp = "evmatch-lexicon 1\n[framework]\nid: t\nname: T\n";
	CHECK(evm_lexicon_check_buffer("x.lex", nocomp, strlen(nocomp)) < 0);
	CHECK(strstr(evm_error_message(), "has no competencies") != NULL);
	const char *badid = "evmatch-lexicon 1\n[framework]\nid: Not OK\nname: T\n";
	CHECK(evm_lexicon_check_buffer("x.lex", badid, strlen(badid)) < 0);
}

static void test_limit(void)
{
	/* 50,001 indicators: refused with a clear limit error, not truncated */
	evm_buf b = EVM_BUF_INIT;
	evm_buf_puts(&b, HEAD);
	for (int i = 0; i <= 50000; i++)
		evm_buf_printf(&b, "[indicator]\nid: t.%d\ncompetency: C\npolarity: effective\ntext: x\n", i);
	int rc = evm_lexicon_check_buffer("big.lex", b.ptr, b.len);
	CHECK(rc == EVM_ELIMIT);
	CHECK(strstr(evm_error_message(), "more than 50000 indicators") != NULL);
	evm_buf_free(&b);
}

static void test_replace_and_atomic(void)
{
	evm_lexicon *lx;
	CHECK(evm_lexicon_new_builtin(&lx) == EVM_OK);
	size_t before = evm_lexicon_framework_count(lx);
	const char *repl = "evmatch-lexicon 1\n[framework]\nid: hmip-leadership\nname: Mine\n[competency]\nname: Only\n"
			   "[indicator]\nid: hmip-leadership.only.1\ncompetency: Only\npolarity: effective\ntext: x\n";
	CHECK(evm_lexicon_load_buffer(lx, "repl.lex", repl, strlen(repl)) == EVM_OK);
	CHECK_INT(evm_lexicon_framework_count(lx), before); /* replaced, not added */
	const evm_framework *fw = evm_lexicon_find_framework(lx, "hmip-leadership");
	CHECK_STR(evm_framework_name(fw), "Mine");
	CHECK_INT(evm_framework_indicator_count(fw), 1);

	/* a file that fails half-way leaves the lexicon as it was */
	const char *half = "evmatch-lexicon 1\n[framework]\nid: noms\nname: Broken\n[competency]\nname: C\n"
			   "[framework]\nid: extra\nname: E\n[level]\nid: 1\n";
	CHECK(evm_lexicon_load_buffer(lx, "half.lex", half, strlen(half)) < 0);
	CHECK(strstr(evm_error_message(), "half.lex:10:") != NULL);
	CHECK_STR(evm_framework_name(evm_lexicon_find_framework(lx, "noms")), "NOMS Competency Framework");
	CHECK(evm_lexicon_find_framework(lx, "extra") == NULL);

	/* a directory loads whole or not at all */
	char dir[] = "/tmp/evm_lexdir_XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char p1[256], p2[256];
	snprintf(p1, sizeof p1, "%s/a.lex", dir);
	snprintf(p2, sizeof p2, "%s/b.lex", dir);
	FILE *f = fopen(p1, "w");
	fputs("evmatch-lexicon 1\n[framework]\nid: dir-a\nname: A\n[competency]\nname: C\n", f);
	fclose(f);
	f = fopen(p2, "w");
	fputs("evmatch-lexicon 1\n[framework]\nid: dir-b\nname: B\n[competency]\nname: C\n[indicator]\nid: dir-b.1\n", f);
	fclose(f);
	CHECK(evm_lexicon_load_path(lx, dir) < 0);
	CHECK(strstr(evm_error_message(), "b.lex:7:") != NULL);
	CHECK(evm_lexicon_find_framework(lx, "dir-a") == NULL);
	unlink(p2);
	CHECK(evm_lexicon_load_path(lx, dir) == EVM_OK);
	CHECK(evm_lexicon_find_framework(lx, "dir-a") != NULL);
	unlink(p1);
	CHECK(evm_lexicon_load_path(lx, dir) == EVM_ENOTFOUND);
	rmdir(dir);
	CHECK(evm_lexicon_load_path(lx, "/nonexistent.lex") == EVM_EIO);
	CHECK(strstr(evm_error_message(), "/nonexistent.lex") != NULL);
	evm_lexicon_free(lx);
}

int main(void)
{
	test_user_framework();
	test_errors();
	test_limit();
	test_replace_and_atomic();
	return check_summary("lexicon");
}
