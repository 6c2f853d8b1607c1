#include "params.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static evm_params P = {
	.w_indicator = 0.3,
	.w_indicator_pol = 1.0,
	.w_class = 1.0,
	.w_cue = 6.0,
	.w_thesaurus = 0.7,
	.polarity_off = 0.5,
	.coord = 0.0,
	.sent_norm = 0.0,
	.band_share = 0.5,
	.temp = 0.25,
	.cal_a = 2.4549,
	.cal_b = 0.2366,
	.w_xwalk = 0.5,
	.cue_repeat = 0.5,
	.max_df = 0.02,
	.level_pull = 0.2,
	.self_boost = 2.0,
	.self_window = 4,
	.w_cue_class = 5.0,
	.w_xwalk_cues = 0.1,
	.typical_pow = 0.8,
	.unmarked_pol = 0.15,
	.model_pow = 0.25,
};
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	const char *e = getenv("EVM_PARAMS");
	if (!e)
		return;
	char buf[1024];
	strncpy(buf, e, sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	static const struct {
		const char *name;
		double *v;
	} map[] = {{"w_indicator", &P.w_indicator}, {"w_indicator_pol", &P.w_indicator_pol}, {"w_class", &P.w_class}, {"w_cue", &P.w_cue},
		   {"w_thesaurus", &P.w_thesaurus}, {"polarity_off", &P.polarity_off}, {"sent_norm", &P.sent_norm}, {"coord", &P.coord},
		   {"temp", &P.temp}, {"band_share", &P.band_share}, {"cal_a", &P.cal_a}, {"cal_b", &P.cal_b},
		   {"w_xwalk", &P.w_xwalk}, {"cue_repeat", &P.cue_repeat},
		   {"max_df", &P.max_df},
		   {"level_pull", &P.level_pull}, {"self_boost", &P.self_boost}, {"self_window", &P.self_window},
		   {"w_cue_class", &P.w_cue_class}, {"w_xwalk_cues", &P.w_xwalk_cues},
		   {"typical_pow", &P.typical_pow}, {"unmarked_pol", &P.unmarked_pol}, {"model_pow", &P.model_pow}};
	char *save;
	for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq)
			continue;
		*eq = '\0';
		for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
			if (!strcmp(map[i].name, kv))
				*map[i].v = atof(eq + 1);
	}
}

const evm_params *evm_params_get(void)
{
	pthread_once(&once, load);
	return &P;
}
