/* Lexicon -> lexicon file text. The index carries its lexicon this way, so a
 * saved index needs no other file to name and quote indicators. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "model.h"

/* Runs for every field of every record when an index is built: no printf. */
static void kv(evm_buf *b, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	evm_buf_puts(b, k);
	evm_buf_puts(b, ": ");
	evm_buf_puts(b, v);
	evm_buf_putc(b, '\n');
}

int evm_lexicon_serialise(const evm_lexicon *lx, char **out, size_t *len)
{
	evm_buf b = EVM_BUF_INIT;
	evm_buf_puts(&b, "evmatch-lexicon 1\n");
	for (size_t f = 0; f < lx->frameworks.len; f++) {
		const evm_framework *fw = lx->frameworks.items[f];
		evm_buf_puts(&b, "\n[framework]\n");
		kv(&b, "id", fw->id);
		kv(&b, "name", fw->name);
		kv(&b, "unit", fw->unit);
		kv(&b, "grades", fw->grades);
		kv(&b, "description", fw->description);
		kv(&b, "source", fw->source);
		for (size_t i = 0; i < fw->levels.len; i++) {
			const evm_level *lv = fw->levels.items[i];
			evm_buf_puts(&b, "[level]\n");
			kv(&b, "id", lv->id);
			kv(&b, "label", lv->label);
			evm_buf_printf(&b, "rank: %d\n", lv->rank);
			kv(&b, "grades", lv->grades);
			kv(&b, "definition", lv->definition);
			kv(&b, "source", lv->source);
		}
		for (size_t i = 0; i < fw->competencies.len; i++) {
			const evm_competency *c = fw->competencies.items[i];
			evm_buf_puts(&b, "[competency]\n");
			kv(&b, "id", c->id);
			kv(&b, "name", c->name);
			kv(&b, "cluster", c->cluster);
			kv(&b, "definition", c->definition);
			kv(&b, "source", c->source);
		}
		for (size_t i = 0; i < fw->scoped.len; i++) {
			const evm_scoped_level *s = fw->scoped.items[i];
			evm_buf_puts(&b, "[level]\n");
			kv(&b, "competency", s->competency->name);
			kv(&b, "id", s->level.id);
			kv(&b, "grades", s->level.grades);
			kv(&b, "definition", s->level.definition);
			kv(&b, "source", s->level.source);
		}
		for (size_t i = 0; i < fw->subs.len; i++) {
			const evm_subcomp *s = fw->subs.items[i];
			evm_buf_puts(&b, "[sub-competency]\n");
			kv(&b, "competency", s->competency->name);
			kv(&b, "name", s->name);
			kv(&b, "renamed", s->renamed);
			kv(&b, "renamed-at", s->renamed_at);
		}
		for (size_t i = 0; i < fw->indicators.len; i++) {
			const evm_indicator *ind = fw->indicators.items[i];
			evm_buf_puts(&b, "[indicator]\n");
			kv(&b, "id", ind->id);
			kv(&b, "competency", ind->competency->name);
			kv(&b, "sub-competency", ind->sub_competency);
			kv(&b, "level", ind->level ? ind->level->id : NULL);
			kv(&b, "polarity", evm_polarity_name(ind->polarity));
			kv(&b, "text", ind->text);
			kv(&b, "source", ind->source);
			if (ind->reconstructed)
				evm_buf_puts(&b, "reconstructed: yes\n");
		}
	}
	if (b.failed) {
		evm_buf_free(&b);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	*out = evm_buf_detach(&b, len);
	return EVM_OK;
}
