/* loop: the board's input loop and its stack of screens. */
#include "board/loop.h"

#include <stddef.h>
#include <time.h>

#include <curses.h>

/* The board's layout decides how many cards a column shows; the model
 * reads that many. A new layout (a resize, another currency in a column's
 * totals) that changes the number reloads the model; the selection is by
 * card id, so it stays. */
static void sync_rows(board_screen *b)
{
	if (!view_layout(b->v, &b->c->model))
		return;
	controller_set_rows(b->c, b->v->cards);
	controller_load(b->c);
	view_layout(b->v, &b->c->model);
}

static void board_draw(const screen *s, struct view *v)
{
	const board_screen *b = (const board_screen *)s;
	view_draw(v, &b->c->model);
}

static screen_step board_key(screen *s, keymap_key k)
{
	board_screen *b = (board_screen *)s;
	controller_key(b->c, k);
	return SCREEN_STAY;
}

static void board_resize(screen *s, int h, int w)
{
	(void)h;
	(void)w;
	sync_rows((board_screen *)s);
}

/* The controller reloaded the model: lay it out again. */
static void board_refresh(screen *s)
{
	sync_rows((board_screen *)s);
}

static const screen_ops board_ops = {
	.name = "board", .opaque = true, .draw = board_draw, .key = board_key,
	.resize = board_resize, .refresh = board_refresh, .free = NULL,
};

void board_loop_init(board_loop *l, store *st, const config *cfg, bool (*stopped)(void))
{
	screen_stack_init(&l->screens, LINES, COLS);
	controller_init(&l->c, st, cfg, &l->screens);
	view_init(&l->v, cfg);
	l->v.stopped = stopped;
	screen_init(&l->board.base, &board_ops);
	l->board.c = &l->c;
	l->board.v = &l->v;
	l->warm = false;
	/* The first load reads the summaries only: how many cards a column
	 * shows depends on them (a column's totals may take two lines), so
	 * the cards are read once, when the board is laid out (screen_push
	 * lays it out). */
	controller_set_rows(&l->c, 0);
	controller_load(&l->c);
	screen_push(&l->screens, &l->board.base);
	l->dirty = true;
}

void board_loop_free(board_loop *l)
{
	screen_stack_free(&l->screens);
	controller_free(&l->c);
}

void board_loop_frame(board_loop *l)
{
	sync_rows(&l->board);
	view_begin(&l->v, l->c.repaint);
	l->c.repaint = false;
	screen_stack_draw(&l->screens, &l->v);
	view_send(&l->v);
	l->dirty = false;
}

bool board_loop_step(board_loop *l)
{
	if (l->c.quit)
		return false;
	if (l->dirty)
		board_loop_frame(l);
	/* Once the first frame is out, while it is read: the first change of
	 * the session then parses no SQL. */
	if (!l->warm) {
		store_warm(l->c.st);
		l->warm = true;
	}
	keymap_key k;
	view_input in = view_read_key(&l->v, &k);
	if (in == VIEW_INPUT_STOP)
		return false;
	if (in == VIEW_INPUT_RESIZE) {
		screen_stack_resize(&l->screens, LINES, COLS);
		l->dirty = true;
	} else if (in == VIEW_INPUT_KEY) {
		screen_stack_key(&l->screens, k);
		l->dirty = true;
	}
	if (l->v.stopped && l->v.stopped())
		return false;
	/* Another process committed: shown without a keystroke, under any
	 * screen, and the screen on top is told. */
	if (controller_poll(&l->c))
		l->dirty = true;
	if (controller_tick(&l->c, time(NULL)))
		l->dirty = true;
	return !l->c.quit;
}
