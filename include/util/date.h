/*
 * date: calendar dates (YYYY-MM-DD) and UTC timestamps (YYYY-MM-DDTHH:MM:SSZ).
 * Pure but for the explicit `now` the caller passes in.
 */
#ifndef EMBUDO_DATE_H
#define EMBUDO_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define DATE_LEN 10      /* "2026-11-27" */
#define DATE_TS_LEN 20   /* "2026-11-27T02:19:52Z" */

/* True for a real calendar date written exactly as YYYY-MM-DD (1900..9999). */
bool date_valid(const char *s);

/* The UTC date of `now` as YYYY-MM-DD. */
void date_today(time_t now, char out[DATE_LEN + 1]);

/* `now` as a UTC timestamp. */
void date_timestamp(time_t now, char out[DATE_TS_LEN + 1]);

/* Parses a timestamp written by date_timestamp (or a plain date, taken as
 * midnight UTC). Returns false on anything else. */
bool date_parse_timestamp(const char *s, time_t *out);

/* Whole days from timestamp `since` to `now` (0 when since is in the future
 * or unparsable). */
int64_t date_days_since(const char *since, time_t now);

/* The clock embudo uses: $EMBUDO_NOW (a timestamp or date, for tests and
 * demos) when set and valid, else time(NULL). */
time_t date_now(void);

/* Local calendar days (the TZ of the process), for the periods of
 * reports: the first instant of day (00:00:00 local) and its last
 * (23:59:59 local, the instant before the next day starts). False for
 * anything but a real YYYY-MM-DD date the clock can hold. */
bool date_local_day_start(const char *day, time_t *out);
bool date_local_day_end(const char *day, time_t *out);
/* The local date of now as YYYY-MM-DD. */
void date_local_today(time_t now, char out[DATE_LEN + 1]);
/* Calendar days from date `from` to date `to` (negative when to is
 * earlier); false unless both are real YYYY-MM-DD dates. */
bool date_days_between(const char *from, const char *to, int64_t *out);
/* Days since 1970-01-01 of the (proleptic Gregorian) date y-m-d, and
 * back. */
int64_t date_day_number(int y, int m, int d);
void date_day_civil(int64_t day, int *y, int *m, int *d);

#endif
