/* Polarity cues (pcre2): does a sentence report a behaviour done, not done
 * ("did not update", "missed the deadline", "lack of"), or overdone ("too
 * cautious", "over-checks", "micromanages")? Negated negatives ("never missed
 * a deadline") read as effective. Appraisal notes are often negative, so
 * this steers them to ineffective, underdone or overdone indicators. */
#ifndef EVM_SCORE_POLARITY_H
#define EVM_SCORE_POLARITY_H

#include <stddef.h>

#include "evmatch.h"

typedef struct {
	evm_polarity polarity; /* EFFECTIVE, INEFFECTIVE (not done) or OVERDONE */
	size_t cue_start, cue_end; /* byte offsets of the deciding cue in the sentence */
} evm_sentence_polarity;

/* Compiles the patterns once per process; safe to call from many threads. */
int evm_polarity_init(void);
/* Classifies text[0..len) (one sentence). */
evm_sentence_polarity evm_polarity_of(const char *text, size_t len);

#endif
