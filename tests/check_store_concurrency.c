/*
 * check_store_concurrency: several embudo processes on one database file.
 * Children are forked, opened, and released together through a pipe so
 * their writes really collide.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store_test.h"

typedef enum job { JOB_MOVE, JOB_EDITS, JOB_OPEN_ADD } job;

#define EDITS 200

/* A child process: open, wait for the go, do the job, exit with the store
 * status (for JOB_EDITS: 0, or 100 + the first failure's status). */
static void child(job what, int64_t id, int64_t expect, int go_fd, int tag)
{
	char err[512], title[64], c;
	store *st = NULL;
	int rc = 0;

	if (what != JOB_OPEN_ADD && store_open(st_dbpath, &st, err, sizeof err) != STORE_OK)
		_exit(99);
	if (read(go_fd, &c, 1) != 1)
		_exit(98);
	switch (what) {
	case JOB_MOVE:
		rc = (int)store_move(st, id, expect, PIPELINE_CALIFICADA, NULL, NULL);
		break;
	case JOB_EDITS:
		for (int i = 0; i < EDITS && rc == 0; i++) {
			store_fields f;

			memset(&f, 0, sizeof f);
			snprintf(title, sizeof title, "child %d edit %d", tag, i);
			f.title = title;
			store_status s = store_edit(st, id, 0, &f);
			if (s != STORE_OK)
				rc = 100 + (int)s;
		}
		break;
	case JOB_OPEN_ADD: {
		store_status s = store_open(st_dbpath, &st, err, sizeof err);

		if (s != STORE_OK) {
			fprintf(stderr, "child %d: %s\n", tag, err);
			_exit(100 + (int)s);
		}
		snprintf(title, sizeof title, "opened by %d", tag);
		store_fields f = { .title = title, .client = "ACME" };
		rc = (int)store_add(st, &f, NULL);
		break;
	}
	}
	store_close(st);
	_exit(rc);
}

/* Forks n children doing `what`, releases them at once, returns their exit
 * codes in codes[]. */
static void race(int n, job what, int64_t id, int64_t expect, int codes[])
{
	pid_t pids[8];
	int fds[2];

	ck_assert_int_le(n, 8);
	ck_assert_int_eq(pipe(fds), 0);
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			close(fds[1]);
			child(what, id, expect, fds[0], i);
		}
	}
	close(fds[0]);
	usleep(100 * 1000); /* let them all open and block on the pipe */
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(write(fds[1], "g", 1), 1);
	close(fds[1]);
	for (int i = 0; i < n; i++) {
		int status = 0;

		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert_msg(WIFEXITED(status), "child %d died", i);
		codes[i] = WEXITSTATUS(status);
	}
}

static int count_moves_cb(const store_event *e, void *ctx)
{
	if (strcmp(e->what, "move") == 0)
		(*(int *)ctx)++;
	return 0;
}

static int count_moves(store *st, int64_t id)
{
	int n = 0;

	ck_assert_int_eq(store_history(st, id, count_moves_cb, &n), STORE_OK);
	return n;
}

static void check_integrity(store *st)
{
	bool ok = false;

	ck_assert_int_eq(store_integrity(st, &ok), STORE_OK);
	ck_assert_msg(ok, "integrity: %s", store_message(st));
}

START_TEST(test_same_move_with_version_one_wins)
{
	store *st = st_open(st_dbpath);

	for (int round = 0; round < 4; round++) {
		int64_t id = st_add(st, "Contested", "ACME");
		int codes[2];

		st_qualify(st, id);
		int64_t v = st_version(st, id);
		race(2, JOB_MOVE, id, v, codes);
		int ok = (codes[0] == STORE_OK) + (codes[1] == STORE_OK);
		int conflict = (codes[0] == STORE_CONFLICT) + (codes[1] == STORE_CONFLICT);
		ck_assert_msg(ok == 1 && conflict == 1, "round %d: exit codes %d and %d", round,
		              codes[0], codes[1]);
		ck_assert_int_eq(count_moves(st, id), 1);
		ck_assert_int_eq(st_version(st, id), v + 1);
		ck_assert_int_eq(st_stage(st, id), PIPELINE_CALIFICADA);
	}
	check_integrity(st);
	store_close(st);
}
END_TEST

START_TEST(test_same_move_without_version_one_refused)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Contested", "ACME");
	int codes[2];

	st_qualify(st, id);
	race(2, JOB_MOVE, id, 0, codes);
	int ok = (codes[0] == STORE_OK) + (codes[1] == STORE_OK);
	int refused = (codes[0] == STORE_REFUSED) + (codes[1] == STORE_REFUSED);
	ck_assert_msg(ok == 1 && refused == 1, "exit codes %d and %d", codes[0], codes[1]);
	ck_assert_int_eq(count_moves(st, id), 1);
	check_integrity(st);
	store_close(st);
}
END_TEST

static int count_edits_cb(const store_event *e, void *ctx)
{
	if (strcmp(e->what, "edit") == 0)
		(*(int *)ctx)++;
	return 0;
}

START_TEST(test_concurrent_writers_never_busy)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Busy card", "ACME");
	int codes[2], edits = 0;

	race(2, JOB_EDITS, id, 0, codes);
	ck_assert_msg(codes[0] == 0 && codes[1] == 0, "exit codes %d and %d (100 + status)",
	              codes[0], codes[1]);
	ck_assert_int_eq(st_version(st, id), 1 + 2 * EDITS);
	ck_assert_int_eq(store_history(st, id, count_edits_cb, &edits), STORE_OK);
	ck_assert_int_eq(edits, 2 * EDITS);
	check_integrity(st);
	store_close(st);
}
END_TEST

#define OPENERS 6

START_TEST(test_simultaneous_first_open)
{
	int codes[OPENERS];
	store *st;
	bool empty = true;

	race(OPENERS, JOB_OPEN_ADD, 0, 0, codes);
	for (int i = 0; i < OPENERS; i++)
		ck_assert_msg(codes[i] == 0, "child %d exit %d", i, codes[i]);
	st = st_open(st_dbpath);
	ck_assert_int_eq(store_is_empty(st, &empty), STORE_OK);
	ck_assert(!empty);
	store_summary sum[PIPELINE_STAGE_COUNT];
	ck_assert_int_eq(store_summarize(st, NULL, sum), STORE_OK);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, OPENERS);
	check_integrity(st);
	store_close(st);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), store_schema_version());
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM sqlite_master WHERE name = 'history'"),
	                 1);
}
END_TEST

static Suite *store_concurrency_suite(void)
{
	Suite *s = suite_create("store_concurrency");
	TCase *tc = tcase_create("processes");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_same_move_with_version_one_wins);
	tcase_add_test(tc, test_same_move_without_version_one_refused);
	tcase_add_test(tc, test_concurrent_writers_never_busy);
	tcase_add_test(tc, test_simultaneous_first_open);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(store_concurrency_suite());
}
