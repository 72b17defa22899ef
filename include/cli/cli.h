/*
 * cli: the scripting command line, `embudo [--db PATH] [--config PATH]
 * COMMAND ...`. The same pipeline core and store the board uses, under a
 * stable contract of output formats and exit statuses.
 */
#ifndef EMBUDO_CLI_H
#define EMBUDO_CLI_H

#include "board/board.h"

/* Exit statuses: the contract scripts rely on. */
enum cli_exit {
	CLI_OK = 0,        /* done */
	CLI_REFUSED = 1,   /* refused by the pipeline rules (or a version conflict): nothing changed */
	CLI_USAGE = 2,     /* unknown command, option, stage, reason, bad number or date */
	CLI_NOT_FOUND = 3, /* no such opportunity */
	CLI_DB = 4,        /* cannot open or create, not an embudo database, newer schema, locked too long */
	CLI_CONFIG = 5     /* configuration error */
};

/* The exit status of a board session: 0 quit, 2 no usable terminal,
 * 128 + the signal that stopped it, 128 + SIGHUP for a lost terminal. */
int cli_board_status(board_end e);

/* Runs the program: with no COMMAND it opens the board. Returns the exit status. */
int cli_main(int argc, char **argv);

#endif
