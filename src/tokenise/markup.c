/* HTML left in a text by the form or export it came from ("<p>I set up a
 * rota.</p>", "&amp;"), blanked in place so that every byte offset into
 * the text still holds. Without this, "p" and "strong" count as words, and
 * paragraphs run together into one sentence, whose one negation then sets
 * the polarity of them all. */
#include "markup.h"

#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* The tag name at s[0..n) (after '<' and any '/'), lower-cased into name. */
static size_t tag_name(const char *s, size_t n, char *name, size_t cap)
{
	size_t k = 0;
	while (k < n && k + 1 < cap && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
					(k > 0 && s[k] >= '1' && s[k] <= '6')))
		name[k] = (char)lower(s[k]), k++;
	name[k] = '\0';
	return k;
}

static int one_of(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/* An HTML entity at s[0..n): its length, and what it stands for (ASCII, or
 * a curly apostrophe or dash in UTF-8) in rep. 0 when it is not one. */
static size_t entity(const char *s, size_t n, const char **rep)
{
	static const struct {
		const char *name, *rep;
	} ents[] = {{"&amp;", "&"},          {"&nbsp;", " "},        {"&lt;", "<"},     {"&gt;", ">"},
		    {"&quot;", "\""},        {"&#39;", "'"},         {"&apos;", "'"},   {"&rsquo;", "\xE2\x80\x99"},
		    {"&lsquo;", "\xE2\x80\x98"}, {"&ndash;", "\xE2\x80\x93"}, {"&mdash;", "\xE2\x80\x94"},
		    {"&pound;", "\xC2\xA3"}, {NULL, NULL}};
	for (size_t i = 0; ents[i].name; i++) {
		size_t k = strlen(ents[i].name);
		if (k <= n && memcmp(s, ents[i].name, k) == 0) {
			*rep = ents[i].rep;
			return k;
		}
	}
	return 0;
}

size_t evm_markup_blank(char *text, size_t len)
{
	/* tags that end a paragraph or a list item: a blank line in their place
	 * ends the sentence; any other known tag becomes spaces */
	static const char *const block[] = {"p", "br", "li", "div", "ul", "ol", "tr", "td", "th", "table", "h1", "h2",
					    "h3", "h4", "h5", "h6", "blockquote", "section", "article", NULL};
	static const char *const inline_[] = {"span", "strong", "b", "i", "em", "u", "a", "font", "small", "sub",
					      "sup", "mark", NULL};
	size_t changed = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '&') {
			const char *rep;
			size_t k = entity(text + i, len - i, &rep);
			if (k) {
				size_t r = strlen(rep);
				memcpy(text + i, rep, r);
				/* inside a word ("didn&#39;t"), the rest of the word moves up to
				 * close the gap, so that the word and the patterns read
				 * "didn't"; the padding goes after the word. Only that word's
				 * tail moves: its highlight may stop short of the original */
				size_t j = i + k;
				if (i > 0 && is_alpha(text[i - 1]) && j < len && is_alpha(text[j]))
					while (j < len && (is_alpha(text[j]) || (text[j] >= '0' && text[j] <= '9')))
						j++;
				memmove(text + i + r, text + i + k, j - (i + k));
				memset(text + j - (k - r), ' ', k - r);
				i = j - 1;
				changed++;
			}
			continue;
		}
		if (text[i] != '<' || i + 1 >= len)
			continue;
		size_t p = i + 1;
		if (text[p] == '/')
			p++;
		char name[16];
		size_t nl = tag_name(text + p, len - p, name, sizeof name);
		if (!nl || p + nl >= len || !(text[p + nl] == '>' || text[p + nl] == ' ' || text[p + nl] == '/'))
			continue;
		int is_block = one_of(name, block);
		if (!is_block && !one_of(name, inline_))
			continue; /* "<3", "a < b", "<unknown>": text, not markup */
		const char *gt = memchr(text + p + nl, '>', len - p - nl);
		const char *lt = memchr(text + p + nl, '<', len - p - nl);
		if (!gt || (lt && lt < gt))
			continue;
		size_t end = (size_t)(gt - text) + 1;
		memset(text + i, ' ', end - i);
		if (is_block && end - i >= 2)
			text[i] = '\n', text[i + 1] = '\n';
		changed++;
		i = end - 1;
	}
	return changed;
}
