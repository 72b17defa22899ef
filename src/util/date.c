/*
 * date: calendar dates and UTC timestamps.
 *
 * Our own days-from-civil arithmetic (Howard Hinnant's algorithms) rather
 * than timegm/gmtime_r: it is exact for every year, needs no time zone and
 * cannot fail, so formatting any time_t always writes a well-formed string.
 */
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECS_PER_DAY 86400

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Floor division, so times before 1970 land on the right day. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Reads exactly n ASCII digits. */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Parses the YYYY-MM-DD prefix of s (no terminator check). */
static bool parse_date_prefix(const char *s, int *y, int *m, int *d)
{
	if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) ||
	    s[7] != '-' || !digits(s + 8, 2, d))
		return false;
	return *y >= 1900 && *y <= 9999 && *m >= 1 && *m <= 12 &&
	       *d >= 1 && *d <= days_in_month(*y, *m);
}

bool date_valid(const char *s)
{
	int y, m, d;

	return s && strlen(s) == DATE_LEN && parse_date_prefix(s, &y, &m, &d);
}

/* Years outside 0..9999 cannot be written in four digits; clamp them so the
 * output keeps its fixed shape (no real clock gets there). */
static void split_time(time_t now, int *y, int *m, int *d, int *secs)
{
	int64_t t = (int64_t)now, days = floor_div(t, SECS_PER_DAY), year;

	*secs = (int)(t - days * SECS_PER_DAY);
	civil_from_days(days, &year, m, d);
	if (year < 0) {
		year = 0;
		*m = *d = 1;
		*secs = 0;
	} else if (year > 9999) {
		year = 9999;
		*m = 12;
		*d = 31;
		*secs = SECS_PER_DAY - 1;
	}
	*y = (int)year;
}

void date_today(time_t now, char out[DATE_LEN + 1])
{
	int y, m, d, secs;

	split_time(now, &y, &m, &d, &secs);
	/* Unsigned and bounded so the compiler can see the fixed width. */
	snprintf(out, DATE_LEN + 1, "%04u-%02u-%02u", (unsigned)y % 10000u,
	         (unsigned)m % 100u, (unsigned)d % 100u);
}

void date_timestamp(time_t now, char out[DATE_TS_LEN + 1])
{
	int y, m, d, secs;

	split_time(now, &y, &m, &d, &secs);
	snprintf(out, DATE_TS_LEN + 1, "%04u-%02u-%02uT%02u:%02u:%02uZ",
	         (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u,
	         (unsigned)secs / 3600u % 100u, (unsigned)secs / 60u % 60u,
	         (unsigned)secs % 60u);
}

bool date_parse_timestamp(const char *s, time_t *out)
{
	int y, m, d, hh = 0, mm = 0, ss = 0;
	size_t n;

	if (!s)
		return false;
	n = strlen(s);
	if (n != DATE_LEN && n != DATE_TS_LEN)
		return false;
	if (!parse_date_prefix(s, &y, &m, &d))
		return false;
	if (n == DATE_TS_LEN) {
		if (s[10] != 'T' || !digits(s + 11, 2, &hh) || s[13] != ':' ||
		    !digits(s + 14, 2, &mm) || s[16] != ':' ||
		    !digits(s + 17, 2, &ss) || s[19] != 'Z')
			return false;
		if (hh > 23 || mm > 59 || ss > 59)
			return false;
	}
	if (out) {
		int64_t t = days_from_civil(y, m, d) * SECS_PER_DAY +
		            hh * 3600 + mm * 60 + ss;
		/* A 32-bit time_t cannot hold every year up to 9999. */
		if ((int64_t)(time_t)t != t)
			return false;
		*out = (time_t)t;
	}
	return true;
}

int64_t date_days_since(const char *since, time_t now)
{
	time_t t;

	if (!date_parse_timestamp(since, &t) || t >= now)
		return 0;
	return ((int64_t)now - (int64_t)t) / SECS_PER_DAY;
}

time_t date_now(void)
{
	const char *env = getenv("EMBUDO_NOW");
	time_t t;

	if (env && date_parse_timestamp(env, &t))
		return t;
	/* Seconds since the epoch too, handy with `date +%s`. */
	if (env && *env && strspn(env, "0123456789") == strlen(env) &&
	    strlen(env) <= 12)
		return (time_t)strtoll(env, NULL, 10);
	return time(NULL);
}

/* ---- local calendar days (reports) -------------------------------------- */

bool date_local_day_start(const char *day, time_t *out)
{
	int y, m, d;
	struct tm tm;
	time_t t;

	if (!date_valid(day) || !parse_date_prefix(day, &y, &m, &d))
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1; /* whatever the zone says of that day */
	t = mktime(&tm);
	if (t == (time_t)-1 && !(tm.tm_year == 69 && tm.tm_mon == 11 && tm.tm_mday == 31))
		return false;
	*out = t;
	return true;
}

bool date_local_day_end(const char *day, time_t *out)
{
	int y, m, d;
	char next[DATE_LEN + 1];
	time_t start;

	if (!date_valid(day) || !parse_date_prefix(day, &y, &m, &d))
		return false;
	/* The instant before the next day starts (a day of 23 or 25 hours
	 * across a change of summer time is whole either way). */
	date_today((time_t)((days_from_civil(y, m, d) + 1) * SECS_PER_DAY), next);
	if (y == 9999 && m == 12 && d == 31) {
		if (!date_local_day_start(day, &start))
			return false;
		*out = start + SECS_PER_DAY - 1;
		return true;
	}
	if (!date_local_day_start(next, &start))
		return false;
	*out = start - 1;
	return true;
}

void date_local_today(time_t now, char out[DATE_LEN + 1])
{
	struct tm tm;

	if (!localtime_r(&now, &tm)) {
		date_today(now, out);
		return;
	}
	snprintf(out, DATE_LEN + 1, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
	         (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

bool date_days_between(const char *from, const char *to, int64_t *out)
{
	int y1, m1, d1, y2, m2, d2;

	if (!date_valid(from) || !date_valid(to) || !parse_date_prefix(from, &y1, &m1, &d1)
	    || !parse_date_prefix(to, &y2, &m2, &d2))
		return false;
	*out = days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1);
	return true;
}

int64_t date_day_number(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

void date_day_civil(int64_t day, int *y, int *m, int *d)
{
	int64_t year;

	civil_from_days(day, &year, m, d);
	*y = (int)year;
}
