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

/* Could a word (case-folded) carry a polarity cue, and of which kind? Every
 * match of the not-done patterns contains an EVM_TRIG_NEG word, and every
 * match of the too-much patterns an EVM_TRIG_OVER word, starting at most
 * EVM_POLARITY_LEAD bytes into the match ("had to be withdrawn", "the
 * wrong"). So a sentence without one needs no pattern run, and one with one
 * needs each kind searched only from just before its first trigger: most
 * sentences of a statement have none, and most of the rest only one kind.
 * Returns a mask of EVM_TRIG_* bits, 0 for none. */
enum { EVM_TRIG_NEG = 1, EVM_TRIG_OVER = 2 };
int evm_polarity_trigger(const char *w, size_t len);
#define EVM_POLARITY_LEAD 24

/* Compiles the patterns once per process; safe to call from many threads. */
int evm_polarity_init(void);
/* Classifies text[0..len) (one sentence). */
evm_sentence_polarity evm_polarity_of(const char *text, size_t len);
/* The same, searching from byte from on (the first trigger word less
 * EVM_POLARITY_LEAD): the same answer as evm_polarity_of at a fraction of the
 * cost. Offsets are still relative to text. */
evm_sentence_polarity evm_polarity_from(const char *text, size_t len, size_t from);
/* The same with a start per kind (the first trigger of that kind less
 * EVM_POLARITY_LEAD); a start of len or more skips that kind. */
evm_sentence_polarity evm_polarity_search(const char *text, size_t len, size_t from_neg, size_t from_over);

#endif
