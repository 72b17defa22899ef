/*
 * store_keep: the review's kept figures (schema 5, store_schema.c). Each
 * history row that can change an opportunity's facts (review_changes_facts)
 * marks it; before the write transaction commits, the facts of every
 * marked opportunity are worked out again from its typed history and its
 * row (review_facts_of, review_fig_rows), and its report_fact row, its
 * report_figure rows and their sums in report_sum are rewritten to agree:
 * the rows that stay the same are left alone. A bulk load (demo, bench)
 * works them out once per opportunity at its end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/grow.h"

#define DAY_SECS 86400

/* The statements of store_keep_flush, which every change of a card runs
 * (store_warm prepares them ahead). */
static const char SQL_EVENTS[] =
	"SELECT at, what, stage_to, through, old_value, new_value FROM history"
	" WHERE opp_id = ? AND (stage_to IS NOT NULL OR"
	" (what = 'edit' AND field = 'close-date')) ORDER BY id";
static const char SQL_CARD[] =
	"SELECT deleted, stage, lost_from, loss_reason, stage_since, close_date, amount, currency,"
	" EXISTS (SELECT 1 FROM invoice i WHERE i.opp_id = o.id AND i.retracted = 0),"
	" EXISTS (SELECT 1 FROM delivery d WHERE d.opp_id = o.id AND d.retracted = 0)"
	" FROM opportunity o WHERE id = ?";
static const char SQL_SUM_ADD[] =
	"INSERT INTO report_sum (level, bucket, what, stage, reason, days,"
	" advanced, currency, count, amount_hi, amount_lo)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT DO UPDATE SET count = count + excluded.count,"
	" amount_hi = amount_hi + excluded.amount_hi,"
	" amount_lo = amount_lo + excluded.amount_lo";
static const char SQL_SUM_DROP[] =
	"DELETE FROM report_sum WHERE level = ? AND bucket = ? AND what = ?"
	" AND stage = ? AND reason = ? AND days = ? AND advanced = ?"
	" AND currency = ? AND count = 0";
static const char SQL_FIGURE_ADD[] =
	"INSERT INTO report_figure (opp_id, what, stage, reason, days, advanced,"
	" at, day, currency, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FIGURES[] =
	"SELECT rowid, what, stage, reason, days, advanced, at, currency, amount"
	" FROM report_figure WHERE opp_id = ?";
static const char SQL_FIGURE_DROP[] = "DELETE FROM report_figure WHERE rowid = ?";
static const char SQL_FACT_DROP[] = "DELETE FROM report_fact WHERE opp_id = ?";
static const char SQL_FACT_PUT[] =
	"INSERT OR REPLACE INTO report_fact (opp_id, stage, since, close,"
	" slips, first_close, awaiting) VALUES (?, ?, ?, ?, ?, ?, ?)";

void store_keep_warm(store *st)
{
	static const char *const sql[] = { SQL_EVENTS, SQL_CARD, SQL_SUM_ADD, SQL_SUM_DROP,
	                                   SQL_FIGURE_ADD, SQL_FIGURES, SQL_FIGURE_DROP,
	                                   SQL_FACT_DROP, SQL_FACT_PUT };
	store_warm_list(st, sql, sizeof sql / sizeof sql[0]);
}

int64_t store_keep_day(int64_t at)
{
	int64_t d = at / DAY_SECS;

	return at % DAY_SECS < 0 ? d - 1 : d;
}

/* ---- marks ---------------------------------------------------------------- */

void store_keep_mark(store *st, int64_t id)
{
	if (st->keep_n > 0 && st->keep_ids[st->keep_n - 1] == id)
		return;
	int64_t *v = grow_array(st->keep_ids, &st->keep_cap, st->keep_n, sizeof *v, 16);

	if (!v) {
		st->keep_oom = true;
		return;
	}
	st->keep_ids = v;
	st->keep_ids[st->keep_n++] = id;
}

void store_keep_clear(store *st)
{
	st->keep_n = 0;
	st->keep_oom = false;
	if (st->keep_cap > 4096) { /* after a bulk load: give the memory back */
		free(st->keep_ids);
		st->keep_ids = NULL;
		st->keep_cap = 0;
	}
}

/* ---- the facts of one opportunity ------------------------------------------- */

typedef struct evlist {
	review_fact_event *v;
	size_t n, cap;
} evlist;

static bool ev_push(evlist *l, const review_fact_event *e)
{
	review_fact_event *v = grow_array(l->v, &l->cap, l->n, sizeof *v, 32);

	if (!v)
		return false;
	l->v = v;
	l->v[l->n++] = *e;
	return true;
}

/* A close date as an edit recorded it: a real date, or none. */
static void close_value(sqlite3_stmt *s, int col, char out[DATE_LEN + 1])
{
	const char *v = (const char *)sqlite3_column_text(s, col);

	out[0] = '\0';
	if (v && date_valid(v)) {
		memcpy(out, v, DATE_LEN);
		out[DATE_LEN] = '\0';
	}
}

/* The typed events the facts read: stage entries and close-date edits,
 * oldest first. A value no embudo writes is left out (embudo check lists
 * the row). */
static store_status read_events(store *st, int64_t id, evlist *l)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, SQL_EVENTS, &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		review_fact_event e;
		const char *to = (const char *)sqlite3_column_text(s, 2);

		memset(&e, 0, sizeof e);
		e.to = PIPELINE_STAGE_COUNT;
		if (!date_parse_timestamp((const char *)sqlite3_column_text(s, 0), &e.at)
		    || !review_event_parse((const char *)sqlite3_column_text(s, 1), &e.kind, NULL))
			continue;
		if (to) {
			if (!store_stage_from_slug(to, &e.to))
				continue;
			e.through = sqlite3_column_int(s, 3) != 0;
		} else {
			e.close_edit = true;
			close_value(s, 4, e.old_close);
			close_value(s, 5, e.new_close);
		}
		if (!ev_push(l, &e)) {
			store_release(st, s);
			return store_fail(st, STORE_ERROR, "out of memory");
		}
	}
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "reading history");
}

/* The card's row as the facts read it; *exists false when there is none
 * or its stage is one no embudo writes (then it has no figures: embudo
 * check reports the row). */
static store_status read_card(store *st, int64_t id, review_fact_card *c, bool *exists)
{
	sqlite3_stmt *s;
	int rc;

	*exists = false;
	memset(c, 0, sizeof *c);
	if (store_prepare(st, SQL_CARD, &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(s, 3);

		*exists = store_stage_from_slug((const char *)sqlite3_column_text(s, 1), &c->stage);
		c->deleted = sqlite3_column_int(s, 0) != 0;
		if (!store_stage_from_slug((const char *)sqlite3_column_text(s, 2), &c->lost_from))
			c->lost_from = PIPELINE_STAGE_COUNT;
		c->has_loss = reason && pipeline_loss_parse(reason, &c->loss_reason)
		              && strcmp(reason, pipeline_loss_slug(c->loss_reason)) == 0;
		if (!date_parse_timestamp((const char *)sqlite3_column_text(s, 4), &c->stage_since))
			c->stage_since = 0;
		close_value(s, 5, c->close);
		c->has_amount = sqlite3_column_type(s, 6) != SQLITE_NULL;
		c->amount = sqlite3_column_int64(s, 6);
		store_column_copy(s, 7, c->currency, sizeof c->currency);
		c->invoiced = sqlite3_column_int(s, 8) != 0;
		c->delivered = sqlite3_column_int(s, 9) != 0;
	}
	store_release(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(st, "reading an opportunity");
	return STORE_OK;
}

void store_keep_fact_free(store_keep_fact *f)
{
	free(f->rows);
	f->rows = NULL;
	f->nrows = 0;
}

store_status store_keep_compute(store *st, int64_t id, store_keep_fact *out)
{
	review_fact_card card;
	evlist l = { 0 };
	review_span *spans = NULL;
	review_fig_row *rows = NULL;
	review_facts f;
	bool exists;
	store_status r;

	memset(out, 0, sizeof *out);
	out->awaiting = -1;
	r = read_card(st, id, &card, &exists);
	if (r != STORE_OK || !exists || card.deleted)
		return r;
	r = read_events(st, id, &l);
	if (r == STORE_OK && (!(spans = malloc((l.n + 1) * sizeof *spans))
	                      || !(rows = malloc(REVIEW_FIG_ROWS(l.n + 1) * sizeof *rows))))
		r = store_fail(st, STORE_ERROR, "out of memory");
	if (r == STORE_OK) {
		review_facts_of(&card, l.v, l.n, spans, &f);
		out->has_fact = true;
		out->stage = (int)f.stage;
		out->since = (int64_t)f.since;
		if (f.undecided) {
			memcpy(out->close, f.close, sizeof out->close);
			out->slips = f.slips;
		}
		memcpy(out->first_close, f.first_close, sizeof out->first_close);
		out->awaiting = f.awaiting < REPORT_LIST_COUNT ? (int)f.awaiting : -1;
		out->nrows = review_fig_rows(&f, rows);
		if (!(out->rows = calloc(out->nrows ? out->nrows : 1, sizeof *out->rows)))
			r = store_fail(st, STORE_ERROR, "out of memory");
		for (size_t i = 0; r == STORE_OK && i < out->nrows; i++) {
			out->rows[i].fig = rows[i];
			if (rows[i].valued) {
				memcpy(out->rows[i].currency, card.currency, sizeof card.currency);
				out->rows[i].amount = card.has_amount ? card.amount : 0;
			}
		}
	}
	free(l.v);
	free(spans);
	free(rows);
	if (r != STORE_OK)
		store_keep_fact_free(out);
	return r;
}

/* ---- writing them ------------------------------------------------------------- */

static bool row_equal(const store_keep_row *a, const store_keep_row *b)
{
	return a->fig.what == b->fig.what && a->fig.stage == b->fig.stage
	       && a->fig.reason == b->fig.reason && a->fig.days == b->fig.days
	       && a->fig.advanced == b->fig.advanced && a->fig.at == b->fig.at
	       && strcmp(a->currency, b->currency) == 0 && a->amount == b->amount;
}

void store_keep_buckets(int64_t at, int64_t bucket[STORE_SUM_LEVELS])
{
	int64_t day = store_keep_day(at);
	int y, m, d;

	date_day_civil(day, &y, &m, &d);
	bucket[0] = day;
	bucket[1] = (int64_t)y * 12 + m - 1;
	bucket[2] = y;
}

/* A report_sum row's key (level, bucket and the row's figure) as
 * parameters 1 to 8. */
static void bind_sum_key(sqlite3_stmt *s, int level, int64_t bucket, const store_keep_row *k)
{
	const review_fig_row *f = &k->fig;

	sqlite3_bind_int(s, 1, level);
	sqlite3_bind_int64(s, 2, bucket);
	sqlite3_bind_int(s, 3, (int)f->what);
	sqlite3_bind_int(s, 4, f->stage);
	sqlite3_bind_int(s, 5, f->reason);
	sqlite3_bind_int64(s, 6, f->days);
	sqlite3_bind_int(s, 7, f->advanced ? 1 : 0);
	store_bind_text(s, 8, k->currency);
}

/* Adds sign (+1 or -1) times row's figure to its day, month and year. */
static store_status sum_add(store *st, const store_keep_row *k, int sign)
{
	const review_fig_row *f = &k->fig;
	int64_t bucket[STORE_SUM_LEVELS];
	sqlite3_stmt *s;
	int rc;

	store_keep_buckets((int64_t)f->at, bucket);
	for (int level = 0; level < STORE_SUM_LEVELS; level++) {
		if (store_prepare(st, SQL_SUM_ADD, &s) != STORE_OK)
			return STORE_ERROR;
		bind_sum_key(s, level, bucket[level], k);
		sqlite3_bind_int(s, 9, sign);
		sqlite3_bind_int64(s, 10, sign * (k->amount / STORE_SUMMARY_SPLIT));
		sqlite3_bind_int64(s, 11, sign * (k->amount % STORE_SUMMARY_SPLIT));
		rc = sqlite3_step(s);
		store_release(st, s);
		if (rc != SQLITE_DONE)
			return store_sql_fail(st, "keeping the review's figures");
		if (sign > 0)
			continue;
		/* A bucket with nothing left goes: the table holds what there is. */
		if (store_prepare(st, SQL_SUM_DROP, &s) != STORE_OK)
			return STORE_ERROR;
		bind_sum_key(s, level, bucket[level], k);
		rc = sqlite3_step(s);
		store_release(st, s);
		if (rc != SQLITE_DONE)
			return store_sql_fail(st, "keeping the review's figures");
	}
	return STORE_OK;
}

static store_status figure_insert(store *st, int64_t id, const store_keep_row *k)
{
	const review_fig_row *f = &k->fig;
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, SQL_FIGURE_ADD, &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, (int)f->what);
	sqlite3_bind_int(s, 3, f->stage);
	sqlite3_bind_int(s, 4, f->reason);
	sqlite3_bind_int64(s, 5, f->days);
	sqlite3_bind_int(s, 6, f->advanced ? 1 : 0);
	sqlite3_bind_int64(s, 7, (int64_t)f->at);
	sqlite3_bind_int64(s, 8, store_keep_day((int64_t)f->at));
	store_bind_text(s, 9, k->currency);
	sqlite3_bind_int64(s, 10, k->amount);
	rc = sqlite3_step(s);
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "keeping the review's figures");
}

/* The kept figure rows of id, with their rowids. */
typedef struct oldrows {
	store_keep_row *v;
	int64_t *rowid;
	bool *kept;
	size_t n, cap;
} oldrows;

static void oldrows_free(oldrows *o)
{
	free(o->v);
	free(o->rowid);
	free(o->kept);
}

static store_status read_old(store *st, int64_t id, oldrows *o)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, SQL_FIGURES, &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (o->n == o->cap) {
			size_t cap = o->cap ? o->cap * 2 : 32;
			store_keep_row *v = realloc(o->v, cap * sizeof *v);
			int64_t *ids = v ? realloc(o->rowid, cap * sizeof *ids) : NULL;

			if (v)
				o->v = v;
			if (ids)
				o->rowid = ids;
			if (!v || !ids) {
				store_release(st, s);
				return store_fail(st, STORE_ERROR, "out of memory");
			}
			o->cap = cap;
		}
		store_keep_row *k = &o->v[o->n];

		memset(k, 0, sizeof *k);
		o->rowid[o->n] = sqlite3_column_int64(s, 0);
		k->fig.what = (review_fig)sqlite3_column_int(s, 1);
		k->fig.stage = sqlite3_column_int(s, 2);
		k->fig.reason = sqlite3_column_int(s, 3);
		k->fig.days = sqlite3_column_int64(s, 4);
		k->fig.advanced = sqlite3_column_int(s, 5) != 0;
		k->fig.at = (time_t)sqlite3_column_int64(s, 6);
		store_column_copy(s, 7, k->currency, sizeof k->currency);
		k->amount = sqlite3_column_int64(s, 8);
		o->n++;
	}
	store_release(st, s);
	if (rc != SQLITE_DONE)
		return store_sql_fail(st, "reading the review's figures");
	if (!(o->kept = calloc(o->n ? o->n : 1, sizeof *o->kept)))
		return store_fail(st, STORE_ERROR, "out of memory");
	return STORE_OK;
}

static store_status delete_rowid(store *st, int64_t rowid)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, SQL_FIGURE_DROP, &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, rowid);
	rc = sqlite3_step(s);
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "keeping the review's figures");
}

static store_status write_fact(store *st, int64_t id, const store_keep_fact *f)
{
	sqlite3_stmt *s;
	int rc;

	if (!f->has_fact) {
		if (store_prepare(st, SQL_FACT_DROP, &s) != STORE_OK)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, id);
	} else {
		if (store_prepare(st, SQL_FACT_PUT, &s) != STORE_OK)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, f->stage);
		sqlite3_bind_int64(s, 3, f->since);
		store_bind_text(s, 4, f->close[0] ? f->close : NULL);
		if (f->slips > 0)
			sqlite3_bind_int64(s, 5, f->slips);
		else
			sqlite3_bind_null(s, 5);
		store_bind_text(s, 6, f->first_close[0] ? f->first_close : NULL);
		if (f->awaiting >= 0)
			sqlite3_bind_int(s, 7, f->awaiting);
		else
			sqlite3_bind_null(s, 7);
	}
	rc = sqlite3_step(s);
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "keeping the review's figures");
}

/* Rewrites id's kept figures; with `days` false (the fill), report_sum is
 * left to be added up at the end and no old row is looked for. */
static store_status keep_one(store *st, int64_t id, bool days)
{
	store_keep_fact f;
	oldrows old = { 0 };
	store_status r = store_keep_compute(st, id, &f);

	if (r != STORE_OK)
		return r;
	if (days)
		r = read_old(st, id, &old);
	for (size_t i = 0; r == STORE_OK && i < f.nrows; i++) {
		bool same = false;

		for (size_t j = 0; !same && j < old.n; j++) {
			if (!old.kept[j] && row_equal(&old.v[j], &f.rows[i])) {
				old.kept[j] = true;
				same = true;
			}
		}
		if (same)
			continue;
		r = figure_insert(st, id, &f.rows[i]);
		if (r == STORE_OK && days)
			r = sum_add(st, &f.rows[i], +1);
	}
	for (size_t j = 0; r == STORE_OK && j < old.n; j++) {
		if (old.kept[j])
			continue;
		r = delete_rowid(st, old.rowid[j]);
		if (r == STORE_OK)
			r = sum_add(st, &old.v[j], -1);
	}
	if (r == STORE_OK)
		r = write_fact(st, id, &f);
	oldrows_free(&old);
	store_keep_fact_free(&f);
	return r;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

store_status store_keep_flush(store *st)
{
	store_status r = STORE_OK;
	size_t n = 0;

	if (st->keep_oom) {
		store_keep_clear(st);
		return store_fail(st, STORE_ERROR, "out of memory keeping the review's figures");
	}
	if (st->keep_n > 1)
		qsort(st->keep_ids, st->keep_n, sizeof *st->keep_ids, id_cmp);
	for (size_t i = 0; i < st->keep_n; i++)
		if (n == 0 || st->keep_ids[n - 1] != st->keep_ids[i])
			st->keep_ids[n++] = st->keep_ids[i];
	for (size_t i = 0; r == STORE_OK && i < n; i++)
		r = keep_one(st, st->keep_ids[i], true);
	store_keep_clear(st);
	return r;
}

/* Every id the statement sql gives, in a malloc'd array (*ids, *n): read
 * whole before the caller writes, so no statement is stepped over rows it
 * changes. `what` names the read in a failure. */
static store_status read_ids(store *st, const char *sql, const char *what, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	store_status r = STORE_OK;
	int rc;

	*ids = NULL;
	*n = 0;
	if (store_prepare(st, sql, &s) != STORE_OK)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t *v = grow_array(*ids, &cap, *n, sizeof *v, 1024);

		if (!v) {
			r = store_fail(st, STORE_ERROR, "out of memory %s", what);
			break;
		}
		*ids = v;
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	store_release(st, s);
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = store_sql_fail(st, what);
	return r;
}

store_status store_keep_fill(store *st)
{
	int64_t *ids;
	size_t n;
	store_status r = read_ids(st, "SELECT id FROM opportunity WHERE deleted = 0 ORDER BY id",
	                          "filling the review's figures", &ids, &n);

	for (size_t i = 0; r == STORE_OK && i < n; i++)
		r = keep_one(st, ids[i], false);
	free(ids);
	if (r == STORE_OK)
		r = store_exec(st, STORE_SUM_FILL_SQL);
	return r;
}

/* ---- embudo check ---------------------------------------------------------- */

/* The stored fact row of id; has_fact false when there is none. */
static store_status read_fact(store *st, int64_t id, store_keep_fact *f)
{
	sqlite3_stmt *s;
	int rc;

	memset(f, 0, sizeof *f);
	f->awaiting = -1;
	if (store_prepare(st, "SELECT stage, since, close, slips, first_close, awaiting"
	                      " FROM report_fact WHERE opp_id = ?", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		f->has_fact = true;
		f->stage = sqlite3_column_int(s, 0);
		f->since = sqlite3_column_int64(s, 1);
		store_column_copy(s, 2, f->close, sizeof f->close);
		f->slips = sqlite3_column_int64(s, 3);
		store_column_copy(s, 4, f->first_close, sizeof f->first_close);
		f->awaiting = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 5);
	}
	store_release(st, s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
	                                             : store_sql_fail(st, "reading the review's facts");
}

static bool fact_equal(const store_keep_fact *a, const store_keep_fact *b)
{
	if (a->has_fact != b->has_fact)
		return false;
	return !a->has_fact
	       || (a->stage == b->stage && a->since == b->since && strcmp(a->close, b->close) == 0
	           && a->slips == b->slips && strcmp(a->first_close, b->first_close) == 0
	           && a->awaiting == b->awaiting);
}

/* Whether id's kept rows are what its history gives now. */
static store_status check_one(store *st, int64_t id, bool *same)
{
	store_keep_fact want, have;
	oldrows old = { 0 };
	store_status r = store_keep_compute(st, id, &want);

	*same = false;
	if (r != STORE_OK)
		return r;
	r = read_fact(st, id, &have);
	if (r == STORE_OK)
		r = read_old(st, id, &old);
	if (r == STORE_OK && fact_equal(&want, &have) && old.n == want.nrows) {
		*same = true;
		for (size_t i = 0; *same && i < want.nrows; i++) {
			bool found = false;

			for (size_t j = 0; !found && j < old.n; j++)
				if (!old.kept[j] && row_equal(&old.v[j], &want.rows[i]))
					found = old.kept[j] = true;
			*same = found;
		}
	}
	oldrows_free(&old);
	store_keep_fact_free(&want);
	return r;
}

/* Rows of `a` that `b` lacks, counted; with (may be NULL) the common
 * tables both read. */
static store_status count_except(store *st, const char *with, const char *a, const char *b,
                                 int64_t *n)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	store_status r;
	int rc;

	*n = 0;
	strbuf_appendf(&sql, "%s%s SELECT count(*) FROM (SELECT * FROM (%s)"
	               " EXCEPT SELECT * FROM (%s))", with ? "WITH " : "", with ? with : "", a, b);
	r = strbuf_failed(&sql) ? store_fail(st, STORE_ERROR, "out of memory")
	                        : store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return r;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	store_release(st, s);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "recounting the review's figures");
}

#define SUM_KEPT "SELECT level, bucket, what, stage, reason, days, advanced, currency, count," \
	" amount_hi, amount_lo FROM report_sum"
#define MONTH_KEPT "SELECT stage, month, currency, count, amount_hi, amount_lo FROM forecast_month" \
	" WHERE count <> 0"
#define MONTH_RECOUNT "SELECT stage, substr(close_date, 1, 7), currency, count(*)," \
	" sum(coalesce(amount, 0) / " STORE_SUMMARY_SPLIT_SQL ")," \
	" sum(coalesce(amount, 0) % " STORE_SUMMARY_SPLIT_SQL ")" \
	" FROM opportunity WHERE deleted = 0 GROUP BY 1, 2, 3"

store_status store_keep_check(store *st, store_keep_problem_fn fn, void *ctx)
{
	int64_t *ids, n1, n2;
	size_t n;
	char line[256];
	store_status r = read_ids(st, "SELECT id FROM opportunity ORDER BY id",
	                          "reading the opportunities", &ids, &n);

	for (size_t i = 0; r == STORE_OK && i < n; i++) {
		bool same;

		r = check_one(st, ids[i], &same);
		if (r != STORE_OK || same)
			continue;
		snprintf(line, sizeof line, "opportunity %lld: its kept review figures (report_fact, "
		         "report_figure) are not what its history gives (its next change with embudo "
		         "writes them again)", (long long)ids[i]);
		if (!fn(ctx, ids[i], line))
			goto out;
	}
	if (r == STORE_OK)
		r = count_except(st, STORE_SUM_DAYS_CTE, SUM_KEPT, STORE_SUM_RECOUNT_SELECT, &n1);
	if (r == STORE_OK)
		r = count_except(st, STORE_SUM_DAYS_CTE, STORE_SUM_RECOUNT_SELECT, SUM_KEPT, &n2);
	if (r == STORE_OK && (n1 || n2)) {
		snprintf(line, sizeof line, "the review's sums (report_sum) disagree with a recount of "
		         "its figures: %lld kept rows are not in the recount, %lld recounted rows are not "
		         "kept", (long long)n1, (long long)n2);
		if (!fn(ctx, 0, line))
			goto out;
	}
	if (r == STORE_OK)
		r = count_except(st, NULL, MONTH_KEPT, MONTH_RECOUNT, &n1);
	if (r == STORE_OK)
		r = count_except(st, NULL, MONTH_RECOUNT, MONTH_KEPT, &n2);
	if (r == STORE_OK && (n1 || n2)) {
		snprintf(line, sizeof line, "the forecast by close month (forecast_month) disagrees "
		         "with a recount of the opportunities: %lld kept rows are not in the recount, "
		         "%lld recounted rows are not kept", (long long)n1, (long long)n2);
		(void)fn(ctx, 0, line);
	}
out:
	free(ids);
	return r;
}
