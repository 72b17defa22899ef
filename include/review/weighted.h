/*
 * weighted: the weighted value of the pipeline, per currency: a stage's
 * totals times the stage's probability (a percentage from the
 * configuration, given as input). Amounts of different currencies are
 * never added. Pure: plain totals in, totals out.
 */
#ifndef EMBUDO_REVIEW_WEIGHTED_H
#define EMBUDO_REVIEW_WEIGHTED_H

#include <stdbool.h>
#include <stdint.h>

#include "pipeline/pipeline.h"
#include "util/money.h"

#define REVIEW_MAX_CURRENCIES 8

/* One currency's cards and their amounts added (minor units). */
typedef struct review_total {
	char currency[MONEY_CODE_LEN + 1];
	int64_t count;
	int64_t amount; /* cards with no amount add 0 */
	bool overflow;  /* the sum is beyond int64: amount is INT64_MAX, never wrapped */
} review_total;

/* A column's (or the board's) cards and their totals per currency. */
typedef struct review_summary {
	int64_t count;   /* cards */
	int ntotals;     /* currencies held; the rest is `more` */
	review_total totals[REVIEW_MAX_CURRENCIES];
	bool more;       /* more currencies than fit */
} review_summary;

/* amount * probability / 100, rounded half away from zero, without
 * overflow; 0 for a probability of 0 or less, amount itself from 100 up. */
int64_t review_weighted_amount(int probability, int64_t amount);

/* A total weighted by probability. A total past int64 stays past it (its
 * true sum is unknown) unless the probability is 0: then it is 0. */
review_total review_weighted_total(int probability, const review_total *t);

/* Every total of a column weighted by its stage's probability. */
void review_weighted_summary(int probability, const review_summary *in, review_summary *out);

/* The weighted value of the stages pick says (NULL: every stage): each
 * stage's totals weighted by its own probability, or added as they are
 * when probability is NULL (review/report.h's forecast and invoiced),
 * added per currency (never across currencies; a sum past int64 is marked
 * overflow, never wrapped), the currencies in the one order money_code_cmp
 * gives with `first` (the configured currency) first. More currencies
 * than a summary holds: `more`. */
void review_weighted_stages(const int probability[PIPELINE_STAGE_COUNT],
                            const review_summary sum[PIPELINE_STAGE_COUNT],
                            bool (*pick)(pipeline_stage), const char *first, review_summary *out);

#endif
