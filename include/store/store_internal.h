/*
 * store_internal: what the store's own files share (and its tests look at).
 * Not part of the store's contract: the CLI and the board use store.h only.
 */
#ifndef EMBUDO_STORE_INTERNAL_H
#define EMBUDO_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include <sys/types.h>
#include <time.h>

#include "store/store.h"
#include "review/facts.h"
#include "util/strbuf.h"

/* PRAGMA application_id of every embudo database: "EMBD". */
#define STORE_APPLICATION_ID 0x454D4244
/* The schema this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 6

#define STORE_ACTOR_LEN 128
#define STORE_STMT_CACHE 64

/* A prepared statement kept for reuse: the same few statements run for
 * every card, and preparing them again each time dominated bulk loads. */
typedef struct store_cached {
	char *sql;
	sqlite3_stmt *stmt;
	bool in_use;
	uint64_t used;
} store_cached;

/* What the file system says of the database file: a connection that reads
 * it as immutable (no locks, no side files) sees a change through this. */
typedef struct store_stamp {
	bool exists, wal;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
} store_stamp;

struct store {
	sqlite3 *db;
	char *path;
	char shown[512]; /* path, neutralised for messages */
	store_mode mode;
	bool readonly;  /* the user cannot write the file or its folder */
	bool immutable; /* read as ?immutable=1: no -wal existed (store_file.c) */
	store_stamp stamp;
	char actor[STORE_ACTOR_LEN];
	bool now_fixed;
	time_t now;
	/* Inside a write transaction: its one time, so that every row of one
	 * change (history rows, stage_since, updated) says the same instant. */
	bool tx_clock;
	time_t tx_now;
	int64_t data_version;
	int bulk;            /* inside store_bulk_begin/end: ops are savepoints */
	int64_t bulk_cache, bulk_temp; /* cache_size and temp_store before it */
	int busy_timeout_ms; /* sqlite's own wait for a lock */
	int busy_total_ms;   /* how long BEGIN IMMEDIATE keeps retrying in all */
	strbuf msg;         /* the last failure's message (store_fail) */
	store_failure fail; /* and what it concerned (store_last_failure) */
	store_cached cache[STORE_STMT_CACHE];
	uint64_t cache_tick;
	/* The matches of the last filter with a text, kept in the connection's
	 * temp.embudo_hit (store_search.c) for that filter and that state of
	 * the data: the search runs once, not for every query of a load. */
	char *hits_filter;  /* the filter's signature; NULL: nothing kept */
	bool hits_kept;     /* false: too many matches to keep (not kept) */
	bool hits_table;    /* temp.embudo_hit exists on this connection */
	int64_t hits_data_version, hits_changes;
	/* store_read_begin/end: how deep, and whether the outermost began a
	 * read transaction of its own (not inside a write or a bulk load). */
	int read_depth;
	bool read_owned;
	/* Opportunities whose kept figures (store_keep.c) are to be worked
	 * out again before the write transaction commits: marked by each
	 * history row that can change them, in any order, repeated. */
	int64_t *keep_ids;
	size_t keep_n, keep_cap;
	bool keep_oom; /* one could not be marked: the commit is refused */
	/* Tests only: called before every statement is prepared, so a test can
	 * commit from another connection between two queries of one read. */
	void (*query_hook)(void *ctx);
	void *query_hook_ctx;
};

/* ---- store.c: errors, clock ------------------------------------------- */

/* The lock may be held by any program (the sqlite3 shell, a backup). */
#define STORE_LOCKED_MSG "database locked for too long by another process; try again"

/* Sets the message (and a failure about nothing in particular) and
 * returns s. */
store_status store_fail(store *st, store_status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same, for a message that names the database file. */
store_status store_fail_file(store *st, store_status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Marks the last failure as concerning opportunity opp; returns s. */
store_status store_failed_on(store *st, store_status s, int64_t opp);
/* Maps the connection's last SQLite error, with a message naming what was
 * being done: busy -> STORE_BUSY, corrupt -> STORE_DAMAGED, read-only ->
 * STORE_READONLY, full or an I/O error -> store_file_full, the rest
 * STORE_ERROR. */
store_status store_sql_fail(store *st, const char *doing);
/* STORE_READONLY, saying why st cannot be written. */
store_status store_read_only(store *st);
time_t store_clock(const store *st);
/* Fixes the clock for the write transaction just begun (store_tx_begin);
 * its commit or rollback lets it run again. */
void store_tx_clock(store *st);
void store_timestamp(const store *st, char out[DATE_TS_LEN + 1]);
/* PRAGMA data_version through the statement cache: it changes when another
 * connection commits (store_changed, the text filter's selectivity). */
store_status store_data_version(store *st, int64_t *v);

/* A read-only connection to path that creates no file: shares an existing
 * -wal (SQLITE_OPEN_READONLY), else reads the file as immutable (store.c). */
int store_open_readonly_db(const char *path, bool *immutable, sqlite3 **db);

/* ---- store_file.c: the database file as the file system sees it ------- */

/* Whether path names something, and that it is a regular file (or a link
 * to one): anything else is STORE_NOT_EMBUDO, refused before SQLite opens
 * it (a FIFO would block, /dev/null would get a -journal beside it).
 * Nothing there (or a missing folder on the way): STORE_OK, *exists false. */
store_status store_file_kind(const char *path, const char *shown, bool *exists, char *err,
                             size_t errlen);
/* The same judgement on an open descriptor. */
store_status store_file_kind_fd(int fd, const char *shown, char *err, size_t errlen);
/* Whether this user may write path and create files in its folder (where
 * SQLite keeps the -wal and -shm files). */
bool store_file_writable(const char *path);
/* Whether path-wal exists. */
bool store_file_has_wal(const char *path);
/* The path of its -wal file (malloc'ed; NULL: out of memory). */
char *store_file_wal_path(const char *path);
/* The size of its -wal file; -1 when there is none. */
off_t store_file_wal_size(const char *path);
void store_file_stamp(const char *path, store_stamp *out);
bool store_file_stamp_equal(const store_stamp *a, const store_stamp *b);
/* After a failed write (SQLITE_FULL or an I/O error, rc): STORE_FULL with
 * a message saying whether the disk is full or the file-size limit
 * (ulimit -f) was reached; STORE_ERROR when neither explains it and rc is
 * not SQLITE_FULL. */
store_status store_file_full(store *st, int rc, const char *doing);

/* ---- store_tx.c: transactions and small SQL helpers -------------------- */

/* BEGIN IMMEDIATE, retrying while another process holds the write lock
 * (up to busy_total_ms); a savepoint inside a bulk load. */
store_status store_tx_begin(store *st);
store_status store_tx_commit(store *st);
void store_tx_rollback(store *st);
/* One statement without results. */
store_status store_exec(store *st, const char *sql);
/* A statement for sql, from the cache when one is free. Give it back with
 * store_release (never sqlite3_finalize). */
store_status store_prepare(store *st, const char *sql, sqlite3_stmt **out);
/* Resets a statement from store_prepare for reuse (finalizes it when it
 * was not cached). NULL is fine. */
void store_release(store *st, sqlite3_stmt *s);
/* Finalizes every cached statement (before closing). */
void store_cache_clear(store *st);

/* Prepares each of sql[0..n) into the statement cache, ready for use
 * (store_warm); a statement that fails to prepare is left to fail again
 * where it runs. */
void store_warm_list(store *st, const char *const *sql, size_t n);
/* Each module's part of store_warm: the statements of its writes. */
void store_read_warm(store *st);
void store_history_warm(store *st);
void store_move_warm(store *st);
void store_keep_warm(store *st);
/* A formatted string on the heap (NULL when out of memory): history texts
 * hold user text of any length, which a fixed buffer would cut, possibly
 * in the middle of a UTF-8 character. */
char *store_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Milliseconds on the monotonic clock, and the pause between two tries of
 * a locked database. */
int64_t store_monotonic_ms(void);
void store_pause_briefly(void);
/* Binds a C string, NULL as SQL NULL. */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Duplicates column i (NULL stays NULL). */
char *store_column_dup(sqlite3_stmt *s, int i);
/* Copies column i into a fixed buffer ("" when NULL). */
void store_column_copy(sqlite3_stmt *s, int i, char *out, size_t outsz);

/* ---- store_history.c: the history rows ------------------------------- */

/* An event of kind k with every typed field "none" and typed true; the
 * writer fills what applies (store.h, "history"). */
void store_event_init(store_event *e, review_event_kind k);
/* Appends e as a history row of opp, its text and typed columns in one
 * INSERT, stamped with the store's clock and actor (e->at and e->who are
 * not read). e->what NULL: the kind's own word (review_event_what). */
store_status store_log_event(store *st, int64_t opp, const store_event *e);
/* The history columns in the order store_event_from_row reads them. */
#define STORE_HISTORY_COLUMNS \
	"id, opp_id, at, who, what, field, old_value, new_value, note, stage_from, stage_to," \
	" through, evidence, item_id, amount, currency, old_amount, old_currency, reason"
/* Fills e from a row of STORE_HISTORY_COLUMNS (the text pointers valid
 * until the statement moves on). When its typed columns do not say what
 * its kind needs (a row the upgrade could not read, or a value no embudo
 * writes), e->typed is false and why says what is wrong. */
void store_event_from_row(sqlite3_stmt *s, store_event *e, char *why, size_t whysz);
/* Schema 6: every card's kept last activity (opportunity.activity) filled
 * from its history, inside the migration's transaction. */
store_status store_activity_fill(store *st);
/* The cards whose kept last activity is not their history's newest
 * activity row, in id order: fn(ctx, id, kept, from the history) (either
 * NULL when there is none) until it returns false (embudo check). */
typedef bool (*store_activity_fn)(void *ctx, int64_t id, const char *kept, const char *history);
store_status store_activity_check(store *st, store_activity_fn fn, void *ctx);
/* version + 1, updated = now. */
store_status store_bump(store *st, int64_t id);
/* Inside a write transaction: loads the card, checking it exists, is live
 * (unless allow_deleted) and still has expect_version (when > 0). */
store_status store_tx_load(store *st, int64_t id, int64_t expect_version,
                           bool allow_deleted, store_opp *o);
/* A write on one card: begin, load (live, version checked), fn, commit;
 * any failure of fn rolls everything back. fn bumps the version itself
 * when it changed something. */
typedef store_status (*store_tx_fn)(store *st, store_opp *o, void *arg);
store_status store_tx_run(store *st, int64_t id, int64_t expect_version, store_tx_fn fn,
                          void *arg);
/* STORE_REFUSED with a message listing the codes of `why` after `doing`;
 * copies the refusal into out when out is not NULL. */
store_status store_refuse(store *st, const pipeline_refusal *why, pipeline_refusal *out,
                          const char *doing);
/* The end of a column: max(position) + 1 among live cards of stage. */
store_status store_column_end(store *st, pipeline_stage stage, int64_t *pos);

/* ---- validation (store_tx.c) ------------------------------------------ */

/* Refuses invalid UTF-8 in s (NULL is fine), naming `what`. */
store_status store_check_text(store *st, const char *what, const char *s);
/* Trimmed copy of s, refusing NULL/empty/invalid when required. *out is
 * malloc'd (NULL when s is NULL and not required). */
store_status store_clean_text(store *st, const char *what, const char *s,
                              bool required, char **out);
/* A date argument: NULL means today; else must be valid. */
store_status store_clean_date(store *st, const char *what, const char *s,
                              char out[DATE_LEN + 1]);

/* ---- names ------------------------------------------------------------ */

/* Slug back to the enum (names are the pipeline module's). */
bool store_stage_from_slug(const char *slug, pipeline_stage *out);

/* ---- store_read.c ------------------------------------------------------ */

/* The opportunity columns, in the order store_opp_from_row reads them. */
#define STORE_OPP_COLUMNS \
	"o.id, o.version, o.position, o.title, o.client, o.line, o.owner, o.amount," \
	" o.currency, o.close_date, o.stage, o.lost_from, o.loss_reason, o.loss_note," \
	" o.created, o.updated, o.stage_since, o.deleted, o.activity"
/* Loads the evidence (and with `derived` the derived figures, such as
 * existing_client) of an opportunity whose own row is already in o. Frees
 * o on failure. */
store_status store_opp_complete(store *st, store_opp *o, bool derived);
/* store_get, with or without the derived figures (writes need none). */
store_status store_load(store *st, int64_t id, bool derived, store_opp *out);
/* STORE_DAMAGED (about opportunity id) for a row whose `column` ("stage",
 * "lost-from stage", "loss reason", "commitment kind", "delivery scope")
 * holds value, which no embudo writes: the file was changed by something
 * else than embudo, and the row is reported, never shown as another stage,
 * kind or scope, nor hidden. */
store_status store_bad_value(store *st, int64_t id, const char *column, const char *value);
/* Reads a row of STORE_OPP_COLUMNS and completes it. Frees o on failure
 * (STORE_DAMAGED for an unknown stage, see store_bad_value). */
store_status store_opp_from_row(store *st, sqlite3_stmt *s, store_opp *o);

/* ---- store_schema.c ---------------------------------------------------- */

/* Creates or upgrades the schema from version `from` to
 * STORE_SCHEMA_VERSION. Runs inside the caller's transaction. */
store_status store_schema_migrate(store *st, int from);

/* ---- store_keep.c: the review's kept figures (schema 5) -------------- */

/* Marks opportunity id for store_keep_flush. */
void store_keep_mark(store *st, int64_t id);
/* Forgets the marks (the transaction was rolled back). */
void store_keep_clear(store *st);
/* Works out again the kept figures of every marked opportunity, inside the
 * write transaction about to commit, and forgets the marks. */
store_status store_keep_flush(store *st);
/* Fills the kept figures of every opportunity from its history: the
 * migration to schema 5, inside its transaction. */
store_status store_keep_fill(store *st);

/* What the figures of one opportunity are from its history now: its fact
 * row (has_fact false when it is not live) and its figure rows, as the
 * kept tables should hold them (embudo check compares). */
typedef struct store_keep_row {
	review_fig_row fig;
	char currency[MONEY_CODE_LEN + 1]; /* "" unless valued */
	int64_t amount;
} store_keep_row;
typedef struct store_keep_fact {
	bool has_fact;
	int stage;
	int64_t since;
	char close[DATE_LEN + 1];       /* "" for NULL */
	int64_t slips;                  /* 0 for NULL */
	char first_close[DATE_LEN + 1]; /* "" for NULL */
	int awaiting;                   /* -1 for NULL */
	store_keep_row *rows;           /* malloc'ed */
	size_t nrows;
} store_keep_fact;
store_status store_keep_compute(store *st, int64_t id, store_keep_fact *out);
void store_keep_fact_free(store_keep_fact *f);
/* embudo check: every opportunity's kept facts and figure rows against
 * what its history gives now, report_sum against a recount of
 * report_figure, forecast_month against the opportunities. Each problem
 * goes to fn (opp 0 for none); fn returns false to stop. */
typedef bool (*store_keep_problem_fn)(void *ctx, int64_t opp, const char *text);
store_status store_keep_check(store *st, store_keep_problem_fn fn, void *ctx);
/* The UTC day of a unix time (floor). */
int64_t store_keep_day(int64_t at);
/* report_sum's levels: day, month, year (store_schema.c, version 5), and
 * the buckets of a unix time in each. */
#define STORE_SUM_LEVELS 3
void store_keep_buckets(int64_t at, int64_t bucket[STORE_SUM_LEVELS]);
/* report_sum's month and year of a UTC day number `d`, in SQL: the same
 * proleptic Gregorian calendar as date_day_civil. */
#define STORE_SUM_MONTH_OF(d) \
	"(CAST(strftime('%Y', " d " * 86400, 'unixepoch') AS INTEGER) * 12" \
	" + CAST(strftime('%m', " d " * 86400, 'unixepoch') AS INTEGER) - 1)"
#define STORE_SUM_YEAR_OF(d) "CAST(strftime('%Y', " d " * 86400, 'unixepoch') AS INTEGER)"
/* report_sum as report_figure adds up: a common table "d" (report_figure
 * per day) and the select of every level's rows from it (level, bucket,
 * what, stage, reason, days, advanced, currency, count, amount_hi,
 * amount_lo); "WITH " STORE_SUM_DAYS_CTE " " STORE_SUM_RECOUNT_SELECT. */
#define STORE_SUM_DAYS_CTE \
	"d AS (SELECT day, what, stage, reason, days, advanced, currency, count(*) AS n," \
	" sum(amount / " STORE_SUMMARY_SPLIT_SQL ") AS hi, sum(amount % " STORE_SUMMARY_SPLIT_SQL \
	") AS lo FROM report_figure GROUP BY 1, 2, 3, 4, 5, 6, 7)"
#define STORE_SUM_RECOUNT_SELECT \
	"SELECT 0, day, what, stage, reason, days, advanced, currency, n, hi, lo FROM d" \
	" UNION ALL SELECT 1, " STORE_SUM_MONTH_OF("day") ", what, stage, reason, days, advanced," \
	" currency, sum(n), sum(hi), sum(lo) FROM d GROUP BY 2, 3, 4, 5, 6, 7, 8" \
	" UNION ALL SELECT 2, " STORE_SUM_YEAR_OF("day") ", what, stage, reason, days, advanced," \
	" currency, sum(n), sum(hi), sum(lo) FROM d GROUP BY 2, 3, 4, 5, 6, 7, 8"
#define STORE_SUM_FILL_SQL \
	"WITH " STORE_SUM_DAYS_CTE " INSERT INTO report_sum (level, bucket, what, stage, reason," \
	" days, advanced, currency, count, amount_hi, amount_lo) " STORE_SUM_RECOUNT_SELECT

/* ---- store_upgrade.c: typed history for the rows before schema 4 ------ */

/* Fills the typed columns of every history row from its text (the one
 * place that reads it), inside the migration's transaction, with the
 * append-only trigger dropped. A row whose text cannot be read whole, or
 * does not agree with the evidence it names, keeps them NULL (`embudo
 * check` lists it); nothing is guessed. */
store_status store_upgrade_history(store *st);

/* ---- store_search.c: the filters' indexes ------------------------------ */

/* Folded owner_key/client_key and the opportunity_search row of id, from
 * its row now (removed when the row is gone), and its search_stale mark
 * cleared. Inside the write transaction that changed title, client or
 * owner. */
store_status store_search_index(store *st, int64_t id);
/* Indexes every row, a batch at a time (the migration to version 3). */
store_status store_search_fill(store *st);
/* Whether any row is marked stale (written by something else than embudo:
 * the filters must then read the rows themselves). */
store_status store_search_stale(store *st, bool *any);
/* Indexes the stale rows again: inside a write transaction, or in one of
 * its own. */
store_status store_search_repair_tx(store *st);
store_status store_search_repair(store *st);
/* store_owners' statement: each distinct owner_key found by one index
 * seek from the one before (a skip scan), with the name on one of its live
 * cards (none: only deleted cards, left out). */
#define STORE_OWNERS_SQL \
	"WITH RECURSIVE k(key) AS (" \
	" SELECT (SELECT min(owner_key) FROM opportunity WHERE owner_key > '')" \
	" UNION ALL" \
	" SELECT (SELECT min(owner_key) FROM opportunity WHERE owner_key > k.key)" \
	" FROM k WHERE k.key IS NOT NULL)" \
	" SELECT name FROM (SELECT (SELECT owner FROM opportunity" \
	" WHERE owner_key = k.key AND deleted = 0 LIMIT 1) AS name FROM k WHERE key IS NOT NULL)" \
	" WHERE name IS NOT NULL"
/* The same from the rows themselves, while some are marked stale. */
#define STORE_OWNERS_STALE_SQL \
	"SELECT min(owner) FROM opportunity WHERE deleted = 0 AND owner <> ''" \
	" GROUP BY embudo_fold(owner) ORDER BY embudo_fold(owner)"
/* Characters (not bytes) of UTF-8 s: trigrams need three. */
size_t store_search_chars(const char *s);
/* folded as an FTS5 string: in double quotes, its own doubled (malloc'd). */
char *store_search_phrase(const char *folded);
/* The board's filter f, whose text the search index answers (phrase), kept:
 * its matches (stage, position, id, currency, amount of each live card
 * that passes every field of f) in temp.embudo_hit, found once per filter
 * and state of the data (data_version for the other connections' commits,
 * total_changes for this one's) and then read by every query of the
 * board's load. *kept false when more than STORE_HITS_MAX match: the
 * queries then read the search index or the rows themselves. */
#define STORE_HITS_MAX 20000
store_status store_search_hits(store *st, const store_filter *f, const char *phrase, bool *kept);
/* Forgets what was kept (a new connection has no temp table). */
void store_search_hits_forget(store *st);

/* ---- store_query.c: filters ------------------------------------------- */

/* What a filter's SQL is for: where the matching rows are read from. */
typedef enum store_where_use {
	STORE_WHERE_LIST,    /* every match, streamed: the search index as a subquery */
	STORE_WHERE_SUMMARY, /* every match, counted: the kept matches (store_search_hits)
	                      * when they can be kept, else the search index */
	STORE_WHERE_COLUMN,  /* a window of one column: the kept matches, else the
	                      * column walked in order, each row's own text read */
	STORE_WHERE_KEEP     /* the matches being kept: the caller joins the index */
} store_where_use;

/* A filter as SQL: " AND ..." clauses on alias o, and their parameters;
 * or, with `hits`, no clause at all: the rows are temp.embudo_hit's (alias
 * h), which hold the whole filter's matches. */
typedef struct store_where {
	strbuf sql;     /* never cut: a filter that cannot be written whole fails */
	const char *args[6];
	int nargs;
	char *phrase;   /* the text filter as an FTS5 phrase (owned) */
	bool hits;
} store_where;

/* Everything but the stage, which each query places itself (the index
 * wants `stage = ?` with `deleted = 0` spelled out). Free w with
 * store_where_free, also after a failure. */
store_status store_where_build(store *st, const store_filter *f, store_where_use use,
                               store_where *w);
/* f (checked: bad UTF-8 is STORE_INVALID) as clauses on alias o for a
 * read of every match (STORE_WHERE_LIST: never the kept matches); free w
 * afterwards, also after a failure. */
store_status store_where_filter(store *st, const store_filter *f, store_where *w);
/* Binds w's parameters from index first; returns the next index. */
int store_where_bind(sqlite3_stmt *s, const store_where *w, int first);
void store_where_free(store_where *w);
/* A statement built in b with w's clauses (w may be NULL): out of memory
 * when either could not be written whole, never run cut short. */
store_status store_sql_whole(store *st, const store_where *w, const strbuf *b);
/* The filter's texts are valid UTF-8 and its stage a stage (or -1). */
store_status store_check_filter(store *st, const store_filter *f);
/* EXPLAIN QUERY PLAN of sql, one line per row, into out (refused when it
 * does not fit). */
store_status store_explain(store *st, const char *sql, char *out, size_t outsz);

/* The summary keeps each amount in two parts, amount / 10^9 and
 * amount % 10^9, whose sums cannot overflow (store_schema.c, version 2);
 * the readers split the rows' amounts the same way. */
#define STORE_SUMMARY_SPLIT 1000000000
#define STORE_SUMMARY_SPLIT_SQL "1000000000"

/* True when f is NULL or matches every live opportunity. */
bool store_filter_is_all(const store_filter *f);


/* ---- for tests -------------------------------------------------------- */

/* The connection (tests read EXPLAIN QUERY PLAN through it). */
sqlite3 *store_internal_db(store *st);
/* Calls fn(ctx) before every statement store_prepare hands out (NULL fn:
 * none): between any two queries of a read, a test commits a change
 * through another connection and checks the read saw one state. */
void store_internal_set_query_hook(store *st, void (*fn)(void *ctx), void *ctx);
/* Shortens the lock waits so a test of STORE_BUSY runs in milliseconds. */
void store_internal_set_busy(store *st, int timeout_ms, int total_ms);
/* EXPLAIN QUERY PLAN of the statements store_cards and store_summarize
 * run under f (NULL: no filter), one line per plan row, into out
 * (store_cards: a read forward from a card's key). */
store_status store_internal_plan_cards(store *st, pipeline_stage stage, const store_filter *f,
                                       char *out, size_t outsz);
/* The plan of store_cards_seek from k under f. */
store_status store_internal_plan_seek(store *st, const store_filter *f, const store_seek *k,
                                      char *out, size_t outsz);
/* The plan of store_cards_count (the cards before a key, or at and after
 * it) under f; store_internal_plan_offset: before, store_card_offset's. */
store_status store_internal_plan_count(store *st, const store_filter *f, bool after, char *out,
                                       size_t outsz);
store_status store_internal_plan_offset(store *st, const store_filter *f, char *out,
                                        size_t outsz);
/* The plan of the statement that keeps a text filter's matches. */
store_status store_internal_plan_hits(store *st, const store_filter *f, char *out, size_t outsz);
store_status store_internal_plan_summary(store *st, const store_filter *f, char *out,
                                         size_t outsz);

#endif
