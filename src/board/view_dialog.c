/* view: the dialogs the controller asks for (form, list, question, pager). */
#include "view_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/text.h"

#define MAX_ROWS 160

/* One screen row of a dialog. */
typedef struct drow {
	char text[512];
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
	char lines[12][512];
	int n = view_wrap(text, width - indent, lines, 12);
	for (int i = 0; i < n; i++)
		push(d, role, indent, field, lines[i]);
}

static int dialog_width(const view *v)
{
	int w = v->w - 2;
	if (w > 80)
		w = 80;
	return w < 10 ? 10 : w;
}

/* Rows a dialog box may hold inside its frame: the box stays above the
 * status bar, whose keys remain readable under any dialog. */
static int dialog_inner(const view *v)
{
	int inner = v->h - 1 - 2;
	return inner < 1 ? 1 : inner;
}

/* Draws rows in a box centred above the status bar, scrolled so row
 * `keep` is visible. Returns the screen position of the first row (for
 * the cursor). */
static void draw_rows(view *v, const char *title, const drows *d, int keep, int bw, int *top_y,
                      int *left_x, int *first)
{
	int inner = dialog_inner(v);
	int shown = d->n < inner ? d->n : inner;
	int bh = shown + 2;
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
	for (int i = 0; i < shown; i++) {
		const drow *r = &d->r[start + i];
		view_put(v, y + 1 + i, x + 1 + r->indent, bw - 2 - r->indent, r->role, r->text);
	}
	*top_y = y + 1;
	*left_x = x + 1;
	*first = start;
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
			char lines[12][512];
			int n = view_wrap(fd->label, inner - 4, lines, 12);
			for (int k = 0; k < n; k++) {
				char t[1024];
				join(t, sizeof t, k == 0 ? (fd->checked ? "[x] " : "[ ] ") : "    ", lines[k]);
				push(d, foc ? THEME_FIELD_FOCUS : THEME_DIALOG, 0, i, t);
			}
		} else {
			/* The value starts on the label's row, in the editors' column,
			 * as a text field's does (a short form fits a short screen). */
			char label[FORM_LINE * 2], val[600], lines[12][512];
			text_fit(fd->label, lw, label, sizeof label);
			snprintf(val, sizeof val, "< %s >", fd->nchoices ? fd->choices[fd->choice] : "");
			int n = view_wrap(val, inner - lw - 1, lines, 12);
			for (int k = 0; k < n; k++) {
				char pre[FORM_LINE * 2 + 256], t[sizeof pre + 512];
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
		n += (size_t)form_utf8_encode(fd->text[i], buf + n);
		used += widths[i];
	}
	buf[n] = '\0';
	view_put(v, y, x, w, focused ? THEME_FIELD_FOCUS : THEME_FIELD, buf);
	return x + before;
}

void view_draw_form(view *v, const form *f)
{
	static drows d;
	int bw = dialog_width(v), focus_row, top, left, first;
	d.n = 0;
	build_form(v, f, bw, &d, &focus_row);
	draw_rows(v, f->title, &d, focus_row, bw, &top, &left, &first);
	int inner = bw - 2, lw = label_width(f, inner);
	int cy = -1, cx = 0;
	int shown = dialog_inner(v) < d.n ? dialog_inner(v) : d.n;
	for (int i = first; i < first + shown && i < d.n; i++) {
		const drow *r = &d.r[i];
		if (r->field < 0)
			continue;
		const form_field *fd = &f->fields[r->field];
		int y = top + (i - first);
		if (r->editor) {
			int c = draw_editor(v, fd, r->field == f->focus, y, left + lw + 1, inner - lw - 1);
			if (r->field == f->focus) {
				cy = y;
				cx = c;
			}
		}
	}
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx);
	} else {
		curs_set(0);
	}
}

static bool handle_resize(view *v)
{
	if (view_layout(v))
		controller_load(v->ctl);
	return true;
}

static void send_frame(void)
{
	wnoutrefresh(stdscr);
	doupdate();
}

/* No key for a while: another process may have committed. The board under
 * the dialog shows it too (the controller keeps its card by id). */
static bool idle(view *v)
{
	bool changed = controller_poll(v->ctl);
	if (changed && view_layout(v))
		controller_load(v->ctl);
	return changed;
}

typedef enum dialog_input { DIALOG_STOP, DIALOG_IDLE, DIALOG_KEY } dialog_input;

/* A key for an open dialog. Meanwhile a resize relays out the board and
 * another process's change reloads it: both set *dirty (redraw), as a
 * key does. A frame the caller drew (*dirty) is sent first. */
static dialog_input dialog_read(view *v, bool *dirty, keymap_key *k)
{
	if (*dirty) {
		send_frame(); /* the caller drew the frame */
		*dirty = false;
	}
	view_input in = view_read_key(v, k);
	if (in == VIEW_INPUT_STOP)
		return DIALOG_STOP;
	if (in == VIEW_INPUT_RESIZE)
		*dirty = handle_resize(v);
	if (in == VIEW_INPUT_TIMEOUT && idle(v))
		*dirty = true;
	if (in != VIEW_INPUT_KEY)
		return DIALOG_IDLE;
	*dirty = true; /* a key changes what the dialog shows */
	return DIALOG_KEY;
}

/* A dialog action for an open list or question (see dialog_read). */
static dialog_input dialog_action(view *v, bool *dirty, keymap_action *a)
{
	keymap_key k;
	dialog_input in = dialog_read(v, dirty, &k);
	*a = in == DIALOG_KEY ? controller_dialog_key(&v->cfg->keys, k) : KEYMAP_ACTION_NONE;
	return in;
}

/* The board with rows d in a box over it (none when the screen is too small). */
static void draw_dialog(view *v, const char *title, const drows *d, int keep, int bw)
{
	int top, left, first;
	view_draw(v);
	if (!v->too_small)
		draw_rows(v, title, d, keep, bw, &top, &left, &first);
}

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

static bool ui_form(void *ctx, form *f)
{
	view *v = ctx;
	bool dirty = true, result = false;
	for (;;) {
		if (dirty) {
			view_draw(v);
			if (!v->too_small)
				view_draw_form(v, f);
		}
		keymap_key k;
		dialog_input in = dialog_read(v, &dirty, &k);
		if (in == DIALOG_STOP)
			break;
		if (in == DIALOG_IDLE)
			continue;
		controller_form_result r = controller_form_key(&v->cfg->keys, f, k);
		if (r == CONTROLLER_FORM_SAVE) {
			result = true;
			break;
		}
		if (r == CONTROLLER_FORM_CANCEL)
			break;
	}
	curs_set(0);
	v->ctl->dirty = true;
	return result;
}

/* ---- list ----------------------------------------------------------------- */

static int ui_choose(void *ctx, const char *title, const char *const *items, int n, int selected)
{
	view *v = ctx;
	static drows d;
	int sel = selected >= 0 && selected < n ? selected : 0, result = -1;
	bool dirty = true;
	for (;;) {
		if (dirty) {
			int bw = dialog_width(v), keep = 0;
			d.n = 0;
			for (int i = 0; i < n; i++) {
				char lines[6][512];
				int m = view_wrap(items[i], bw - 6, lines, 6);
				for (int k = 0; k < m; k++) {
					char t[1024];
					join(t, sizeof t, k ? "  " : (i == sel ? "> " : "  "), lines[k]);
					push(&d, i == sel ? THEME_FIELD_FOCUS : THEME_DIALOG, 0, i, t);
					if (i == sel)
						keep = d.n - 1;
				}
			}
			push_hint(v, &d, THEME_CARD_META, "choose", "close");
			draw_dialog(v, title, &d, keep, bw);
		}
		keymap_action a;
		dialog_input in = dialog_action(v, &dirty, &a);
		if (in == DIALOG_STOP)
			break;
		if (in == DIALOG_IDLE)
			continue;
		if (a == KEYMAP_DIALOG_UP && sel > 0)
			sel--;
		else if (a == KEYMAP_DIALOG_DOWN && sel < n - 1)
			sel++;
		else if (a == KEYMAP_DIALOG_SELECT || a == KEYMAP_DIALOG_TOGGLE) {
			result = sel;
			break;
		} else if (a == KEYMAP_DIALOG_CANCEL)
			break;
	}
	v->ctl->dirty = true;
	return result;
}

/* ---- question ------------------------------------------------------------- */

static bool ui_confirm(void *ctx, const char *question)
{
	view *v = ctx;
	static drows d;
	bool dirty = true, result = false;
	for (;;) {
		if (dirty) {
			int bw = dialog_width(v);
			if (bw > 60)
				bw = 60;
			d.n = 0;
			push_wrapped(&d, THEME_DIALOG, 0, -1, question, bw - 2);
			push_hint(v, &d, THEME_HELP_KEY, "yes", "no");
			draw_dialog(v, "Confirm", &d, 0, bw);
		}
		keymap_action a;
		dialog_input in = dialog_action(v, &dirty, &a);
		if (in == DIALOG_STOP)
			break;
		if (in == DIALOG_IDLE)
			continue;
		if (a == KEYMAP_DIALOG_SELECT) {
			result = true;
			break;
		}
		if (a == KEYMAP_DIALOG_CANCEL)
			break;
	}
	v->ctl->dirty = true;
	return result;
}

/* ---- pager ---------------------------------------------------------------- */

static bool grow_rows(view_prow **r, int *cap, int m)
{
	if (m < *cap)
		return true;
	view_prow *g = realloc(*r, sizeof **r * (size_t)(*cap * 2));
	if (!g)
		return false;
	*r = g;
	*cap *= 2;
	return true;
}

view_prow *view_pager_rows(char *const *lines, int n, int width, int *out_n)
{
	int cap = n > 0 ? n * 2 : 1, m = 0;
	view_prow *r = malloc(sizeof *r * (size_t)cap);
	if (!r) {
		*out_n = 0;
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		char *line = strdup(lines[i]), head[512] = "";
		if (!line)
			break;
		const char *t = line;
		int indent = 0, cont;
		char *mark = strchr(line, CONTROLLER_HANG);
		if (mark) {
			*mark = '\0';
			join(head, sizeof head, line, "");
			t = mark + 1;
		}
		int hw = text_width(head);
		if (mark && hw + 16 <= width) {
			/* The head on the first row; the text wraps in the column after it. */
			indent = hw;
			cont = hw;
		} else {
			if (mark) {
				/* Too narrow for the column: one line again, the head's
				 * padding squeezed to two spaces ("  Left h  Focus ..."). */
				char *end = mark;
				while (end > line && end[-1] == ' ')
					end--;
				size_t keep = end > line ? 2 : 0;
				memcpy(end, "  ", keep);
				memmove(end + keep, mark + 1, strlen(mark + 1) + 1);
			}
			t = line;
			head[0] = '\0';
			while (t[indent] == ' ' && indent < 24)
				indent++;
			cont = indent + 4 < width / 2 ? indent + 4 : indent;
			t += indent;
		}
		char parts[16][512];
		int k = view_wrap(t, width - cont > 8 ? width - cont : width, parts, 16);
		bool heading = line[0] && line[0] != ' ';
		for (int p = 0; p < k; p++) {
			if (!grow_rows(&r, &cap, m))
				break;
			char pad[256];
			int np = p == 0 ? indent : cont;
			snprintf(pad, sizeof pad, "%*s", np < 250 ? np : 250, "");
			join(r[m].text, sizeof r[m].text, p == 0 && head[0] ? head : pad, parts[p]);
			r[m].head = heading;
			m++;
		}
		free(line);
	}
	*out_n = m;
	return r;
}

static void ui_pager(void *ctx, const char *title, char *const *lines, int n)
{
	view *v = ctx;
	int off = 0, nrows = 0, wrapped_at = -1;
	view_prow *rows = NULL;
	bool dirty = true;
	for (;;) {
		int bw = v->w - 2, inner = v->h - 4;
		if (bw < 10)
			bw = 10;
		if (inner < 1)
			inner = 1;
		if (wrapped_at != bw) {
			/* Long lines (criteria, notes) wrap instead of being cut. */
			free(rows);
			rows = view_pager_rows(lines, n, bw - 2, &nrows);
			wrapped_at = bw;
		}
		if (off > nrows - inner)
			off = nrows - inner;
		if (off < 0)
			off = 0;
		if (dirty) {
			view_draw(v);
			if (!v->too_small) {
				int x = (v->w - bw) / 2;
				char t[4096], keys[64];
				keymap_describe(&v->cfg->keys, KEYMAP_DIALOG_CANCEL, keys, sizeof keys);
				snprintf(t, sizeof t, "%s  (%d-%d/%d, %s closes)", title, nrows ? off + 1 : 0,
				         off + inner < nrows ? off + inner : nrows, nrows, keys);
				view_box(v, 1, x, inner + 2, bw, t);
				for (int i = 0; i < inner && off + i < nrows; i++)
					view_put(v, 2 + i, x + 1, bw - 2,
					         rows[off + i].head ? THEME_DIALOG_TITLE : THEME_DIALOG, rows[off + i].text);
			}
		}
		keymap_key k;
		dialog_input in = dialog_read(v, &dirty, &k);
		if (in == DIALOG_STOP)
			break;
		if (in == DIALOG_IDLE)
			continue;
		keymap_action a = controller_pager_key(&v->cfg->keys, k);
		if (a == KEYMAP_DIALOG_UP || a == KEYMAP_FOCUS_UP)
			off--;
		else if (a == KEYMAP_DIALOG_DOWN || a == KEYMAP_FOCUS_DOWN)
			off++;
		else if (a == KEYMAP_PAGE_UP)
			off -= inner;
		else if (a == KEYMAP_PAGE_DOWN || a == KEYMAP_DIALOG_TOGGLE)
			off += inner;
		else if (a == KEYMAP_FIRST)
			off = 0;
		else if (a == KEYMAP_LAST)
			off = nrows;
		else if (a == KEYMAP_DIALOG_CANCEL || a == KEYMAP_DIALOG_SELECT || a == KEYMAP_HELP ||
		         a == KEYMAP_QUIT)
			break;
	}
	free(rows);
	v->ctl->dirty = true;
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

/* The query on the first row, the items that match it (the selection
 * kept in view from *top), their notes on the right, the keys last. The
 * box keeps its height as the list narrows. */
static void draw_pick(view *v, controller_pick *p, int *top)
{
	const keymap *km = &v->cfg->keys;
	int bw = dialog_width(v) < 60 ? dialog_width(v) : 60, inner = bw - 2;
	/* Inside the frame: the query, a blank, the list, a blank, the keys. */
	int list = dialog_inner(v) - 4;
	if (list > p->n)
		list = p->n;
	if (list < 1)
		list = 1;
	int bh = list + 6, y = (v->h - 1 - bh) / 2, x = (v->w - bw) / 2;
	if (y < 0) y = 0;
	if (x < 0) x = 0;
	view_draw(v);
	if (v->too_small)
		return;
	view_box(v, y, x, bh, bw, p->title);
	char line[CONTROLLER_QUERY_LEN + 64];
	snprintf(line, sizeof line, "%c%s: ", p->noun[0] - 'a' + 'A', p->noun + 1);
	int lw = text_width(line);
	view_put(v, y + 1, x + 1, lw, THEME_DIALOG_TITLE, line);
	view_put(v, y + 1, x + 1 + lw, inner - lw, THEME_FIELD_FOCUS, p->query);
	if (p->sel >= 0 && p->sel < *top)
		*top = p->sel;
	if (p->sel >= *top + list)
		*top = p->sel - list + 1;
	if (*top > p->nshown - list)
		*top = p->nshown - list;
	if (*top < 0)
		*top = 0;
	for (int r = 0; r < list; r++) {
		int i = *top + r, ry = y + 3 + r;
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
	if (cx < x + bw - 1) {
		curs_set(1);
		move(y + 1, cx);
	}
}

static int ui_pick(void *ctx, controller_pick *p)
{
	view *v = ctx;
	bool dirty = true;
	int top = 0, result = -1;
	for (;;) {
		if (dirty)
			draw_pick(v, p, &top);
		keymap_key k;
		dialog_input in = dialog_read(v, &dirty, &k);
		if (in == DIALOG_STOP)
			break;
		if (in == DIALOG_IDLE)
			continue;
		controller_pick_result r = controller_pick_key(&v->cfg->keys, p, k);
		if (r == CONTROLLER_PICK_CHOSEN) {
			result = controller_pick_choice(p);
			break;
		}
		if (r == CONTROLLER_PICK_CANCEL)
			break;
	}
	curs_set(0);
	v->ctl->dirty = true;
	return result;
}

controller_ui view_ui(view *v)
{
	controller_ui ui = { .form = ui_form, .choose = ui_choose, .confirm = ui_confirm,
	                     .pager = ui_pager, .ctx = v, .pick = ui_pick };
	return ui;
}
