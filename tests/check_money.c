/* Tests for money: currency codes, exact parsing, formatting. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

static char err[256];

/* Parses text, asserting success, and returns the minor units. */
static int64_t ok(const char *text, const char *cur)
{
	int64_t v = -1;

	err[0] = 'x';
	ck_assert_msg(money_parse(text, cur, &v, err, sizeof err),
	              "'%s' %s refused: %s", text, cur, err);
	ck_assert_str_eq(err, "");
	return v;
}

/* Parses text, asserting failure, leaving *minor untouched; returns err. */
static const char *bad(const char *text, const char *cur)
{
	int64_t v = 4242;

	err[0] = '\0';
	ck_assert_msg(!money_parse(text, cur, &v, err, sizeof err),
	              "'%s' %s accepted", text, cur);
	ck_assert_int_eq(v, 4242);
	ck_assert_msg(err[0] != '\0', "no reason for '%s'", text);
	ck_assert_ptr_null(strchr(err, '\n'));
	return err;
}

static const char *fmt(int64_t v, const char *cur)
{
	static char buf[64];

	money_format(v, cur, buf, sizeof buf);
	return buf;
}

static const char *human(int64_t v, const char *cur)
{
	static char buf[64];

	money_format_human(v, cur, buf, sizeof buf);
	return buf;
}

START_TEST(test_decimals)
{
	ck_assert_int_eq(money_decimals("CLP"), 0);
	ck_assert_int_eq(money_decimals("JPY"), 0);
	ck_assert_int_eq(money_decimals("USD"), 2);
	ck_assert_int_eq(money_decimals("EUR"), 2);
	ck_assert_int_eq(money_decimals("CLF"), 4);
	ck_assert_int_eq(money_decimals("GBP"), 2);
	ck_assert_int_eq(money_decimals("clp"), 0);
}
END_TEST

START_TEST(test_currency_codes)
{
	char out[MONEY_CODE_LEN + 1];

	ck_assert(money_currency_valid("CLP"));
	ck_assert(!money_currency_valid("clp"));
	ck_assert(!money_currency_valid("CL"));
	ck_assert(!money_currency_valid("CLPX"));
	ck_assert(!money_currency_valid("C1P"));
	ck_assert(!money_currency_valid(""));
	ck_assert(!money_currency_valid(NULL));
	ck_assert(money_currency_normalize("usd", out));
	ck_assert_str_eq(out, "USD");
	ck_assert(money_currency_normalize("Clf", out));
	ck_assert_str_eq(out, "CLF");
	ck_assert(!money_currency_normalize("usdx", out));
	ck_assert(!money_currency_normalize("u$d", out));
	ck_assert(!money_currency_normalize("us", out));
	ck_assert(!money_currency_normalize(NULL, out));
}
END_TEST

START_TEST(test_parse_good)
{
	ck_assert_int_eq(ok("1500", "CLP"), 1500);
	ck_assert_int_eq(ok("0", "CLP"), 0);
	ck_assert_int_eq(ok("1,500,000", "CLP"), 1500000);
	ck_assert_int_eq(ok("1500", "USD"), 150000);
	ck_assert_int_eq(ok("1500.5", "USD"), 150050);
	ck_assert_int_eq(ok("1,500.50", "USD"), 150050);
	ck_assert_int_eq(ok("0.01", "EUR"), 1);
	ck_assert_int_eq(ok("37000.1234", "CLF"), 370001234);
	ck_assert_int_eq(ok("12.3", "clf"), 123000);
	ck_assert_int_eq(ok("  42 ", "CLP"), 42);
	ck_assert_int_eq(ok("007", "CLP"), 7);
	ck_assert_int_eq(ok("123,456", "CLP"), 123456);
	/* NULL currency means the default (CLP). */
	ck_assert_int_eq(ok("99", NULL), 99);
}
END_TEST

START_TEST(test_parse_limits)
{
	ck_assert_int_eq(ok("9223372036854775807", "CLP"), INT64_MAX);
	ck_assert_int_eq(ok("92233720368547758.07", "USD"), INT64_MAX);
	ck_assert_int_eq(ok("92,233,720,368,547,758.07", "USD"), INT64_MAX);
	ck_assert_ptr_nonnull(strstr(bad("9223372036854775808", "CLP"), "too large"));
	ck_assert_ptr_nonnull(strstr(bad("92233720368547758.08", "USD"), "too large"));
	/* Fits as digits, overflows only once scaled to cents. */
	ck_assert_ptr_nonnull(strstr(bad("922337203685477581", "USD"), "too large"));
	ck_assert_ptr_nonnull(strstr(bad("99999999999999999999999999", "CLF"), "too large"));
}
END_TEST

START_TEST(test_parse_errors)
{
	ck_assert_str_eq(bad("12a", "CLP"), "not a number: '12a'");
	ck_assert_str_eq(bad("1500.5", "CLP"), "too many decimals for CLP (0 allowed)");
	ck_assert_str_eq(bad("1.505", "USD"), "too many decimals for USD (2 allowed)");
	ck_assert_str_eq(bad("1.00001", "CLF"), "too many decimals for CLF (4 allowed)");
	ck_assert_ptr_nonnull(strstr(bad("-5", "CLP"), "negative"));
	ck_assert_ptr_nonnull(strstr(bad("", "CLP"), "empty"));
	ck_assert_ptr_nonnull(strstr(bad("   ", "CLP"), "empty"));
	ck_assert_ptr_nonnull(strstr(bad(NULL, "CLP"), "empty"));
	bad("+5", "CLP");
	bad("1.", "USD");
	bad(".5", "USD");
	bad("1.2.3", "USD");
	bad("1 000", "CLP");
	bad("1e3", "CLP");
	bad("0x10", "CLP");
	bad("1.5a", "USD");
	ck_assert_ptr_nonnull(strstr(bad("5", "DOLLARS"), "currency"));
	ck_assert_ptr_nonnull(strstr(bad("5", "U1"), "currency"));
	/* Control bytes never reach the message. */
	ck_assert_str_eq(bad("1\x1b[2J", "CLP"), "not a number: '1?[2J'");
}
END_TEST

START_TEST(test_parse_commas)
{
	const char *e = bad("1,50", "CLP");

	ck_assert_ptr_nonnull(strstr(e, "thousands"));
	ck_assert_ptr_nonnull(strstr(e, "'1,50'"));
	bad("1,5000", "CLP");
	bad("1234,567", "CLP");
	bad(",123", "CLP");
	bad("123,", "CLP");
	bad("1,,000", "CLP");
	bad("1,000,00", "CLP");
	bad("1,000.5,0", "USD");
	bad("1,000,.50", "USD");
}
END_TEST

START_TEST(test_format)
{
	ck_assert_str_eq(fmt(150050, "USD"), "1500.50");
	ck_assert_str_eq(fmt(5, "USD"), "0.05");
	ck_assert_str_eq(fmt(0, "USD"), "0.00");
	ck_assert_str_eq(fmt(1500000, "CLP"), "1500000");
	ck_assert_str_eq(fmt(370001234, "CLF"), "37000.1234");
	ck_assert_str_eq(fmt(-150050, "USD"), "-1500.50");
	ck_assert_str_eq(fmt(-5, "EUR"), "-0.05");
	ck_assert_str_eq(fmt(INT64_MAX, "CLP"), "9223372036854775807");
	ck_assert_str_eq(fmt(INT64_MIN, "CLP"), "-9223372036854775808");
	ck_assert_str_eq(fmt(INT64_MIN, "USD"), "-92233720368547758.08");
}
END_TEST

START_TEST(test_format_human)
{
	ck_assert_str_eq(human(150050, "USD"), "1,500.50");
	ck_assert_str_eq(human(1500000, "CLP"), "1,500,000");
	ck_assert_str_eq(human(100000, "CLP"), "100,000");
	ck_assert_str_eq(human(999, "CLP"), "999");
	ck_assert_str_eq(human(1000, "CLP"), "1,000");
	ck_assert_str_eq(human(0, "CLP"), "0");
	ck_assert_str_eq(human(-1234567, "CLP"), "-1,234,567");
	ck_assert_str_eq(human(-5, "USD"), "-0.05");
	ck_assert_str_eq(human(370001234, "CLF"), "37,000.1234");
	ck_assert_str_eq(human(INT64_MIN, "CLP"), "-9,223,372,036,854,775,808");
	ck_assert_str_eq(human(INT64_MAX, "USD"), "92,233,720,368,547,758.07");
}
END_TEST

START_TEST(test_round_trip)
{
	static const char *const cur[] = { "CLP", "USD", "CLF" };
	static const int64_t vals[] = { 0, 1, 9, 10, 999, 1000, 123456789, INT64_MAX };
	char buf[64];
	int64_t back;

	for (size_t c = 0; c < 3; c++) {
		for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
			money_format(vals[i], cur[c], buf, sizeof buf);
			ck_assert(money_parse(buf, cur[c], &back, err, sizeof err));
			ck_assert_int_eq(back, vals[i]);
			money_format_human(vals[i], cur[c], buf, sizeof buf);
			ck_assert(money_parse(buf, cur[c], &back, err, sizeof err));
			ck_assert_int_eq(back, vals[i]);
		}
	}
}
END_TEST

START_TEST(test_small_buffers)
{
	char buf[4];

	money_format_human(1500000, "CLP", buf, sizeof buf);
	ck_assert_str_eq(buf, "1,5");
	money_format(150050, "USD", buf, 1);
	ck_assert_str_eq(buf, "");
	money_format(1, "USD", NULL, 0); /* must not crash */
	ck_assert(!money_parse("x", "CLP", NULL, NULL, 0));
	ck_assert(money_parse("1", "CLP", NULL, NULL, 0));
}
END_TEST

static Suite *money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_decimals);
	tcase_add_test(tc, test_currency_codes);
	tcase_add_test(tc, test_parse_good);
	tcase_add_test(tc, test_parse_limits);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_parse_commas);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_format_human);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_small_buffers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(money_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
