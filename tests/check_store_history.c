/*
 * check_store_history: the typed history (schema 4). Every writer fills
 * the typed columns in the row it writes; the typed read gives the stage
 * entries time in stage is built from; the last activity leaves reordering
 * out; and a schema-3 database (tests/fixtures/schema3, written by the
 * build before typed history) is upgraded to the same typed rows, with a
 * row it cannot read left untyped and listed by the check.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "store_test.h"

#define DAY ((time_t)86400)
#define SCHEMA3_DUMP "tests/fixtures/schema3/history.sql"

/* The typed part of the events, copied out of the callback. */
typedef struct typed {
	int64_t id;
	char what[32], field[32], old_value[64], new_value[64];
	bool typed, through, has_amount, has_old_amount;
	review_event_kind kind;
	pipeline_stage from, to;
	pipeline_evidence_kind evidence;
	int64_t item, amount, old_amount;
	char currency[4], old_currency[4];
	pipeline_loss reason;
	char at[DATE_TS_LEN + 1];
} typed;

typedef struct events_log {
	typed v[128];
	int n;
} events_log;

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int collect(const store_event *e, void *ctx)
{
	events_log *l = ctx;
	ck_assert_int_lt(l->n, 128);
	typed *t = &l->v[l->n++];
	memset(t, 0, sizeof *t);
	t->id = e->id;
	copy(t->what, sizeof t->what, e->what);
	copy(t->field, sizeof t->field, e->field);
	copy(t->old_value, sizeof t->old_value, e->old_value);
	copy(t->new_value, sizeof t->new_value, e->new_value);
	copy(t->at, sizeof t->at, e->at);
	t->typed = e->typed;
	t->kind = e->kind;
	t->from = e->from;
	t->to = e->to;
	t->through = e->through;
	t->evidence = e->evidence;
	t->item = e->item;
	t->has_amount = e->has_amount;
	t->amount = e->amount;
	copy(t->currency, sizeof t->currency, e->currency);
	t->has_old_amount = e->has_old_amount;
	t->old_amount = e->old_amount;
	copy(t->old_currency, sizeof t->old_currency, e->old_currency);
	t->reason = e->reason;
	return 0;
}

static void history_of(store *st, int64_t id, events_log *l)
{
	memset(l, 0, sizeof *l);
	ck_assert_int_eq(store_history(st, id, collect, l), STORE_OK);
}

/* The events from index *from on whose `what` is what: the next one. */
static const typed *next(const events_log *l, int *from, const char *what)
{
	for (int i = *from; i < l->n; i++) {
		if (strcmp(l->v[i].what, what) == 0) {
			*from = i + 1;
			return &l->v[i];
		}
	}
	ck_abort_msg("no more '%s' events", what);
	return NULL;
}

/* ---- new writes -------------------------------------------------------- */

START_TEST(test_every_writer_types_its_rows)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add_full(st, "Typed", "ACME", "CLP", true, 1000000);
	int64_t commit, inv, inv2;
	store_opp o;
	events_log l;
	int at = 0;

	store_fields f = { .currency = "USD", .close_date = "2026-04-30" };
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_OK);
	for (int n = 1; n <= 5; n++)
		ck_assert_int_eq(store_set_criterion(st, id, 0, n, true, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_set_criterion(st, id, 0, 1, true, "otra vez", NULL), STORE_OK);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_CONTRACT, "C-1", "2026-03-01",
	                                      &commit), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_COMPROMETIDA, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, "VB", NULL), STORE_OK);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, "VB-2", NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-1", NULL, true, 50000, &inv), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-2", NULL, false, 0, &inv2), STORE_OK);
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_INVOICE, inv, NULL), STORE_OK);
	ck_assert_int_eq(store_set_delivery(st, id, 0, PIPELINE_SCOPE_PARTIAL, NULL, "fase 1"), STORE_OK);
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	int64_t approval = o.approval.id, delivery = o.delivery.id;
	store_opp_free(&o);
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_DELIVERY, 0, NULL), STORE_OK);
	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_COMPETITOR, "otra", NULL), STORE_OK);
	ck_assert_int_eq(store_reopen(st, id, 0, "vuelve", NULL), STORE_OK);
	ck_assert_int_eq(store_delete(st, id, 0), STORE_OK);
	ck_assert_int_eq(store_restore(st, id, 0), STORE_OK);
	history_of(st, id, &l);
	for (int i = 0; i < l.n; i++)
		ck_assert_msg(l.v[i].typed, "event %lld (%s) untyped", (long long)l.v[i].id, l.v[i].what);

	const typed *t = next(&l, &at, "create");
	ck_assert_int_eq(t->kind, REVIEW_EV_CREATE);
	ck_assert_int_eq(t->to, PIPELINE_INMADURA);
	ck_assert_int_eq(t->from, PIPELINE_STAGE_COUNT);
	ck_assert(t->has_amount);
	ck_assert_int_eq(t->amount, 1000000);
	ck_assert_str_eq(t->currency, "CLP");
	/* the currency, then the amount in it: 1,000,000 minor units of each */
	t = next(&l, &at, "edit");
	ck_assert_str_eq(t->field, "currency");
	ck_assert_str_eq(t->currency, "USD");
	ck_assert_str_eq(t->old_currency, "CLP");
	t = next(&l, &at, "edit");
	ck_assert_str_eq(t->field, "amount");
	ck_assert_str_eq(t->old_value, "1000000 CLP"); /* the text as before */
	ck_assert_str_eq(t->new_value, "10000.00 USD");
	ck_assert(t->has_amount && t->has_old_amount);
	ck_assert_int_eq(t->amount, 1000000);
	ck_assert_str_eq(t->currency, "USD");
	ck_assert_int_eq(t->old_amount, 1000000);
	ck_assert_str_eq(t->old_currency, "CLP");
	t = next(&l, &at, "edit");
	ck_assert_str_eq(t->field, "close-date");
	ck_assert_str_eq(t->old_value, "");
	ck_assert_str_eq(t->new_value, "2026-04-30");
	for (int n = 1; n <= 5; n++) {
		t = next(&l, &at, "criterion");
		ck_assert_int_eq(t->kind, REVIEW_EV_EVIDENCE);
		ck_assert_int_eq(t->evidence, PIPELINE_EV_CRITERION);
		ck_assert_int_eq(t->item, n);
	}
	t = next(&l, &at, "note");
	ck_assert_int_eq(t->evidence, PIPELINE_EV_CRITERION);
	ck_assert_int_eq(t->item, 1);
	t = next(&l, &at, "commitment");
	ck_assert_int_eq(t->evidence, PIPELINE_EV_COMMITMENT);
	ck_assert_int_eq(t->item, commit);
	/* two steps in one move: the first only passes through Calificada */
	t = next(&l, &at, "move");
	ck_assert_int_eq(t->from, PIPELINE_INMADURA);
	ck_assert_int_eq(t->to, PIPELINE_CALIFICADA);
	ck_assert(t->through);
	t = next(&l, &at, "move");
	ck_assert_int_eq(t->from, PIPELINE_CALIFICADA);
	ck_assert_int_eq(t->to, PIPELINE_COMPROMETIDA);
	ck_assert(!t->through);
	t = next(&l, &at, "billing-approval");
	ck_assert_int_eq(t->evidence, PIPELINE_EV_BILLING_APPROVAL);
	int64_t first_approval = t->item;
	t = next(&l, &at, "billing-approval");
	ck_assert_int_eq(t->item, approval);
	ck_assert_int_gt(approval, first_approval);
	t = next(&l, &at, "invoice");
	ck_assert_int_eq(t->item, inv);
	ck_assert(t->has_amount);
	ck_assert_int_eq(t->amount, 50000);
	ck_assert_str_eq(t->currency, "USD");
	t = next(&l, &at, "invoice");
	ck_assert_int_eq(t->item, inv2);
	ck_assert(!t->has_amount);
	ck_assert_str_eq(t->currency, "USD");
	t = next(&l, &at, "retract");
	ck_assert_int_eq(t->kind, REVIEW_EV_RETRACT);
	ck_assert_int_eq(t->evidence, PIPELINE_EV_INVOICE);
	ck_assert_int_eq(t->item, inv);
	ck_assert_int_eq(t->amount, 50000);
	t = next(&l, &at, "delivery");
	ck_assert_int_eq(t->item, delivery);
	t = next(&l, &at, "retract");
	ck_assert_int_eq(t->evidence, PIPELINE_EV_DELIVERY);
	ck_assert_int_eq(t->item, delivery);
	t = next(&l, &at, "lose");
	ck_assert_str_eq(t->field, "stage");
	ck_assert_int_eq(t->from, PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(t->to, PIPELINE_PERDIDA);
	ck_assert_int_eq(t->reason, PIPELINE_LOSS_COMPETITOR);
	t = next(&l, &at, "lose");
	ck_assert_str_eq(t->field, "reason");
	ck_assert_int_eq(t->reason, PIPELINE_LOSS_COMPETITOR);
	ck_assert_int_eq(t->to, PIPELINE_STAGE_COUNT); /* no second entry into Perdida */
	t = next(&l, &at, "reopen");
	ck_assert_int_eq(t->from, PIPELINE_PERDIDA);
	ck_assert_int_eq(t->to, PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(next(&l, &at, "delete")->kind, REVIEW_EV_DELETE);
	ck_assert_int_eq(next(&l, &at, "restore")->kind, REVIEW_EV_RESTORE);
	store_close(st);
}
END_TEST

/* A clock that moves on a second before every statement. */
static store *ticking;
static time_t tick_now;

static void tick(void *ctx)
{
	(void)ctx;
	store_set_now(ticking, ++tick_now);
}

/* Every row of one change carries the one time of its transaction, however
 * the clock moves meanwhile: the steps of a move, the card's stage_since
 * and updated agree to the second. */
START_TEST(test_one_change_one_time)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Reloj", "ACME");
	store_opp o;
	events_log l;

	st_qualify(st, id);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "ok", NULL, NULL),
	                 STORE_OK);
	ticking = st;
	tick_now = ST_NOW;
	store_internal_set_query_hook(st, tick, NULL);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_COMPROMETIDA, NULL, NULL), STORE_OK);
	store_internal_set_query_hook(st, NULL, NULL);
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	history_of(st, id, &l);
	ck_assert_str_eq(l.v[l.n - 1].what, "move");
	ck_assert_str_eq(l.v[l.n - 2].what, "move");
	ck_assert_str_eq(l.v[l.n - 1].at, o.stage_since);
	ck_assert_str_eq(l.v[l.n - 2].at, o.stage_since);
	ck_assert_str_eq(o.updated, o.stage_since);
	store_opp_free(&o);
	store_close(st);
}
END_TEST

/* ---- the typed read ---------------------------------------------------- */

START_TEST(test_stage_steps_and_time)
{
	store *st = st_open(st_dbpath);
	time_t t0 = 1767225600; /* 2026-01-01T00:00:00Z */
	review_step *v;
	review_stay s;
	size_t n;

	store_set_now(st, t0);
	int64_t id = st_add(st, "Etapas", "ACME");
	st_qualify(st, id);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "ok", NULL, NULL),
	                 STORE_OK);
	store_set_now(st, t0 + 3 * DAY); /* through Calificada to Comprometida */
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_COMPROMETIDA, NULL, NULL), STORE_OK);
	store_set_now(st, t0 + 4 * DAY); /* back to Calificada: its first stay */
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, "atrás", NULL), STORE_OK);
	store_set_now(st, t0 + 6 * DAY);
	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);

	ck_assert_int_eq(store_stage_steps(st, id, &v, &n), STORE_OK);
	ck_assert_uint_eq(n, 5); /* create, two steps, the move back, the loss */
	ck_assert_int_eq(v[0].to, PIPELINE_INMADURA);
	ck_assert_int_eq(v[0].at, t0);
	ck_assert_int_eq(v[1].to, PIPELINE_CALIFICADA);
	ck_assert(v[1].through);
	ck_assert_int_eq(v[2].to, PIPELINE_COMPROMETIDA);
	ck_assert(!v[2].through);
	ck_assert_int_eq(v[3].to, PIPELINE_CALIFICADA);
	ck_assert_int_eq(v[4].to, PIPELINE_PERDIDA);
	ck_assert_int_eq(v[4].at, t0 + 6 * DAY);
	free(v);
	/* Calificada: one stay, days 4 to 6; Comprometida: day 3 to 4;
	 * Perdida: day 6 to day 10, under way */
	ck_assert_int_eq(store_stage_time(st, id, PIPELINE_CALIFICADA, t0 + 10 * DAY, &s), STORE_OK);
	ck_assert_int_eq(s.stays, 1);
	ck_assert_int_eq(s.total_days, 2);
	ck_assert_int_eq(store_stage_time(st, id, PIPELINE_COMPROMETIDA, t0 + 10 * DAY, &s), STORE_OK);
	ck_assert_int_eq(s.total_days, 1);
	ck_assert_int_eq(store_stage_time(st, id, PIPELINE_PERDIDA, t0 + 10 * DAY, &s), STORE_OK);
	ck_assert(s.current);
	ck_assert_int_eq(s.latest_days, 4);
	ck_assert_int_eq(store_stage_time(st, 999, PIPELINE_PERDIDA, t0, &s), STORE_NOT_FOUND);
	store_close(st);
}
END_TEST

/* The last activity: anything recorded but reordering (a neighbour's move
 * records a row on the card too). */
START_TEST(test_last_activity_leaves_reordering_out)
{
	store *st = st_open(st_dbpath);
	time_t t0 = 1767225600; /* 2026-01-01T00:00:00Z */
	store_card cards[2];
	store_opp o;
	int n;

	store_set_now(st, t0);
	int64_t a = st_add(st, "A", "ACME");
	int64_t b = st_add(st, "B", "ACME");
	store_set_now(st, t0 + 5 * DAY);
	ck_assert_int_eq(store_reorder(st, b, 0, -1), STORE_OK); /* A gets a row too */
	ck_assert_int_eq(st_history_count(st, a), 2);
	ck_assert_int_eq(store_get(st, a, &o), STORE_OK);
	ck_assert_str_eq(o.activity, "2026-01-01T00:00:00Z");
	store_opp_free(&o);
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 0, 2, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(cards[0].id, b);
	ck_assert_str_eq(cards[0].activity, "2026-01-01T00:00:00Z");
	ck_assert_str_eq(cards[1].activity, "2026-01-01T00:00:00Z");
	store_card_free(&cards[0]);
	store_card_free(&cards[1]);
	/* A note is activity, though it changes nothing */
	store_set_now(st, t0 + 7 * DAY);
	ck_assert_int_eq(store_set_criterion(st, a, 0, 1, false, "sin cambios", NULL), STORE_OK);
	ck_assert_int_eq(store_get(st, a, &o), STORE_OK);
	ck_assert_str_eq(o.activity, "2026-01-08T00:00:00Z");
	ck_assert_str_eq(o.stage_since, "2026-01-01T00:00:00Z");
	store_opp_free(&o);
	store_close(st);
}
END_TEST

/* ---- a schema-3 database --------------------------------------------- */

/* The fixture loaded into a fresh file with plain SQLite; `extra` (may be
 * NULL) runs after it, still at schema 3. */
static void load_schema3(const char *extra)
{
	size_t len;
	char *sql = st_slurp(SCHEMA3_DUMP, &len);
	ck_assert_msg(sql != NULL, "cannot read %s (run from the source tree)", SCHEMA3_DUMP);
	st_plain_exec(st_dbpath, sql);
	free(sql);
	if (extra)
		st_plain_exec(st_dbpath, extra);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), 3);
}

static int count_problem(int64_t opp, const char *problem, void *ctx)
{
	(void)opp;
	ck_assert_msg(strstr(problem, "history row 84 of opportunity 2 (move) has no typed stage")
	              != NULL, "%s", problem);
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_schema3_upgraded)
{
	load_schema3(NULL);
	store *st = st_open(st_dbpath);
	store_check_report rep;
	review_stay s;
	events_log l;
	int at = 0;

	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), store_schema_version());
	history_of(st, 1, &l);
	ck_assert_int_eq(l.n, 41); /* rows 1, 5-13 and 17-47 of the fixture */
	for (int i = 0; i < l.n; i++)
		ck_assert_msg(l.v[i].typed, "event %lld (%s) untyped", (long long)l.v[i].id, l.v[i].what);
	const typed *t = next(&l, &at, "create");
	ck_assert_int_eq(t->amount, 1000000); /* before its amount edits */
	ck_assert_str_eq(t->currency, "CLP");
	/* the move of two steps on 01-18: por-facturar passed, to lista */
	while (strcmp(l.v[at].what, "move") || strcmp(l.v[at].old_value, "por-facturar"))
		at++;
	ck_assert(l.v[at].through);
	ck_assert_int_eq(l.v[at].to, PIPELINE_EN_FACTURACION);
	ck_assert(!l.v[at + 1].through);
	ck_assert_int_eq(l.v[at + 1].to, PIPELINE_LISTA);
	t = next(&l, &at, "lose");
	ck_assert_int_eq(t->reason, PIPELINE_LOSS_COMPETITOR);
	/* Comprometida: 01-12 08:30 to 01-14 08:30, 01-20 to 01-21, 01-23 on */
	ck_assert_int_eq(store_stage_time(st, 1, PIPELINE_COMPROMETIDA, 1769418000 /* 01-26 09:00 */,
	                                  &s), STORE_OK);
	ck_assert_int_eq(s.stays, 3);
	ck_assert_int_eq(s.latest_days, 3);
	ck_assert_int_eq(s.total_days, 6);
	ck_assert_int_eq(store_check(st, NULL, NULL, &rep), STORE_OK);
	ck_assert_int_eq(rep.problems, 0);
	ck_assert_int_eq(rep.history, 83);
	/* and the history stays append-only */
	ck_assert_int_ne(sqlite3_exec(store_internal_db(st), "UPDATE history SET through = 1",
	                              NULL, NULL, NULL), SQLITE_OK);
	store_close(st);
}
END_TEST

/* A row whose text does not say a stage: no typed columns, listed. */
START_TEST(test_schema3_unreadable_row)
{
	load_schema3("INSERT INTO history (opp_id, at, who, what, field, old_value, new_value)"
	             " VALUES (2, '2026-01-27T09:00:00Z', 'x', 'move', 'stage', 'lista', 'limbo')");
	store *st = st_open(st_dbpath);
	store_check_report rep;
	int problems = 0;
	events_log l;

	history_of(st, 2, &l);
	ck_assert_int_eq(l.v[l.n - 1].id, 84);
	ck_assert(!l.v[l.n - 1].typed);
	ck_assert_str_eq(l.v[l.n - 1].new_value, "limbo"); /* its text, as ever */
	ck_assert(l.v[l.n - 2].typed);
	ck_assert_int_eq(store_check(st, count_problem, &problems, &rep), STORE_OK);
	ck_assert_int_eq(problems, 1);
	ck_assert_int_eq(rep.problems, 1);
	store_close(st);
}
END_TEST

static Suite *store_history_suite(void)
{
	Suite *s = suite_create("store_history");
	TCase *w = tcase_create("writes");
	TCase *r = tcase_create("reads");
	TCase *u = tcase_create("upgrade");

	tcase_add_checked_fixture(w, st_setup, st_teardown);
	tcase_add_checked_fixture(r, st_setup, st_teardown);
	tcase_add_checked_fixture(u, st_setup, st_teardown);
	tcase_add_test(w, test_every_writer_types_its_rows);
	tcase_add_test(w, test_one_change_one_time);
	tcase_add_test(r, test_stage_steps_and_time);
	tcase_add_test(r, test_last_activity_leaves_reordering_out);
	tcase_add_test(u, test_schema3_upgraded);
	tcase_add_test(u, test_schema3_unreadable_row);
	suite_add_tcase(s, w);
	suite_add_tcase(s, r);
	suite_add_tcase(s, u);
	return s;
}

int main(void)
{
	return st_run(store_history_suite());
}
