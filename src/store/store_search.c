/*
 * store_search: what makes the board's filters cost the cards they find.
 *
 * - opportunity_search, an FTS5 trigram index of each opportunity's folded
 *   title and client (rowid = opportunity id): a substring of three or more
 *   characters is a phrase MATCH on it.
 * - owner_key and client_key, the folded owner and client, indexed with
 *   (stage, position): a whole-value filter is an index range.
 *
 * The owner key also lists the owners for the board's owner filter
 * (store_owners): one index seek per owner.
 *
 * All of it is written by this C code (text_fold), in the transaction of
 * the add or edit that changes the title, client or owner: the schema never
 * calls embudo_fold, so the sqlite3 shell can still write the file. What the
 * shell (or anything but embudo) inserts or changes is marked by plain-SQL
 * triggers in search_stale; while that table holds a row the filters read
 * the rows themselves (slower, never wrong), and the next open or write
 * indexes the marked rows again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Rows indexed per batch when the whole table is (migration, repair):
 * never all in memory. */
#define SEARCH_BATCH 512
#define SEARCH_BATCH_SQL "512"

/* Runs s (prepared and bound) to its end and releases it. */
static store_status run_index_stmt(store *st, sqlite3_stmt *s)
{
	store_status r = STORE_OK;

	if (sqlite3_step(s) != SQLITE_DONE)
		r = store_sql_fail(st, "indexing an opportunity");
	store_release(st, s);
	return r;
}

/* Indexes one row from its raw values (NULL title: the row is gone). */
static store_status index_values(store *st, int64_t id, const char *title, const char *client,
                                 const char *owner)
{
	char *ft = NULL, *fc = NULL, *fo = NULL;
	sqlite3_stmt *s;
	store_status r = STORE_OK;

	if (title) {
		ft = text_fold_dup(title);
		fc = text_fold_dup(client ? client : "");
		fo = text_fold_dup(owner ? owner : "");
		if (!ft || !fc || !fo) {
			r = store_fail(st, STORE_ERROR, "out of memory");
			goto done;
		}
		r = store_prepare(st, "UPDATE opportunity SET owner_key = ?, client_key = ? WHERE id = ?",
		                  &s);
		if (r != STORE_OK)
			goto done;
		store_bind_text(s, 1, fo);
		store_bind_text(s, 2, fc);
		sqlite3_bind_int64(s, 3, id);
		r = run_index_stmt(st, s);
		if (r != STORE_OK)
			goto done;
		r = store_prepare(st, "INSERT OR REPLACE INTO opportunity_search (rowid, title, client)"
		                      " VALUES (?, ?, ?)", &s);
		if (r != STORE_OK)
			goto done;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, ft);
		store_bind_text(s, 3, fc);
	} else {
		r = store_prepare(st, "DELETE FROM opportunity_search WHERE rowid = ?", &s);
		if (r != STORE_OK)
			goto done;
		sqlite3_bind_int64(s, 1, id);
	}
	r = run_index_stmt(st, s);
	if (r != STORE_OK)
		goto done;
	r = store_prepare(st, "DELETE FROM search_stale WHERE id = ?", &s);
	if (r != STORE_OK)
		goto done;
	sqlite3_bind_int64(s, 1, id);
	r = run_index_stmt(st, s);
done:
	free(ft);
	free(fc);
	free(fo);
	return r;
}

store_status store_search_index(store *st, int64_t id)
{
	sqlite3_stmt *s;
	char *title = NULL, *client = NULL, *owner = NULL;
	store_status r;
	int rc;

	if (store_prepare(st, "SELECT title, client, owner FROM opportunity WHERE id = ?", &s)
	    != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		title = store_column_dup(s, 0);
		client = store_column_dup(s, 1);
		owner = store_column_dup(s, 2);
		if (!title) /* NULL only through a foreign write: index as empty */
			title = strdup("");
	}
	store_release(st, s);
	if (rc == SQLITE_ROW && !title)
		r = store_fail(st, STORE_ERROR, "out of memory");
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = store_sql_fail(st, "indexing an opportunity");
	else
		r = index_values(st, id, title, client, owner);
	free(title);
	free(client);
	free(owner);
	return r;
}

/* One batch of ids from sql (a single ? bound to the last id seen,
 * ordered, limited to SEARCH_BATCH), indexed one by one. */
static store_status index_batch(store *st, const char *sql, int64_t *after, int *n)
{
	int64_t ids[SEARCH_BATCH];
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	*n = 0;
	if (store_prepare(st, sql, &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, *after);
	while (*n < SEARCH_BATCH && (rc = sqlite3_step(s)) == SQLITE_ROW)
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	store_release(st, s);
	if (*n < SEARCH_BATCH && rc != SQLITE_DONE)
		return store_sql_fail(st, "indexing the opportunities");
	for (int i = 0; i < *n; i++) {
		store_status r = store_search_index(st, ids[i]);

		if (r != STORE_OK)
			return r;
	}
	if (*n)
		*after = ids[*n - 1];
	return STORE_OK;
}

static store_status index_all(store *st, const char *sql)
{
	int64_t after = INT64_MIN;
	int n;

	do {
		store_status r = index_batch(st, sql, &after, &n);

		if (r != STORE_OK)
			return r;
	} while (n == SEARCH_BATCH);
	return STORE_OK;
}

store_status store_search_fill(store *st)
{
	return index_all(st, "SELECT id FROM opportunity WHERE id > ? ORDER BY id LIMIT " SEARCH_BATCH_SQL);
}

store_status store_search_stale(store *st, bool *any)
{
	sqlite3_stmt *s;
	int rc;

	*any = false;
	if (store_prepare(st, "SELECT EXISTS (SELECT 1 FROM search_stale)", &s) != STORE_OK)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*any = sqlite3_column_int(s, 0) != 0;
	store_release(st, s);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "reading the search index");
}

store_status store_search_repair_tx(store *st)
{
	bool any = false;
	store_status r = store_search_stale(st, &any);

	if (r != STORE_OK || !any)
		return r;
	return index_all(st, "SELECT id FROM search_stale WHERE id > ? ORDER BY id LIMIT " SEARCH_BATCH_SQL);
}

store_status store_search_repair(store *st)
{
	bool any = false;
	store_status r = store_search_stale(st, &any);

	if (r != STORE_OK || !any)
		return r;
	if ((r = store_tx_begin(st)) != STORE_OK)
		return r;
	r = store_search_repair_tx(st);
	if (r == STORE_OK)
		return store_tx_commit(st);
	store_tx_rollback(st);
	return r;
}

size_t store_search_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

char *store_search_phrase(const char *folded)
{
	size_t len = 2, k = 0;
	char *out;

	for (const char *p = folded; *p; p++)
		len += *p == '"' ? 2 : 1;
	if (!(out = malloc(len + 1)))
		return NULL;
	out[k++] = '"';
	for (const char *p = folded; *p; p++) {
		if (*p == '"')
			out[k++] = '"';
		out[k++] = *p;
	}
	out[k++] = '"';
	out[k] = '\0';
	return out;
}

/* ---- a text filter's matches, kept ------------------------------------------ */

/* The filter's fields as one string: each absent (-) or its length and
 * text, so that no two filters read the same. NULL when out of memory. */
static char *hits_signature(const store_filter *f)
{
	const char *v[] = { f->owner, f->line, f->client, f->text };
	strbuf b = STRBUF_INIT;

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (v[i])
			strbuf_appendf(&b, "%zu:%s", strlen(v[i]), v[i]);
		else
			strbuf_append(&b, "-");
	}
	strbuf_append(&b, f->include_deleted ? "+" : "-");
	return strbuf_take(&b);
}

/* Keyed by the column order, so a column's window is read from it in
 * order and a card's place is one seek. */
static const char HITS_TABLE[] =
	"CREATE TEMP TABLE IF NOT EXISTS embudo_hit (stage TEXT NOT NULL, position INTEGER NOT NULL,"
	" id INTEGER NOT NULL, currency TEXT NOT NULL, amount INTEGER,"
	" PRIMARY KEY (stage, position, id)) WITHOUT ROWID";

/* The matches found from the index (the phrase is the first parameter)
 * and every other field of the filter read on their rows. */
static void hits_sql(const store_where *w, strbuf *sql)
{
	strbuf_appendf(sql,
	               "INSERT INTO temp.embudo_hit (stage, position, id, currency, amount)"
	               " SELECT o.stage, o.position, o.id, o.currency, o.amount"
	               " FROM opportunity_search JOIN opportunity o ON o.id = opportunity_search.rowid"
	               " WHERE opportunity_search MATCH ?%s LIMIT %d",
	               strbuf_str(&w->sql), STORE_HITS_MAX + 1);
}

/* Whether this connection may only read (PRAGMA query_only): its own temp
 * table is written all the same, the pragma lifted for that statement. */
static store_status query_only(store *st, bool *on)
{
	sqlite3_stmt *s;
	int rc;

	*on = false;
	if (store_prepare(st, "PRAGMA query_only", &s) != STORE_OK)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*on = sqlite3_column_int(s, 0) != 0;
	store_release(st, s);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "reading the connection's mode");
}

/* Finds the matches into the emptied table; *n of them (at most
 * STORE_HITS_MAX + 1: more are not looked for). */
static store_status hits_fill(store *st, const store_filter *f, const char *phrase, int64_t *n)
{
	strbuf sql = STRBUF_INIT;
	store_where w;
	sqlite3_stmt *s;
	store_status r;

	*n = 0;
	if (!st->hits_table) {
		if ((r = store_exec(st, HITS_TABLE)) != STORE_OK)
			return r;
		st->hits_table = true;
	}
	if ((r = store_exec(st, "DELETE FROM temp.embudo_hit")) != STORE_OK)
		return r;
	r = store_where_build(st, f, STORE_WHERE_KEEP, &w);
	if (r == STORE_OK) {
		hits_sql(&w, &sql);
		r = store_sql_whole(st, &w, &sql);
	}
	if (r == STORE_OK)
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r == STORE_OK) {
		store_bind_text(s, 1, phrase);
		store_where_bind(s, &w, 2);
		if (sqlite3_step(s) == SQLITE_DONE)
			*n = sqlite3_changes64(st->db);
		else
			r = store_sql_fail(st, "searching");
		store_release(st, s);
	}
	store_where_free(&w);
	/* Too many to keep: the table is emptied again, the queries read
	 * the index or the rows. */
	if (r == STORE_OK && *n > STORE_HITS_MAX)
		r = store_exec(st, "DELETE FROM temp.embudo_hit");
	return r;
}

void store_search_hits_forget(store *st)
{
	free(st->hits_filter);
	st->hits_filter = NULL;
	st->hits_kept = false;
}

store_status store_search_hits(store *st, const store_filter *f, const char *phrase, bool *kept)
{
	int64_t dv, n = 0;
	bool locked = false;
	char *sig = hits_signature(f);
	store_status r;

	*kept = false;
	if (!sig)
		return store_fail(st, STORE_ERROR, "out of memory");
	/* Inside the caller's snapshot: the version it reads. */
	if ((r = store_data_version(st, &dv)) != STORE_OK) {
		free(sig);
		return r;
	}
	if (st->hits_filter && strcmp(st->hits_filter, sig) == 0 && st->hits_data_version == dv
	    && st->hits_changes == sqlite3_total_changes64(st->db)) {
		free(sig);
		*kept = st->hits_kept;
		return STORE_OK;
	}
	store_search_hits_forget(st);
	r = query_only(st, &locked);
	if (r == STORE_OK && locked)
		r = store_exec(st, "PRAGMA query_only=0");
	if (r == STORE_OK) {
		r = hits_fill(st, f, phrase, &n);
		if (locked && store_exec(st, "PRAGMA query_only=1") != STORE_OK && r == STORE_OK)
			r = STORE_ERROR;
	}
	if (r != STORE_OK) {
		free(sig);
		return r;
	}
	st->hits_filter = sig;
	st->hits_kept = *kept = n <= STORE_HITS_MAX;
	st->hits_data_version = dv;
	st->hits_changes = sqlite3_total_changes64(st->db); /* its own rows counted */
	return STORE_OK;
}

store_status store_internal_plan_hits(store *st, const store_filter *f, char *out, size_t outsz)
{
	strbuf sql = STRBUF_INIT;
	store_where w;
	store_status r = store_where_build(st, f, STORE_WHERE_KEEP, &w);

	if (r == STORE_OK && !st->hits_table && (r = store_exec(st, HITS_TABLE)) == STORE_OK)
		st->hits_table = true;
	if (r == STORE_OK) {
		hits_sql(&w, &sql);
		r = store_sql_whole(st, &w, &sql);
	}
	if (r == STORE_OK)
		r = store_explain(st, strbuf_str(&sql), out, outsz);
	strbuf_free(&sql);
	store_where_free(&w);
	return r;
}

void store_owners_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

store_status store_owners(store *st, char ***names, int *n)
{
	sqlite3_stmt *s;
	bool stale = false;
	char **v = NULL;
	int cap = 0, rc;
	store_status r = STORE_OK;

	*names = NULL;
	*n = 0;
	if (store_search_stale(st, &stale) != STORE_OK)
		return STORE_ERROR;
	if (store_prepare(st, stale ? STORE_OWNERS_STALE_SQL : STORE_OWNERS_SQL, &s) != STORE_OK)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			int grown = cap ? cap * 2 : 32;
			char **g = realloc(v, sizeof *g * (size_t)grown);

			if (!g) {
				r = store_fail(st, STORE_ERROR, "out of memory");
				break;
			}
			v = g;
			cap = grown;
		}
		if (!(v[*n] = store_column_dup(s, 0))) {
			r = store_fail(st, STORE_ERROR, "out of memory");
			break;
		}
		(*n)++;
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = store_sql_fail(st, "listing the owners");
	store_release(st, s);
	if (r != STORE_OK) {
		store_owners_free(v, *n);
		*n = 0;
		return r;
	}
	*names = v;
	return STORE_OK;
}
