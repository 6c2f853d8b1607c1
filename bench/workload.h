/* Deterministic synthetic workloads for the benchmark: statements that mix
 * indicator-like sentences (built from the lexicon's own words) with the
 * everyday sentences real evidence is made of, and short appraisal notes. */
#ifndef EVM_BENCH_WORKLOAD_H
#define EVM_BENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "evmatch.h"

typedef struct {
	char **text;
	size_t *len;
	size_t n;
	size_t bytes;
} workload;

/* n texts of about words words each (notes: about 20 words), from seed. */
void workload_make(workload *w, const evm_lexicon *lx, uint64_t seed, size_t n, size_t words);
void workload_free(workload *w);

#endif
