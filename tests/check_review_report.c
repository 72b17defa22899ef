/*
 * Tests for the review's figures (review/facts.h, review/report.h) and the
 * helpers they stand on (local calendar days, exchange rates). Every
 * expected value is worked out by hand in the comment beside it.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review/facts.h"
#include "review/report.h"
#include "util/date.h"
#include "util/money.h"

#define DAY ((time_t)86400)
#define HOUR ((time_t)3600)
static const time_t T0 = 1767225600; /* 2026-01-01T00:00:00Z */

/* ---- an opportunity's facts --------------------------------------------- */

static review_fact_event step(time_t at, review_event_kind k, pipeline_stage to, bool through)
{
	review_fact_event e;

	memset(&e, 0, sizeof e);
	e.at = at;
	e.kind = k;
	e.to = to;
	e.through = through;
	return e;
}

static review_fact_event close_edit(time_t at, const char *old, const char *new_)
{
	review_fact_event e = step(at, REVIEW_EV_EDIT, PIPELINE_STAGE_COUNT, false);

	e.close_edit = true;
	snprintf(e.old_close, sizeof e.old_close, "%s", old);
	snprintf(e.new_close, sizeof e.new_close, "%s", new_);
	return e;
}

static review_fact_card card(pipeline_stage stage, time_t since)
{
	review_fact_card c;

	memset(&c, 0, sizeof c);
	c.stage = stage;
	c.stage_since = since;
	c.lost_from = PIPELINE_STAGE_COUNT;
	c.has_amount = true;
	c.amount = 1000;
	memcpy(c.currency, "CLP", 4);
	return c;
}

/* Created; one move of two steps to Comprometida (Calificada passed
 * through); back to Calificada; lost from there; reopened. */
START_TEST(test_facts_moves_back_loss_reopen)
{
	review_fact_event ev[] = {
		step(T0, REVIEW_EV_CREATE, PIPELINE_INMADURA, false),
		step(T0 + DAY, REVIEW_EV_MOVE, PIPELINE_CALIFICADA, true),
		step(T0 + DAY, REVIEW_EV_MOVE, PIPELINE_COMPROMETIDA, false),
		step(T0 + 3 * DAY, REVIEW_EV_MOVE, PIPELINE_CALIFICADA, false),
		step(T0 + 4 * DAY + 12 * HOUR, REVIEW_EV_LOSE, PIPELINE_PERDIDA, false),
		step(T0 + 6 * DAY, REVIEW_EV_REOPEN, PIPELINE_CALIFICADA, false),
	};
	review_fact_card c = card(PIPELINE_CALIFICADA, T0 + 6 * DAY);
	review_span spans[7];
	review_facts f;

	review_facts_of(&c, ev, 6, spans, &f);
	ck_assert(f.live);
	/* First entries: Inmadura at 0, Calificada at 1 d (passed through
	 * counts), Comprometida at 1 d, Perdida at 4.5 d. */
	ck_assert(f.entered[PIPELINE_INMADURA] && f.first[PIPELINE_INMADURA] == T0);
	ck_assert(f.entered[PIPELINE_CALIFICADA] && f.first[PIPELINE_CALIFICADA] == T0 + DAY);
	ck_assert(f.entered[PIPELINE_COMPROMETIDA] && f.first[PIPELINE_COMPROMETIDA] == T0 + DAY);
	ck_assert(f.entered[PIPELINE_PERDIDA] && f.first[PIPELINE_PERDIDA] == T0 + 4 * DAY + 12 * HOUR);
	ck_assert(!f.entered[PIPELINE_POR_FACTURAR]);
	/* Advanced: Inmadura (Calificada at 1 d >= 0), Calificada
	 * (Comprometida at the same instant); not Comprometida. */
	ck_assert(f.advanced[PIPELINE_INMADURA]);
	ck_assert(f.advanced[PIPELINE_CALIFICADA]);
	ck_assert(!f.advanced[PIPELINE_COMPROMETIDA]);
	ck_assert(!f.advanced[PIPELINE_LISTA] && !f.advanced[PIPELINE_PERDIDA]);
	/* Won at its first entry into Comprometida; not lost (won); now in
	 * Calificada: neither a loss nor undecided. */
	ck_assert(f.won && f.won_at == T0 + DAY);
	ck_assert(!f.in_perdida && !f.lost && !f.cancelled && !f.undecided);
	/* Stays: Inmadura 1 d; Comprometida 1 d -> 3 d (2); Calificada 3 d ->
	 * 4.5 d (1); Perdida 4.5 d -> 6 d (1.5: 1); the pass through
	 * Calificada is none. Under way: Calificada since 6 d. */
	ck_assert_uint_eq(f.nstays, 4);
	ck_assert_int_eq(f.stays[0].stage, PIPELINE_INMADURA);
	ck_assert_int_eq(f.stays[0].days, 1);
	ck_assert_int_eq(f.stays[1].stage, PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(f.stays[1].days, 2);
	ck_assert_int_eq(f.stays[2].stage, PIPELINE_CALIFICADA);
	ck_assert_int_eq(f.stays[2].days, 1);
	ck_assert_int_eq(f.stays[3].stage, PIPELINE_PERDIDA);
	ck_assert_int_eq(f.stays[3].days, 1);
	ck_assert(f.stays[3].to == T0 + 6 * DAY);
	ck_assert_int_eq(f.stage, PIPELINE_CALIFICADA);
	ck_assert(f.since == T0 + 6 * DAY);
	ck_assert_int_eq(f.awaiting, REPORT_LIST_COUNT);
}
END_TEST

/* Won, then lost: a cancellation (it stays won); a loss never reaching
 * Comprometida is lost; the rows they give. */
START_TEST(test_facts_outcomes_and_rows)
{
	review_fact_event won[] = {
		step(T0, REVIEW_EV_CREATE, PIPELINE_INMADURA, false),
		step(T0 + 2 * DAY, REVIEW_EV_MOVE, PIPELINE_CALIFICADA, true),
		step(T0 + 2 * DAY, REVIEW_EV_MOVE, PIPELINE_COMPROMETIDA, false),
		step(T0 + 9 * DAY, REVIEW_EV_LOSE, PIPELINE_PERDIDA, false),
	};
	review_fact_card c = card(PIPELINE_PERDIDA, T0 + 9 * DAY);
	review_span spans[5];
	review_fig_row rows[REVIEW_FIG_ROWS(5)];
	review_facts f;
	size_t n;

	c.lost_from = PIPELINE_COMPROMETIDA;
	c.has_loss = true;
	c.loss_reason = PIPELINE_LOSS_CANCELLED;
	review_facts_of(&c, won, 4, spans, &f);
	ck_assert(f.won && f.in_perdida && f.cancelled && !f.lost && !f.undecided);
	ck_assert(f.lost_at == T0 + 9 * DAY);
	ck_assert_int_eq(f.reason, PIPELINE_LOSS_CANCELLED);
	ck_assert_int_eq(f.lost_from, PIPELINE_COMPROMETIDA);
	/* Rows: entries into Inmadura (advanced), Calificada (advanced),
	 * Comprometida (not), Perdida; won at 2 d; cancelled and the loss
	 * (cancelled, from Comprometida) at 9 d; stays Inmadura (2 d) and
	 * Comprometida (7 d): 4 + 1 + 2 + 2 = 9. */
	n = review_fig_rows(&f, rows);
	ck_assert_uint_eq(n, 9);
	ck_assert_int_eq(rows[0].what, REVIEW_FIG_ENTERED);
	ck_assert(rows[0].advanced && rows[1].advanced && !rows[2].advanced && !rows[3].advanced);
	ck_assert_int_eq(rows[3].stage, PIPELINE_PERDIDA);
	ck_assert_int_eq(rows[4].what, REVIEW_FIG_WON);
	ck_assert(rows[4].valued && rows[4].at == T0 + 2 * DAY);
	ck_assert_int_eq(rows[5].what, REVIEW_FIG_CANCELLED);
	ck_assert_int_eq(rows[6].what, REVIEW_FIG_LOSS);
	ck_assert_int_eq(rows[6].reason, PIPELINE_LOSS_CANCELLED);
	ck_assert_int_eq(rows[6].stage, PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(rows[7].what, REVIEW_FIG_STAY);
	ck_assert_int_eq(rows[7].days, 2);
	ck_assert_int_eq(rows[8].stage, PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(rows[8].days, 7);
	ck_assert(rows[8].at == T0 + 9 * DAY);
	ck_assert(!rows[7].valued && !rows[0].valued);

	/* Lost from Inmadura: lost, not won, not cancelled. */
	review_fact_event lost[] = {
		step(T0, REVIEW_EV_CREATE, PIPELINE_INMADURA, false),
		step(T0 + DAY, REVIEW_EV_LOSE, PIPELINE_PERDIDA, false),
	};
	c.lost_from = PIPELINE_INMADURA;
	c.loss_reason = PIPELINE_LOSS_DECLINED;
	c.stage_since = T0 + DAY;
	review_facts_of(&c, lost, 2, spans, &f);
	ck_assert(f.lost && !f.won && !f.cancelled && !f.undecided);
	n = review_fig_rows(&f, rows);
	/* entered Inmadura and Perdida, lost, the loss, one stay: 5. */
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(rows[2].what, REVIEW_FIG_LOST);

	/* Deleted: in no figure. */
	c.deleted = true;
	review_facts_of(&c, lost, 2, spans, &f);
	ck_assert(!f.live);
	ck_assert_uint_eq(review_fig_rows(&f, rows), 0);
}
END_TEST

/* History the upgrade could not read: the card's own row closes it. */
START_TEST(test_facts_card_closes_history)
{
	review_fact_event ev[] = { step(T0, REVIEW_EV_CREATE, PIPELINE_INMADURA, false) };
	review_fact_card c = card(PIPELINE_POR_FACTURAR, T0 + 5 * DAY);
	review_span spans[2];
	review_facts f;

	review_facts_of(&c, ev, 1, spans, &f);
	/* Inmadura 0 -> 5 d, then por Facturar since 5 d; awaiting an
	 * invoice (none recorded). */
	ck_assert_uint_eq(f.nstays, 1);
	ck_assert_int_eq(f.stays[0].days, 5);
	ck_assert_int_eq(f.stage, PIPELINE_POR_FACTURAR);
	ck_assert(f.entered[PIPELINE_POR_FACTURAR] && f.first[PIPELINE_POR_FACTURAR] == T0 + 5 * DAY);
	ck_assert_int_eq(f.awaiting, REPORT_AWAITING_INVOICE);
	c.invoiced = true;
	review_facts_of(&c, ev, 1, spans, &f);
	ck_assert_int_eq(f.awaiting, REPORT_LIST_COUNT);
	c = card(PIPELINE_EN_FACTURACION, T0 + DAY);
	review_facts_of(&c, ev, 1, spans, &f);
	ck_assert_int_eq(f.awaiting, REPORT_AWAITING_DELIVERY);
	c.delivered = true;
	review_facts_of(&c, ev, 1, spans, &f);
	ck_assert_int_eq(f.awaiting, REPORT_LIST_COUNT);
	/* A clock set back: time running backwards is no time. */
	review_fact_event back[] = {
		step(T0, REVIEW_EV_CREATE, PIPELINE_INMADURA, false),
		step(T0 - DAY, REVIEW_EV_MOVE, PIPELINE_CALIFICADA, false),
	};
	c = card(PIPELINE_CALIFICADA, T0 - DAY);
	review_facts_of(&c, back, 2, spans, &f);
	ck_assert_uint_eq(f.nstays, 1);
	ck_assert_int_eq(f.stays[0].days, 0);
}
END_TEST

START_TEST(test_facts_close_dates)
{
	review_fact_event ev[] = {
		step(T0, REVIEW_EV_CREATE, PIPELINE_INMADURA, false),
		close_edit(T0 + DAY, "2026-02-01", "2026-03-01"),  /* later: 1 */
		close_edit(T0 + 2 * DAY, "2026-03-01", "2026-02-15"), /* earlier */
		close_edit(T0 + 3 * DAY, "2026-02-15", ""),           /* cleared */
		close_edit(T0 + 4 * DAY, "", "2026-05-01"),           /* set again: not a slip */
		close_edit(T0 + 5 * DAY, "2026-05-01", "2026-05-02"), /* later: 2 */
	};
	review_fact_card c = card(PIPELINE_INMADURA, T0);
	review_span spans[7];
	review_facts f;

	snprintf(c.close, sizeof c.close, "2026-05-02");
	review_facts_of(&c, ev, 6, spans, &f);
	ck_assert_int_eq(f.slips, 2);
	/* The first edit replaced the date it was created with. */
	ck_assert_str_eq(f.first_close, "2026-02-01");
	ck_assert_str_eq(f.close, "2026-05-02");
	ck_assert(f.undecided);
	/* Created without one: the first set by an edit. */
	ev[1] = close_edit(T0 + DAY, "", "2026-03-01");
	review_facts_of(&c, ev, 6, spans, &f);
	ck_assert_str_eq(f.first_close, "2026-03-01");
	ck_assert_int_eq(f.slips, 1);
	/* No edit: the one it has. */
	review_facts_of(&c, ev, 1, spans, &f);
	ck_assert_str_eq(f.first_close, "2026-05-02");
	ck_assert_int_eq(f.slips, 0);
}
END_TEST

START_TEST(test_changes_facts)
{
	ck_assert(review_changes_facts(REVIEW_EV_MOVE, PIPELINE_EV_COUNT, NULL));
	ck_assert(review_changes_facts(REVIEW_EV_DELETE, PIPELINE_EV_COUNT, NULL));
	ck_assert(review_changes_facts(REVIEW_EV_EDIT, PIPELINE_EV_COUNT, "close-date"));
	ck_assert(review_changes_facts(REVIEW_EV_EDIT, PIPELINE_EV_COUNT, "amount"));
	ck_assert(!review_changes_facts(REVIEW_EV_EDIT, PIPELINE_EV_COUNT, "title"));
	ck_assert(!review_changes_facts(REVIEW_EV_EDIT, PIPELINE_EV_COUNT, "owner"));
	ck_assert(review_changes_facts(REVIEW_EV_EVIDENCE, PIPELINE_EV_INVOICE, NULL));
	ck_assert(review_changes_facts(REVIEW_EV_RETRACT, PIPELINE_EV_DELIVERY, NULL));
	ck_assert(!review_changes_facts(REVIEW_EV_EVIDENCE, PIPELINE_EV_CRITERION, NULL));
	ck_assert(!review_changes_facts(REVIEW_EV_EVIDENCE, PIPELINE_EV_COMMITMENT, NULL));
	ck_assert(!review_changes_facts(REVIEW_EV_REORDER, PIPELINE_EV_COUNT, NULL));
	ck_assert(!review_changes_facts(REVIEW_EV_NOTE, PIPELINE_EV_CRITERION, NULL));
}
END_TEST

/* ---- putting a report together ------------------------------------------- */

START_TEST(test_days_and_ratios)
{
	report_days d;
	int64_t days[] = { 2, 5, 9 }, count[] = { 1, 2, 1 };

	/* 2 5 5 9: median (5 + 5)/2 = 5, mean 21/4 = 5.25. */
	report_days_hist(&d, days, count, 3);
	ck_assert(d.known);
	ck_assert_int_eq(d.stays, 4);
	ck_assert(d.median == 5.0 && d.mean == 5.25);
	/* 2 5 9 (one 5): median 5, mean 16/3. */
	count[1] = 1;
	report_days_hist(&d, days, count, 3);
	ck_assert(d.median == 5.0 && d.mean * 3 == 16.0);
	/* 2 9: (2 + 9)/2 = 5.5. */
	count[1] = 0;
	report_days_hist(&d, days, count, 3);
	ck_assert(d.median == 5.5 && d.mean == 5.5);
	report_days_hist(&d, days, count, 0);
	ck_assert(!d.known);
	ck_assert_int_eq(d.stays, 0);
	report_days_set(&d, 4, 3, 6, 20.0);
	ck_assert(d.known && d.median == 4.5 && d.mean == 5.0);

	report_ratio q = report_ratio_of(7, 9);
	ck_assert(q.known && q.value * 9 == 7.0);
	ck_assert(!report_ratio_of(3, 0).known);
}
END_TEST

START_TEST(test_money_maps)
{
	report_money m;
	static const char *const codes[] = { "AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III" };

	memset(&m, 0, sizeof m);
	report_money_add(&m, "USD", 1, 150, false);
	report_money_add(&m, "CLP", 2, 3000, false);
	report_money_add(&m, "USD", 1, 50, false);
	ck_assert_int_eq(m.count, 4);
	ck_assert_int_eq(m.ntotals, 2);
	ck_assert_str_eq(m.totals[0].currency, "USD");
	ck_assert_int_eq(m.totals[0].amount, 200);
	/* The configured currency first, then by code. */
	report_money_sort(&m, "CLP");
	ck_assert_str_eq(m.totals[0].currency, "CLP");
	/* Past int64: marked, never wrapped. */
	report_money_add(&m, "CLP", 1, INT64_MAX, false);
	ck_assert(m.totals[0].overflow);
	ck_assert_int_eq(m.totals[0].amount, INT64_MAX);
	/* More currencies than a map holds: `more`, never added elsewhere. */
	memset(&m, 0, sizeof m);
	for (int i = 0; i < 9; i++)
		report_money_add(&m, codes[i], 1, 1, false);
	ck_assert_int_eq(m.ntotals, REVIEW_MAX_CURRENCIES);
	ck_assert(m.more);
	ck_assert_int_eq(m.count, 9);
}
END_TEST

static void set_money(report_money *m, const char *cur, int64_t count, int64_t amount)
{
	memset(m, 0, sizeof *m);
	report_money_add(m, cur, count, amount, false);
}

START_TEST(test_finish)
{
	report r;
	report_query q;
	static const int prob[PIPELINE_STAGE_COUNT] = { 10, 30, 70, 90, 100, 100, 0 };

	memset(&q, 0, sizeof q);
	memcpy(q.probability, prob, sizeof prob);
	memcpy(q.first_currency, "CLP", 4);
	report_init(&r);
	/* Entered 10, 5, 0, ...: conversions 4/10, null (Calificada has 5
	 * entered but Comprometida none advanced? advanced 0 -> 0/5 = 0),
	 * null from Comprometida on (none entered). */
	r.stages[PIPELINE_INMADURA].entered = 10;
	r.stages[PIPELINE_INMADURA].advanced = 4;
	r.stages[PIPELINE_CALIFICADA].entered = 5;
	r.stages[PIPELINE_CALIFICADA].advanced = 0;
	r.stages[PIPELINE_LISTA].entered = 2;
	r.stages[PIPELINE_LISTA].advanced = 2; /* no next stage: dropped */
	set_money(&r.stages[PIPELINE_INMADURA].totals, "CLP", 2, 1000);
	set_money(&r.stages[PIPELINE_POR_FACTURAR].totals, "USD", 1, 2000);
	set_money(&r.stages[PIPELINE_EN_FACTURACION].totals, "CLP", 1, 500);
	set_money(&r.stages[PIPELINE_LISTA].totals, "CLP", 1, 700);
	set_money(&r.stages[PIPELINE_PERDIDA].totals, "CLP", 1, 900);
	ck_assert(report_forecast_add(&r, "2026-05", PIPELINE_INMADURA, "CLP", 2, 1000, false, 10));
	ck_assert(report_forecast_add(&r, "", PIPELINE_POR_FACTURAR, "USD", 1, 2000, false, 90));
	ck_assert(report_forecast_add(&r, "2026-03", PIPELINE_INMADURA, "CLP", 1, 0, false, 10));
	/* Invoiced stages are not the forecast's. */
	ck_assert(report_forecast_add(&r, "2026-01", PIPELINE_LISTA, "CLP", 1, 700, false, 100));
	r.win_rate.won = 3;
	r.win_rate.lost = 1;
	set_money(&r.win_rate.won_value, "CLP", 3, 600);
	set_money(&r.win_rate.lost_value, "USD", 1, 200);
	report_finish(&r, &q);

	ck_assert(r.stages[0].conversion.known && r.stages[0].conversion.value == 0.4);
	ck_assert(r.stages[1].conversion.known && r.stages[1].conversion.value == 0.0);
	ck_assert(!r.stages[2].conversion.known);
	ck_assert(!r.stages[PIPELINE_LISTA].has_next && !r.stages[PIPELINE_LISTA].conversion.known);
	ck_assert_int_eq(r.stages[PIPELINE_LISTA].advanced, 0);
	/* From start: 1, 0.4, 0.4 * 0 = 0, then null (Comprometida's
	 * conversion is null); Perdida never. */
	ck_assert(r.stages[0].from_start.known && r.stages[0].from_start.value == 1.0);
	ck_assert(r.stages[1].from_start.value == 0.4);
	ck_assert(r.stages[2].from_start.known && r.stages[2].from_start.value == 0.0);
	ck_assert(!r.stages[3].from_start.known && !r.stages[PIPELINE_PERDIDA].from_start.known);
	/* Weighted: 10% of 1000 = 100 CLP; 90% of 2000 = 1800 USD. */
	ck_assert_int_eq(r.stages[0].weighted.totals[0].amount, 100);
	ck_assert_int_eq(r.stages[3].weighted.totals[0].amount, 1800);
	/* Forecast: Inmadura..por Facturar weighted (CLP 100, USD 1800);
	 * invoiced: en Facturación and Lista, whole (CLP 1200); Perdida in
	 * neither. */
	ck_assert_int_eq(r.forecast.weighted.ntotals, 2);
	ck_assert_str_eq(r.forecast.weighted.totals[0].currency, "CLP");
	ck_assert_int_eq(r.forecast.weighted.totals[0].amount, 100);
	ck_assert_int_eq(r.forecast.weighted.totals[1].amount, 1800);
	ck_assert_int_eq(r.forecast.invoiced.ntotals, 1);
	ck_assert_int_eq(r.forecast.invoiced.totals[0].amount, 1200);
	/* By month, ascending, no close date last; Lista's month is not
	 * there. */
	ck_assert_uint_eq(r.forecast.nmonths, 3);
	ck_assert_str_eq(r.forecast.months[0].month, "2026-03");
	ck_assert_str_eq(r.forecast.months[1].month, "2026-05");
	ck_assert_int_eq(r.forecast.months[1].weighted.totals[0].amount, 100);
	ck_assert_str_eq(r.forecast.months[2].month, "");
	ck_assert_int_eq(r.forecast.months[2].weighted.totals[0].amount, 1800);
	/* Win rate 3/4; by value CLP 600/600 = 1, USD 0/200 = 0. */
	ck_assert(r.win_rate.rate.value == 0.75);
	ck_assert_int_eq(r.win_rate.nby_value, 2);
	ck_assert_str_eq(r.win_rate.by_value[0].currency, "CLP");
	ck_assert(r.win_rate.by_value[0].rate.value == 1.0);
	ck_assert_int_eq(r.win_rate.by_value[1].lost, 200);
	ck_assert(r.win_rate.by_value[1].rate.known && r.win_rate.by_value[1].rate.value == 0.0);
	report_free(&r);
}
END_TEST

/* ---- conversion ------------------------------------------------------------ */

static report_rates rates_clp(void)
{
	report_rates r;

	memset(&r, 0, sizeof r);
	r.set = true;
	memcpy(r.reporting, "CLP", 4);
	memcpy(r.as_of, "2026-12-01", 11);
	r.rate[0] = (report_rate){ "USD", 95025, 2 }; /* 950.25 */
	r.rate[1] = (report_rate){ "CLF", 39000, 0 };
	r.n = 2;
	return r;
}

START_TEST(test_convert_amount)
{
	report_rates r = rates_clp();
	int64_t v;
	bool over;

	/* 100.50 USD = 10050 cents: 100.5 * 950.25 = 95,500.125 -> 95,500. */
	ck_assert(report_convert_amount(&r, "USD", 10050, &v, &over));
	ck_assert(!over);
	ck_assert_int_eq(v, 95500);
	/* 2.00 USD * 950.25 = 1,900.5: half away from zero -> 1,901; and
	 * -1,900.5 -> -1,901. */
	ck_assert(report_convert_amount(&r, "USD", 200, &v, &over));
	ck_assert_int_eq(v, 1901);
	ck_assert(report_convert_amount(&r, "USD", -200, &v, &over));
	ck_assert_int_eq(v, -1901);
	/* 1.2345 UF (4 decimals: 12345) * 39,000 = 48,145.5 -> 48,146. */
	ck_assert(report_convert_amount(&r, "CLF", 12345, &v, &over));
	ck_assert_int_eq(v, 48146);
	/* The reporting currency is its own, at 1. */
	ck_assert(report_convert_amount(&r, "CLP", 777, &v, &over));
	ck_assert_int_eq(v, 777);
	/* No rate: not converted, never guessed. */
	ck_assert(!report_convert_amount(&r, "EUR", 100, &v, &over));
	/* Past int64: 9,223,372,036,854,775,807 cents * 950.25. */
	ck_assert(report_convert_amount(&r, "USD", INT64_MAX, &v, &over));
	ck_assert(over);
	/* Into a currency with decimals: 1,000,000 CLP at 0.00105 USD =
	 * 1,050.00 USD = 105,000 cents; 1 CLP = 0.105 cents -> 0. */
	report_rates u;
	memset(&u, 0, sizeof u);
	u.set = true;
	memcpy(u.reporting, "USD", 4);
	u.rate[0] = (report_rate){ "CLP", 105, 5 };
	u.n = 1;
	ck_assert(report_convert_amount(&u, "CLP", 1000000, &v, &over));
	ck_assert_int_eq(v, 105000);
	ck_assert(report_convert_amount(&u, "CLP", 1, &v, &over));
	ck_assert_int_eq(v, 0);
	/* 5 CLP = 0.525 cents -> 1 (0.525 is past the half). */
	ck_assert(report_convert_amount(&u, "CLP", 5, &v, &over));
	ck_assert_int_eq(v, 1);
	/* Without rates nothing converts. */
	u.set = false;
	ck_assert(!report_convert_amount(&u, "CLP", 5, &v, &over));
}
END_TEST

START_TEST(test_convert_map)
{
	report_rates r = rates_clp();
	report_money m;
	report_converted cv;

	memset(&m, 0, sizeof m);
	report_money_add(&m, "CLP", 1, 1000000, false);
	report_money_add(&m, "EUR", 1, 5000, false);
	report_money_add(&m, "USD", 1, 100000, false);
	/* 1,000,000 + 1,000.00 USD * 950.25 = 950,250: 1,950,250; EUR has
	 * no rate. */
	report_convert(&r, &m, &cv);
	ck_assert_str_eq(cv.currency, "CLP");
	ck_assert_int_eq(cv.amount, 1950250);
	ck_assert(!cv.overflow);
	ck_assert_int_eq(cv.nunconverted, 1);
	ck_assert_str_eq(cv.unconverted[0], "EUR");
	/* A sum past int64: "too large". */
	report_money_add(&m, "CLP", 1, INT64_MAX - 1000000, false);
	report_convert(&r, &m, &cv);
	ck_assert(cv.overflow);
	r.set = false;
	report_convert(&r, &m, &cv);
	ck_assert_str_eq(cv.currency, "");
}
END_TEST

START_TEST(test_rate_parse)
{
	int64_t units;
	int scale;
	char err[128], buf[64];

	ck_assert(money_rate_parse("950", &units, &scale, err, sizeof err));
	ck_assert(units == 950 && scale == 0);
	ck_assert(money_rate_parse("950.50", &units, &scale, err, sizeof err));
	ck_assert(units == 9505 && scale == 1); /* trailing zero dropped */
	money_rate_format(units, scale, buf, sizeof buf);
	ck_assert_str_eq(buf, "950.5");
	ck_assert(money_rate_parse("0.000001", &units, &scale, err, sizeof err));
	money_rate_format(units, scale, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.000001");
	static const char *const bad[] = { "", "0", "0.00", "-1", "+3", "1e3", "1.", ".5",
	                                   "1,000", "1.2.3", "1234567890123456789",
	                                   "1.1234567891" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!money_rate_parse(bad[i], &units, &scale, err, sizeof err),
		              "'%s' is not a rate", bad[i]);
}
END_TEST

/* ---- local calendar days ---------------------------------------------------- */

START_TEST(test_local_days)
{
	time_t t;
	char today[DATE_LEN + 1];
	int64_t n;
	int y, m, d;

	setenv("TZ", "<-03>3", 1);
	tzset();
	/* 2026-02-01 at UTC-3 starts at 2026-02-01T03:00:00Z = 1769914800
	 * and ends at 2026-02-02T02:59:59Z. */
	ck_assert(date_local_day_start("2026-02-01", &t));
	ck_assert_int_eq((int64_t)t, 1769914800);
	ck_assert(date_local_day_end("2026-02-01", &t));
	ck_assert_int_eq((int64_t)t, 1769914800 + 86400 - 1);
	/* 2026-02-01T02:00:00Z is still 2026-01-31 there. */
	date_local_today(1769911200, today);
	ck_assert_str_eq(today, "2026-01-31");
	ck_assert(!date_local_day_start("2026-02-30", &t));
	/* Chile's rules as a POSIX TZ: summer time ends on the first
	 * Saturday of April at 24:00, when the clock goes back to 23:00
	 * (Saturday 2026-04-04 has 25 hours), and starts on the first
	 * Saturday of September at 24:00, when it jumps to Sunday 01:00
	 * (Sunday 2026-09-06 has 23 hours). */
	setenv("TZ", "<-04>4<-03>,M9.1.6/24,M4.1.6/24", 1);
	tzset();
	time_t a, b;
	ck_assert(date_local_day_start("2026-04-04", &a) && date_local_day_end("2026-04-04", &b));
	ck_assert_int_eq((int64_t)(b - a + 1), 25 * 3600);
	ck_assert(date_local_day_start("2026-09-06", &a) && date_local_day_end("2026-09-06", &b));
	ck_assert_int_eq((int64_t)(b - a + 1), 23 * 3600);
	setenv("TZ", "UTC", 1);
	tzset();

	ck_assert(date_days_between("2026-03-01", "2026-03-31", &n));
	ck_assert_int_eq(n, 30);
	ck_assert(date_days_between("2024-02-28", "2024-03-01", &n)); /* a leap year */
	ck_assert_int_eq(n, 2);
	ck_assert(date_days_between("2026-03-31", "2026-03-01", &n));
	ck_assert_int_eq(n, -30);
	ck_assert(!date_days_between("2026-03-32", "2026-03-01", &n));
	ck_assert_int_eq(date_day_number(2026, 1, 1), 1767225600 / 86400);
	date_day_civil(date_day_number(2028, 2, 29), &y, &m, &d);
	ck_assert(y == 2028 && m == 2 && d == 29);
}
END_TEST

static Suite *review_report_suite(void)
{
	Suite *s = suite_create("review_report");
	TCase *f = tcase_create("facts");
	TCase *r = tcase_create("report");
	TCase *c = tcase_create("convert");

	tcase_add_test(f, test_facts_moves_back_loss_reopen);
	tcase_add_test(f, test_facts_outcomes_and_rows);
	tcase_add_test(f, test_facts_card_closes_history);
	tcase_add_test(f, test_facts_close_dates);
	tcase_add_test(f, test_changes_facts);
	tcase_add_test(r, test_days_and_ratios);
	tcase_add_test(r, test_money_maps);
	tcase_add_test(r, test_finish);
	tcase_add_test(c, test_convert_amount);
	tcase_add_test(c, test_convert_map);
	tcase_add_test(c, test_rate_parse);
	tcase_add_test(c, test_local_days);
	suite_add_tcase(s, f);
	suite_add_tcase(s, r);
	suite_add_tcase(s, c);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(review_report_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
