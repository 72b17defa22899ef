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
