/*
 * store_query: filters as SQL (shared by every query under a store_filter),
 * per-stage totals and the streaming list. A column's windows are read in
 * store_column.c.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/strbuf.h"
#include "util/text.h"

typedef store_where where;

static void where_add(where *w, const char *clause)
{
	strbuf_append(&w->sql, clause);
}

/* One more parameter: the filters have at most as many as args holds. */
static void where_arg(where *w, const char *arg)
{
	assert(w->nargs < (int)(sizeof w->args / sizeof w->args[0]));
	w->args[w->nargs++] = arg;
}

void store_where_free(where *w)
{
	free(w->phrase);
	w->phrase = NULL;
	strbuf_free(&w->sql);
}

store_status store_sql_whole(store *st, const where *w, const strbuf *b)
{
	if ((w && strbuf_failed(&w->sql)) || strbuf_failed(b))
		return store_fail(st, STORE_ERROR, "out of memory");
	return STORE_OK;
}

/* The text filter through opportunity_search when it can: a folded needle
 * of three characters or more (trigrams) and no stale row. The board's
 * summary and columns then read the kept matches (store_search_hits), the
 * list the index itself; a column whose filter matches too many to keep
 * is walked in order, which finds its window soon among so many matches.
 * Else the rows' own folded text. */
static store_status text_where(store *st, const store_filter *f, bool fresh, store_where_use use,
                               where *w)
{
	char *folded = text_fold_dup(f->text);
	bool index = false, kept = false;
	store_status r = STORE_OK;

	if (!folded)
		return store_fail(st, STORE_ERROR, "out of memory");
	if (fresh && store_search_chars(folded) >= 3) {
		if (!(w->phrase = store_search_phrase(folded)))
			r = store_fail(st, STORE_ERROR, "out of memory");
		else if (use == STORE_WHERE_KEEP)
			index = true; /* the caller joins the index */
		else if (use == STORE_WHERE_LIST)
			index = true;
		else if ((r = store_search_hits(st, f, w->phrase, &kept)) == STORE_OK)
			index = !kept && use == STORE_WHERE_SUMMARY;
	}
	free(folded);
	if (r != STORE_OK)
		return r;
	if (kept) {
		/* Every field of the filter is in the kept matches. */
		strbuf_reset(&w->sql);
		w->nargs = 0;
		w->hits = true;
	} else if (use == STORE_WHERE_KEEP) {
		/* nothing: the caller's join is the text filter */
	} else if (index) {
		/* Substring of the folded title or client, as below: the index
		 * holds exactly those two folded columns. */
		where_add(w, " AND o.id IN (SELECT rowid FROM opportunity_search"
		             " WHERE opportunity_search MATCH ?)");
		where_arg(w, w->phrase);
	} else {
		where_add(w, " AND (instr(embudo_fold(o.title), embudo_fold(?)) > 0"
		             " OR instr(embudo_fold(o.client), embudo_fold(?)) > 0)");
		where_arg(w, f->text);
		where_arg(w, f->text);
	}
	return store_sql_whole(st, w, &w->sql);
}

store_status store_where_build(store *st, const store_filter *f, store_where_use use, where *w)
{
	bool stale = false;

	memset(w, 0, sizeof *w);
	strbuf_init(&w->sql);
	if (!f || !f->include_deleted)
		where_add(w, " AND o.deleted = 0");
	if (!f)
		return store_sql_whole(st, w, &w->sql);
	/* Owner, line and client: the same name whatever its case and accents
	 * ("jose" finds "José"), but whole; the text: a substring of the title
	 * or the client, just as forgiving. Both sides folded by text_fold:
	 * the owner and client through their folded keys (store_search.c),
	 * the line with embudo_fold on the rows; instr, not LIKE, so % and _
	 * are plain characters. Rows written by something else than embudo
	 * (search_stale) have no trustworthy keys yet: then every filter reads
	 * the rows' own text. */
	if ((f->owner || f->client || (f->text && *f->text))
	    && store_search_stale(st, &stale) != STORE_OK)
		return STORE_ERROR;
	if (f->owner) {
		where_add(w, stale ? " AND embudo_fold(o.owner) = embudo_fold(?)"
		                   : " AND o.owner_key = embudo_fold(?)");
		where_arg(w, f->owner);
	}
	if (f->line) {
		where_add(w, " AND embudo_fold(o.line) = embudo_fold(?)");
		where_arg(w, f->line);
	}
	if (f->client) {
		where_add(w, stale ? " AND embudo_fold(o.client) = embudo_fold(?)"
		                   : " AND o.client_key = embudo_fold(?)");
		where_arg(w, f->client);
	}
	if (f->text && *f->text)
		return text_where(st, f, !stale, use, w);
	return store_sql_whole(st, w, &w->sql);
}

store_status store_where_filter(store *st, const store_filter *f, where *w)
{
	store_status r = store_check_filter(st, f);

	memset(w, 0, sizeof *w);
	strbuf_init(&w->sql);
	if (r != STORE_OK)
		return r;
	return store_where_build(st, f, STORE_WHERE_LIST, w);
}

int store_where_bind(sqlite3_stmt *s, const where *w, int first)
{
	for (int i = 0; i < w->nargs; i++)
		store_bind_text(s, first++, w->args[i]);
	return first;
}

store_status store_check_filter(store *st, const store_filter *f)
{
	if (!f)
		return STORE_OK;
	if (store_check_text(st, "the owner filter", f->owner) != STORE_OK
	    || store_check_text(st, "the service line filter", f->line) != STORE_OK
	    || store_check_text(st, "the client filter", f->client) != STORE_OK
	    || store_check_text(st, "the text filter", f->text) != STORE_OK)
		return STORE_INVALID;
	if (f->stage < -1 || f->stage >= PIPELINE_STAGE_COUNT)
		return store_fail(st, STORE_INVALID, "the stage filter %d is not a stage", f->stage);
	return STORE_OK;
}

bool store_filter_is_all(const store_filter *f)
{
	return !f || (f->stage == -1 && !f->owner && !f->line && !f->client
	              && (!f->text || !*f->text) && !f->include_deleted);
}

/* ---- summary ---------------------------------------------------------- */

/* The summary table keeps each column's amount in two parts (see
 * store_schema.c, version 2), put together by summary_amount. */
static const char SUMMARY_SQL[] =
	"SELECT stage, currency, count, amount_hi, amount_lo FROM summary WHERE count > 0"
	" ORDER BY stage, count DESC, currency";

/* The same parts from the rows themselves, for a filter: each amount split
 * into amount / 10^9 and amount % 10^9, so that neither sum can overflow
 * (sum() would fail with "integer overflow"); they are put together in C,
 * where an overflow is seen. */
#define SUMMARY_SPLIT STORE_SUMMARY_SPLIT
#define SUMMARY_SPLIT_SQL STORE_SUMMARY_SPLIT_SQL

static void summary_sql(const where *w, const store_filter *f, strbuf *sql)
{
	/* The kept matches carry the stage, currency and amount of each. */
	const char *k = w->hits ? "h" : "o";

	strbuf_appendf(sql,
	         "SELECT %s.stage, %s.currency, count(*) AS n,"
	         " sum(coalesce(%s.amount, 0) / " SUMMARY_SPLIT_SQL "),"
	         " sum(coalesce(%s.amount, 0) %% " SUMMARY_SPLIT_SQL ")"
	         " FROM %s WHERE 1%s%s"
	         " GROUP BY %s.stage, %s.currency ORDER BY %s.stage, n DESC, %s.currency",
	         k, k, k, k, w->hits ? "temp.embudo_hit h" : "opportunity o", strbuf_str(&w->sql),
	         f && f->stage >= 0 ? (w->hits ? " AND h.stage = ?" : " AND o.stage = ?") : "",
	         k, k, k, k);
}

/* Columns 3 (amount / 10^9) and 4 (amount % 10^9) of a summary row. */
static void summary_amount(sqlite3_stmt *s, store_total *t)
{
	int64_t hi = sqlite3_column_int64(s, 3), lo = sqlite3_column_int64(s, 4), sum;

	if (__builtin_mul_overflow(hi, (int64_t)SUMMARY_SPLIT, &sum)
	    || __builtin_add_overflow(sum, lo, &sum)) {
		t->overflow = true;
		sum = INT64_MAX;
	}
	t->amount = sum;
}

/* A summary row with a stage this build does not know: report it, naming
 * one opportunity that holds it (see store_bad_value). */
static store_status summary_bad_stage(store *st, const char *slug)
{
	sqlite3_stmt *s;
	int64_t id = 0;

	if (store_prepare(st, "SELECT id FROM opportunity WHERE stage = ? ORDER BY id LIMIT 1", &s)
	    != STORE_OK)
		return STORE_ERROR;
	store_bind_text(s, 1, slug);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	store_release(st, s);
	return store_bad_value(st, id, "stage", slug);
}

/* Runs a prepared summary statement into out. */
static store_status summary_read(store *st, sqlite3_stmt *s,
                                 store_summary out[PIPELINE_STAGE_COUNT])
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pipeline_stage stage;

		const char *slug = (const char *)sqlite3_column_text(s, 0);

		if (!store_stage_from_slug(slug, &stage)) {
			/* Copied: the next statement may reuse the row's memory. */
			char *copy = store_printf("%s", slug ? slug : "");
			store_status r = copy ? summary_bad_stage(st, copy)
			                      : store_fail(st, STORE_ERROR, "out of memory");

			free(copy);
			return r;
		}
		store_summary *sum = &out[stage];
		int64_t count = sqlite3_column_int64(s, 2);

		sum->count += count;
		if (sum->ntotals == STORE_MAX_CURRENCIES) {
			sum->more = true;
			continue;
		}
		store_total *t = &sum->totals[sum->ntotals++];
		store_column_copy(s, 1, t->currency, sizeof t->currency);
		t->count = count;
		summary_amount(s, t);
	}
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "summarising");
}

store_status store_summarize(store *st, const store_filter *f,
                             store_summary out[PIPELINE_STAGE_COUNT])
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	store_status r;
	where w = { .nargs = 0 };

	memset(out, 0, sizeof(store_summary) * PIPELINE_STAGE_COUNT);
	if (store_check_filter(st, f) != STORE_OK)
		return STORE_INVALID;
	/* The filter's own reads and the summary: one snapshot. */
	if ((r = store_read_begin(st)) != STORE_OK)
		return r;
	if (store_filter_is_all(f)) {
		r = store_prepare(st, SUMMARY_SQL, &s);
	} else {
		r = store_where_build(st, f, STORE_WHERE_SUMMARY, &w);
		if (r == STORE_OK) {
			summary_sql(&w, f, &sql);
			r = store_sql_whole(st, &w, &sql);
		}
		if (r == STORE_OK)
			r = store_prepare(st, strbuf_str(&sql), &s);
		if (r == STORE_OK) {
			int i = store_where_bind(s, &w, 1);

			if (f->stage >= 0)
				store_bind_text(s, i, pipeline_stage_slug((pipeline_stage)f->stage));
		}
	}
	if (r == STORE_OK) {
		r = summary_read(st, s, out);
		store_release(st, s);
	}
	strbuf_free(&sql);
	store_where_free(&w);
	store_read_end(st);
	return r;
}

/* ---- list ------------------------------------------------------------- */

/* One stage at a time, so the order is the flow's and each column is read
 * through the (stage, position) index. */
static store_status list_stage(store *st, pipeline_stage stage, const where *w,
                               store_opp_cb cb, void *ctx, bool *stop)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	store_status r = STORE_OK;
	int rc;

	strbuf_appendf(&sql,
	               "SELECT " STORE_OPP_COLUMNS " FROM opportunity o WHERE o.stage = ?%s"
	               " ORDER BY o.position, o.id",
	               strbuf_str(&w->sql));
	r = store_sql_whole(st, w, &sql);
	if (r == STORE_OK)
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return STORE_ERROR;
	store_bind_text(s, 1, pipeline_stage_slug(stage));
	store_where_bind(s, w, 2);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_opp o;

		r = store_opp_from_row(st, s, &o);
		if (r != STORE_OK)
			break;
		int stop_now = cb(&o, ctx);
		store_opp_free(&o);
		if (stop_now) {
			*stop = true;
			break;
		}
	}
	if (r == STORE_OK && !*stop && rc != SQLITE_DONE)
		r = store_sql_fail(st, "listing opportunities");
	store_release(st, s);
	return r;
}

/* The list reads one known stage at a time, so a row whose stage this
 * build does not know would silently be left out: look for one first
 * (the list reads every row anyway) and report it. */
static store_status list_check_stages(store *st, const where *w)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	strbuf_append(&sql, "SELECT o.id, o.stage FROM opportunity o WHERE o.stage NOT IN (");
	for (int i = 0; i < PIPELINE_STAGE_COUNT; i++)
		strbuf_appendf(&sql, "%s'%s'", i ? ", " : "", pipeline_stage_slug((pipeline_stage)i));
	strbuf_appendf(&sql, ")%s ORDER BY o.id LIMIT 1", strbuf_str(&w->sql));
	store_status ok = store_sql_whole(st, w, &sql);
	if (ok == STORE_OK)
		ok = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (ok != STORE_OK)
		return STORE_ERROR;
	store_where_bind(s, w, 1);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		char *slug = store_column_dup(s, 1);
		int64_t id = sqlite3_column_int64(s, 0);

		store_release(st, s);
		store_status r = store_bad_value(st, id, "stage", slug ? slug : "NULL");
		free(slug);
		return r;
	}
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "listing opportunities");
}

/* One snapshot for every stage's query, each row's evidence and the
 * callbacks' own reads: a card moved meanwhile is listed once. */
store_status store_list(store *st, const store_filter *f, store_opp_cb cb, void *ctx)
{
	bool stop = false;
	where w = { .nargs = 0 };

	if (store_check_filter(st, f) != STORE_OK)
		return STORE_INVALID;
	store_status r = store_read_begin(st);
	if (r != STORE_OK)
		return r;
	r = store_where_build(st, f, STORE_WHERE_LIST, &w);
	if (r == STORE_OK && (!f || f->stage < 0))
		r = list_check_stages(st, &w);
	for (int i = 0; i < PIPELINE_STAGE_COUNT && !stop && r == STORE_OK; i++) {
		if (f && f->stage >= 0 && f->stage != i)
			continue;
		r = list_stage(st, (pipeline_stage)i, &w, cb, ctx, &stop);
	}
	store_where_free(&w);
	store_read_end(st);
	return r;
}

/* ---- query plans (tests) ---------------------------------------------- */

store_status store_explain(store *st, const char *sql, char *out, size_t outsz)
{
	strbuf q = STRBUF_INIT, plan = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	strbuf_appendf(&q, "EXPLAIN QUERY PLAN %s", sql);
	store_status r = store_sql_whole(st, NULL, &q);
	if (r == STORE_OK)
		r = store_prepare(st, strbuf_str(&q), &s);
	strbuf_free(&q);
	if (r != STORE_OK)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(s, 3);

		strbuf_appendf(&plan, "%s\n", d ? d : "");
	}
	store_release(st, s);
	if (rc != SQLITE_DONE)
		r = store_sql_fail(st, "explaining a query");
	/* A plan longer than out is refused, not cut: a test reads all of it. */
	else if (strbuf_failed(&plan))
		r = store_fail(st, STORE_ERROR, "out of memory");
	else if (strbuf_len(&plan) >= outsz)
		r = store_fail(st, STORE_ERROR, "the query plan (%zu bytes) does not fit in %zu",
		               strbuf_len(&plan), outsz);
	else
		memcpy(out, strbuf_str(&plan), strbuf_len(&plan) + 1);
	strbuf_free(&plan);
	return r;
}

store_status store_internal_plan_summary(store *st, const store_filter *f, char *out,
                                         size_t outsz)
{
	strbuf sql = STRBUF_INIT;
	where w;

	if (store_filter_is_all(f))
		return store_explain(st, SUMMARY_SQL, out, outsz);
	store_status r = store_where_build(st, f, STORE_WHERE_SUMMARY, &w);
	if (r == STORE_OK) {
		summary_sql(&w, f, &sql);
		r = store_sql_whole(st, &w, &sql);
	}
	if (r == STORE_OK)
		r = store_explain(st, strbuf_str(&sql), out, outsz);
	strbuf_free(&sql);
	store_where_free(&w);
	return r;
}
