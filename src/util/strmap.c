#include "strmap.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL /* keys are short: the call into the library cost more than the hash */
#include <xxhash.h>

#include "error.h"

uint64_t evm_hash(const void *data, size_t len) { return XXH3_64bits(data, len); }

static int grow(evm_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	evm_strmap_slot *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return evm_err(EVM_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->cap; i++) {
		evm_strmap_slot *s = &m->slots[i];
		if (!s->key)
			continue;
		size_t j = (size_t)s->hash & (cap - 1);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = *s;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return EVM_OK;
}

int evm_strmap_put(evm_strmap *m, const char *key, size_t klen, void *value, void **existing)
{
	if ((m->len + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return EVM_ENOMEM;
	uint64_t h = evm_hash(key, klen);
	size_t j = (size_t)h & (m->cap - 1);
	while (m->slots[j].key) {
		evm_strmap_slot *s = &m->slots[j];
		if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0) {
			if (existing)
				*existing = s->value;
			return 0;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j] = (evm_strmap_slot){key, klen, h, value};
	m->len++;
	return 1;
}

void *evm_strmap_get(const evm_strmap *m, const char *key, size_t klen)
{
	if (!m->cap)
		return NULL;
	uint64_t h = evm_hash(key, klen);
	size_t j = (size_t)h & (m->cap - 1);
	while (m->slots[j].key) {
		const evm_strmap_slot *s = &m->slots[j];
		if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0)
			return s->value;
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

void evm_strmap_free(evm_strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
