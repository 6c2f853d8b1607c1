/* Bump allocator: lexicon records and strings live and die together, so
 * they are carved from big blocks and freed in one go. */
#ifndef EVM_UTIL_ARENA_H
#define EVM_UTIL_ARENA_H

#include <stddef.h>

typedef struct evm_arena_block evm_arena_block;
typedef struct {
	evm_arena_block *head;
} evm_arena;

void evm_arena_init(evm_arena *a);
void evm_arena_free(evm_arena *a);
/* Zeroed, aligned for any object; NULL on allocation failure. */
void *evm_arena_alloc(evm_arena *a, size_t size);
/* Room for a string of len bytes, NUL-terminated, its bytes for the
 * caller to write. */
char *evm_arena_chars(evm_arena *a, size_t len);
/* Copy of s[0..len) with a terminating NUL. */
char *evm_arena_strndup(evm_arena *a, const char *s, size_t len);
/* Forgets every allocation but keeps the newest block for reuse: for
 * scratch arenas that are emptied once per text. */
void evm_arena_reset(evm_arena *a);
char *evm_arena_strdup(evm_arena *a, const char *s);

#endif
