/* Tags for appraisal notes: shared by the CLI, the service and bindings. */
#include "evmatch.h"

size_t evm_tags_from_result(const evm_result *r, double min_confidence, evm_tag *tags, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < evm_result_count(r) && n < cap; i++) {
		const evm_competency_match *m = evm_result_get(r, i);
		if (!m->nindicators)
			continue;
		double top = m->indicators[0].score;
		for (size_t k = 0; k < m->nindicators && n < cap; k++) {
			const evm_indicator_match *im = &m->indicators[k];
			/* a weaker indicator of the same competency is less certain */
			double conf = m->confidence * (top > 0 ? im->score / top : 0);
			if (conf < min_confidence)
				continue;
			tags[n++] = (evm_tag){m->framework, m->competency, im->indicator, m->polarity, conf, im->start, im->end};
		}
	}
	return n;
}
