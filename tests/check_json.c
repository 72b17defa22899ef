/* Tests for json: string escaping and exact round trips. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"

/* Output of one writer call, captured through a temporary file. */
static char captured[4096];

static FILE *begin(void)
{
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	return f;
}

static const char *end(FILE *f)
{
	size_t n;

	rewind(f);
	n = fread(captured, 1, sizeof captured - 1, f);
	captured[n] = '\0';
	ck_assert(!ferror(f));
	fclose(f);
	return captured;
}

static const char *str(const char *s)
{
	FILE *f = begin();

	json_string(f, s);
	return end(f);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t put_utf8(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/*
 * A strict reader of one JSON string literal (independent of the writer),
 * so round trips are checked against the RFC, not against ourselves.
 * Refuses raw control characters. Returns false on any syntax error.
 */
static bool read_json_string(const char *in, char *out, size_t outsz)
{
	size_t o = 0;

	if (*in++ != '"')
		return false;
	while (*in != '"') {
		uint32_t c;
		char tmp[4];
		size_t n;

		if (*in == '\0' || (unsigned char)*in < 0x20)
			return false;
		if (*in != '\\') {
			if (o + 1 >= outsz)
				return false;
			out[o++] = *in++;
			continue;
		}
		in++;
		switch (*in++) {
		case '"': c = '"'; break;
		case '\\': c = '\\'; break;
		case '/': c = '/'; break;
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'u':
			c = 0;
			for (int i = 0; i < 4; i++) {
				int h = hexval(*in++);

				if (h < 0)
					return false;
				c = c * 16 + (uint32_t)h;
			}
			if (c >= 0xD800 && c <= 0xDFFF)
				return false; /* the writer never needs pairs */
			break;
		default:
			return false;
		}
		n = put_utf8(c, tmp);
		if (o + n >= outsz)
			return false;
		memcpy(out + o, tmp, n);
		o += n;
	}
	if (in[1] != '\0')
		return false;
	out[o] = '\0';
	return true;
}

START_TEST(test_plain_and_null)
{
	ck_assert_str_eq(str("hello"), "\"hello\"");
	ck_assert_str_eq(str(""), "\"\"");
	ck_assert_str_eq(str(NULL), "null");
	ck_assert_str_eq(str("a/b"), "\"a/b\"");
}
END_TEST

START_TEST(test_escapes)
{
	ck_assert_str_eq(str("say \"hi\""), "\"say \\\"hi\\\"\"");
	ck_assert_str_eq(str("C:\\dir"), "\"C:\\\\dir\"");
	ck_assert_str_eq(str("a\nb\tc\rd\be\ff"), "\"a\\nb\\tc\\rd\\be\\ff\"");
	ck_assert_str_eq(str("\x01\x1b[31m\x1f"), "\"\\u0001\\u001b[31m\\u001f\"");
	ck_assert_str_eq(str("del\x7f"), "\"del\\u007f\"");
	ck_assert_str_eq(str("\xE2\x80\xA8\xE2\x80\xA9"), "\"\\u2028\\u2029\"");
	ck_assert_str_eq(str("\xC2\x9B"), "\"\\u009b\"");            /* C1 CSI */
	ck_assert_str_eq(str("\xE2\x80\xAE"), "\"\\u202e\"");        /* bidi override */
}
END_TEST

START_TEST(test_utf8_as_is)
{
	const char *s = "Facturación ñandú 中文 \xF0\x9F\x98\x80 e\xCC\x81";
	char want[256];

	snprintf(want, sizeof want, "\"%s\"", s);
	ck_assert_str_eq(str(s), want);
}
END_TEST

START_TEST(test_invalid_bytes)
{
	ck_assert_str_eq(str("a\xFF" "b"), "\"a\\ufffdb\"");
	ck_assert_str_eq(str("\xC0\xAF"), "\"\\ufffd\\ufffd\"");       /* overlong */
	ck_assert_str_eq(str("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
	ck_assert_str_eq(str("x\xE4\xB8"), "\"x\\ufffd\"");           /* truncated */
	/* A real U+FFFD in the input is valid text and is kept as is. */
	ck_assert_str_eq(str("\xEF\xBF\xBD"), "\"\xEF\xBF\xBD\"");
}
END_TEST

START_TEST(test_round_trip)
{
	static const char *const samples[] = {
		"Oportunidad en Facturación",
		"Se ha verificado que el cliente posee tanto el presupuesto",
		"中文字符", "\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xE2\x9D\xA4\xEF\xB8\x8F",
		"quote \" backslash \\ slash /", "tab\tnl\ncr\r\x01\x1f\x7f",
		"\xE2\x80\xA8 \xE2\x80\xA9 \xC2\x80 \xE2\x80\xAE", "",
	};
	char back[512];

	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		const char *j = str(samples[i]);

		ck_assert_msg(read_json_string(j, back, sizeof back),
		              "not a valid JSON string: %s", j);
		ck_assert_str_eq(back, samples[i]);
	}
}
END_TEST

START_TEST(test_scalars_and_key)
{
	FILE *f = begin();

	fputc('{', f);
	json_key(f, "amount \"minor\"");
	json_int(f, INT64_MIN);
	fputc(',', f);
	json_key(f, "max");
	json_int(f, INT64_MAX);
	fputc(',', f);
	json_key(f, "zero");
	json_int(f, 0);
	fputc(',', f);
	json_key(f, "won");
	json_bool(f, true);
	fputc(',', f);
	json_key(f, "lost");
	json_bool(f, false);
	fputc(',', f);
	json_key(f, "note");
	json_null(f);
	fputc('}', f);
	ck_assert_str_eq(end(f),
	                 "{\"amount \\\"minor\\\"\":-9223372036854775808,"
	                 "\"max\":9223372036854775807,\"zero\":0,"
	                 "\"won\":true,\"lost\":false,\"note\":null}");
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_plain_and_null);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_utf8_as_is);
	tcase_add_test(tc, test_invalid_bytes);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_scalars_and_key);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(json_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
