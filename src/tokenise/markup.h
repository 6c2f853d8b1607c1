/* HTML markup in a text, blanked without moving a byte (see markup.c). */
#ifndef EVM_TOKENISE_MARKUP_H
#define EVM_TOKENISE_MARKUP_H

#include <stddef.h>

/* Rewrites text[0..len) in place: known HTML tags become spaces (a blank
 * line first, for tags that end a paragraph or list item), and entities
 * such as "&amp;" the character they stand for padded with spaces. Inside
 * a word ("didn&#39;t") the padding goes after the word. Every other byte
 * stays where it was. Returns how many tags and entities it rewrote. */
size_t evm_markup_blank(char *text, size_t len);

#endif
