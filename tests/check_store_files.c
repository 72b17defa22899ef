/*
 * check_store_files: what store_open_mode makes of the path it is given:
 * special files refused before SQLite touches them, reads that never
 * create, a damaged embudo file told apart from a foreign one, and a
 * write that meets the file-size limit reported, not fatal.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_test.h"

static bool exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Opens path in mode expecting want; *out_err gets the message. */
static void open_expect(const char *path, store_mode mode, store_status want, char *err,
                        size_t errlen)
{
	store *st = (store *)1;

	ck_assert_int_eq(store_open_mode(path, mode, &st, err, errlen), want);
	ck_assert_ptr_null(st);
}

/* ---- special files ------------------------------------------------------ */

START_TEST(test_fifo_refused_without_blocking)
{
	char path[128], err[512] = "";

	snprintf(path, sizeof path, "%s/pipe.db", st_dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	/* Opening a FIFO for reading blocks until a writer comes: the test
	 * would hang (and Check's timeout fail it) if SQLite or the identity
	 * check opened it. */
	for (int mode = STORE_OPEN_READ; mode <= STORE_OPEN_CREATE; mode++) {
		open_expect(path, (store_mode)mode, STORE_NOT_EMBUDO, err, sizeof err);
		ck_assert_msg(strstr(err, "not a regular file") != NULL, "%s", err);
		ck_assert_msg(strstr(err, "FIFO") != NULL, "%s", err);
		ck_assert_msg(strstr(err, "pipe.db") != NULL, "%s", err);
	}
}
END_TEST

START_TEST(test_device_and_directory_refused)
{
	char err[512] = "";
	bool journal_before = exists("/dev/null-journal");

	open_expect("/dev/null", STORE_OPEN_CREATE, STORE_NOT_EMBUDO, err, sizeof err);
	ck_assert_msg(strstr(err, "not a regular file") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "character device") != NULL, "%s", err);
	/* SQLite, had it opened /dev/null, would leave /dev/null-journal
	 * behind (as root): none appears. */
	ck_assert_msg(journal_before || !exists("/dev/null-journal"),
	              "a /dev/null-journal was created");
	open_expect(st_dir, STORE_OPEN_READ, STORE_NOT_EMBUDO, err, sizeof err);
	ck_assert_msg(strstr(err, "directory") != NULL, "%s", err);
}
END_TEST

/* ---- reads never create ------------------------------------------------- */

START_TEST(test_read_and_write_modes_never_create)
{
	char path[160], dir[128], err[512] = "";

	snprintf(dir, sizeof dir, "%s/typo", st_dir);
	snprintf(path, sizeof path, "%s/x.db", dir);
	open_expect(path, STORE_OPEN_READ, STORE_NO_DATABASE, err, sizeof err);
	ck_assert_msg(strstr(err, "no database at") != NULL && strstr(err, "typo/x.db") != NULL,
	              "%s", err);
	open_expect(path, STORE_OPEN_WRITE, STORE_NO_DATABASE, err, sizeof err);
	ck_assert(!exists(dir));

	/* An empty file is no database either, and stays empty. */
	FILE *f = fopen(st_dbpath, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	open_expect(st_dbpath, STORE_OPEN_READ, STORE_NO_DATABASE, err, sizeof err);
	struct stat sb;
	ck_assert_int_eq(stat(st_dbpath, &sb), 0);
	ck_assert_int_eq(sb.st_size, 0);

	/* The create mode still creates (folders too). */
	store *st = NULL;
	ck_assert_int_eq(store_open_mode(path, STORE_OPEN_CREATE, &st, err, sizeof err), STORE_OK);
	store_close(st);
	ck_assert_int_eq(store_open_mode(path, STORE_OPEN_READ, &st, err, sizeof err), STORE_OK);
	store_close(st);
}
END_TEST

START_TEST(test_read_mode_refuses_writes)
{
	char err[512] = "";
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Uno", "ACME");
	store_fields f;

	ck_assert(!store_readonly(st));
	store_close(st);
	ck_assert_int_eq(store_open_mode(st_dbpath, STORE_OPEN_READ, &st, err, sizeof err), STORE_OK);
	ck_assert(store_readonly(st));
	ck_assert_int_eq(st_stage(st, id), PIPELINE_INMADURA);
	memset(&f, 0, sizeof f);
	f.title = "Dos";
	f.client = "ACME";
	ck_assert_int_eq(store_add(st, &f, NULL), STORE_READONLY);
	ck_assert_msg(strstr(store_message(st), "read-only database") != NULL, "%s",
	              store_message(st));
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_PERDIDA, NULL, NULL), STORE_READONLY);
	store_close(st);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM history"), 1);
}
END_TEST

/* ---- damaged is not foreign ----------------------------------------------- */

static void truncate_to(const char *path, off_t len)
{
	ck_assert_int_eq(truncate(path, len), 0);
}

START_TEST(test_truncated_embudo_file_is_damaged)
{
	char err[512] = "";
	store *st = st_open(st_dbpath);
	size_t before_len, after_len;

	for (int i = 0; i < 40; i++)
		st_add(st, "Una oportunidad con un título largo para llenar páginas", "ACME");
	store_close(st);
	truncate_to(st_dbpath, 12288);
	char *before = st_slurp(st_dbpath, &before_len);
	for (int mode = STORE_OPEN_READ; mode <= STORE_OPEN_CREATE; mode++) {
		open_expect(st_dbpath, (store_mode)mode, STORE_DAMAGED, err, sizeof err);
		ck_assert_msg(strstr(err, "damaged") != NULL, "%s", err);
		ck_assert_msg(strstr(err, "backup") != NULL, "%s", err);
		ck_assert_msg(strstr(err, "embudo check") != NULL, "%s", err);
		ck_assert_msg(strstr(err, "not an embudo database") == NULL, "%s", err);
	}
	char *after = st_slurp(st_dbpath, &after_len);
	ck_assert_int_eq(before_len, after_len);
	ck_assert(memcmp(before, after, before_len) == 0);
	free(before);
	free(after);

	/* What SQLite can still tell about it. */
	store_check_report rep;
	ck_assert_int_eq(store_check_file(st_dbpath, NULL, NULL, &rep), STORE_OK);
	ck_assert_int_gt(rep.problems, 0);
}
END_TEST

/* A file with SQLite's header that cannot be read and is not marked as
 * embudo's: nobody can tell whose it is, so neither verdict is claimed. */
START_TEST(test_truncated_foreign_file_is_not_called_embudo)
{
	char err[512] = "";
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(st_dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE t (x TEXT); WITH RECURSIVE n(i) AS"
	                                  " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)"
	                                  " INSERT INTO t SELECT hex(randomblob(300)) FROM n;"
	                                  " CREATE TABLE u (y); CREATE TABLE v (z);",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	truncate_to(st_dbpath, 200);
	open_expect(st_dbpath, STORE_OPEN_READ, STORE_NOT_EMBUDO, err, sizeof err);
	ck_assert_msg(strstr(err, "cannot read") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "untouched") != NULL, "%s", err);
}
END_TEST

/* ---- limits are errors, not deaths --------------------------------------- */

/* Check runs each test in its own process: the limit stays there. */
START_TEST(test_file_size_limit_is_reported)
{
	store *st = st_open(st_dbpath);
	store_fields f;
	struct rlimit rl, unlimited;

	st_add(st, "Antes", "ACME");
	store_close(st);
	st = st_open(st_dbpath);
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &unlimited), 0);
	/* The soft limit only: raising it back needs no privilege. */
	rl = unlimited;
	rl.rlim_cur = 40 * 1024;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	memset(&f, 0, sizeof f);
	f.title = "No cabe";
	f.client = "ACME";
	ck_assert_int_eq(store_add(st, &f, NULL), STORE_FULL);
	ck_assert_msg(strstr(store_message(st), "file-size limit") != NULL, "%s", store_message(st));
	ck_assert_msg(strstr(store_message(st), "nothing was written") != NULL, "%s",
	              store_message(st));
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &unlimited), 0);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM opportunity"), 1);
	/* The store still works once the limit is lifted. */
	st_add(st, "Después", "ACME");
	store_close(st);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM opportunity"), 2);
}
END_TEST

static Suite *store_files_suite(void)
{
	Suite *s = suite_create("store_files");
	TCase *tc = tcase_create("files");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_fifo_refused_without_blocking);
	tcase_add_test(tc, test_device_and_directory_refused);
	tcase_add_test(tc, test_read_and_write_modes_never_create);
	tcase_add_test(tc, test_read_mode_refuses_writes);
	tcase_add_test(tc, test_truncated_embudo_file_is_damaged);
	tcase_add_test(tc, test_truncated_foreign_file_is_not_called_embudo);
	tcase_add_test(tc, test_file_size_limit_is_reported);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(store_files_suite());
}
