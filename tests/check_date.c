/* Tests for date: calendar validity, UTC formatting and parsing, the clock. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"

/* 2026-11-27T02:19:52Z, computed independently: 20784 days * 86400 + 8392. */
#define T_2026_11_27 ((time_t)1795745992)

START_TEST(test_valid_dates)
{
	ck_assert(date_valid("2026-11-27"));
	ck_assert(date_valid("1900-01-01"));
	ck_assert(date_valid("9999-12-31"));
	ck_assert(date_valid("2024-02-29"));          /* leap year */
	ck_assert(date_valid("2000-02-29"));          /* divisible by 400 */
	ck_assert(date_valid("2026-01-31"));
	ck_assert(date_valid("2026-04-30"));
}
END_TEST

START_TEST(test_invalid_dates)
{
	ck_assert(!date_valid("2023-02-29"));         /* not a leap year */
	ck_assert(!date_valid("1900-02-29"));         /* divisible by 100 only */
	ck_assert(!date_valid("2026-04-31"));
	ck_assert(!date_valid("2026-13-01"));
	ck_assert(!date_valid("2026-00-10"));
	ck_assert(!date_valid("2026-01-00"));
	ck_assert(!date_valid("2026-01-32"));
	ck_assert(!date_valid("1899-12-31"));         /* before the range */
	ck_assert(!date_valid("2026-1-05"));
	ck_assert(!date_valid("2026/01/05"));
	ck_assert(!date_valid("2026-01-05 "));
	ck_assert(!date_valid(" 2026-01-05"));
	ck_assert(!date_valid("2026-01-05T00:00:00Z"));
	ck_assert(!date_valid("20260105"));
	ck_assert(!date_valid("2026-0a-05"));
	ck_assert(!date_valid("+026-01-05"));
	ck_assert(!date_valid(""));
	ck_assert(!date_valid(NULL));
}
END_TEST

START_TEST(test_format)
{
	char d[DATE_LEN + 1], ts[DATE_TS_LEN + 1];

	date_today(0, d);
	ck_assert_str_eq(d, "1970-01-01");
	date_timestamp(0, ts);
	ck_assert_str_eq(ts, "1970-01-01T00:00:00Z");
	date_today(T_2026_11_27, d);
	ck_assert_str_eq(d, "2026-11-27");
	date_timestamp(T_2026_11_27, ts);
	ck_assert_str_eq(ts, "2026-11-27T02:19:52Z");
	/* Leap day and the second before midnight. */
	date_timestamp((time_t)951868799, ts);
	ck_assert_str_eq(ts, "2000-02-29T23:59:59Z");
	/* Before 1970 too. */
	date_timestamp((time_t)-1, ts);
	ck_assert_str_eq(ts, "1969-12-31T23:59:59Z");
}
END_TEST

START_TEST(test_parse)
{
	time_t t = 0;

	ck_assert(date_parse_timestamp("2026-11-27T02:19:52Z", &t));
	ck_assert_int_eq((int64_t)t, (int64_t)T_2026_11_27);
	ck_assert(date_parse_timestamp("2026-11-27", &t));
	ck_assert_int_eq((int64_t)t, (int64_t)T_2026_11_27 - 8392);
	ck_assert(date_parse_timestamp("1970-01-01T00:00:00Z", &t));
	ck_assert_int_eq((int64_t)t, 0);
	ck_assert(date_parse_timestamp("1900-01-01", &t));
	ck_assert_int_eq((int64_t)t, -2208988800LL);

	t = 77;
	ck_assert(!date_parse_timestamp("2026-11-27T24:00:00Z", &t));
	ck_assert(!date_parse_timestamp("2026-11-27T23:60:00Z", &t));
	ck_assert(!date_parse_timestamp("2026-11-27T23:59:60Z", &t));
	ck_assert(!date_parse_timestamp("2026-11-27T02:19:52", &t));
	ck_assert(!date_parse_timestamp("2026-11-27 02:19:52Z", &t));
	ck_assert(!date_parse_timestamp("2026-11-27T02:19:52+01", &t));
	ck_assert(!date_parse_timestamp("2026-02-30T00:00:00Z", &t));
	ck_assert(!date_parse_timestamp("2026-11-27T2:19:52ZZ", &t));
	ck_assert(!date_parse_timestamp("yesterday", &t));
	ck_assert(!date_parse_timestamp("", &t));
	ck_assert(!date_parse_timestamp(NULL, &t));
	ck_assert_int_eq((int64_t)t, 77);   /* untouched on failure */
}
END_TEST

START_TEST(test_round_trip)
{
	char ts[DATE_TS_LEN + 1];
	time_t back;

	/* Every ~11.6 days for 130 years, at varying times of day. */
	for (int64_t t = -2208988800LL; t < 4102444800LL; t += 1000003) {
		date_timestamp((time_t)t, ts);
		ck_assert_msg(date_parse_timestamp(ts, &back), "%s", ts);
		ck_assert_int_eq((int64_t)back, t);
	}
}
END_TEST

START_TEST(test_matches_gmtime)
{
	char ts[DATE_TS_LEN + 1], want[32];
	struct tm tm;

	for (int64_t t = -2208988800LL; t < 4102444800LL; t += 7777777) {
		time_t tt = (time_t)t;

		ck_assert_ptr_nonnull(gmtime_r(&tt, &tm));
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		date_timestamp(tt, ts);
		ck_assert_str_eq(ts, want);
	}
}
END_TEST

START_TEST(test_days_since)
{
	time_t now = T_2026_11_27;

	ck_assert_int_eq(date_days_since("2026-11-27T02:19:52Z", now), 0);
	ck_assert_int_eq(date_days_since("2026-11-26T02:19:53Z", now), 0);
	ck_assert_int_eq(date_days_since("2026-11-26T02:19:52Z", now), 1);
	ck_assert_int_eq(date_days_since("2026-11-20", now), 7);
	ck_assert_int_eq(date_days_since("2025-11-27", now), 365);
	ck_assert_int_eq(date_days_since("2024-11-27", now), 730);   /* 2025 not leap */
	ck_assert_int_eq(date_days_since("2023-11-27", now), 1096);  /* includes 2024-02-29 */
	ck_assert_int_eq(date_days_since("2027-01-01", now), 0);     /* future */
	ck_assert_int_eq(date_days_since("garbage", now), 0);
	ck_assert_int_eq(date_days_since(NULL, now), 0);
}
END_TEST

START_TEST(test_now_env)
{
	time_t before, t;

	setenv("EMBUDO_NOW", "2026-11-27T02:19:52Z", 1);
	ck_assert_int_eq((int64_t)date_now(), (int64_t)T_2026_11_27);
	setenv("EMBUDO_NOW", "2026-11-27", 1);
	ck_assert_int_eq((int64_t)date_now(), (int64_t)T_2026_11_27 - 8392);
	setenv("EMBUDO_NOW", "1795745992", 1);
	ck_assert_int_eq((int64_t)date_now(), (int64_t)T_2026_11_27);

	/* Invalid or unset: the real clock. */
	setenv("EMBUDO_NOW", "not-a-date", 1);
	before = time(NULL);
	t = date_now();
	ck_assert(t >= before && t <= time(NULL));
	unsetenv("EMBUDO_NOW");
	before = time(NULL);
	t = date_now();
	ck_assert(t >= before && t <= time(NULL));
}
END_TEST

static Suite *date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_valid_dates);
	tcase_add_test(tc, test_invalid_dates);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_matches_gmtime);
	tcase_add_test(tc, test_days_since);
	tcase_add_test(tc, test_now_env);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(date_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
