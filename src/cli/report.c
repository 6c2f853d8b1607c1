#include "report.h"

#include <stdlib.h>
#include <string.h>

static json_t *str_n(const char *s, size_t n) { return json_stringn_nocheck(s, n); }

/* Input text may hold replaced bytes; jansson needs valid UTF-8, so slices
 * are validated and fall back to a lossy copy. */
static json_t *slice(const char *text, uint32_t a, uint32_t b)
{
	if (b < a)
		b = a;
	json_t *j = json_stringn(text + a, b - a);
	if (j)
		return j;
	char *c = malloc(b - a + 1);
	if (!c)
		return json_null();
	for (uint32_t i = a; i < b; i++)
		c[i - a] = (unsigned char)text[i] < 0x80 && text[i] ? text[i] : '?';
	j = str_n(c, b - a);
	free(c);
	return j;
}

json_t *report_evidence_json(const evm_evidence *e, const char *text)
{
	json_t *o = json_object();
	json_object_set_new(o, "term", json_string(e->term));
	json_object_set_new(o, "via", json_string(evm_via_name(e->via)));
	if (*e->rule)
		json_object_set_new(o, "rule", json_string(e->rule));
	if (*e->rule_source)
		json_object_set_new(o, "rule_source", json_string(e->rule_source));
	json_object_set_new(o, "start", json_integer(e->start));
	json_object_set_new(o, "end", json_integer(e->end));
	json_object_set_new(o, "text", slice(text, e->start, e->end));
	json_object_set_new(o, "weight", json_real(e->weight));
	return o;
}

json_t *report_result_json(const evm_result *r, const char *text, const char *framework)
{
	json_t *root = json_object(), *comps = json_array(), *sents = json_array();
	json_object_set_new(root, "framework", framework ? json_string(framework) : json_null());
	json_object_set_new(root, "polarity", json_string(evm_polarity_name(evm_result_polarity(r))));
	json_object_set_new(root, "words", json_integer((json_int_t)evm_result_word_count(r)));
	if (evm_result_invalid_bytes(r))
		json_object_set_new(root, "invalid_bytes", json_integer((json_int_t)evm_result_invalid_bytes(r)));
	for (size_t i = 0; i < evm_result_sentence_count(r); i++) {
		uint32_t a, b, ca, cb;
		evm_polarity p;
		evm_result_sentence(r, i, &a, &b, &p, &ca, &cb);
		json_t *s = json_object();
		json_object_set_new(s, "start", json_integer(a));
		json_object_set_new(s, "end", json_integer(b));
		json_object_set_new(s, "polarity", json_string(evm_polarity_name(p)));
		if (cb > ca)
			json_object_set_new(s, "polarity_cue", slice(text, ca, cb));
		json_array_append_new(sents, s);
	}
	json_object_set_new(root, "sentences", sents);
	for (size_t i = 0; i < evm_result_count(r); i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		json_t *c = json_object(), *inds = json_array(), *cues = json_array();
		json_object_set_new(c, "framework", json_string(evm_framework_id(m->framework)));
		json_object_set_new(c, "competency", json_string(m->competency->name));
		json_object_set_new(c, "competency_id", json_string(m->competency->id));
		if (*m->competency->cluster)
			json_object_set_new(c, "cluster", json_string(m->competency->cluster));
		json_object_set_new(c, "score", json_real(m->score));
		json_object_set_new(c, "confidence", json_real(m->confidence));
		json_object_set_new(c, "level", m->level ? json_string(m->level->id) : json_null());
		if (m->level) {
			json_object_set_new(c, "level_label", json_string(m->level->label));
			json_object_set_new(c, "level_rank", json_real(m->level_rank));
		}
		json_object_set_new(c, "polarity", json_string(evm_polarity_name(m->polarity)));
		json_object_set_new(c, "sentences", json_integer(m->sentences));
		for (size_t k = 0; k < m->nindicators; k++) {
			const evm_indicator_match *im = &m->indicators[k];
			json_t *o = json_object(), *ev = json_object(), *terms = json_array();
			json_object_set_new(o, "id", json_string(im->indicator->id));
			json_object_set_new(o, "text", json_string(im->indicator->text));
			json_object_set_new(o, "polarity", json_string(evm_polarity_name(im->indicator->polarity)));
			if (im->indicator->level)
				json_object_set_new(o, "level", json_string(im->indicator->level->id));
			json_object_set_new(o, "score", json_real(im->score));
			json_object_set_new(ev, "sentence", json_integer(im->sentence));
			json_object_set_new(ev, "start", json_integer(im->start));
			json_object_set_new(ev, "end", json_integer(im->end));
			json_object_set_new(ev, "text", slice(text, im->start, im->end));
			for (size_t t = 0; t < im->nterms; t++)
				json_array_append_new(terms, report_evidence_json(&im->terms[t], text));
			json_object_set_new(ev, "terms", terms);
			json_object_set_new(o, "evidence", ev);
			json_array_append_new(inds, o);
		}
		json_object_set_new(c, "indicators", inds);
		for (size_t k = 0; k < m->ncues; k++)
			json_array_append_new(cues, report_evidence_json(&m->cues[k], text));
		json_object_set_new(c, "cues", cues);
		json_array_append_new(comps, c);
	}
	json_object_set_new(root, "competencies", comps);
	return root;
}

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

void report_result_text(FILE *f, const evm_result *r, const char *text, int colour)
{
	size_t n = evm_result_count(r);
	if (!n) {
		fprintf(f, "no evidence found for any competency in scope (%zu words)\n", evm_result_word_count(r));
		return;
	}
	fprintf(f, "%zu words, %zu sentences, reads %s\n\n", evm_result_word_count(r), evm_result_sentence_count(r),
		evm_polarity_name(evm_result_polarity(r)));
	for (size_t i = 0; i < n; i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		fprintf(f, "%zu. %s — %s  (score %.2f, confidence %.2f", i + 1, m->competency->name,
			evm_framework_id(m->framework), m->score, m->confidence);
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
				fprintf(f, " %.2f", e->weight);
			}
			fprintf(f, "\n");
		}
		if (m->ncues) {
			fprintf(f, "   cues:");
			for (size_t k = 0; k < m->ncues; k++) {
				fprintf(f, "%s \"", k ? "," : "");
				fwrite(text + m->cues[k].start, 1, m->cues[k].end - m->cues[k].start, f);
				fprintf(f, "\"");
			}
			fprintf(f, "\n");
		}
		fprintf(f, "\n");
	}
}
