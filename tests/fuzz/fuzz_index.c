/* Binary index loader: a mutated index file is refused or, if it passes
 * every check, usable for matching without a fault. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "evmatch.h"
#include "index/format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Most mutations die at the checksum; fix it up half the time so the
	 * structural checks behind it are exercised too. */
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	if (size >= sizeof(evm_ix_header) && (size & 1)) {
		evm_ix_header *h = (evm_ix_header *)copy;
		h->size = size;
		h->checksum = 0;
		h->checksum = XXH64(copy, size, 0);
	}
	char path[] = "/tmp/fuzz_index_XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		free(copy);
		return 0;
	}
	if (write(fd, copy, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		free(copy);
		return 0;
	}
	close(fd);
	evm_index *ix;
	if (evm_index_load(path, &ix) == 0) {
		evm_result *r;
		const char *t = "I set up a rota, mentored new starters and missed no deadlines.";
		if (evm_match(ix, t, strlen(t), NULL, &r) == 0)
			evm_result_free(r);
		evm_index_free(ix);
	}
	unlink(path);
	free(copy);
	return 0;
}
