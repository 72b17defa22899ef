/*
 * Tests for the figures of review/: weighted value, time in stage, stale,
 * existing client and the history's event kinds. Every expected value is
 * worked out by hand in the comment beside it.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review/client.h"
#include "review/event.h"
#include "review/report.h"
#include "review/stale.h"
#include "review/stay.h"
#include "review/weighted.h"

#define DAY ((time_t)86400)
#define HOUR ((time_t)3600)
static const time_t T0 = 1767225600; /* 2026-01-01T00:00:00Z */

/* ---- weighted value ----------------------------------------------------- */

START_TEST(test_weighted_amount)
{
	ck_assert_int_eq(review_weighted_amount(5, 1000000), 50000);   /* 5% of 1,000,000 */
	ck_assert_int_eq(review_weighted_amount(30, 1000), 300);
	ck_assert_int_eq(review_weighted_amount(100, 12345), 12345);
	ck_assert_int_eq(review_weighted_amount(150, 12345), 12345);   /* never more than all */
	ck_assert_int_eq(review_weighted_amount(0, 12345), 0);
	ck_assert_int_eq(review_weighted_amount(-5, 12345), 0);
	/* rounding half away from zero, in minor units */
	ck_assert_int_eq(review_weighted_amount(5, 10), 1);   /* 0.5 -> 1 */
	ck_assert_int_eq(review_weighted_amount(5, 9), 0);    /* 0.45 -> 0 */
	ck_assert_int_eq(review_weighted_amount(5, -10), -1); /* -0.5 -> -1 */
	ck_assert_int_eq(review_weighted_amount(30, 1234567), 370370); /* 370370.1 */
	ck_assert_int_eq(review_weighted_amount(70, 15), 11);          /* 10.5 -> 11 */
	/* no overflow at the top of the range: 9223372036854775807 * 95 / 100
	 * = 92233720368547758 * 95 + 7 * 95 / 100 (6.65 -> 7) */
	ck_assert_int_eq(review_weighted_amount(95, INT64_MAX), 92233720368547758LL * 95 + 7);
}
END_TEST

static review_total total(const char *cur, int64_t count, int64_t amount)
{
	review_total t;
	memset(&t, 0, sizeof t);
	snprintf(t.currency, sizeof t.currency, "%s", cur);
	t.count = count;
	t.amount = amount;
	return t;
}

START_TEST(test_weighted_total_overflow)
{
	review_total big = total("CLP", 3, INT64_MAX);
	big.overflow = true;
	review_total w = review_weighted_total(50, &big);
	ck_assert(w.overflow);                   /* its true sum is unknown */
	ck_assert_int_eq(w.amount, INT64_MAX);
	ck_assert_int_eq(w.count, 3);
	w = review_weighted_total(0, &big);      /* but nothing of it at 0% */
	ck_assert(!w.overflow);
	ck_assert_int_eq(w.amount, 0);
}
END_TEST

START_TEST(test_weighted_summary_and_board)
{
	int prob[PIPELINE_STAGE_COUNT] = { 10, 30, 70, 90, 100, 100, 0 };
	review_summary sum[PIPELINE_STAGE_COUNT], w;
	memset(sum, 0, sizeof sum);
	/* Inmadura: 2 CLP cards, 1,000,000 in all; 1 USD card, 50.00 */
	sum[PIPELINE_INMADURA].count = 3;
	sum[PIPELINE_INMADURA].ntotals = 2;
	sum[PIPELINE_INMADURA].totals[0] = total("CLP", 2, 1000000);
	sum[PIPELINE_INMADURA].totals[1] = total("USD", 1, 5000);
	/* Calificada: 1 CLP card, 2,000,000 */
	sum[PIPELINE_CALIFICADA].count = 1;
	sum[PIPELINE_CALIFICADA].ntotals = 1;
	sum[PIPELINE_CALIFICADA].totals[0] = total("CLP", 1, 2000000);
	/* Perdida: 1 CLP card, 9,000,000, weighs 0% */
	sum[PIPELINE_PERDIDA].count = 1;
	sum[PIPELINE_PERDIDA].ntotals = 1;
	sum[PIPELINE_PERDIDA].totals[0] = total("CLP", 1, 9000000);

	review_weighted_summary(prob[PIPELINE_INMADURA], &sum[PIPELINE_INMADURA], &w);
	ck_assert_int_eq(w.ntotals, 2);
	ck_assert_int_eq(w.totals[0].amount, 100000); /* 10% of 1,000,000 */
	ck_assert_int_eq(w.totals[1].amount, 500);    /* 10% of 5000 */
	ck_assert_int_eq(w.count, 3);

	/* The board: CLP 100,000 + 600,000 + 0 = 700,000 over 4 cards; USD
	 * 500; with USD configured first, USD comes first. */
	review_weighted_stages(prob, sum, NULL, "USD", &w);
	ck_assert_int_eq(w.count, 5);
	ck_assert_int_eq(w.ntotals, 2);
	ck_assert_str_eq(w.totals[0].currency, "USD");
	ck_assert_int_eq(w.totals[0].amount, 500);
	ck_assert_str_eq(w.totals[1].currency, "CLP");
	ck_assert_int_eq(w.totals[1].amount, 700000);
	ck_assert_int_eq(w.totals[1].count, 4);
	ck_assert(!w.more);
	/* CLP first: by code after it */
	review_weighted_stages(prob, sum, NULL, "CLP", &w);
	ck_assert_str_eq(w.totals[0].currency, "CLP");
	ck_assert_str_eq(w.totals[1].currency, "USD");
}
END_TEST

/* Never wrapped, never across currencies: past int64 is overflow, and a
 * ninth currency is `more`, not added to another. */
START_TEST(test_weighted_board_limits)
{
	int prob[PIPELINE_STAGE_COUNT] = { 100, 100, 100, 100, 100, 100, 0 };
	static const char *codes[] = { "CLP", "USD", "EUR", "CLF", "JPY", "GBP", "BRL", "ARS", "PEN" };
	review_summary sum[PIPELINE_STAGE_COUNT], w;
	memset(sum, 0, sizeof sum);
	sum[0].ntotals = 1;
	sum[0].totals[0] = total("CLP", 1, INT64_MAX - 5);
	sum[1].ntotals = 1;
	sum[1].totals[0] = total("CLP", 1, 10);
	review_weighted_stages(prob, sum, NULL, "CLP", &w);
	ck_assert(w.totals[0].overflow);
	ck_assert_int_eq(w.totals[0].amount, INT64_MAX);

	memset(sum, 0, sizeof sum);
	sum[0].ntotals = 5;
	sum[1].ntotals = 4;
	for (int i = 0; i < 9; i++)
		sum[i < 5 ? 0 : 1].totals[i < 5 ? i : i - 5] = total(codes[i], 1, 100);
	review_weighted_stages(prob, sum, NULL, "CLP", &w);
	ck_assert_int_eq(w.ntotals, REVIEW_MAX_CURRENCIES);
	ck_assert(w.more);
	for (int i = 0; i < w.ntotals; i++)
		ck_assert_int_eq(w.totals[i].amount, 100);
}
END_TEST

/* ---- time in stage ------------------------------------------------------ */

/* A card created on day 0 in Inmadura; to Calificada on day 2; back to
 * Inmadura on day 5; on day 9 one move of two steps through Calificada to
 * Comprometida; lost on day 12; reopened to Comprometida on day 13; asked
 * on day 20. */
static const review_step PATH[] = {
	{ T0, PIPELINE_INMADURA, false },
	{ T0 + 2 * DAY, PIPELINE_CALIFICADA, false },
	{ T0 + 5 * DAY, PIPELINE_INMADURA, false },
	{ T0 + 9 * DAY, PIPELINE_CALIFICADA, true },
	{ T0 + 9 * DAY, PIPELINE_COMPROMETIDA, false },
	{ T0 + 12 * DAY, PIPELINE_PERDIDA, false },
	{ T0 + 13 * DAY, PIPELINE_COMPROMETIDA, false },
};
#define NPATH (sizeof PATH / sizeof PATH[0])

START_TEST(test_stays)
{
	review_stay s;
	time_t now = T0 + 20 * DAY;

	/* Inmadura: days 0-2 and 5-9: two stays, 2 + 4 = 6 days, the latest 4 */
	review_stay_in(PATH, NPATH, PIPELINE_INMADURA, now, &s);
	ck_assert_int_eq(s.stays, 2);
	ck_assert_int_eq(s.latest_days, 4);
	ck_assert_int_eq(s.total_days, 6);
	ck_assert(!s.current);
	/* Calificada: days 2-5 only; passing through it on day 9 is no stay */
	review_stay_in(PATH, NPATH, PIPELINE_CALIFICADA, now, &s);
	ck_assert_int_eq(s.stays, 1);
	ck_assert_int_eq(s.latest_days, 3);
	ck_assert_int_eq(s.total_days, 3);
	/* Comprometida: days 9-12 (ended by the loss) and 13-20, under way:
	 * 3 + 7 = 10 days, the latest 7 */
	review_stay_in(PATH, NPATH, PIPELINE_COMPROMETIDA, now, &s);
	ck_assert_int_eq(s.stays, 2);
	ck_assert_int_eq(s.latest_days, 7);
	ck_assert_int_eq(s.total_days, 10);
	ck_assert(s.current);
	/* Perdida: day 12-13, ended by reopening */
	review_stay_in(PATH, NPATH, PIPELINE_PERDIDA, now, &s);
	ck_assert_int_eq(s.stays, 1);
	ck_assert_int_eq(s.latest_days, 1);
	/* Never there */
	review_stay_in(PATH, NPATH, PIPELINE_POR_FACTURAR, now, &s);
	ck_assert_int_eq(s.stays, 0);
	ck_assert_int_eq(s.total_days, 0);
	ck_assert(!s.current);
}
END_TEST

/* Whole days are elapsed time / 24 h: two stays of 36 hours are 1 day
 * each but 3 days together; a clock set back counts as no time. */
START_TEST(test_stay_whole_days)
{
	review_step steps[] = {
		{ T0, PIPELINE_INMADURA, false },
		{ T0 + 36 * HOUR, PIPELINE_CALIFICADA, false },
		{ T0 + 40 * HOUR, PIPELINE_INMADURA, false },
		{ T0 + 76 * HOUR, PIPELINE_CALIFICADA, false },
		{ T0 + 70 * HOUR, PIPELINE_INMADURA, false }, /* earlier than the step before */
	};
	review_stay s;

	review_stay_in(steps, 4, PIPELINE_INMADURA, T0 + 100 * HOUR, &s);
	ck_assert_int_eq(s.stays, 2);
	ck_assert_int_eq(s.latest_days, 1); /* 36 h */
	ck_assert_int_eq(s.total_days, 3);  /* 72 h */
	review_stay_in(steps, 5, PIPELINE_CALIFICADA, T0 + 100 * HOUR, &s);
	ck_assert_int_eq(s.stays, 2);
	ck_assert_int_eq(s.latest_days, 0); /* 76 h to 70 h: none */
	ck_assert_int_eq(s.total_days, 0);  /* 4 h + none */
	/* The under-way stay at a `now` before it began: none either */
	review_stay_in(steps, 5, PIPELINE_INMADURA, T0, &s);
	ck_assert_int_eq(s.latest_days, 0);
	ck_assert(s.current);
}
END_TEST

/* ---- stale -------------------------------------------------------------- */

START_TEST(test_stale)
{
	review_age a;
	time_t now = T0 + 19 * DAY + 5 * HOUR; /* 2026-01-20T05:00:00Z */

	/* In its stage since day 0 (19 days), last activity on day 9 (10 days) */
	review_age_of("2026-01-01T00:00:00Z", "2026-01-10T00:00:00Z", 14, now, &a);
	ck_assert_int_eq(a.days_in_stage, 19);
	ck_assert_int_eq(a.idle_days, 10);
	ck_assert(!a.stale); /* 10 < 14 */
	review_age_of("2026-01-01T00:00:00Z", "2026-01-10T00:00:00Z", 10, now, &a);
	ck_assert(a.stale);  /* 10 >= 10 */
	/* No activity known: the stage change is the last */
	review_age_of("2026-01-01T00:00:00Z", "", 14, now, &a);
	ck_assert_int_eq(a.idle_days, 19);
	ck_assert(a.stale);
	review_age_of("2026-01-01T00:00:00Z", NULL, 14, now, &a);
	ck_assert_int_eq(a.idle_days, 19);
	/* Activity before the stage change (its creation): the change counts */
	review_age_of("2026-01-01T00:00:00Z", "2025-12-01T00:00:00Z", 14, now, &a);
	ck_assert_int_eq(a.idle_days, 19);
	/* 0 days set: never stale */
	review_age_of("2025-01-01T00:00:00Z", NULL, 0, now, &a);
	ck_assert(!a.stale);
	ck_assert(!review_is_stale(0, 1000));
	ck_assert(review_is_stale(30, 30));
	ck_assert(!review_is_stale(30, 29));
}
END_TEST

/* ---- existing client ---------------------------------------------------- */

START_TEST(test_billed)
{
	/* Billed: en-facturacion or later, or lost from there */
	ck_assert(!review_billed(PIPELINE_INMADURA, PIPELINE_INMADURA));
	ck_assert(!review_billed(PIPELINE_COMPROMETIDA, PIPELINE_COMPROMETIDA));
	ck_assert(!review_billed(PIPELINE_POR_FACTURAR, PIPELINE_POR_FACTURAR));
	ck_assert(review_billed(PIPELINE_EN_FACTURACION, PIPELINE_EN_FACTURACION));
	ck_assert(review_billed(PIPELINE_LISTA, PIPELINE_LISTA));
	ck_assert(review_billed(PIPELINE_PERDIDA, PIPELINE_EN_FACTURACION));
	ck_assert(review_billed(PIPELINE_PERDIDA, PIPELINE_LISTA));
	ck_assert(!review_billed(PIPELINE_PERDIDA, PIPELINE_POR_FACTURAR));
	/* lost_from means nothing outside Perdida */
	ck_assert(!review_billed(PIPELINE_CALIFICADA, PIPELINE_LISTA));
}
END_TEST

START_TEST(test_existing_client)
{
	review_client_opp others[3] = {
		{ PIPELINE_COMPROMETIDA, PIPELINE_COMPROMETIDA, false },
		{ PIPELINE_LISTA, PIPELINE_LISTA, true },               /* billed, but deleted */
		{ PIPELINE_PERDIDA, PIPELINE_POR_FACTURAR, false },
	};
	ck_assert(!review_existing_client(others, 0));
	ck_assert(!review_existing_client(others, 3));
	others[2].lost_from = PIPELINE_EN_FACTURACION;          /* lost after billing */
	ck_assert(review_existing_client(others, 3));
	others[2].deleted = true;
	others[1].deleted = false;
	ck_assert(review_existing_client(others, 3));
}
END_TEST

/* ---- event kinds -------------------------------------------------------- */

START_TEST(test_event_kinds)
{
	review_event_kind k;
	pipeline_evidence_kind ev;

	for (int i = 0; i < REVIEW_EV_COUNT; i++) {
		int nev = i == REVIEW_EV_EVIDENCE ? PIPELINE_EV_COUNT : 1;
		for (int e = 0; e < nev; e++) {
			const char *w = review_event_what((review_event_kind)i, (pipeline_evidence_kind)e);
			ck_assert_ptr_nonnull(w);
			ck_assert(review_event_parse(w, &k, &ev));
			ck_assert_int_eq(k, i);
			if (i == REVIEW_EV_EVIDENCE)
				ck_assert_int_eq(ev, e);
		}
	}
	ck_assert_str_eq(review_event_what(REVIEW_EV_MOVE, PIPELINE_EV_COUNT), "move");
	ck_assert_str_eq(review_event_what(REVIEW_EV_EVIDENCE, PIPELINE_EV_INVOICE), "invoice");
	ck_assert_ptr_null(review_event_what(REVIEW_EV_EVIDENCE, PIPELINE_EV_COUNT));
	ck_assert_ptr_null(review_event_what(REVIEW_EV_COUNT, PIPELINE_EV_COUNT));
	ck_assert(review_event_parse("criterion", &k, &ev));
	ck_assert_int_eq(k, REVIEW_EV_EVIDENCE);
	ck_assert_int_eq(ev, PIPELINE_EV_CRITERION);
	/* the history holds exact words */
	ck_assert(!review_event_parse("Criterion", &k, &ev));
	ck_assert(!review_event_parse("moved", &k, &ev));
	ck_assert(!review_event_parse(NULL, &k, &ev));
	/* activity: everything but reordering */
	for (int i = 0; i < REVIEW_EV_COUNT; i++)
		ck_assert(review_is_activity((review_event_kind)i) == (i != REVIEW_EV_REORDER));
}
END_TEST

/* The forecast as of now: Inmadura..por Facturar weighted, en Facturación
 * and Lista as they are, apart; Perdida in neither. */
START_TEST(test_forecast_now)
{
	int prob[PIPELINE_STAGE_COUNT] = { 10, 30, 70, 90, 100, 100, 0 };
	review_summary sum[PIPELINE_STAGE_COUNT], fc, inv;
	memset(sum, 0, sizeof sum);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		sum[s].count = sum[s].ntotals = 1;
		sum[s].totals[0] = total("CLP", 1, 1000000);
	}
	sum[PIPELINE_COMPROMETIDA].count = sum[PIPELINE_COMPROMETIDA].ntotals = 2;
	sum[PIPELINE_COMPROMETIDA].totals[1] = total("USD", 1, 50000);
	report_forecast_now(prob, sum, "CLP", &fc, &inv);
	/* CLP 100,000 + 300,000 + 700,000 + 900,000 = 2,000,000 over 4 cards;
	 * USD 70% of 500.00 = 350.00 */
	ck_assert_int_eq(fc.count, 5);
	ck_assert_int_eq(fc.ntotals, 2);
	ck_assert_str_eq(fc.totals[0].currency, "CLP");
	ck_assert_int_eq(fc.totals[0].amount, 2000000);
	ck_assert_int_eq(fc.totals[0].count, 4);
	ck_assert_str_eq(fc.totals[1].currency, "USD");
	ck_assert_int_eq(fc.totals[1].amount, 35000);
	/* invoiced: 1,000,000 + 1,000,000, not weighted (even at a probability
	 * below 100), the lost one left out */
	prob[PIPELINE_EN_FACTURACION] = 50;
	report_forecast_now(prob, sum, "CLP", &fc, &inv);
	ck_assert_int_eq(inv.count, 2);
	ck_assert_int_eq(inv.ntotals, 1);
	ck_assert_int_eq(inv.totals[0].amount, 2000000);
	ck_assert_int_eq(fc.totals[0].amount, 2000000);
}
END_TEST

static Suite *review_suite(void)
{
	Suite *s = suite_create("review");
	TCase *w = tcase_create("weighted");
	TCase *t = tcase_create("time_in_stage");
	TCase *o = tcase_create("card");

	tcase_add_test(w, test_weighted_amount);
	tcase_add_test(w, test_weighted_total_overflow);
	tcase_add_test(w, test_weighted_summary_and_board);
	tcase_add_test(w, test_weighted_board_limits);
	tcase_add_test(w, test_forecast_now);
	tcase_add_test(t, test_stays);
	tcase_add_test(t, test_stay_whole_days);
	tcase_add_test(o, test_stale);
	tcase_add_test(o, test_billed);
	tcase_add_test(o, test_existing_client);
	tcase_add_test(o, test_event_kinds);
	suite_add_tcase(s, w);
	suite_add_tcase(s, t);
	suite_add_tcase(s, o);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(review_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
