/* Shared between the view_*.c files; not part of the interface. */
#ifndef EMBUDO_VIEW_INT_H
#define EMBUDO_VIEW_INT_H

#include "board/view.h"
#include "board/wrap.h"

/* Draws text (neutralised, cut to width with an ellipsis) at y,x in role r,
 * padding with spaces to width. */
void view_put(view *v, int y, int x, int width, theme_role r, const char *text);
/* Same with extra attributes. */
void view_put_attr(view *v, int y, int x, int width, attr_t a, const char *text);
/* A frame around a box, with a title. */
void view_box(view *v, int y, int x, int h, int w, const char *title);

/* The line above the status bar: the message, else the filters in
 * effect; on the board (board) also what to do on an empty board and the
 * total line on the right. */
void view_message_line(view *v, const model *m, bool board);
/* "Terminal too small: ..." in the middle of the screen. */
void view_too_small(view *v);

#endif
