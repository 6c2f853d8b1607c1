/* evmatch-import: rebuilds the lexicon files (lexicon/NAME.lex) from the seed texts and the
 * reviewed correction files. One file per framework, one job each. */
#ifndef EVM_IMPORT_H
#define EVM_IMPORT_H

#include "emit.h"
#include "seedtext.h"

typedef struct {
	const char *seeds;       /* directory of the seed texts */
	const char *corrections; /* directory of the correction files */
} import_ctx;

/* Each writes one whole lexicon file into e (emit_begin is theirs to call).
 * Errors are raised with evm_err and name the seed file and line. */
int import_success_profiles(const import_ctx *ctx, emitter *e);
int import_noms(const import_ctx *ctx, emitter *e);
int import_police(const import_ctx *ctx, emitter *e);
int import_soca(const import_ctx *ctx, emitter *e);
int import_hmip(const import_ctx *ctx, emitter *e);

#define SEED_NOMS "000_6c5584ba1d49590f.txt"
#define SEED_SP "001_5209a7d02a15c2fb.txt"
#define SEED_POLICE "002_1e30d268a0da87f0.txt"
#define SEED_SOCA "003_48942fa78196edac.txt"
#define SEED_HMIP "004_246249cb4fd1f368.txt"

#endif
