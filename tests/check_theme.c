/* Tests for theme: roles, colour names, #rrggbb, fitting, contrast. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config/theme.h"

static int colour(const char *text)
{
	int c = -99;
	ck_assert_msg(theme_colour_parse(text, &c), "'%s' should parse", text);
	return c;
}

START_TEST(test_defaults_and_roles)
{
	theme t;
	theme_init_defaults(&t);
	ck_assert_int_eq(t.style[THEME_COLUMN_TITLE].fg, 6);
	ck_assert_int_eq(t.style[THEME_COLUMN_TITLE].attrs, THEME_A_BOLD);
	ck_assert_int_eq(t.style[THEME_BOARD].bg, THEME_DEFAULT);
	ck_assert(!t.monochrome && !t.names_colours);
	ck_assert(!t.style[THEME_CARD].set_fg);
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		ck_assert_int_eq(theme_role_parse(theme_role_name((theme_role)r)), r);
	ck_assert_int_eq(theme_role_parse("cards"), THEME_ROLE_COUNT);
	ck_assert_int_eq(theme_role_mono_attrs(THEME_CARD_FOCUS), THEME_A_REVERSE);
	ck_assert_int_eq(theme_role_mono_attrs(THEME_CARD_STALE), THEME_A_UNDERLINE);
}
END_TEST

START_TEST(test_colour_names)
{
	ck_assert_int_eq(colour("default"), THEME_DEFAULT);
	ck_assert_int_eq(colour("black"), 0);
	ck_assert_int_eq(colour("red"), 1);
	ck_assert_int_eq(colour("White"), 7);
	ck_assert_int_eq(colour("bright-red"), 9);
	ck_assert_int_eq(colour("brightblue"), 12);
	ck_assert_int_eq(colour("bright_white"), 15);
	ck_assert_int_eq(colour("grey"), 8);
	ck_assert_int_eq(colour("gray"), 8);
	ck_assert_int_eq(colour("0"), 0);
	ck_assert_int_eq(colour("208"), 208);
	ck_assert_int_eq(colour("255"), 255);
	static const char *const bad[] = { "", "256", "-1", "purple", "bright-purple", "#12345", "#1234567",
	                                   "#gg0000", "12a", "1000000000000" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int c = 42;
		ck_assert_msg(!theme_colour_parse(bad[i], &c), "'%s' should not parse", bad[i]);
		ck_assert_int_eq(c, 42);
	}
	char buf[16];
	for (int c = -1; c < 256; c++) {
		int back;
		ck_assert(theme_colour_parse(theme_colour_name(c, buf, sizeof buf), &back));
		ck_assert_int_eq(back, c);
	}
}
END_TEST

START_TEST(test_rgb_nearest)
{
	/* exact cube and grey entries */
	ck_assert_int_eq(colour("#000000"), 16);
	ck_assert_int_eq(colour("#ffffff"), 231);
	ck_assert_int_eq(colour("#ff0000"), 196);
	ck_assert_int_eq(colour("#ffaf00"), 214);
	ck_assert_int_eq(colour("#808080"), 244);
	ck_assert_int_eq(colour("#eeeeee"), 255);
	/* near values go to the closest */
	ck_assert_int_eq(colour("#fe0102"), 196);
	ck_assert_int_eq(colour("#0A0A0A"), 232);
	ck_assert_int_eq(colour("#5f87af"), 67);
}
END_TEST

START_TEST(test_fit)
{
	ck_assert_int_eq(theme_colour_fit(208, 256), 208);
	ck_assert_int_eq(theme_colour_fit(THEME_DEFAULT, 8), THEME_DEFAULT);
	/* 256 -> 16 */
	ck_assert_int_eq(theme_colour_fit(196, 16), 9);   /* pure red -> bright red */
	ck_assert_int_eq(theme_colour_fit(16, 16), 0);    /* black */
	ck_assert_int_eq(theme_colour_fit(231, 16), 15);  /* white */
	ck_assert_int_eq(theme_colour_fit(12, 16), 12);
	/* 16 -> 8 and 256 -> 8 */
	ck_assert_int_eq(theme_colour_fit(12, 8), 4);
	ck_assert_int_eq(theme_colour_fit(196, 8), 1);
	ck_assert_int_eq(theme_colour_fit(46, 8), 2);    /* #00ff00 */
	ck_assert_int_eq(theme_colour_fit(3, 8), 3);
	/* no colour at all */
	ck_assert_int_eq(theme_colour_fit(3, 0), THEME_DEFAULT);
	ck_assert_int_eq(theme_colour_fit(300, 256), THEME_DEFAULT);
	for (int c = 0; c < 256; c++) {
		ck_assert_int_lt(theme_colour_fit(c, 16), 16);
		ck_assert_int_lt(theme_colour_fit(c, 8), 8);
		ck_assert_int_ge(theme_colour_fit(c, 8), 0);
	}
}
END_TEST

START_TEST(test_never_black_on_black)
{
	static const int depths[] = { 256, 16, 8 };
	for (size_t d = 0; d < 3; d++)
		for (int fg = 0; fg < 256; fg++)
			for (int bg = 0; bg < 256; bg += 5) {
				int f = theme_contrast_fg(fg, bg, depths[d]);
				int b = theme_colour_fit(bg, depths[d]);
				ck_assert_msg(f != b, "fg %d on bg %d at %d colours gave %d on %d", fg, bg, depths[d], f, b);
			}
	/* different colours stay as they are */
	ck_assert_int_eq(theme_contrast_fg(1, 4, 8), 1);
	/* bright black on black at 8 colours becomes white; white on white black */
	ck_assert_int_eq(theme_contrast_fg(8, 0, 8), 7);
	ck_assert_int_eq(theme_contrast_fg(15, 7, 8), 0);
	ck_assert_int_eq(theme_contrast_fg(THEME_DEFAULT, 0, 8), THEME_DEFAULT);
	/* near black on black is black on black to the eye: #121212 (233) on 16 */
	int near;
	ck_assert(theme_colour_parse("#121212", &near));
	ck_assert_int_eq(theme_contrast_fg(near, 16, 256), 7);
	ck_assert_int_eq(theme_contrast_fg(255, 231, 256), 0);      /* near white on white */
	ck_assert_int_eq(theme_contrast_fg(240, 16, 256), 240);     /* dark grey on black is readable */
	ck_assert_int_eq(theme_contrast_fg(8, 0, 16), 8);           /* bright black on black too */
}
END_TEST

START_TEST(test_role_attrs)
{
	theme t;
	theme_init_defaults(&t);
	/* in colour, the theme's own */
	ck_assert_uint_eq(theme_role_attrs(&t, THEME_CARD_FOCUS, false), THEME_A_NONE);
	/* without colour, the default theme's focus would vanish: the mono column */
	ck_assert_uint_eq(theme_role_attrs(&t, THEME_CARD_FOCUS, true), THEME_A_REVERSE);
	ck_assert_uint_eq(theme_role_attrs(&t, THEME_STATUS, true), theme_role_mono_attrs(THEME_STATUS));
	/* a role whose attrs the user chose keeps them, colour or not */
	t.style[THEME_STATUS].attrs = THEME_A_UNDERLINE;
	t.style[THEME_STATUS].set_attrs = true;
	ck_assert_uint_eq(theme_role_attrs(&t, THEME_STATUS, true), THEME_A_UNDERLINE);
	/* a monochrome theme's attrs are made for monochrome */
	theme_init_defaults(&t);
	t.monochrome = true;
	t.style[THEME_CARD_FOCUS].attrs = THEME_A_BOLD | THEME_A_UNDERLINE;
	ck_assert_uint_eq(theme_role_attrs(&t, THEME_CARD_FOCUS, true), THEME_A_BOLD | THEME_A_UNDERLINE);
	ck_assert_uint_eq(theme_role_attrs(&t, THEME_ROLE_COUNT, true), THEME_A_NONE);
}
END_TEST

START_TEST(test_attrs)
{
	unsigned a;
	ck_assert(theme_attr_parse("bold", &a));
	ck_assert_uint_eq(a, THEME_A_BOLD);
	ck_assert(theme_attr_parse("Underline", &a));
	ck_assert_uint_eq(a, THEME_A_UNDERLINE);
	ck_assert(theme_attr_parse("none", &a));
	ck_assert_uint_eq(a, THEME_A_NONE);
	ck_assert(!theme_attr_parse("blink", &a));
	char buf[64];
	ck_assert_str_eq(theme_attrs_format(THEME_A_BOLD | THEME_A_REVERSE, buf, sizeof buf), "bold, reverse");
	ck_assert_str_eq(theme_attrs_format(THEME_A_NONE, buf, sizeof buf), "");
	ck_assert_str_eq(theme_attr_name(THEME_A_ITALIC), "italic");
	ck_assert_ptr_null(theme_attr_name(1u << 20));
}
END_TEST

START_TEST(test_monochrome_decision)
{
	theme t;
	theme_init_defaults(&t);
	ck_assert(!theme_use_monochrome(&t, true, false));
	ck_assert(theme_use_monochrome(&t, false, false)); /* no colours */
	ck_assert(theme_use_monochrome(&t, true, true));   /* NO_COLOR */
	t.names_colours = true;
	ck_assert(!theme_use_monochrome(&t, true, true)); /* the config asked for colour */
	ck_assert(theme_use_monochrome(&t, false, true)); /* but the terminal has none */
	t.monochrome = true;
	ck_assert(theme_use_monochrome(&t, true, false));
}
END_TEST

static Suite *theme_suite(void)
{
	Suite *s = suite_create("theme");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_defaults_and_roles);
	tcase_add_test(tc, test_colour_names);
	tcase_add_test(tc, test_rgb_nearest);
	tcase_add_test(tc, test_fit);
	tcase_add_test(tc, test_never_black_on_black);
	tcase_add_test(tc, test_attrs);
	tcase_add_test(tc, test_role_attrs);
	tcase_add_test(tc, test_monochrome_decision);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(theme_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
