#include "vec.h"

#include <stdlib.h>

#include "error.h"

int evm_vec_push(evm_vec *v, void *item)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void **p = realloc(v->items, cap * sizeof *p);
		if (!p)
			return evm_err(EVM_ENOMEM, "out of memory");
		v->items = p;
		v->cap = cap;
	}
	v->items[v->len++] = item;
	return EVM_OK;
}

void evm_vec_free(evm_vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}
