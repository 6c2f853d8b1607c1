/* evmatch eval FILE... : accuracy on labelled data, beside the plain BM25
 * baseline, per framework: top-1, top-3, MRR, polarity, level, and the
 * confidence reliability table. Never tune on --split test. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "score/baseline.h"
#include "util/strutil.h"

#define NBINS 10

typedef struct {
	char fw[64];
	long n, top1, top3, base1, base3, pol_n, pol_ok, app_pol_n, app_pol_ok, lvl_n, lvl_ok, lvl_near;
	double mrr, base_mrr;
	long kind_n[3], kind_top1[3];
} stats;

typedef struct {
	long n, ok;
	double conf;
} bin;

static stats *stats_for(stats *all, int *n, const char *fw)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(all[i].fw, fw))
			return &all[i];
	if (*n == 16)
		return NULL;
	stats *s = &all[(*n)++];
	memset(s, 0, sizeof *s);
	snprintf(s->fw, sizeof s->fw, "%s", fw);
	return s;
}

static int kind_index(const char *k)
{
	return !strcmp(k, "statement") ? 0 : !strcmp(k, "interview") ? 1 : 2;
}

static void add_stats(stats *to, const stats *s)
{
	to->n += s->n, to->top1 += s->top1, to->top3 += s->top3, to->base1 += s->base1, to->base3 += s->base3;
	to->pol_n += s->pol_n, to->pol_ok += s->pol_ok, to->app_pol_n += s->app_pol_n, to->app_pol_ok += s->app_pol_ok;
	to->lvl_n += s->lvl_n, to->lvl_ok += s->lvl_ok, to->lvl_near += s->lvl_near;
	to->mrr += s->mrr, to->base_mrr += s->base_mrr;
	for (int k = 0; k < 3; k++)
		to->kind_n[k] += s->kind_n[k], to->kind_top1[k] += s->kind_top1[k];
}

static double ratio(long a, long b) { return b ? (double)a / (double)b : 0; }

static json_t *stats_json(const stats *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "framework", json_string(s->fw));
	json_object_set_new(o, "items", json_integer(s->n));
	json_object_set_new(o, "top1", json_real(ratio(s->top1, s->n)));
	json_object_set_new(o, "top3", json_real(ratio(s->top3, s->n)));
	json_object_set_new(o, "mrr", json_real(s->n ? s->mrr / (double)s->n : 0));
	json_object_set_new(o, "polarity", json_real(ratio(s->pol_ok, s->pol_n)));
	json_object_set_new(o, "polarity_appraisal", json_real(ratio(s->app_pol_ok, s->app_pol_n)));
	json_object_set_new(o, "level_exact", json_real(ratio(s->lvl_ok, s->lvl_n)));
	json_object_set_new(o, "level_within_one", json_real(ratio(s->lvl_near, s->lvl_n)));
	json_object_set_new(o, "baseline_top1", json_real(ratio(s->base1, s->n)));
	json_object_set_new(o, "baseline_top3", json_real(ratio(s->base3, s->n)));
	json_object_set_new(o, "baseline_mrr", json_real(s->n ? s->base_mrr / (double)s->n : 0));
	return o;
}

static void print_stats(const stats *s)
{
	printf("%-18s %5ld  %5.3f %5.3f %5.3f   %5.3f %5.3f   %5.3f %5.3f   %5.3f %5.3f %5.3f\n", s->fw, s->n,
	       ratio(s->top1, s->n), ratio(s->top3, s->n), s->n ? s->mrr / (double)s->n : 0, ratio(s->pol_ok, s->pol_n),
	       ratio(s->app_pol_ok, s->app_pol_n), ratio(s->lvl_ok, s->lvl_n), ratio(s->lvl_near, s->lvl_n),
	       ratio(s->base1, s->n), ratio(s->base3, s->n), s->n ? s->base_mrr / (double)s->n : 0);
}

/* Rank (1-based) of gold among competencies ordered by score; 0 if absent. */
static int rank_of(const double *scores, size_t n, size_t gold)
{
	if (scores[gold] <= 0)
		return 0;
	int r = 1;
	for (size_t i = 0; i < n; i++)
		if (i != gold && scores[i] > scores[gold])
			r++;
	return r;
}

static int pol_matches(const char *gold, evm_polarity p)
{
	return !strcmp(gold, evm_polarity_name(p));
}

static void eval_usage(FILE *f)
{
	fputs("usage: evmatch eval FILE.jsonl... [--split train|dev|test|all] [--errors] [--fit-calibration]\n"
	      "       [--index FILE] [--format json]\n",
	      f);
}

int cmd_eval(int argc, char **argv)
{
	static const char *const with_value[] = {"--split", "--index", NULL};
	cli_common co = {0};
	const char *split = "dev", *index = NULL;
	int show_errors = 0, fit = 0;
	double *fit_x = NULL;
	int *fit_y = NULL;
	size_t fit_n = 0, fit_cap = 0;
	const char *files[64];
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		const char *a, *val;
		int k = cli_step(&co, argc, argv, &i, with_value, eval_usage, &a, &val);
		if (k == CLI_TAKEN)
			continue;
		if (k != CLI_ARG)
			return cli_step_exit(k);
		if (!strcmp(a, "--split"))
			split = val;
		else if (!strcmp(a, "--index"))
			index = val;
		else if (!strcmp(a, "--errors"))
			show_errors = 1;
		else if (!strcmp(a, "--fit-calibration"))
			fit = 1;
		else if (a[0] == '-') {
			cli_error("eval: unknown option '%s'", a);
			return EXIT_USAGE;
		} else if (nfiles < 64)
			files[nfiles++] = a;
	}
	if (!nfiles) {
		eval_usage(stderr);
		return EXIT_USAGE;
	}
	evm_index *ix = cli_load_index(&co, index);
	if (!ix)
		return EXIT_DATA;
	const evm_lexicon *lx = evm_index_lexicon(ix);
	stats st[16];
	int nst = 0;
	bin bins[NBINS];
	memset(bins, 0, sizeof bins);
	int rc = EXIT_OK;
	for (int fi = 0; fi < nfiles && rc == EXIT_OK; fi++) {
		FILE *f = fopen(files[fi], "r");
		if (!f) {
			cli_error("%s: cannot open", files[fi]);
			rc = EXIT_DATA;
			break;
		}
		char *line = NULL;
		size_t cap = 0;
		long ln = 0;
		while (getline(&line, &cap, f) > 0) {
			ln++;
			json_error_t err;
			json_t *o = json_loads(line, 0, &err);
			const char *id = json_string_value(json_object_get(o, "id"));
			const char *fwid = json_string_value(json_object_get(o, "framework"));
			const char *comp = json_string_value(json_object_get(o, "competency"));
			const char *text = json_string_value(json_object_get(o, "text"));
			const char *pol = json_string_value(json_object_get(o, "polarity"));
			const char *kind = json_string_value(json_object_get(o, "kind"));
			const char *sp = json_string_value(json_object_get(o, "split"));
			const char *lvl = json_string_value(json_object_get(o, "level"));
			if (!o || !id || !fwid || !comp || !text || !pol || !kind) {
				cli_error("%s:%ld: not a labelled item (%s)", files[fi], ln, o ? "missing fields" : err.text);
				json_decref(o);
				rc = EXIT_DATA;
				break;
			}
			if (strcmp(split, "all") != 0 && (!sp || strcmp(sp, split) != 0)) {
				json_decref(o);
				continue;
			}
			const evm_framework *fw = evm_lexicon_find_framework(lx, fwid);
			const evm_competency *gold = fw ? evm_framework_find_competency(fw, comp) : NULL;
			if (!gold) {
				cli_error("%s:%ld: unknown framework or competency '%s' / '%s'", files[fi], ln, fwid, comp);
				json_decref(o);
				rc = EXIT_DATA;
				break;
			}
			size_t nc = evm_framework_competency_count(fw);
			evm_match_options mo = {0};
			mo.framework = fwid;
			mo.top = nc;
			mo.top_indicators = 1;
			mo.brief = 1; /* the figures need no reasons */
			evm_result *r;
			if (evm_match(ix, text, strlen(text), &mo, &r) < 0) {
				cli_error("%s:%ld: %s", files[fi], ln, evm_error_message());
				json_decref(o);
				rc = EXIT_DATA;
				break;
			}
			double *sc = calloc(nc, sizeof *sc), *bs = calloc(nc, sizeof *bs);
			for (size_t i = 0; i < evm_result_count(r); i++) {
				const evm_competency_match *m = evm_result_get(r, i);
				sc[m->competency->index] = m->score;
			}
			evm_baseline_scores(ix, fwid, text, strlen(text), bs, nc);
			int rk = rank_of(sc, nc, gold->index), brk = rank_of(bs, nc, gold->index);
			stats *s = stats_for(st, &nst, fwid);
			s->n++;
			s->top1 += rk == 1;
			s->top3 += rk >= 1 && rk <= 3;
			s->mrr += rk ? 1.0 / rk : 0;
			s->base1 += brk == 1;
			s->base3 += brk >= 1 && brk <= 3;
			s->base_mrr += brk ? 1.0 / brk : 0;
			int ki = kind_index(kind);
			s->kind_n[ki]++;
			s->kind_top1[ki] += rk == 1;
			const evm_competency_match *top = evm_result_count(r) ? evm_result_get(r, 0) : NULL;
			evm_polarity pp = top ? top->polarity : evm_result_polarity(r);
			s->pol_n++;
			s->pol_ok += pol_matches(pol, pp);
			if (ki == 2) {
				s->app_pol_n++;
				s->app_pol_ok += pol_matches(pol, pp);
			}
			if (top && lvl && rk == 1 && top->level) {
				const evm_level *gl = evm_framework_find_level(fw, lvl);
				if (gl) {
					s->lvl_n++;
					s->lvl_ok += gl == top->level;
					s->lvl_near += abs(gl->rank - top->level->rank) <= 1;
				}
			}
			if (top) {
				int b = (int)(top->confidence * NBINS);
				if (b >= NBINS)
					b = NBINS - 1;
				bins[b].n++;
				bins[b].ok += rk == 1;
				bins[b].conf += top->confidence;
			}
			if (fit && top) {
				if (fit_n == fit_cap) {
					fit_cap = fit_cap ? fit_cap * 2 : 256;
					fit_x = realloc(fit_x, fit_cap * sizeof *fit_x);
					fit_y = realloc(fit_y, fit_cap * sizeof *fit_y);
				}
				double p = top->confidence;
				fit_x[fit_n] = log((p + 1e-6) / (1 - p + 1e-6));
				fit_y[fit_n++] = rk == 1;
			}
			if (show_errors && rk != 1)
				printf("MISS %s [%s] gold=%s (rank %d) got=%s conf=%.2f\n", id, kind, comp, rk,
				       top ? top->competency->name : "-", top ? top->confidence : 0);
			if (show_errors && !pol_matches(pol, pp))
				printf("POL  %s [%s] gold=%s got=%s\n", id, kind, pol, evm_polarity_name(pp));
			free(sc);
			free(bs);
			evm_result_free(r);
			json_decref(o);
		}
		free(line);
		fclose(f);
	}
	if (rc == EXIT_OK) {
		stats total;
		memset(&total, 0, sizeof total);
		snprintf(total.fw, sizeof total.fw, "all");
		for (int i = 0; i < nst; i++)
			add_stats(&total, &st[i]);
		if (co.format == FMT_JSON) {
			json_t *o = json_object(), *fws = json_array(), *rel = json_array();
			json_object_set_new(o, "split", json_string(split));
			for (int i = 0; i < nst; i++)
				json_array_append_new(fws, stats_json(&st[i]));
			json_object_set_new(o, "frameworks", fws);
			json_object_set_new(o, "all", stats_json(&total));
			for (int b = 0; b < NBINS; b++) {
				json_t *x = json_object();
				json_object_set_new(x, "from", json_real(b / (double)NBINS));
				json_object_set_new(x, "to", json_real((b + 1) / (double)NBINS));
				json_object_set_new(x, "items", json_integer(bins[b].n));
				json_object_set_new(x, "mean_confidence", json_real(bins[b].n ? bins[b].conf / bins[b].n : 0));
				json_object_set_new(x, "accuracy", json_real(ratio(bins[b].ok, bins[b].n)));
				json_array_append_new(rel, x);
			}
			json_object_set_new(o, "reliability", rel);
			cli_print_json(o);
		} else {
			printf("split: %s\n\n%-18s %5s  %5s %5s %5s   %5s %5s   %5s %5s   %-17s\n", split, "framework", "items",
			       "top1", "top3", "MRR", "pol", "polAp", "lvl", "lvl±1", "baseline top1/top3/MRR");
			for (int i = 0; i < nst; i++)
				print_stats(&st[i]);
			print_stats(&total);
			printf("\nby kind (top1): statement %.3f (%ld), interview %.3f (%ld), appraisal %.3f (%ld)\n",
			       ratio(total.kind_top1[0], total.kind_n[0]), total.kind_n[0], ratio(total.kind_top1[1], total.kind_n[1]),
			       total.kind_n[1], ratio(total.kind_top1[2], total.kind_n[2]), total.kind_n[2]);
			printf("\nconfidence reliability (top-1):\n  bin        items  mean conf  accuracy\n");
			for (int b = 0; b < NBINS; b++)
				if (bins[b].n)
					printf("  %.1f-%.1f   %5ld  %9.3f  %8.3f\n", b / (double)NBINS, (b + 1) / (double)NBINS,
					       bins[b].n, bins[b].conf / bins[b].n, ratio(bins[b].ok, bins[b].n));
		}
	}
	if (fit && fit_n) {
		/* Newton's method for y ~ sigmoid(a x + b), x the log-odds of the
		 * confidence evmatch gave: run with EVM_PARAMS=cal_a=1,cal_b=0 so that
		 * x is the uncalibrated softmax, on the train split */
		double a = 1, b = 0;
		for (int it = 0; it < 50; it++) {
			double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
			for (size_t i = 0; i < fit_n; i++) {
				double p = 1 / (1 + exp(-(a * fit_x[i] + b)));
				double e = p - fit_y[i], w = p * (1 - p) + 1e-9;
				ga += e * fit_x[i];
				gb += e;
				haa += w * fit_x[i] * fit_x[i];
				hab += w * fit_x[i];
				hbb += w;
			}
			double det = haa * hbb - hab * hab;
			if (fabs(det) < 1e-12)
				break;
			a -= (hbb * ga - hab * gb) / det;
			b -= (haa * gb - hab * ga) / det;
		}
		printf("\ncalibration fit on %zu items: cal_a=%.4f,cal_b=%.4f\n", fit_n, a, b);
	}
	free(fit_x);
	free(fit_y);
	evm_index_free(ix);
	return cli_finish_output(rc);
}
