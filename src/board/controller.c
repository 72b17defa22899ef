/* controller: the model's loading, navigation, key dispatch, and the
 * dialogs an action opens (pushed with their continuations). */
#include "controller_int.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/review_screen.h"
#include "util/text.h"

/* A dialog closed: its continuation has run; the board under it shows
 * what that changed. */
static void reload_after_dialog(void *ctx)
{
	controller_load(ctx);
}

void controller_init(controller *c, store *st, const config *cfg, screen_stack *screens)
{
	memset(c, 0, sizeof *c);
	c->st = st;
	c->cfg = cfg;
	c->screens = screens;
	model_init(&c->model);
	if (screens) {
		screens->closed = reload_after_dialog;
		screens->closed_ctx = c;
	}
}

void controller_free(controller *c)
{
	model_free(&c->model);
	for (int i = 0; i < c->nundo; i++)
		controller_undo_free(&c->undo[i]);
	c->nundo = 0;
}

bool controller_set_rows(controller *c, int rows)
{
	return model_set_rows(&c->model, rows);
}

store_status controller_load(controller *c)
{
	unsigned stages = c->changed;

	c->changed = 0;
	if (stages)
		return model_load_stages(&c->model, c->st, c->cfg, stages);
	return model_load(&c->model, c->st, c->cfg);
}

bool controller_poll(controller *c)
{
	if (!store_changed(c->st))
		return false;
	c->changed = 0;
	controller_load(c);
	if (c->screens)
		screen_stack_refresh(c->screens);
	return true;
}

bool controller_tick(controller *c, time_t now)
{
	return model_tick(&c->model, now);
}

const store_card *controller_selected(const controller *c)
{
	return model_selected(&c->model);
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
	model_vsay(&c->model, error, fmt, ap);
	va_end(ap);
}

void controller_follow(controller *c, pipeline_stage s, int64_t id)
{
	model_follow(&c->model, s, id);
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

/* ---- asking ----------------------------------------------------------------- */

void controller_free_ctx(void *ctx)
{
	free(ctx);
}

bool controller_open(controller *c, dialog *d, screen_fn done, void *ctx, void (*ctx_free)(void *))
{
	if (!d) {
		controller_say(c, true, "Out of memory: the dialog cannot open.");
		return false;
	}
	/* No screen to show it on (a controller that only loads), or one
	 * dialog too many: as if cancelled. */
	if (!c->screens || c->screens->n >= SCREEN_STACK_MAX) {
		d->base.ops->free(&d->base);
		return false;
	}
	d->base.done = done;
	d->base.ctx = ctx;
	d->base.ctx_free = ctx_free;
	return screen_push(c->screens, &d->base);
}

/* What the watch says when the card under a dialog changed or went. */
static void watch_card(void *ctx, screen *s, bool merges)
{
	controller *c = ctx;
	dialog *d = dialog_of(s);
	if (!d || d->card_id <= 0)
		return;
	store_opp o;
	store_status r = store_get(c->st, d->card_id, &o);
	if (r == STORE_NOT_FOUND || (r == STORE_OK && o.deleted)) {
		dialog_set_notice(d, "Someone deleted this card meanwhile: nothing here can be saved to it "
		                  "(Esc closes).");
	} else if (r == STORE_OK && o.version != d->card_version) {
		char keys[64], t[FORM_LINE];
		keymap_describe(&c->cfg->keys, KEYMAP_FORM_SUBMIT, keys, sizeof keys);
		if (merges)
			snprintf(t, sizeof t, "Someone else saved this card meanwhile: %s shows their version "
			         "with your changes over it.", keys);
		else
			snprintf(t, sizeof t, "Someone else changed this card meanwhile: this will be refused "
			         "and the board shows their version.");
		dialog_set_notice(d, t);
	}
	if (r == STORE_OK)
		store_opp_free(&o);
}

static void watch_plain(void *ctx, screen *s)
{
	watch_card(ctx, s, false);
}

static void watch_merge(void *ctx, screen *s)
{
	watch_card(ctx, s, true);
}

void controller_watch(controller *c, dialog *d, int64_t id, int64_t ver, bool merges)
{
	if (!d)
		return;
	dialog_about(d, id, ver);
	d->base.watch = merges ? watch_merge : watch_plain;
	d->base.watch_ctx = c;
}

dialog_form *controller_text_form(controller *c, const char *title, const char *info, const char *label,
                                  bool required)
{
	dialog_form *df = dialog_form_new(&c->cfg->keys, title);
	if (!df)
		return NULL;
	if (info && info[0])
		form_add_info(&df->f, info);
	form_add_text(&df->f, label, "", FORM_V_TEXT, required);
	return df;
}

form *controller_form_of(screen *s, bool *saved)
{
	dialog *d = dialog_of(s);
	*saved = d && d->kind == DIALOG_FORM && d->ok;
	return d && d->kind == DIALOG_FORM ? &((dialog_form *)d)->f : NULL;
}

void controller_form_text(screen *s, char *out, size_t outsz)
{
	bool saved;
	form *f = controller_form_of(s, &saved);
	out[0] = '\0';
	if (f)
		form_text(f, 0, out, outsz);
}

/* ---- navigation --------------------------------------------------------- */

void controller_do(controller *c, keymap_action a)
{
	model *m = &c->model;
	model_column *col = &m->col[m->focus];
	switch (a) {
	/* Navigation changes no data: it returns without reloading the board. */
	case KEYMAP_FOCUS_LEFT: model_focus_step(m, -1); return;
	case KEYMAP_FOCUS_RIGHT: model_focus_step(m, +1); return;
	case KEYMAP_FOCUS_UP: model_select(m, c->st, c->cfg, col->sel - 1); return;
	case KEYMAP_FOCUS_DOWN: model_select(m, c->st, c->cfg, col->sel + 1); return;
	case KEYMAP_PAGE_UP: model_select(m, c->st, c->cfg, col->sel - col->rows); return;
	case KEYMAP_PAGE_DOWN: model_select(m, c->st, c->cfg, col->sel + col->rows); return;
	case KEYMAP_FIRST: model_select(m, c->st, c->cfg, 0); return;
	case KEYMAP_LAST: model_select(m, c->st, c->cfg, m->sum[m->focus].count - 1); return;
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
		m->lost_collapsed = !m->lost_collapsed;
		if (!model_column_shown(m, (int)m->focus))
			model_focus_step(m, -1); /* the column before it */
		break;
	case KEYMAP_UNDO: controller_undo_last(c); break;
	case KEYMAP_REFRESH:
		model_unsay(m);
		c->repaint = true;
		break;
	case KEYMAP_MESSAGES: controller_messages(c); return;
	case KEYMAP_REVIEW: review_open(c); return;
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
	if (c->model.message[0])
		model_unsay(&c->model);
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
