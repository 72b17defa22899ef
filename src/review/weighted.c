/* weighted: the pipeline's weighted value per currency (see weighted.h). */
#include "review/weighted.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

int64_t review_weighted_amount(int probability, int64_t amount)
{
	int64_t p = probability;
	if (p <= 0)
		return 0;
	if (p >= 100)
		return amount;
	/* Split so amount * p cannot overflow: (q*100 + r) * p / 100. */
	int64_t q = amount / 100, r = amount % 100;
	int64_t rp = r * p; /* |rp| < 10000 */
	int64_t frac = rp / 100, rem = rp % 100;
	if (rem >= 50)
		frac++;
	else if (rem <= -50)
		frac--;
	return q * p + frac;
}

review_total review_weighted_total(int probability, const review_total *t)
{
	review_total w = *t;
	w.amount = review_weighted_amount(probability, t->amount);
	w.overflow = t->overflow && w.amount != 0;
	if (w.overflow)
		w.amount = INT64_MAX;
	return w;
}

void review_weighted_summary(int probability, const review_summary *in, review_summary *out)
{
	assert(in->ntotals >= 0 && in->ntotals <= REVIEW_MAX_CURRENCIES);
	*out = *in;
	for (int i = 0; i < out->ntotals; i++)
		out->totals[i] = review_weighted_total(probability, &in->totals[i]);
}

/* into += t: past int64 either way is "too large", never wrapped. */
static void add_total(review_total *into, const review_total *t)
{
	int64_t r;
	into->count += t->count;
	if (into->overflow || t->overflow || __builtin_add_overflow(into->amount, t->amount, &r)) {
		into->overflow = true;
		into->amount = into->amount < 0 && !t->overflow ? INT64_MIN : INT64_MAX;
		return;
	}
	into->amount = r;
}

void review_weighted_stages(const int probability[PIPELINE_STAGE_COUNT],
                            const review_summary sum[PIPELINE_STAGE_COUNT],
                            bool (*pick)(pipeline_stage), const char *first, review_summary *out)
{
	memset(out, 0, sizeof *out);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		assert(sum[s].ntotals >= 0 && sum[s].ntotals <= REVIEW_MAX_CURRENCIES);
		if (pick && !pick((pipeline_stage)s))
			continue;
		out->count += sum[s].count;
		out->more = out->more || sum[s].more;
		for (int i = 0; i < sum[s].ntotals; i++) {
			const review_total *t = &sum[s].totals[i];
			int k = 0;
			while (k < out->ntotals && strcmp(out->totals[k].currency, t->currency) != 0)
				k++;
			if (k == out->ntotals) {
				if (k == REVIEW_MAX_CURRENCIES) {
					out->more = true; /* never added to another currency */
					continue;
				}
				out->ntotals++;
				memcpy(out->totals[k].currency, t->currency, sizeof t->currency);
			}
			review_total w = probability ? review_weighted_total(probability[s], t) : *t;
			add_total(&out->totals[k], &w);
		}
	}
	/* The one currency order, not the order the columns met them in (a
	 * moved card would reshuffle the line). */
	money_sort_codes(out->totals, (size_t)out->ntotals, sizeof out->totals[0],
	                 offsetof(review_total, currency), first);
}
