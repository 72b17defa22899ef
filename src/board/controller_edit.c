/* controller: add, edit, delete, reorder, filters and undo. */
#include "controller_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/review_screen.h"
#include "util/paths.h"
#include "util/text.h"

#define FIELD_BYTES (FORM_TEXT_MAX * 4 + 1)

/* The fields of the opportunity form, by index in its form. */
typedef struct opp_form {
	int title, client, line, owner, amount, currency, close;
} opp_form;

static void opp_form_build(controller *c, form *f, opp_form *of, const store_opp *o)
{
	char amount[64] = "";
	if (o && o->has_amount)
		money_format(o->amount, o->currency, amount, sizeof amount);
	if (c->cfg->nservice_lines > 0) {
		char info[FORM_LINE] = "Service lines:";
		size_t n = strlen(info);
		for (int i = 0; i < c->cfg->nservice_lines && n + 2 < sizeof info; i++) {
			int w = snprintf(info + n, sizeof info - n, " %s", c->cfg->service_lines[i]);
			if (w < 0)
				break;
			n += (size_t)w;
		}
		form_add_info(f, info);
	}
	of->title = form_add_text(f, "Title", o ? o->title : "", FORM_V_TEXT, true);
	of->client = form_add_text(f, "Client", o ? o->client : "", FORM_V_TEXT, true);
	of->line = form_add_text(f, "Service line", o ? o->line : "", FORM_V_TEXT, false);
	of->owner = form_add_text(f, "Owner", o ? o->owner : paths_current_user(), FORM_V_TEXT, false);
	of->amount = form_add_text(f, "Amount", amount, FORM_V_AMOUNT, false);
	of->currency = form_add_text(f, "Currency",
	                             o ? o->currency : (c->cfg->currency[0] ? c->cfg->currency : MONEY_DEFAULT_CURRENCY),
	                             FORM_V_CURRENCY, true);
	of->close = form_add_text(f, "Close date (YYYY-MM-DD)", o ? o->close_date : "", FORM_V_DATE, false);
	form_amount_currency(f, of->amount, of->currency, NULL);
}

typedef struct opp_values {
	char title[FIELD_BYTES], client[FIELD_BYTES], line[FIELD_BYTES], owner[FIELD_BYTES];
	char currency[MONEY_CODE_LEN + 1], close[FIELD_BYTES];
	bool has_amount;
	int64_t amount;
} opp_values;

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	while (s[i] == ' ')
		i++;
	memmove(s, s + i, n - i + 1);
}

static void opp_form_values(const form *f, const opp_form *of, opp_values *v)
{
	char cur[FIELD_BYTES];
	form_text(f, of->title, v->title, sizeof v->title);
	form_text(f, of->client, v->client, sizeof v->client);
	form_text(f, of->line, v->line, sizeof v->line);
	form_text(f, of->owner, v->owner, sizeof v->owner);
	form_text(f, of->close, v->close, sizeof v->close);
	form_text(f, of->currency, cur, sizeof cur);
	trim(v->title);
	trim(v->client);
	trim(v->line);
	trim(v->owner);
	trim(v->close);
	trim(cur);
	if (!money_currency_normalize(cur, v->currency))
		snprintf(v->currency, sizeof v->currency, "%s", MONEY_DEFAULT_CURRENCY);
	form_amount(f, of->amount, &v->has_amount, &v->amount);
}

/* An add or an edit under way. */
typedef struct opp_edit {
	controller *c;
	opp_form of;
	int64_t id;
	store_opp o;      /* edit: the version the form shows */
	bool over;        /* saved over someone else's change */
} opp_edit;

static void opp_edit_free(void *ctx)
{
	opp_edit *e = ctx;
	store_opp_free(&e->o);
	free(e);
}

static void added(void *ctx, screen *s)
{
	opp_edit *e = ctx;
	controller *c = e->c;
	bool saved;
	const form *f = controller_form_of(s, &saved);
	if (!saved) {
		controller_say(c, false, "Nothing added.");
		free(e);
		return;
	}
	opp_values v;
	opp_form_values(f, &e->of, &v);
	free(e);
	store_fields fl = { .title = v.title, .client = v.client, .line = v.line,
	                    .owner = v.owner[0] ? v.owner : NULL, .currency = v.currency,
	                    .close_date = v.close, .set_amount = v.has_amount,
	                    .has_amount = v.has_amount, .amount = v.amount };
	int64_t id = 0;
	store_status st = store_add(c->st, &fl, &id);
	if (!controller_report(c, st, NULL, "Adding"))
		return;
	controller_undo u = { .kind = CONTROLLER_UNDO_ADD, .id = id, .version = 1 };
	/* The version of a new card is whatever the store gave it. */
	store_opp o;
	if (store_get(c->st, id, &o) == STORE_OK) {
		u.version = o.version;
		store_opp_free(&o);
	}
	controller_push_undo(c, &u);
	controller_follow(c, PIPELINE_INMADURA, id);
	char name[256];
	controller_card_name(v.title, name, sizeof name);
	controller_say(c, false, "Added %s to %s.", name, pipeline_stage_name(PIPELINE_INMADURA));
}

void controller_add(controller *c)
{
	opp_edit *e = calloc(1, sizeof *e);
	dialog_form *df = e ? dialog_form_new(&c->cfg->keys, "Add an opportunity") : NULL;
	if (df) {
		e->c = c;
		opp_form_build(c, &df->f, &e->of, NULL);
	}
	if (!controller_open(c, df ? &df->d : NULL, added, e, controller_free_ctx)) {
		controller_say(c, false, "Nothing added.");
		free(e);
	}
}

static bool differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* The fields of the edit form, as bits of a change mask. */
enum { F_TITLE, F_CLIENT, F_LINE, F_OWNER, F_AMOUNT, F_CURRENCY, F_CLOSE, F_COUNT };

static int field_index(const opp_form *of, int f)
{
	const int idx[F_COUNT] = { of->title, of->client, of->line, of->owner, of->amount, of->currency, of->close };
	return idx[f];
}

/* The fields whose value in v differs from card o. */
static unsigned changed_fields(const opp_values *v, const store_opp *o)
{
	unsigned m = 0;
	m |= (unsigned)differs(v->title, o->title) << F_TITLE;
	m |= (unsigned)differs(v->client, o->client) << F_CLIENT;
	m |= (unsigned)differs(v->line, o->line) << F_LINE;
	m |= (unsigned)differs(v->owner, o->owner) << F_OWNER;
	m |= (unsigned)(v->has_amount != o->has_amount || (v->has_amount && v->amount != o->amount)) << F_AMOUNT;
	m |= (unsigned)differs(v->currency, o->currency) << F_CURRENCY;
	m |= (unsigned)differs(v->close, o->close_date) << F_CLOSE;
	return m;
}

/* Card o's values in the form's shape (what the form would show). */
static void stored_values(const store_opp *o, opp_values *v)
{
	snprintf(v->title, sizeof v->title, "%s", o->title ? o->title : "");
	snprintf(v->client, sizeof v->client, "%s", o->client ? o->client : "");
	snprintf(v->line, sizeof v->line, "%s", o->line ? o->line : "");
	snprintf(v->owner, sizeof v->owner, "%s", o->owner ? o->owner : "");
	snprintf(v->currency, sizeof v->currency, "%s", o->currency);
	snprintf(v->close, sizeof v->close, "%s", o->close_date);
	v->has_amount = o->has_amount;
	v->amount = o->amount;
}

/* Field f of card o as one short, terminal-safe line for the info. */
static void stored_text(const store_opp *o, int f, char *buf, size_t bufsz)
{
	opp_values v;
	char amount[64];
	const char *t;
	stored_values(o, &v);
	switch (f) {
	case F_TITLE: t = v.title; break;
	case F_CLIENT: t = v.client; break;
	case F_LINE: t = v.line; break;
	case F_OWNER: t = v.owner; break;
	case F_CURRENCY: t = v.currency; break;
	case F_CLOSE: t = v.close; break;
	default:
		if (o->has_amount)
			money_format(o->amount, o->currency, amount, sizeof amount);
		t = o->has_amount ? amount : "";
		break;
	}
	char cut[256];
	controller_card_name(t, cut, sizeof cut);
	snprintf(buf, bufsz, "%s", cut[0] ? cut : "(empty)");
}

static void edited(void *ctx, screen *s);

/* The edit form of e->o, with `typed` (the texts of the form the user saved,
 * or NULL) over the fields in mask mine. */
static bool open_edit(opp_edit *e, const char *title, const form *typed, unsigned mine, const store_opp *was)
{
	controller *c = e->c;
	dialog_form *df = dialog_form_new(&c->cfg->keys, title);
	if (!df)
		return false;
	form *f = &df->f;
	char text[F_COUNT][FIELD_BYTES];
	opp_form before = e->of;
	for (int i = 0; typed && i < F_COUNT; i++)
		form_text(typed, field_index(&before, i), text[i], sizeof text[i]);
	opp_form_build(c, f, &e->of, &e->o);
	if (typed) {
		/*
		 * Someone else saved the card while the form was open. The form
		 * opens again on their version (e->o) with what this user changed
		 * (mine, the texts as typed) over it, and its info names every
		 * field they changed, with their value. Saving then writes over
		 * their version only what this user changed; Esc drops it.
		 * Nothing typed is lost.
		 */
		opp_values old;
		stored_values(was, &old);
		unsigned theirs = changed_fields(&old, &e->o);
		for (int i = 0; i < F_COUNT; i++)
			if (mine & (1u << i))
				form_set_text(f, field_index(&e->of, i), text[i]);
		char keys[64], line[FORM_LINE];
		keymap_describe(&c->cfg->keys, KEYMAP_FORM_SUBMIT, keys, sizeof keys);
		snprintf(line, sizeof line, "Someone else saved this card while you edited it. Your changes are kept "
		         "below, on their version: %s saves them.", keys);
		form_add_info(f, line);
		if (!theirs)
			form_add_info(f, "They changed none of these fields (its stage, evidence or place).");
		for (int i = 0; i < F_COUNT; i++) {
			if (!(theirs & (1u << i)))
				continue;
			char now[300], label[64];
			stored_text(&e->o, i, now, sizeof now);
			text_fit(f->fields[field_index(&e->of, i)].label, 24, label, sizeof label);
			snprintf(line, sizeof line, "- %s: they set \"%s\"%s", label, now,
			         mine & (1u << i) ? "; yours is kept below." : " (shown below).");
			form_add_info(f, line);
		}
	}
	controller_watch(c, &df->d, e->id, e->o.version, true);
	return controller_open(c, &df->d, edited, e, opp_edit_free);
}

static void edited(void *ctx, screen *s)
{
	opp_edit *e = ctx;
	controller *c = e->c;
	bool saved;
	const form *f = controller_form_of(s, &saved);
	if (!saved) {
		controller_say(c, false, "Edit cancelled: nothing changed.");
		opp_edit_free(e);
		return;
	}
	opp_values v;
	opp_form_values(f, &e->of, &v);
	unsigned mine = changed_fields(&v, &e->o);
	store_fields fl;
	memset(&fl, 0, sizeof fl);
	int changes = 0;
	if (mine & (1u << F_TITLE)) { fl.title = v.title; changes++; }
	if (mine & (1u << F_CLIENT)) { fl.client = v.client; changes++; }
	if (mine & (1u << F_LINE)) { fl.line = v.line; changes++; }
	if (mine & (1u << F_OWNER)) { fl.owner = v.owner; changes++; }
	if (mine & (1u << F_CURRENCY)) { fl.currency = v.currency; changes++; }
	if (mine & (1u << F_CLOSE)) { fl.close_date = v.close; changes++; }
	if (mine & ((1u << F_AMOUNT) | (1u << F_CURRENCY))) {
		fl.set_amount = true;
		fl.has_amount = v.has_amount;
		fl.amount = v.amount;
		changes++;
	}
	if (!changes) {
		controller_say(c, false, "No field changed.");
		opp_edit_free(e);
		return;
	}
	store_status st = store_edit(c->st, e->id, e->o.version, &fl);
	if (st == STORE_CONFLICT) {
		/* Theirs came first: the form again, on their version. */
		store_opp fresh;
		if (!controller_report(c, store_get(c->st, e->id, &fresh), NULL, "Editing")) {
			opp_edit_free(e);
			return;
		}
		store_opp was = e->o;
		e->o = fresh;
		e->over = true;
		if (!open_edit(e, "Edit the opportunity (changed meanwhile)", f, mine, &was)) {
			controller_say(c, true, "Editing not done: someone else changed this card meanwhile.");
			opp_edit_free(e);
		}
		store_opp_free(&was);
		return;
	}
	if (!controller_report(c, st, NULL, "Editing")) {
		opp_edit_free(e);
		return;
	}
	controller_undo u = { .kind = CONTROLLER_UNDO_EDIT, .id = e->id, .version = e->o.version + 1,
	                      .before = e->o };
	controller_push_undo(c, &u); /* keeps e->o: freed with the undo entry */
	char name[256];
	controller_card_name(fl.title ? fl.title : e->o.title, name, sizeof name);
	controller_say(c, false, "Saved %s (%d field%s changed)%s.", name, changes, changes == 1 ? "" : "s",
	               e->over ? " over the other person's change" : "");
	free(e);
}

void controller_edit(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	int64_t id = k->id, ver = k->version;
	opp_edit *e = calloc(1, sizeof *e);
	if (!e) {
		controller_say(c, true, "Editing not done: out of memory.");
		return;
	}
	e->c = c;
	e->id = id;
	if (!controller_report(c, store_get(c->st, id, &e->o), NULL, "Editing")) {
		free(e);
		return;
	}
	if (e->o.version != ver) {
		/* What is on screen is not what is stored: show the new one first. */
		opp_edit_free(e);
		controller_report(c, STORE_CONFLICT, NULL, "Editing");
		return;
	}
	if (!open_edit(e, "Edit the opportunity", NULL, 0, NULL)) {
		controller_say(c, false, "Edit cancelled: nothing changed.");
		opp_edit_free(e);
	}
}

typedef struct delete_ask {
	controller *c;
	int64_t id, ver;
	char name[256];
} delete_ask;

static void delete_answered(void *ctx, screen *s)
{
	delete_ask *d = ctx;
	controller *c = d->c;
	char keys[64];
	keymap_describe(&c->cfg->keys, KEYMAP_UNDO, keys, sizeof keys);
	dialog *q = dialog_of(s);
	if (!q || !q->ok) {
		controller_say(c, false, "Not deleted.");
	} else if (controller_report(c, store_delete(c->st, d->id, d->ver), NULL, "Deleting")) {
		controller_undo u = { .kind = CONTROLLER_UNDO_DELETE, .id = d->id, .version = d->ver + 1 };
		controller_push_undo(c, &u);
		controller_say(c, false, "Deleted %s (%s to undo).", d->name, keys);
	}
	free(d);
}

void controller_delete(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	delete_ask *d = calloc(1, sizeof *d);
	if (!d) {
		controller_say(c, true, "Deleting not done: out of memory.");
		return;
	}
	*d = (delete_ask){ .c = c, .id = k->id, .ver = k->version };
	char q[512], keys[64];
	controller_card_name(k->title, d->name, sizeof d->name);
	keymap_describe(&c->cfg->keys, KEYMAP_UNDO, keys, sizeof keys);
	snprintf(q, sizeof q, "Delete %s? It can be restored (%s undoes it).", d->name, keys);
	dialog_confirm *qd = dialog_confirm_new(&c->cfg->keys, q);
	controller_watch(c, qd ? &qd->d : NULL, d->id, d->ver, false);
	if (!controller_open(c, qd ? &qd->d : NULL, delete_answered, d, controller_free_ctx)) {
		controller_say(c, false, "Not deleted.");
		free(d);
	}
}

void controller_reorder(controller *c, int delta)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	int64_t id = k->id, ver = k->version;
	char name[256];
	controller_card_name(k->title, name, sizeof name);
	store_status s = store_reorder(c->st, id, ver, delta);
	if (s == STORE_INVALID) {
		controller_say(c, false, "Already the %s card of the column.", delta < 0 ? "first" : "last");
		return;
	}
	if (!controller_report(c, s, NULL, "Reordering"))
		return;
	controller_undo u = { .kind = CONTROLLER_UNDO_REORDER, .id = id, .version = ver + 1, .delta = delta };
	controller_push_undo(c, &u);
	model *m = &c->model;
	m->col[m->focus].sel_id = id;
	/* Say it: otherwise an older message ("Already the last card") stays
	 * on screen and reads as if this key did nothing. */
	int64_t at = m->col[m->focus].sel + delta + 1;
	controller_say(c, false, "Moved %s %s: %lld of %lld in %s.", name, delta < 0 ? "up" : "down",
	               (long long)at, (long long)m->sum[m->focus].count, pipeline_stage_name(m->focus));
}

/* After a filter changed: how many cards it leaves, so an empty board
 * reads as "nothing matches", not as lost data. */
static void filter_result(controller *c)
{
	if (controller_load(c) != STORE_OK)
		return;
	const model *m = &c->model;
	int64_t n = model_count(m);
	char keys[64], how[256];
	keymap_describe(&c->cfg->keys, KEYMAP_CLEAR_FILTER, keys, sizeof keys);
	/* On the review, where the board's clear key may go back, what
	 * changes it there (the clear key still does on the board). */
	if (review_is_open(c)) {
		char text[64], owner[64];
		keymap_describe(&c->cfg->keys, KEYMAP_FILTER_TEXT, text, sizeof text);
		keymap_describe(&c->cfg->keys, KEYMAP_FILTER_OWNER, owner, sizeof owner);
		snprintf(how, sizeof how, "%s or %s changes it; %s on the board clears it", text, owner, keys);
	} else {
		snprintf(how, sizeof how, "%s clears", keys);
	}
	if (!model_filtered(m)) {
		controller_say(c, false, "No filter: every card shown.");
		return;
	}
	const char *text = m->filter_text, *owner = m->filter_owner;
	char what[600];
	snprintf(what, sizeof what, "%s%s%s%s%s%s", text[0] ? "text \"" : "", text, text[0] ? "\"" : "",
	         text[0] && owner[0] ? " and " : "", owner[0] ? "owner \"" : "", owner);
	if (owner[0])
		strncat(what, "\"", sizeof what - strlen(what) - 1);
	if (n == 0)
		controller_say(c, true, "No card matches %s; %s%s.", what, how,
		               review_is_open(c) ? "" : " the filter");
	else
		controller_say(c, false, "%lld card%s match%s %s (%s).", (long long)n, n == 1 ? "" : "s",
		               n == 1 ? "es" : "", what, how);
}

void controller_set_filter(controller *c, char *value, size_t size, const char *v)
{
	size_t n = strlen(v);
	if (n >= size) {
		controller_say(c, true, "Filter too long (%zu bytes, at most %zu): not changed.", n, size - 1);
		return;
	}
	memcpy(value, v, n + 1);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		c->model.col[s].top = 0;
	filter_result(c);
	/* What every screen shows follows the filter (the review reads its
	 * figures again). */
	if (c->screens)
		screen_stack_refresh(c->screens);
}

static void text_filtered(void *ctx, screen *s)
{
	controller *c = ctx;
	bool saved;
	controller_form_of(s, &saved);
	if (!saved)
		return;
	char v[FIELD_BYTES];
	controller_form_text(s, v, sizeof v);
	trim(v);
	controller_set_filter(c, c->model.filter_text, sizeof c->model.filter_text, v);
}

void controller_filter_text(controller *c)
{
	dialog_form *df = dialog_form_new(&c->cfg->keys, "Filter by text");
	if (df) {
		form_add_text(&df->f, "Filter", c->model.filter_text, FORM_V_TEXT, false);
		form_add_info(&df->f, "Cards whose title or client contains this text (empty: all).");
	}
	controller_open(c, df ? &df->d : NULL, text_filtered, c, NULL);
}

void controller_clear_filter(controller *c)
{
	model *m = &c->model;
	if (!model_filtered(m))
		return;
	m->filter_text[0] = m->filter_owner[0] = '\0';
	controller_say(c, false, "Filters cleared.");
}

/* ---- undo --------------------------------------------------------------- */

void controller_undo_free(controller_undo *u)
{
	free(u->note);
	u->note = NULL;
	if (u->kind == CONTROLLER_UNDO_EDIT)
		store_opp_free(&u->before);
	memset(&u->before, 0, sizeof u->before);
}

static store_status undo_edit(controller *c, const controller_undo *u)
{
	const store_opp *b = &u->before;
	store_fields fl = { .title = b->title, .client = b->client, .line = b->line ? b->line : "",
	                    .owner = b->owner ? b->owner : "", .currency = b->currency,
	                    .close_date = b->close_date, .set_amount = true,
	                    .has_amount = b->has_amount, .amount = b->amount };
	return store_edit(c->st, u->id, u->version, &fl);
}

/* An undo that did not happen. Any change to the card by someone else (or
 * by this session outside the undo stack) bumps its version, so an undo in
 * conflict, refused by the rules, of a card gone, or with nowhere to go (the
 * card already at the top or bottom of its column) could never pass later:
 * it is dropped, and the message says so and why. A locked database or an
 * I/O error may pass on the next try: the undo is kept on the stack.
 * Returns true when the undo is to be kept. */
static bool undo_failed(controller *c, store_status s, const pipeline_refusal *why,
                        const controller_undo *u, const char *what)
{
	char name[256] = "the card", keys[64], t[800];
	store_opp o;
	if (store_get(c->st, u->id, &o) == STORE_OK) {
		controller_card_name(o.title, name, sizeof name);
		store_opp_free(&o);
	}
	keymap_describe(&c->cfg->keys, KEYMAP_UNDO, keys, sizeof keys);
	switch (s) {
	case STORE_CONFLICT:
		controller_say(c, true, "Nothing undone: someone else changed %s after your %s, so the undo "
		               "of it was dropped (undoing it now would overwrite their change). Reloaded.",
		               name, what);
		controller_load(c);
		return false;
	case STORE_NOT_FOUND:
		controller_say(c, true, "Nothing undone: %s is gone (deleted by someone?), so the undo of "
		               "your %s was dropped. Reloaded.", name, what);
		controller_load(c);
		return false;
	case STORE_REFUSED:
		controller_refusal_text(c, why, t, sizeof t);
		controller_say(c, true, "Nothing undone: the rules refuse undoing your %s of %s now (%s), so "
		               "the undo of it was dropped.", what, name, t[0] ? t : store_message(c->st));
		return false;
	case STORE_INVALID:
	case STORE_DELETED:
	case STORE_NOT_DELETED:
		controller_say(c, true, "Nothing undone: %s, so the undo of your %s of %s was dropped.",
		               store_message(c->st), what, name);
		return false;
	case STORE_BUSY:
		controller_say(c, true, "Nothing undone: the database stayed locked. The undo of your %s of "
		               "%s is kept: press %s to try again.", what, name, keys);
		return true;
	default:
		controller_say(c, true, "Nothing undone: %s. The undo of your %s of %s is kept: press %s to "
		               "try again.", store_message(c->st), what, name, keys);
		return true;
	}
}

/* The change below u on the same card now expects `version` (the one the
 * undo of u produced, or u's own when its undo was dropped), unless it was
 * not made from the version u started from (someone else's change came in
 * between: then it stays in conflict). */
static void hand_down_version(controller *c, const controller_undo *u, int64_t version)
{
	for (int i = c->nundo - 1; i >= 0; i--)
		if (c->undo[i].id == u->id) {
			if (c->undo[i].version == u->prior)
				c->undo[i].version = version;
			return;
		}
}

void controller_undo_last(controller *c)
{
	if (c->nundo == 0) {
		controller_say(c, false, "Nothing to undo in this session.");
		return;
	}
	controller_undo u = c->undo[--c->nundo];
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	store_status s = STORE_ERROR;
	const char *what = "";
	pipeline_stage land = PIPELINE_STAGE_COUNT;
	switch (u.kind) {
	case CONTROLLER_UNDO_ADD:
		s = store_delete(c->st, u.id, u.version);
		what = "add";
		break;
	case CONTROLLER_UNDO_EDIT:
		s = undo_edit(c, &u);
		what = "edit";
		break;
	case CONTROLLER_UNDO_DELETE:
		s = store_restore(c->st, u.id, u.version);
		what = "delete";
		break;
	case CONTROLLER_UNDO_MOVE:
		/* An undone move is a move back, recorded in history like any other. */
		s = store_move(c->st, u.id, u.version, u.from, "undo", &why);
		what = "move";
		land = u.from;
		break;
	case CONTROLLER_UNDO_LOSE:
		s = store_reopen(c->st, u.id, u.version, "undo", &why);
		what = "loss";
		land = u.from;
		break;
	case CONTROLLER_UNDO_REOPEN:
		s = store_lose(c->st, u.id, u.version, u.reason, u.note, &why);
		what = "reopen";
		land = PIPELINE_PERDIDA;
		break;
	case CONTROLLER_UNDO_CRITERION:
		s = store_set_criterion(c->st, u.id, u.version, u.criterion, u.met, "undo", &why);
		what = "checklist change";
		break;
	case CONTROLLER_UNDO_EVIDENCE:
		s = store_retract(c->st, u.id, u.version, u.ev, u.item_id, &why);
		what = "evidence";
		break;
	case CONTROLLER_UNDO_REORDER:
		s = store_reorder(c->st, u.id, u.version, -u.delta);
		what = "reorder";
		break;
	}
	if (s != STORE_OK) {
		if (undo_failed(c, s, &why, &u, what)) {
			c->undo[c->nundo++] = u; /* its slot is still free */
			return;
		}
		/* The change stays made: the one below on the same card is
		 * undone from the version it left (a conflict there, too, when
		 * someone else changed the card since). */
		hand_down_version(c, &u, u.version);
		controller_undo_free(&u);
		return;
	}
	hand_down_version(c, &u, u.version + 1);
	/* Show the card the undo changed, wherever it is now, and name it:
	 * "Undid the move." alone does not say which card moved where. */
	char name[256] = "";
	store_opp o;
	if (store_get(c->st, u.id, &o) == STORE_OK) {
		controller_card_name(o.title, name, sizeof name);
		if (!o.deleted) {
			land = o.stage;
			controller_follow(c, land, u.id);
		}
		store_opp_free(&o);
	}
	if (u.kind == CONTROLLER_UNDO_ADD)
		controller_say(c, false, "Undid the add: %s deleted (embudo restore %lld brings it back).",
		               name, (long long)u.id);
	else if (land < PIPELINE_STAGE_COUNT)
		controller_say(c, false, "Undid the %s: %s is in %s.", what, name, pipeline_stage_name(land));
	else
		controller_say(c, false, "Undid the %s of %s.", what, name);
	controller_undo_free(&u);
}
