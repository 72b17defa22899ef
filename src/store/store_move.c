/*
 * store_move: moving cards between stages (move, lose, reopen) and within
 * a column (reorder). The pipeline module decides; the store records.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* A stage change of kind k from `from` to `to`, its text the two slugs. */
static void stage_event(store_event *e, review_event_kind k, pipeline_stage from,
                        pipeline_stage to, const char *note)
{
	store_event_init(e, k);
	e->field = "stage";
	e->old_value = pipeline_stage_slug(from);
	e->new_value = pipeline_stage_slug(to);
	e->note = note;
	e->from = from;
	e->to = to;
}

typedef struct move_args {
	pipeline_stage to;
	pipeline_loss reason;
	bool has_reason;
	const char *note;
	pipeline_refusal *why;
} move_args;

/* Puts the card at the end of `stage` (entered now), with the loss fields
 * given (NULLs to clear them). */
/* A card into its new stage, at the end of its column. */
static const char SQL_PLACE[] = "UPDATE opportunity SET stage = ?, position = ?, stage_since = ?,"
                                " lost_from = ?, loss_reason = ?, loss_note = ? WHERE id = ?";

void store_move_warm(store *st)
{
	static const char *const sql[] = { SQL_PLACE };
	store_warm_list(st, sql, sizeof sql / sizeof sql[0]);
}

static store_status place(store *st, const store_opp *o, pipeline_stage stage,
                          const char *lost_from, const char *reason, const char *note)
{
	char now[DATE_TS_LEN + 1];
	sqlite3_stmt *s;
	int64_t pos = 0;
	store_status r = store_column_end(st, stage, &pos);

	if (r != STORE_OK)
		return r;
	if (store_prepare(st, SQL_PLACE, &s) != STORE_OK)
		return STORE_ERROR;
	store_timestamp(st, now);
	store_bind_text(s, 1, pipeline_stage_slug(stage));
	sqlite3_bind_int64(s, 2, pos);
	store_bind_text(s, 3, now);
	store_bind_text(s, 4, lost_from);
	store_bind_text(s, 5, reason);
	store_bind_text(s, 6, note);
	sqlite3_bind_int64(s, 7, o->id);
	if (sqlite3_step(s) != SQLITE_DONE)
		r = store_sql_fail(st, "moving a card");
	store_release(st, s);
	return r == STORE_OK ? store_bump(st, o->id) : r;
}

static store_status move_tx(store *st, store_opp *o, void *arg)
{
	move_args *a = arg;
	pipeline_state state;
	pipeline_plan plan;
	pipeline_refusal why;
	store_status r = STORE_OK;

	store_opp_state(o, &state);
	pipeline_refusal_clear(&why);
	if (!pipeline_plan_move(&state, a->to, a->note != NULL, &plan, &why))
		return store_refuse(st, &why, a->why, "move the card");
	/* One history row per step: reports count each stage entered. Every
	 * step but the last only passes through its stage: no stay there. */
	assert(plan.count >= 1 && plan.count <= PIPELINE_STAGE_COUNT);
	for (int i = 0; i < plan.count && r == STORE_OK; i++) {
		store_event e;

		stage_event(&e, REVIEW_EV_MOVE, plan.steps[i].from, plan.steps[i].to, a->note);
		e.through = i + 1 < plan.count;
		r = store_log_event(st, o->id, &e);
	}
	return r == STORE_OK ? place(st, o, a->to, NULL, NULL, NULL) : r;
}

static store_status lose_tx(store *st, store_opp *o, void *arg)
{
	move_args *a = arg;
	pipeline_state state;
	pipeline_refusal why;
	const char *reason;
	store_status r;

	store_opp_state(o, &state);
	pipeline_refusal_clear(&why);
	if (!pipeline_plan_lose(&state, a->has_reason, &why))
		return store_refuse(st, &why, a->why, "mark the card lost");
	reason = pipeline_loss_slug(a->reason);
	store_event e;
	stage_event(&e, REVIEW_EV_LOSE, o->stage, PIPELINE_PERDIDA, a->note);
	e.reason = a->reason;
	r = store_log_event(st, o->id, &e);
	if (r == STORE_OK) {
		store_event_init(&e, REVIEW_EV_LOSE);
		e.field = "reason";
		e.new_value = reason;
		e.reason = a->reason;
		r = store_log_event(st, o->id, &e);
	}
	if (r == STORE_OK)
		r = place(st, o, PIPELINE_PERDIDA, pipeline_stage_slug(o->stage), reason, a->note);
	return r;
}

static store_status reopen_tx(store *st, store_opp *o, void *arg)
{
	move_args *a = arg;
	pipeline_state state;
	pipeline_refusal why;
	store_status r;

	store_opp_state(o, &state);
	pipeline_refusal_clear(&why);
	if (!pipeline_plan_reopen(&state, a->note != NULL, &why))
		return store_refuse(st, &why, a->why, "reopen the card");
	store_event e;
	stage_event(&e, REVIEW_EV_REOPEN, o->stage, o->lost_from, a->note);
	r = store_log_event(st, o->id, &e);
	if (r == STORE_OK)
		r = place(st, o, o->lost_from, NULL, NULL, NULL);
	return r;
}

/* Cleans the note (trimmed; "" counts as none) and runs fn. */
static store_status run_move(store *st, int64_t id, int64_t expect_version, store_tx_fn fn,
                             move_args *a, const char *note)
{
	char *clean = NULL;
	store_status r;

	if (a->why)
		pipeline_refusal_clear(a->why);
	r = store_clean_text(st, "the note", note, false, &clean);
	if (r != STORE_OK)
		return r;
	a->note = clean && *clean ? clean : NULL;
	r = store_tx_run(st, id, expect_version, fn, a);
	free(clean);
	return r;
}

store_status store_move(store *st, int64_t id, int64_t expect_version, pipeline_stage to,
                        const char *note, pipeline_refusal *why)
{
	move_args a = { .to = to, .why = why };

	if ((int)to < 0 || to >= PIPELINE_STAGE_COUNT)
		return store_fail(st, STORE_INVALID, "%d is not a stage", (int)to);
	return run_move(st, id, expect_version, move_tx, &a, note);
}

store_status store_lose(store *st, int64_t id, int64_t expect_version, pipeline_loss reason,
                        const char *note, pipeline_refusal *why)
{
	move_args a = { .reason = reason, .why = why };

	/* An out-of-range reason is no reason: the rules name what is missing. */
	a.has_reason = (int)reason >= 0 && reason < PIPELINE_LOSS_COUNT;
	return run_move(st, id, expect_version, lose_tx, &a, note);
}

store_status store_reopen(store *st, int64_t id, int64_t expect_version, const char *note,
                          pipeline_refusal *why)
{
	move_args a = { .why = why };

	return run_move(st, id, expect_version, reopen_tx, &a, note);
}

/* ---- reorder ---------------------------------------------------------- */

static store_status set_position(store *st, int64_t id, int64_t pos)
{
	sqlite3_stmt *s;
	store_status r = STORE_OK;

	if (store_prepare(st, "UPDATE opportunity SET position = ? WHERE id = ?", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, pos);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		r = store_sql_fail(st, "reordering");
	store_release(st, s);
	return r;
}

static store_status reorder_tx(store *st, store_opp *o, void *arg)
{
	int delta = *(int *)arg;
	char a_old[32], a_new[32];
	sqlite3_stmt *s;
	int64_t nid = 0, npos = 0;
	int rc;
	store_status r;

	r = store_prepare(st, delta < 0
	                  ? "SELECT id, position FROM opportunity WHERE stage = ? AND deleted = 0"
	                    " AND (position < ? OR (position = ? AND id < ?))"
	                    " ORDER BY position DESC, id DESC LIMIT 1"
	                  : "SELECT id, position FROM opportunity WHERE stage = ? AND deleted = 0"
	                    " AND (position > ? OR (position = ? AND id > ?))"
	                    " ORDER BY position, id LIMIT 1",
	                  &s);
	if (r != STORE_OK)
		return r;
	store_bind_text(s, 1, pipeline_stage_slug(o->stage));
	sqlite3_bind_int64(s, 2, o->position);
	sqlite3_bind_int64(s, 3, o->position);
	sqlite3_bind_int64(s, 4, o->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		nid = sqlite3_column_int64(s, 0);
		npos = sqlite3_column_int64(s, 1);
	}
	store_release(st, s);
	if (rc == SQLITE_DONE)
		return store_fail(st, STORE_INVALID, "the card is already at the %s of its column",
		                  delta < 0 ? "top" : "bottom");
	if (rc != SQLITE_ROW)
		return store_sql_fail(st, "reordering");
	if (npos == o->position) /* never expected; keep the order strict */
		npos = o->position + delta;
	r = set_position(st, o->id, npos);
	if (r == STORE_OK)
		r = set_position(st, nid, o->position);
	snprintf(a_old, sizeof a_old, "%lld", (long long)o->position);
	snprintf(a_new, sizeof a_new, "%lld", (long long)npos);
	store_event e;
	store_event_init(&e, REVIEW_EV_REORDER);
	e.field = "position";
	e.old_value = a_old;
	e.new_value = a_new;
	if (r == STORE_OK)
		r = store_log_event(st, o->id, &e);
	/* The neighbour's place changed too: its history says so, but its
	 * version stays, so someone editing it meanwhile is not refused. */
	e.old_value = a_new;
	e.new_value = a_old;
	if (r == STORE_OK)
		r = store_log_event(st, nid, &e);
	return r == STORE_OK ? store_bump(st, o->id) : r;
}

store_status store_reorder(store *st, int64_t id, int64_t expect_version, int delta)
{
	if (delta != -1 && delta != 1)
		return store_fail(st, STORE_INVALID, "a card moves one place up (-1) or down (+1)");
	return store_tx_run(st, id, expect_version, reorder_tx, &delta);
}
