/* SOCA Personal Qualities Framework (seed 003).
 * Summary (2.3): four qualities (clusters), ten numbered behaviours with
 * definitions. Grade matrix (2.4): grade -> level per behaviour. Appendices:
 * "<Behaviour> – Level X" blocks with a level definition and "- " bullets.
 * The appendix spells some names differently ("Teamwork and Partnership"),
 * so names are matched with '&' read as 'and', ignoring case. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "util/error.h"

#define NQ 4
#define NB 10
static const char *const GRADES[] = {"DD", "SG1", "SG2", "SG3", "SG4", "SG5", "SG6"};
#define NG 7

typedef struct {
	char *name, *cluster;
	evm_buf def;
	size_t line;
	char level_of_grade[NG];
	size_t matrix_line;
} sbehav;

/* lower-case, '&' -> "and", letters only: "Teamwork & Partnership" == "teamwork and partnership" */
static void norm(char *out, size_t cap, const char *s)
{
	size_t n = 0;
	for (; *s && n + 4 < cap; s++) {
		if (*s == '&') {
			memcpy(out + n, "and", 3);
			n += 3;
		} else if (isalpha((unsigned char)*s)) {
			out[n++] = (char)tolower((unsigned char)*s);
		}
	}
	out[n] = '\0';
}

static sbehav *find_b(sbehav *bs, int nb, const char *name)
{
	char a[128], b[128];
	norm(a, sizeof a, name);
	for (int i = 0; i < nb; i++) {
		norm(b, sizeof b, bs[i].name);
		if (strcmp(a, b) == 0)
			return &bs[i];
	}
	return NULL;
}

int import_soca(const import_ctx *ctx, emitter *e)
{
	seed_text t;
	int rc = seed_load(&t, ctx->seeds, SEED_SOCA);
	if (rc < 0)
		return rc;
	pcre2_code *re_quality_list = rx("^- \\d\\. (.+?)\\**\\s*$");
	pcre2_code *re_summary = rx("^2\\.3 Personal Qualities");
	pcre2_code *re_matrix = rx("^2\\.4 PQF Grade Matrix");
	pcre2_code *re_beh = rx("^(\\d+)\\. (.+?)\\s*$");
	pcre2_code *re_row = rx("^([A-Z ]*)\\t([^\\t]+)((?:\\t<u>[A-D]</u>){7})\\s*$");
	pcre2_code *re_app = rx("^(.+?) – Level ([A-D])\\s*$");
	pcre2_code *re_bullet = rx("^- (.+?)\\s*$");
	char *caps[3];
	char *qualities[NQ] = {0};
	int nq = 0, nb = 0;
	sbehav bs[NB];
	memset(bs, 0, sizeof bs);
	enum { PRE, SUMMARY, MATRIX, APPX } mode = PRE;
	char *cluster = NULL;
	sbehav *cur = NULL;

	/* pass 1: qualities, summary, matrix */
	for (size_t i = 0; i < t.n && rc == EVM_OK; i++) {
		const char *l = t.lines[i];
		size_t ln = i + 1;
		if (mode == PRE && nq < NQ && rx_match(re_quality_list, l, caps, 1)) {
			qualities[nq++] = strdup(caps[0]);
			rx_free_caps(caps, 1);
			continue;
		}
		if (rx_match(re_summary, l, caps, 0)) {
			mode = SUMMARY;
			continue;
		}
		if (rx_match(re_matrix, l, caps, 0)) {
			mode = MATRIX;
			continue;
		}
		if (mode == SUMMARY) {
			char *c = clean_dup(l);
			int is_q = 0;
			for (int q = 0; q < nq; q++)
				if (strcmp(c, qualities[q]) == 0)
					is_q = 1;
			if (is_q) {
				free(cluster);
				cluster = c;
				cur = NULL;
				continue;
			}
			if (rx_match(re_beh, c, caps, 2)) {
				if (nb == NB) {
					rc = evm_err(EVM_EPARSE, "%s:%zu: more than %d behaviours", t.name, ln, NB);
				} else {
					cur = &bs[nb++];
					cur->name = strdup(caps[1]);
					cur->cluster = strdup(cluster ? cluster : "");
					cur->line = ln;
				}
				rx_free_caps(caps, 2);
			} else if (*c && cur) {
				if (cur->def.len)
					evm_buf_putc(&cur->def, ' ');
				evm_buf_puts(&cur->def, c);
			}
			free(c);
			continue;
		}
		if (mode == MATRIX && rx_match(re_row, l, caps, 3)) {
			sbehav *b = find_b(bs, nb, caps[1]);
			if (!b) {
				rc = evm_err(EVM_EPARSE, "%s:%zu: grade matrix names unknown behaviour '%s'", t.name,
					     ln, caps[1]);
			} else {
				int g = 0;
				for (const char *p = caps[2]; *p && g < NG; p++)
					if (p[0] == '>' && p[1] >= 'A' && p[1] <= 'D')
						b->level_of_grade[g++] = p[1];
				b->matrix_line = ln;
			}
			rx_free_caps(caps, 3);
			continue;
		}
		if (mode == MATRIX && strcmp(l, "Appendices") == 0)
			break;
	}
	for (int b = 0; rc == EVM_OK && b < nb; b++)
		if (!bs[b].matrix_line)
			rc = evm_err(EVM_EPARSE, "%s: behaviour '%s' missing from the grade matrix", t.name,
				     bs[b].name);
	if (rc == EVM_OK && (nb != NB || nq != NQ))
		rc = evm_err(EVM_EPARSE, "%s: found %d qualities and %d behaviours, expected %d and %d",
			     t.name, nq, nb, NQ, NB);

	if (rc == EVM_OK) {
		emit_begin(e, t.name, "soca-pqf", "SOCA Personal Qualities Framework", "behaviour",
			   "DD, SG1, SG2, SG3, SG4, SG5, SG6",
			   "Four personal qualities divided into ten behaviours, each at levels A (most senior) to D.");
		static const char *const LV[] = {"A", "B", "C", "D"};
		for (int k = 0; k < 4; k++) {
			char label[16];
			snprintf(label, sizeof label, "Level %s", LV[k]);
			char id[2] = {(char)tolower((unsigned char)LV[k][0]), 0};
			emit_level(e, id, label, 4 - k, NULL, NULL, 0);
		}
		for (int b = 0; b < nb; b++) {
			char *id = make_id("soca-pqf", bs[b].name, NULL);
			emit_competency(e, id, bs[b].name, bs[b].cluster, bs[b].def.ptr, bs[b].line);
			free(id);
		}
	}

	/* pass 2: appendices — level definitions (scoped levels) and indicators */
	cur = NULL;
	char level = 0;
	int in_leveldef = 0, in_indicators = 0, n = 0, total = 0;
	size_t head_line = 0;
	evm_buf levdef = EVM_BUF_INIT;
	int seen_app = 0;
	/* Level blocks are emitted when the next heading (or the end) arrives,
	 * so the level definition is complete before indicators follow it. */
	emitter sub;
	memset(&sub, 0, sizeof sub);
	sub.seed = t.name;
	for (size_t i = 0; rc == EVM_OK && i <= t.n; i++) {
		const char *l = i < t.n ? t.lines[i] : NULL;
		size_t ln = i + 1;
		if (l && strcmp(l, "Appendices") == 0) {
			seen_app = 1;
			continue;
		}
		if (!seen_app)
			continue;
		int is_head = l && rx_match(re_app, l, caps, 2);
		if (is_head || !l) {
			if (cur) {
				char grades[64] = "";
				for (int g = 0; g < NG; g++)
					if (cur->level_of_grade[g] == level) {
						if (*grades)
							strcat(grades, ", ");
						strcat(grades, GRADES[g]);
					}
				char id[2] = {(char)tolower((unsigned char)level), 0};
				emit_scoped_level(e, cur->name, id, grades, levdef.ptr, head_line);
				evm_buf_put(&e->out, sub.out.ptr ? sub.out.ptr : "", sub.out.len);
				e->indicators += sub.indicators;
				evm_buf_clear(&sub.out);
				sub.indicators = 0;
			}
			if (!l)
				break;
			cur = find_b(bs, nb, caps[0]);
			if (!cur)
				rc = evm_err(EVM_EPARSE, "%s:%zu: appendix names unknown behaviour '%s'", t.name, ln,
					     caps[0]);
			level = caps[1][0];
			head_line = ln;
			n = 0;
			in_leveldef = 0;
			in_indicators = 0;
			evm_buf_clear(&levdef);
			rx_free_caps(caps, 2);
			continue;
		}
		if (!cur)
			continue;
		if (strcmp(l, "Level definition") == 0) {
			in_leveldef = 1;
			continue;
		}
		if (strcmp(l, "Positive indicators") == 0 || strcmp(l, "Behaviour definition") == 0) {
			in_leveldef = 0;
			in_indicators = strcmp(l, "Positive indicators") == 0;
			continue;
		}
		/* only bullets under "Positive indicators" are indicators: Personal
		 * Accountability's definition has its own list of security duties */
		if (in_indicators && rx_match(re_bullet, l, caps, 1)) {
			char *text = clean_dup(caps[0]);
			char num[16], lvs[4] = {'l', (char)tolower((unsigned char)level), 0};
			snprintf(num, sizeof num, "%02d", ++n);
			char *id = make_id("soca-pqf", cur->name, lvs, num, NULL);
			char lid[2] = {lvs[1], 0};
			emit_indicator(&sub, id, cur->name, NULL, lid, "effective", text, ln, 0);
			free(id);
			free(text);
			total++;
			rx_free_caps(caps, 1);
			continue;
		}
		if (in_leveldef && !blank_line(l)) {
			char *c = clean_dup(l);
			if (levdef.len)
				evm_buf_putc(&levdef, ' ');
			evm_buf_puts(&levdef, c);
			free(c);
		}
	}
	if (rc == EVM_OK && total == 0)
		rc = evm_err(EVM_EPARSE, "%s: no positive indicators found", t.name);
	evm_buf_free(&levdef);
	evm_buf_free(&sub.out);
	for (int q = 0; q < nq; q++)
		free(qualities[q]);
	for (int b = 0; b < nb; b++) {
		free(bs[b].name);
		free(bs[b].cluster);
		evm_buf_free(&bs[b].def);
	}
	free(cluster);
	pcre2_code *res[] = {re_quality_list, re_summary, re_matrix, re_beh, re_row, re_app, re_bullet};
	for (size_t k = 0; k < sizeof res / sizeof res[0]; k++)
		pcre2_code_free(res[k]);
	seed_free(&t);
	return rc;
}
