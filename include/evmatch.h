/*
 * evmatch — match free text to the behaviour indicators of competency frameworks.
 *
 * Conventions (one prefix per module, as in the rest of the library):
 *   evm_error_*    error codes and the last error message of the calling thread
 *   evm_lexicon_*  frameworks, competencies, levels and indicators
 *
 * Every function that can fail returns an int: EVM_OK (0) on success or a
 * negative EVM_E* code; evm_error_message() then says what went wrong, naming
 * the file and line where there is one. Handles are opaque; the record structs
 * they hand out are read-only views that live as long as the handle.
 */
#ifndef EVMATCH_H
#define EVMATCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EVM_VERSION_MAJOR 0
#define EVM_VERSION_MINOR 5
#define EVM_VERSION_PATCH 0
#define EVM_VERSION_STRING "0.5.0"

/* ---- errors ------------------------------------------------------------ */

enum {
	EVM_OK = 0,
	EVM_ENOMEM = -1,    /* allocation failed */
	EVM_EIO = -2,       /* a file could not be read or written */
	EVM_EPARSE = -3,    /* malformed input: lexicon, JSON, CSV, ... */
	EVM_EINVAL = -4,    /* bad argument from the caller */
	EVM_ENOTFOUND = -5, /* no such framework, competency or indicator */
	EVM_ECORRUPT = -6,  /* a binary file failed its checks */
	EVM_ELIMIT = -7     /* an input exceeded a documented limit */
};

/* Message for the last error raised on the calling thread ("" if none). */
const char *evm_error_message(void);
/* Code of the last error raised on the calling thread (EVM_OK if none). */
int evm_error_code(void);
/* Short, stable name of an error code ("parse", "io", ...). */
const char *evm_error_name(int code);
void evm_error_clear(void);

/* ---- lexicon records --------------------------------------------------- */

/* How an indicator reads: effective behaviour, or one of three kinds of
 * ineffective behaviour (NOMS pairs; the police framework's too-little and
 * too-much versions). */
typedef enum {
	EVM_POL_EFFECTIVE = 0,
	EVM_POL_INEFFECTIVE = 1,
	EVM_POL_UNDERDONE = 2,
	EVM_POL_OVERDONE = 3
} evm_polarity;

const char *evm_polarity_name(evm_polarity p);
/* Returns 0 and sets *out for a known name, -1 otherwise. */
int evm_polarity_parse(const char *name, evm_polarity *out);

typedef struct evm_framework evm_framework;

/* A level of a framework. Levels carry a rank so that evidence can be placed
 * above or below an advertised level; higher rank = more senior. A level
 * record scoped to one competency (SOCA) refines grades and definition. */
typedef struct {
	const char *id;         /* "3", "1a", "A", "prisoners" */
	const char *label;      /* "Level 3", "Middle Manager" */
	int rank;
	const char *grades;     /* comma-separated grades the level covers, or "" */
	const char *definition; /* level definition, or "" */
	const char *source;     /* "file:line" of the source text, or "" */
} evm_level;

typedef struct {
	const char *id;          /* "success-profiles.working-together" */
	const char *name;        /* "Working Together", spelt as the source does */
	const char *cluster;     /* "" where the framework has none */
	const char *definition;  /* summary paragraph, or "" */
	const char *source;
	size_t index;            /* position within its framework */
} evm_competency;

typedef struct {
	const char *id;             /* "success-profiles.working-together.l3.02" */
	const evm_competency *competency;
	const char *sub_competency; /* police framework; "" elsewhere */
	const evm_level *level;     /* NULL: applies at every level */
	evm_polarity polarity;
	const char *text;           /* exact indicator wording */
	const char *source;         /* "file:line" */
	int reconstructed;          /* rebuilt from interleaved columns */
	size_t index;               /* position within its framework */
} evm_indicator;

/* ---- lexicon ----------------------------------------------------------- */

typedef struct evm_lexicon evm_lexicon;

/* An empty lexicon. */
int evm_lexicon_new(evm_lexicon **out);
/* A lexicon holding the five frameworks compiled into the library. */
int evm_lexicon_new_builtin(evm_lexicon **out);
void evm_lexicon_free(evm_lexicon *lx);

/* Load a lexicon file, or every *.lex file of a directory (sorted by name).
 * A framework whose id is already loaded is replaced whole; nothing of a file
 * that fails to load is kept (EVM_EPARSE / EVM_EIO, message "file:line: ..."). */
int evm_lexicon_load_path(evm_lexicon *lx, const char *path);
/* The same from memory; name is used in messages and provenance. */
int evm_lexicon_load_buffer(evm_lexicon *lx, const char *name, const char *data, size_t len);

/* Parse and validate without keeping anything. */
int evm_lexicon_check_buffer(const char *name, const char *data, size_t len);

size_t evm_lexicon_framework_count(const evm_lexicon *lx);
const evm_framework *evm_lexicon_framework(const evm_lexicon *lx, size_t i);
const evm_framework *evm_lexicon_find_framework(const evm_lexicon *lx, const char *id);
/* Indicator by id across all frameworks, or NULL. */
const evm_indicator *evm_lexicon_find_indicator(const evm_lexicon *lx, const char *id,
						const evm_framework **fw_out);

/* ---- framework --------------------------------------------------------- */

const char *evm_framework_id(const evm_framework *fw);
const char *evm_framework_name(const evm_framework *fw);
/* What users call a competency here: "behaviour", "competency", ... */
const char *evm_framework_unit(const evm_framework *fw);
const char *evm_framework_source(const evm_framework *fw);
/* Ordered grade names, comma-separated, or "". */
const char *evm_framework_grades(const evm_framework *fw);

size_t evm_framework_level_count(const evm_framework *fw);
const evm_level *evm_framework_level(const evm_framework *fw, size_t i);
/* Find a level by id, or by label (case-insensitive); NULL if none. */
const evm_level *evm_framework_find_level(const evm_framework *fw, const char *id_or_label);
/* The competency-scoped refinement of a level (SOCA), else the level itself. */
const evm_level *evm_framework_level_for(const evm_framework *fw, const evm_competency *c,
					 const evm_level *lv);
/* The level a grade maps to for a competency, or NULL. */
const evm_level *evm_framework_level_for_grade(const evm_framework *fw, const evm_competency *c,
					       const char *grade);

size_t evm_framework_competency_count(const evm_framework *fw);
const evm_competency *evm_framework_competency(const evm_framework *fw, size_t i);
/* By id, exact name, or case-insensitive name; NULL if none. */
const evm_competency *evm_framework_find_competency(const evm_framework *fw, const char *name);

size_t evm_framework_indicator_count(const evm_framework *fw);
const evm_indicator *evm_framework_indicator(const evm_framework *fw, size_t i);

/* Sub-competency naming (police): the name used at levels 1a-3 for a name
 * used at any level, so that "Political Savvy" groups with "Managing
 * Sensitivities". Returns name itself when it has no other form. */
const char *evm_framework_sub_base_name(const evm_framework *fw, const char *name);

/* Writes the lexicon back in the lexicon file format (lexicon/README.md);
 * loading the result gives the same frameworks. *out is malloc'd. */
int evm_lexicon_serialise(const evm_lexicon *lx, char **out, size_t *len);

/* ---- index ------------------------------------------------------------- */

/* Everything matching needs, built once from a lexicon and the bridging
 * vocabulary (thesaurus and cues). Read-only once built: one index may be
 * used from many threads at once. */
typedef struct evm_index evm_index;

/* Builds from lx (copied: lx may be freed afterwards) and the built-in
 * thesaurus and cue lists. */
int evm_index_build(const evm_lexicon *lx, evm_index **out);
/* Writes a versioned binary file with an xxhash checksum. */
int evm_index_save(const evm_index *ix, const char *path);
/* Maps a saved index; a truncated, corrupt, foreign or other-version file is
 * refused with EVM_ECORRUPT and a message naming the file and the fault. */
int evm_index_load(const char *path, evm_index **out);
void evm_index_free(evm_index *ix);
/* The lexicon inside the index: records returned by matching point here. */
const evm_lexicon *evm_index_lexicon(const evm_index *ix);
/* Loads a competency model file (the format of lexicon/competency-model.txt,
 * fitted by corpus/tools/fit_competency_model.py --data on your own labelled
 * texts) for every framework of the index whose competencies it covers
 * exactly, in place of the built-in model for those; the others keep what
 * they had. A file that covers none of them is refused (EVM_ENOTFOUND), as
 * is a malformed one (EVM_EPARSE, naming file:line). One per index; the
 * index owns it. Call before matching starts: it changes the index, so it is
 * not safe while other threads match on it. */
int evm_index_load_competency_model(evm_index *ix, const char *path);
/* Statistics: terms in the vocabulary, documents, phrases. */
void evm_index_stats(const evm_index *ix, size_t *terms, size_t *docs, size_t *phrases);

/* ---- matching ---------------------------------------------------------- */

typedef struct {
	const char *framework;                 /* restrict to one framework id; NULL: all */
	const char *const *competencies;       /* restrict to these (names or ids) */
	size_t ncompetencies;
	const char *level;                     /* the advertised level (id or label), or NULL */
	size_t top;                            /* competencies to return; 0: 5 */
	size_t top_indicators;                 /* indicators per competency; 0: 3 */
	int brief;                             /* 1: leave out each match's reasons (terms of its
						  indicators, cues, class terms: their counts are 0),
						  for a summary that shows none of them, at less cost */
} evm_match_options;

/* A word or word pair of the text and its weight in one of the text models
 * (the note-polarity model, the competency model). */
typedef struct {
	const char *term; /* "missed", "on time" */
	double weight;    /* polarity model: > 0 towards a shortfall; competency model: > 0 towards
			     the competency */
} evm_model_term;

/* How a piece of evidence reached an indicator or competency. */
typedef enum {
	EVM_VIA_WORD = 0,      /* the same word (stem) is in the indicator */
	EVM_VIA_BIGRAM = 1,    /* the same two-word phrase */
	EVM_VIA_THESAURUS = 2, /* an everyday phrase the thesaurus maps to the indicator's words */
	EVM_VIA_CUE = 3,       /* a cue phrase listed for the competency */
	EVM_VIA_CLASS = 4      /* a word characteristic of the competency's text as a whole
				  (its indicators and, through lexicon/crosswalk.txt, those of the
				  same behaviour in other frameworks) */
} evm_via;

const char *evm_via_name(evm_via v);

typedef struct {
	evm_via via;
	const char *term;        /* the indicator's stem or bigram; for cues the cue phrase */
	const char *rule;        /* thesaurus or cue phrase, "" for words and bigrams */
	const char *rule_source; /* "file:line" of the rule, or "" */
	uint32_t start, end;     /* byte offsets of the input words that produced it */
	double weight;           /* its part of the score */
	double boost;            /* what its words' weight was multiplied by: 2 (self_boost) when they
				    are the writer's own action, within four words of an "I" in a
				    first-person text; else 1 */
} evm_evidence;

typedef struct {
	const evm_indicator *indicator;
	double score;
	uint32_t sentence;     /* index of the sentence that evidences it best */
	uint32_t start, end;   /* that sentence's byte offsets in the input */
	const evm_evidence *terms;
	size_t nterms;
} evm_indicator_match;

typedef struct {
	const evm_framework *framework;
	const evm_competency *competency;
	double score;          /* evidence / typical^0.8: how far the text's evidence for the
				  competency is above what it gathers from a typical text; ranks
				  the competencies, and compares across frameworks */
	double confidence;     /* calibrated probability that this is the right competency */
	const evm_level *level; /* the level the evidence reads at, or NULL */
	double level_rank;     /* the same as a continuous rank (0 if unknown) */
	int level_vs_advertised; /* -1 below, 0 at, 1 above the advertised level; 0 if none given */
	evm_polarity polarity; /* effective, or the kind of ineffective the evidence reads as */
	const evm_indicator_match *indicators;
	size_t nindicators;
	const evm_evidence *cues;
	size_t ncues;
	const evm_evidence *class_terms; /* the words that made up its class score, strongest first */
	size_t nclass_terms;
	uint32_t sentences;    /* sentences that gave it evidence */
	double evidence;       /* the summed evidence of every sentence */
	double typical;        /* what a typical text gives it (lexicon/typical.txt; a framework
				  without values there: the geometric mean of all the values) */
	double model_p;        /* the competency model's probability for it among its framework's
				  competencies (lexicon/competency-model.txt); -1 where the model
				  does not cover the framework */
	double model_factor;   /* what the score was multiplied by for it: (n * model_p)^0.25 in a
				  framework of n competencies (an even share leaves it as it was); 1
				  without the model */
	const evm_model_term *model_terms; /* the text's words and word pairs that weighed most
					      for it in the model, heaviest first */
	size_t nmodel_terms;
} evm_competency_match;

typedef struct evm_result evm_result;

/* Matches text[0..len) against the index. Safe to call from many threads on
 * one index. Invalid UTF-8 and NUL bytes are replaced (counted in the result),
 * never fatal. Texts over EVM_MAX_TEXT bytes are refused with EVM_ELIMIT. */
#define EVM_MAX_TEXT (1u << 20)
int evm_match(const evm_index *ix, const char *text, size_t len, const evm_match_options *opt,
	      evm_result **out);
size_t evm_result_count(const evm_result *r);
const evm_competency_match *evm_result_get(const evm_result *r, size_t i);
size_t evm_result_sentence_count(const evm_result *r);
/* Byte offsets and polarity of sentence i; the cue that set the polarity. */
void evm_result_sentence(const evm_result *r, size_t i, uint32_t *start, uint32_t *end, evm_polarity *pol,
			 uint32_t *cue_start, uint32_t *cue_end);
/* The polarity the whole text reads as. */
evm_polarity evm_result_polarity(const evm_result *r);
/* The note-polarity model's reading of a third-person text (an appraisal
 * note): the probability that it reads as a shortfall, and the words and word
 * pairs that weighed most towards that answer. Where it is confident (under
 * EVM_MODEL_LOW or over EVM_MODEL_HIGH) it overrules the wording patterns for
 * the text and for every competency. -1 for a first-person text (a
 * statement), which it does not read. */
#define EVM_MODEL_LOW 0.2
#define EVM_MODEL_HIGH 0.8
#define EVM_MODEL_TERMS 5
double evm_result_polarity_model(const evm_result *r, const evm_model_term **terms, size_t *nterms);
size_t evm_result_invalid_bytes(const evm_result *r);
size_t evm_result_word_count(const evm_result *r);
void evm_result_free(evm_result *r);

/* ---- tagging appraisal notes ------------------------------------------ */

typedef struct {
	const evm_framework *framework;
	const evm_competency *competency;
	const evm_indicator *indicator; /* NULL: a tag on the competency, evidenced by its cue
					   phrases or characteristic words but by no indicator's */
	evm_polarity polarity; /* how the note reads for this competency */
	double confidence;
	uint32_t start, end;   /* the span of the note that triggered the tag */
	uint32_t point;        /* which point of the note it tags (see evm_tag_note); 0 from
				  evm_tags_from_result */
} evm_tag;

/* Suggested tags from a match result: the best indicators of the
 * competencies the note evidences, at or above min_confidence, at most cap.
 * Returns the number written to tags; they point into r. */
size_t evm_tags_from_result(const evm_result *r, double min_confidence, evm_tag *tags, size_t cap);

/* A note often makes more than one point, and they need not read the same
 * way: "Missed both deadlines and did not tell the team. Great with the new
 * starters." evm_tag_note splits such a note into points, runs of
 * consecutive sentences that read the same way, and tags each point by
 * itself, so a strength beside a failing gets its own effective tag instead
 * of being outvoted. A note that reads one way throughout is one point, and
 * its tags are those of evm_tags_from_result. The tags of several points are
 * taken in turn, each point's best first, so that every point above
 * min_confidence is represented before any gets a second tag; at most top,
 * one per indicator. Offsets are into text. */
typedef struct evm_note_tags evm_note_tags;

#define EVM_NOTE_MAX_POINTS 8 /* a text of more points than this is one point: it is no note */

int evm_tag_note(const evm_index *ix, const char *text, size_t len, const evm_match_options *opt,
		 double min_confidence, size_t top, evm_note_tags **out);
/* The way the whole note reads (as evm_result_polarity). */
evm_polarity evm_note_tags_polarity(const evm_note_tags *t);
size_t evm_note_tags_count(const evm_note_tags *t);
const evm_tag *evm_note_tags_get(const evm_note_tags *t, size_t i);
/* The points: byte offsets into text and the way each reads. */
size_t evm_note_tags_point_count(const evm_note_tags *t);
void evm_note_tags_point(const evm_note_tags *t, size_t i, uint32_t *start, uint32_t *end, evm_polarity *pol);
void evm_note_tags_free(evm_note_tags *t);

/* ---- screening application statements ----------------------------------- */

typedef struct {
	const char *framework;                 /* required */
	const char *const *behaviours;         /* the advert's required behaviours */
	size_t nbehaviours;
	const char *level;                     /* the advertised level, or NULL */
	size_t word_limit;                     /* 0: 250 */
} evm_screen_options;

typedef enum { EVM_VERDICT_NONE = 0, EVM_VERDICT_SOME = 1, EVM_VERDICT_STRONG = 2 } evm_verdict;
const char *evm_verdict_name(evm_verdict v);

typedef struct {
	const evm_competency *behaviour;
	evm_verdict verdict;
	double strength;                       /* 0..1: its score against the statement's best */
	int rank;                              /* among all the framework's behaviours; 0: no evidence */
	const evm_competency_match *match;     /* indicators and evidence sentences, or NULL */
} evm_screen_behaviour;

enum { EVM_STAR_SITUATION, EVM_STAR_TASK, EVM_STAR_ACTION, EVM_STAR_RESULT };

typedef struct {
	size_t words, word_limit;
	int over_limit;
	size_t first_person, collective;       /* "I/me/my" against "we/us/our" */
	int star[4];                           /* which STAR parts are present */
	uint32_t star_start[4], star_end[4];   /* the first sentence showing each part */
	int quantified_result;                 /* a number in a result sentence */
	uint32_t quantified_start, quantified_end;
} evm_writing_checks;

typedef struct evm_screen_result evm_screen_result;

int evm_screen(const evm_index *ix, const char *text, size_t len, const evm_screen_options *opt,
	       evm_screen_result **out);
size_t evm_screen_behaviour_count(const evm_screen_result *r);
const evm_screen_behaviour *evm_screen_behaviour_get(const evm_screen_result *r, size_t i);
const evm_writing_checks *evm_screen_checks(const evm_screen_result *r);
/* One number to rank candidates by: verdicts first, then strength, then checks. */
double evm_screen_overall(const evm_screen_result *r);
const evm_result *evm_screen_match_result(const evm_screen_result *r);
void evm_screen_free(evm_screen_result *r);

/* ---- JSON and personal data ---------------------------------------------- */

/* Compact JSON in the documented schemas (README "JSON output"): a match
 * result, the tags of a note, a screen result. text/len is the input the
 * result was made from (its words are quoted as evidence). NULL on
 * allocation failure; free with evm_free. */
char *evm_result_to_json(const evm_result *r, const char *text, size_t len, const char *framework);
char *evm_tags_to_json(const evm_result *r, const char *text, size_t len, double min_confidence, size_t top);
/* {"polarity", "points", "tags"}: what `evmatch tag --format json` gives a note. */
char *evm_note_tags_to_json(const evm_note_tags *t, const char *text, size_t len);
char *evm_screen_to_json(const evm_screen_result *r, const char *text, size_t len);
/* A copy of text with e-mail addresses, UK phone numbers, National Insurance
 * numbers and postcodes masked byte for byte ('*'), so offsets still hold. */
char *evm_redact(const char *text, size_t len);
void evm_free(void *p);

/* ---- batch records ---------------------------------------------------------- */

/* flags of the batch calls (or-ed) */
#define EVM_BATCH_REDACT 1  /* mask personal data in the text the line echoes (see evm_redact) */
#define EVM_BATCH_COMPACT 2 /* per competency only its score, confidence, level, polarity,
			       best indicator and evidence sentence: no sentence list, no terms */

/* One JSON Lines input record (text; optional id, framework, competencies,
 * level overriding defaults) to its output line: the match result with
 * "line" and "id" first, or {"line", "id", "error": {"code", "message"}}.
 * Always writes a line to *out (free with evm_free). Returns 0 when matched,
 * 1 when the record failed, EVM_ENOMEM if no line could be made. */
int evm_batch_record(const evm_index *ix, const char *input, size_t len, size_t lineno,
		     const evm_match_options *defaults, int flags, char **out);
/* The same for a text already taken from a record (CSV); id may be NULL. */
int evm_batch_text(const evm_index *ix, const char *text, size_t len, size_t lineno, const char *id,
		   const evm_match_options *defaults, int flags, char **out);
/* An error line for a record that could not even be read. */
int evm_batch_error(size_t lineno, const char *id, const char *code, const char *message, char **out);

#ifdef __cplusplus
}
#endif
#endif
