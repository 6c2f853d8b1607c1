#include "serve/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "serve/api.h"
#include "util/buf.h"
#include "util/error.h"

struct serve_server {
	struct MHD_Daemon *d;
	const evm_index *ix;
	size_t max_body;
	int access_log;
	unsigned port;
	atomic_size_t in_flight; /* requests begun and not yet completed */
};

/* Per request: the body read so far. */
typedef struct {
	evm_buf body;
	int too_big;
	struct timespec t0;
} request;

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static enum MHD_Result send_reply(serve_server *s, struct MHD_Connection *c, const char *method, const char *url,
				  serve_reply *r, const request *rq)
{
	struct MHD_Response *resp;
	if (r->is_static)
		resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		serve_reply_free(r);
		return MHD_NO;
	}
	if (!r->is_static)
		r->body = NULL; /* the response owns it now */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	/* The page is self-contained: it may talk to this origin and nothing else. */
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
				"connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'");
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->status == 413)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	if (s->access_log)
		fprintf(stderr, "%s %s %d %zu %.2fms\n", method, url, r->status, r->len, ms_since(&rq->t0));
	serve_reply_free(r);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **state)
{
	(void)version;
	serve_server *s = cls;
	request *rq = *state;
	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &rq->t0);
		*state = rq;
		atomic_fetch_add(&s->in_flight, 1);
		/* Refuse a declared oversized body before reading any of it. */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > s->max_body) {
			rq->too_big = 1;
			serve_reply r;
			serve_error(&r, 413, "limit", "request body is larger than the service accepts");
			return send_reply(s, c, method, url, &r, rq);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!rq->too_big && rq->body.len + *upload_size <= s->max_body) {
			if (evm_buf_put(&rq->body, upload, *upload_size) < 0)
				return MHD_NO;
		} else {
			rq->too_big = 1; /* keep reading so the client sees the 413 */
		}
		*upload_size = 0;
		return MHD_YES;
	}
	serve_reply r;
	if (rq->too_big)
		serve_error(&r, 413, "limit", "request body is larger than the service accepts");
	else
		serve_handle(s->ix, method, url, rq->body.ptr, rq->body.len, &r);
	return send_reply(s, c, method, url, &r, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode why)
{
	(void)c;
	(void)why;
	serve_server *s = cls;
	request *rq = *state;
	if (!rq)
		return;
	evm_buf_free(&rq->body);
	free(rq);
	*state = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

int serve_server_start(const evm_index *ix, const serve_options *o, serve_server **out)
{
	*out = NULL;
	const char *addr = o->listen && *o->listen ? o->listen : "127.0.0.1";
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
	struct sockaddr *sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
	memset(&v4, 0, sizeof v4);
	memset(&v6, 0, sizeof v6);
	if (inet_pton(AF_INET, addr, &v4.sin_addr) == 1) {
		v4.sin_family = AF_INET;
		v4.sin_port = htons((uint16_t)o->port);
		sa = (struct sockaddr *)&v4;
	} else if (inet_pton(AF_INET6, addr, &v6.sin6_addr) == 1) {
		v6.sin6_family = AF_INET6;
		v6.sin6_port = htons((uint16_t)o->port);
		sa = (struct sockaddr *)&v6;
		flags |= MHD_USE_IPv6;
	} else {
		return evm_err(EVM_EINVAL, "--listen wants a numeric IPv4 or IPv6 address, not '%s'", addr);
	}
	if (o->port > 65535)
		return evm_err(EVM_EINVAL, "--port must be from 0 to 65535");
	serve_server *s = calloc(1, sizeof *s);
	if (!s)
		return evm_err(EVM_ENOMEM, "out of memory");
	s->ix = ix;
	s->max_body = o->max_body ? o->max_body : SERVE_MAX_BODY;
	s->access_log = o->access_log;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = o->threads ? o->threads : cores > 0 ? (unsigned)cores : 1;
	s->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, on_request, s,
				MHD_OPTION_SOCK_ADDR, sa,
				MHD_OPTION_THREAD_POOL_SIZE, threads,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(o->timeout_s ? o->timeout_s : 30),
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_END);
	if (!s->d) {
		free(s);
		return evm_err(EVM_EIO, "cannot listen on %s port %u (in use, or not an address of this machine)", addr,
			       o->port);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : o->port;
	*out = s;
	return EVM_OK;
}

unsigned serve_server_port(const serve_server *s) { return s->port; }

size_t serve_server_stop(serve_server *s, unsigned drain_s)
{
	MHD_socket fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	struct timespec t0, nap = {0, 10 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (atomic_load(&s->in_flight) && ms_since(&t0) < drain_s * 1e3)
		nanosleep(&nap, NULL);
	size_t left = atomic_load(&s->in_flight);
	MHD_stop_daemon(s->d);
	free(s);
	return left;
}
