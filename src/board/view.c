/* view: colours, layout and the board itself. */
#include "view_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/date.h"
#include "util/money.h"
#include "util/text.h"

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
	return theme_use_monochrome(&cfg->theme, terminal_has_colours, nc && nc[0]);
}

/* Each role's attributes come from theme_role_attrs: a monochrome theme's
 * own, or the ones the user set, win over the role table's monochrome
 * column (`theme: monochrome` with `status: {attrs: [underline]}`). */
static void init_colours(view *v)
{
	const theme *t = &v->cfg->theme;
	v->colour = !view_monochrome(v->cfg, has_colors());
	if (v->colour && start_color() == ERR)
		v->colour = false;
	bool defaults = v->colour && use_default_colors() == OK;
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const theme_style *s = &t->style[r];
		if (!v->colour || r + 1 >= COLOR_PAIRS) {
			/* No pair for this role: attributes only. */
			v->attr[r] = curses_attrs(theme_role_attrs(t, (theme_role)r, true));
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
		v->attr[r] = COLOR_PAIR(r + 1) | curses_attrs(theme_role_attrs(t, (theme_role)r, false));
	}
}

void view_init(view *v, const config *cfg)
{
	memset(v, 0, sizeof *v);
	v->cfg = cfg;
	v->cursor_y = -1;
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
	view_measure(v);
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
	if (used < width) /* the rest of the field blank, in one call */
		mvhline(y, x + used, ' ', width - used);
	attrset(A_NORMAL);
}

void view_put(view *v, int y, int x, int width, theme_role r, const char *text)
{
	view_put_attr(v, y, x, width, v->attr[r], text);
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

/* ---- amounts and totals --------------------------------------------------- */

void view_money_compact(int64_t minor, const char *currency, char *buf, size_t bufsz)
{
	/* Thousand, million, billion, trillion: the suffixes money is read
	 * with. Past them ("9.2E" reads as a number times ten to the E) the
	 * amount is written in full. */
	static const char suffix[] = "kMBT";
	int d = money_decimals(currency);
	uint64_t scale = 1;
	for (int i = 0; i < d; i++)
		scale *= 10;
	bool neg = minor < 0;
	uint64_t mag = neg ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	uint64_t whole = mag / scale, frac = mag % scale;
	if (frac * 2 >= scale && scale > 1)
		whole++; /* rounded to whole units */
	if (whole < 1000) {
		snprintf(buf, bufsz, "%s%llu", neg ? "-" : "", (unsigned long long)whole);
		return;
	}
	uint64_t unit = 1000;
	for (int i = 0; suffix[i]; i++, unit *= 1000) {
		uint64_t q = unit / 10;
		uint64_t tenths = whole / q + (whole % q * 2 >= q ? 1 : 0);
		/* Three digits before the point at most; 999.96k is 1M. */
		if (tenths < 10000) {
			if (tenths % 10)
				snprintf(buf, bufsz, "%s%llu.%llu%c", neg ? "-" : "",
				         (unsigned long long)(tenths / 10), (unsigned long long)(tenths % 10), suffix[i]);
			else
				snprintf(buf, bufsz, "%s%llu%c", neg ? "-" : "", (unsigned long long)(tenths / 10),
				         suffix[i]);
			return;
		}
	}
	money_format_human(minor, currency, buf, bufsz);
}

/* "CLP 117,500,000" (full) or "CLP 117.5M" (compact). A compact amount
 * past the suffixes is written in full (view_money_compact): when that is
 * wider than width (> 0) it reads "CLP too large", never a cut number. */
static void amount_text(int64_t minor, const char *currency, bool compact, int width, char *buf,
                        size_t bufsz)
{
	char a[64];
	if (compact)
		view_money_compact(minor, currency, a, sizeof a);
	else
		money_format_human(minor, currency, a, sizeof a);
	snprintf(buf, bufsz, "%s %s", currency, a);
	if (compact && width > 0 && text_width(buf) > width)
		snprintf(buf, bufsz, "%s too large", currency);
}

/* A total: its amount, or "CLP too large" when the sum went past int64
 * (its amount is then INT64_MAX, which is no sum of anything) or, compact,
 * when it is past the suffixes and wider than width (amount_text). */
static void total_text(const store_total *t, bool compact, int width, char *buf, size_t bufsz)
{
	if (t->overflow)
		snprintf(buf, bufsz, "%s too large", t->currency);
	else
		amount_text(t->amount, t->currency, compact, width, buf, bufsz);
}

/* The totals worth showing. A currency whose total is 0 is left out: the
 * store adds 0 for a card with no amount, so a zero sum cannot tell "no card
 * has an amount" from "the amounts are 0", and either way "CLP 0" says
 * nothing the count does not. So a column of cards without amounts shows no
 * money, nor does a weighted line at 0% (Perdida). A total past int64 is
 * kept (shown as "too large"). */
static void shown_totals(const store_summary *in, store_summary *out)
{
	*out = *in;
	out->ntotals = 0;
	for (int i = 0; i < in->ntotals; i++)
		if (in->totals[i].amount != 0 || in->totals[i].overflow)
			out->totals[out->ntotals++] = in->totals[i];
}

/* The totals joined on one line; compact ones say "too large" rather
 * than take more than width columns each. Returns the line's width. */
static int joined_width(const store_summary *s, bool compact, int width, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < s->ntotals; i++) {
		char a[96];
		total_text(&s->totals[i], compact, width, a, sizeof a);
		int w = snprintf(buf + n, bufsz - n, "%s%s", i ? " · " : "", a);
		if (w < 0 || (size_t)w >= bufsz - n)
			break;
		n += (size_t)w;
	}
	if (s->more && n + 8 < bufsz)
		snprintf(buf + n, bufsz - n, "%s+…", n ? " · " : "");
	return text_width(buf);
}

int view_totals_lines(const store_summary *all, int width, int maxlines, char lines[][256])
{
	if (maxlines < 1)
		return 0;
	store_summary shown;
	const store_summary *s = &shown;
	shown_totals(all, &shown);
	if (s->ntotals == 0 && !s->more) {
		/* Cards, but none with an amount: say so rather than "CLP 0". */
		snprintf(lines[0], 256, "%s", all->count > 0 ? "no amounts" : "");
		return 1;
	}
	if (joined_width(s, false, width, lines[0], 256) <= width)
		return 1;
	if (joined_width(s, true, width, lines[0], 256) <= width || maxlines == 1)
		return 1;
	/* Packed: as many compact amounts per line as fit; the rest on the last. */
	int n = 1;
	size_t len = 0;
	lines[0][0] = '\0';
	int items = s->ntotals + (s->more ? 1 : 0);
	for (int i = 0; i < items; i++) {
		char a[96];
		if (i < s->ntotals)
			total_text(&s->totals[i], true, width, a, sizeof a);
		else
			snprintf(a, sizeof a, "+…");
		int lw = text_width(lines[n - 1]), aw = text_width(a);
		if (len && lw + 3 + aw > width && n < maxlines) {
			n++;
			len = 0;
			lines[n - 1][0] = '\0';
		}
		int w = snprintf(lines[n - 1] + len, 256 - len, "%s%s", len ? " · " : "", a);
		if (w < 0 || (size_t)w >= 256 - len)
			break;
		len += (size_t)w;
	}
	return n;
}

/* ---- weighted totals ------------------------------------------------------ */

/* The first k items of a summary ("CLP 53.1M · USD 130.2k"), then " …"
 * when some were left off. The "+…" of a summary with more currencies than
 * it holds counts as an item. */
static void weighted_items(const store_summary *w, bool compact, int k, int width, char *buf,
                           size_t bufsz)
{
	int items = w->ntotals + (w->more ? 1 : 0);
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < k && i < items; i++) {
		char a[96];
		if (i < w->ntotals)
			total_text(&w->totals[i], compact, width, a, sizeof a);
		else
			snprintf(a, sizeof a, "+…");
		int r = snprintf(buf + n, bufsz - n, "%s%s", i ? " · " : "", a);
		if (r < 0 || (size_t)r >= bufsz - n)
			return;
		n += (size_t)r;
	}
	if (k < items)
		snprintf(buf + n, bufsz - n, "%s…", n ? " " : "");
}

/* "≈30% CLP 53.1M · USD 130.2k": one line, the probability first so it is
 * never the part that falls off. Whole amounts or none: "USD 1…" would read
 * as a number. */
bool view_weighted_line(int probability, const store_summary *weighted, int width, char *line,
                        size_t linesz)
{
	line[0] = '\0';
	if (weighted->ntotals == 0 && !weighted->more)
		return false;
	store_summary w;
	shown_totals(weighted, &w);
	/* Every value 0 (no amounts, or a stage weighed 0% like Perdida): no
	 * line. Currencies beyond the summary are 0 too at 0%. */
	if (w.ntotals == 0 && (!w.more || probability <= 0))
		return false;
	char pct[16], amounts[256];
	snprintf(pct, sizeof pct, MODEL_MARK_WEIGHTED "%d%%", probability);
	int items = w.ntotals + (w.more ? 1 : 0);
	for (int compact = 0; compact < 2; compact++) {
		/* The full amounts only when all of them fit. */
		for (int k = items; k >= (compact ? 1 : items); k--) {
			weighted_items(&w, compact, k, width - text_width(pct) - 1, amounts, sizeof amounts);
			snprintf(line, linesz, "%s %s", pct, amounts);
			if (text_width(line) <= width)
				return true;
		}
	}
	/* Not even one amount: the probability and the mark, cut if need be. */
	char all[300];
	snprintf(all, sizeof all, "%s …", pct);
	text_fit(all, width, line, linesz);
	return true;
}

/* ---- the board's total line -------------------------------------------------- */

/* "Forecast ≈ A · B" with kf of its items and "   Invoiced C" with ki of
 * its items (0: left out), each followed by " …" when some are left off;
 * with `brief`, the labels "Fcst ≈" and "Inv", so that narrow terminals
 * keep both parts. */
static void total_items(const store_summary *fc, int kf, const store_summary *inv, int ki,
                        bool compact, bool brief, int width, char *line, size_t linesz)
{
	char a[256] = "", b[256] = "";
	weighted_items(fc, compact, kf, width, a, sizeof a);
	if (ki > 0)
		weighted_items(inv, compact, ki, width, b, sizeof b);
	const char *fl = brief ? "Fcst " MODEL_MARK_WEIGHTED " " : "Forecast " MODEL_MARK_WEIGHTED " ";
	const char *il = brief ? "Inv " : "Invoiced ";
	snprintf(line, linesz, "%s%s%s%s%s", kf > 0 ? fl : "", a, ki > 0 && kf > 0 ? "   " : "",
	         ki > 0 ? il : "", b);
}

bool view_total_line(const store_summary *forecast_in, const store_summary *invoiced_in, int width,
                     char *line, size_t linesz)
{
	store_summary fc, inv;
	shown_totals(forecast_in, &fc);
	shown_totals(invoiced_in, &inv);
	int nf = fc.ntotals + (fc.more ? 1 : 0), ni = inv.ntotals + (inv.more ? 1 : 0);
	line[0] = '\0';
	if (width <= 0 || (nf == 0 && ni == 0))
		return false;
	/* Full amounts only when every one fits; then compact ones, as many
	 * as fit, the forecast's first; the invoiced part goes before the
	 * forecast gives up its first amount. At each number of amounts the
	 * labels in words first, then the brief ones: an amount left off is
	 * lost, a shorter label is not. */
	total_items(&fc, nf, &inv, ni, false, false, width, line, linesz);
	if (text_width(line) <= width)
		return true;
	int minf = nf > 0 ? 1 : 0, mini = ni > 0 ? 1 : 0;
	for (int total = nf + ni; total >= minf + mini; total--)
		for (int kf = total - mini < nf ? total - mini : nf; kf >= minf && total - kf <= ni; kf--)
			for (int brief = 0; brief < 2; brief++) {
				total_items(&fc, kf, &inv, total - kf, true, brief, width, line, linesz);
				if (text_width(line) <= width)
					return true;
			}
	/* No room for both: the forecast alone, never the invoiced alone. */
	for (int kf = mini ? nf : 0; kf >= 1; kf--)
		for (int brief = 0; brief < 2; brief++) {
			total_items(&fc, kf, &inv, 0, true, brief, width, line, linesz);
			if (text_width(line) <= width)
				return true;
		}
	line[0] = '\0';
	return false;
}

/* ---- layout --------------------------------------------------------------- */

/* The official stage name when it fits, the short one otherwise. */
static void column_title(pipeline_stage s, int64_t count, bool full, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s (%lld)", full ? pipeline_stage_name(s) : pipeline_stage_short(s),
	         (long long)count);
}

/* Official names only when every shown column has room for its own. */
static bool fits_full_titles(const view *v, const model *m)
{
	for (int i = 0; i < v->ncols; i++) {
		const view_column *vc = &v->cols[i];
		char t[256];
		if (vc->strip)
			continue;
		column_title((pipeline_stage)vc->stage, m->sum[vc->stage].count, true, t, sizeof t);
		if (text_width(t) > vc->width - 2)
			return false;
	}
	return true;
}

/* Two lines of totals when some shown column cannot fit them on one
 * (three currencies in a narrow column), and the screen is tall enough. */
static int needed_total_lines(const view *v, const model *m)
{
	if (v->h < VIEW_TOTALS_TALL)
		return 1;
	for (int i = 0; i < v->ncols; i++) {
		const view_column *vc = &v->cols[i];
		if (vc->strip)
			continue;
		char lines[2][256];
		if (view_totals_lines(&m->sum[vc->stage], vc->width - 2, 2, lines) > 1)
			return 2;
	}
	return 1;
}

void view_measure(view *v)
{
	v->h = LINES;
	v->w = COLS;
	v->too_small = v->w < VIEW_MIN_W || v->h < VIEW_MIN_H;
}

bool view_layout(view *v, const model *m)
{
	view_measure(v);
	v->ncols = 0;
	v->more_left = v->more_right = false;
	if (v->too_small)
		return false;

	/* The columns drawn in full, and the focused one kept in view. */
	int shown[PIPELINE_STAGE_COUNT], nshown = 0;
	bool strip = m->lost_collapsed;
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
		if (shown[i] == (int)m->focus)
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

	/* Title, totals, the weighted line, a rule; the cards; the message line
	 * and the status bar. Every column has the same header rows, so the
	 * rules and the first cards line up. The weighted line goes on short
	 * screens: the line under the cards has the board's weighted value. */
	v->full_titles = fits_full_titles(v, m);
	v->total_lines = needed_total_lines(v, m);
	v->weighted_lines = v->h >= VIEW_WEIGHTED_TALL ? 1 : 0;
	v->body_top = 1 + v->total_lines + v->weighted_lines + 1;
	int body = v->h - v->body_top - 2;
	if (body < 1)
		body = 1;
	v->body_rows = body;
	/* Four lines a card; three when not even two such cards would fit. */
	v->card_lines = body >= 2 * VIEW_CARD_LINES ? VIEW_CARD_LINES : VIEW_CARD_LINES_MIN;
	/* As many whole cards as the rows hold: a gap between every two cards
	 * unless that costs a card (then none, so the spacing stays even; the
	 * rows left over stay at the bottom). Gaps everywhere fit the same
	 * number of cards exactly when the rows left over are >= cards - 1. */
	int rows = body / v->card_lines;
	if (rows < 1)
		rows = 1;
	if (rows > MODEL_MAX_ROWS)
		rows = MODEL_MAX_ROWS;
	int spare = body - rows * v->card_lines;
	v->cards = rows;
	v->gaps = spare >= rows - 1 ? rows - 1 : 0;
	return m->col[0].rows != rows;
}

int view_card_y(const view *v, int i)
{
	int before = 0;
	/* Either a blank line between every two cards or none at all. */
	if (v->gaps > 0)
		before = i;
	return v->body_top + i * v->card_lines + before;
}

/* ---- the board ------------------------------------------------------------ */

/* "12d !" (stale) and "3/5" (Inmadura) joined, for the card's last line
 * (the marks are the help legend's, model.h). */
static void days_text(const store_card *k, int64_t days, bool stale, char *buf, size_t bufsz)
{
	const char *mark = stale ? " " MODEL_MARK_STALE : "";
	if (pipeline_counts_criteria(k->stage))
		snprintf(buf, bufsz, "%lld" MODEL_MARK_DAYS "%s · %d/%d", (long long)days, mark,
		         k->criteria_met, PIPELINE_CRITERIA);
	else
		snprintf(buf, bufsz, "%lld" MODEL_MARK_DAYS "%s", (long long)days, mark);
}

/* text then tail on one line of w columns; text is cut first, tail kept whole. */
static void fit_pair(const char *text, const char *tail, int w, char *buf, size_t bufsz)
{
	int tw = text_width(tail);
	int room = w - tw - 3; /* " · " */
	if (room < 3) {
		snprintf(buf, bufsz, "%s", tail);
		return;
	}
	char cut[512];
	text_fit(text, room, cut, sizeof cut);
	snprintf(buf, bufsz, "%s · %s", cut, tail);
}

/* joined: the next card starts on the row below, no blank line between:
 * the last line is underlined so the boundary reads in any theme,
 * monochrome included (with the bold title under it). */
static void draw_card(view *v, const store_card *k, const review_age *age, int y, int x, int w,
                      bool focused, bool joined)
{
	int64_t days = age->days_in_stage;
	bool stale = age->stale;
	theme_role base = focused ? THEME_CARD_FOCUS : stale ? THEME_CARD_STALE : THEME_CARD;
	theme_role meta = focused ? THEME_CARD_FOCUS : stale ? THEME_CARD_STALE : THEME_CARD_META;
	attr_t last = v->attr[meta] | (joined ? A_UNDERLINE : A_NORMAL);
	int bottom = v->body_top + v->body_rows;
	char amount[128], tail[64], line[1024];
	if (k->has_amount) {
		amount_text(k->amount, k->currency, false, 0, amount, sizeof amount);
		if (text_width(amount) > w)
			amount_text(k->amount, k->currency, true, w, amount, sizeof amount);
	} else {
		snprintf(amount, sizeof amount, "%s (no amount)", k->currency);
	}
	days_text(k, days, stale, tail, sizeof tail);
	const char *owner = k->owner && k->owner[0] ? k->owner : "-";
	/* Safe text (titles, clients, owners) is neutralised by view_put/text_fit. */
	view_put_attr(v, y, x, w, v->attr[base] | A_BOLD, k->title);
	if (y + 1 < bottom)
		view_put(v, y + 1, x, w, meta, k->client);
	if (v->card_lines >= VIEW_CARD_LINES) {
		if (y + 2 < bottom)
			view_put(v, y + 2, x, w, meta, amount);
		if (y + 3 < bottom) {
			fit_pair(owner, tail, w, line, sizeof line);
			view_put_attr(v, y + 3, x, w, last, line);
		}
	} else if (y + 2 < bottom) {
		/* Short screen: "CLP 48M · 12d · 3/5 · owner", the owner cut first. */
		char a[128];
		for (int compact = 0; compact < 2; compact++) {
			if (k->has_amount)
				amount_text(k->amount, k->currency, compact, w - text_width(tail) - 4, a, sizeof a);
			else
				snprintf(a, sizeof a, "%s -", k->currency);
			snprintf(line, sizeof line, "%s · %s · %s", a, tail, owner);
			/* The full amount when it leaves room for the owner's initial. */
			if (text_width(line) - text_width(owner) + 1 <= w)
				break;
		}
		view_put_attr(v, y + 2, x, w, last, line);
	}
}

static void draw_column(view *v, const model *m, const view_column *vc)
{
	pipeline_stage s = (pipeline_stage)vc->stage;
	const model_column *col = &m->col[s];
	const store_summary *sum = &m->sum[s];
	bool focus = s == m->focus;
	int x = vc->x, w = vc->width;
	int tx = x + 1, tw = w - 2; /* one space left, the separator right */
	if (tw < 1)
		tw = 1;
	char head[256];
	if (vc->strip) {
		/* The column before it ends with a separator: use every cell. */
		snprintf(head, sizeof head, "%s", pipeline_stage_short(s));
		view_put(v, 0, x, w, THEME_COLUMN_TITLE, head);
		snprintf(head, sizeof head, "%lld", (long long)sum->count);
		view_put(v, 1, x, w, THEME_TOTALS, head);
		return;
	}
	column_title(s, sum->count, v->full_titles, head, sizeof head);
	view_put(v, 0, x, w - 1, focus ? THEME_COLUMN_FOCUS : THEME_COLUMN_TITLE, "");
	view_put(v, 0, tx, tw, focus ? THEME_COLUMN_FOCUS : THEME_COLUMN_TITLE, head);
	char totals[2][256];
	int nt = view_totals_lines(sum, tw, v->total_lines, totals);
	for (int i = 0; i < v->total_lines; i++)
		view_put(v, 1 + i, tx, tw, THEME_TOTALS, i < nt ? totals[i] : "");
	if (v->weighted_lines) {
		view_weighted_line(v->cfg->probability[s], &m->weighted[s], tw, totals[0], sizeof totals[0]);
		view_put(v, 1 + v->total_lines, tx, tw, THEME_TOTALS, totals[0]);
	}
	int rule = v->body_top - 1;
	attrset(v->attr[THEME_BOARD]);
	mvhline_set(rule, x, WACS_HLINE, w - 1);
	if (col->ncards && sum->count > col->ncards) {
		/* Where the window is: "6-10/250". */
		char pos[64];
		snprintf(pos, sizeof pos, " %lld-%lld/%lld ", (long long)col->top + 1,
		         (long long)(col->top + col->ncards), (long long)sum->count);
		int pw = (int)strlen(pos);
		if (pw < tw)
			view_put(v, rule, x + w - 1 - pw, pw, THEME_TOTALS, pos);
	}
	for (int i = 0; i < col->ncards && i < v->cards; i++) {
		int y = view_card_y(v, i);
		if (y >= v->body_top + v->body_rows)
			break;
		bool sel = focus && col->top + i == col->sel;
		bool joined = i + 1 < col->ncards && i + 1 < v->cards &&
		              view_card_y(v, i + 1) == y + v->card_lines;
		draw_card(v, &col->cards[i], &col->age[i], y, tx, tw, sel, joined);
	}
	if (col->ncards == 0) {
		const char *empty = sum->count ? "" : "(empty)";
		view_put(v, v->body_top, tx, tw, THEME_CARD_META, empty);
	}
	attrset(v->attr[THEME_BOARD]);
	if (x + w - 1 < v->w)
		mvvline_set(0, x + w - 1, WACS_VLINE, v->h - 2);
}

/* An empty board says what to do next instead of showing blank columns:
 * a new database, or one whose only cards are lost and hidden. */
static void empty_hint(const view *v, const model *m, char *buf, size_t bufsz)
{
	int64_t open = 0, lost = m->sum[PIPELINE_PERDIDA].count;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		if (s != PIPELINE_PERDIDA)
			open += m->sum[s].count;
	if (open > 0)
		return;
	char add[64], toggle[64];
	keymap_describe(&v->cfg->keys, KEYMAP_ADD, add, sizeof add);
	keymap_describe(&v->cfg->keys, KEYMAP_TOGGLE_LOST, toggle, sizeof toggle);
	if (lost == 0)
		snprintf(buf, bufsz, "No opportunities yet: press %s to add the first one.", add);
	else if (m->lost_collapsed)
		snprintf(buf, bufsz, "Only lost opportunities (%lld): %s shows the %s column; %s adds one.",
		         (long long)lost, toggle, pipeline_stage_name(PIPELINE_PERDIDA), add);
	else
		snprintf(buf, bufsz, "No open opportunities: press %s to add one.", add);
}

/* The message on one line. One that does not fit is cut with "…" and
 * followed by the key that shows it whole ("L messages"), so a refusal
 * that names many requirements never covers the cards. */
void view_message_line(view *v, const model *m, bool board)
{
	int y = v->h - 2;
	theme_role role = m->message_error ? THEME_REFUSAL : THEME_MESSAGE;
	if (m->message[0]) {
		char hint[96] = "", key[32];
		keymap_key k = v->cfg->keys.keys[KEYMAP_MESSAGES][0];
		if (text_width(m->message) > v->w - 1 && k != KEYMAP_NONE) {
			keymap_key_name(k, key, sizeof key);
			snprintf(hint, sizeof hint, "%s %s", key, keymap_action_label(KEYMAP_MESSAGES));
		}
		/* The message in w - 1 columns, or in what the hint leaves. */
		int hw = hint[0] ? text_width(hint) : 0, mw = v->w - 1 - (hw ? hw + 1 : 0);
		if (hw && mw < VIEW_MESSAGE_MIN) {
			hw = 0; /* too narrow for both: the message alone */
			mw = v->w - 1;
		}
		view_put(v, y, 0, v->w, role, "");
		view_put(v, y, 0, mw, role, m->message);
		if (hw)
			view_put(v, y, mw + 1, hw, THEME_HELP_KEY, hint);
		return;
	}
	char f[900] = "";
	if (model_filtered(m)) {
		/* On the board its key clears it; on the review (where that key
		 * goes back) the filters' own keys change it. */
		char keys[64], text[64], owner[64], how[200];
		keymap_describe(&v->cfg->keys, KEYMAP_CLEAR_FILTER, keys, sizeof keys);
		keymap_describe(&v->cfg->keys, KEYMAP_FILTER_TEXT, text, sizeof text);
		keymap_describe(&v->cfg->keys, KEYMAP_FILTER_OWNER, owner, sizeof owner);
		if (board)
			snprintf(how, sizeof how, "%s clears", keys);
		else
			snprintf(how, sizeof how, "%s and %s change it", text, owner);
		snprintf(f, sizeof f, "Filter:%s%s%s%s%s%s  (%s)", m->filter_text[0] ? " text \"" : "",
		         m->filter_text, m->filter_text[0] ? "\"" : "", m->filter_owner[0] ? " owner \"" : "",
		         m->filter_owner, m->filter_owner[0] ? "\"" : "", how);
	}
	if (!f[0] && board)
		empty_hint(v, m, f, sizeof f);
	view_put(v, y, 0, v->w, THEME_MESSAGE, f);
	if (!board)
		return;
	/* The board's forecast and what is invoiced on the right, when the
	 * filter leaves room. */
	char line[600];
	int room = v->w - 1 - (f[0] ? text_width(f) + 2 : 0);
	if (view_total_line(&m->forecast, &m->invoiced, room, line, sizeof line)) {
		int lw = text_width(line);
		view_put(v, y, v->w - 1 - lw, lw, THEME_TOTALS, line);
	}
}

void view_too_small(view *v)
{
	char msg[160];
	snprintf(msg, sizeof msg, "Terminal too small: %d×%d, need at least %d×%d", v->w, v->h,
	         VIEW_MIN_W, VIEW_MIN_H);
	char lines[4][WRAP_ROW];
	int n = wrap_text(msg, v->w, lines, 4);
	for (int i = 0; i < n && i < v->h; i++)
		view_put(v, v->h / 2 - n / 2 + i, 0, v->w, THEME_REFUSAL, lines[i]);
}

void view_draw(view *v, const model *m)
{
	attrset(A_NORMAL);
	erase();
	if (v->too_small) {
		view_too_small(v);
		return;
	}
	for (int i = 0; i < v->ncols; i++)
		draw_column(v, m, &v->cols[i]);
	if (v->more_left)
		view_put(v, 0, 0, 1, THEME_COLUMN_TITLE, "<");
	if (v->more_right) {
		int x = v->cols[0].x;
		for (int i = 0; i < v->ncols; i++)
			if (!v->cols[i].strip)
				x = v->cols[i].x + v->cols[i].width - 1;
		view_put(v, 0, x, 1, THEME_COLUMN_TITLE, ">");
	}
	view_message_line(v, m, true);
	char status[1024];
	model_status_text(m, v->cfg, v->w, status, sizeof status);
	view_put(v, v->h - 1, 0, v->w, THEME_STATUS, status);
}

void view_begin(view *v, bool repaint)
{
	if (repaint)
		clearok(curscr, TRUE);
	view_measure(v);
	v->cursor_y = -1;
}

void view_send(view *v)
{
	/* The cursor only where typing goes (a form's field, a list's query);
	 * curs_set writes at once, so only when that changes. */
	bool want = v->cursor_y >= 0;
	if (want != v->cursor_shown) {
		curs_set(want ? 1 : 0);
		v->cursor_shown = want;
	}
	if (want)
		move(v->cursor_y, v->cursor_x);
	wnoutrefresh(stdscr);
	doupdate();
}

void view_render(view *v, const model *m)
{
	view_begin(v, false);
	view_layout(v, m);
	view_draw(v, m);
	view_send(v);
}
