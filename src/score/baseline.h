/* The plain baseline the evaluator reports beside evmatch: BM25 over the
 * indicator texts only, the whole text as one query, no bigrams, thesaurus,
 * cues or sentence splitting; a competency scores its best indicator. It is
 * what off-the-shelf retrieval does (shared/BASELINES.md), in-process. */
#ifndef EVM_SCORE_BASELINE_H
#define EVM_SCORE_BASELINE_H

#include <stddef.h>

#include "evmatch.h"

/* Fills scores[ncomp] (competency index order) for framework fw_id. */
int evm_baseline_scores(const evm_index *ix, const char *fw_id, const char *text, size_t len, double *scores,
			size_t ncomp);

#endif
