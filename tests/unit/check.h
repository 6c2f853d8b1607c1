/* A deliberately small test harness: CHECK records a failure and carries on,
 * so one run reports every broken expectation; the summary line is the
 * "N passed, N failed" form CI reads. */
#ifndef EVM_TEST_CHECK_H
#define EVM_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (cond) {                                                          \
			check_passed++;                                              \
		} else {                                                             \
			check_failed++;                                              \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                    \
	} while (0)

#define CHECK_STR(a, b)                                                              \
	do {                                                                         \
		const char *a_ = (a), *b_ = (b);                                     \
		if (a_ && b_ && strcmp(a_, b_) == 0) {                               \
			check_passed++;                                              \
		} else {                                                             \
			check_failed++;                                              \
			fprintf(stderr, "%s:%d: CHECK_STR failed: %s == \"%s\", expected \"%s\"\n", \
				__FILE__, __LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
		}                                                                    \
	} while (0)

#define CHECK_INT(a, b)                                                              \
	do {                                                                         \
		long long a_ = (long long)(a), b_ = (long long)(b);                  \
		if (a_ == b_) {                                                      \
			check_passed++;                                              \
		} else {                                                             \
			check_failed++;                                              \
			fprintf(stderr, "%s:%d: CHECK_INT failed: %s == %lld, expected %lld\n", \
				__FILE__, __LINE__, #a, a_, b_);                     \
		}                                                                    \
	} while (0)

static inline int check_summary(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
