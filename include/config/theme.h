/*
 * theme: colour roles and what each looks like.
 *
 * Roles are one X-macro table with a monochrome column (attributes only).
 * A theme gives each role a foreground, background and attributes; colours
 * are names, 0-255 or #rrggbb, mapped down 24-bit -> 256 -> 16 -> 8 to what
 * the terminal has, never black on black. Monochrome when the terminal has
 * no colour, or NO_COLOR is set and the configuration names no colours.
 */
#ifndef EMBUDO_THEME_H
#define EMBUDO_THEME_H

#include <stdbool.h>
#include <stddef.h>

/* X(enum suffix, yaml name, default fg, default bg, default attrs, mono attrs)
 * Colours: THEME_DEFAULT (-1, the terminal's own), 0..255. Attrs: THEME_A_*. */
#define THEME_A_NONE 0u
#define THEME_A_BOLD 1u
#define THEME_A_DIM 2u
#define THEME_A_REVERSE 4u
#define THEME_A_UNDERLINE 8u
#define THEME_A_STANDOUT 16u
#define THEME_A_ITALIC 32u
#define THEME_DEFAULT (-1)

#define THEME_ROLES(X) \
	X(BOARD,        "board",         THEME_DEFAULT, THEME_DEFAULT, THEME_A_NONE, THEME_A_NONE) \
	X(COLUMN_TITLE, "column-title",  6,             THEME_DEFAULT, THEME_A_BOLD, THEME_A_BOLD) \
	X(COLUMN_FOCUS, "column-focus",  0,             6,             THEME_A_BOLD, THEME_A_REVERSE | THEME_A_BOLD) \
	X(TOTALS,       "totals",        THEME_DEFAULT, THEME_DEFAULT, THEME_A_DIM,  THEME_A_DIM) \
	X(CARD,         "card",          THEME_DEFAULT, THEME_DEFAULT, THEME_A_NONE, THEME_A_NONE) \
	X(CARD_FOCUS,   "card-focus",    0,             3,             THEME_A_NONE, THEME_A_REVERSE) \
	X(CARD_STALE,   "card-stale",    1,             THEME_DEFAULT, THEME_A_NONE, THEME_A_UNDERLINE) \
	X(CARD_META,    "card-meta",     THEME_DEFAULT, THEME_DEFAULT, THEME_A_DIM,  THEME_A_DIM) \
	X(STATUS,       "status",        0,             7,             THEME_A_NONE, THEME_A_REVERSE) \
	X(MESSAGE,      "message",       2,             THEME_DEFAULT, THEME_A_BOLD, THEME_A_BOLD) \
	X(REFUSAL,      "refusal",       1,             THEME_DEFAULT, THEME_A_BOLD, THEME_A_BOLD | THEME_A_UNDERLINE) \
	X(DIALOG,       "dialog",        THEME_DEFAULT, THEME_DEFAULT, THEME_A_NONE, THEME_A_NONE) \
	X(DIALOG_TITLE, "dialog-title",  4,             THEME_DEFAULT, THEME_A_BOLD, THEME_A_BOLD) \
	X(FIELD,        "field",         THEME_DEFAULT, THEME_DEFAULT, THEME_A_UNDERLINE, THEME_A_UNDERLINE) \
	X(FIELD_FOCUS,  "field-focus",   0,             6,             THEME_A_NONE, THEME_A_REVERSE) \
	X(FIELD_ERROR,  "field-error",   1,             THEME_DEFAULT, THEME_A_BOLD, THEME_A_BOLD) \
	X(HELP_KEY,     "help-key",      3,             THEME_DEFAULT, THEME_A_BOLD, THEME_A_BOLD)

typedef enum theme_role {
#define THEME_ENUM_(name, yaml, fg, bg, attrs, mono) THEME_##name,
	THEME_ROLES(THEME_ENUM_)
#undef THEME_ENUM_
	THEME_ROLE_COUNT
} theme_role;

typedef struct theme_style {
	int fg, bg;        /* THEME_DEFAULT or 0..255 (after mapping from #rrggbb) */
	unsigned attrs;    /* THEME_A_* */
	bool set_fg, set_bg, set_attrs; /* named by the user (for "where it came from") */
} theme_style;

typedef struct theme {
	theme_style style[THEME_ROLE_COUNT];
	bool monochrome;   /* forced monochrome (theme "monochrome") */
	bool names_colours;/* the configuration named a colour explicitly */
} theme;

/* Built-in defaults (the table's columns). */
void theme_init_defaults(theme *t);
const char *theme_role_name(theme_role r);
theme_role theme_role_parse(const char *name); /* THEME_ROLE_COUNT when unknown */

/* Parses a colour: "default", a name (black, red, green, yellow, blue,
 * magenta, cyan, white, bright-*, grey/gray), 0..255, or #rrggbb (mapped to
 * the nearest of the 256-colour palette). */
bool theme_colour_parse(const char *text, int *out);

/* Maps colour c (0..255) to the nearest of `colours` available (256, 16 or
 * 8). THEME_DEFAULT stays. */
int theme_colour_fit(int c, int colours);

/* Makes sure fg and bg are not the same visible colour (black on black,
 * or two colours too close to tell apart): returns the fg to use. */
int theme_contrast_fg(int fg, int bg, int colours);

/* ---- added by config ---------------------------------------------------- */
/* The monochrome column of the role table: attributes only. */
unsigned theme_role_mono_attrs(theme_role r);
/* Whether to draw attributes only: the theme asks for it, the terminal has
 * no colour, or NO_COLOR is set and the configuration names no colours. */
bool theme_use_monochrome(const theme *t, bool has_colours, bool no_color_env);
/* The attributes to draw role r with. In colour: the theme's. In
 * monochrome: the theme's when the theme is a monochrome one or the user
 * set this role's attrs, else the monochrome column of the role table. */
unsigned theme_role_attrs(const theme *t, theme_role r, bool monochrome);
/* "bold", "dim", "reverse", "underline", "standout", "italic" (or "none"). */
bool theme_attr_parse(const char *name, unsigned *out);
const char *theme_attr_name(unsigned bit); /* NULL for an unknown bit */
/* "bold, underline" ("" for none) into buf. */
const char *theme_attrs_format(unsigned attrs, char *buf, size_t bufsz);
/* The name theme_colour_parse reads back: "default", "red", or "123". */
const char *theme_colour_name(int c, char *buf, size_t bufsz);

#endif
