#include "fts5_baseline.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fts5_base {
	sqlite3 *db;
	sqlite3_stmt *q;
};

int fts5_base_open(const evm_lexicon *lx, fts5_base **out)
{
	fts5_base *b = calloc(1, sizeof *b);
	if (!b || sqlite3_open(":memory:", &b->db) != SQLITE_OK)
		return -1;
	char *err = NULL;
	if (sqlite3_exec(b->db,
			 "CREATE VIRTUAL TABLE ind USING fts5(text, fw UNINDEXED, comp UNINDEXED, tokenize='porter');",
			 NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fts5: %s\n", err);
		sqlite3_free(err);
		return -1;
	}
	sqlite3_stmt *ins;
	sqlite3_prepare_v2(b->db, "INSERT INTO ind(text, fw, comp) VALUES (?, ?, ?)", -1, &ins, NULL);
	sqlite3_exec(b->db, "BEGIN", NULL, NULL, NULL);
	for (size_t f = 0; f < evm_lexicon_framework_count(lx); f++) {
		const evm_framework *fw = evm_lexicon_framework(lx, f);
		for (size_t i = 0; i < evm_framework_indicator_count(fw); i++) {
			const evm_indicator *ind = evm_framework_indicator(fw, i);
			sqlite3_bind_text(ins, 1, ind->text, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, evm_framework_id(fw), -1, SQLITE_STATIC);
			sqlite3_bind_int(ins, 3, (int)ind->competency->index);
			sqlite3_step(ins);
			sqlite3_reset(ins);
		}
	}
	sqlite3_exec(b->db, "COMMIT", NULL, NULL, NULL);
	sqlite3_finalize(ins);
	if (sqlite3_prepare_v2(b->db, "SELECT comp, bm25(ind) FROM ind WHERE ind MATCH ?1 AND fw = ?2", -1, &b->q, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "fts5: %s\n", sqlite3_errmsg(b->db));
		return -1;
	}
	*out = b;
	return 0;
}

/* One sentence as an FTS5 OR-query of quoted words; 0 if it has none. */
static size_t sentence_query(const char *s, size_t n, char *q, size_t cap)
{
	size_t ql = 0, words = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && !isalpha((unsigned char)s[i]))
			i++;
		size_t j = i;
		while (j < n && isalpha((unsigned char)s[j]))
			j++;
		if (j > i + 1 && ql + (j - i) + 8 < cap) {
			if (words++)
				ql += (size_t)snprintf(q + ql, cap - ql, " OR ");
			q[ql++] = '"';
			for (size_t k = i; k < j; k++)
				q[ql++] = (char)tolower((unsigned char)s[k]);
			q[ql++] = '"';
			q[ql] = '\0';
		}
		i = j;
	}
	return words;
}

int fts5_base_score(fts5_base *b, const evm_framework *fw, const char *text, size_t len, double *scores)
{
	size_t nc = evm_framework_competency_count(fw);
	memset(scores, 0, nc * sizeof *scores);
	double *best = calloc(nc, sizeof *best);
	char *q = malloc(65536);
	size_t a = 0;
	while (a < len) {
		size_t e = a;
		while (e < len && !((text[e] == '.' || text[e] == '!' || text[e] == '?' || text[e] == '\n') &&
				    (e + 1 == len || text[e + 1] == ' ' || text[e + 1] == '\n')))
			e++;
		if (sentence_query(text + a, e - a, q, 65536)) {
			memset(best, 0, nc * sizeof *best);
			sqlite3_bind_text(b->q, 1, q, -1, SQLITE_STATIC);
			sqlite3_bind_text(b->q, 2, evm_framework_id(fw), -1, SQLITE_STATIC);
			while (sqlite3_step(b->q) == SQLITE_ROW) {
				int c = sqlite3_column_int(b->q, 0);
				double v = -sqlite3_column_double(b->q, 1); /* bm25() is lower-is-better */
				if (c >= 0 && (size_t)c < nc && v > best[c])
					best[c] = v;
			}
			sqlite3_reset(b->q);
			for (size_t c = 0; c < nc; c++)
				scores[c] += best[c];
		}
		a = e + 1;
	}
	free(best);
	free(q);
	return 0;
}

void fts5_base_close(fts5_base *b)
{
	if (!b)
		return;
	sqlite3_finalize(b->q);
	sqlite3_close(b->db);
	free(b);
}
