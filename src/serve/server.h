/* The HTTP side of `evmatch serve`: libmicrohttpd with a worker pool, a body
 * limit and a read timeout, handing each complete request to serve_handle().
 * Start it, wait for a signal, then stop it: stopping first refuses new
 * connections and lets the requests in flight finish. */
#ifndef EVM_SERVE_SERVER_H
#define EVM_SERVE_SERVER_H

#include <stddef.h>

#include "evmatch.h"

typedef struct {
	const char *listen;   /* numeric IPv4 or IPv6 address; default 127.0.0.1 */
	unsigned port;        /* 0: any free port (see serve_server_port) */
	unsigned threads;     /* worker threads; 0: one per core */
	unsigned timeout_s;   /* a connection idle this long is closed; 0: 30 */
	size_t max_body;      /* larger bodies get 413; 0: SERVE_MAX_BODY */
	int access_log;       /* one line per request on stderr */
} serve_options;

typedef struct serve_server serve_server;

/* Binds and starts serving ix (which must outlive the server). */
int serve_server_start(const evm_index *ix, const serve_options *o, serve_server **out);
unsigned serve_server_port(const serve_server *s);
/* Stops accepting, waits up to drain_s seconds for requests in flight, then
 * closes everything and frees s. Returns the requests still unfinished. */
size_t serve_server_stop(serve_server *s, unsigned drain_s);

#endif
