/*
 * After a move of its own, the board reads the summaries and the two
 * columns the card left and entered, not the other five: what it shows is
 * what a full load shows, and another process's change is still seen
 * (controller_poll reads everything, before the frame).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/controller.h"
#include "board_driver.h"
#include "store_test.h"
#include "util/text.h"

static store *st;
static config cfg;
static controller c;
static driver fk;

static void setup(void)
{
	text_init_locale();
	st_setup();
	st = st_open(st_dbpath);
	config_init(&cfg);
	driver_init(&fk, &cfg.keys);
	controller_init(&c, st, &cfg, &fk.stack);
	controller_set_rows(&c, 5);
	controller_load(&c);
	store_changed(st); /* what this connection has seen so far */
}

static void teardown(void)
{
	driver_free(&fk);
	controller_free(&c);
	store_close(st);
	config_free(&cfg);
	st_teardown();
}

static int64_t add_in(store *on, const char *title, pipeline_stage stage)
{
	store_fields f = { .title = title, .client = "Cliente", .currency = "CLP" };
	int64_t id;
	pipeline_refusal why;

	ck_assert_int_eq(store_add(on, &f, &id), STORE_OK);
	if (stage == PIPELINE_INMADURA)
		return id;
	st_qualify(on, id);
	ck_assert_int_eq(store_move(on, id, 0, PIPELINE_CALIFICADA, NULL, &why), STORE_OK);
	if (stage == PIPELINE_COMPROMETIDA) {
		ck_assert_int_eq(store_add_commitment(on, id, 0, PIPELINE_COMMIT_PURCHASE_ORDER, "OC-1",
		                                      "2026-03-01", NULL),
		                 STORE_OK);
		ck_assert_int_eq(store_move(on, id, 0, PIPELINE_COMPROMETIDA, NULL, &why), STORE_OK);
	}
	return id;
}

/* The ids of a column's window, "1,2,3". */
static void window_ids(pipeline_stage s, char *buf, size_t bufsz)
{
	const model_column *col = &c.model.col[s];
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < col->ncards && n + 24 < bufsz; i++)
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%lld", i ? "," : "", (long long)col->cards[i].id);
}

static void focus_card(int64_t id, pipeline_stage s)
{
	c.model.focus = s;
	c.model.col[s].sel_id = id;
	controller_load(&c);
	ck_assert_int_eq(controller_selected(&c)->id, id);
}

/* What the move's reload shows is what a full load shows: windows,
 * selections, counts. */
START_TEST(test_move_reload_matches_a_full_load)
{
	int64_t first = add_in(st, "Uno", PIPELINE_INMADURA);
	for (int i = 0; i < 7; i++)
		add_in(st, "Inmadura", PIPELINE_INMADURA);
	for (int i = 0; i < 7; i++)
		add_in(st, "Calificada", PIPELINE_CALIFICADA);
	add_in(st, "Comprometida", PIPELINE_COMPROMETIDA);
	st_qualify(st, first);
	controller_load(&c);
	focus_card(first, PIPELINE_INMADURA);

	controller_do(&c, KEYMAP_MOVE_FORWARD);
	ck_assert_msg(strstr(c.model.message, "Moved") != NULL, "%s", c.model.message);
	ck_assert_int_eq(c.changed, 0); /* the mask is used once */
	char after[PIPELINE_STAGE_COUNT][256];
	int64_t count[PIPELINE_STAGE_COUNT], sel[PIPELINE_STAGE_COUNT];
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		window_ids((pipeline_stage)s, after[s], sizeof after[s]);
		count[s] = c.model.sum[s].count;
		sel[s] = c.model.col[s].sel_id;
	}
	ck_assert_int_eq(controller_selected(&c)->id, first);
	ck_assert_int_eq(count[PIPELINE_INMADURA], 7);
	ck_assert_int_eq(count[PIPELINE_CALIFICADA], 8);

	ck_assert_int_eq(model_load(&c.model, st, &cfg), STORE_OK);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		char full[256];
		window_ids((pipeline_stage)s, full, sizeof full);
		ck_assert_msg(strcmp(after[s], full) == 0, "%s: after the move %s, a full load %s",
		              pipeline_stage_name((pipeline_stage)s), after[s], full);
		ck_assert_int_eq(c.model.sum[s].count, count[s]);
		ck_assert_int_eq(c.model.col[s].sel_id, sel[s]);
	}
}
END_TEST

/* The other columns are not read after the move: a card another process
 * renamed in Comprometida keeps its old title until controller_poll,
 * which the board runs before drawing, reads everything. */
START_TEST(test_move_reads_two_columns_then_poll_reads_all)
{
	int64_t first = add_in(st, "Uno", PIPELINE_INMADURA);
	int64_t there = add_in(st, "Antes", PIPELINE_COMPROMETIDA);
	st_qualify(st, first);
	controller_load(&c);
	store_changed(st);
	focus_card(first, PIPELINE_INMADURA);

	store *other = st_open(st_dbpath);
	store_fields x = { .title = "Después" };
	ck_assert_int_eq(store_edit(other, there, 0, &x), STORE_OK);
	store_close(other);

	controller_do(&c, KEYMAP_MOVE_FORWARD);
	ck_assert_int_eq(c.model.col[PIPELINE_CALIFICADA].ncards, 1);
	ck_assert_int_eq(c.model.col[PIPELINE_CALIFICADA].cards[0].id, first);
	ck_assert_int_eq(c.model.col[PIPELINE_INMADURA].ncards, 0);
	ck_assert_str_eq(c.model.col[PIPELINE_COMPROMETIDA].cards[0].title, "Antes");

	ck_assert(controller_poll(&c));
	ck_assert_str_eq(c.model.col[PIPELINE_COMPROMETIDA].cards[0].title, "Después");
	ck_assert_int_eq(controller_selected(&c)->id, first);
}
END_TEST

/* Any other action reads every column (the mask is the move's alone). */
START_TEST(test_other_actions_read_every_column)
{
	int64_t there = add_in(st, "Antes", PIPELINE_COMPROMETIDA);
	controller_load(&c);
	store_changed(st);
	store *other = st_open(st_dbpath);
	store_fields x = { .title = "Después" };
	ck_assert_int_eq(store_edit(other, there, 0, &x), STORE_OK);
	store_close(other);
	controller_do(&c, KEYMAP_TOGGLE_LOST);
	ck_assert_str_eq(c.model.col[PIPELINE_COMPROMETIDA].cards[0].title, "Después");
}
END_TEST

static Suite *reload_suite(void)
{
	Suite *s = suite_create("controller_reload");
	TCase *tc = tcase_create("reload");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_move_reload_matches_a_full_load);
	tcase_add_test(tc, test_move_reads_two_columns_then_poll_reads_all);
	tcase_add_test(tc, test_other_actions_read_every_column);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(reload_suite());
}
