/*
 * json: a small RFC 8259 writer.
 *
 * Beyond what RFC 8259 requires (", \ and U+0000..U+001F), we also escape
 * DEL, the C1 controls, the bidi controls and U+2028/U+2029: all are legal
 * raw in JSON, but escaped they cannot disturb a terminal someone cats the
 * output to, nor a JavaScript consumer; a JSON reader still gets the exact
 * same text back.
 */
#include "util/json.h"
#include "util/text.h"

#include <inttypes.h>

static bool needs_unicode_escape(uint32_t c)
{
	return text_is_control(c) || text_is_bidi_control(c) || c == 0x2028 || c == 0x2029;
}

void json_string(FILE *f, const char *s)
{
	uint32_t c;
	size_t n;

	if (!s) {
		json_null(f);
		return;
	}
	fputc('"', f);
	while (*s) {
		n = text_utf8_decode(s, &c);
		switch (c) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case TEXT_INVALID: fputs("\\ufffd", f); break;
		default:
			if (needs_unicode_escape(c))
				fprintf(f, "\\u%04" PRIx32, c);
			else
				fwrite(s, 1, n, f);
		}
		s += n;
	}
	fputc('"', f);
}

void json_key(FILE *f, const char *key)
{
	json_string(f, key ? key : "");
	fputc(':', f);
}

void json_int(FILE *f, int64_t v)
{
	fprintf(f, "%" PRId64, v);
}

void json_bool(FILE *f, bool v)
{
	fputs(v ? "true" : "false", f);
}

void json_null(FILE *f)
{
	fputs("null", f);
}
