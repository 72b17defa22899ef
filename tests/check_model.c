/*
 * The board's model without a screen: what it reads and the figures it
 * computes as it loads (review/), which the view then only draws.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/model.h"
#include "review/weighted.h"
#include "store_test.h"
#include "util/text.h"

#define DAY ((time_t)86400)

static store *st;
static config cfg;
static model m;

static void setup(void)
{
	text_init_locale();
	st_setup();
	st = st_open(st_dbpath);
	config_init(&cfg);
	model_init(&m);
	setenv("EMBUDO_NOW", "2026-03-01T12:00:00Z", 1); /* ST_NOW */
}

static void teardown(void)
{
	unsetenv("EMBUDO_NOW");
	model_free(&m);
	config_free(&cfg);
	store_close(st);
	st_teardown();
}

static void assert_same(const store_summary *a, const store_summary *b, const char *what)
{
	ck_assert_msg(a->ntotals == b->ntotals && a->more == b->more, "%s: %d currencies, not %d", what,
	              a->ntotals, b->ntotals);
	for (int i = 0; i < a->ntotals; i++) {
		ck_assert_str_eq(a->totals[i].currency, b->totals[i].currency);
		ck_assert_int_eq(a->totals[i].amount, b->totals[i].amount);
		ck_assert_int_eq(a->totals[i].overflow, b->totals[i].overflow);
	}
}

/* Loaded, the model holds each card's days in stage and staleness and each
 * column's and the board's weighted value, as review/ computes them. */
START_TEST(test_figures_on_load)
{
	cfg.probability[PIPELINE_INMADURA] = 10;
	cfg.stale_days[PIPELINE_INMADURA] = 30;
	store_set_now(st, ST_NOW - 40 * DAY);
	int64_t old = st_add_full(st, "Vieja", "Cliente", "CLP", true, 1000000);
	store_set_now(st, ST_NOW);
	st_add_full(st, "Nueva", "Cliente", "USD", true, 50000);
	model_set_rows(&m, 5);
	ck_assert_int_eq(model_load(&m, st, &cfg), STORE_OK);
	const model_column *col = &m.col[PIPELINE_INMADURA];
	ck_assert_int_eq(col->ncards, 2);
	for (int i = 0; i < col->ncards; i++) {
		bool is_old = col->cards[i].id == old;
		ck_assert_int_eq(col->age[i].days_in_stage, is_old ? 40 : 0);
		ck_assert_msg(col->age[i].stale == is_old, "%s", col->cards[i].title);
	}
	store_summary w;
	review_weighted_summary(10, &m.sum[PIPELINE_INMADURA], &w);
	assert_same(&m.weighted[PIPELINE_INMADURA], &w, "Inmadura's weighted value");
	ck_assert_int_eq(m.weighted[PIPELINE_INMADURA].ntotals, 2);
	/* The total line's forecast (both cards are in Inmadura, at 10%),
	 * nothing invoiced. */
	store_summary inv;
	report_forecast_now(cfg.probability, m.sum, cfg.currency, &w, &inv);
	assert_same(&m.forecast, &w, "the board's forecast");
	assert_same(&m.invoiced, &inv, "what the board has invoiced");
	ck_assert_int_eq(m.forecast.ntotals, 2);
	ck_assert_str_eq(m.forecast.totals[0].currency, "CLP");
	ck_assert_int_eq(m.forecast.totals[0].amount, 100000);
	ck_assert_int_eq(m.forecast.totals[1].amount, 5000);
	ck_assert_int_eq(m.invoiced.ntotals, 0);
}
END_TEST

/* Selecting past the window reads only that column's new window, with the
 * figures of the cards now in it. */
START_TEST(test_select_reads_the_window)
{
	int64_t last = 0;
	for (int i = 0; i < 12; i++) {
		char t[16];
		snprintf(t, sizeof t, "c%02d", i);
		store_set_now(st, i == 11 ? ST_NOW - 40 * DAY : ST_NOW);
		last = st_add(st, t, "Cliente");
	}
	model_set_rows(&m, 5);
	ck_assert_int_eq(model_load(&m, st, &cfg), STORE_OK);
	model_column *col = &m.col[PIPELINE_INMADURA];
	ck_assert_int_eq(col->ncards, 5);
	for (int i = 0; i < col->ncards; i++)
		ck_assert(!col->age[i].stale);
	ck_assert_int_eq(model_select(&m, st, &cfg, 11), STORE_OK);
	ck_assert_int_eq(col->top, 7);
	ck_assert_int_eq(model_selected(&m)->id, last);
	ck_assert(col->age[col->ncards - 1].stale);
	ck_assert_int_eq(col->age[col->ncards - 1].days_in_stage, 40);
}
END_TEST

/* A card moved on from the middle of a column: the board follows it to the
 * end of its new column, and the column it left keeps its own window and
 * the selection's place there (the card after it), never the moved card's
 * rank in the other column. */
START_TEST(test_column_left_keeps_its_place)
{
	int64_t inm[14];
	for (int i = 0; i < 14; i++) {
		char t[16];
		snprintf(t, sizeof t, "i%02d", i);
		inm[i] = st_add(st, t, "Cliente");
	}
	for (int i = 0; i < 3; i++) {
		char t[16];
		snprintf(t, sizeof t, "c%02d", i);
		int64_t id = st_add(st, t, "Cliente");
		st_qualify(st, id);
		ck_assert_int_eq(store_move(st, id, st_version(st, id), PIPELINE_CALIFICADA, NULL, NULL),
		                 STORE_OK);
	}
	model_set_rows(&m, 5);
	ck_assert_int_eq(model_load(&m, st, &cfg), STORE_OK);
	/* Inmadura's 9th card, its window scrolled to show it: 5..9. */
	ck_assert_int_eq(model_select(&m, st, &cfg, 9), STORE_OK);
	model_column *col = &m.col[PIPELINE_INMADURA];
	ck_assert_int_eq(col->top, 5);
	ck_assert_int_eq(model_selected(&m)->id, inm[9]);
	st_qualify(st, inm[9]);
	ck_assert_int_eq(store_move(st, inm[9], st_version(st, inm[9]), PIPELINE_CALIFICADA, NULL,
	                            NULL), STORE_OK);
	model_follow(&m, PIPELINE_CALIFICADA, inm[9]);
	ck_assert_int_eq(model_load(&m, st, &cfg), STORE_OK);
	/* Inmadura: 13 cards now, the same window, the card after selected
	 * (not the 4th: the moved card's rank in Calificada). */
	ck_assert_int_eq(m.sum[PIPELINE_INMADURA].count, 13);
	ck_assert_int_eq(col->top, 5);
	ck_assert_int_eq(col->sel, 9);
	ck_assert_int_eq(col->sel_id, inm[10]);
	ck_assert_int_eq(col->cards[col->sel - col->top].id, inm[10]);
	/* Calificada: the moved card last of 4. */
	const model_column *cal = &m.col[PIPELINE_CALIFICADA];
	ck_assert_int_eq(m.focus, PIPELINE_CALIFICADA);
	ck_assert_int_eq(cal->sel, 3);
	ck_assert_int_eq(cal->top, 0);
	ck_assert_int_eq(cal->ncards, 4);
	ck_assert_int_eq(model_selected(&m)->id, inm[9]);
	/* Back in Inmadura, j and k move from that place. */
	model_focus_step(&m, -1);
	ck_assert_int_eq(model_selected(&m)->id, inm[10]);
	/* Two more: Calificada grows past its window, which then ends at the
	 * card that came last; Inmadura still keeps its place. */
	for (int i = 10; i < 12; i++) {
		st_qualify(st, inm[i]);
		ck_assert_int_eq(store_move(st, inm[i], st_version(st, inm[i]), PIPELINE_CALIFICADA,
		                            NULL, NULL), STORE_OK);
		model_follow(&m, PIPELINE_CALIFICADA, inm[i]);
		ck_assert_int_eq(model_load(&m, st, &cfg), STORE_OK);
		model_focus_step(&m, -1);
	}
	ck_assert_int_eq(col->top, 5);
	ck_assert_int_eq(col->sel, 9);
	ck_assert_int_eq(model_selected(&m)->id, inm[12]);
	ck_assert_int_eq(cal->top, 1);
	ck_assert_int_eq(cal->sel, 5);
	ck_assert_int_eq(cal->ncards, 5);
	ck_assert_int_eq(cal->cards[4].id, inm[11]);
}
END_TEST

/* A message stays until its time is up, and among the recent ones after. */
START_TEST(test_message_times_out)
{
	model_say(&m, true, "Move refused: %s.", "falta");
	time_t at = m.message_at;
	ck_assert(!model_tick(&m, at + MODEL_MESSAGE_SECONDS - 1));
	ck_assert_str_eq(m.message, "Move refused: falta.");
	ck_assert(model_tick(&m, at + MODEL_MESSAGE_SECONDS));
	ck_assert_str_eq(m.message, "");
	ck_assert(!model_tick(&m, at + 60));
	ck_assert_int_eq(m.nrecent, 1);
	ck_assert_str_eq(m.recent[0].text, "Move refused: falta.");
	ck_assert(m.recent[0].error);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_figures_on_load);
	tcase_add_test(tc, test_select_reads_the_window);
	tcase_add_test(tc, test_column_left_keeps_its_place);
	tcase_add_test(tc, test_message_times_out);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(model_suite());
}
