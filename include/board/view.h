/*
 * view: everything drawn on the terminal, and the only module that calls
 * ncurses drawing functions. The board (columns, cards, totals, status bar),
 * the dialogs the controller asks for (forms, lists, questions, the pager
 * used for the card detail and the help), and the reading of keys.
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

#include "config/config.h"
#include "board/controller.h"
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
	controller *ctl;
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
	int quick_errors;        /* consecutive ERRs that came back at once */
	bool lost;               /* the terminal went away */
	bool (*stopped)(void);   /* set by the board: a signal asked to stop (NULL: never) */
} view;

/* Colours, keypad, cursor; then the first layout. */
void view_init(view *v, const config *cfg, controller *ctl);
/* True when roles are drawn with attributes only. */
bool view_monochrome(const config *cfg, bool terminal_has_colours);

/* Measures the screen and tells the controller how many cards fit per
 * column. Returns true when that number changed (the caller reloads). */
bool view_layout(view *v);
/* The screen row of the i-th visible card of a column (0 <= i < cards). */
int view_card_y(const view *v, int i);
/* Draws the board (no output yet). */
void view_draw(view *v);
/* Draws the board and sends it: one doupdate(). */
void view_render(view *v);

typedef enum view_input {
	VIEW_INPUT_KEY = 0,
	VIEW_INPUT_TIMEOUT,
	VIEW_INPUT_RESIZE,
	VIEW_INPUT_STOP      /* a signal asked to stop, or the terminal is gone */
} view_input;
/* Waits up to VIEW_TIMEOUT_MS for a key (get_wch). */
view_input view_read_key(view *v, keymap_key *k);

/* The dialogs, as the controller's interface (ctx is the view). */
controller_ui view_ui(view *v);

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

/* Weighted value (review/weighted.h): a column's weighted totals weight
 * its totals (from store_summarize's summary table, so they stay cheap):
 * the probability is per stage, so this equals the sum of the weighted
 * cards up to rounding (under one minor unit per card).
 * A column's weighted totals on one line of width columns, the stage's
 * probability first: "≈30% CLP 53,100,000 · USD 130,200.00" when the full
 * amounts fit, else compact ones ("≈30% CLP 53.1M · USD 130.2k"); the
 * amounts that do not fit are left off whole, marked " …", never cut in the
 * middle of a number. Returns false (and an empty line) when every
 * weighted value is 0: no totals, no amounts, or a stage weighed 0%. */
bool view_weighted_line(const config *cfg, pipeline_stage s, const store_summary *sum, int width,
                        char *line, size_t linesz);

/* The pager's screen rows: lines wrapped at spaces to width columns. A
 * line with a CONTROLLER_HANG mark continues under the text after the mark
 * (the help's descriptions, the detail's values); another continues four
 * columns past its own indent. Heap array (free it); the count in *out_n. */
typedef struct view_prow {
	char text[512];
	bool head; /* from a line that starts at the margin (a heading) */
} view_prow;
view_prow *view_pager_rows(char *const *lines, int n, int width, int *out_n);

/* Draws form f over the board (no output yet); for tests. */
void view_draw_form(view *v, const form *f);

#endif
