/*
 * cli_report_csv: `embudo report --format csv`, one figure a row (RFC
 * 4180, CRLF) so that a spreadsheet can filter and pivot it:
 *   section,key,measure,currency,value
 * section: stages, win_rate, cancelled, losses, forecast, overdue,
 * slipped, awaiting_invoice, awaiting_delivery (and rates with `rates:`);
 * key: the stage's slug, "reason/stage", the close month, a list entry's
 * id; measure: the JSON key (count, totals, conversion, days_median...);
 * currency: an amount's code; value: the number as JSON writes it, empty
 * for null. With --by owner|line a first column holds the group. With
 * `rates:` each money map adds a row whose measure ends in _converted, in
 * the reporting currency.
 */
#include "cli/cli.h"

#include <string.h>

#include "cli/cli_format.h"
#include "cli/cli_report.h"
#include "util/money.h"

typedef struct csv {
	FILE *f;
	const cli_rep_set *set;
	const char *group; /* --by: the group's value */
	bool terminal;
	int64_t altered;
} csv;

static void put_row(csv *c, const char *section, const char *key, const char *measure,
                    const char *currency, const char *value)
{
	if (c->set->by != REPORT_BY_NONE) {
		cli_csv_cell(c->f, c->group, c->terminal, &c->altered);
		fputc(',', c->f);
	}
	cli_csv_field(c->f, section);
	fputc(',', c->f);
	cli_csv_field(c->f, key);
	fputc(',', c->f);
	cli_csv_field(c->f, measure);
	fputc(',', c->f);
	cli_csv_field(c->f, currency);
	fputc(',', c->f);
	cli_csv_field(c->f, value);
	fputs("\r\n", c->f);
}

static void put_int(csv *c, const char *section, const char *key, const char *measure, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	put_row(c, section, key, measure, "", buf);
}

static void put_ratio(csv *c, const char *section, const char *key, const char *measure,
                      report_ratio q)
{
	char buf[32];

	cli_rep_ratio(q, buf, sizeof buf);
	put_row(c, section, key, measure, "", buf);
}

static void put_amount(csv *c, const char *section, const char *key, const char *measure,
                       const char *currency, int64_t v, bool overflow)
{
	char buf[64] = "";

	if (!overflow)
		money_format(v, currency, buf, sizeof buf);
	put_row(c, section, key, measure, currency, buf);
}

static void put_money(csv *c, const char *section, const char *key, const char *measure,
                      const report_money *m)
{
	char name[64];
	report_converted cv;

	for (int i = 0; i < m->ntotals; i++)
		put_amount(c, section, key, measure, m->totals[i].currency, m->totals[i].amount,
		           m->totals[i].overflow);
	if (!c->set->rates->set)
		return;
	report_convert(c->set->rates, m, &cv);
	snprintf(name, sizeof name, "%s_converted", measure);
	put_amount(c, section, key, name, cv.currency, cv.amount, cv.overflow);
	for (int i = 0; i < cv.nunconverted; i++) {
		snprintf(name, sizeof name, "%s_unconverted", measure);
		put_row(c, section, key, name, cv.unconverted[i], "");
	}
}

static void put_days(csv *c, const char *key, const char *name, const report_days *d)
{
	char measure[32], buf[64] = "";

	snprintf(measure, sizeof measure, "%s_stays", name);
	put_int(c, "stages", key, measure, d->stays);
	snprintf(measure, sizeof measure, "%s_median", name);
	if (d->known)
		cli_rep_days(d->median, true, buf, sizeof buf);
	put_row(c, "stages", key, measure, "", buf);
	snprintf(measure, sizeof measure, "%s_mean", name);
	buf[0] = '\0';
	if (d->known)
		cli_rep_days(d->mean, true, buf, sizeof buf);
	put_row(c, "stages", key, measure, "", buf);
}

static void stages(csv *c, const report *r)
{
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		const report_stage *st = &r->stages[s];
		const char *key = pipeline_stage_slug(st->stage);

		put_int(c, "stages", key, "count", st->count);
		put_money(c, "stages", key, "totals", &st->totals);
		put_money(c, "stages", key, "weighted", &st->weighted);
		put_int(c, "stages", key, "entered", st->entered);
		if (st->has_next)
			put_int(c, "stages", key, "advanced", st->advanced);
		else
			put_row(c, "stages", key, "advanced", "", "");
		put_ratio(c, "stages", key, "conversion", st->conversion);
		put_ratio(c, "stages", key, "from_start", st->from_start);
		put_days(c, key, "days", &st->days);
		put_days(c, key, "open_days", &st->open_days);
	}
}

static void win(csv *c, const report *r)
{
	const report_win *w = &r->win_rate;

	put_int(c, "win_rate", "", "won", w->won);
	put_int(c, "win_rate", "", "lost", w->lost);
	put_ratio(c, "win_rate", "", "rate", w->rate);
	for (int i = 0; i < w->nby_value; i++) {
		const report_value_rate *v = &w->by_value[i];
		char buf[32];

		put_amount(c, "win_rate", "by_value", "won", v->currency, v->won, v->won_overflow);
		put_amount(c, "win_rate", "by_value", "lost", v->currency, v->lost, v->lost_overflow);
		cli_rep_ratio(v->rate, buf, sizeof buf);
		put_row(c, "win_rate", "by_value", "rate", v->currency, buf);
	}
	if (c->set->rates->set) {
		report_converted cw, cl;
		double den;

		report_convert(c->set->rates, &w->won_value, &cw);
		report_convert(c->set->rates, &w->lost_value, &cl);
		put_amount(c, "win_rate", "by_value", "won_converted", cw.currency, cw.amount,
		           cw.overflow);
		put_amount(c, "win_rate", "by_value", "lost_converted", cl.currency, cl.amount,
		           cl.overflow);
		den = (double)cw.amount + (double)cl.amount;
		put_ratio(c, "win_rate", "by_value", "rate_converted",
		          (report_ratio){ !cw.overflow && !cl.overflow && den > 0,
		                          den > 0 ? (double)cw.amount / den : 0 });
	}
	put_int(c, "cancelled", "", "count", r->cancelled.count);
	put_money(c, "cancelled", "", "value", &r->cancelled);
}

static void losses(csv *c, const report *r)
{
	char key[64];

	for (int k = 0; k < PIPELINE_LOSS_COUNT; k++) {
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
			const report_money *m = &r->losses[k][s];

			if (m->count == 0)
				continue;
			snprintf(key, sizeof key, "%s/%s", pipeline_loss_slug((pipeline_loss)k),
			         pipeline_stage_slug((pipeline_stage)s));
			put_int(c, "losses", key, "count", m->count);
			put_money(c, "losses", key, "value", m);
		}
	}
}

static void forecast(csv *c, const report *r)
{
	const report_forecast *fc = &r->forecast;

	put_money(c, "forecast", "", "weighted", &fc->weighted);
	put_money(c, "forecast", "", "invoiced", &fc->invoiced);
	for (size_t i = 0; i < fc->nmonths; i++)
		put_money(c, "forecast", fc->months[i].month, "by_close_month", &fc->months[i].weighted);
}

static void lists(csv *c, const cli_rep *rep)
{
	for (int l = 0; l < REPORT_LISTS; l++) {
		const char *section = cli_rep_list_key((report_list)l);

		for (int64_t i = 0; i < rep->nitems[l]; i++) {
			const report_item *it = &rep->items[l][i];
			char key[32];

			snprintf(key, sizeof key, "%lld", (long long)it->id);
			if (l == REPORT_OVERDUE) {
				put_row(c, section, key, "close", "", it->close);
				put_int(c, section, key, "days", it->days);
			} else if (l == REPORT_SLIPPED) {
				put_int(c, section, key, "times", it->times);
				put_row(c, section, key, "from", "", it->from);
				put_row(c, section, key, "to", "", it->close);
			} else {
				put_int(c, section, key, "days", it->days);
			}
		}
	}
}

void cli_rep_csv(FILE *f, const cli_rep_set *set)
{
	csv c = { .f = f, .set = set, .terminal = cli_csv_for_terminal(f) };

	if (set->by != REPORT_BY_NONE)
		fputs(set->by == REPORT_BY_OWNER ? "owner," : "line,", f);
	fputs("section,key,measure,currency,value\r\n", f);
	for (int i = 0; i < set->n; i++) {
		const cli_rep *rep = &set->reps[i];

		c.group = set->by == REPORT_BY_OWNER ? rep->owner : rep->line;
		if (set->rates->set)
			put_row(&c, "rates", set->rates->reporting, "as_of", "", set->rates->as_of);
		stages(&c, &rep->r);
		win(&c, &rep->r);
		losses(&c, &rep->r);
		forecast(&c, &rep->r);
		lists(&c, rep);
	}
}
