/* stay: time in stage from a card's stage entries (see stay.h). */
#include "review/stay.h"

#include <assert.h>
#include <string.h>

#define SECS_PER_DAY 86400

static int64_t elapsed(time_t from, time_t to)
{
	return to > from ? (int64_t)(to - from) : 0;
}

void review_stay_in(const review_step *steps, size_t n, pipeline_stage stage, time_t now,
                    review_stay *out)
{
	int64_t total = 0, latest = 0;
	bool in = false; /* a stay in `stage` is under way at this point */
	time_t since = 0;

	assert((int)stage >= 0 && stage < PIPELINE_STAGE_COUNT);
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const review_step *s = &steps[i];

		assert((int)s->to >= 0 && s->to < PIPELINE_STAGE_COUNT);
		/* Any entry elsewhere (or a pass through) ends the stay. */
		if (in) {
			latest = elapsed(since, s->at);
			total += latest;
			in = false;
		}
		if (s->to == stage && !s->through) {
			in = true;
			since = s->at;
			out->stays++;
		}
	}
	if (in) {
		latest = elapsed(since, now);
		total += latest;
		out->current = true;
	}
	out->latest_days = latest / SECS_PER_DAY;
	out->total_days = total / SECS_PER_DAY;
}
