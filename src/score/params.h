/* Scoring parameters. Defaults are the values chosen on the train split and
 * checked on dev (corpus/README.md). EVM_PARAMS="name=value,..." overrides
 * them for tuning experiments; it is read once per process. */
#ifndef EVM_SCORE_PARAMS_H
#define EVM_SCORE_PARAMS_H

typedef struct {
	double w_indicator;  /* best indicator's BM25 score in a sentence, in the ranking */
	double w_indicator_pol; /* the same, in the evidence that decides a competency's polarity */
	double w_class;      /* competency class score of a sentence */
	double w_cue;        /* per cue phrase */
	double w_thesaurus;  /* discount on thesaurus expansions */
	double polarity_off; /* indicators of the other polarity */
	double coord;        /* an indicator matched by n distinct terms keeps 1 - coord^n of its score */
	double sent_norm;    /* 0: raw sums; 1: each sentence's evidence scaled to sum 1 over competencies */
	double band_share;   /* share of evidence a rank-0 band needs to be the level read */
	double temp;         /* softmax temperature, relative to the top score */
	double cal_a, cal_b; /* logistic on the softmax log-odds */
	double level_pull;   /* how sharply seniority cues pull the level read towards their scope */
	double max_df;       /* terms in more than this share of a framework's indicators skip BM25 */
	double cue_repeat;   /* a cue phrase's weight when it occurs again in the same text */
	double w_xwalk;      /* share of a crosswalked competency's text lent to a class model (index build) */
	double w_cue_class;  /* the words of a competency's cue phrases lent to its class model, per cue weight (index build) */
	double w_xwalk_cues; /* share of a crosswalk partner's lent cue words a member borrows (index build) */
	double self_boost;   /* first-person texts: weight of words shortly after an "I" (the writer's own actions) */
	double self_window;  /* ... within this many words of it */
	double typical_pow;  /* a competency's score is its evidence over its typical evidence to this power */
	double unmarked_pol; /* third-person texts: weight of a sentence with no polarity cue in deciding polarity */
	double model_pow;    /* a score is multiplied by (n * the competency model's P)^model_pow; 0: no model */
} evm_params;

const evm_params *evm_params_get(void);

#endif
