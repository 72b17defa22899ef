/*
 * check_cli_format: CSV cells for a terminal (cli_csv_cell) and the
 * decision that a stream is one (cli_csv_for_terminal), on a real
 * pseudo-terminal, a pipe and a file.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_format.h"
#include "cli/cli_table.h"
#include "util/text.h"

#define FFFD "\xEF\xBF\xBD"

/* What cli_csv_cell writes for s, in a static buffer. */
static const char *cell(const char *s, bool terminal, int64_t *altered)
{
	static char buf[512];
	FILE *f;

	buf[0] = '\0'; /* fmemopen leaves the buffer alone when nothing is written */
	f = fmemopen(buf, sizeof buf, "w");

	ck_assert_ptr_nonnull(f);
	cli_csv_cell(f, s, terminal, altered);
	fclose(f);
	return buf;
}

START_TEST(test_cell_exact_off_a_terminal)
{
	int64_t n = 0;

	ck_assert_str_eq(cell("Evil\x1b]0;x\a", false, &n), "\"Evil\x1b]0;x\a\"");
	ck_assert_str_eq(cell("a,\"b\"", false, &n), "\"a,\"\"b\"\"\"");
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_cell_neutralised_on_a_terminal)
{
	int64_t n = 0;

	ck_assert_str_eq(cell("Evil\x1b]0;x\a", true, &n), "Evil" FFFD "]0;x" FFFD);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(cell("R\xe2\x80\xaeL", true, &n), "R" FFFD "L"); /* U+202E */
	ck_assert_str_eq(cell("two\nlines", true, &n), "two lines");
	ck_assert_str_eq(cell("\xc2\x9b" "31m", true, &n), FFFD "31m"); /* C1 CSI */
	ck_assert_int_eq(n, 4);
	/* Clean text: unchanged, not counted, still quoted as CSV. */
	ck_assert_str_eq(cell("Migración, fase 2", true, &n), "\"Migración, fase 2\"");
	ck_assert_str_eq(cell("", true, &n), "");
	ck_assert_str_eq(cell(NULL, true, &n), "");
	ck_assert_int_eq(n, 4);
}
END_TEST

START_TEST(test_terminal_decision)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), p[2];
	FILE *f;

	/* A pseudo-terminal is a terminal. */
	ck_assert_int_ge(m, 0);
	ck_assert_int_eq(grantpt(m), 0);
	ck_assert_int_eq(unlockpt(m), 0);
	int s = open(ptsname(m), O_RDWR | O_NOCTTY);
	ck_assert_int_ge(s, 0);
	f = fdopen(s, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert(cli_csv_for_terminal(f));
	fclose(f);
	close(m);

	/* A pipe and a file are not. */
	ck_assert_int_eq(pipe(p), 0);
	f = fdopen(p[1], "w");
	ck_assert(!cli_csv_for_terminal(f));
	fclose(f);
	close(p[0]);
	f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert(!cli_csv_for_terminal(f));
	fclose(f);
}
END_TEST

/* ---- fitting a table ------------------------------------------------------ */

static const cli_table_col fit_cols[] = {
	{ "ID", true, 0, 0 },      { "STAGE", false, 3, 5 }, { "TITLE", false, 1, 8 },
	{ "CLIENT", false, 1, 8 }, { "OWNER", false, 2, 5 }, { "AMOUNT", true, 0, 0 },
	{ "DAYS", true, 0, 0 },
};

static int fit_total(const int *w, int extra)
{
	int t = extra;
	for (int i = 0; i < 7; i++)
		t += w[i] + (i ? CLI_TABLE_GAP : 0);
	return t;
}

START_TEST(test_table_fit)
{
	/* The demo's list: 131 columns wide as it is. */
	const int natural[7] = { 2, 14, 46, 29, 10, 14, 4 };
	int w[7];

	cli_table_fit(fit_cols, 7, natural, 0, 0, w); /* no limit: as they are */
	ck_assert_int_eq(memcmp(w, natural, sizeof w), 0);
	cli_table_fit(fit_cols, 7, natural, 0, 200, w); /* it fits: as they are */
	ck_assert_int_eq(memcmp(w, natural, sizeof w), 0);

	/* 80: only the title and the client give way, evenly. */
	cli_table_fit(fit_cols, 7, natural, 0, 80, w);
	ck_assert_int_eq(fit_total(w, 0), 80);
	ck_assert_int_eq(w[2], 12);
	ck_assert_int_eq(w[3], 12);
	ck_assert_int_eq(w[0], 2);
	ck_assert_int_eq(w[1], 14);
	ck_assert_int_eq(w[4], 10);
	ck_assert_int_eq(w[5], 14);
	ck_assert_int_eq(w[6], 4);

	/* A short client keeps its width while the title gives way. */
	const int short_client[7] = { 2, 14, 46, 9, 10, 14, 4 };
	cli_table_fit(fit_cols, 7, short_client, 0, 80, w);
	ck_assert_int_eq(fit_total(w, 0), 80);
	ck_assert_int_eq(w[3], 9);
	ck_assert_int_eq(w[2], 15);

	/* 60: title and client at their minimum, then the owner, then the stage. */
	cli_table_fit(fit_cols, 7, natural, 0, 60, w);
	ck_assert_int_eq(fit_total(w, 0), 60);
	ck_assert_int_eq(w[2], 8);
	ck_assert_int_eq(w[3], 8);
	ck_assert_int_eq(w[4], 5);
	ck_assert_int_eq(w[1], 7);

	/* The suffix ("[deleted]") counts. */
	cli_table_fit(fit_cols, 7, natural, 11, 80, w);
	ck_assert_int_eq(fit_total(w, 11), 80);

	/* Too narrow for the numbers: every column at its minimum, numbers whole. */
	cli_table_fit(fit_cols, 7, natural, 0, 30, w);
	const int least[7] = { 2, 5, 8, 8, 5, 14, 4 };
	ck_assert_int_eq(memcmp(w, least, sizeof w), 0);
}
END_TEST

/* What a table prints at a width, in a static buffer. */
static const char *table_text(int width)
{
	static char buf[2048];
	const cli_table_col cols[3] = { { "NAME", false, 1, 4 }, { "AMOUNT", true, 0, 0 },
	                                { "N", true, 0, 0 } };
	const char *r1[3] = { "Compañía Ñandú", "48,000,000 CLP", "7" };
	const char *r2[3] = { "Bad\x1b[2Jname", "9.00 USD", "12" };
	cli_table *t = cli_table_new(cols, 3);

	ck_assert_ptr_nonnull(t);
	ck_assert(cli_table_add(t, r1, NULL));
	ck_assert(cli_table_add(t, r2, "[deleted]"));
	memset(buf, 0, sizeof buf);
	FILE *f = fmemopen(buf, sizeof buf, "w");
	ck_assert_ptr_nonnull(f);
	cli_table_print(t, f, width);
	fclose(f);
	cli_table_free(t);
	return buf;
}

START_TEST(test_table_print)
{
	ck_assert_str_eq(table_text(0),
	                 "NAME                    AMOUNT   N\n"
	                 "Compañía Ñandú  48,000,000 CLP   7\n"
	                 "Bad" FFFD "[2Jname           9.00 USD  12  [deleted]\n");
	/* Past the name's minimum (4) it stays wider than 30: numbers whole. */
	ck_assert_str_eq(table_text(30),
	                 "NAME          AMOUNT   N\n"
	                 "Com…  48,000,000 CLP   7\n"
	                 "Bad…        9.00 USD  12  [deleted]\n");
}
END_TEST

static Suite *cli_format_suite(void)
{
	Suite *s = suite_create("cli_format");
	TCase *tc = tcase_create("csv");

	tcase_add_test(tc, test_cell_exact_off_a_terminal);
	tcase_add_test(tc, test_cell_neutralised_on_a_terminal);
	tcase_add_test(tc, test_terminal_decision);
	tcase_add_test(tc, test_table_fit);
	tcase_add_test(tc, test_table_print);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	text_init_locale();
	sr = srunner_create(cli_format_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
