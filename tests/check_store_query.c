/*
 * check_store_query: the board's queries (cards, offsets, summaries,
 * filters, the streaming list) and that they stay index-driven on a large
 * database.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store_test.h"
#include "util/text.h"

/* ---- brute-force recount through store_list --------------------------- */

typedef struct recount {
	int64_t count[PIPELINE_STAGE_COUNT];
	char cur[PIPELINE_STAGE_COUNT][8][MONEY_CODE_LEN + 1];
	int64_t ccount[PIPELINE_STAGE_COUNT][8], amount[PIPELINE_STAGE_COUNT][8];
	int ncur[PIPELINE_STAGE_COUNT];
	int64_t rows;
	int last_stage;
	int64_t last_pos;
	bool ordered;
} recount;

static int recount_cb(const store_opp *o, void *ctx)
{
	recount *r = ctx;
	int s = (int)o->stage, k;

	/* Stage then position order. */
	if (s < r->last_stage || (s == r->last_stage && o->position < r->last_pos))
		r->ordered = false;
	r->last_stage = s;
	r->last_pos = o->position;
	r->rows++;
	r->count[s]++;
	for (k = 0; k < r->ncur[s]; k++)
		if (strcmp(r->cur[s][k], o->currency) == 0)
			break;
	if (k == r->ncur[s]) {
		ck_assert_int_lt(k, 8);
		snprintf(r->cur[s][k], sizeof r->cur[s][k], "%s", o->currency);
		r->ncur[s]++;
	}
	r->ccount[s][k]++;
	r->amount[s][k] += o->has_amount ? o->amount : 0;
	return 0;
}

static void compare_summary(store *st, const store_filter *f)
{
	store_summary sum[PIPELINE_STAGE_COUNT];
	recount r;

	memset(&r, 0, sizeof r);
	r.ordered = true;
	ck_assert_int_eq(store_list(st, f, recount_cb, &r), STORE_OK);
	ck_assert(r.ordered);
	ck_assert_int_eq(store_summarize(st, f, sum), STORE_OK);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		ck_assert_int_eq(sum[s].count, r.count[s]);
		ck_assert_int_eq(sum[s].ntotals, r.ncur[s]);
		ck_assert(!sum[s].more);
		for (int t = 0; t < sum[s].ntotals; t++) {
			int k;

			if (t > 0)
				ck_assert_int_ge(sum[s].totals[t - 1].count, sum[s].totals[t].count);
			for (k = 0; k < r.ncur[s]; k++)
				if (strcmp(r.cur[s][k], sum[s].totals[t].currency) == 0)
					break;
			ck_assert_int_lt(k, r.ncur[s]);
			ck_assert_int_eq(sum[s].totals[t].count, r.ccount[s][k]);
			ck_assert_int_eq(sum[s].totals[t].amount, r.amount[s][k]);
		}
	}
}

START_TEST(test_summary_matches_recount)
{
	static const char *const currencies[] = { "CLP", "USD", "EUR", "CLF" };
	store *st = st_open(st_dbpath);
	int64_t ids[60];
	store_filter all;

	srand(12345);
	for (int i = 0; i < 60; i++) {
		char title[32];

		snprintf(title, sizeof title, "Deal %d", i);
		ids[i] = st_add_full(st, title, i % 3 ? "ACME" : "Beta", currencies[i % 4], i % 5 != 0,
		                     (int64_t)(rand() % 100000));
		st_qualify(st, ids[i]);
		store_add_commitment(st, ids[i], 0, PIPELINE_COMMIT_EMAIL, "ok", NULL, NULL);
	}
	for (int step = 0; step < 400; step++) {
		int64_t id = ids[rand() % 60];
		store_fields f;

		switch (rand() % 7) {
		case 0:
			memset(&f, 0, sizeof f);
			f.set_amount = true;
			f.has_amount = rand() % 4 != 0;
			f.amount = rand() % 50000;
			store_edit(st, id, 0, &f);
			break;
		case 1:
			memset(&f, 0, sizeof f);
			f.currency = currencies[rand() % 4];
			store_edit(st, id, 0, &f);
			break;
		case 2:
			store_move(st, id, 0, (pipeline_stage)(rand() % 3), "shuffle", NULL);
			break;
		case 3:
			store_lose(st, id, 0, PIPELINE_LOSS_DECLINED, NULL, NULL);
			break;
		case 4:
			store_reopen(st, id, 0, "back", NULL);
			break;
		case 5:
			store_delete(st, id, 0);
			break;
		default:
			store_restore(st, id, 0);
			break;
		}
	}
	compare_summary(st, NULL);
	store_filter_init(&all);
	compare_summary(st, &all);
	/* The summary table itself equals a recount of the rows. */
	ck_assert_int_eq(st_raw_int(st_dbpath,
	                            "SELECT count(*) FROM (SELECT stage, currency, count(*) AS n,"
	                            " sum(coalesce(amount, 0)) AS a FROM opportunity WHERE deleted = 0"
	                            " GROUP BY stage, currency) r"
	                            " LEFT JOIN summary s USING (stage, currency)"
	                            " WHERE s.count IS NOT r.n OR s.amount_hi * 1000000000 + s.amount_lo IS NOT r.a"),
	                 0);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM summary s WHERE count > 0 AND NOT"
	                                    " EXISTS (SELECT 1 FROM opportunity o WHERE o.deleted = 0"
	                                    " AND o.stage = s.stage AND o.currency = s.currency)"),
	                 0);
	store_close(st);
}
END_TEST

START_TEST(test_summary_more_currencies)
{
	static const char *const currencies[] = { "CLP", "USD", "EUR", "CLF", "JPY",
	                                          "GBP", "ARS", "PEN", "MXN", "BRL" };
	store *st = st_open(st_dbpath);
	store_summary sum[PIPELINE_STAGE_COUNT];

	for (int i = 0; i < 10; i++)
		for (int k = 0; k <= i; k++)
			st_add_full(st, "x", "c", currencies[i], true, 1);
	ck_assert_int_eq(store_summarize(st, NULL, sum), STORE_OK);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 55);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].ntotals, STORE_MAX_CURRENCIES);
	ck_assert(sum[PIPELINE_INMADURA].more);
	ck_assert_str_eq(sum[PIPELINE_INMADURA].totals[0].currency, "BRL"); /* most cards first */
	ck_assert_int_eq(sum[PIPELINE_INMADURA].totals[0].count, 10);
	ck_assert_int_eq(sum[PIPELINE_CALIFICADA].count, 0);
	store_close(st);
}
END_TEST

/* Column totals beyond int64 are flagged, never wrapped or silently
 * clamped, with and without a filter; once back in range they are exact
 * again, to the unit (no floating point on the way). */
START_TEST(test_summary_overflow)
{
	const int64_t big = INT64_C(5000000000000000000); /* two make more than INT64_MAX */
	store *st = st_open(st_dbpath);
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_filter f;
	int64_t a = st_add_full(st, "a", "c", "CLP", true, big);

	st_add_full(st, "b", "c", "CLP", true, big);
	st_add_full(st, "small", "c", "CLP", true, 7);
	store_filter_init(&f);
	f.client = "c";
	for (int pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(store_summarize(st, pass ? &f : NULL, sum), STORE_OK);
		ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 3);
		ck_assert_int_eq(sum[PIPELINE_INMADURA].ntotals, 1);
		ck_assert(sum[PIPELINE_INMADURA].totals[0].overflow);
		ck_assert(sum[PIPELINE_INMADURA].totals[0].amount == INT64_MAX);
	}
	ck_assert_int_eq(store_delete(st, a, 0), STORE_OK);
	for (int pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(store_summarize(st, pass ? &f : NULL, sum), STORE_OK);
		ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 2);
		ck_assert(!sum[PIPELINE_INMADURA].totals[0].overflow);
		ck_assert(sum[PIPELINE_INMADURA].totals[0].amount == big + 7);
	}
	store_close(st);
}
END_TEST

/* The migration from schema 1 rebuilds the summary from the rows: a
 * version-1 file (here: user_version 1 and a summary out of step) opens
 * with exact column totals. */
START_TEST(test_summary_rebuilt_by_migration)
{
	store *st = st_open(st_dbpath);
	sqlite3 *db;

	st_add_full(st, "a", "c", "CLP", true, 1500);
	st_add_full(st, "b", "d", "USD", true, 250);
	st_add_full(st, "e", "d", "USD", false, 0);
	store_close(st);
	st_downgrade_v2(st_dbpath);
	ck_assert_int_eq(sqlite3_open(st_dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "DELETE FROM summary; PRAGMA user_version = 1",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM summary"), 0);
	st = st_open(st_dbpath);
	ck_assert_int_eq(st_raw_int(st_dbpath, "PRAGMA user_version"), store_schema_version());
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM summary"), 2);
	compare_summary(st, NULL);
	store_close(st);
}
END_TEST

/* ---- filters ---------------------------------------------------------- */

static int count_list(store *st, const store_filter *f)
{
	recount r;

	memset(&r, 0, sizeof r);
	ck_assert_int_eq(store_list(st, f, recount_cb, &r), STORE_OK);
	return (int)r.rows;
}

static int count_cards(store *st, pipeline_stage stage, const store_filter *f)
{
	store_card cards[64];
	int n;

	ck_assert_int_eq(store_cards(st, stage, f, 0, 64, cards, &n), STORE_OK);
	for (int i = 0; i < n; i++)
		store_card_free(&cards[i]);
	return n;
}

START_TEST(test_filters)
{
	store *st = st_open(st_dbpath);
	store_fields f;
	store_filter flt;
	int64_t id;

	memset(&f, 0, sizeof f);
	f.title = "Cloud migration 50% off";
	f.client = "ACME Corp";
	f.line = "Cloud";
	f.owner = "ana";
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	f.title = "Data_lake";
	f.client = "Beta";
	f.line = "Data";
	f.owner = "bob";
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	f.title = "Renovación 500";
	f.client = "acme corp";
	f.line = "Cloud";
	f.owner = "bob";
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	st_qualify(st, id);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);

	store_filter_init(&flt);
	ck_assert_int_eq(count_list(st, &flt), 3);
	flt.owner = "bob";
	ck_assert_int_eq(count_list(st, &flt), 2);
	flt.line = "Cloud";
	ck_assert_int_eq(count_list(st, &flt), 1);
	store_filter_init(&flt);
	flt.client = "ACME Corp"; /* whole value, whatever its case */
	ck_assert_int_eq(count_list(st, &flt), 2);
	flt.client = "ACME"; /* not a substring */
	ck_assert_int_eq(count_list(st, &flt), 0);
	store_filter_init(&flt);
	flt.owner = "BOB";
	ck_assert_int_eq(count_list(st, &flt), 2);
	flt.owner = "bo";
	ck_assert_int_eq(count_list(st, &flt), 0);
	store_filter_init(&flt);
	flt.line = "cloud";
	ck_assert_int_eq(count_list(st, &flt), 2);
	store_filter_init(&flt);
	flt.text = "acme"; /* case-insensitive substring of client */
	ck_assert_int_eq(count_list(st, &flt), 2);
	flt.text = "CLOUD";
	ck_assert_int_eq(count_list(st, &flt), 1);
	flt.text = "50%"; /* % is literal, not a wildcard */
	ck_assert_int_eq(count_list(st, &flt), 1);
	flt.text = "a_l"; /* _ is literal */
	ck_assert_int_eq(count_list(st, &flt), 1);
	flt.text = "ación";
	ck_assert_int_eq(count_list(st, &flt), 1);
	/* Accents and case forgiven both ways, decomposed accents too. */
	flt.text = "renovacion";
	ck_assert_int_eq(count_list(st, &flt), 1);
	flt.text = "RENOVACIÓN";
	ck_assert_int_eq(count_list(st, &flt), 1);
	flt.text = "Renovacio\xcc\x81n"; /* o + U+0301 */
	ck_assert_int_eq(count_list(st, &flt), 1);
	flt.text = "renovaciones";
	ck_assert_int_eq(count_list(st, &flt), 0);
	ck_assert_int_eq(count_cards(st, PIPELINE_CALIFICADA, &flt), 0);
	flt.text = "RENOVACION 5";
	ck_assert_int_eq(count_cards(st, PIPELINE_CALIFICADA, &flt), 1);
	compare_summary(st, &flt);
	flt.text = "%";
	ck_assert_int_eq(count_list(st, &flt), 1);
	flt.text = "\xff";
	ck_assert_int_eq(store_list(st, &flt, recount_cb, NULL), STORE_INVALID);
	store_filter_init(&flt);
	flt.stage = PIPELINE_CALIFICADA;
	ck_assert_int_eq(count_list(st, &flt), 1);
	compare_summary(st, &flt);

	store_filter_init(&flt);
	flt.owner = "bob";
	ck_assert_int_eq(count_cards(st, PIPELINE_INMADURA, &flt), 1);
	ck_assert_int_eq(count_cards(st, PIPELINE_CALIFICADA, &flt), 1);
	compare_summary(st, &flt);
	flt.text = "acme";
	compare_summary(st, &flt);

	/* Deleted ones only on request. */
	ck_assert_int_eq(store_delete(st, 1, 0), STORE_OK);
	store_filter_init(&flt);
	ck_assert_int_eq(count_cards(st, PIPELINE_INMADURA, &flt), 1);
	ck_assert_int_eq(count_list(st, &flt), 2);
	flt.include_deleted = true;
	ck_assert_int_eq(count_cards(st, PIPELINE_INMADURA, &flt), 2);
	ck_assert_int_eq(count_list(st, &flt), 3);
	compare_summary(st, &flt);
	store_close(st);
}
END_TEST

START_TEST(test_cards_paging_and_offset)
{
	store *st = st_open(st_dbpath);
	int64_t ids[25];
	store_card cards[10];
	store_filter flt;
	int64_t off;
	int n;

	for (int i = 0; i < 25; i++) {
		char title[16];

		snprintf(title, sizeof title, "T%02d", i);
		ids[i] = st_add(st, title, i % 2 ? "Odd" : "Even");
	}
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 20, 10, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 5);
	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(cards[i].id, ids[20 + i]);
		store_card_free(&cards[i]);
	}
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, NULL, 10, 3, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(cards[0].title, "T10");
	for (int i = 0; i < n; i++)
		store_card_free(&cards[i]);
	ck_assert_int_eq(store_cards(st, PIPELINE_LISTA, NULL, 0, 10, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 0);

	ck_assert_int_eq(store_card_offset(st, ids[17], NULL, &off), STORE_OK);
	ck_assert_int_eq(off, 17);
	store_filter_init(&flt);
	flt.client = "Odd";
	ck_assert_int_eq(store_card_offset(st, ids[17], &flt, &off), STORE_OK);
	ck_assert_int_eq(off, 8);
	ck_assert_int_eq(store_card_offset(st, ids[16], &flt, &off), STORE_NOT_FOUND);
	ck_assert_int_eq(store_card_offset(st, 9999, NULL, &off), STORE_NOT_FOUND);
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, &flt, 8, 1, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(cards[0].id, ids[17]);
	store_card_free(&cards[0]);
	store_close(st);
}
END_TEST

/* ---- a column's window by its cards' keys ----------------------------- */

/* The ids of a seek's cards, in the order read, checked against want[]. */
static void expect_seek(store *st, const store_filter *f, const store_seek *k, int limit,
                        const int64_t *want, int nwant)
{
	store_card cards[10];
	int n = -1;

	ck_assert_int_eq(store_cards_seek(st, PIPELINE_INMADURA, f, k, limit, cards, &n), STORE_OK);
	ck_assert_int_eq(n, nwant);
	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(cards[i].id, want[i]);
		store_card_free(&cards[i]);
	}
}

static store_key key_of(store *st, int64_t id)
{
	store_key k;
	bool in = false;

	ck_assert_int_eq(store_card_place(st, id, PIPELINE_INMADURA, NULL, &k, &in), STORE_OK);
	ck_assert(in);
	return k;
}

/* Forward and backward from a card's key, with it or without, after a
 * skip; from a card that left the column; under a filter the key's own
 * card does not pass. Backward reads come in column order all the same. */
START_TEST(test_cards_seek_by_key)
{
	store *st = st_open(st_dbpath);
	int64_t ids[25];
	store_filter odd;

	for (int i = 0; i < 25; i++) {
		char title[16];

		snprintf(title, sizeof title, "T%02d", i);
		ids[i] = st_add(st, title, i % 2 ? "Odd" : "Even");
	}
	store_key k10 = key_of(st, ids[10]), k1 = key_of(st, ids[1]);
	ck_assert_int_eq(k10.id, ids[10]);

	expect_seek(st, NULL, &(store_seek){ .from = NULL }, 3,
	            (int64_t[]){ ids[0], ids[1], ids[2] }, 3);
	expect_seek(st, NULL, &(store_seek){ .from = &k10, .inclusive = true }, 3,
	            (int64_t[]){ ids[10], ids[11], ids[12] }, 3);
	expect_seek(st, NULL, &(store_seek){ .from = &k10 }, 3,
	            (int64_t[]){ ids[11], ids[12], ids[13] }, 3);
	expect_seek(st, NULL, &(store_seek){ .from = &k10, .inclusive = true, .skip = 2 }, 3,
	            (int64_t[]){ ids[12], ids[13], ids[14] }, 3);
	expect_seek(st, NULL, &(store_seek){ .from = &k10, .backward = true }, 3,
	            (int64_t[]){ ids[7], ids[8], ids[9] }, 3);
	expect_seek(st, NULL, &(store_seek){ .from = &k10, .backward = true, .inclusive = true }, 3,
	            (int64_t[]){ ids[8], ids[9], ids[10] }, 3);
	expect_seek(st, NULL, &(store_seek){ .backward = true }, 3,
	            (int64_t[]){ ids[22], ids[23], ids[24] }, 3);
	expect_seek(st, NULL, &(store_seek){ .backward = true, .skip = 2 }, 3,
	            (int64_t[]){ ids[20], ids[21], ids[22] }, 3);
	expect_seek(st, NULL, &(store_seek){ .from = &k1, .backward = true }, 5,
	            (int64_t[]){ ids[0] }, 1);

	/* Counted from either side of a key, bounded. */
	int64_t n = -1;
	ck_assert_int_eq(store_cards_count(st, PIPELINE_INMADURA, NULL, &k10, false, -1, &n), STORE_OK);
	ck_assert_int_eq(n, 10);
	ck_assert_int_eq(store_cards_count(st, PIPELINE_INMADURA, NULL, &k10, true, -1, &n), STORE_OK);
	ck_assert_int_eq(n, 15);
	ck_assert_int_eq(store_cards_count(st, PIPELINE_INMADURA, NULL, &k10, true, 4, &n), STORE_OK);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(store_cards_count(st, PIPELINE_CALIFICADA, NULL, &k10, false, -1, &n),
	                 STORE_OK);
	ck_assert_int_eq(n, 0);

	/* Under a filter the key's card fails: the cards around it that pass. */
	store_filter_init(&odd);
	odd.client = "odd";
	expect_seek(st, &odd, &(store_seek){ .from = &k10, .inclusive = true }, 2,
	            (int64_t[]){ ids[11], ids[13] }, 2);
	expect_seek(st, &odd, &(store_seek){ .from = &k10, .backward = true }, 2,
	            (int64_t[]){ ids[7], ids[9] }, 2);
	ck_assert_int_eq(store_cards_count(st, PIPELINE_INMADURA, &odd, &k10, false, -1, &n), STORE_OK);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(store_cards_count(st, PIPELINE_INMADURA, &odd, &k10, true, -1, &n), STORE_OK);
	ck_assert_int_eq(n, 7);

	/* A card's place: in its column, not in another, not under a filter
	 * it fails, not when it is gone; its key stays a place to read from. */
	store_key k;
	bool in = true;
	ck_assert_int_eq(store_card_place(st, ids[17], PIPELINE_CALIFICADA, NULL, &k, &in), STORE_OK);
	ck_assert(!in);
	ck_assert_int_eq(store_card_place(st, ids[17], PIPELINE_INMADURA, &odd, &k, &in), STORE_OK);
	ck_assert(in);
	ck_assert_int_eq(k.id, ids[17]);
	ck_assert_int_eq(store_card_place(st, ids[16], PIPELINE_INMADURA, &odd, &k, &in), STORE_OK);
	ck_assert(!in);
	ck_assert_int_eq(store_card_place(st, 9999, PIPELINE_INMADURA, NULL, &k, &in), STORE_OK);
	ck_assert(!in);
	ck_assert_int_eq(store_delete(st, ids[10], st_version(st, ids[10])), STORE_OK);
	ck_assert_int_eq(store_card_place(st, ids[10], PIPELINE_INMADURA, NULL, &k, &in), STORE_OK);
	ck_assert(!in);
	expect_seek(st, NULL, &(store_seek){ .from = &k10, .inclusive = true }, 2,
	            (int64_t[]){ ids[11], ids[12] }, 2);
	expect_seek(st, NULL, &(store_seek){ .from = &k10, .backward = true, .inclusive = true }, 2,
	            (int64_t[]){ ids[8], ids[9] }, 2);
	ck_assert_int_eq(store_cards_count(st, PIPELINE_INMADURA, NULL, &k10, true, -1, &n), STORE_OK);
	ck_assert_int_eq(n, 14);
	store_close(st);
}
END_TEST

/* How many statements searched the index (MATCH) on the connection. */
static int searches;

static int count_searches(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)ctx;
	(void)x;
	const char *sql = sqlite3_sql((sqlite3_stmt *)p);
	if (sql && strstr(sql, "MATCH"))
		searches++;
	return 0;
}

/* What a board's load under a text filter reads: the summary, then each
 * column's first cards and the count after a key; one snapshot. The ids
 * read into ids[] (column order, every stage in turn), their number. */
static int board_load(store *st, const store_filter *f, store_summary sum[PIPELINE_STAGE_COUNT],
                      int64_t *ids, int max)
{
	store_card cards[10];
	int got = 0, n;

	ck_assert_int_eq(store_read_begin(st), STORE_OK);
	ck_assert_int_eq(store_summarize(st, f, sum), STORE_OK);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		ck_assert_int_eq(store_cards_seek(st, (pipeline_stage)s, f, &(store_seek){ .from = NULL },
		                                  10, cards, &n), STORE_OK);
		ck_assert_int_eq(n, sum[s].count < 10 ? sum[s].count : 10);
		for (int i = 0; i < n; i++) {
			if (got < max)
				ids[got++] = cards[i].id;
			if (i == 0) {
				store_key k = store_card_key(&cards[0]);
				int64_t after = -1;
				ck_assert_int_eq(store_cards_count(st, (pipeline_stage)s, f, &k, true, -1,
				                                   &after), STORE_OK);
				ck_assert_int_eq(after, sum[s].count);
			}
			store_card_free(&cards[i]);
		}
	}
	store_read_end(st);
	return got;
}

/* A text filter's matches are searched once per filter and state of the
 * data, however many queries a load makes; a write by this connection or
 * another is seen at the next load, which searches again. */
START_TEST(test_text_matches_searched_once)
{
	store *st = st_open(st_dbpath);
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_filter f;
	int64_t ids[64], moved = 0;

	for (int i = 0; i < 12; i++) {
		char title[32];

		snprintf(title, sizeof title, "%s %02d", i % 3 ? "Licencia" : "Servicio", i);
		int64_t id = st_add(st, title, "Cliente");
		if (i == 4) {
			st_qualify(st, id);
			ck_assert_int_eq(store_move(st, id, st_version(st, id), PIPELINE_CALIFICADA, NULL,
			                            NULL), STORE_OK);
			moved = id;
		}
	}
	sqlite3_trace_v2(store_internal_db(st), SQLITE_TRACE_STMT, count_searches, NULL);
	store_filter_init(&f);
	f.text = "licen";
	searches = 0;
	int n = board_load(st, &f, sum, ids, 64);
	ck_assert_int_eq(searches, 1);
	ck_assert_int_eq(n, 8);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 7);
	ck_assert_int_eq(sum[PIPELINE_CALIFICADA].count, 1);
	ck_assert_int_eq(ids[7], moved);
	compare_summary(st, &f);
	/* Nothing changed: nothing searched. */
	searches = 0;
	board_load(st, &f, sum, ids, 64);
	ck_assert_int_eq(searches, 0);
	/* Another filter, then this one again: each searched once. */
	f.text = "servi";
	searches = 0;
	ck_assert_int_eq(board_load(st, &f, sum, ids, 64), 4);
	f.text = "licen";
	ck_assert_int_eq(board_load(st, &f, sum, ids, 64), 8);
	ck_assert_int_eq(searches, 2);

	/* This connection writes: a new match, one that stops matching. */
	int64_t added = st_add(st, "Licencia nueva", "Cliente");
	store_fields ed = { .title = "Servicio editado" };
	ck_assert_int_eq(store_edit(st, ids[0], st_version(st, ids[0]), &ed), STORE_OK);
	searches = 0;
	n = board_load(st, &f, sum, ids, 64);
	ck_assert_int_eq(searches, 1);
	ck_assert_int_eq(n, 8);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 7);
	ck_assert_int_eq(ids[6], added);
	compare_summary(st, &f);

	/* Another connection writes: seen too. */
	store *other = st_open(st_dbpath);
	int64_t theirs = st_add(other, "Otra licencia", "Cliente");
	store_close(other);
	searches = 0;
	n = board_load(st, &f, sum, ids, 64);
	ck_assert_int_eq(searches, 1);
	ck_assert_int_eq(n, 9);
	ck_assert_int_eq(ids[7], theirs);
	compare_summary(st, &f);
	sqlite3_trace_v2(store_internal_db(st), 0, NULL, NULL);
	store_close(st);
}
END_TEST

static int stop_after_two(const store_opp *o, void *ctx)
{
	(void)o;
	return ++*(int *)ctx == 2;
}

START_TEST(test_list_stops)
{
	store *st = st_open(st_dbpath);
	int seen = 0;

	for (int i = 0; i < 5; i++)
		st_add(st, "x", "y");
	ck_assert_int_eq(store_list(st, NULL, stop_after_two, &seen), STORE_OK);
	ck_assert_int_eq(seen, 2);
	store_close(st);
}
END_TEST

/* Every combination of filter fields against a recount done in C (and,
 * with 32 combinations x 4 queries, past the statement cache's size). */
typedef struct row {
	int64_t id;
	char owner[16], line[16], client[16], title[32];
	bool deleted;
	pipeline_stage stage;
} row;

typedef struct rows {
	row r[32];
	int n;
} rows;

static int collect_cb(const store_opp *o, void *ctx)
{
	rows *rs = ctx;
	row *r = &rs->r[rs->n++];

	r->id = o->id;
	snprintf(r->owner, sizeof r->owner, "%s", o->owner);
	snprintf(r->line, sizeof r->line, "%s", o->line);
	snprintf(r->client, sizeof r->client, "%s", o->client);
	snprintf(r->title, sizeof r->title, "%s", o->title);
	r->deleted = o->deleted;
	r->stage = o->stage;
	return 0;
}

/* The filters' promise, in C: text_fold on both sides. */
static bool fcontains(const char *hay, const char *needle)
{
	char h[256], n[256];

	text_fold(hay, h, sizeof h);
	text_fold(needle, n, sizeof n);
	return strstr(h, n) != NULL;
}

static bool fequal(const char *a, const char *b)
{
	char x[256], y[256];

	text_fold(a, x, sizeof x);
	text_fold(b, y, sizeof y);
	return strcmp(x, y) == 0;
}

static bool matches(const row *r, const store_filter *f)
{
	return (f->include_deleted || !r->deleted) && (!f->owner || fequal(r->owner, f->owner))
	    && (!f->line || fequal(r->line, f->line)) && (!f->client || fequal(r->client, f->client))
	    && (!f->text || fcontains(r->title, f->text) || fcontains(r->client, f->text));
}

START_TEST(test_filter_combinations)
{
	static const char *const owners[] = { "ana", "bob", "Ána" };
	static const char *const lines[] = { "Cloud", "Data", "" };
	static const char *const clients[] = { "ACME", "Beta", "acme", "Acmé" };
	static const char *const titles[] = { "Big DEAL", "small thing", "Déal two", "other" };
	store *st = st_open(st_dbpath);
	store_filter all, f;
	rows rs;

	for (int i = 0; i < 24; i++) {
		store_fields fl = { .title = titles[i % 4], .client = clients[i % 4],
		                    .owner = owners[i % 3], .line = lines[i % 3] };
		int64_t id;

		fl.line = lines[(i / 2) % 3];
		ck_assert_int_eq(store_add(st, &fl, &id), STORE_OK);
		if (i % 4 == 1) {
			st_qualify(st, id);
			ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
		}
		if (i % 5 == 2)
			ck_assert_int_eq(store_delete(st, id, 0), STORE_OK);
	}
	store_filter_init(&all);
	all.include_deleted = true;
	memset(&rs, 0, sizeof rs);
	ck_assert_int_eq(store_list(st, &all, collect_cb, &rs), STORE_OK);
	ck_assert_int_eq(rs.n, 24);

	for (int mask = 0; mask < 32; mask++) {
		int want[PIPELINE_STAGE_COUNT] = { 0 }, total = 0;
		store_summary sum[PIPELINE_STAGE_COUNT];

		store_filter_init(&f);
		f.owner = mask & 1 ? "ANA" : NULL;
		f.line = mask & 2 ? "Cloud" : NULL;
		f.client = mask & 4 ? "acme" : NULL;
		f.text = mask & 8 ? "DEAL" : NULL;
		f.include_deleted = (mask & 16) != 0;
		for (int i = 0; i < rs.n; i++) {
			if (matches(&rs.r[i], &f)) {
				want[rs.r[i].stage]++;
				total++;
			}
		}
		ck_assert_msg(count_list(st, &f) == total, "mask %d: list", mask);
		ck_assert_int_eq(store_summarize(st, &f, sum), STORE_OK);
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
			ck_assert_msg(sum[s].count == want[s], "mask %d stage %d: summary %lld, want %d",
			              mask, s, (long long)sum[s].count, want[s]);
			ck_assert_msg(count_cards(st, (pipeline_stage)s, &f) == want[s],
			              "mask %d stage %d: cards", mask, s);
		}
		for (int i = 0; i < rs.n; i++) {
			int64_t off;
			store_status r = store_card_offset(st, rs.r[i].id, &f, &off);

			ck_assert_int_eq(r, matches(&rs.r[i], &f) ? STORE_OK : STORE_NOT_FOUND);
		}
	}
	store_close(st);
}
END_TEST

/* A callback may read through the same store (the list's snapshot nests);
 * a write from inside the list is refused and changes nothing: it would
 * not be part of the list's one state of the database. */
static int reentrant_cb(const store_opp *o, void *ctx)
{
	store *st = ctx;
	store_opp again;
	store_fields f;
	int n = 0;

	ck_assert_int_eq(store_get(st, o->id, &again), STORE_OK);
	ck_assert_str_eq(again.title, o->title);
	store_opp_free(&again);
	ck_assert_int_eq(store_list(st, NULL, stop_after_two, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	memset(&f, 0, sizeof f);
	f.line = "touched";
	ck_assert_int_eq(store_edit(st, o->id, o->version, &f), STORE_ERROR);
	return 0;
}

START_TEST(test_list_reentrant)
{
	store *st = st_open(st_dbpath);
	store_filter flt;
	int seen = 0;

	for (int i = 0; i < 4; i++)
		st_add(st, "x", "y");
	ck_assert_int_eq(store_list(st, NULL, reentrant_cb, st), STORE_OK);
	store_filter_init(&flt);
	flt.line = "touched";
	ck_assert_int_eq(count_list(st, &flt), 0);
	ck_assert_int_eq(store_list(st, NULL, stop_after_two, &seen), STORE_OK);
	ck_assert_int_eq(seen, 2);
	/* After the list, writes go through. */
	store_fields f = { .line = "touched" };
	ck_assert_int_eq(store_edit(st, 1, 0, &f), STORE_OK);
	ck_assert_int_eq(count_list(st, &flt), 1);
	store_close(st);
}
END_TEST

/* ---- a large database ------------------------------------------------- */

/* More rows than a text filter's matches that are kept (STORE_HITS_MAX). */
#define BIG (STORE_HITS_MAX + 100)

START_TEST(test_large_database_uses_indexes)
{
	store *st = st_open(st_dbpath);
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_card cards[30];
	char plan[2048];
	int n;

	ck_assert_int_eq(store_bulk_begin(st), STORE_OK);
	ck_assert_int_eq(store_bulk_begin(st), STORE_INVALID);
	for (int i = 0; i < BIG; i++) {
		store_fields f = { .title = "Bulk", .client = i % 7 ? "ACME" : "Beta",
		                   .currency = i % 3 ? "CLP" : "USD",
		                   .set_amount = true, .has_amount = true, .amount = i };
		ck_assert_int_eq(store_add(st, &f, NULL), STORE_OK);
	}
	/* A failing write inside a bulk load undoes only itself. */
	store_fields bad = { .title = "", .client = "x" };
	ck_assert_int_eq(store_add(st, &bad, NULL), STORE_INVALID);
	ck_assert_int_eq(store_move(st, 1, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_REFUSED);
	ck_assert_int_eq(store_bulk_end(st), STORE_OK);
	ck_assert_int_eq(store_bulk_end(st), STORE_INVALID);
	store_close(st);

	st = st_open(st_dbpath);
	ck_assert_int_eq(store_summarize(st, NULL, sum), STORE_OK);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, BIG);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		ck_assert_int_eq(store_cards(st, (pipeline_stage)s, NULL, 0, 30, cards, &n), STORE_OK);
		ck_assert_int_eq(n, s == PIPELINE_INMADURA ? 30 : 0);
		for (int i = 0; i < n; i++)
			store_card_free(&cards[i]);
	}
	/* Time is measured by make bench, not here: the plans are the check. */
	int64_t off = -1;
	ck_assert_int_eq(store_card_offset(st, BIG, NULL, &off), STORE_OK);
	ck_assert_int_eq(off, BIG - 1);
	ck_assert_int_eq(store_internal_plan_offset(st, NULL, plan, sizeof plan), STORE_OK);
	ck_assert_msg(strstr(plan, "USING INDEX opportunity_column (stage=? AND position<?)") != NULL
	              || strstr(plan, "USING COVERING INDEX opportunity_column (stage=? AND position<?)") != NULL,
	              "offset plan walks the column: %s", plan);

	ck_assert_int_eq(store_internal_plan_cards(st, PIPELINE_INMADURA, NULL, plan, sizeof plan),
	                 STORE_OK);
	ck_assert_msg(strstr(plan, "USING INDEX opportunity_column") != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "plan sorts: %s", plan);
	ck_assert_msg(strstr(plan, "SCAN o\n") == NULL, "plan scans: %s", plan);
	store_filter flt;
	store_filter_init(&flt);
	flt.owner = "tester";
	/* The owner through its folded key, in position order. */
	ck_assert_int_eq(store_internal_plan_cards(st, PIPELINE_INMADURA, &flt, plan, sizeof plan),
	                 STORE_OK);
	ck_assert_msg(strstr(plan, "USING INDEX opportunity_owner_key (owner_key=? AND stage=? AND"
	                           " position>?)") != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "plan sorts: %s", plan);
	/* Every folded filter at once, with a text found in every row (too
	 * many for the search index to pay): still walked in position order. */
	flt.client = "acme";
	flt.line = "";
	flt.text = "bulk";
	ck_assert_int_eq(store_internal_plan_cards(st, PIPELINE_INMADURA, &flt, plan, sizeof plan),
	                 STORE_OK);
	ck_assert_msg(strstr(plan, "SCAN o\n") == NULL, "plan scans: %s", plan);
	ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "plan sorts: %s", plan);
	flt.owner = NULL;
	flt.line = NULL;
	ck_assert_int_eq(store_cards(st, PIPELINE_INMADURA, &flt, 0, 30, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 30);
	for (int i = 0; i < n; i++)
		store_card_free(&cards[i]);
	/* A text every row matches: too many to keep; the summary, a window
	 * and a count are right all the same (from the index or the rows). */
	flt.client = NULL;
	ck_assert_int_eq(store_summarize(st, &flt, sum), STORE_OK);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, BIG);
	store_seek end = { .backward = true };
	ck_assert_int_eq(store_cards_seek(st, PIPELINE_INMADURA, &flt, &end, 30, cards, &n), STORE_OK);
	ck_assert_int_eq(n, 30);
	ck_assert_int_eq(cards[29].id, BIG);
	store_key k = store_card_key(&cards[0]);
	for (int i = 0; i < n; i++)
		store_card_free(&cards[i]);
	int64_t before = -1;
	ck_assert_int_eq(store_cards_count(st, PIPELINE_INMADURA, &flt, &k, false, -1, &before),
	                 STORE_OK);
	ck_assert_int_eq(before, BIG - 30);

	ck_assert_int_eq(store_internal_plan_summary(st, NULL, plan, sizeof plan), STORE_OK);
	ck_assert_msg(strstr(plan, "summary") != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "opportunity") == NULL, "plan: %s", plan);
	store_close(st);
}
END_TEST

static Suite *store_query_suite(void)
{
	Suite *s = suite_create("store_query");
	TCase *tc = tcase_create("query");
	TCase *big = tcase_create("large");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_add_test(tc, test_summary_matches_recount);
	tcase_add_test(tc, test_summary_more_currencies);
	tcase_add_test(tc, test_summary_overflow);
	tcase_add_test(tc, test_summary_rebuilt_by_migration);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_cards_paging_and_offset);
	tcase_add_test(tc, test_cards_seek_by_key);
	tcase_add_test(tc, test_text_matches_searched_once);
	tcase_add_test(tc, test_list_stops);
	tcase_add_test(tc, test_list_reentrant);
	tcase_add_test(tc, test_filter_combinations);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(big, st_setup, st_teardown);
	tcase_set_timeout(big, 60);
	tcase_add_test(big, test_large_database_uses_indexes);
	suite_add_tcase(s, big);
	return s;
}

int main(void)
{
	return st_run(store_query_suite());
}
