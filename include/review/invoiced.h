/*
 * invoiced: what an opportunity's live invoices add up to, against its
 * amount, and the one sentence that says it ("invoiced 30,000,000 of
 * 48,000,000 CLP"), for `show` and the board's card detail. Invoice
 * amounts are in the opportunity's currency. Pure: no I/O, plain inputs
 * (the store's store_opp_invoiced feeds it an opportunity's invoices).
 */
#ifndef EMBUDO_INVOICED_H
#define EMBUDO_INVOICED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct invoiced {
	size_t count;          /* live invoices */
	size_t without_amount; /* of them, recorded without an amount */
	int64_t amount;        /* the others' amounts added (minor units) */
	bool overflow;         /* beyond int64: amount is INT64_MAX, never wrapped */
} invoiced;

/* An empty sum. */
void invoiced_init(invoiced *v);
/* Adds one live invoice (has_amount false: recorded without an amount). */
void invoiced_add(invoiced *v, bool has_amount, int64_t amount);

/* "" when v counts no invoice; else "invoiced X of Y CUR" (Y the
 * opportunity's amount, when it has one), or "invoiced X CUR (the
 * opportunity has no amount)", followed by "; N invoice(s) without an
 * amount" when some have none (they add 0). A sum past int64 reads "too
 * large to add up". */
void invoiced_text(const invoiced *v, bool has_amount, int64_t amount, const char *currency,
                   char *buf, size_t bufsz);

#endif
