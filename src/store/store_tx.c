/*
 * store_tx: write transactions (with the busy retry), history rows, version
 * checks and the small SQL and validation helpers every write uses.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"
#include "util/text.h"

int64_t store_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void store_pause_briefly(void)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };

	nanosleep(&pause, NULL);
}

char *store_printf(const char *fmt, ...)
{
	va_list ap;
	char *out;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(out = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return out;
}

store_status store_exec(store *st, const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_sql_fail(st, "writing");
	return STORE_OK;
}

store_status store_prepare(store *st, const char *sql, sqlite3_stmt **out)
{
	store_cached *slot = NULL;

	*out = NULL;
	if (st->query_hook)
		st->query_hook(st->query_hook_ctx);
	for (int i = 0; i < STORE_STMT_CACHE; i++) {
		store_cached *c = &st->cache[i];

		if (c->sql && !c->in_use && strcmp(c->sql, sql) == 0) {
			c->in_use = true;
			c->used = ++st->cache_tick;
			*out = c->stmt;
			return STORE_OK;
		}
		/* A free slot, else the least recently used idle one. */
		if (!c->in_use && (!slot || (slot->sql && (!c->sql || c->used < slot->used))))
			slot = c;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return store_sql_fail(st, "preparing a query");
	}
	if (slot) {
		char *copy = strdup(sql);

		if (!copy)
			return STORE_OK; /* uncached: store_release finalizes it */
		if (slot->sql) {
			sqlite3_finalize(slot->stmt);
			free(slot->sql);
		}
		slot->sql = copy;
		slot->stmt = *out;
		slot->in_use = true;
		slot->used = ++st->cache_tick;
	}
	return STORE_OK;
}

void store_release(store *st, sqlite3_stmt *s)
{
	if (!s)
		return;
	for (int i = 0; i < STORE_STMT_CACHE; i++) {
		store_cached *c = &st->cache[i];

		if (c->stmt == s && c->sql) {
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			c->in_use = false;
			return;
		}
	}
	sqlite3_finalize(s);
}

void store_cache_clear(store *st)
{
	for (int i = 0; i < STORE_STMT_CACHE; i++) {
		store_cached *c = &st->cache[i];

		if (c->sql) {
			sqlite3_finalize(c->stmt);
			free(c->sql);
		}
		memset(c, 0, sizeof *c);
	}
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (!v)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

char *store_column_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	return v ? strdup((const char *)v) : NULL;
}

void store_column_copy(sqlite3_stmt *s, int i, char *out, size_t outsz)
{
	const unsigned char *v = sqlite3_column_text(s, i);
	size_t n = v ? strlen((const char *)v) : 0;

	if (outsz == 0)
		return;
	if (n >= outsz)
		n = outsz - 1;
	if (n)
		memcpy(out, v, n);
	out[n] = '\0';
}

/* BEGIN IMMEDIATE takes the write lock before anything is read, so the
 * state the rules are asked about cannot change before the commit. SQLite
 * waits busy_timeout_ms itself; past that we keep trying up to
 * busy_total_ms, because another embudo merely writing must never look
 * like a failure. A read-only store never starts one (STORE_READONLY). */
store_status store_tx_begin(store *st)
{
	int64_t start = store_monotonic_ms();
	int rc;

	if (store_readonly(st))
		return store_read_only(st);
	if (st->read_depth > 0 && st->read_owned)
		return store_fail(st, STORE_ERROR,
		                  "internal error: a write inside a read snapshot; nothing was changed");
	if (st->bulk) {
		store_status r = store_exec(st, "SAVEPOINT embudo_op");
		if (r == STORE_OK)
			store_tx_clock(st);
		return r;
	}
	for (;;) {
		rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			store_tx_clock(st);
			return STORE_OK;
		}
		if ((rc & 0xff) != SQLITE_BUSY)
			return store_sql_fail(st, "starting a transaction");
		if (store_monotonic_ms() - start >= st->busy_total_ms)
			return store_fail(st, STORE_BUSY, STORE_LOCKED_MSG);
		store_pause_briefly();
	}
}

/* A deferred transaction takes no lock until the first read, and in WAL
 * mode a reader never blocks a writer: the snapshot is simply the one the
 * first query of the read sees, kept until the end. */
store_status store_read_begin(store *st)
{
	if (st->read_depth > 0) {
		st->read_depth++;
		return STORE_OK;
	}
	st->read_owned = sqlite3_get_autocommit(st->db) != 0;
	if (st->read_owned && sqlite3_exec(st->db, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK) {
		st->read_owned = false;
		return store_sql_fail(st, "starting a read");
	}
	st->read_depth = 1;
	return STORE_OK;
}

void store_read_end(store *st)
{
	if (st->read_depth == 0 || --st->read_depth > 0)
		return;
	/* Nothing was written but this connection's own temp table of kept
	 * matches (store_search.c): COMMIT ends the snapshot. */
	if (st->read_owned && !sqlite3_get_autocommit(st->db)
	    && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		store_search_hits_forget(st); /* the kept matches went with it */
	}
	st->read_owned = false;
}

void store_internal_set_query_hook(store *st, void (*fn)(void *ctx), void *ctx)
{
	st->query_hook = fn;
	st->query_hook_ctx = ctx;
}

store_status store_tx_commit(store *st)
{
	int64_t start = store_monotonic_ms();
	int rc;

	st->tx_clock = false;
	if (st->bulk)
		return store_exec(st, "RELEASE embudo_op");
	/* The kept figures in the same transaction as the change. */
	if (st->keep_n > 0 || st->keep_oom) {
		store_status k = store_keep_flush(st);

		if (k != STORE_OK) {
			store_tx_rollback(st);
			return k;
		}
	}
	for (;;) {
		rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return STORE_OK;
		if ((rc & 0xff) != SQLITE_BUSY || store_monotonic_ms() - start >= st->busy_total_ms) {
			store_status s = store_sql_fail(st, "committing");

			store_tx_rollback(st);
			return s;
		}
		store_pause_briefly();
	}
}

void store_tx_rollback(store *st)
{
	st->tx_clock = false;
	/* A text filter's matches kept meanwhile (temp.embudo_hit) are undone
	 * with the rest: kept no more. */
	store_search_hits_forget(st);
	if (st->bulk) {
		sqlite3_exec(st->db, "ROLLBACK TO embudo_op; RELEASE embudo_op", NULL, NULL, NULL);
		return;
	}
	store_keep_clear(st);
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Every change bumps its card's version; a card placed in a column goes
 * to its end. */
static const char SQL_BUMP[] = "UPDATE opportunity SET version = version + 1, updated = ? WHERE id = ?";
static const char SQL_COLUMN_END[] = "SELECT coalesce(max(position), 0) + 1 FROM opportunity"
                                     " WHERE stage = ? AND deleted = 0";

void store_warm_list(store *st, const char *const *sql, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *s;

		if (store_prepare(st, sql[i], &s) == STORE_OK)
			store_release(st, s);
	}
}

/* The first commit into an empty write-ahead log writes the log's header
 * and syncs it and its folder before its own pages: two more syncs, on
 * this disk 1.5 to 7 ms. Started now, at idle, by a commit that changes
 * no data (the schema version written again: the header page), the first
 * change of the session only appends. Without waiting: another writer
 * busy now leaves it for the change itself. */
static void start_log(store *st)
{
	char sql[96];
	int busy = st->busy_timeout_ms;

	if (!sqlite3_get_autocommit(st->db) || store_file_wal_size(st->path) != 0)
		return;
	snprintf(sql, sizeof sql, "BEGIN IMMEDIATE; PRAGMA user_version = %d; COMMIT",
	         STORE_SCHEMA_VERSION);
	sqlite3_busy_timeout(st->db, 0);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_busy_timeout(st->db, busy);
}

void store_warm(store *st)
{
	static const char *const sql[] = { SQL_BUMP, SQL_COLUMN_END };

	if (!st || store_readonly(st))
		return;
	start_log(st);
	store_warm_list(st, sql, sizeof sql / sizeof sql[0]);
	store_read_warm(st);
	store_history_warm(st);
	store_move_warm(st);
	store_keep_warm(st);
}

store_status store_bump(store *st, int64_t id)
{
	char at[DATE_TS_LEN + 1];
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, SQL_BUMP, &s) != STORE_OK)
		return STORE_ERROR;
	store_timestamp(st, at);
	store_bind_text(s, 1, at);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "updating the version");
}

store_status store_tx_load(store *st, int64_t id, int64_t expect_version, bool allow_deleted,
                           store_opp *o)
{
	store_status s = store_load(st, id, false, o);

	if (s != STORE_OK)
		return s;
	if (expect_version > 0 && o->version != expect_version) {
		s = store_failed_on(st, store_fail(st, STORE_CONFLICT,
		               "opportunity %lld changed since it was read (version %lld, now %lld); "
		               "reload it and try again",
		               (long long)id, (long long)expect_version, (long long)o->version), id);
		st->fail.version = o->version;
	} else if (o->deleted && !allow_deleted) {
		s = store_failed_on(st, store_fail(st, STORE_DELETED,
		               "opportunity %lld is deleted; restore it first", (long long)id), id);
	}
	if (s != STORE_OK)
		store_opp_free(o);
	return s;
}

store_status store_column_end(store *st, pipeline_stage stage, int64_t *pos)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, SQL_COLUMN_END, &s) != STORE_OK)
		return STORE_ERROR;
	store_bind_text(s, 1, pipeline_stage_slug(stage));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*pos = sqlite3_column_int64(s, 0);
	store_release(st, s);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "finding the end of a column");
}

store_status store_check_text(store *st, const char *what, const char *s)
{
	if (s && !text_utf8_valid(s))
		return store_fail(st, STORE_INVALID, "%s is not valid UTF-8; fix its encoding", what);
	return STORE_OK;
}

store_status store_clean_text(store *st, const char *what, const char *s, bool required,
                              char **out)
{
	const char *end;

	*out = NULL;
	if (store_check_text(st, what, s) != STORE_OK)
		return STORE_INVALID;
	if (!s) {
		if (required)
			return store_fail(st, STORE_INVALID, "%s is required", what);
		return STORE_OK;
	}
	while (*s && isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (end == s && required)
		return store_fail(st, STORE_INVALID, "%s must not be empty", what);
	*out = strndup(s, (size_t)(end - s));
	if (!*out)
		return store_fail(st, STORE_ERROR, "out of memory");
	return STORE_OK;
}

store_status store_clean_date(store *st, const char *what, const char *s, char out[DATE_LEN + 1])
{
	if (!s) {
		date_today(store_clock(st), out);
		return STORE_OK;
	}
	if (!text_utf8_valid(s) || !date_valid(s))
		return store_fail(st, STORE_INVALID,
		                  "%s must be a real date written YYYY-MM-DD", what);
	memcpy(out, s, DATE_LEN);
	out[DATE_LEN] = '\0';
	return STORE_OK;
}

bool store_stage_from_slug(const char *slug, pipeline_stage *out)
{
	if (!slug)
		return false;
	for (int i = 0; i < PIPELINE_STAGE_COUNT; i++) {
		if (strcmp(slug, pipeline_stage_slug((pipeline_stage)i)) == 0) {
			*out = (pipeline_stage)i;
			return true;
		}
	}
	return false;
}

store_status store_tx_run(store *st, int64_t id, int64_t expect_version, store_tx_fn fn, void *arg)
{
	store_opp o;
	store_status r = store_tx_begin(st);

	if (r != STORE_OK)
		return r;
	r = store_tx_load(st, id, expect_version, false, &o);
	if (r == STORE_OK) {
		r = fn(st, &o, arg);
		store_opp_free(&o);
	}
	if (r == STORE_OK)
		return store_tx_commit(st);
	store_tx_rollback(st);
	return r;
}

store_status store_refuse(store *st, const pipeline_refusal *why, pipeline_refusal *out,
                          const char *doing)
{
	strbuf codes = STRBUF_INIT;
	store_status r;

	assert(why->count >= 0 && why->count <= PIPELINE_REFUSAL_MAX);
	if (why->count == 0) /* the rules could not judge: a damaged record */
		return store_fail(st, STORE_DAMAGED,
		                  "cannot %s: the card's stored state is inconsistent (the database "
		                  "is damaged); run 'embudo check' to list what is wrong, and restore "
		                  "a backup", doing);

	for (int i = 0; i < why->count; i++)
		strbuf_appendf(&codes, "%s%s", i ? ", " : "", pipeline_req_code(why->items[i]));
	if (out)
		*out = *why;
	if (strbuf_failed(&codes))
		r = store_fail(st, STORE_REFUSED, "cannot %s: the pipeline rules refuse it", doing);
	else if (pipeline_refusal_has(why, PIPELINE_REQ_MOVE_BACK_FIRST))
		r = store_fail(st, STORE_REFUSED,
		               "cannot %s: the card's stage depends on it (%s); move the card back first",
		               doing, strbuf_str(&codes));
	else
		r = store_fail(st, STORE_REFUSED, "cannot %s: missing %s", doing, strbuf_str(&codes));
	strbuf_free(&codes);
	return r;
}
