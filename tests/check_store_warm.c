/*
 * store_warm: what the board does at idle once its first frame is out, so
 * that the session's first change is as fast as the next ones. It starts
 * an empty write-ahead log (a commit that changes no data) and prepares
 * the statements of a change; it changes nothing anyone can read, and a
 * read-only store does nothing.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "store_test.h"

/* The -wal file's size, -1 when there is none. */
static long wal_size(void)
{
	char wal[160];
	struct stat sb;

	snprintf(wal, sizeof wal, "%s-wal", st_dbpath);
	return stat(wal, &sb) == 0 ? (long)sb.st_size : -1;
}

/* The -wal header's salts (bytes 16 to 23): a log started again gets new
 * ones, one that was appended to keeps them. */
static void wal_salts(unsigned char out[8])
{
	char wal[160];
	unsigned char hdr[32];
	FILE *f;

	snprintf(wal, sizeof wal, "%s-wal", st_dbpath);
	f = fopen(wal, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fread(hdr, 1, sizeof hdr, f), sizeof hdr);
	fclose(f);
	memcpy(out, hdr + 16, 8);
}

/* A qualified card, then the store closed and opened again: the last
 * close moved the log into the file, and the new connection's first read
 * left an empty -wal. */
static store *reopened_with_card(int64_t *id)
{
	store *st = st_open(st_dbpath);

	*id = st_add(st, "Firma electrónica", "Banco del Sur");
	st_qualify(st, *id);
	store_close(st);
	st = st_open(st_dbpath);
	(void)st_stage(st, *id); /* a read */
	ck_assert_int_eq(wal_size(), 0);
	return st;
}

static int cached(store *st)
{
	int n = 0;

	for (int i = 0; i < STORE_STMT_CACHE; i++)
		n += st->cache[i].sql != NULL;
	return n;
}

START_TEST(test_warm_starts_the_log_without_a_change)
{
	int64_t id;
	store *st = reopened_with_card(&id);
	int events = st_history_count(st, id);
	int64_t version = st_version(st, id);
	int64_t schema = st_raw_int(st_dbpath, "PRAGMA user_version");

	store_warm(st);
	ck_assert_int_gt(wal_size(), 32); /* a header and a page */
	ck_assert_int_eq(st_history_count(st, id), events);
	ck_assert_int_eq(st_version(st, id), version);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), schema);

	/* The first change appends to that log: it does not start it again. */
	unsigned char before[8], after[8];
	pipeline_refusal why;
	wal_salts(before);
	ck_assert_msg(store_move(st, id, version, PIPELINE_CALIFICADA, NULL, &why) == STORE_OK, "%s",
	              store_message(st));
	wal_salts(after);
	ck_assert_mem_eq(before, after, sizeof before);
	ck_assert_int_eq(st_stage(st, id), PIPELINE_CALIFICADA);
	ck_assert_int_eq(st_history_count(st, id), events + 1);
	store_close(st);
}
END_TEST

/* A log someone else has written to is theirs to start: left as it is. */
START_TEST(test_warm_leaves_a_written_log)
{
	int64_t id;
	store *st = reopened_with_card(&id);
	store *other = st_open(st_dbpath);
	unsigned char before[8], after[8];

	(void)st_add(other, "Otro", "Cliente");
	long size = wal_size();
	ck_assert_int_gt(size, 0);
	wal_salts(before);
	store_warm(st);
	wal_salts(after);
	ck_assert_mem_eq(before, after, sizeof before);
	ck_assert_int_eq(wal_size(), size);
	store_close(other);
	store_close(st);
}
END_TEST

/* Another writer holding the lock: store_warm does not wait for it (its
 * wait would hold up the first key: the store waits 5 s for a lock), the
 * log stays empty, and the store is left outside any transaction. */
START_TEST(test_warm_does_not_wait_for_a_writer)
{
	int64_t id;
	store *st = reopened_with_card(&id);
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(st_dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	int64_t start = store_monotonic_ms();
	store_warm(st);
	ck_assert_int_lt(store_monotonic_ms() - start, st->busy_timeout_ms / 2);
	ck_assert_int_eq(wal_size(), 0);
	ck_assert_int_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(sqlite3_get_autocommit(st->db), 1);
	pipeline_refusal why;
	ck_assert_int_eq(store_move(st, id, st_version(st, id), PIPELINE_CALIFICADA, NULL, &why),
	                 STORE_OK);
	store_close(st);
}
END_TEST

/* Every statement a move runs is prepared by store_warm: the move adds
 * none to the cache. */
START_TEST(test_warm_prepares_a_move)
{
	int64_t id;
	store *st = reopened_with_card(&id);
	int64_t version = st_version(st, id);
	pipeline_refusal why;

	store_warm(st);
	int n = cached(st);
	ck_assert_int_eq(store_move(st, id, version, PIPELINE_CALIFICADA, NULL, &why), STORE_OK);
	ck_assert_msg(cached(st) == n, "the move prepared %d statement(s) store_warm did not",
	              cached(st) - n);
	store_close(st);
}
END_TEST

/* A store opened to read does nothing: no log started, nothing prepared. */
START_TEST(test_warm_read_only_does_nothing)
{
	int64_t id;
	store *st = reopened_with_card(&id);
	store *ro = NULL;
	char err[256];

	store_close(st);
	ck_assert_int_eq(store_open_mode(st_dbpath, STORE_OPEN_READ, &ro, err, sizeof err), STORE_OK);
	long size = wal_size();
	int n = cached(ro);
	store_warm(ro);
	ck_assert_int_eq(wal_size(), size);
	ck_assert_int_eq(cached(ro), n);
	store_close(ro);
}
END_TEST

static Suite *warm_suite(void)
{
	Suite *s = suite_create("store_warm");
	TCase *tc = tcase_create("warm");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_add_test(tc, test_warm_starts_the_log_without_a_change);
	tcase_add_test(tc, test_warm_leaves_a_written_log);
	tcase_add_test(tc, test_warm_does_not_wait_for_a_writer);
	tcase_add_test(tc, test_warm_prepares_a_move);
	tcase_add_test(tc, test_warm_read_only_does_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(warm_suite());
}
