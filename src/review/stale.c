/* stale: a card's days in stage and without activity (see stale.h). */
#include "review/stale.h"

#include <string.h>

#include "util/date.h"

bool review_is_stale(int stale_days, int64_t idle_days)
{
	return stale_days > 0 && idle_days >= stale_days;
}

void review_age_of(const char *stage_since, const char *activity, int stale_days, time_t now,
                   review_age *out)
{
	memset(out, 0, sizeof *out);
	out->days_in_stage = stage_since ? date_days_since(stage_since, now) : 0;
	out->idle_days = out->days_in_stage;
	/* The later of the two: activity since the stage change shortens the
	 * idle time; a stage change is activity itself. */
	if (activity && activity[0]) {
		int64_t since_activity = date_days_since(activity, now);
		if (since_activity < out->idle_days)
			out->idle_days = since_activity;
	}
	out->stale = review_is_stale(stale_days, out->idle_days);
}
