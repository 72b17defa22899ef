/*
 * store: opening (identity check, creation, pragmas, migration), closing,
 * messages and the clock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/paths.h"
#include "util/strbuf.h"
#include "store/store_internal.h"
#include "util/text.h"

#define STORE_BUSY_TIMEOUT_MS 5000
#define STORE_BUSY_TOTAL_MS 10000

static const char SQLITE_MAGIC[16] = "SQLite format 3";

int store_schema_version(void)
{
	return STORE_SCHEMA_VERSION;
}

/* Grown to the message's length: a message naming user text (an invoice
 * number, a path) is never cut, even mid-character. */
__attribute__((format(printf, 4, 0)))
static store_status vfail(store *st, store_status s, bool names_file, const char *fmt,
                          va_list ap)
{
	strbuf_reset(&st->msg);
	strbuf_vappendf(&st->msg, fmt, ap);
	memset(&st->fail, 0, sizeof st->fail);
	st->fail.status = s;
	st->fail.names_file = names_file;
	return s;
}

store_status store_fail(store *st, store_status s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(st, s, false, fmt, ap);
	va_end(ap);
	return s;
}

store_status store_fail_file(store *st, store_status s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(st, s, true, fmt, ap);
	va_end(ap);
	return s;
}

store_status store_failed_on(store *st, store_status s, int64_t opp)
{
	st->fail.opp = opp;
	return s;
}

void store_last_failure(const store *st, store_failure *out)
{
	memset(out, 0, sizeof *out);
	if (st)
		*out = st->fail;
}

store_status store_sql_fail(store *st, const char *doing)
{
	int code = sqlite3_extended_errcode(st->db), rc = code & 0xff;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return store_fail(st, STORE_BUSY, STORE_LOCKED_MSG);
	if ((rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) && st->immutable) {
		/* Read without locks: another user writing meanwhile, not damage. */
		store_stamp now;

		store_file_stamp(st->path, &now);
		if (!store_file_stamp_equal(&now, &st->stamp))
			return store_fail_file(st, STORE_BUSY,
			                       "%s changed while it was being read (someone wrote to it); "
			                       "try again", st->shown);
	}
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
		return store_fail_file(st, STORE_DAMAGED,
		                       "%s is damaged: %s (while %s); restore it from a backup, and run "
		                       "'embudo check' to list what is wrong",
		                       st->shown, sqlite3_errmsg(st->db), doing);
	if (rc == SQLITE_READONLY)
		return store_read_only(st);
	if (rc == SQLITE_FULL || rc == SQLITE_IOERR)
		return store_file_full(st, code, doing);
	return store_fail(st, STORE_ERROR, "database error while %s: %s", doing,
	                  sqlite3_errmsg(st->db));
}

store_status store_read_only(store *st)
{
	if (st->mode == STORE_OPEN_READ && !st->readonly)
		return store_fail_file(st, STORE_READONLY,
		                       "read-only database: %s was opened for reading only", st->shown);
	return store_fail_file(st, STORE_READONLY,
	                       "read-only database: you may read %s but not write it (its permissions, "
	                       "its folder's or a read-only file system); nothing was changed",
	                       st->shown);
}

bool store_readonly(const store *st)
{
	return st && (st->readonly || st->mode == STORE_OPEN_READ);
}

const char *store_message(const store *st)
{
	if (!st)
		return "no database";
	return strbuf_failed(&st->msg) ? "out of memory (the message could not be written)"
	                               : strbuf_str(&st->msg);
}

time_t store_clock(const store *st)
{
	if (st->tx_clock)
		return st->tx_now;
	return st->now_fixed ? st->now : date_now();
}

void store_tx_clock(store *st)
{
	st->tx_now = st->now_fixed ? st->now : date_now();
	st->tx_clock = true;
}

void store_timestamp(const store *st, char out[DATE_TS_LEN + 1])
{
	date_timestamp(store_clock(st), out);
}

void store_set_now(store *st, time_t now)
{
	st->now_fixed = true;
	st->now = now;
}

void store_set_actor(store *st, const char *who)
{
	snprintf(st->actor, sizeof st->actor, "%s", who && *who ? who : paths_current_user());
}

sqlite3 *store_internal_db(store *st)
{
	return st->db;
}

void store_internal_set_busy(store *st, int timeout_ms, int total_ms)
{
	st->busy_timeout_ms = timeout_ms;
	st->busy_total_ms = total_ms;
	sqlite3_busy_timeout(st->db, timeout_ms);
}

/* ---- opening ------------------------------------------------------------ */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Creates the file 0600 whatever the umask (and its missing directories
 * 0700), so a pipeline database is private unless someone shares it. An
 * existing file is left as it is. */
static store_status create_file(const char *path, const char *shown, char *err, size_t errlen)
{
	struct stat sb;
	int fd;

	if (stat(path, &sb) == 0)
		return STORE_OK;
	if (!paths_make_parent_dirs(path)) {
		set_err(err, errlen, "cannot create the directory for %s: %s", shown, strerror(errno));
		return STORE_ERROR;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST) /* another process made it first: use theirs */
			return STORE_OK;
		set_err(err, errlen, "cannot create %s: %s", shown, strerror(errno));
		return STORE_ERROR;
	}
	if (fchmod(fd, 0600) != 0) {
		set_err(err, errlen, "cannot set the permissions of %s: %s", shown, strerror(errno));
		close(fd);
		return STORE_ERROR;
	}
	close(fd);
	return STORE_OK;
}

static bool pragma_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *s;
	bool ok = false;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		ok = true;
	}
	sqlite3_finalize(s);
	return ok;
}

/* Reads application_id, user_version and whether sqlite_master is empty. */
static bool read_identity(sqlite3 *db, int64_t *app, int64_t *ver, int64_t *objects)
{
	return pragma_int(db, "PRAGMA application_id", app)
	    && pragma_int(db, "PRAGMA user_version", ver)
	    && pragma_int(db, "SELECT count(*) FROM sqlite_master", objects);
}

static store_status judge_identity(int64_t app, int64_t ver, int64_t objects, const char *shown,
                                   char *err, size_t errlen)
{
	if (app == STORE_APPLICATION_ID) {
		if (ver > STORE_SCHEMA_VERSION) {
			set_err(err, errlen,
			        "%s was made by a newer embudo (schema %lld; this one knows %d); "
			        "it was left untouched: upgrade embudo to open it",
			        shown, (long long)ver, STORE_SCHEMA_VERSION);
			return STORE_NEWER_SCHEMA;
		}
		return STORE_OK;
	}
	if (app == 0 && objects == 0 && ver == 0)
		return STORE_OK; /* an empty SQLite database: ours to initialise */
	set_err(err, errlen,
	        "%s is not an embudo database (it was left untouched); "
	        "choose another file with --db or EMBUDO_DB",
	        shown);
	return STORE_NOT_EMBUDO;
}

/* "file:" URI of path with ?immutable=1, every byte but the unreserved ones
 * percent-encoded. NULL when out of memory. */
static char *immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char tail[] = "?immutable=1";
	size_t n = strlen(path);
	char *uri = malloc(sizeof "file:" + 3 * n + sizeof tail), *p;

	if (!uri)
		return NULL;
	p = uri + sprintf(uri, "file:");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
		    || strchr("/-._~", *c)) {
			*p++ = (char)*c;
		} else {
			*p++ = '%';
			*p++ = hex[*c >> 4];
			*p++ = hex[*c & 15];
		}
	}
	memcpy(p, tail, sizeof tail);
	return uri;
}

/* A read-only connection to a WAL-mode file creates its -wal and -shm
 * files when they are missing (where the folder lets it) and, unable to
 * checkpoint, leaves them behind: litter beside a file that may not be
 * ours, or that we may not write. So (SQLite's documented options for a
 * read-only WAL database):
 * - with a -wal file, another connection has the database open or left
 *   committed changes in it: SQLITE_OPEN_READONLY shares its -wal and
 *   -shm (creating nothing) and sees every committed change;
 * - without one, every committed change is in the main file, which is
 *   read as immutable: no locks, no side files. *immutable says so; the
 *   caller must notice a later change itself (store_changed). */
int store_open_readonly_db(const char *path, bool *immutable, sqlite3 **db)
{
	char *uri;
	int rc;

	*db = NULL;
	*immutable = !store_file_has_wal(path);
	if (!*immutable)
		return sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (!(uri = immutable_uri(path)))
		return SQLITE_NOMEM;
	rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	free(uri);
	return rc;
}

/* Reads of an unreadable SQLite file before it is judged (20 ms apart). */
#define STORE_IDENTITY_TRIES 10

/* The SQLite header: 100 bytes, application_id big-endian at offset 68. */
#define SQLITE_HEADER 100
#define SQLITE_HEADER_APP_ID 68

/* A file with SQLite's header that SQLite cannot read: damaged when the
 * header says it is embudo's, else nobody can tell whose it is. */
static store_status judge_unreadable(uint32_t header_app, const char *shown, char *err,
                                     size_t errlen)
{
	if (header_app == STORE_APPLICATION_ID) {
		set_err(err, errlen,
		        "%s is an embudo database but it is damaged: SQLite cannot read it (it was "
		        "left untouched); restore it from a backup, and run 'embudo check' to list "
		        "what is wrong",
		        shown);
		return STORE_DAMAGED;
	}
	set_err(err, errlen,
	        "%s is an SQLite file embudo cannot read (it was left untouched): if it is your "
	        "pipeline it is damaged, restore it from a backup; otherwise choose another file "
	        "with --db or EMBUDO_DB",
	        shown);
	return STORE_NOT_EMBUDO;
}

/* Decides whether path may be opened for writing, without writing to it:
 * the header is read by hand, then SQLite reads the rest read-only.
 * *fresh says the file holds no database yet (empty, or an SQLite file
 * with nothing in it): ours to initialise. */
static store_status check_identity(const char *path, const char *shown, bool *fresh, char *err,
                                   size_t errlen)
{
	unsigned char head[SQLITE_HEADER];
	uint32_t header_app = 0;
	sqlite3 *db = NULL;
	int64_t app = 0, ver = 0, objects = 0;
	bool immutable;
	ssize_t n;
	int fd, rc;
	store_status s;

	*fresh = false;
	/* O_NONBLOCK: a FIFO put there meanwhile must not block the open. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		set_err(err, errlen, "cannot read %s: %s", shown, strerror(errno));
		return STORE_ERROR;
	}
	s = store_file_kind_fd(fd, shown, err, errlen);
	n = s == STORE_OK ? read(fd, head, sizeof head) : 0;
	if (s == STORE_OK && n < 0)
		set_err(err, errlen, "cannot read %s: %s", shown, strerror(errno));
	close(fd);
	if (s != STORE_OK)
		return s;
	if (n < 0)
		return STORE_ERROR;
	if (n == 0) {
		*fresh = true; /* empty: may be initialised */
		return STORE_OK;
	}
	if ((size_t)n < sizeof SQLITE_MAGIC || memcmp(head, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
		return judge_identity(-1, 0, 1, shown, err, errlen);
	if (n >= SQLITE_HEADER_APP_ID + 4)
		header_app = (uint32_t)head[SQLITE_HEADER_APP_ID] << 24
		           | (uint32_t)head[SQLITE_HEADER_APP_ID + 1] << 16
		           | (uint32_t)head[SQLITE_HEADER_APP_ID + 2] << 8
		           | (uint32_t)head[SQLITE_HEADER_APP_ID + 3];

	/* A file with SQLite's header that cannot be read is tried a few more
	 * times before it is judged: another embudo closing it at that moment
	 * checkpoints its WAL into the main file (and removes the -wal file),
	 * which an immutable read may meet half-written. */
	for (int tries = 0;; tries++) {
		rc = store_open_readonly_db(path, &immutable, &db);
		if (rc == SQLITE_OK) {
			int64_t start = store_monotonic_ms();

			sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
			/* Another process switching the file to WAL locks it briefly. */
			while (!read_identity(db, &app, &ver, &objects)) {
				rc = sqlite3_errcode(db) & 0xff;
				if (rc != SQLITE_BUSY) {
					app = -1; /* unreadable as SQLite */
					break;
				}
				if (store_monotonic_ms() - start >= STORE_BUSY_TOTAL_MS) {
					set_err(err, errlen, "%s stayed locked by another process; try again",
					        shown);
					sqlite3_close(db);
					return STORE_BUSY;
				}
				store_pause_briefly();
			}
		} else {
			app = -1;
		}
		sqlite3_close(db);
		db = NULL;
		if (app != -1 || tries == STORE_IDENTITY_TRIES)
			break;
		store_pause_briefly();
	}
	if (app == -1)
		return judge_unreadable(header_app, shown, err, errlen);
	*fresh = app == 0 && objects == 0 && ver == 0;
	return judge_identity(app, ver, objects, shown, err, errlen);
}

/* WAL: readers never block the writer (several boards on one file). The
 * switch needs an exclusive lock, and SQLite answers "busy" at once, without
 * waiting, when two fresh connections both try it (waiting could deadlock),
 * so it is retried like a write. */
static store_status set_wal(store *st)
{
	int64_t start = store_monotonic_ms();
	char mode[16];
	sqlite3_stmt *s;
	int rc;

	for (;;) {
		mode[0] = '\0';
		if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &s, NULL) != SQLITE_OK)
			return store_sql_fail(st, "switching to WAL mode");
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			store_column_copy(s, 0, mode, sizeof mode);
		sqlite3_finalize(s);
		if (strcmp(mode, "wal") == 0)
			return STORE_OK;
		/* Busy, or answered with the old mode: another connection held
		 * the lock. Anything else is a real failure. */
		if (rc != SQLITE_ROW && (rc & 0xff) != SQLITE_BUSY)
			return store_fail(st, STORE_ERROR, "cannot switch to WAL mode: %s",
			                  sqlite3_errstr(rc));
		if (store_monotonic_ms() - start >= st->busy_total_ms)
			return store_fail(st, STORE_BUSY, STORE_LOCKED_MSG);
		store_pause_briefly();
	}
}

/* embudo_fold(text): text_fold in SQL, for the case- and accent-insensitive
 * filters. NULL stays NULL. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *in;
	char *out;
	size_t n;

	(void)argc;
	in = (const char *)sqlite3_value_text(argv[0]);
	if (!in) {
		if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
			sqlite3_result_error_nomem(ctx);
		else
			sqlite3_result_null(ctx);
		return;
	}
	n = text_fold(in, NULL, 0);
	out = sqlite3_malloc64(n + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	text_fold(in, out, n + 1);
	sqlite3_result_text64(ctx, out, n, sqlite3_free, SQLITE_UTF8);
}

/* Deterministic, so SQLite may evaluate embudo_fold(?) once per statement;
 * innocuous (no side effects) where this SQLite knows the flag. The
 * function exists only on embudo's own connections: nothing stored in the
 * schema (index, view, trigger) may use it, or the sqlite3 shell could no
 * longer write the file. */
#ifdef SQLITE_INNOCUOUS
#define STORE_FOLD_FLAGS (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)
#else
#define STORE_FOLD_FLAGS (SQLITE_UTF8 | SQLITE_DETERMINISTIC)
#endif

/* What every connection needs, read-only ones included. */
static store_status setup_basics(store *st)
{
	sqlite3_busy_timeout(st->db, st->busy_timeout_ms);
	sqlite3_extended_result_codes(st->db, 1);
	if (sqlite3_create_function_v2(st->db, "embudo_fold", 1, STORE_FOLD_FLAGS, NULL, sql_fold,
	                               NULL, NULL, NULL) != SQLITE_OK)
		return store_sql_fail(st, "registering the text filter");
	return STORE_OK;
}

static store_status setup_connection(store *st)
{
	store_status r = setup_basics(st);

	if (r != STORE_OK)
		return r;
	if ((r = set_wal(st)) != STORE_OK)
		return r;
	if ((r = store_exec(st, "PRAGMA synchronous=FULL")) != STORE_OK
	    || (r = store_exec(st, "PRAGMA foreign_keys=ON")) != STORE_OK)
		return r;
	return STORE_OK;
}

/* Migration under the write lock: the first of two processes starting at
 * once migrates, the second finds the work done. */
static store_status migrate(store *st, const char *shown, char *err, size_t errlen)
{
	int64_t app = 0, ver = 0, objects = 0;
	store_status s;

	if (!read_identity(st->db, &app, &ver, &objects))
		return store_sql_fail(st, "reading the schema version");
	if (app == STORE_APPLICATION_ID && ver == STORE_SCHEMA_VERSION)
		return STORE_OK;
	s = store_tx_begin(st);
	if (s != STORE_OK)
		return s;
	if (!read_identity(st->db, &app, &ver, &objects)) {
		s = store_sql_fail(st, "reading the schema version");
		goto fail;
	}
	char why[1024] = "";
	s = judge_identity(app, ver, objects, shown, why, sizeof why);
	if (s != STORE_OK) {
		store_fail(st, s, "%s", why);
		goto fail;
	}
	if (ver < STORE_SCHEMA_VERSION) {
		char sql[96];

		s = store_schema_migrate(st, (int)ver);
		if (s != STORE_OK)
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d", STORE_SCHEMA_VERSION);
		if ((s = store_exec(st, sql)) != STORE_OK)
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d", STORE_APPLICATION_ID);
		if ((s = store_exec(st, sql)) != STORE_OK)
			goto fail;
	}
	return store_tx_commit(st);
fail:
	store_tx_rollback(st);
	set_err(err, errlen, "%s", store_message(st));
	return s;
}

/* A database this user may write: the ordinary connection. A read-only
 * mode still upgrades an older schema (nothing else could read it), then
 * forbids writes (query_only) besides refusing them in store_tx_begin. */
static store_status open_writable(store *st, store_mode mode, char *err, size_t errlen)
{
	store_status s;

	if (sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
	    != SQLITE_OK) {
		set_err(err, errlen, "cannot open %s: %s", st->shown,
		        st->db ? sqlite3_errmsg(st->db) : "out of memory");
		return STORE_ERROR;
	}
	s = mode == STORE_OPEN_READ ? setup_basics(st) : setup_connection(st);
	if (s == STORE_OK)
		s = migrate(st, st->shown, err, errlen);
	else
		set_err(err, errlen, "cannot open %s: %s", st->shown, store_message(st));
	/* Rows written by something else than embudo since: indexed again
	 * now. Not fatal when that cannot be done (another process holds the
	 * lock): the filters read those rows themselves meanwhile. */
	if (s == STORE_OK && mode != STORE_OPEN_READ)
		(void)store_search_repair(st);
	if (s == STORE_OK && mode == STORE_OPEN_READ)
		s = store_exec(st, "PRAGMA query_only=1");
	return s;
}

/* A database this user may read but not write: reads through a read-only
 * connection that creates no file (store_open_readonly_db); the schema
 * must be this build's, since upgrading it is a write. */
static store_status open_read_only(store *st, bool fresh, char *err, size_t errlen)
{
	int64_t app = 0, ver = 0, objects = 0;
	store_status s;
	int rc;

	store_file_stamp(st->path, &st->stamp);
	rc = store_open_readonly_db(st->path, &st->immutable, &st->db);
	if (rc != SQLITE_OK) {
		set_err(err, errlen, "cannot open %s: %s", st->shown,
		        st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		return STORE_ERROR;
	}
	if ((s = setup_basics(st)) != STORE_OK)
		return s;
	if (fresh) {
		s = store_read_only(st);
		set_err(err, errlen, "%s: it holds no database yet, and embudo cannot create one there",
		        store_message(st));
		return s;
	}
	if (!read_identity(st->db, &app, &ver, &objects))
		return store_sql_fail(st, "reading the schema version");
	if (ver < STORE_SCHEMA_VERSION) {
		s = store_read_only(st);
		set_err(err, errlen,
		        "%s: it was made by an older embudo (schema %lld) and must be upgraded "
		        "before it can be read, which needs write access: open it once with this "
		        "embudo as a user who may write it",
		        store_message(st), (long long)ver);
		return s;
	}
	return store_exec(st, "PRAGMA query_only=1");
}

store_status store_open_mode(const char *path, store_mode mode, store **out, char *err,
                             size_t errlen)
{
	char shown[512];
	bool exists = false, fresh = false;
	store *st;
	store_status s;

	*out = NULL;
	set_err(err, errlen, "%s", "");
	if (!path || !*path) {
		set_err(err, errlen, "no database path given; pass --db FILE or set EMBUDO_DB");
		return STORE_ERROR;
	}
	text_sanitize(path, shown, sizeof shown);
	/* Nothing but a regular file goes to SQLite, which would block on a
	 * FIFO and put a -journal beside /dev/null. */
	s = store_file_kind(path, shown, &exists, err, errlen);
	if (s != STORE_OK)
		return s;
	if (!exists && mode != STORE_OPEN_CREATE) {
		set_err(err, errlen, "no database at %s; nothing was created", shown);
		return STORE_NO_DATABASE;
	}
	if (!exists && (s = create_file(path, shown, err, errlen)) != STORE_OK)
		return s;
	s = check_identity(path, shown, &fresh, err, errlen);
	if (s != STORE_OK)
		return s;
	if (fresh && mode != STORE_OPEN_CREATE) {
		set_err(err, errlen, "no database at %s (the file holds none yet); nothing was created",
		        shown);
		return STORE_NO_DATABASE;
	}

	st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		set_err(err, errlen, "out of memory opening %s", shown);
		return STORE_ERROR;
	}
	memcpy(st->shown, shown, sizeof st->shown);
	st->busy_timeout_ms = STORE_BUSY_TIMEOUT_MS;
	st->busy_total_ms = STORE_BUSY_TOTAL_MS;
	store_set_actor(st, NULL);
	st->readonly = !store_file_writable(path);
	/* A read-only mode is set once open: an older schema is upgraded
	 * first (open_writable). */
	st->mode = mode == STORE_OPEN_READ ? STORE_OPEN_WRITE : mode;
	s = st->readonly ? open_read_only(st, fresh, err, errlen)
	                 : open_writable(st, mode, err, errlen);
	if (s == STORE_OK)
		s = store_data_version(st, &st->data_version);
	if (s != STORE_OK) {
		if (err && !*err)
			set_err(err, errlen, "cannot open %s: %s", shown, store_message(st));
		store_close(st);
		return s;
	}
	st->mode = mode;
	strbuf_reset(&st->msg);
	memset(&st->fail, 0, sizeof st->fail);
	*out = st;
	return STORE_OK;
}

store_status store_open(const char *path, store **out, char *err, size_t errlen)
{
	return store_open_mode(path, STORE_OPEN_CREATE, out, err, errlen);
}

void store_close(store *st)
{
	if (!st)
		return;
	store_cache_clear(st);
	sqlite3_close_v2(st->db);
	free(st->search_phrase);
	free(st->keep_ids);
	free(st->path);
	strbuf_free(&st->msg);
	free(st);
}

store_status store_data_version(store *st, int64_t *v)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "PRAGMA data_version", &s) != STORE_OK)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	store_release(st, s);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "reading the data version");
}

/* An immutable connection takes no locks and believes the file never
 * changes: once the file system says it did (another user wrote, or a
 * -wal file appeared), a new connection reads it as it is now. False when
 * that cannot be done now (the old one stays). */
static bool reopen_read_only(store *st)
{
	store_stamp now;
	sqlite3 *db = NULL, *old = st->db;
	bool immutable;

	store_file_stamp(st->path, &now);
	if (store_file_stamp_equal(&now, &st->stamp))
		return false;
	if (store_open_readonly_db(st->path, &immutable, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return false;
	}
	store_cache_clear(st);
	st->db = db;
	if (setup_basics(st) != STORE_OK || store_exec(st, "PRAGMA query_only=1") != STORE_OK) {
		sqlite3_close(db);
		st->db = old;
		return false;
	}
	sqlite3_close_v2(old);
	free(st->search_phrase);
	st->search_phrase = NULL;
	st->immutable = immutable;
	st->stamp = now;
	return true;
}

/* Called every frame: the cached statement, not a fresh prepare each time. */
bool store_changed(store *st)
{
	int64_t v;

	if (st->immutable)
		return reopen_read_only(st) && store_data_version(st, &st->data_version) == STORE_OK;
	if (store_data_version(st, &v) != STORE_OK || v == st->data_version)
		return false;
	st->data_version = v;
	return true;
}

store_status store_is_empty(store *st, bool *empty)
{
	int64_t any = 0;

	if (!pragma_int(st->db, "SELECT EXISTS (SELECT 1 FROM opportunity)", &any))
		return store_sql_fail(st, "counting opportunities");
	*empty = any == 0;
	return STORE_OK;
}

store_status store_integrity(store *st, bool *ok)
{
	sqlite3_stmt *s;
	char first[64] = "";
	int rows = 0;

	*ok = false;
	if (store_prepare(st, "PRAGMA integrity_check", &s) != STORE_OK)
		return STORE_ERROR;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (rows++ == 0)
			store_column_copy(s, 0, first, sizeof first);
	}
	store_release(st, s);
	*ok = rows == 1 && strcmp(first, "ok") == 0;
	if (!*ok)
		return store_fail(st, STORE_OK, "integrity check failed: %s", first);
	return STORE_OK;
}

/* ---- bulk loading (demo and bench) ------------------------------------ */

/* During a bulk load, temporary structures in memory and a larger page
 * cache (64 MiB, where SQLite's default is 2 MiB): a bulk load touches the
 * same indexes over and over, and this halves the benchmark database's
 * build. The connection's own settings come back at its end. */
#define BULK_CACHE_KIB 65536

static void bulk_settings(store *st, bool on)
{
	char sql[96];

	if (on) {
		st->bulk_cache = -2000;
		st->bulk_temp = 0;
		(void)pragma_int(st->db, "PRAGMA cache_size", &st->bulk_cache);
		(void)pragma_int(st->db, "PRAGMA temp_store", &st->bulk_temp);
		snprintf(sql, sizeof sql, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=%d",
		         -BULK_CACHE_KIB);
	} else {
		snprintf(sql, sizeof sql, "PRAGMA temp_store=%lld; PRAGMA cache_size=%lld",
		         (long long)st->bulk_temp, (long long)st->bulk_cache);
	}
	(void)sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

store_status store_bulk_begin(store *st)
{
	store_status s;

	if (st->bulk)
		return store_fail(st, STORE_INVALID, "a bulk load is already in progress");
	s = store_tx_begin(st);
	if (s == STORE_OK) {
		st->bulk = 1;
		bulk_settings(st, true);
	}
	return s;
}

store_status store_bulk_end(store *st)
{
	store_status s;

	if (!st->bulk)
		return store_fail(st, STORE_INVALID, "no bulk load in progress");
	st->bulk = 0;
	/* The kept figures of everything the load changed, once each
	 * (store_tx_commit works them out only outside a bulk load). */
	s = store_tx_commit(st);
	bulk_settings(st, false);
	return s;
}

void store_bulk_abort(store *st)
{
	if (!st->bulk)
		return;
	st->bulk = 0;
	store_tx_rollback(st);
	bulk_settings(st, false);
}
