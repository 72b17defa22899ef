/*
 * board: the terminal's life around the input loop (loop.c).
 *
 * Signal handlers (SIGHUP, SIGTERM, SIGINT, SIGQUIT) only set a flag; the
 * loop (loop.c) notices it within one key timeout (get_wch returns EINTR: no
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

#include "board/loop.h"
#include "util/text.h"

static volatile sig_atomic_t stop_signal;
static bool curses_active;
static SCREEN *terminal;

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
	terminal = newterm(NULL, stdout, stdin);
	if (!terminal) {
		restore_signals(old);
		const char *term = getenv("TERM");
		fprintf(stderr, "embudo: cannot open the terminal (TERM=%s); set TERM to your terminal type\n",
		        term ? term : "");
		return end;
	}
	set_term(terminal);
	curses_active = true;
	/* A terminal that cannot place the cursor (TERM=dumb, a hard-copy
	 * type) would show a blank board: say so instead. */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (const char *)-1) {
		const char *term = getenv("TERM");
		restore_terminal();
		delscreen(terminal);
		terminal = NULL;
		restore_signals(old);
		fprintf(stderr, "embudo: the terminal type TERM=%s cannot place the cursor, so it cannot "
		        "show the board; set TERM to your terminal (e.g. xterm-256color), or use a "
		        "command (embudo --help)\n", term ? term : "");
		return end;
	}
	set_escdelay(25);
	/* Until a screen has once been left (endwin) and drawn again, ncurses
	 * takes it for a terminfo program's and flushes its output at every
	 * cursor movement: the first frame went out in some 80 writes of a
	 * line each, a move's frame in as many of a few bytes, each one a
	 * wake-up of the terminal (a packet over SSH). Left and entered again
	 * now, before anything is drawn, a frame is one write or two. */
	endwin();
	doupdate();

	board_loop *l = malloc(sizeof *l);
	if (!l) {
		restore_terminal();
		delscreen(terminal);
		terminal = NULL;
		restore_signals(old);
		fputs("embudo: out of memory for the board\n", stderr);
		return end;
	}
	board_loop_init(l, st, cfg, board_stop_requested);
	while (board_loop_step(l))
		;

	end.how = BOARD_QUIT;
	if (stop_signal) {
		end.how = BOARD_STOPPED;
		end.signal = stop_signal;
	} else if (l->v.lost) {
		end.how = BOARD_LOST;
	}
	board_loop_free(l);
	free(l);
	restore_terminal();
	delscreen(terminal);
	terminal = NULL;
	restore_signals(old);
	return end;
}
