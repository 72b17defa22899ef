/*
 * cli_report_json: `embudo report --json`, with exactly the keys of issue
 * 9 (embudo(1), REPORT): amounts as decimal strings per currency code (as
 * `show --json` writes them; a total past int64 is null), ratios as
 * numbers from 0 to 1 or null, days' medians and means in full. With
 * `rates:` every money map has a sibling NAME_converted; --by writes an
 * array of reports, one per group.
 */
#include "cli/cli.h"

#include <string.h>

#include "cli/cli_report.h"
#include "util/json.h"
#include "util/money.h"

static void amount(FILE *f, int64_t v, bool overflow, const char *currency)
{
	char buf[64];

	if (overflow) {
		json_null(f);
		return;
	}
	money_format(v, currency, buf, sizeof buf);
	json_string(f, buf);
}

static void money(FILE *f, const report_money *m)
{
	fputc('{', f);
	for (int i = 0; i < m->ntotals; i++) {
		if (i)
			fputc(',', f);
		json_key(f, m->totals[i].currency);
		amount(f, m->totals[i].amount, m->totals[i].overflow, m->totals[i].currency);
	}
	fputc('}', f);
}

static void ratio(FILE *f, report_ratio q)
{
	char buf[32];

	cli_rep_ratio(q, buf, sizeof buf);
	if (buf[0])
		fputs(buf, f);
	else
		json_null(f);
}

static void converted_tail(FILE *f, const report_rates *rates, const report_converted *cv)
{
	fputc(',', f);
	json_key(f, "as_of");
	json_string(f, rates->as_of);
	fputc(',', f);
	json_key(f, "unconverted");
	fputc('[', f);
	for (int i = 0; i < cv->nunconverted; i++) {
		if (i)
			fputc(',', f);
		json_string(f, cv->unconverted[i]);
	}
	fputc(']', f);
}

/* "NAME":{...} and, with rates, ,"NAME_converted":{...}; after a comma
 * unless first. */
static void money_key(FILE *f, const cli_rep_set *set, const char *name, const report_money *m,
                      bool first)
{
	char key[64];
	report_converted cv;

	if (!first)
		fputc(',', f);
	json_key(f, name);
	money(f, m);
	if (!set->rates->set)
		return;
	report_convert(set->rates, m, &cv);
	snprintf(key, sizeof key, "%s_converted", name);
	fputc(',', f);
	json_key(f, key);
	fputc('{', f);
	json_key(f, "currency");
	json_string(f, cv.currency);
	fputc(',', f);
	json_key(f, "amount");
	amount(f, cv.amount, cv.overflow, cv.currency);
	converted_tail(f, set->rates, &cv);
	fputc('}', f);
}

static void days(FILE *f, const report_days *d)
{
	char buf[64];

	fputc('{', f);
	json_key(f, "stays");
	json_int(f, d->stays);
	fputc(',', f);
	json_key(f, "median");
	if (d->known) {
		cli_rep_days(d->median, true, buf, sizeof buf);
		fputs(buf, f);
	} else {
		json_null(f);
	}
	fputc(',', f);
	json_key(f, "mean");
	if (d->known) {
		cli_rep_days(d->mean, true, buf, sizeof buf);
		fputs(buf, f);
	} else {
		json_null(f);
	}
	fputc('}', f);
}

static void stage(FILE *f, const cli_rep_set *set, const report_stage *s)
{
	fputc('{', f);
	json_key(f, "stage");
	json_string(f, pipeline_stage_slug(s->stage));
	fputc(',', f);
	json_key(f, "count");
	json_int(f, s->count);
	money_key(f, set, "totals", &s->totals, false);
	money_key(f, set, "weighted", &s->weighted, false);
	fputc(',', f);
	json_key(f, "entered");
	json_int(f, s->entered);
	fputc(',', f);
	json_key(f, "advanced");
	if (s->has_next)
		json_int(f, s->advanced);
	else
		json_null(f);
	fputc(',', f);
	json_key(f, "conversion");
	ratio(f, s->conversion);
	fputc(',', f);
	json_key(f, "from_start");
	ratio(f, s->from_start);
	fputc(',', f);
	json_key(f, "days");
	days(f, &s->days);
	fputc(',', f);
	json_key(f, "open_days");
	days(f, &s->open_days);
	fputc('}', f);
}

static void win_rate(FILE *f, const cli_rep_set *set, const report_win *w)
{
	fputc('{', f);
	json_key(f, "won");
	json_int(f, w->won);
	fputc(',', f);
	json_key(f, "lost");
	json_int(f, w->lost);
	fputc(',', f);
	json_key(f, "rate");
	ratio(f, w->rate);
	fputc(',', f);
	json_key(f, "by_value");
	fputc('{', f);
	for (int i = 0; i < w->nby_value; i++) {
		const report_value_rate *v = &w->by_value[i];

		if (i)
			fputc(',', f);
		json_key(f, v->currency);
		fputc('{', f);
		json_key(f, "won");
		amount(f, v->won, v->won_overflow, v->currency);
		fputc(',', f);
		json_key(f, "lost");
		amount(f, v->lost, v->lost_overflow, v->currency);
		fputc(',', f);
		json_key(f, "rate");
		ratio(f, v->rate);
		fputc('}', f);
	}
	fputc('}', f);
	if (set->rates->set) {
		/* The won and the lost each in the reporting currency, and the
		 * rate by value across every currency that has a rate. */
		report_converted won, lost;
		double den;

		report_convert(set->rates, &w->won_value, &won);
		report_convert(set->rates, &w->lost_value, &lost);
		fputc(',', f);
		json_key(f, "by_value_converted");
		fputc('{', f);
		json_key(f, "currency");
		json_string(f, won.currency);
		fputc(',', f);
		json_key(f, "won");
		amount(f, won.amount, won.overflow, won.currency);
		fputc(',', f);
		json_key(f, "lost");
		amount(f, lost.amount, lost.overflow, lost.currency);
		fputc(',', f);
		json_key(f, "rate");
		den = (double)won.amount + (double)lost.amount;
		ratio(f, (report_ratio){ !won.overflow && !lost.overflow && den > 0,
		                         den > 0 ? (double)won.amount / den : 0.0 });
		/* Unconverted: those of either side. */
		for (int i = 0; i < lost.nunconverted; i++) {
			bool seen = false;

			for (int k = 0; k < won.nunconverted; k++)
				seen = seen || strcmp(won.unconverted[k], lost.unconverted[i]) == 0;
			if (!seen && won.nunconverted < REVIEW_MAX_CURRENCIES)
				memcpy(won.unconverted[won.nunconverted++], lost.unconverted[i],
				       MONEY_CODE_LEN + 1);
		}
		converted_tail(f, set->rates, &won);
		fputc('}', f);
	}
	fputc('}', f);
}

static void losses(FILE *f, const cli_rep_set *set, const report *r)
{
	bool first = true;

	fputc('[', f);
	for (int k = 0; k < PIPELINE_LOSS_COUNT; k++) {
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
			const report_money *m = &r->losses[k][s];

			if (m->count == 0)
				continue;
			fputs(first ? "" : ",", f);
			first = false;
			fputc('{', f);
			json_key(f, "reason");
			json_string(f, pipeline_loss_slug((pipeline_loss)k));
			fputc(',', f);
			json_key(f, "from");
			json_string(f, pipeline_stage_slug((pipeline_stage)s));
			fputc(',', f);
			json_key(f, "count");
			json_int(f, m->count);
			money_key(f, set, "value", m, false);
			fputc('}', f);
		}
	}
	fputc(']', f);
}

static void forecast(FILE *f, const cli_rep_set *set, const report_forecast *fc)
{
	fputc('{', f);
	money_key(f, set, "weighted", &fc->weighted, true);
	money_key(f, set, "invoiced", &fc->invoiced, false);
	fputc(',', f);
	json_key(f, "by_close_month");
	fputc('[', f);
	for (size_t i = 0; i < fc->nmonths; i++) {
		if (i)
			fputc(',', f);
		fputc('{', f);
		json_key(f, "month");
		json_string(f, fc->months[i].month[0] ? fc->months[i].month : NULL);
		money_key(f, set, "weighted", &fc->months[i].weighted, false);
		fputc('}', f);
	}
	fputs("]}", f);
}

static void item(FILE *f, report_list l, const report_item *it)
{
	fputc('{', f);
	json_key(f, "id");
	json_int(f, it->id);
	switch (l) {
	case REPORT_OVERDUE:
		fputc(',', f);
		json_key(f, "close");
		json_string(f, it->close);
		fputc(',', f);
		json_key(f, "days");
		json_int(f, it->days);
		break;
	case REPORT_SLIPPED:
		fputc(',', f);
		json_key(f, "times");
		json_int(f, it->times);
		fputc(',', f);
		json_key(f, "from");
		json_string(f, it->from[0] ? it->from : NULL);
		fputc(',', f);
		json_key(f, "to");
		json_string(f, it->close[0] ? it->close : NULL);
		break;
	default:
		fputc(',', f);
		json_key(f, "days");
		json_int(f, it->days);
		break;
	}
	fputc('}', f);
}

static void opt_string(FILE *f, const char *key, const char *v, bool comma)
{
	if (comma)
		fputc(',', f);
	json_key(f, key);
	json_string(f, v);
}

static void one(FILE *f, const cli_rep_set *set, const cli_rep *rep)
{
	const report *r = &rep->r;
	char now[DATE_TS_LEN + 1];

	date_timestamp(set->q->now, now);
	fputc('{', f);
	opt_string(f, "now", now, false);
	opt_string(f, "since", set->q->has_since ? set->q->since_day : NULL, true);
	opt_string(f, "until", set->q->has_until ? set->q->until_day : NULL, true);
	opt_string(f, "owner", rep->owner, true);
	opt_string(f, "line", rep->line, true);
	opt_string(f, "client", rep->client, true);
	fputc(',', f);
	json_key(f, "stages");
	fputc('[', f);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		if (s)
			fputc(',', f);
		stage(f, set, &r->stages[s]);
	}
	fputc(']', f);
	fputc(',', f);
	json_key(f, "win_rate");
	win_rate(f, set, &r->win_rate);
	fputc(',', f);
	json_key(f, "cancelled");
	fputc('{', f);
	json_key(f, "count");
	json_int(f, r->cancelled.count);
	money_key(f, set, "value", &r->cancelled, false);
	fputc('}', f);
	fputc(',', f);
	json_key(f, "losses");
	losses(f, set, r);
	fputc(',', f);
	json_key(f, "forecast");
	forecast(f, set, &r->forecast);
	for (int l = 0; l < REPORT_LISTS; l++) {
		fputc(',', f);
		json_key(f, cli_rep_list_key((report_list)l));
		fputc('[', f);
		for (int64_t i = 0; i < rep->nitems[l]; i++) {
			if (i)
				fputc(',', f);
			item(f, (report_list)l, &rep->items[l][i]);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

void cli_rep_json(FILE *f, const cli_rep_set *set)
{
	if (set->by != REPORT_BY_NONE)
		fputc('[', f);
	for (int i = 0; i < set->n; i++) {
		if (i)
			fputs(",\n", f);
		one(f, set, &set->reps[i]);
	}
	if (set->by != REPORT_BY_NONE)
		fputc(']', f);
	fputc('\n', f);
}
