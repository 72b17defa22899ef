/* report: the review's figures put together, and converted (see report.h). */
#include "review/report.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void report_init(report *r)
{
	memset(r, 0, sizeof *r);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		r->stages[s].stage = (pipeline_stage)s;
}

void report_free(report *r)
{
	free(r->forecast.months);
	r->forecast.months = NULL;
	r->forecast.nmonths = 0;
}

report_ratio report_ratio_of(int64_t num, int64_t den)
{
	report_ratio q = { false, 0.0 };

	if (den != 0) {
		q.known = true;
		q.value = (double)num / (double)den;
	}
	return q;
}

bool report_forecast_stage(pipeline_stage s)
{
	return s != PIPELINE_PERDIDA && s < PIPELINE_EN_FACTURACION;
}

bool report_invoiced_stage(pipeline_stage s)
{
	return s != PIPELINE_PERDIDA && s >= PIPELINE_EN_FACTURACION && s < PIPELINE_STAGE_COUNT;
}

void report_forecast_now(const int probability[PIPELINE_STAGE_COUNT],
                         const report_money totals[PIPELINE_STAGE_COUNT], const char *first,
                         report_money *weighted, report_money *invoiced)
{
	review_weighted_stages(probability, totals, report_forecast_stage, first, weighted);
	review_weighted_stages(NULL, totals, report_invoiced_stage, first, invoiced);
}

/* ---- money maps ----------------------------------------------------------- */

/* a += b, past int64 marked, never wrapped. */
static void add_amount(int64_t *a, bool *overflow, int64_t b, bool b_overflow)
{
	int64_t r;

	if (*overflow || b_overflow || __builtin_add_overflow(*a, b, &r)) {
		*overflow = true;
		*a = INT64_MAX;
		return;
	}
	*a = r;
}

void report_money_add(report_money *m, const char *currency, int64_t count, int64_t amount,
                      bool overflow)
{
	int k = 0;

	assert(m->ntotals >= 0 && m->ntotals <= REVIEW_MAX_CURRENCIES);
	m->count += count;
	while (k < m->ntotals && strcmp(m->totals[k].currency, currency) != 0)
		k++;
	if (k == m->ntotals) {
		if (k == REVIEW_MAX_CURRENCIES) {
			m->more = true; /* never added to another currency */
			return;
		}
		memset(&m->totals[k], 0, sizeof m->totals[k]);
		memcpy(m->totals[k].currency, currency, MONEY_CODE_LEN);
		m->totals[k].currency[MONEY_CODE_LEN] = '\0';
		m->ntotals++;
	}
	m->totals[k].count += count;
	add_amount(&m->totals[k].amount, &m->totals[k].overflow, amount, overflow);
}

void report_money_merge(report_money *into, const report_money *m)
{
	int64_t counted = 0;

	for (int i = 0; i < m->ntotals; i++) {
		report_money_add(into, m->totals[i].currency, m->totals[i].count, m->totals[i].amount,
		                 m->totals[i].overflow);
		counted += m->totals[i].count;
	}
	into->count += m->count - counted;
	into->more = into->more || m->more;
}

void report_money_sort(report_money *m, const char *first)
{
	money_sort_codes(m->totals, (size_t)m->ntotals, sizeof m->totals[0],
	                 offsetof(review_total, currency), first);
}

/* ---- days ------------------------------------------------------------------- */

void report_days_hist(report_days *d, const int64_t *days, const int64_t *count, size_t n)
{
	int64_t total = 0;
	double sum = 0.0;

	memset(d, 0, sizeof *d);
	for (size_t i = 0; i < n; i++) {
		assert(i == 0 || days[i] > days[i - 1]);
		total += count[i];
		sum += (double)days[i] * (double)count[i];
	}
	d->stays = total;
	if (total == 0)
		return;
	/* The middle one (0-based (total - 1) / 2), and for an even count the
	 * one after it too: the median is their mean. */
	int64_t lo_pos = (total - 1) / 2, hi_pos = total / 2, seen = 0;
	double lo = 0, hi = 0;
	bool have_lo = false;

	for (size_t i = 0; i < n; i++) {
		seen += count[i];
		if (!have_lo && seen > lo_pos) {
			lo = (double)days[i];
			have_lo = true;
		}
		if (seen > hi_pos) {
			hi = (double)days[i];
			break;
		}
	}
	d->known = true;
	d->median = (lo + hi) / 2.0;
	d->mean = sum / (double)total;
}

void report_days_set(report_days *d, int64_t stays, int64_t mid_lo, int64_t mid_hi, double sum)
{
	memset(d, 0, sizeof *d);
	d->stays = stays;
	if (stays <= 0)
		return;
	d->known = true;
	d->median = ((double)mid_lo + (double)mid_hi) / 2.0;
	d->mean = sum / (double)stays;
}

/* ---- the forecast by month ---------------------------------------------------- */

bool report_forecast_add(report *r, const char *month, pipeline_stage s, const char *currency,
                         int64_t count, int64_t amount, bool overflow, int probability)
{
	report_forecast *fc = &r->forecast;
	size_t i = 0;

	if (!report_forecast_stage(s))
		return true;
	while (i < fc->nmonths && strcmp(fc->months[i].month, month) != 0)
		i++;
	if (i == fc->nmonths) {
		report_month *v = realloc(fc->months, (fc->nmonths + 1) * sizeof *v);

		if (!v)
			return false;
		fc->months = v;
		memset(&v[i], 0, sizeof v[i]);
		/* "YYYY-MM" of a close date; anything else is no month. */
		if (strlen(month) == 7)
			memcpy(v[i].month, month, 8);
		fc->nmonths++;
	}
	review_total t = { .count = count, .amount = amount, .overflow = overflow };
	review_total w = review_weighted_total(probability, &t);

	report_money_add(&fc->months[i].weighted, currency, count, w.amount, w.overflow);
	return true;
}

static int month_cmp(const void *a, const void *b)
{
	const report_month *x = a, *y = b;

	/* No close date last. */
	if (!x->month[0] || !y->month[0])
		return (x->month[0] ? 0 : 1) - (y->month[0] ? 0 : 1);
	return strcmp(x->month, y->month);
}

/* ---- putting it together --------------------------------------------------------- */

static void win_by_value(report_win *w)
{
	w->nby_value = 0;
	w->more = w->won_value.more || w->lost_value.more;
	for (int side = 0; side < 2; side++) {
		const report_money *m = side ? &w->lost_value : &w->won_value;

		for (int i = 0; i < m->ntotals; i++) {
			const review_total *t = &m->totals[i];
			int k = 0;

			while (k < w->nby_value && strcmp(w->by_value[k].currency, t->currency) != 0)
				k++;
			if (k == w->nby_value) {
				if (k == REVIEW_MAX_CURRENCIES) {
					w->more = true;
					continue;
				}
				memset(&w->by_value[k], 0, sizeof w->by_value[k]);
				memcpy(w->by_value[k].currency, t->currency, sizeof t->currency);
				w->nby_value++;
			}
			if (side) {
				w->by_value[k].lost = t->amount;
				w->by_value[k].lost_overflow = t->overflow;
			} else {
				w->by_value[k].won = t->amount;
				w->by_value[k].won_overflow = t->overflow;
			}
		}
	}
	for (int k = 0; k < w->nby_value; k++) {
		report_value_rate *v = &w->by_value[k];

		/* won / (won + lost) in floating point: the sum may pass int64. */
		v->rate.known = false;
		v->rate.value = 0.0;
		if (v->won_overflow || v->lost_overflow)
			continue; /* too large to tell */
		double den = (double)v->won + (double)v->lost;
		if (den > 0) {
			v->rate.known = true;
			v->rate.value = (double)v->won / den;
		}
	}
}

void report_finish(report *r, const report_query *q)
{
	const char *first = q->first_currency;
	report_ratio chain = { true, 1.0 };

	report_money totals[PIPELINE_STAGE_COUNT];

	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		report_stage *st = &r->stages[s];
		pipeline_stage next = pipeline_next_stage((pipeline_stage)s);

		st->stage = (pipeline_stage)s;
		report_money_sort(&st->totals, first);
		review_weighted_summary(q->probability[s], &st->totals, &st->weighted);
		st->has_next = next < PIPELINE_STAGE_COUNT;
		if (!st->has_next)
			st->advanced = 0;
		st->conversion = st->has_next ? report_ratio_of(st->advanced, st->entered)
		                              : (report_ratio){ false, 0.0 };
		/* The funnel share: the product of the conversions before this
		 * stage in the flow; Perdida is not in the flow. */
		if (s == PIPELINE_PERDIDA) {
			st->from_start = (report_ratio){ false, 0.0 };
		} else {
			st->from_start = chain;
			if (chain.known && st->conversion.known)
				chain.value *= st->conversion.value;
			else
				chain = (report_ratio){ false, 0.0 };
		}
		totals[s] = st->totals;
	}
	report_forecast_now(q->probability, totals, first, &r->forecast.weighted, &r->forecast.invoiced);
	for (size_t i = 0; i < r->forecast.nmonths; i++)
		report_money_sort(&r->forecast.months[i].weighted, first);
	if (r->forecast.nmonths > 1)
		qsort(r->forecast.months, r->forecast.nmonths, sizeof r->forecast.months[0], month_cmp);

	r->win_rate.rate = report_ratio_of(r->win_rate.won, r->win_rate.won + r->win_rate.lost);
	report_money_sort(&r->win_rate.won_value, first);
	report_money_sort(&r->win_rate.lost_value, first);
	win_by_value(&r->win_rate);
	money_sort_codes(r->win_rate.by_value, (size_t)r->win_rate.nby_value,
	                 sizeof r->win_rate.by_value[0], offsetof(report_value_rate, currency), first);
	report_money_sort(&r->cancelled, first);
	for (int k = 0; k < PIPELINE_LOSS_COUNT; k++)
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
			report_money_sort(&r->losses[k][s], first);
}
