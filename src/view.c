/* view: colours, layout and the board itself. */
#include "view_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "board.h"
#include "date.h"
#include "money.h"
#include "text.h"

static const unsigned mono_attrs[THEME_ROLE_COUNT] = {
#define VIEW_MONO_(name, yaml, fg, bg, attrs, mono) [THEME_##name] = (mono),
	THEME_ROLES(VIEW_MONO_)
#undef VIEW_MONO_
};

static attr_t curses_attrs(unsigned a)
{
	attr_t r = A_NORMAL;
	if (a & THEME_A_BOLD) r |= A_BOLD;
	if (a & THEME_A_DIM) r |= A_DIM;
	if (a & THEME_A_REVERSE) r |= A_REVERSE;
	if (a & THEME_A_UNDERLINE) r |= A_UNDERLINE;
	if (a & THEME_A_STANDOUT) r |= A_STANDOUT;
#ifdef A_ITALIC
	if (a & THEME_A_ITALIC) r |= A_ITALIC;
#endif
	return r;
}

bool view_monochrome(const config *cfg, bool terminal_has_colours)
{
	const char *nc = getenv("NO_COLOR");
	if (cfg->theme.monochrome || !terminal_has_colours)
		return true;
	return nc && nc[0] && !cfg->theme.names_colours;
}

static void init_colours(view *v)
{
	v->colour = !view_monochrome(v->cfg, has_colors());
	if (v->colour && start_color() == ERR)
		v->colour = false;
	bool defaults = v->colour && use_default_colors() == OK;
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const theme_style *s = &v->cfg->theme.style[r];
		if (!v->colour || r + 1 >= COLOR_PAIRS) {
			v->attr[r] = curses_attrs(mono_attrs[r]);
			continue;
		}
		int fg = theme_colour_fit(s->fg, COLORS), bg = theme_colour_fit(s->bg, COLORS);
		if (!defaults) {
			/* Without the terminal's own colours, -1 means white on black. */
			if (fg == THEME_DEFAULT) fg = COLOR_WHITE;
			if (bg == THEME_DEFAULT) bg = COLOR_BLACK;
		}
		fg = theme_contrast_fg(fg, bg, COLORS);
		init_pair((short)(r + 1), (short)fg, (short)bg);
		v->attr[r] = COLOR_PAIR(r + 1) | curses_attrs(s->attrs);
	}
}

void view_init(view *v, const config *cfg, controller *ctl)
{
	memset(v, 0, sizeof *v);
	v->cfg = cfg;
	v->ctl = ctl;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	leaveok(stdscr, FALSE);
	curs_set(0);
	init_colours(v);
	bkgdset(' ' | v->attr[THEME_BOARD]);
	view_layout(v);
}

/* ---- helpers -------------------------------------------------------------- */

void view_put_attr(view *v, int y, int x, int width, attr_t a, const char *text)
{
	(void)v;
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	char buf[2048];
	int used = text_fit(text ? text : "", width, buf, sizeof buf);
	attrset(a);
	mvaddstr(y, x, buf);
	for (int i = used; i < width; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

void view_put(view *v, int y, int x, int width, theme_role r, const char *text)
{
	view_put_attr(v, y, x, width, v->attr[r], text);
}

int view_wrap(const char *text, int width, char lines[][512], int max)
{
	char clean[4096];
	text_sanitize(text ? text : "", clean, sizeof clean);
	int n = 0;
	const char *p = clean;
	if (width < 1)
		width = 1;
	while (*p && n < max) {
		/* Take characters while they fit; remember the last space. */
		mbstate_t ms;
		memset(&ms, 0, sizeof ms);
		const char *q = p, *brk = NULL;
		int w = 0;
		while (*q) {
			wchar_t wc;
			size_t len = mbrtowc(&wc, q, MB_CUR_MAX, &ms);
			if (len == 0 || len == (size_t)-1 || len == (size_t)-2) {
				len = 1;
				wc = L'?';
			}
			int cw = wcwidth(wc);
			if (cw < 0)
				cw = 1;
			if (w + cw > width)
				break;
			if (wc == L' ')
				brk = q;
			w += cw;
			q += len;
		}
		const char *end = q;
		if (*q && brk && brk > p)
			end = brk;
		if (end == p) /* one character wider than the line */
			end = q > p ? q : p + 1;
		size_t len = (size_t)(end - p);
		if (len > 511)
			len = 511;
		memcpy(lines[n], p, len);
		lines[n][len] = '\0';
		n++;
		p = end;
		while (*p == ' ')
			p++;
	}
	if (n == 0 && max > 0) {
		lines[0][0] = '\0';
		n = 1;
	}
	return n;
}

void view_box(view *v, int y, int x, int h, int w, const char *title)
{
	attrset(v->attr[THEME_DIALOG]);
	for (int r = y; r < y + h; r++)
		mvhline(r, x, ' ', w);
	mvhline_set(y, x + 1, WACS_HLINE, w - 2);
	mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
	mvvline_set(y + 1, x, WACS_VLINE, h - 2);
	mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
	mvadd_wch(y, x, WACS_ULCORNER);
	mvadd_wch(y, x + w - 1, WACS_URCORNER);
	mvadd_wch(y + h - 1, x, WACS_LLCORNER);
	mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	attrset(A_NORMAL);
	if (title && title[0]) {
		char t[1024];
		snprintf(t, sizeof t, " %s ", title);
		char fit[1024];
		int tw = text_fit(t, w - 4, fit, sizeof fit);
		view_put(v, y, x + 2, tw, THEME_DIALOG_TITLE, fit);
	}
}

/* ---- layout --------------------------------------------------------------- */

bool view_layout(view *v)
{
	controller *c = v->ctl;
	v->h = LINES;
	v->w = COLS;
	v->too_small = v->w < VIEW_MIN_W || v->h < VIEW_MIN_H;
	v->ncols = 0;
	v->more_left = v->more_right = false;
	if (v->too_small)
		return false;
	v->body_top = 3;
	int body = v->h - v->body_top - 2; /* message line and status bar below */
	v->pitch = body >= 4 * 3 ? VIEW_CARD_LINES + 1 : VIEW_CARD_LINES;
	int rows = (body + (v->pitch - VIEW_CARD_LINES)) / v->pitch;
	if (rows < 1)
		rows = 1;
	v->body_rows = body;

	/* The columns drawn in full, and the focused one kept in view. */
	int shown[PIPELINE_STAGE_COUNT], nshown = 0;
	bool strip = c->lost_collapsed;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		if (!(strip && s == PIPELINE_PERDIDA))
			shown[nshown++] = s;
	int avail = v->w - (strip ? VIEW_STRIP : 0);
	int k = avail / VIEW_COL_MIN;
	if (k < 1)
		k = 1;
	if (k > nshown)
		k = nshown;
	int focus_i = 0;
	for (int i = 0; i < nshown; i++)
		if (shown[i] == (int)c->focus)
			focus_i = i;
	if (v->first > nshown - k)
		v->first = nshown - k;
	if (focus_i < v->first)
		v->first = focus_i;
	if (focus_i >= v->first + k)
		v->first = focus_i - k + 1;
	if (v->first < 0)
		v->first = 0;
	v->more_left = v->first > 0;
	v->more_right = v->first + k < nshown;
	int x = 0, base = avail / k, extra = avail % k;
	for (int i = 0; i < k; i++) {
		view_column *col = &v->cols[v->ncols++];
		col->stage = shown[v->first + i];
		col->x = x;
		col->width = base + (i < extra ? 1 : 0);
		col->strip = false;
		x += col->width;
	}
	if (strip) {
		view_column *col = &v->cols[v->ncols++];
		col->stage = PIPELINE_PERDIDA;
		col->x = x;
		col->width = v->w - x;
		col->strip = true;
	}
	bool changed = c->col[0].rows != rows;
	controller_set_rows(c, rows);
	return changed;
}

/* ---- the board ------------------------------------------------------------ */

static void totals_text(const store_summary *s, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < s->ntotals && n + 1 < bufsz; i++) {
		char amount[64];
		money_format_human(s->totals[i].amount, s->totals[i].currency, amount, sizeof amount);
		int w = snprintf(buf + n, bufsz - n, "%s%s %s", i ? " · " : "", s->totals[i].currency, amount);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	if (s->more && n + 4 < bufsz)
		snprintf(buf + n, bufsz - n, " +…");
}

static void draw_card(view *v, const store_card *k, int y, int x, int w, bool focused)
{
	controller *c = v->ctl;
	int64_t days = date_days_since(k->stage_since, c->now);
	int stale_after = v->cfg->stale_days[k->stage];
	bool stale = stale_after > 0 && days >= stale_after;
	theme_role base = focused ? THEME_CARD_FOCUS : stale ? THEME_CARD_STALE : THEME_CARD;
	theme_role meta = focused ? THEME_CARD_FOCUS : stale ? THEME_CARD_STALE : THEME_CARD_META;
	char line[1024], amount[64] = "";
	if (k->has_amount) {
		money_format_human(k->amount, k->currency, amount, sizeof amount);
		size_t n = strlen(amount);
		snprintf(amount + n, sizeof amount - n, " %s", k->currency);
	} else {
		snprintf(amount, sizeof amount, "- %s", k->currency);
	}
	view_put_attr(v, y, x, w, v->attr[base] | A_BOLD, k->title);
	if (y + 1 < v->body_top + v->body_rows)
		view_put(v, y + 1, x, w, meta, k->client);
	if (y + 2 < v->body_top + v->body_rows) {
		char progress[16] = "";
		if (k->stage == PIPELINE_INMADURA)
			snprintf(progress, sizeof progress, " · %d/%d", k->criteria_met, PIPELINE_CRITERIA);
		snprintf(line, sizeof line, "%s · %lldd%s%s · %s", amount, (long long)days, progress,
		         stale ? " !" : "", k->owner && k->owner[0] ? k->owner : "-");
		view_put(v, y + 2, x, w, meta, line);
	}
}

static void draw_column(view *v, const view_column *vc)
{
	controller *c = v->ctl;
	pipeline_stage s = (pipeline_stage)vc->stage;
	const controller_column *col = &c->col[s];
	const store_summary *sum = &c->sum[s];
	bool focus = s == c->focus;
	int x = vc->x, w = vc->width;
	int tx = x + 1, tw = w - 2; /* one space left, the separator right */
	if (tw < 1)
		tw = 1;
	char head[256];
	if (vc->strip) {
		attrset(v->attr[THEME_BOARD]);
		mvvline_set(0, x, WACS_VLINE, v->h - 2);
		snprintf(head, sizeof head, "%s", pipeline_stage_short(s));
		view_put(v, 0, x + 1, w - 1, THEME_COLUMN_TITLE, head);
		snprintf(head, sizeof head, "%lld", (long long)sum->count);
		view_put(v, 1, x + 1, w - 1, THEME_TOTALS, head);
		return;
	}
	snprintf(head, sizeof head, "%s (%lld)", pipeline_stage_short(s), (long long)sum->count);
	view_put(v, 0, x, w - 1, focus ? THEME_COLUMN_FOCUS : THEME_COLUMN_TITLE, "");
	view_put(v, 0, tx, tw, focus ? THEME_COLUMN_FOCUS : THEME_COLUMN_TITLE, head);
	char totals[512];
	totals_text(sum, totals, sizeof totals);
	view_put(v, 1, tx, tw, THEME_TOTALS, totals);
	attrset(v->attr[THEME_BOARD]);
	mvhline_set(2, x, WACS_HLINE, w - 1);
	if (col->ncards && sum->count > col->ncards) {
		/* Where the window is: "6-10/250". */
		char pos[64];
		snprintf(pos, sizeof pos, " %lld-%lld/%lld ", (long long)col->top + 1,
		         (long long)(col->top + col->ncards), (long long)sum->count);
		int pw = (int)strlen(pos);
		if (pw < tw)
			view_put(v, 2, x + w - 1 - pw, pw, THEME_TOTALS, pos);
	}
	for (int i = 0; i < col->ncards; i++) {
		int y = v->body_top + i * v->pitch;
		if (y >= v->body_top + v->body_rows)
			break;
		bool sel = focus && col->top + i == col->sel;
		draw_card(v, &col->cards[i], y, tx, tw, sel);
	}
	if (col->ncards == 0) {
		const char *empty = sum->count ? "" : "(empty)";
		view_put(v, v->body_top, tx, tw, THEME_CARD_META, empty);
	}
	attrset(v->attr[THEME_BOARD]);
	if (x + w - 1 < v->w)
		mvvline_set(0, x + w - 1, WACS_VLINE, v->h - 2);
}

static void draw_message(view *v)
{
	controller *c = v->ctl;
	char lines[4][512];
	int y = v->h - 2;
	if (c->message[0]) {
		int n = view_wrap(c->message, v->w - 1, lines, 4);
		/* A long message (a refusal names every requirement) grows upwards. */
		for (int i = 0; i < n; i++)
			view_put(v, y - (n - 1) + i, 0, v->w, c->message_error ? THEME_REFUSAL : THEME_MESSAGE,
			         lines[i]);
		return;
	}
	char f[600] = "";
	if (c->filter_text[0] || c->filter_owner[0]) {
		char keys[64];
		keymap_describe(&v->cfg->keys, KEYMAP_CLEAR_FILTER, keys, sizeof keys);
		snprintf(f, sizeof f, "Filter:%s%s%s%s%s%s  (%s clears)", c->filter_text[0] ? " text \"" : "",
		         c->filter_text, c->filter_text[0] ? "\"" : "", c->filter_owner[0] ? " owner \"" : "",
		         c->filter_owner, c->filter_owner[0] ? "\"" : "", keys);
	}
	view_put(v, y, 0, v->w, THEME_MESSAGE, f);
}

void view_draw(view *v)
{
	controller *c = v->ctl;
	attrset(A_NORMAL);
	erase();
	if (v->too_small) {
		char msg[160];
		snprintf(msg, sizeof msg, "Terminal too small: %d×%d, need at least %d×%d", v->w, v->h,
		         VIEW_MIN_W, VIEW_MIN_H);
		char lines[4][512];
		int n = view_wrap(msg, v->w, lines, 4);
		for (int i = 0; i < n && i < v->h; i++)
			view_put(v, v->h / 2 - n / 2 + i, 0, v->w, THEME_REFUSAL, lines[i]);
		return;
	}
	for (int i = 0; i < v->ncols; i++)
		draw_column(v, &v->cols[i]);
	if (v->more_left)
		view_put(v, 0, 0, 1, THEME_COLUMN_TITLE, "<");
	if (v->more_right) {
		int x = v->cols[0].x;
		for (int i = 0; i < v->ncols; i++)
			if (!v->cols[i].strip)
				x = v->cols[i].x + v->cols[i].width - 1;
		view_put(v, 0, x, 1, THEME_COLUMN_TITLE, ">");
	}
	draw_message(v);
	char status[1024];
	controller_status_text(c, status, sizeof status);
	view_put(v, v->h - 1, 0, v->w, THEME_STATUS, status);
}

void view_render(view *v)
{
	if (view_layout(v))
		controller_load(v->ctl);
	if (v->ctl->repaint) {
		clearok(curscr, TRUE);
		v->ctl->repaint = false;
	}
	view_draw(v);
	wnoutrefresh(stdscr);
	doupdate();
	v->ctl->dirty = false;
}

/* ---- keys ----------------------------------------------------------------- */

view_input view_read_key(view *v, keymap_key *k)
{
	*k = KEYMAP_NONE;
	if (board_stop_requested() || v->lost)
		return VIEW_INPUT_STOP;
	timeout(VIEW_TIMEOUT_MS);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	wint_t wc = 0;
	errno = 0;
	int r = get_wch(&wc);
	if (board_stop_requested())
		return VIEW_INPUT_STOP;
	if (r == ERR) {
		if (errno == EINTR)
			return VIEW_INPUT_TIMEOUT;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		/* No key and no wait: the terminal is gone (EOF). Stop, don't spin. */
		if (ms < VIEW_TIMEOUT_MS / 4) {
			if (++v->quick_errors >= 20) {
				v->lost = true;
				return VIEW_INPUT_STOP;
			}
		} else {
			v->quick_errors = 0;
		}
		return VIEW_INPUT_TIMEOUT;
	}
	v->quick_errors = 0;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_RESIZE)
			return VIEW_INPUT_RESIZE;
		*k = KEYMAP_FN | (int)wc;
		return VIEW_INPUT_KEY;
	}
	if (wc == 27) {
		/* ESC then a key at once is Alt/Meta + key; ESC alone is Esc. */
		timeout(0);
		wint_t w2 = 0;
		int r2 = get_wch(&w2);
		if (r2 == OK && w2 != 27) {
			*k = KEYMAP_META | (int)w2;
			return VIEW_INPUT_KEY;
		}
		if (r2 == KEY_CODE_YES)
			ungetch((int)w2);
		*k = 27;
		return VIEW_INPUT_KEY;
	}
	*k = (int)wc;
	return VIEW_INPUT_KEY;
}
