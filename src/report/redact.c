#include "redact.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static const char *const PATTERNS[] = {
	/* e-mail */
	"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}",
	/* National Insurance number: two letters, six digits, A-D, spaces optional */
	"\\b(?![DFIQUV])[A-Z](?![DFIQUVO])[A-Z]\\s?\\d{2}\\s?\\d{2}\\s?\\d{2}\\s?[A-D]\\b",
	/* UK phone numbers: +44 or 0, then 9-10 more digits with spaces, dots or dashes */
	"(?:(?:\\+|00)44\\s?\\(?0?\\)?|\\b0)\\d{2,4}[\\s.-]?\\d{3,4}[\\s.-]?\\d{3,4}\\b",
	/* postcodes */
	"\\b[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}\\b",
};
#define NPAT (sizeof PATTERNS / sizeof PATTERNS[0])

static pcre2_code *re[NPAT];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	for (size_t i = 0; i < NPAT; i++) {
		int err;
		PCRE2_SIZE off;
		re[i] = pcre2_compile((PCRE2_SPTR)PATTERNS[i], PCRE2_ZERO_TERMINATED, PCRE2_CASELESS * (i == 3 || i == 1), &err,
				      &off, NULL);
	}
}

char *redact_copy(const char *text, size_t len)
{
	pthread_once(&once, init);
	char *c = malloc(len + 1);
	if (!c)
		return NULL;
	memcpy(c, text, len);
	c[len] = '\0';
	for (size_t i = 0; i < NPAT; i++) {
		if (!re[i])
			continue;
		pcre2_match_data *md = pcre2_match_data_create(1, NULL);
		PCRE2_SIZE start = 0;
		/* byte mode: the text may hold replaced bytes; '*' keeps offsets */
		while (md && start < len &&
		       pcre2_match(re[i], (PCRE2_SPTR)c, len, start, 0, md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			for (PCRE2_SIZE k = ov[0]; k < ov[1]; k++)
				c[k] = '*';
			start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
		pcre2_match_data_free(md);
	}
	return c;
}
