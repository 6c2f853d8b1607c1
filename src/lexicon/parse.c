/* Lexicon files -> frameworks. The syntax lives in records.c; this file gives
 * the sections their meaning and checks every cross-reference, so a framework
 * is either loaded whole and consistent or not at all. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "../util/fileio.h"
#include "../util/strutil.h"
#include "model.h"
#include "records.h"

typedef struct {
	const char *name; /* file name for messages */
	evm_vec fws;      /* frameworks parsed so far */
	evm_framework *fw;
} pctx;

/* Allowed keys per section; required ones are checked separately. */
static const char *const framework_keys[] = {"id", "name", "unit", "grades", "source", "description", NULL};
static const char *const level_keys[] = {"id", "label", "rank", "grades", "definition", "source", "competency", NULL};
static const char *const competency_keys[] = {"id", "name", "cluster", "definition", "source", NULL};
static const char *const sub_keys[] = {"competency", "name", "renamed", "renamed-at", NULL};
static const char *const indicator_keys[] = {"id", "competency", "sub-competency", "level", "polarity", "text", "source", "reconstructed", NULL};

static int check_keys(const pctx *c, const evm_record *r, const char *const *allowed)
{
	for (size_t i = 0; i < r->nfields; i++) {
		int ok = 0;
		const char *key = r->fields[i].key;
		for (const char *const *k = allowed; *k && !ok; k++)
			ok = **k == *key && strcmp(key, *k) == 0;
		if (!ok)
			return evm_err(EVM_EPARSE, "%s:%zu: unknown key '%s' in [%s]", c->name,
				       r->fields[i].line, r->fields[i].key, r->section);
	}
	if (r->nitems)
		return evm_err(EVM_EPARSE, "%s:%zu: list items are not allowed in [%s]", c->name,
			       r->items[0].line, r->section);
	return EVM_OK;
}

/* Value of key, "" if absent or empty; *missing error if required. */
static int get(const pctx *c, const evm_record *r, const char *key, int required, const char **out)
{
	const evm_field *f = evm_record_field(r, key);
	*out = f ? f->value : "";
	if (required && !**out)
		return evm_err(EVM_EPARSE, "%s:%zu: [%s] needs a value for '%s'", c->name,
			       f ? f->line : r->line, r->section, key);
	return EVM_OK;
}

static size_t field_line(const evm_record *r, const char *key)
{
	const evm_field *f = evm_record_field(r, key);
	return f ? f->line : r->line;
}

static const char *keep(evm_framework *fw, const char *s) { return evm_arena_strdup(&fw->arena, s); }

static int valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' ||
		      *s == '_'))
			return 0;
	return 1;
}

static int do_framework(pctx *c, const evm_record *r)
{
	const char *id, *name, *unit, *grades, *source, *desc;
	int rc;
	if ((rc = check_keys(c, r, framework_keys)) < 0 || (rc = get(c, r, "id", 1, &id)) < 0 ||
	    (rc = get(c, r, "name", 1, &name)) < 0)
		return rc;
	get(c, r, "unit", 0, &unit);
	get(c, r, "grades", 0, &grades);
	get(c, r, "source", 0, &source);
	get(c, r, "description", 0, &desc);
	if (!valid_id(id) || strchr(id, '.'))
		return evm_err(EVM_EPARSE, "%s:%zu: framework id '%s' must be lower-case letters, digits and '-'",
			       c->name, field_line(r, "id"), id);
	for (size_t i = 0; i < c->fws.len; i++)
		if (strcmp(((evm_framework *)c->fws.items[i])->id, id) == 0)
			return evm_err(EVM_EPARSE, "%s:%zu: framework '%s' defined twice in one file",
				       c->name, r->line, id);
	evm_framework *fw = evm_framework_alloc();
	if (!fw || evm_vec_push(&c->fws, fw) < 0) {
		evm_framework_free(fw);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	c->fw = fw;
	fw->id = keep(fw, id);
	fw->name = keep(fw, name);
	fw->unit = keep(fw, *unit ? unit : "competency");
	fw->grades = keep(fw, grades);
	fw->source = keep(fw, source);
	fw->description = keep(fw, desc);
	return fw->id && fw->name && fw->unit && fw->grades && fw->source && fw->description
		       ? EVM_OK
		       : evm_err(EVM_ENOMEM, "out of memory");
}

static const evm_level *find_level_id(const evm_framework *fw, const char *id)
{
	for (size_t i = 0; i < fw->levels.len; i++)
		if (strcmp(((evm_level *)fw->levels.items[i])->id, id) == 0)
			return fw->levels.items[i];
	return NULL;
}

static const evm_competency *find_comp_name(const evm_framework *fw, const char *name)
{
	for (size_t i = 0; i < fw->competencies.len; i++) {
		const evm_competency *cp = fw->competencies.items[i];
		if (strcmp(cp->name, name) == 0)
			return cp;
	}
	return NULL;
}

static int parse_rank(const pctx *c, const evm_record *r, const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < -1000 || v > 1000)
		return evm_err(EVM_EPARSE, "%s:%zu: rank '%s' is not a whole number in -1000..1000",
			       c->name, field_line(r, "rank"), s);
	*out = (int)v;
	return EVM_OK;
}

static int do_level(pctx *c, const evm_record *r)
{
	evm_framework *fw = c->fw;
	const char *id, *label, *rank, *grades, *def, *source, *comp;
	int rc;
	if ((rc = check_keys(c, r, level_keys)) < 0 || (rc = get(c, r, "id", 1, &id)) < 0)
		return rc;
	get(c, r, "label", 0, &label);
	get(c, r, "rank", 0, &rank);
	get(c, r, "grades", 0, &grades);
	get(c, r, "definition", 0, &def);
	get(c, r, "source", 0, &source);
	get(c, r, "competency", 0, &comp);
	const evm_level *base = find_level_id(fw, id);
	if (*comp) {
		/* A refinement of a framework-wide level for one competency (SOCA). */
		const evm_competency *cp = find_comp_name(fw, comp);
		if (!cp)
			return evm_err(EVM_EPARSE, "%s:%zu: unknown competency '%s' (declare it before use)",
				       c->name, field_line(r, "competency"), comp);
		if (!base)
			return evm_err(EVM_EPARSE, "%s:%zu: unknown level '%s' (declare the framework-wide level first)",
				       c->name, field_line(r, "id"), id);
		if (*label || *rank)
			return evm_err(EVM_EPARSE, "%s:%zu: a competency's level takes label and rank from the framework-wide level",
				       c->name, r->line);
		for (size_t i = 0; i < fw->scoped.len; i++) {
			const evm_scoped_level *s = fw->scoped.items[i];
			if (s->competency == cp && s->base == base)
				return evm_err(EVM_EPARSE, "%s:%zu: level '%s' of '%s' defined twice", c->name,
					       r->line, id, comp);
		}
		evm_scoped_level *s = evm_arena_alloc(&fw->arena, sizeof *s);
		if (!s)
			return evm_err(EVM_ENOMEM, "out of memory");
		s->competency = cp;
		s->base = base;
		s->level = *base;
		s->level.grades = keep(fw, grades);
		s->level.definition = keep(fw, def);
		s->level.source = keep(fw, source);
		return evm_vec_push(&fw->scoped, s);
	}
	if ((rc = get(c, r, "label", 1, &label)) < 0 || (rc = get(c, r, "rank", 1, &rank)) < 0)
		return rc;
	if (base)
		return evm_err(EVM_EPARSE, "%s:%zu: level '%s' defined twice", c->name, r->line, id);
	if (fw->levels.len >= EVM_LEX_MAX_LEVELS)
		return evm_err(EVM_ELIMIT, "%s:%zu: more than %u levels in framework '%s'", c->name,
			       r->line, EVM_LEX_MAX_LEVELS, fw->id);
	if (!valid_id(id))
		return evm_err(EVM_EPARSE, "%s:%zu: level id '%s' must be lower-case letters, digits and '-'",
			       c->name, field_line(r, "id"), id);
	evm_level *lv = evm_arena_alloc(&fw->arena, sizeof *lv);
	if (!lv || (rc = parse_rank(c, r, rank, &lv->rank)) < 0)
		return lv ? rc : evm_err(EVM_ENOMEM, "out of memory");
	lv->id = keep(fw, id);
	lv->label = keep(fw, label);
	lv->grades = keep(fw, grades);
	lv->definition = keep(fw, def);
	lv->source = keep(fw, source);
	return evm_vec_push(&fw->levels, lv);
}

static int do_competency(pctx *c, const evm_record *r)
{
	evm_framework *fw = c->fw;
	const char *id, *name, *cluster, *def, *source;
	int rc;
	if ((rc = check_keys(c, r, competency_keys)) < 0 || (rc = get(c, r, "name", 1, &name)) < 0)
		return rc;
	get(c, r, "id", 0, &id);
	get(c, r, "cluster", 0, &cluster);
	get(c, r, "definition", 0, &def);
	get(c, r, "source", 0, &source);
	if (find_comp_name(fw, name))
		return evm_err(EVM_EPARSE, "%s:%zu: competency '%s' defined twice", c->name, r->line, name);
	if (fw->competencies.len >= EVM_LEX_MAX_COMPETENCIES)
		return evm_err(EVM_ELIMIT, "%s:%zu: more than %u competencies in framework '%s'", c->name,
			       r->line, EVM_LEX_MAX_COMPETENCIES, fw->id);
	evm_buf derived = EVM_BUF_INIT;
	if (!*id) {
		evm_buf_printf(&derived, "%s.", fw->id);
		evm_slug(&derived, name);
		if (derived.failed)
			return evm_err(EVM_ENOMEM, "out of memory");
		id = derived.ptr;
	}
	size_t fl = strlen(fw->id);
	if (!valid_id(id) || strncmp(id, fw->id, fl) != 0 || id[fl] != '.') {
		rc = evm_err(EVM_EPARSE, "%s:%zu: competency id '%s' must start with '%s.' and use lower-case letters, digits, '-' and '.'",
			     c->name, field_line(r, "id"), id, fw->id);
		evm_buf_free(&derived);
		return rc;
	}
	for (size_t i = 0; i < fw->competencies.len; i++)
		if (strcmp(((evm_competency *)fw->competencies.items[i])->id, id) == 0) {
			rc = evm_err(EVM_EPARSE, "%s:%zu: competency id '%s' used twice", c->name, r->line, id);
			evm_buf_free(&derived);
			return rc;
		}
	evm_competency *cp = evm_arena_alloc(&fw->arena, sizeof *cp);
	if (cp) {
		cp->id = keep(fw, id);
		cp->name = keep(fw, name);
		cp->cluster = keep(fw, cluster);
		cp->definition = keep(fw, def);
		cp->source = keep(fw, source);
		cp->index = fw->competencies.len;
	}
	evm_buf_free(&derived);
	if (!cp || !cp->id || !cp->name || !cp->cluster || !cp->definition || !cp->source)
		return evm_err(EVM_ENOMEM, "out of memory");
	return evm_vec_push(&fw->competencies, cp);
}

static int do_sub(pctx *c, const evm_record *r)
{
	evm_framework *fw = c->fw;
	const char *comp, *name, *renamed, *renamed_at;
	int rc;
	if ((rc = check_keys(c, r, sub_keys)) < 0 || (rc = get(c, r, "competency", 1, &comp)) < 0 ||
	    (rc = get(c, r, "name", 1, &name)) < 0)
		return rc;
	get(c, r, "renamed", 0, &renamed);
	get(c, r, "renamed-at", 0, &renamed_at);
	const evm_competency *cp = find_comp_name(fw, comp);
	if (!cp)
		return evm_err(EVM_EPARSE, "%s:%zu: unknown competency '%s' (declare it before use)",
			       c->name, field_line(r, "competency"), comp);
	if (!*renamed != !*renamed_at)
		return evm_err(EVM_EPARSE, "%s:%zu: 'renamed' and 'renamed-at' go together", c->name, r->line);
	for (size_t i = 0; i < fw->subs.len; i++) {
		const evm_subcomp *s = fw->subs.items[i];
		if (s->competency == cp && (strcmp(s->name, name) == 0 || strcmp(s->renamed, name) == 0))
			return evm_err(EVM_EPARSE, "%s:%zu: sub-competency '%s' defined twice", c->name,
				       r->line, name);
	}
	evm_subcomp *s = evm_arena_alloc(&fw->arena, sizeof *s);
	if (!s)
		return evm_err(EVM_ENOMEM, "out of memory");
	s->competency = cp;
	s->name = keep(fw, name);
	s->renamed = keep(fw, renamed);
	s->renamed_at = keep(fw, renamed_at);
	return evm_vec_push(&fw->subs, s);
}

static int do_indicator(pctx *c, const evm_record *r)
{
	evm_framework *fw = c->fw;
	const char *id, *comp, *sub, *level, *pol, *text, *source, *recon;
	int rc;
	if ((rc = check_keys(c, r, indicator_keys)) < 0 || (rc = get(c, r, "id", 1, &id)) < 0 ||
	    (rc = get(c, r, "competency", 1, &comp)) < 0 || (rc = get(c, r, "polarity", 1, &pol)) < 0 ||
	    (rc = get(c, r, "text", 1, &text)) < 0)
		return rc;
	get(c, r, "sub-competency", 0, &sub);
	get(c, r, "level", 0, &level);
	get(c, r, "source", 0, &source);
	get(c, r, "reconstructed", 0, &recon);
	if (fw->indicators.len >= EVM_LEX_MAX_INDICATORS)
		return evm_err(EVM_ELIMIT, "%s:%zu: more than %u indicators in framework '%s'", c->name,
			       r->line, EVM_LEX_MAX_INDICATORS, fw->id);
	size_t fl = strlen(fw->id);
	if (!valid_id(id) || strncmp(id, fw->id, fl) != 0 || id[fl] != '.')
		return evm_err(EVM_EPARSE, "%s:%zu: indicator id '%s' must start with '%s.' and use lower-case letters, digits, '-' and '.'",
			       c->name, field_line(r, "id"), id, fw->id);
	evm_indicator *ind = evm_arena_alloc(&fw->arena, sizeof *ind);
	if (!ind)
		return evm_err(EVM_ENOMEM, "out of memory");
	ind->competency = find_comp_name(fw, comp);
	if (!ind->competency)
		return evm_err(EVM_EPARSE, "%s:%zu: unknown competency '%s' (declare it before use)",
			       c->name, field_line(r, "competency"), comp);
	if (evm_polarity_parse(pol, &ind->polarity) != 0)
		return evm_err(EVM_EPARSE, "%s:%zu: unknown polarity '%s' (effective, ineffective, underdone or overdone)",
			       c->name, field_line(r, "polarity"), pol);
	if (*level) {
		ind->level = find_level_id(fw, level);
		if (!ind->level)
			return evm_err(EVM_EPARSE, "%s:%zu: unknown level '%s' in framework '%s'", c->name,
				       field_line(r, "level"), level, fw->id);
	}
	if (*sub) {
		int found = 0;
		for (size_t i = 0; i < fw->subs.len && !found; i++) {
			const evm_subcomp *s = fw->subs.items[i];
			found = s->competency == ind->competency &&
				(strcmp(s->name, sub) == 0 || strcmp(s->renamed, sub) == 0);
		}
		if (!found)
			return evm_err(EVM_EPARSE, "%s:%zu: unknown sub-competency '%s' of '%s' (declare it in a [sub-competency] record)",
				       c->name, field_line(r, "sub-competency"), sub, comp);
	}
	if (*recon && strcmp(recon, "yes") != 0 && strcmp(recon, "no") != 0)
		return evm_err(EVM_EPARSE, "%s:%zu: 'reconstructed' is yes or no", c->name,
			       field_line(r, "reconstructed"));
	ind->reconstructed = strcmp(recon, "yes") == 0;
	ind->id = keep(fw, id);
	ind->sub_competency = keep(fw, sub);
	ind->text = keep(fw, text);
	ind->source = keep(fw, source);
	ind->index = fw->indicators.len;
	if (!ind->id || !ind->sub_competency || !ind->text || !ind->source)
		return evm_err(EVM_ENOMEM, "out of memory");
	rc = evm_strmap_put(&fw->indicator_ids, ind->id, strlen(ind->id), ind, NULL);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return evm_err(EVM_EPARSE, "%s:%zu: duplicate indicator id '%s'", c->name, field_line(r, "id"), id);
	return evm_vec_push(&fw->indicators, ind);
}

static int parse_records(pctx *c, const evm_records *recs)
{
	for (size_t i = 0; i < recs->nrecs; i++) {
		const evm_record *r = &recs->recs[i];
		int rc;
		if (strcmp(r->section, "framework") == 0) {
			rc = do_framework(c, r);
		} else if (!c->fw) {
			rc = evm_err(EVM_EPARSE, "%s:%zu: [%s] before any [framework]", c->name, r->line,
				     r->section);
		} else if (strcmp(r->section, "level") == 0) {
			rc = do_level(c, r);
		} else if (strcmp(r->section, "competency") == 0) {
			rc = do_competency(c, r);
		} else if (strcmp(r->section, "sub-competency") == 0) {
			rc = do_sub(c, r);
		} else if (strcmp(r->section, "indicator") == 0) {
			rc = do_indicator(c, r);
		} else {
			rc = evm_err(EVM_EPARSE, "%s:%zu: unknown section [%s]", c->name, r->line, r->section);
		}
		if (rc < 0)
			return rc;
	}
	if (!c->fws.len)
		return evm_err(EVM_EPARSE, "%s: no [framework] record", c->name);
	for (size_t i = 0; i < c->fws.len; i++) {
		const evm_framework *fw = c->fws.items[i];
		if (!fw->competencies.len)
			return evm_err(EVM_EPARSE, "%s: framework '%s' has no competencies", c->name, fw->id);
	}
	return EVM_OK;
}

static void free_fws(evm_vec *fws)
{
	for (size_t i = 0; i < fws->len; i++)
		evm_framework_free(fws->items[i]);
	evm_vec_free(fws);
}

/* Parses into c->fws; on failure everything parsed is freed. */
static int parse_buffer(pctx *c, const char *name, const char *data, size_t len)
{
	evm_records recs;
	c->name = name;
	int rc = evm_records_parse(&recs, name, "evmatch-lexicon", data, len);
	if (rc == EVM_OK)
		rc = parse_records(c, &recs);
	evm_records_free(&recs);
	if (rc < 0)
		free_fws(&c->fws);
	return rc;
}

/* Frameworks of one file replace loaded ones with the same id, in place, so
 * that the order of frameworks stays stable for output. */
static void adopt(evm_lexicon *lx, evm_vec *fws)
{
	for (size_t i = 0; i < fws->len; i++) {
		evm_framework *fw = fws->items[i];
		int replaced = 0;
		for (size_t j = 0; j < lx->frameworks.len && !replaced; j++) {
			evm_framework *old = lx->frameworks.items[j];
			if (strcmp(old->id, fw->id) == 0) {
				evm_framework_free(old);
				lx->frameworks.items[j] = fw;
				replaced = 1;
			}
		}
		if (!replaced)
			evm_vec_push(&lx->frameworks, fw); /* capacity reserved by caller */
	}
	evm_vec_free(fws);
}

static int reserve(evm_lexicon *lx, size_t extra)
{
	while (lx->frameworks.cap < lx->frameworks.len + extra) {
		if (evm_vec_push(&lx->frameworks, NULL) < 0)
			return EVM_ENOMEM;
		lx->frameworks.len--;
	}
	return EVM_OK;
}

int evm_lexicon_load_buffer(evm_lexicon *lx, const char *name, const char *data, size_t len)
{
	if (!lx || !name || (!data && len))
		return evm_err(EVM_EINVAL, "evm_lexicon_load_buffer: NULL argument");
	pctx c = {0};
	int rc = parse_buffer(&c, name, data ? data : "", len);
	if (rc < 0)
		return rc;
	if (reserve(lx, c.fws.len) < 0) {
		free_fws(&c.fws);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	adopt(lx, &c.fws);
	return EVM_OK;
}

int evm_lexicon_check_buffer(const char *name, const char *data, size_t len)
{
	pctx c = {0};
	int rc = parse_buffer(&c, name, data ? data : "", len);
	free_fws(&c.fws);
	return rc;
}

static int load_file(evm_lexicon *lx, const char *path)
{
	char *data;
	size_t len;
	int rc = evm_read_file(path, EVM_LEX_MAX_FILE, &data, &len);
	if (rc < 0)
		return rc;
	rc = evm_lexicon_load_buffer(lx, path, data, len);
	free(data);
	return rc;
}

int evm_lexicon_load_path(evm_lexicon *lx, const char *path)
{
	if (!lx || !path)
		return evm_err(EVM_EINVAL, "evm_lexicon_load_path: NULL argument");
	int d = evm_is_dir(path);
	if (d < 0)
		return d;
	if (!d)
		return load_file(lx, path);
	evm_vec names = EVM_VEC_INIT;
	int rc = evm_list_dir(path, ".lex", &names);
	if (rc == EVM_OK && !names.len)
		rc = evm_err(EVM_ENOTFOUND, "%s: no *.lex files in directory", path);
	/* All files of a directory load or none do: parse into a scratch lexicon
	 * first, then move the frameworks over. */
	evm_lexicon scratch = {EVM_VEC_INIT};
	for (size_t i = 0; rc == EVM_OK && i < names.len; i++)
		rc = load_file(&scratch, names.items[i]);
	if (rc == EVM_OK && reserve(lx, scratch.frameworks.len) < 0)
		rc = evm_err(EVM_ENOMEM, "out of memory");
	if (rc == EVM_OK)
		adopt(lx, &scratch.frameworks);
	else
		free_fws(&scratch.frameworks);
	for (size_t i = 0; i < names.len; i++)
		free(names.items[i]);
	evm_vec_free(&names);
	return rc;
}
