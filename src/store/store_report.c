/*
 * store_report: the review's figures (review/report.h) from the kept
 * tables of schema 5 (store_schema.c, store_keep.c), in one snapshot.
 *
 * What it costs: with no filter, the stage summary and forecast_month
 * (stages, months and currencies), report_sum for the whole UTC days of
 * the period (a few buckets of whole years, months and days: their rows
 * are figures, stays' lengths and currencies),
 * report_figure for the hours at the period's two ends, and report_fact
 * for the stays under way (a count and a sum per stage through its
 * (stage, since) index, the middle ones by offset) and the lists. With a
 * filter, the matching opportunities (through the filter's indexes) and
 * their own kept rows.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/grow.h"

#define DAY_SECS 86400

/* Whether f narrows the opportunities (its stage and include_deleted are
 * not the report's business: it covers every stage of the live ones). */
static bool narrows(const store_filter *f)
{
	return f && (f->owner || f->line || f->client || (f->text && *f->text));
}

/* f as the report reads it: live opportunities of every stage. */
static void report_filter(const store_filter *f, store_filter *out)
{
	store_filter_init(out);
	if (f) {
		out->owner = f->owner;
		out->line = f->line;
		out->client = f->client;
		out->text = f->text;
	}
}

static void split_amount(int64_t hi, int64_t lo, int64_t *out, bool *overflow)
{
	int64_t sum;

	*overflow = false;
	if (__builtin_mul_overflow(hi, (int64_t)STORE_SUMMARY_SPLIT, &sum)
	    || __builtin_add_overflow(sum, lo, &sum)) {
		*overflow = true;
		sum = INT64_MAX;
	}
	*out = sum;
}

/* ---- stays' lengths: a histogram per stage ------------------------------- */

typedef struct hist_entry {
	int stage;
	int64_t days, count;
} hist_entry;

typedef struct hist {
	hist_entry *v;
	size_t n, cap;
} hist;

static bool hist_add(hist *h, int stage, int64_t days, int64_t count)
{
	hist_entry *v = grow_array(h->v, &h->cap, h->n, sizeof *v, 256);

	if (!v)
		return false;
	h->v = v;
	h->v[h->n++] = (hist_entry){ stage, days, count };
	return true;
}

static int hist_cmp(const void *a, const void *b)
{
	const hist_entry *x = a, *y = b;

	if (x->stage != y->stage)
		return x->stage - y->stage;
	return (x->days > y->days) - (x->days < y->days);
}

/* Each stage's days from the histogram (entries merged by days). */
static bool hist_days(hist *h, report *out)
{
	int64_t *days = NULL, *count = NULL;
	size_t i = 0;

	if (h->n > 1)
		qsort(h->v, h->n, sizeof *h->v, hist_cmp);
	if (h->n && (!(days = malloc(h->n * sizeof *days)) || !(count = malloc(h->n * sizeof *count)))) {
		free(days);
		return false;
	}
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		size_t m = 0;

		while (i < h->n && h->v[i].stage < s)
			i++;
		for (; i < h->n && h->v[i].stage == s; i++) {
			if (m > 0 && days[m - 1] == h->v[i].days) {
				count[m - 1] += h->v[i].count;
				continue;
			}
			days[m] = h->v[i].days;
			count[m++] = h->v[i].count;
		}
		report_days_hist(&out->stages[s].days, days, count, m);
	}
	free(days);
	free(count);
	return true;
}

/* ---- the period-bound figures -------------------------------------------- */

/* The columns every figures query returns, in this order. */
#define FIG_COLUMNS "what, stage, reason, days, advanced, currency"

/* Adds one row of (FIG_COLUMNS, count, amount_hi, amount_lo) to out. */
static bool add_figure(sqlite3_stmt *s, report *out, hist *h)
{
	int what = sqlite3_column_int(s, 0), stage = sqlite3_column_int(s, 1);
	int reason = sqlite3_column_int(s, 2);
	int64_t days = sqlite3_column_int64(s, 3), count = sqlite3_column_int64(s, 6), amount;
	bool advanced = sqlite3_column_int(s, 4) != 0, overflow;
	char currency[MONEY_CODE_LEN + 1];

	store_column_copy(s, 5, currency, sizeof currency);
	split_amount(sqlite3_column_int64(s, 7), sqlite3_column_int64(s, 8), &amount, &overflow);
	if (stage < 0 || stage >= PIPELINE_STAGE_COUNT || count <= 0)
		return true; /* nothing this build counts (embudo check says why) */
	switch ((review_fig)what) {
	case REVIEW_FIG_ENTERED:
		out->stages[stage].entered += count;
		if (advanced)
			out->stages[stage].advanced += count;
		break;
	case REVIEW_FIG_WON:
		out->win_rate.won += count;
		report_money_add(&out->win_rate.won_value, currency, count, amount, overflow);
		break;
	case REVIEW_FIG_LOST:
		out->win_rate.lost += count;
		report_money_add(&out->win_rate.lost_value, currency, count, amount, overflow);
		break;
	case REVIEW_FIG_CANCELLED:
		report_money_add(&out->cancelled, currency, count, amount, overflow);
		break;
	case REVIEW_FIG_LOSS:
		if (reason >= 0 && reason < PIPELINE_LOSS_COUNT)
			report_money_add(&out->losses[reason][stage], currency, count, amount, overflow);
		break;
	case REVIEW_FIG_STAY:
		return hist_add(h, stage, days, count);
	case REVIEW_FIG_COUNT:
		break;
	}
	return true;
}

/* Runs a figures statement whose parameters are bound; every row into out. */
static store_status run_figures(store *st, sqlite3_stmt *s, report *out, hist *h)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!add_figure(s, out, h))
			return store_fail(st, STORE_ERROR, "out of memory");
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "reading the review's figures");
}

/* One level's kept sums for buckets b0..b1, streamed into out (no
 * grouping: add_figure adds). */
static store_status level_figures(store *st, int level, int64_t b0, int64_t b1, report *out,
                                  hist *h)
{
	sqlite3_stmt *s;
	store_status r;

	if (b0 > b1)
		return STORE_OK;
	if (store_prepare(st, "SELECT " FIG_COLUMNS ", count, amount_hi, amount_lo FROM report_sum"
	                      " WHERE level = ? AND bucket BETWEEN ? AND ?", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, level);
	sqlite3_bind_int64(s, 2, b0);
	sqlite3_bind_int64(s, 3, b1);
	r = run_figures(st, s, out, h);
	store_release(st, s);
	return r;
}

static int64_t month_first_day(int64_t month)
{
	return date_day_number((int)(month / 12), (int)(month % 12) + 1, 1);
}

/* The whole UTC days d0..d1 from report_sum: the whole years from its
 * year level, the whole months around them from its month level, the
 * days around those from its day level. */
static store_status sum_figures(store *st, int64_t d0, int64_t d1, report *out, hist *h)
{
	int64_t lo = date_day_number(1900, 1, 1), hi = date_day_number(9999, 12, 31);
	int64_t mon0, mon1, yr0, yr1;
	int y, m, d;
	store_status r;

	/* The history's times are within the years a date may have. */
	d0 = d0 < lo ? lo : d0;
	d1 = d1 > hi ? hi : d1;
	if (d0 > d1)
		return STORE_OK;
	date_day_civil(d0, &y, &m, &d);
	mon0 = (int64_t)y * 12 + m - 1 + (d != 1);
	/* The last whole month: d1's own when d1 + 1 starts the next, else
	 * the one before d1's. */
	date_day_civil(d1 + 1, &y, &m, &d);
	if (d != 1)
		date_day_civil(d1, &y, &m, &d);
	mon1 = (int64_t)y * 12 + m - 1 - 1;
	if (mon0 > mon1)
		return level_figures(st, 0, d0, d1, out, h);
	r = level_figures(st, 0, d0, month_first_day(mon0) - 1, out, h);
	if (r == STORE_OK)
		r = level_figures(st, 0, month_first_day(mon1 + 1), d1, out, h);
	yr0 = mon0 / 12 + (mon0 % 12 != 0);
	yr1 = (mon1 + 1) / 12 - 1;
	if (r != STORE_OK || yr0 > yr1)
		return r == STORE_OK ? level_figures(st, 1, mon0, mon1, out, h) : r;
	r = level_figures(st, 1, mon0, yr0 * 12 - 1, out, h);
	if (r == STORE_OK)
		r = level_figures(st, 1, (yr1 + 1) * 12, mon1, out, h);
	if (r == STORE_OK)
		r = level_figures(st, 2, yr0, yr1, out, h);
	return r;
}

/* The kept rows of every opportunity with `at` in [from, to). */
static store_status span_figures(store *st, int64_t from, int64_t to, report *out, hist *h)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	store_status r;

	if (from >= to)
		return STORE_OK;
	/* Every (what, stage) through report_figure_at: a seek each. */
	strbuf_append(&sql, "SELECT " FIG_COLUMNS ", count(*), sum(amount / " STORE_SUMMARY_SPLIT_SQL
	                    "), sum(amount % " STORE_SUMMARY_SPLIT_SQL ") FROM report_figure"
	                    " WHERE what IN (");
	for (int w = 0; w < REVIEW_FIG_COUNT; w++)
		strbuf_appendf(&sql, "%s%d", w ? ", " : "", w);
	strbuf_append(&sql, ") AND stage IN (");
	for (int i = 0; i < PIPELINE_STAGE_COUNT; i++)
		strbuf_appendf(&sql, "%s%d", i ? ", " : "", i);
	strbuf_append(&sql, ") AND at >= ? AND at < ? GROUP BY " FIG_COLUMNS);
	if (strbuf_failed(&sql))
		r = store_fail(st, STORE_ERROR, "out of memory");
	else
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return r;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	r = run_figures(st, s, out, h);
	store_release(st, s);
	return r;
}

/* The period as [from, to) in unix time (INT64 bounds when open). */
static void period(const report_query *q, int64_t *from, int64_t *to)
{
	*from = q->has_since ? (int64_t)q->since : INT64_MIN;
	*to = q->has_until ? (int64_t)q->until + 1 : INT64_MAX;
}

/* Every opportunity: the whole days from report_sum, the hours at the
 * ends from report_figure. */
static store_status all_figures(store *st, const report_query *q, report *out, hist *h)
{
	int64_t from, to, d0, d1;
	store_status r;

	period(q, &from, &to);
	/* The first and the last whole UTC day inside [from, to). */
	d0 = from == INT64_MIN ? INT64_MIN : store_keep_day(from) + (from % DAY_SECS != 0);
	d1 = to == INT64_MAX ? INT64_MAX : store_keep_day(to) - 1;
	if (d0 != INT64_MIN && d1 != INT64_MAX && d0 > d1)
		return span_figures(st, from, to, out, h);
	r = sum_figures(st, d0, d1, out, h);
	if (r == STORE_OK && from != INT64_MIN)
		r = span_figures(st, from, d0 * DAY_SECS, out, h);
	if (r == STORE_OK && to != INT64_MAX)
		r = span_figures(st, (d1 + 1) * DAY_SECS, to, out, h);
	return r;
}

/* The matching opportunities' own rows. */
static store_status filtered_figures(store *st, const store_where *w, const report_query *q,
                                     report *out, hist *h)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t from, to;
	store_status r;

	period(q, &from, &to);
	strbuf_appendf(&sql, "SELECT f.what, f.stage, f.reason, f.days, f.advanced, f.currency,"
	                     " count(*), sum(f.amount / " STORE_SUMMARY_SPLIT_SQL "),"
	                     " sum(f.amount %% " STORE_SUMMARY_SPLIT_SQL ")"
	                     " FROM opportunity o JOIN report_figure f ON f.opp_id = o.id"
	                     " WHERE f.at >= ? AND f.at < ?%s GROUP BY 1, 2, 3, 4, 5, 6",
	               strbuf_str(&w->sql));
	if (strbuf_failed(&sql) || strbuf_failed(&w->sql))
		r = store_fail(st, STORE_ERROR, "out of memory");
	else
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return r;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	store_where_bind(s, w, 3);
	r = run_figures(st, s, out, h);
	store_release(st, s);
	return r;
}

/* ---- now: stages, the forecast by month, stays under way, list counts ---- */

static store_status stage_totals(store *st, const store_filter *f, report *out)
{
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_status r = store_summarize(st, f, sum);

	if (r != STORE_OK)
		return r;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		out->stages[s].count = sum[s].count;
		out->stages[s].totals = sum[s];
	}
	return STORE_OK;
}

static store_status months(store *st, const store_where *w, const report_query *q, report *out)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	store_status r = STORE_OK;
	int rc;

	if (!w)
		strbuf_append(&sql, "SELECT stage, month, currency, count, amount_hi, amount_lo"
		                    " FROM forecast_month WHERE count > 0");
	else
		strbuf_appendf(&sql, "SELECT o.stage, substr(o.close_date, 1, 7), o.currency, count(*),"
		                     " sum(coalesce(o.amount, 0) / " STORE_SUMMARY_SPLIT_SQL "),"
		                     " sum(coalesce(o.amount, 0) %% " STORE_SUMMARY_SPLIT_SQL ")"
		                     " FROM opportunity o WHERE 1%s GROUP BY 1, 2, 3",
		               strbuf_str(&w->sql));
	if (strbuf_failed(&sql) || (w && strbuf_failed(&w->sql)))
		r = store_fail(st, STORE_ERROR, "out of memory");
	else
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return r;
	if (w)
		store_where_bind(s, w, 1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pipeline_stage stage;
		char month[16], currency[MONEY_CODE_LEN + 1];
		int64_t amount;
		bool overflow;

		if (!store_stage_from_slug((const char *)sqlite3_column_text(s, 0), &stage))
			continue; /* the summary reports such a row */
		store_column_copy(s, 1, month, sizeof month);
		store_column_copy(s, 2, currency, sizeof currency);
		split_amount(sqlite3_column_int64(s, 4), sqlite3_column_int64(s, 5), &amount, &overflow);
		if (!report_forecast_add(out, month, stage, currency, sqlite3_column_int64(s, 3), amount,
		                         overflow, q->probability[stage])) {
			r = store_fail(st, STORE_ERROR, "out of memory");
			break;
		}
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = store_sql_fail(st, "reading the forecast");
	store_release(st, s);
	return r;
}

/* One integer from sql, its parameters bound by the caller's values. */
static store_status one_int(store *st, sqlite3_stmt *s, int64_t *out)
{
	int rc = sqlite3_step(s);

	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "reading the review's figures");
}

/* Days to now of a stay that began at since (0 when in the future). */
static int64_t days_to(int64_t since, time_t now)
{
	return review_days_between((time_t)since, now);
}

/* The stays under way of every opportunity: per stage, how many and the
 * sum of their days over the (stage, since) index, and the middle ones
 * (newest first is fewest days first) by offset. */
static store_status all_open_days(store *st, const report_query *q, report *out)
{
	for (int stage = 0; stage < PIPELINE_STAGE_COUNT; stage++) {
		sqlite3_stmt *s;
		int64_t n = 0, sum = 0, mid[2] = { 0, 0 };
		int rc, k = 0;

		if (store_prepare(st, "SELECT count(*), total(max(? - since, 0) / 86400)"
		                      " FROM report_fact WHERE stage = ?", &s) != STORE_OK)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, (int64_t)q->now);
		sqlite3_bind_int(s, 2, stage);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			n = sqlite3_column_int64(s, 0);
			sum = (int64_t)sqlite3_column_double(s, 1);
		}
		store_release(st, s);
		if (rc != SQLITE_ROW)
			return store_sql_fail(st, "reading the stays under way");
		if (n == 0) {
			report_days_set(&out->stages[stage].open_days, 0, 0, 0, 0);
			continue;
		}
		if (store_prepare(st, "SELECT since FROM report_fact WHERE stage = ?"
		                      " ORDER BY since DESC LIMIT 2 OFFSET ?", &s) != STORE_OK)
			return STORE_ERROR;
		sqlite3_bind_int(s, 1, stage);
		sqlite3_bind_int64(s, 2, (n - 1) / 2);
		while (k < 2 && (rc = sqlite3_step(s)) == SQLITE_ROW)
			mid[k++] = days_to(sqlite3_column_int64(s, 0), q->now);
		store_release(st, s);
		if (k == 0 || (rc != SQLITE_ROW && rc != SQLITE_DONE))
			return store_sql_fail(st, "reading the stays under way");
		/* Odd: the one in the middle; even: it and the next. */
		report_days_set(&out->stages[stage].open_days, n, mid[0], n % 2 ? mid[0] : mid[1],
		                (double)sum);
	}
	return STORE_OK;
}

static int int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The stays under way of the matching opportunities, read whole. */
static store_status filtered_open_days(store *st, const store_where *w, const report_query *q,
                                       report *out)
{
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t *days[PIPELINE_STAGE_COUNT] = { 0 };
	size_t n[PIPELINE_STAGE_COUNT] = { 0 }, cap[PIPELINE_STAGE_COUNT] = { 0 };
	store_status r;
	int rc;

	strbuf_appendf(&sql, "SELECT r.stage, r.since FROM opportunity o"
	                     " JOIN report_fact r ON r.opp_id = o.id WHERE 1%s", strbuf_str(&w->sql));
	if (strbuf_failed(&sql) || strbuf_failed(&w->sql))
		r = store_fail(st, STORE_ERROR, "out of memory");
	else
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return r;
	store_where_bind(s, w, 1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int stage = sqlite3_column_int(s, 0);

		if (stage < 0 || stage >= PIPELINE_STAGE_COUNT)
			continue;
		if (n[stage] == cap[stage]) {
			size_t c = cap[stage] ? cap[stage] * 2 : 64;
			int64_t *v = realloc(days[stage], c * sizeof *v);

			if (!v) {
				r = store_fail(st, STORE_ERROR, "out of memory");
				break;
			}
			days[stage] = v;
			cap[stage] = c;
		}
		days[stage][n[stage]++] = days_to(sqlite3_column_int64(s, 1), q->now);
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = store_sql_fail(st, "reading the stays under way");
	store_release(st, s);
	for (int stage = 0; stage < PIPELINE_STAGE_COUNT; stage++) {
		double sum = 0;
		size_t m = n[stage];

		if (r == STORE_OK && m > 0) {
			qsort(days[stage], m, sizeof *days[stage], int64_cmp);
			for (size_t i = 0; i < m; i++)
				sum += (double)days[stage][i];
			report_days_set(&out->stages[stage].open_days, (int64_t)m, days[stage][(m - 1) / 2],
			                days[stage][m / 2], sum);
		} else {
			report_days_set(&out->stages[stage].open_days, 0, 0, 0, 0);
		}
		free(days[stage]);
	}
	return r;
}

/* The WHERE of each list over report_fact r (and report_figure f for the
 * cards behind a figure); its parameters are bound by bind_list. */
static bool list_where(const report_pick *p, strbuf *sql)
{
	switch (p->list) {
	case REPORT_OVERDUE:
		strbuf_append(sql, "r.close IS NOT NULL AND r.close < ?");
		return true;
	case REPORT_SLIPPED:
		strbuf_append(sql, "r.slips IS NOT NULL");
		return true;
	case REPORT_AWAITING_INVOICE:
	case REPORT_AWAITING_DELIVERY:
		strbuf_append(sql, "r.awaiting = ?");
		return true;
	case REPORT_ENTERED:
	case REPORT_ADVANCED:
	case REPORT_WON:
	case REPORT_LOST:
	case REPORT_CANCELLED:
	case REPORT_LOSSES:
		strbuf_append(sql, "f.what = ? AND f.at >= ? AND f.at < ?");
		if (p->list == REPORT_ENTERED || p->list == REPORT_ADVANCED)
			strbuf_append(sql, " AND f.stage = ?");
		if (p->list == REPORT_ADVANCED)
			strbuf_append(sql, " AND f.advanced = 1");
		if (p->list == REPORT_LOSSES && p->reason < PIPELINE_LOSS_COUNT)
			strbuf_append(sql, " AND f.reason = ?");
		if (p->list == REPORT_LOSSES && p->from < PIPELINE_STAGE_COUNT)
			strbuf_append(sql, " AND f.stage = ?");
		return false;
	case REPORT_LIST_COUNT:
		break;
	}
	strbuf_append(sql, "0");
	return true;
}

static review_fig pick_fig(report_list l)
{
	switch (l) {
	case REPORT_WON: return REVIEW_FIG_WON;
	case REPORT_LOST: return REVIEW_FIG_LOST;
	case REPORT_CANCELLED: return REVIEW_FIG_CANCELLED;
	case REPORT_LOSSES: return REVIEW_FIG_LOSS;
	default: return REVIEW_FIG_ENTERED;
	}
}

static int bind_list(sqlite3_stmt *s, const report_pick *p, const report_query *q, int i)
{
	char today[DATE_LEN + 1];
	int64_t from, to;

	switch (p->list) {
	case REPORT_OVERDUE:
		date_local_today(q->now, today);
		store_bind_text(s, i++, today);
		break;
	case REPORT_AWAITING_INVOICE:
	case REPORT_AWAITING_DELIVERY:
		sqlite3_bind_int(s, i++, (int)p->list);
		break;
	case REPORT_ENTERED:
	case REPORT_ADVANCED:
	case REPORT_WON:
	case REPORT_LOST:
	case REPORT_CANCELLED:
	case REPORT_LOSSES:
		period(q, &from, &to);
		sqlite3_bind_int(s, i++, (int)pick_fig(p->list));
		sqlite3_bind_int64(s, i++, from);
		sqlite3_bind_int64(s, i++, to);
		if (p->list == REPORT_ENTERED || p->list == REPORT_ADVANCED)
			sqlite3_bind_int(s, i++, (int)p->stage);
		if (p->list == REPORT_LOSSES && p->reason < PIPELINE_LOSS_COUNT)
			sqlite3_bind_int(s, i++, (int)p->reason);
		if (p->list == REPORT_LOSSES && p->from < PIPELINE_STAGE_COUNT)
			sqlite3_bind_int(s, i++, (int)p->from);
		break;
	case REPORT_SLIPPED:
	case REPORT_LIST_COUNT:
		break;
	}
	return i;
}

static bool valid_pick(const report_pick *p)
{
	if ((int)p->list < 0 || p->list >= REPORT_LIST_COUNT)
		return false;
	if ((p->list == REPORT_ENTERED || p->list == REPORT_ADVANCED)
	    && ((int)p->stage < 0 || p->stage >= PIPELINE_STAGE_COUNT))
		return false;
	return true;
}

/* The list's statement: its count, or a page of its entries. */
static void list_sql(const report_pick *p, const store_where *w, bool count, strbuf *sql)
{
	bool fact = p->list < REPORT_LISTS;
	const char *key = fact ? "r.opp_id" : "f.opp_id";

	if (count)
		strbuf_append(sql, "SELECT count(*)");
	else if (fact)
		strbuf_append(sql, "SELECT r.opp_id, r.close, r.slips, r.first_close, r.since, 0, 0");
	else
		strbuf_append(sql, "SELECT f.opp_id, NULL, NULL, NULL, 0, f.at, f.advanced");
	strbuf_append(sql, fact ? " FROM report_fact r" : " FROM report_figure f");
	if (w)
		strbuf_appendf(sql, " JOIN opportunity o ON o.id = %s", key);
	strbuf_append(sql, " WHERE ");
	list_where(p, sql);
	if (w)
		strbuf_append(sql, strbuf_str(&w->sql));
	if (count)
		return;
	switch (p->list) {
	case REPORT_OVERDUE:
		strbuf_append(sql, " ORDER BY r.close, r.opp_id");
		break;
	case REPORT_SLIPPED:
		strbuf_append(sql, " ORDER BY r.slips DESC, r.opp_id");
		break;
	case REPORT_AWAITING_INVOICE:
	case REPORT_AWAITING_DELIVERY:
		strbuf_append(sql, " ORDER BY r.since, r.opp_id");
		break;
	default:
		strbuf_append(sql, " ORDER BY f.opp_id, f.at");
		break;
	}
	strbuf_append(sql, " LIMIT ? OFFSET ?");
}

static store_status prepare_list(store *st, const report_pick *p, const store_where *w,
                                 bool count, const report_query *q, sqlite3_stmt **s, int *next)
{
	strbuf sql = STRBUF_INIT;
	store_status r;

	list_sql(p, w, count, &sql);
	if (strbuf_failed(&sql) || (w && strbuf_failed(&w->sql)))
		r = store_fail(st, STORE_ERROR, "out of memory");
	else
		r = store_prepare(st, strbuf_str(&sql), s);
	strbuf_free(&sql);
	if (r != STORE_OK)
		return r;
	*next = bind_list(*s, p, q, 1);
	if (w)
		*next = store_where_bind(*s, w, *next);
	return STORE_OK;
}

static store_status list_counts(store *st, const store_where *w, const report_query *q,
                                report *out)
{
	for (int l = 0; l < REPORT_LISTS; l++) {
		report_pick p = { .list = (report_list)l };
		sqlite3_stmt *s;
		int next;
		store_status r = prepare_list(st, &p, w, true, q, &s, &next);

		if (r != STORE_OK)
			return r;
		r = one_int(st, s, &out->lists[l]);
		store_release(st, s);
		if (r != STORE_OK)
			return r;
	}
	return STORE_OK;
}

/* ---- the calls ------------------------------------------------------------ */

static store_status read_report(store *st, const store_filter *f, const report_query *q,
                                report *out)
{
	store_filter rf;
	store_where w;
	bool narrow = narrows(f);
	hist h = { 0 };
	store_status r;

	report_filter(f, &rf);
	r = store_where_filter(st, &rf, &w);
	if (r == STORE_OK)
		r = stage_totals(st, &rf, out);
	if (r == STORE_OK)
		r = months(st, narrow ? &w : NULL, q, out);
	if (r == STORE_OK)
		r = narrow ? filtered_figures(st, &w, q, out, &h) : all_figures(st, q, out, &h);
	if (r == STORE_OK && !hist_days(&h, out))
		r = store_fail(st, STORE_ERROR, "out of memory");
	if (r == STORE_OK)
		r = narrow ? filtered_open_days(st, &w, q, out) : all_open_days(st, q, out);
	if (r == STORE_OK)
		r = list_counts(st, narrow ? &w : NULL, q, out);
	free(h.v);
	store_where_free(&w);
	if (r == STORE_OK)
		report_finish(out, q);
	return r;
}

store_status store_report(store *st, const store_filter *f, const report_query *q, report *out)
{
	store_status r;

	report_init(out);
	if ((r = store_read_begin(st)) != STORE_OK)
		return r;
	r = read_report(st, f, q, out);
	store_read_end(st);
	if (r != STORE_OK) {
		report_free(out);
		report_init(out);
	}
	return r;
}

static store_status read_list(store *st, const store_filter *f, const report_query *q,
                              const report_pick *p, int64_t offset, int limit,
                              report_item *items, int *n)
{
	store_filter rf;
	store_where w;
	sqlite3_stmt *s;
	char today[DATE_LEN + 1];
	int next, rc = SQLITE_DONE;
	store_status r;

	report_filter(f, &rf);
	r = store_where_filter(st, &rf, &w);
	if (r == STORE_OK)
		r = prepare_list(st, p, narrows(f) ? &w : NULL, false, q, &s, &next);
	if (r != STORE_OK) {
		store_where_free(&w);
		return r;
	}
	sqlite3_bind_int(s, next, limit);
	sqlite3_bind_int64(s, next + 1, offset < 0 ? 0 : offset);
	date_local_today(q->now, today);
	while (*n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		report_item *it = &items[(*n)++];

		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(s, 0);
		store_column_copy(s, 1, it->close, sizeof it->close);
		it->times = sqlite3_column_int64(s, 2);
		store_column_copy(s, 3, it->from, sizeof it->from);
		it->at = (time_t)sqlite3_column_int64(s, 5);
		it->advanced = p->list == REPORT_ENTERED && sqlite3_column_int(s, 6) != 0;
		if (p->list == REPORT_OVERDUE && !date_days_between(it->close, today, &it->days))
			it->days = 0;
		if (p->list == REPORT_AWAITING_INVOICE || p->list == REPORT_AWAITING_DELIVERY)
			it->days = days_to(sqlite3_column_int64(s, 4), q->now);
	}
	if (*n < limit && rc != SQLITE_DONE)
		r = store_sql_fail(st, "reading a list of the review");
	store_release(st, s);
	store_where_free(&w);
	return r;
}

store_status store_report_list(store *st, const store_filter *f, const report_query *q,
                               const report_pick *pick, int64_t offset, int limit,
                               report_item *items, int *n)
{
	store_status r;

	*n = 0;
	if (!pick || !valid_pick(pick))
		return store_fail(st, STORE_INVALID, "no such list of the review");
	if (limit <= 0)
		return STORE_OK;
	if ((r = store_read_begin(st)) != STORE_OK)
		return r;
	r = read_list(st, f, q, pick, offset, limit, items, n);
	store_read_end(st);
	if (r != STORE_OK)
		*n = 0;
	return r;
}

store_status store_report_groups(store *st, const store_filter *f, report_by by, char ***names,
                                 int *n)
{
	const char *col = by == REPORT_BY_LINE ? "line" : "owner";
	store_filter rf;
	store_where w;
	strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	char **v = NULL;
	int cap = 0, rc = SQLITE_DONE;
	store_status r;

	*names = NULL;
	*n = 0;
	if (by != REPORT_BY_OWNER && by != REPORT_BY_LINE)
		return store_fail(st, STORE_INVALID, "a report is grouped by owner or by line");
	report_filter(f, &rf);
	if ((r = store_read_begin(st)) != STORE_OK)
		return r;
	r = store_where_filter(st, &rf, &w);
	/* One name per folded value, as a card writes it; "" is a group too. */
	strbuf_appendf(&sql, "SELECT min(o.%s) FROM opportunity o WHERE 1%s"
	                     " GROUP BY embudo_fold(o.%s) ORDER BY embudo_fold(o.%s)",
	               col, strbuf_str(&w.sql), col, col);
	if (r == STORE_OK && (strbuf_failed(&sql) || strbuf_failed(&w.sql)))
		r = store_fail(st, STORE_ERROR, "out of memory");
	if (r == STORE_OK)
		r = store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&sql);
	if (r == STORE_OK) {
		store_where_bind(s, &w, 1);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (*n == cap) {
				int c = cap ? cap * 2 : 16;
				char **nv = realloc(v, (size_t)c * sizeof *nv);

				if (!nv) {
					r = store_fail(st, STORE_ERROR, "out of memory");
					break;
				}
				v = nv;
				cap = c;
			}
			const char *name = (const char *)sqlite3_column_text(s, 0);

			if (!(v[*n] = strdup(name ? name : ""))) {
				r = store_fail(st, STORE_ERROR, "out of memory");
				break;
			}
			(*n)++;
		}
		if (r == STORE_OK && rc != SQLITE_DONE)
			r = store_sql_fail(st, "grouping the review");
		store_release(st, s);
	}
	store_where_free(&w);
	store_read_end(st);
	if (r != STORE_OK) {
		store_report_groups_free(v, *n);
		v = NULL;
		*n = 0;
	}
	*names = v;
	return r;
}

void store_report_groups_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
