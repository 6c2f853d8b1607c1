/* Polarity cues (pcre2): does a sentence report a behaviour done, not done
 * ("did not update", "missed the deadline", "lack of"), or overdone ("too
 * cautious", "over-checks", "micromanages")? Negated negatives ("never missed
 * a deadline") read as effective. Appraisal notes are often negative, so
 * this steers them to ineffective, underdone or overdone indicators. */
#ifndef EVM_SCORE_POLARITY_H
#define EVM_SCORE_POLARITY_H

#include <stddef.h>
#include <stdint.h>

#include "evmatch.h"

typedef struct {
	evm_polarity polarity; /* EFFECTIVE, INEFFECTIVE (not done) or OVERDONE */
	size_t cue_start, cue_end; /* byte offsets of the deciding cue in the sentence */
} evm_sentence_polarity;

/* Could a word (case-folded) start or carry a polarity cue? Every pattern
 * match contains such a word, so a sentence without one needs no pattern
 * run: most sentences of a statement have none. */
int evm_polarity_trigger(const char *w, size_t len);

/* Compiles the patterns once per process; safe to call from many threads. */
int evm_polarity_init(void);
/* Classifies text[0..len) (one sentence). */
evm_sentence_polarity evm_polarity_of(const char *text, size_t len);
/* Classifies n sentences of one text (starts/ends: byte offsets) in one pass
 * per pattern over the whole text; the same answers as evm_polarity_of on
 * each sentence, at a fraction of the calls. Offsets in out are relative to
 * each sentence's start. text must be valid UTF-8. */
void evm_polarity_sentences(const char *text, size_t len, const uint32_t *starts, const uint32_t *ends, size_t n,
			    evm_sentence_polarity *out);

#endif
