/* The HTTP service's routes as a plain function: method, path and body in,
 * status, content type and body out. No sockets here, so every route and
 * every bad request can be tested directly (tests/unit/test_serve_api.c). */
#ifndef EVM_SERVE_API_H
#define EVM_SERVE_API_H

#include <stddef.h>

#include "evmatch.h"

typedef struct {
	int status;
	const char *content_type;
	const char *allow; /* for 405: the methods the path takes */
	char *body;        /* malloc'd, or points at static data when is_static */
	size_t len;
	int is_static;
} serve_reply;

/* Largest request body the service reads (bytes). A text of EVM_MAX_TEXT
 * bytes fits even when every byte is escaped. */
#define SERVE_MAX_BODY ((size_t)EVM_MAX_TEXT * 6 + 4096)

/* Answers one request. body need not be NUL-terminated. Always fills out;
 * free it with serve_reply_free. */
void serve_handle(const evm_index *ix, const char *method, const char *path, const char *body, size_t len,
		  serve_reply *out);
/* A JSON error reply {"error": {"code", "message"}}. */
void serve_error(serve_reply *out, int status, const char *code, const char *message);
void serve_reply_free(serve_reply *r);

#endif
