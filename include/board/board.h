/*
 * board: the interactive ncurses board. Owns the terminal's life: locale,
 * initscr/endwin on every exit path, signals (SIGHUP, SIGTERM, SIGINT and
 * SIGQUIT set a flag), the input loop, live refresh from other processes.
 */
#ifndef EMBUDO_BOARD_H
#define EMBUDO_BOARD_H

#include "config/config.h"
#include "store/store.h"

/* How a board session ended (the CLI turns it into an exit status). */
typedef enum board_how {
	BOARD_QUIT = 0,    /* the user quit */
	BOARD_NO_TERMINAL, /* no terminal, or one that cannot show the board (said on stderr) */
	BOARD_STOPPED,     /* a signal asked it to stop: see `signal` */
	BOARD_LOST         /* the terminal went away (EOF on input) */
} board_how;

typedef struct board_end {
	board_how how;
	int signal; /* BOARD_STOPPED: SIGHUP, SIGTERM, SIGINT or SIGQUIT */
} board_end;

/* Runs the board on an open store until the user quits or a signal or a
 * lost terminal ends it. Restores the terminal before returning, errors
 * included. */
board_end board_run(store *st, const config *cfg);

/* True once SIGHUP, SIGTERM, SIGINT or SIGQUIT arrived (set by the handlers only). */
bool board_stop_requested(void);

#endif
