/* import/police_split.c: the mechanical bullet splitter for run-on cells. */
#include <stdlib.h>

#include "check.h"
#include "import/police_split.h"
#include "import/seedtext.h"


int main(void)
{
	size_t n;
	char **b = police_split_cell("Is an advocate for Diversity across the Force encouraging others to embrace new ideas and perspectives Adapts style and approach", &n);
	CHECK_INT(n, 2);
	CHECK_STR(b[0], "Is an advocate for Diversity across the Force encouraging others to embrace new ideas and perspectives");
	CHECK_STR(b[1], "Adapts style and approach");
	free_strings(b, n);

	/* names and nouns after joiners do not open a bullet */
	b = police_split_cell("Follows the principles and expectations of the Code of Ethics Shows courage", &n);
	CHECK_INT(n, 2);
	CHECK_STR(b[0], "Follows the principles and expectations of the Code of Ethics");
	free_strings(b, n);

	/* acronyms do not open a bullet */
	b = police_split_cell("Is negative about Force or Team CI Implements changes", &n);
	CHECK_INT(n, 2);
	CHECK_STR(b[1], "Implements changes");
	free_strings(b, n);

	b = police_split_cell("   ", &n);
	CHECK_INT(n, 0);
	free_strings(b, n);
	return check_summary("police_split");
}
