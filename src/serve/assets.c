#include "serve/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const evm_builtin_file *serve_asset_find(const char *name)
{
	for (const evm_builtin_file *a = serve_assets; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	/* The build embeds every asset the routes name; a miss is a build bug. */
	fprintf(stderr, "evmatch: asset '%s' was not embedded\n", name);
	abort();
}
