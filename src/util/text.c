/*
 * text: UTF-8 text made safe and measured for a terminal.
 *
 * We decode UTF-8 ourselves rather than with mbrtowc so the result does not
 * depend on the locale's idea of validity, and so every invalid sequence is
 * handled the same way (one U+FFFD per maximal invalid prefix, as Unicode
 * recommends). Widths still come from wcwidth(), which is the terminal's
 * own table on glibc (wchar_t is UCS-4 there).
 */
#include "util/text.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#define REPLACEMENT 0xFFFDu
#define ELLIPSIS "\xE2\x80\xA6" /* U+2026, one column */

bool text_init_locale(void)
{
	static const char *const fallbacks[] = { "C.UTF-8", "en_US.UTF-8" };
	const char *cs;

	/* A bad $LANG makes setlocale fail; we then still try the fallbacks. */
	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0))
		return true;
	for (size_t i = 0; i < sizeof fallbacks / sizeof fallbacks[0]; i++) {
		if (!setlocale(LC_CTYPE, fallbacks[i]))
			continue;
		cs = nl_langinfo(CODESET);
		if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0))
			return true;
	}
	return false;
}

size_t text_utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char b = p[0];
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
	size_t n;
	uint32_t c;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		n = 2;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 3;
		c = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;          /* no overlongs */
		else if (b == 0xED)
			hi = 0x9F;          /* no surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4;
		c = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;          /* no overlongs */
		else if (b == 0xF4)
			hi = 0x8F;          /* nothing above U+10FFFF */
	} else {
		/* Stray continuation byte, C0/C1 overlong lead, or F5..FF. */
		*cp = TEXT_INVALID;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		unsigned char t = p[i];
		unsigned char tlo = i == 1 ? lo : 0x80;
		unsigned char thi = i == 1 ? hi : 0xBF;

		/* The NUL terminator fails this test too, so we never read past it. */
		if (t < tlo || t > thi) {
			*cp = TEXT_INVALID;
			return i;
		}
		c = (c << 6) | (t & 0x3F);
	}
	*cp = c;
	return n;
}

bool text_utf8_valid(const char *s)
{
	uint32_t cp;

	if (!s)
		return false;
	while (*s) {
		s += text_utf8_decode(s, &cp);
		if (cp == TEXT_INVALID)
			return false;
	}
	return true;
}

bool text_is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

bool text_is_bidi_control(uint32_t c)
{
	return c == 0x061C || c == 0x200E || c == 0x200F ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/*
 * Emoji sequences: terminals disagree on their width. tmux, xterm and
 * GNOME's VTE each join a different subset of ZWJ sequences (woman + ZWJ +
 * laptop: one glyph of 2 columns, or two of 2), of flags (a pair of
 * regional indicators: 2 columns, or 1 + 1, or 2 + 2), of emoji with a
 * presentation selector (VS16 widens a 1-column heart in some), with a
 * skin tone or with tag characters. Whatever the terminal decides, the
 * columns after such a sequence move, and so does the border of the next
 * column. So every drawn text follows one rule that each of them draws the
 * same way: the parts are drawn apart (the joiner, the selectors, the skin
 * tones, the tags and the keycap mark are dropped) and a regional
 * indicator is the capital letter it stands for (the Chilean flag reads
 * "CL"). The text stored is never changed; only what is drawn.
 */
static bool is_dropped(uint32_t c)
{
	return c == 0x200D ||                    /* zero width joiner */
	       c == 0xFE0E || c == 0xFE0F ||     /* text / emoji presentation */
	       c == 0x20E3 ||                    /* combining enclosing keycap */
	       (c >= 0x1F3FB && c <= 0x1F3FF) || /* skin tones */
	       (c >= 0xE0020 && c <= 0xE007F);   /* tags (subdivision flags) */
}

#define REGIONAL_A 0x1F1E6u
#define REGIONAL_Z 0x1F1FFu

/*
 * The neutralised code point for c and its width; false when c is not
 * drawn at all (the emoji rule above). Everything the terminal could
 * interpret (controls, escapes) or that would reorder the line (bidi
 * controls) or that has no defined width becomes U+FFFD.
 */
static bool neutralise(uint32_t *c, int *width)
{
	int w;

	/* Printable ASCII, most of what is drawn: one column, as it is. */
	if (*c >= 0x20 && *c < 0x7F) {
		*width = 1;
		return true;
	}
	if (*c == '\t' || *c == '\n') {
		*width = 1;
		*c = ' ';
		return true;
	}
	if (*c == TEXT_INVALID || text_is_control(*c) || text_is_bidi_control(*c)) {
		*width = 1;
		*c = REPLACEMENT;
		return true;
	}
	if (is_dropped(*c)) {
		*width = 0;
		return false;
	}
	if (*c >= REGIONAL_A && *c <= REGIONAL_Z) {
		*width = 1;
		*c = 'A' + (*c - REGIONAL_A);
		return true;
	}
	w = wcwidth((wchar_t)*c);
	if (w < 0) {
		*width = 1;
		*c = REPLACEMENT;
		return true;
	}
	*width = w;
	return true;
}

size_t text_utf8_encode(uint32_t c, char buf[4])
{
	if (c < 0x80) {
		buf[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		buf[0] = (char)(0xC0 | (c >> 6));
		buf[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (char)(0xE0 | (c >> 12));
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (c >> 18));
	buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* A bounded output buffer that only ever holds whole characters. */
struct sink {
	char *out;
	size_t outsz;
	size_t len;     /* bytes the full result needs */
	size_t used;    /* bytes actually written */
	bool full;      /* once a character did not fit, nothing more is written */
};

static void sink_init(struct sink *k, char *out, size_t outsz)
{
	k->out = out;
	k->outsz = out ? outsz : 0;
	k->len = 0;
	k->used = 0;
	k->full = k->outsz == 0;
	if (k->outsz)
		out[0] = '\0';
}

/* Returns true when the bytes were written. */
static bool sink_put(struct sink *k, const char *bytes, size_t n)
{
	k->len += n;
	if (k->full || k->used + n >= k->outsz) {
		k->full = true;
		return false;
	}
	memcpy(k->out + k->used, bytes, n);
	k->used += n;
	k->out[k->used] = '\0';
	return true;
}

size_t text_sanitize(const char *in, char *out, size_t outsz)
{
	struct sink k;
	uint32_t c;
	int w;
	char buf[4];

	sink_init(&k, out, outsz);
	if (!in)
		return 0;
	while (*in) {
		in += text_utf8_decode(in, &c);
		if (neutralise(&c, &w))
			sink_put(&k, buf, text_utf8_encode(c, buf));
	}
	return k.len;
}

/* in rewritten by write (text_sanitize, text_fold) into a malloc'ed string
 * of the size a first, measuring call asks for; NULL when out of memory. */
static char *dup_with(size_t (*write)(const char *, char *, size_t), const char *in)
{
	size_t n = write(in, NULL, 0);
	char *out = malloc(n + 1);

	if (out)
		write(in, out, n + 1);
	return out;
}

char *text_sanitize_dup(const char *in)
{
	return dup_with(text_sanitize, in);
}

int text_cp_width(uint32_t c)
{
	int w;

	neutralise(&c, &w);
	return w;
}

int text_width(const char *s)
{
	uint32_t c;
	int w, total = 0;

	if (!s)
		return 0;
	while (*s) {
		s += text_utf8_decode(s, &c);
		neutralise(&c, &w);
		if (total > 0x3FFFFFFF)
			break; /* absurdly long: stay clear of int overflow */
		total += w;
	}
	return total;
}

int text_fit(const char *s, int cols, char *out, size_t outsz)
{
	struct sink k;
	uint32_t c;
	int w, used = 0, limit;
	char buf[4];

	sink_init(&k, out, outsz);
	if (!s || cols < 1)
		return 0;
	/* Everything fits: no ellipsis needed. Otherwise keep one column for it. */
	limit = text_width(s) <= cols ? cols : cols - 1;
	while (*s) {
		s += text_utf8_decode(s, &c);
		if (!neutralise(&c, &w))
			continue;
		/* Stop at the first character that would cross the limit, so a
		 * wide character is never split and marks after it are dropped
		 * with it rather than attached to the previous one. */
		if (used + w > limit)
			break;
		if (!sink_put(&k, buf, text_utf8_encode(c, buf)))
			return used;
		used += w;
	}
	if (limit < cols && sink_put(&k, ELLIPSIS, sizeof ELLIPSIS - 1))
		used += 1;
	return used;
}

/* Base letters of U+00C0..U+00FF with their diacritic removed, lower case;
 * 0 where the character is no accented letter (Æ, Ð, ×, Ø, Þ, ß, ...) and
 * is kept as it is. */
static const char latin1_base[65] =
	"aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0\0"
	"aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y";

static uint32_t fold_char(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	if (c >= 0xC0 && c <= 0xFF && latin1_base[c - 0xC0])
		return (unsigned char)latin1_base[c - 0xC0];
	if (c == TEXT_INVALID)
		return REPLACEMENT;
	return c;
}

size_t text_fold(const char *in, char *out, size_t outsz)
{
	struct sink k;
	uint32_t c;
	char buf[4];

	sink_init(&k, out, outsz);
	if (!in)
		return 0;
	while (*in) {
		in += text_utf8_decode(in, &c);
		if (c >= 0x300 && c <= 0x36F)
			continue; /* a combining mark: the accent of a decomposed letter */
		c = fold_char(c);
		sink_put(&k, buf, text_utf8_encode(c, buf));
	}
	return k.len;
}

char *text_fold_dup(const char *in)
{
	return dup_with(text_fold, in);
}
