/*
 * check_store_restore: a restored card goes back to its old place in its
 * column when nobody took it meanwhile, else to the end; never two live
 * cards on one position.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "store_test.h"

/* The ids of a column's live cards, top to bottom; returns how many. */
static int column(store *st, pipeline_stage stage, int64_t ids[16])
{
	store_card cards[16];
	int n;

	ck_assert_int_eq(store_cards(st, stage, NULL, 0, 16, cards, &n), STORE_OK);
	for (int i = 0; i < n; i++) {
		ids[i] = cards[i].id;
		/* Strictly increasing positions: no two cards share one. */
		if (i > 0)
			ck_assert_int_gt(cards[i].position, cards[i - 1].position);
		store_card_free(&cards[i]);
	}
	return n;
}

static void expect_column(store *st, pipeline_stage stage, int n, const int64_t *want)
{
	int64_t ids[16];

	ck_assert_int_eq(column(st, stage, ids), n);
	for (int i = 0; i < n; i++)
		ck_assert_msg(ids[i] == want[i], "place %d: card %lld, want %lld", i,
		              (long long)ids[i], (long long)want[i]);
}

START_TEST(test_restore_middle_card_in_place)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "A", "X"), b = st_add(st, "B", "X"), c = st_add(st, "C", "X");

	ck_assert_int_eq(store_delete(st, b, 0), STORE_OK);
	expect_column(st, PIPELINE_INMADURA, 2, (int64_t[]){ a, c });
	ck_assert_int_eq(store_restore(st, b, 0), STORE_OK);
	expect_column(st, PIPELINE_INMADURA, 3, (int64_t[]){ a, b, c });
	store_close(st);
}
END_TEST

/* Reordering the others leaves the deleted card's position free: it comes
 * back between the same positions, whoever sits there now. */
START_TEST(test_restore_after_reorder)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "A", "X"), b = st_add(st, "B", "X"), c = st_add(st, "C", "X");

	ck_assert_int_eq(store_delete(st, b, 0), STORE_OK);
	ck_assert_int_eq(store_reorder(st, c, 0, -1), STORE_OK); /* c above a */
	expect_column(st, PIPELINE_INMADURA, 2, (int64_t[]){ c, a });
	ck_assert_int_eq(store_restore(st, b, 0), STORE_OK);
	expect_column(st, PIPELINE_INMADURA, 3, (int64_t[]){ c, b, a });
	store_close(st);
}
END_TEST

/* The last card deleted: a new card takes its position (the end of the
 * column counts live cards only), so the restored one goes to the end. */
START_TEST(test_restore_taken_place_goes_to_end)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "A", "X"), b = st_add(st, "B", "X");
	store_opp ob, oc;

	ck_assert_int_eq(store_delete(st, b, 0), STORE_OK);
	int64_t c = st_add(st, "C", "X");
	ck_assert_int_eq(store_get(st, b, &ob), STORE_OK);
	ck_assert_int_eq(store_get(st, c, &oc), STORE_OK);
	ck_assert_int_eq(ob.position, oc.position); /* the place really was taken */
	store_opp_free(&ob);
	store_opp_free(&oc);
	ck_assert_int_eq(store_restore(st, b, 0), STORE_OK);
	expect_column(st, PIPELINE_INMADURA, 3, (int64_t[]){ a, c, b });
	store_close(st);
}
END_TEST

/* A card moved into the column after the delete may take the place too. */
START_TEST(test_restore_place_taken_by_a_move)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "A", "X");
	int64_t b = st_add(st, "B", "X");
	int64_t m = st_add(st, "M", "X");

	st_qualify(st, a);
	st_qualify(st, b);
	st_qualify(st, m);
	ck_assert_int_eq(store_move(st, a, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, b, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_delete(st, b, 0), STORE_OK);
	ck_assert_int_eq(store_move(st, m, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_restore(st, b, 0), STORE_OK);
	expect_column(st, PIPELINE_CALIFICADA, 3, (int64_t[]){ a, m, b });
	/* And the inmadura column it never was in is untouched. */
	expect_column(st, PIPELINE_INMADURA, 0, NULL);
	store_close(st);
}
END_TEST

static Suite *store_restore_suite(void)
{
	Suite *s = suite_create("store_restore");
	TCase *tc = tcase_create("restore");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_add_test(tc, test_restore_middle_card_in_place);
	tcase_add_test(tc, test_restore_after_reorder);
	tcase_add_test(tc, test_restore_taken_place_goes_to_end);
	tcase_add_test(tc, test_restore_place_taken_by_a_move);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(store_restore_suite());
}
