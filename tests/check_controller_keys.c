/*
 * Controller tests for what the board tells a newcomer: the status
 * message (one key long, kept among the recent messages), the status bar
 * (what the focused card allows), the help (words and a legend) and the
 * owner filter's narrowing list. No screen: a scripted driver answers the
 * dialogs the controller pushes (board_driver.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "config/config.h"
#include "board/controller.h"
#include "board/pick.h"
#include "board_driver.h"
#include "store_test.h"
#include "util/text.h"

/* ---- fixture --------------------------------------------------------------- */

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
}

static void teardown(void)
{
	driver_free(&fk);
	controller_free(&c);
	store_close(st);
	config_free(&cfg);
	st_teardown();
}

static int64_t add_card(const char *title, const char *owner)
{
	store_fields f = { .title = title, .client = "Cliente", .owner = owner, .currency = "CLP" };
	int64_t id;
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	return id;
}

/* ---- messages ---------------------------------------------------------------- */

/* A message answers one key: the next key takes it off the screen (and a
 * key that does nothing says so instead). The messages key shows the
 * recent ones whole, newest first. */
START_TEST(test_message_lasts_one_key)
{
	add_card("Uno", "ana");
	controller_load(&c);
	char whole[600] = "Move refused:";
	for (int i = 0; i < 30; i++)
		strcat(whole, " criterio");
	strcat(whole, " FINAL.");
	controller_say(&c, true, "%s", whole);
	ck_assert(driver_key(&fk, &c, 'j')); /* focus down: says nothing */
	ck_assert_str_eq(c.model.message, "");
	ck_assert(!driver_key(&fk, &c, 'Z'));
	ck_assert_str_eq(c.model.message, "Z does nothing here; ? shows the keys");
	ck_assert(driver_key(&fk, &c, 'L'));
	ck_assert_str_eq(c.model.message, "");
	ck_assert_int_eq(fk.pagers, 1);
	char *newest = strstr(fk.pager_text, "Z does nothing here");
	char *older = strstr(fk.pager_text, whole);
	ck_assert_msg(newest && older && newest < older, "%s", fk.pager_text);
	ck_assert(strstr(fk.pager_text, "FINAL.") != NULL);
}
END_TEST

/* The recent messages are the last MODEL_RECENT, newest first. */
START_TEST(test_recent_messages_kept_in_order)
{
	driver_do(&fk, &c, KEYMAP_MESSAGES);
	ck_assert(strstr(fk.pager_text, "No messages yet") != NULL);
	for (int i = 0; i < MODEL_RECENT + 8; i++)
		controller_say(&c, i % 2, "mensaje %d.", i);
	ck_assert_int_eq(c.model.nrecent, MODEL_RECENT);
	driver_do(&fk, &c, KEYMAP_MESSAGES);
	char last[32], first[32], gone[32];
	snprintf(last, sizeof last, "mensaje %d.", MODEL_RECENT + 7);
	snprintf(first, sizeof first, "mensaje %d.", 8);
	snprintf(gone, sizeof gone, "mensaje %d.", 7);
	ck_assert(strstr(fk.pager_text, last) && strstr(fk.pager_text, first));
	ck_assert(strstr(fk.pager_text, last) < strstr(fk.pager_text, first));
	ck_assert(!strstr(fk.pager_text, gone));
}
END_TEST

/* ---- status bar -------------------------------------------------------------- */

static const char *status(int cols)
{
	static char buf[1024];
	model_status_text(&c.model, &cfg, cols, buf, sizeof buf);
	ck_assert_int_le(text_width(buf), cols);
	return buf;
}

static void focus(int64_t id, pipeline_stage s)
{
	c.model.focus = s;
	c.model.col[s].sel_id = id;
	controller_load(&c);
	ck_assert_ptr_nonnull(controller_selected(&c));
}

/* At 80 columns the bar keeps the filter and undo; what it offers for the
 * card comes from the rules: checklist in Inmadura and Calificada,
 * evidence from Calificada on, reopen (not advance nor lose) on a lost
 * card, no card actions in an empty column. */
START_TEST(test_status_bar_follows_the_card)
{
	const char *s = status(80);
	ck_assert_msg(strstr(s, "/ filter") && strstr(s, "u undo") && strstr(s, "a add"), "%s", s);
	ck_assert_msg(!strstr(s, "> advance") && !strstr(s, "Enter detail"), "empty column: %s", s);

	int64_t a = add_card("Uno", "ana");
	focus(a, PIPELINE_INMADURA);
	s = status(80);
	ck_assert_msg(strstr(s, "> advance") && strstr(s, "c checklist") && strstr(s, "/ filter") &&
	              strstr(s, "u undo") && strstr(s, "? help") && strstr(s, "q quit"), "%s", s);
	ck_assert_msg(!strstr(s, "< back") && !strstr(s, "r reopen") && !strstr(s, "v evidence"), "%s", s);
	/* the review after the card's own steps, at 80 columns too */
	ck_assert_msg(strstr(s, "R review"), "%s", s);

	for (int n = 1; n <= PIPELINE_CRITERIA; n++)
		ck_assert_int_eq(store_set_criterion(st, a, 0, n, true, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, a, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	focus(a, PIPELINE_CALIFICADA);
	s = status(80);
	ck_assert_msg(strstr(s, "< back") && strstr(s, "c checklist") && strstr(s, "v evidence") &&
	              strstr(s, "/ filter") && strstr(s, "u undo"), "%s", s);

	ck_assert_int_eq(store_lose(st, a, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	focus(a, PIPELINE_PERDIDA);
	s = status(80);
	ck_assert_msg(strstr(s, "r reopen") && strstr(s, "/ filter") && strstr(s, "u undo"), "%s", s);
	ck_assert_msg(!strstr(s, "> advance") && !strstr(s, "x lost") && !strstr(s, "c checklist"), "%s",
	              s);
	/* wide: every key the card allows */
	s = status(300);
	ck_assert_msg(strstr(s, "Enter detail") && strstr(s, "e edit") && strstr(s, "d delete") &&
	              strstr(s, "o owner"), "%s", s);
	/* narrow: help and quit stay */
	s = status(16);
	ck_assert_str_eq(s, "? help  q quit");
}
END_TEST

/* ---- help -------------------------------------------------------------------- */

/* The help says what each key does in words, never the configuration's
 * action names, and explains the marks on the board. */
START_TEST(test_help_in_words_with_legend)
{
	driver_do(&fk, &c, KEYMAP_HELP);
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++) {
		const char *name = keymap_action_name((keymap_action)a);
		ck_assert(strstr(fk.pager_text, keymap_action_help((keymap_action)a)) != NULL);
		/* "select", "up"... are words too: look for the names with a dash */
		if (strchr(name, '-'))
			ck_assert_msg(!strstr(fk.pager_text, name), "action name '%s' in the help", name);
	}
	ck_assert(strstr(fk.pager_text, "> S-Right") != NULL);
	ck_assert(strstr(fk.pager_text, "Marks on the board") != NULL);
	ck_assert(strstr(fk.pager_text, "12d ") != NULL);
	ck_assert(strstr(fk.pager_text, "2/5 ") != NULL);
	ck_assert(strstr(fk.pager_text, "  ! ") != NULL);
	ck_assert(strstr(fk.pager_text, "\u224810% ") != NULL); /* the default Inmadura probability */
	ck_assert(strstr(fk.pager_text, "Inmadura 30 days") != NULL);
	ck_assert(strstr(fk.pager_text, "L every recent message") != NULL);
	/* the total line's brief labels are explained */
	ck_assert(strstr(fk.pager_text, "Fcst \u2248 ") != NULL);
	ck_assert(strstr(fk.pager_text, "Inv ") != NULL);
}
END_TEST

/* ---- the narrowing list ------------------------------------------------------ */

START_TEST(test_pick_narrows_as_typed)
{
	char a[] = "José Pérez", b[] = "jrojas", m[] = "mgonzalez", d[] = "Ana María";
	char *items[] = { a, b, m, d };
	pick p;
	ck_assert(pick_init(&p, "Filter by owner", "owner", items, 4, 2));
	ck_assert_int_eq(p.nshown, 4);
	ck_assert_int_eq(pick_choice(&p), 2);
	/* case and accents ignored; j and q type */
	pick_key(&cfg.keys, &p, 'J');
	ck_assert_int_eq(p.nshown, 2);
	ck_assert_int_eq(pick_choice(&p), 0); /* mgonzalez left: the first match */
	pick_key(&cfg.keys, &p, 'o');
	pick_key(&cfg.keys, &p, 's');
	pick_key(&cfg.keys, &p, 0xE9); /* é */
	ck_assert_str_eq(p.query, "Jos\xC3\xA9");
	ck_assert_int_eq(p.nshown, 1);
	/* nothing matches: Enter stays, Backspace (DEL) goes back */
	pick_key(&cfg.keys, &p, 'q');
	ck_assert_int_eq(p.nshown, 0);
	ck_assert_int_eq(pick_choice(&p), -1);
	ck_assert_int_eq(pick_key(&cfg.keys, &p, '\n'), PICK_CONTINUE);
	for (int i = 0; i < 5; i++) /* é is one character of two bytes */
		pick_key(&cfg.keys, &p, 0x7f);
	ck_assert_str_eq(p.query, "");
	ck_assert_int_eq(p.nshown, 4);
	/* "ma": María; "m": mgonzalez and María; the arrows move, Enter chooses */
	pick_key(&cfg.keys, &p, 'm');
	pick_key(&cfg.keys, &p, 'a');
	ck_assert_int_eq(p.nshown, 1);
	ck_assert_int_eq(pick_choice(&p), 3);
	pick_key(&cfg.keys, &p, 0x7f);
	ck_assert_int_eq(p.nshown, 2);
	ck_assert_int_eq(pick_choice(&p), 3); /* the selection stays on its item */
	pick_key(&cfg.keys, &p, KEYMAP_FN | KEY_UP);
	ck_assert_int_eq(pick_choice(&p), 2);
	pick_key(&cfg.keys, &p, KEYMAP_FN | KEY_UP);
	ck_assert_int_eq(pick_choice(&p), 2);
	pick_key(&cfg.keys, &p, KEYMAP_FN | KEY_DOWN);
	ck_assert_int_eq(pick_key(&cfg.keys, &p, '\r'), PICK_CHOSEN);
	ck_assert_int_eq(pick_choice(&p), 3);
	ck_assert_int_eq(pick_key(&cfg.keys, &p, KEYMAP_KEY_ESC), PICK_CANCEL);
	pick_free(&p);
}
END_TEST

/* The owner filter offers every owner once (case and accents folded) with
 * the count of its cards, and filters by the one picked; with a filter on,
 * the first entry takes it off. */
START_TEST(test_owner_filter_offers_owners_with_counts)
{
	add_card("Uno", "José");
	add_card("Dos", "jose");
	add_card("Tres", "mgonzalez");
	int64_t gone = add_card("Cuatro", "Zoe");
	ck_assert_int_eq(store_delete(st, gone, 0), STORE_OK);
	controller_load(&c);
	fk.type = "JOS";
	driver_do(&fk, &c, KEYMAP_FILTER_OWNER);
	ck_assert_int_eq(fk.picks, 1);
	ck_assert_msg(strstr(fk.offered, "[2 cards]") && strstr(fk.offered, "mgonzalez [1 card]"), "%s",
	              fk.offered);
	ck_assert_msg(!strstr(fk.offered, "Zoe") && !strstr(fk.offered, "Every owner"), "%s", fk.offered);
	ck_assert(!strcmp(c.model.filter_owner, "José") || !strcmp(c.model.filter_owner, "jose"));
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 2);
	ck_assert(strstr(c.model.message, "2 cards match owner") != NULL);
	/* Esc: nothing changes */
	fk.type = NULL;
	driver_do(&fk, &c, KEYMAP_FILTER_OWNER);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 2);
	fk.type = "every";
	driver_do(&fk, &c, KEYMAP_FILTER_OWNER);
	ck_assert(strstr(fk.offered, "Every owner") == fk.offered);
	ck_assert_str_eq(c.model.filter_owner, "");
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 3);
}
END_TEST

static Suite *controller_keys_suite(void)
{
	Suite *s = suite_create("controller_keys");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_message_lasts_one_key);
	tcase_add_test(tc, test_recent_messages_kept_in_order);
	tcase_add_test(tc, test_status_bar_follows_the_card);
	tcase_add_test(tc, test_help_in_words_with_legend);
	tcase_add_test(tc, test_pick_narrows_as_typed);
	tcase_add_test(tc, test_owner_filter_offers_owners_with_counts);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(controller_keys_suite());
}
