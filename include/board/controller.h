/*
 * controller: keys become actions, actions become store calls, and their
 * results update the board's model (board/model.h). The only place a key
 * of the board becomes an action (keymap_lookup). It never draws and never
 * waits: an action that needs an answer pushes a dialog (board/dialog.h)
 * onto the loop's screen stack with a continuation, and returns; the
 * continuation finishes the action or pushes the next dialog (a move of
 * several stages opens one evidence form after another; an edit in
 * conflict opens again on the other person's version; a loss asks its
 * reason, then its note). Tests answer those dialogs with keys, so
 * refusals, forms and undo run without a terminal.
 *
 * The undo stack of this session lives here too.
 */
#ifndef EMBUDO_CONTROLLER_H
#define EMBUDO_CONTROLLER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "board/dialog.h"
#include "board/model.h"
#include "board/screen.h"
#include "config/config.h"
#include "config/keymap.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

#define CONTROLLER_UNDO_MAX 64

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
	model model;                  /* what the board shows */
	screen_stack *screens;        /* where dialogs go (the loop's); NULL: none opens */
	bool quit;                    /* the loop is asked to end */
	bool repaint;                 /* the loop is asked to redraw from scratch */
	controller_undo undo[CONTROLLER_UNDO_MAX];
	int nundo;
	/* The stages whose cards the last action changed (bit 1 << stage),
	 * when it knows: the next load reads only those columns. 0: all. */
	unsigned changed;
} controller;

/* screens may be NULL (a controller that only loads: the bench, tests):
 * then an action that asks is dropped as if cancelled. Otherwise a dialog
 * that closes reloads the model (screens->closed). */
void controller_init(controller *c, store *st, const config *cfg, screen_stack *screens);
void controller_free(controller *c);

/* How many cards each column shows; true when that changed. */
bool controller_set_rows(controller *c, int rows);
/* Reads the model: summaries and the visible cards of every column, one
 * snapshot; each selection kept by card id. After an action that said
 * which stages it changed (c->changed), only their columns are read. */
store_status controller_load(controller *c);
/* Another process committed: reloads the model, then tells every screen
 * (screen_stack_refresh: the board lays out again, an open form shows that
 * its card changed). True when it did. */
bool controller_poll(controller *c);
/* Clears an expired status message; true when it did (redraw). */
bool controller_tick(controller *c, time_t now);

/* A key on the board: looked up in cfg->keys and done. False when
 * unbound. The message on screen goes first: it answered the key before. */
bool controller_key(controller *c, keymap_key k);
/* Does a board action (pushes its first dialog when it asks). */
void controller_do(controller *c, keymap_action a);

/* The selected card of the focused column, or NULL. */
const store_card *controller_selected(const controller *c);
/* Opens card id's detail over the screen on top (the review's entries). */
void controller_detail_of(controller *c, int64_t id);

/* Status message on the model (printf-style), kept among the recent ones. */
void controller_say(controller *c, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Lines of the card detail (fields, evidence, history), heap-allocated;
 * free with controller_lines_free. Returns the count, -1 on error. Every
 * line is neutralised; one WRAP_HANG may mark its text column. */
int controller_detail_lines(controller *c, int64_t id, char ***lines);
/* Lines of the help screen: every action's keys and its help text, from
 * the action table (words, not the configuration's action names), per
 * mode; then a legend of the marks on the board. */
int controller_help_lines(const controller *c, char ***lines);
/* Lines of the recent messages, newest first, each whole after its time. */
int controller_message_lines(const controller *c, char ***lines);
void controller_lines_free(char **lines, int n);

#endif
