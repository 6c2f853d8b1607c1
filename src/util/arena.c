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

static void free_chain(evm_arena_block *b)
{
	while (b) {
		evm_arena_block *n = b->next;
		free(b);
		b = n;
	}
}

void evm_arena_free(evm_arena *a)
{
	free_chain(a->head);
	a->head = NULL;
}

/* Room for size bytes at a multiple of align (a power of two), not cleared. */
static void *take(evm_arena *a, size_t size, size_t align)
{
	evm_arena_block *b = a->head;
	if (b) {
		size_t at = (b->used + align - 1) & ~(align - 1);
		b->used = at < b->cap ? at : b->cap;
	}
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
	return p;
}

void *evm_arena_alloc(evm_arena *a, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	void *p = take(a, size, align);
	if (p)
		memset(p, 0, size);
	return p;
}

void evm_arena_reset(evm_arena *a)
{
	if (!a->head)
		return;
	free_chain(a->head->next);
	a->head->next = NULL;
	a->head->used = 0;
}

char *evm_arena_chars(evm_arena *a, size_t len)
{
	char *p = take(a, len + 1, 1);
	if (p)
		p[len] = '\0';
	return p;
}

char *evm_arena_strndup(evm_arena *a, const char *s, size_t len)
{
	/* strings need no alignment and are overwritten whole: no clearing */
	char *p = take(a, len + 1, 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *evm_arena_strdup(evm_arena *a, const char *s) { return evm_arena_strndup(a, s, strlen(s)); }
