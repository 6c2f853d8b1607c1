/* HMIP Expectations: Leadership (seed 004). Four numbered expectations, each
 * followed by "·" bullets; two bullets carry Word bookmark debris. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "util/error.h"

int import_hmip(const import_ctx *ctx, emitter *e)
{
	seed_text t;
	int rc = seed_load(&t, ctx->seeds, SEED_HMIP);
	if (rc < 0)
		return rc;
	pcre2_code *re_exp = rx("^\\s*(\\d)\\.\\s+([^:]+):\\s*(.+?)\\s*$");
	pcre2_code *re_bullet = rx("^\\s*·\\s*(.+?)\\s*$");
	pcre2_code *re_intro = rx("^Leaders provide");
	char *caps[3];
	char *desc = NULL;
	/* two passes: competencies must precede the indicators that name them */
	for (size_t i = 0; i < t.n; i++)
		if (!desc && rx_match(re_intro, t.lines[i], caps, 0))
			desc = clean_dup(t.lines[i]);
	emit_begin(e, t.name, "hmip-leadership", "HM Inspectorate of Prisons Expectations: Leadership",
		   "expectation", NULL, desc);
	free(desc);
	int nexp = 0;
	for (size_t i = 0; i < t.n; i++)
		if (rx_match(re_exp, t.lines[i], caps, 3)) {
			char *def = clean_dup(caps[2]);
			char *id = make_id("hmip-leadership", caps[1], NULL);
			emit_competency(e, id, caps[1], NULL, def, i + 1);
			free(id);
			free(def);
			rx_free_caps(caps, 3);
			nexp++;
		}
	char *cur = NULL;
	int n = 0, total = 0;
	for (size_t i = 0; i < t.n && rc == EVM_OK; i++) {
		const char *l = t.lines[i];
		if (rx_match(re_exp, l, caps, 3)) {
			free(cur);
			cur = strdup(caps[1]);
			n = 0;
			rx_free_caps(caps, 3);
		} else if (rx_match(re_bullet, l, caps, 1)) {
			if (!cur) {
				rc = evm_err(EVM_EPARSE, "%s:%zu: indicator before any expectation", t.name, i + 1);
			} else {
				char *text = clean_dup(caps[0]);
				char num[16];
				snprintf(num, sizeof num, "%02d", ++n);
				char *id = make_id("hmip-leadership", cur, num, NULL);
				emit_indicator(e, id, cur, NULL, NULL, "effective", text, i + 1, 0);
				free(id);
				free(text);
				total++;
			}
			rx_free_caps(caps, 1);
		}
	}
	if (rc == EVM_OK && (nexp != 4 || total == 0))
		rc = evm_err(EVM_EPARSE, "%s: expected 4 expectations with indicators, found %d and %d", t.name,
			     nexp, total);
	free(cur);
	pcre2_code_free(re_exp);
	pcre2_code_free(re_bullet);
	pcre2_code_free(re_intro);
	seed_free(&t);
	return rc;
}
