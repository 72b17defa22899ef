/*
 * A card's last activity (schema 6) is kept on its row, written with every
 * history row that is activity (any change but a reorder), so that the
 * board's windows read it with the card instead of walking the history.
 * The upgrade from schema 5 fills it from the history; `embudo check`
 * compares it with the history.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "store_test.h"

/* The card's kept last activity, read as the sqlite3 shell would. */
static void kept(int64_t id, char out[32])
{
	char sql[96];
	sqlite3 *db;
	sqlite3_stmt *s;

	snprintf(sql, sizeof sql, "SELECT activity FROM opportunity WHERE id = %lld", (long long)id);
	ck_assert_int_eq(sqlite3_open_v2(st_dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, 32, "%s", sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* The window's card id in Inmadura, its activity as the board reads it. */
static void board_activity(store *st, int64_t id, char out[32])
{
	store_card cards[8];
	int n;

	out[0] = '\0';
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 0, 8, cards, &n), STORE_OK);
	for (int i = 0; i < n; i++) {
		if (cards[i].id == id)
			snprintf(out, 32, "%s", cards[i].activity);
		store_card_free(&cards[i]);
	}
}

static int check_problems(char *first, size_t firstsz);

START_TEST(test_activity_follows_changes_but_reorders)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "Uno", "Cliente"), b;
	char k[32], w[32];

	kept(a, k);
	ck_assert_str_eq(k, "2026-03-01T12:00:00Z");
	board_activity(st, a, w);
	ck_assert_str_eq(w, k);

	store_set_now(st, ST_NOW + 3600);
	store_fields f = { .title = "Uno bis" };
	ck_assert_int_eq(store_edit(st, a, 0, &f), STORE_OK);
	kept(a, k);
	ck_assert_str_eq(k, "2026-03-01T13:00:00Z");

	store_set_now(st, ST_NOW + 7200);
	ck_assert_int_eq(store_set_criterion(st, a, 0, 1, true, NULL, NULL), STORE_OK);
	kept(a, k);
	ck_assert_str_eq(k, "2026-03-01T14:00:00Z");

	/* A reorder is no activity: neither the card's nor its neighbour's. */
	store_set_now(st, ST_NOW + 10800);
	b = st_add(st, "Dos", "Cliente");
	store_set_now(st, ST_NOW + 14400);
	ck_assert_int_eq(store_reorder(st, b, 0, -1), STORE_OK);
	kept(a, k);
	ck_assert_str_eq(k, "2026-03-01T14:00:00Z");
	kept(b, k);
	ck_assert_str_eq(k, "2026-03-01T15:00:00Z");
	board_activity(st, b, w);
	ck_assert_str_eq(w, "2026-03-01T15:00:00Z");

	store_set_now(st, ST_NOW + 18000);
	st_qualify(st, a);
	ck_assert_int_eq(store_move(st, a, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	kept(a, k);
	ck_assert_str_eq(k, "2026-03-01T17:00:00Z");
	store_opp o;
	ck_assert_int_eq(store_get(st, a, &o), STORE_OK);
	ck_assert_str_eq(o.activity, "2026-03-01T17:00:00Z");
	store_opp_free(&o);
	store_close(st);

	char first[512] = "";
	ck_assert_msg(check_problems(first, sizeof first) == 0, "%s", first);
}
END_TEST

/* A schema-5 database: the upgrade fills every card's last activity from
 * its history, the newest activity row (a reorder after it does not
 * count). */
START_TEST(test_upgrade_fills_from_history)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "Uno", "Cliente");
	store_set_now(st, ST_NOW + 60);
	int64_t b = st_add(st, "Dos", "Cliente");
	store_set_now(st, ST_NOW + 120);
	ck_assert_int_eq(store_set_criterion(st, a, 0, 2, true, NULL, NULL), STORE_OK);
	store_set_now(st, ST_NOW + 180);
	ck_assert_int_eq(store_reorder(st, a, 0, 1), STORE_OK);
	store_close(st);

	st_downgrade_v5(st_dbpath);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), 5);
	st = st_open(st_dbpath);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), 6);
	char k[32];
	kept(a, k);
	ck_assert_str_eq(k, "2026-03-01T12:02:00Z");
	kept(b, k);
	ck_assert_str_eq(k, "2026-03-01T12:01:00Z");
	store_close(st);
	char first[512] = "";
	ck_assert_msg(check_problems(first, sizeof first) == 0, "%s", first);
}
END_TEST

/* A kept activity someone changed by hand is named by `embudo check`. */
START_TEST(test_check_names_a_wrong_activity)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "Uno", "Cliente");
	store_close(st);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE opportunity SET activity = '2020-01-01T00:00:00Z' WHERE id = %lld",
	         (long long)a);
	st_plain_exec(st_dbpath, sql);
	char first[512] = "";
	ck_assert_int_eq(check_problems(first, sizeof first), 1);
	ck_assert_msg(strstr(first, "keeps 2020-01-01T00:00:00Z as its last activity; its history says "
	                            "2026-03-01T12:00:00Z") != NULL, "%s", first);
}
END_TEST

static int collect(int64_t opp, const char *problem, void *ctx)
{
	char *first = ctx;

	(void)opp;
	if (!first[0])
		snprintf(first, 512, "%s", problem);
	return 0;
}

static int check_problems(char *first, size_t firstsz)
{
	store *st = st_open(st_dbpath);
	store_check_report rep;

	(void)firstsz;
	ck_assert_int_eq(store_check(st, collect, first, &rep), STORE_OK);
	store_close(st);
	return (int)rep.problems;
}

static Suite *activity_suite(void)
{
	Suite *s = suite_create("store_activity");
	TCase *tc = tcase_create("activity");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_add_test(tc, test_activity_follows_changes_but_reorders);
	tcase_add_test(tc, test_upgrade_fills_from_history);
	tcase_add_test(tc, test_check_names_a_wrong_activity);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(activity_suite());
}
