#include "police_split.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "seedtext.h"
#include "util/vec.h"

/* Capitalised words that are names or nouns, not the opening verb of a new
 * bullet. Found by reading the clean cells; anything this list misses is
 * caught by the reviewed correction file. */
static const char *const NOUNS[] = {
	"Force", "Force's", "Diversity", "Code", "Ethics", "Customer", "Customers", "Customers'", "Policing",
	"Peers", "Team", "Partnerships", "Public", "National", "Politics", "Operations", "CPD", "CI", "I",
	"Force,", "Forces", "Victims", "Witnesses", "Offenders", "Partners", "Police", "Leadership", NULL};

/* Words after which a capitalised word continues the phrase. */
static const char *const JOINERS[] = {"the", "our", "of", "and", "for", "with", "to", "a", "an", "in", "&",
				      "on", "across", "as", "by", "from", "or", "within", "into", "at",
				      "about", "their", "own", "both", "all", "those", NULL};

static int in_list(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (strcmp(*list, w) == 0)
			return 1;
	return 0;
}

static int opens_bullet(const char *prev, const char *w)
{
	if (!isupper((unsigned char)w[0]) || !w[1] || !islower((unsigned char)w[1]))
		return 0;
	if (in_list(NOUNS, w) || in_list(JOINERS, prev))
		return 0;
	return 1;
}

char **police_split_cell(const char *text, size_t *n)
{
	char *c = clean_dup(text);
	evm_vec words = EVM_VEC_INIT, out = EVM_VEC_INIT;
	for (char *tok = strtok(c, " "); tok; tok = strtok(NULL, " "))
		evm_vec_push(&words, tok);
	evm_buf cur = EVM_BUF_INIT;
	for (size_t i = 0; i < words.len; i++) {
		const char *w = words.items[i];
		if (i && opens_bullet(words.items[i - 1], w) && cur.len) {
			evm_vec_push(&out, evm_buf_detach(&cur, NULL));
		}
		if (cur.len)
			evm_buf_putc(&cur, ' ');
		evm_buf_puts(&cur, w);
	}
	if (cur.len)
		evm_vec_push(&out, evm_buf_detach(&cur, NULL));
	evm_buf_free(&cur);
	evm_vec_free(&words);
	free(c);
	*n = out.len;
	if (!out.items)
		return calloc(1, sizeof(char *));
	return (char **)out.items;
}
