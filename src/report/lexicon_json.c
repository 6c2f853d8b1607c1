/* JSON views of the lexicon: what `evmatch lexicon --format json` prints and
 * what the HTTP service answers on /v1/frameworks and /v1/indicators/{id}.
 * One renderer, so the two can never describe a framework differently. */
#include "report/json.h"

size_t evm_report_count_polarity(const evm_framework *fw, const evm_competency *c, evm_polarity p)
{
	size_t n = 0;
	for (size_t i = 0; i < evm_framework_indicator_count(fw); i++) {
		const evm_indicator *ind = evm_framework_indicator(fw, i);
		if ((!c || ind->competency == c) && ind->polarity == p)
			n++;
	}
	return n;
}

size_t evm_report_count_competency(const evm_framework *fw, const evm_competency *c)
{
	size_t n = 0;
	for (size_t i = 0; i < evm_framework_indicator_count(fw); i++)
		n += evm_framework_indicator(fw, i)->competency == c;
	return n;
}

static json_t *polarity_counts(const evm_framework *fw, const evm_competency *c)
{
	json_t *o = json_object();
	for (int p = 0; p < 4; p++) {
		size_t n = evm_report_count_polarity(fw, c, (evm_polarity)p);
		if (n)
			json_object_set_new(o, evm_polarity_name((evm_polarity)p), json_integer((json_int_t)n));
	}
	return o;
}

static json_t *level_json(const evm_level *lv)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(lv->id));
	json_object_set_new(o, "label", json_string(lv->label));
	json_object_set_new(o, "rank", json_integer(lv->rank));
	json_object_set_new(o, "grades", json_string(lv->grades));
	if (*lv->definition)
		json_object_set_new(o, "definition", json_string(lv->definition));
	return o;
}

json_t *evm_report_framework(const evm_framework *fw)
{
	json_t *o = json_object(), *comps = json_array(), *levels = json_array();
	json_object_set_new(o, "id", json_string(evm_framework_id(fw)));
	json_object_set_new(o, "name", json_string(evm_framework_name(fw)));
	json_object_set_new(o, "unit", json_string(evm_framework_unit(fw)));
	json_object_set_new(o, "indicators", json_integer((json_int_t)evm_framework_indicator_count(fw)));
	json_object_set_new(o, "polarity", polarity_counts(fw, NULL));
	for (size_t l = 0; l < evm_framework_level_count(fw); l++)
		json_array_append_new(levels, level_json(evm_framework_level(fw, l)));
	json_object_set_new(o, "levels", levels);
	for (size_t i = 0; i < evm_framework_competency_count(fw); i++) {
		const evm_competency *c = evm_framework_competency(fw, i);
		json_t *co = json_object();
		json_object_set_new(co, "id", json_string(c->id));
		json_object_set_new(co, "name", json_string(c->name));
		if (*c->cluster)
			json_object_set_new(co, "cluster", json_string(c->cluster));
		json_object_set_new(co, "indicators", json_integer((json_int_t)evm_report_count_competency(fw, c)));
		json_object_set_new(co, "polarity", polarity_counts(fw, c));
		json_array_append_new(comps, co);
	}
	json_object_set_new(o, "competencies", comps);
	return o;
}

json_t *evm_report_indicator(const evm_framework *fw, const evm_indicator *ind)
{
	json_t *o = json_object();
	const evm_competency *c = ind->competency;
	json_object_set_new(o, "id", json_string(ind->id));
	json_object_set_new(o, "framework", json_string(evm_framework_id(fw)));
	if (*c->cluster)
		json_object_set_new(o, "cluster", json_string(c->cluster));
	json_object_set_new(o, "competency", json_string(c->name));
	if (*ind->sub_competency)
		json_object_set_new(o, "sub_competency", json_string(ind->sub_competency));
	if (ind->level) {
		const evm_level *lv = evm_framework_level_for(fw, c, ind->level);
		json_object_set_new(o, "level", json_string(lv->id));
		json_object_set_new(o, "level_label", json_string(lv->label));
		json_object_set_new(o, "grades", json_string(lv->grades));
	} else {
		json_object_set_new(o, "level", json_null());
	}
	json_object_set_new(o, "polarity", json_string(evm_polarity_name(ind->polarity)));
	json_object_set_new(o, "text", json_string(ind->text));
	json_object_set_new(o, "source", json_string(ind->source));
	json_object_set_new(o, "reconstructed", json_boolean(ind->reconstructed));
	return o;
}

json_t *evm_report_competency(const evm_framework *fw, const evm_competency *c)
{
	json_t *o = json_object(), *inds = json_array();
	json_object_set_new(o, "id", json_string(c->id));
	json_object_set_new(o, "framework", json_string(evm_framework_id(fw)));
	json_object_set_new(o, "name", json_string(c->name));
	if (*c->cluster)
		json_object_set_new(o, "cluster", json_string(c->cluster));
	json_object_set_new(o, "definition", json_string(c->definition));
	json_object_set_new(o, "source", json_string(c->source));
	for (size_t i = 0; i < evm_framework_indicator_count(fw); i++) {
		const evm_indicator *ind = evm_framework_indicator(fw, i);
		if (ind->competency == c)
			json_array_append_new(inds, evm_report_indicator(fw, ind));
	}
	json_object_set_new(o, "indicators", inds);
	return o;
}
