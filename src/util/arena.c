#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct evm_arena_block {
	evm_arena_block *next;
	size_t used, cap;
	_Alignas(max_align_t) unsigned char data[];
};

#define ARENA_BLOCK (64 * 1024)

void evm_arena_init(evm_arena *a) { a->head = NULL; }

void evm_arena_free(evm_arena *a)
{
	evm_arena_block *b = a->head;
	while (b) {
		evm_arena_block *n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
}

void *evm_arena_alloc(evm_arena *a, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	evm_arena_block *b = a->head;
	if (!b || b->cap - b->used < size) {
		size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

char *evm_arena_strndup(evm_arena *a, const char *s, size_t len)
{
	char *p = evm_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *evm_arena_strdup(evm_arena *a, const char *s) { return evm_arena_strndup(a, s, strlen(s)); }
