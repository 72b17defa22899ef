/* review_doc: the review screen's lines and targets (see review_doc.h). */
#include "board/review_doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/view.h"
#include "util/date.h"
#include "util/money.h"
#include "util/text.h"

#define NAME_W 14   /* the label column: the longest short stage name */
#define GAP 2
#define LINE_BYTES 1024

void rdoc_init(rdoc *d)
{
	memset(d, 0, sizeof *d);
}

static void drop_lines(rdoc *d)
{
	for (int i = 0; i < d->nlines; i++)
		for (int k = 0; k < d->line[i].n; k++)
			free(d->line[i].span[k].text);
	d->nlines = 0;
	d->ntargets = 0;
	d->failed = false;
}

void rdoc_free(rdoc *d)
{
	drop_lines(d);
	free(d->line);
	free(d->target);
	rdoc_init(d);
}

/* ---- building ------------------------------------------------------------- */

/* A new empty line; its index, -1 when out of memory. */
static int new_line(rdoc *d)
{
	if (d->failed)
		return -1;
	if (d->nlines == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;
		rdoc_line *v = realloc(d->line, sizeof *v * (size_t)cap);
		if (!v) {
			d->failed = true;
			return -1;
		}
		d->line = v;
		d->cap = cap;
	}
	d->line[d->nlines].n = 0;
	return d->nlines++;
}

/* text at x in w columns on line ln. */
static void put(rdoc *d, int ln, int x, int w, theme_role role, int target, const char *text)
{
	if (ln < 0 || w <= 0 || d->failed)
		return;
	rdoc_line *l = &d->line[ln];
	if (l->n == RDOC_SPANS)
		return;
	char *t = strdup(text ? text : "");
	if (!t) {
		d->failed = true;
		return;
	}
	l->span[l->n++] = (rdoc_span){ .x = x, .w = w, .role = role, .target = target, .text = t };
}

/* text right-aligned in w columns. */
static void put_right(rdoc *d, int ln, int x, int w, theme_role role, int target, const char *text)
{
	char buf[LINE_BYTES];
	int tw = text_width(text);
	size_t pad = w > tw ? (size_t)(w - tw) : 0, n = strlen(text);
	if (pad + n >= sizeof buf) {
		put(d, ln, x, w, role, target, text);
		return;
	}
	memset(buf, ' ', pad);
	memcpy(buf + pad, text, n + 1);
	put(d, ln, x, w, role, target, buf);
}

static int add_target(rdoc *d, int ln, int x, rdoc_kind kind, int64_t id, report_pick pk)
{
	if (ln < 0 || d->failed)
		return -1;
	if (d->ntargets == d->tcap) {
		int cap = d->tcap ? d->tcap * 2 : 64;
		rdoc_target *v = realloc(d->target, sizeof *v * (size_t)cap);
		if (!v) {
			d->failed = true;
			return -1;
		}
		d->target = v;
		d->tcap = cap;
	}
	d->target[d->ntargets] = (rdoc_target){ .line = ln, .x = x, .kind = kind, .id = id, .pick = pk };
	return d->ntargets++;
}

static report_pick pick_of(report_list l)
{
	return (report_pick){ .list = l, .stage = PIPELINE_STAGE_COUNT, .reason = PIPELINE_LOSS_COUNT,
	                      .from = PIPELINE_STAGE_COUNT };
}

/* ---- what the figures say ---------------------------------------------------- */

static void pct_text(report_ratio r, char *buf, size_t bufsz)
{
	if (r.known)
		snprintf(buf, bufsz, "%.1f%%", r.value * 100.0);
	else
		snprintf(buf, bufsz, "-");
}

static void days_text(const report_days *dd, char *buf, size_t bufsz)
{
	if (!dd->known)
		snprintf(buf, bufsz, "-");
	else if (dd->median == (double)(int64_t)dd->median)
		snprintf(buf, bufsz, "%lld%s", (long long)dd->median, MODEL_MARK_DAYS);
	else
		snprintf(buf, bufsz, "%.1f%s", dd->median, MODEL_MARK_DAYS);
}

static const char *plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* m's amounts in at most max lines of width columns, the board's way (full
 * amounts when they fit on one line, else compact ones, packed; zeros left
 * out). Weighted zeros (a stage at 0%) are no line at all. */
static int money_lines(const report_money *m, int width, int max, bool weighted, char out[][256])
{
	bool any = m->more;
	for (int i = 0; i < m->ntotals; i++)
		any = any || m->totals[i].amount != 0 || m->totals[i].overflow;
	if (!any && (weighted || m->count == 0))
		return 0;
	return view_totals_lines(m, width, max, out);
}

/* "≈ CLP 240,500,000" for m in the reporting currency, the currencies
 * that have no rate named: the first of these forms that fits width
 * (width 0: the shortest): the full amount and "(no rate for EUR)", the
 * compact amount and the same, the compact amount and ", no EUR". False
 * without rates or amounts. */
static bool conv_text(const report_rates *r, const report_money *m, int width, char *buf, size_t bufsz)
{
	buf[0] = '\0';
	if (!r || !r->set || (m->ntotals == 0 && !m->more))
		return false;
	report_converted cv;
	report_convert(r, m, &cv);
	char none[160] = "", tail[256]; /* tail: none and more whole */
	for (int i = 0; i < cv.nunconverted; i++) {
		size_t n = strlen(none);
		snprintf(none + n, sizeof none - n, "%s%s", i ? ", " : "", cv.unconverted[i]);
	}
	const char *more = cv.more ? "; more currencies left out" : "";
	if (cv.nunconverted == m->ntotals && m->ntotals > 0) {
		snprintf(buf, bufsz, "\u2248 %s: no rate for %s%s", cv.currency, none, more);
		return true;
	}
	if (cv.overflow) {
		snprintf(buf, bufsz, "\u2248 %s too large%s%s%s", cv.currency, none[0] ? " (no rate for " : "",
		         none, none[0] ? ")" : "");
		return true;
	}
	char full[96], compact[96];
	money_format_human(cv.amount, cv.currency, full, sizeof full);
	view_money_compact(cv.amount, cv.currency, compact, sizeof compact);
	for (int k = 0; k < 3; k++) {
		if (!none[0])
			snprintf(tail, sizeof tail, "%s", more);
		else if (k < 2)
			snprintf(tail, sizeof tail, " (no rate for %s)%s", none, more);
		else
			snprintf(tail, sizeof tail, ", no %s%s", none, more);
		snprintf(buf, bufsz, "\u2248 %s %s%s", cv.currency, k == 0 ? full : compact, tail);
		if (width > 0 && text_width(buf) <= width)
			break;
	}
	return true;
}

/* A label and the amounts of m beside it (lines as needed, then the
 * converted total under them). */
static void money_row(rdoc *d, const rdoc_input *in, int width, int indent, const char *label,
                      theme_role role, const report_money *m, bool weighted)
{
	int x = 1 + NAME_W + 1, w = width - 1 - x;
	char lines[3][256], conv[LINE_BYTES];
	int n = w > 0 ? money_lines(m, w, 3, weighted, lines) : 0;
	int ln = new_line(d);
	put(d, ln, 1 + indent, NAME_W, role, -1, label);
	if (n == 0)
		put(d, ln, x, w, THEME_CARD_META, -1, "-");
	for (int i = 0; i < n; i++) {
		if (i)
			ln = new_line(d);
		put(d, ln, x, w, THEME_CARD, -1, lines[i]);
	}
	if (n && conv_text(in->rates, m, w, conv, sizeof conv))
		put(d, new_line(d), x, w, THEME_TOTALS, -1, conv);
}

/* ---- the stages ------------------------------------------------------------- */

/* Conversion of stage s, opening the cohort that entered it. */
static void put_conversion(rdoc *d, int ln, int x, int w, const report_stage *st)
{
	char pct[32];
	pct_text(st->conversion, pct, sizeof pct);
	int t = -1;
	if (st->has_next && st->entered > 0) {
		report_pick p = pick_of(REPORT_ENTERED);
		p.stage = st->stage;
		t = add_target(d, ln, x, RDOC_CARDS, 0, p);
	}
	put_right(d, ln, x, w, t >= 0 ? THEME_CARD : THEME_CARD_META, t, pct);
}

static void stages_wide(rdoc *d, const rdoc_input *in, int width)
{
	int t = (width - 42) / 2; /* the two amount columns share what is left */
	int xc = 1 + NAME_W + 1, xt = xc + 5 + GAP, xw = xt + t + GAP, xv = xw + t + GAP,
	    xm = xv + 6 + 1;
	int ln = new_line(d);
	put(d, ln, 1, NAME_W, THEME_COLUMN_TITLE, -1, "Stage");
	put_right(d, ln, xc, 5, THEME_COLUMN_TITLE, -1, "Count");
	put(d, ln, xt, t, THEME_COLUMN_TITLE, -1, "Totals");
	put(d, ln, xw, t, THEME_COLUMN_TITLE, -1, "Weighted");
	put_right(d, ln, xv, 6, THEME_COLUMN_TITLE, -1, "Conv.");
	put_right(d, ln, xm, 7, THEME_COLUMN_TITLE, -1, "Median");
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		const report_stage *st = &in->rep->stages[s];
		char tot[3][256], wei[3][256], a[64], b[LINE_BYTES];
		int nt = money_lines(&st->totals, t, 3, false, tot);
		int nw = money_lines(&st->weighted, t, 3, true, wei);
		ln = new_line(d);
		put(d, ln, 1, NAME_W, THEME_CARD, -1, pipeline_stage_short((pipeline_stage)s));
		snprintf(a, sizeof a, "%lld", (long long)st->count);
		put_right(d, ln, xc, 5, THEME_CARD, -1, a);
		put_conversion(d, ln, xv, 6, st);
		days_text(&st->days, a, sizeof a);
		put_right(d, ln, xm, 7, THEME_CARD, -1, a);
		int rows = nt > nw ? nt : nw;
		for (int i = 0; i < rows; i++) {
			if (i)
				ln = new_line(d);
			if (i < nt)
				put(d, ln, xt, t, THEME_CARD, -1, tot[i]);
			if (i < nw)
				put(d, ln, xw, t, THEME_CARD, -1, wei[i]);
		}
		bool ct = nt && conv_text(in->rates, &st->totals, t, b, sizeof b);
		if (ct || (nw && in->rates && in->rates->set)) {
			ln = new_line(d);
			if (ct)
				put(d, ln, xt, t, THEME_TOTALS, -1, b);
			if (nw && conv_text(in->rates, &st->weighted, t, b, sizeof b))
				put(d, ln, xw, t, THEME_TOTALS, -1, b);
		}
	}
}

/* Below RDOC_WIDE: the figures beside the name as far as they fit, the
 * amounts on lines under it. */
static void stages_narrow(rdoc *d, const rdoc_input *in, int width)
{
	int end = width - 1, xc = 1 + NAME_W + 1, xv = xc + 5 + GAP, xm = xv + 6 + 1;
	bool count = xc + 5 <= end, conv = xv + 6 <= end, median = xm + 6 <= end;
	int w = end - 3;
	int ln = new_line(d);
	put(d, ln, 1, NAME_W, THEME_COLUMN_TITLE, -1, "Stage");
	if (count)
		put_right(d, ln, xc, 5, THEME_COLUMN_TITLE, -1, "Count");
	if (conv)
		put_right(d, ln, xv, 6, THEME_COLUMN_TITLE, -1, "Conv.");
	if (median)
		put_right(d, ln, xm, 6, THEME_COLUMN_TITLE, -1, "Median");
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		const report_stage *st = &in->rep->stages[s];
		char lines[2][256], a[64], b[LINE_BYTES], c[LINE_BYTES];
		ln = new_line(d);
		put(d, ln, 1, NAME_W, THEME_CARD, -1, pipeline_stage_short((pipeline_stage)s));
		snprintf(a, sizeof a, "%lld", (long long)st->count);
		if (count)
			put_right(d, ln, xc, 5, THEME_CARD, -1, a);
		if (conv)
			put_conversion(d, ln, xv, 6, st);
		days_text(&st->days, a, sizeof a);
		if (median)
			put_right(d, ln, xm, 6, THEME_CARD, -1, a);
		int n = w > 0 ? money_lines(&st->totals, w, 2, false, lines) : 0;
		for (int i = 0; i < n; i++)
			put(d, new_line(d), 3, w, THEME_CARD_META, -1, lines[i]);
		if (w > 0 && view_weighted_line(in->probability[s], &st->weighted, w, b, sizeof b))
			put(d, new_line(d), 3, w, THEME_CARD_META, -1, b);
		bool ct = n && conv_text(in->rates, &st->totals, w, b, sizeof b);
		bool cw = ct && conv_text(in->rates, &st->weighted, w, c, sizeof c) &&
		          money_lines(&st->weighted, w, 1, true, lines) > 0;
		char both[2 * LINE_BYTES + 16];
		snprintf(both, sizeof both, "%s, weighted %s", b, c);
		if (ct && cw && text_width(both) > w) {
			/* compact both, else one line each */
			conv_text(in->rates, &st->totals, 0, b, sizeof b);
			conv_text(in->rates, &st->weighted, 0, c, sizeof c);
			snprintf(both, sizeof both, "%s, weighted %s", b, c);
		}
		if (ct && cw && text_width(both) <= w) {
			put(d, new_line(d), 3, w, THEME_TOTALS, -1, both);
		} else if (ct) {
			put(d, new_line(d), 3, w, THEME_TOTALS, -1, b);
			if (cw) {
				snprintf(both, sizeof both, "weighted %s", c);
				put(d, new_line(d), 3, w, THEME_TOTALS, -1, both);
			}
		}
	}
}

/* ---- win rate, cancellations --------------------------------------------------- */

/* "22 won" at x on line ln, a target when there are cards; its width. */
static int put_count_target(rdoc *d, int ln, int x, int64_t n, const char *what, report_list l, int end)
{
	char t[96];
	snprintf(t, sizeof t, "%lld %s", (long long)n, what);
	int w = text_width(t);
	if (x + w > end)
		w = end - x;
	int k = n > 0 ? add_target(d, ln, x, RDOC_CARDS, 0, pick_of(l)) : -1;
	put(d, ln, x, w, THEME_CARD, k, t);
	return w;
}

/* Items packed on lines from x, " · " between them. */
static void put_items(rdoc *d, int ln, int x, int end, theme_role role, char items[][64], int n)
{
	char line[LINE_BYTES] = "";
	size_t used = 0;
	for (int i = 0; i < n; i++) {
		int need = (used ? 3 : 0) + text_width(items[i]);
		if (used && text_width(line) + need > end - x) {
			put(d, ln, x, end - x, role, -1, line);
			ln = new_line(d);
			used = 0;
			line[0] = '\0';
		}
		used += (size_t)snprintf(line + used, sizeof line - used, "%s%s", used ? " \u00b7 " : "", items[i]);
		if (used >= sizeof line)
			break;
	}
	if (used)
		put(d, ln, x, end - x, role, -1, line);
}

static void win_rate(rdoc *d, const rdoc_input *in, int width)
{
	const report_win *w = &in->rep->win_rate;
	int end = width - 1, x = 1 + NAME_W + 1;
	char a[64];
	int ln = new_line(d);
	put(d, ln, 1, NAME_W, THEME_COLUMN_TITLE, -1, "Win rate");
	pct_text(w->rate, a, sizeof a);
	put_right(d, ln, x, 6, THEME_CARD, -1, a);
	x += 6 + GAP;
	x += put_count_target(d, ln, x, w->won, "won", REPORT_WON, end);
	if (x + 3 < end)
		put(d, ln, x, 3, THEME_CARD_META, -1, " \u00b7 ");
	x += 3;
	if (x < end)
		put_count_target(d, ln, x, w->lost, "lost", REPORT_LOST, end);
	if (w->nby_value > 0) {
		char items[REVIEW_MAX_CURRENCIES + 1][64];
		int n = 0;
		for (int i = 0; i < w->nby_value; i++) {
			char p[32];
			pct_text(w->by_value[i].rate, p, sizeof p);
			snprintf(items[n++], sizeof items[0], "%s %s", w->by_value[i].currency, p);
		}
		if (w->more)
			snprintf(items[n++], sizeof items[0], "+\u2026");
		ln = new_line(d);
		put(d, ln, 3, NAME_W - 2, THEME_CARD_META, -1, "by value");
		put_items(d, ln, 1 + NAME_W + 1, end, THEME_CARD, items, n);
	}
	/* Won, now lost: a cancellation, apart (it stays won above). */
	const report_money *c = &in->rep->cancelled;
	ln = new_line(d);
	x = 1 + NAME_W + 1;
	put(d, ln, 1, NAME_W, THEME_COLUMN_TITLE, -1, "Cancelled");
	x += put_count_target(d, ln, x, c->count, plural(c->count, "card", "cards"), REPORT_CANCELLED, end);
	x += GAP;
	char lines[2][256], conv[LINE_BYTES];
	int n = x < end ? money_lines(c, end - x, 2, false, lines) : 0;
	for (int i = 0; i < n; i++) {
		if (i)
			ln = new_line(d);
		put(d, ln, x, end - x, THEME_CARD, -1, lines[i]);
	}
	if (n && conv_text(in->rates, c, end - x, conv, sizeof conv))
		put(d, new_line(d), x, end - x, THEME_TOTALS, -1, conv);
}

/* ---- the forecast ---------------------------------------------------------------- */

static void forecast(rdoc *d, const rdoc_input *in, int width)
{
	const report_forecast *f = &in->rep->forecast;
	money_row(d, in, width, 0, "Forecast", THEME_COLUMN_TITLE, &f->weighted, true);
	money_row(d, in, width, 0, "Invoiced", THEME_COLUMN_TITLE, &f->invoiced, false);
	if (f->nmonths == 0)
		return;
	put(d, new_line(d), 1, width - 2, THEME_CARD_META, -1, "The forecast by month of expected close:");
	for (size_t i = 0; i < f->nmonths; i++)
		money_row(d, in, width, 1, f->months[i].month[0] ? f->months[i].month : "no close date",
		          THEME_CARD, &f->months[i].weighted, true);
}

/* ---- losses ------------------------------------------------------------------------ */

static int loss_target(rdoc *d, int ln, int x, int k, int s)
{
	report_pick p = pick_of(REPORT_LOSSES);
	p.reason = (pipeline_loss)k;
	p.from = (pipeline_stage)s;
	return add_target(d, ln, x, RDOC_CARDS, 0, p);
}

static void losses(rdoc *d, const rdoc_input *in, int width)
{
	const report *r = in->rep;
	bool col[PIPELINE_STAGE_COUNT] = { false }, row[PIPELINE_LOSS_COUNT] = { false }, any = false;
	int end = width - 1, need = 1 + NAME_W;
	for (int k = 0; k < PIPELINE_LOSS_COUNT; k++)
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
			if (r->losses[k][s].count > 0)
				col[s] = row[k] = any = true;
	int ln = new_line(d);
	put(d, ln, 1, end - 1, THEME_COLUMN_TITLE, -1, "Losses: reason by the stage lost from");
	if (!any) {
		put(d, new_line(d), 3, end - 3, THEME_CARD_META, -1, "none in the period");
		return;
	}
	int cw[PIPELINE_STAGE_COUNT] = { 0 };
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		if (col[s]) {
			cw[s] = text_width(pipeline_stage_short((pipeline_stage)s));
			if (cw[s] < 3)
				cw[s] = 3;
			need += GAP + cw[s];
		}
	char a[LINE_BYTES];
	if (need <= end) {
		/* The matrix: only the reasons and stages that have a loss. */
		ln = new_line(d);
		int x = 1 + NAME_W;
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
			if (col[s]) {
				put_right(d, ln, x + GAP, cw[s], THEME_COLUMN_TITLE, -1,
				          pipeline_stage_short((pipeline_stage)s));
				x += GAP + cw[s];
			}
		for (int k = 0; k < PIPELINE_LOSS_COUNT; k++) {
			if (!row[k])
				continue;
			ln = new_line(d);
			put(d, ln, 1, NAME_W, THEME_CARD, -1, pipeline_loss_slug((pipeline_loss)k));
			x = 1 + NAME_W;
			for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
				if (!col[s])
					continue;
				int64_t n = r->losses[k][s].count;
				snprintf(a, sizeof a, n ? "%lld" : "-", (long long)n);
				int t = n ? loss_target(d, ln, x + GAP, k, s) : -1;
				put_right(d, ln, x + GAP, cw[s], n ? THEME_CARD : THEME_CARD_META, t, a);
				x += GAP + cw[s];
			}
		}
		return;
	}
	/* Too narrow for the matrix: one line per reason and stage. */
	for (int k = 0; k < PIPELINE_LOSS_COUNT; k++)
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
			int64_t n = r->losses[k][s].count;
			if (n <= 0)
				continue;
			ln = new_line(d);
			int t = loss_target(d, ln, 3, k, s);
			snprintf(a, sizeof a, "%s, from %s", pipeline_loss_slug((pipeline_loss)k),
			         pipeline_stage_short((pipeline_stage)s));
			put(d, ln, 3, end - 3 - 6, THEME_CARD, t, a);
			snprintf(a, sizeof a, "%lld", (long long)n);
			put_right(d, ln, end - 6, 6, THEME_CARD, t, a);
		}
}

/* ---- the lists ------------------------------------------------------------------------ */

const char *rdoc_list_title(report_list l)
{
	switch (l) {
	case REPORT_OVERDUE: return "Overdue";
	case REPORT_SLIPPED: return "Slipped";
	case REPORT_AWAITING_INVOICE: return "Awaiting invoice";
	case REPORT_AWAITING_DELIVERY: return "Awaiting delivery";
	case REPORT_ENTERED: return "Entered";
	case REPORT_ADVANCED: return "Advanced";
	case REPORT_WON: return "Won";
	case REPORT_LOST: return "Lost";
	case REPORT_CANCELLED: return "Cancelled";
	case REPORT_LOSSES: return "Lost";
	case REPORT_LIST_COUNT: break;
	}
	return "";
}

int rdoc_entries_idw(const rdoc_card *c, int n)
{
	int w = 1;
	for (int i = 0; i < n; i++) {
		char id[24];
		int k = snprintf(id, sizeof id, "%lld", (long long)c[i].item.id);
		if (k > w)
			w = k;
	}
	return w;
}

void rdoc_entry_left(const rdoc_card *c, int idw, char *buf, size_t bufsz)
{
	long long id = (long long)c->item.id;
	if (!c->found)
		snprintf(buf, bufsz, "#%-*lld  (cannot be read)", idw, id);
	else if (c->client[0])
		snprintf(buf, bufsz, "#%-*lld  %s \u00b7 %s", idw, id, c->title, c->client);
	else
		snprintf(buf, bufsz, "#%-*lld  %s", idw, id, c->title);
}

void rdoc_entry_right(const rdoc_card *c, report_list l, bool wide, char *buf, size_t bufsz)
{
	const report_item *it = &c->item;
	long long days = (long long)it->days;
	char when[DATE_LEN + 1] = "";
	switch (l) {
	case REPORT_OVERDUE:
		if (wide)
			snprintf(buf, bufsz, "close %s, %lld %s late", it->close, days, plural(it->days, "day", "days"));
		else
			snprintf(buf, bufsz, "%lld%s late", days, MODEL_MARK_DAYS);
		return;
	case REPORT_SLIPPED:
		if (wide)
			snprintf(buf, bufsz, "moved later %lld\u00d7: %s \u2192 %s", (long long)it->times,
			         it->from[0] ? it->from : "-", it->close[0] ? it->close : "-");
		else
			snprintf(buf, bufsz, "%lld\u00d7 later", (long long)it->times);
		return;
	case REPORT_AWAITING_INVOICE:
	case REPORT_AWAITING_DELIVERY:
		if (wide && c->found)
			snprintf(buf, bufsz, "%lld %s in %s", days, plural(it->days, "day", "days"),
			         pipeline_stage_short(c->stage));
		else
			snprintf(buf, bufsz, "%lld%s", days, MODEL_MARK_DAYS);
		return;
	default:
		break;
	}
	if (it->at)
		date_local_today(it->at, when);
	const char *adv = l == REPORT_ENTERED && it->advanced ? (wide ? ", advanced" : " \u2192") : "";
	if (wide && c->found)
		snprintf(buf, bufsz, "%s%s \u00b7 now %s", when, adv, pipeline_stage_short(c->stage));
	else
		snprintf(buf, bufsz, "%s%s", when, adv);
}

int rdoc_entries_right(const rdoc_card *c, int n, report_list l, int width, bool *wide)
{
	int rw = 0;
	for (int pass = 0; pass < 2; pass++) {
		*wide = pass == 0;
		rw = 0;
		for (int i = 0; i < n; i++) {
			char right[256];
			rdoc_entry_right(&c[i], l, *wide, right, sizeof right);
			if (text_width(right) > rw)
				rw = text_width(right);
		}
		/* The wide form when it leaves the card 24 columns. */
		if (width - 1 - 3 - rw - GAP >= 24)
			break;
	}
	return rw;
}

/* An entry: its card on the left, what the list says on the right (rw
 * columns, the wide form or not), the whole line one target. */
static void entry(rdoc *d, const rdoc_card *c, report_list l, int width, int rw, bool wide, int idw)
{
	int end = width - 1;
	char left[LINE_BYTES], right[256];
	rdoc_entry_right(c, l, wide, right, sizeof right);
	rdoc_entry_left(c, idw, left, sizeof left);
	if (rw > end - 3)
		rw = end - 3;
	int ln = new_line(d);
	int t = add_target(d, ln, 3, RDOC_CARD, c->item.id, pick_of(l));
	put(d, ln, 3, end - rw - GAP - 3, THEME_CARD, t, left);
	put_right(d, ln, end - rw - GAP, rw + GAP, THEME_CARD_META, t, right);
}

static void list(rdoc *d, const rdoc_input *in, report_list l, int width)
{
	int end = width - 1;
	int64_t count = in->rep->lists[l];
	char a[256];
	snprintf(a, sizeof a, "%s (%lld)", rdoc_list_title(l), (long long)count);
	put(d, new_line(d), 1, end - 1, THEME_COLUMN_TITLE, -1, a);
	int n = in->preview[l] ? in->npreview[l] : 0;
	bool wide;
	int rw = rdoc_entries_right(in->preview[l], n, l, width, &wide);
	int idw = rdoc_entries_idw(in->preview[l], n);
	for (int i = 0; i < n; i++)
		entry(d, &in->preview[l][i], l, width, rw, wide, idw);
	if (count == 0) {
		put(d, new_line(d), 3, end - 3, THEME_CARD_META, -1, "none");
	} else if (count > n) {
		int ln = new_line(d);
		int t = add_target(d, ln, 3, RDOC_CARDS, 0, pick_of(l));
		snprintf(a, sizeof a, "\u2026 %lld more: the whole list", (long long)(count - n));
		put(d, ln, 3, text_width(a) < end - 3 ? text_width(a) : end - 3, THEME_CARD_META, t, a);
	}
}

/* ---- the document ------------------------------------------------------------------------ */

void rdoc_build(rdoc *d, const rdoc_input *in, int width)
{
	drop_lines(d);
	if (width < 8)
		width = 8;
	/* Wider, a row would be read across a gulf of blanks. */
	if (width > RDOC_MAX_WIDTH)
		width = RDOC_MAX_WIDTH;
	const report_rates *r = in->rates;
	if (r && r->set) {
		char a[LINE_BYTES];
		snprintf(a, sizeof a, "\u2248 %s at the rates of %s", r->reporting, r->as_of);
		put(d, new_line(d), 1, width - 2, THEME_TOTALS, -1, a);
	}
	if (width >= RDOC_WIDE)
		stages_wide(d, in, width);
	else
		stages_narrow(d, in, width);
	new_line(d);
	win_rate(d, in, width);
	new_line(d);
	forecast(d, in, width);
	new_line(d);
	losses(d, in, width);
	for (int l = 0; l < REPORT_LISTS; l++) {
		new_line(d);
		list(d, in, (report_list)l, width);
	}
}

/* ---- the focus and the scrolling ------------------------------------------------------------ */

static int max_off(const rdoc *d, int page)
{
	return d->nlines > page ? d->nlines - page : 0;
}

static bool in_view(const rdoc *d, int page, int off, int t)
{
	return t >= 0 && t < d->ntargets && d->target[t].line >= off && d->target[t].line < off + page;
}

static void show(const rdoc *d, int page, int *off, int t)
{
	int ln = d->target[t].line;
	if (ln < *off)
		*off = ln;
	if (ln >= *off + page)
		*off = ln - page + 1;
}

/* The first (last) target in view, -1 when none is. */
static int first_in_view(const rdoc *d, int page, int off, bool last)
{
	int found = -1;
	for (int t = 0; t < d->ntargets; t++)
		if (in_view(d, page, off, t)) {
			found = t;
			if (!last)
				break;
		}
	return found;
}

/* On the next line with targets down (dir 1) or up (-1) from line `from`
 * (exclusive), the target nearest column x; -1 when none. */
static int next_line_target(const rdoc *d, int from, int dir, int x)
{
	int line = -1, best = -1, bestd = 0;
	for (int k = 0; k < d->ntargets; k++) {
		int t = dir > 0 ? k : d->ntargets - 1 - k;
		int ln = d->target[t].line;
		if (dir > 0 ? ln <= from : ln >= from)
			continue;
		if (line < 0)
			line = ln;
		if (ln != line)
			break;
		int dist = abs(d->target[t].x - x);
		if (best < 0 || dist < bestd || (dist == bestd && d->target[t].x < d->target[best].x)) {
			best = t;
			bestd = dist;
		}
	}
	return best;
}

static void clamp_off(const rdoc *d, int page, int *off)
{
	if (*off > max_off(d, page))
		*off = max_off(d, page);
	if (*off < 0)
		*off = 0;
}

static void step(const rdoc *d, int page, int dir, int *off, int *focus)
{
	int from, x = 0;
	if (*focus >= 0) {
		from = d->target[*focus].line;
		x = d->target[*focus].x;
	} else {
		from = dir > 0 ? *off - 1 : *off + page; /* from the edge of the view */
	}
	int t = next_line_target(d, from, dir, x);
	int ln = t >= 0 ? d->target[t].line : 0;
	if (t >= 0 && (dir > 0 ? ln < *off + 2 * page : ln >= *off - page)) {
		*focus = t;
		show(d, page, off, t);
		return;
	}
	/* Nothing that way, or more than a page off: scroll. */
	*off += dir * (t >= 0 ? page : 1);
	clamp_off(d, page, off);
	if (!in_view(d, page, *off, *focus))
		*focus = first_in_view(d, page, *off, dir < 0);
}

void rdoc_move_focus(const rdoc *d, int page, rdoc_move m, int *off, int *focus)
{
	if (page < 1)
		page = 1;
	if (*focus >= d->ntargets)
		*focus = -1;
	switch (m) {
	case RDOC_DOWN:
	case RDOC_UP:
		step(d, page, m == RDOC_DOWN ? 1 : -1, off, focus);
		return;
	case RDOC_LEFT:
	case RDOC_RIGHT: {
		int t = *focus + (m == RDOC_RIGHT ? 1 : -1);
		if (*focus >= 0 && t >= 0 && t < d->ntargets && d->target[t].line == d->target[*focus].line)
			*focus = t;
		return;
	}
	case RDOC_PAGE_DOWN:
	case RDOC_PAGE_UP:
		*off += m == RDOC_PAGE_DOWN ? page : -page;
		clamp_off(d, page, off);
		if (!in_view(d, page, *off, *focus))
			*focus = first_in_view(d, page, *off, m == RDOC_PAGE_UP);
		return;
	case RDOC_HOME:
		*off = 0;
		*focus = in_view(d, page, 0, 0) ? 0 : -1;
		return;
	case RDOC_END:
		*off = max_off(d, page);
		*focus = in_view(d, page, *off, d->ntargets - 1) ? d->ntargets - 1 : -1;
		return;
	}
}

void rdoc_keep(const rdoc *d, int page, int *off, int *focus)
{
	if (page < 1)
		page = 1;
	if (*focus >= d->ntargets)
		*focus = -1;
	clamp_off(d, page, off);
	if (*focus >= 0)
		show(d, page, off, *focus);
}

int rdoc_find(const rdoc *d, const rdoc_target *t)
{
	for (int i = 0; i < d->ntargets; i++) {
		const rdoc_target *o = &d->target[i];
		if (o->kind != t->kind || o->pick.list != t->pick.list)
			continue;
		if (t->kind == RDOC_CARD ? o->id == t->id
		                         : o->pick.stage == t->pick.stage && o->pick.reason == t->pick.reason &&
		                               o->pick.from == t->pick.from)
			return i;
	}
	return -1;
}
