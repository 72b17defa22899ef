/* dialog: the screens that ask (form, list, question, pager, narrowing list). */
#include "board/dialog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/view.h"

/* ---- geometry --------------------------------------------------------------- */

int dialog_box_width(int w)
{
	int bw = w - 2;
	if (bw > 80)
		bw = 80;
	return bw < 10 ? 10 : bw;
}

/* The box stays above the status bar, whose keys remain readable under
 * any dialog. */
int dialog_box_inner(int h)
{
	int inner = h - 1 - 2;
	return inner < 1 ? 1 : inner;
}

void dialog_pager_box(int h, int w, int *bw, int *page)
{
	*bw = w - 2 < 10 ? 10 : w - 2;
	*page = h - 4 < 1 ? 1 : h - 4;
}

void dialog_pick_box(int h, int w, int nitems, int *bw, int *bh, int *rows)
{
	*bw = dialog_box_width(w) < 60 ? dialog_box_width(w) : 60;
	/* Inside the frame: the query, a blank, the list, a blank, the keys. */
	int list = dialog_box_inner(h) - 4;
	if (list > nitems)
		list = nitems;
	if (list < 1)
		list = 1;
	*rows = list;
	*bh = list + 6;
}

/* ---- common ----------------------------------------------------------------- */

static void resize_size(screen *s, int h, int w)
{
	dialog *d = (dialog *)s;
	d->h = h;
	d->w = w;
}

static void dialog_init(dialog *d, const screen_ops *ops, dialog_kind kind, const keymap *km)
{
	screen_init(&d->base, ops);
	d->kind = kind;
	d->km = km;
}

void dialog_about(dialog *d, int64_t card_id, int64_t card_version)
{
	d->card_id = card_id;
	d->card_version = card_version;
}

void dialog_set_notice(dialog *d, const char *text)
{
	snprintf(d->notice, sizeof d->notice, "%s", text ? text : "");
}

/* ---- form ------------------------------------------------------------------- */

dialog_form_result dialog_form_key(const keymap *km, form *f, keymap_key k)
{
	/* In a text field, typing wins over bindings (Space types a space). */
	if (f->focus >= 0 && f->focus < f->nfields && f->fields[f->focus].kind == FORM_TEXT &&
	    keymap_key_is_text(k)) {
		form_insert(f, (wchar_t)k);
		return DIALOG_FORM_CONTINUE;
	}
	/* In a numbered checklist the digits are the numbers on screen: fixed
	 * keys, like typing in a text field (not in the keymap). */
	if (f->numbered && k >= '1' && k <= '9') {
		form_toggle_number(f, k - '0');
		return DIALOG_FORM_CONTINUE;
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
			return DIALOG_FORM_SAVE;
		break;
	case KEYMAP_FORM_CANCEL: return DIALOG_FORM_CANCEL;
	default: break;
	}
	return DIALOG_FORM_CONTINUE;
}

static screen_step form_screen_key(screen *s, keymap_key k)
{
	dialog_form *df = (dialog_form *)s;
	switch (dialog_form_key(df->d.km, &df->f, k)) {
	case DIALOG_FORM_SAVE:
		df->d.ok = true;
		return SCREEN_DONE;
	case DIALOG_FORM_CANCEL:
		df->d.ok = false;
		return SCREEN_DONE;
	case DIALOG_FORM_CONTINUE:
		break;
	}
	return SCREEN_STAY;
}

static void free_plain(screen *s)
{
	free(s);
}

static const screen_ops form_ops = {
	.name = "form", .draw = view_draw_form_dialog, .key = form_screen_key,
	.resize = resize_size, .free = free_plain,
};

dialog_form *dialog_form_new(const keymap *km, const char *title)
{
	dialog_form *df = calloc(1, sizeof *df);
	if (!df)
		return NULL;
	dialog_init(&df->d, &form_ops, DIALOG_FORM, km);
	form_init(&df->f, title);
	return df;
}

/* ---- list ------------------------------------------------------------------- */

static screen_step list_key(screen *s, keymap_key k)
{
	dialog_list *l = (dialog_list *)s;
	switch (keymap_lookup(l->d.km, KEYMAP_DIALOG, k)) {
	case KEYMAP_DIALOG_UP:
		if (l->sel > 0)
			l->sel--;
		break;
	case KEYMAP_DIALOG_DOWN:
		if (l->sel < l->n - 1)
			l->sel++;
		break;
	case KEYMAP_DIALOG_SELECT:
	case KEYMAP_DIALOG_TOGGLE:
		l->d.ok = l->n > 0;
		return SCREEN_DONE;
	case KEYMAP_DIALOG_CANCEL:
		return SCREEN_DONE;
	default:
		break;
	}
	return SCREEN_STAY;
}

static void free_strings(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void list_free(screen *s)
{
	dialog_list *l = (dialog_list *)s;
	free_strings(l->items, l->n);
	free(l);
}

static const screen_ops list_ops = {
	.name = "list", .draw = view_draw_list_dialog, .key = list_key,
	.resize = resize_size, .free = list_free,
};

dialog_list *dialog_list_new(const keymap *km, const char *title, const char *const *items, int n,
                             int selected)
{
	dialog_list *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	dialog_init(&l->d, &list_ops, DIALOG_LIST, km);
	snprintf(l->title, sizeof l->title, "%s", title);
	l->items = calloc((size_t)(n > 0 ? n : 1), sizeof *l->items);
	if (!l->items) {
		free(l);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		if (!(l->items[i] = strdup(items[i]))) {
			free_strings(l->items, i);
			free(l);
			return NULL;
		}
	}
	l->n = n;
	l->sel = selected >= 0 && selected < n ? selected : 0;
	return l;
}

int dialog_list_choice(const dialog_list *l)
{
	return l->d.ok ? l->sel : -1;
}

/* ---- question --------------------------------------------------------------- */

static screen_step confirm_key(screen *s, keymap_key k)
{
	dialog_confirm *q = (dialog_confirm *)s;
	switch (keymap_lookup(q->d.km, KEYMAP_DIALOG, k)) {
	case KEYMAP_DIALOG_SELECT:
		q->d.ok = true;
		return SCREEN_DONE;
	case KEYMAP_DIALOG_CANCEL:
		return SCREEN_DONE;
	default:
		return SCREEN_STAY;
	}
}

static const screen_ops confirm_ops = {
	.name = "question", .draw = view_draw_confirm_dialog, .key = confirm_key,
	.resize = resize_size, .free = free_plain,
};

dialog_confirm *dialog_confirm_new(const keymap *km, const char *question)
{
	dialog_confirm *q = calloc(1, sizeof *q);
	if (!q)
		return NULL;
	dialog_init(&q->d, &confirm_ops, DIALOG_CONFIRM, km);
	snprintf(q->question, sizeof q->question, "%s", question);
	return q;
}

/* ---- pager ------------------------------------------------------------------ */

keymap_action dialog_pager_action(const keymap *km, keymap_key k)
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

static void pager_clamp(dialog_pager *p)
{
	if (p->off > p->nrows - p->page)
		p->off = p->nrows - p->page;
	if (p->off < 0)
		p->off = 0;
}

/* Long lines (criteria, notes) wrap instead of being cut: wrapped again
 * when the box's width changes (or the lines do). */
static void pager_layout(dialog_pager *p, bool rewrap)
{
	int bw;
	dialog_pager_box(p->d.h, p->d.w, &bw, &p->page);
	if (rewrap || p->width != bw - 2 || !p->rows) {
		free(p->rows);
		p->width = bw - 2;
		p->rows = wrap_pager_rows(p->lines, p->n, p->width, &p->nrows);
		if (!p->rows)
			p->nrows = 0;
	}
	pager_clamp(p);
}

static void pager_resize(screen *s, int h, int w)
{
	dialog_pager *p = (dialog_pager *)s;
	resize_size(s, h, w);
	pager_layout(p, false);
}

static screen_step pager_key(screen *s, keymap_key k)
{
	dialog_pager *p = (dialog_pager *)s;
	switch (dialog_pager_action(p->d.km, k)) {
	case KEYMAP_DIALOG_UP: case KEYMAP_FOCUS_UP: p->off--; break;
	case KEYMAP_DIALOG_DOWN: case KEYMAP_FOCUS_DOWN: p->off++; break;
	case KEYMAP_PAGE_UP: p->off -= p->page; break;
	case KEYMAP_PAGE_DOWN: case KEYMAP_DIALOG_TOGGLE: p->off += p->page; break;
	case KEYMAP_FIRST: p->off = 0; break;
	case KEYMAP_LAST: p->off = p->nrows; break;
	case KEYMAP_DIALOG_CANCEL: case KEYMAP_DIALOG_SELECT: case KEYMAP_HELP: case KEYMAP_QUIT:
		p->d.ok = true;
		return SCREEN_DONE;
	default: break;
	}
	pager_clamp(p);
	return SCREEN_STAY;
}

static void pager_free(screen *s)
{
	dialog_pager *p = (dialog_pager *)s;
	free_strings(p->lines, p->n);
	free(p->rows);
	free(p);
}

static const screen_ops pager_ops = {
	.name = "pager", .draw = view_draw_pager_dialog, .key = pager_key,
	.resize = pager_resize, .free = pager_free,
};

dialog_pager *dialog_pager_new(const keymap *km, const char *title, char **lines, int n)
{
	dialog_pager *p = calloc(1, sizeof *p);
	if (!p) {
		free_strings(lines, n);
		return NULL;
	}
	dialog_init(&p->d, &pager_ops, DIALOG_PAGER, km);
	snprintf(p->title, sizeof p->title, "%s", title);
	p->lines = lines;
	p->n = n;
	return p;
}

void dialog_pager_set_lines(dialog_pager *p, char **lines, int n)
{
	free_strings(p->lines, p->n);
	p->lines = lines;
	p->n = n;
	pager_layout(p, true);
}

/* ---- narrowing list --------------------------------------------------------- */

/* The selection kept in view, the box keeping its height as the list narrows. */
static void pick_scroll(dialog_pick *dp)
{
	int bw, bh;
	dialog_pick_box(dp->d.h, dp->d.w, dp->p.n, &bw, &bh, &dp->rows);
	const pick *p = &dp->p;
	if (p->sel >= 0 && p->sel < dp->top)
		dp->top = p->sel;
	if (p->sel >= dp->top + dp->rows)
		dp->top = p->sel - dp->rows + 1;
	if (dp->top > p->nshown - dp->rows)
		dp->top = p->nshown - dp->rows;
	if (dp->top < 0)
		dp->top = 0;
}

static void pick_resize(screen *s, int h, int w)
{
	resize_size(s, h, w);
	pick_scroll((dialog_pick *)s);
}

static screen_step pick_screen_key(screen *s, keymap_key k)
{
	dialog_pick *dp = (dialog_pick *)s;
	switch (pick_key(dp->d.km, &dp->p, k)) {
	case PICK_CHOSEN:
		dp->d.ok = true;
		return SCREEN_DONE;
	case PICK_CANCEL:
		return SCREEN_DONE;
	case PICK_CONTINUE:
		break;
	}
	pick_scroll(dp);
	return SCREEN_STAY;
}

static void pick_screen_free(screen *s)
{
	dialog_pick *dp = (dialog_pick *)s;
	pick_free(&dp->p);
	free(dp);
}

static const screen_ops pick_ops = {
	.name = "pick", .draw = view_draw_pick_dialog, .key = pick_screen_key,
	.resize = pick_resize, .free = pick_screen_free,
};

dialog_pick *dialog_pick_new(const keymap *km, const char *title, const char *noun, char **items, int n,
                             int selected)
{
	dialog_pick *dp = calloc(1, sizeof *dp);
	if (!dp)
		return NULL;
	dialog_init(&dp->d, &pick_ops, DIALOG_PICK, km);
	if (!pick_init(&dp->p, title, noun, items, n, selected)) {
		free(dp);
		return NULL;
	}
	return dp;
}

int dialog_pick_choice(const dialog_pick *dp)
{
	return dp->d.ok ? pick_choice(&dp->p) : -1;
}

/* ---- which dialog ------------------------------------------------------------ */

const dialog *dialog_of_const(const screen *s)
{
	if (!s)
		return NULL;
	if (s->ops == &form_ops || s->ops == &list_ops || s->ops == &confirm_ops || s->ops == &pager_ops ||
	    s->ops == &pick_ops)
		return (const dialog *)s;
	return NULL;
}

dialog *dialog_of(screen *s)
{
	return (dialog *)dialog_of_const(s);
}
