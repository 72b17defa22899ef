/*
 * Controller tests for what the board tells a newcomer: the status
 * message (one key long, kept among the recent messages), the status bar
 * (what the focused card allows), the help (words and a legend) and the
 * owner filter's narrowing list. The screen is a small scripted fake.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "config/config.h"
#include "board/controller.h"
#include "store_test.h"
#include "util/text.h"

/* ---- the fake screen ------------------------------------------------------ */

typedef struct fake {
	char pager_title[256];
	char pager[65536];
	int pagers;
	/* the narrowing list: what it offered, and the query typed into it */
	char offered[4096];
	const char *type;    /* typed into the list, then Enter (NULL: Esc) */
	int picks;
} fake;

static fake fk;

static void fake_pager(void *ctx, const char *title, char *const *lines, int n)
{
	fake *k = ctx;
	k->pagers++;
	snprintf(k->pager_title, sizeof k->pager_title, "%s", title);
	size_t len = 0;
	k->pager[0] = '\0';
	for (int i = 0; i < n; i++)
		for (const char *p = lines[i]; len + 2 < sizeof k->pager; p++) {
			if (!*p) {
				k->pager[len++] = '\n';
				break;
			}
			if (*p != CONTROLLER_HANG)
				k->pager[len++] = *p;
		}
	k->pager[len] = '\0';
}

/* ---- fixture --------------------------------------------------------------- */

static store *st;
static config cfg;
static controller c;

/* Types k->type into the list with controller_pick_key, as the view
 * does, then Enter; records every item offered with its note. */
static int fake_pick(void *ctx, controller_pick *p)
{
	fake *k = ctx;
	k->picks++;
	size_t len = 0;
	k->offered[0] = '\0';
	for (int i = 0; i < p->n; i++)
		len += (size_t)snprintf(k->offered + len, sizeof k->offered - len, "%s [%s]\n", p->items[i],
		                        p->note ? p->note(p->note_ctx, i) : "");
	if (!k->type)
		return -1;
	for (const char *t = k->type; *t; t++)
		ck_assert_int_eq(controller_pick_key(&cfg.keys, p, (unsigned char)*t), CONTROLLER_PICK_CONTINUE);
	return controller_pick_key(&cfg.keys, p, '\n') == CONTROLLER_PICK_CHOSEN ? controller_pick_choice(p)
	                                                                         : -1;
}

static void setup(void)
{
	text_init_locale();
	st_setup();
	st = st_open(st_dbpath);
	store_set_actor(st, "tester");
	config_init(&cfg);
	memset(&fk, 0, sizeof fk);
	controller_ui ui = { .pager = fake_pager, .pick = fake_pick, .ctx = &fk };
	controller_init(&c, st, &cfg, &ui);
	controller_set_rows(&c, 5);
	controller_load(&c);
}

static void teardown(void)
{
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
	ck_assert(controller_key(&c, 'j')); /* focus down: says nothing */
	ck_assert_str_eq(c.message, "");
	ck_assert(!controller_key(&c, 'Z'));
	ck_assert_str_eq(c.message, "Z does nothing here; ? shows the keys");
	ck_assert(controller_key(&c, 'L'));
	ck_assert_str_eq(c.message, "");
	ck_assert_int_eq(fk.pagers, 1);
	char *newest = strstr(fk.pager, "Z does nothing here");
	char *older = strstr(fk.pager, whole);
	ck_assert_msg(newest && older && newest < older, "%s", fk.pager);
	ck_assert(strstr(fk.pager, "FINAL.") != NULL);
}
END_TEST

/* The recent messages are the last CONTROLLER_RECENT, newest first. */
START_TEST(test_recent_messages_kept_in_order)
{
	controller_do(&c, KEYMAP_MESSAGES);
	ck_assert(strstr(fk.pager, "No messages yet") != NULL);
	for (int i = 0; i < CONTROLLER_RECENT + 8; i++)
		controller_say(&c, i % 2, "mensaje %d.", i);
	ck_assert_int_eq(c.nrecent, CONTROLLER_RECENT);
	controller_do(&c, KEYMAP_MESSAGES);
	char last[32], first[32], gone[32];
	snprintf(last, sizeof last, "mensaje %d.", CONTROLLER_RECENT + 7);
	snprintf(first, sizeof first, "mensaje %d.", 8);
	snprintf(gone, sizeof gone, "mensaje %d.", 7);
	ck_assert(strstr(fk.pager, last) && strstr(fk.pager, first));
	ck_assert(strstr(fk.pager, last) < strstr(fk.pager, first));
	ck_assert(!strstr(fk.pager, gone));
}
END_TEST

/* ---- status bar -------------------------------------------------------------- */

static const char *status(int cols)
{
	static char buf[1024];
	controller_status_text(&c, cols, buf, sizeof buf);
	ck_assert_int_le(text_width(buf), cols);
	return buf;
}

static void focus(int64_t id, pipeline_stage s)
{
	c.focus = s;
	c.col[s].sel_id = id;
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
	controller_do(&c, KEYMAP_HELP);
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++) {
		const char *name = keymap_action_name((keymap_action)a);
		ck_assert(strstr(fk.pager, keymap_action_help((keymap_action)a)) != NULL);
		/* "select", "up"... are words too: look for the names with a dash */
		if (strchr(name, '-'))
			ck_assert_msg(!strstr(fk.pager, name), "action name '%s' in the help", name);
	}
	ck_assert(strstr(fk.pager, "> S-Right") != NULL);
	ck_assert(strstr(fk.pager, "Marks on the board") != NULL);
	ck_assert(strstr(fk.pager, "12d ") != NULL);
	ck_assert(strstr(fk.pager, "2/5 ") != NULL);
	ck_assert(strstr(fk.pager, "  ! ") != NULL);
	ck_assert(strstr(fk.pager, "\u224810% ") != NULL); /* the default Inmadura probability */
	ck_assert(strstr(fk.pager, "Inmadura 30 days") != NULL);
	ck_assert(strstr(fk.pager, "L every recent message") != NULL);
}
END_TEST

/* ---- the narrowing list ------------------------------------------------------ */

START_TEST(test_pick_narrows_as_typed)
{
	char a[] = "José Pérez", b[] = "jrojas", m[] = "mgonzalez", d[] = "Ana María";
	char *items[] = { a, b, m, d };
	controller_pick p;
	ck_assert(controller_pick_init(&p, "Filter by owner", "owner", items, 4, 2));
	ck_assert_int_eq(p.nshown, 4);
	ck_assert_int_eq(controller_pick_choice(&p), 2);
	/* case and accents ignored; j and q type */
	controller_pick_key(&cfg.keys, &p, 'J');
	ck_assert_int_eq(p.nshown, 2);
	ck_assert_int_eq(controller_pick_choice(&p), 0); /* mgonzalez left: the first match */
	controller_pick_key(&cfg.keys, &p, 'o');
	controller_pick_key(&cfg.keys, &p, 's');
	controller_pick_key(&cfg.keys, &p, 0xE9); /* é */
	ck_assert_str_eq(p.query, "Jos\xC3\xA9");
	ck_assert_int_eq(p.nshown, 1);
	/* nothing matches: Enter stays, Backspace (DEL) goes back */
	controller_pick_key(&cfg.keys, &p, 'q');
	ck_assert_int_eq(p.nshown, 0);
	ck_assert_int_eq(controller_pick_choice(&p), -1);
	ck_assert_int_eq(controller_pick_key(&cfg.keys, &p, '\n'), CONTROLLER_PICK_CONTINUE);
	for (int i = 0; i < 5; i++) /* é is one character of two bytes */
		controller_pick_key(&cfg.keys, &p, 0x7f);
	ck_assert_str_eq(p.query, "");
	ck_assert_int_eq(p.nshown, 4);
	/* "ma": María; "m": mgonzalez and María; the arrows move, Enter chooses */
	controller_pick_key(&cfg.keys, &p, 'm');
	controller_pick_key(&cfg.keys, &p, 'a');
	ck_assert_int_eq(p.nshown, 1);
	ck_assert_int_eq(controller_pick_choice(&p), 3);
	controller_pick_key(&cfg.keys, &p, 0x7f);
	ck_assert_int_eq(p.nshown, 2);
	ck_assert_int_eq(controller_pick_choice(&p), 3); /* the selection stays on its item */
	controller_pick_key(&cfg.keys, &p, KEYMAP_FN | KEY_UP);
	ck_assert_int_eq(controller_pick_choice(&p), 2);
	controller_pick_key(&cfg.keys, &p, KEYMAP_FN | KEY_UP);
	ck_assert_int_eq(controller_pick_choice(&p), 2);
	controller_pick_key(&cfg.keys, &p, KEYMAP_FN | KEY_DOWN);
	ck_assert_int_eq(controller_pick_key(&cfg.keys, &p, '\r'), CONTROLLER_PICK_CHOSEN);
	ck_assert_int_eq(controller_pick_choice(&p), 3);
	ck_assert_int_eq(controller_pick_key(&cfg.keys, &p, KEYMAP_KEY_ESC), CONTROLLER_PICK_CANCEL);
	controller_pick_free(&p);
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
	controller_do(&c, KEYMAP_FILTER_OWNER);
	ck_assert_int_eq(fk.picks, 1);
	ck_assert_msg(strstr(fk.offered, "[2 cards]") && strstr(fk.offered, "mgonzalez [1 card]"), "%s",
	              fk.offered);
	ck_assert_msg(!strstr(fk.offered, "Zoe") && !strstr(fk.offered, "Every owner"), "%s", fk.offered);
	ck_assert(!strcmp(c.filter_owner, "José") || !strcmp(c.filter_owner, "jose"));
	ck_assert_int_eq(c.sum[PIPELINE_INMADURA].count, 2);
	ck_assert(strstr(c.message, "2 cards match owner") != NULL);
	/* Esc: nothing changes */
	fk.type = NULL;
	controller_do(&c, KEYMAP_FILTER_OWNER);
	ck_assert_int_eq(c.sum[PIPELINE_INMADURA].count, 2);
	fk.type = "every";
	controller_do(&c, KEYMAP_FILTER_OWNER);
	ck_assert(strstr(fk.offered, "Every owner") == fk.offered);
	ck_assert_str_eq(c.filter_owner, "");
	ck_assert_int_eq(c.sum[PIPELINE_INMADURA].count, 3);
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
