/*
 * cli_format: how the CLI writes an opportunity, an event or a cell: JSON
 * (json.h, exact text), terminal tables (text.h, neutralised text) and CSV
 * (RFC 4180, exact text). Internal to src/cli*.c.
 */
#ifndef EMBUDO_CLI_FORMAT_H
#define EMBUDO_CLI_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/money.h"
#include "store/store.h"

/* One opportunity as a JSON object (no trailing newline). */
void cli_json_opp(FILE *f, const store_opp *o);
/* One history event as a JSON object (no trailing newline). */
void cli_json_event(FILE *f, const store_event *e);

/* Database text for a terminal: neutralised (text_sanitize). NULL prints "". */
void cli_put(FILE *f, const char *s);
/* A table cell: neutralised, cut to width columns with "…", padded. */
void cli_cell(FILE *f, const char *s, int width, bool right);

/* A CSV field: quoted when it holds a comma, quote or any control
 * character (CR, LF, ESC...); the text itself is kept exact. */
void cli_csv_field(FILE *f, const char *s);

/* Whether CSV written to f must be made terminal-safe: f is a terminal.
 * Into a file or a pipe the data stays exact. */
bool cli_csv_for_terminal(FILE *f);

/* A CSV field of database text: exact (cli_csv_field) unless terminal, in
 * which case it is neutralised first (text_sanitize: controls, escape
 * sequences and bidi controls replaced, tab and newline a space) and
 * *altered counts it when that changed anything. */
void cli_csv_cell(FILE *f, const char *s, bool terminal, int64_t *altered);

/* "1,500.50 USD", or "-" without an amount. */
void cli_amount_human(const store_opp *o, char *buf, size_t n);

/* Totals per currency of the rows of a table, never added across
 * currencies. Zero-initialise; cli_totals_free when done. */
typedef struct cli_total {
	char currency[MONEY_CODE_LEN + 1];
	int64_t sum;
	bool overflow; /* beyond int64: shown as too large, never wrapped */
} cli_total;

typedef struct cli_totals {
	cli_total *items; /* in order of first appearance */
	size_t n, cap;
	bool out_of_memory;
} cli_totals;

/* Adds amount (minor units) to currency's total. */
void cli_totals_add(cli_totals *t, const char *currency, int64_t amount);
void cli_totals_free(cli_totals *t);

#endif
