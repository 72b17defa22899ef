/*
 * cli_table: the CLI's tables, fitted to the output. Rows are kept until
 * the table is printed, so every column is as wide as its widest cell (an
 * amount column as wide as the widest amount shown); when a width is
 * given (cli_output_width) and the table is wider, the columns that may be
 * cut are narrowed, lowest `cut` rank first, down to their minimum, and
 * their text ends in "…". A column of rank 0 (ids, amounts, days) is never
 * cut: a cut number is a wrong number. Text is neutralised (text.h) and
 * measured in terminal columns. Internal to src/cli*.c.
 */
#ifndef EMBUDO_CLI_TABLE_H
#define EMBUDO_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CLI_TABLE_GAP 2 /* columns between two cells */

typedef struct cli_table_col {
	const char *title;
	bool right; /* right-aligned */
	int cut;    /* 0: never cut; else narrowed before the higher ranks */
	int min;    /* the narrowest it is cut to */
} cli_table_col;

typedef struct cli_table cli_table;

/* A table of ncols columns; NULL when out of memory. */
cli_table *cli_table_new(const cli_table_col *cols, size_t ncols);
/* Appends a row (cells copied; NULL is ""), and a text printed after its
 * last cell (NULL for none), counted in the width. False when out of
 * memory (the row is not added). */
bool cli_table_add(cli_table *t, const char *const *cells, const char *suffix);
/* Prints the header and the rows, fitted to width columns (0: as wide as
 * the cells, nothing cut). */
void cli_table_print(const cli_table *t, FILE *f, int width);
void cli_table_free(cli_table *t);

/* The widths of the columns: natural[i] is the widest cell of column i,
 * extra the widest suffix; into out[], narrowed to fit width (0: no
 * limit). Ranks are narrowed in turn; within a rank the widest column
 * loses a column first. Past every minimum the table stays wider. */
void cli_table_fit(const cli_table_col *cols, size_t ncols, const int *natural, int extra,
                   int width, int *out);

/* The width a table on f must fit: $COLUMNS when it is a positive number,
 * else the terminal's width when f is a terminal, else 0 (no limit: a
 * file or a pipe gets every cell whole). */
int cli_output_width(FILE *f);

#endif
