/*
 * board: the interactive ncurses board. Owns the terminal's life: locale,
 * initscr/endwin on every exit path, signals (SIGHUP, SIGTERM, SIGINT and
 * SIGQUIT set a flag), the input loop, live refresh from other processes.
 */
#ifndef EMBUDO_BOARD_H
#define EMBUDO_BOARD_H

#include "config.h"
#include "store.h"

/* Runs the board on an open store until the user quits or a signal or a
 * lost terminal ends it. Returns an exit status (cli.h). Restores the
 * terminal before returning, errors included. */
int board_run(store *st, const config *cfg);

/* True once SIGHUP, SIGTERM, SIGINT or SIGQUIT arrived (set by the handlers only). */
bool board_stop_requested(void);

#endif
