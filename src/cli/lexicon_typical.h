/* evmatch lexicon typical: the fit behind lexicon/typical.txt. */
#ifndef EVM_CLI_LEXICON_TYPICAL_H
#define EVM_CLI_LEXICON_TYPICAL_H

#include "cli.h"

/* Matches the "text" of every JSON line of files (those of one split when
 * split is not NULL) against every framework, and prints typical.txt. */
int lexicon_typical(const cli_common *co, const char *index, const char *split, int nfiles, char **files);

#endif
