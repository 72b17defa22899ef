/*
 * check_cli_amount: an amount typed in the opportunity's own currency
 * (`invoice --amount`, `edit --amount`) is written with the version the
 * currency was read at, so a currency changed meanwhile by another process
 * is a conflict (retried once with a fresh read), never an amount taken in
 * the wrong currency. The race is made real: the write callback changes
 * the currency through a second connection before writing.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_cmd.h"
#include "store_test.h"

typedef struct race {
	store *other;        /* a second connection: the concurrent process */
	int changes;         /* how many writes to precede with a currency change */
	int calls;           /* writes attempted */
	int64_t expects[4];  /* the version each write was made with */
	store_status last;
	int64_t item;
} race;

static const char *const flip[] = { "USD", "CLF", "USD", "CLF" };

static store_status racy_invoice(cli_ctx *c, int64_t id, int64_t expect, int64_t amount, void *arg)
{
	race *r = arg;
	if (r->calls < r->changes) {
		store_fields f;
		memset(&f, 0, sizeof f);
		f.currency = flip[r->calls % 4];
		ck_assert_int_eq(store_edit(r->other, id, 0, &f), STORE_OK);
	}
	if (r->calls < 4)
		r->expects[r->calls] = expect;
	r->calls++;
	r->last = store_add_invoice(c->st, id, expect, "F-1", NULL, true, amount, &r->item);
	return r->last;
}

typedef struct fixture {
	char dir[64], path[128];
	store *st, *other;
	int64_t id;
	cli_ctx c;
	cli_args a;
} fixture;

/* A CLP card, and a CLI context for `invoice ID --number F-1 --amount amount [more]`. */
static void setup(fixture *fx, const char *amount, const char *more_opt, const char *more_val)
{
	memset(fx, 0, sizeof *fx);
	st_tmpdir(fx->dir);
	snprintf(fx->path, sizeof fx->path, "%s/t.db", fx->dir);
	fx->st = st_open(fx->path);
	fx->other = st_open(fx->path);
	fx->id = st_add_full(fx->st, "Tarjeta", "Cliente", "CLP", false, 0);
	char idtext[32];
	snprintf(idtext, sizeof idtext, "%lld", (long long)fx->id);
	char *argv[8] = { idtext, (char *)"--number", (char *)"F-1", (char *)"--amount",
	                  (char *)amount, (char *)more_opt, (char *)more_val, NULL };
	int argc = more_opt ? 7 : 5;
	char err[256];
	ck_assert_msg(cli_opts_parse("number=,date=,amount=,if-version=", argc, argv, &fx->a, err,
	                             sizeof err), "%s", err);
	/* cli_opts keeps pointers into argv: copy the id somewhere lasting. */
	static char lasting[32];
	snprintf(lasting, sizeof lasting, "%s", idtext);
	fx->a.pos[0] = lasting;
	fx->c.cmd = cli_command_find("invoice");
	fx->c.args = &fx->a;
	fx->c.st = fx->st;
	snprintf(fx->c.db_path, sizeof fx->c.db_path, "%s", fx->path);
}

static void teardown(fixture *fx)
{
	store_close(fx->st);
	store_close(fx->other);
	st_rmrf(fx->dir);
}

static int invoices(fixture *fx, store_opp *o)
{
	ck_assert_int_eq(store_get(fx->st, fx->id, o), STORE_OK);
	return (int)o->ninvoices;
}

START_TEST(test_no_race_uses_read_version)
{
	fixture fx;
	setup(&fx, "1500", NULL, NULL);
	race r = { .other = fx.other };
	ck_assert_int_eq(cli_write_in_card_currency(&fx.c, fx.id, 0, "amount", racy_invoice, &r),
	                 CLI_OK);
	ck_assert_int_eq(r.calls, 1);
	ck_assert_int_eq(r.expects[0], 1); /* the version read, not 0 (= any) */
	store_opp o;
	ck_assert_int_eq(invoices(&fx, &o), 1);
	ck_assert_int_eq(o.invoices[0].amount, 1500); /* CLP: no decimals */
	store_opp_free(&o);
	teardown(&fx);
}
END_TEST

START_TEST(test_currency_changed_once_is_retried)
{
	fixture fx;
	setup(&fx, "1500", NULL, NULL);
	race r = { .other = fx.other, .changes = 1 };
	ck_assert_int_eq(cli_write_in_card_currency(&fx.c, fx.id, 0, "amount", racy_invoice, &r),
	                 CLI_OK);
	ck_assert_int_eq(r.calls, 2);
	ck_assert_int_eq(r.expects[0], 1);
	ck_assert_int_eq(r.expects[1], 2); /* re-read after the concurrent edit */
	store_opp o;
	ck_assert_int_eq(invoices(&fx, &o), 1);
	ck_assert_str_eq(o.currency, "USD");
	/* 1500 read again in USD: 1500.00, not 1500 CLP taken as 15.00 USD. */
	ck_assert_int_eq(o.invoices[0].amount, 150000);
	store_opp_free(&o);
	teardown(&fx);
}
END_TEST

START_TEST(test_currency_changed_twice_is_a_conflict)
{
	fixture fx;
	setup(&fx, "1500", NULL, NULL);
	race r = { .other = fx.other, .changes = 2 };
	ck_assert_int_eq(cli_write_in_card_currency(&fx.c, fx.id, 0, "amount", racy_invoice, &r),
	                 CLI_REFUSED);
	ck_assert_int_eq(r.calls, 2);
	ck_assert_int_eq(r.last, STORE_CONFLICT);
	store_opp o;
	ck_assert_int_eq(invoices(&fx, &o), 0); /* nothing recorded */
	store_opp_free(&o);
	teardown(&fx);
}
END_TEST

START_TEST(test_if_version_is_not_retried)
{
	fixture fx;
	setup(&fx, "1500", "--if-version", "1");
	race r = { .other = fx.other, .changes = 1 };
	ck_assert_int_eq(cli_write_in_card_currency(&fx.c, fx.id, 1, "amount", racy_invoice, &r),
	                 CLI_REFUSED);
	ck_assert_int_eq(r.calls, 1);
	ck_assert_int_eq(r.expects[0], 1);
	store_opp o;
	ck_assert_int_eq(invoices(&fx, &o), 0);
	store_opp_free(&o);
	teardown(&fx);
}
END_TEST

START_TEST(test_amount_checked_in_fresh_currency)
{
	/* The amount is checked in the currency read: "12.5" is no CLP
	 * amount (no decimals), a usage error before any write. */
	fixture fx;
	setup(&fx, "12.5", NULL, NULL);
	race r = { .other = fx.other };
	ck_assert_int_eq(cli_write_in_card_currency(&fx.c, fx.id, 0, "amount", racy_invoice, &r),
	                 CLI_USAGE);
	ck_assert_int_eq(r.calls, 0);
	teardown(&fx);
}
END_TEST

static Suite *cli_amount_suite(void)
{
	Suite *s = suite_create("cli_amount");
	TCase *tc = tcase_create("race");
	tcase_add_test(tc, test_no_race_uses_read_version);
	tcase_add_test(tc, test_currency_changed_once_is_retried);
	tcase_add_test(tc, test_currency_changed_twice_is_a_conflict);
	tcase_add_test(tc, test_if_version_is_not_retried);
	tcase_add_test(tc, test_amount_checked_in_fresh_currency);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(cli_amount_suite());
}
