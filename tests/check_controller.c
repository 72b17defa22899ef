/*
 * Controller tests: actions -> effects on a real temporary database. No
 * screen: the dialogs the controller pushes are answered with keys by a
 * scripted driver (board_driver.h): each form, list and question is
 * answered as the test says.
 */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "config/config.h"
#include "board/controller.h"
#include "board_driver.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "util/text.h"

/* ---- fixture --------------------------------------------------------------- */

static char dir[64], path[128];
static store *st;
static config cfg;
static controller c;
static driver fk;

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/embudo-ctl-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	char err[256];
	ck_assert_int_eq(store_open(path, &st, err, sizeof err), STORE_OK);
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
	char db[160];
	const char *sfx[] = { "", "-wal", "-shm", "-journal" };
	for (int i = 0; i < 4; i++) {
		snprintf(db, sizeof db, "%s%s", path, sfx[i]);
		unlink(db);
	}
	rmdir(dir);
}

static int64_t add_card(const char *title)
{
	store_fields f = { .title = title, .client = "Cliente", .currency = "CLP" };
	int64_t id;
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	return id;
}

/* A second connection to the board's database: another process. */
static store *open_other(void)
{
	store *other;
	char err[256];
	ck_assert_int_eq(store_open(path, &other, err, sizeof err), STORE_OK);
	return other;
}

/* Ticks all five criteria through the store (no version check). */
static void tick_criteria(store *on, int64_t id)
{
	for (int n = 1; n <= PIPELINE_CRITERIA; n++)
		ck_assert_int_eq(store_set_criterion(on, id, 0, n, true, NULL, NULL), STORE_OK);
}

/* A card qualified and moved into Calificada through the store. */
static int64_t add_calificada_card(const char *title)
{
	int64_t id = add_card(title);
	tick_criteria(st, id);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	return id;
}

static void expect(driver_fill fn)
{
	driver_expect(&fk, fn);
}

/* A board action, every dialog it opens answered as scripted. */
static void act(keymap_action a)
{
	driver_do(&fk, &c, a);
}

static pipeline_stage stage_of(int64_t id)
{
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	pipeline_stage s = o.stage;
	store_opp_free(&o);
	return s;
}

static void focus_card(int64_t id)
{
	pipeline_stage s = stage_of(id);
	c.model.focus = s;
	c.model.col[s].sel_id = id;
	controller_load(&c);
	ck_assert_ptr_nonnull(controller_selected(&c));
	ck_assert_int_eq(controller_selected(&c)->id, id);
}

static void assert_lost(int64_t id, pipeline_loss reason)
{
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_int_eq(o.stage, PIPELINE_PERDIDA);
	ck_assert_int_eq(o.loss_reason, reason);
	store_opp_free(&o);
}

typedef struct hist_q {
	const char *what, *note;
	int n;
} hist_q;

static int hist_cb(const store_event *e, void *ctx)
{
	hist_q *q = ctx;
	if (strcmp(e->what, q->what) == 0 && (!q->note || (e->note && strcmp(e->note, q->note) == 0)))
		q->n++;
	return 0;
}

/* Rows of the card's history with this `what` (and note, when given). */
static int count_history(int64_t id, const char *what, const char *note)
{
	hist_q q = { what, note, 0 };
	ck_assert_int_eq(store_history(st, id, hist_cb, &q), STORE_OK);
	return q.n;
}

/* ---- form fillers ------------------------------------------------------------ */

static void set_field(form *f, const char *label, const char *value)
{
	for (int i = 0; i < f->nfields; i++)
		if (strncmp(f->fields[i].label, label, strlen(label)) == 0) {
			form_set_text(f, i, value);
			return;
		}
	ck_abort_msg("no field %s in form %s", label, f->title);
}

static bool fill_add(form *f)
{
	set_field(f, "Title", "Café para 東京");
	set_field(f, "Client", "Señor Ñandú");
	set_field(f, "Amount", "1,500.50");
	set_field(f, "Currency", "usd");
	return true;
}

static bool fill_bad_amount(form *f)
{
	set_field(f, "Title", "x");
	set_field(f, "Client", "y");
	set_field(f, "Amount", "12.5");
	set_field(f, "Currency", "CLP"); /* no decimals: invalid, Enter refuses */
	return true;
}

static bool tick_all(form *f)
{
	ck_assert(f->show_progress);
	for (int i = 0; i < f->nfields; i++) {
		f->focus = i;
		if (!f->fields[i].checked)
			form_toggle(f);
	}
	return true;
}

static bool untick_first(form *f)
{
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].kind == FORM_CHECK) {
			f->focus = i;
			form_toggle(f);
			ck_assert(f->fields[i].checked); /* refused */
			ck_assert_msg(strstr(f->message, "back") != NULL, "message: %s", f->message);
			return false;
		}
	return false;
}

static bool fill_commitment(form *f)
{
	set_field(f, "Reference", "OC-77");
	return true;
}

static bool fill_note(form *f)
{
	set_field(f, "Note", "cliente pidió pausa");
	return true;
}

static bool fill_edit_title(form *f)
{
	set_field(f, "Title", "Nuevo título");
	return true;
}

static bool fill_filter(form *f)
{
	set_field(f, "Filter", "beta");
	return true;
}

/* ---- tests ------------------------------------------------------------------ */

START_TEST(test_add_with_accents)
{
	expect(fill_add);
	act(KEYMAP_ADD);
	const store_card *k = controller_selected(&c);
	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(k->title, "Café para 東京");
	ck_assert_str_eq(k->client, "Señor Ñandú");
	ck_assert(k->has_amount);
	ck_assert_int_eq(k->amount, 150050);
	ck_assert_str_eq(k->currency, "USD");
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 1);
	/* undo of an add deletes it */
	act(KEYMAP_UNDO);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 0);
}
END_TEST

START_TEST(test_add_refuses_bad_amount)
{
	expect(fill_bad_amount);
	act(KEYMAP_ADD);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 0);
}
END_TEST

START_TEST(test_refused_move_opens_checklist_then_moves)
{
	int64_t id = add_card("Alpha");
	focus_card(id);
	expect(tick_all);
	act(KEYMAP_MOVE_FORWARD);
	ck_assert_int_eq(fk.forms, 1);
	ck_assert_msg(strstr(fk.last_info, "Missing to enter Oportunidad Calificada") != NULL, "%s", fk.last_info);
	ck_assert_msg(strstr(fk.last_info, "criteria 1, 2, 3, 4, 5") != NULL, "%s", fk.last_info);
	ck_assert_int_eq(stage_of(id), PIPELINE_CALIFICADA);
	ck_assert_int_eq(c.model.focus, PIPELINE_CALIFICADA);
	ck_assert_int_eq(controller_selected(&c)->id, id);
	ck_assert_int_eq(count_history(id, "move", NULL), 1);
	/* undo: a move back with the note "undo", in history */
	act(KEYMAP_UNDO);
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert_int_eq(count_history(id, "move", "undo"), 1);
	/* undo again: the criteria (last one ticked first) */
	act(KEYMAP_UNDO);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert(!o.criteria[4].met);
	ck_assert(o.criteria[3].met);
	store_opp_free(&o);
}
END_TEST

/* Several changes on one card undone one after another: each undo expects
 * the version the previous undo produced (no false conflict). */
START_TEST(test_undo_whole_chain)
{
	int64_t id = add_card("Alpha");
	focus_card(id);
	expect(tick_all);
	act(KEYMAP_MOVE_FORWARD);
	ck_assert_int_eq(stage_of(id), PIPELINE_CALIFICADA);
	ck_assert_int_eq(c.nundo, 6); /* five criteria, one move */
	for (int i = 0; i < 6; i++) {
		act(KEYMAP_UNDO);
		ck_assert_msg(!c.model.message_error, "undo %d: %s", i + 1, c.model.message);
	}
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	for (int n = 0; n < PIPELINE_CRITERIA; n++)
		ck_assert_msg(!o.criteria[n].met, "criterion %d still met", n + 1);
	store_opp_free(&o);
	act(KEYMAP_UNDO);
	ck_assert_msg(strstr(c.model.message, "Nothing to undo") != NULL, "%s", c.model.message);
}
END_TEST

/* Someone else's change in the middle of the chain stops it there. */
START_TEST(test_undo_chain_stops_at_foreign_change)
{
	int64_t id = add_card("Alpha");
	focus_card(id);
	expect(tick_all);
	act(KEYMAP_MOVE_FORWARD);
	act(KEYMAP_UNDO); /* the move */
	ck_assert(!c.model.message_error);
	store_fields f = { .title = "Cambiado por otra persona" };
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_OK);
	act(KEYMAP_UNDO); /* criterion 5: the card changed meanwhile */
	ck_assert(c.model.message_error);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert(o.criteria[4].met);
	ck_assert_str_eq(o.title, "Cambiado por otra persona");
	store_opp_free(&o);
}
END_TEST

START_TEST(test_refused_move_cancelled_changes_nothing)
{
	int64_t id = add_card("Alpha");
	focus_card(id);
	act(KEYMAP_MOVE_FORWARD); /* the checklist is cancelled */
	ck_assert_int_eq(fk.forms, 0);
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "still missing: criteria 1, 2, 3, 4, 5") != NULL, "%s", c.model.message);
	ck_assert_int_eq(count_history(id, "move", NULL), 0);
}
END_TEST

START_TEST(test_multi_step_move_chains_forms)
{
	int64_t id = add_card("Beta");
	focus_card(id);
	expect(tick_all);
	expect(fill_commitment);
	fk.choices[fk.nchoices++] = PIPELINE_COMPROMETIDA; /* move-to list */
	act(KEYMAP_MOVE_TO);
	ck_assert_int_eq(fk.forms, 2);
	ck_assert_str_eq(fk.last_form_title, "Commitment action");
	ck_assert_int_eq(stage_of(id), PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(count_history(id, "move", NULL), 2);
}
END_TEST

START_TEST(test_untick_refused_in_checklist)
{
	int64_t id = add_calificada_card("Gamma");
	focus_card(id);
	expect(untick_first);
	act(KEYMAP_CHECKLIST);
	ck_assert_int_eq(fk.forms, 1);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert(o.criteria[0].met);
	store_opp_free(&o);
}
END_TEST

START_TEST(test_move_back_asks_note)
{
	int64_t id = add_calificada_card("Delta");
	focus_card(id);
	act(KEYMAP_MOVE_BACK); /* note cancelled */
	ck_assert_int_eq(stage_of(id), PIPELINE_CALIFICADA);
	expect(fill_note);
	focus_card(id);
	act(KEYMAP_MOVE_BACK);
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert_int_eq(count_history(id, "move", "cliente pidió pausa"), 1);
}
END_TEST

START_TEST(test_lose_and_reopen)
{
	int64_t id = add_card("Epsilon");
	focus_card(id);
	fk.choices[fk.nchoices++] = PIPELINE_LOSS_COMPETITOR;
	expect(fill_note);
	act(KEYMAP_LOSE);
	assert_lost(id, PIPELINE_LOSS_COMPETITOR);
	ck_assert_int_eq(c.model.focus, PIPELINE_PERDIDA);
	/* forward from Perdida: refused, tells to reopen */
	act(KEYMAP_MOVE_FORWARD);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "reopen") != NULL, "%s", c.model.message);
	ck_assert_int_eq(stage_of(id), PIPELINE_PERDIDA);
	expect(fill_note);
	act(KEYMAP_REOPEN);
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	/* undo of the reopen loses it again with the same reason */
	act(KEYMAP_UNDO);
	assert_lost(id, PIPELINE_LOSS_COMPETITOR);
}
END_TEST

START_TEST(test_conflict_never_overwrites)
{
	int64_t id = add_card("Zeta");
	focus_card(id);
	/* another process edits the card after we displayed it */
	store *other = open_other();
	store_fields f = { .title = "Cambiado por otro" };
	ck_assert_int_eq(store_edit(other, id, 0, &f), STORE_OK);
	store_close(other);
	expect(fill_edit_title);
	act(KEYMAP_EDIT);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "someone else") != NULL, "%s", c.model.message);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_str_eq(o.title, "Cambiado por otro");
	store_opp_free(&o);
	/* reloaded: the card on screen is the new one */
	ck_assert_str_eq(controller_selected(&c)->title, "Cambiado por otro");
}
END_TEST

START_TEST(test_stale_move_conflicts)
{
	int64_t id = add_card("Eta");
	focus_card(id);
	store *other = open_other();
	tick_criteria(other, id);
	store_close(other);
	act(KEYMAP_MOVE_FORWARD);
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert_msg(strstr(c.model.message, "someone else") != NULL, "%s", c.model.message);
}
END_TEST

START_TEST(test_edit_and_undo)
{
	int64_t id = add_card("Theta");
	focus_card(id);
	expect(fill_edit_title);
	act(KEYMAP_EDIT);
	ck_assert_str_eq(controller_selected(&c)->title, "Nuevo título");
	act(KEYMAP_UNDO);
	ck_assert_str_eq(controller_selected(&c)->title, "Theta");
}
END_TEST

START_TEST(test_delete_asks_and_undo_restores)
{
	int64_t id = add_card("Iota");
	focus_card(id);
	fk.answers[fk.nanswers++] = false;
	act(KEYMAP_DELETE);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 1);
	fk.answers[fk.nanswers++] = true;
	act(KEYMAP_DELETE);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 0);
	act(KEYMAP_UNDO);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 1);
	ck_assert_int_eq(controller_selected(&c)->id, id);
}
END_TEST

START_TEST(test_navigation_keeps_selection_by_id)
{
	int64_t ids[12];
	char t[32];
	for (int i = 0; i < 12; i++) {
		snprintf(t, sizeof t, "card %02d", i);
		ids[i] = add_card(t);
	}
	controller_load(&c);
	ck_assert_int_eq(c.model.col[0].ncards, 5); /* only the visible rows are read */
	act(KEYMAP_LAST);
	ck_assert_int_eq(controller_selected(&c)->id, ids[11]);
	ck_assert_int_eq(c.model.col[0].top, 7);
	act(KEYMAP_PAGE_UP);
	ck_assert_int_eq(controller_selected(&c)->id, ids[6]);
	act(KEYMAP_FOCUS_DOWN);
	ck_assert_int_eq(controller_selected(&c)->id, ids[7]);
	/* fewer rows on screen keep the selected card */
	controller_set_rows(&c, 3);
	controller_load(&c);
	ck_assert_int_eq(controller_selected(&c)->id, ids[7]);
	act(KEYMAP_REORDER_UP);
	ck_assert_int_eq(controller_selected(&c)->id, ids[7]);
	ck_assert_int_eq(c.model.col[0].sel, 6);
	act(KEYMAP_FIRST);
	ck_assert_int_eq(controller_selected(&c)->id, ids[0]);
	act(KEYMAP_FOCUS_RIGHT);
	ck_assert_int_eq(c.model.focus, PIPELINE_CALIFICADA);
	ck_assert_ptr_null(controller_selected(&c));
}
END_TEST

START_TEST(test_filter_and_clear)
{
	add_card("alpha uno");
	add_card("beta dos");
	add_card("Beta tres");
	controller_load(&c);
	expect(fill_filter);
	act(KEYMAP_FILTER_TEXT);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 2);
	act(KEYMAP_CLEAR_FILTER);
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 3);
}
END_TEST

START_TEST(test_live_refresh_poll)
{
	ck_assert(!controller_poll(&c) || true); /* drain */
	store *other = open_other();
	store_fields f = { .title = "from elsewhere", .client = "x" };
	int64_t id;
	ck_assert_int_eq(store_add(other, &f, &id), STORE_OK);
	store_close(other);
	ck_assert(controller_poll(&c));
	ck_assert_int_eq(c.model.sum[PIPELINE_INMADURA].count, 1);
	ck_assert(!controller_poll(&c));
}
END_TEST

START_TEST(test_help_from_the_table)
{
	act(KEYMAP_HELP);
	ck_assert_int_gt(fk.pager_lines, KEYMAP_ACTION_COUNT);
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++)
		ck_assert_msg(strstr(fk.pager_text, keymap_action_help((keymap_action)a)) != NULL, "%s",
		              keymap_action_help((keymap_action)a));
	char keys[64];
	keymap_describe(&cfg.keys, KEYMAP_MOVE_FORWARD, keys, sizeof keys);
	ck_assert(strstr(fk.pager_text, keys) != NULL);
}
END_TEST

START_TEST(test_detail_shows_history)
{
	int64_t id = add_card("Kappa");
	focus_card(id);
	ck_assert_int_eq(store_set_criterion(st, id, 0, 2, true, "visto", NULL), STORE_OK);
	controller_load(&c);
	act(KEYMAP_DETAIL);
	ck_assert(strstr(fk.pager_text, "Title:         Kappa") != NULL);
	ck_assert(strstr(fk.pager_text, "create") != NULL);
	ck_assert(strstr(fk.pager_text, "criterion") != NULL);
	ck_assert(strstr(fk.pager_text, "Qualification (Calificada): 1/5") != NULL);
}
END_TEST

START_TEST(test_form_keys_via_keymap)
{
	form f;
	form_init(&f, "t");
	int i = form_add_text(&f, "x", "", FORM_V_TEXT, true);
	ck_assert_int_eq(dialog_form_key(&cfg.keys, &f, 'a'), DIALOG_FORM_CONTINUE);
	ck_assert_int_eq(dialog_form_key(&cfg.keys, &f, ' '), DIALOG_FORM_CONTINUE);
	ck_assert_int_eq(dialog_form_key(&cfg.keys, &f, 0x00F1), DIALOG_FORM_CONTINUE);
	char buf[32];
	ck_assert_str_eq(form_text(&f, i, buf, sizeof buf), "a ñ");
	ck_assert_int_eq(dialog_form_key(&cfg.keys, &f, '\r'), DIALOG_FORM_SAVE);
	ck_assert_int_eq(dialog_form_key(&cfg.keys, &f, 27), DIALOG_FORM_CANCEL);
	form_init(&f, "t");
	form_add_check(&f, "c", false);
	dialog_form_key(&cfg.keys, &f, ' ');
	ck_assert(form_checked(&f, 0));
	/* Space cycles a choice; a control character (C1 CSI) types nothing */
	static const char *const opts[] = { "total", "partial" };
	form_init(&f, "t");
	int ch = form_add_choice(&f, "scope", opts, 2, 0);
	dialog_form_key(&cfg.keys, &f, KEYMAP_KEY_SPACE);
	ck_assert_int_eq(form_choice(&f, ch), 1);
	form_init(&f, "t");
	i = form_add_text(&f, "x", "", FORM_V_TEXT, false);
	dialog_form_key(&cfg.keys, &f, 0x9B);
	ck_assert_str_eq(form_text(&f, i, buf, sizeof buf), "");
}
END_TEST

/* A move of several stages: each form names the forms that come after it,
 * never one before it. */
START_TEST(test_multi_step_move_says_what_follows)
{
	int64_t id = add_card("Omega");
	focus_card(id);
	expect(tick_all); /* then the commitment form is cancelled */
	fk.choices[fk.nchoices++] = PIPELINE_POR_FACTURAR;
	act(KEYMAP_MOVE_TO);
	ck_assert_int_eq(fk.ninfos, 2);
	ck_assert_msg(strstr(fk.infos[0], "Then a form for each of: Oportunidad Comprometida, "
	                                  "Oportunidad por Facturar.") != NULL, "%s", fk.infos[0]);
	ck_assert_msg(strstr(fk.infos[1], "Missing to enter Oportunidad Comprometida") != NULL, "%s",
	              fk.infos[1]);
	ck_assert_msg(strstr(fk.infos[1], "Then a form for each of: Oportunidad por Facturar.") != NULL, "%s",
	              fk.infos[1]);
	ck_assert_msg(strstr(fk.infos[1], "Calificada") == NULL, "%s", fk.infos[1]);
	/* cancelled: the card stays, the message names what is still missing */
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert_msg(strstr(c.model.message, "still missing") != NULL, "%s", c.model.message);
}
END_TEST

#define DAY ((time_t)86400)

/* The detail shows the weighted amount (the configured probability) and the
 * time in stage: this stay, and every stay in it from the history. */
START_TEST(test_detail_weighted_and_time_in_stage)
{
	time_t t0 = 1767225600; /* 2026-01-01T00:00:00Z */
	store_set_now(st, t0);
	store_fields f = { .title = "Sigma", .client = "Cliente", .currency = "CLP", .set_amount = true,
	                   .has_amount = true, .amount = 48000000 };
	int64_t id;
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	tick_criteria(st, id);
	store_set_now(st, t0 + 2 * DAY);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	store_set_now(st, t0 + 5 * DAY);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_INMADURA, "pausa", NULL), STORE_OK);
	store_set_now(st, t0 + 9 * DAY);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	setenv("EMBUDO_NOW", "2026-01-13T00:00:00Z", 1);
	cfg.probability[PIPELINE_CALIFICADA] = 25;
	controller_load(&c);
	c.model.focus = PIPELINE_CALIFICADA;
	focus_card(id);
	act(KEYMAP_DETAIL);
	unsetenv("EMBUDO_NOW");
	ck_assert_msg(strstr(fk.pager_text, "Weighted:      12,000,000 CLP (25% in Calificada)") != NULL, "%s",
	              fk.pager_text);
	ck_assert_msg(strstr(fk.pager_text, "since 2026-01-10T00:00:00Z (3 days)") != NULL, "%s", fk.pager_text);
	/* 3 days (day 2 to 5) and 3 days (day 9 to 12) */
	ck_assert_msg(strstr(fk.pager_text, "Time in stage: 3 days this stay; 6 days in all over 2 stays") != NULL,
	              "%s", fk.pager_text);
	/* asked directly: two stays, the closed one from the typed history */
	review_stay s;
	ck_assert_int_eq(store_stage_time(st, id, PIPELINE_CALIFICADA, c.model.now, &s), STORE_OK);
	ck_assert_int_eq(s.stays, 2);
	ck_assert_int_eq(s.latest_days, 3);
	ck_assert_int_eq(s.total_days, 6);
	ck_assert(s.current);
}
END_TEST

/* The help's lines mark where a wrapped description continues: one text
 * column for every action and every mark of the legend. */
START_TEST(test_help_lines_mark_the_text_column)
{
	char **lines;
	int n = controller_help_lines(&c, &lines);
	ck_assert_int_gt(n, 0);
	int marked = 0, col = 0;
	for (int i = 0; i < n; i++) {
		char *m = strchr(lines[i], WRAP_HANG);
		if (!m)
			continue;
		*m = '\0';
		int w = text_width(lines[i]); /* columns, not bytes: "≈10%" */
		*m = WRAP_HANG;
		if (!marked)
			col = w;
		ck_assert_msg(w == col, "'%s': text at column %d, not %d", lines[i], w, col);
		ck_assert_ptr_null(strchr(m + 1, WRAP_HANG));
		marked++;
	}
	ck_assert_int_gt(marked, KEYMAP_ACTION_COUNT); /* the actions, then the marks */
	controller_lines_free(lines, n);
}
END_TEST

/* ---- found by using the board (exploratory review) ------------------------- */

static bool tick_two(form *f)
{
	int n = 0;
	for (int i = 0; i < f->nfields && n < 2; i++)
		if (f->fields[i].kind == FORM_CHECK) {
			f->focus = i;
			form_toggle(f);
			n++;
		}
	return true;
}

/* A checklist saved with boxes left unticked: a short message that says
 * what was saved and what is still missing, not the five criteria texts. */
START_TEST(test_partial_checklist_says_what_is_missing)
{
	int64_t id = add_card("Kappa");
	focus_card(id);
	expect(tick_two);
	act(KEYMAP_MOVE_FORWARD);
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Checklist saved: 2/5") != NULL, "message: %s", c.model.message);
	ck_assert_msg(strstr(c.model.message, "still missing: criteria 3, 4, 5.") != NULL, "message: %s", c.model.message);
	ck_assert_msg(strstr(c.model.message, "Se ha") == NULL, "message: %s", c.model.message);
}
END_TEST

/* The destination stage of a move back or a reopen is in the text, not
 * only at the end of a title the dialog cuts. */
START_TEST(test_back_and_reopen_say_where_in_the_text)
{
	int64_t id = add_card("Un título bastante largo para que no quepa en el marco");
	ck_assert_int_eq(store_set_criterion(st, id, 1, 1, true, NULL, NULL), STORE_OK);
	for (int n = 2; n <= 5; n++)
		ck_assert_int_eq(store_set_criterion(st, id, n, n, true, NULL, NULL), STORE_OK);
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	ck_assert_int_eq(store_move(st, id, 6, PIPELINE_CALIFICADA, NULL, &why), STORE_OK);
	focus_card(id);
	act(KEYMAP_MOVE_BACK); /* the note form: cancelled */
	ck_assert_msg(strstr(fk.last_info, "Back to Oportunidad Inmadura.") != NULL, "info: %s", fk.last_info);
	ck_assert_int_eq(stage_of(id), PIPELINE_CALIFICADA);
	ck_assert_int_eq(store_lose(st, id, 7, PIPELINE_LOSS_DECLINED, NULL, &why), STORE_OK);
	focus_card(id);
	act(KEYMAP_REOPEN);
	ck_assert_msg(strstr(fk.last_info, "Back to Oportunidad Calificada") != NULL, "info: %s", fk.last_info);
	ck_assert_int_eq(stage_of(id), PIPELINE_PERDIDA);
}
END_TEST

/* Undo names the card and shows it where it landed, whatever the change. */
START_TEST(test_undo_names_and_follows_the_card)
{
	int64_t id = add_card("Lambda");
	add_card("Mu");
	focus_card(id);
	expect(fill_edit_title);
	act(KEYMAP_EDIT);
	ck_assert_msg(strstr(c.model.message, "Saved Nuevo título (1 field changed)") != NULL, "message: %s",
	              c.model.message);
	act(KEYMAP_FOCUS_RIGHT); /* look elsewhere, then undo */
	ck_assert_int_eq(c.model.focus, PIPELINE_CALIFICADA);
	act(KEYMAP_UNDO);
	ck_assert_int_eq(c.model.focus, PIPELINE_INMADURA);
	ck_assert_int_eq(controller_selected(&c)->id, id);
	ck_assert_msg(strstr(c.model.message, "Undid the edit: Lambda is in Oportunidad Inmadura") != NULL,
	              "message: %s", c.model.message);
}
END_TEST

/* A reorder says what it did: an older message must not stay up as if
 * the key had done nothing. */
START_TEST(test_reorder_says_where)
{
	add_card("Nu");
	int64_t id = add_card("Xi");
	focus_card(id);
	act(KEYMAP_REORDER_DOWN);
	ck_assert_msg(strstr(c.model.message, "Already the last") != NULL, "message: %s", c.model.message);
	act(KEYMAP_REORDER_UP);
	ck_assert(!c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Moved Xi up: 1 of 2") != NULL, "message: %s", c.model.message);
	ck_assert_int_eq(controller_selected(&c)->id, id);
}
END_TEST

static bool fill_filter_none(form *f)
{
	set_field(f, "Filter", "no existe");
	return true;
}

/* A filter says how many cards it leaves; none is an explicit message. */
START_TEST(test_filter_says_how_many)
{
	add_card("alpha uno");
	add_card("beta dos");
	controller_load(&c);
	controller_say(&c, false, "Saved.");
	expect(fill_filter);
	act(KEYMAP_FILTER_TEXT);
	ck_assert_msg(strstr(c.model.message, "1 card matches text \"beta\"") != NULL, "message: %s", c.model.message);
	expect(fill_filter_none);
	act(KEYMAP_FILTER_TEXT);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "No card matches text \"no existe\"; Esc clears") != NULL,
	              "message: %s", c.model.message);
}
END_TEST

/* A card in Lista: every entry requirement recorded through the store
 * (expect_version 0: no version check). */
static int64_t add_lista_card(const char *title)
{
	int64_t id = add_card(title);
	tick_criteria(st, id);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_CONTRACT, "C-1", NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, "AP-1", NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-1", NULL, false, 0, NULL), STORE_OK);
	ck_assert_int_eq(store_set_delivery(st, id, 0, PIPELINE_SCOPE_TOTAL, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_LISTA, NULL, NULL), STORE_OK);
	return id;
}

/* One stage forward or back follows the flow order of pipeline.h: at its
 * ends (Inmadura back, Lista forward) and from Perdida nothing moves and the
 * board says why; in between the neighbour stage is the target. */
START_TEST(test_move_one_stage_follows_the_flow)
{
	int64_t first = add_card("Primera");
	focus_card(first);
	act(KEYMAP_MOVE_BACK);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Oportunidad Inmadura is the first stage") != NULL, "%s", c.model.message);
	ck_assert_int_eq(stage_of(first), PIPELINE_INMADURA);

	int64_t last = add_lista_card("Última");
	focus_card(last);
	act(KEYMAP_MOVE_FORWARD);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Oportunidad Lista is the last stage") != NULL, "%s", c.model.message);
	ck_assert_int_eq(stage_of(last), PIPELINE_LISTA);
	ck_assert_int_eq(fk.forms, 0);
	/* back from Lista: En Facturación, with a note */
	expect(fill_note);
	act(KEYMAP_MOVE_BACK);
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_int_eq(stage_of(last), PIPELINE_EN_FACTURACION);
	/* and forward again: Lista, its delivery already recorded */
	focus_card(last);
	act(KEYMAP_MOVE_FORWARD);
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_int_eq(stage_of(last), PIPELINE_LISTA);

	/* lost: neither way moves it; both say to reopen */
	ck_assert_int_eq(store_lose(st, first, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	focus_card(first);
	for (int back = 0; back < 2; back++) {
		controller_say(&c, false, "%s", "");
		act(back ? KEYMAP_MOVE_BACK : KEYMAP_MOVE_FORWARD);
		ck_assert(c.model.message_error);
		ck_assert_msg(strstr(c.model.message, "Press r to reopen it") != NULL, "%s", c.model.message);
		ck_assert_int_eq(stage_of(first), PIPELINE_PERDIDA);
	}
}
END_TEST

/* Picking Perdida from the stage list: the rules ask for a reason, so the
 * loss dialog opens (and a cancelled one changes nothing). */
START_TEST(test_move_pick_perdida_asks_reason)
{
	int64_t id = add_card("Omega");
	focus_card(id);
	fk.choices[fk.nchoices++] = PIPELINE_PERDIDA; /* the stage list */
	act(KEYMAP_MOVE_TO);           /* the reason list: cancelled */
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert_msg(strstr(c.model.message, "Not marked lost") != NULL, "%s", c.model.message);
	fk.choices[fk.nchoices++] = PIPELINE_PERDIDA;
	fk.choices[fk.nchoices++] = PIPELINE_LOSS_CANCELLED;
	expect(fill_note);
	act(KEYMAP_MOVE_TO);
	assert_lost(id, PIPELINE_LOSS_CANCELLED);
}
END_TEST

/* An undo that can never pass (someone else changed the card) is dropped,
 * and the message says nothing was undone and that it was dropped. */
START_TEST(test_undo_conflict_dropped_and_said)
{
	int64_t id = add_card("Kappa");
	focus_card(id);
	expect(fill_edit_title);
	act(KEYMAP_EDIT);
	ck_assert_int_eq(c.nundo, 1);
	store_fields f = { .title = "Cambiado por otra persona" };
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_OK);
	act(KEYMAP_UNDO);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Nothing undone: someone else changed Cambiado por otra persona "
	                                "after your edit, so the undo of it was dropped") != NULL,
	              "%s", c.model.message);
	ck_assert_int_eq(c.nundo, 0);
	ck_assert_str_eq(controller_selected(&c)->title, "Cambiado por otra persona");
	act(KEYMAP_UNDO);
	ck_assert_msg(strstr(c.model.message, "Nothing to undo") != NULL, "%s", c.model.message);
}
END_TEST

/* A reorder whose undo has nowhere to go (the neighbour it swapped with was
 * deleted by someone else): dropped, the message says why; the undo below
 * it on the stack is next. */
START_TEST(test_undo_reorder_at_the_end_dropped)
{
	expect(fill_edit_title);
	int64_t other = add_card("Lambda");
	int64_t id = add_card("Mu");
	focus_card(id);
	act(KEYMAP_EDIT);                 /* undo entry 1 */
	act(KEYMAP_REORDER_UP);           /* undo entry 2 */
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_int_eq(c.nundo, 2);
	ck_assert_int_eq(store_delete(st, other, 0), STORE_OK);
	act(KEYMAP_UNDO);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Nothing undone: the card is already at the bottom of its column, "
	                                "so the undo of your reorder of Nuevo título was dropped") != NULL,
	              "%s", c.model.message);
	ck_assert_int_eq(c.nundo, 1);
	act(KEYMAP_UNDO); /* the edit: still undoable */
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_str_eq(o.title, "Mu");
	store_opp_free(&o);
}
END_TEST

/* A locked database may free up: the undo stays on the stack and works on
 * the next try. */
START_TEST(test_undo_busy_kept)
{
	int64_t id = add_card("Nu");
	focus_card(id);
	expect(fill_edit_title);
	act(KEYMAP_EDIT);
	ck_assert_int_eq(c.nundo, 1);
	store_internal_set_busy(st, 10, 60);
	sqlite3 *lock;
	ck_assert_int_eq(sqlite3_open(path, &lock), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(lock, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	act(KEYMAP_UNDO);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Nothing undone: the database stayed locked. The undo of your edit "
	                                "of Nuevo título is kept: press u to try again") != NULL,
	              "%s", c.model.message);
	ck_assert_int_eq(c.nundo, 1);
	ck_assert_int_eq(sqlite3_exec(lock, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(lock);
	act(KEYMAP_UNDO);
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_int_eq(c.nundo, 0);
	ck_assert_str_eq(controller_selected(&c)->title, "Nu");
}
END_TEST

/* ---- issue 7: moves of several stages, the checklist, edit conflicts ------- */

static bool criteria_all_met(int64_t id)
{
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	bool all = true;
	for (int n = 0; n < PIPELINE_CRITERIA; n++)
		all = all && o.criteria[n].met;
	store_opp_free(&o);
	return all;
}

/* m to en Facturación, the five criteria ticked and saved, the commitment
 * form cancelled: the card stays (all or nothing), the criteria stay
 * saved, and the message names only what is still missing and offers the
 * move the evidence now allows. */
START_TEST(test_chain_cut_short_names_only_what_is_missing)
{
	int64_t id = add_card("Rho");
	focus_card(id);
	expect(tick_all); /* then the commitment form: cancelled */
	fk.choices[fk.nchoices++] = PIPELINE_EN_FACTURACION;
	act(KEYMAP_MOVE_TO);
	ck_assert_int_eq(fk.forms, 1);
	ck_assert_str_eq(fk.last_form_title, "Commitment action");
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert_int_eq(count_history(id, "move", NULL), 0);
	ck_assert(criteria_all_met(id));
	ck_assert(c.model.message_error);
	ck_assert_msg(strcmp(c.model.message, "Not moved to Oportunidad en Facturación (form cancelled); still missing: "
	                                "commitment; billing-approval; invoice. Its evidence allows Oportunidad "
	                                "Calificada: press M to move it there. Checklist saved: 5/5 criteria met "
	                                "(5 changed).") == 0, "%s", c.model.message);
	/* The offered key: one move, all or nothing, no form. */
	act(KEYMAP_MOVE_FURTHEST);
	ck_assert_int_eq(fk.forms, 1);
	ck_assert_int_eq(stage_of(id), PIPELINE_CALIFICADA);
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_msg(strstr(c.model.message, "Moved Rho to Oportunidad Calificada.") != NULL, "%s", c.model.message);
	ck_assert_int_eq(c.model.focus, PIPELINE_CALIFICADA);
}
END_TEST

/* A checklist saved short of five, in a move of two stages whose
 * commitment was recorded: both saves are named, then what is missing. */
START_TEST(test_chain_partial_names_every_save)
{
	int64_t id = add_card("Sigma");
	focus_card(id);
	expect(tick_two);
	expect(fill_commitment);
	fk.choices[fk.nchoices++] = PIPELINE_COMPROMETIDA;
	act(KEYMAP_MOVE_TO);
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert_msg(strstr(c.model.message, "Not moved to Oportunidad Comprometida; still missing: criteria 3, 4, 5. "
	                                "Checklist saved: 2/5 criteria met (2 changed). Commitment recorded.")
	              != NULL, "%s", c.model.message);
	/* Nothing to offer: the criteria block the first step. */
	ck_assert_msg(strstr(c.model.message, "press") == NULL, "%s", c.model.message);
}
END_TEST

/* M moves as far as the evidence allows, several stages at once, and
 * every step is recorded; where nothing more is allowed it names what the
 * next stage lacks and changes nothing; a lost card is told to reopen. */
START_TEST(test_move_furthest)
{
	int64_t id = add_card("Tau");
	tick_criteria(st, id);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "sí", NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-9", NULL, false, 0, NULL), STORE_OK); /* ahead of time */
	focus_card(id);
	act(KEYMAP_MOVE_FURTHEST);
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_int_eq(stage_of(id), PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(count_history(id, "move", NULL), 2);
	ck_assert_int_eq(fk.forms, 0);
	int64_t before = count_history(id, "move", NULL);
	act(KEYMAP_MOVE_FURTHEST);
	ck_assert(c.model.message_error);
	ck_assert_msg(strstr(c.model.message, "Not moved: Tau has no evidence for Oportunidad por Facturar yet "
	                                "(missing: billing-approval); > S-Right opens its form.") != NULL,
	              "%s", c.model.message);
	ck_assert_int_eq(stage_of(id), PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(count_history(id, "move", NULL), before);
	ck_assert_int_eq(fk.forms, 0);
	/* undo: back to where it was, in one move */
	act(KEYMAP_UNDO);
	ck_assert_int_eq(stage_of(id), PIPELINE_INMADURA);
	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	focus_card(id);
	act(KEYMAP_MOVE_FURTHEST);
	ck_assert_msg(strstr(c.model.message, "Press r to reopen it") != NULL, "%s", c.model.message);
	ck_assert_int_eq(stage_of(id), PIPELINE_PERDIDA);
}
END_TEST

static bool untick_via_digit(form *f)
{
	ck_assert(f->locked[0] == '\0');
	dialog_form_key(&cfg.keys, f, '2');
	ck_assert_msg(f->message[0] == '\0', "%s", f->message);
	return true;
}

/* A card that entered Comprometida through the store. */
static int64_t add_comprometida_card(const char *title)
{
	int64_t id = add_calificada_card(title);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "sí", NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_COMPROMETIDA, NULL, NULL), STORE_OK);
	return id;
}

static char read_only_info[FORM_MAX_INFO * FORM_LINE];

/* The read-only checklist: Space and the digits change nothing and say
 * why; Enter closes it. */
static bool try_read_only(form *f)
{
	read_only_info[0] = '\0';
	for (int i = 0; i < f->ninfo; i++)
		strncat(read_only_info, f->info[i], sizeof read_only_info - strlen(read_only_info) - 1);
	ck_assert_msg(f->locked[0] != '\0', "checklist not read-only: %s", f->title);
	ck_assert_msg(strstr(f->title, "(read-only)") != NULL, "%s", f->title);
	int checked, total;
	for (int i = 0; i < f->nfields; i++) {
		f->focus = i;
		dialog_form_key(&cfg.keys, f, KEYMAP_KEY_SPACE);
		dialog_form_key(&cfg.keys, f, '1' + i);
	}
	form_progress(f, &checked, &total);
	ck_assert_int_eq(checked, 5);
	ck_assert_msg(strstr(f->message, "Read-only: to change a criterion,") != NULL, "%s", f->message);
	return true;
}

/* Past Calificada the checklist opens read-only, says how to change it
 * (move the card back first, as the CLI says) and saves nothing. */
START_TEST(test_checklist_read_only_past_calificada)
{
	int64_t id = add_comprometida_card("Upsilon");
	focus_card(id);
	int criteria_rows = count_history(id, "criterion", NULL);
	expect(try_read_only);
	act(KEYMAP_CHECKLIST);
	ck_assert_int_eq(fk.forms, 1);
	ck_assert_msg(strstr(read_only_info, "Read-only: the card is in Oportunidad Comprometida, which stands on "
	                                     "these criteria. To change them, move the card back to Oportunidad "
	                                     "Inmadura first (m).") != NULL, "%s", read_only_info);
	ck_assert_msg(strstr(c.model.message, "Checklist unchanged (read-only): to change a criterion, move the card back "
	                                "to Oportunidad Inmadura first (m).") != NULL, "%s", c.model.message);
	ck_assert_msg(strstr(c.model.message, "saved") == NULL, "%s", c.model.message);
	ck_assert_int_eq(count_history(id, "criterion", NULL), criteria_rows);
	ck_assert(criteria_all_met(id));
	/* lost from there: reopen first */
	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	focus_card(id);
	expect(try_read_only);
	act(KEYMAP_CHECKLIST);
	ck_assert_msg(strstr(read_only_info, "the card was lost from Oportunidad Comprometida") != NULL, "%s",
	              read_only_info);
	ck_assert_msg(strstr(read_only_info, "reopen the card (r), then move it back to Oportunidad Inmadura (m)")
	              != NULL, "%s", read_only_info);
	/* back in Inmadura (note given): editable again */
	ck_assert_int_eq(store_reopen(st, id, 0, "vuelve", NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_INMADURA, "revisar", NULL), STORE_OK);
	focus_card(id);
	expect(untick_via_digit);
	act(KEYMAP_CHECKLIST);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert(!o.criteria[1].met);
	ck_assert(o.criteria[0].met);
	store_opp_free(&o);
	ck_assert_msg(strstr(c.model.message, "Checklist saved: 4/5 criteria met (1 changed).") != NULL, "%s", c.model.message);
}
END_TEST

/* The checklist from the keyboard: the criteria are numbered 1-5, the
 * digits toggle them, Home and End reach the first and last. */
static bool keyboard_checklist(form *f)
{
	ck_assert(f->numbered);
	ck_assert_msg(strncmp(f->fields[0].label, "1. Se ha tenido una interacción directa", 40) == 0, "%s",
	              f->fields[0].label);
	ck_assert_msg(strncmp(f->fields[4].label, "5. Se ha verificado", 19) == 0, "%s", f->fields[4].label);
	ck_assert_int_eq(dialog_form_key(&cfg.keys, f, '1'), DIALOG_FORM_CONTINUE);
	dialog_form_key(&cfg.keys, f, '3');
	dialog_form_key(&cfg.keys, f, '5');
	dialog_form_key(&cfg.keys, f, '5'); /* and off again */
	ck_assert(form_checked(f, 0) && form_checked(f, 2) && !form_checked(f, 4));
	keymap_key home, end;
	ck_assert(keymap_key_parse("Home", &home) && keymap_key_parse("End", &end));
	dialog_form_key(&cfg.keys, f, home);
	ck_assert_int_eq(f->focus, 0);
	dialog_form_key(&cfg.keys, f, end);
	ck_assert_int_eq(f->focus, 4);
	dialog_form_key(&cfg.keys, f, KEYMAP_KEY_SPACE);
	ck_assert(form_checked(f, 4));
	return true;
}

START_TEST(test_checklist_from_the_keyboard)
{
	int64_t id = add_card("Phi");
	focus_card(id);
	expect(keyboard_checklist);
	act(KEYMAP_CHECKLIST);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	bool want[PIPELINE_CRITERIA] = { true, false, true, false, true };
	for (int n = 0; n < PIPELINE_CRITERIA; n++)
		ck_assert_msg(o.criteria[n].met == want[n], "criterion %d", n + 1);
	store_opp_free(&o);
	ck_assert_msg(strstr(c.model.message, "Checklist saved: 3/5 criteria met (3 changed).") != NULL, "%s", c.model.message);
}
END_TEST

static int64_t edited_id;

static const char *field_text(const form *f, const char *label)
{
	static char buf[FORM_TEXT_MAX * 4 + 1];
	for (int i = 0; i < f->nfields; i++)
		if (strncmp(f->fields[i].label, label, strlen(label)) == 0)
			return form_text(f, i, buf, sizeof buf);
	ck_abort_msg("no field %s in form %s", label, f->title);
	return "";
}

/* The user types; meanwhile another process saves the same card. */
static bool edit_while_someone_saves(form *f)
{
	set_field(f, "Title", "Título mío");
	set_field(f, "Amount", "2,000");
	store *other = open_other();
	store_fields x = { .client = "Cliente de otro", .set_amount = true, .has_amount = true, .amount = 999 };
	ck_assert_int_eq(store_edit(other, edited_id, 0, &x), STORE_OK);
	store_close(other);
	return true;
}

static char conflict_info[FORM_MAX_INFO * FORM_LINE];

/* The form again: what was typed, over their version. */
static bool save_over_their_change(form *f)
{
	conflict_info[0] = '\0';
	for (int i = 0; i < f->ninfo; i++) {
		strncat(conflict_info, f->info[i], sizeof conflict_info - strlen(conflict_info) - 2);
		strcat(conflict_info, "\n");
	}
	ck_assert_str_eq(field_text(f, "Title"), "Título mío");
	ck_assert_str_eq(field_text(f, "Amount"), "2,000");
	ck_assert_str_eq(field_text(f, "Client"), "Cliente de otro");
	return true;
}

/* An edit in conflict keeps what was typed: the form opens again on the
 * other person's version with the user's values over it, names what they
 * changed, and saves only the user's fields over theirs. */
START_TEST(test_edit_conflict_keeps_what_was_typed)
{
	edited_id = add_card("Chi");
	focus_card(edited_id);
	expect(edit_while_someone_saves);
	expect(save_over_their_change);
	act(KEYMAP_EDIT);
	ck_assert_int_eq(fk.forms, 2);
	ck_assert_msg(strstr(conflict_info, "Someone else saved this card while you edited it.") != NULL, "%s",
	              conflict_info);
	ck_assert_msg(strstr(conflict_info, "- Client: they set \"Cliente de otro\" (shown below).") != NULL, "%s",
	              conflict_info);
	ck_assert_msg(strstr(conflict_info, "- Amount: they set \"999\"; yours is kept below.") != NULL, "%s",
	              conflict_info);
	ck_assert_msg(strstr(conflict_info, "Title:") == NULL, "%s", conflict_info);
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_msg(strstr(c.model.message, "Saved Título mío (2 fields changed) over the other person's change.") != NULL,
	              "%s", c.model.message);
	store_opp o;
	ck_assert_int_eq(store_get(st, edited_id, &o), STORE_OK);
	ck_assert_str_eq(o.title, "Título mío");
	ck_assert_str_eq(o.client, "Cliente de otro");
	ck_assert(o.has_amount);
	ck_assert_int_eq(o.amount, 2000);
	store_opp_free(&o);
	/* undo: back to their version, not to the one before it */
	act(KEYMAP_UNDO);
	ck_assert_msg(!c.model.message_error, "%s", c.model.message);
	ck_assert_int_eq(store_get(st, edited_id, &o), STORE_OK);
	ck_assert_str_eq(o.title, "Chi");
	ck_assert_str_eq(o.client, "Cliente de otro");
	ck_assert_int_eq(o.amount, 999);
	store_opp_free(&o);
}
END_TEST

/* Cancelling the reopened form drops the user's values and changes nothing
 * of the other person's. */
START_TEST(test_edit_conflict_cancelled)
{
	edited_id = add_card("Psi");
	focus_card(edited_id);
	expect(edit_while_someone_saves); /* then the reopened form: Esc */
	act(KEYMAP_EDIT);
	ck_assert_int_eq(fk.ninfos, 2);
	ck_assert_msg(strstr(fk.infos[1], "Someone else saved this card") != NULL, "%s", fk.infos[1]);
	ck_assert_msg(strstr(c.model.message, "Edit cancelled: nothing changed.") != NULL, "%s", c.model.message);
	store_opp o;
	ck_assert_int_eq(store_get(st, edited_id, &o), STORE_OK);
	ck_assert_str_eq(o.title, "Psi");
	ck_assert_str_eq(o.client, "Cliente de otro");
	store_opp_free(&o);
}
END_TEST

static Suite *controller_suite(void)
{
	Suite *s = suite_create("controller");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_add_with_accents);
	tcase_add_test(tc, test_add_refuses_bad_amount);
	tcase_add_test(tc, test_refused_move_opens_checklist_then_moves);
	tcase_add_test(tc, test_refused_move_cancelled_changes_nothing);
	tcase_add_test(tc, test_undo_whole_chain);
	tcase_add_test(tc, test_undo_chain_stops_at_foreign_change);
	tcase_add_test(tc, test_multi_step_move_chains_forms);
	tcase_add_test(tc, test_untick_refused_in_checklist);
	tcase_add_test(tc, test_move_back_asks_note);
	tcase_add_test(tc, test_lose_and_reopen);
	tcase_add_test(tc, test_conflict_never_overwrites);
	tcase_add_test(tc, test_stale_move_conflicts);
	tcase_add_test(tc, test_edit_and_undo);
	tcase_add_test(tc, test_delete_asks_and_undo_restores);
	tcase_add_test(tc, test_navigation_keeps_selection_by_id);
	tcase_add_test(tc, test_filter_and_clear);
	tcase_add_test(tc, test_live_refresh_poll);
	tcase_add_test(tc, test_help_from_the_table);
	tcase_add_test(tc, test_detail_shows_history);
	tcase_add_test(tc, test_form_keys_via_keymap);
	tcase_add_test(tc, test_multi_step_move_says_what_follows);
	tcase_add_test(tc, test_detail_weighted_and_time_in_stage);
	tcase_add_test(tc, test_help_lines_mark_the_text_column);
	tcase_add_test(tc, test_partial_checklist_says_what_is_missing);
	tcase_add_test(tc, test_back_and_reopen_say_where_in_the_text);
	tcase_add_test(tc, test_undo_names_and_follows_the_card);
	tcase_add_test(tc, test_reorder_says_where);
	tcase_add_test(tc, test_filter_says_how_many);
	tcase_add_test(tc, test_move_one_stage_follows_the_flow);
	tcase_add_test(tc, test_move_pick_perdida_asks_reason);
	tcase_add_test(tc, test_undo_conflict_dropped_and_said);
	tcase_add_test(tc, test_undo_reorder_at_the_end_dropped);
	tcase_add_test(tc, test_undo_busy_kept);
	tcase_add_test(tc, test_chain_cut_short_names_only_what_is_missing);
	tcase_add_test(tc, test_chain_partial_names_every_save);
	tcase_add_test(tc, test_move_furthest);
	tcase_add_test(tc, test_checklist_read_only_past_calificada);
	tcase_add_test(tc, test_checklist_from_the_keyboard);
	tcase_add_test(tc, test_edit_conflict_keeps_what_was_typed);
	tcase_add_test(tc, test_edit_conflict_cancelled);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	SRunner *sr = srunner_create(controller_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
