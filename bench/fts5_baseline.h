/* The peer baseline: SQLite FTS5 with its porter tokenizer over the same
 * indicators, one OR-query per sentence ranked by bm25(), each competency
 * scoring its best indicator per sentence, summed over sentences - the same
 * aggregation evmatch uses, so the comparison is about the engine. */
#ifndef EVM_BENCH_FTS5_H
#define EVM_BENCH_FTS5_H

#include <stddef.h>

#include "evmatch.h"

typedef struct fts5_base fts5_base;

int fts5_base_open(const evm_lexicon *lx, fts5_base **out);
/* scores[c] for each competency c of framework fw (in its order). */
int fts5_base_score(fts5_base *b, const evm_framework *fw, const char *text, size_t len, double *scores);
void fts5_base_close(fts5_base *b);

#endif
