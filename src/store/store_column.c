/*
 * store_column: a column's cards for the board, found by their keys.
 *
 * A column's order is (position, id), and the board's windows are read from
 * a card's key with a keyset condition, never with OFFSET: a window costs
 * the cards it reads wherever it is in the column. Counting the cards
 * before a key (which a window's "6-10/250" needs) costs what it counts,
 * so callers count from the nearer end, bounded.
 *
 * Each query reads the column's index in order: (stage, position) without
 * a filter, (owner_key or client_key, stage, position) with one, and the
 * kept matches of a text filter (temp.embudo_hit, keyed by stage, position
 * and id; store_search.c) with a text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/strbuf.h"

typedef store_where where;

store_key store_card_key(const store_card *c)
{
	return (store_key){ .position = c->position, .id = c->id };
}

static bool valid_stage(int s)
{
	return s >= 0 && s < PIPELINE_STAGE_COUNT;
}

/* The alias whose stage, position and id order the rows: the kept matches'
 * (h) or the opportunity's (o). */
static const char *key_alias(const where *w)
{
	return w->hits ? "h" : "o";
}

/* The keyset condition of k on alias a: the rows after (or before) the
 * key. "a.position >= ?" (<=) on its own is what lets the index bound the
 * range; the OR then passes over the rows at that very position. */
static void seek_sql(const store_seek *k, const char *a, strbuf *sql)
{
	if (!k->from)
		return;
	const char *cmp = k->backward ? "<" : ">";
	strbuf_appendf(sql, " AND %s.position %s= ? AND (%s.position %s ? OR %s.id %s%s ?)", a, cmp,
	               a, cmp, a, cmp, k->inclusive ? "=" : "");
}

static int seek_bind(sqlite3_stmt *s, const store_seek *k, int i)
{
	if (!k->from)
		return i;
	sqlite3_bind_int64(s, i++, k->from->position);
	sqlite3_bind_int64(s, i++, k->from->position);
	sqlite3_bind_int64(s, i++, k->from->id);
	return i;
}

/* A card's last activity is kept on its row (schema 6). With the kept
 * matches, they are walked in order and each card's row is found by its id
 * (CROSS JOIN: in that order). */
static void cards_sql(const where *w, pipeline_stage stage, const store_seek *k, strbuf *sql)
{
	/* The kept matches are k here. */
	const char *a = w->hits ? "k" : "o", *dir = k->backward ? " DESC" : "";

	strbuf_appendf(sql,
	               "SELECT o.id, o.version, o.position, o.title, o.client, o.owner, o.amount,"
	               " o.currency, o.stage, o.stage_since, %s, o.activity",
	               pipeline_counts_criteria(stage)
	                   ? "(SELECT count(*) FROM criterion c WHERE c.opp_id = o.id AND c.met = 1)"
	                   : "0");
	strbuf_appendf(sql, " FROM %s WHERE %s.stage = ?%s",
	               w->hits ? "temp.embudo_hit k CROSS JOIN opportunity o ON o.id = k.id"
	                       : "opportunity o",
	               a, strbuf_str(&w->sql));
	seek_sql(k, a, sql);
	strbuf_appendf(sql, " ORDER BY %s.position%s, %s.id%s LIMIT ? OFFSET ?", a, dir, a, dir);
}

static void card_from_row(sqlite3_stmt *s, pipeline_stage stage, store_card *c)
{
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
}

/* The cards read backward come nearest first: put them in column order. */
static void reverse(store_card *out, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		store_card t = out[i];

		out[i] = out[j];
		out[j] = t;
	}
}

/* A stage and a filter a column can be read with: else STORE_INVALID. */
static store_status column_check(store *st, pipeline_stage stage, const store_filter *f)
{
	if (!valid_stage((int)stage))
		return store_fail(st, STORE_INVALID, "%d is not a stage", (int)stage);
	return store_check_filter(st, f) == STORE_OK ? STORE_OK : STORE_INVALID;
}

/* What a column's query is written from: the filter's clauses and the
 * seek (each writer takes what it needs of it). */
typedef void column_sql_fn(const where *w, pipeline_stage stage, const store_seek *k, strbuf *sql);

/* Checks the stage and the filter (STORE_INVALID), then writes the query
 * under f and prepares it, or explains it into out (out non-NULL: *s is
 * not set). On success free w (store_where_free) after the statement. */
static store_status column_query(store *st, pipeline_stage stage, const store_filter *f,
                                 const store_seek *k, column_sql_fn *build, where *w,
                                 sqlite3_stmt **s, char *out, size_t outsz)
{
	strbuf sql = STRBUF_INIT;
	store_status r = column_check(st, stage, f);

	if (r != STORE_OK)
		return r;
	r = store_where_build(st, f, STORE_WHERE_COLUMN, w);
	if (r == STORE_OK) {
		build(w, stage, k, &sql);
		r = store_sql_whole(st, w, &sql);
	}
	if (r == STORE_OK)
		r = out ? store_explain(st, strbuf_str(&sql), out, outsz)
		        : store_prepare(st, strbuf_str(&sql), s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		store_where_free(w);
	return r == STORE_OK ? STORE_OK : STORE_ERROR;
}

static store_status read_cards(store *st, pipeline_stage stage, const store_filter *f,
                               const store_seek *k, int limit, store_card *out, int *n)
{
	sqlite3_stmt *s;
	where w;
	int i, rc = SQLITE_DONE;
	store_status r;

	*n = 0;
	if (limit <= 0)
		return column_check(st, stage, f);
	if ((r = column_query(st, stage, f, k, cards_sql, &w, &s, NULL, 0)) != STORE_OK)
		return r;
	store_bind_text(s, 1, pipeline_stage_slug(stage));
	i = store_where_bind(s, &w, 2);
	i = seek_bind(s, k, i);
	sqlite3_bind_int(s, i, limit);
	sqlite3_bind_int64(s, i + 1, k->skip > 0 ? k->skip : 0);
	while (*n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_card *c = &out[*n];

		card_from_row(s, stage, c);
		(*n)++;
		if (!c->title || !c->client || !c->owner) {
			r = store_fail(st, STORE_ERROR, "out of memory");
			break;
		}
	}
	if (r == STORE_OK && *n < limit && rc != SQLITE_DONE)
		r = store_sql_fail(st, "reading cards");
	store_release(st, s);
	store_where_free(&w);
	if (r != STORE_OK) {
		for (int j = 0; j < *n; j++)
			store_card_free(&out[j]);
		*n = 0;
	} else if (k->backward) {
		reverse(out, *n);
	}
	return r;
}

/* The filter's own reads and the window: one snapshot. */
store_status store_cards_seek(store *st, pipeline_stage stage, const store_filter *f,
                              const store_seek *k, int limit, store_card *out, int *n)
{
	store_status r = store_read_begin(st);

	*n = 0;
	if (r != STORE_OK)
		return r;
	r = read_cards(st, stage, f, k, limit, out, n);
	store_read_end(st);
	return r;
}

store_status store_cards(store *st, pipeline_stage stage, const store_filter *f, int64_t offset,
                         int limit, store_card *out, int *n)
{
	store_seek k = { .skip = offset };

	return store_cards_seek(st, stage, f, &k, limit, out, n);
}

/* ---- counts and places --------------------------------------------------- */

/* The cards before a key (a backward seek from it) or at and after it (a
 * forward seek including it), at most LIMIT of them. */
static void count_sql(const where *w, pipeline_stage stage, const store_seek *k, strbuf *sql)
{
	(void)stage;
	const char *a = key_alias(w);

	strbuf_appendf(sql, "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s.stage = ?%s",
	               w->hits ? "temp.embudo_hit h" : "opportunity o", a, strbuf_str(&w->sql));
	seek_sql(k, a, sql);
	strbuf_append(sql, " LIMIT ?)");
}

static store_status count_cards(store *st, pipeline_stage stage, const store_filter *f,
                                const store_key *key, bool after, int64_t most, int64_t *n)
{
	store_seek k = { .from = key, .inclusive = after, .backward = !after };
	sqlite3_stmt *s;
	where w;
	int rc;

	*n = 0;
	store_status r = column_query(st, stage, f, &k, count_sql, &w, &s, NULL, 0);
	if (r != STORE_OK)
		return r;
	store_bind_text(s, 1, pipeline_stage_slug(stage));
	int i = seek_bind(s, &k, store_where_bind(s, &w, 2));
	sqlite3_bind_int64(s, i, most < 0 ? -1 : most);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	store_release(st, s);
	store_where_free(&w);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "counting cards");
}

store_status store_cards_count(store *st, pipeline_stage stage, const store_filter *f,
                               const store_key *key, bool after, int64_t most, int64_t *n)
{
	store_status r = store_read_begin(st);

	*n = 0;
	if (r != STORE_OK)
		return r;
	r = count_cards(st, stage, f, key, after, most, n);
	store_read_end(st);
	return r;
}

/* The card's row, in that stage and under the filter: a lookup by id, and
 * with the kept matches one by their key. */
static void place_sql(const where *w, pipeline_stage stage, const store_seek *k, strbuf *sql)
{
	(void)stage;
	(void)k;
	strbuf_appendf(sql, "SELECT o.position FROM opportunity o WHERE o.id = ? AND o.stage = ?%s",
	               strbuf_str(&w->sql));
	if (w->hits)
		strbuf_append(sql, " AND EXISTS (SELECT 1 FROM temp.embudo_hit h WHERE h.stage = o.stage"
		                   " AND h.position = o.position AND h.id = o.id)");
}

static store_status card_place(store *st, int64_t id, pipeline_stage stage, const store_filter *f,
                               store_key *key, bool *in)
{
	sqlite3_stmt *s;
	where w;
	int rc;

	*in = false;
	memset(key, 0, sizeof *key);
	store_status r = column_query(st, stage, f, NULL, place_sql, &w, &s, NULL, 0);
	if (r != STORE_OK)
		return r;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, pipeline_stage_slug(stage));
	store_where_bind(s, &w, 3);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*in = true;
		key->position = sqlite3_column_int64(s, 0);
		key->id = id;
	}
	store_release(st, s);
	store_where_free(&w);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "finding a card");
}

store_status store_card_place(store *st, int64_t id, pipeline_stage stage, const store_filter *f,
                              store_key *key, bool *in)
{
	store_status r = store_read_begin(st);

	*in = false;
	if (r != STORE_OK)
		return r;
	r = card_place(st, id, stage, f, key, in);
	store_read_end(st);
	return r;
}

/* The card's column, then its place there and the cards before it. */
static store_status card_offset(store *st, int64_t id, const store_filter *f, int64_t *offset)
{
	sqlite3_stmt *s;
	pipeline_stage stage = PIPELINE_INMADURA;
	store_key key;
	bool known = false, in = false;
	int rc;

	if (store_check_filter(st, f) != STORE_OK)
		return STORE_INVALID;
	if (store_prepare(st, "SELECT stage FROM opportunity WHERE id = ?", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		known = store_stage_from_slug((const char *)sqlite3_column_text(s, 0), &stage);
	store_release(st, s);
	if (rc == SQLITE_DONE)
		return store_failed_on(st, store_fail(st, STORE_NOT_FOUND, "no opportunity %lld",
		                                      (long long)id), id);
	if (rc != SQLITE_ROW)
		return store_sql_fail(st, "finding a card");
	store_status r = known ? card_place(st, id, stage, f, &key, &in) : STORE_OK;
	if (r == STORE_OK && !in)
		r = store_failed_on(st, store_fail(st, STORE_NOT_FOUND,
		               "opportunity %lld is not shown under this filter", (long long)id), id);
	if (r == STORE_OK)
		r = count_cards(st, stage, f, &key, false, -1, offset);
	return r;
}

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

/* ---- query plans (tests) ---------------------------------------------- */

/* The plan of what build writes for filter f (its where read inside one
 * snapshot, as the queries read it). */
static store_status plan_column(store *st, const store_filter *f, const store_seek *k,
                                column_sql_fn *build, char *out, size_t outsz)
{
	where w;
	store_status r = store_read_begin(st);

	if (r != STORE_OK)
		return r;
	r = column_query(st, PIPELINE_INMADURA, f, k, build, &w, NULL, out, outsz);
	if (r == STORE_OK)
		store_where_free(&w);
	store_read_end(st);
	return r;
}

store_status store_internal_plan_seek(store *st, const store_filter *f, const store_seek *k,
                                      char *out, size_t outsz)
{
	return plan_column(st, f, k, cards_sql, out, outsz);
}

store_status store_internal_plan_cards(store *st, pipeline_stage stage, const store_filter *f,
                                       char *out, size_t outsz)
{
	store_key key = { 0, 0 };
	store_seek k = { .from = &key, .inclusive = true };

	(void)stage; /* the plan is the same for every stage */
	return store_internal_plan_seek(st, f, &k, out, outsz);
}

store_status store_internal_plan_count(store *st, const store_filter *f, bool after, char *out,
                                       size_t outsz)
{
	store_key key = { 0, 0 };
	store_seek k = { .from = &key, .inclusive = after, .backward = !after };

	return plan_column(st, f, &k, count_sql, out, outsz);
}

store_status store_internal_plan_offset(store *st, const store_filter *f, char *out,
                                        size_t outsz)
{
	return store_internal_plan_count(st, f, false, out, outsz);
}
