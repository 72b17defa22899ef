/*
 * report: the pipeline review's data (issue 9), as plain types: what
 * `embudo report` prints and the review screen draws. The definitions are
 * domain.md's "Derived figures" and the DEFINITIONS section of embudo(1);
 * in short:
 *   - the population is the live opportunities that match the filters
 *     (owner, line, client: whole value, case and accents ignored, as
 *     `list` matches them);
 *   - the period (since, until: local calendar days, until through its
 *     last second; either may be absent) bounds entries (entered,
 *     advanced, conversion), decisions (win rate, losses, cancellations)
 *     and completed stays (by the time the stay ended); everything else is
 *     as of now (counts, totals, weighted, the forecast, stays under way,
 *     the lists);
 *   - amounts are per currency, never added across currencies; only the
 *     conversion below (when the configuration has `rates:`) gives one
 *     figure in the reporting currency, marked as converted.
 *
 * Pure types and pure functions: no I/O, no store. The store fills a
 * report (store.h):
 *   store_report(st, filter, query, &rep)   every figure, in one snapshot
 *   store_report_list(st, filter, query, pick, offset, limit, items, &n)
 *                                           a page of one list (the four
 *                                           lists, or the cards behind a
 *                                           figure), sorted as stated below
 *   store_report_groups(st, filter, by, &names, &n)
 *                                           the owners or lines of --by
 * A caller that reads a report and pages of its lists wraps them in one
 * store_read_begin/end, so that they agree.
 */
#ifndef EMBUDO_REVIEW_REPORT_H
#define EMBUDO_REVIEW_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "pipeline/pipeline.h"
#include "review/weighted.h"
#include "util/date.h"
#include "util/money.h"

/* A money map: a count of opportunities and, per currency, how many and
 * their amounts added (minor units; no amount adds 0; past int64 is
 * `overflow`, never wrapped). Currencies in the one order of money.h
 * (money_code_cmp, the configured currency first). */
typedef review_summary report_money;

/* A share from 0 to 1, or none ("null") when it has no denominator. */
typedef struct report_ratio {
	bool known;
	double value;
} report_ratio;

/* Days of stays: how many, their median (whole days; the mean of the two
 * middle ones when even, so it may end in .5) and mean. known is false
 * when stays is 0 (median and mean are then "null"). */
typedef struct report_days {
	int64_t stays;
	bool known;
	double median;
	double mean;
} report_days;

/* One stage's row. */
typedef struct report_stage {
	pipeline_stage stage;
	/* Now: the live opportunities in the stage. */
	int64_t count;
	report_money totals;
	report_money weighted;   /* totals times the stage's probability */
	/* In the period: first entries into the stage. */
	int64_t entered;
	bool has_next;           /* false for Lista and Perdida: advanced and
	                          * conversion are then "null" */
	int64_t advanced;        /* of those, the ones that later first
	                          * entered the next stage */
	report_ratio conversion; /* advanced / entered */
	report_ratio from_start; /* Inmadura 1; then the product of the
	                          * conversions before; Perdida never */
	report_days days;        /* completed stays that ended in the period */
	report_days open_days;   /* stays under way now, to now */
} report_stage;

/* The win rate's by-value part of one currency. */
typedef struct report_value_rate {
	char currency[MONEY_CODE_LEN + 1];
	int64_t won, lost;       /* amounts, minor units */
	bool won_overflow, lost_overflow;
	report_ratio rate;       /* won / (won + lost) */
} report_value_rate;

/* Won and lost decided in the period. */
typedef struct report_win {
	int64_t won, lost;
	report_ratio rate;       /* won / (won + lost) by count */
	report_money won_value;  /* the current amounts of the won, per currency */
	report_money lost_value; /* and of the lost */
	int nby_value;           /* currencies in by_value (those of either) */
	report_value_rate by_value[REVIEW_MAX_CURRENCIES];
	bool more;               /* more currencies than by_value holds */
} report_win;

/* The forecast's weighted value of one month of expected close. */
typedef struct report_month {
	char month[8];           /* "2026-03"; "" for no close date (the last) */
	report_money weighted;
} report_month;

typedef struct report_forecast {
	report_money weighted;   /* Inmadura..por Facturar, weighted, now */
	report_money invoiced;   /* en Facturación and Lista, not weighted */
	report_month *months;    /* by month ascending, "" last; report_free */
	size_t nmonths;
} report_forecast;

/* The lists (as of now), and the cards behind a figure (in the period). */
typedef enum report_list {
	/* Undecided live opportunities whose close date is before today:
	 * most days past first, then id. */
	REPORT_OVERDUE = 0,
	/* Undecided live opportunities whose close date was moved later at
	 * least once: most times first, then id. */
	REPORT_SLIPPED,
	/* In por Facturar with no live invoice: most days in stage first,
	 * then id. */
	REPORT_AWAITING_INVOICE,
	/* In en Facturación with no live delivery: likewise. */
	REPORT_AWAITING_DELIVERY,
	/* The cards behind a figure, by id. */
	REPORT_ENTERED,          /* pick.stage: first entered it in the period */
	REPORT_ADVANCED,         /* pick.stage: of those, the ones that advanced */
	REPORT_WON,              /* won in the period */
	REPORT_LOST,             /* lost in the period */
	REPORT_CANCELLED,        /* cancelled in the period */
	REPORT_LOSSES,           /* lost in the period, with pick.reason and pick.from */
	REPORT_LIST_COUNT
} report_list;

/* The four lists a report holds counts of (and the JSON writes whole). */
#define REPORT_LISTS (REPORT_AWAITING_DELIVERY + 1)

/* Which list, and for the cards behind a figure, which part. */
typedef struct report_pick {
	report_list list;
	pipeline_stage stage;    /* REPORT_ENTERED, REPORT_ADVANCED */
	pipeline_loss reason;    /* REPORT_LOSSES; PIPELINE_LOSS_COUNT: any */
	pipeline_stage from;     /* REPORT_LOSSES; PIPELINE_STAGE_COUNT: any */
} report_pick;

/* One entry of a list. */
typedef struct report_item {
	int64_t id;
	int64_t days;            /* overdue: days past the close date; awaiting:
	                          * days in stage; else 0 */
	int64_t times;           /* slipped: close dates moved later */
	char close[DATE_LEN + 1];/* overdue: the close date; slipped: the current
	                          * one ("to") */
	char from[DATE_LEN + 1]; /* slipped: the first close date ever set */
	time_t at;               /* behind a figure: when it happened (entry,
	                          * decision) */
	bool advanced;           /* REPORT_ENTERED: it later entered the next
	                          * stage (it is in REPORT_ADVANCED too) */
} report_item;

/* What a report covers, besides the filters (the store's store_filter). */
typedef struct report_query {
	time_t now;              /* the clock's, or EMBUDO_NOW */
	bool has_since, has_until;
	time_t since;            /* first instant of the period (local 00:00:00) */
	time_t until;            /* last instant of the period (local 23:59:59) */
	char since_day[DATE_LEN + 1], until_day[DATE_LEN + 1]; /* as given */
	int probability[PIPELINE_STAGE_COUNT]; /* percent, the configuration's */
	char first_currency[MONEY_CODE_LEN + 1]; /* the configured currency */
} report_query;

/* --by: one report per owner or per line. */
typedef enum report_by {
	REPORT_BY_NONE = 0,
	REPORT_BY_OWNER,
	REPORT_BY_LINE
} report_by;

typedef struct report {
	report_stage stages[PIPELINE_STAGE_COUNT]; /* in flow order */
	report_win win_rate;
	report_money cancelled;  /* won, now lost, the loss in the period */
	/* Lost in the period by reason and the stage lost from (cancellations
	 * included); count 0: no such loss. */
	report_money losses[PIPELINE_LOSS_COUNT][PIPELINE_STAGE_COUNT];
	report_forecast forecast;
	int64_t lists[REPORT_LISTS]; /* entries in each list */
} report;

/* An empty report (every ratio and days unknown, no month). */
void report_init(report *r);
void report_free(report *r);

/* A ratio num / den (unknown when den is 0). */
report_ratio report_ratio_of(int64_t num, int64_t den);

/* Whether the live opportunities of stage s are the forecast (not yet
 * invoiced: Inmadura..por Facturar, weighted) or invoiced (en Facturación
 * and Lista: shown apart, never as forecast). Perdida is neither. */
bool report_forecast_stage(pipeline_stage s);
bool report_invoiced_stage(pipeline_stage s);
/* The forecast as of now from each stage's totals (report_finish, and the
 * board's total line): the forecast stages' totals weighted by their
 * probability (percent), and the invoiced stages' totals as they are,
 * each per currency in the one order (`first` first), never one added to
 * the other. */
void report_forecast_now(const int probability[PIPELINE_STAGE_COUNT],
                         const report_money totals[PIPELINE_STAGE_COUNT], const char *first,
                         report_money *weighted, report_money *invoiced);

/* ---- building a report (the store adds what it read) --------------------- */

/* count opportunities of currency with amount (minor units) into m; a
 * currency past what m holds sets `more` (never added to another). */
void report_money_add(report_money *m, const char *currency, int64_t count, int64_t amount,
                      bool overflow);
/* Every currency of m into `into`. */
void report_money_merge(report_money *into, const report_money *m);
/* m's currencies in the one order (money_code_cmp), first first. */
void report_money_sort(report_money *m, const char *first);

/* Days from a histogram: days[0..n) ascending, count[i] stays of days[i]. */
void report_days_hist(report_days *d, const int64_t *days, const int64_t *count, size_t n);
/* Days from a count, the two middle values (equal when stays is odd) and
 * the sum of the days. */
void report_days_set(report_days *d, int64_t stays, int64_t mid_lo, int64_t mid_hi, double sum);

/* count opportunities of stage s closing in month ("YYYY-MM", "" for no
 * close date) worth amount of currency, weighted by probability, into the
 * forecast by month (nothing for a stage that is not the forecast's).
 * False when out of memory. */
bool report_forecast_add(report *r, const char *month, pipeline_stage s, const char *currency,
                         int64_t count, int64_t amount, bool overflow, int probability);

/* Once every count is in: the weighted values, conversions, the funnel
 * share, the win rate and its rates by value, the forecast, and every
 * money map in the one currency order. */
void report_finish(report *r, const report_query *q);

/* ---- one figure in the reporting currency ------------------------------ */

#define REPORT_MAX_RATES MONEY_MAX_RATES

/* The configuration's `rates:` as the figures take them: the one type of
 * util/money.h, so the configuration's value is passed as it is. */
typedef money_rate report_rate;
typedef money_rates report_rates;

/* A money map in the reporting currency. */
typedef struct report_converted {
	char currency[MONEY_CODE_LEN + 1]; /* the reporting currency */
	int64_t amount;          /* minor units of it */
	bool overflow;           /* past int64: "too large" */
	int nunconverted;        /* currencies of the map with no rate: left out */
	char unconverted[REVIEW_MAX_CURRENCIES][MONEY_CODE_LEN + 1];
	bool more;               /* the map had more currencies than it holds:
	                          * the total leaves them out */
} report_converted;

/* One amount (minor units of currency) in the reporting currency's minor
 * units, rounded half away from zero. False when currency has no rate
 * (the reporting currency is its own, at 1); *overflow when the result is
 * past int64. */
bool report_convert_amount(const report_rates *r, const char *currency, int64_t amount,
                           int64_t *out, bool *overflow);

/* Every currency of m converted (each rounded on its own, then added) into
 * out; those with no rate listed in unconverted. */
void report_convert(const report_rates *r, const report_money *m, report_converted *out);

#endif
