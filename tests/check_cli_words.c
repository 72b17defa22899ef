/* Unit tests of the catalogue's words in the CLI's usages and hints
 * (cli_words.c, declared in cli_cmd.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_cmd.h"

START_TEST(test_tokens)
{
	char buf[512];
	ck_assert_str_eq(cli_words("ID --kind {commitments} --ref TEXT", buf, sizeof buf),
	                 "ID --kind email|purchase-order|contract --ref TEXT");
	ck_assert_str_eq(cli_words("--scope {scopes}", buf, sizeof buf), "--scope total|partial");
	ck_assert_str_eq(cli_words("{reasons}", buf, sizeof buf),
	                 "declined|competitor|needs-changed|no-agreement|cancelled");
	ck_assert_str_eq(cli_words("ID {evidence-many} ITEM_ID | ID {evidence-one}", buf, sizeof buf),
	                 "ID commitment|invoice ITEM_ID | ID billing-approval|delivery");
	ck_assert_str_eq(cli_words("move to {stage:perdida} (1..{criteria})", buf, sizeof buf),
	                 "move to Oportunidad Perdida (1..5)");
	ck_assert_str_eq(cli_words("{stages}", buf, sizeof buf),
	                 "inmadura|calificada|comprometida|por-facturar|en-facturacion|lista|perdida");
	/* What is not a token stays as it is. */
	ck_assert_str_eq(cli_words("a {nope} {stage:nope} {unclosed", buf, sizeof buf),
	                 "a {nope} {stage:nope} {unclosed");
	ck_assert_str_eq(cli_words("plain", buf, sizeof buf), "plain");
	/* Bounded: never past the buffer, always terminated. */
	ck_assert_str_eq(cli_words("ab {scopes}", buf, 4), "ab ");
	ck_assert_str_eq(cli_words("x", buf, 0), "");
}
END_TEST

START_TEST(test_hints_from_usages)
{
	char buf[512];
	ck_assert(cli_command_hint("commitment", 7, 0, buf, sizeof buf));
	ck_assert_str_eq(buf, "embudo commitment 7 --kind email|purchase-order|contract --ref TEXT");
	ck_assert(cli_command_hint("criterion", 12, 3, buf, sizeof buf));
	ck_assert_str_eq(buf, "embudo criterion 12 3");
	ck_assert(cli_command_hint("invoice", 7, 0, buf, sizeof buf));
	ck_assert_str_eq(buf, "embudo invoice 7 --number TEXT");
	ck_assert(cli_command_hint("delivery", 7, 0, buf, sizeof buf));
	ck_assert_str_eq(buf, "embudo delivery 7 --scope total|partial");
	ck_assert(cli_command_hint("lose", 7, 0, buf, sizeof buf));
	ck_assert_str_eq(buf, "embudo lose 7 --reason declined|competitor|needs-changed|no-agreement|cancelled");
	ck_assert(cli_command_hint("reopen", 7, 0, buf, sizeof buf));
	ck_assert_str_eq(buf, "embudo reopen 7 --note TEXT");
	ck_assert(!cli_command_hint("no-such-command", 7, 0, buf, sizeof buf));
	ck_assert_str_eq(buf, "");
	ck_assert(!cli_command_hint("commitment", 7, 0, buf, 20));
}
END_TEST

START_TEST(test_every_kind_has_its_command)
{
	/* The command the catalogue names for each kind exists, and its hint
	 * asks for the opportunity (and the criterion's number). */
	for (int k = 0; k < PIPELINE_EV_COUNT; k++) {
		const pipeline_evidence_info *e = pipeline_evidence_info_of((pipeline_evidence_kind)k);
		char buf[512], want[64];
		ck_assert_msg(cli_command_find(e->command) != NULL, "no command '%s' for %s", e->command,
		              e->slug);
		ck_assert(cli_command_hint(e->command, 42, 2, buf, sizeof buf));
		snprintf(want, sizeof want, "embudo %s 42%s", e->command,
		         e->count == PIPELINE_NUMBERED ? " 2" : "");
		ck_assert_msg(strncmp(buf, want, strlen(want)) == 0, "hint '%s' for %s", buf, e->slug);
	}
}
END_TEST

static Suite *words_suite(void)
{
	Suite *s = suite_create("cli_words");
	TCase *t = tcase_create("words");
	tcase_add_test(t, test_tokens);
	tcase_add_test(t, test_hints_from_usages);
	tcase_add_test(t, test_every_kind_has_its_command);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(words_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
