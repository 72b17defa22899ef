/* invoiced: the live invoices' total against the amount (see invoiced.h). */
#include "invoiced.h"

#include <stdio.h>
#include <string.h>

#include "money.h"

void invoiced_sum(const store_opp *o, invoiced *out)
{
	memset(out, 0, sizeof *out);
	out->count = o->ninvoices;
	for (size_t i = 0; i < o->ninvoices; i++) {
		const store_invoice *v = &o->invoices[i];

		if (!v->has_amount)
			out->without_amount++;
		else if (!out->overflow && __builtin_add_overflow(out->amount, v->amount, &out->amount))
			out->overflow = true;
	}
	if (out->overflow)
		out->amount = INT64_MAX;
}

void invoiced_text(const store_opp *o, char *buf, size_t bufsz)
{
	invoiced v;
	char sum[64], of[64], rest[64] = "";
	int n;

	if (bufsz == 0)
		return;
	buf[0] = '\0';
	invoiced_sum(o, &v);
	if (v.count == 0)
		return;
	if (v.overflow)
		snprintf(sum, sizeof sum, "too large to add up");
	else
		money_format_human(v.amount, o->currency, sum, sizeof sum);
	if (o->has_amount) {
		money_format_human(o->amount, o->currency, of, sizeof of);
		n = snprintf(buf, bufsz, "invoiced %s of %s %s", sum, of, o->currency);
	} else {
		n = snprintf(buf, bufsz, "invoiced %s %s (the opportunity has no amount)", sum,
		             o->currency);
	}
	if (v.without_amount)
		snprintf(rest, sizeof rest, "; %zu invoice%s without an amount", v.without_amount,
		         v.without_amount == 1 ? "" : "s");
	if (n >= 0 && (size_t)n < bufsz)
		snprintf(buf + n, bufsz - (size_t)n, "%s", rest);
}
