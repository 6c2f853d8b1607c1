/* lexicon/records.c: the shared record syntax and its error messages. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lexicon/records.h"
#include "util/error.h"

static int parse(const char *text, evm_records *r)
{
	return evm_records_parse(r, "t.lex", "evmatch-lexicon", text, strlen(text));
}

/* Expects failure with a message containing want. */
static void bad(const char *text, const char *want)
{
	evm_records r;
	int rc = parse(text, &r);
	CHECK(rc < 0);
	if (!strstr(evm_error_message(), want))
		fprintf(stderr, "  message was: %s (wanted '%s')\n", evm_error_message(), want);
	CHECK(strstr(evm_error_message(), want) != NULL);
	evm_records_free(&r);
}

int main(void)
{
	evm_records r;
	const char *good = "\xEF\xBB\xBF# comment\r\n"
			   "evmatch-lexicon 1\r\n"
			   "\n"
			   "[indicator]\n"
			   "id: a.b\n"
			   "text: first part\n"
			   "  continued here\n"
			   "empty:\n"
			   "[cell]\n"
			   "- one\n"
			   "- two\n"
			   "\tand more\n";
	CHECK(parse(good, &r) == EVM_OK);
	CHECK_INT(r.nrecs, 2);
	CHECK_STR(r.recs[0].section, "indicator");
	CHECK_INT(r.recs[0].line, 4);
	CHECK_STR(evm_record_field(&r.recs[0], "text")->value, "first part continued here");
	CHECK_STR(evm_record_field(&r.recs[0], "empty")->value, "");
	CHECK(evm_record_field(&r.recs[0], "nope") == NULL);
	CHECK_INT(r.recs[1].nitems, 2);
	CHECK_STR(r.recs[1].items[1].text, "two and more");
	CHECK_INT(r.recs[1].items[1].line, 11);
	evm_records_free(&r);

	bad("", "t.lex:1: empty file");
	bad("# only a comment\n", "empty file");
	bad("something else\n", "t.lex:1: expected the header line 'evmatch-lexicon 1'");
	bad("evmatch-lexicon 2\n", "unsupported version '2'");
	bad("evmatch-lexicon 1\nkey: before\n", "t.lex:2: text before the first [section]");
	bad("evmatch-lexicon 1\n[x]\nid: 1\nid: 2\n", "t.lex:4: key 'id' given twice");
	bad("evmatch-lexicon 1\n[x]\nNo colon here\n", "t.lex:3: expected 'key: value'");
	bad("evmatch-lexicon 1\n[x\n", "t.lex:2: malformed section header");
	bad("evmatch-lexicon 1\n[a b]\n", "bad character in section name");
	bad("evmatch-lexicon 1\n  orphan\n", "t.lex:2: indented line continues nothing");
	bad("evmatch-lexicon 1\n[x]\ntext: caf\xC3\n", "t.lex:3: invalid UTF-8 at byte 10");
	bad("evmatch-lexicon 1\n[x]\ntext: \xED\xA0\x80\n", "invalid UTF-8");

	/* regression (fuzz_lexicon): the header as the very last bytes of a
	 * buffer that is not NUL-terminated must not be read past its end */
	char *exact = malloc(17);
	memcpy(exact, "evmatch-lexicon 1", 17);
	CHECK(evm_records_parse(&r, "t.lex", "evmatch-lexicon", exact, 17) == EVM_OK);
	evm_records_free(&r);
	memcpy(exact, "evmatch-lexicon x", 17);
	CHECK(evm_records_parse(&r, "t.lex", "evmatch-lexicon", exact, 17) == EVM_EPARSE);
	evm_records_free(&r);
	free(exact);

	/* NUL bytes are reported with their line, not taken as the end */
	const char nul[] = "evmatch-lexicon 1\n[x]\ntext: a\0b\n";
	CHECK(evm_records_parse(&r, "t.lex", "evmatch-lexicon", nul, sizeof nul - 1) == EVM_EPARSE);
	CHECK(strstr(evm_error_message(), "t.lex:3: NUL byte") != NULL);
	evm_records_free(&r);
	return check_summary("records");
}
