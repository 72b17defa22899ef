/*
 * stay: time in stage (domain.md, "Derived figures"). A stay runs from
 * entering a stage to leaving it by any move or loss; a stage passed
 * through within one multi-step move is not a stay. Whole days are the
 * elapsed time divided by 24 hours, as the card shows them. Pure: the
 * card's stage entries in, the figure out (the store reads the entries
 * from the typed history: store_stage_time).
 */
#ifndef EMBUDO_REVIEW_STAY_H
#define EMBUDO_REVIEW_STAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "pipeline/pipeline.h"

/* One entry of a card into a stage: its creation (Inmadura), a step of a
 * move, a loss or a reopening, in the order they happened. */
typedef struct review_step {
	time_t at;          /* when it entered `to` */
	pipeline_stage to;
	bool through;       /* only passed through, within one multi-step move */
} review_step;

typedef struct review_stay {
	int stays;           /* stays in the stage: entries, passing through aside */
	bool current;        /* the latest stay is under way (the card is there) */
	int64_t latest_days; /* the latest stay, to now when under way */
	int64_t total_days;  /* every stay's time added, then in whole days */
} review_stay;

/* The stays of steps[0..n) in `stage`, those under way ending at now.
 * Time that runs backwards (a clock set back) counts as none. */
void review_stay_in(const review_step *steps, size_t n, pipeline_stage stage, time_t now,
                    review_stay *out);

#endif
