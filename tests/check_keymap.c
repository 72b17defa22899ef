/* Tests for keymap: the table, key names, defaults, conflicts, describe. */
#include <check.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "config/keymap.h"

#define FN(k) (KEYMAP_FN | (k))

static keymap_key parsed(const char *name)
{
	keymap_key k = KEYMAP_NONE;
	ck_assert_msg(keymap_key_parse(name, &k), "'%s' should parse", name);
	return k;
}

START_TEST(test_table_names_round_trip)
{
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++) {
		keymap_mode m = keymap_action_mode((keymap_action)a);
		ck_assert_int_lt(m, KEYMAP_MODE_COUNT);
		ck_assert_int_eq(keymap_action_parse(m, keymap_action_name((keymap_action)a)), a);
		ck_assert_str_ne(keymap_action_label((keymap_action)a), "");
		ck_assert_str_ne(keymap_action_help((keymap_action)a), "");
	}
	/* "toggle" and "cancel" exist in two modes: the mode decides */
	ck_assert_int_eq(keymap_action_parse(KEYMAP_FORM, "toggle"), KEYMAP_FORM_TOGGLE);
	ck_assert_int_eq(keymap_action_parse(KEYMAP_DIALOG, "toggle"), KEYMAP_DIALOG_TOGGLE);
	ck_assert_int_eq(keymap_action_parse(KEYMAP_BOARD, "toggle"), KEYMAP_ACTION_NONE);
	ck_assert_int_eq(keymap_action_parse(KEYMAP_BOARD, "no-such"), KEYMAP_ACTION_NONE);
	keymap_mode m;
	ck_assert(keymap_mode_parse("dialog", &m));
	ck_assert_int_eq(m, KEYMAP_DIALOG);
	ck_assert(!keymap_mode_parse("Board", &m));
	ck_assert_str_eq(keymap_mode_name(KEYMAP_FORM), "form");
}
END_TEST

START_TEST(test_parse_every_form)
{
	ck_assert_int_eq(parsed("q"), 'q');
	ck_assert_int_eq(parsed(">"), '>');
	ck_assert_int_eq(parsed("-"), '-');
	ck_assert_int_eq(parsed("M"), 'M');
	ck_assert_int_eq(parsed("ñ"), 0xf1);
	ck_assert_int_eq(parsed("€"), 0x20ac);
	ck_assert_int_eq(parsed("C-x"), 24);
	ck_assert_int_eq(parsed("C-X"), 24);
	ck_assert_int_eq(parsed("^L"), 12);
	ck_assert_int_eq(parsed("C-?"), 127);
	ck_assert_int_eq(parsed("M-x"), KEYMAP_META | 'x');
	ck_assert_int_eq(parsed("M-C-x"), KEYMAP_META | 24);
	ck_assert_int_eq(parsed("M-Left"), KEYMAP_META | FN(KEY_LEFT));
	ck_assert_int_eq(parsed("S-Right"), FN(KEY_SRIGHT));
	ck_assert_int_eq(parsed("S-Left"), FN(KEY_SLEFT));
	ck_assert_int_eq(parsed("S-Up"), FN(KEY_SR));
	ck_assert_int_eq(parsed("S-Down"), FN(KEY_SF));
	ck_assert_int_eq(parsed("S-Tab"), FN(KEY_BTAB));
	ck_assert_int_eq(parsed("S-a"), 'A');
	ck_assert_int_eq(parsed("Up"), FN(KEY_UP));
	ck_assert_int_eq(parsed("up"), FN(KEY_UP));
	ck_assert_int_eq(parsed("PgDn"), FN(KEY_NPAGE));
	ck_assert_int_eq(parsed("PageDown"), FN(KEY_NPAGE));
	ck_assert_int_eq(parsed("PgUp"), FN(KEY_PPAGE));
	ck_assert_int_eq(parsed("Enter"), '\n');
	ck_assert_int_eq(parsed("Return"), '\r');
	ck_assert_int_eq(parsed("Space"), ' ');
	ck_assert_int_eq(parsed("Tab"), '\t');
	ck_assert_int_eq(parsed("Esc"), 27);
	ck_assert_int_eq(parsed("Backspace"), FN(KEY_BACKSPACE));
	ck_assert_int_eq(parsed("Delete"), FN(KEY_DC));
	ck_assert_int_eq(parsed("Home"), FN(KEY_HOME));
	ck_assert_int_eq(parsed("End"), FN(KEY_END));
	ck_assert_int_eq(parsed("F1"), FN(KEY_F(1)));
	ck_assert_int_eq(parsed("F12"), FN(KEY_F(12)));
	ck_assert_int_eq(parsed("KEY_DC"), FN(KEY_DC));
	ck_assert_int_eq(parsed("KEY_F5"), FN(KEY_F(5)));
	ck_assert_int_eq(parsed("KEY_F(5)"), FN(KEY_F(5)));
	ck_assert_int_eq(parsed("KEY_ENTER"), FN(KEY_ENTER));
}
END_TEST

START_TEST(test_parse_refuses)
{
	static const char *const bad[] = {
		"", "Ctrl-x", "C-", "C-xy", "C-@", "M-", "F0", "F64", "F1x", "KEY_F(5", "KEY_NOPE",
		"ab", "\x01", "\x7f", "\xc3", "\xc3\x28", "\xed\xa0\x80", "\xc2\x85", "M-M-x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		keymap_key k = 12345;
		ck_assert_msg(!keymap_key_parse(bad[i], &k), "'%s' should not parse", bad[i]);
		ck_assert_int_eq(k, 12345);
	}
	keymap_key k;
	ck_assert(!keymap_key_parse(NULL, &k));
}
END_TEST

START_TEST(test_names_round_trip)
{
	static const char *const names[] = {
		"q", ">", "?", "C-x", "M-x", "M-Left", "S-Right", "S-Up", "S-Down", "S-Tab", "Up", "PgDn",
		"PgUp", "Enter", "Space", "Tab", "Esc", "Backspace", "Delete", "Home", "End", "F1", "F12",
		"ñ", "C-?", "KEY_ENTER", "C-m", "KEY_A1", "Insert",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		keymap_key k = parsed(names[i]), back;
		char buf[KEYMAP_NAME_MAX];
		keymap_key_name(k, buf, sizeof buf);
		ck_assert_msg(keymap_key_parse(buf, &back) && back == k, "%s -> %s did not round-trip", names[i], buf);
	}
	char buf[KEYMAP_NAME_MAX];
	ck_assert_str_eq(keymap_key_name(FN(KEY_RIGHT), buf, sizeof buf), "Right");
	ck_assert_str_eq(keymap_key_name(12, buf, sizeof buf), "C-l");
	ck_assert_str_eq(keymap_key_name(FN(KEY_NPAGE), buf, sizeof buf), "PgDn");
	ck_assert_str_eq(keymap_key_name(' ', buf, sizeof buf), "Space");
	ck_assert_str_eq(keymap_key_name(KEYMAP_META | 'x', buf, sizeof buf), "M-x");
	ck_assert_str_eq(keymap_key_name(FN(KEY_F(5)), buf, sizeof buf), "F5");
}
END_TEST

START_TEST(test_parse_all_groups)
{
	keymap_key k[KEYMAP_MAX_KEYS];
	ck_assert_int_eq(keymap_key_parse_all("Enter", k, KEYMAP_MAX_KEYS), 3);
	ck_assert_int_eq(k[0], '\n');
	ck_assert_int_eq(k[1], '\r');
	ck_assert_int_eq(k[2], FN(KEY_ENTER));
	ck_assert_int_eq(keymap_key_parse_all("Backspace", k, KEYMAP_MAX_KEYS), 2);
	ck_assert_int_eq(k[1], 127);
	ck_assert_int_eq(keymap_key_parse_all("KEY_BACKSPACE", k, KEYMAP_MAX_KEYS), 1);
	ck_assert_int_eq(keymap_key_parse_all("C-j", k, KEYMAP_MAX_KEYS), 1);
	ck_assert_int_eq(keymap_key_parse_all("q", k, KEYMAP_MAX_KEYS), 1);
	ck_assert_int_eq(keymap_key_parse_all("nope", k, KEYMAP_MAX_KEYS), 0);
	ck_assert_int_eq(keymap_key_parse_all("Enter", k, 2), 0);
}
END_TEST

START_TEST(test_defaults_issue_list)
{
	keymap km;
	keymap_init_defaults(&km);
	struct { keymap_mode m; keymap_key k; keymap_action a; } cases[] = {
		{ KEYMAP_BOARD, FN(KEY_LEFT), KEYMAP_FOCUS_LEFT },   { KEYMAP_BOARD, 'h', KEYMAP_FOCUS_LEFT },
		{ KEYMAP_BOARD, 'l', KEYMAP_FOCUS_RIGHT },           { KEYMAP_BOARD, 'k', KEYMAP_FOCUS_UP },
		{ KEYMAP_BOARD, 'j', KEYMAP_FOCUS_DOWN },            { KEYMAP_BOARD, FN(KEY_PPAGE), KEYMAP_PAGE_UP },
		{ KEYMAP_BOARD, FN(KEY_NPAGE), KEYMAP_PAGE_DOWN },   { KEYMAP_BOARD, FN(KEY_HOME), KEYMAP_FIRST },
		{ KEYMAP_BOARD, FN(KEY_END), KEYMAP_LAST },          { KEYMAP_BOARD, '>', KEYMAP_MOVE_FORWARD },
		{ KEYMAP_BOARD, FN(KEY_SRIGHT), KEYMAP_MOVE_FORWARD }, { KEYMAP_BOARD, '<', KEYMAP_MOVE_BACK },
		{ KEYMAP_BOARD, FN(KEY_SLEFT), KEYMAP_MOVE_BACK },   { KEYMAP_BOARD, 'm', KEYMAP_MOVE_TO },
		{ KEYMAP_BOARD, 'x', KEYMAP_LOSE },                  { KEYMAP_BOARD, 'r', KEYMAP_REOPEN },
		{ KEYMAP_BOARD, '\n', KEYMAP_DETAIL },               { KEYMAP_BOARD, '\r', KEYMAP_DETAIL },
		{ KEYMAP_BOARD, FN(KEY_ENTER), KEYMAP_DETAIL },      { KEYMAP_BOARD, 'c', KEYMAP_CHECKLIST },
		{ KEYMAP_BOARD, 'v', KEYMAP_EVIDENCE },              { KEYMAP_BOARD, 'a', KEYMAP_ADD },
		{ KEYMAP_BOARD, 'e', KEYMAP_EDIT },                  { KEYMAP_BOARD, 'd', KEYMAP_DELETE },
		{ KEYMAP_BOARD, FN(KEY_SR), KEYMAP_REORDER_UP },     { KEYMAP_BOARD, 'K', KEYMAP_REORDER_UP },
		{ KEYMAP_BOARD, FN(KEY_SF), KEYMAP_REORDER_DOWN },   { KEYMAP_BOARD, 'J', KEYMAP_REORDER_DOWN },
		{ KEYMAP_BOARD, '/', KEYMAP_FILTER_TEXT },           { KEYMAP_BOARD, 'o', KEYMAP_FILTER_OWNER },
		{ KEYMAP_BOARD, 27, KEYMAP_CLEAR_FILTER },           { KEYMAP_BOARD, 'p', KEYMAP_TOGGLE_LOST },
		{ KEYMAP_BOARD, 'u', KEYMAP_UNDO },                  { KEYMAP_BOARD, 12, KEYMAP_REFRESH },
		{ KEYMAP_BOARD, '?', KEYMAP_HELP },                  { KEYMAP_BOARD, 'q', KEYMAP_QUIT },
		{ KEYMAP_FORM, '\t', KEYMAP_FORM_NEXT },             { KEYMAP_FORM, FN(KEY_DOWN), KEYMAP_FORM_NEXT },
		{ KEYMAP_FORM, FN(KEY_BTAB), KEYMAP_FORM_PREV },     { KEYMAP_FORM, FN(KEY_UP), KEYMAP_FORM_PREV },
		{ KEYMAP_FORM, FN(KEY_LEFT), KEYMAP_FORM_LEFT },     { KEYMAP_FORM, FN(KEY_RIGHT), KEYMAP_FORM_RIGHT },
		{ KEYMAP_FORM, FN(KEY_HOME), KEYMAP_FORM_HOME },     { KEYMAP_FORM, FN(KEY_END), KEYMAP_FORM_END },
		{ KEYMAP_FORM, FN(KEY_BACKSPACE), KEYMAP_FORM_BACKSPACE }, { KEYMAP_FORM, 127, KEYMAP_FORM_BACKSPACE },
		{ KEYMAP_FORM, 8, KEYMAP_FORM_BACKSPACE },           { KEYMAP_FORM, FN(KEY_DC), KEYMAP_FORM_DELETE },
		{ KEYMAP_FORM, 20, KEYMAP_FORM_TOGGLE },             { KEYMAP_FORM, FN(KEY_F(2)), KEYMAP_FORM_TOGGLE },
		{ KEYMAP_FORM, '\n', KEYMAP_FORM_SUBMIT },           { KEYMAP_FORM, '\r', KEYMAP_FORM_SUBMIT },
		{ KEYMAP_FORM, FN(KEY_ENTER), KEYMAP_FORM_SUBMIT },  { KEYMAP_FORM, 27, KEYMAP_FORM_CANCEL },
		{ KEYMAP_DIALOG, FN(KEY_UP), KEYMAP_DIALOG_UP },     { KEYMAP_DIALOG, 'k', KEYMAP_DIALOG_UP },
		{ KEYMAP_DIALOG, FN(KEY_DOWN), KEYMAP_DIALOG_DOWN }, { KEYMAP_DIALOG, 'j', KEYMAP_DIALOG_DOWN },
		{ KEYMAP_DIALOG, ' ', KEYMAP_DIALOG_TOGGLE },        { KEYMAP_DIALOG, '\n', KEYMAP_DIALOG_SELECT },
		{ KEYMAP_DIALOG, 27, KEYMAP_DIALOG_CANCEL },         { KEYMAP_DIALOG, 'q', KEYMAP_DIALOG_CANCEL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(keymap_lookup(&km, cases[i].m, cases[i].k) == cases[i].a, "case %zu: key %d", i, cases[i].k);
	/* Space types a space in forms: no form action may take it. */
	ck_assert_int_eq(keymap_lookup(&km, KEYMAP_FORM, ' '), KEYMAP_ACTION_NONE);
	ck_assert_int_eq(keymap_lookup(&km, KEYMAP_BOARD, 'z'), KEYMAP_ACTION_NONE);
	ck_assert_int_eq(keymap_lookup(&km, KEYMAP_BOARD, KEYMAP_NONE), KEYMAP_ACTION_NONE);
	/* every action has a default key */
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++)
		ck_assert_msg(km.keys[a][0] != KEYMAP_NONE, "%s unbound", keymap_action_name((keymap_action)a));
	ck_assert(!keymap_find_conflict(&km, NULL, NULL, NULL));
}
END_TEST

START_TEST(test_set_unbind_and_conflict)
{
	keymap km;
	keymap_init_defaults(&km);
	keymap_set(&km, KEYMAP_QUIT, NULL, 0);
	ck_assert_int_eq(keymap_lookup(&km, KEYMAP_BOARD, 'q'), KEYMAP_ACTION_NONE);
	char buf[64];
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_QUIT, buf, sizeof buf), "unbound");

	keymap_key help_keys[] = { 'q', '?', 'q' }; /* duplicates collapse */
	keymap_set(&km, KEYMAP_HELP, help_keys, 3);
	ck_assert_int_eq(km.keys[KEYMAP_HELP][2], KEYMAP_NONE);
	ck_assert(!keymap_find_conflict(&km, NULL, NULL, NULL));

	keymap_key quit_keys[] = { 'Q', 'q' };
	keymap_set(&km, KEYMAP_QUIT, quit_keys, 2);
	keymap_action a, b;
	keymap_key k;
	ck_assert(keymap_find_conflict(&km, &a, &b, &k));
	ck_assert_int_eq(k, 'q');
	ck_assert((a == KEYMAP_QUIT && b == KEYMAP_HELP) || (a == KEYMAP_HELP && b == KEYMAP_QUIT));

	/* the same key in two modes is no conflict */
	keymap_init_defaults(&km);
	keymap_key cancel[] = { 'q' };
	keymap_set(&km, KEYMAP_FORM_CANCEL, cancel, 1);
	ck_assert(!keymap_find_conflict(&km, NULL, NULL, NULL));
	ck_assert_int_eq(keymap_lookup(&km, KEYMAP_FORM, 'q'), KEYMAP_FORM_CANCEL);
	ck_assert_int_eq(keymap_lookup(&km, KEYMAP_BOARD, 'q'), KEYMAP_QUIT);

	/* more keys than fit are cut, never overflow */
	keymap_key many[] = { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' };
	keymap_set(&km, KEYMAP_ADD, many, 8);
	ck_assert_int_eq(km.keys[KEYMAP_ADD][KEYMAP_MAX_KEYS - 1], KEYMAP_NONE);
}
END_TEST

START_TEST(test_reserved_keys)
{
	/* the keys a cbreak terminal keeps for itself */
	static const char *const reserved[] = { "C-s", "C-q", "C-c", "C-z", "C-\\", "M-C-s", "^S" };
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		ck_assert_msg(keymap_key_reserved(parsed(reserved[i])) != NULL, "%s should be reserved", reserved[i]);
	ck_assert_ptr_nonnull(strstr(keymap_key_reserved(parsed("C-s")), "flow control"));
	static const char *const usable[] = { "C-a", "C-l", "C-t", "C-v", "C-x", "q", "s", "M-s", "F10", "Enter" };
	for (size_t i = 0; i < sizeof usable / sizeof usable[0]; i++)
		ck_assert_msg(keymap_key_reserved(parsed(usable[i])) == NULL, "%s should be usable", usable[i]);
	/* no default binding is one of them */
	keymap km;
	keymap_init_defaults(&km);
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++)
		for (int i = 0; i < KEYMAP_MAX_KEYS && km.keys[a][i] != KEYMAP_NONE; i++)
			ck_assert_ptr_null(keymap_key_reserved(km.keys[a][i]));
}
END_TEST

START_TEST(test_describe)
{
	keymap km;
	keymap_init_defaults(&km);
	char buf[128];
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_FOCUS_LEFT, buf, sizeof buf), "Left h");
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_MOVE_FORWARD, buf, sizeof buf), "> S-Right");
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_DETAIL, buf, sizeof buf), "Enter");
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_FORM_BACKSPACE, buf, sizeof buf), "Backspace C-h");
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_REFRESH, buf, sizeof buf), "C-l");
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_DIALOG_TOGGLE, buf, sizeof buf), "Space");
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_FORM_PREV, buf, sizeof buf), "S-Tab Up");
	/* a lone CR is not "Enter": it must load back as CR only */
	keymap_key cr[] = { '\r' };
	keymap_set(&km, KEYMAP_DETAIL, cr, 1);
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_DETAIL, buf, sizeof buf), "Return");
	keymap_key lf[] = { '\n' };
	keymap_set(&km, KEYMAP_DETAIL, lf, 1);
	ck_assert_str_eq(keymap_describe(&km, KEYMAP_DETAIL, buf, sizeof buf), "C-j");
	/* a short buffer is cut, never overrun */
	char small[4];
	keymap_init_defaults(&km);
	keymap_describe(&km, KEYMAP_FOCUS_LEFT, small, sizeof small);
	ck_assert_uint_lt(strlen(small), sizeof small);
}
END_TEST

/* The named keys are the ones the key names parse to; text keys are the
 * characters a text field takes (never a control, function or Meta key). */
START_TEST(test_named_keys_and_text_keys)
{
	ck_assert_int_eq(KEYMAP_KEY_ESC, parsed("Esc"));
	ck_assert_int_eq(KEYMAP_KEY_SPACE, parsed("Space"));
	ck_assert(keymap_key_is_text(KEYMAP_KEY_SPACE));
	ck_assert(keymap_key_is_text('a'));
	ck_assert(keymap_key_is_text(0x00F1));  /* ñ */
	ck_assert(keymap_key_is_text(0x6771));  /* 東 */
	ck_assert(keymap_key_is_text(0x1F600)); /* emoji */
	ck_assert(!keymap_key_is_text(KEYMAP_KEY_ESC));
	ck_assert(!keymap_key_is_text(parsed("Tab")));
	ck_assert(!keymap_key_is_text(parsed("C-a")));
	ck_assert(!keymap_key_is_text(0x7F));   /* DEL */
	ck_assert(!keymap_key_is_text(0x9B));   /* CSI, a C1 control */
	ck_assert(!keymap_key_is_text(parsed("M-x")));
	ck_assert(!keymap_key_is_text(parsed("Left")));
	ck_assert(!keymap_key_is_text(KEYMAP_NONE));
	ck_assert(!keymap_key_is_text(-1));
}
END_TEST

static Suite *keymap_suite(void)
{
	Suite *s = suite_create("keymap");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_table_names_round_trip);
	tcase_add_test(tc, test_parse_every_form);
	tcase_add_test(tc, test_parse_refuses);
	tcase_add_test(tc, test_names_round_trip);
	tcase_add_test(tc, test_parse_all_groups);
	tcase_add_test(tc, test_defaults_issue_list);
	tcase_add_test(tc, test_set_unbind_and_conflict);
	tcase_add_test(tc, test_reserved_keys);
	tcase_add_test(tc, test_describe);
	tcase_add_test(tc, test_named_keys_and_text_keys);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(keymap_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
