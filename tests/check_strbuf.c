/* Tests for strbuf: growth, formatting, and failure that is never a
 * silent cut. realloc is wrapped (see the Makefile) so a test can make
 * the next allocation fail. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

void *__real_realloc(void *p, size_t size);
void *__wrap_realloc(void *p, size_t size);

static int fail_next; /* reallocs to refuse */

void *__wrap_realloc(void *p, size_t size)
{
	if (fail_next > 0) {
		fail_next--;
		return NULL;
	}
	return __real_realloc(p, size);
}

START_TEST(test_empty)
{
	strbuf b = STRBUF_INIT;
	ck_assert_str_eq(strbuf_str(&b), "");
	ck_assert_uint_eq(strbuf_len(&b), 0);
	ck_assert(!strbuf_failed(&b));
	char *s = strbuf_take(&b);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

/* Thousands of parts, far past any first allocation: every byte kept. */
START_TEST(test_grows_without_loss)
{
	strbuf b = STRBUF_INIT;
	char expect[5 * 4000 + 1];
	size_t n = 0;
	for (int i = 0; i < 4000; i++) {
		char part[8];
		snprintf(part, sizeof part, "%04d,", i % 10000);
		ck_assert(i % 2 ? strbuf_append(&b, part) : strbuf_appendf(&b, "%04d,", i % 10000));
		memcpy(expect + n, part, 5);
		n += 5;
	}
	expect[n] = '\0';
	ck_assert_uint_eq(strbuf_len(&b), n);
	ck_assert_str_eq(strbuf_str(&b), expect);
	ck_assert(!strbuf_failed(&b));
	strbuf_free(&b);
}
END_TEST

/* A formatted part longer than the formatter's first try. */
START_TEST(test_long_format)
{
	strbuf b = STRBUF_INIT;
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ck_assert(strbuf_append(&b, "<"));
	ck_assert(strbuf_appendf(&b, "%s|%d", big, 42));
	ck_assert_uint_eq(strbuf_len(&b), 1 + 2999 + 3);
	ck_assert(strncmp(strbuf_str(&b), "<xxx", 4) == 0);
	ck_assert_str_eq(strbuf_str(&b) + 1 + 2999, "|42");
	strbuf_free(&b);
}
END_TEST

START_TEST(test_appendn_and_char)
{
	strbuf b = STRBUF_INIT;
	ck_assert(strbuf_appendn(&b, "abcdef", 3));
	ck_assert(strbuf_appendc(&b, '-'));
	ck_assert(strbuf_append(&b, NULL));
	ck_assert(strbuf_appendn(&b, "", 0));
	ck_assert_str_eq(strbuf_str(&b), "abc-");
	strbuf_reset(&b);
	ck_assert_str_eq(strbuf_str(&b), "");
	ck_assert(strbuf_append(&b, "again"));
	ck_assert_str_eq(strbuf_str(&b), "again");
	strbuf_free(&b);
}
END_TEST

/* An allocation that fails: the append adds nothing, the buffer says it
 * failed, later appends are ignored (no text with a hole in it), and
 * take gives NULL instead of a cut string. */
START_TEST(test_failure_is_never_a_cut)
{
	strbuf b = STRBUF_INIT;
	ck_assert(strbuf_append(&b, "SELECT id FROM opportunity"));
	char big[1000];
	memset(big, 'y', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fail_next = 1;
	ck_assert(!strbuf_append(&b, big));
	ck_assert(strbuf_failed(&b));
	ck_assert_str_eq(strbuf_str(&b), "SELECT id FROM opportunity");
	ck_assert(!strbuf_append(&b, " WHERE 1"));
	ck_assert(!strbuf_appendf(&b, " AND %d", 2));
	ck_assert_str_eq(strbuf_str(&b), "SELECT id FROM opportunity");
	ck_assert_ptr_null(strbuf_take(&b));
	ck_assert_uint_eq(strbuf_len(&b), 0);
}
END_TEST

/* The formatted path fails the same way. */
START_TEST(test_failure_in_format)
{
	strbuf b = STRBUF_INIT;
	char big[600];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fail_next = 1;
	ck_assert(!strbuf_appendf(&b, "%s", big));
	ck_assert(strbuf_failed(&b));
	ck_assert_str_eq(strbuf_str(&b), "");
	strbuf_reset(&b);
	ck_assert(!strbuf_failed(&b));
	ck_assert(strbuf_appendf(&b, "%s", big));
	ck_assert_uint_eq(strbuf_len(&b), 599);
	strbuf_free(&b);
}
END_TEST

/* A size that cannot be had is refused, never wrapped around. */
START_TEST(test_reserve_overflow)
{
	strbuf b = STRBUF_INIT;
	ck_assert(strbuf_append(&b, "abc"));
	ck_assert(!strbuf_reserve(&b, SIZE_MAX - 1));
	ck_assert(strbuf_failed(&b));
	ck_assert_str_eq(strbuf_str(&b), "abc");
	strbuf_free(&b);
}
END_TEST

static Suite *strbuf_suite(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_grows_without_loss);
	tcase_add_test(tc, test_long_format);
	tcase_add_test(tc, test_appendn_and_char);
	tcase_add_test(tc, test_failure_is_never_a_cut);
	tcase_add_test(tc, test_failure_in_format);
	tcase_add_test(tc, test_reserve_overflow);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(strbuf_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
