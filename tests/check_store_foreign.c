/*
 * check_store_foreign: a database changed by something other than embudo
 * (here: the sqlite3 API on the store's own connection) with a stage this
 * build does not know, or a commitment kind, delivery scope or loss reason.
 * Every read that meets the row says so (STORE_DAMAGED, about that row);
 * none hides it or shows it as another stage or kind, and the rest of the
 * board still reads.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "store_test.h"

static void raw_exec(store *st, const char *sql)
{
	char *err = NULL;

	ck_assert_msg(sqlite3_exec(store_internal_db(st), sql, NULL, NULL, &err) == SQLITE_OK,
	              "%s: %s", sql, err ? err : "?");
}

static int count_cb(const store_opp *o, void *ctx)
{
	(void)o;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_unknown_stage_is_reported)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "Good", "X");
	int64_t b = st_add(st, "Edited", "X");
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_card cards[4];
	store_opp o;
	int n = 0;
	char sql[128];

	snprintf(sql, sizeof sql, "UPDATE opportunity SET stage = 'stage9' WHERE id = %lld",
	         (long long)b);
	raw_exec(st, sql);

	/* The card itself: an error naming it, the value and what to do. */
	ck_assert_int_eq(store_get(st, b, &o), STORE_DAMAGED);
	const char *m = store_message(st);
	ck_assert_msg(strstr(m, "opportunity 2 has an unknown stage 'stage9'") != NULL, "%s", m);
	ck_assert_msg(strstr(m, "integrity_check") != NULL, "%s", m);
	ck_assert_msg(strstr(m, "backup") != NULL, "%s", m);
	ck_assert_ptr_null(o.title); /* nothing half-read is handed out */

	/* The list: an error, not a list without it. */
	ck_assert_int_eq(store_list(st, NULL, count_cb, &n), STORE_DAMAGED);
	ck_assert_int_eq(n, 0);
	ck_assert_msg(strstr(store_message(st), "'stage9'") != NULL, "%s", store_message(st));

	/* The column headers (summary table) and a filtered summary. */
	ck_assert_int_eq(store_summarize(st, NULL, sum), STORE_DAMAGED);
	ck_assert_msg(strstr(store_message(st), "opportunity 2 has an unknown stage") != NULL,
	              "%s", store_message(st));
	store_filter f;
	store_filter_init(&f);
	f.text = "edit";
	ck_assert_int_eq(store_summarize(st, &f, sum), STORE_DAMAGED);

	/* Other cards still read; a list of one known stage too. */
	ck_assert_int_eq(store_get(st, a, &o), STORE_OK);
	ck_assert_int_eq(o.stage, PIPELINE_INMADURA);
	store_opp_free(&o);
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 0, 4, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(cards[0].id, a);
	store_card_free(&cards[0]);
	store_filter_init(&f);
	f.stage = PIPELINE_INMADURA;
	n = 0;
	ck_assert_int_eq(store_list(st, &f, count_cb, &n), STORE_OK);
	ck_assert_int_eq(n, 1);

	/* Writes to it are refused too (they read it first): nothing changes. */
	ck_assert_int_eq(store_set_criterion(st, b, 0, 1, true, NULL, NULL), STORE_DAMAGED);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM criterion"), 0);

	/* Put right, everything reads again. */
	snprintf(sql, sizeof sql, "UPDATE opportunity SET stage = 'inmadura' WHERE id = %lld",
	         (long long)b);
	raw_exec(st, sql);
	n = 0;
	ck_assert_int_eq(store_list(st, NULL, count_cb, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(store_summarize(st, NULL, sum), STORE_OK);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 2);
	store_close(st);
}
END_TEST

/* The stored value goes into a message: neutralised, never raw. */
START_TEST(test_unknown_stage_message_is_safe)
{
	store *st = st_open(st_dbpath);
	store_opp o;

	st_add(st, "Edited", "X");
	raw_exec(st, "UPDATE opportunity SET stage = 'x' || char(27) || '[2J' WHERE id = 1");
	ck_assert_int_eq(store_get(st, 1, &o), STORE_DAMAGED);
	ck_assert_ptr_null(strchr(store_message(st), '\x1b'));
	ck_assert_msg(strstr(store_message(st), "'x\xef\xbf\xbd[2J'") != NULL, "%s",
	              store_message(st));
	store_close(st);
}
END_TEST

/* A lost card whose lost-from stage is unknown cannot be reopened right:
 * reported the same way. Outside perdida the column is not used. */
START_TEST(test_unknown_lost_from_is_reported)
{
	store *st = st_open(st_dbpath);
	store_opp o;

	st_add(st, "Lost", "X");
	ck_assert_int_eq(store_lose(st, 1, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	raw_exec(st, "UPDATE opportunity SET lost_from = 'nowhere' WHERE id = 1");
	ck_assert_int_eq(store_get(st, 1, &o), STORE_DAMAGED);
	ck_assert_msg(strstr(store_message(st), "unknown lost-from stage 'nowhere'") != NULL, "%s",
	              store_message(st));
	raw_exec(st, "UPDATE opportunity SET stage = 'inmadura' WHERE id = 1");
	ck_assert_int_eq(store_get(st, 1, &o), STORE_OK);
	ck_assert_int_eq(o.stage, PIPELINE_INMADURA);
	store_opp_free(&o);
	store_close(st);
}
END_TEST

/* An unknown commitment kind, delivery scope or loss reason is damage,
 * like an unknown stage: before, they were read as email, total and no
 * reason. `embudo check` lists the row and goes on. */
static int count_problems(int64_t opp, const char *problem, void *ctx)
{
	(void)opp;
	(void)problem;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_unknown_kind_scope_reason_are_damage)
{
	store *st = st_open(st_dbpath);
	store_failure f;
	store_opp o;
	static const struct {
		const char *set, *undo, *what;
	} cases[] = {
		{ "UPDATE commitment SET kind = 'fax' WHERE opp_id = 1",
		  "UPDATE commitment SET kind = 'email' WHERE opp_id = 1",
		  "unknown commitment kind 'fax'" },
		{ "UPDATE delivery SET scope = 'half' WHERE opp_id = 1",
		  "UPDATE delivery SET scope = 'total' WHERE opp_id = 1",
		  "unknown delivery scope 'half'" },
		{ "UPDATE opportunity SET loss_reason = 'bored' WHERE id = 2",
		  "UPDATE opportunity SET loss_reason = 'declined' WHERE id = 2",
		  "unknown loss reason 'bored'" },
	};

	st_add(st, "Kinds", "X");
	st_add(st, "Lost", "X");
	ck_assert_int_eq(store_add_commitment(st, 1, 0, PIPELINE_COMMIT_EMAIL, "mail", NULL, NULL),
	                 STORE_OK);
	ck_assert_int_eq(store_set_delivery(st, 1, 0, PIPELINE_SCOPE_TOTAL, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_lose(st, 2, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t id = i == 2 ? 2 : 1;
		int n = 0, problems = 0;
		store_check_report rep;

		raw_exec(st, cases[i].set);
		ck_assert_int_eq(store_get(st, id, &o), STORE_DAMAGED);
		ck_assert_msg(strstr(store_message(st), cases[i].what) != NULL, "%s", store_message(st));
		store_last_failure(st, &f);
		ck_assert_int_eq(f.opp, id);
		ck_assert_int_eq(store_list(st, NULL, count_cb, &n), STORE_DAMAGED);
		/* The check reports it and goes on to the other card. */
		ck_assert_int_eq(store_check(st, count_problems, &problems, &rep), STORE_OK);
		ck_assert_int_eq(rep.opportunities, 2);
		ck_assert_int_ge(rep.problems, 1);
		raw_exec(st, cases[i].undo);
		ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
		store_opp_free(&o);
	}
	store_close(st);
}
END_TEST

static Suite *store_foreign_suite(void)
{
	Suite *s = suite_create("store_foreign");
	TCase *tc = tcase_create("foreign");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_add_test(tc, test_unknown_stage_is_reported);
	tcase_add_test(tc, test_unknown_stage_message_is_safe);
	tcase_add_test(tc, test_unknown_lost_from_is_reported);
	tcase_add_test(tc, test_unknown_kind_scope_reason_are_damage);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(store_foreign_suite());
}
