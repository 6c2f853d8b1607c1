#include "lines.h"

#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

void evm_lines_init(evm_lines *it, const char *name, const char *magic, const char *data, size_t len)
{
	*it = (evm_lines){name, magic, data, len, 0, 0, 0};
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		it->pos = 3;
}

int evm_lines_next(evm_lines *it, const char **s, size_t *n)
{
	while (it->pos < it->len) {
		it->line++;
		const char *p = it->data + it->pos;
		const char *nl = memchr(p, '\n', it->len - it->pos);
		size_t l = nl ? (size_t)(nl - p) : it->len - it->pos;
		it->pos += l + (nl ? 1 : 0);
		if (memchr(p, '\0', l))
			return evm_err(EVM_EPARSE, "%s:%zu: NUL byte in text", it->name, it->line);
		if (evm_utf8_valid_prefix(p, l) != l)
			return evm_err(EVM_EPARSE, "%s:%zu: invalid UTF-8", it->name, it->line);
		evm_trim(&p, &l);
		if (!l || p[0] == '#')
			continue;
		if (!it->seen_magic) {
			size_t ml = strlen(it->magic);
			if (l != ml + 2 || memcmp(p, it->magic, ml) != 0 || p[ml] != ' ' || p[ml + 1] != '1')
				return evm_err(EVM_EPARSE, "%s:%zu: expected the header line '%s 1'", it->name, it->line,
					       it->magic);
			it->seen_magic = 1;
			continue;
		}
		*s = p;
		*n = l;
		return 1;
	}
	if (!it->seen_magic)
		return evm_err(EVM_EPARSE, "%s: empty file: expected the header line '%s 1'", it->name, it->magic);
	return 0;
}
