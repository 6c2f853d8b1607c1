#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "buf.h"
#include "error.h"

int evm_read_file(const char *path, size_t max_size, char **data, size_t *len)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return evm_err(EVM_EIO, "%s: cannot open: %s", path, strerror(errno));
	evm_buf b = EVM_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = EVM_OK;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max_size) {
			rc = evm_err(EVM_ELIMIT, "%s: larger than the limit of %zu bytes", path, max_size);
			break;
		}
		if (evm_buf_put(&b, chunk, n) < 0) {
			rc = evm_err(EVM_ENOMEM, "%s: out of memory reading file", path);
			break;
		}
	}
	if (rc == EVM_OK && ferror(f))
		rc = evm_err(EVM_EIO, "%s: read error: %s", path, strerror(errno));
	if (!is_stdin)
		fclose(f);
	if (rc < 0) {
		evm_buf_free(&b);
		return rc;
	}
	*data = evm_buf_detach(&b, len);
	if (!*data)
		return evm_err(EVM_ENOMEM, "%s: out of memory", path);
	return EVM_OK;
}

int evm_is_dir(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return evm_err(EVM_EIO, "%s: cannot open: %s", path, strerror(errno));
	return S_ISDIR(st.st_mode) ? 1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int evm_list_dir(const char *dir, const char *suffix, evm_vec *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return evm_err(EVM_EIO, "%s: cannot open directory: %s", dir, strerror(errno));
	size_t sl = strlen(suffix);
	struct dirent *e;
	int rc = EVM_OK;
	while (rc == EVM_OK && (e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name);
		if (e->d_name[0] == '.' || nl <= sl || strcmp(e->d_name + nl - sl, suffix) != 0)
			continue;
		evm_buf p = EVM_BUF_INIT;
		evm_buf_printf(&p, "%s/%s", dir, e->d_name);
		if (p.failed) {
			rc = evm_err(EVM_ENOMEM, "out of memory");
			break;
		}
		int isdir = evm_is_dir(p.ptr);
		if (isdir != 0) {
			evm_buf_free(&p);
			if (isdir < 0)
				rc = isdir;
			continue;
		}
		rc = evm_vec_push(out, evm_buf_detach(&p, NULL));
	}
	closedir(d);
	if (rc == EVM_OK && out->len)
		qsort(out->items, out->len, sizeof *out->items, cmp_str);
	return rc;
}
