/* Mechanical split of a police framework cell whose bullet marks were lost:
 * "…new ideas and perspectives Adapts style…" -> two bullets. */
#ifndef EVM_IMPORT_POLICE_SPLIT_H
#define EVM_IMPORT_POLICE_SPLIT_H

#include <stddef.h>

/* Returns malloc'd bullets (free with free_strings); *n may be 0. */
char **police_split_cell(const char *text, size_t *n);

#endif
