/* event: the history's event kinds and which are activity (see event.h). */
#include "review/event.h"

#include <string.h>

static const char *const whats[REVIEW_EV_COUNT] = {
	[REVIEW_EV_CREATE] = "create",   [REVIEW_EV_EDIT] = "edit",
	[REVIEW_EV_DELETE] = "delete",   [REVIEW_EV_RESTORE] = "restore",
	[REVIEW_EV_EVIDENCE] = NULL,     [REVIEW_EV_NOTE] = "note",
	[REVIEW_EV_RETRACT] = "retract", [REVIEW_EV_MOVE] = "move",
	[REVIEW_EV_LOSE] = "lose",       [REVIEW_EV_REOPEN] = "reopen",
	[REVIEW_EV_REORDER] = "reorder",
};

const char *review_event_what(review_event_kind k, pipeline_evidence_kind ev)
{
	if ((int)k < 0 || k >= REVIEW_EV_COUNT)
		return NULL;
	if (k == REVIEW_EV_EVIDENCE)
		return (int)ev >= 0 && ev < PIPELINE_EV_COUNT ? pipeline_evidence_slug(ev) : NULL;
	return whats[k];
}

bool review_event_parse(const char *what, review_event_kind *k, pipeline_evidence_kind *ev)
{
	pipeline_evidence_kind e;

	if (!what)
		return false;
	for (int i = 0; i < REVIEW_EV_COUNT; i++) {
		if (whats[i] && strcmp(what, whats[i]) == 0) {
			*k = (review_event_kind)i;
			return true;
		}
	}
	/* Exactly a slug (the parser forgives case and accents; the history
	 * holds what embudo wrote). */
	if (pipeline_evidence_parse(what, &e) && strcmp(what, pipeline_evidence_slug(e)) == 0) {
		*k = REVIEW_EV_EVIDENCE;
		if (ev)
			*ev = e;
		return true;
	}
	return false;
}

bool review_is_activity(review_event_kind k)
{
	switch (k) {
	case REVIEW_EV_CREATE:
	case REVIEW_EV_EDIT:
	case REVIEW_EV_DELETE:
	case REVIEW_EV_RESTORE:
	case REVIEW_EV_EVIDENCE:
	case REVIEW_EV_NOTE:
	case REVIEW_EV_RETRACT:
	case REVIEW_EV_MOVE:
	case REVIEW_EV_LOSE:
	case REVIEW_EV_REOPEN:
		return true;
	case REVIEW_EV_REORDER:
	case REVIEW_EV_COUNT:
		return false;
	}
	return false;
}
