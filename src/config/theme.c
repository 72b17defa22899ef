/*
 * theme: the role table, colour and attribute names, and fitting colours to
 * what the terminal has (256 -> 16 -> 8, never the same colour on itself).
 * Pure: no ncurses; the board applies the result.
 */
#include "config/theme.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct role_row {
	const char *name;
	int fg, bg;
	unsigned attrs, mono;
};

static const struct role_row roles[THEME_ROLE_COUNT] = {
#define THEME_ROW_(n, yaml, fg, bg, attrs, mono) [THEME_##n] = { yaml, fg, bg, attrs, mono },
	THEME_ROLES(THEME_ROW_)
#undef THEME_ROW_
};

void theme_init_defaults(theme *t)
{
	memset(t, 0, sizeof *t);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		t->style[r].fg = roles[r].fg;
		t->style[r].bg = roles[r].bg;
		t->style[r].attrs = roles[r].attrs;
	}
}

const char *theme_role_name(theme_role r)
{
	return r >= 0 && r < THEME_ROLE_COUNT ? roles[r].name : "";
}

theme_role theme_role_parse(const char *name)
{
	for (int r = 0; r < THEME_ROLE_COUNT && name; r++)
		if (strcmp(name, roles[r].name) == 0)
			return (theme_role)r;
	return THEME_ROLE_COUNT;
}

unsigned theme_role_mono_attrs(theme_role r)
{
	return r >= 0 && r < THEME_ROLE_COUNT ? roles[r].mono : THEME_A_NONE;
}

bool theme_use_monochrome(const theme *t, bool has_colours, bool no_color_env)
{
	return t->monochrome || !has_colours || (no_color_env && !t->names_colours);
}

/* ---- colour names ------------------------------------------------------ */

static const char *const colour_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
};

/* xterm's default RGB for 0..15, the reference the 256 -> 16 step uses. */
static const unsigned char base16_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

static const int cube_level[6] = { 0, 95, 135, 175, 215, 255 };

static void colour_rgb(int c, int rgb[3])
{
	if (c < 16) {
		for (int i = 0; i < 3; i++)
			rgb[i] = base16_rgb[c][i];
	} else if (c < 232) {
		int i = c - 16;
		rgb[0] = cube_level[i / 36];
		rgb[1] = cube_level[(i / 6) % 6];
		rgb[2] = cube_level[i % 6];
	} else {
		int g = 8 + 10 * (c - 232);
		rgb[0] = rgb[1] = rgb[2] = g;
	}
}

static long dist2(const int a[3], const int b[3])
{
	long d = 0;
	for (int i = 0; i < 3; i++)
		d += (long)(a[i] - b[i]) * (a[i] - b[i]);
	return d;
}

/* The nearest of colours [lo, hi) to rgb. */
static int nearest(const int rgb[3], int lo, int hi)
{
	int best = lo;
	long bestd = LONG_MAX;
	for (int c = lo; c < hi; c++) {
		int o[3];
		colour_rgb(c, o);
		long d = dist2(rgb, o);
		if (d < bestd) {
			bestd = d;
			best = c;
		}
	}
	return best;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

bool theme_colour_parse(const char *text, int *out)
{
	if (!text || !out || !*text)
		return false;
	if (strcasecmp(text, "default") == 0 || strcasecmp(text, "none") == 0) {
		*out = THEME_DEFAULT;
		return true;
	}
	for (int i = 0; i < 16; i++)
		if (strcasecmp(text, colour_names[i]) == 0) {
			*out = i;
			return true;
		}
	if (strcasecmp(text, "grey") == 0 || strcasecmp(text, "gray") == 0) {
		*out = 8;
		return true;
	}
	/* brightred, bright_red too: people write it every way. */
	if (strncasecmp(text, "bright", 6) == 0 && (text[6] == '_' || isalpha((unsigned char)text[6]))) {
		const char *base = text + 6 + (text[6] == '_');
		for (int i = 0; i < 8; i++)
			if (strcasecmp(base, colour_names[i]) == 0) {
				*out = i + 8;
				return true;
			}
		return false;
	}
	if (text[0] == '#') {
		if (strlen(text) != 7)
			return false;
		int rgb[3];
		for (int i = 0; i < 3; i++) {
			int hi = hexval(text[1 + 2 * i]), lo = hexval(text[2 + 2 * i]);
			if (hi < 0 || lo < 0)
				return false;
			rgb[i] = hi * 16 + lo;
		}
		/* The 6x6x6 cube and the grey ramp: 16..255 (0..15 vary by terminal). */
		*out = nearest(rgb, 16, 256);
		return true;
	}
	if (isdigit((unsigned char)text[0])) {
		int v = 0;
		for (const char *p = text; *p; p++) {
			if (!isdigit((unsigned char)*p) || v > 255)
				return false;
			v = v * 10 + (*p - '0');
		}
		if (v > 255)
			return false;
		*out = v;
		return true;
	}
	return false;
}

const char *theme_colour_name(int c, char *buf, size_t bufsz)
{
	if (c == THEME_DEFAULT)
		snprintf(buf, bufsz, "default");
	else if (c >= 0 && c < 16)
		snprintf(buf, bufsz, "%s", colour_names[c]);
	else
		snprintf(buf, bufsz, "%d", c);
	return buf;
}

int theme_colour_fit(int c, int colours)
{
	if (c < 0 || c > 255)
		return THEME_DEFAULT;
	if (colours >= 256)
		return c;
	if (colours >= 16) {
		if (c < 16)
			return c;
		int rgb[3];
		colour_rgb(c, rgb);
		return nearest(rgb, 0, 16);
	}
	if (colours >= 8) {
		if (c < 16)
			return c & 7;
		int rgb[3];
		colour_rgb(c, rgb);
		return nearest(rgb, 0, 16) & 7;
	}
	return THEME_DEFAULT; /* no colour: the terminal's own */
}

/* Perceived brightness (0..255) of colour c. */
static int luma(int c)
{
	int rgb[3];
	colour_rgb(c, rgb);
	return (299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2]) / 1000;
}

/* Below this squared RGB distance two colours read as one: #101010 on
 * black is black on black to the eye, though the numbers differ. */
#define THEME_MIN_DIST2 (3L * 40 * 40)

int theme_contrast_fg(int fg, int bg, int colours)
{
	int f = theme_colour_fit(fg, colours), b = theme_colour_fit(bg, colours);
	if (f == THEME_DEFAULT || b == THEME_DEFAULT)
		return f;
	int fr[3], br[3];
	colour_rgb(f, fr);
	colour_rgb(b, br);
	if (f != b && dist2(fr, br) >= THEME_MIN_DIST2)
		return f;
	/* The same colour (or all but) on itself: white on dark, black on light. */
	return luma(b) < 128 ? 7 : 0;
}

unsigned theme_role_attrs(const theme *t, theme_role r, bool monochrome)
{
	if (r < 0 || r >= THEME_ROLE_COUNT)
		return THEME_A_NONE;
	const theme_style *s = &t->style[r];
	/* A colour theme's attributes lean on its colours (the focused card is
	 * "black on yellow", no attribute): without colour the role falls back
	 * to the monochrome column, unless the theme was made for monochrome or
	 * the user chose this role's attributes. */
	if (!monochrome || t->monochrome || s->set_attrs)
		return s->attrs;
	return roles[r].mono;
}

/* ---- attributes ------------------------------------------------------- */

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", THEME_A_BOLD },         { "dim", THEME_A_DIM },
	{ "reverse", THEME_A_REVERSE },   { "underline", THEME_A_UNDERLINE },
	{ "standout", THEME_A_STANDOUT }, { "italic", THEME_A_ITALIC },
};
#define NATTRS (sizeof attr_names / sizeof attr_names[0])

bool theme_attr_parse(const char *name, unsigned *out)
{
	if (!name)
		return false;
	if (strcasecmp(name, "none") == 0 || strcasecmp(name, "normal") == 0) {
		*out = THEME_A_NONE;
		return true;
	}
	for (size_t i = 0; i < NATTRS; i++)
		if (strcasecmp(name, attr_names[i].name) == 0) {
			*out = attr_names[i].bit;
			return true;
		}
	return false;
}

const char *theme_attr_name(unsigned bit)
{
	for (size_t i = 0; i < NATTRS; i++)
		if (attr_names[i].bit == bit)
			return attr_names[i].name;
	return NULL;
}

const char *theme_attrs_format(unsigned attrs, char *buf, size_t bufsz)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < NATTRS; i++)
		if (attrs & attr_names[i].bit) {
			int w = snprintf(buf + len, bufsz - len, "%s%s", len ? ", " : "", attr_names[i].name);
			if (w < 0 || (size_t)w >= bufsz - len)
				break;
			len += (size_t)w;
		}
	return buf;
}
