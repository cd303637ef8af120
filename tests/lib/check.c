// SPDX-License-Identifier: GPL-2.0
/* The test harness behind check.h. */
#include <stdlib.h>
#include "check.h"

int test_failed_checks;
static struct test_case *head, **tail = &head;
static const char *only;

void test_register(struct test_case *tc)
{
	*tail = tc;
	tail = &tc->next;
}

void test_set_filter(const char *filter)
{
	only = filter;
}

int test_main(const char *suite)
{
	int passed = 0, failed = 0;
	struct test_case *tc;

	if (!only)
		only = getenv("TEST_FILTER");
	for (tc = head; tc; tc = tc->next) {
		if (only && !strstr(tc->name, only))
			continue;
		test_failed_checks = 0;
		tc->fn();
		if (test_failed_checks) {
			failed++;
			printf("not ok - %s: %s\n", suite, tc->name);
		} else {
			passed++;
		}
	}
	printf("%s: %d passed, %d failed\n", suite, passed, failed);
	return failed ? 1 : 0;
}
