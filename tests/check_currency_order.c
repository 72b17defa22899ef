/*
 * check_currency_order: one currency order in every total of the board:
 * the configured default currency first, then by code (money_code_cmp),
 * whichever currency has most cards and whichever column meets it first.
 */
#include <check.h>
#include <string.h>

#include "config/config.h"
#include "board/controller.h"
#include "store_test.h"
#include "board/view.h"

static void assert_order(const store_summary *s, const char *const *want, int n, const char *what)
{
	ck_assert_msg(s->ntotals == n, "%s: %d currencies, want %d", what, s->ntotals, n);
	for (int i = 0; i < n; i++)
		ck_assert_msg(strcmp(s->totals[i].currency, want[i]) == 0, "%s: #%d is %s, want %s",
		              what, i, s->totals[i].currency, want[i]);
}

START_TEST(test_board_totals_in_one_order)
{
	store *st = st_open(st_dbpath);
	config cfg;
	controller c;
	store_summary w;

	/* Inmadura: most cards in USD, then CLF; Calificada: CLP only, so the
	 * columns meet CLF and USD before CLP; Comprometida: USD. */
	for (int i = 0; i < 3; i++)
		st_add_full(st, "Dólares", "ACME", "USD", true, 100000);
	st_add_full(st, "UF", "ACME", "CLF", true, 250000);
	st_add_full(st, "UF 2", "ACME", "CLF", true, 250000);
	int64_t clp = st_add_full(st, "Pesos calificados", "ACME", "CLP", true, 7000000);
	st_qualify(st, clp);
	ck_assert_int_eq(store_move(st, clp, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	int64_t usd = st_add_full(st, "Comprometidos", "ACME", "USD", true, 900000);
	st_qualify(st, usd);
	ck_assert_int_eq(store_add_commitment(st, usd, 0, PIPELINE_COMMIT_EMAIL, "ok", NULL, NULL),
	                 STORE_OK);
	ck_assert_int_eq(store_move(st, usd, 0, PIPELINE_COMPROMETIDA, NULL, NULL), STORE_OK);

	config_init(&cfg);
	controller_init(&c, st, &cfg, NULL);
	controller_set_rows(&c, 5);
	ck_assert_int_eq(controller_load(&c), STORE_OK);
	const char *const by_code[] = { "CLF", "USD" };
	assert_order(&c.model.sum[PIPELINE_INMADURA], by_code, 2, "Inmadura's totals");
	const char *const clp_first[] = { "CLP", "CLF", "USD" };
	review_weighted_stages(cfg.probability, c.model.sum, NULL, cfg.currency, &w);
	assert_order(&w, clp_first, 3, "the board's weighted line");

	/* A card moving does not reshuffle the board's line. */
	ck_assert_int_eq(store_move(st, clp, 0, PIPELINE_INMADURA, "back", NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, usd, 0, PIPELINE_CALIFICADA, "back", NULL), STORE_OK);
	ck_assert_int_eq(controller_load(&c), STORE_OK);
	assert_order(&c.model.sum[PIPELINE_INMADURA], clp_first, 3, "Inmadura after the move");
	review_weighted_stages(cfg.probability, c.model.sum, NULL, cfg.currency, &w);
	assert_order(&w, clp_first, 3, "the weighted line after a move");

	/* The configured currency comes first. */
	memcpy(cfg.currency, "USD", 4);
	ck_assert_int_eq(controller_load(&c), STORE_OK);
	const char *const usd_first[] = { "USD", "CLF", "CLP" };
	assert_order(&c.model.sum[PIPELINE_INMADURA], usd_first, 3, "Inmadura with USD configured");
	review_weighted_stages(cfg.probability, c.model.sum, NULL, cfg.currency, &w);
	assert_order(&w, usd_first, 3, "the weighted line with USD configured");
	/* A column's weighted line follows its totals. */
	review_weighted_summary(cfg.probability[PIPELINE_INMADURA], &c.model.sum[PIPELINE_INMADURA], &w);
	assert_order(&w, usd_first, 3, "Inmadura's weighted line");

	controller_free(&c);
	config_free(&cfg);
	store_close(st);
}
END_TEST

static Suite *order_suite(void)
{
	Suite *s = suite_create("currency_order");
	TCase *tc = tcase_create("board");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_add_test(tc, test_board_totals_in_one_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(order_suite());
}
