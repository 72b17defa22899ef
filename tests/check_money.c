/* Tests for money: currency codes, exact parsing, formatting. */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/money.h"
#include "util/text.h"

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

/* Only active ISO 4217 codes: a typo is not a new currency. */
START_TEST(test_currency_iso4217)
{
	char out[MONEY_CODE_LEN + 1];
	static const char *const known[] = {
		"AED", "BHD", "CLF", "CLP", "EUR", "GBP", "JPY", "KRW", "KWD", "MXN",
		"OMR", "USD", "UYW", "XOF", "ZAR", "ZWG",
	};
	static const char *const unknown[] = {
		"USS", "ABC", "XXX", "XTS", "EEE", "CLQ", "AAA", "ZZZ", "DEM", "HRK",
	};

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		ck_assert_msg(money_currency_valid(known[i]), "%s should be valid", known[i]);
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		ck_assert_msg(!money_currency_valid(unknown[i]), "%s should be unknown", unknown[i]);
		ck_assert(!money_currency_normalize(unknown[i], out));
	}
	ck_assert(!money_currency_normalize("uss", out));
	ck_assert(money_currency_normalize("jpy", out));
	ck_assert_str_eq(out, "JPY");
	/* The table is sorted (bsearch relies on it), so every entry is found. */
	size_t n = money_currency_count();
	ck_assert_uint_gt(n, 150);
	ck_assert_ptr_null(money_currency_at(n));
	for (size_t i = 0; i < n; i++) {
		const char *c = money_currency_at(i);
		ck_assert_msg(money_currency_valid(c), "table entry %s not found", c);
		if (i > 0)
			ck_assert_msg(strcmp(money_currency_at(i - 1), c) < 0,
			              "table not sorted at %s", c);
	}
	/* Unknown codes cannot carry an amount either. */
	ck_assert_str_eq(bad("5", "USS"),
	                 "unknown currency 'USS' (ISO 4217 code such as CLP, USD, EUR, CLF)");
}
END_TEST

/* Minor units from ISO 4217 where they differ from 2. */
START_TEST(test_decimals_iso4217)
{
	static const struct { const char *code; int d; } cases[] = {
		{ "CLP", 0 }, { "JPY", 0 }, { "KRW", 0 }, { "PYG", 0 }, { "VND", 0 },
		{ "ISK", 0 }, { "UGX", 0 }, { "XAF", 0 }, { "BHD", 3 }, { "KWD", 3 },
		{ "OMR", 3 }, { "JOD", 3 }, { "TND", 3 }, { "LYD", 3 }, { "IQD", 3 },
		{ "CLF", 4 }, { "UYW", 4 }, { "USD", 2 }, { "EUR", 2 }, { "MXN", 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(money_decimals(cases[i].code) == cases[i].d, "%s: %d decimals, want %d",
		              cases[i].code, money_decimals(cases[i].code), cases[i].d);
	ck_assert_int_eq(ok("1.234", "KWD"), 1234);
	ck_assert_ptr_nonnull(strstr(bad("1.5", "KRW"), "too many decimals"));
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
}
END_TEST

/* The text quoted in a message is neutralised like all terminal output
 * (text_sanitize): a control, escape or bidi character is U+FFFD, as in
 * every other message, never '?'; accents stay; a long text is cut after
 * 32 characters, never inside one. */
#define FFFD "\xEF\xBF\xBD"
START_TEST(test_parse_errors_quote)
{
	ck_assert(text_init_locale());
	ck_assert_str_eq(bad("1\x1b[2J", "CLP"), "not a number: '1" FFFD "[2J'");
	ck_assert_str_eq(bad("1\x7f" "2\xC2\x9B" "3\xE2\x80\xAE" "4\xFF", "CLP"),
	                 "not a number: '1" FFFD "2" FFFD "3" FFFD "4" FFFD "'");
	ck_assert_str_eq(bad("12ñ", "CLP"), "not a number: '12ñ'");
	char many[41 * 2 + 1] = "";
	for (int i = 0; i < 41; i++)
		strcat(many, "ñ");
	char want[128];
	snprintf(want, sizeof want, "not a number: '%.*s...'", 32 * 2, many);
	ck_assert_str_eq(bad(many, "CLP"), want);
	ck_assert_str_eq(bad("5", "U\x1b"), "unknown currency 'U" FFFD "' (ISO 4217 code such as CLP, USD, EUR, CLF)");
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

START_TEST(test_parse_chilean_dots)
{
	/* No decimals in CLP: dots between groups of three are thousands. */
	ck_assert_int_eq(ok("1.234.567", "CLP"), 1234567);
	ck_assert_int_eq(ok("1.500", "CLP"), 1500);
	ck_assert_int_eq(ok("999.999.999", "clp"), 999999999);
	ck_assert_int_eq(ok(" 12.000 ", "CLP"), 12000);
	ck_assert_int_eq(ok("1.000.000", "JPY"), 1000000);
	ck_assert_int_eq(ok("9.223.372.036.854.775.807", "CLP"), INT64_MAX);
	ck_assert_ptr_nonnull(strstr(bad("9.223.372.036.854.775.808", "CLP"), "too large"));
	/* A dot that cannot be a thousands separator: still a decimal point. */
	ck_assert_str_eq(bad("1.5", "CLP"), "too many decimals for CLP (0 allowed)");
	ck_assert_str_eq(bad("1.50", "CLP"), "too many decimals for CLP (0 allowed)");
	ck_assert_str_eq(bad("1.5000", "CLP"), "too many decimals for CLP (0 allowed)");
	ck_assert_str_eq(bad("1.234.567,50", "CLP"), "too many decimals for CLP (0 allowed)");
	/* Badly grouped. */
	ck_assert_ptr_nonnull(strstr(bad("1.50.000", "CLP"), "thousands separator"));
	ck_assert_ptr_nonnull(strstr(bad("1.234.56", "CLP"), "thousands separator"));
	bad("1234.567", "CLP");
	bad(".123", "CLP");
	bad("1..000", "CLP");
	bad("1.000.", "CLP");
	bad("1.000,000", "CLP");
	bad("1,000.000", "CLP");
}
END_TEST

START_TEST(test_parse_dots_elsewhere_name_the_right_form)
{
	/* With decimals, dot-grouping is refused with the same number written
	 * the accepted ways. */
	ck_assert_str_eq(bad("1.234.567", "USD"),
	                 "'1.234.567' uses dots between thousands; in USD a dot marks the "
	                 "decimals: write 1234567.50 or 1,234,567.50");
	ck_assert_str_eq(bad("1.234.567,25", "EUR"),
	                 "'1.234.567,25' uses dots between thousands; in EUR a dot marks the "
	                 "decimals: write 1234567.25 or 1,234,567.25");
	ck_assert_ptr_nonnull(strstr(bad("1.234,5", "USD"), "write 1234.5 or 1,234.5"));
	/* Both suggested forms really parse to the number meant. */
	ck_assert_int_eq(ok("1234567.50", "USD"), 123456750);
	ck_assert_int_eq(ok("1,234,567.50", "USD"), 123456750);
	/* One dot is a decimal point there, as always. */
	ck_assert_int_eq(ok("1.234", "CLF"), 12340);
	ck_assert_str_eq(bad("1.505", "USD"), "too many decimals for USD (2 allowed)");
	ck_assert_ptr_nonnull(strstr(bad("1.2.3", "USD"), "write it like 1234567.50 or 1,234,567.50"));
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

/* ---- the one currency order -------------------------------------------- */

START_TEST(test_code_order)
{
	ck_assert_int_lt(money_code_cmp("CLP", "CLP", "CLF"), 0); /* the default first */
	ck_assert_int_gt(money_code_cmp("CLP", "AUD", "CLP"), 0);
	ck_assert_int_lt(money_code_cmp("CLP", "CLF", "USD"), 0); /* then by code */
	ck_assert_int_eq(money_code_cmp("CLP", "USD", "USD"), 0);
	ck_assert_int_lt(money_code_cmp("USD", "USD", "CLF"), 0);
	ck_assert_int_lt(money_code_cmp(NULL, "CLF", "CLP"), 0);
	ck_assert_int_lt(money_code_cmp("", "CLF", "CLP"), 0);
}
END_TEST

typedef struct tagged {
	int64_t amount;
	char code[MONEY_CODE_LEN + 1];
	int seen; /* where it was before sorting */
} tagged;

START_TEST(test_sort_codes)
{
	tagged t[5] = {
		{ 1, "USD", 0 }, { 2, "CLF", 1 }, { 3, "CLP", 2 }, { 4, "EUR", 3 }, { 5, "AUD", 4 },
	};
	const char *want[5] = { "CLP", "AUD", "CLF", "EUR", "USD" };

	money_sort_codes(t, 5, sizeof t[0], offsetof(tagged, code), "CLP");
	for (int i = 0; i < 5; i++) {
		ck_assert_str_eq(t[i].code, want[i]);
		ck_assert_int_eq(t[i].amount, t[i].seen + 1); /* items move whole */
	}
	/* Whatever order they come in, the same order goes out. */
	tagged u[3] = { { 7, "CLP", 0 }, { 8, "USD", 1 }, { 9, "CLF", 2 } };
	money_sort_codes(u, 3, sizeof u[0], offsetof(tagged, code), "USD");
	ck_assert_str_eq(u[0].code, "USD");
	ck_assert_str_eq(u[1].code, "CLF");
	ck_assert_str_eq(u[2].code, "CLP");
	money_sort_codes(u, 0, sizeof u[0], offsetof(tagged, code), "USD"); /* nothing to do */
	ck_assert_str_eq(u[0].code, "USD");
}
END_TEST

static Suite *money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_decimals);
	tcase_add_test(tc, test_currency_codes);
	tcase_add_test(tc, test_currency_iso4217);
	tcase_add_test(tc, test_decimals_iso4217);
	tcase_add_test(tc, test_parse_good);
	tcase_add_test(tc, test_parse_limits);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_parse_errors_quote);
	tcase_add_test(tc, test_parse_commas);
	tcase_add_test(tc, test_parse_chilean_dots);
	tcase_add_test(tc, test_parse_dots_elsewhere_name_the_right_form);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_format_human);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_small_buffers);
	tcase_add_test(tc, test_code_order);
	tcase_add_test(tc, test_sort_codes);
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
