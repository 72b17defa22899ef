/*
 * event: the kinds of event an opportunity's history records, as the
 * figures read them, and which of them are activity. The history's `what`
 * column holds these words (an evidence event holds the evidence kind's
 * slug instead: "criterion", "commitment", ...). Pure.
 */
#ifndef EMBUDO_REVIEW_EVENT_H
#define EMBUDO_REVIEW_EVENT_H

#include <stdbool.h>

#include "pipeline/pipeline.h"

typedef enum review_event_kind {
	REVIEW_EV_CREATE = 0, /* "create": enters Inmadura */
	REVIEW_EV_EDIT,       /* "edit": one field changed */
	REVIEW_EV_DELETE,     /* "delete" (soft) */
	REVIEW_EV_RESTORE,    /* "restore" */
	REVIEW_EV_EVIDENCE,   /* the evidence kind's slug: evidence recorded */
	REVIEW_EV_NOTE,       /* "note": a note that changed nothing */
	REVIEW_EV_RETRACT,    /* "retract": evidence withdrawn */
	REVIEW_EV_MOVE,       /* "move": one step between stages */
	REVIEW_EV_LOSE,       /* "lose": into Perdida (and its reason) */
	REVIEW_EV_REOPEN,     /* "reopen": out of Perdida */
	REVIEW_EV_REORDER,    /* "reorder": a place within the column */
	REVIEW_EV_COUNT
} review_event_kind;

/* The history's `what` for an event of kind k (for REVIEW_EV_EVIDENCE,
 * the slug of evidence kind ev). NULL for a kind out of range. */
const char *review_event_what(review_event_kind k, pipeline_evidence_kind ev);
/* The kind (and, for evidence, the evidence kind) a `what` names; false
 * for a word no embudo writes. ev may be NULL. */
bool review_event_parse(const char *what, review_event_kind *k, pipeline_evidence_kind *ev);

/* Whether an event of kind k is activity on the card, for "stale" (no
 * stage change and no recorded activity for the stage's stale_days):
 * every recorded change of the card is (its creation, edits, evidence
 * recorded or retracted, notes, moves, losses, reopening, deletion and
 * restoring), except its place in the column: reordering ranks the card
 * among others (and a neighbour's move is recorded on it too) but says
 * nothing happened with the client. */
bool review_is_activity(review_event_kind k);

#endif
