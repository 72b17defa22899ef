/*
 * review_screen: the pipeline review on the board (the review action, R):
 * an opaque screen over the board (board/screen.h) showing the report of
 * review/report.h for the board's filters (text and owner), as of now,
 * over all time, laid out by board/review_doc.h and drawn by the view
 * (view_draw_review). Its figures are the store's (store_report, one
 * snapshot with the first entries of each list); nothing is computed
 * here. It follows other processes' changes as the board does (refresh
 * reads it again) and scrolls where the terminal does not hold it.
 *
 * The focus goes over the rates and the list entries: Enter on an entry
 * opens its card's detail (over the review: Esc comes back to it); on a
 * rate (a stage's conversion, won, lost, cancelled, a loss) or on a list's
 * "more" line it opens the list of the cards behind it, read a page at a
 * time (store_report_list), each card openable the same way. The
 * filters (/ and o) apply as on the board; Esc, q or the review key close.
 */
#ifndef EMBUDO_REVIEW_SCREEN_H
#define EMBUDO_REVIEW_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board/controller.h"
#include "board/review_doc.h"
#include "board/screen.h"
#include "config/keymap.h"
#include "review/report.h"

#define REVIEW_LIST_ROWS 256 /* entries a list screen shows at most */

typedef struct review_screen {
	screen base;             /* first: it is a screen */
	controller *c;
	int h, w;
	/* What it was read for: the board's filters then, the query, rates. */
	char filter_text[256], filter_owner[128];
	report_query q;
	report_rates rates;
	report rep;
	bool loaded;             /* rep holds a report */
	rdoc_card preview[REPORT_LISTS][RDOC_PREVIEW];
	int npreview[REPORT_LISTS];
	rdoc doc;                /* laid out for w */
	int off, focus;          /* first line shown, focused target (-1 none) */
} review_screen;

/* The cards behind a figure, or a whole list. */
typedef struct review_list_screen {
	screen base;
	review_screen *parent;   /* the review it was opened from (under it) */
	report_pick pick;
	int h, w;
	int64_t count;           /* entries, the parent report's figure */
	int64_t sel, top;        /* the selected entry, the first shown */
	rdoc_card row[REVIEW_LIST_ROWS]; /* the entries shown, from top */
	int nrows;
} review_list_screen;

/* Opens the review over the board (the review action); false when it
 * cannot (out of memory, no screen stack: a controller that only loads). */
bool review_open(controller *c);

/* Whether the review is on c's screen stack (under a dialog or not). */
bool review_is_open(const controller *c);

/* Lines of the review (or of a list) shown on a terminal of h rows: the
 * first row holds the title, the last two the message and the keys. */
int review_page(int h);

/* The status bar of the review (list: of a list of cards): its keys, as
 * many as fit in cols columns, the way back and help first. */
void review_status_text(const keymap *km, bool list, int cols, char *buf, size_t bufsz);
/* The review's title: "Pipeline review · 2026-12-05 07:04 · all time";
 * brief: "Review · 2026-12-05". */
void review_title(const review_screen *r, bool brief, char *buf, size_t bufsz);
/* A list's title: "Entered Calificada: 30 cards, 22 advanced". */
void review_list_title(const review_list_screen *l, char *buf, size_t bufsz);

/* The screens, as board/view.h draws them. */
review_screen *review_of(const screen *s);
review_list_screen *review_list_of(const screen *s);

#endif
