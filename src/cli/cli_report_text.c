/*
 * cli_report_text: `embudo report` for people (a table that fits the
 * terminal, 80 columns and up) and as Markdown to paste into the
 * meeting's notes. Both write the same sections through one small
 * document writer: a heading, a table (cli_table fitted to the width, or
 * a Markdown pipe table), a line of text. Percentages with one decimal,
 * days' medians and means with one; "-" where a figure has no
 * denominator. Text from the database (an owner, a line) is neutralised.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli_format.h"
#include "cli/cli_report.h"
#include "cli/cli_table.h"
#include "util/money.h"
#include "util/text.h"

#define MAXCOLS 8

typedef struct doc {
	FILE *f;
	bool md;
	int width;
	/* The table being written. */
	cli_table_col cols[MAXCOLS];
	size_t ncols;
	cli_table *t;
	bool any; /* a row was added */
} doc;

static void heading(doc *d, int level, const char *text)
{
	if (d->md) {
		fprintf(d->f, "\n%s ", level <= 2 ? "##" : "###");
		cli_put(d->f, text);
		fputc('\n', d->f);
		return;
	}
	fputc('\n', d->f);
	cli_put(d->f, text);
	fputc('\n', d->f);
}

static void line(doc *d, const char *text)
{
	if (d->md)
		fputc('\n', d->f);
	cli_put(d->f, text);
	fputc('\n', d->f);
}

/* A table's columns: titles, right-aligned ones marked by a leading '>'. */
static void table(doc *d, const char *const *titles, size_t n)
{
	d->ncols = n;
	d->any = false;
	for (size_t i = 0; i < n; i++) {
		bool right = titles[i][0] == '>';

		d->cols[i] = (cli_table_col){ right ? titles[i] + 1 : titles[i], right,
		                              right ? 0 : 1, right ? 0 : 8 };
	}
	if (d->md) {
		fputc('\n', d->f);
		for (size_t i = 0; i < n; i++)
			fprintf(d->f, "| %s ", d->cols[i].title);
		fputs("|\n", d->f);
		for (size_t i = 0; i < n; i++)
			fputs(d->cols[i].right ? "| ---: " : "| --- ", d->f);
		fputs("|\n", d->f);
	} else {
		d->t = cli_table_new(d->cols, n);
	}
}

/* A Markdown cell: neutralised, its pipes escaped. */
static void md_cell(FILE *f, const char *s)
{
	char *clean = text_sanitize_dup(s ? s : "");

	fputs("| ", f);
	for (const char *p = clean ? clean : ""; *p; p++) {
		if (*p == '|')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc(' ', f);
	free(clean);
}

static void row(doc *d, const char *const *cells)
{
	d->any = true;
	if (d->md) {
		for (size_t i = 0; i < d->ncols; i++)
			md_cell(d->f, cells[i]);
		fputs("|\n", d->f);
	} else if (d->t && !cli_table_add(d->t, cells, NULL)) {
		cli_table_free(d->t);
		d->t = NULL;
	}
}

static void end_table(doc *d)
{
	if (d->md)
		return;
	if (!d->t) {
		fputs("(out of memory: table left out)\n", d->f);
		return;
	}
	cli_table_print(d->t, d->f, d->width);
	cli_table_free(d->t);
	d->t = NULL;
}

/* ---- figures as text ----------------------------------------------------------- */

static void percent(report_ratio q, char *buf, size_t n)
{
	if (q.known)
		snprintf(buf, n, "%.1f%%", q.value * 100.0);
	else
		snprintf(buf, n, "-");
}

static void days_text(const report_days *dd, bool median, char *buf, size_t n)
{
	if (!dd->known)
		snprintf(buf, n, "-");
	else
		cli_rep_days(median ? dd->median : dd->mean, false, buf, n);
}

static void count_text(int64_t v, char *buf, size_t n)
{
	snprintf(buf, n, "%lld", (long long)v);
}

/* An amount without its code (a column says it). */
static void amount_text(const review_total *t, char *buf, size_t n)
{
	if (t->overflow)
		snprintf(buf, n, "too large");
	else
		money_format_human(t->amount, t->currency, buf, n);
}

/* The converted total of m into cur ("≈ CLP") and amount, or false
 * without rates. */
static bool converted_cells(const report_rates *rates, const report_money *m, char *cur,
                            size_t curn, char *amount, size_t amountn)
{
	report_converted cv;

	if (!rates->set)
		return false;
	report_convert(rates, m, &cv);
	snprintf(cur, curn, "\xe2\x89\x88 %s", cv.currency);
	if (cv.overflow)
		snprintf(amount, amountn, "too large");
	else
		money_format_human(cv.amount, cv.currency, amount, amountn);
	return true;
}

static void flow(doc *d, const report *r)
{
	static const char *const titles[] = { "Stage", ">Count", ">Entered", ">Advanced",
	                                      ">Conversion", ">From start" };
	char c[6][48];
	const char *cells[6];

	heading(d, 2, "Flow (entered and advanced in the period)");
	table(d, titles, 6);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		const report_stage *st = &r->stages[s];

		snprintf(c[0], sizeof c[0], "%s", pipeline_stage_short(st->stage));
		count_text(st->count, c[1], sizeof c[1]);
		count_text(st->entered, c[2], sizeof c[2]);
		if (st->has_next)
			count_text(st->advanced, c[3], sizeof c[3]);
		else
			snprintf(c[3], sizeof c[3], "-");
		percent(st->conversion, c[4], sizeof c[4]);
		percent(st->from_start, c[5], sizeof c[5]);
		for (int i = 0; i < 6; i++)
			cells[i] = c[i];
		row(d, cells);
	}
	end_table(d);
}

static void time_in_stage(doc *d, const report *r)
{
	static const char *const titles[] = { "Stage", ">Stays", ">Median", ">Mean",
	                                      ">Under way", ">Median", ">Mean" };
	char c[7][48];
	const char *cells[7];

	heading(d, 2, "Days in stage (stays ended in the period; stays under way now)");
	table(d, titles, 7);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		const report_stage *st = &r->stages[s];

		snprintf(c[0], sizeof c[0], "%s", pipeline_stage_short(st->stage));
		count_text(st->days.stays, c[1], sizeof c[1]);
		days_text(&st->days, true, c[2], sizeof c[2]);
		days_text(&st->days, false, c[3], sizeof c[3]);
		count_text(st->open_days.stays, c[4], sizeof c[4]);
		days_text(&st->open_days, true, c[5], sizeof c[5]);
		days_text(&st->open_days, false, c[6], sizeof c[6]);
		for (int i = 0; i < 7; i++)
			cells[i] = c[i];
		row(d, cells);
	}
	end_table(d);
}

/* Rows of money maps side by side (the same currencies in the same
 * order: a stage's totals and weighted), one currency a row, the first
 * cells of the first row given, then the converted total with rates. */
static void money_rows(doc *d, const report_rates *rates, const char *const *lead, int nlead,
                       const report_money *const *maps, int nmaps)
{
	char cells_buf[MAXCOLS][96];
	const char *cells[MAXCOLS];
	int n = 0;

	for (int k = 0; k < nmaps; k++)
		n = maps[k]->ntotals > n ? maps[k]->ntotals : n;
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < nlead; k++)
			cells[k] = i == 0 ? lead[k] : "";
		snprintf(cells_buf[0], sizeof cells_buf[0], "%s", maps[0]->totals[i].currency);
		cells[nlead] = cells_buf[0];
		for (int k = 0; k < nmaps; k++) {
			cells_buf[k + 1][0] = '\0';
			if (i < maps[k]->ntotals)
				amount_text(&maps[k]->totals[i], cells_buf[k + 1], sizeof cells_buf[k + 1]);
			cells[nlead + 1 + k] = cells_buf[k + 1];
		}
		row(d, cells);
	}
	if (n == 0 || !rates->set)
		return;
	for (int k = 0; k < nlead; k++)
		cells[k] = "";
	for (int k = 0; k < nmaps; k++) {
		converted_cells(rates, maps[k], cells_buf[0], sizeof cells_buf[0], cells_buf[k + 1],
		                sizeof cells_buf[k + 1]);
		cells[nlead + 1 + k] = cells_buf[k + 1];
	}
	cells[nlead] = cells_buf[0];
	row(d, cells);
}

static void rates_note(doc *d, const report_rates *rates)
{
	char text[256];

	if (!rates->set)
		return;
	snprintf(text, sizeof text, "\xe2\x89\x88: converted to %s at the rates of %s (a currency "
	         "with no rate is left out)", rates->reporting, rates->as_of);
	line(d, text);
}

static void none_row(doc *d)
{
	const char *cells[MAXCOLS] = { "(none)", "", "", "", "", "", "", "" };

	if (!d->any)
		row(d, cells);
}

static void value(doc *d, const cli_rep_set *set, const report *r)
{
	static const char *const titles[] = { "Stage", "Cur", ">Totals", ">Weighted" };

	heading(d, 2, "Value now");
	table(d, titles, 4);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		const char *lead[1] = { pipeline_stage_short((pipeline_stage)s) };
		const report_money *maps[2] = { &r->stages[s].totals, &r->stages[s].weighted };

		money_rows(d, set->rates, lead, 1, maps, 2);
	}
	none_row(d);
	end_table(d);
	rates_note(d, set->rates);
}

static void win_rate(doc *d, const cli_rep_set *set, const report *r)
{
	static const char *const titles[] = { "Cur", ">Won", ">Lost", ">Rate by value" };
	const report_win *w = &r->win_rate;
	char text[160], pct[32], c[4][96];
	const char *cells[4] = { c[0], c[1], c[2], c[3] };

	heading(d, 2, "Win rate (decided in the period)");
	percent(w->rate, pct, sizeof pct);
	snprintf(text, sizeof text, "By count: %s (%lld won, %lld lost)", pct, (long long)w->won,
	         (long long)w->lost);
	line(d, text);
	if (w->nby_value > 0) {
		table(d, titles, 4);
		for (int i = 0; i < w->nby_value; i++) {
			const report_value_rate *v = &w->by_value[i];
			review_total tw = { .amount = v->won, .overflow = v->won_overflow };
			review_total tl = { .amount = v->lost, .overflow = v->lost_overflow };

			memcpy(tw.currency, v->currency, sizeof tw.currency);
			memcpy(tl.currency, v->currency, sizeof tl.currency);
			snprintf(c[0], sizeof c[0], "%s", v->currency);
			amount_text(&tw, c[1], sizeof c[1]);
			amount_text(&tl, c[2], sizeof c[2]);
			percent(v->rate, c[3], sizeof c[3]);
			row(d, cells);
		}
		if (set->rates->set) {
			report_converted cw, cl;
			double den;

			converted_cells(set->rates, &w->won_value, c[0], sizeof c[0], c[1], sizeof c[1]);
			converted_cells(set->rates, &w->lost_value, c[0], sizeof c[0], c[2], sizeof c[2]);
			report_convert(set->rates, &w->won_value, &cw);
			report_convert(set->rates, &w->lost_value, &cl);
			den = (double)cw.amount + (double)cl.amount;
			percent((report_ratio){ !cw.overflow && !cl.overflow && den > 0,
			                        den > 0 ? (double)cw.amount / den : 0 }, c[3], sizeof c[3]);
			row(d, cells);
		}
		end_table(d);
	}
	snprintf(text, sizeof text, "Cancelled (won, then lost in the period): %lld",
	         (long long)r->cancelled.count);
	line(d, text);
	if (r->cancelled.count > 0) {
		static const char *const ctitles[] = { "Cur", ">Value" };
		const char *lead[1] = { "" };
		const report_money *maps[1] = { &r->cancelled };

		table(d, ctitles, 2);
		money_rows(d, set->rates, lead, 0, maps, 1);
		end_table(d);
	}
	rates_note(d, set->rates);
}

static void losses(doc *d, const cli_rep_set *set, const report *r)
{
	static const char *const titles[] = { "Reason", "Lost from", ">Count", "Cur", ">Value" };
	char c[3][64];

	heading(d, 2, "Losses (lost in the period, by reason and the stage lost from)");
	table(d, titles, 5);
	for (int k = 0; k < PIPELINE_LOSS_COUNT; k++) {
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
			const report_money *m = &r->losses[k][s];
			const char *lead[3] = { c[0], c[1], c[2] };
			const report_money *maps[1] = { m };

			if (m->count == 0)
				continue;
			snprintf(c[0], sizeof c[0], "%s", pipeline_loss_slug((pipeline_loss)k));
			snprintf(c[1], sizeof c[1], "%s", pipeline_stage_short((pipeline_stage)s));
			count_text(m->count, c[2], sizeof c[2]);
			money_rows(d, set->rates, lead, 3, maps, 1);
		}
	}
	none_row(d);
	end_table(d);
	rates_note(d, set->rates);
}

static void forecast(doc *d, const cli_rep_set *set, const report *r)
{
	static const char *const titles[] = { "Forecast", "Cur", ">Amount" };
	static const char *const mtitles[] = { "Close month", "Cur", ">Weighted" };
	const report_forecast *fc = &r->forecast;

	heading(d, 2, "Forecast (now)");
	table(d, titles, 3);
	{
		const char *lead[1] = { "Weighted, not yet invoiced" };
		const report_money *maps[1] = { &fc->weighted };

		money_rows(d, set->rates, lead, 1, maps, 1);
	}
	{
		const char *lead[1] = { "Invoiced, never forecast" };
		const report_money *maps[1] = { &fc->invoiced };

		money_rows(d, set->rates, lead, 1, maps, 1);
	}
	none_row(d);
	end_table(d);
	table(d, mtitles, 3);
	for (size_t i = 0; i < fc->nmonths; i++) {
		const char *lead[1] = { fc->months[i].month[0] ? fc->months[i].month : "no close date" };
		const report_money *maps[1] = { &fc->months[i].weighted };

		money_rows(d, set->rates, lead, 1, maps, 1);
	}
	none_row(d);
	end_table(d);
	rates_note(d, set->rates);
}

static void list(doc *d, const cli_rep *rep, report_list l)
{
	static const char *const overdue[] = { ">ID", "Close", ">Days past" };
	static const char *const slipped[] = { ">ID", ">Times", "First close", "Close now" };
	static const char *const awaiting[] = { ">ID", ">Days in stage" };
	char title[96], c[4][32];
	const char *cells[4] = { c[0], c[1], c[2], c[3] };

	snprintf(title, sizeof title, "%s (%lld)", cli_rep_list_title(l), (long long)rep->nitems[l]);
	heading(d, 2, title);
	if (rep->nitems[l] == 0) {
		line(d, "(none)");
		return;
	}
	if (l == REPORT_OVERDUE)
		table(d, overdue, 3);
	else if (l == REPORT_SLIPPED)
		table(d, slipped, 4);
	else
		table(d, awaiting, 2);
	for (int64_t i = 0; i < rep->nitems[l]; i++) {
		const report_item *it = &rep->items[l][i];

		count_text(it->id, c[0], sizeof c[0]);
		if (l == REPORT_OVERDUE) {
			snprintf(c[1], sizeof c[1], "%s", it->close);
			count_text(it->days, c[2], sizeof c[2]);
		} else if (l == REPORT_SLIPPED) {
			count_text(it->times, c[1], sizeof c[1]);
			snprintf(c[2], sizeof c[2], "%s", it->from[0] ? it->from : "-");
			snprintf(c[3], sizeof c[3], "%s", it->close[0] ? it->close : "-");
		} else {
			count_text(it->days, c[1], sizeof c[1]);
		}
		row(d, cells);
	}
	end_table(d);
}

/* "now 2026-11-30 18:00 UTC · period 2026-01-01 to 2026-06-30 · owner ana". */
static void title_line(doc *d, const cli_rep_set *set, const cli_rep *rep)
{
	char text[1024], now[DATE_TS_LEN + 1];
	const report_query *q = set->q;
	size_t n;

	date_timestamp(q->now, now);
	n = (size_t)snprintf(text, sizeof text, "Pipeline review, now %s; period ", now);
	if (!q->has_since && !q->has_until)
		n += (size_t)snprintf(text + n, sizeof text - n, "all time");
	else
		n += (size_t)snprintf(text + n, sizeof text - n, "%s to %s",
		                      q->has_since ? q->since_day : "the start",
		                      q->has_until ? q->until_day : "now");
	if (rep->owner && n < sizeof text)
		n += (size_t)snprintf(text + n, sizeof text - n, "; owner %s",
		                      rep->owner[0] ? rep->owner : "(none)");
	if (rep->line && n < sizeof text)
		n += (size_t)snprintf(text + n, sizeof text - n, "; line %s",
		                      rep->line[0] ? rep->line : "(none)");
	if (rep->client && n < sizeof text)
		snprintf(text + n, sizeof text - n, "; client %s", rep->client);
	if (d->md) {
		fputs("\n# ", d->f);
		cli_put(d->f, text);
		fputc('\n', d->f);
	} else {
		cli_put(d->f, text);
		fputc('\n', d->f);
	}
}

static void write_all(doc *d, const cli_rep_set *set)
{
	for (int i = 0; i < set->n; i++) {
		const cli_rep *rep = &set->reps[i];

		if (i && !d->md)
			fputc('\n', d->f);
		title_line(d, set, rep);
		flow(d, &rep->r);
		time_in_stage(d, &rep->r);
		value(d, set, &rep->r);
		win_rate(d, set, &rep->r);
		losses(d, set, &rep->r);
		forecast(d, set, &rep->r);
		for (int l = 0; l < REPORT_LISTS; l++)
			list(d, rep, (report_list)l);
	}
	if (set->n == 0)
		line(d, "No opportunity to group.");
}

void cli_rep_table(FILE *f, const cli_rep_set *set)
{
	doc d = { .f = f, .md = false, .width = set->width };

	write_all(&d, set);
}

void cli_rep_markdown(FILE *f, const cli_rep_set *set)
{
	doc d = { .f = f, .md = true, .width = 0 };

	write_all(&d, set);
}
