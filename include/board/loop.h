/*
 * loop: the board's input loop. It holds the stack of screens (board/
 * screen.h) with the board at the bottom, and turns: a frame when
 * something changed, one key (or the timeout) for the top screen, a
 * resize for every screen, then other processes' changes (the model
 * reloads, every screen is told) and an expired message. Nothing else
 * waits for a key: a dialog is one more screen on the stack.
 *
 * The caller owns the terminal (board.c: newterm, signals, endwin; tests:
 * newterm on a pseudo-terminal).
 */
#ifndef EMBUDO_LOOP_H
#define EMBUDO_LOOP_H

#include <stdbool.h>

#include "board/controller.h"
#include "board/screen.h"
#include "board/view.h"
#include "config/config.h"
#include "store/store.h"

/* The board as the bottom screen: the controller's model, drawn by the view. */
typedef struct board_screen {
	screen base;
	controller *c;
	view *v;
} board_screen;

typedef struct board_loop {
	screen_stack screens;
	controller c;
	view v;
	board_screen board;
	bool dirty;   /* a frame is due */
	bool warm;    /* the store's statements of a change are prepared */
} board_loop;

/* Sets the loop up on an open store and a terminal already in curses mode,
 * and loads the board. stopped (may be NULL) says a signal asked to stop.
 * The loop must not move afterwards (the screens point into it). */
void board_loop_init(board_loop *l, store *st, const config *cfg, bool (*stopped)(void));
/* Drops every screen (an open dialog is abandoned: nothing it would have
 * written is written) and frees the model and the undo stack. */
void board_loop_free(board_loop *l);
/* Draws the screens and sends them now (what a turn does when dirty). */
void board_loop_frame(board_loop *l);
/* One turn. False when the board is to end: quit, a signal, or the
 * terminal gone (l->v.lost). */
bool board_loop_step(board_loop *l);

#endif
