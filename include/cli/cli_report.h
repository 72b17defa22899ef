/*
 * cli_report: `embudo report`, what its writers share. cli_report.c reads
 * the reports (one per group with --by) and their lists in one snapshot;
 * cli_report_json.c, cli_report_text.c (table and Markdown) and
 * cli_report_csv.c write them. The figures are the store's (review/
 * report.h): the writers only format. Internal to src/cli/.
 */
#ifndef EMBUDO_CLI_REPORT_H
#define EMBUDO_CLI_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "review/report.h"

/* One report as written: the filters it was read under (a group's value
 * in place of its filter with --by) and every entry of its lists. */
typedef struct cli_rep {
	const char *owner, *line, *client; /* NULL: no filter */
	report r;
	report_item *items[REPORT_LISTS];
	int64_t nitems[REPORT_LISTS];
} cli_rep;

/* Everything a writer needs. */
typedef struct cli_rep_set {
	const report_query *q;
	const report_rates *rates; /* set false: nothing converted */
	report_by by;              /* REPORT_BY_NONE: one report, no array */
	cli_rep *reps;
	int n;
	int width;                 /* the table's: 0 for no limit */
} cli_rep_set;

/* The list's key in JSON and CSV, its title for people. */
const char *cli_rep_list_key(report_list l);
const char *cli_rep_list_title(report_list l);

/* A ratio: "0.4500" cut to its last significant digit ("0.45", "1",
 * "0"), or "" when unknown (the writers put null, "-" or nothing). */
void cli_rep_ratio(report_ratio q, char *buf, size_t bufsz);
/* Days' median or mean: "4", "4.5", "9.33..." (full) when full, else one
 * decimal ("9.3"). */
void cli_rep_days(double v, bool full, char *buf, size_t bufsz);
/* A money map for people: "CLP 12,500,000 · USD 1,000.00", "-" when empty,
 * "too large" for a total past int64. */
void cli_rep_money_text(const report_money *m, char *buf, size_t bufsz);
/* Its converted total for people: "≈ CLP 123 (rates of 2026-12-01)",
 * with "; EUR not converted" for currencies with no rate; "" when no rates
 * are set. */
void cli_rep_converted_text(const report_rates *rates, const report_money *m, char *buf,
                            size_t bufsz);

void cli_rep_json(FILE *f, const cli_rep_set *set);
void cli_rep_table(FILE *f, const cli_rep_set *set);
void cli_rep_markdown(FILE *f, const cli_rep_set *set);
void cli_rep_csv(FILE *f, const cli_rep_set *set);

#endif
