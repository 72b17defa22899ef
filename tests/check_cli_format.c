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

#include "cli_format.h"
#include "text.h"

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

static Suite *cli_format_suite(void)
{
	Suite *s = suite_create("cli_format");
	TCase *tc = tcase_create("csv");

	tcase_add_test(tc, test_cell_exact_off_a_terminal);
	tcase_add_test(tc, test_cell_neutralised_on_a_terminal);
	tcase_add_test(tc, test_terminal_decision);
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
