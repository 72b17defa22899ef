/*
 * board: the terminal's life and the main loop.
 *
 * Signal handlers (SIGHUP, SIGTERM, SIGINT, SIGQUIT) only set a flag; the
 * loop notices it within one key timeout (get_wch returns EINTR: no
 * SA_RESTART), so the write in progress always finishes, and the terminal
 * is restored before returning. The caller closes the store.
 */
#include "board/board.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "board/controller.h"
#include "util/text.h"
#include "board/view.h"

static volatile sig_atomic_t stop_signal;
static bool curses_active;
static SCREEN *screen;

static void on_signal(int sig)
{
	stop_signal = sig;
}

bool board_stop_requested(void)
{
	return stop_signal != 0;
}

/* Also run at exit: whatever path leaves the program, the terminal is usable. */
static void restore_terminal(void)
{
	if (curses_active) {
		curses_active = false;
		if (!isendwin())
			endwin();
	}
}

/* SIGQUIT too: C-\ in cbreak mode would otherwise dump core and leave the
 * terminal in curses mode. */
static const int handled[] = { SIGHUP, SIGTERM, SIGINT, SIGQUIT };
#define NHANDLED (sizeof handled / sizeof handled[0])

static void install_signals(struct sigaction old[NHANDLED])
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a blocked get_wch must return */
	for (size_t i = 0; i < NHANDLED; i++)
		sigaction(handled[i], &sa, &old[i]);
}

static void restore_signals(const struct sigaction old[NHANDLED])
{
	for (size_t i = 0; i < NHANDLED; i++)
		sigaction(handled[i], &old[i], NULL);
}

board_end board_run(store *st, const config *cfg)
{
	board_end end = { BOARD_NO_TERMINAL, 0 };
	static bool registered;
	text_init_locale();
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("embudo: the board needs a terminal on stdin and stdout; "
		      "for scripts use a command (embudo --help lists them)\n", stderr);
		return end;
	}
	if (!registered) {
		atexit(restore_terminal);
		registered = true;
	}
	/* Before the screen exists, so ncurses keeps our handlers. */
	stop_signal = 0;
	struct sigaction old[NHANDLED];
	install_signals(old);
	if (!getenv("ESCDELAY"))
		setenv("ESCDELAY", "25", 1);
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		restore_signals(old);
		const char *term = getenv("TERM");
		fprintf(stderr, "embudo: cannot open the terminal (TERM=%s); set TERM to your terminal type\n",
		        term ? term : "");
		return end;
	}
	set_term(screen);
	curses_active = true;
	/* A terminal that cannot place the cursor (TERM=dumb, a hard-copy
	 * type) would show a blank board: say so instead. */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (const char *)-1) {
		const char *term = getenv("TERM");
		restore_terminal();
		delscreen(screen);
		screen = NULL;
		restore_signals(old);
		fprintf(stderr, "embudo: the terminal type TERM=%s cannot place the cursor, so it cannot "
		        "show the board; set TERM to your terminal (e.g. xterm-256color), or use a "
		        "command (embudo --help)\n", term ? term : "");
		return end;
	}
	set_escdelay(25);

	controller c;
	view v;
	controller_init(&c, st, cfg, NULL);
	view_init(&v, cfg, &c);
	v.stopped = board_stop_requested;
	c.ui = view_ui(&v);
	controller_load(&c);

	while (!c.quit) {
		if (c.dirty)
			view_render(&v);
		keymap_key k;
		view_input in = view_read_key(&v, &k);
		if (in == VIEW_INPUT_STOP)
			break;
		if (in == VIEW_INPUT_RESIZE) {
			/* view_render lays the board out again and reloads only
			 * when the rows per column changed; selection is by card
			 * id, so a new layout keeps it. */
			c.dirty = true;
		} else if (in == VIEW_INPUT_KEY) {
			controller_key(&c, k);
		}
		if (board_stop_requested())
			break;
		/* Another process committed: show it without a keystroke. */
		controller_poll(&c);
		controller_tick(&c, time(NULL));
	}

	end.how = BOARD_QUIT;
	if (stop_signal) {
		end.how = BOARD_STOPPED;
		end.signal = stop_signal;
	} else if (v.lost) {
		end.how = BOARD_LOST;
	}
	controller_free(&c);
	restore_terminal();
	delscreen(screen);
	screen = NULL;
	restore_signals(old);
	return end;
}
