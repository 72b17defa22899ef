/*
 * review_doc: what the review screen shows (board/review_screen.h), laid
 * out for a width: lines of spans of text, and the targets among them that
 * the focus moves over (a rate opens the cards behind it, a list entry
 * opens its card). Built from a report (review/report.h) and the first
 * entries of its lists, never computing a figure: every number is the
 * report's, every converted total review/'s (report_convert). No curses:
 * the view draws the lines (view_draw_review), the tests read them.
 *
 * Sections, in order: the stages (one row per stage, short names: count,
 * totals, weighted, conversion, median days of the completed stays), the
 * win rate and cancellations, the forecast (weighted, not yet invoiced),
 * what is invoiced and the forecast by close month, the losses (a matrix
 * of reasons by the stage lost from, or one line per pair where the
 * matrix does not fit), then the overdue, slipped, awaiting-invoice and
 * awaiting-delivery lists (their first entries; a last line opens all).
 * From 64 columns a stage is one row with its amounts in columns; below,
 * its amounts go on lines under it. Past 120 columns the review keeps to
 * the first 120. With rates, each per-currency total
 * has its converted total under or beside it ("≈ CLP 240.5M").
 */
#ifndef EMBUDO_REVIEW_DOC_H
#define EMBUDO_REVIEW_DOC_H

#include <stdbool.h>
#include <stdint.h>

#include "config/theme.h"
#include "pipeline/pipeline.h"
#include "review/report.h"

#define RDOC_SPANS 12      /* spans on one line at most */
#define RDOC_PREVIEW 5     /* entries of each list the review shows */
#define RDOC_WIDE 64       /* from this width a stage's amounts are columns */
#define RDOC_MAX_WIDTH 120 /* the review is laid out in at most this many columns */
#define RDOC_NAME 160      /* bytes of a card's title or client kept */

/* Text at x, cut to w columns (with "…") and padded to them. */
typedef struct rdoc_span {
	int x, w;
	theme_role role;
	int target;            /* the target it shows (-1: none): drawn focused */
	char *text;            /* owned */
} rdoc_span;

typedef struct rdoc_line {
	int n;
	rdoc_span span[RDOC_SPANS];
} rdoc_line;

typedef enum rdoc_kind {
	RDOC_CARD = 0,         /* a list's entry: its card */
	RDOC_CARDS             /* a figure: the cards behind it (pick) */
} rdoc_kind;

typedef struct rdoc_target {
	int line, x;           /* where it is */
	rdoc_kind kind;
	int64_t id;            /* RDOC_CARD: the card */
	report_pick pick;      /* RDOC_CARDS: what to list; RDOC_CARD: the list it is in */
} rdoc_target;

typedef struct rdoc {
	rdoc_line *line;
	int nlines, cap;
	rdoc_target *target;   /* in reading order: by line, then x */
	int ntargets, tcap;
	bool failed;           /* out of memory: what is there is cut short */
} rdoc;

/* A list's entry with its card's names (neutralised) and stage now. */
typedef struct rdoc_card {
	report_item item;
	char title[RDOC_NAME], client[RDOC_NAME];
	pipeline_stage stage;
	bool found;            /* false: the card could not be read */
} rdoc_card;

/* What the review shows. */
typedef struct rdoc_input {
	const report *rep;
	const report_rates *rates;                     /* NULL or unset: nothing converted */
	const int *probability;                        /* per stage, the configuration's */
	const rdoc_card *preview[REPORT_LISTS];        /* the first entries of each list */
	int npreview[REPORT_LISTS];
} rdoc_input;

void rdoc_init(rdoc *d);
void rdoc_free(rdoc *d);
/* Lays in out for width columns (anything before is dropped). */
void rdoc_build(rdoc *d, const rdoc_input *in, int width);

/* A list's title ("Overdue") and what an entry of it says on the right
 * of its card, in a wide and a narrow form ("close 2026-03-01, 9 days
 * late", "9d late"; for the cards behind a figure, when it happened and,
 * entered, whether it advanced). */
const char *rdoc_list_title(report_list l);
void rdoc_entry_right(const rdoc_card *c, report_list l, bool wide, char *buf, size_t bufsz);
/* "#12  Title · Client", the id padded to idw digits */
void rdoc_entry_left(const rdoc_card *c, int idw, char *buf, size_t bufsz);
/* The digits of the widest id of c[0..n): rdoc_entry_left pads each id to
 * them, so the titles of one list start in one column. */
int rdoc_entries_idw(const rdoc_card *c, int n);
/* The columns the right parts of entries c[0..n) take on a line of width
 * columns (the widest), and whether they are the wide form (when it
 * leaves each card 24 columns). */
int rdoc_entries_right(const rdoc_card *c, int n, report_list l, int width, bool *wide);

/* ---- the focus and the scrolling --------------------------------------- */

typedef enum rdoc_move {
	RDOC_UP = 0, RDOC_DOWN, RDOC_LEFT, RDOC_RIGHT,
	RDOC_PAGE_UP, RDOC_PAGE_DOWN, RDOC_HOME, RDOC_END
} rdoc_move;

/* One key's move, with page lines shown from line *off and target *focus
 * (-1: none) focused. Up and Down go to the target above or below (the
 * nearest in columns), scrolling as little as shows it, never more than a
 * page at once (a longer stretch without targets scrolls a page); with no
 * target that way they scroll one line. Left and Right go along the line.
 * Pages scroll and keep the focus when it stays in view, else take the
 * first (the last, going up) target in view. Home and End go to either
 * end. The focus is only ever on a target in view, or none. */
void rdoc_move_focus(const rdoc *d, int page, rdoc_move m, int *off, int *focus);
/* After a rebuild or a resize: *off within the document, the focus kept
 * in view (scrolling to it), or none when it is past the end. */
void rdoc_keep(const rdoc *d, int page, int *off, int *focus);
/* The target of d that is like t (the same card of the same list, the
 * same figure), -1 when none is. */
int rdoc_find(const rdoc *d, const rdoc_target *t);

#endif
