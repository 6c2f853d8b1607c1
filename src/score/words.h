/* What matching needs to know about a word, worked out once per distinct
 * word and kept per thread: whether it is a stopword, its stem, the stem's
 * term id in the index, and which polarity cues it could trigger. A
 * statement says most of its words more than once, and a batch run says
 * the same few thousand words all day; each costs four hash lookups the
 * first time (stopwords, stem cache, index vocabulary, polarity triggers)
 * and one afterwards. The answers are those of evm_analyse, evm_ix_term and
 * evm_polarity_set_trigger, which stay the reference. */
#ifndef EVM_SCORE_WORDS_H
#define EVM_SCORE_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "index/index.h"
#include "tokenise/stem.h"

typedef struct {
	const char *stem;  /* NULL: no term (a stopword, one letter, or a compound) */
	uint32_t stem_len;
	uint32_t term;     /* the stem's term id, or EVM_NO_TERM */
	uint8_t trig;      /* EVM_TRIG_* kinds the word could trigger */
	const uint64_t *patterns; /* the polarity patterns it anchors
				     (evm_polarity_set_trigger_mask); NULL when trig is 0 */
	uint8_t compound;  /* has a hyphen: analysed part by part */
	uint8_t heading;   /* a STAR heading word ("situation", "action", "result"...): not
			      evidence where it stands as a heading (score/match.c) */
} evm_word;

typedef struct evm_words evm_words;

int evm_words_new(evm_words **out);
void evm_words_free(evm_words *m);
/* Starts a text of at most nwords words matched against ix. Everything is
 * forgotten when ix is not the index of the previous text, or when the
 * memo could fill up during this one, so that what evm_words_get returns
 * stays valid until the next call. */
void evm_words_begin(evm_words *m, const evm_index *ix, size_t nwords);
/* The case-folded word w[0..len). NULL when out of memory. */
const evm_word *evm_words_get(evm_words *m, evm_stemmer *st, const char *w, size_t len);
/* Term id of the bigram "a b" of two known stems, or EVM_NO_TERM. */
uint32_t evm_words_bigram(evm_words *m, const evm_word *a, const evm_word *b);

#endif
