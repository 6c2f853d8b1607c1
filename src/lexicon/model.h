/* In-memory lexicon: what the parser builds and the public accessors read.
 * Each framework owns an arena, so replacing or freeing one is a single call. */
#ifndef EVM_LEXICON_MODEL_H
#define EVM_LEXICON_MODEL_H

#include "evmatch.h"
#include "../util/arena.h"
#include "../util/strmap.h"
#include "../util/vec.h"

/* Hard limits, documented in lexicon/README.md; exceeding one is an error,
 * never a silent truncation. */
#define EVM_LEX_MAX_FILE (64u * 1024 * 1024)
#define EVM_LEX_MAX_LINE (64u * 1024)
#define EVM_LEX_MAX_INDICATORS 50000u
#define EVM_LEX_MAX_COMPETENCIES 1000u
#define EVM_LEX_MAX_LEVELS 100u

typedef struct {
	const evm_competency *competency;
	const char *name;
	const char *renamed;    /* name used at renamed_at levels, or "" */
	const char *renamed_at; /* comma-separated level ids, or "" */
} evm_subcomp;

typedef struct {
	const evm_competency *competency;
	const evm_level *base; /* the framework-wide level it refines */
	evm_level level;       /* id/label/rank copied from base */
} evm_scoped_level;

struct evm_framework {
	_Atomic int refs;      /* a built index shares its lexicon's frameworks */
	evm_arena arena;
	const char *id, *name, *unit, *source, *grades, *description;
	evm_vec levels;        /* evm_level* in file order */
	evm_vec scoped;        /* evm_scoped_level* */
	evm_vec competencies;  /* evm_competency* */
	evm_vec subs;          /* evm_subcomp* */
	evm_vec indicators;    /* evm_indicator* */
	evm_strmap indicator_ids;
};

struct evm_lexicon {
	evm_vec frameworks; /* evm_framework* in load order */
};

evm_framework *evm_framework_alloc(void);
/* Drops one reference; the last frees. Frameworks never change once loaded,
 * so sharing one between lexicons needs no more than the count. */
void evm_framework_free(evm_framework *fw);
/* A new lexicon holding the same frameworks as lx (shared, not copied). */
int evm_lexicon_share(const evm_lexicon *lx, evm_lexicon **out);

#endif
