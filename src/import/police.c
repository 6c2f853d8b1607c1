/* Police force framework on the CVF clusters (seed 002).
 *
 * Clean pages are tables: a cluster line, a line of two competencies, a line
 * of four sub-competencies, then rows "level<TAB>cell x4", continued on lines
 * that start with a tab. Bullet marks were lost, so a cell is one run of
 * bullets: police_split_cell() finds boundaries at capitalised opening words,
 * and lexicon/corrections/police-force.cells overrides the cells where that
 * guess is wrong. Interleaved pages (four columns read across into one
 * paragraph) and underdone/overdone cells (two polarities in one cell) come
 * only from that file; for those the importer checks that the reviewed
 * bullets use exactly the words of the source. Renamed sub-competencies are
 * declared in police-force.fix. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corrections.h"
#include "import.h"
#include "police_split.h"
#include "util/error.h"
#include "util/vec.h"

static const char *const CLUSTERS[] = {
	"Resolute Compassionate and Committed",
	"Inclusive, Enabling and Visionary Leadership",
	"Intelligent, Creative and Informed Policing",
};
static const char *const LEVELS[] = {"1a", "1b", "2", "3", "4", "5"};
#define NLEVELS 6
#define NSUB 12
#define UD (-1) /* level of the underdone/overdone tables */

typedef struct {
	int sub; /* column 0..11: competency = sub / 2 */
	char *subname;
	int level;
	const char *polarity;
	size_t line;
	int reconstructed;
	char **bullets;
	size_t nb;
} cell;

typedef struct {
	const seed_text *t;
	const evm_records *cells, *fix;
	int *used;     /* per record of cells */
	int *fix_used; /* per record of fix ([debris] must each apply once) */
	int names_only; /* first pass: learn names from table headers only */
	int cluster;
	char *comp[6];
	int comp_cluster[6];
	char *base[NSUB], *renamed[NSUB];
	int renamed_at[NSUB][NLEVELS];
	evm_vec out; /* cell* */
} police;

static int level_index(const char *s)
{
	char norm[8];
	size_t n = 0;
	for (; *s && n + 1 < sizeof norm; s++)
		if (!isspace((unsigned char)*s))
			norm[n++] = *s;
	norm[n] = '\0';
	for (int i = 0; i < NLEVELS; i++)
		if (strcmp(norm, LEVELS[i]) == 0)
			return i;
	return -1;
}

/* A table field cleaned, a stray leading "•" removed. */
static char *clean_field(const char *raw)
{
	char *c = clean_dup(raw);
	if (strncmp(c, "•", 3) == 0) {
		char *d = clean_dup(c + 3);
		free(c);
		c = d;
	}
	return c;
}

/* Fields of a tab-separated line, each cleaned by clean_field. */
static char **split_tabs(const char *l, size_t *n)
{
	evm_vec v = EVM_VEC_INIT;
	for (const char *p = l;;) {
		const char *tab = strchr(p, '\t');
		size_t len = tab ? (size_t)(tab - p) : strlen(p);
		char *raw = strndup(p, len);
		char *c = clean_field(raw);
		free(raw);
		evm_vec_push(&v, c);
		if (!tab)
			break;
		p = tab + 1;
	}
	*n = v.len;
	return (char **)v.items;
}

/* Column of a sub-competency by any of its names; merged table headers such
 * as "Sensitivities/Political" match by their first part. */
static int find_sub(const police *p, const char *name)
{
	for (int s = 0; s < NSUB; s++)
		if (p->base[s] && (strcmp(p->base[s], name) == 0 || (p->renamed[s] && strcmp(p->renamed[s], name) == 0)))
			return s;
	char first[64];
	size_t n = strcspn(name, "/");
	if (n == 0 || n >= sizeof first || !strchr(name, '/'))
		return -1;
	memcpy(first, name, n);
	first[n] = '\0';
	for (int s = 0; s < NSUB; s++)
		if (p->base[s] && (strstr(p->base[s], first) || (p->renamed[s] && strstr(p->renamed[s], first))))
			return s;
	return -1;
}

/* The name a column carries at a level; the first name seen is the base. */
static int note_name(police *p, int s, const char *name, int level, size_t line)
{
	if (!p->base[s]) {
		p->base[s] = strdup(name);
		return EVM_OK;
	}
	if (strcmp(p->base[s], name) == 0)
		return EVM_OK;
	if (p->renamed[s] && strcmp(p->renamed[s], name) != 0)
		return evm_err(EVM_EPARSE, "%s:%zu: third name '%s' for sub-competency '%s'", p->t->name, line, name,
			       p->base[s]);
	if (!p->renamed[s])
		p->renamed[s] = strdup(name);
	if (level >= 0)
		p->renamed_at[s][level] = 1;
	return EVM_OK;
}

static void add_cell(police *p, int s, const char *name, int level, const char *pol, size_t line, char **b,
		     size_t nb, int recon)
{
	cell *c = calloc(1, sizeof *c);
	c->sub = s;
	c->subname = strdup(name);
	c->level = level;
	c->polarity = pol;
	c->line = line;
	c->bullets = b;
	c->nb = nb;
	c->reconstructed = recon;
	evm_vec_push(&p->out, c);
}

static char *joined(char **v, size_t n)
{
	evm_buf b = EVM_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			evm_buf_putc(&b, ' ');
		evm_buf_puts(&b, v[i]);
	}
	return evm_buf_detach(&b, NULL);
}

static char **items_of(const evm_record *r, size_t *n)
{
	char **v = calloc(r->nitems + 1, sizeof *v);
	for (size_t i = 0; i < r->nitems; i++)
		v[i] = strdup(r->items[i].text);
	*n = r->nitems;
	return v;
}

static const char *fval(const evm_record *r, const char *k)
{
	const evm_field *f = evm_record_field(r, k);
	return f ? f->value : "";
}

/* Index of the reviewed cell for (line, column, level, polarity), or -1. */
static int find_corr(const police *p, size_t line, int s, int level, const char *pol)
{
	for (size_t i = 0; i < p->cells->nrecs; i++) {
		const evm_record *r = &p->cells->recs[i];
		if ((size_t)atol(fval(r, "line")) != line || strcmp(fval(r, "polarity"), pol) != 0)
			continue;
		int lv = strcmp(fval(r, "level"), "-") == 0 ? UD : level_index(fval(r, "level"));
		if (lv == level && find_sub(p, fval(r, "sub-competency")) == s)
			return (int)i;
	}
	return -1;
}

/* Uses reviewed bullets for a cell, checking they give back text exactly. */
static int take_reviewed(police *p, int idx, const char *text, size_t line, int s, const char *name, int level,
			 const char *pol)
{
	const evm_record *r = &p->cells->recs[idx];
	p->used[idx] = 1;
	size_t nb;
	char **b = items_of(r, &nb);
	char *j = joined(b, nb);
	int same = strcmp(j, text) == 0;
	free(j);
	if (!same) {
		free_strings(b, nb);
		return evm_err(EVM_EPARSE, "%s:%zu: bullets do not give back the text of %s:%zu (%s, %s)", p->cells->name,
			       r->line, p->t->name, line, name, pol);
	}
	add_cell(p, s, name, level, pol, line, b, nb, 0);
	return EVM_OK;
}

static int take_clean(police *p, size_t line, int s, const char *name, int level, const char *text)
{
	int idx = find_corr(p, line, s, level, "effective");
	if (idx >= 0)
		return take_reviewed(p, idx, text, line, s, name, level, "effective");
	size_t nb;
	char **b = police_split_cell(text, &nb);
	add_cell(p, s, name, level, "effective", line, b, nb, 0);
	return EVM_OK;
}

/* An underdone/overdone cell: reviewed underdone + overdone bullets must
 * together give back the cell. A row of one polarity only ("Underdone" or
 * "Overdone") splits mechanically unless reviewed. */
static int take_ud(police *p, size_t line, int s, const char *text, const char *only)
{
	if (only) {
		int idx = find_corr(p, line, s, UD, only);
		if (idx >= 0)
			return take_reviewed(p, idx, text, line, s, p->base[s], UD, only);
		size_t nb;
		char **b = police_split_cell(text, &nb);
		add_cell(p, s, p->base[s], UD, only, line, b, nb, 0);
		return EVM_OK;
	}
	int u = find_corr(p, line, s, UD, "underdone"), o = find_corr(p, line, s, UD, "overdone");
	if (u < 0 || o < 0)
		return evm_err(EVM_EPARSE, "%s:%zu: the underdone/overdone cell of '%s' needs reviewed underdone and overdone bullets in %s",
			       p->t->name, line, p->base[s], p->cells->name);
	size_t nu, no;
	char **bu = items_of(&p->cells->recs[u], &nu), **bo = items_of(&p->cells->recs[o], &no);
	char *ju = joined(bu, nu), *jo = joined(bo, no);
	evm_buf all = EVM_BUF_INIT;
	evm_buf_printf(&all, "%s%s%s", ju, *ju && *jo ? " " : "", jo);
	int same = strcmp(all.ptr, text) == 0;
	free(ju);
	free(jo);
	evm_buf_free(&all);
	if (!same) {
		free_strings(bu, nu);
		free_strings(bo, no);
		return evm_err(EVM_EPARSE, "%s:%zu: underdone and overdone bullets do not give back the text of %s:%zu (%s)",
			       p->cells->name, p->cells->recs[u].line, p->t->name, line, p->base[s]);
	}
	p->used[u] = p->used[o] = 1;
	add_cell(p, s, p->base[s], UD, "underdone", line, bu, nu, 0);
	add_cell(p, s, p->base[s], UD, "overdone", line, bo, no, 0);
	return EVM_OK;
}

static void words_of(evm_vec *v, const char *s)
{
	char *c = clean_dup(s);
	for (char *tok = strtok(c, " "); tok; tok = strtok(NULL, " "))
		if (strcmp(tok, "•") != 0)
			evm_vec_push(v, strdup(tok));
	free(c);
}

static void free_words(evm_vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	evm_vec_free(v);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int is_allowed(const evm_vec *allowed, const char *w)
{
	for (size_t k = 0; k < allowed->len; k++)
		if (strcmp(allowed->items[k], w) == 0)
			return 1;
	return 0;
}

/* Interleaved paragraph: every cell comes from the reviewed file; the words
 * left over once the bullets are taken out must be heading words only. */
static int take_interleaved(police *p, size_t line)
{
	evm_vec para = EVM_VEC_INIT, got = EVM_VEC_INIT, allowed = EVM_VEC_INIT;
	int rc = EVM_OK, ncells = 0;
	words_of(&para, p->t->lines[line - 1]);
	for (size_t i = 0; i < p->cells->nrecs && rc == EVM_OK; i++) {
		const evm_record *r = &p->cells->recs[i];
		if ((size_t)atol(fval(r, "line")) != line)
			continue;
		const char *name = fval(r, "sub-competency");
		int s = find_sub(p, name), lv = level_index(fval(r, "level"));
		if (s < 0 || lv < 0 || strcmp(fval(r, "mode"), "reconstructed") != 0 ||
		    strcmp(fval(r, "polarity"), "effective") != 0) {
			rc = evm_err(EVM_EPARSE, "%s:%zu: an interleaved cell needs a known sub-competency and level, polarity effective and mode reconstructed",
				     p->cells->name, r->line);
			break;
		}
		if ((rc = note_name(p, s, name, lv, r->line)) < 0)
			break;
		p->used[i] = 1;
		ncells++;
		size_t nb;
		char **b = items_of(r, &nb);
		for (size_t k = 0; k < nb; k++)
			words_of(&got, b[k]);
		add_cell(p, s, name, lv, "effective", line, b, nb, 1);
		words_of(&allowed, name);
	}
	if (rc == EVM_OK && !ncells)
		rc = evm_err(EVM_EPARSE, "%s:%zu: interleaved paragraph without reconstructed cells in %s", p->t->name,
			     line, p->cells->name);
	if (rc == EVM_OK) {
		for (int c = 0; c < 3; c++)
			words_of(&allowed, CLUSTERS[c]);
		for (int c = 0; c < 6; c++)
			if (p->comp[c])
				words_of(&allowed, p->comp[c]);
		words_of(&allowed, "1a 1b 1 b 2 3 4 5");
		qsort(para.items, para.len, sizeof(char *), cmp_str);
		qsort(got.items, got.len, sizeof(char *), cmp_str);
		evm_buf extra = EVM_BUF_INIT, missing = EVM_BUF_INIT;
		size_t i = 0, j = 0;
		while (i < para.len || j < got.len) {
			int c = i == para.len ? 1 : j == got.len ? -1 : strcmp(para.items[i], got.items[j]);
			if (c == 0) {
				i++, j++;
			} else if (c < 0) {
				if (!is_allowed(&allowed, para.items[i]))
					evm_buf_printf(&missing, " '%s'", (char *)para.items[i]);
				i++;
			} else {
				evm_buf_printf(&extra, " '%s'", (char *)got.items[j++]);
			}
		}
		if (extra.len)
			rc = evm_err(EVM_EPARSE, "%s: the reconstruction of %s:%zu uses words the paragraph lacks:%s",
				     p->cells->name, p->t->name, line, extra.ptr);
		else if (missing.len)
			rc = evm_err(EVM_EPARSE, "%s: the reconstruction of %s:%zu leaves words unplaced:%s",
				     p->cells->name, p->t->name, line, missing.ptr);
		evm_buf_free(&extra);
		evm_buf_free(&missing);
	}
	free_words(&para);
	free_words(&got);
	free_words(&allowed);
	return rc;
}

/* Columns of an underdone/overdone row whose header line is lost: the order
 * in which the reviewed file names sub-competencies for that line. */
static int ud_cols_from_cells(police *p, size_t line, int cols[4])
{
	int n = 0;
	for (size_t i = 0; i < p->cells->nrecs; i++) {
		const evm_record *r = &p->cells->recs[i];
		if ((size_t)atol(fval(r, "line")) != line)
			continue;
		int s = find_sub(p, fval(r, "sub-competency"));
		if (s < 0)
			return evm_err(EVM_EPARSE, "%s:%zu: unknown sub-competency '%s'", p->cells->name, r->line,
				       fval(r, "sub-competency"));
		if (n && cols[n - 1] == s)
			continue;
		if (n == 4)
			return evm_err(EVM_EPARSE, "%s:%zu: more than four columns for line %zu", p->cells->name, r->line, line);
		cols[n++] = s;
	}
	return n == 4 ? EVM_OK
		      : evm_err(EVM_EPARSE, "%s:%zu: the table header is lost; %s must give all four columns", p->t->name,
				line, p->cells->name);
}

typedef struct {
	char *f[4];
	size_t line;
	int level; /* LEVELS index, or UD */
	const char *only; /* UD row of one polarity; NULL: underdone then overdone in each cell */
	int open;
} rowbuf;

/* Whether police-force.fix reviewed this continuation field as debris. */
static int take_debris(police *p, size_t line, const char *field)
{
	for (size_t i = 0; i < p->fix->nrecs; i++) {
		const evm_record *r = &p->fix->recs[i];
		if (strcmp(r->section, "debris") != 0 || (size_t)atol(fval(r, "line")) != line)
			continue;
		char *want = clean_field(fval(r, "text"));
		int same = strcmp(want, field) == 0;
		free(want);
		if (same) {
			p->fix_used[i] = 1;
			return 1;
		}
	}
	return 0;
}

/* Words at the start of add that repeat the end of have: a page break
 * reprints the last line of a cell at the top of the next page ("built on
 * trust" / "on trust ..."). One word alone is too common to be sure of. */
static size_t page_repeat(const char *have, const char *add)
{
	size_t best = 0, hl = strlen(have);
	for (const char *q = add; *q; q++) {
		if (*q != ' ')
			continue;
		size_t k = (size_t)(q - add); /* add[0..k) is whole words */
		if (k <= hl && memcmp(have + hl - k, add, k) == 0 && (k == hl || have[hl - k - 1] == ' '))
			best = k;
	}
	size_t al = strlen(add);
	if (al <= hl && memcmp(have + hl - al, add, al) == 0 && (al == hl || have[hl - al - 1] == ' '))
		best = al;
	return strchr(add, ' ') && best > (size_t)(strchr(add, ' ') - add) ? best : 0;
}

static void row_append(rowbuf *rb, char **fields, size_t n)
{
	for (size_t k = 0; k < 4 && k + 1 < n + 1; k++) {
		const char *add = k < n ? fields[k] : "";
		if (rb->f[k] && *add) {
			add += page_repeat(rb->f[k], add);
			while (*add == ' ')
				add++;
		}
		if (!*add)
			continue;
		evm_buf b = EVM_BUF_INIT;
		evm_buf_printf(&b, "%s%s%s", rb->f[k] ? rb->f[k] : "", rb->f[k] && *rb->f[k] ? " " : "", add);
		free(rb->f[k]);
		rb->f[k] = evm_buf_detach(&b, NULL);
	}
}

static int flush_row(police *p, rowbuf *rb, char *hdr[4], int hdr_cols[4])
{
	int rc = EVM_OK;
	if (!rb->open)
		return rc;
	int cols[4];
	if (rb->level == UD) {
		if (hdr_cols[0] >= 0)
			memcpy(cols, hdr_cols, sizeof cols);
		else
			rc = ud_cols_from_cells(p, rb->line, cols);
	}
	for (int k = 0; k < 4 && rc == EVM_OK; k++) {
		const char *text = rb->f[k] ? rb->f[k] : "";
		if (!*text)
			continue; /* empty in the source */
		if (rb->level == UD) {
			rc = take_ud(p, rb->line, cols[k], text, rb->only);
		} else {
			int s = p->cluster * 4 + k;
			rc = note_name(p, s, hdr[k], rb->level, rb->line);
			if (rc == EVM_OK)
				rc = take_clean(p, rb->line, s, hdr[k], rb->level, text);
		}
	}
	for (int k = 0; k < 4; k++) {
		free(rb->f[k]);
		rb->f[k] = NULL;
	}
	rb->open = 0;
	return rc;
}

/* Renames only the interleaved pages show (police-force.fix). */
static int apply_renames(police *p)
{
	for (size_t i = 0; i < p->fix->nrecs; i++) {
		const evm_record *r = &p->fix->recs[i];
		const char *name, *renamed;
		int rc;
		if (strcmp(r->section, "debris") == 0)
			continue; /* applied while rows are read */
		if (strcmp(r->section, "rename") != 0)
			return evm_err(EVM_EPARSE, "%s:%zu: unknown correction [%s]", p->fix->name, r->line, r->section);
		if ((rc = corr_field(p->fix, r, "name", &name)) < 0 || (rc = corr_field(p->fix, r, "renamed", &renamed)) < 0)
			return rc;
		int s = find_sub(p, name);
		if (s < 0)
			return evm_err(EVM_EPARSE, "%s:%zu: unknown sub-competency '%s'", p->fix->name, r->line, name);
		if ((rc = note_name(p, s, renamed, -1, r->line)) < 0)
			return rc;
	}
	return EVM_OK;
}

static int order(const void *a, const void *b)
{
	const cell *x = *(cell *const *)a, *y = *(cell *const *)b;
	int lx = x->level == UD ? 99 : x->level, ly = y->level == UD ? 99 : y->level;
	if (x->sub != y->sub)
		return x->sub - y->sub;
	if (lx != ly)
		return lx - ly;
	int c = strcmp(x->polarity, y->polarity);
	if (c)
		return -c; /* underdone before overdone */
	return x->line < y->line ? -1 : x->line > y->line;
}

static int parse(police *p)
{
	pcre2_code *re_row = rx("^(1a|1 ?b|2|3|4|5)\\t");
	pcre2_code *re_ud = rx("^(Underdone Overdone|Underdone|Overdone)\\t");
	char *hdr[4] = {0};
	int hdr_cols[4] = {-1, -1, -1, -1};
	int after_comp_line = 0, rc = EVM_OK;
	rowbuf rb;
	memset(&rb, 0, sizeof rb);
	char *caps[1];
	for (size_t i = 0; i < p->t->n && rc == EVM_OK; i++) {
		const char *l = p->t->lines[i];
		size_t ln = i + 1;
		if (blank_line(l))
			continue;
		size_t n;
		char **fields = split_tabs(l, &n);
		char *flat = clean_dup(l);
		int handled = 1;
		int cl = -1;
		for (int c = 0; c < 3; c++)
			if (strcmp(flat, CLUSTERS[c]) == 0)
				cl = c;
		if (cl >= 0) {
			rc = flush_row(p, &rb, hdr, hdr_cols);
			p->cluster = cl;
		} else if (l[0] == '\t' && n >= 3 && strncmp(fields[1], "We ", 3) == 0) {
			/* "<TAB>We ...<TAB><TAB>We ...": the two competencies of a cluster */
			rc = flush_row(p, &rb, hdr, hdr_cols);
			char *two[2] = {fields[1], NULL};
			for (size_t k = 2; k < n; k++)
				if (*fields[k] && !two[1])
					two[1] = fields[k];
			for (int k = 0; k < 2 && two[1]; k++) {
				int c = p->cluster * 2 + k;
				if (!p->comp[c])
					p->comp[c] = strdup(two[k]);
				p->comp_cluster[c] = p->cluster;
			}
			after_comp_line = 1;
			free_strings(fields, n);
			free(flat);
			continue;
		} else if (l[0] == '\t' && n == 5 && *fields[1] && *fields[2] && *fields[3] && *fields[4] &&
			   (after_comp_line || (find_sub(p, fields[1]) >= 0 && find_sub(p, fields[2]) >= 0))) {
			/* four sub-competency names: the header of a table */
			rc = flush_row(p, &rb, hdr, hdr_cols);
			for (int k = 0; k < 4; k++) {
				free(hdr[k]);
				hdr[k] = strdup(fields[k + 1]);
				hdr_cols[k] = after_comp_line ? -1 : find_sub(p, fields[k + 1]);
			}
			for (int k = 0; k < 4 && !after_comp_line && rc == EVM_OK; k++)
				if (hdr_cols[k] < 0)
					rc = evm_err(EVM_EPARSE, "%s:%zu: unknown sub-competency '%s'", p->t->name, ln, hdr[k]);
			for (int k = 0; k < 4 && after_comp_line && p->names_only && rc == EVM_OK; k++)
				rc = note_name(p, p->cluster * 4 + k, hdr[k], -1, ln);
		} else if (p->names_only) {
			/* rows, continuations and paragraphs wait for the second pass */
		} else if (rx_match(re_row, l, caps, 1)) {
			rc = flush_row(p, &rb, hdr, hdr_cols);
			rb.open = 1;
			rb.line = ln;
			rb.level = level_index(caps[0]);
			row_append(&rb, fields + 1, n - 1);
			rx_free_caps(caps, 1);
		} else if (rx_match(re_ud, l, caps, 1)) {
			rc = flush_row(p, &rb, hdr, hdr_cols);
			rb.open = 1;
			rb.line = ln;
			rb.level = UD;
			rb.only = !strcmp(caps[0], "Underdone Overdone") ? NULL : !strcmp(caps[0], "Underdone") ? "underdone" : "overdone";
			row_append(&rb, fields + 1, n - 1);
			rx_free_caps(caps, 1);
		} else if (l[0] == '\t' && rb.open) {
			/* continuation of the open row, less the fields police-force.fix
			 * reviewed as debris */
			for (size_t k = 1; k < n; k++)
				if (*fields[k] && take_debris(p, ln, fields[k]))
					*fields[k] = '\0';
			row_append(&rb, fields + 1, n - 1);
		} else if (strstr(l, "•") && strlen(l) > 1000) {
			rc = flush_row(p, &rb, hdr, hdr_cols);
			if (rc == EVM_OK)
				rc = take_interleaved(p, ln);
		} else if (strcmp(flat, "Underdone and Overdone Versions\"") == 0 ||
			   strcmp(flat, "o Can Minado") == 0) {
			/* the heading of the last page, and debris where its first table
			 * header should be: that table's columns come from the reviewed cells */
			rc = flush_row(p, &rb, hdr, hdr_cols);
			for (int k = 0; k < 4; k++)
				hdr_cols[k] = -1;
		} else {
			handled = 0;
		}
		if (rc == EVM_OK && !handled)
			rc = evm_err(EVM_EPARSE, "%s:%zu: line not understood: '%.60s'", p->t->name, ln, flat);
		after_comp_line = 0;
		free_strings(fields, n);
		free(flat);
	}
	if (rc == EVM_OK)
		rc = flush_row(p, &rb, hdr, hdr_cols);
	for (int k = 0; k < 4; k++) {
		free(rb.f[k]); /* a row opened on the line that failed */
		free(hdr[k]);
	}
	pcre2_code_free(re_row);
	pcre2_code_free(re_ud);
	return rc;
}

static void emit_all(police *p, emitter *e)
{
	emit_begin(e, p->t->name, "police-force", "Police force staff competency framework (Police CVF clusters)",
		   "competency", NULL,
		   "Three clusters of two CVF competencies, each with two sub-competencies described at levels 1a to 5, plus underdone and overdone versions.");
	for (int l = 0; l < NLEVELS; l++) {
		char label[16];
		snprintf(label, sizeof label, "Level %s", LEVELS[l]);
		emit_level(e, LEVELS[l], label, l + 1, NULL, NULL, 0);
	}
	for (int c = 0; c < 6; c++) {
		char *id = make_id("police-force", p->comp[c], NULL);
		emit_competency(e, id, p->comp[c], CLUSTERS[p->comp_cluster[c]], NULL, 0);
		free(id);
	}
	for (int s = 0; s < NSUB; s++) {
		evm_buf at = EVM_BUF_INIT;
		for (int l = 0; l < NLEVELS; l++)
			if (p->renamed_at[s][l])
				evm_buf_printf(&at, "%s%s", at.len ? ", " : "", LEVELS[l]);
		emit_sub(e, p->comp[s / 2], p->base[s], p->renamed[s], at.ptr);
		evm_buf_free(&at);
	}
	qsort(p->out.items, p->out.len, sizeof(void *), order);
	const cell *prev = NULL;
	int n = 0;
	for (size_t i = 0; i < p->out.len; i++) {
		const cell *c = p->out.items[i];
		if (!prev || prev->sub != c->sub || prev->level != c->level || strcmp(prev->polarity, c->polarity))
			n = 0;
		prev = c;
		for (size_t b = 0; b < c->nb; b++) {
			char num[16], lv[16];
			snprintf(num, sizeof num, "%02d", ++n);
			if (c->level == UD)
				snprintf(lv, sizeof lv, "%s", c->polarity);
			else
				snprintf(lv, sizeof lv, "l%s", LEVELS[c->level]);
			char *id = make_id("police-force", p->comp[c->sub / 2], p->base[c->sub], lv, num, NULL);
			emit_indicator(e, id, p->comp[c->sub / 2], c->subname, c->level == UD ? NULL : LEVELS[c->level],
				       c->polarity, c->bullets[b], c->line, c->reconstructed);
			free(id);
		}
	}
}

int import_police(const import_ctx *ctx, emitter *e)
{
	seed_text t;
	evm_records cells, fix;
	int rc = seed_load(&t, ctx->seeds, SEED_POLICE);
	if (rc < 0)
		return rc;
	int rc1 = corrections_load(&cells, ctx->corrections, "police-force.cells");
	int rc2 = corrections_load(&fix, ctx->corrections, "police-force.fix");
	rc = rc1 < 0 ? rc1 : rc2;
	police p;
	memset(&p, 0, sizeof p);
	p.t = &t;
	p.cells = &cells;
	p.fix = &fix;
	p.used = calloc(cells.nrecs + 1, sizeof *p.used);
	p.fix_used = calloc(fix.nrecs + 1, sizeof *p.fix_used);
	for (size_t i = 0; rc == EVM_OK && i < cells.nrecs; i++)
		if (strcmp(cells.recs[i].section, "cell") != 0)
			rc = evm_err(EVM_EPARSE, "%s:%zu: unknown correction [%s]", cells.name, cells.recs[i].line,
				     cells.recs[i].section);
	/* Names first: interleaved pages (line 5 among them) use names that only
	 * later clean headers and police-force.fix declare. */
	if (rc == EVM_OK) {
		p.names_only = 1;
		rc = parse(&p);
		p.names_only = 0;
	}
	if (rc == EVM_OK)
		rc = apply_renames(&p);
	if (rc == EVM_OK) {
		p.cluster = 0;
		rc = parse(&p);
	}
	for (size_t i = 0; rc == EVM_OK && i < cells.nrecs; i++)
		if (!p.used[i])
			rc = evm_err(EVM_EPARSE, "%s:%zu: correction applies to no cell of %s (stale or mistyped?)",
				     cells.name, cells.recs[i].line, t.name);
	for (size_t i = 0; rc == EVM_OK && i < fix.nrecs; i++)
		if (!strcmp(fix.recs[i].section, "debris") && !p.fix_used[i])
			rc = evm_err(EVM_EPARSE, "%s:%zu: debris matches no continuation field of %s (stale or mistyped?)",
				     fix.name, fix.recs[i].line, t.name);
	for (int c = 0; rc == EVM_OK && c < 6; c++)
		if (!p.comp[c])
			rc = evm_err(EVM_EPARSE, "%s: competency %d of 6 not found", t.name, c + 1);
	for (int s = 0; rc == EVM_OK && s < NSUB; s++)
		if (!p.base[s])
			rc = evm_err(EVM_EPARSE, "%s: sub-competency %d of 12 not found", t.name, s + 1);
	if (rc == EVM_OK)
		emit_all(&p, e);
	for (size_t i = 0; i < p.out.len; i++) {
		cell *c = p.out.items[i];
		free_strings(c->bullets, c->nb);
		free(c->subname);
		free(c);
	}
	evm_vec_free(&p.out);
	for (int c = 0; c < 6; c++)
		free(p.comp[c]);
	for (int s = 0; s < NSUB; s++) {
		free(p.base[s]);
		free(p.renamed[s]);
	}
	free(p.used);
	free(p.fix_used);
	evm_records_free(&cells);
	evm_records_free(&fix);
	seed_free(&t);
	return rc;
}
