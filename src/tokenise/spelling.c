/* American (and Oxford -ize) spellings to the British ones the frameworks
 * use, before stemming. Snowball English stems "prioritized" to "priorit"
 * but "prioritised" to "prioritis", and "behavior" and "behaviour" apart, so
 * a statement typed with a US spell checker would otherwise share almost no
 * stems with the indicators. The rules cover the regular patterns (-ize,
 * -yze, -or, -er, -ense) and a short list of single words; a word they do not
 * cover is left as it is. */
#include "spelling.h"

#include <string.h>

static int ends(const char *w, size_t n, const char *suf, size_t *at)
{
	size_t k = strlen(suf);
	if (n < k || memcmp(w + n - k, suf, k) != 0)
		return 0;
	*at = n - k;
	return 1;
}

static int contains(const char *w, size_t n, const char *part)
{
	size_t k = strlen(part);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(w + i, part, k) == 0)
			return 1;
	return 0;
}

/* w with the byte at i replaced by c, into out. */
static size_t swap_at(const char *w, size_t n, size_t i, char c, char *out)
{
	memcpy(out, w, n);
	out[i] = c;
	return n;
}

/* w[0..cut) + add + w[from..n), into out (cap checked by the caller). */
static size_t splice(const char *w, size_t n, size_t cut, const char *add, size_t from, char *out)
{
	size_t k = strlen(add);
	memcpy(out, w, cut);
	memcpy(out + cut, add, k);
	memcpy(out + cut + k, w + from, n - from);
	return cut + k + n - from;
}

/* -ize, -yze and their forms: the z is an s in British spelling. */
static size_t ize(const char *w, size_t n, char *out)
{
	static const char *const sufs[] = {"izationally", "izational", "izations", "ization", "izable", "izers",
					   "izer",        "izing",     "izes",     "ized",    "ize",    NULL};
	static const char *const ysufs[] = {"yzers", "yzer", "yzing", "yzes", "yzed", "yze", NULL};
	size_t at;
	if (!memchr(w, 'z', n))
		return 0; /* nearly every word: stemming a new word should not pay for the lists */
	for (const char *const *s = ysufs; *s; s++)
		if (ends(w, n, *s, &at) && at >= 2)
			return swap_at(w, n, at + 1, 's', out); /* analyze, paralyzed */
	for (const char *const *s = sufs; *s; s++)
		if (ends(w, n, *s, &at)) {
			/* size, prize, seize, capsize, downsize, citizen...: the same
			 * in both spellings, as is any word too short to be -ize */
			if (at < 3 || contains(w, n, "size") || contains(w, n, "prize") || contains(w, n, "seize"))
				return 0;
			return swap_at(w, n, at + 1, 's', out);
		}
	return 0;
}

/* behavior -> behaviour and the like, where British keeps the u: not in
 * the Latin derivatives that drop it in both ("honorary", "laborious",
 * "humorous", "vigorous"). */
static size_t our(const char *w, size_t n, char *out)
{
	static const char *const stems[] = {"behavior", "color",  "favor",  "honor", "labor", "neighbor", "humor",
					    "rumor",    "endeavor", "flavor", "harbor", "armor", "savior",   "candor",
					    "valor",    "odor",     "vapor",  "parlor", NULL};
	static const char *const rest[] = {"", "s", "ed", "ing", "al", "ally", "able", "ably", "ite", "ites",
					   "hood", "hoods", "ly", "ful", "less", "ist", "ists", "er", "ers", NULL};
	if (!contains(w, n, "or"))
		return 0;
	for (const char *const *s = stems; *s; s++) {
		size_t k = strlen(*s);
		if ((*s)[0] != w[0] || n < k || memcmp(w, *s, k) != 0)
			continue;
		for (const char *const *r = rest; *r; r++)
			if (n - k == strlen(*r) && memcmp(w + k, *r, n - k) == 0)
				return splice(w, n, k - 1, "ur", k, out); /* "...o" + "ur" + rest */
		return 0;
	}
	return 0;
}

/* center -> centre, defense -> defence, and single words. */
static size_t words(const char *w, size_t n, char *out)
{
	static const struct {
		const char *us, *uk;
	} map[] = {
		{"center", "centre"},       {"centers", "centres"},         {"centered", "centred"},
		{"centering", "centring"},  {"theater", "theatre"},         {"theaters", "theatres"},
		{"fiber", "fibre"},         {"fibers", "fibres"},           {"defense", "defence"},
		{"defenses", "defences"},   {"offense", "offence"},         {"offenses", "offences"},
		{"pretense", "pretence"},   {"counselor", "counsellor"},    {"counselors", "counsellors"},
		{"skillful", "skilful"},    {"skillfully", "skilfully"},    {"willful", "wilful"},
		{"judgment", "judgement"},  {"judgments", "judgements"},    {"program", "programme"},
		{"programs", "programmes"}, {"catalog", "catalogue"},       {"catalogs", "catalogues"},
		{"dialog", "dialogue"},     {"dialogs", "dialogues"},       {"gray", "grey"},
		{NULL, NULL},
	};
	for (size_t i = 0; map[i].us; i++)
		if (map[i].us[0] == w[0] && strlen(map[i].us) == n && memcmp(map[i].us, w, n) == 0) {
			size_t k = strlen(map[i].uk);
			memcpy(out, map[i].uk, k);
			return k;
		}
	return 0;
}

size_t evm_spelling_uk(const char *w, size_t n, char *out, size_t cap)
{
	/* every rule adds at most two bytes */
	if (n < 4 || n + 2 > cap)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return 0;
	size_t k = words(w, n, out);
	if (!k)
		k = our(w, n, out);
	if (!k)
		k = ize(w, n, out);
	return k;
}
