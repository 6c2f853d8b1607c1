/* Civil Service Success Profiles: Behaviours (seed 001).
 * Definitions come once under "# Definitions of Behaviours"; the contents
 * table maps levels to grades; each "# Level N" block repeats at page breaks
 * and holds one paragraph per behaviour, one indicator per sentence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "util/error.h"

#define NB 9
typedef struct {
	char *name;
	char *definition;
	size_t line;
	/* per level: paragraph line, sentences */
	size_t para_line[7];
	char *para[7];
} behaviour;

/* "AA and AO or equivalent" -> "AA, AO"; "Grade 7 and 6" -> "Grade 7, Grade 6" */
static char *grades_of(const char *s)
{
	char *t = strdup(s), *p;
	if ((p = strstr(t, " or equivalent")))
		*p = '\0';
	evm_buf b = EVM_BUF_INIT;
	char *and = strstr(t, " and ");
	if (and) {
		*and = '\0';
		const char *second = and + 5;
		evm_buf_printf(&b, "%s, ", t);
		if (strncmp(t, "Grade ", 6) == 0 && strncmp(second, "Grade ", 6) != 0)
			evm_buf_puts(&b, "Grade ");
		evm_buf_puts(&b, second);
	} else {
		evm_buf_puts(&b, t);
	}
	free(t);
	return evm_buf_detach(&b, NULL);
}

static behaviour *find(behaviour *bs, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(bs[i].name, name) == 0)
			return &bs[i];
	return NULL;
}

int import_success_profiles(const import_ctx *ctx, emitter *e)
{
	seed_text t;
	int rc = seed_load(&t, ctx->seeds, SEED_SP);
	if (rc < 0)
		return rc;
	pcre2_code *re_defs = rx("^# Definitions of Behaviours\\s*$");
	pcre2_code *re_contents = rx("^# Contents\\s*$");
	pcre2_code *re_h2 = rx("^## (.+?)\\s*$");
	pcre2_code *re_h1 = rx("^# (.+?)\\s*$");
	pcre2_code *re_toc = rx("^<b>Level (\\d)</b>\\t(.+?)\\t\\d+\\s*$");
	pcre2_code *re_level = rx("^# Level (\\d) [-–] (.+?)\\s*$");
	pcre2_code *re_examples = rx("^Examples of behaviours at this level are:\\s*$");

	behaviour bs[NB];
	int nb = 0;
	char *level_label[7] = {0}, *level_grades[7] = {0};
	size_t level_line[7] = {0};
	enum { NONE, DEFS, CONTENTS, LEVELS } mode = NONE;
	int level = 0;
	behaviour *cur = NULL;
	char *caps[2];
	memset(bs, 0, sizeof bs);

	for (size_t i = 0; i < t.n && rc == EVM_OK; i++) {
		const char *l = t.lines[i];
		size_t ln = i + 1;
		if (rx_match(re_defs, l, caps, 0)) {
			mode = DEFS;
			continue;
		}
		if (rx_match(re_contents, l, caps, 0)) {
			mode = CONTENTS;
			continue;
		}
		if (rx_match(re_level, l, caps, 2)) {
			int lv = atoi(caps[0]);
			rx_free_caps(caps, 2);
			if (lv < 1 || lv > 6) {
				rc = evm_err(EVM_EPARSE, "%s:%zu: level %d out of range", t.name, ln, lv);
				break;
			}
			mode = LEVELS;
			level = lv;
			cur = NULL;
			continue;
		}
		if (mode == CONTENTS && rx_match(re_toc, l, caps, 2)) {
			int lv = atoi(caps[0]);
			if (lv >= 1 && lv <= 6) {
				level_grades[lv] = grades_of(caps[1]);
				level_line[lv] = ln;
			}
			rx_free_caps(caps, 2);
			continue;
		}
		if (rx_match(re_h1, l, caps, 1)) {
			rx_free_caps(caps, 1);
			mode = mode == CONTENTS ? NONE : mode == DEFS ? NONE : mode;
			cur = NULL;
			continue;
		}
		if (rx_match(re_h2, l, caps, 1)) {
			if (mode == DEFS) {
				if (nb == NB) {
					rc = evm_err(EVM_EPARSE, "%s:%zu: more than %d behaviours", t.name, ln, NB);
				} else {
					cur = &bs[nb++];
					cur->name = strdup(caps[0]);
					cur->line = ln;
				}
			} else if (mode == LEVELS) {
				cur = find(bs, nb, caps[0]);
				if (!cur)
					rc = evm_err(EVM_EPARSE, "%s:%zu: behaviour '%s' has no definition", t.name, ln,
						     caps[0]);
			}
			rx_free_caps(caps, 1);
			continue;
		}
		if (blank_line(l) || rx_match(re_examples, l, caps, 0) || !cur)
			continue;
		char *text = clean_dup(l);
		if (mode == DEFS && !cur->definition) {
			cur->definition = text;
		} else if (mode == LEVELS && !cur->para[level]) {
			cur->para[level] = text;
			cur->para_line[level] = ln;
		} else {
			rc = evm_err(EVM_EPARSE, "%s:%zu: second paragraph for '%s'", t.name, ln, cur->name);
			free(text);
		}
	}
	for (int lv = 1; rc == EVM_OK && lv <= 6; lv++)
		if (!level_grades[lv])
			rc = evm_err(EVM_EPARSE, "%s: contents table lacks level %d", t.name, lv);
	if (rc == EVM_OK && nb != NB)
		rc = evm_err(EVM_EPARSE, "%s: found %d behaviour definitions, expected %d", t.name, nb, NB);

	if (rc == EVM_OK) {
		emit_begin(e, t.name, "success-profiles", "Civil Service Success Profiles: Civil Service Behaviours",
			   "behaviour", "AA, AO, EO, HEO, SEO, Grade 7, Grade 6, Deputy Director, Director, Director General",
			   "The nine Civil Service Behaviours (2018), each described at six levels.");
		for (int lv = 1; lv <= 6; lv++) {
			char id[4], label[16];
			snprintf(id, sizeof id, "%d", lv);
			snprintf(label, sizeof label, "Level %d", lv);
			emit_level(e, id, label, lv, level_grades[lv], NULL, level_line[lv]);
			free(level_label[lv]);
		}
		for (int b = 0; b < nb; b++) {
			char *cid = make_id("success-profiles", bs[b].name, NULL);
			emit_competency(e, cid, bs[b].name, NULL, bs[b].definition, bs[b].line);
			free(cid);
		}
		for (int b = 0; b < nb && rc == EVM_OK; b++) {
			for (int lv = 1; lv <= 6; lv++) {
				if (!bs[b].para[lv]) {
					rc = evm_err(EVM_EPARSE, "%s: '%s' has no level %d paragraph", t.name,
						     bs[b].name, lv);
					break;
				}
				char **sent;
				size_t ns = split_sentences(bs[b].para[lv], &sent);
				for (size_t s = 0; s < ns; s++) {
					char lvs[8], num[24];
					snprintf(lvs, sizeof lvs, "l%d", lv);
					snprintf(num, sizeof num, "%02zu", s + 1);
					char *id = make_id("success-profiles", bs[b].name, lvs, num, NULL);
					char lvid[8];
					snprintf(lvid, sizeof lvid, "%d", lv);
					emit_indicator(e, id, bs[b].name, NULL, lvid, "effective", sent[s],
						       bs[b].para_line[lv], 0);
					free(id);
				}
				free_strings(sent, ns);
			}
		}
	}
	for (int b = 0; b < nb; b++) {
		free(bs[b].name);
		free(bs[b].definition);
		for (int lv = 0; lv < 7; lv++)
			free(bs[b].para[lv]);
	}
	for (int lv = 0; lv < 7; lv++)
		free(level_grades[lv]);
	pcre2_code_free(re_defs);
	pcre2_code_free(re_contents);
	pcre2_code_free(re_h2);
	pcre2_code_free(re_h1);
	pcre2_code_free(re_toc);
	pcre2_code_free(re_level);
	pcre2_code_free(re_examples);
	seed_free(&t);
	return rc;
}
