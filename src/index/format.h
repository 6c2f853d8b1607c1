/* The index block: a header of spans (offset, count) followed by the arrays
 * they point to, 8-byte aligned. The same bytes serve in memory and on
 * disk; the checksum covers the whole block with its own field zeroed. */
#ifndef EVM_INDEX_FORMAT_H
#define EVM_INDEX_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "evmatch.h"

#define EVM_IX_MAGIC "EVMINDEX"
#define EVM_IX_VERSION 2u
#define EVM_IX_ENDIAN 0x01020304u
#define EVM_IX_MAX_FW 64

typedef struct {
	uint64_t off, count;
} evm_span;

typedef struct {
	uint32_t ndocs, ncomp;
	evm_span docs, post_start, post, cpost_start, cpost, comp_norm, typical;
} evm_fw_header;

typedef struct {
	char magic[8];
	uint32_t version, endian;
	uint64_t size;
	uint64_t checksum;
	uint32_t nterms, vocab_cap, nframeworks, nphrases, phrase_cap, reserved;
	evm_span strings, term_str, vocab, phrases, phrase_slots, exp, cues, lextext, stoptext;
	evm_fw_header fw[EVM_IX_MAX_FW];
} evm_ix_header;

/* Validates a block (size, magic, version, checksum, every span and every
 * cross-reference) and points ix's arrays into it. name is for messages. */
/* lx, when not NULL, is the lexicon the block was just built from: its
 * frameworks are shared rather than parsed again from the block's copy. */
int evm_ix_attach(evm_index *ix, void *block, size_t size, int mapped, const char *name, const evm_lexicon *lx);

#endif
