#include "workload.h"

#include <stdlib.h>
#include <string.h>

static uint64_t next(uint64_t *s)
{
	/* xorshift64*: fast, and the same sequence on every machine */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static const char *const EVERYDAY[] = {
	"Last year our team had a backlog of over 300 cases and morale was low.",
	"I set up a weekly rota so that cover was fair and nobody worked three weekends in a row.",
	"My manager asked me to take on two new starters while a colleague was on leave.",
	"We were behind on our turnaround times because the old spreadsheet kept crashing.",
	"I spoke to each caseworker individually to find out where the delays were.",
	"The inbox had more than 400 unread emails when I picked it up.",
	"As a result, waiting times fell from six weeks to nine days.",
	"I kept the service users informed with a short update every Friday.",
	"Some colleagues were unhappy about the change, so I listened and adjusted the plan.",
	"I wrote a one-page guide and ran two short sessions for the wider office.",
	"The project came in on time and £40k under budget.",
	"Missed the deadline twice and did not update the team.",
	"Checks every report three times, so the queue keeps growing.",
	"She is always willing to help colleagues, e.g. covering the front desk at short notice.",
	"Feedback from the audit was positive and the approach was adopted by two other sites.",
};
#define NEVERYDAY (sizeof EVERYDAY / sizeof EVERYDAY[0])

/* An indicator's text with one word in four dropped: close to, not the same as, framework language. */
static void indicator_like(char **o, size_t *ol, size_t *oc, const char *t, uint64_t *s)
{
	size_t n = strlen(t);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && t[j] != ' ')
			j++;
		if (next(s) % 4) {
			if (*ol + (j - i) + 2 >= *oc) {
				*oc = (*oc + j - i + 2) * 2;
				*o = realloc(*o, *oc);
			}
			memcpy(*o + *ol, t + i, j - i);
			*ol += j - i;
			(*o)[(*ol)++] = ' ';
		}
		i = j + 1;
	}
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
	return w;
}

void workload_make(workload *w, const evm_lexicon *lx, uint64_t seed, size_t n, size_t words)
{
	memset(w, 0, sizeof *w);
	w->text = calloc(n, sizeof *w->text);
	w->len = calloc(n, sizeof *w->len);
	w->n = n;
	uint64_t s = seed ? seed : 1;
	size_t nfw = evm_lexicon_framework_count(lx);
	for (size_t i = 0; i < n; i++) {
		size_t cap = words * 8 + 64, len = 0;
		char *o = malloc(cap);
		while (count_words(o, len) < words) {
			if (next(&s) % 2) {
				const evm_framework *fw = evm_lexicon_framework(lx, next(&s) % nfw);
				const evm_indicator *ind = evm_framework_indicator(fw, next(&s) % evm_framework_indicator_count(fw));
				indicator_like(&o, &len, &cap, ind->text, &s);
				if (len && o[len - 1] == ' ')
					len--;
				if (len + 3 >= cap)
					o = realloc(o, cap *= 2);
				o[len++] = '.';
				o[len++] = ' ';
			} else {
				const char *e = EVERYDAY[next(&s) % NEVERYDAY];
				size_t el = strlen(e);
				if (len + el + 2 >= cap)
					o = realloc(o, cap = (cap + el + 2) * 2);
				memcpy(o + len, e, el);
				len += el;
				o[len++] = ' ';
			}
		}
		o[len] = '\0';
		w->text[i] = o;
		w->len[i] = len;
		w->bytes += len;
	}
}

void workload_free(workload *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->text[i]);
	free(w->text);
	free(w->len);
	memset(w, 0, sizeof *w);
}
