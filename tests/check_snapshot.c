/*
 * check_snapshot: every read that spans several queries sees one state of
 * the database, whatever another process commits meanwhile.
 *
 * A reader and a writer connection (two processes, as far as SQLite
 * knows) share one file. The store's query hook runs before every
 * statement the reader prepares; at the k-th one it makes the writer
 * commit a change. Each read is repeated with k = 1, 2, ... past the
 * number of queries it makes, so the change lands between every pair of
 * its queries in turn, and each result is checked against a state that
 * really existed.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "board/controller.h"
#include "store_test.h"

/* ---- the interfering writer -------------------------------------------- */

typedef struct writer {
	store *st;           /* the writer's own connection */
	void (*change)(struct writer *w);
	int fire_at;         /* the query before which it commits (0: never) */
	int queries;         /* queries the reader prepared so far */
	int fired;           /* changes committed */
	int64_t card;        /* the card it changes */
	int64_t commitment;  /* the live commitment it added (0: none) */
	int ncommit[512];    /* by version: live commitments after that write */
} writer;

static void hook(void *ctx)
{
	writer *w = ctx;

	if (++w->queries == w->fire_at) {
		w->change(w);
		w->fired++;
	}
}

/* Moves the card between Inmadura and Calificada, one way then back. */
static void toggle_stage(writer *w)
{
	bool back = st_stage(w->st, w->card) == PIPELINE_CALIFICADA;
	store_status s = back ? store_move(w->st, w->card, 0, PIPELINE_INMADURA, "back", NULL)
	                      : store_move(w->st, w->card, 0, PIPELINE_CALIFICADA, NULL, NULL);

	ck_assert_msg(s == STORE_OK, "writer move: %s", store_message(w->st));
}

/* Adds a commitment, or retracts the one it added; records the count of
 * live commitments at each version. */
static void toggle_commitment(writer *w)
{
	store_status s;

	if (w->commitment) {
		s = store_retract(w->st, w->card, 0, PIPELINE_EV_COMMITMENT, w->commitment, NULL);
		w->commitment = 0;
	} else {
		s = store_add_commitment(w->st, w->card, 0, PIPELINE_COMMIT_EMAIL, "ok", NULL,
		                         &w->commitment);
	}
	ck_assert_msg(s == STORE_OK, "writer evidence: %s", store_message(w->st));
	int64_t v = st_version(w->st, w->card);
	ck_assert_int_lt(v, 512);
	w->ncommit[v] = w->commitment ? 1 : 0;
}

static void arm(writer *w, store *reader, int k)
{
	w->fire_at = k;
	w->queries = 0;
	store_internal_set_query_hook(reader, hook, w);
}

/* How many queries a read makes: an unarmed run counting them. */
static int queries_of(writer *w, store *reader, void (*read)(store *, void *), void *arg)
{
	arm(w, reader, 0);
	read(reader, arg);
	store_internal_set_query_hook(reader, NULL, NULL);
	ck_assert_int_gt(w->queries, 1); /* else there is nothing between two queries */
	return w->queries;
}

/* ---- list and export ----------------------------------------------------- */

typedef struct seen {
	int64_t ids[16];
	int n;
	store_filter f;
	store_status rc;
} seen;

static int seen_cb(const store_opp *o, void *ctx)
{
	seen *s = ctx;

	ck_assert_int_lt(s->n, 16);
	s->ids[s->n++] = o->id;
	return 0;
}

static void read_list(store *st, void *arg)
{
	seen *s = arg;

	s->n = 0;
	s->rc = store_list(st, &s->f, seen_cb, s);
}

/* Each of ids[0..n) listed exactly once, and nothing else. */
static void assert_each_once(const seen *s, const int64_t *ids, int n, int k)
{
	ck_assert_msg(s->rc == STORE_OK, "list (change before query %d) failed", k);
	ck_assert_msg(s->n == n, "change before query %d: %d cards listed, %d exist", k, s->n, n);
	for (int i = 0; i < n; i++) {
		int times = 0;

		for (int j = 0; j < s->n; j++)
			times += s->ids[j] == ids[i];
		ck_assert_msg(times == 1, "change before query %d: card %lld listed %d times", k,
		              (long long)ids[i], times);
	}
}

START_TEST(test_list_is_one_snapshot)
{
	store *rd = st_open(st_dbpath);
	writer w = { .st = st_open(st_dbpath), .change = toggle_stage };
	int64_t ids[4];

	ids[0] = w.card = st_add(w.st, "Mover", "ACME");
	st_qualify(w.st, w.card);
	ids[1] = st_add(w.st, "Still", "ACME");
	ids[2] = st_add(w.st, "Ahead", "Beta");
	st_qualify(w.st, ids[2]);
	ck_assert_int_eq(store_move(w.st, ids[2], 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	ids[3] = st_add(w.st, "Gone", "ACME");
	ck_assert_int_eq(store_delete(w.st, ids[3], 0), STORE_OK);

	/* `list`, `list --client` and `export` (deleted ones included). */
	for (int pass = 0; pass < 3; pass++) {
		seen s = { .n = 0 };

		store_filter_init(&s.f);
		if (pass == 1)
			s.f.client = "acme";
		s.f.include_deleted = pass == 2;
		int n = pass == 2 ? 4 : pass == 1 ? 2 : 3;
		int64_t want[4] = { ids[0], ids[1], ids[2], ids[3] };
		int queries = queries_of(&w, rd, read_list, &s);
		int fired = w.fired;

		for (int k = 1; k <= queries + 1; k++) {
			arm(&w, rd, k);
			read_list(rd, &s);
			store_internal_set_query_hook(rd, NULL, NULL);
			assert_each_once(&s, want, n, k);
		}
		/* The writer really moved the card during the reads. */
		ck_assert_int_ge(w.fired - fired, queries);
	}
	store_close(w.st);
	store_close(rd);
}
END_TEST

/* ---- one opportunity (show) ---------------------------------------------- */

static void read_get(store *st, void *arg)
{
	store_opp *o = arg;

	ck_assert_int_eq(store_get(st, o->id, o), STORE_OK);
}

START_TEST(test_get_is_one_snapshot)
{
	store *rd = st_open(st_dbpath);
	writer w = { .st = st_open(st_dbpath), .change = toggle_commitment };

	w.card = st_add(w.st, "Deal", "ACME");
	st_qualify(w.st, w.card);
	w.ncommit[st_version(w.st, w.card)] = 0;

	store_opp o = { .id = w.card };
	int queries = queries_of(&w, rd, read_get, &o);
	store_opp_free(&o);
	for (int k = 1; k <= queries + 1; k++) {
		o.id = w.card;
		arm(&w, rd, k);
		read_get(rd, &o);
		store_internal_set_query_hook(rd, NULL, NULL);
		/* The evidence read is the evidence of the version read. */
		ck_assert_msg((int)o.ncommitments == w.ncommit[o.version],
		              "change before query %d: version %lld read with %zu commitments "
		              "(it had %d)", k, (long long)o.version, o.ncommitments,
		              w.ncommit[o.version]);
		store_opp_free(&o);
	}
	ck_assert_int_ge(w.fired, queries);
	store_close(w.st);
	store_close(rd);
}
END_TEST

/* ---- a card and its history (history, the board's detail) --------------- */

typedef struct card_history {
	int64_t id, version;
	int events;
} card_history;

/* Every write of this test adds one history row and one version, and the
 * creation is version 1 with one row: the two always agree. */
static void read_card_history(store *st, void *arg)
{
	card_history *h = arg;
	store_opp o;

	ck_assert_int_eq(store_read_begin(st), STORE_OK);
	ck_assert_int_eq(store_get(st, h->id, &o), STORE_OK);
	h->version = o.version;
	store_opp_free(&o);
	h->events = 0;
	ck_assert_int_eq(store_history(st, h->id, st_count_cb, &h->events), STORE_OK);
	store_read_end(st);
}

START_TEST(test_read_begin_spans_calls)
{
	store *rd = st_open(st_dbpath);
	writer w = { .st = st_open(st_dbpath), .change = toggle_commitment };
	card_history h;

	h.id = w.card = st_add(w.st, "Deal", "ACME");
	st_qualify(w.st, w.card);
	int queries = queries_of(&w, rd, read_card_history, &h);
	for (int k = 1; k <= queries + 1; k++) {
		arm(&w, rd, k);
		read_card_history(rd, &h);
		store_internal_set_query_hook(rd, NULL, NULL);
		ck_assert_msg(h.events == h.version,
		              "change before query %d: version %lld but %d history rows", k,
		              (long long)h.version, h.events);
	}
	ck_assert_int_ge(w.fired, queries);
	store_close(w.st);
	store_close(rd);
}
END_TEST

/* Nesting adds nothing, and no write slips into a read. */
START_TEST(test_read_nests_and_refuses_writes)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Deal", "ACME");
	store_fields f = { .title = "Renamed" };

	ck_assert_int_eq(store_read_begin(st), STORE_OK);
	ck_assert_int_eq(store_read_begin(st), STORE_OK);
	store_read_end(st);
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_ERROR);
	ck_assert_ptr_nonnull(strstr(store_message(st), "inside a read"));
	store_read_end(st);
	/* Ended: writes go through again, and the refused one changed nothing. */
	ck_assert_int_eq(st_version(st, id), 1);
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_OK);
	ck_assert_int_eq(st_version(st, id), 2);
	/* An unmatched end is harmless. */
	store_read_end(st);
	ck_assert_int_eq(store_edit(st, id, 0, &f), STORE_OK);
	store_close(st);
}
END_TEST

/* ---- the board's load ----------------------------------------------------- */

static void read_board(store *st, void *arg)
{
	(void)st;
	ck_assert_int_eq(controller_load(arg), STORE_OK);
}

START_TEST(test_board_load_is_one_snapshot)
{
	store *rd = st_open(st_dbpath);
	writer w = { .st = st_open(st_dbpath), .change = toggle_stage };
	config cfg;
	controller c;
	int64_t ids[3];

	ids[0] = w.card = st_add(w.st, "Mover", "ACME");
	st_qualify(w.st, w.card);
	ids[1] = st_add(w.st, "Still", "ACME");
	ids[2] = st_add(w.st, "Ahead", "Beta");
	st_qualify(w.st, ids[2]);
	ck_assert_int_eq(store_move(w.st, ids[2], 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	config_init(&cfg);
	controller_init(&c, rd, &cfg, NULL);
	controller_set_rows(&c, 5);

	int queries = queries_of(&w, rd, read_board, &c);
	for (int k = 1; k <= queries + 1; k++) {
		arm(&w, rd, k);
		read_board(rd, &c);
		store_internal_set_query_hook(rd, NULL, NULL);
		int64_t counted = 0, shown = 0;
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
			/* Every column shows the cards its count says it has. */
			ck_assert_msg(c.model.col[s].ncards == c.model.sum[s].count,
			              "change before query %d: %s counts %lld cards, shows %d", k,
			              pipeline_stage_slug((pipeline_stage)s), (long long)c.model.sum[s].count,
			              c.model.col[s].ncards);
			counted += c.model.sum[s].count;
			for (int i = 0; i < c.model.col[s].ncards; i++) {
				int times = 0;
				for (int j = 0; j < 3; j++)
					times += c.model.col[s].cards[i].id == ids[j];
				ck_assert_int_eq(times, 1);
				shown++;
			}
		}
		ck_assert_msg(counted == 3 && shown == 3,
		              "change before query %d: %lld counted, %lld shown, 3 exist", k,
		              (long long)counted, (long long)shown);
	}
	ck_assert_int_ge(w.fired, queries);
	controller_free(&c);
	config_free(&cfg);
	store_close(w.st);
	store_close(rd);
}
END_TEST

/* The card's detail: the history shown is the history of the version shown. */
static void read_detail(store *st, void *arg)
{
	(void)st;
	controller *c = arg;
	char **lines = NULL;
	int n = controller_detail_lines(c, c->model.col[PIPELINE_CALIFICADA].cards[0].id, &lines);

	ck_assert_int_gt(n, 0);
	long long version = -1;
	int events = -1;
	for (int i = 0; i < n; i++) {
		const char *v = strstr(lines[i], "Version: ");
		if (v)
			version = atoll(v + 9);
		if (events >= 0 && strstr(lines[i], " tester "))
			events++;
		if (strstr(lines[i], "History (oldest first):"))
			events = 0;
	}
	controller_lines_free(lines, n);
	ck_assert_msg(events == version, "detail: version %lld with %d history rows", version,
	              events);
}

START_TEST(test_board_detail_is_one_snapshot)
{
	store *rd = st_open(st_dbpath);
	writer w = { .st = st_open(st_dbpath), .change = toggle_commitment };
	config cfg;
	controller c;

	w.card = st_add(w.st, "Deal", "ACME");
	st_qualify(w.st, w.card);
	ck_assert_int_eq(store_move(w.st, w.card, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	config_init(&cfg);
	controller_init(&c, rd, &cfg, NULL);
	controller_set_rows(&c, 5);
	ck_assert_int_eq(controller_load(&c), STORE_OK);
	ck_assert_int_eq(c.model.col[PIPELINE_CALIFICADA].ncards, 1);

	int queries = queries_of(&w, rd, read_detail, &c);
	for (int k = 1; k <= queries + 1; k++) {
		arm(&w, rd, k);
		read_detail(rd, &c);
		store_internal_set_query_hook(rd, NULL, NULL);
	}
	ck_assert_int_ge(w.fired, queries);
	controller_free(&c);
	config_free(&cfg);
	store_close(w.st);
	store_close(rd);
}
END_TEST

static Suite *snapshot_suite(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("reads");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_list_is_one_snapshot);
	tcase_add_test(tc, test_get_is_one_snapshot);
	tcase_add_test(tc, test_read_begin_spans_calls);
	tcase_add_test(tc, test_read_nests_and_refuses_writes);
	tcase_add_test(tc, test_board_load_is_one_snapshot);
	tcase_add_test(tc, test_board_detail_is_one_snapshot);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(snapshot_suite());
}
