/*
 * store_test: fixtures shared by the store's Check suites (static inline so
 * each suite takes what it uses).
 */
#ifndef EMBUDO_STORE_TEST_H
#define EMBUDO_STORE_TEST_H

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_internal.h"

/* A fixed clock: 2026-03-01T12:00:00Z. */
#define ST_NOW ((time_t)1772366400)

static inline void st_tmpdir(char dir[64])
{
	snprintf(dir, 64, "/tmp/embudo-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* The fixture of the store suites' checked fixtures: a fresh temporary
 * directory per test and the database path inside it. */
static char st_dir[64];
static char st_dbpath[128];

static inline int st_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static inline void st_rmrf(const char *dir)
{
	nftw(dir, st_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void st_setup(void)
{
	st_tmpdir(st_dir);
	snprintf(st_dbpath, sizeof st_dbpath, "%s/pipeline.db", st_dir);
}

static inline void st_teardown(void)
{
	st_rmrf(st_dir);
}

/* A suite's main: runs it, exit status says whether anything failed. */
static inline int st_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static inline store *st_open(const char *path)
{
	char err[512];
	store *st = NULL;
	store_status s = store_open(path, &st, err, sizeof err);

	ck_assert_msg(s == STORE_OK, "store_open(%s): %d %s", path, s, err);
	store_set_now(st, ST_NOW);
	store_set_actor(st, "tester");
	return st;
}

static inline int64_t st_add_full(store *st, const char *title, const char *client,
                                  const char *currency, bool has_amount, int64_t amount)
{
	store_fields f;
	int64_t id = 0;

	memset(&f, 0, sizeof f);
	f.title = title;
	f.client = client;
	f.currency = currency;
	f.set_amount = has_amount;
	f.has_amount = has_amount;
	f.amount = amount;
	ck_assert_msg(store_add(st, &f, &id) == STORE_OK, "store_add: %s", store_message(st));
	ck_assert_int_gt(id, 0);
	return id;
}

static inline int64_t st_add(store *st, const char *title, const char *client)
{
	return st_add_full(st, title, client, NULL, false, 0);
}

static inline int st_count_cb(const store_event *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return 0;
}

static inline int st_history_count(store *st, int64_t id)
{
	int n = 0;

	ck_assert_int_eq(store_history(st, id, st_count_cb, &n), STORE_OK);
	return n;
}

static inline int64_t st_version(store *st, int64_t id)
{
	store_opp o;
	int64_t v;

	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	v = o.version;
	store_opp_free(&o);
	return v;
}

static inline pipeline_stage st_stage(store *st, int64_t id)
{
	store_opp o;
	pipeline_stage s;

	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	s = o.stage;
	store_opp_free(&o);
	return s;
}

/* Ticks all five criteria. */
static inline void st_qualify(store *st, int64_t id)
{
	for (int n = 1; n <= PIPELINE_CRITERIA; n++)
		ck_assert_msg(store_set_criterion(st, id, 0, n, true, NULL, NULL) == STORE_OK,
		              "criterion %d: %s", n, store_message(st));
}

/* The whole file in memory (NUL-terminated); *len its size. */
static inline char *st_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static inline int64_t st_raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t v = -1;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Runs sql on path through a plain SQLite connection, as the sqlite3 shell
 * would (no embudo_fold, no store). */
static inline void st_plain_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql,
	              err ? err : "?");
	sqlite3_close(db);
}

/* Turns a database of this build back into a schema-5 file (before the
 * kept last activity), through a plain SQLite connection. */
static inline void st_downgrade_v5(const char *path)
{
	st_plain_exec(path, "ALTER TABLE opportunity DROP COLUMN activity; PRAGMA user_version = 5;");
}

/* Turns a database of this build back into a schema-4 file (before the
 * review's kept figures), through a plain SQLite connection. */
static inline void st_downgrade_v4(const char *path)
{
	st_downgrade_v5(path);
	st_plain_exec(path,
	              "DROP TRIGGER forecast_month_insert; DROP TRIGGER forecast_month_delete;"
	              "DROP TRIGGER forecast_month_update; DROP TABLE forecast_month;"
	              "DROP TABLE report_sum; DROP TABLE report_figure; DROP TABLE report_fact;"
	              "PRAGMA user_version = 4;");
}

/* Turns a database of this build back into a schema-3 file (as the build
 * before typed history left it: no typed columns), through a plain SQLite
 * connection. */
static inline void st_downgrade_v3(const char *path)
{
	st_downgrade_v4(path);
	static const char sql[] =
		"ALTER TABLE history DROP COLUMN stage_from; ALTER TABLE history DROP COLUMN stage_to;"
		"ALTER TABLE history DROP COLUMN through; ALTER TABLE history DROP COLUMN evidence;"
		"ALTER TABLE history DROP COLUMN item_id; ALTER TABLE history DROP COLUMN amount;"
		"ALTER TABLE history DROP COLUMN currency; ALTER TABLE history DROP COLUMN old_amount;"
		"ALTER TABLE history DROP COLUMN old_currency; ALTER TABLE history DROP COLUMN reason;"
		"PRAGMA user_version = 3;";

	st_plain_exec(path, sql);
}

/* Turns a database of this build back into a schema-2 file (as the build
 * before the filters' indexes left it), through a plain SQLite connection. */
static inline void st_downgrade_v2(const char *path)
{
	st_downgrade_v3(path);
	static const char sql[] =
		"DROP TRIGGER search_stale_insert; DROP TRIGGER search_stale_update;"
		"DROP TABLE search_stale; DROP TABLE opportunity_search;"
		"DROP INDEX opportunity_owner_key; DROP INDEX opportunity_client_key;"
		"ALTER TABLE opportunity DROP COLUMN owner_key;"
		"ALTER TABLE opportunity DROP COLUMN client_key;"
		"PRAGMA user_version = 2;";
	sqlite3 *db;
	char *err = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK, "downgrade: %s",
	              err ? err : "?");
	sqlite3_close(db);
}

#endif
