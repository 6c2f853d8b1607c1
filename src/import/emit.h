/* Writes lexicon records in the documented format (lexicon/README.md). */
#ifndef EVM_IMPORT_EMIT_H
#define EVM_IMPORT_EMIT_H

#include "util/buf.h"

typedef struct {
	evm_buf out;
	const char *seed; /* seed file base name for provenance */
	size_t indicators;
} emitter;

void emit_begin(emitter *e, const char *seed, const char *fw_id, const char *name, const char *unit,
		const char *grades, const char *description);
void emit_level(emitter *e, const char *id, const char *label, int rank, const char *grades,
		const char *definition, size_t line);
/* A competency's refinement of a level (SOCA): grades and definition. */
void emit_scoped_level(emitter *e, const char *competency, const char *id, const char *grades,
		       const char *definition, size_t line);
void emit_competency(emitter *e, const char *id, const char *name, const char *cluster,
		     const char *definition, size_t line);
void emit_sub(emitter *e, const char *competency, const char *name, const char *renamed,
	      const char *renamed_at);
void emit_indicator(emitter *e, const char *id, const char *competency, const char *sub,
		    const char *level, const char *polarity, const char *text, size_t line,
		    int reconstructed);
void emit_comment(emitter *e, const char *text);

/* "<fw>.<slug(a)>[.<slug(b)>]..." built from parts; NULL ends the list. */
char *make_id(const char *first, ...);

#endif
