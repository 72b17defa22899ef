/*
 * pipeline: the rules of the Flujo de Ventas General (../shared/domain.md).
 *
 * Pure decisions: a state and a wish in, a plan or a refusal out. The store
 * asks before every change and refuses what is refused here, so no rule is
 * written twice. Bad input (NULL, a stage outside the enum, a lost card
 * whose lost_from is not a stage 1..6) is a caller's bug, not a user's
 * mistake: such calls answer false with an EMPTY refusal, so they can never
 * be mistaken for an allowed change nor send the user to a form.
 */
#include "pipeline/pipeline.h"

#include <string.h>

static bool stage_ok(pipeline_stage s)
{
	return (int)s >= 0 && s < PIPELINE_STAGE_COUNT;
}

bool pipeline_state_valid(const pipeline_state *s)
{
	if (s == NULL || !stage_ok(s->stage))
		return false;
	/* A lost card remembers a real stage of the flow, never PERDIDA. */
	if (s->stage == PIPELINE_PERDIDA)
		return stage_ok(s->lost_from) && s->lost_from != PIPELINE_PERDIDA;
	return true;
}

/* ---- refusals --------------------------------------------------------- */

void pipeline_refusal_clear(pipeline_refusal *r)
{
	if (r)
		memset(r, 0, sizeof *r);
}

void pipeline_refusal_add(pipeline_refusal *r, pipeline_req code)
{
	if (r == NULL || (int)code < 0 || code >= PIPELINE_REQ_COUNT)
		return;
	if (pipeline_refusal_has(r, code) || r->count >= PIPELINE_REFUSAL_MAX)
		return;
	r->items[r->count++] = code;
}

bool pipeline_refusal_has(const pipeline_refusal *r, pipeline_req code)
{
	if (r == NULL)
		return false;
	for (int i = 0; i < r->count && i < PIPELINE_REFUSAL_MAX; i++)
		if (r->items[i] == code)
			return true;
	return false;
}

/* ---- evidence --------------------------------------------------------- */

int pipeline_evidence_held(const pipeline_evidence *ev, pipeline_evidence_kind k)
{
	int met = 0;

	if (ev == NULL)
		return 0;
	switch (k) {
	case PIPELINE_EV_CRITERION:
		for (int i = 0; i < PIPELINE_CRITERIA; i++)
			met += ev->criteria[i];
		return met;
	case PIPELINE_EV_COMMITMENT:
		return ev->commitments;
	case PIPELINE_EV_BILLING_APPROVAL:
		return ev->billing_approval;
	case PIPELINE_EV_INVOICE:
		return ev->invoices;
	case PIPELINE_EV_DELIVERY:
		return ev->delivery;
	case PIPELINE_EV_COUNT:
		break;
	}
	return 0;
}

void pipeline_evidence_take(pipeline_evidence *ev, pipeline_evidence_kind k)
{
	if (ev == NULL)
		return;
	switch (k) {
	case PIPELINE_EV_CRITERION: /* unticked by number, never taken */
		break;
	case PIPELINE_EV_COMMITMENT:
		ev->commitments--;
		break;
	case PIPELINE_EV_BILLING_APPROVAL:
		ev->billing_approval = false;
		break;
	case PIPELINE_EV_INVOICE:
		ev->invoices--;
		break;
	case PIPELINE_EV_DELIVERY:
		ev->delivery = false;
		break;
	case PIPELINE_EV_COUNT:
		break;
	}
}

/* The catalogue says which evidence a stage takes to enter; the checklist
 * needs every criterion, named one by one, any other kind at least one. */
bool pipeline_entry_met(const pipeline_evidence *ev, pipeline_stage s, pipeline_refusal *why)
{
	static const pipeline_evidence none;
	const pipeline_evidence_info *e;
	bool met = true;

	if (!stage_ok(s))
		return false;
	if (ev == NULL)
		ev = &none; /* no evidence at all */
	e = pipeline_evidence_info_of(pipeline_stage_entry(s));
	if (e->kind == PIPELINE_EV_COUNT)
		return true; /* INMADURA, PERDIDA: no evidence to enter */

	/* A missing requirement already named (earlier in a chain) still makes
	 * this stage unmet, hence `met` and not the refusal's growth. */
	if (e->count == PIPELINE_NUMBERED) {
		for (int i = 0; i < PIPELINE_CRITERIA; i++) {
			if (!ev->criteria[i]) {
				pipeline_refusal_add(why, (pipeline_req)(e->req + i));
				met = false;
			}
		}
	} else if (pipeline_evidence_held(ev, e->kind) <= 0) {
		pipeline_refusal_add(why, e->req);
		met = false;
	}
	return met;
}

pipeline_stage pipeline_effective_stage(const pipeline_state *s)
{
	if (!pipeline_state_valid(s))
		return PIPELINE_STAGE_COUNT;
	return s->stage == PIPELINE_PERDIDA ? s->lost_from : s->stage;
}

/* PERDIDA is an exit, not a step: it has no neighbours in the flow, which
 * is every stage before it. */
pipeline_stage pipeline_next_stage(pipeline_stage s)
{
	if (!stage_ok(s) || s + 1 >= PIPELINE_PERDIDA)
		return PIPELINE_STAGE_COUNT;
	return (pipeline_stage)(s + 1);
}

pipeline_stage pipeline_prev_stage(pipeline_stage s)
{
	if (!stage_ok(s) || s == PIPELINE_INMADURA || s == PIPELINE_PERDIDA)
		return PIPELINE_STAGE_COUNT;
	return (pipeline_stage)(s - 1);
}

/*
 * Flow order for "reached": a lost card counts the stage it was lost from
 * (a card lost from en-facturacion was billed, so its client is existing).
 * PERDIDA is not a step of the flow but an exit from it, so it is "reached"
 * only by a card that is lost now; a reopened card has left it.
 */
bool pipeline_reached(const pipeline_state *s, pipeline_stage t)
{
	if (!pipeline_state_valid(s) || !stage_ok(t))
		return false;
	if (t == PIPELINE_PERDIDA)
		return s->stage == PIPELINE_PERDIDA;
	return pipeline_effective_stage(s) >= t;
}

/* Entry evidence of every stage up to `upto`, in flow order. */
static bool holds_up_to(const pipeline_evidence *ev, pipeline_stage upto, pipeline_refusal *why)
{
	bool ok = true;

	for (int k = PIPELINE_INMADURA; k <= (int)upto && k < PIPELINE_PERDIDA; k++)
		if (!pipeline_entry_met(ev, (pipeline_stage)k, why))
			ok = false;
	return ok;
}

bool pipeline_check_invariant(const pipeline_state *s, pipeline_refusal *why)
{
	if (!pipeline_state_valid(s))
		return false;
	return holds_up_to(&s->ev, pipeline_effective_stage(s), why);
}

bool pipeline_check_retract(const pipeline_state *s, const pipeline_evidence *after,
                            pipeline_refusal *why)
{
	pipeline_refusal was, will;
	pipeline_stage eff;
	int added = 0;

	pipeline_refusal_clear(why);
	if (!pipeline_state_valid(s) || after == NULL)
		return false;
	eff = pipeline_effective_stage(s);
	pipeline_refusal_clear(&was);
	pipeline_refusal_clear(&will);
	holds_up_to(&s->ev, eff, &was);
	holds_up_to(after, eff, &will);
	/* Only what this change would take away counts: evidence recorded
	 * ahead of time may go freely, and a requirement that was already
	 * missing (a damaged record) is not this change's fault. */
	for (int i = 0; i < will.count; i++) {
		if (!pipeline_refusal_has(&was, will.items[i])) {
			pipeline_refusal_add(why, will.items[i]);
			added++;
		}
	}
	if (added == 0)
		return true;
	pipeline_refusal_add(why, PIPELINE_REQ_MOVE_BACK_FIRST);
	return false;
}

pipeline_stage pipeline_move_back_target(const pipeline_refusal *why)
{
	pipeline_stage first = PIPELINE_STAGE_COUNT;

	for (int i = 0; why && i < why->count && i < PIPELINE_REFUSAL_MAX; i++) {
		pipeline_stage s = pipeline_req_stage(why->items[i]);
		if (s < first)
			first = s;
	}
	/* Entering `first` needs what goes; the stage before it does not. */
	return first < PIPELINE_STAGE_COUNT ? pipeline_prev_stage(first) : PIPELINE_STAGE_COUNT;
}

/* ---- offers ----------------------------------------------------------- */

/* Which kind of evidence stage s asks on entry: the checklist, another. */
static void entry_kinds(pipeline_stage s, bool *criteria, bool *other)
{
	pipeline_evidence_kind k = pipeline_stage_entry(s);

	if (k == PIPELINE_EV_COUNT)
		return;
	if (pipeline_evidence_info_of(k)->count == PIPELINE_NUMBERED)
		*criteria = true;
	else
		*other = true;
}

void pipeline_offers(const pipeline_state *s, pipeline_offer *out)
{
	pipeline_refusal why;
	bool own_other = false, next_criteria = false;

	memset(out, 0, sizeof *out);
	if (!pipeline_state_valid(s))
		return;
	pipeline_stage next = pipeline_next_stage(s->stage);
	out->forward = next != PIPELINE_STAGE_COUNT;
	out->back = pipeline_prev_stage(s->stage) != PIPELINE_STAGE_COUNT;
	out->move = out->forward || out->back;
	out->lose = pipeline_plan_lose(s, true, &why);
	out->reopen = pipeline_plan_reopen(s, true, &why);
	if (s->stage == PIPELINE_PERDIDA)
		return; /* nothing to record for a move: it comes back by reopening */
	entry_kinds(s->stage, &out->criteria, &own_other);
	entry_kinds(next, &next_criteria, &out->evidence);
	out->criteria = out->criteria || next_criteria;
}

bool pipeline_counts_criteria(pipeline_stage s)
{
	bool criteria = false, other = false;

	if ((int)s < 0 || s >= PIPELINE_STAGE_COUNT || s == PIPELINE_PERDIDA)
		return false;
	entry_kinds(pipeline_next_stage(s), &criteria, &other);
	return criteria;
}

/* ---- moves ------------------------------------------------------------ */

bool pipeline_plan_move(const pipeline_state *s, pipeline_stage to, bool has_note,
                        pipeline_plan *plan, pipeline_refusal *why)
{
	pipeline_plan local;
	bool ok = true;

	if (plan == NULL)
		plan = &local;
	plan->count = 0;
	pipeline_refusal_clear(why);
	if (!pipeline_state_valid(s) || !stage_ok(to))
		return false;

	if (s->stage == to) {
		pipeline_refusal_add(why, PIPELINE_REQ_SAME_STAGE);
		return false;
	}
	if (s->stage == PIPELINE_PERDIDA) {
		pipeline_refusal_add(why, PIPELINE_REQ_REOPEN);
		return false;
	}
	if (to == PIPELINE_PERDIDA) {
		pipeline_refusal_add(why, PIPELINE_REQ_REASON);
		return false;
	}

	if (to < s->stage) {
		/* Back: the evidence stays; only the why must be written down. */
		if (!has_note) {
			pipeline_refusal_add(why, PIPELINE_REQ_NOTE);
			return false;
		}
		plan->steps[0].from = s->stage;
		plan->steps[0].to = to;
		plan->count = 1;
		return true;
	}

	/* Forward: the chain of single steps, all or nothing; every step is
	 * checked so the refusal names everything missing along the way. The
	 * stages behind the card are not re-checked: the invariant guards them
	 * (retractions that would break it are refused). */
	for (int k = (int)s->stage + 1; k <= (int)to; k++)
		if (!pipeline_entry_met(&s->ev, (pipeline_stage)k, why))
			ok = false;
	if (!ok)
		return false;
	for (int k = (int)s->stage; k < (int)to; k++) {
		plan->steps[plan->count].from = (pipeline_stage)k;
		plan->steps[plan->count].to = (pipeline_stage)(k + 1);
		plan->count++;
	}
	return true;
}

pipeline_stage pipeline_furthest_allowed(const pipeline_state *s)
{
	pipeline_stage far;

	if (!pipeline_state_valid(s))
		return PIPELINE_STAGE_COUNT;
	if (s->stage == PIPELINE_PERDIDA)
		return PIPELINE_PERDIDA;
	/* The forward chain of pipeline_plan_move, step by step, as long as
	 * each step's entry evidence is held. */
	far = s->stage;
	for (pipeline_stage next = pipeline_next_stage(far);
	     next != PIPELINE_STAGE_COUNT && pipeline_entry_met(&s->ev, next, NULL);
	     next = pipeline_next_stage(next))
		far = next;
	return far;
}

bool pipeline_plan_lose(const pipeline_state *s, bool has_reason, pipeline_refusal *why)
{
	pipeline_refusal_clear(why);
	if (!pipeline_state_valid(s))
		return false;
	if (s->stage == PIPELINE_PERDIDA) {
		pipeline_refusal_add(why, PIPELINE_REQ_ALREADY_LOST);
		return false;
	}
	if (!has_reason) {
		pipeline_refusal_add(why, PIPELINE_REQ_REASON);
		return false;
	}
	return true;
}

bool pipeline_plan_reopen(const pipeline_state *s, bool has_note, pipeline_refusal *why)
{
	pipeline_refusal_clear(why);
	if (!pipeline_state_valid(s))
		return false;
	if (s->stage != PIPELINE_PERDIDA) {
		pipeline_refusal_add(why, PIPELINE_REQ_NOT_LOST);
		return false;
	}
	if (!has_note) {
		pipeline_refusal_add(why, PIPELINE_REQ_NOTE);
		return false;
	}
	/* No evidence check: the card goes back to lost_from, whose evidence
	 * the invariant kept (pipeline_check_retract measures a lost card
	 * against lost_from). */
	return true;
}
