/*
 * client: whether an opportunity's client is "existing" (domain.md: another
 * of its opportunities has reached en-facturacion or later: it has been
 * billed) or new. Derived, never stored. Pure: the store hands over the
 * client's other opportunities (narrowed through its index to those
 * review_billed can count) and this decides.
 */
#ifndef EMBUDO_REVIEW_CLIENT_H
#define EMBUDO_REVIEW_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline/pipeline.h"

/* Another opportunity of the same client, as the decision needs it. */
typedef struct review_client_opp {
	pipeline_stage stage;
	pipeline_stage lost_from; /* when stage is Perdida */
	bool deleted;
} review_client_opp;

/* Whether a card at stage (lost from lost_from, when stage is Perdida)
 * has been billed: it reached en-facturacion (the pipeline decides what
 * reaching is: a card lost from en-facturacion or later was billed too). */
bool review_billed(pipeline_stage stage, pipeline_stage lost_from);

/* Whether any of the client's other opportunities others[0..n) that is not
 * deleted has been billed. */
bool review_existing_client(const review_client_opp *others, size_t n);

#endif
