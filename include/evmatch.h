/*
 * evmatch — match free text to the behaviour indicators of competency frameworks.
 *
 * Conventions (one prefix per module, as in the rest of the library):
 *   evm_error_*    error codes and the last error message of the calling thread
 *   evm_lexicon_*  frameworks, competencies, levels and indicators
 *
 * Every function that can fail returns an int: EVM_OK (0) on success or a
 * negative EVM_E* code; evm_error_message() then says what went wrong, naming
 * the file and line where there is one. Handles are opaque; the record structs
 * they hand out are read-only views that live as long as the handle.
 */
#ifndef EVMATCH_H
#define EVMATCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EVM_VERSION_MAJOR 0
#define EVM_VERSION_MINOR 1
#define EVM_VERSION_PATCH 0
#define EVM_VERSION_STRING "0.1.0"

/* ---- errors ------------------------------------------------------------ */

enum {
	EVM_OK = 0,
	EVM_ENOMEM = -1,    /* allocation failed */
	EVM_EIO = -2,       /* a file could not be read or written */
	EVM_EPARSE = -3,    /* malformed input: lexicon, JSON, CSV, ... */
	EVM_EINVAL = -4,    /* bad argument from the caller */
	EVM_ENOTFOUND = -5, /* no such framework, competency or indicator */
	EVM_ECORRUPT = -6,  /* a binary file failed its checks */
	EVM_ELIMIT = -7     /* an input exceeded a documented limit */
};

/* Message for the last error raised on the calling thread ("" if none). */
const char *evm_error_message(void);
/* Code of the last error raised on the calling thread (EVM_OK if none). */
int evm_error_code(void);
/* Short, stable name of an error code ("parse", "io", ...). */
const char *evm_error_name(int code);
void evm_error_clear(void);

/* ---- lexicon records --------------------------------------------------- */

/* How an indicator reads: effective behaviour, or one of three kinds of
 * ineffective behaviour (NOMS pairs; the police framework's too-little and
 * too-much versions). */
typedef enum {
	EVM_POL_EFFECTIVE = 0,
	EVM_POL_INEFFECTIVE = 1,
	EVM_POL_UNDERDONE = 2,
	EVM_POL_OVERDONE = 3
} evm_polarity;

const char *evm_polarity_name(evm_polarity p);
/* Returns 0 and sets *out for a known name, -1 otherwise. */
int evm_polarity_parse(const char *name, evm_polarity *out);

typedef struct evm_framework evm_framework;

/* A level of a framework. Levels carry a rank so that evidence can be placed
 * above or below an advertised level; higher rank = more senior. A level
 * record scoped to one competency (SOCA) refines grades and definition. */
typedef struct {
	const char *id;         /* "3", "1a", "A", "prisoners" */
	const char *label;      /* "Level 3", "Middle Manager" */
	int rank;
	const char *grades;     /* comma-separated grades the level covers, or "" */
	const char *definition; /* level definition, or "" */
	const char *source;     /* "file:line" of the source text, or "" */
} evm_level;

typedef struct {
	const char *id;          /* "success-profiles.working-together" */
	const char *name;        /* "Working Together", spelt as the source does */
	const char *cluster;     /* "" where the framework has none */
	const char *definition;  /* summary paragraph, or "" */
	const char *source;
	size_t index;            /* position within its framework */
} evm_competency;

typedef struct {
	const char *id;             /* "success-profiles.working-together.l3.02" */
	const evm_competency *competency;
	const char *sub_competency; /* police framework; "" elsewhere */
	const evm_level *level;     /* NULL: applies at every level */
	evm_polarity polarity;
	const char *text;           /* exact indicator wording */
	const char *source;         /* "file:line" */
	int reconstructed;          /* rebuilt from interleaved columns */
	size_t index;               /* position within its framework */
} evm_indicator;

/* ---- lexicon ----------------------------------------------------------- */

typedef struct evm_lexicon evm_lexicon;

/* An empty lexicon. */
int evm_lexicon_new(evm_lexicon **out);
/* A lexicon holding the five frameworks compiled into the library. */
int evm_lexicon_new_builtin(evm_lexicon **out);
void evm_lexicon_free(evm_lexicon *lx);

/* Load a lexicon file, or every *.lex file of a directory (sorted by name).
 * A framework whose id is already loaded is replaced whole; nothing of a file
 * that fails to load is kept (EVM_EPARSE / EVM_EIO, message "file:line: ..."). */
int evm_lexicon_load_path(evm_lexicon *lx, const char *path);
/* The same from memory; name is used in messages and provenance. */
int evm_lexicon_load_buffer(evm_lexicon *lx, const char *name, const char *data, size_t len);

/* Parse and validate without keeping anything. */
int evm_lexicon_check_buffer(const char *name, const char *data, size_t len);

size_t evm_lexicon_framework_count(const evm_lexicon *lx);
const evm_framework *evm_lexicon_framework(const evm_lexicon *lx, size_t i);
const evm_framework *evm_lexicon_find_framework(const evm_lexicon *lx, const char *id);
/* Indicator by id across all frameworks, or NULL. */
const evm_indicator *evm_lexicon_find_indicator(const evm_lexicon *lx, const char *id,
						const evm_framework **fw_out);

/* ---- framework --------------------------------------------------------- */

const char *evm_framework_id(const evm_framework *fw);
const char *evm_framework_name(const evm_framework *fw);
/* What users call a competency here: "behaviour", "competency", ... */
const char *evm_framework_unit(const evm_framework *fw);
const char *evm_framework_source(const evm_framework *fw);
/* Ordered grade names, comma-separated, or "". */
const char *evm_framework_grades(const evm_framework *fw);

size_t evm_framework_level_count(const evm_framework *fw);
const evm_level *evm_framework_level(const evm_framework *fw, size_t i);
/* Find a level by id, or by label (case-insensitive); NULL if none. */
const evm_level *evm_framework_find_level(const evm_framework *fw, const char *id_or_label);
/* The competency-scoped refinement of a level (SOCA), else the level itself. */
const evm_level *evm_framework_level_for(const evm_framework *fw, const evm_competency *c,
					 const evm_level *lv);
/* The level a grade maps to for a competency, or NULL. */
const evm_level *evm_framework_level_for_grade(const evm_framework *fw, const evm_competency *c,
					       const char *grade);

size_t evm_framework_competency_count(const evm_framework *fw);
const evm_competency *evm_framework_competency(const evm_framework *fw, size_t i);
/* By id, exact name, or case-insensitive name; NULL if none. */
const evm_competency *evm_framework_find_competency(const evm_framework *fw, const char *name);

size_t evm_framework_indicator_count(const evm_framework *fw);
const evm_indicator *evm_framework_indicator(const evm_framework *fw, size_t i);

/* Sub-competency naming (police): the name used at levels 1a-3 for a name
 * used at any level, so that "Political Savvy" groups with "Managing
 * Sensitivities". Returns name itself when it has no other form. */
const char *evm_framework_sub_base_name(const evm_framework *fw, const char *name);

#ifdef __cplusplus
}
#endif
#endif
