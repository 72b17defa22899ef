/*
 * check_store_evidence: evidence sanity. A note is never dropped, one
 * invoice number is recorded once per opportunity, the invoiced figure,
 * and "existing client" decided as the client filter matches.
 */
#include <check.h>
#include <locale.h>
#include <string.h>

#include "config/config.h"
#include "board/controller.h"
#include "store_test.h"

/* ---- the history's last row --------------------------------------------- */

typedef struct last_event {
	char what[32], field[32], old_value[64], new_value[64], note[128];
	bool has_old, has_new;
	int count;
} last_event;

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int last_cb(const store_event *e, void *ctx)
{
	last_event *l = ctx;

	copy(l->what, sizeof l->what, e->what);
	copy(l->field, sizeof l->field, e->field);
	copy(l->old_value, sizeof l->old_value, e->old_value);
	copy(l->new_value, sizeof l->new_value, e->new_value);
	copy(l->note, sizeof l->note, e->note);
	l->has_old = e->old_value != NULL;
	l->has_new = e->new_value != NULL;
	l->count++;
	return 0;
}

static last_event last(store *st, int64_t id)
{
	last_event l;

	memset(&l, 0, sizeof l);
	ck_assert_int_eq(store_history(st, id, last_cb, &l), STORE_OK);
	return l;
}

/* ---- a note is never dropped ---------------------------------------------- */

START_TEST(test_note_on_criterion_already_met)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Deal", "ACME");
	store_criterion_outcome done;
	store_opp o;

	ck_assert_int_eq(store_set_criterion_ex(st, id, 0, 1, true, "first call", NULL, &done),
	                 STORE_OK);
	ck_assert_int_eq(done, STORE_CRITERION_CHANGED);
	ck_assert_int_eq(st_version(st, id), 2);

	/* Met already: the note is its own history row; the card is as it was. */
	ck_assert_int_eq(store_set_criterion_ex(st, id, 2, 1, true, "  they confirmed it  ", NULL,
	                                        &done), STORE_OK);
	ck_assert_int_eq(done, STORE_CRITERION_NOTED);
	last_event l = last(st, id);
	ck_assert_int_eq(l.count, 3);
	ck_assert_str_eq(l.what, "note");
	ck_assert_str_eq(l.field, "criterion-1");
	ck_assert_str_eq(l.note, "they confirmed it");
	ck_assert(!l.has_old && !l.has_new);
	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	ck_assert_int_eq(o.version, 2); /* a note is no change of the card */
	ck_assert(o.criteria[0].met);
	ck_assert_str_eq(o.criteria[0].note, "first call");
	store_opp_free(&o);

	/* Without a note (or a blank one) nothing is written. */
	ck_assert_int_eq(store_set_criterion_ex(st, id, 0, 1, true, NULL, NULL, &done), STORE_OK);
	ck_assert_int_eq(done, STORE_CRITERION_ALREADY);
	ck_assert_int_eq(store_set_criterion_ex(st, id, 0, 1, true, "   ", NULL, &done), STORE_OK);
	ck_assert_int_eq(done, STORE_CRITERION_ALREADY);
	ck_assert_int_eq(st_history_count(st, id), 3);

	/* The same for --unset on a criterion not met. */
	ck_assert_int_eq(store_set_criterion_ex(st, id, 0, 4, false, "not yet", NULL, &done),
	                 STORE_OK);
	ck_assert_int_eq(done, STORE_CRITERION_NOTED);
	l = last(st, id);
	ck_assert_str_eq(l.what, "note");
	ck_assert_str_eq(l.field, "criterion-4");
	ck_assert_str_eq(l.note, "not yet");
	ck_assert_int_eq(st_version(st, id), 2);
	store_close(st);
}
END_TEST

START_TEST(test_note_refused_like_any_write)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add(st, "Deal", "ACME");
	store_criterion_outcome done;

	ck_assert_int_eq(store_set_criterion(st, id, 0, 1, true, NULL, NULL), STORE_OK);
	/* A stale version is a conflict: not even the note is written. */
	ck_assert_int_eq(store_set_criterion_ex(st, id, 1, 1, true, "late", NULL, &done),
	                 STORE_CONFLICT);
	/* A deleted card takes no note either. */
	ck_assert_int_eq(store_delete(st, id, 0), STORE_OK);
	ck_assert_int_eq(store_set_criterion_ex(st, id, 0, 1, true, "gone", NULL, &done),
	                 STORE_DELETED);
	/* Bad UTF-8 in the note is refused. */
	ck_assert_int_eq(store_restore(st, id, 0), STORE_OK);
	ck_assert_int_eq(store_set_criterion_ex(st, id, 0, 1, true, "bad \xff", NULL, &done),
	                 STORE_INVALID);
	last_event l = last(st, id);
	ck_assert_str_eq(l.what, "restore");
	ck_assert_int_eq(l.count, 4); /* create, criterion, delete, restore */
	store_close(st);
}
END_TEST

/* ---- existing client --------------------------------------------------- */

/* Takes a card to en-facturacion (billed). */
static void bill(store *st, int64_t id)
{
	st_qualify(st, id);
	ck_assert_int_eq(store_add_commitment(st, id, 0, PIPELINE_COMMIT_EMAIL, "ok", NULL, NULL),
	                 STORE_OK);
	ck_assert_int_eq(store_set_billing_approval(st, id, 0, "go", NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-1", NULL, false, 0, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_EN_FACTURACION, NULL, NULL), STORE_OK);
}

static bool existing(store *st, int64_t id)
{
	store_opp o;

	ck_assert_int_eq(store_get(st, id, &o), STORE_OK);
	bool e = o.existing_client;
	store_opp_free(&o);
	return e;
}

START_TEST(test_existing_client_ignores_case_and_accents)
{
	store *st = st_open(st_dbpath);
	int64_t billed = st_add(st, "Portal", "Seguros La Portada");
	int64_t lower = st_add(st, "Otro", "seguros la portada");
	int64_t spaced = st_add(st, "Más", "  SEGUROS LA PORTADA ");
	int64_t nandu = st_add(st, "Ñandú", "Compañía Ñandú");
	int64_t plain = st_add(st, "Plano", "compania nandu");
	int64_t longer = st_add(st, "Largo", "Compañía Ñandú Ltda");

	ck_assert(!existing(st, lower));
	bill(st, billed);
	bill(st, nandu);
	/* The same client as `list --client` finds: case and accents ignored,
	 * the whole name (stored names are trimmed). */
	ck_assert(existing(st, lower));
	ck_assert(existing(st, spaced));
	ck_assert(existing(st, plain));
	ck_assert(!existing(st, longer));
	ck_assert(!existing(st, billed)); /* only another opportunity counts */
	store_close(st);
}
END_TEST

/* A row changed by something else than embudo has no trustworthy folded
 * key until it is indexed again: the rows' own text decides meanwhile. */
START_TEST(test_existing_client_with_foreign_rows)
{
	store *st = st_open(st_dbpath);
	int64_t billed = st_add(st, "Portal", "ACME");
	int64_t other = st_add(st, "Otro", "zeta s.a.");
	sqlite3 *db;

	bill(st, billed);
	ck_assert(!existing(st, other));
	ck_assert_int_eq(sqlite3_open(st_dbpath, &db), SQLITE_OK);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE opportunity SET client = 'Zeta S.A.' WHERE id = %lld",
	         (long long)billed);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM search_stale"), 1);
	ck_assert(existing(st, other));
	store_close(st);
}
END_TEST

/* ---- invoices ------------------------------------------------------------ */

START_TEST(test_invoice_number_once)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add_full(st, "Deal", "ACME", "CLP", true, 1000);
	int64_t other = st_add(st, "Other", "ACME");
	int64_t first = 0, item = 0;

	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-100", "2026-02-01", true, 300, &first),
	                 STORE_OK);
	int64_t v = st_version(st, id);
	int rows = st_history_count(st, id);
	/* The same number again, even written otherwise: refused, naming the first. */
	ck_assert_int_eq(store_add_invoice(st, id, 0, " f-100 ", NULL, true, 300, &item),
	                 STORE_REFUSED);
	ck_assert_int_eq(item, 0);
	char want[64];
	snprintf(want, sizeof want, "(item %lld, dated 2026-02-01)", (long long)first);
	ck_assert_msg(strstr(store_message(st), "invoice F-100 is already recorded") != NULL
	              && strstr(store_message(st), want) != NULL, "message: %s", store_message(st));
	ck_assert_int_eq(st_version(st, id), v);
	ck_assert_int_eq(st_history_count(st, id), rows);
	ck_assert_int_eq(st_raw_int(st_dbpath, "SELECT count(*) FROM invoice"), 1);
	/* Another number, or the same number on another opportunity: fine. */
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-101", NULL, false, 0, NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, other, 0, "F-100", NULL, false, 0, NULL), STORE_OK);
	/* A retracted invoice does not count. */
	ck_assert_int_eq(store_retract(st, id, 0, PIPELINE_EV_INVOICE, first, NULL), STORE_OK);
	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-100", NULL, true, 350, &item), STORE_OK);
	ck_assert_int_gt(item, first);
	store_close(st);
}
END_TEST

static store_invoice inv(bool has, int64_t amount)
{
	store_invoice v;

	memset(&v, 0, sizeof v);
	v.has_amount = has;
	v.amount = amount;
	return v;
}

START_TEST(test_invoiced_text)
{
	store_invoice list[3] = { inv(true, 30000000), inv(true, 5000000), inv(false, 0) };
	store_opp o;
	char buf[256];
	invoiced v;

	memset(&o, 0, sizeof o);
	memcpy(o.currency, "CLP", 4);
	o.has_amount = true;
	o.amount = 48000000;
	store_opp_invoiced_text(&o, buf, sizeof buf);
	ck_assert_str_eq(buf, ""); /* no invoice: nothing to say */
	o.invoices = list;
	o.ninvoices = 2;
	store_opp_invoiced_text(&o, buf, sizeof buf);
	ck_assert_str_eq(buf, "invoiced 35,000,000 of 48,000,000 CLP");
	o.ninvoices = 3;
	store_opp_invoiced(&o, &v);
	ck_assert_int_eq(v.count, 3);
	ck_assert_int_eq(v.without_amount, 1);
	ck_assert_int_eq(v.amount, 35000000);
	store_opp_invoiced_text(&o, buf, sizeof buf);
	ck_assert_str_eq(buf, "invoiced 35,000,000 of 48,000,000 CLP; 1 invoice without an amount");
	o.has_amount = false;
	store_opp_invoiced_text(&o, buf, sizeof buf);
	ck_assert_str_eq(buf, "invoiced 35,000,000 CLP (the opportunity has no amount); "
	                      "1 invoice without an amount");
	/* Only invoices without amounts: they add nothing, and it says so. */
	o.invoices = &list[2];
	o.ninvoices = 1;
	o.has_amount = true;
	memcpy(o.currency, "USD", 4);
	o.amount = 1250;
	store_opp_invoiced_text(&o, buf, sizeof buf);
	ck_assert_str_eq(buf, "invoiced 0.00 of 12.50 USD; 1 invoice without an amount");
	/* A sum past int64 is never wrapped. */
	store_invoice big[2] = { inv(true, INT64_MAX), inv(true, 1) };
	o.invoices = big;
	o.ninvoices = 2;
	store_opp_invoiced(&o, &v);
	ck_assert(v.overflow);
	ck_assert_int_eq(v.amount, INT64_MAX);
	store_opp_invoiced_text(&o, buf, sizeof buf);
	ck_assert_str_eq(buf, "invoiced too large to add up of 12.50 USD");
}
END_TEST

/* The board's card detail says it too. */
START_TEST(test_detail_says_invoiced)
{
	store *st = st_open(st_dbpath);
	int64_t id = st_add_full(st, "Deal", "ACME", "CLP", true, 48000000);
	config cfg;
	controller c;
	char **lines = NULL;
	bool found = false;

	ck_assert_int_eq(store_add_invoice(st, id, 0, "F-1", NULL, true, 30000000, NULL), STORE_OK);
	config_init(&cfg);
	controller_init(&c, st, &cfg, NULL);
	int n = controller_detail_lines(&c, id, &lines);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i < n; i++)
		found = found || strstr(lines[i], "Invoices (en Facturación): 1, invoiced 30,000,000 of "
		                                  "48,000,000 CLP") != NULL;
	controller_lines_free(lines, n);
	ck_assert(found);
	controller_free(&c);
	config_free(&cfg);
	store_close(st);
}
END_TEST

static Suite *evidence_suite(void)
{
	Suite *s = suite_create("store_evidence");
	TCase *notes = tcase_create("notes");

	tcase_add_checked_fixture(notes, st_setup, st_teardown);
	tcase_add_test(notes, test_note_on_criterion_already_met);
	tcase_add_test(notes, test_note_refused_like_any_write);
	suite_add_tcase(s, notes);

	TCase *client = tcase_create("existing_client");
	tcase_add_checked_fixture(client, st_setup, st_teardown);
	tcase_add_test(client, test_existing_client_ignores_case_and_accents);
	tcase_add_test(client, test_existing_client_with_foreign_rows);
	suite_add_tcase(s, client);

	TCase *invoices = tcase_create("invoices");
	tcase_add_checked_fixture(invoices, st_setup, st_teardown);
	tcase_add_test(invoices, test_invoice_number_once);
	tcase_add_test(invoices, test_invoiced_text);
	tcase_add_test(invoices, test_detail_says_invoiced);
	suite_add_tcase(s, invoices);
	return s;
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8"); /* the detail's text is UTF-8 */
	return st_run(evidence_suite());
}
