/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal test harness for the userspace tests of the portable code.
 *
 *	TEST_CASE(fig8_invlpg_frees_empty_pt) { ... CHECK(x == 1); ... }
 *	int main(void) { return test_main("unit-core"); }
 *
 * Test cases register themselves (constructor), run in definition order,
 * and a failing CHECK prints file:line, the expression and the case name,
 * then the case continues. test_main prints one summary line
 *	<suite>: N passed, M failed
 * (N and M count test cases) which scripts/check adds up, and returns the
 * process exit status (0 only if every case passed). Suite names use only
 * letters and '-'.
 */
#ifndef _VTLB_TESTS_CHECK_H
#define _VTLB_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
	struct test_case *next;
};

extern int test_failed_checks;	/* failures in the running case */
void test_register(struct test_case *tc);
int test_main(const char *suite);
/* Run only cases whose name contains @filter (NULL: all); for debugging. */
void test_set_filter(const char *filter);

#define TEST_CASE(n)							\
	static void test_fn_##n(void);					\
	static struct test_case test_tc_##n = { #n, test_fn_##n, NULL }; \
	__attribute__((constructor)) static void test_reg_##n(void)	\
	{ test_register(&test_tc_##n); }				\
	static void test_fn_##n(void)

#define CHECK(expr) do {						\
	if (!(expr)) {							\
		test_failed_checks++;					\
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n",		\
			__FILE__, __LINE__, #expr);			\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long check_a_ = (unsigned long long)(a);		\
	unsigned long long check_b_ = (unsigned long long)(b);		\
	if (check_a_ != check_b_) {					\
		test_failed_checks++;					\
		fprintf(stderr, "%s:%d: CHECK_EQ(%s, %s) failed: %#llx != %#llx\n", \
			__FILE__, __LINE__, #a, #b, check_a_, check_b_); \
	}								\
} while (0)

#endif
