/*
 * screen: what the input loop holds, a stack of screens. The board is at
 * the bottom; a dialog (form, list, question, pager, narrowing list) or,
 * next, the review screen goes on top of it. Keys go to the top screen;
 * a resize and live data reach every screen; the stack draws from the
 * topmost opaque screen up, so a dialog is a box over the board.
 *
 * Nothing waits in a loop of its own: an action that needs an answer
 * pushes a screen with a continuation (`done`) and returns. When the
 * screen is finished (its key callback says SCREEN_DONE) the stack takes
 * it off, calls `done` (which may push the next screen: the next form of
 * a move, the note after a loss reason...), then frees it. The board
 * under it keeps living meanwhile: another process's change reloads it.
 *
 * No curses here: `draw` receives the view (board/view.h), whose
 * functions are the only ones that draw.
 */
#ifndef EMBUDO_SCREEN_H
#define EMBUDO_SCREEN_H

#include <stdbool.h>

#include "config/keymap.h"

struct view;
typedef struct screen screen;

typedef enum screen_step {
	SCREEN_STAY = 0, /* the key was taken (or ignored): the screen stays */
	SCREEN_DONE      /* finished: off the stack, then its done, then freed */
} screen_step;

typedef struct screen_ops {
	const char *name;
	/* Draws every cell itself (the board; next, the review screen): the
	 * screens under it are not drawn. Otherwise drawn over them. */
	bool opaque;
	/* Draws the screen (no output yet); reads, never changes, the state. */
	void (*draw)(const screen *s, struct view *v);
	/* One key. */
	screen_step (*key)(screen *s, keymap_key k);
	/* The terminal is h rows by w columns now (also said once on push). */
	void (*resize)(screen *s, int h, int w);
	/* Another process changed the data (the controller has reloaded the
	 * board's model already). May be NULL. */
	void (*refresh)(screen *s);
	/* Frees the screen (NULL for one that is not on the heap). */
	void (*free)(screen *s);
} screen_ops;

typedef void (*screen_fn)(void *ctx, screen *s);

struct screen {
	const screen_ops *ops;
	/* The owner's continuation and its context. done owns ctx: it frees it
	 * or hands it to the next screen. When the board ends first (a signal,
	 * the terminal gone) done is never called and ctx_free frees ctx. */
	screen_fn done;
	void *ctx;
	void (*ctx_free)(void *ctx);
	/* The owner's look at live data, after the screen's own refresh (a
	 * form shows that its card changed or went; the detail reads it again).
	 * May be NULL. */
	screen_fn watch;
	void *watch_ctx;
};

/* A screen with no owner yet. */
void screen_init(screen *s, const screen_ops *ops);

#define SCREEN_STACK_MAX 16

typedef struct screen_stack {
	screen *s[SCREEN_STACK_MAX]; /* [0] at the bottom */
	int n;
	int h, w;                    /* the terminal's size, as last said */
	/* Called after every continuation (a screen closed): the controller
	 * reloads the board under it. May be NULL. */
	void (*closed)(void *ctx);
	void *closed_ctx;
} screen_stack;

void screen_stack_init(screen_stack *st, int h, int w);
/* Drops every screen (the board ends): ctx_free, never done. */
void screen_stack_free(screen_stack *st);
/* Puts s on top and tells it the size. False when the stack is full:
 * then s is dropped as screen_stack_free drops it. */
bool screen_push(screen_stack *st, screen *s);
/* The top screen, NULL when none. */
screen *screen_top(const screen_stack *st);
/* A key for the top screen (nothing when the stack is empty). */
void screen_stack_key(screen_stack *st, keymap_key k);
/* The terminal's new size, for every screen, bottom up. */
void screen_stack_resize(screen_stack *st, int h, int w);
/* Live data changed: every screen, bottom up (the board lays out again,
 * then the dialogs look at what they show). */
void screen_stack_refresh(screen_stack *st);
/* Draws the screens from the topmost opaque one up (no output yet). */
void screen_stack_draw(const screen_stack *st, struct view *v);

#endif
