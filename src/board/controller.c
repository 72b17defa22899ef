/* controller: the board's model, loading, navigation and key dispatch. */
#include "controller_int.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/text.h"

void controller_init(controller *c, store *st, const config *cfg, const controller_ui *ui)
{
	memset(c, 0, sizeof *c);
	c->st = st;
	c->cfg = cfg;
	if (ui)
		c->ui = *ui;
	c->now = date_now();
	c->focus = PIPELINE_INMADURA;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		c->col[s].rows = 1;
		c->col[s].sel = -1;
	}
	c->dirty = true;
}

static void free_cards(controller_column *col)
{
	for (int i = 0; i < col->ncards; i++)
		store_card_free(&col->cards[i]);
	col->ncards = 0;
}

void controller_free(controller *c)
{
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		free_cards(&c->col[s]);
	for (int i = 0; i < c->nundo; i++)
		controller_undo_free(&c->undo[i]);
	c->nundo = 0;
}

void controller_set_rows(controller *c, int rows)
{
	if (rows < 1)
		rows = 1;
	if (rows > CONTROLLER_MAX_ROWS)
		rows = CONTROLLER_MAX_ROWS;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		c->col[s].rows = rows;
}

void controller_filter(const controller *c, store_filter *f)
{
	store_filter_init(f);
	if (c->filter_text[0])
		f->text = c->filter_text;
	if (c->filter_owner[0])
		f->owner = c->filter_owner;
}

static store_status load_column(controller *c, pipeline_stage s, const store_filter *f)
{
	controller_column *col = &c->col[s];
	int64_t count = c->sum[s].count;
	free_cards(col);
	if (count <= 0) {
		col->sel = -1;
		col->top = 0;
		return STORE_OK;
	}
	/* The selection is a card id: find where that card is now. */
	if (col->sel_id > 0) {
		int64_t off;
		if (store_card_offset(c->st, col->sel_id, f, &off) == STORE_OK && off < count)
			col->sel = off;
	}
	if (col->sel < 0)
		col->sel = 0;
	if (col->sel >= count)
		col->sel = count - 1;
	if (col->sel < col->top)
		col->top = col->sel;
	if (col->sel >= col->top + col->rows)
		col->top = col->sel - col->rows + 1;
	if (col->top > count - col->rows)
		col->top = count - col->rows;
	if (col->top < 0)
		col->top = 0;
	int n = 0;
	store_status st = store_cards(c->st, s, f, col->top, col->rows, col->cards, &n);
	if (st != STORE_OK) {
		col->ncards = 0;
		return st;
	}
	col->ncards = n;
	if (n == 0) {
		col->sel = -1;
		col->sel_id = 0;
		return STORE_OK;
	}
	if (col->sel - col->top >= n)
		col->sel = col->top + n - 1;
	/* The card we followed may have left the column: select what is there. */
	col->sel_id = col->cards[col->sel - col->top].id;
	return STORE_OK;
}

/* The counts, the totals and every column's window from one snapshot: a
 * card moved by someone else meanwhile is never in two columns, nor in
 * none while a count says it is there. */
store_status controller_load(controller *c)
{
	store_filter f;
	controller_filter(c, &f);
	bool filtered = c->filter_text[0] || c->filter_owner[0];
	c->now = date_now();
	store_status st = store_read_begin(c->st);
	if (st == STORE_OK)
		st = store_summarize(c->st, filtered ? &f : NULL, c->sum);
	if (st != STORE_OK) {
		controller_say(c, true, "Cannot read the board: %s", store_message(c->st));
		store_read_end(c->st);
		return st;
	}
	/* Every total of the board in the one currency order. */
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		money_sort_codes(c->sum[s].totals, (size_t)c->sum[s].ntotals, sizeof c->sum[s].totals[0],
		                 offsetof(store_total, currency), c->cfg->currency);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		store_status cs = load_column(c, (pipeline_stage)s, &f);
		if (cs != STORE_OK) {
			controller_say(c, true, "Cannot read the cards: %s", store_message(c->st));
			st = cs;
		}
	}
	store_read_end(c->st);
	c->dirty = true;
	return st;
}

bool controller_poll(controller *c)
{
	if (!store_changed(c->st))
		return false;
	controller_load(c);
	return true;
}

bool controller_tick(controller *c, time_t now)
{
	if (c->message[0] && now - c->message_at >= CONTROLLER_MESSAGE_SECONDS) {
		c->message[0] = '\0';
		c->dirty = true;
		return true;
	}
	return false;
}

const store_card *controller_need_card(controller *c)
{
	const store_card *k = controller_selected(c);
	if (!k)
		controller_say(c, true, "No card selected: this column is empty.");
	return k;
}

void controller_say(controller *c, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->message, sizeof c->message, fmt, ap);
	va_end(ap);
	c->message_error = error;
	c->message_at = time(NULL);
	c->dirty = true;
	if (c->nrecent == CONTROLLER_RECENT) {
		memmove(&c->recent[0], &c->recent[1], sizeof c->recent[0] * (CONTROLLER_RECENT - 1));
		c->nrecent--;
	}
	controller_message *m = &c->recent[c->nrecent++];
	memcpy(m->text, c->message, sizeof m->text);
	m->error = error;
	m->at = c->message_at;
}

const store_card *controller_selected(const controller *c)
{
	const controller_column *col = &c->col[c->focus];
	if (col->sel < 0 || col->ncards == 0)
		return NULL;
	int64_t i = col->sel - col->top;
	if (i < 0 || i >= col->ncards)
		return NULL;
	return &col->cards[i];
}

void controller_follow(controller *c, pipeline_stage s, int64_t id)
{
	if (s < 0 || s >= PIPELINE_STAGE_COUNT)
		return;
	c->focus = s;
	c->col[s].sel_id = id;
	if (s == PIPELINE_PERDIDA)
		c->lost_collapsed = false;
}

void controller_card_name(const char *title, char *buf, size_t bufsz)
{
	text_fit(title ? title : "", 40, buf, bufsz);
}

void controller_refusal_text(const controller *c, const pipeline_refusal *why, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; why && i < why->count && n + 1 < bufsz; i++) {
		char t[512];
		pipeline_req_text(why->items[i], c->cfg->organization, t, sizeof t);
		int w = snprintf(buf + n, bufsz - n, "%s%s", i ? "; " : "", t);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

bool controller_report(controller *c, store_status s, const pipeline_refusal *why, const char *what)
{
	char t[800];
	switch (s) {
	case STORE_OK:
		return true;
	case STORE_REFUSED:
		controller_refusal_text(c, why, t, sizeof t);
		controller_say(c, true, "%s refused: %s", what, t[0] ? t : store_message(c->st));
		break;
	case STORE_CONFLICT:
		controller_say(c, true, "%s not done: someone else changed this card meanwhile. "
		               "It was reloaded; look and try again.", what);
		controller_load(c);
		break;
	case STORE_NOT_FOUND:
		controller_say(c, true, "%s not done: the card is gone (deleted by someone?). Reloaded.", what);
		controller_load(c);
		break;
	case STORE_BUSY:
		controller_say(c, true, "%s not done: the database stayed locked; try again.", what);
		break;
	default:
		controller_say(c, true, "%s not done: %s", what, store_message(c->st));
		break;
	}
	return false;
}

void controller_push_undo(controller *c, const controller_undo *u)
{
	if (c->nundo == CONTROLLER_UNDO_MAX) {
		controller_undo_free(&c->undo[0]);
		memmove(&c->undo[0], &c->undo[1], sizeof c->undo[0] * (CONTROLLER_UNDO_MAX - 1));
		c->nundo--;
	}
	c->undo[c->nundo] = *u;
	/* Every write bumps the version by one. */
	c->undo[c->nundo].prior = u->version - 1;
	c->nundo++;
}

bool controller_show_form(controller *c, form *f)
{
	return c->ui.form && c->ui.form(c->ui.ctx, f);
}

bool controller_ask_text(controller *c, const char *title, const char *info, const char *label,
                         bool required, char *out, size_t outsz)
{
	form f;
	form_init(&f, title);
	if (info && info[0])
		form_add_info(&f, info);
	int i = form_add_text(&f, label, "", FORM_V_TEXT, required);
	if (!controller_show_form(c, &f))
		return false;
	form_text(&f, i, out, outsz);
	return true;
}

/* ---- navigation --------------------------------------------------------- */

static bool column_shown(const controller *c, int s)
{
	return !(s == PIPELINE_PERDIDA && c->lost_collapsed);
}

static void focus_step(controller *c, int d)
{
	int s = (int)c->focus;
	for (;;) {
		s += d;
		if (s < 0 || s >= PIPELINE_STAGE_COUNT)
			return;
		if (column_shown(c, s))
			break;
	}
	c->focus = (pipeline_stage)s;
}

/* Moving the selection reads nothing when the card is in the window
 * already read, else only this column's window: the other columns and the
 * summaries did not change (another process's commit is polled for). */
static void select_offset(controller *c, int64_t off)
{
	controller_column *col = &c->col[c->focus];
	int64_t count = c->sum[c->focus].count;
	if (count <= 0)
		return;
	if (off < 0)
		off = 0;
	if (off >= count)
		off = count - 1;
	col->sel = off;
	if (off >= col->top && off < col->top + col->ncards) {
		col->sel_id = col->cards[off - col->top].id;
		return;
	}
	col->sel_id = 0; /* resolved to the card at that offset by the load */
	store_filter f;
	controller_filter(c, &f);
	if (load_column(c, c->focus, &f) != STORE_OK)
		controller_say(c, true, "Cannot read the cards: %s", store_message(c->st));
}

void controller_do(controller *c, keymap_action a)
{
	controller_column *col = &c->col[c->focus];
	c->dirty = true;
	switch (a) {
	/* Navigation changes no data: it returns without reloading the board. */
	case KEYMAP_FOCUS_LEFT: focus_step(c, -1); return;
	case KEYMAP_FOCUS_RIGHT: focus_step(c, +1); return;
	case KEYMAP_FOCUS_UP: select_offset(c, col->sel - 1); return;
	case KEYMAP_FOCUS_DOWN: select_offset(c, col->sel + 1); return;
	case KEYMAP_PAGE_UP: select_offset(c, col->sel - col->rows); return;
	case KEYMAP_PAGE_DOWN: select_offset(c, col->sel + col->rows); return;
	case KEYMAP_FIRST: select_offset(c, 0); return;
	case KEYMAP_LAST: select_offset(c, c->sum[c->focus].count - 1); return;
	case KEYMAP_MOVE_FORWARD: controller_move_forward(c); break;
	case KEYMAP_MOVE_BACK: controller_move_back(c); break;
	case KEYMAP_MOVE_TO: controller_move_pick(c); break;
	case KEYMAP_MOVE_FURTHEST: controller_move_furthest(c); break;
	case KEYMAP_LOSE: controller_lose(c); break;
	case KEYMAP_REOPEN: controller_reopen(c); break;
	case KEYMAP_DETAIL: controller_detail(c); break;
	case KEYMAP_CHECKLIST: controller_checklist(c); break;
	case KEYMAP_EVIDENCE: controller_evidence(c); break;
	case KEYMAP_ADD: controller_add(c); break;
	case KEYMAP_EDIT: controller_edit(c); break;
	case KEYMAP_DELETE: controller_delete(c); break;
	case KEYMAP_REORDER_UP: controller_reorder(c, -1); break;
	case KEYMAP_REORDER_DOWN: controller_reorder(c, +1); break;
	case KEYMAP_FILTER_TEXT: controller_filter_text(c); break;
	case KEYMAP_FILTER_OWNER: controller_filter_owner(c); break;
	case KEYMAP_CLEAR_FILTER: controller_clear_filter(c); break;
	case KEYMAP_TOGGLE_LOST:
		c->lost_collapsed = !c->lost_collapsed;
		if (!column_shown(c, (int)c->focus))
			focus_step(c, -1); /* the column before it */
		break;
	case KEYMAP_UNDO: controller_undo_last(c); break;
	case KEYMAP_REFRESH:
		c->message[0] = '\0';
		c->repaint = true;
		break;
	case KEYMAP_MESSAGES: controller_messages(c); return;
	case KEYMAP_HELP: controller_help(c); break;
	case KEYMAP_QUIT: c->quit = true; return;
	default: return;
	}
	controller_load(c);
}

bool controller_key(controller *c, keymap_key k)
{
	/* A message answers one key: the next one takes it away (the
	 * messages action still has it). */
	if (c->message[0]) {
		c->message[0] = '\0';
		c->dirty = true;
	}
	keymap_action a = keymap_lookup(&c->cfg->keys, KEYMAP_BOARD, k);
	if (a == KEYMAP_ACTION_NONE) {
		char name[64], help[64];
		keymap_key_name(k, name, sizeof name);
		keymap_describe(&c->cfg->keys, KEYMAP_HELP, help, sizeof help);
		controller_say(c, false, "%s does nothing here; %s shows the keys", name, help);
		return false;
	}
	controller_do(c, a);
	return true;
}

/* ---- keys inside dialogs ------------------------------------------------ */

controller_form_result controller_form_key(const keymap *km, form *f, keymap_key k)
{
	/* In a text field, typing wins over bindings (Space types a space). */
	if (f->focus >= 0 && f->focus < f->nfields && f->fields[f->focus].kind == FORM_TEXT &&
	    keymap_key_is_text(k)) {
		form_insert(f, (wchar_t)k);
		return CONTROLLER_FORM_CONTINUE;
	}
	/* In a numbered checklist the digits are the numbers on screen: fixed
	 * keys, like typing in a text field (not in the keymap). */
	if (f->numbered && k >= '1' && k <= '9') {
		form_toggle_number(f, k - '0');
		return CONTROLLER_FORM_CONTINUE;
	}
	keymap_action a = keymap_lookup(km, KEYMAP_FORM, k);
	/* keymap.c leaves Space unbound in forms (in a text field it types a
	 * space, above): on a checkbox or a choice it toggles. */
	if (a == KEYMAP_ACTION_NONE && k == KEYMAP_KEY_SPACE)
		a = KEYMAP_FORM_TOGGLE;
	switch (a) {
	case KEYMAP_FORM_NEXT: form_next(f); break;
	case KEYMAP_FORM_PREV: form_prev(f); break;
	case KEYMAP_FORM_LEFT: form_left(f); break;
	case KEYMAP_FORM_RIGHT: form_right(f); break;
	case KEYMAP_FORM_HOME: form_home(f); break;
	case KEYMAP_FORM_END: form_end(f); break;
	case KEYMAP_FORM_BACKSPACE: form_backspace(f); break;
	case KEYMAP_FORM_DELETE: form_delete(f); break;
	case KEYMAP_FORM_TOGGLE: form_toggle(f); break;
	case KEYMAP_FORM_SUBMIT:
		if (form_submit(f))
			return CONTROLLER_FORM_SAVE;
		break;
	case KEYMAP_FORM_CANCEL: return CONTROLLER_FORM_CANCEL;
	default: break;
	}
	return CONTROLLER_FORM_CONTINUE;
}

keymap_action controller_dialog_key(const keymap *km, keymap_key k)
{
	return keymap_lookup(km, KEYMAP_DIALOG, k);
}

keymap_action controller_pager_key(const keymap *km, keymap_key k)
{
	keymap_action a = keymap_lookup(km, KEYMAP_DIALOG, k);
	if (a != KEYMAP_ACTION_NONE)
		return a;
	a = keymap_lookup(km, KEYMAP_BOARD, k);
	switch (a) {
	case KEYMAP_PAGE_UP: case KEYMAP_PAGE_DOWN: case KEYMAP_FIRST: case KEYMAP_LAST:
	case KEYMAP_FOCUS_UP: case KEYMAP_FOCUS_DOWN: case KEYMAP_HELP: case KEYMAP_QUIT:
		return a;
	default:
		return KEYMAP_ACTION_NONE;
	}
}

/* ---- status bar --------------------------------------------------------- */

/* Whether the status bar offers action a now: a card action only when the
 * focused card allows it (pipeline_offers: the rules say, not the bar). */
static bool status_offers(const controller *c, keymap_action a, const pipeline_offer *o, bool card)
{
	switch (a) {
	case KEYMAP_MOVE_FORWARD: return o->forward;
	case KEYMAP_MOVE_BACK: return o->back;
	case KEYMAP_MOVE_TO: return o->move;
	case KEYMAP_LOSE: return o->lose;
	case KEYMAP_REOPEN: return o->reopen;
	case KEYMAP_CHECKLIST: return o->criteria;
	case KEYMAP_EVIDENCE: return o->evidence;
	case KEYMAP_DETAIL: case KEYMAP_EDIT: case KEYMAP_DELETE:
	case KEYMAP_REORDER_UP: case KEYMAP_REORDER_DOWN:
		return card;
	case KEYMAP_CLEAR_FILTER: return c->filter_text[0] || c->filter_owner[0];
	case KEYMAP_MESSAGES: return c->nrecent > 0;
	default: return true;
	}
}

void controller_status_text(const controller *c, int cols, char *buf, size_t bufsz)
{
	/* Most wanted first: the way out and the door to every key, the card's
	 * next step, the filter and undo, then the rest. Shown in the action
	 * table's order, so a key keeps its place as the width changes. */
	static const keymap_action priority[] = {
		KEYMAP_HELP, KEYMAP_QUIT, KEYMAP_MOVE_FORWARD, KEYMAP_REOPEN, KEYMAP_FILTER_TEXT,
		KEYMAP_UNDO, KEYMAP_MOVE_BACK, KEYMAP_CHECKLIST, KEYMAP_EVIDENCE, KEYMAP_ADD,
		KEYMAP_DETAIL, KEYMAP_EDIT, KEYMAP_MOVE_TO, KEYMAP_LOSE, KEYMAP_CLEAR_FILTER,
		KEYMAP_FILTER_OWNER, KEYMAP_DELETE, KEYMAP_MESSAGES, KEYMAP_TOGGLE_LOST,
		KEYMAP_REORDER_UP, KEYMAP_REORDER_DOWN,
	};
	enum { N = sizeof priority / sizeof priority[0] };
	const store_card *k = controller_selected(c);
	pipeline_offer o;
	pipeline_state ps = { .stage = k ? k->stage : PIPELINE_STAGE_COUNT };
	pipeline_offers(&ps, &o); /* no card: nothing to offer for one */
	bool keep[KEYMAP_ACTION_COUNT] = { false };
	char item[KEYMAP_ACTION_COUNT][96];
	/* A database this user may only read says so before anything: every
	 * change would be refused. */
	const char *ro = c->st && store_readonly(c->st) ? "read-only" : "";
	int used = text_width(ro);
	for (int i = 0; i < N; i++) {
		keymap_action a = priority[i];
		keymap_key key = c->cfg->keys.keys[a][0];
		if (key == KEYMAP_NONE || !status_offers(c, a, &o, k != NULL))
			continue;
		char name[32];
		keymap_key_name(key, name, sizeof name);
		snprintf(item[a], sizeof item[a], "%s %s", name, keymap_action_label(a));
		int need = text_width(item[a]) + (used ? 2 : 0);
		if (used + need > cols)
			continue;
		keep[a] = true;
		used += need;
	}
	int w0 = snprintf(buf, bufsz, "%s", ro);
	size_t n = w0 > 0 && (size_t)w0 < bufsz ? (size_t)w0 : 0;
	buf[n] = '\0';
	for (int a = 0; a < KEYMAP_ACTION_COUNT && n + 1 < bufsz; a++) {
		if (!keep[a])
			continue;
		int w = snprintf(buf + n, bufsz - n, "%s%s", n ? "  " : "", item[a]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}
