/* Tests of the form model: cursor editing, UTF-8, validation, toggles. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/form.h"

static void type(form *f, const wchar_t *s)
{
	for (; *s; s++)
		ck_assert(form_insert(f, *s));
}

static const char *text(const form *f, int i)
{
	static char buf[1024];
	return form_text(f, i, buf, sizeof buf);
}

START_TEST(test_cursor_editing)
{
	form f;
	form_init(&f, "t");
	int i = form_add_text(&f, "Title", "", FORM_V_TEXT, true);
	type(&f, L"acd");
	form_left(&f);
	form_left(&f);
	type(&f, L"b");
	ck_assert_str_eq(text(&f, i), "abcd");
	form_end(&f);
	form_backspace(&f);
	ck_assert_str_eq(text(&f, i), "abc");
	form_home(&f);
	form_delete(&f);
	ck_assert_str_eq(text(&f, i), "bc");
	ck_assert_int_eq(f.fields[i].cursor, 0);
	form_backspace(&f); /* at the start: nothing */
	ck_assert_str_eq(text(&f, i), "bc");
	form_end(&f);
	form_delete(&f); /* at the end: nothing */
	ck_assert_str_eq(text(&f, i), "bc");
	form_right(&f);
	ck_assert_int_eq(f.fields[i].cursor, 2);
}
END_TEST

START_TEST(test_utf8_round_trip)
{
	form f;
	form_init(&f, "t");
	int i = form_add_text(&f, "Client", "Señor Ñandú", FORM_V_TEXT, false);
	ck_assert_int_eq(f.fields[i].len, 11);
	type(&f, L" 東京");
	ck_assert_str_eq(text(&f, i), "Señor Ñandú 東京");
	form_home(&f);
	form_right(&f);
	form_right(&f);
	form_delete(&f); /* the ñ is one character, not two bytes */
	ck_assert_str_eq(text(&f, i), "Seor Ñandú 東京");
}
END_TEST

START_TEST(test_control_chars_refused)
{
	form f;
	form_init(&f, "t");
	int i = form_add_text(&f, "x", "a\x1b[31mb", FORM_V_TEXT, false);
	ck_assert_str_eq(text(&f, i), "a[31mb");
	ck_assert(!form_insert(&f, 0x1b));
	ck_assert(!form_insert(&f, 0x202E)); /* bidi override */
	ck_assert(!form_insert(&f, L'\n'));
	ck_assert_str_eq(text(&f, i), "a[31mb");
}
END_TEST

START_TEST(test_required_and_submit)
{
	form f;
	form_init(&f, "t");
	int a = form_add_text(&f, "Title", "", FORM_V_TEXT, true);
	int b = form_add_text(&f, "Client", "", FORM_V_TEXT, true);
	form_next(&f);
	type(&f, L"x");
	ck_assert(!form_submit(&f));
	ck_assert_int_eq(f.focus, a); /* the first bad field gets the focus */
	ck_assert(f.fields[a].error[0]);
	ck_assert(!f.fields[b].error[0]);
	type(&f, L"   ");
	ck_assert(!form_submit(&f)); /* spaces only is empty */
	type(&f, L"y");
	ck_assert(form_submit(&f));
}
END_TEST

START_TEST(test_amount_follows_currency)
{
	form f;
	form_init(&f, "t");
	int amt = form_add_text(&f, "Amount", "1500.5", FORM_V_AMOUNT, false);
	int cur = form_add_text(&f, "Currency", "CLP", FORM_V_CURRENCY, true);
	form_amount_currency(&f, amt, cur, NULL);
	ck_assert(!form_validate(&f)); /* CLP has no decimals */
	ck_assert(f.fields[amt].error[0]);
	form_set_text(&f, cur, "usd");
	ck_assert(form_validate(&f));
	bool has;
	int64_t minor;
	ck_assert(form_amount(&f, amt, &has, &minor));
	ck_assert(has);
	ck_assert_int_eq(minor, 150050);
	form_set_text(&f, cur, "US");
	ck_assert(!form_validate(&f));
	ck_assert(f.fields[cur].error[0]);
	form_set_text(&f, cur, "USD");
	form_set_text(&f, amt, "");
	ck_assert(form_validate(&f)); /* optional */
	ck_assert(form_amount(&f, amt, &has, &minor));
	ck_assert(!has);
	form_set_text(&f, amt, "12abc");
	ck_assert(!form_validate(&f));
}
END_TEST

START_TEST(test_date_on_the_spot)
{
	form f;
	form_init(&f, "t");
	int d = form_add_text(&f, "Date", "", FORM_V_DATE, true);
	type(&f, L"2025-02-3");
	ck_assert(f.fields[d].error[0]);
	type(&f, L"0"); /* 2025-02-30 is no date */
	ck_assert(f.fields[d].error[0]);
	form_backspace(&f);
	form_backspace(&f);
	type(&f, L"28");
	ck_assert_str_eq(f.fields[d].error, "");
	ck_assert(f.fields[d].touched);
}
END_TEST

static bool refuse_untick(void *ctx, const form *f, int field, bool to, char *err, size_t errlen)
{
	(void)f;
	int *calls = ctx;
	(*calls)++;
	if (!to && field == 0) {
		snprintf(err, errlen, "move the card back first");
		return false;
	}
	return true;
}

START_TEST(test_toggle_hook_and_choice)
{
	form f;
	int calls = 0;
	form_init(&f, "t");
	f.on_toggle = refuse_untick;
	f.toggle_ctx = &calls;
	int c0 = form_add_check(&f, "one", true);
	int c1 = form_add_check(&f, "two", false);
	static const char *const opts[] = { "total", "partial" };
	int ch = form_add_choice(&f, "Scope", opts, 2, 0);
	form_toggle(&f); /* untick refused */
	ck_assert(form_checked(&f, c0));
	ck_assert_str_eq(f.message, "move the card back first");
	form_next(&f);
	form_toggle(&f);
	ck_assert(form_checked(&f, c1));
	ck_assert_str_eq(f.message, "");
	int done, total;
	form_progress(&f, &done, &total);
	ck_assert_int_eq(done, 2);
	ck_assert_int_eq(total, 2);
	ck_assert_int_eq(calls, 2);
	form_next(&f);
	form_toggle(&f);
	ck_assert_int_eq(form_choice(&f, ch), 1);
	form_right(&f);
	ck_assert_int_eq(form_choice(&f, ch), 0);
	form_left(&f);
	ck_assert_int_eq(form_choice(&f, ch), 1);
	ck_assert(!form_insert(&f, L'x')); /* not a text field */
}
END_TEST

START_TEST(test_field_is_bounded)
{
	form f;
	form_init(&f, "t");
	int i = form_add_text(&f, "x", "", FORM_V_TEXT, false);
	for (int k = 0; k < FORM_TEXT_MAX; k++)
		ck_assert(form_insert(&f, L'a'));
	ck_assert(!form_insert(&f, L'a'));
	ck_assert_int_eq((int)strlen(text(&f, i)), FORM_TEXT_MAX);
}
END_TEST


/* A combining mark moves with its base character: one Left or Right
 * steps over "é" written as e + U+0301, as the eye sees one character. */
START_TEST(test_cursor_skips_combining_marks)
{
	form f;
	form_init(&f, "t");
	int i = form_add_text(&f, "Title", "", FORM_V_TEXT, true);
	type(&f, L"cafe\x0301s");
	ck_assert_int_eq(f.fields[i].cursor, 6);
	form_left(&f); /* before "s" */
	ck_assert_int_eq(f.fields[i].cursor, 5);
	form_left(&f); /* before "e" + mark, not between them */
	ck_assert_int_eq(f.fields[i].cursor, 3);
	form_right(&f); /* after the mark */
	ck_assert_int_eq(f.fields[i].cursor, 5);
	form_left(&f);
	form_left(&f);
	ck_assert_int_eq(f.fields[i].cursor, 2);
	type(&f, L"X");
	ck_assert_str_eq(text(&f, i), "caXfe\xcc\x81s");
}
END_TEST

/* A numbered checklist: digit N toggles the Nth box wherever the focus
 * is; Home and End go to the first and last box. */
START_TEST(test_numbered_boxes_and_home_end)
{
	form f;
	form_init(&f, "t");
	f.numbered = true;
	int box[5];
	for (int n = 0; n < 5; n++)
		box[n] = form_add_check(&f, "criterion", false);
	ck_assert(form_toggle_number(&f, 3));
	ck_assert(form_checked(&f, box[2]));
	ck_assert_int_eq(f.focus, box[2]);
	ck_assert(form_toggle_number(&f, 5));
	ck_assert(form_toggle_number(&f, 3)); /* again: off */
	ck_assert(!form_checked(&f, box[2]));
	ck_assert(form_checked(&f, box[4]));
	ck_assert(!form_toggle_number(&f, 6));
	ck_assert_str_eq(f.message, "There is no box 6: 1-5 toggle the boxes.");
	ck_assert(!form_toggle_number(&f, 0));
	f.focus = box[2];
	form_home(&f);
	ck_assert_int_eq(f.focus, box[0]);
	form_end(&f);
	ck_assert_int_eq(f.focus, box[4]);
	/* In a text field they still move the cursor, not the focus. */
	int t = form_add_text(&f, "Note", "abc", FORM_V_TEXT, false);
	f.focus = t;
	form_home(&f);
	ck_assert_int_eq(f.focus, t);
	ck_assert_int_eq(f.fields[t].cursor, 0);
}
END_TEST

/* A locked (read-only) form changes nothing and says why on every try. */
START_TEST(test_locked_form_changes_nothing)
{
	static const char *const opts[] = { "total", "partial" };
	form f;
	form_init(&f, "t");
	int b = form_add_check(&f, "criterion", true);
	int ch = form_add_choice(&f, "Scope", opts, 2, 0);
	int t = form_add_text(&f, "Note", "abc", FORM_V_TEXT, false);
	snprintf(f.locked, sizeof f.locked, "Read-only: move the card back first.");
	f.focus = b;
	form_toggle(&f);
	ck_assert(form_checked(&f, b));
	ck_assert_str_eq(f.message, "Read-only: move the card back first.");
	f.message[0] = '\0';
	ck_assert(form_toggle_number(&f, 1));
	ck_assert(form_checked(&f, b));
	ck_assert_str_eq(f.message, "Read-only: move the card back first.");
	f.focus = ch;
	form_toggle(&f);
	form_right(&f);
	form_left(&f);
	ck_assert_int_eq(form_choice(&f, ch), 0);
	f.focus = t;
	ck_assert(!form_insert(&f, L'x'));
	form_backspace(&f);
	form_home(&f);
	form_delete(&f);
	ck_assert_str_eq(text(&f, t), "abc");
	/* moving around still works: it changes nothing */
	form_right(&f);
	ck_assert_int_eq(f.fields[t].cursor, 1);
}
END_TEST

static Suite *form_suite(void)
{
	Suite *s = suite_create("form");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_cursor_editing);
	tcase_add_test(tc, test_utf8_round_trip);
	tcase_add_test(tc, test_control_chars_refused);
	tcase_add_test(tc, test_required_and_submit);
	tcase_add_test(tc, test_amount_follows_currency);
	tcase_add_test(tc, test_date_on_the_spot);
	tcase_add_test(tc, test_toggle_hook_and_choice);
	tcase_add_test(tc, test_field_is_bounded);
	tcase_add_test(tc, test_cursor_skips_combining_marks);
	tcase_add_test(tc, test_numbered_boxes_and_home_end);
	tcase_add_test(tc, test_locked_form_changes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	SRunner *sr = srunner_create(form_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
