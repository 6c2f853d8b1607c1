#include "model.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/strutil.h"

static const char *const polarity_names[] = {"effective", "ineffective", "underdone", "overdone"};

const char *evm_polarity_name(evm_polarity p)
{
	return (unsigned)p < 4 ? polarity_names[p] : "unknown";
}

int evm_polarity_parse(const char *name, evm_polarity *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(name, polarity_names[i]) == 0) {
			*out = (evm_polarity)i;
			return 0;
		}
	return -1;
}

evm_framework *evm_framework_alloc(void)
{
	evm_framework *fw = calloc(1, sizeof *fw);
	if (fw) {
		atomic_init(&fw->refs, 1);
		evm_arena_init(&fw->arena);
	}
	return fw;
}

void evm_framework_free(evm_framework *fw)
{
	if (!fw || atomic_fetch_sub(&fw->refs, 1) != 1)
		return;
	evm_vec_free(&fw->levels);
	evm_vec_free(&fw->scoped);
	evm_vec_free(&fw->competencies);
	evm_vec_free(&fw->subs);
	evm_vec_free(&fw->indicators);
	evm_strmap_free(&fw->indicator_ids);
	evm_arena_free(&fw->arena);
	free(fw);
}

int evm_lexicon_new(evm_lexicon **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? EVM_OK : evm_err(EVM_ENOMEM, "out of memory");
}

int evm_lexicon_share(const evm_lexicon *lx, evm_lexicon **out)
{
	int rc = evm_lexicon_new(out);
	for (size_t i = 0; rc == EVM_OK && i < lx->frameworks.len; i++) {
		evm_framework *fw = lx->frameworks.items[i];
		if (evm_vec_push(&(*out)->frameworks, fw) < 0)
			rc = evm_err(EVM_ENOMEM, "out of memory");
		else
			atomic_fetch_add(&fw->refs, 1);
	}
	if (rc < 0 && *out) {
		evm_lexicon_free(*out);
		*out = NULL;
	}
	return rc;
}

void evm_lexicon_free(evm_lexicon *lx)
{
	if (!lx)
		return;
	for (size_t i = 0; i < lx->frameworks.len; i++)
		evm_framework_free(lx->frameworks.items[i]);
	evm_vec_free(&lx->frameworks);
	free(lx);
}

size_t evm_lexicon_framework_count(const evm_lexicon *lx) { return lx->frameworks.len; }

const evm_framework *evm_lexicon_framework(const evm_lexicon *lx, size_t i)
{
	return i < lx->frameworks.len ? lx->frameworks.items[i] : NULL;
}

const evm_framework *evm_lexicon_find_framework(const evm_lexicon *lx, const char *id)
{
	for (size_t i = 0; i < lx->frameworks.len; i++) {
		const evm_framework *fw = lx->frameworks.items[i];
		if (strcmp(fw->id, id) == 0)
			return fw;
	}
	return NULL;
}

const evm_indicator *evm_lexicon_find_indicator(const evm_lexicon *lx, const char *id,
						const evm_framework **fw_out)
{
	for (size_t i = 0; i < lx->frameworks.len; i++) {
		const evm_framework *fw = lx->frameworks.items[i];
		const evm_indicator *ind = evm_strmap_get(&fw->indicator_ids, id, strlen(id));
		if (ind) {
			if (fw_out)
				*fw_out = fw;
			return ind;
		}
	}
	return NULL;
}

const char *evm_framework_id(const evm_framework *fw) { return fw->id; }
const char *evm_framework_name(const evm_framework *fw) { return fw->name; }
const char *evm_framework_unit(const evm_framework *fw) { return fw->unit; }
const char *evm_framework_source(const evm_framework *fw) { return fw->source; }
const char *evm_framework_grades(const evm_framework *fw) { return fw->grades; }

size_t evm_framework_level_count(const evm_framework *fw) { return fw->levels.len; }

const evm_level *evm_framework_level(const evm_framework *fw, size_t i)
{
	return i < fw->levels.len ? fw->levels.items[i] : NULL;
}

const evm_level *evm_framework_find_level(const evm_framework *fw, const char *key)
{
	for (size_t i = 0; i < fw->levels.len; i++) {
		const evm_level *lv = fw->levels.items[i];
		if (strcmp(lv->id, key) == 0)
			return lv;
	}
	for (size_t i = 0; i < fw->levels.len; i++) {
		const evm_level *lv = fw->levels.items[i];
		if (evm_strcasecmp(lv->id, key) == 0 || evm_strcasecmp(lv->label, key) == 0)
			return lv;
	}
	return NULL;
}

const evm_level *evm_framework_level_for(const evm_framework *fw, const evm_competency *c,
					 const evm_level *lv)
{
	for (size_t i = 0; i < fw->scoped.len; i++) {
		const evm_scoped_level *s = fw->scoped.items[i];
		if (s->competency == c && s->base == lv)
			return &s->level;
	}
	return lv;
}

/* grades is a comma-separated list; match one element exactly (case-insensitive). */
static int grade_in(const char *grades, const char *grade)
{
	size_t gl = strlen(grade);
	const char *p = grades;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > p && t[-1] == ' ')
			t--;
		if ((size_t)(t - p) == gl) {
			size_t k = 0;
			while (k < gl && (p[k] | 0x20) == (grade[k] | 0x20))
				k++;
			if (k == gl)
				return 1;
		}
		p = e;
	}
	return 0;
}

const evm_level *evm_framework_level_for_grade(const evm_framework *fw, const evm_competency *c,
					       const char *grade)
{
	if (c)
		for (size_t i = 0; i < fw->scoped.len; i++) {
			const evm_scoped_level *s = fw->scoped.items[i];
			if (s->competency == c && grade_in(s->level.grades, grade))
				return &s->level;
		}
	for (size_t i = 0; i < fw->levels.len; i++) {
		const evm_level *lv = fw->levels.items[i];
		if (grade_in(lv->grades, grade))
			return lv;
	}
	return NULL;
}

size_t evm_framework_competency_count(const evm_framework *fw) { return fw->competencies.len; }

const evm_competency *evm_framework_competency(const evm_framework *fw, size_t i)
{
	return i < fw->competencies.len ? fw->competencies.items[i] : NULL;
}

const evm_competency *evm_framework_find_competency(const evm_framework *fw, const char *name)
{
	for (size_t i = 0; i < fw->competencies.len; i++) {
		const evm_competency *c = fw->competencies.items[i];
		if (strcmp(c->name, name) == 0 || strcmp(c->id, name) == 0)
			return c;
	}
	for (size_t i = 0; i < fw->competencies.len; i++) {
		const evm_competency *c = fw->competencies.items[i];
		if (evm_strcasecmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

size_t evm_framework_indicator_count(const evm_framework *fw) { return fw->indicators.len; }

const evm_indicator *evm_framework_indicator(const evm_framework *fw, size_t i)
{
	return i < fw->indicators.len ? fw->indicators.items[i] : NULL;
}

const char *evm_framework_sub_base_name(const evm_framework *fw, const char *name)
{
	for (size_t i = 0; i < fw->subs.len; i++) {
		const evm_subcomp *s = fw->subs.items[i];
		if (strcmp(s->name, name) == 0 || strcmp(s->renamed, name) == 0)
			return s->name;
	}
	return name;
}
