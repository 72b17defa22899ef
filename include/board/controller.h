/*
 * controller: actions -> effects on the store. The only place a key becomes
 * an action (keymap_lookup). It never draws: it talks to the screen through
 * a small interface of callbacks (controller_ui) that tests replace with
 * scripted answers, so refusals, forms and undo run without a terminal.
 *
 * The board's model lives here too: the focused column, the selected card of
 * each column (by id, so a reload or a resize keeps it), the visible window
 * of cards of each column (only those are read from the store), the filters,
 * the status message and the undo stack of this session.
 */
#ifndef EMBUDO_CONTROLLER_H
#define EMBUDO_CONTROLLER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "config/config.h"
#include "board/form.h"
#include "config/keymap.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

/* A list that narrows as the person types: the items whose folded text
 * (text_fold: case and accents ignored) contains the folded query. Keys
 * come through controller_pick_key; the view draws what it holds. */
#define CONTROLLER_QUERY_LEN 128
typedef struct controller_pick {
	const char *title;
	const char *noun;          /* what an item is, for "No owner contains ..." */
	char **items;              /* what is matched and shown (owned by the caller) */
	int n;
	char query[CONTROLLER_QUERY_LEN];
	char **folded;             /* items folded once */
	int *shown;                /* indices of the matching items, in order */
	int nshown;
	int sel;                   /* index into shown, -1 when nothing matches */
	/* The note drawn after item i (its card count): asked only for the
	 * rows on screen, so a long list costs the rows shown. May be NULL. */
	const char *(*note)(void *note_ctx, int i);
	void *note_ctx;
} controller_pick;

/* How the controller asks the person at the screen. */
typedef struct controller_ui {
	/* Runs f until saved (true) or cancelled (false). */
	bool (*form)(void *ctx, form *f);
	/* Picks one of items; returns its index or -1 when cancelled. */
	int (*choose)(void *ctx, const char *title, const char *const *items, int n, int selected);
	/* Yes or no. */
	bool (*confirm)(void *ctx, const char *question);
	/* Shows lines of text (scrollable) until closed. */
	void (*pager)(void *ctx, const char *title, char *const *lines, int n);
	void *ctx;
	/* Runs a narrowing list until an item is chosen (its index in
	 * p->items) or it is cancelled (-1). */
	int (*pick)(void *ctx, controller_pick *p);
} controller_ui;

#define CONTROLLER_MAX_ROWS 64   /* cards of one column on screen at most */
#define CONTROLLER_UNDO_MAX 64
#define CONTROLLER_MESSAGE_SECONDS 6
#define CONTROLLER_RECENT 32     /* messages kept for the messages action */
#define CONTROLLER_MESSAGE_LEN 1024

/* A status message as said, kept whole for the messages action. */
typedef struct controller_message {
	char text[CONTROLLER_MESSAGE_LEN];
	bool error;
	time_t at;
} controller_message;

typedef struct controller_column {
	store_card cards[CONTROLLER_MAX_ROWS]; /* the visible window */
	int ncards;
	int rows;       /* how many cards the view can show (set by the view) */
	int64_t top;    /* offset of cards[0] in the column */
	int64_t sel;    /* offset of the selected card, -1 when empty */
	int64_t sel_id; /* id of the selected card, 0 when none */
} controller_column;

typedef enum controller_undo_kind {
	CONTROLLER_UNDO_ADD = 0,
	CONTROLLER_UNDO_EDIT,
	CONTROLLER_UNDO_DELETE,
	CONTROLLER_UNDO_MOVE,
	CONTROLLER_UNDO_LOSE,
	CONTROLLER_UNDO_REOPEN,
	CONTROLLER_UNDO_CRITERION,
	CONTROLLER_UNDO_EVIDENCE,
	CONTROLLER_UNDO_REORDER
} controller_undo_kind;

typedef struct controller_undo {
	controller_undo_kind kind;
	int64_t id;
	int64_t version;          /* the card's version right after the change */
	int64_t prior;            /* ... and right before it (set on push, never moved) */
	pipeline_stage from, to;  /* move */
	pipeline_loss reason;     /* reopen: the loss to restore */
	char *note;               /* reopen: the loss note to restore */
	int criterion;            /* criterion: 1..5, its previous value in `met` */
	bool met;
	pipeline_evidence_kind ev; /* evidence recorded */
	int64_t item_id;
	int delta;                /* reorder */
	store_opp before;         /* edit: the fields before */
} controller_undo;

typedef struct controller {
	store *st;
	const config *cfg;
	controller_ui ui;
	time_t now;                   /* for days in stage; refreshed on load */
	pipeline_stage focus;
	controller_column col[PIPELINE_STAGE_COUNT];
	store_summary sum[PIPELINE_STAGE_COUNT];
	char filter_text[256];
	char filter_owner[128];
	bool lost_collapsed;
	bool quit;
	bool dirty;                   /* the screen must be redrawn */
	bool repaint;                 /* ... from scratch (the refresh action) */
	char message[CONTROLLER_MESSAGE_LEN]; /* shown until the next key or its timeout */
	bool message_error;
	time_t message_at;
	controller_message recent[CONTROLLER_RECENT]; /* oldest first */
	int nrecent;
	controller_undo undo[CONTROLLER_UNDO_MAX];
	int nundo;
} controller;

void controller_init(controller *c, store *st, const config *cfg, const controller_ui *ui);
void controller_free(controller *c);

/* The view tells how many cards each column can show, then asks for a load. */
void controller_set_rows(controller *c, int rows);
/* Reads the summaries and the visible cards of every column; keeps each
 * selection by card id. */
store_status controller_load(controller *c);
/* Reloads when another process committed; true when it did. */
bool controller_poll(controller *c);
/* Clears an expired status message; true when it did (redraw). */
bool controller_tick(controller *c, time_t now);

/* The filter in effect (NULL fields when unset). */
void controller_filter(const controller *c, store_filter *f);

/* A key in board mode: looked up in cfg->keys and done. False when unbound.
 * The message on screen goes first: it answered the key before. */
bool controller_key(controller *c, keymap_key k);
/* Does a board action. */
void controller_do(controller *c, keymap_action a);

/* The selected card of the focused column, or NULL. */
const store_card *controller_selected(const controller *c);

/* Status message (printf-style); error messages use the refusal role.
 * The board shows it on one line, cut; it is also kept whole among the
 * recent messages (the messages action shows them). */
void controller_say(controller *c, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A key inside a form: edits f or ends it. */
typedef enum controller_form_result {
	CONTROLLER_FORM_CONTINUE = 0,
	CONTROLLER_FORM_SAVE,   /* submitted and valid */
	CONTROLLER_FORM_CANCEL
} controller_form_result;
controller_form_result controller_form_key(const keymap *km, form *f, keymap_key k);

/* A narrowing list of items (borrowed, not copied), item `selected`
 * first selected. False when out of memory. */
bool controller_pick_init(controller_pick *p, const char *title, const char *noun, char **items,
                          int n, int selected);
void controller_pick_free(controller_pick *p);
typedef enum controller_pick_result {
	CONTROLLER_PICK_CONTINUE = 0,
	CONTROLLER_PICK_CHOSEN,   /* controller_pick_choice says which */
	CONTROLLER_PICK_CANCEL
} controller_pick_result;
/* A key in a narrowing list: a character types into the query (letters
 * such as j, k and q too), the form's backspace keys erase, the dialog's
 * up and down keys move, select chooses the item under the selection
 * (nothing when none matches) and cancel (Esc) closes. */
controller_pick_result controller_pick_key(const keymap *km, controller_pick *p, keymap_key k);
/* The chosen item: its index in p->items, -1 when nothing matches. */
int controller_pick_choice(const controller_pick *p);

/* A key inside a list, pager or question: the dialog action (or NONE). */
keymap_action controller_dialog_key(const keymap *km, keymap_key k);
/* A key in the pager: a dialog action, or the board's page-up, page-down,
 * first, last, focus-up and focus-down for scrolling. */
keymap_action controller_pager_key(const keymap *km, keymap_key k);

/* The marks a card and a column header carry: drawn by the view and
 * explained by the help's legend, written once here for both. */
#define CONTROLLER_MARK_DAYS "d"       /* "12d": whole days in its stage */
#define CONTROLLER_MARK_STALE "!"      /* idle past its stage's stale_days (review/stale.h) */
#define CONTROLLER_MARK_WEIGHTED "\u2248" /* "≈30%": the stage's weighted line */

/* A line of the detail or the help may hold one CONTROLLER_HANG: the
 * column where the pager starts its wrapped continuation lines (the pager
 * drops the mark). Every line is neutralised, so a tab is never text. */
#define CONTROLLER_HANG '\t'

/* Lines of the card detail (fields, evidence, history), heap-allocated;
 * free with controller_lines_free. Returns the count, -1 on error. */
int controller_detail_lines(controller *c, int64_t id, char ***lines);
/* Lines of the help screen: every action's keys and its help text, from
 * the action table (words, not the configuration's action names), per
 * mode; then a legend of the marks on the board. */
int controller_help_lines(const controller *c, char ***lines);
/* Lines of the recent messages, newest first, each whole after its time. */
int controller_message_lines(const controller *c, char ***lines);
void controller_lines_free(char **lines, int n);

/* The status bar text: actions with their first key, as many as fit in
 * cols columns, chosen by priority (help and quit always first) among
 * those the focused card allows (pipeline_offers: "r reopen" on a lost
 * card, "c checks" in Inmadura and Calificada, "v evidence" where a
 * commitment, approval, invoice or delivery comes next), shown in the
 * action table's order. */
void controller_status_text(const controller *c, int cols, char *buf, size_t bufsz);

#endif
