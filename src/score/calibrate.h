/* Confidence: turns a competency's evidence, against its rivals in the same
 * framework, into a probability that it is the right answer. The mapping
 * (a temperature on the softmax of scores, then a logistic fitted on the
 * train split) is what makes "0.8" mean right about 80% of the time. */
#ifndef EVM_SCORE_CALIBRATE_H
#define EVM_SCORE_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>

/* scores: ncomp records of size stride with a double at offset; allowed:
 * which take part. Returns the calibrated probability for competency c. */
double evm_calibrate(const void *scores, size_t stride, size_t offset, uint32_t ncomp, const uint8_t *allowed,
		     uint32_t c);

#endif
