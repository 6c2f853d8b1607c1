#include "calibrate.h"

#include <math.h>

#include "params.h"


double evm_calibrate(const void *scores, size_t stride, size_t offset, uint32_t ncomp, const uint8_t *allowed,
		     uint32_t c)
{
	const evm_params *P = evm_params_get();
	const char *base = scores;
	double top = 0;
	for (uint32_t i = 0; i < ncomp; i++) {
		double v = *(const double *)(base + i * stride + offset);
		if (allowed[i] && v > top)
			top = v;
	}
	if (top <= 0)
		return 0;
	double sum = 0, mine = 0;
	for (uint32_t i = 0; i < ncomp; i++) {
		if (!allowed[i])
			continue;
		double v = *(const double *)(base + i * stride + offset);
		double e = exp((v - top) / (P->temp * top));
		sum += e;
		if (i == c)
			mine = e;
	}
	double p = sum > 0 ? mine / sum : 0;
	/* logistic on the log-odds of the softmax */
	double lo = log((p + 1e-6) / (1 - p + 1e-6));
	return 1 / (1 + exp(-(P->cal_a * lo + P->cal_b)));
}
