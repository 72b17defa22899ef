/*
 * store_query: the board's queries (a column's cards, a card's offset,
 * per-stage totals) and the streaming list, all under a store_filter.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/strbuf.h"
#include "util/text.h"

/* A filter as SQL (store_internal.h). */
typedef store_where where;

/* Where each query reads the filtered rows from. */
typedef enum where_use {
	WHERE_ALL,    /* every match (summary, list): the search index when it can */
	WHERE_COLUMN  /* a window of one column: see text_selective */
} where_use;

/* Below this many matches, a column's window is read from the search index
 * and sorted (cost: the matches); from this many on, the matches are dense
 * enough that walking the column in order until the window is full costs
 * less (about limit * rows / matches rows per column). */
#define SEARCH_SELECTIVE 4000
#define SEARCH_SELECTIVE_SQL "4000"

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

static void where_free(where *w)
{
	free(w->phrase);
	w->phrase = NULL;
	strbuf_free(&w->sql);
}

/* A statement built in b (with w's clauses): out of memory when either
 * could not be written whole, never run cut short. */
static store_status sql_whole(store *st, const where *w, const strbuf *b)
{
	if ((w && strbuf_failed(&w->sql)) || strbuf_failed(b))
		return store_fail(st, STORE_ERROR, "out of memory");
	return STORE_OK;
}

/* Whether the phrase matches fewer than SEARCH_SELECTIVE rows; the answer
 * is kept until the phrase or the data changes (data_version: other
 * connections' commits; total_changes: this one's). */
static store_status text_selective(store *st, const char *phrase, bool *selective)
{
	sqlite3_stmt *s;
	int64_t dv, changes = sqlite3_total_changes64(st->db);
	int rc;

	*selective = false;
	if (store_data_version(st, &dv) != STORE_OK)
		return STORE_ERROR;
	if (st->search_phrase && strcmp(st->search_phrase, phrase) == 0
	    && st->search_data_version == dv && st->search_changes == changes) {
		*selective = st->search_selective;
		return STORE_OK;
	}
	if (store_prepare(st, "SELECT count(*) < " SEARCH_SELECTIVE_SQL " FROM (SELECT 1"
	                      " FROM opportunity_search WHERE opportunity_search MATCH ?"
	                      " LIMIT " SEARCH_SELECTIVE_SQL ")", &s) != STORE_OK)
		return STORE_ERROR;
	store_bind_text(s, 1, phrase);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*selective = sqlite3_column_int(s, 0) != 0;
	store_release(st, s);
	if (rc != SQLITE_ROW)
		return store_sql_fail(st, "searching");
	free(st->search_phrase);
	st->search_phrase = strdup(phrase); /* NULL: simply not kept */
	st->search_selective = *selective;
	st->search_data_version = dv;
	st->search_changes = changes;
	return STORE_OK;
}

/* The text filter through opportunity_search when it can: a folded needle
 * of three characters or more (trigrams), no stale row, and for a column
 * window a selective needle. Else the rows' own folded text. */
static store_status text_where(store *st, const char *text, bool fresh, where_use use, where *w)
{
	char *folded = text_fold_dup(text);
	bool search = false;
	store_status r = STORE_OK;

	if (!folded)
		return store_fail(st, STORE_ERROR, "out of memory");
	if (fresh && store_search_chars(folded) >= 3) {
		if (!(w->phrase = store_search_phrase(folded)))
			r = store_fail(st, STORE_ERROR, "out of memory");
		else if (use == WHERE_ALL)
			search = true;
		else
			r = text_selective(st, w->phrase, &search);
	}
	free(folded);
	if (r != STORE_OK)
		return r;
	if (search) {
		/* Substring of the folded title or client, as below: the index
		 * holds exactly those two folded columns. */
		where_add(w, " AND o.id IN (SELECT rowid FROM opportunity_search"
		             " WHERE opportunity_search MATCH ?)");
		where_arg(w, w->phrase);
		w->by_search = true;
	} else {
		where_add(w, " AND (instr(embudo_fold(o.title), embudo_fold(?)) > 0"
		             " OR instr(embudo_fold(o.client), embudo_fold(?)) > 0)");
		where_arg(w, text);
		where_arg(w, text);
	}
	return sql_whole(st, w, &w->sql);
}

/* Everything but the stage, which each query places itself (the index
 * wants `stage = ?` with `deleted = 0` spelled out). Free w with where_free
 * (also after a failure). */
static store_status filter_where(store *st, const store_filter *f, where_use use, where *w)
{
	bool stale = false;

	memset(w, 0, sizeof *w);
	strbuf_init(&w->sql);
	if (!f || !f->include_deleted)
		where_add(w, " AND o.deleted = 0");
	if (!f)
		return sql_whole(st, w, &w->sql);
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
		return text_where(st, f->text, !stale, use, w);
	return sql_whole(st, w, &w->sql);
}

/* Binds w's parameters starting at index first; returns the next index. */
static int where_bind(sqlite3_stmt *s, const where *w, int first)
{
	for (int i = 0; i < w->nargs; i++)
		store_bind_text(s, first++, w->args[i]);
	return first;
}

static store_status check_filter(store *st, const store_filter *f)
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

static bool valid_stage(int s)
{
	return s >= 0 && s < PIPELINE_STAGE_COUNT;
}

store_status store_where_filter(store *st, const store_filter *f, store_where *w)
{
	store_status r = check_filter(st, f);

	memset(w, 0, sizeof *w);
	strbuf_init(&w->sql);
	if (r != STORE_OK)
		return r;
	return filter_where(st, f, WHERE_ALL, w);
}

int store_where_bind(sqlite3_stmt *s, const store_where *w, int first)
{
	return where_bind(s, w, first);
}

void store_where_free(store_where *w)
{
	where_free(w);
}

/* ---- cards ------------------------------------------------------------ */

/* With the rows from the search index, `+o.stage` keeps SQLite from
 * walking the whole column in order instead: the few matches are sorted.
 * A card's last activity: its newest history row that is activity, found
 * from the newest down through history_opp (a few rows per card shown). */
static void cards_sql(const where *w, strbuf *sql)
{
	strbuf_append(sql,
	              "SELECT o.id, o.version, o.position, o.title, o.client, o.owner, o.amount,"
	              " o.currency, o.stage, o.stage_since,"
	              " (SELECT count(*) FROM criterion c WHERE c.opp_id = o.id AND c.met = 1),"
	              " (SELECT h.at FROM history h WHERE h.opp_id = o.id AND h.what IN (");
	store_activity_whats(sql);
	strbuf_appendf(sql, ") ORDER BY h.id DESC LIMIT 1)"
	               " FROM opportunity o WHERE %so.stage = ?%s"
	               " ORDER BY o.position, o.id LIMIT ? OFFSET ?",
	               w->by_search ? "+" : "", strbuf_str(&w->sql));
}

static store_status read_cards(store *st, pipeline_stage stage, const store_filter *f,
                               int64_t offset, int limit, store_card *out, int *n)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	where w;
	int i, rc = SQLITE_DONE;
	store_status r = STORE_OK;

	*n = 0;
	if (!valid_stage((int)stage))
		return store_fail(st, STORE_INVALID, "%d is not a stage", (int)stage);
	if (check_filter(st, f) != STORE_OK)
		return STORE_INVALID;
	if (limit <= 0)
		return STORE_OK;
	if (offset < 0)
		offset = 0;
	if (filter_where(st, f, WHERE_COLUMN, &w) != STORE_OK) {
		where_free(&w);
		return STORE_ERROR;
	}
	cards_sql(&w, &sql);
	if (sql_whole(st, &w, &sql) != STORE_OK || store_prepare(st, strbuf_str(&sql), &s) != STORE_OK) {
		strbuf_free(&sql);
		where_free(&w);
		return STORE_ERROR;
	}
	strbuf_free(&sql);
	store_bind_text(s, 1, pipeline_stage_slug(stage));
	i = where_bind(s, &w, 2);
	sqlite3_bind_int(s, i, limit);
	sqlite3_bind_int64(s, i + 1, offset);
	while (*n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_card *c = &out[*n];

		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(s, 0);
		c->version = sqlite3_column_int64(s, 1);
		c->position = sqlite3_column_int64(s, 2);
		c->title = store_column_dup(s, 3);
		c->client = store_column_dup(s, 4);
		c->owner = store_column_dup(s, 5);
		c->has_amount = sqlite3_column_type(s, 6) != SQLITE_NULL;
		c->amount = sqlite3_column_int64(s, 6);
		store_column_copy(s, 7, c->currency, sizeof c->currency);
		c->stage = stage;
		store_column_copy(s, 9, c->stage_since, sizeof c->stage_since);
		c->criteria_met = sqlite3_column_int(s, 10);
		store_column_copy(s, 11, c->activity, sizeof c->activity);
		(*n)++;
		if (!c->title || !c->client || !c->owner) {
			r = store_fail(st, STORE_ERROR, "out of memory");
			break;
		}
	}
	if (r == STORE_OK && *n < limit && rc != SQLITE_DONE)
		r = store_sql_fail(st, "reading cards");
	store_release(st, s);
	where_free(&w);
	if (r != STORE_OK) {
		for (int k = 0; k < *n; k++)
			store_card_free(&out[k]);
		*n = 0;
	}
	return r;
}

/* The filter's own reads and the window: one snapshot. */
store_status store_cards(store *st, pipeline_stage stage, const store_filter *f, int64_t offset,
                         int limit, store_card *out, int *n)
{
	store_status r = store_read_begin(st);

	*n = 0;
	if (r != STORE_OK)
		return r;
	r = read_cards(st, stage, f, offset, limit, out, n);
	store_read_end(st);
	return r;
}

/* One integer from a query over where w, bound after `pre` leading ids. */
static store_status count_query(store *st, const char *sql, const where *w, const char *stage,
                                const int64_t *ids, int nids, int64_t *out)
{
	sqlite3_stmt *s;
	int i = 1, rc;

	if (store_prepare(st, sql, &s) != STORE_OK)
		return STORE_ERROR;
	if (stage)
		store_bind_text(s, i++, stage);
	i = where_bind(s, w, i);
	for (int k = 0; k < nids; k++)
		sqlite3_bind_int64(s, i++, ids[k]);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	store_release(st, s);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "counting cards");
}

/* How many cards of a column come before one at (position, id).
 * "position <= ?" on its own is what lets the (stage, position) index bound
 * the count; with only the OR, SQLite walked the whole column. */
static void offset_sql(const where *w, strbuf *sql)
{
	strbuf_appendf(sql,
	         "SELECT count(*) FROM opportunity o WHERE %so.stage = ?%s"
	         " AND o.position <= ? AND (o.position < ? OR o.id < ?)",
	         w->by_search ? "+" : "", strbuf_str(&w->sql));
}

static store_status card_offset(store *st, int64_t id, const store_filter *f, int64_t *offset)
{
	strbuf sql = STRBUF_INIT;
	char stage[32] = "";
	sqlite3_stmt *s;
	int64_t pos = 0, matches = 0, ids[3];
	where w;
	int rc;

	*offset = 0;
	if (check_filter(st, f) != STORE_OK)
		return STORE_INVALID;
	if (store_prepare(st, "SELECT stage, position FROM opportunity WHERE id = ?", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_column_copy(s, 0, stage, sizeof stage);
		pos = sqlite3_column_int64(s, 1);
	}
	store_release(st, s);
	if (rc == SQLITE_DONE)
		return store_failed_on(st, store_fail(st, STORE_NOT_FOUND, "no opportunity %lld",
		                                      (long long)id), id);
	if (rc != SQLITE_ROW)
		return store_sql_fail(st, "finding a card");

	if (filter_where(st, f, WHERE_COLUMN, &w) != STORE_OK) {
		where_free(&w);
		return STORE_ERROR;
	}
	strbuf_appendf(&sql, "SELECT count(*) FROM opportunity o WHERE o.stage = ?%s AND o.id = ?",
	               strbuf_str(&w.sql));
	ids[0] = id;
	store_status r = sql_whole(st, &w, &sql);
	if (r == STORE_OK)
		r = count_query(st, strbuf_str(&sql), &w, stage, ids, 1, &matches);
	if (r == STORE_OK && !matches)
		r = store_failed_on(st, store_fail(st, STORE_NOT_FOUND,
		               "opportunity %lld is not shown under this filter", (long long)id), id);
	if (r == STORE_OK) {
		strbuf_reset(&sql);
		offset_sql(&w, &sql);
		ids[0] = pos;
		ids[1] = pos;
		ids[2] = id;
		r = sql_whole(st, &w, &sql);
	}
	if (r == STORE_OK)
		r = count_query(st, strbuf_str(&sql), &w, stage, ids, 3, offset);
	strbuf_free(&sql);
	where_free(&w);
	return r;
}

/* The card's place and the count before it: one snapshot. */
store_status store_card_offset(store *st, int64_t id, const store_filter *f, int64_t *offset)
{
	store_status r = store_read_begin(st);

	*offset = 0;
	if (r != STORE_OK)
		return r;
	r = card_offset(st, id, f, offset);
	store_read_end(st);
	return r;
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
	strbuf_appendf(sql,
	         "SELECT o.stage, o.currency, count(*) AS n,"
	         " sum(coalesce(o.amount, 0) / " SUMMARY_SPLIT_SQL "),"
	         " sum(coalesce(o.amount, 0) %% " SUMMARY_SPLIT_SQL ")"
	         " FROM opportunity o WHERE 1%s%s"
	         " GROUP BY o.stage, o.currency ORDER BY o.stage, n DESC, o.currency",
	         strbuf_str(&w->sql), f && f->stage >= 0 ? " AND o.stage = ?" : "");
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
	if (check_filter(st, f) != STORE_OK)
		return STORE_INVALID;
	/* The filter's own reads and the summary: one snapshot. */
	if ((r = store_read_begin(st)) != STORE_OK)
		return r;
	if (store_filter_is_all(f)) {
		r = store_prepare(st, SUMMARY_SQL, &s);
	} else {
		r = filter_where(st, f, WHERE_ALL, &w);
		if (r == STORE_OK) {
			summary_sql(&w, f, &sql);
			r = sql_whole(st, &w, &sql);
		}
		if (r == STORE_OK)
			r = store_prepare(st, strbuf_str(&sql), &s);
		if (r == STORE_OK) {
			int i = where_bind(s, &w, 1);

			if (f->stage >= 0)
				store_bind_text(s, i, pipeline_stage_slug((pipeline_stage)f->stage));
		}
	}
	if (r == STORE_OK) {
		r = summary_read(st, s, out);
		store_release(st, s);
	}
	strbuf_free(&sql);
	where_free(&w);
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
	r = sql_whole(st, w, &sql);
	if (r == STORE_OK)
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return STORE_ERROR;
	store_bind_text(s, 1, pipeline_stage_slug(stage));
	where_bind(s, w, 2);
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
	store_status ok = sql_whole(st, w, &sql);
	if (ok == STORE_OK)
		ok = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (ok != STORE_OK)
		return STORE_ERROR;
	where_bind(s, w, 1);
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

	if (check_filter(st, f) != STORE_OK)
		return STORE_INVALID;
	store_status r = store_read_begin(st);
	if (r != STORE_OK)
		return r;
	r = filter_where(st, f, WHERE_ALL, &w);
	if (r == STORE_OK && (!f || f->stage < 0))
		r = list_check_stages(st, &w);
	for (int i = 0; i < PIPELINE_STAGE_COUNT && !stop && r == STORE_OK; i++) {
		if (f && f->stage >= 0 && f->stage != i)
			continue;
		r = list_stage(st, (pipeline_stage)i, &w, cb, ctx, &stop);
	}
	where_free(&w);
	store_read_end(st);
	return r;
}

/* ---- query plans (tests) ---------------------------------------------- */

static store_status explain(store *st, const char *sql, char *out, size_t outsz)
{
	strbuf q = STRBUF_INIT, plan = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	strbuf_appendf(&q, "EXPLAIN QUERY PLAN %s", sql);
	store_status r = sql_whole(st, NULL, &q);
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

/* The plan of a column query that build_sql writes for filter f. */
static store_status plan_column(store *st, const store_filter *f,
                                void (*build_sql)(const where *, strbuf *), char *out,
                                size_t outsz)
{
	strbuf sql = STRBUF_INIT;
	where w;

	store_status r = filter_where(st, f, WHERE_COLUMN, &w);
	if (r == STORE_OK) {
		build_sql(&w, &sql);
		r = sql_whole(st, &w, &sql);
	}
	if (r == STORE_OK)
		r = explain(st, strbuf_str(&sql), out, outsz);
	strbuf_free(&sql);
	where_free(&w);
	return r;
}

store_status store_internal_plan_cards(store *st, pipeline_stage stage, const store_filter *f,
                                       char *out, size_t outsz)
{
	(void)stage; /* the plan is the same for every stage */
	return plan_column(st, f, cards_sql, out, outsz);
}

store_status store_internal_plan_offset(store *st, const store_filter *f, char *out,
                                        size_t outsz)
{
	return plan_column(st, f, offset_sql, out, outsz);
}

store_status store_internal_plan_summary(store *st, const store_filter *f, char *out,
                                         size_t outsz)
{
	strbuf sql = STRBUF_INIT;
	where w;

	if (store_filter_is_all(f))
		return explain(st, SUMMARY_SQL, out, outsz);
	store_status r = filter_where(st, f, WHERE_ALL, &w);
	if (r == STORE_OK) {
		summary_sql(&w, f, &sql);
		r = sql_whole(st, &w, &sql);
	}
	if (r == STORE_OK)
		r = explain(st, strbuf_str(&sql), out, outsz);
	strbuf_free(&sql);
	where_free(&w);
	return r;
}
