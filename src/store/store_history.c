/*
 * store_history: the append-only history. Each row keeps the text it was
 * recorded with and, from schema 4, typed columns (store.h, "history"):
 * written here in the same INSERT, read back here for `history`, the card
 * detail and the figures (the stage entries behind time in stage, the
 * last activity behind "stale"). Nothing here reads the text to learn
 * what happened: old rows were given their typed columns once, by the
 * upgrade to schema 4 (store_upgrade.c).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/grow.h"

/* The fields an edit names (store_write.c writes them). */
static const char *const edit_fields[] = {
	"title", "client", "line", "owner", "currency", "amount", "close-date",
};

void store_event_init(store_event *e, review_event_kind k)
{
	memset(e, 0, sizeof *e);
	e->typed = true;
	e->kind = k;
	e->from = PIPELINE_STAGE_COUNT;
	e->to = PIPELINE_STAGE_COUNT;
	e->evidence = PIPELINE_EV_COUNT;
	e->reason = PIPELINE_LOSS_COUNT;
}

/* ---- writing ----------------------------------------------------------- */

static void bind_opt_text(sqlite3_stmt *s, int i, const char *v)
{
	store_bind_text(s, i, v && v[0] ? v : NULL);
}

static void bind_stage(sqlite3_stmt *s, int i, pipeline_stage st)
{
	store_bind_text(s, i, (int)st >= 0 && st < PIPELINE_STAGE_COUNT ? pipeline_stage_slug(st) : NULL);
}

static void bind_opt_int(sqlite3_stmt *s, int i, bool has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* A row of history: written by every change (store_warm prepares it). */
static const char SQL_HISTORY_ADD[] =
	"INSERT INTO history (opp_id, at, who, what, field, old_value, new_value,"
	" note, stage_from, stage_to, through, evidence, item_id, amount, currency,"
	" old_amount, old_currency, reason)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* The card's last activity, kept beside it (schema 6) so that a window of
 * cards reads it with the row: the time of its newest history row that is
 * activity (review_is_activity), written with that row. */
static const char SQL_ACTIVITY_SET[] = "UPDATE opportunity SET activity = ? WHERE id = ?";

void store_history_warm(store *st)
{
	static const char *const sql[] = { SQL_HISTORY_ADD, SQL_ACTIVITY_SET };
	store_warm_list(st, sql, sizeof sql / sizeof sql[0]);
}

store_status store_log_event(store *st, int64_t opp, const store_event *e)
{
	const char *what = e->what ? e->what : review_event_what(e->kind, e->evidence);
	bool ev = (int)e->evidence >= 0 && e->evidence < PIPELINE_EV_COUNT;
	bool reason = (int)e->reason >= 0 && e->reason < PIPELINE_LOSS_COUNT;
	char at[DATE_TS_LEN + 1];
	sqlite3_stmt *s;
	int rc;

	/* Every writer names a kind this build writes. */
	assert(what != NULL);
	if (store_prepare(st, SQL_HISTORY_ADD, &s) != STORE_OK)
		return STORE_ERROR;
	store_timestamp(st, at);
	sqlite3_bind_int64(s, 1, opp);
	store_bind_text(s, 2, at);
	store_bind_text(s, 3, st->actor);
	store_bind_text(s, 4, what);
	store_bind_text(s, 5, e->field);
	store_bind_text(s, 6, e->old_value);
	store_bind_text(s, 7, e->new_value);
	store_bind_text(s, 8, e->note);
	bind_stage(s, 9, e->from);
	bind_stage(s, 10, e->to);
	sqlite3_bind_int(s, 11, e->through ? 1 : 0);
	store_bind_text(s, 12, ev ? pipeline_evidence_slug(e->evidence) : NULL);
	bind_opt_int(s, 13, e->item != 0, e->item);
	bind_opt_int(s, 14, e->has_amount, e->amount);
	bind_opt_text(s, 15, e->currency);
	bind_opt_int(s, 16, e->has_old_amount, e->old_amount);
	bind_opt_text(s, 17, e->old_currency);
	store_bind_text(s, 18, reason ? pipeline_loss_slug(e->reason) : NULL);
	rc = sqlite3_step(s);
	store_release(st, s);
	if (rc != SQLITE_DONE)
		return store_sql_fail(st, "recording history");
	if (review_is_activity(e->kind)) {
		if (store_prepare(st, SQL_ACTIVITY_SET, &s) != STORE_OK)
			return STORE_ERROR;
		store_bind_text(s, 1, at);
		sqlite3_bind_int64(s, 2, opp);
		rc = sqlite3_step(s);
		store_release(st, s);
		if (rc != SQLITE_DONE)
			return store_sql_fail(st, "recording history");
	}
	/* Its review figures are worked out again before the commit. */
	if (review_changes_facts(e->kind, e->evidence, e->field))
		store_keep_mark(st, opp);
	return STORE_OK;
}

/* ---- reading ----------------------------------------------------------- */

/* Exactly a slug this build writes (the parsers forgive case and accents;
 * the history holds what embudo wrote, or something else wrote it). */
static bool exact_stage(const char *v, pipeline_stage *out)
{
	return v && store_stage_from_slug(v, out);
}

static bool exact_evidence(const char *v, pipeline_evidence_kind *out)
{
	return v && pipeline_evidence_parse(v, out) && strcmp(v, pipeline_evidence_slug(*out)) == 0;
}

static bool exact_loss(const char *v, pipeline_loss *out)
{
	return v && pipeline_loss_parse(v, out) && strcmp(v, pipeline_loss_slug(*out)) == 0;
}

static bool is_edit_field(const char *f)
{
	for (size_t i = 0; f && i < sizeof edit_fields / sizeof edit_fields[0]; i++)
		if (strcmp(f, edit_fields[i]) == 0)
			return true;
	return false;
}

/* A currency code column: a valid ISO 4217 code, or none. */
static bool read_code(sqlite3_stmt *s, int i, char out[MONEY_CODE_LEN + 1])
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	out[0] = '\0';
	if (!v)
		return true;
	if (!money_currency_valid(v))
		return false;
	memcpy(out, v, MONEY_CODE_LEN + 1);
	return true;
}

/* What e's kind needs of its typed columns, or NULL when all is there. */
static const char *missing(const store_event *e)
{
	bool has_from = e->from < PIPELINE_STAGE_COUNT, has_to = e->to < PIPELINE_STAGE_COUNT;
	bool has_ev = e->evidence < PIPELINE_EV_COUNT, has_reason = e->reason < PIPELINE_LOSS_COUNT;

	switch (e->kind) {
	case REVIEW_EV_CREATE:
		return e->to == PIPELINE_INMADURA && e->currency[0] ? NULL
		       : "no typed stage (Inmadura) or currency of its creation";
	case REVIEW_EV_EDIT:
		if (!is_edit_field(e->field))
			return "an edit of no field embudo has";
		if ((!strcmp(e->field, "amount") || !strcmp(e->field, "currency")) && !e->currency[0])
			return "no typed amount or currency of its edit";
		return NULL;
	case REVIEW_EV_DELETE:
	case REVIEW_EV_RESTORE:
	case REVIEW_EV_REORDER:
		return NULL;
	case REVIEW_EV_EVIDENCE:
	case REVIEW_EV_RETRACT:
		if (!has_ev || e->item <= 0)
			return "no typed evidence kind or item";
		if (e->kind == REVIEW_EV_RETRACT && e->evidence == PIPELINE_EV_CRITERION)
			return "a retraction of a criterion (criteria are unticked, not retracted)";
		if (e->evidence == PIPELINE_EV_CRITERION && e->item > PIPELINE_CRITERIA)
			return "a criterion number out of range";
		if (e->evidence == PIPELINE_EV_INVOICE && !e->currency[0])
			return "no typed currency of its invoice";
		return NULL;
	case REVIEW_EV_NOTE:
		return has_ev && e->item > 0 ? NULL : "no typed evidence the note is about";
	case REVIEW_EV_MOVE:
		return has_from && has_to ? NULL : "no typed stage change";
	case REVIEW_EV_LOSE:
		if (e->field && !strcmp(e->field, "reason"))
			return has_reason ? NULL : "no typed loss reason";
		return has_from && e->to == PIPELINE_PERDIDA && has_reason ? NULL
		       : "no typed stage change or loss reason";
	case REVIEW_EV_REOPEN:
		return e->from == PIPELINE_PERDIDA && has_to ? NULL : "no typed stage change";
	case REVIEW_EV_COUNT:
		break;
	}
	return "an unknown kind of event";
}

/* A text column that must hold one of a kind's slugs: NULL is none, an
 * unknown word is damage (into *bad). */
#define READ_SLUG(col, parse, out, name) \
	do { \
		const char *v_ = (const char *)sqlite3_column_text(s, (col)); \
		if (v_ && !parse(v_, (out)) && !bad) \
			bad = name; \
	} while (0)

void store_event_from_row(sqlite3_stmt *s, store_event *e, char *why, size_t whysz)
{
	const char *bad = NULL;
	pipeline_evidence_kind what_ev = PIPELINE_EV_COUNT;

	store_event_init(e, REVIEW_EV_COUNT);
	e->id = sqlite3_column_int64(s, 0);
	e->opp_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, e->at, sizeof e->at);
	e->who = (const char *)sqlite3_column_text(s, 3);
	e->what = (const char *)sqlite3_column_text(s, 4);
	e->field = (const char *)sqlite3_column_text(s, 5);
	e->old_value = (const char *)sqlite3_column_text(s, 6);
	e->new_value = (const char *)sqlite3_column_text(s, 7);
	e->note = (const char *)sqlite3_column_text(s, 8);
	if (!review_event_parse(e->what, &e->kind, &what_ev))
		e->kind = REVIEW_EV_COUNT;
	READ_SLUG(9, exact_stage, &e->from, "an unknown stage in stage_from");
	READ_SLUG(10, exact_stage, &e->to, "an unknown stage in stage_to");
	e->through = sqlite3_column_int(s, 11) != 0;
	READ_SLUG(12, exact_evidence, &e->evidence, "an unknown evidence kind");
	e->item = sqlite3_column_int64(s, 13);
	e->has_amount = sqlite3_column_type(s, 14) != SQLITE_NULL;
	e->amount = sqlite3_column_int64(s, 14);
	if (!read_code(s, 15, e->currency) && !bad)
		bad = "an unknown currency";
	e->has_old_amount = sqlite3_column_type(s, 16) != SQLITE_NULL;
	e->old_amount = sqlite3_column_int64(s, 16);
	if (!read_code(s, 17, e->old_currency) && !bad)
		bad = "an unknown old currency";
	READ_SLUG(18, exact_loss, &e->reason, "an unknown loss reason");
	/* An evidence event's kind is its `what`: the column must agree. */
	if (!bad && e->kind == REVIEW_EV_EVIDENCE && e->evidence != what_ev
	    && e->evidence < PIPELINE_EV_COUNT)
		bad = "an evidence kind other than its own";
	if (!bad)
		bad = missing(e);
	e->typed = bad == NULL;
	if (why && whysz)
		snprintf(why, whysz, "%s", bad ? bad : "");
}

static store_status read_history(store *st, int64_t id, store_event_cb cb, void *ctx)
{
	sqlite3_stmt *s;
	int rc, exists;

	if (store_prepare(st, "SELECT EXISTS (SELECT 1 FROM opportunity WHERE id = ?)", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	exists = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	store_release(st, s);
	if (rc != SQLITE_ROW)
		return store_sql_fail(st, "reading history");
	if (!exists)
		return store_failed_on(st, store_fail(st, STORE_NOT_FOUND, "no opportunity %lld",
		                                      (long long)id), id);

	if (store_prepare(st, "SELECT " STORE_HISTORY_COLUMNS
	                      " FROM history WHERE opp_id = ? ORDER BY id", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_event e;

		store_event_from_row(s, &e, NULL, 0);
		if (cb(&e, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "reading history");
}

store_status store_history(store *st, int64_t id, store_event_cb cb, void *ctx)
{
	store_status r = store_read_begin(st);

	if (r != STORE_OK)
		return r;
	r = read_history(st, id, cb, ctx);
	store_read_end(st);
	return r;
}

/* ---- the stage entries (time in stage) --------------------------------- */

typedef struct steps {
	review_step *v;
	size_t n, cap;
} steps;

static bool push_step(steps *l, time_t at, pipeline_stage to, bool through)
{
	review_step *v = grow_array(l->v, &l->cap, l->n, sizeof *v, 16);

	if (!v)
		return false;
	l->v = v;
	l->v[l->n++] = (review_step){ .at = at, .to = to, .through = through };
	return true;
}

/* The card's stage and stage_since (STORE_NOT_FOUND, or STORE_DAMAGED for
 * a stage no embudo writes). */
static store_status card_stage(store *st, int64_t id, pipeline_stage *stage, time_t *since)
{
	sqlite3_stmt *s;
	char slug[64] = "", at[DATE_TS_LEN + 1] = "";
	int rc;

	if (store_prepare(st, "SELECT stage, stage_since FROM opportunity WHERE id = ?", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_column_copy(s, 0, slug, sizeof slug);
		store_column_copy(s, 1, at, sizeof at);
	}
	store_release(st, s);
	if (rc == SQLITE_DONE)
		return store_failed_on(st, store_fail(st, STORE_NOT_FOUND, "no opportunity %lld",
		                                      (long long)id), id);
	if (rc != SQLITE_ROW)
		return store_sql_fail(st, "reading an opportunity");
	if (!store_stage_from_slug(slug, stage))
		return store_bad_value(st, id, "stage", slug);
	if (!date_parse_timestamp(at, since))
		*since = 0;
	return STORE_OK;
}

static store_status read_steps(store *st, int64_t id, steps *l)
{
	pipeline_stage now_stage;
	time_t since;
	sqlite3_stmt *s;
	int rc;
	store_status r = card_stage(st, id, &now_stage, &since);

	if (r != STORE_OK)
		return r;
	if (store_prepare(st, "SELECT at, stage_to, through FROM history"
	                      " WHERE opp_id = ? AND stage_to IS NOT NULL ORDER BY id", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pipeline_stage to;
		time_t at;

		/* A value no embudo writes is left out (embudo check lists it). */
		if (!date_parse_timestamp((const char *)sqlite3_column_text(s, 0), &at)
		    || !exact_stage((const char *)sqlite3_column_text(s, 1), &to))
			continue;
		if (!push_step(l, at, to, sqlite3_column_int(s, 2) != 0)) {
			store_release(st, s);
			return store_fail(st, STORE_ERROR, "out of memory");
		}
	}
	store_release(st, s);
	if (rc != SQLITE_DONE)
		return store_sql_fail(st, "reading history");
	/* The card's own row says where it is now: rows the upgrade could not
	 * read must not leave it somewhere else. */
	if ((l->n == 0 || l->v[l->n - 1].to != now_stage || l->v[l->n - 1].through)
	    && !push_step(l, since, now_stage, false))
		return store_fail(st, STORE_ERROR, "out of memory");
	return STORE_OK;
}

store_status store_stage_steps(store *st, int64_t id, review_step **out, size_t *n)
{
	steps l = { 0 };
	store_status r = store_read_begin(st);

	*out = NULL;
	*n = 0;
	if (r != STORE_OK)
		return r;
	r = read_steps(st, id, &l);
	store_read_end(st);
	if (r != STORE_OK) {
		free(l.v);
		return r;
	}
	*out = l.v;
	*n = l.n;
	return STORE_OK;
}

store_status store_stage_time(store *st, int64_t id, pipeline_stage stage, time_t now,
                              review_stay *out)
{
	review_step *v;
	size_t n;
	store_status r;

	memset(out, 0, sizeof *out);
	if ((int)stage < 0 || stage >= PIPELINE_STAGE_COUNT)
		return store_fail(st, STORE_INVALID, "%d is not a stage", (int)stage);
	r = store_stage_steps(st, id, &v, &n);
	if (r != STORE_OK)
		return r;
	review_stay_in(v, n, stage, now, out);
	free(v);
	return STORE_OK;
}

/* ---- activity (stale) -------------------------------------------------- */

/* Appends the `what` values of the events that are activity
 * (review_is_activity), as SQL string literals joined by commas. */
static void store_activity_whats(strbuf *b)
{
	bool first = true;

	for (int k = 0; k < REVIEW_EV_COUNT; k++) {
		if (!review_is_activity((review_event_kind)k))
			continue;
		for (int ev = 0; ev < PIPELINE_EV_COUNT; ev++) {
			const char *what = review_event_what((review_event_kind)k, (pipeline_evidence_kind)ev);

			assert(what != NULL);
			strbuf_appendf(b, "%s'%s'", first ? "" : ", ", what);
			first = false;
			if (k != REVIEW_EV_EVIDENCE)
				break; /* one word; evidence has one per kind */
		}
	}
}

/* "(SELECT h.at FROM history h WHERE h.opp_id = <alias>.id AND h.what IN
 * (...) ORDER BY h.id DESC LIMIT 1)": the newest activity in the history
 * itself, through history_opp (opp_id, id), newest first until a row is
 * activity. What the kept column is filled from and checked against. */
static void activity_from_history(strbuf *sql, const char *alias)
{
	strbuf_appendf(sql, "(SELECT h.at FROM history h WHERE h.opp_id = %s.id AND h.what IN (", alias);
	store_activity_whats(sql);
	strbuf_append(sql, ") ORDER BY h.id DESC LIMIT 1)");
}

store_status store_activity_fill(store *st)
{
	strbuf sql = STRBUF_INIT;
	store_status r = STORE_OK;

	strbuf_append(&sql, "UPDATE opportunity SET activity = ");
	activity_from_history(&sql, "opportunity");
	if (strbuf_failed(&sql))
		r = store_fail(st, STORE_ERROR, "out of memory");
	else if (sqlite3_exec(st->db, strbuf_str(&sql), NULL, NULL, NULL) != SQLITE_OK)
		r = store_sql_fail(st, "keeping each card's last activity");
	strbuf_free(&sql);
	return r;
}

store_status store_activity_check(store *st, store_activity_fn fn, void *ctx)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	store_status r = STORE_OK;
	int rc;

	strbuf_append(&sql, "SELECT o.id, o.activity, ");
	activity_from_history(&sql, "o");
	strbuf_append(&sql, " AS h FROM opportunity o WHERE o.activity IS NOT h ORDER BY o.id");
	if (strbuf_failed(&sql))
		r = store_fail(st, STORE_ERROR, "out of memory");
	if (r == STORE_OK)
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return r;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!fn(ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
		        (const char *)sqlite3_column_text(s, 2)))
			break;
	store_release(st, s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
	                                             : store_sql_fail(st, "checking the last activities");
}
