/*
 * Tests for the review's kept figures (schema 5, store_keep.c) and their
 * reads (store_report.c): kept in the transaction of every write (and of a
 * bulk load), filled by the migration, never touched by a refused write;
 * every period read from the sums per day, month and year equal to the
 * same figures read from each opportunity's own rows, in several time
 * zones; the lists paged; the groups of --by; one snapshot.
 */
#include <stdint.h>
#include <time.h>

#include "store_test.h"

#define DAY ((time_t)86400)
#define HOUR ((time_t)3600)
/* 2025-11-01T00:00:00Z: the lives below run into 2027, across months and
 * years. */
static const time_t START = 1761955200;

static int64_t problems_of(store *st)
{
	store_check_report rep;

	ck_assert_int_eq(store_check(st, NULL, NULL, &rep), STORE_OK);
	return rep.problems;
}

static void query_init(report_query *q, time_t now)
{
	static const int prob[PIPELINE_STAGE_COUNT] = { 10, 30, 70, 90, 100, 100, 0 };

	memset(q, 0, sizeof q[0]);
	q->now = now;
	memcpy(q->probability, prob, sizeof prob);
	memcpy(q->first_currency, "CLP", 4);
}

static void set_period(report_query *q, const char *since, const char *until)
{
	q->has_since = since != NULL;
	q->has_until = until != NULL;
	if (since)
		ck_assert(date_local_day_start(since, &q->since));
	if (until)
		ck_assert(date_local_day_end(until, &q->until));
}

/* ---- a pipeline of pseudo-random lives ----------------------------------- */

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int below(uint64_t *s, int n)
{
	return (int)(rnd(s) % (uint64_t)n);
}

/* The entry evidence of every stage up to `to`. */
static void evidence_to(store *st, int64_t id, pipeline_stage to)
{
	if (to >= PIPELINE_CALIFICADA)
		st_qualify(st, id);
	if (to >= PIPELINE_COMPROMETIDA)
		ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "ok", NULL, NULL),
		                 STORE_OK);
	if (to >= PIPELINE_POR_FACTURAR)
		ck_assert_int_eq(store_set_billing_approval(st, id, 0, "hes", NULL), STORE_OK);
	if (to >= PIPELINE_EN_FACTURACION) {
		static int invoices;
		char number[32];

		/* Invoice numbers are unique. */
		snprintf(number, sizeof number, "F-%d", ++invoices);
		ck_assert_msg(store_add_invoice(st, id, 0, number, NULL, true, 100, NULL) == STORE_OK,
		              "%s", store_message(st));
	}
	if (to >= PIPELINE_LISTA)
		ck_assert_int_eq(store_set_delivery(st, id, 0, PIPELINE_SCOPE_TOTAL, NULL, NULL),
		                 STORE_OK);
}

static const char *const owners[] = { "ana", "Beto", "José", "jose" };
static const char *const lines[] = { "", "Cloud", "Data" };
static const char *const currencies[] = { "CLP", "USD", "CLF" };

/* One life: created, then moves forward (one or several stages), back,
 * losses, reopenings, edits of the close date and amount, a delete and
 * a restore, each hours to weeks apart. Every title holds "opp", so the
 * text filter "opp" matches them all (and reads their own rows). */
static void one_life(store *st, int i, uint64_t *s)
{
	store_fields f;
	char title[32], close[DATE_LEN + 1];
	time_t t = START + (time_t)i * 9 * DAY + (time_t)below(s, 86400);
	int64_t id;

	memset(&f, 0, sizeof f);
	snprintf(title, sizeof title, "opp %d", i);
	f.title = title;
	f.client = i % 5 ? "Cliente" : "Viña";
	f.owner = owners[below(s, 4)];
	f.line = lines[below(s, 3)];
	f.currency = currencies[below(s, 3)];
	f.set_amount = f.has_amount = below(s, 10) != 0;
	f.amount = 1000000 + below(s, 90000000);
	if (below(s, 4)) {
		date_today(t + (time_t)(30 + below(s, 120)) * DAY, close);
		f.close_date = close;
	}
	store_set_now(st, t);
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	for (int step = 0; step < 10; step++) {
		pipeline_stage now = st_stage(st, id);
		int r = below(s, 100);

		t += (time_t)below(s, 20) * DAY + (time_t)below(s, 24) * HOUR;
		store_set_now(st, t);
		if (now == PIPELINE_PERDIDA) {
			if (r < 40)
				ck_assert_int_eq(store_reopen(st, id, 0, "vuelve", NULL), STORE_OK);
			continue;
		}
		if (r < 45 && now < PIPELINE_LISTA) {
			pipeline_stage to = (pipeline_stage)(now + 1 + below(s, 2));

			if (to > PIPELINE_LISTA)
				to = PIPELINE_LISTA;
			evidence_to(st, id, to);
			ck_assert_msg(store_move(st, id, 0, to, NULL, NULL) == STORE_OK, "%s",
			              store_message(st));
		} else if (r < 55 && now > PIPELINE_INMADURA) {
			ck_assert_int_eq(store_move(st, id, 0, (pipeline_stage)(now - 1), "atrás", NULL),
			                 STORE_OK);
		} else if (r < 68) {
			ck_assert_int_eq(store_lose(st, id, 0, (pipeline_loss)below(s, PIPELINE_LOSS_COUNT),
			                            NULL, NULL), STORE_OK);
		} else if (r < 85) {
			store_fields e;

			memset(&e, 0, sizeof e);
			date_today(t + (time_t)(below(s, 200) - 60) * DAY, close);
			e.close_date = below(s, 8) ? close : "";
			ck_assert_int_eq(store_edit(st, id, 0, &e), STORE_OK);
		} else if (r < 92) {
			store_fields e;

			memset(&e, 0, sizeof e);
			e.set_amount = e.has_amount = true;
			e.amount = below(s, 50000000);
			ck_assert_int_eq(store_edit(st, id, 0, &e), STORE_OK);
		} else if (r < 95 && now == PIPELINE_INMADURA) {
			ck_assert_int_eq(store_delete(st, id, 0), STORE_OK);
			if (below(s, 2)) {
				store_set_now(st, t + HOUR);
				ck_assert_int_eq(store_restore(st, id, 0), STORE_OK);
			} else {
				return;
			}
		}
	}
}

static void build(store *st, int n)
{
	uint64_t s = 0x7265706f7274ULL; /* "report" */

	for (int i = 0; i < n; i++)
		one_life(st, i, &s);
}

/* ---- comparing reports ----------------------------------------------------- */

static void same_money(const report_money *a, const report_money *b, const char *what)
{
	ck_assert_msg(a->count == b->count, "%s: count %lld != %lld", what, (long long)a->count,
	              (long long)b->count);
	ck_assert_msg(a->ntotals == b->ntotals, "%s: %d currencies != %d", what, a->ntotals,
	              b->ntotals);
	for (int i = 0; i < a->ntotals; i++) {
		ck_assert_str_eq(a->totals[i].currency, b->totals[i].currency);
		ck_assert_msg(a->totals[i].amount == b->totals[i].amount, "%s: %s %lld != %lld", what,
		              a->totals[i].currency, (long long)a->totals[i].amount,
		              (long long)b->totals[i].amount);
	}
}

static void same_days(const report_days *a, const report_days *b, const char *what, int s)
{
	ck_assert_msg(a->stays == b->stays && a->known == b->known
	              && (!a->known || (a->median == b->median && a->mean == b->mean)),
	              "%s of stage %d: %lld/%g/%g != %lld/%g/%g", what, s, (long long)a->stays,
	              a->median, a->mean, (long long)b->stays, b->median, b->mean);
}

static void same_report(const report *a, const report *b, const char *label)
{
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		ck_assert_msg(a->stages[s].entered == b->stages[s].entered
		              && a->stages[s].advanced == b->stages[s].advanced,
		              "%s: stage %d entered %lld/%lld != %lld/%lld", label, s,
		              (long long)a->stages[s].entered, (long long)a->stages[s].advanced,
		              (long long)b->stages[s].entered, (long long)b->stages[s].advanced);
		ck_assert_int_eq(a->stages[s].count, b->stages[s].count);
		same_money(&a->stages[s].totals, &b->stages[s].totals, label);
		same_days(&a->stages[s].days, &b->stages[s].days, label, s);
		same_days(&a->stages[s].open_days, &b->stages[s].open_days, label, s);
	}
	ck_assert_msg(a->win_rate.won == b->win_rate.won && a->win_rate.lost == b->win_rate.lost,
	              "%s: won %lld lost %lld != %lld %lld", label, (long long)a->win_rate.won,
	              (long long)a->win_rate.lost, (long long)b->win_rate.won,
	              (long long)b->win_rate.lost);
	same_money(&a->win_rate.won_value, &b->win_rate.won_value, label);
	same_money(&a->win_rate.lost_value, &b->win_rate.lost_value, label);
	same_money(&a->cancelled, &b->cancelled, label);
	for (int k = 0; k < PIPELINE_LOSS_COUNT; k++)
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
			same_money(&a->losses[k][s], &b->losses[k][s], label);
	same_money(&a->forecast.weighted, &b->forecast.weighted, label);
	ck_assert_uint_eq(a->forecast.nmonths, b->forecast.nmonths);
	for (int l = 0; l < REPORT_LISTS; l++)
		ck_assert_int_eq(a->lists[l], b->lists[l]);
}

/* The kept sums (no filter) against each opportunity's own rows (the
 * filter "opp" matches every one). */
static void sums_equal_rows(store *st, const report_query *q, const char *label)
{
	store_filter all;
	report a, b;

	store_filter_init(&all);
	all.text = "opp";
	ck_assert_int_eq(store_report(st, NULL, q, &a), STORE_OK);
	ck_assert_int_eq(store_report(st, &all, q, &b), STORE_OK);
	same_report(&a, &b, label);
	report_free(&a);
	report_free(&b);
}

START_TEST(test_sums_equal_rows)
{
	static const char *const zones[] = { "UTC", "<-03>3", "<+14>-14",
	                                     "<-04>4<-03>,M9.1.6/24,M4.1.6/24" };
	static const char *const fixed[][2] = {
		{ NULL, NULL }, { "2025-12-15", NULL }, { NULL, "2026-06-30" },
		{ "2026-01-01", "2026-12-31" }, { "2026-02-10", "2026-02-10" },
		{ "2025-11-30", "2027-01-02" }, { "2026-03-01", "2026-05-31" },
		{ "2026-03-02", "2026-05-30" }, { "2025-11-01", "2025-11-30" },
		{ "2026-12-31", "2027-01-01" }, { "2026-04-04", "2026-04-04" },
	};
	store *st = st_open(st_dbpath);
	report_query q;
	uint64_t s = 42;
	char label[128];

	build(st, 40);
	ck_assert_int_eq(problems_of(st), 0);
	query_init(&q, START + 500 * DAY);
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		setenv("TZ", zones[z], 1);
		tzset();
		for (size_t p = 0; p < sizeof fixed / sizeof fixed[0]; p++) {
			set_period(&q, fixed[p][0], fixed[p][1]);
			snprintf(label, sizeof label, "%s %s..%s", zones[z], fixed[p][0] ? fixed[p][0] : "",
			         fixed[p][1] ? fixed[p][1] : "");
			sums_equal_rows(st, &q, label);
		}
		for (int k = 0; k < 15; k++) {
			char a[DATE_LEN + 1], b[DATE_LEN + 1];
			time_t t0 = START + (time_t)below(&s, 480) * DAY;

			date_today(t0, a);
			date_today(t0 + (time_t)below(&s, 200) * DAY, b);
			set_period(&q, a, b);
			snprintf(label, sizeof label, "%s %s..%s", zones[z], a, b);
			sums_equal_rows(st, &q, label);
		}
	}
	setenv("TZ", "UTC", 1);
	tzset();
	store_close(st);
}
END_TEST

/* Worked by hand: created at T, to calificada at T + 2 d, lost at T + 5 d
 * (from calificada, competitor), reopened at T + 6 d, to comprometida in
 * one move of... one step at T + 8 d; then an edit of its amount. */
START_TEST(test_kept_by_each_write)
{
	store *st = st_open(st_dbpath);
	report_query q;
	report r;
	time_t t = START;
	int64_t id;

	setenv("TZ", "UTC", 1);
	tzset();
	store_set_now(st, t);
	id = st_add_full(st, "opp", "Cliente", "CLP", true, 5000);
	ck_assert_int_eq(problems_of(st), 0);
	st_qualify(st, id);
	store_set_now(st, t + 2 * DAY);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	store_set_now(st, t + 5 * DAY);
	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_COMPETITOR, NULL, NULL), STORE_OK);
	ck_assert_int_eq(problems_of(st), 0);
	query_init(&q, t + 6 * DAY - HOUR);
	ck_assert_int_eq(store_report(st, NULL, &q, &r), STORE_OK);
	/* Lost from calificada: one loss of 5,000 CLP; stays 2 and 3 days. */
	ck_assert_int_eq(r.win_rate.lost, 1);
	ck_assert_int_eq(r.losses[PIPELINE_LOSS_COMPETITOR][PIPELINE_CALIFICADA].count, 1);
	ck_assert_int_eq(r.losses[PIPELINE_LOSS_COMPETITOR][PIPELINE_CALIFICADA].totals[0].amount, 5000);
	ck_assert(r.stages[PIPELINE_INMADURA].days.median == 2.0);
	ck_assert(r.stages[PIPELINE_CALIFICADA].days.median == 3.0);
	ck_assert_int_eq(r.stages[PIPELINE_PERDIDA].open_days.stays, 1);
	report_free(&r);
	store_set_now(st, t + 6 * DAY);
	ck_assert_int_eq(store_reopen(st, id, 0, "vuelve", NULL), STORE_OK);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "ok", NULL, NULL),
	                 STORE_OK);
	store_set_now(st, t + 8 * DAY);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_COMPROMETIDA, NULL, NULL), STORE_OK);
	store_fields e;
	memset(&e, 0, sizeof e);
	e.set_amount = e.has_amount = true;
	e.amount = 7000;
	ck_assert_int_eq(store_edit(st, id, 0, &e), STORE_OK);
	ck_assert_int_eq(problems_of(st), 0);
	query_init(&q, t + 9 * DAY);
	ck_assert_int_eq(store_report(st, NULL, &q, &r), STORE_OK);
	/* Reopened: no loss now; won at T + 8 d with its amount now, 7,000;
	 * calificada's stays 3 (to the loss) and 2 (reopened at 6 d, moved at
	 * 8 d); perdida's stay 1. */
	ck_assert_int_eq(r.win_rate.lost, 0);
	ck_assert_int_eq(r.win_rate.won, 1);
	ck_assert_int_eq(r.win_rate.won_value.totals[0].amount, 7000);
	ck_assert_int_eq(r.losses[PIPELINE_LOSS_COMPETITOR][PIPELINE_CALIFICADA].count, 0);
	ck_assert_int_eq(r.stages[PIPELINE_CALIFICADA].days.stays, 2);
	ck_assert(r.stages[PIPELINE_CALIFICADA].days.median == 2.5);
	ck_assert(r.stages[PIPELINE_PERDIDA].days.median == 1.0);
	ck_assert_int_eq(r.stages[PIPELINE_PERDIDA].entered, 1);
	report_free(&r);
	/* Deleted: gone from every figure, and kept so. */
	store_set_now(st, t + 9 * DAY);
	ck_assert_int_eq(store_delete(st, id, 0), STORE_OK);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM report_figure"), 0);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM report_sum"), 0);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM report_fact"), 0);
	ck_assert_int_eq(store_restore(st, id, 0), STORE_OK);
	ck_assert_int_gt(st_raw_int(st_dbpath, "SELECT count(*) FROM report_figure"), 0);
	ck_assert_int_eq(problems_of(st), 0);
	store_close(st);
}
END_TEST

/* A refused write, a version conflict and a rollback change no kept
 * figure. */
START_TEST(test_refused_writes_keep_nothing)
{
	store *st = st_open(st_dbpath);
	pipeline_refusal why;
	int64_t id = st_add(st, "opp", "Cliente");
	int64_t figures = st_raw_int(st_dbpath, "SELECT count(*) FROM report_figure");
	int64_t sums = st_raw_int(st_dbpath, "SELECT total(count) FROM report_sum");

	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, &why), STORE_REFUSED);
	ck_assert_int_eq(store_lose(st, id, 99, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_CONFLICT);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM report_figure"), figures);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT total(count) FROM report_sum"), sums);
	ck_assert_int_eq(store_bulk_begin(st), STORE_OK);
	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	store_bulk_abort(st);
	ck_assert_int_eq(st_stage(st, id), PIPELINE_INMADURA);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM report_figure"), figures);
	ck_assert_int_eq(problems_of(st), 0);
	store_close(st);
}
END_TEST

/* A bulk load keeps them once, at its end; the migration to schema 5
 * fills them from the history to the same figures. */
START_TEST(test_bulk_and_migration)
{
	store *st = st_open(st_dbpath);
	report_query q;
	report before, after;

	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_int_eq(store_bulk_begin(st), STORE_OK);
	build(st, 12);
	ck_assert_int_eq(store_bulk_end(st), STORE_OK);
	ck_assert_int_eq(problems_of(st), 0);
	query_init(&q, START + 400 * DAY);
	set_period(&q, "2026-01-01", "2026-03-31");
	ck_assert_int_eq(store_report(st, NULL, &q, &before), STORE_OK);
	ck_assert_int_gt(before.stages[PIPELINE_INMADURA].entered, 0);
	store_close(st);
	st_downgrade_v4(st_dbpath);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), 4);
	st = st_open(st_dbpath);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), store_schema_version());
	ck_assert_int_eq(problems_of(st), 0);
	ck_assert_int_eq(store_report(st, NULL, &q, &after), STORE_OK);
	same_report(&before, &after, "after the migration");
	report_free(&before);
	report_free(&after);
	store_close(st);
}
END_TEST

/* The lists page: offset and limit give the whole list in its order. */
START_TEST(test_lists_paged)
{
	store *st = st_open(st_dbpath);
	report_query q;
	report r;
	report_pick p = { .list = REPORT_OVERDUE };
	report_item all[64], page[5];
	int n, got = 0;

	setenv("TZ", "UTC", 1);
	tzset();
	for (int i = 0; i < 23; i++) {
		store_fields f;
		char close[DATE_LEN + 1];

		memset(&f, 0, sizeof f);
		f.title = "opp";
		f.client = "c";
		/* Close dates 2026-01-01 + (i % 7) days: ties ordered by id. */
		date_today(1767225600 + (time_t)(i % 7) * DAY, close);
		f.close_date = close;
		ck_assert_int_eq(store_add(st, &f, NULL), STORE_OK);
	}
	query_init(&q, 1767225600 + 10 * DAY); /* 2026-01-11 */
	ck_assert_int_eq(store_report(st, NULL, &q, &r), STORE_OK);
	ck_assert_int_eq(r.lists[REPORT_OVERDUE], 23);
	report_free(&r);
	ck_assert_int_eq(store_report_list(st, NULL, &q, &p, 0, 64, all, &n), STORE_OK);
	ck_assert_int_eq(n, 23);
	/* Most days past first (the earliest date: 10 days), then by id. */
	ck_assert_int_eq(all[0].days, 10);
	ck_assert_str_eq(all[0].close, "2026-01-01");
	for (int i = 1; i < n; i++)
		ck_assert(all[i - 1].days > all[i].days
		          || (all[i - 1].days == all[i].days && all[i - 1].id < all[i].id));
	for (int64_t off = 0; off < 23; off += 5) {
		ck_assert_int_eq(store_report_list(st, NULL, &q, &p, off, 5, page, &n), STORE_OK);
		for (int i = 0; i < n; i++)
			ck_assert_int_eq(page[i].id, all[off + i].id);
		got += n;
	}
	ck_assert_int_eq(got, 23);
	/* The cards behind a figure: every one entered Inmadura. */
	p = (report_pick){ .list = REPORT_ENTERED, .stage = PIPELINE_INMADURA };
	ck_assert_int_eq(store_report_list(st, NULL, &q, &p, 0, 64, all, &n), STORE_OK);
	ck_assert_int_eq(n, 23);
	p = (report_pick){ .list = REPORT_LIST_COUNT };
	ck_assert_int_eq(store_report_list(st, NULL, &q, &p, 0, 5, page, &n), STORE_INVALID);
	store_close(st);
}
END_TEST

/* --by: one group per folded name, "" too. */
START_TEST(test_groups)
{
	store *st = st_open(st_dbpath);
	char **names;
	int n;

	build(st, 16);
	ck_assert_int_eq(store_report_groups(st, NULL, REPORT_BY_OWNER, &names, &n), STORE_OK);
	/* ana, Beto, José and jose (one owner); folded order. */
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(names[0], "ana");
	ck_assert_str_eq(names[1], "Beto");
	ck_assert(strcmp(names[2], "José") == 0 || strcmp(names[2], "jose") == 0);
	store_report_groups_free(names, n);
	ck_assert_int_eq(store_report_groups(st, NULL, REPORT_BY_LINE, &names, &n), STORE_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(names[0], "");
	ck_assert_str_eq(names[1], "Cloud");
	store_report_groups_free(names, n);
	ck_assert_int_eq(store_report_groups(st, NULL, REPORT_BY_NONE, &names, &n), STORE_INVALID);
	store_close(st);
}
END_TEST

/* One snapshot: a card added from another connection between two of the
 * report's queries is in all its figures or in none. */
static store *other;
static int hook_calls;

static void add_between(void *ctx)
{
	(void)ctx;
	if (++hook_calls % 2 == 0)
		st_add(other, "opp late", "c");
}

START_TEST(test_one_snapshot)
{
	store *st = st_open(st_dbpath);
	report_query q;
	report r;

	other = st_open(st_dbpath);
	for (int i = 0; i < 3; i++)
		st_add(st, "opp", "c");
	query_init(&q, ST_NOW + DAY);
	store_internal_set_query_hook(st, add_between, NULL);
	ck_assert_int_eq(store_report(st, NULL, &q, &r), STORE_OK);
	store_internal_set_query_hook(st, NULL, NULL);
	ck_assert_int_gt(hook_calls, 2);
	/* Every card in Inmadura entered it: as many as the count says. */
	ck_assert_int_eq(r.stages[PIPELINE_INMADURA].count, r.stages[PIPELINE_INMADURA].entered);
	ck_assert_int_eq(r.stages[PIPELINE_INMADURA].count, r.stages[PIPELINE_INMADURA].open_days.stays);
	report_free(&r);
	store_close(other);
	store_close(st);
}
END_TEST

/* What a report costs: every statement it runs, as the trace gives them
 * with their values bound, explained; none may walk a table that grows
 * with the opportunities or their history (the summary and
 * forecast_month grow with stages, months and currencies only). */
typedef struct traced {
	char *sql[256];
	int n;
} traced;

static int trace_cb(unsigned type, void *ctx, void *p, void *x)
{
	traced *t = ctx;
	char *sql;

	(void)type;
	(void)x;
	if (t->n < 256 && (sql = sqlite3_expanded_sql((sqlite3_stmt *)p)) != NULL) {
		t->sql[t->n++] = strdup(sql);
		sqlite3_free(sql);
	}
	return 0;
}

static void assert_no_scan(sqlite3 *db, const traced *t)
{
	static const char *const big[] = { "SCAN report_fact", "SCAN report_figure",
	                                   "SCAN report_sum", "SCAN history", "SCAN opportunity",
	                                   "SCAN o", "SCAN r", "SCAN f" };

	for (int i = 0; i < t->n; i++) {
		char q[8192];
		sqlite3_stmt *s;

		if (strncmp(t->sql[i], "SELECT", 6) != 0 && strncmp(t->sql[i], "WITH", 4) != 0)
			continue; /* BEGIN, COMMIT, PRAGMA */
		snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", t->sql[i]);
		ck_assert_int_eq(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(s, 3);

			for (size_t k = 0; k < sizeof big / sizeof big[0]; k++)
				ck_assert_msg(strncmp(d, big[k], strlen(big[k])) != 0
				              || (d[strlen(big[k])] != '\0' && d[strlen(big[k])] != ' '),
				              "a report walks a whole table: %s\n  in %s", d, t->sql[i]);
		}
		sqlite3_finalize(s);
	}
}

START_TEST(test_report_reads_no_table_whole)
{
	store *st = st_open(st_dbpath);
	sqlite3 *db = store_internal_db(st);
	report_query q;
	report r;
	report_item items[8];
	traced t = { .n = 0 };
	int n;

	setenv("TZ", "UTC", 1);
	tzset();
	build(st, 10);
	query_init(&q, START + 400 * DAY);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_cb, &t);
	ck_assert_int_eq(store_report(st, NULL, &q, &r), STORE_OK);
	report_free(&r);
	set_period(&q, "2026-01-15", "2026-03-20");
	ck_assert_int_eq(store_report(st, NULL, &q, &r), STORE_OK);
	report_free(&r);
	for (int l = 0; l < REPORT_LISTS; l++) {
		report_pick p = { .list = (report_list)l };

		ck_assert_int_eq(store_report_list(st, NULL, &q, &p, 2, 8, items, &n), STORE_OK);
	}
	sqlite3_trace_v2(db, 0, NULL, NULL);
	ck_assert_int_gt(t.n, 10);
	assert_no_scan(db, &t);
	for (int i = 0; i < t.n; i++)
		free(t.sql[i]);
	store_close(st);
}
END_TEST

static Suite *store_report_suite(void)
{
	Suite *s = suite_create("store_report");
	TCase *tc = tcase_create("report");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sums_equal_rows);
	tcase_add_test(tc, test_kept_by_each_write);
	tcase_add_test(tc, test_refused_writes_keep_nothing);
	tcase_add_test(tc, test_bulk_and_migration);
	tcase_add_test(tc, test_lists_paged);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_one_snapshot);
	tcase_add_test(tc, test_report_reads_no_table_whole);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(store_report_suite());
}
