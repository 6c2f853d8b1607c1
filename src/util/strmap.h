/* String-keyed hash map (open addressing, xxhash). Keys are borrowed: they
 * must outlive the map, which suits keys that live in a lexicon's arena. */
#ifndef EVM_UTIL_STRMAP_H
#define EVM_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const char *key;
	size_t klen;
	uint64_t hash;
	void *value;
} evm_strmap_slot;

typedef struct {
	evm_strmap_slot *slots;
	size_t cap, len;
} evm_strmap;

#define EVM_STRMAP_INIT {NULL, 0, 0}

uint64_t evm_hash(const void *data, size_t len);
/* Inserts key -> value. Returns 1 if inserted, 0 if the key was present
 * (the old value is kept and *existing set), negative on error. */
int evm_strmap_put(evm_strmap *m, const char *key, size_t klen, void *value, void **existing);
void *evm_strmap_get(const evm_strmap *m, const char *key, size_t klen);
void evm_strmap_free(evm_strmap *m);

#endif
