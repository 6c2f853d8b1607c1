/* Polarity cues (pcre2): does a sentence report a behaviour done, not done
 * ("did not update", "missed the deadline", "lack of"), or overdone ("too
 * cautious", "over-checks", "micromanages")? Negated negatives ("never missed
 * a deadline") read as effective. Appraisal notes are often negative, so
 * this steers them to ineffective, underdone or overdone indicators. The
 * patterns are lexicon/polarity.txt, built in. */
#ifndef EVM_SCORE_POLARITY_H
#define EVM_SCORE_POLARITY_H

#include <stddef.h>
#include <stdint.h>

#include "evmatch.h"

typedef struct {
	evm_polarity polarity; /* EFFECTIVE, INEFFECTIVE (not done) or OVERDONE */
	size_t cue_start, cue_end; /* byte offsets of the deciding cue in the sentence */
} evm_sentence_polarity;

/* Compiled polarity patterns (the format of lexicon/polarity.txt). Matching
 * uses the built-in set; compiling another is for checking a file. */
typedef struct evm_polarity_set evm_polarity_set;
int evm_polarity_compile(const char *name, const char *text, size_t len, evm_polarity_set **out);
void evm_polarity_set_free(evm_polarity_set *ps);
/* Compiles the built-in set once per process; safe to call from many threads. */
int evm_polarity_init(void);
/* The built-in set (compiled on first use), or NULL when it does not compile. */
const evm_polarity_set *evm_polarity_builtin(void);

/* Could a word (case-folded) carry a polarity cue, and of which kind? Every
 * match of a pattern contains one of its anchor's spellings, so a sentence
 * without a trigger word needs no pattern run, and one with one needs each
 * kind tried only a few words before its triggers: most sentences of a
 * statement have none, and most of the rest only one kind.
 * Returns a mask of EVM_TRIG_* bits, 0 for none. */
enum { EVM_TRIG_NEG = 1, EVM_TRIG_OVER = 2 };
int evm_polarity_set_trigger(const evm_polarity_set *ps, const char *w, size_t len);
/* The same, and the patterns whose anchor the word is, as a bit set of
 * evm_polarity_set_mask_words(ps) words written to mask. */
size_t evm_polarity_set_mask_words(const evm_polarity_set *ps);
int evm_polarity_set_trigger_mask(const evm_polarity_set *ps, const char *w, size_t len, uint64_t *mask);
/* The most words a match of that kind has before its trigger word. */
unsigned evm_polarity_set_lead(const evm_polarity_set *ps, int trig_kind);
/* Where to search from for a trigger at byte at of text: words words back. */
size_t evm_polarity_start(const char *text, size_t at, unsigned words);

/* Classifies text[0..len) (one sentence) with the built-in set, scanning all
 * of it: the answer the faster searches below must give. */
evm_sentence_polarity evm_polarity_of(const char *text, size_t len);
/* The same, scanning each kind from its own start (evm_polarity_start of its
 * first trigger); a start of len or more skips that kind. Offsets are
 * relative to text. */
evm_sentence_polarity evm_polarity_set_search(const evm_polarity_set *ps, const char *text, size_t len, size_t from_neg,
					      size_t from_over);
/* The same answer again, given every trigger word's byte offset in text, per
 * kind and ascending: patterns are tried only where a match could start, a
 * few words before each trigger. */
evm_sentence_polarity evm_polarity_set_search_near(const evm_polarity_set *ps, const char *text, size_t len,
						   const uint32_t *neg, size_t nneg, const uint32_t *over, size_t nover);
/* The same answer again, given every trigger word's offset (ascending, of
 * either kind) and its evm_polarity_set_trigger_mask: each trigger tries
 * only the patterns it anchors, a pattern at a time. What matching uses. */
evm_sentence_polarity evm_polarity_set_search_masked(const evm_polarity_set *ps, const char *text, size_t len,
						     const uint32_t *at, const uint64_t *const *masks, size_t n);

#endif
