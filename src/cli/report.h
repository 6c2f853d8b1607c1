/* The human-readable match report (JSON is rendered by the library). */
#ifndef EVM_CLI_REPORT_H
#define EVM_CLI_REPORT_H

#include <stdio.h>

#include "evmatch.h"

/* Human-readable; colour marks matched words when colour is set. */
void report_result_text(FILE *f, const evm_result *r, const char *text, int colour);

#endif
