/* The bridging vocabulary: thesaurus (everyday phrase => framework words)
 * and cue lists (everyday phrase => a competency of one framework). Parsed
 * from lexicon/thesaurus.txt and lexicon/cues/NAME.cues; the index compiles
 * both into phrase tables. Formats are documented in lexicon/README.md. */
#ifndef EVM_INDEX_BRIDGE_H
#define EVM_INDEX_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/vec.h"

typedef struct {
	const char *phrase; /* surface form, lower case */
	const char *means;  /* space-separated framework words */
	float weight;
	const char *source; /* "file:line" */
} evm_thes_entry;

typedef struct {
	const char *framework, *competency; /* competency may be "Comp / Sub" */
	const char *phrase;
	float weight;
	const char *source;
} evm_cue_entry;

typedef struct {
	const char *phrase;
	float seniority; /* 0 entry grade .. 1 head of organisation */
	const char *source;
} evm_seniority_entry;

/* A member of a crosswalk group (lexicon/crosswalk.txt): competencies of
 * different frameworks that describe the same behaviour. */
typedef struct {
	const char *framework, *competency;
	uint32_t group;
	float weight; /* how much of its text it lends to the other members */
	const char *source;
} evm_xwalk_entry;

/* A competency's typical evidence (lexicon/typical.txt): the mean of its
 * summed evidence over a body of unlabelled workplace texts. */
typedef struct {
	const char *framework, *competency;
	double value;
	const char *source;
} evm_typical_entry;

typedef struct {
	evm_arena arena;
	evm_vec thes; /* evm_thes_entry* */
	evm_vec cues; /* evm_cue_entry* */
	evm_vec seniority; /* evm_seniority_entry* */
	evm_vec xwalk; /* evm_xwalk_entry* */
	evm_vec xwalk_own_cues; /* const char*: frameworks whose members borrow no partner's cue words */
	evm_vec typical; /* evm_typical_entry* */
	uint32_t ngroups;
} evm_bridge;

void evm_bridge_init(evm_bridge *b);
void evm_bridge_free(evm_bridge *b);
/* Errors name the file and line. */
int evm_bridge_parse_thesaurus(evm_bridge *b, const char *name, const char *data, size_t len);
int evm_bridge_parse_cues(evm_bridge *b, const char *name, const char *data, size_t len);
int evm_bridge_parse_seniority(evm_bridge *b, const char *name, const char *data, size_t len);
int evm_bridge_parse_crosswalk(evm_bridge *b, const char *name, const char *data, size_t len);
int evm_bridge_parse_typical(evm_bridge *b, const char *name, const char *data, size_t len);
/* The built-in thesaurus.txt, seniority.txt, crosswalk.txt, typical.txt and
 * cues/NAME.cues. */
int evm_bridge_load_builtin(evm_bridge *b);

#endif
