/* view: the review screen and the lists of cards behind its figures
 * (board/review_screen.h), drawn as their documents say; nothing here is
 * a figure. */
#include "view_int.h"

#include <stdio.h>
#include <string.h>

#include "board/review_screen.h"
#include "util/text.h"

/* The title on the first row, the position in what scrolls on its right
 * ("1-21/64") when not everything is shown. */
static void title_row(view *v, const char *title, long long first, long long last, long long of)
{
	char pos[64] = "";
	if (of > 0 && (first > 1 || last < of))
		snprintf(pos, sizeof pos, " %lld-%lld/%lld", first, last, of);
	int pw = text_width(pos);
	if (pw > v->w / 2)
		pw = 0;
	view_put(v, 0, 0, v->w - pw, THEME_COLUMN_TITLE, title);
	if (pw)
		view_put(v, 0, v->w - pw, pw, THEME_TOTALS, pos);
}

static void bottom_rows(view *v, const model *m, bool list)
{
	char status[1024];
	view_message_line(v, m, false);
	review_status_text(&v->cfg->keys, list, v->w, status, sizeof status);
	view_put(v, v->h - 1, 0, v->w, THEME_STATUS, status);
}

void view_draw_review(const screen *s, view *v)
{
	const review_screen *r = review_of(s);
	attrset(A_NORMAL);
	erase();
	if (v->too_small) {
		view_too_small(v);
		return;
	}
	const rdoc *d = &r->doc;
	int page = review_page(v->h);
	char title[256];
	int last = r->off + page < d->nlines ? r->off + page : d->nlines;
	review_title(r, false, title, sizeof title);
	if (text_width(title) + 12 > v->w)
		review_title(r, true, title, sizeof title);
	title_row(v, title, r->off + 1, last, d->nlines);
	if (!r->loaded)
		view_put(v, 1, 1, v->w - 2, THEME_CARD_META, "The review could not be read.");
	for (int i = 0; i < page && r->off + i < d->nlines; i++) {
		const rdoc_line *ln = &d->line[r->off + i];
		for (int k = 0; k < ln->n; k++) {
			const rdoc_span *sp = &ln->span[k];
			bool focus = sp->target >= 0 && sp->target == r->focus;
			view_put(v, 1 + i, sp->x, sp->w, focus ? THEME_CARD_FOCUS : sp->role, sp->text);
		}
	}
	bottom_rows(v, &r->c->model, false);
}

void view_draw_review_list(const screen *s, view *v)
{
	const review_list_screen *l = review_list_of(s);
	attrset(A_NORMAL);
	erase();
	if (v->too_small) {
		view_too_small(v);
		return;
	}
	char title[512];
	review_list_title(l, title, sizeof title);
	title_row(v, title, (long long)l->top + 1, (long long)l->top + l->nrows, (long long)l->count);
	int page = review_page(v->h), end = v->w - 1;
	if (l->count == 0)
		view_put(v, 1, 1, end - 1, THEME_CARD_META, "No cards.");
	int n = l->nrows < page ? l->nrows : page;
	bool wide;
	int rw = rdoc_entries_right(l->row, n, l->pick.list, v->w, &wide);
	int idw = rdoc_entries_idw(l->row, n);
	if (rw > end - 4)
		rw = end - 4;
	for (int i = 0; i < n; i++) {
		const rdoc_card *c = &l->row[i];
		char left[1024], right[256], pad[300];
		rdoc_entry_right(c, l->pick.list, wide, right, sizeof right);
		rdoc_entry_left(c, idw, left, sizeof left);
		/* right-aligned in its column */
		int gap = rw - text_width(right);
		snprintf(pad, sizeof pad, "%*s%s", gap > 0 ? gap : 0, "", right);
		bool sel = l->top + i == l->sel;
		view_put(v, 1 + i, 1, end - rw - 3, sel ? THEME_CARD_FOCUS : THEME_CARD, left);
		view_put(v, 1 + i, end - rw - 2, 2, sel ? THEME_CARD_FOCUS : THEME_CARD, "");
		view_put(v, 1 + i, end - rw, rw, sel ? THEME_CARD_FOCUS : THEME_CARD_META, pad);
	}
	bottom_rows(v, &l->parent->c->model, true);
}
