/*
 * Live data under an open dialog: another process changes the database
 * while a form, a list, the detail or the owner list is open. The board
 * under it reloads, the dialog on top shows what changed, and the action
 * it belongs to goes on from its own card and version when answered:
 * nothing waits in a loop of its own. Answered by the scripted driver.
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
	store_set_actor(st, "tester");
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

static int64_t add_card(store *on, const char *title, const char *owner)
{
	store_fields f = { .title = title, .client = "Cliente", .owner = owner, .currency = "CLP" };
	int64_t id;
	ck_assert_int_eq(store_add(on, &f, &id), STORE_OK);
	return id;
}

static void focus_card(int64_t id)
{
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	c.model.focus = o.stage;
	c.model.col[o.stage].sel_id = id;
	store_opp_free(&o);
	controller_load(&c);
	ck_assert_int_eq(controller_selected(&c)->id, id);
}

/* The dialog on top (the action's first one, not answered yet). */
static dialog *top(void)
{
	dialog *d = dialog_of(screen_top(&fk.stack));
	ck_assert_ptr_nonnull(d);
	return d;
}

static bool set_title(form *f)
{
	for (int i = 0; i < f->nfields; i++)
		if (!strcmp(f->fields[i].label, "Title")) {
			form_set_text(f, i, "Mi título");
			return true;
		}
	ck_abort_msg("no Title field in %s", f->title);
	return false;
}

static bool save_as_is(form *f)
{
	(void)f;
	return true;
}

static bool tick_all(form *f)
{
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].kind == FORM_CHECK && !f->fields[i].checked) {
			f->focus = i;
			form_toggle(f);
		}
	return true;
}

static bool fill_reference(form *f)
{
	for (int i = 0; i < f->nfields; i++)
		if (!strcmp(f->fields[i].label, "Reference"))
			form_set_text(f, i, "OC-1");
	return true;
}

/* The edit form open, someone else saves the card: the form says so at
 * once (Enter will show their version with the user's changes over it),
 * the board under it shows their version; answering keeps the edit
 * conflict's behaviour: the form again, then saved over theirs. */
START_TEST(test_edit_form_shows_their_save)
{
	int64_t id = add_card(st, "Uno", "ana");
	controller_load(&c);
	focus_card(id);
	controller_do(&c, KEYMAP_EDIT);
	ck_assert_int_eq(top()->kind, DIALOG_FORM);
	ck_assert_str_eq(top()->notice, "");
	ck_assert(!controller_poll(&c));
	store *other = st_open(st_dbpath);
	store_fields x = { .client = "Cliente de otro" };
	ck_assert_int_eq(store_edit(other, id, 0, &x), STORE_OK);
	store_close(other);
	ck_assert(controller_poll(&c));
	ck_assert_msg(strstr(top()->notice, "Someone else saved this card meanwhile: Enter shows their version "
	                                    "with your changes over it.") != NULL, "%s", top()->notice);
	ck_assert_str_eq(c.model.col[PIPELINE_INMADURA].cards[0].client, "Cliente de otro");
	driver_expect(&fk, set_title);
	driver_expect(&fk, save_as_is);
	driver_answer(&fk);
	ck_assert_int_eq(fk.forms, 2);
	ck_assert_msg(strstr(c.model.message, "Saved Mi título (1 field changed) over the other person's change.")
	              != NULL, "%s", c.model.message);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_str_eq(o.title, "Mi título");
	ck_assert_str_eq(o.client, "Cliente de otro");
	store_opp_free(&o);
}
END_TEST

/* The checklist open, someone deletes the card: the form says so, the
 * board under it no longer shows the card, and saving writes nothing. */
START_TEST(test_form_shows_card_deleted)
{
	int64_t id = add_card(st, "Dos", "ana");
	controller_load(&c);
	focus_card(id);
	controller_do(&c, KEYMAP_CHECKLIST);
	store *other = st_open(st_dbpath);
	ck_assert_int_eq(store_delete(other, id, 0), STORE_OK);
	store_close(other);
	ck_assert(controller_poll(&c));
	ck_assert_msg(strstr(top()->notice, "Someone deleted this card meanwhile") != NULL, "%s", top()->notice);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 0);
	driver_expect(&fk, tick_all);
	driver_answer(&fk);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Checklist not done") != NULL, "%s", c.model.message);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	for (int n = 0; n < PIPELINE_CRITERIA; n++)
		ck_assert(!o.criteria[n].met);
	store_opp_free(&o);
}
END_TEST

/* A move of two stages with its first form open while others add cards:
 * the board reloads under the form (the counts change), and the move goes
 * on from its own card when the forms are answered. */
START_TEST(test_move_goes_on_after_reloads)
{
	int64_t id = add_card(st, "Tres", "ana");
	controller_load(&c);
	focus_card(id);
	/* the stage list, answered with keys: Comprometida, two down */
	controller_do(&c, KEYMAP_MOVE_TO);
	screen_stack_key(&fk.stack, driver_key_of(&fk, KEYMAP_DIALOG_DOWN));
	screen_stack_key(&fk.stack, driver_key_of(&fk, KEYMAP_DIALOG_DOWN));
	screen_stack_key(&fk.stack, driver_key_of(&fk, KEYMAP_DIALOG_SELECT));
	ck_assert_int_eq(top()->kind, DIALOG_FORM);
	store *other = st_open(st_dbpath);
	add_card(other, "Cuatro", "bea");
	add_card(other, "Cinco", "bea");
	store_close(other);
	ck_assert(controller_poll(&c));
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 3);
	ck_assert_str_eq(top()->notice, ""); /* not this card */
	driver_expect(&fk, tick_all);
	driver_expect(&fk, fill_reference);
	driver_answer(&fk);
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_msg(strstr(c.model.message, "Moved Tres to Oportunidad Comprometida.") != NULL, "%s",
	              c.model.message);
	ck_assert_int_eq(c.model.focus, PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(controller_selected(&c)->id, id);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 2);
}
END_TEST

/* The detail open: another process's change shows in it, in place. */
START_TEST(test_detail_follows_the_card)
{
	int64_t id = add_card(st, "Seis", "ana");
	controller_load(&c);
	focus_card(id);
	controller_do(&c, KEYMAP_DETAIL);
	dialog_pager *p = (dialog_pager *)top();
	ck_assert_int_eq(p->d.kind, DIALOG_PAGER);
	ck_assert_msg(strstr(p->lines[0], "Seis") != NULL, "%s", p->lines[0]);
	store *other = st_open(st_dbpath);
	store_fields x = { .title = "Seis y medio" };
	ck_assert_int_eq(store_edit(other, id, 0, &x), STORE_OK);
	store_close(other);
	ck_assert(controller_poll(&c));
	ck_assert_ptr_eq(top(), &p->d);
	ck_assert_msg(strstr(p->lines[0], "Seis y medio") != NULL, "%s", p->lines[0]);
	driver_answer(&fk);
	ck_assert_int_eq(fk.pagers, 1);
}
END_TEST

/* The owner list open: its counts are read again after others' changes. */
START_TEST(test_owner_counts_follow)
{
	add_card(st, "Siete", "ana");
	controller_load(&c);
	controller_do(&c, KEYMAP_FILTER_OWNER);
	dialog_pick *dp = (dialog_pick *)top();
	ck_assert_int_eq(dp->d.kind, DIALOG_PICK);
	ck_assert_str_eq(dp->p.note(dp->p.note_ctx, 0), "1 card");
	store *other = st_open(st_dbpath);
	add_card(other, "Ocho", "ana");
	store_close(other);
	ck_assert(controller_poll(&c));
	ck_assert_str_eq(dp->p.note(dp->p.note_ctx, 0), "2 cards");
	driver_answer(&fk);
}
END_TEST

/* The board ends (a signal, the terminal gone) with a loss half answered:
 * nothing is written, and what the action held is freed. */
START_TEST(test_board_end_abandons_the_action)
{
	int64_t id = add_card(st, "Nueve", "ana");
	controller_load(&c);
	focus_card(id);
	controller_do(&c, KEYMAP_LOSE);
	screen_stack_key(&fk.stack, driver_key_of(&fk, KEYMAP_DIALOG_SELECT)); /* a reason */
	ck_assert_int_eq(top()->kind, DIALOG_FORM); /* the note */
	screen_stack_free(&fk.stack);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_int_eq(o.stage, PIPELINE_INMADURA);
	ck_assert_int_eq(o.version, 1);
	store_opp_free(&o);
	ck_assert_int_eq(c.nundo, 0);
}
END_TEST

static Suite *controller_live_suite(void)
{
	Suite *s = suite_create("controller_live");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_edit_form_shows_their_save);
	tcase_add_test(tc, test_form_shows_card_deleted);
	tcase_add_test(tc, test_move_goes_on_after_reloads);
	tcase_add_test(tc, test_detail_follows_the_card);
	tcase_add_test(tc, test_owner_counts_follow);
	tcase_add_test(tc, test_board_end_abandons_the_action);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(controller_live_suite());
}
