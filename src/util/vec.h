/* Growable array of pointers. */
#ifndef EVM_UTIL_VEC_H
#define EVM_UTIL_VEC_H

#include <stddef.h>

typedef struct {
	void **items;
	size_t len, cap;
} evm_vec;

#define EVM_VEC_INIT {NULL, 0, 0}

int evm_vec_push(evm_vec *v, void *item);
void evm_vec_free(evm_vec *v);

#endif
