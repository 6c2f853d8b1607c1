#include "report.h"

#include <string.h>

/* Prints text[a..b) with the spans of terms highlighted. */
static void print_highlighted(FILE *f, const char *text, uint32_t a, uint32_t b, const evm_evidence *t, size_t nt,
			      int colour)
{
	for (uint32_t i = a; i < b; i++) {
		int on = 0;
		for (size_t k = 0; k < nt && colour; k++)
			on |= i >= t[k].start && i < t[k].end;
		int prev_on = 0;
		for (size_t k = 0; k < nt && colour && i > a; k++)
			prev_on |= i - 1 >= t[k].start && i - 1 < t[k].end;
		if (on && !prev_on)
			fputs("\033[1;4m", f);
		if (!on && prev_on)
			fputs("\033[0m", f);
		char c = text[i];
		fputc(c == '\n' || c == '\r' ? ' ' : c, f);
	}
	if (colour)
		fputs("\033[0m", f);
}

/* "label: "a", "b"" over the evidence's words, or nothing when there is none. */
static void print_quoted(FILE *f, const char *label, const char *text, const evm_evidence *e, size_t n)
{
	if (!n)
		return;
	fputs(label, f);
	for (size_t k = 0; k < n; k++) {
		fprintf(f, "%s \"", k ? "," : "");
		fwrite(text + e[k].start, 1, e[k].end - e[k].start, f);
		fprintf(f, "\"");
	}
	fprintf(f, "\n");
}

/* a text model's words and their weights: '; "missed" +0.77, "on time" -0.75' */
static void print_model_terms(FILE *f, const evm_model_term *mt, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\"%s\" %+.2f", i ? ", " : "; ", mt[i].term, mt[i].weight);
}

void report_result_text(FILE *f, const evm_result *r, const char *text, int colour)
{
	size_t n = evm_result_count(r);
	if (!n) {
		fprintf(f, "no evidence found for any competency in scope (%zu words)\n", evm_result_word_count(r));
		return;
	}
	fprintf(f, "%zu words, %zu sentences, reads %s", evm_result_word_count(r), evm_result_sentence_count(r),
		evm_polarity_name(evm_result_polarity(r)));
	const evm_model_term *mt;
	size_t nmt;
	double mp = evm_result_polarity_model(r, &mt, &nmt);
	if (mp >= 0) {
		fprintf(f, " (model: %.2f a shortfall", mp);
		print_model_terms(f, mt, nmt);
		fprintf(f, ")");
	}
	fprintf(f, "\n\n");
	for (size_t i = 0; i < n; i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		fprintf(f, "%zu. %s — %s  (score %.2f: evidence %.1f against %.1f typical; confidence %.2f", i + 1,
			m->competency->name, evm_framework_id(m->framework), m->score, m->evidence, m->typical,
			m->confidence);
		if (m->level)
			fprintf(f, ", reads at %s", m->level->label);
		if (m->polarity != EVM_POL_EFFECTIVE)
			fprintf(f, ", %s", evm_polarity_name(m->polarity));
		fprintf(f, ")\n");
		for (size_t k = 0; k < m->nindicators; k++) {
			const evm_indicator_match *im = &m->indicators[k];
			fprintf(f, "   - [%s] %s\n     %s\n     evidence: \"", evm_polarity_name(im->indicator->polarity),
				im->indicator->text, im->indicator->id);
			print_highlighted(f, text, im->start, im->end, im->terms, im->nterms, colour);
			fprintf(f, "\"\n     because:");
			for (size_t t = 0; t < im->nterms; t++) {
				const evm_evidence *e = &im->terms[t];
				fprintf(f, "%s ", t ? "," : "");
				fwrite(text + e->start, 1, e->end - e->start, f);
				if (e->via == EVM_VIA_THESAURUS)
					fprintf(f, " (thesaurus: %s -> %s)", e->rule, e->term);
				else if (e->via == EVM_VIA_BIGRAM)
					fprintf(f, " (phrase)");
				if (e->boost != 1.0)
					fprintf(f, " (own action, x%g)", e->boost);
				fprintf(f, " %.2f", e->weight);
			}
			fprintf(f, "\n");
		}
		print_quoted(f, "   cues:", text, m->cues, m->ncues);
		print_quoted(f, "   characteristic words:", text, m->class_terms, m->nclass_terms);
		if (m->model_p >= 0) {
			/* what the score was multiplied by, and the words that chose it */
			fprintf(f, "   model: %.2f of %zu competencies, score x%.2f", m->model_p,
				evm_framework_competency_count(m->framework), m->model_factor);
			print_model_terms(f, m->model_terms, m->nmodel_terms);
			fprintf(f, "\n");
		}
		fprintf(f, "\n");
	}
}
