/*
 * view: everything drawn on the terminal, and the only module that calls
 * ncurses drawing functions. It draws the board's model (board/model.h)
 * through a const pointer and never writes it, and the dialogs (board/
 * dialog.h) as their screens ask; it reads the keys. What a frame needs
 * (the layout, the cursor, too small) is the view's own state.
 *
 * Database text goes through text_fit/text_sanitize before ncurses sees it.
 * A frame is drawn on stdscr and sent with one doupdate(); ncurses sends
 * only the cells that changed.
 *
 * The caller owns the screen: initscr() (the board) or newterm() (tests,
 * the bench) before view_init, endwin() after.
 */
#ifndef EMBUDO_VIEW_H
#define EMBUDO_VIEW_H

#include <stdbool.h>
#include <curses.h>

#include "board/dialog.h"
#include "board/model.h"
#include "board/screen.h"
#include "config/config.h"
#include "config/keymap.h"
#include "config/theme.h"

#define VIEW_COL_MIN 22   /* narrowest column worth drawing */
#define VIEW_STRIP 5      /* the collapsed Perdida column */
#define VIEW_MIN_W 30     /* below this, a message instead of the board */
#define VIEW_MIN_H 10
#define VIEW_CARD_LINES 4   /* title, client, amount, owner · days · progress */
#define VIEW_CARD_LINES_MIN 3 /* a short screen: amount, days and owner share a line */
#define VIEW_TOTALS_TALL 20 /* from this height a column's totals may take two lines */
#define VIEW_WEIGHTED_TALL 24 /* from this height each column shows its weighted line */
#define VIEW_TIMEOUT_MS 250
#define VIEW_MESSAGE_MIN 16 /* columns a cut message keeps beside its hint */

typedef struct view_column {
	int stage;       /* pipeline_stage, or -1 for none */
	int x, width;
	bool strip;      /* collapsed */
} view_column;

typedef struct view {
	const config *cfg;
	attr_t attr[THEME_ROLE_COUNT];
	bool colour;
	int h, w;
	bool too_small;
	int card_lines;          /* VIEW_CARD_LINES, or VIEW_CARD_LINES_MIN when short */
	int cards;               /* whole cards that fit in a column */
	int gaps;                /* blank rows between them (0 to cards - 1), spread out */
	int total_lines;         /* rows of per-currency totals under each title (1-2) */
	int weighted_lines;      /* rows of weighted totals under them (0-1) */
	bool full_titles;        /* every column shows the official stage name */
	int body_top, body_rows; /* screen rows of the cards */
	int first;               /* first visible stage when scrolled sideways */
	view_column cols[PIPELINE_STAGE_COUNT];
	int ncols;
	bool more_left, more_right;
	int cursor_y, cursor_x;  /* where this frame leaves the cursor (y < 0: hidden) */
	bool cursor_shown;       /* ... and whether the terminal shows it now */
	int quick_errors;        /* consecutive ERRs that came back at once */
	bool lost;               /* the terminal went away */
	bool (*stopped)(void);   /* set by the board: a signal asked to stop (NULL: never) */
} view;

/* Colours, keypad, cursor, the terminal's size. */
void view_init(view *v, const config *cfg);
/* True when roles are drawn with attributes only. */
bool view_monochrome(const config *cfg, bool terminal_has_colours);

/* The terminal's size (LINES x COLS) and whether it is too small. */
void view_measure(view *v);
/* Lays the board of m out on the terminal (LINES x COLS). True when the
 * cards a column can show (v->cards) are not the rows m holds: the caller
 * sets them (controller_set_rows) and loads again. */
bool view_layout(view *v, const model *m);
/* The screen row of the i-th visible card of a column (0 <= i < cards). */
int view_card_y(const view *v, int i);
/* Draws the board of m as laid out (no output yet). */
void view_draw(view *v, const model *m);

/* A frame: begin (from scratch when repaint), draw the screens, send it
 * (the cursor where the top screen put it, else hidden; one doupdate()). */
void view_begin(view *v, bool repaint);
void view_send(view *v);
/* The board of m alone, laid out, drawn and sent: for tests and the bench. */
void view_render(view *v, const model *m);

typedef enum view_input {
	VIEW_INPUT_KEY = 0,
	VIEW_INPUT_TIMEOUT,
	VIEW_INPUT_RESIZE,
	VIEW_INPUT_STOP      /* a signal asked to stop, or the terminal is gone */
} view_input;
/* Waits up to VIEW_TIMEOUT_MS for a key (get_wch). */
view_input view_read_key(view *v, keymap_key *k);

/* The dialogs, drawn over what is under them as their screens ask
 * (screen_ops.draw of board/dialog.h; no output yet). */
void view_draw_form_dialog(const screen *s, view *v);
void view_draw_list_dialog(const screen *s, view *v);
void view_draw_confirm_dialog(const screen *s, view *v);
void view_draw_pager_dialog(const screen *s, view *v);
void view_draw_pick_dialog(const screen *s, view *v);
/* The review and the lists of cards behind its figures (board/
 * review_screen.h), opaque screens: every cell, above the status bar. */
void view_draw_review(const screen *s, view *v);
void view_draw_review_list(const screen *s, view *v);
/* Draws form f in a box (no output yet); for tests. */
void view_draw_form(view *v, const form *f);

/* A short amount for a narrow place: "117.5M", "240k", "3.3k", "960"
 * (whole units, three significant digits at most, k M B T). Past the
 * trillions no suffix is left: the amount is written in full (where that
 * does not fit, the board says "CLP too large", never "9.2E"). */
void view_money_compact(int64_t minor, const char *currency, char *buf, size_t bufsz);
/* The totals of a column in at most maxlines lines of width columns: the
 * full amounts when they fit on one line, else the compact ones, packed.
 * A currency whose total is 0 is left out (cards without an amount add 0);
 * cards with no total left give "no amounts"; a total past int64, or one
 * past the trillions whose full amount is wider than the column, reads
 * "CLP too large". Returns the number of lines written. */
int view_totals_lines(const store_summary *s, int width, int maxlines, char lines[][256]);

/* A column's weighted totals (the model's, review/weighted.h) on one line
 * of width columns, the stage's probability first: "≈30% CLP 53,100,000 ·
 * USD 130,200.00" when the full amounts fit, else compact ones ("≈30% CLP
 * 53.1M · USD 130.2k"); the amounts that do not fit are left off whole,
 * marked " …", never cut in the middle of a number. Returns false (and an
 * empty line) when every weighted value is 0: no totals, no amounts, or a
 * stage weighed 0%. */
bool view_weighted_line(int probability, const store_summary *weighted, int width, char *line,
                        size_t linesz);

/* The line under the cards, on the right: the board's forecast (not yet
 * invoiced, weighted) and apart from it what is invoiced, per currency,
 * in width columns: "Forecast ≈ CLP 329,570,000 · USD 781,000.00
 * Invoiced CLP 120,000,000" when the full amounts fit, else compact ones,
 * as many as fit (the forecast's first; those left off marked " …"); with
 * no room for both, the forecast alone. False (and "") when there is
 * nothing to show or no room. */
bool view_total_line(const store_summary *forecast, const store_summary *invoiced, int width,
                     char *line, size_t linesz);

#endif
