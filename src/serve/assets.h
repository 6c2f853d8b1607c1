/* Files the service serves from memory (src/serve/page.html), embedded at
 * build time by evmatch-embed, as the lexicon is, so that the binary needs
 * no web root. */
#ifndef EVM_SERVE_ASSETS_H
#define EVM_SERVE_ASSETS_H

#include "lexicon/builtin.h"

/* Terminated by an entry with name == NULL. */
extern const evm_builtin_file serve_assets[];

/* The asset with this base name; aborts if the build did not embed it. */
const evm_builtin_file *serve_asset_find(const char *name);

#endif
