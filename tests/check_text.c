/* Tests for text: neutralisation of terminal-unsafe text, widths, fitting. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#define FFFD "\xEF\xBF\xBD"
#define ELL "\xE2\x80\xA6"

static bool locale_ok;

/* Sanitised form of in, in a static buffer. */
static const char *san(const char *in)
{
	static char buf[512];

	text_sanitize(in, buf, sizeof buf);
	return buf;
}

START_TEST(test_locale_is_utf8)
{
	ck_assert(locale_ok);
}
END_TEST

START_TEST(test_utf8_valid)
{
	ck_assert(text_utf8_valid(""));
	ck_assert(text_utf8_valid("plain ascii"));
	ck_assert(text_utf8_valid("Facturación ñandú"));
	ck_assert(text_utf8_valid("中文 \xF0\x9F\x98\x80"));          /* CJK, emoji */
	ck_assert(text_utf8_valid("\xF4\x8F\xBF\xBF"));               /* U+10FFFF */
	ck_assert(!text_utf8_valid(NULL));
	ck_assert(!text_utf8_valid("\x80"));                          /* lone continuation */
	ck_assert(!text_utf8_valid("\xC3"));                          /* truncated */
	ck_assert(!text_utf8_valid("\xC0\xAF"));                      /* overlong '/' */
	ck_assert(!text_utf8_valid("\xE0\x80\xAF"));                  /* overlong 3-byte */
	ck_assert(!text_utf8_valid("\xF0\x80\x80\xAF"));              /* overlong 4-byte */
	ck_assert(!text_utf8_valid("\xED\xA0\x80"));                  /* surrogate D800 */
	ck_assert(!text_utf8_valid("\xF4\x90\x80\x80"));              /* > U+10FFFF */
	ck_assert(!text_utf8_valid("\xFF"));
	ck_assert(!text_utf8_valid("ok\xE4\xB8"));                    /* cut at the end */
}
END_TEST

START_TEST(test_decode)
{
	uint32_t cp;

	ck_assert_uint_eq(text_utf8_decode("A", &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(text_utf8_decode("\xC3\xB1", &cp), 2);
	ck_assert_uint_eq(cp, 0xF1);
	ck_assert_uint_eq(text_utf8_decode("\xE4\xB8\xAD", &cp), 3);
	ck_assert_uint_eq(cp, 0x4E2D);
	ck_assert_uint_eq(text_utf8_decode("\xF0\x9F\x98\x80", &cp), 4);
	ck_assert_uint_eq(cp, 0x1F600);
	/* A truncated sequence consumes only its valid prefix, never the NUL. */
	ck_assert_uint_eq(text_utf8_decode("\xE4\xB8", &cp), 2);
	ck_assert_uint_eq(cp, TEXT_INVALID);
	ck_assert_uint_eq(text_utf8_decode("\xE4" "A", &cp), 1);
	ck_assert_uint_eq(cp, TEXT_INVALID);
}
END_TEST

START_TEST(test_sanitize_keeps_good_text)
{
	const char *s = "Oportunidad en Facturación · 中文 \xF0\x9F\x98\x80 e\xCC\x81";

	ck_assert_str_eq(san(s), s);
	ck_assert_str_eq(san(""), "");
	ck_assert_str_eq(san(NULL), "");
}
END_TEST

START_TEST(test_sanitize_controls)
{
	/* ESC is replaced, so no escape sequence survives. */
	ck_assert_str_eq(san("\x1b[31mred\x1b[0m"), FFFD "[31mred" FFFD "[0m");
	ck_assert_str_eq(san("a\tb\nc"), "a b c");
	ck_assert_str_eq(san("a\rb"), "a" FFFD "b");
	ck_assert_str_eq(san("bell\x07"), "bell" FFFD);
	ck_assert_str_eq(san("del\x7f"), "del" FFFD);
	/* C1: U+009B is a one-character CSI on some terminals. */
	ck_assert_str_eq(san("x\xC2\x9B" "2J"), "x" FFFD "2J");
	ck_assert_str_eq(san("\xC2\x80\xC2\x9F"), FFFD FFFD);
	/* U+00A0 (just after C1) is an ordinary printable character. */
	ck_assert_str_eq(san("\xC2\xA0"), "\xC2\xA0");
}
END_TEST

START_TEST(test_sanitize_bidi)
{
	/* U+202E RIGHT-TO-LEFT OVERRIDE would reverse what follows. */
	ck_assert_str_eq(san("invoice\xE2\x80\xAE" "fdp.exe"), "invoice" FFFD "fdp.exe");
	ck_assert_str_eq(san("\xD8\x9C"), FFFD);                 /* U+061C */
	ck_assert_str_eq(san("\xE2\x80\x8E\xE2\x80\x8F"), FFFD FFFD); /* U+200E/F */
	ck_assert_str_eq(san("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD"),
	                 FFFD FFFD FFFD FFFD);                   /* U+202A..D */
	ck_assert_str_eq(san("\xE2\x81\xA6\xE2\x81\xA9"), FFFD FFFD); /* U+2066, U+2069 */
	/* Neighbours of the ranges stay. */
	ck_assert_str_eq(san("\xE2\x80\xAF"), "\xE2\x80\xAF");   /* U+202F */
}
END_TEST

START_TEST(test_sanitize_invalid)
{
	ck_assert_str_eq(san("a\xFF" "b"), "a" FFFD "b");
	ck_assert_str_eq(san("\xC0\xAF"), FFFD FFFD);            /* overlong: 2 bad bytes */
	ck_assert_str_eq(san("\xED\xA0\x80"), FFFD FFFD FFFD);   /* surrogate */
	ck_assert_str_eq(san("x\xE4\xB8"), "x" FFFD);            /* truncated: one unit */
	ck_assert_str_eq(san("\xE4\xB8" "A"), FFFD "A");
	/* Unprintable by wcwidth: U+2028 LINE SEPARATOR, noncharacter U+FFFE. */
	ck_assert_str_eq(san("\xE2\x80\xA8"), FFFD);
	ck_assert_str_eq(san("\xEF\xBF\xBE"), FFFD);
}
END_TEST

START_TEST(test_sanitize_truncates_at_boundary)
{
	char buf[6];
	size_t need;

	/* "ab中中": needs 8 bytes; 6 bytes of room hold "ab中" (5) + NUL. */
	need = text_sanitize("ab中中", buf, sizeof buf);
	ck_assert_uint_eq(need, 8);
	ck_assert_str_eq(buf, "ab中");
	/* Measuring only. */
	ck_assert_uint_eq(text_sanitize("\x1b", NULL, 0), 3);
	ck_assert_uint_eq(text_sanitize("ab", buf, 1), 2);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_sanitize_dup)
{
	char *s = text_sanitize_dup("x\x1b y");

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "x" FFFD " y");
	free(s);
}
END_TEST

START_TEST(test_width)
{
	ck_assert_int_eq(text_width(""), 0);
	ck_assert_int_eq(text_width(NULL), 0);
	ck_assert_int_eq(text_width("abc"), 3);
	ck_assert_int_eq(text_width("ñandú"), 5);
	ck_assert_int_eq(text_width("中文"), 4);
	ck_assert_int_eq(text_width("\xF0\x9F\x98\x80"), 2);      /* emoji */
	ck_assert_int_eq(text_width("e\xCC\x81"), 1);             /* e + combining acute */
	ck_assert_int_eq(text_width("\x1b[31m"), 5);              /* FFFD + "[31m" */
	ck_assert_int_eq(text_width("a\tb"), 3);
	ck_assert_int_eq(text_width("\xFF\xFE"), 2);
	ck_assert_int_eq(text_width("\xE2\x80\xAE"), 1);          /* bidi -> FFFD, 1 col */
}
END_TEST

START_TEST(test_fit_no_cut)
{
	char out[64];

	ck_assert_int_eq(text_fit("abc", 3, out, sizeof out), 3);
	ck_assert_str_eq(out, "abc");
	ck_assert_int_eq(text_fit("abc", 10, out, sizeof out), 3);
	ck_assert_str_eq(out, "abc");
	ck_assert_int_eq(text_fit("中文", 4, out, sizeof out), 4);
	ck_assert_str_eq(out, "中文");
	ck_assert_int_eq(text_fit("", 5, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_fit_cut)
{
	char out[64];

	ck_assert_int_eq(text_fit("abcdef", 4, out, sizeof out), 4);
	ck_assert_str_eq(out, "abc" ELL);
	ck_assert_int_eq(text_fit("abcdef", 1, out, sizeof out), 1);
	ck_assert_str_eq(out, ELL);
	/* Controls are neutralised before fitting. */
	ck_assert_int_eq(text_fit("\x1b[31mred", 3, out, sizeof out), 3);
	ck_assert_str_eq(out, FFFD "[" ELL);
}
END_TEST

START_TEST(test_fit_wide_straddle)
{
	char out[64];

	/* "a中文" is 5 columns. At 4 columns the ellipsis takes the last one,
	 * leaving 3: "a中" fits exactly. */
	ck_assert_int_eq(text_fit("a中文", 4, out, sizeof out), 4);
	ck_assert_str_eq(out, "a中" ELL);
	/* At 3 columns 2 remain: 中 would straddle, so it is dropped and the
	 * result is narrower than cols rather than split. */
	ck_assert_int_eq(text_fit("a中文", 3, out, sizeof out), 2);
	ck_assert_str_eq(out, "a" ELL);
	/* One wide character into one column: only the ellipsis. */
	ck_assert_int_eq(text_fit("中", 1, out, sizeof out), 1);
	ck_assert_str_eq(out, ELL);
	/* Emoji the same way. */
	ck_assert_int_eq(text_fit("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 3, out, sizeof out), 3);
	ck_assert_str_eq(out, "\xF0\x9F\x98\x80" ELL);
}
END_TEST

START_TEST(test_fit_combining)
{
	char out[64];

	/* "éé" written decomposed is 2 columns: fits in 2 with both marks. */
	ck_assert_int_eq(text_fit("e\xCC\x81" "e\xCC\x81", 2, out, sizeof out), 2);
	ck_assert_str_eq(out, "e\xCC\x81" "e\xCC\x81");
	/* Cut after the first: its mark stays attached to it. */
	ck_assert_int_eq(text_fit("e\xCC\x81" "e\xCC\x81" "x", 2, out, sizeof out), 2);
	ck_assert_str_eq(out, "e\xCC\x81" ELL);
}
END_TEST

START_TEST(test_fit_small_cols_and_buffer)
{
	char out[64], tiny[4];
	int w;

	strcpy(out, "junk");
	ck_assert_int_eq(text_fit("abc", 0, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
	strcpy(out, "junk");
	ck_assert_int_eq(text_fit("abc", -3, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
	/* A buffer too small never gets a split character, and the width
	 * returned is that of what was written. */
	w = text_fit("中文字", 6, tiny, sizeof tiny);
	ck_assert_str_eq(tiny, "中");
	ck_assert_int_eq(w, 2);
}
END_TEST

START_TEST(test_fit_never_exceeds)
{
	static const char *const samples[] = {
		"abc", "中文字符", "a中b文c", "\xF0\x9F\x98\x80x\xF0\x9F\x98\x80",
		"e\xCC\x81\xCC\x81z", "\x1b[0m\xE2\x80\xAE\xFF", "Oportunidad Calificada",
	};
	char out[128];

	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		for (int cols = 1; cols <= 12; cols++) {
			int w = text_fit(samples[i], cols, out, sizeof out);

			ck_assert_int_le(w, cols);
			ck_assert_int_eq(text_width(out), w);
			ck_assert(text_utf8_valid(out));
			/* Cut exactly when it did not fit, and then it ends in "…". */
			if (text_width(samples[i]) <= cols)
				ck_assert_str_eq(out, san(samples[i]));
			else
				ck_assert(strlen(out) >= 3 &&
				          strcmp(out + strlen(out) - 3, ELL) == 0);
		}
	}
}
END_TEST

/* Folded form of in, in a static buffer. */
static const char *fold(const char *in)
{
	static char buf[512];

	text_fold(in, buf, sizeof buf);
	return buf;
}

START_TEST(test_fold_spanish)
{
	ck_assert_str_eq(fold("Migración"), "migracion");
	ck_assert_str_eq(fold("MIGRACIÓN"), "migracion");
	ck_assert_str_eq(fold("migracion"), "migracion");
	ck_assert_str_eq(fold("Señora Muñoz"), "senora munoz");
	ck_assert_str_eq(fold("AÑO"), "ano");
	ck_assert_str_eq(fold("Pingüino"), "pinguino");
	ck_assert_str_eq(fold("Facturación S.A."), "facturacion s.a.");
	/* Every accented vowel of the list, small and capital. */
	ck_assert_str_eq(fold("áàâäãå ÁÀÂÄÃÅ"), "aaaaaa aaaaaa");
	ck_assert_str_eq(fold("éèêë ÉÈÊË"), "eeee eeee");
	ck_assert_str_eq(fold("íìîï ÍÌÎÏ"), "iiii iiii");
	ck_assert_str_eq(fold("óòôöõ ÓÒÔÖÕ"), "ooooo ooooo");
	ck_assert_str_eq(fold("úùûü ÚÙÛÜ"), "uuuu uuuu");
	ck_assert_str_eq(fold("ñÑçÇýÿÝ"), "nnccyyy");
}
END_TEST

START_TEST(test_fold_combining_marks)
{
	/* Decomposed (NFD) text folds like the composed form. */
	ck_assert_str_eq(fold("Migracio\xcc\x81n"), "migracion");
	ck_assert_str_eq(fold("N\xcc\x83"), "n");
	ck_assert_str_eq(fold("a\xcc\x80\xcd\xaf"), "a"); /* U+0300 and U+036F */
	/* U+0370 is past the range: kept. */
	ck_assert_str_eq(fold("a\xcd\xb0"), "a\xcd\xb0");
}
END_TEST

START_TEST(test_fold_keeps_the_rest)
{
	/* Not in the list: kept as it is (no locale-dependent lower-casing). */
	ck_assert_str_eq(fold("Æ Ø ß Þ ÐÆ"), "Æ Ø ß Þ ÐÆ");
	ck_assert_str_eq(fold("ΑΒΓ Дом 東京"), "ΑΒΓ Дом 東京");
	ck_assert_str_eq(fold("ABC xyz 123 %_,.-"), "abc xyz 123 %_,.-");
	ck_assert_str_eq(fold(""), "");
	/* Invalid UTF-8 becomes U+FFFD: the result is always valid UTF-8. */
	ck_assert_str_eq(fold("A\xff" "B"), "a" FFFD "b");
	ck_assert(text_utf8_valid(fold("\xc3(\xed\xa0\x80")));
	/* Controls are not this function's business: kept (it is no sanitiser). */
	ck_assert_str_eq(fold("A\x1b[1m"), "a\x1b[1m");
	ck_assert_uint_eq(text_fold(NULL, NULL, 0), 0);
}
END_TEST

START_TEST(test_fold_buffer_and_dup)
{
	char small[6];
	char *d;

	/* Like snprintf: the length it needs, a cut at a character boundary. */
	ck_assert_uint_eq(text_fold("ÁÉÍÓÚ", NULL, 0), 5);
	ck_assert_uint_eq(text_fold("Ma\xf0\x9f\x98\x80xyz", small, sizeof small), 9);
	ck_assert_str_eq(small, "ma");
	ck_assert(text_utf8_valid(small));
	d = text_fold_dup("CAMIÓN");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d, "camion");
	free(d);
	/* Folding twice changes nothing more. */
	d = text_fold_dup("Ñandú ÀLVARO");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(fold(d), "nandu alvaro");
	ck_assert_str_eq(fold(d), d);
	free(d);
}
END_TEST

/* Emoji sequences whose width terminals disagree on (tmux, xterm and VTE
 * join some, not others) are drawn apart, by one rule for every text: the
 * joiner, the presentation selectors, skin tones, tags and the keycap mark
 * are dropped, and regional indicators are the capital letters they stand
 * for. What is left has one width everywhere, so borders never move. */
#define WOMAN "\xF0\x9F\x91\xA9"
#define LAPTOP "\xF0\x9F\x92\xBB"
#define ZWJ "\xE2\x80\x8D"
START_TEST(test_emoji_sequences_drawn_apart)
{
	char out[64];

	ck_assert_str_eq(san(WOMAN ZWJ LAPTOP " Dev"), WOMAN LAPTOP " Dev");
	ck_assert_int_eq(text_width(WOMAN ZWJ LAPTOP), 4);
	/* a flag: its regional indicators as letters */
	ck_assert_str_eq(san("\xF0\x9F\x87\xA8\xF0\x9F\x87\xB1 Chile"), "CL Chile");
	ck_assert_int_eq(text_width("\xF0\x9F\x87\xA8\xF0\x9F\x87\xB1"), 2);
	/* emoji presentation (VS16) and text presentation (VS15) selectors */
	ck_assert_str_eq(san("\xE2\x9D\xA4\xEF\xB8\x8F!"), "\xE2\x9D\xA4!");
	ck_assert_str_eq(san("\xE2\x9D\xA4\xEF\xB8\x8E!"), "\xE2\x9D\xA4!");
	ck_assert_int_eq(text_width("\xE2\x9D\xA4\xEF\xB8\x8F"), 1);
	/* a skin tone */
	ck_assert_str_eq(san("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"), "\xF0\x9F\x91\x8D");
	ck_assert_int_eq(text_width("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"), 2);
	/* a keycap: 1 + VS16 + U+20E3 */
	ck_assert_str_eq(san("1\xEF\xB8\x8F\xE2\x83\xA3"), "1");
	/* a subdivision flag: the black flag and its tag characters */
	ck_assert_str_eq(san("\xF0\x9F\x8F\xB4\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xB3"
	                     "\xF3\xA0\x81\xA3\xF3\xA0\x81\xB4\xF3\xA0\x81\xBF"), "\xF0\x9F\x8F\xB4");
	/* combining accents are no emoji: kept on their letter */
	ck_assert_str_eq(san("e\xCC\x81"), "e\xCC\x81");
	/* fitting follows the same rule: the dropped joiner costs nothing */
	ck_assert_int_eq(text_fit(WOMAN ZWJ LAPTOP " Dev", 5, out, sizeof out), 5);
	ck_assert_str_eq(out, WOMAN LAPTOP ELL);
	ck_assert_int_eq(text_fit("\xF0\x9F\x87\xA8\xF0\x9F\x87\xB1 Chile", 4, out, sizeof out), 4);
	ck_assert_str_eq(out, "CL " ELL);
	/* the measure of one code point, for editors that keep the original */
	ck_assert_int_eq(text_cp_width(0x200D), 0);
	ck_assert_int_eq(text_cp_width(0xFE0F), 0);
	ck_assert_int_eq(text_cp_width(0x1F3FD), 0);
	ck_assert_int_eq(text_cp_width(0x1F1E8), 1);
	ck_assert_int_eq(text_cp_width(0x1F469), 2);
	ck_assert_int_eq(text_cp_width(0x301), 0);
	ck_assert_int_eq(text_cp_width('a'), 1);
	ck_assert_int_eq(text_cp_width(0x1B), 1); /* replaced, one column */
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_locale_is_utf8);
	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_decode);
	tcase_add_test(tc, test_sanitize_keeps_good_text);
	tcase_add_test(tc, test_sanitize_controls);
	tcase_add_test(tc, test_sanitize_bidi);
	tcase_add_test(tc, test_sanitize_invalid);
	tcase_add_test(tc, test_sanitize_truncates_at_boundary);
	tcase_add_test(tc, test_sanitize_dup);
	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_fit_no_cut);
	tcase_add_test(tc, test_fit_cut);
	tcase_add_test(tc, test_fit_wide_straddle);
	tcase_add_test(tc, test_fit_combining);
	tcase_add_test(tc, test_fit_small_cols_and_buffer);
	tcase_add_test(tc, test_fit_never_exceeds);
	tcase_add_test(tc, test_fold_spanish);
	tcase_add_test(tc, test_fold_combining_marks);
	tcase_add_test(tc, test_fold_keeps_the_rest);
	tcase_add_test(tc, test_fold_buffer_and_dup);
	tcase_add_test(tc, test_emoji_sequences_drawn_apart);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	/* Widths need a UTF-8 LC_CTYPE; forked test children inherit it. */
	locale_ok = text_init_locale();
	sr = srunner_create(text_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
