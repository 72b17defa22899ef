/* facts: one opportunity's facts for the review (see facts.h). */
#include "review/facts.h"

#include <assert.h>
#include <string.h>

#define SECS_PER_DAY 86400

int64_t review_days_between(time_t from, time_t to)
{
	return to > from ? (int64_t)(to - from) / SECS_PER_DAY : 0;
}

bool review_changes_facts(review_event_kind k, pipeline_evidence_kind evidence, const char *field)
{
	switch (k) {
	case REVIEW_EV_CREATE:
	case REVIEW_EV_DELETE:
	case REVIEW_EV_RESTORE:
	case REVIEW_EV_MOVE:
	case REVIEW_EV_LOSE:
	case REVIEW_EV_REOPEN:
		return true;
	case REVIEW_EV_EDIT:
		/* The amount and currency value the decisions; the close date
		 * makes the overdue and slipped lists. */
		return field && (strcmp(field, "amount") == 0 || strcmp(field, "currency") == 0
		                 || strcmp(field, "close-date") == 0);
	case REVIEW_EV_EVIDENCE:
	case REVIEW_EV_RETRACT:
		/* What the awaiting lists wait for. */
		return evidence == PIPELINE_EV_INVOICE || evidence == PIPELINE_EV_DELIVERY;
	case REVIEW_EV_NOTE:
	case REVIEW_EV_REORDER:
	case REVIEW_EV_COUNT:
		return false;
	}
	return false;
}

/* The expected close date's history: slips and the first date set. */
static void close_facts(const review_fact_card *card, const review_fact_event *ev, size_t n,
                        review_facts *out)
{
	const review_fact_event *first_edit = NULL;

	out->slips = 0;
	out->first_close[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const review_fact_event *e = &ev[i];

		if (e->kind != REVIEW_EV_EDIT || !e->close_edit)
			continue;
		if (!first_edit)
			first_edit = e;
		/* Later than before, both set: one slip (YYYY-MM-DD compares as
		 * text). */
		if (e->old_close[0] && e->new_close[0] && strcmp(e->new_close, e->old_close) > 0)
			out->slips++;
	}
	/* The date it was created with is what the first edit replaced; with
	 * no edit, the one it has. */
	const char *created = first_edit ? first_edit->old_close : card->close;

	if (created[0]) {
		memcpy(out->first_close, created, sizeof out->first_close);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const review_fact_event *e = &ev[i];

		if (e->kind == REVIEW_EV_EDIT && e->close_edit && e->new_close[0]) {
			memcpy(out->first_close, e->new_close, sizeof out->first_close);
			return;
		}
	}
}

/* One entry into a stage: firsts, and the stays it ends and starts. */
typedef struct walk {
	review_facts *f;
	bool in;
	pipeline_stage stage;
	time_t since;
} walk;

static void enter(walk *w, time_t at, pipeline_stage to, bool through)
{
	review_facts *f = w->f;

	assert((int)to >= 0 && to < PIPELINE_STAGE_COUNT);
	if (!f->entered[to]) {
		f->entered[to] = true;
		f->first[to] = at;
	}
	/* Any entry elsewhere (or a pass through) ends the stay. */
	if (w->in) {
		review_span *sp = &f->stays[f->nstays++];

		sp->stage = w->stage;
		sp->from = w->since;
		sp->to = at;
		sp->days = review_days_between(w->since, at);
		w->in = false;
	}
	if (!through) {
		w->in = true;
		w->stage = to;
		w->since = at;
	}
}

void review_facts_of(const review_fact_card *card, const review_fact_event *ev, size_t n,
                     review_span *stays, review_facts *out)
{
	walk w = { .f = out, .in = false, .stage = PIPELINE_STAGE_COUNT, .since = 0 };
	bool last_through = true;
	pipeline_stage last = PIPELINE_STAGE_COUNT;

	assert(card && (int)card->stage >= 0 && card->stage < PIPELINE_STAGE_COUNT);
	memset(out, 0, sizeof *out);
	out->stays = stays;
	out->live = !card->deleted;
	for (size_t i = 0; i < n; i++) {
		const review_fact_event *e = &ev[i];

		if ((int)e->to < 0 || e->to >= PIPELINE_STAGE_COUNT)
			continue;
		enter(&w, e->at, e->to, e->through);
		last = e->to;
		last_through = e->through;
	}
	/* The card's own row says where it is now. */
	if (last != card->stage || last_through)
		enter(&w, card->stage_since, card->stage, false);
	out->stage = w.stage;
	out->since = w.since;

	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		pipeline_stage next = pipeline_next_stage((pipeline_stage)s);

		out->advanced[s] = next < PIPELINE_STAGE_COUNT && out->entered[s] && out->entered[next]
		                   && out->first[next] >= out->first[s];
	}
	out->won = out->entered[PIPELINE_COMPROMETIDA];
	out->won_at = out->first[PIPELINE_COMPROMETIDA];
	out->in_perdida = card->stage == PIPELINE_PERDIDA;
	out->reason = PIPELINE_LOSS_COUNT;
	out->lost_from = PIPELINE_STAGE_COUNT;
	if (out->in_perdida) {
		out->lost_at = w.since; /* its latest entry into Perdida */
		out->reason = card->has_loss ? card->loss_reason : PIPELINE_LOSS_COUNT;
		out->lost_from = card->lost_from;
	}
	out->lost = out->in_perdida && !out->won;
	out->cancelled = out->in_perdida && out->won;
	out->undecided = !out->won && !out->in_perdida;
	close_facts(card, ev, n, out);
	memcpy(out->close, card->close, sizeof out->close);
	out->awaiting = REPORT_LIST_COUNT;
	if (card->stage == PIPELINE_POR_FACTURAR && !card->invoiced)
		out->awaiting = REPORT_AWAITING_INVOICE;
	else if (card->stage == PIPELINE_EN_FACTURACION && !card->delivered)
		out->awaiting = REPORT_AWAITING_DELIVERY;
}

static review_fig_row row(review_fig what, int stage, time_t at)
{
	return (review_fig_row){ .what = what, .stage = stage, .at = at };
}

size_t review_fig_rows(const review_facts *f, review_fig_row *rows)
{
	size_t n = 0;

	if (!f->live)
		return 0;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		if (!f->entered[s])
			continue;
		rows[n] = row(REVIEW_FIG_ENTERED, s, f->first[s]);
		rows[n++].advanced = f->advanced[s];
	}
	if (f->won) {
		rows[n] = row(REVIEW_FIG_WON, 0, f->won_at);
		rows[n++].valued = true;
	}
	if (f->lost) {
		rows[n] = row(REVIEW_FIG_LOST, 0, f->lost_at);
		rows[n++].valued = true;
	}
	if (f->cancelled) {
		rows[n] = row(REVIEW_FIG_CANCELLED, 0, f->lost_at);
		rows[n++].valued = true;
	}
	/* A loss whose reason or stage is unknown (a damaged row) is in no
	 * cell of the loss matrix. */
	if (f->in_perdida && f->reason < PIPELINE_LOSS_COUNT && f->lost_from < PIPELINE_STAGE_COUNT) {
		rows[n] = row(REVIEW_FIG_LOSS, (int)f->lost_from, f->lost_at);
		rows[n].reason = (int)f->reason;
		rows[n++].valued = true;
	}
	for (size_t i = 0; i < f->nstays; i++) {
		rows[n] = row(REVIEW_FIG_STAY, (int)f->stays[i].stage, f->stays[i].to);
		rows[n++].days = f->stays[i].days;
	}
	assert(n <= REVIEW_FIG_ROWS(f->nstays));
	return n;
}
