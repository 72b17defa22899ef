/* view: the dialogs drawn over the board (form, list, question, pager,
 * narrowing list). Their state, keys and scrolling are board/dialog.h's;
 * this only draws them. */
#include "view_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/text.h"

#define MAX_ROWS 160
#define MAX_NOTICE 4

/* One screen row of a dialog. */
typedef struct drow {
	char text[WRAP_ROW];
	theme_role role;
	int indent;
	int field;    /* the field this row belongs to, -1 for none */
	bool editor;  /* draw the text field's editor here */
} drow;

typedef struct drows {
	drow r[MAX_ROWS];
	int n;
} drows;

static drow *push(drows *d, theme_role role, int indent, int field, const char *text)
{
	if (d->n >= MAX_ROWS)
		return NULL;
	drow *r = &d->r[d->n++];
	/* Cut at a character boundary when it is too long. */
	size_t n = text ? strlen(text) : 0;
	if (n >= sizeof r->text) {
		n = sizeof r->text - 1;
		while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(r->text, text, n);
	r->text[n] = '\0';
	r->role = role;
	r->indent = indent;
	r->field = field;
	r->editor = false;
	return r;
}

/* a then b into out, cut to fit (no format-truncation games). */
static void join(char *out, size_t outsz, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na > outsz - 1)
		na = outsz - 1;
	if (nb > outsz - 1 - na)
		nb = outsz - 1 - na;
	memcpy(out, a, na);
	memcpy(out + na, b, nb);
	out[na + nb] = '\0';
}

static void push_wrapped(drows *d, theme_role role, int indent, int field, const char *text, int width)
{
	char lines[12][WRAP_ROW];
	int n = wrap_text(text, width - indent, lines, 12);
	for (int i = 0; i < n; i++)
		push(d, role, indent, field, lines[i]);
}

/* Where a box of rows was drawn: its first row on screen, its left text
 * column, and the first of the rows shown (scrolled). */
typedef struct placed {
	int top, left, first, shown;
} placed;

/* Draws rows in a box centred above the status bar, scrolled so row
 * `keep` is visible. The notice (what changed under the dialog, "" none)
 * is pinned on the first rows: scrolling never hides it. */
static placed draw_rows(view *v, const char *title, const char *notice, const drows *d, int keep, int bw)
{
	char nl[MAX_NOTICE][WRAP_ROW];
	int inner = dialog_box_inner(v->h);
	int pinned = notice && notice[0] ? wrap_text(notice, bw - 2, nl, MAX_NOTICE) : 0;
	if (pinned && pinned + 2 > inner)
		pinned = 0; /* no room: the rows come first */
	int gap = pinned ? 1 : 0;
	int avail = inner - pinned - gap;
	int shown = d->n < avail ? d->n : avail;
	int bh = pinned + gap + shown + 2;
	int y = (v->h - 1 - bh) / 2, x = (v->w - bw) / 2;
	if (y < 0) y = 0;
	if (x < 0) x = 0;
	int start = 0;
	if (keep >= shown)
		start = keep - shown + 1;
	if (start > d->n - shown)
		start = d->n - shown;
	if (start < 0)
		start = 0;
	view_box(v, y, x, bh, bw, title);
	for (int i = 0; i < pinned; i++)
		view_put(v, y + 1 + i, x + 1, bw - 2, THEME_REFUSAL, nl[i]);
	int top = y + 1 + pinned + gap;
	for (int i = 0; i < shown; i++) {
		const drow *r = &d->r[start + i];
		view_put(v, top + i, x + 1 + r->indent, bw - 2 - r->indent, r->role, r->text);
	}
	return (placed){ .top = top, .left = x + 1, .first = start, .shown = shown };
}

/* The cursor this frame leaves on screen (view_send puts it there). */
static void want_cursor(view *v, int y, int x)
{
	v->cursor_y = y;
	v->cursor_x = x;
}

/* ---- form ----------------------------------------------------------------- */

static int label_width(const form *f, int bw)
{
	int w = 0;
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].kind != FORM_CHECK) {
			int lw = text_width(f->fields[i].label);
			if (lw > w)
				w = lw;
		}
	if (w > bw / 3)
		w = bw / 3;
	return w;
}

static void build_form(view *v, const form *f, int bw, drows *d, int *focus_row)
{
	int inner = bw - 2;
	int lw = label_width(f, inner);
	char hint[512], next[64], save[64], cancel[64], toggle[64];
	const keymap *km = &v->cfg->keys;
	*focus_row = 0;
	for (int i = 0; i < f->ninfo; i++)
		push_wrapped(d, THEME_DIALOG, 0, -1, f->info[i], inner);
	if (f->ninfo)
		push(d, THEME_DIALOG, 0, -1, "");
	for (int i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		bool foc = i == f->focus;
		if (fd->kind == FORM_TEXT) {
			/* The editor starts after the label column: a longer label is cut. */
			char label[FORM_LINE * 2];
			text_fit(fd->label, lw, label, sizeof label);
			drow *r = push(d, foc ? THEME_DIALOG_TITLE : THEME_DIALOG, 0, i, label);
			if (r)
				r->editor = true;
			if (fd->error[0] && (fd->touched || f->submitted)) {
				char e[FORM_LINE + 8];
				snprintf(e, sizeof e, "! %s", fd->error);
				push_wrapped(d, THEME_FIELD_ERROR, lw + 1, i, e, inner);
			}
		} else if (fd->kind == FORM_CHECK) {
			char lines[12][WRAP_ROW];
			int n = wrap_text(fd->label, inner - 4, lines, 12);
			for (int k = 0; k < n; k++) {
				char t[1024];
				join(t, sizeof t, k == 0 ? (fd->checked ? "[x] " : "[ ] ") : "    ", lines[k]);
				push(d, foc ? THEME_FIELD_FOCUS : THEME_DIALOG, 0, i, t);
			}
		} else {
			/* The value starts on the label's row, in the editors' column,
			 * as a text field's does (a short form fits a short screen). */
			char label[FORM_LINE * 2], val[600], lines[12][WRAP_ROW];
			text_fit(fd->label, lw, label, sizeof label);
			snprintf(val, sizeof val, "< %s >", fd->nchoices ? fd->choices[fd->choice] : "");
			int n = wrap_text(val, inner - lw - 1, lines, 12);
			for (int k = 0; k < n; k++) {
				char pre[FORM_LINE * 2 + 256], t[sizeof pre + WRAP_ROW];
				int pad = k == 0 ? lw - text_width(label) : lw;
				join(pre, sizeof pre, k == 0 ? label : "", "");
				for (size_t e = strlen(pre); pad-- >= 0 && e + 1 < sizeof pre; e++)
					pre[e] = ' ', pre[e + 1] = '\0';
				join(t, sizeof t, pre, lines[k]);
				push(d, foc ? THEME_FIELD_FOCUS : THEME_DIALOG, 0, i, t);
			}
		}
		if (foc)
			*focus_row = d->n - 1;
	}
	if (f->show_progress) {
		int done, total;
		form_progress(f, &done, &total);
		char p[64];
		snprintf(p, sizeof p, "Met: %d/%d", done, total);
		push(d, THEME_DIALOG_TITLE, 0, -1, "");
		push(d, THEME_DIALOG_TITLE, 0, -1, p);
	}
	if (f->message[0]) {
		push(d, THEME_DIALOG, 0, -1, "");
		push_wrapped(d, THEME_REFUSAL, 0, -1, f->message, inner);
	}
	keymap_describe(km, KEYMAP_FORM_SUBMIT, save, sizeof save);
	keymap_describe(km, KEYMAP_FORM_CANCEL, cancel, sizeof cancel);
	keymap_describe(km, KEYMAP_FORM_NEXT, next, sizeof next);
	keymap_describe(km, KEYMAP_FORM_TOGGLE, toggle, sizeof toggle);
	/* Toggling is only worth a word when the form has something to toggle. */
	bool toggles = false;
	for (int i = 0; i < f->nfields; i++)
		toggles = toggles || f->fields[i].kind != FORM_TEXT;
	/* A numbered checklist: its digits toggle too (fixed keys). */
	char digits[16] = "";
	int done, boxes;
	form_progress(f, &done, &boxes);
	if (f->numbered && boxes > 1)
		snprintf(digits, sizeof digits, "1-%d/", boxes < 9 ? boxes : 9);
	if (f->locked[0])
		snprintf(hint, sizeof hint, "%s %s: close (read-only)  %s: next field", save, cancel, next);
	else if (f->nfields > 1 || toggles)
		snprintf(hint, sizeof hint, "%s: save  %s: cancel  %s: next field%s%s%s%s%s", save, cancel, next,
		         toggles ? "  " : "", toggles ? digits : "", toggles ? "Space/" : "",
		         toggles ? toggle : "", toggles ? ": toggle" : "");
	else
		snprintf(hint, sizeof hint, "%s: save  %s: cancel", save, cancel);
	push(d, THEME_DIALOG, 0, -1, "");
	push_wrapped(d, THEME_CARD_META, 0, -1, hint, inner);
}

/* Draws the editor of a text field at y,x (w columns); returns the cursor column. */
static int draw_editor(view *v, const form_field *fd, bool focused, int y, int x, int w)
{
	if (w < 2)
		return x;
	int widths[FORM_TEXT_MAX + 1];
	for (int i = 0; i < fd->len; i++) {
		/* As text_fit draws it (text.h: one rule for every text). */
		widths[i] = text_cp_width((uint32_t)fd->text[i]);
	}
	int start = 0, before = 0;
	for (int i = 0; i < fd->cursor; i++)
		before += widths[i];
	while (before > w - 1 && start < fd->cursor)
		before -= widths[start++];
	char buf[FORM_TEXT_MAX * 4 + 1];
	size_t n = 0;
	int used = 0;
	for (int i = start; i < fd->len && used + widths[i] <= w; i++) {
		n += text_utf8_encode((uint32_t)fd->text[i], buf + n);
		used += widths[i];
	}
	buf[n] = '\0';
	view_put(v, y, x, w, focused ? THEME_FIELD_FOCUS : THEME_FIELD, buf);
	return x + before;
}

static void draw_form(view *v, const form *f, const char *notice)
{
	static drows d;
	int bw = dialog_box_width(v->w), focus_row;
	d.n = 0;
	build_form(v, f, bw, &d, &focus_row);
	placed p = draw_rows(v, f->title, notice, &d, focus_row, bw);
	int inner = bw - 2, lw = label_width(f, inner);
	for (int i = p.first; i < p.first + p.shown && i < d.n; i++) {
		const drow *r = &d.r[i];
		if (r->field < 0 || !r->editor)
			continue;
		const form_field *fd = &f->fields[r->field];
		int y = p.top + (i - p.first);
		int cx = draw_editor(v, fd, r->field == f->focus, y, p.left + lw + 1, inner - lw - 1);
		if (r->field == f->focus)
			want_cursor(v, y, cx);
	}
}

void view_draw_form(view *v, const form *f)
{
	draw_form(v, f, "");
}

void view_draw_form_dialog(const screen *s, view *v)
{
	const dialog_form *df = (const dialog_form *)dialog_of_const(s);
	if (df && !v->too_small)
		draw_form(v, &df->f, df->d.notice);
}

/* ---- list and question ------------------------------------------------------ */

/* The last rows of a list or question: a blank, then "Enter: yes  Esc: no". */
static void push_hint(view *v, drows *d, theme_role role, const char *yes, const char *no)
{
	char ok[64], cancel[64], hint[200];
	keymap_describe(&v->cfg->keys, KEYMAP_DIALOG_SELECT, ok, sizeof ok);
	keymap_describe(&v->cfg->keys, KEYMAP_DIALOG_CANCEL, cancel, sizeof cancel);
	snprintf(hint, sizeof hint, "%s: %s  %s: %s", ok, yes, cancel, no);
	push(d, THEME_DIALOG, 0, -1, "");
	push(d, role, 0, -1, hint);
}

void view_draw_list_dialog(const screen *s, view *v)
{
	const dialog_list *l = (const dialog_list *)dialog_of_const(s);
	static drows d;
	if (!l || v->too_small)
		return;
	int bw = dialog_box_width(v->w), keep = 0;
	d.n = 0;
	for (int i = 0; i < l->n; i++) {
		char lines[6][WRAP_ROW];
		int m = wrap_text(l->items[i], bw - 6, lines, 6);
		for (int k = 0; k < m; k++) {
			char t[1024];
			join(t, sizeof t, k ? "  " : (i == l->sel ? "> " : "  "), lines[k]);
			push(&d, i == l->sel ? THEME_FIELD_FOCUS : THEME_DIALOG, 0, i, t);
			if (i == l->sel)
				keep = d.n - 1;
		}
	}
	push_hint(v, &d, THEME_CARD_META, "choose", "close");
	draw_rows(v, l->title, l->d.notice, &d, keep, bw);
}

void view_draw_confirm_dialog(const screen *s, view *v)
{
	const dialog_confirm *q = (const dialog_confirm *)dialog_of_const(s);
	static drows d;
	if (!q || v->too_small)
		return;
	int bw = dialog_box_width(v->w);
	if (bw > 60)
		bw = 60;
	d.n = 0;
	push_wrapped(&d, THEME_DIALOG, 0, -1, q->question, bw - 2);
	push_hint(v, &d, THEME_HELP_KEY, "yes", "no");
	draw_rows(v, "Confirm", q->d.notice, &d, 0, bw);
}

/* ---- pager ---------------------------------------------------------------- */

void view_draw_pager_dialog(const screen *s, view *v)
{
	const dialog_pager *p = (const dialog_pager *)dialog_of_const(s);
	if (!p || v->too_small)
		return;
	int bw, page;
	dialog_pager_box(v->h, v->w, &bw, &page);
	int x = (v->w - bw) / 2;
	char t[4096], keys[64];
	keymap_describe(&v->cfg->keys, KEYMAP_DIALOG_CANCEL, keys, sizeof keys);
	int end = p->off + page < p->nrows ? p->off + page : p->nrows;
	snprintf(t, sizeof t, "%s  (%d-%d/%d, %s closes)%s%s", p->title, p->nrows ? p->off + 1 : 0, end, p->nrows,
	         keys, p->d.notice[0] ? "  " : "", p->d.notice);
	view_box(v, 1, x, page + 2, bw, t);
	for (int i = 0; i < page && p->off + i < p->nrows; i++)
		view_put(v, 2 + i, x + 1, bw - 2, p->rows[p->off + i].head ? THEME_DIALOG_TITLE : THEME_DIALOG,
		         p->rows[p->off + i].text);
}

/* ---- narrowing list -------------------------------------------------------- */

/* The keys of action a that do not type a character ("Esc", not "Esc q"):
 * in a narrowing list a character is part of the query. */
static void non_text_keys(const keymap *km, keymap_action a, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < KEYMAP_MAX_KEYS && km->keys[a][i] != KEYMAP_NONE; i++) {
		keymap_key k = km->keys[a][i];
		char name[KEYMAP_NAME_MAX];
		/* Enter's three codes are one key to the person at the keyboard. */
		if (keymap_key_is_text(k) || (i && (k == '\r' || k == (KEYMAP_FN | KEY_ENTER))))
			continue;
		keymap_key_name(k, name, sizeof name);
		int w = snprintf(buf + n, bufsz - n, "%s%s", n ? " " : "", name);
		if (w < 0 || (size_t)w >= bufsz - n)
			break;
		n += (size_t)w;
	}
}

/* The query on the first row, the items that match it (from the pick's
 * scrolled top), their notes on the right, the keys last. The box keeps
 * its height as the list narrows. */
void view_draw_pick_dialog(const screen *s, view *v)
{
	const dialog_pick *dp = (const dialog_pick *)dialog_of_const(s);
	if (!dp || v->too_small)
		return;
	const pick *p = &dp->p;
	const keymap *km = &v->cfg->keys;
	int bw, bh, list;
	dialog_pick_box(v->h, v->w, p->n, &bw, &bh, &list);
	int inner = bw - 2, y = (v->h - 1 - bh) / 2, x = (v->w - bw) / 2;
	if (y < 0) y = 0;
	if (x < 0) x = 0;
	view_box(v, y, x, bh, bw, p->title);
	char line[PICK_QUERY_LEN + 64];
	snprintf(line, sizeof line, "%c%s: ", p->noun[0] - 'a' + 'A', p->noun + 1);
	int lw = text_width(line);
	view_put(v, y + 1, x + 1, lw, THEME_DIALOG_TITLE, line);
	view_put(v, y + 1, x + 1 + lw, inner - lw, THEME_FIELD_FOCUS, p->query);
	for (int r = 0; r < list; r++) {
		int i = dp->top + r, ry = y + 3 + r;
		view_put(v, ry, x + 1, inner, THEME_DIALOG, "");
		if (i >= p->nshown) {
			if (i == 0) {
				snprintf(line, sizeof line, "No %s contains \"%s\".", p->noun, p->query);
				view_put(v, ry, x + 1, inner, THEME_REFUSAL, line);
			}
			continue;
		}
		int item = p->shown[i];
		const char *note = p->note ? p->note(p->note_ctx, item) : "";
		int nw = text_width(note), sel = i == p->sel;
		theme_role role = sel ? THEME_FIELD_FOCUS : THEME_DIALOG;
		snprintf(line, sizeof line, "%s", sel ? "> " : "  ");
		view_put(v, ry, x + 1, inner, role, line);
		view_put(v, ry, x + 3, inner - 2 - (nw ? nw + 2 : 0), role, p->items[item]);
		if (nw)
			view_put(v, ry, x + 1 + inner - nw - 1, nw + 1, sel ? role : THEME_CARD_META, note);
	}
	char ok[64], close[64];
	non_text_keys(km, KEYMAP_DIALOG_SELECT, ok, sizeof ok);
	non_text_keys(km, KEYMAP_DIALOG_CANCEL, close, sizeof close);
	snprintf(line, sizeof line, "Type to narrow  %s: choose  %s: close", ok, close);
	if (text_width(line) > inner) /* narrow: the keys, the rest goes without saying */
		snprintf(line, sizeof line, "%s: choose  %s: close", ok, close);
	view_put(v, y + bh - 2, x + 1, inner, THEME_CARD_META, line);
	/* The cursor after the query, where typing goes. */
	int cx = x + 1 + lw + text_width(p->query);
	if (cx < x + bw - 1)
		want_cursor(v, y + 1, cx);
}
