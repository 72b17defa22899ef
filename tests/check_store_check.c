/*
 * check_store_check: store_check, the consistency check behind `embudo
 * check`. A healthy database has no problem; each kind of damage made by
 * hand (as the sqlite3 shell could) is found and named, and the check
 * itself writes nothing.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "store_test.h"

#define MAX_PROBLEMS 16

typedef struct found {
	int n;
	int64_t opp[MAX_PROBLEMS];
	char text[MAX_PROBLEMS][1024];
} found;

static int collect(int64_t opp, const char *problem, void *ctx)
{
	found *f = ctx;

	if (f->n < MAX_PROBLEMS) {
		f->opp[f->n] = opp;
		snprintf(f->text[f->n], sizeof f->text[f->n], "%s", problem);
	}
	f->n++;
	return 0;
}

/* Runs the check through a read-only store; returns what it found. */
static void check_db(found *f, store_check_report *rep)
{
	char err[512];
	store *st = NULL;

	memset(f, 0, sizeof *f);
	ck_assert_msg(store_open_mode(st_dbpath, STORE_OPEN_READ, &st, err, sizeof err) == STORE_OK,
	              "%s", err);
	ck_assert_int_eq(store_check(st, collect, f, rep), STORE_OK);
	ck_assert_int_eq(rep->problems, f->n);
	store_close(st);
}

static void dump(const found *f)
{
	for (int i = 0; i < f->n && i < MAX_PROBLEMS; i++)
		fprintf(stderr, "  problem (%lld): %s\n", (long long)f->opp[i], f->text[i]);
}

/* Whether a problem of opp holds text; lists what was found when not. */
static bool has(const found *f, int64_t opp, const char *text)
{
	for (int i = 0; i < f->n && i < MAX_PROBLEMS; i++)
		if (f->opp[i] == opp && strstr(f->text[i], text))
			return true;
	fprintf(stderr, "no problem of opportunity %lld with \"%s\" among:\n", (long long)opp, text);
	dump(f);
	return false;
}


/* Raw SQL on the file, as the sqlite3 shell would run it. */
static void tamper(const char *sql)
{
	st_plain_exec(st_dbpath, sql);
}

/* Three cards: one in inmadura, one moved to calificada, one lost. */
static void healthy_db(void)
{
	store *st = st_open(st_dbpath);
	int64_t a = st_add_full(st, "Migración a la nube", "Compañía Ñandú", "CLP", true, 1500000);
	int64_t b = st_add_full(st, "Plataforma de datos", "ACME", "USD", true, 250000);
	int64_t c = st_add(st, "Perdida", "Beta");

	(void)a;
	st_qualify(st, b);
	ck_assert_int_eq(store_move(st, b, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_lose(st, c, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	store_close(st);
}

START_TEST(test_healthy)
{
	found f;
	store_check_report rep;
	size_t before_len, after_len;

	healthy_db();
	char *before = st_slurp(st_dbpath, &before_len);
	check_db(&f, &rep);
	if (f.n)
		dump(&f);
	ck_assert_int_eq(rep.problems, 0);
	ck_assert_int_eq(rep.opportunities, 3);
	ck_assert_int_gt(rep.history, 3);
	ck_assert_int_eq(rep.unindexed, 0);
	char *after = st_slurp(st_dbpath, &after_len);
	ck_assert_int_eq(before_len, after_len);
	ck_assert(memcmp(before, after, before_len) == 0);
	free(before);
	free(after);
}
END_TEST

/* A stage the evidence does not justify, and that the history never
 * recorded: two problems, from the pipeline's invariant and the history. */
START_TEST(test_stage_without_evidence)
{
	found f;
	store_check_report rep;

	healthy_db();
	tamper("UPDATE opportunity SET stage = 'comprometida' WHERE id = 1");
	check_db(&f, &rep);
	ck_assert(has(&f, 1, "opportunity 1 is in comprometida without the evidence"));
	ck_assert(has(&f, 1, "criterion-1"));
	ck_assert(has(&f, 1, "commitment"));
	ck_assert(has(&f, 1, "history never moved it"));
	/* The review's facts follow the card's row, which the history does
	 * not explain: the kept ones (from before) disagree too. */
	ck_assert(has(&f, 1, "opportunity 1: its kept review figures"));
	ck_assert_int_eq(rep.problems, 3);
}
END_TEST

/* Evidence that justifies the stage, but a history that disagrees. */
START_TEST(test_stage_differs_from_history)
{
	found f;
	store_check_report rep;

	healthy_db();
	tamper("UPDATE opportunity SET stage = 'inmadura' WHERE id = 2");
	check_db(&f, &rep);
	ck_assert(has(&f, 2, "is in inmadura, but the last stage change of its history took it "
	                     "to calificada"));
	ck_assert(has(&f, 2, "opportunity 2: its kept review figures"));
	ck_assert_int_eq(rep.problems, 2);
}
END_TEST

START_TEST(test_evidence_removed)
{
	found f;
	store_check_report rep;

	healthy_db();
	tamper("UPDATE criterion SET met = 0 WHERE opp_id = 2 AND n = 4");
	check_db(&f, &rep);
	ck_assert(has(&f, 2, "is in calificada without the evidence its stage needs: criterion-4"));
	ck_assert_int_eq(rep.problems, 1);
}
END_TEST

START_TEST(test_summary_differs)
{
	found f;
	store_check_report rep;

	healthy_db();
	tamper("UPDATE summary SET count = count + 1 WHERE stage = 'inmadura' AND currency = 'CLP';"
	       "UPDATE summary SET amount_lo = amount_lo + 7 WHERE stage = 'calificada';"
	       "INSERT INTO summary VALUES ('lista', 'EUR', 2, 0, 0);");
	check_db(&f, &rep);
	ck_assert(has(&f, 0, "counts 2 inmadura CLP opportunities; a recount finds 1"));
	ck_assert(has(&f, 0, "USD total of calificada differs from a recount"));
	ck_assert(has(&f, 0, "counts 2 lista EUR opportunities; a recount finds 0"));
	ck_assert_int_eq(rep.problems, 3);
}
END_TEST

START_TEST(test_search_index_incomplete)
{
	found f;
	store_check_report rep;

	healthy_db();
	tamper("DELETE FROM opportunity_search WHERE rowid = 1;"
	       "UPDATE opportunity SET owner_key = 'nadie' WHERE id = 2;"
	       "INSERT INTO opportunity_search (rowid, title, client) VALUES (99, 'fantasma', 'x');");
	check_db(&f, &rep);
	ck_assert(has(&f, 1, "opportunity 1 is missing from the search index"));
	ck_assert(has(&f, 2, "opportunity 2 has stale owner or client keys"));
	ck_assert(has(&f, 0, "the search index holds row 99, which is no opportunity"));
	ck_assert_int_eq(rep.problems, 3);
}
END_TEST

/* Rows changed outside embudo are marked and read directly until the next
 * write indexes them: counted, not called problems. */
START_TEST(test_rows_awaiting_indexing)
{
	found f;
	store_check_report rep;

	healthy_db();
	tamper("UPDATE opportunity SET title = 'Cambiado a mano' WHERE id = 1");
	check_db(&f, &rep);
	ck_assert_int_eq(rep.problems, 0);
	ck_assert_int_eq(rep.unindexed, 1);
}
END_TEST

/* An unknown stage on one row is reported, and the other rows still
 * checked; evidence pointing nowhere is a foreign-key problem. */
START_TEST(test_unknown_stage_and_orphan_evidence)
{
	found f;
	store_check_report rep;

	healthy_db();
	tamper("UPDATE opportunity SET stage = 'stage9' WHERE id = 1;"
	       "UPDATE opportunity SET stage = 'lista' WHERE id = 2;");
	check_db(&f, &rep);
	ck_assert(has(&f, 1, "unknown stage 'stage9'"));
	ck_assert(has(&f, 2, "is in lista without the evidence"));

	healthy_db();
	st_teardown();
	st_setup();
	healthy_db();
	tamper("INSERT INTO commitment (opp_id, kind, ref, date, who, at)"
	       " VALUES (42, 'email', 'x', '2026-01-01', 'a', '2026-01-01T00:00:00Z')");
	check_db(&f, &rep);
	ck_assert(has(&f, 0, "commitment row 1 refers to a missing opportunity row"));
	ck_assert_int_eq(rep.problems, 1);
}
END_TEST

/* A page overwritten: SQLite's findings are problems, and so is the point
 * where reading had to stop; the check itself still ends with STORE_OK. */
START_TEST(test_damaged_page)
{
	found f;
	store_check_report rep;
	char junk[4096];
	FILE *fp;

	healthy_db();
	memset(junk, 'G', sizeof junk);
	fp = fopen(st_dbpath, "r+b");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fseek(fp, 4 * 4096, SEEK_SET), 0);
	ck_assert_int_eq(fwrite(junk, 1, sizeof junk, fp), sizeof junk);
	fclose(fp);
	check_db(&f, &rep);
	ck_assert_int_gt(rep.problems, 0);
	ck_assert(has(&f, 0, "SQLite integrity check: "));
}
END_TEST

/* A lost card that forgot where it was lost from: the rules cannot judge
 * it, so a change to it is refused as damage, and the check names it. */
START_TEST(test_lost_without_lost_from)
{
	found f;
	store_check_report rep;
	store *st;

	healthy_db();
	tamper("UPDATE opportunity SET lost_from = NULL WHERE id = 3");
	st = st_open(st_dbpath);
	ck_assert_int_eq(store_reopen(st, 3, 0, "vuelve", NULL), STORE_DAMAGED);
	ck_assert_msg(strstr(store_message(st), "embudo check") != NULL, "%s", store_message(st));
	store_close(st);
	check_db(&f, &rep);
	ck_assert(has(&f, 3, "opportunity 3 is lost without a stage of the flow it was lost from"));
	/* Its loss is in no cell of the loss matrix now. */
	ck_assert(has(&f, 3, "opportunity 3: its kept review figures"));
	ck_assert_int_eq(rep.problems, 2);
}
END_TEST

static Suite *store_check_suite(void)
{
	Suite *s = suite_create("store_check");
	TCase *tc = tcase_create("check");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_add_test(tc, test_healthy);
	tcase_add_test(tc, test_stage_without_evidence);
	tcase_add_test(tc, test_stage_differs_from_history);
	tcase_add_test(tc, test_evidence_removed);
	tcase_add_test(tc, test_summary_differs);
	tcase_add_test(tc, test_search_index_incomplete);
	tcase_add_test(tc, test_rows_awaiting_indexing);
	tcase_add_test(tc, test_unknown_stage_and_orphan_evidence);
	tcase_add_test(tc, test_damaged_page);
	tcase_add_test(tc, test_lost_without_lost_from);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(store_check_suite());
}
