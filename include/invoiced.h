/*
 * invoiced: what an opportunity's live invoices add up to, against its
 * amount, and the one sentence that says it ("invoiced 30,000,000 of
 * 48,000,000 CLP"), for `show` and the board's card detail. Invoice
 * amounts are in the opportunity's currency. Pure: no I/O.
 */
#ifndef EMBUDO_INVOICED_H
#define EMBUDO_INVOICED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef struct invoiced {
	size_t count;          /* live invoices */
	size_t without_amount; /* of them, recorded without an amount */
	int64_t amount;        /* the others' amounts added (minor units) */
	bool overflow;         /* beyond int64: amount is INT64_MAX, never wrapped */
} invoiced;

void invoiced_sum(const store_opp *o, invoiced *out);

/* "" when o has no live invoice; else "invoiced X of Y CUR", or
 * "invoiced X CUR (the opportunity has no amount)", followed by
 * "; N invoice(s) without an amount" when some have none (they add 0).
 * A sum past int64 reads "too large to add up". */
void invoiced_text(const store_opp *o, char *buf, size_t bufsz);

#endif
