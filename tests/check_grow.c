/* Tests for grow_array: the capacity doubles from the first size, the
 * items already there are kept, and an impossible size is refused with
 * the array left as it was. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/grow.h"

/* Ten thousand pushes from nothing: every value kept, the capacity
 * 16, 32, 64... and never changed while there is room. */
START_TEST(test_pushes_keep_every_item)
{
	int64_t *v = NULL;
	size_t cap = 0, n = 0;
	for (int64_t i = 0; i < 10000; i++) {
		size_t before = cap;
		int64_t *g = grow_array(v, &cap, n, sizeof *v, 16);
		ck_assert_ptr_nonnull(g);
		if (n < before)
			ck_assert_uint_eq(cap, before);
		else
			ck_assert_uint_eq(cap, before ? before * 2 : 16);
		v = g;
		v[n++] = i * 7;
	}
	ck_assert_uint_eq(cap, 16384);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(v[i], (int64_t)i * 7);
	free(v);
}
END_TEST

/* A size past SIZE_MAX is refused, not wrapped into a small block. */
START_TEST(test_overflow_refused)
{
	char *v = malloc(4);
	ck_assert_ptr_nonnull(v);
	v[0] = 'x';
	size_t cap = 4;
	ck_assert_ptr_null(grow_array(v, &cap, 4, SIZE_MAX / 4, 16));
	ck_assert_uint_eq(cap, 4);
	ck_assert_int_eq(v[0], 'x'); /* still the caller's */
	cap = SIZE_MAX / 2 + 1;
	ck_assert_ptr_null(grow_array(v, &cap, cap, 1, 16));
	free(v);
}
END_TEST

static Suite *grow_suite(void)
{
	Suite *s = suite_create("grow");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pushes_keep_every_item);
	tcase_add_test(tc, test_overflow_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(grow_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
