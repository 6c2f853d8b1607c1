/* Whole-file reads with errors that name the file. */
#ifndef EVM_UTIL_FILEIO_H
#define EVM_UTIL_FILEIO_H

#include <stddef.h>

/* Reads path ("-" = stdin) into a malloc'd NUL-terminated buffer. Files
 * larger than max_size are refused with EVM_ELIMIT rather than truncated. */
int evm_read_file(const char *path, size_t max_size, char **data, size_t *len);
/* 1 if path is a directory, 0 if not, negative on error. */
int evm_is_dir(const char *path);

#include "vec.h"

/* Paths (malloc'd "dir/name") of the regular files in dir ending in suffix,
 * sorted by name so that load order never depends on the file system. */
int evm_list_dir(const char *dir, const char *suffix, evm_vec *out);

#endif
