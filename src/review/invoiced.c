/* invoiced: the live invoices' total against the amount (see invoiced.h). */
#include "review/invoiced.h"

#include <stdio.h>
#include <string.h>

#include "util/money.h"

void invoiced_init(invoiced *v)
{
	memset(v, 0, sizeof *v);
}

void invoiced_add(invoiced *v, bool has_amount, int64_t amount)
{
	v->count++;
	if (!has_amount)
		v->without_amount++;
	else if (!v->overflow && __builtin_add_overflow(v->amount, amount, &v->amount))
		v->overflow = true;
	if (v->overflow)
		v->amount = INT64_MAX;
}

void invoiced_text(const invoiced *v, bool has_amount, int64_t amount, const char *currency,
                   char *buf, size_t bufsz)
{
	char sum[64], of[64], rest[64] = "";
	int n;

	if (bufsz == 0)
		return;
	buf[0] = '\0';
	if (v->count == 0)
		return;
	if (v->overflow)
		snprintf(sum, sizeof sum, "too large to add up");
	else
		money_format_human(v->amount, currency, sum, sizeof sum);
	if (has_amount) {
		money_format_human(amount, currency, of, sizeof of);
		n = snprintf(buf, bufsz, "invoiced %s of %s %s", sum, of, currency);
	} else {
		n = snprintf(buf, bufsz, "invoiced %s %s (the opportunity has no amount)", sum, currency);
	}
	if (v->without_amount)
		snprintf(rest, sizeof rest, "; %zu invoice%s without an amount", v->without_amount,
		         v->without_amount == 1 ? "" : "s");
	if (n >= 0 && (size_t)n < bufsz)
		snprintf(buf + n, bufsz - (size_t)n, "%s", rest);
}
