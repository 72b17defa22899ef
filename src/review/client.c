/* client: existing or new client (see client.h). */
#include "review/client.h"

#include <string.h>

bool review_billed(pipeline_stage stage, pipeline_stage lost_from)
{
	pipeline_state ps;

	memset(&ps, 0, sizeof ps);
	ps.stage = stage;
	ps.lost_from = stage == PIPELINE_PERDIDA ? lost_from : stage;
	return pipeline_reached(&ps, PIPELINE_EN_FACTURACION);
}

bool review_existing_client(const review_client_opp *others, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!others[i].deleted && review_billed(others[i].stage, others[i].lost_from))
			return true;
	return false;
}
