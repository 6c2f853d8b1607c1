/* The index: everything matching needs, in flat arrays that are the same in
 * memory and on disk, so that a saved index is used straight from mmap.
 *
 *   vocabulary   stems and stem bigrams ("plan resourc") -> term ids
 *   per framework
 *     documents  its indicators and competency definitions
 *     postings   term -> (document, BM25 weight), by document
 *     classes    term -> (competency, weight): how much more often the term
 *                occurs in that competency's text than in the framework's
 *   phrases      thesaurus and cue phrases (as term-id sequences) ->
 *                expansions (term, weight) and cues (framework, competency)
 *
 * The lexicon the index was built from travels inside it as text, so a
 * loaded index can name and quote every indicator it returns. */
#ifndef EVM_INDEX_H
#define EVM_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "evmatch.h"
#include "util/arena.h"
#include "util/strmap.h"

#define EVM_NO_TERM UINT32_MAX
#define EVM_PHRASE_MAX 4
#define EVM_DOC_DEFINITION 1u

typedef struct {
	uint32_t indicator; /* index into the framework's indicators; definitions: competency index */
	uint16_t comp;
	uint8_t polarity;
	uint8_t flags;
	int32_t level_rank; /* 0 when the document has no level */
	uint32_t len;       /* content terms */
} evm_ix_doc;

typedef struct {
	uint32_t doc;
	float w;
} evm_ix_posting;

typedef struct {
	uint32_t comp;
	float w;
} evm_ix_cposting;

typedef struct {
	uint32_t ndocs, ncomp;
	const evm_ix_doc *docs;
	const uint32_t *post_start; /* [nterms + 1] */
	const evm_ix_posting *post;
	const uint32_t *cpost_start; /* [nterms + 1] */
	const evm_ix_cposting *cpost;
	const float *comp_norm; /* [ncomp]: class weight mass, to keep big competencies from acting as sinks */
	const float *typical;   /* [ncomp]: typical evidence (lexicon/typical.txt), > 0 */
} evm_ix_framework;

typedef struct {
	uint32_t n;                  /* terms in the phrase */
	uint32_t ids[EVM_PHRASE_MAX];
	uint32_t text;               /* offset of the surface phrase in strings */
	uint32_t source;             /* offset of "file:line" in strings */
	uint32_t exp_start, exp_n;   /* expansions */
	uint32_t cue_start, cue_n;   /* cues */
	float seniority;             /* 0..1, or negative: not a seniority cue */
	uint32_t pad;
} evm_ix_phrase;

typedef struct {
	uint32_t term;
	float w;
} evm_ix_expansion;

typedef struct {
	uint16_t fw, comp;
	float w;
	uint32_t source; /* offset of "file:line" in strings */
} evm_ix_cue;

struct evm_index {
	/* storage: one malloc'd or mmap'd block holding every array below */
	void *block;
	size_t block_size;
	int mapped;

	const char *strings;
	uint32_t nterms;
	const uint32_t *term_str; /* [nterms] offsets into strings */
	uint32_t vocab_cap;       /* power of two */
	const uint32_t *vocab;    /* [vocab_cap] term id + 1, 0 = empty */
	uint32_t nframeworks;
	evm_ix_framework fw[64];
	uint32_t nphrases, phrase_cap;
	const evm_ix_phrase *phrases;
	const uint32_t *phrase_slots; /* [phrase_cap] phrase index + 1 */
	const evm_ix_expansion *exp;
	const evm_ix_cue *cues;
	uint32_t max_phrase_first; /* unused; keeps the header 8-byte aligned */

	/* rebuilt at load: cheap, and keeps the file free of pointers */
	uint8_t *phrase_first;   /* [nterms]: bit n-1 set if an n-term phrase starts with the term */
	uint8_t fw_negative[64]; /* the framework has indicators that are not effective */
	uint8_t fw_underdone[64]; /* ... of the underdone/overdone kind */
	/* per framework, its documents grouped by competency: [ncomp + 1]
	 * offsets, then the document numbers in ascending order */
	uint32_t *by_comp[64];
	double *typical_div[64]; /* per framework, [ncomp]: typical^typical_pow */
	/* per framework: the competency model that reads for it (the built-in
	 * one, or one loaded with evm_index_load_competency_model), and [ncomp]
	 * each competency's class in it; NULL where no model covers exactly the
	 * framework's competencies (a user's own framework, without one) */
	const struct evm_cmodel *model[64];
	uint16_t *model_class[64];
	struct evm_cmodel *own_model; /* loaded by the user; freed with the index */
	evm_lexicon *lexicon;
	evm_strmap stopwords;
	evm_arena stop_arena;
	uint64_t checksum;
	/* unique in the process: lets per-thread memos of term ids tell one
	 * index from another that happens to reuse its address */
	uint64_t serial;
};

/* Term id of a stem (or "a b" bigram), or EVM_NO_TERM. */
uint32_t evm_ix_term(const evm_index *ix, const char *s, size_t len);
/* Phrase index of a term-id sequence, or -1. */
int64_t evm_ix_phrase_find(const evm_index *ix, const uint32_t *ids, uint32_t n);
const char *evm_ix_term_text(const evm_index *ix, uint32_t id);

#endif
