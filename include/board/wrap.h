/*
 * wrap: text cut into screen rows, measured in columns (wide characters
 * count two, a replaced byte one), without curses. The view draws the
 * rows; the pager lays itself out with them when the terminal's width
 * changes, so its scrolling is known before anything is drawn.
 */
#ifndef EMBUDO_WRAP_H
#define EMBUDO_WRAP_H

#include <stdbool.h>

#define WRAP_ROW 512 /* bytes of one row, its NUL included */

/* A line of a pager's text may hold one WRAP_HANG: the column where its
 * wrapped continuation rows start (the mark is not shown). Every line is
 * neutralised before it gets here, so a tab is never text. */
#define WRAP_HANG '\t'

/* Splits text (neutralised here) into lines of at most width columns, at
 * spaces where it can. Returns the number of lines written (at most max,
 * at least one). */
int wrap_text(const char *text, int width, char lines[][WRAP_ROW], int max);

/* The pager's screen rows: lines wrapped at spaces to width columns. A
 * line with a WRAP_HANG mark continues under the text after the mark (the
 * help's descriptions, the detail's values); another continues four
 * columns past its own indent. Heap array (free it); the count in *out_n. */
typedef struct wrap_row {
	char text[WRAP_ROW];
	bool head; /* from a line that starts at the margin (a heading) */
} wrap_row;
wrap_row *wrap_pager_rows(char *const *lines, int n, int width, int *out_n);

#endif
