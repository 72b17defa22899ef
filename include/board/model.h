/*
 * model: what the board shows, and nothing else: each column's window of
 * cards (only the cards on screen are read from the store), the selection
 * of each column by card id (so a reload or a resize keeps it), the
 * summaries per stage, the focus, the filters, the status message and the
 * recent messages. It is loaded from the store in one read snapshot, with
 * the figures the board shows computed by review/ as it loads: each
 * visible card's days in stage and staleness, each column's weighted
 * value, the board's forecast and, apart from it, what is invoiced
 * (review/report.h: report_forecast_now).
 *
 * The controller writes it (loads, actions, messages); the view draws it
 * through a const pointer and never writes it. What the screen needs to
 * be redrawn (dirty, repaint, too small) belongs to the loop and the view,
 * not here. No curses.
 */
#ifndef EMBUDO_MODEL_H
#define EMBUDO_MODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config/config.h"
#include "pipeline/pipeline.h"
#include "review/stale.h"
#include "store/store.h"

#define MODEL_MAX_ROWS 64   /* cards of one column on screen at most */
#define MODEL_MESSAGE_SECONDS 6
#define MODEL_RECENT 32     /* messages kept for the messages action */
#define MODEL_MESSAGE_LEN 1024

/* The marks a card and a column header carry: drawn by the view and
 * explained by the help's legend, written once here for both. */
#define MODEL_MARK_DAYS "d"       /* "12d": whole days in its stage */
#define MODEL_MARK_STALE "!"      /* idle past its stage's stale_days (review/stale.h) */
#define MODEL_MARK_WEIGHTED "\u2248" /* "≈30%": the stage's weighted line */

/* A status message as said, kept whole for the messages action. */
typedef struct model_message {
	char text[MODEL_MESSAGE_LEN];
	bool error;
	time_t at;
} model_message;

typedef struct model_column {
	store_card cards[MODEL_MAX_ROWS]; /* the visible window */
	review_age age[MODEL_MAX_ROWS];   /* ... each card's days in stage, idle days, stale */
	int ncards;
	int rows;       /* how many cards the view shows */
	int64_t top;    /* offset of cards[0] in the column */
	int64_t sel;    /* offset of the selected card, -1 when empty */
	int64_t sel_id; /* id of the selected card, 0 when none */
	store_key anchor; /* key of cards[0] as last read: the window is read
	                   * from it again while top > 0 (from the column's
	                   * start at top 0) */
} model_column;

typedef struct model {
	time_t now;                   /* for days in stage; refreshed on load */
	bool readonly;                /* the database may only be read */
	pipeline_stage focus;
	model_column col[PIPELINE_STAGE_COUNT];
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_summary weighted[PIPELINE_STAGE_COUNT]; /* each sum times its stage's probability */
	store_summary forecast;  /* the board's forecast: Inmadura..por Facturar weighted, per currency */
	store_summary invoiced;  /* ... and apart from it, what is invoiced (en Facturación, Lista) */
	char filter_text[256];
	char filter_owner[128];
	bool lost_collapsed;
	char message[MODEL_MESSAGE_LEN]; /* shown until the next key or its timeout */
	bool message_error;
	time_t message_at;
	model_message recent[MODEL_RECENT]; /* oldest first */
	int nrecent;
} model;

void model_init(model *m);
void model_free(model *m);

/* How many cards each column shows (the view's layout says); true when
 * that changed (load again). 0: not laid out yet, a load reads the
 * summaries only (the layout depends on them). */
bool model_set_rows(model *m, int rows);
/* The filter in effect (NULL fields when unset); true when one is set. */
void model_filter(const model *m, store_filter *f);
bool model_filtered(const model *m);

/* Reads the summaries and every column's window from one snapshot (a card
 * moved by someone else meanwhile is never in two columns, nor in none),
 * keeping each selection by card id. Says what failed. */
store_status model_load(model *m, store *st, const config *cfg);
/* The same after a change of one's own to the cards of some stages only
 * (bit 1 << stage): the summaries and those columns' windows are read, the
 * other windows are kept (another process's change is model_load's, when
 * store_changed says so). */
store_status model_load_stages(model *m, store *st, const config *cfg, unsigned stages);
/* Selects the card at offset off of the focused column: reads nothing when
 * it is in the window already read, else only this column's window. */
store_status model_select(model *m, store *st, const config *cfg, int64_t off);

/* The selected card of the focused column, or NULL. */
const store_card *model_selected(const model *m);
/* Focus follows a card to its column. */
void model_follow(model *m, pipeline_stage s, int64_t id);
/* Focus one shown column to the left (-1) or right (+1). */
void model_focus_step(model *m, int d);
bool model_column_shown(const model *m, int s);
/* Cards on the board under the filter, every stage. */
int64_t model_count(const model *m);

/* Status message (printf-style); error messages use the refusal role.
 * The board shows it on one line, cut; it is also kept whole among the
 * recent messages. */
void model_say(model *m, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void model_vsay(model *m, bool error, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/* Takes the message off the screen (it stays among the recent ones). */
void model_unsay(model *m);
/* Clears an expired status message; true when it did (redraw). */
bool model_tick(model *m, time_t now);

/* The status bar text: actions with their first key, as many as fit in
 * cols columns, chosen by priority (help and quit always first) among
 * those the focused card allows (pipeline_offers: "r reopen" on a lost
 * card, "c checks" in Inmadura and Calificada, "v evidence" where a
 * commitment, approval, invoice or delivery comes next), shown in the
 * action table's order; "read-only" first on a database that may only be
 * read. */
void model_status_text(const model *m, const config *cfg, int cols, char *buf, size_t bufsz);

#endif
