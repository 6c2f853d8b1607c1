/* NOMS Competency Framework (seed 000): 2012 Civil Service competencies plus
 * the NOMS-specific ones. Lines ~30-110 summarise all 15 (definitions); each
 * competency then has a two-column table, effective<TAB>ineffective, under
 * grade-band headings that the extraction split with stray tabs and OCR
 * errors. Rows cut at a page break continue after the repeated column header
 * on a line that starts in lower case. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corrections.h"
#include "import.h"
#include "util/error.h"
#include "util/vec.h"

/* Grade bands, junior to senior; the source lists them senior first, with
 * the prison-facing band ahead of all. Grades follow the 2012 framework's
 * levels (AA/AO ... SCS), which the Success Profiles contents table repeats. */
typedef struct {
	const char *id, *label, *grades, *pattern;
	int rank, order; /* order: position in the source's sequence */
} band;

static const band BANDS[] = {
	{"prisoners", "All staff who work directly with prisoners", "", "^(?:All staff who work d)?i?\\s*rectly with prisoners$", 0, 0},
	{"6", "Director General and Director", "SCS2, SCS3", "^(?:Director Gener\\s*)?r?al and Director$", 6, 1},
	{"5", "Deputy Directors", "SCS1", "^Deputy(?:\\s+\\S)?\\s+Directors$", 5, 2},
	{"4", "Senior Manager", "Grade 7, Grade 6", "^Senior(?:\\s+I)?\\s+Manager(?:\\s+Manager)?$", 4, 3},
	{"3", "Middle Managers", "HEO, SEO", "^Middle(?:\\s+[NMI])?\\s+(?:[lW]anagers?|Managers?)(?:\\s+Managers)?$", 3, 4},
	{"2", "First Line Manager", "EO", "^First\\s+Lin(?:\\s*e)+\\s+Manager$", 2, 5},
	{"1", "All staff", "AA, AO", "^Alls?\\s*:?\\s*staff$", 1, 6},
};
#define NBANDS 7

typedef struct {
	char *eff, *ineff;
	size_t line;
	const band *band;
} row;

typedef struct {
	char *name, *cluster;
	char *definition;
	size_t def_line;
	evm_vec rows;
} comp;

static void append(char **dst, const char *more)
{
	char *m = clean_dup(more);
	if (!*m) {
		free(m);
		return;
	}
	evm_buf b = EVM_BUF_INIT;
	evm_buf_puts(&b, *dst ? *dst : "");
	if (b.len)
		evm_buf_putc(&b, ' ');
	evm_buf_puts(&b, m);
	free(m);
	free(*dst);
	*dst = evm_buf_detach(&b, NULL);
}

/* Tabs to spaces, squeezed: the form band patterns are written against. */
static char *flat(const char *l)
{
	char *c = strdup(l);
	for (char *p = c; *p; p++)
		if (*p == '\t')
			*p = ' ';
	char *r = clean_dup(c);
	free(c);
	return r;
}

static int first_alpha_lower(const char *l)
{
	while (*l && !isalpha((unsigned char)*l))
		l++;
	return islower((unsigned char)*l);
}

typedef struct {
	size_t line;
	const char *text;
} drop_fix;

int import_noms(const import_ctx *ctx, emitter *e)
{
	seed_text t;
	evm_records fixes;
	int rc = seed_load(&t, ctx->seeds, SEED_NOMS);
	if (rc < 0)
		return rc;
	rc = corrections_load(&fixes, ctx->corrections, "noms.fix");
	if (rc < 0) {
		evm_records_free(&fixes);
		seed_free(&t);
		return rc;
	}
	pcre2_code *re_head = rx("^#+ (\\d+)\\. (.+?)\\s*$");
	pcre2_code *re_cluster = rx("^## (.*(?:Cluster|Specific Skills).*?)\\s*$");
	pcre2_code *re_header = rx("^(?:Effective Behaviour )?People who are effective are likely to\\t");
	pcre2_code *re_fragment = rx("^(?:[lW]anagers?|Managers?|Directors)$");
	pcre2_code *re_band[NBANDS];
	for (int b = 0; b < NBANDS; b++)
		re_band[b] = rx(BANDS[b].pattern);

	comp cs[15];
	memset(cs, 0, sizeof cs);
	char *caps[2];
	char *cluster = NULL;
	int in_summary = 1, cur = -1, in_table = 0, after_header = 0;
	const band *bnd = NULL;

	/* cluster headings lost in extraction, restored from the correction file */
	for (size_t r = 0; r < fixes.nrecs && rc == EVM_OK; r++) {
		const evm_record *fx = &fixes.recs[r];
		if (strcmp(fx->section, "cluster") && strcmp(fx->section, "drop") && strcmp(fx->section, "band"))
			rc = evm_err(EVM_EPARSE, "%s:%zu: unknown correction [%s]", fixes.name, fx->line, fx->section);
	}

	for (size_t i = 0; i < t.n && rc == EVM_OK; i++) {
		const char *l = t.lines[i];
		size_t ln = i + 1;
		int is_drop = 0;
		for (size_t r = 0; r < fixes.nrecs && rc == EVM_OK; r++) {
			const evm_record *fx = &fixes.recs[r];
			const char *lv, *tx;
			if (strcmp(fx->section, "drop") != 0 && strcmp(fx->section, "band") != 0)
				continue;
			if ((rc = corr_field(&fixes, fx, "line", &lv)) < 0 || (rc = corr_field(&fixes, fx, "text", &tx)) < 0)
				break;
			if ((size_t)atol(lv) != ln)
				continue;
			char *f = flat(l);
			if (strcmp(f, tx) != 0)
				rc = evm_err(EVM_EPARSE, "%s:%zu: drop correction expects '%s' at %s:%zu but finds '%s'",
					     fixes.name, fx->line, tx, t.name, ln, f);
			free(f);
			is_drop = 1;
			if (rc == EVM_OK && strcmp(fx->section, "band") == 0) {
				const char *id;
				const band *nb = NULL;
				if ((rc = corr_field(&fixes, fx, "band", &id)) < 0)
					break;
				for (int b = 0; b < NBANDS; b++)
					if (strcmp(BANDS[b].id, id) == 0)
						nb = &BANDS[b];
				if (!nb)
					rc = evm_err(EVM_EPARSE, "%s:%zu: unknown band '%s'", fixes.name, fx->line, id);
				else
					bnd = nb;
			}
		}
		if (rc < 0 || is_drop)
			continue;
		if (rx_match(re_cluster, l, caps, 1)) {
			if (in_summary) {
				free(cluster);
				cluster = clean_dup(caps[0]);
			}
			rx_free_caps(caps, 1);
			continue;
		}
		if (rx_match(re_head, l, caps, 2)) {
			int num = atoi(caps[0]);
			if (num < 1 || num > 15) {
				rc = evm_err(EVM_EPARSE, "%s:%zu: competency number %d out of range", t.name, ln, num);
			} else if (in_summary && cs[num - 1].name) {
				in_summary = 0; /* the detailed section starts where numbers repeat */
			}
			if (rc == EVM_OK && in_summary) {
				cs[num - 1].name = strdup(caps[1]);
				cs[num - 1].cluster = strdup(cluster ? cluster : "");
				cs[num - 1].def_line = ln;
			} else if (rc == EVM_OK && (!cs[num - 1].name || strcmp(cs[num - 1].name, caps[1]) != 0)) {
				rc = evm_err(EVM_EPARSE, "%s:%zu: table heading '%s' does not match the summary",
					     t.name, ln, caps[1]);
			}
			cur = num - 1;
			in_table = 0;
			bnd = NULL;
			rx_free_caps(caps, 2);
			continue;
		}
		if (cur < 0 || blank_line(l))
			continue;
		if (in_summary) {
			append(&cs[cur].definition, l);
			continue;
		}
		if (rx_match(re_header, l, caps, 0)) {
			in_table = 1;
			after_header = 1;
			continue;
		}
		if (!in_table)
			continue; /* the definition again, above the table */
		int was_after_header = after_header;
		after_header = 0;
		char *f = flat(l);
		const band *nb = NULL;
		for (int b = 0; b < NBANDS && !nb; b++)
			if (rx_match(re_band[b], f, caps, 0))
				nb = &BANDS[b];
		if (!nb && rx_match(re_fragment, f, caps, 0)) {
			/* half a heading: the band is the next one in the source's order */
			int next = bnd ? bnd->order + 1 : 0;
			while (next < NBANDS && BANDS[next].order != next)
				next++;
			if (next >= NBANDS)
				rc = evm_err(EVM_EPARSE, "%s:%zu: heading fragment '%s' after the last band", t.name, ln, f);
			else
				nb = &BANDS[next];
		}
		free(f);
		if (rc < 0)
			break;
		if (nb) {
			if (bnd && nb->order < bnd->order)
				rc = evm_err(EVM_EPARSE, "%s:%zu: band '%s' out of order after '%s'", t.name, ln,
					     nb->label, bnd->label);
			bnd = nb;
			continue;
		}
		char *tab = strchr(l, '\t');
		char *left = tab ? strndup(l, (size_t)(tab - l)) : strdup(l);
		const char *right = tab ? tab + 1 : "";
		if (strchr(right, '\t')) {
			char *f2 = flat(strchr(right, '\t'));
			int extra = *f2 != '\0';
			free(f2);
			if (extra) {
				free(left);
				rc = evm_err(EVM_EPARSE, "%s:%zu: more than two columns", t.name, ln);
				break;
			}
		}
		if (was_after_header && first_alpha_lower(l)) {
			/* a row cut at the page break: both halves continue */
			if (!cs[cur].rows.len) {
				rc = evm_err(EVM_EPARSE, "%s:%zu: continuation with no row before it", t.name, ln);
			} else {
				row *r = cs[cur].rows.items[cs[cur].rows.len - 1];
				append(&r->eff, left);
				append(&r->ineff, right);
			}
			free(left);
			continue;
		}
		if (!bnd) {
			free(left);
			rc = evm_err(EVM_EPARSE, "%s:%zu: row before any grade band", t.name, ln);
			break;
		}
		row *r = calloc(1, sizeof *r);
		r->line = ln;
		r->band = bnd;
		append(&r->eff, left);
		append(&r->ineff, right);
		free(left);
		evm_vec_push(&cs[cur].rows, r);
	}
	/* clusters whose headings the extraction lost */
	for (size_t r = 0; r < fixes.nrecs && rc == EVM_OK; r++) {
		const evm_record *fx = &fixes.recs[r];
		const char *name, *list;
		if (strcmp(fx->section, "cluster") != 0)
			continue;
		if ((rc = corr_field(&fixes, fx, "name", &name)) < 0 ||
		    (rc = corr_field(&fixes, fx, "competencies", &list)) < 0)
			break;
		for (const char *p = list; *p;) {
			int num = atoi(p);
			if (num < 1 || num > 15 || !cs[num - 1].name) {
				rc = evm_err(EVM_EPARSE, "%s:%zu: no competency %d", fixes.name, fx->line, num);
				break;
			}
			free(cs[num - 1].cluster);
			cs[num - 1].cluster = strdup(name);
			while (*p && *p != ',')
				p++;
			while (*p == ',' || *p == ' ')
				p++;
		}
	}
	for (int c = 0; c < 15 && rc == EVM_OK; c++)
		if (!cs[c].name || !cs[c].rows.len)
			rc = evm_err(EVM_EPARSE, "%s: competency %d missing or without a table", t.name, c + 1);

	if (rc == EVM_OK) {
		emit_begin(e, t.name, "noms", "NOMS Competency Framework", "competency",
			   "AA, AO, EO, HEO, SEO, Grade 7, Grade 6, SCS1, SCS2, SCS3",
			   "The 2012 Civil Service Competency Framework's ten competencies in three clusters, plus five NOMS-specific skills and behaviours; effective and ineffective behaviour in pairs per grade band.");
		for (int b = NBANDS - 1; b >= 0; b--)
			emit_level(e, BANDS[b].id, BANDS[b].label, BANDS[b].rank, BANDS[b].grades, NULL, 0);
		for (int c = 0; c < 15; c++) {
			char *id = make_id("noms", cs[c].name, NULL);
			emit_competency(e, id, cs[c].name, cs[c].cluster, cs[c].definition, cs[c].def_line);
			free(id);
		}
		for (int c = 0; c < 15; c++) {
			const band *prev = NULL;
			int n = 0;
			for (size_t k = 0; k < cs[c].rows.len; k++) {
				row *r = cs[c].rows.items[k];
				if (r->band != prev)
					n = 0;
				prev = r->band;
				n++;
				char num[16];
				snprintf(num, sizeof num, "%02d", n);
				const char *seg = r->band->rank ? NULL : r->band->id;
				char lseg[16];
				snprintf(lseg, sizeof lseg, "l%s", r->band->id);
				const char *lvseg = seg ? seg : lseg;
				if (r->eff && *r->eff) {
					char *id = make_id("noms", cs[c].name, lvseg, num, "effective", NULL);
					emit_indicator(e, id, cs[c].name, NULL, r->band->id, "effective", r->eff, r->line, 0);
					free(id);
				}
				if (r->ineff && *r->ineff) {
					char *id = make_id("noms", cs[c].name, lvseg, num, "ineffective", NULL);
					emit_indicator(e, id, cs[c].name, NULL, r->band->id, "ineffective", r->ineff, r->line, 0);
					free(id);
				}
			}
		}
	}
	for (int c = 0; c < 15; c++) {
		for (size_t k = 0; k < cs[c].rows.len; k++) {
			row *r = cs[c].rows.items[k];
			free(r->eff);
			free(r->ineff);
			free(r);
		}
		evm_vec_free(&cs[c].rows);
		free(cs[c].name);
		free(cs[c].cluster);
		free(cs[c].definition);
	}
	free(cluster);
	for (int b = 0; b < NBANDS; b++)
		pcre2_code_free(re_band[b]);
	pcre2_code_free(re_head);
	pcre2_code_free(re_cluster);
	pcre2_code_free(re_header);
	pcre2_code_free(re_fragment);
	evm_records_free(&fixes);
	seed_free(&t);
	return rc;
}
