/*
 * check_store: opening (identity, migration, permissions) and every
 * mutation with its history rows, refusals and conflicts.
 */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_test.h"

/* ---- history capture -------------------------------------------------- */

#define MAX_EVENTS 64
typedef struct events {
	int n;
	char what[MAX_EVENTS][24], field[MAX_EVENTS][24];
	char old_value[MAX_EVENTS][80], new_value[MAX_EVENTS][80], note[MAX_EVENTS][80];
	char who[MAX_EVENTS][24], at[MAX_EVENTS][DATE_TS_LEN + 1];
} events;

static void cp(char *dst, size_t sz, const char *src)
{
	snprintf(dst, sz, "%s", src ? src : "(null)");
}

static int capture_cb(const store_event *e, void *ctx)
{
	events *ev = ctx;

	if (ev->n == MAX_EVENTS)
		return 1;
	cp(ev->what[ev->n], sizeof ev->what[0], e->what);
	cp(ev->field[ev->n], sizeof ev->field[0], e->field);
	cp(ev->old_value[ev->n], sizeof ev->old_value[0], e->old_value);
	cp(ev->new_value[ev->n], sizeof ev->new_value[0], e->new_value);
	cp(ev->note[ev->n], sizeof ev->note[0], e->note);
	cp(ev->who[ev->n], sizeof ev->who[0], e->who);
	cp(ev->at[ev->n], sizeof ev->at[0], e->at);
	ev->n++;
	return 0;
}

static void history(store *st, int64_t id, events *ev)
{
	memset(ev, 0, sizeof *ev);
	ck_assert_int_eq(store_history(st, id, capture_cb, ev), STORE_OK);
}

/* ---- opening ---------------------------------------------------------- */

START_TEST(test_create_private_with_dirs)
{
	char path[256], sub[200];
	struct stat sb;
	mode_t old = umask(0); /* the most permissive umask: modes must not depend on it */
	store *st;

	snprintf(path, sizeof path, "%s/a/b/pipeline.db", st_dir);
	st = st_open(path);
	umask(old);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	snprintf(sub, sizeof sub, "%s/a", st_dir);
	ck_assert_int_eq(stat(sub, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	snprintf(sub, sizeof sub, "%s/a/b", st_dir);
	ck_assert_int_eq(stat(sub, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	store_close(st);

	/* A restrictive umask cannot make it unreadable to its owner either. */
	old = umask(0277);
	snprintf(path, sizeof path, "%s/other.db", st_dir);
	st = st_open(path);
	umask(old);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	store_close(st);

	ck_assert_int_eq(st_raw_int(path, "PRAGMA application_id"), STORE_APPLICATION_ID);
	ck_assert_int_eq(st_raw_int(path, "PRAGMA user_version"), store_schema_version());
}
END_TEST

START_TEST(test_pragmas)
{
	store *st = st_open(st_dbpath);
	sqlite3 *db = store_internal_db(st);
	sqlite3_stmt *s;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA synchronous", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(s, 0), 2); /* FULL */
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	store_close(st);
}
END_TEST

START_TEST(test_shared_file_keeps_mode)
{
	store *st = st_open(st_dbpath);
	struct stat sb;
	int64_t id = st_add(st, "Shared", "ACME");

	store_close(st);
	ck_assert_int_eq(chmod(st_dbpath, 0660), 0);
	st = st_open(st_dbpath);
	ck_assert_int_eq(st_stage(st, id), PIPELINE_INMADURA);
	st_add(st, "Another", "ACME");
	store_close(st);
	ck_assert_int_eq(stat(st_dbpath, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0660);
}
END_TEST

START_TEST(test_empty_file_initialised)
{
	int fd = open(st_dbpath, O_CREAT | O_WRONLY, 0640);
	struct stat sb;
	store *st;
	bool empty = false;

	ck_assert_int_ge(fd, 0);
	fchmod(fd, 0640);
	close(fd);
	st = st_open(st_dbpath);
	ck_assert_int_eq(store_is_empty(st, &empty), STORE_OK);
	ck_assert(empty);
	st_add(st, "First", "ACME");
	ck_assert_int_eq(store_is_empty(st, &empty), STORE_OK);
	ck_assert(!empty);
	store_close(st);
	ck_assert_int_eq(stat(st_dbpath, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0640);
}
END_TEST

START_TEST(test_reopen_keeps_data_and_migrates_once)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Keep me", "ACME");
	int64_t tables;

	store_close(st);
	tables = st_raw_int(st_dbpath, "SELECT count(*) FROM sqlite_master");
	st = st_open(st_dbpath);
	store_opp o;
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_str_eq(o.title, "Keep me");
	store_opp_free(&o);
	store_close(st);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM sqlite_master"), tables);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), store_schema_version());
}
END_TEST

/* Opens path expecting `want`, and checks the file did not change a byte. */
static void refused_untouched(const char *path, store_status want)
{
	char err[512] = "";
	size_t before_len, after_len;
	char *before = st_slurp(path, &before_len);
	struct stat sb0, sb1;
	store *st = (store *)1;

	ck_assert_int_eq(stat(path, &sb0), 0);
	ck_assert_int_eq(store_open(path, &st, err, sizeof err), want);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(err, "untouched") != NULL, "message: %s", err);
	ck_assert_msg(strstr(err, "pipeline.db") != NULL || strstr(err, ".db") != NULL
	              || strstr(err, ".txt") != NULL, "message names the file: %s", err);
	char *after = st_slurp(path, &after_len);
	ck_assert_int_eq(before_len, after_len);
	ck_assert(memcmp(before, after, before_len) == 0);
	ck_assert_int_eq(stat(path, &sb1), 0);
	ck_assert_int_eq(sb0.st_mode, sb1.st_mode);
	free(before);
	free(after);
}

START_TEST(test_refuses_text_file)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/notes.txt", st_dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("Dear diary,\nthis is not a database.\n", f);
	fclose(f);
	refused_untouched(path, STORE_NOT_EMBUDO);
}
END_TEST

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "%s: %s", sql,
	              sqlite3_errmsg(db));
	sqlite3_close(db);
}

START_TEST(test_refuses_foreign_sqlite)
{
	char other[128];

	raw_exec(st_dbpath, "CREATE TABLE invoices (n TEXT); INSERT INTO invoices VALUES ('x');");
	refused_untouched(st_dbpath, STORE_NOT_EMBUDO);

	/* Another application's id on an empty schema is not ours either. */
	snprintf(other, sizeof other, "%s/other.db", st_dir);
	raw_exec(other, "PRAGMA application_id = 1234; CREATE TABLE t (x); DROP TABLE t;");
	ck_assert_int_eq(st_raw_int(other, "PRAGMA application_id"), 1234);
	refused_untouched(other, STORE_NOT_EMBUDO);
}
END_TEST

START_TEST(test_refuses_newer_schema)
{
	store *st = st_open(st_dbpath);

	st_add(st, "From the future", "ACME");
	store_close(st);
	raw_exec(st_dbpath, "PRAGMA user_version = 99");
	refused_untouched(st_dbpath, STORE_NEWER_SCHEMA);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), 99);
}
END_TEST

START_TEST(test_empty_sqlite_db_initialised)
{
	store *st;

	/* A valid SQLite file with nothing in it (as the sqlite3 shell leaves). */
	raw_exec(st_dbpath, "CREATE TABLE t (x); DROP TABLE t; VACUUM;");
	st = st_open(st_dbpath);
	st_add(st, "Fresh", "ACME");
	store_close(st);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA application_id"), STORE_APPLICATION_ID);
}
END_TEST

START_TEST(test_open_errors)
{
	char err[256] = "";
	store *st = (store *)1;

	ck_assert_int_eq(store_open("", &st, err, sizeof err), STORE_ERROR);
	ck_assert_ptr_null(st);
	ck_assert_str_ne(err, "");
	ck_assert_int_eq(store_open("/proc/embudo-no/such/dir/x.db", &st, err, sizeof err),
	                 STORE_ERROR);
	ck_assert(strstr(err, "x.db") != NULL);
}
END_TEST

/* ---- add, edit, delete ------------------------------------------------ */

START_TEST(test_add_and_get)
{
	store *st = st_open(st_dbpath);
	store_fields f;
	store_opp o;
	events ev;
	int64_t id, id2;
	char ts[DATE_TS_LEN + 1];

	memset(&f, 0, sizeof f);
	f.title = "  Data platform  ";
	f.client = "ACME";
	f.line = "Cloud";
	f.currency = "usd";
	f.close_date = "2026-06-30";
	f.set_amount = f.has_amount = true;
	f.amount = 150050;
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	id2 = st_add(st, "Second", "Beta");
	ck_assert_int_gt(id2, id);

	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_str_eq(o.title, "Data platform"); /* trimmed */
	ck_assert_str_eq(o.client, "ACME");
	ck_assert_str_eq(o.line, "Cloud");
	ck_assert_str_eq(o.owner, "tester"); /* defaults to the actor */
	ck_assert_str_eq(o.currency, "USD");
	ck_assert_str_eq(o.close_date, "2026-06-30");
	ck_assert(o.has_amount);
	ck_assert_int_eq(o.amount, 150050);
	ck_assert_int_eq(o.stage, PIPELINE_INMADURA);
	ck_assert_int_eq(o.version, 1);
	ck_assert(!o.deleted);
	ck_assert(!o.existing_client);
	date_timestamp(ST_NOW, ts);
	ck_assert_str_eq(o.created, ts);
	ck_assert_str_eq(o.stage_since, ts);
	ck_assert_int_eq(o.ncommitments, 0);
	ck_assert(!o.approval.present);
	store_opp_free(&o);

	ck_assert_int_eq(store_get(st, id2, &o), STORE_OK);
	ck_assert_str_eq(o.currency, MONEY_DEFAULT_CURRENCY);
	ck_assert(!o.has_amount);
	ck_assert_str_eq(o.close_date, "");
	ck_assert_str_eq(o.line, "");
	store_opp_free(&o);

	history(st, id, &ev);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.what[0], "create");
	ck_assert_str_eq(ev.who[0], "tester");
	ck_assert_str_eq(ev.at[0], ts);

	ck_assert_int_eq(store_get(st, 9999, &o), STORE_NOT_FOUND);
	ck_assert_int_eq(store_history(st, 9999, capture_cb, &ev), STORE_NOT_FOUND);
	store_close(st);
}
END_TEST

START_TEST(test_add_invalid_writes_nothing)
{
	store *st = st_open(st_dbpath);
	store_fields f;
	bool empty = false;
	struct {
		const char *title, *client, *currency, *close_date;
		int64_t amount;
	} bad[] = {
		{ "", "ACME", NULL, NULL, 0 },
		{ "   ", "ACME", NULL, NULL, 0 },
		{ NULL, "ACME", NULL, NULL, 0 },
		{ "T", "", NULL, NULL, 0 },
		{ "T", " \t", NULL, NULL, 0 },
		{ "T", "ACME", "US", NULL, 0 },
		{ "T", "ACME", "U$D", NULL, 0 },
		{ "T", "ACME", NULL, "2026-02-30", 0 },
		{ "T", "ACME", NULL, "30/06/2026", 0 },
		{ "T", "ACME", NULL, NULL, -5 },
		{ "Bad \xff byte", "ACME", NULL, NULL, 0 },
		{ "T", "Overlong \xc0\xaf", NULL, NULL, 0 },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t id = 77;

		memset(&f, 0, sizeof f);
		f.title = bad[i].title;
		f.client = bad[i].client;
		f.currency = bad[i].currency;
		f.close_date = bad[i].close_date;
		f.set_amount = f.has_amount = bad[i].amount != 0;
		f.amount = bad[i].amount;
		ck_assert_msg(store_add(st, &f, &id) == STORE_INVALID, "case %zu accepted", i);
		ck_assert_msg(*store_message(st) != '\0', "case %zu: no message", i);
		ck_assert_int_eq(id, 0);
	}
	ck_assert_int_eq(store_is_empty(st, &empty), STORE_OK);
	ck_assert(empty);
	store_close(st);
}
END_TEST

START_TEST(test_edit)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add_full(st, "Old title", "ACME", "USD", true, 1000);
	store_fields f;
	store_opp o;
	events ev;

	memset(&f, 0, sizeof f);
	f.title = "New title";
	f.set_amount = f.has_amount = true;
	f.amount = 2500;
	ck_assert_int_eq(store_edit(st, id, 1, &f), STORE_OK);
	ck_assert_int_eq(st_version(st, id), 2);
	history(st, id, &ev);
	ck_assert_int_eq(ev.n, 3);
	ck_assert_str_eq(ev.what[1], "edit");
	ck_assert_str_eq(ev.field[1], "title");
	ck_assert_str_eq(ev.old_value[1], "Old title");
	ck_assert_str_eq(ev.new_value[1], "New title");
	ck_assert_str_eq(ev.what[2], "edit");
	ck_assert_str_eq(ev.field[2], "amount");
	ck_assert_str_eq(ev.old_value[2], "10.00 USD");
	ck_assert_str_eq(ev.new_value[2], "25.00 USD");

	/* Stale version: conflict, nothing written. */
	f.title = "Lost update";
	ck_assert_int_eq(store_edit(st, id, 1, &f), STORE_CONFLICT);
	ck_assert_int_eq(st_version(st, id), 2);
	ck_assert_int_eq(st_history_count(st, id), 3);

	/* Nothing changes: no version, no history. */
	memset(&f, 0, sizeof f);
	f.title = "New title";
	ck_assert_int_eq(store_edit(st, id, 2, &f), STORE_OK);
	ck_assert_int_eq(st_version(st, id), 2);
	ck_assert_int_eq(st_history_count(st, id), 3);

	/* Clearing: "" clears line/owner/close date, has_amount false clears. */
	memset(&f, 0, sizeof f);
	f.line = "Data";
	f.close_date = "2026-12-31";
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_OK);
	memset(&f, 0, sizeof f);
	f.line = "";
	f.owner = "";
	f.close_date = "";
	f.set_amount = true;
	f.has_amount = false;
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_OK);
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_str_eq(o.line, "");
	ck_assert_str_eq(o.owner, "");
	ck_assert_str_eq(o.close_date, "");
	ck_assert(!o.has_amount);
	ck_assert_str_eq(o.title, "New title");
	ck_assert_int_eq(o.version, 4);
	store_opp_free(&o);

	/* Invalid edits change nothing. */
	memset(&f, 0, sizeof f);
	f.title = " ";
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_INVALID);
	f.title = NULL;
	f.client = "";
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_INVALID);
	f.client = NULL;
	f.currency = "dollars";
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_INVALID);
	f.currency = NULL;
	f.close_date = "tomorrow";
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_INVALID);
	ck_assert_int_eq(st_version(st, id), 4);
	ck_assert_int_eq(store_edit(st, 4242, 0, &f), STORE_INVALID); /* validated first */
	f.close_date = NULL;
	f.title = "x";
	ck_assert_int_eq(store_edit(st, 4242, 0, &f), STORE_NOT_FOUND);
	store_close(st);
}
END_TEST

/* A message naming long user text holds all of it, never cut (it was
 * cut at 1024 bytes, possibly inside a UTF-8 character). */
START_TEST(test_long_message_whole)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Larga", "ACME");
	char number[3001];

	memset(number, 'N', sizeof number - 1);
	memcpy(number + sizeof number - 4, "\xc3\xb1", 2); /* an ñ near the end */
	number[sizeof number - 2] = 'Z';
	number[sizeof number - 1] = '\0';
	ck_assert_int_eq(store_add_invoice(st, id, 0, number, NULL, false, 0, NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, id, 0, number, NULL, false, 0, NULL), STORE_REFUSED);
	const char *m = store_message(st);
	ck_assert_ptr_nonnull(strstr(m, number));
	const char *tail = "retract item 1 first if it was wrong";
	ck_assert_uint_gt(strlen(m), strlen(tail));
	ck_assert_str_eq(m + strlen(m) - strlen(tail), tail);
	store_close(st);
}
END_TEST

/* Each failure says what it is about, so no caller reads the message or
 * the card again to tell: the card, its version now after a conflict,
 * a missing item against a missing card. */
START_TEST(test_failures_say_what)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "Alpha", "ACME");
	int64_t b = st_add(st, "Beta", "ACME");
	store_failure f;
	store_opp o;

	ck_assert_int_eq(store_set_criterion(st, a, 0, 1, true, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_set_criterion(st, a, 0, 2, true, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_set_criterion(st, a, 1, 3, true, NULL, NULL), STORE_CONFLICT);
	store_last_failure(st, &f);
	ck_assert_int_eq(f.status, STORE_CONFLICT);
	ck_assert_int_eq(f.opp, a);
	ck_assert_int_eq(f.version, 3);
	ck_assert(!f.names_file);

	ck_assert_int_eq(store_delete(st, b, 0), STORE_OK);
	ck_assert_int_eq(store_edit(st, b, 0, &(store_fields){ .title = "B" }), STORE_DELETED);
	store_last_failure(st, &f);
	ck_assert_int_eq(f.status, STORE_DELETED);
	ck_assert_int_eq(f.opp, b);
	ck_assert_int_eq(store_restore(st, a, 0), STORE_NOT_DELETED);
	store_last_failure(st, &f);
	ck_assert_int_eq(f.status, STORE_NOT_DELETED);
	ck_assert_int_eq(f.opp, a);

	ck_assert_int_eq(store_retract(st, a, 0, PIPELINE_EV_INVOICE, 77, NULL), STORE_NOT_FOUND);
	store_last_failure(st, &f);
	ck_assert(f.item);
	ck_assert_int_eq(f.opp, a);
	ck_assert_int_eq(store_get(st, 99, &o), STORE_NOT_FOUND);
	store_last_failure(st, &f);
	ck_assert(!f.item);
	ck_assert_int_eq(f.opp, 99);

	/* A success leaves the last failure as it was; a new failure
	 * replaces it whole. */
	ck_assert_int_eq(store_edit(st, a, 0, &(store_fields){ .title = "" }), STORE_INVALID);
	store_last_failure(st, &f);
	ck_assert_int_eq(f.status, STORE_INVALID);
	ck_assert_int_eq(f.opp, 0);
	ck_assert(!f.item);
	store_close(st);
}
END_TEST

START_TEST(test_delete_restore)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "Alpha", "ACME");
	int64_t b = st_add(st, "Beta", "ACME");
	store_card cards[8];
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_opp o;
	events ev;
	int n;

	ck_assert_int_eq(store_delete(st, a, 2), STORE_CONFLICT);
	ck_assert_int_eq(store_delete(st, a, 1), STORE_OK);
	ck_assert_int_eq(store_delete(st, a, 0), STORE_DELETED); /* already deleted */
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 0, 8, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(cards[0].id, b);
	store_card_free(&cards[0]);
	ck_assert_int_eq(store_summarize(st, NULL, sum), STORE_OK);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 1);

	/* Kept, with its history. */
	ck_assert_int_eq(store_get(st, a, &o), STORE_OK);
	ck_assert(o.deleted);
	store_opp_free(&o);
	/* A deleted card cannot be changed until restored. */
	ck_assert_int_eq(store_set_criterion(st, a, 0, 1, true, NULL, NULL), STORE_DELETED);

	ck_assert_int_eq(store_restore(st, b, 0), STORE_NOT_DELETED); /* not deleted */
	ck_assert_int_eq(store_restore(st, a, 2), STORE_OK);
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 0, 8, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(cards[0].id, a); /* back at its old place */
	ck_assert_int_eq(cards[1].id, b);
	store_card_free(&cards[0]);
	store_card_free(&cards[1]);
	history(st, a, &ev);
	ck_assert_int_eq(ev.n, 3);
	ck_assert_str_eq(ev.what[1], "delete");
	ck_assert_str_eq(ev.what[2], "restore");
	ck_assert_int_eq(st_version(st, a), 3);
	store_close(st);
}
END_TEST

/* ---- evidence and moves ----------------------------------------------- */

START_TEST(test_move_refused_writes_nothing)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Deal", "ACME");
	pipeline_refusal why;

	ck_assert_int_eq(store_set_criterion(st, id, 0, 2, true, "they asked for a demo", NULL),
	                 STORE_OK);
	ck_assert_int_eq(store_move(st, id, 2, PIPELINE_COMPROMETIDA, NULL, &why), STORE_REFUSED);
	/* Every missing requirement along the chain, as data. */
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_CRITERION_1));
	ck_assert(!pipeline_refusal_has(&why, PIPELINE_REQ_CRITERION_2));
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_CRITERION_5));
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_COMMITMENT));
	ck_assert(strstr(store_message(st), "commitment") != NULL);
	ck_assert_int_eq(st_version(st, id), 2);
	ck_assert_int_eq(st_history_count(st, id), 2);
	ck_assert_int_eq(st_stage(st, id), PIPELINE_INMADURA);

	/* Same stage, and PERDIDA through move, are refusals too. */
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_INMADURA, NULL, &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_SAME_STAGE));
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_PERDIDA, NULL, &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_REASON));
	/* why may be NULL. */
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_LISTA, NULL, NULL), STORE_REFUSED);
	/* A stage that does not exist is a usage error. */
	ck_assert_int_eq(store_move(st, id, 0, (pipeline_stage)42, NULL, &why), STORE_INVALID);
	ck_assert_int_eq(st_history_count(st, id), 2);
	ck_assert_int_eq(st_version(st, id), 2);
	store_close(st);
}
END_TEST

START_TEST(test_forward_moves_one_row_per_step)
{
	store *st = st_open(st_dbpath);
	int64_t other = st_add(st, "Other", "Beta");
	int64_t id = st_add(st, "Deal", "ACME");
	int64_t item = 0;
	pipeline_refusal why;
	store_opp o;
	events ev;
	int h;

	(void)other;
	st_qualify(st, id);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_CONTRACT, "REF-9",
	                                      "2026-01-05", &item), STORE_OK);
	ck_assert_int_gt(item, 0);
	ck_assert_int_eq(st_stage(st, id), PIPELINE_INMADURA); /* recording never moves */
	h = st_history_count(st, id);
	store_set_now(st, ST_NOW + 3600);
	ck_assert_int_eq(store_move(st, id, st_version(st, id), PIPELINE_COMPROMETIDA, NULL, &why),
	                 STORE_OK);
	history(st, id, &ev);
	ck_assert_int_eq(ev.n, h + 2);
	ck_assert_str_eq(ev.what[h], "move");
	ck_assert_str_eq(ev.field[h], "stage");
	ck_assert_str_eq(ev.old_value[h], "inmadura");
	ck_assert_str_eq(ev.new_value[h], "calificada");
	ck_assert_str_eq(ev.old_value[h + 1], "calificada");
	ck_assert_str_eq(ev.new_value[h + 1], "comprometida");
	ck_assert_str_eq(ev.what[h - 1], "commitment");
	ck_assert_str_eq(ev.new_value[h - 1], "contract: REF-9 2026-01-05");

	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_int_eq(o.stage, PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(o.ncommitments, 1);
	ck_assert_str_eq(o.commitments[0].ref, "REF-9");
	ck_assert_int_eq(o.commitments[0].kind, PIPELINE_COMMIT_CONTRACT);
	char ts[DATE_TS_LEN + 1];
	date_timestamp(ST_NOW + 3600, ts);
	ck_assert_str_eq(o.stage_since, ts);
	ck_assert_int_eq(o.version, 1 + 5 + 1 + 1); /* create, 5 criteria, commitment, move */
	for (int i = 0; i < PIPELINE_CRITERIA; i++) {
		ck_assert(o.criteria[i].met);
		ck_assert_str_eq(o.criteria[i].who, "tester");
	}
	store_opp_free(&o);
	store_close(st);
}
END_TEST

START_TEST(test_move_goes_to_end_of_column)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "A", "ACME"), b = st_add(st, "B", "ACME");
	store_card cards[4];
	int n;

	st_qualify(st, a);
	st_qualify(st, b);
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 0, 4, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(cards[0].criteria_met, 5);
	ck_assert_int_eq(cards[1].criteria_met, 5);
	store_card_free(&cards[0]);
	store_card_free(&cards[1]);
	ck_assert_int_eq(store_move(st, b, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, a, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_cards(st, PIPELINE_CALIFICADA, NULL, 0, 4, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(cards[0].id, b);
	ck_assert_int_eq(cards[1].id, a);
	/* Past Inmadura the count is not read (pipeline_counts_criteria). */
	ck_assert_int_eq(cards[0].criteria_met, 0);
	ck_assert_int_eq(cards[0].stage, PIPELINE_CALIFICADA);
	store_card_free(&cards[0]);
	store_card_free(&cards[1]);
	store_close(st);
}
END_TEST

START_TEST(test_back_move_needs_note_and_keeps_evidence)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Deal", "ACME");
	pipeline_refusal why;
	store_opp o;
	events ev;

	st_qualify(st, id);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	int h = st_history_count(st, id);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_INMADURA, NULL, &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_NOTE));
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_INMADURA, "   ", &why), STORE_REFUSED);
	ck_assert_int_eq(st_history_count(st, id), h);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_INMADURA, "budget frozen", &why), STORE_OK);
	history(st, id, &ev);
	ck_assert_str_eq(ev.what[h], "move");
	ck_assert_str_eq(ev.old_value[h], "calificada");
	ck_assert_str_eq(ev.new_value[h], "inmadura");
	ck_assert_str_eq(ev.note[h], "budget frozen");
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_int_eq(o.stage, PIPELINE_INMADURA);
	for (int i = 0; i < PIPELINE_CRITERIA; i++)
		ck_assert(o.criteria[i].met);
	store_opp_free(&o);
	store_close(st);
}
END_TEST

START_TEST(test_invariant_on_retract)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Deal", "ACME");
	int64_t c1 = 0, c2 = 0, inv = 0;
	pipeline_refusal why;
	store_opp o;
	events ev;
	int64_t v;
	int h;

	st_qualify(st, id);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	v = st_version(st, id);
	h = st_history_count(st, id);
	ck_assert_int_eq(store_set_criterion(st, id, v, 3, false, NULL, &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_CRITERION_3));
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_MOVE_BACK_FIRST));
	ck_assert(strstr(store_message(st), "move the card back") != NULL);
	ck_assert_int_eq(st_version(st, id), v);
	ck_assert_int_eq(st_history_count(st, id), h);

	/* Evidence ahead of the stage may go freely. */
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-1", "2026-02-01", true, 990, &inv), STORE_OK);
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_INVOICE, inv, &why), STORE_OK);
	history(st, id, &ev);
	ck_assert_str_eq(ev.what[ev.n - 1], "retract");
	ck_assert_str_eq(ev.field[ev.n - 1], "invoice");
	ck_assert_str_eq(ev.old_value[ev.n - 1], "F-1 2026-02-01 990 CLP");

	/* Commitments: the last one the stage depends on is refused. */
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "yes!", NULL, &c1),
	                 STORE_OK);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_PURCHASE_ORDER, "PO-7",
	                                      NULL, &c2), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_COMPROMETIDA, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_COMMITMENT, c1, &why), STORE_OK);
	v = st_version(st, id);
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_COMMITMENT, c2, &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_COMMITMENT));
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_COMMITMENT, c1, &why),
	                 STORE_NOT_FOUND); /* already retracted */
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_CRITERION, 1, &why), STORE_INVALID);
	ck_assert_int_eq(st_version(st, id), v);

	/* After moving back, the retraction is allowed. */
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, "PO cancelled", NULL), STORE_OK);
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_COMMITMENT, c2, &why), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_INMADURA, "requalify", NULL), STORE_OK);
	ck_assert_int_eq(store_set_criterion(st, id, 0, 3, false, "problem unclear", &why), STORE_OK);
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert(!o.criteria[2].met);
	ck_assert_str_eq(o.criteria[2].note, "problem unclear");
	ck_assert_int_eq(o.ncommitments, 0);
	store_opp_free(&o);
	history(st, id, &ev);
	ck_assert_str_eq(ev.what[ev.n - 1], "criterion");
	ck_assert_str_eq(ev.field[ev.n - 1], "criterion-3");
	ck_assert_str_eq(ev.old_value[ev.n - 1], "met");
	ck_assert_str_eq(ev.new_value[ev.n - 1], "unmet");
	ck_assert_str_eq(ev.note[ev.n - 1], "problem unclear");

	/* The retracted items are kept in the database, marked. */
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM commitment WHERE retracted = 1"), 2);
	store_close(st);
}
END_TEST

START_TEST(test_full_flow_and_evidence_kinds)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add_full(st, "Deal", "ACME", "USD", true, 500000);
	int64_t inv = 0;
	pipeline_refusal why;
	store_opp o;
	events ev;
	char today[DATE_LEN + 1];

	st_qualify(st, id);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "mail", NULL, NULL),
	                 STORE_OK);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, "OK-1", "2026-02-10"), STORE_OK);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, "OK-2", NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-77", NULL, false, 0, &inv), STORE_OK);
	ck_assert_int_eq(store_set_delivery(st, id, 0, PIPELINE_SCOPE_PARTIAL, "2026-02-20", "phase 1"),
	                 STORE_OK);
	ck_assert_int_eq(st_stage(st, id), PIPELINE_INMADURA);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_LISTA, NULL, &why), STORE_OK);

	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	date_today(ST_NOW, today);
	ck_assert_int_eq(o.stage, PIPELINE_LISTA);
	ck_assert(o.approval.present);
	ck_assert_str_eq(o.approval.ref, "OK-2");
	ck_assert_str_eq(o.approval.date, today); /* NULL date: today by the store clock */
	ck_assert_int_eq(o.ninvoices, 1);
	ck_assert_str_eq(o.invoices[0].number, "F-77");
	ck_assert(!o.invoices[0].has_amount);
	ck_assert_str_eq(o.commitments[0].date, today);
	ck_assert(o.delivery.present);
	ck_assert_int_eq(o.delivery.scope, PIPELINE_SCOPE_PARTIAL);
	ck_assert_str_eq(o.delivery.note, "phase 1");
	store_opp_free(&o);

	history(st, id, &ev);
	int moves = 0, approvals = 0;
	for (int i = 0; i < ev.n; i++) {
		if (strcmp(ev.what[i], "move") == 0)
			moves++;
		if (strcmp(ev.what[i], "billing-approval") == 0) {
			if (approvals++ == 1) {
				ck_assert_str_eq(ev.old_value[i], "OK-1 2026-02-10");
				ck_assert(strncmp(ev.new_value[i], "OK-2 ", 5) == 0);
			}
		}
		if (strcmp(ev.what[i], "delivery") == 0) {
			ck_assert_str_eq(ev.new_value[i], "partial 2026-02-20");
			ck_assert_str_eq(ev.note[i], "phase 1");
		}
	}
	ck_assert_int_eq(moves, 5);
	ck_assert_int_eq(approvals, 2);

	/* Stage lista depends on delivery, invoice, approval. */
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_DELIVERY, 0, &why), STORE_REFUSED);
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_BILLING_APPROVAL, 0, &why),
	                 STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_BILLING_APPROVAL));
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_INVOICE, inv, &why), STORE_REFUSED);

	/* Bad evidence values. */
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "  ", NULL, NULL),
	                 STORE_INVALID);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, NULL, NULL, NULL),
	                 STORE_INVALID);
	ck_assert_int_eq(store_add_commitment(st, id, 0, (pipeline_commitment)9, "x", NULL, NULL),
	                 STORE_INVALID);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "x", "2026-13-01",
	                                      NULL), STORE_INVALID);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, "", NULL), STORE_INVALID);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "", NULL, false, 0, NULL), STORE_INVALID);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F", NULL, true, -1, NULL), STORE_INVALID);
	ck_assert_int_eq(store_set_delivery(st, id, 0, (pipeline_scope)5, NULL, NULL), STORE_INVALID);
	ck_assert_int_eq(store_set_criterion(st, id, 0, 0, true, NULL, NULL), STORE_INVALID);
	ck_assert_int_eq(store_set_criterion(st, id, 0, 6, true, NULL, NULL), STORE_INVALID);
	ck_assert(strstr(store_message(st), "criterion") != NULL);
	ck_assert_int_eq(store_set_criterion(st, id, 0, 1, true, "bad \xed\xa0\x80", NULL),
	                 STORE_INVALID);
	ck_assert_int_eq(st_history_count(st, id), ev.n);
	store_close(st);
}
END_TEST

START_TEST(test_lose_and_reopen)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Deal", "ACME");
	pipeline_refusal why;
	store_opp o;
	events ev;
	int h;

	st_qualify(st, id);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	h = st_history_count(st, id);
	ck_assert_int_eq(store_lose(st, id, 0, (pipeline_loss)99, "x", &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_REASON));
	ck_assert_int_eq(store_reopen(st, id, 0, "x", &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_NOT_LOST));
	ck_assert_int_eq(st_history_count(st, id), h);

	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_COMPETITOR, "went with BigCo", &why),
	                 STORE_OK);
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_int_eq(o.stage, PIPELINE_PERDIDA);
	ck_assert_int_eq(o.lost_from, PIPELINE_CALIFICADA);
	ck_assert(o.has_loss);
	ck_assert_int_eq(o.loss_reason, PIPELINE_LOSS_COMPETITOR);
	ck_assert_str_eq(o.loss_note, "went with BigCo");
	store_opp_free(&o);
	history(st, id, &ev);
	ck_assert_str_eq(ev.what[h], "lose");
	ck_assert_str_eq(ev.field[h], "stage");
	ck_assert_str_eq(ev.old_value[h], "calificada");
	ck_assert_str_eq(ev.new_value[h], "perdida");
	ck_assert_str_eq(ev.note[h], "went with BigCo");
	ck_assert_str_eq(ev.what[h + 1], "lose");
	ck_assert_str_eq(ev.field[h + 1], "reason");
	ck_assert_str_eq(ev.new_value[h + 1], "competitor");

	/* Lost: no moves, no second loss; the lost-from evidence is guarded. */
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_INMADURA, "x", &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_REOPEN));
	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_DECLINED, NULL, &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_ALREADY_LOST));
	ck_assert_int_eq(store_set_criterion(st, id, 0, 1, false, NULL, &why), STORE_REFUSED);
	ck_assert_int_eq(store_reopen(st, id, 0, NULL, &why), STORE_REFUSED);
	ck_assert(pipeline_refusal_has(&why, PIPELINE_REQ_NOTE));

	h = st_history_count(st, id);
	ck_assert_int_eq(store_reopen(st, id, st_version(st, id), "they came back", &why), STORE_OK);
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_int_eq(o.stage, PIPELINE_CALIFICADA);
	ck_assert(!o.has_loss);
	ck_assert_ptr_null(o.loss_note);
	store_opp_free(&o);
	history(st, id, &ev);
	ck_assert_int_eq(ev.n, h + 1);
	ck_assert_str_eq(ev.what[h], "reopen");
	ck_assert_str_eq(ev.old_value[h], "perdida");
	ck_assert_str_eq(ev.new_value[h], "calificada");
	ck_assert_str_eq(ev.note[h], "they came back");
	store_close(st);
}
END_TEST

START_TEST(test_reorder)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "A", "X"), b = st_add(st, "B", "X"), c = st_add(st, "C", "X");
	store_card cards[4];
	events ev;
	int n;

	ck_assert_int_eq(store_reorder(st, a, 0, -1), STORE_INVALID); /* already at the top */
	ck_assert_int_eq(store_reorder(st, c, 0, 1), STORE_INVALID);
	ck_assert_int_eq(store_reorder(st, c, 0, 2), STORE_INVALID);
	ck_assert_int_eq(store_reorder(st, c, 2, -1), STORE_CONFLICT);
	ck_assert_int_eq(store_reorder(st, c, 1, -1), STORE_OK);
	ck_assert_int_eq(store_reorder(st, c, 0, -1), STORE_OK);
	/* Deleted cards are skipped as neighbours. */
	ck_assert_int_eq(store_delete(st, a, 0), STORE_OK);
	ck_assert_int_eq(store_reorder(st, b, 0, -1), STORE_OK);
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 0, 4, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(cards[0].id, b);
	ck_assert_int_eq(cards[1].id, c);
	for (int i = 0; i < n; i++)
		store_card_free(&cards[i]);
	history(st, c, &ev);
	ck_assert_str_eq(ev.what[1], "reorder");
	ck_assert_str_eq(ev.field[1], "position");
	ck_assert_str_eq(ev.old_value[1], "3");
	ck_assert_str_eq(ev.new_value[1], "2");
	ck_assert_int_eq(st_version(st, c), 3);
	store_close(st);
}
END_TEST

START_TEST(test_existing_client)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add(st, "First", "ACME"), b = st_add(st, "Second", "ACME");
	int64_t c = st_add(st, "Other", "Beta");
	store_opp o;

	ck_assert_int_eq(store_get(st, b, &o), STORE_OK);
	ck_assert(!o.existing_client);
	store_opp_free(&o);
	st_qualify(st, a);
	ck_assert_int_eq(store_add_commitment(st, a, 0, PIPELINE_COMMIT_EMAIL, "ok", NULL, NULL),
	                 STORE_OK);
	ck_assert_int_eq(store_set_billing_approval(st, a, 0, "go", NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, a, 0, "F-1", NULL, false, 0, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, a, 0, PIPELINE_POR_FACTURAR, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_get(st, b, &o), STORE_OK);
	ck_assert(!o.existing_client); /* not billed yet */
	store_opp_free(&o);
	ck_assert_int_eq(store_move(st, a, 0, PIPELINE_EN_FACTURACION, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_get(st, b, &o), STORE_OK);
	ck_assert(o.existing_client);
	store_opp_free(&o);
	ck_assert_int_eq(store_get(st, a, &o), STORE_OK);
	ck_assert(!o.existing_client); /* only *another* opportunity counts */
	store_opp_free(&o);
	ck_assert_int_eq(store_get(st, c, &o), STORE_OK);
	ck_assert(!o.existing_client);
	store_opp_free(&o);
	/* Lost after billing still counts. */
	ck_assert_int_eq(store_lose(st, a, 0, PIPELINE_LOSS_CANCELLED, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_get(st, b, &o), STORE_OK);
	ck_assert(o.existing_client);
	store_opp_free(&o);
	store_close(st);
}
END_TEST

START_TEST(test_append_only_history)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Deal", "ACME");
	sqlite3 *db;

	store_close(st);
	ck_assert_int_eq(sqlite3_open(st_dbpath, &db), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE history SET who = 'mallory'", NULL, NULL, NULL),
	                 SQLITE_OK);
	ck_assert(strstr(sqlite3_errmsg(db), "append-only") != NULL);
	ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM history", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	st = st_open(st_dbpath);
	events ev;
	history(st, id, &ev);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.who[0], "tester");
	store_close(st);
}
END_TEST

START_TEST(test_utf8_round_trip)
{
	store *st = st_open(st_dbpath);
	const char *title = "Renovación año 東京 🚀 ñandú";
	const char *client = "Compañía Ñuñoa";
	int64_t id = st_add(st, title, client);
	store_opp o;
	store_fields f;

	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_str_eq(o.title, title);
	ck_assert_str_eq(o.client, client);
	store_opp_free(&o);
	ck_assert_int_eq(store_lose(st, id, 0, PIPELINE_LOSS_DECLINED, "no quisieron \xc3", NULL),
	                 STORE_INVALID);
	memset(&f, 0, sizeof f);
	f.title = "ok \xf4\x90\x80\x80"; /* > U+10FFFF */
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_INVALID);
	ck_assert(strstr(store_message(st), "UTF-8") != NULL);
	ck_assert_int_eq(st_version(st, id), 1);
	store_close(st);
}
END_TEST

/* History keeps evidence text whole, however long: no fixed buffer cuts
 * it (which could also split a UTF-8 character and store invalid text). */
typedef struct last_event {
	char what[32];
	char *old_value, *new_value;
} last_event;

static int last_event_cb(const store_event *e, void *ctx)
{
	last_event *l = ctx;

	snprintf(l->what, sizeof l->what, "%s", e->what);
	free(l->old_value);
	free(l->new_value);
	l->old_value = e->old_value ? strdup(e->old_value) : NULL;
	l->new_value = e->new_value ? strdup(e->new_value) : NULL;
	return 0;
}

START_TEST(test_history_keeps_long_evidence_text)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "t", "c"), item = 0;
	char ref[2001], want[2100];
	last_event l = { "", NULL, NULL };

	/* 1000 two-byte characters after an odd-length prefix. */
	for (int i = 0; i < 1000; i++)
		memcpy(ref + 2 * i, "\xc3\xb1", 2);
	ref[2000] = '\0';
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_CONTRACT, ref, "2026-01-02",
	                                      &item), STORE_OK);
	ck_assert_int_eq(store_history(st, id, last_event_cb, &l), STORE_OK);
	snprintf(want, sizeof want, "contract: %s 2026-01-02", ref);
	ck_assert_str_eq(l.what, "commitment");
	ck_assert_str_eq(l.new_value, want);
	ck_assert_int_eq(store_add_invoice(st, id, 0, ref, "2026-01-03", true, 150, &item), STORE_OK);
	ck_assert_int_eq(store_history(st, id, last_event_cb, &l), STORE_OK);
	snprintf(want, sizeof want, "%s 2026-01-03 150 CLP", ref);
	ck_assert_str_eq(l.new_value, want);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, ref, "2026-01-04"), STORE_OK);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, "second", "2026-01-05"), STORE_OK);
	ck_assert_int_eq(store_history(st, id, last_event_cb, &l), STORE_OK);
	snprintf(want, sizeof want, "%s 2026-01-04", ref);
	ck_assert_str_eq(l.old_value, want);
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_INVOICE, item, NULL), STORE_OK);
	ck_assert_int_eq(store_history(st, id, last_event_cb, &l), STORE_OK);
	ck_assert_str_eq(l.what, "retract");
	snprintf(want, sizeof want, "%s 2026-01-03 150 CLP", ref);
	ck_assert_str_eq(l.old_value, want);
	free(l.old_value);
	free(l.new_value);
	store_close(st);
}
END_TEST

START_TEST(test_busy_reported_after_retries)
{
	store *st = st_open(st_dbpath);
	sqlite3 *db;
	bool empty = false;

	ck_assert_int_eq(sqlite3_open(st_dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	store_internal_set_busy(st, 20, 150);
	store_fields f = { .title = "T", .client = "C" };
	ck_assert_int_eq(store_add(st, &f, NULL), STORE_BUSY);
	ck_assert(strstr(store_message(st), "try again") != NULL);
	/* Reads still work while another process writes (WAL). */
	ck_assert_int_eq(store_is_empty(st, &empty), STORE_OK);
	ck_assert(empty);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	ck_assert_int_eq(store_add(st, &f, NULL), STORE_OK);
	store_close(st);
}
END_TEST

START_TEST(test_changed_by_others_only)
{
	store *a = st_open(st_dbpath), *b = st_open(st_dbpath);
	bool ok = false;

	ck_assert(!store_changed(a));
	ck_assert(!store_changed(b));
	st_add(a, "From A", "ACME");
	ck_assert(!store_changed(a)); /* our own commit */
	ck_assert(store_changed(b));
	ck_assert(!store_changed(b)); /* once */
	st_add(b, "From B", "ACME");
	ck_assert(store_changed(a));
	ck_assert(!store_changed(b));
	ck_assert_int_eq(store_integrity(a, &ok), STORE_OK);
	ck_assert(ok);
	store_close(a);
	store_close(b);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *open = tcase_create("open");
	TCase *write = tcase_create("write");
	TCase *move = tcase_create("move");

	tcase_add_checked_fixture(open, st_setup, st_teardown);
	tcase_add_test(open, test_create_private_with_dirs);
	tcase_add_test(open, test_pragmas);
	tcase_add_test(open, test_shared_file_keeps_mode);
	tcase_add_test(open, test_empty_file_initialised);
	tcase_add_test(open, test_reopen_keeps_data_and_migrates_once);
	tcase_add_test(open, test_refuses_text_file);
	tcase_add_test(open, test_refuses_foreign_sqlite);
	tcase_add_test(open, test_refuses_newer_schema);
	tcase_add_test(open, test_empty_sqlite_db_initialised);
	tcase_add_test(open, test_open_errors);
	suite_add_tcase(s, open);

	tcase_add_checked_fixture(write, st_setup, st_teardown);
	tcase_add_test(write, test_add_and_get);
	tcase_add_test(write, test_add_invalid_writes_nothing);
	tcase_add_test(write, test_edit);
	tcase_add_test(write, test_delete_restore);
	tcase_add_test(write, test_append_only_history);
	tcase_add_test(write, test_utf8_round_trip);
	tcase_add_test(write, test_history_keeps_long_evidence_text);
	tcase_add_test(write, test_busy_reported_after_retries);
	tcase_add_test(write, test_changed_by_others_only);
	suite_add_tcase(s, write);

	tcase_add_checked_fixture(move, st_setup, st_teardown);
	tcase_add_test(move, test_move_refused_writes_nothing);
	tcase_add_test(move, test_forward_moves_one_row_per_step);
	tcase_add_test(move, test_move_goes_to_end_of_column);
	tcase_add_test(move, test_back_move_needs_note_and_keeps_evidence);
	tcase_add_test(move, test_invariant_on_retract);
	tcase_add_test(move, test_full_flow_and_evidence_kinds);
	tcase_add_test(move, test_lose_and_reopen);
	tcase_add_test(move, test_reorder);
	tcase_add_test(move, test_existing_client);
	tcase_add_test(move, test_failures_say_what);
	tcase_add_test(move, test_long_message_whole);
	suite_add_tcase(s, move);
	return s;
}

int main(void)
{
	return st_run(store_suite());
}
