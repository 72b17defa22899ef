/* Unit tests of the CLI's option parser (cli_opts.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_opts.h"

static const char spec[] = "client=,json,note=,if-version=";

static bool parse(cli_args *a, char *err, int argc, const char **argv)
{
	/* The parser never writes to argv; the cast only drops const. */
	return cli_opts_parse(spec, argc, (char **)argv, a, err, 256);
}

START_TEST(test_values_and_flags)
{
	const char *argv[] = { "7", "--client", "Viña", "--json", "--note=a=b", "extra" };
	cli_args a;
	char err[256];
	ck_assert(parse(&a, err, 6, argv));
	ck_assert_int_eq(a.npos, 2);
	ck_assert_str_eq(a.pos[0], "7");
	ck_assert_str_eq(a.pos[1], "extra");
	ck_assert_str_eq(cli_opts_get(&a, "client"), "Viña");
	ck_assert_str_eq(cli_opts_get(&a, "note"), "a=b");
	ck_assert(cli_opts_has(&a, "json"));
	ck_assert_ptr_null(cli_opts_get(&a, "json"));
	ck_assert(!cli_opts_has(&a, "if-version"));
	ck_assert(!a.help);
}
END_TEST

START_TEST(test_last_wins_and_empty_value)
{
	const char *argv[] = { "--client", "A", "--client=", "--client", "B" };
	cli_args a;
	char err[256];
	ck_assert(parse(&a, err, 5, argv));
	ck_assert_str_eq(cli_opts_get(&a, "client"), "B");
	const char *argv2[] = { "--note=" };
	ck_assert(parse(&a, err, 1, argv2));
	ck_assert_str_eq(cli_opts_get(&a, "note"), "");
}
END_TEST

START_TEST(test_double_dash_ends_options)
{
	const char *argv[] = { "--json", "--", "--client", "-x", "-" };
	cli_args a;
	char err[256];
	ck_assert(parse(&a, err, 5, argv));
	ck_assert_int_eq(a.npos, 3);
	ck_assert_str_eq(a.pos[0], "--client");
	ck_assert_str_eq(a.pos[1], "-x");
	ck_assert_str_eq(a.pos[2], "-");
	ck_assert(!cli_opts_has(&a, "client"));
}
END_TEST

START_TEST(test_errors)
{
	cli_args a;
	char err[256];
	const char *unknown[] = { "--clients", "x" };
	ck_assert(!parse(&a, err, 2, unknown));
	ck_assert_ptr_nonnull(strstr(err, "--clients"));
	const char *prefix[] = { "--cli", "x" };
	ck_assert(!parse(&a, err, 2, prefix));
	const char *missing[] = { "--client" };
	ck_assert(!parse(&a, err, 1, missing));
	ck_assert_ptr_nonnull(strstr(err, "needs a value"));
	const char *flagval[] = { "--json=yes" };
	ck_assert(!parse(&a, err, 1, flagval));
	ck_assert_ptr_nonnull(strstr(err, "takes no value"));
	const char *shortopt[] = { "-j" };
	ck_assert(!parse(&a, err, 1, shortopt));
}
END_TEST

START_TEST(test_help)
{
	cli_args a;
	char err[256];
	const char *argv[] = { "3", "-h" };
	ck_assert(parse(&a, err, 2, argv));
	ck_assert(a.help);
	const char *argv2[] = { "--help" };
	ck_assert(parse(&a, err, 1, argv2));
	ck_assert(a.help);
}
END_TEST

START_TEST(test_positive)
{
	int64_t v = 0;
	ck_assert(cli_opts_positive("42", &v));
	ck_assert_int_eq(v, 42);
	ck_assert(cli_opts_positive("9223372036854775807", &v));
	ck_assert(!cli_opts_positive("9223372036854775808", &v));
	ck_assert(!cli_opts_positive("0", &v));
	ck_assert(!cli_opts_positive("-3", &v));
	ck_assert(!cli_opts_positive("+3", &v));
	ck_assert(!cli_opts_positive(" 3", &v));
	ck_assert(!cli_opts_positive("3x", &v));
	ck_assert(!cli_opts_positive("", &v));
	ck_assert(!cli_opts_positive(NULL, &v));
}
END_TEST

static Suite *cli_opts_suite(void)
{
	Suite *s = suite_create("cli_opts");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_values_and_flags);
	tcase_add_test(tc, test_last_wins_and_empty_value);
	tcase_add_test(tc, test_double_dash_ends_options);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_positive);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cli_opts_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
