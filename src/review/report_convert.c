/* report_convert: one figure in the reporting currency (see report.h). */
#include "review/report.h"

#include <string.h>

__extension__ typedef unsigned __int128 u128;

static u128 pow10_128(int e)
{
	u128 p = 1;

	while (e-- > 0)
		p *= 10;
	return p;
}

static const report_rate *rate_of(const report_rates *r, const char *currency)
{
	for (int i = 0; i < r->n && i < REPORT_MAX_RATES; i++)
		if (strcmp(r->rate[i].currency, currency) == 0)
			return &r->rate[i];
	return NULL;
}

bool report_convert_amount(const report_rates *r, const char *currency, int64_t amount,
                           int64_t *out, bool *overflow)
{
	const report_rate *rate;
	u128 n, q;
	int e;

	*out = 0;
	*overflow = false;
	if (!r || !r->set || !currency)
		return false;
	if (strcmp(currency, r->reporting) == 0) {
		*out = amount;
		return true;
	}
	if (!(rate = rate_of(r, currency)) || rate->units <= 0 || rate->scale < 0 || rate->scale > 18)
		return false;
	/* amount minor units of currency (dc decimals) times units / 10^scale,
	 * in minor units of the reporting currency (dr decimals):
	 * |amount| * units * 10^dr / 10^(dc + scale), exact in 128 bits
	 * (|amount| <= 2^63 and units < 2^63), then rounded half away from
	 * zero. */
	n = (u128)(amount < 0 ? -(u128)amount : (u128)amount) * (u128)rate->units;
	e = money_decimals(currency) + rate->scale - money_decimals(r->reporting);
	if (e >= 0) {
		u128 d = pow10_128(e), rem;

		q = n / d;
		rem = n % d;
		if (rem >= d - rem)
			q++;
	} else {
		u128 m = pow10_128(-e);

		if (n > ~(u128)0 / m) {
			*overflow = true;
			return true;
		}
		q = n * m;
	}
	if (q > (u128)INT64_MAX) {
		*overflow = true;
		return true;
	}
	*out = amount < 0 ? -(int64_t)q : (int64_t)q;
	return true;
}

void report_convert(const report_rates *r, const report_money *m, report_converted *out)
{
	memset(out, 0, sizeof *out);
	if (!r || !r->set)
		return;
	memcpy(out->currency, r->reporting, sizeof out->currency);
	out->more = m->more;
	for (int i = 0; i < m->ntotals && i < REVIEW_MAX_CURRENCIES; i++) {
		const review_total *t = &m->totals[i];
		int64_t v, sum;
		bool over;

		if (!report_convert_amount(r, t->currency, t->amount, &v, &over)) {
			memcpy(out->unconverted[out->nunconverted++], t->currency, MONEY_CODE_LEN + 1);
			continue;
		}
		if (out->overflow)
			continue;
		if (t->overflow || over || __builtin_add_overflow(out->amount, v, &sum)) {
			out->overflow = true;
			out->amount = INT64_MAX;
			continue;
		}
		out->amount = sum;
	}
}
