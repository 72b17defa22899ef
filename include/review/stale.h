/*
 * stale: how long a card has been in its stage and without activity, and
 * whether that makes it stale (domain.md: no stage change and no recorded
 * activity for the stage's stale_days; what counts as activity:
 * review_is_activity). Whole days: elapsed time divided by 24 hours. Pure:
 * the card's timestamps in (as the store keeps them, UTC
 * YYYY-MM-DDTHH:MM:SSZ), the figures out.
 */
#ifndef EMBUDO_REVIEW_STALE_H
#define EMBUDO_REVIEW_STALE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef struct review_age {
	int64_t days_in_stage; /* since it entered its stage (its latest stay) */
	int64_t idle_days;     /* since its last stage change or other activity */
	bool stale;            /* idle for the stage's stale_days or more */
} review_age;

/* stage_since: when the card entered its stage; activity: its last
 * recorded activity (NULL or "" when none is known: the stage change is
 * then the last); stale_days: the stage's setting (0 or less: never
 * stale). Unreadable or future timestamps count as now. */
void review_age_of(const char *stage_since, const char *activity, int stale_days, time_t now,
                   review_age *out);

/* Whether idle_days without activity is stale where stale_days is the
 * setting (0 or less: never). */
bool review_is_stale(int stale_days, int64_t idle_days);

#endif
