/*
 * dialog: the screens the controller pushes over the board to ask
 * something: a form, a list to choose from, a yes-or-no question, a pager
 * (the detail, the help, the recent messages) and a narrowing list (the
 * owner filter). Each is a screen (board/screen.h): its state, its keys
 * (looked up in the keymap's form and dialog modes), its layout on a
 * resize; the view draws it (view_draw_*_dialog). No curses here.
 *
 * A dialog about a card remembers the card's id and version; when another
 * process changes or deletes that card while the dialog is open, the
 * controller's watch says so in the dialog's notice, drawn on its first
 * rows, before any answer is given.
 */
#ifndef EMBUDO_DIALOG_H
#define EMBUDO_DIALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "board/form.h"
#include "board/pick.h"
#include "board/screen.h"
#include "board/wrap.h"
#include "config/keymap.h"

typedef enum dialog_kind {
	DIALOG_FORM = 0,
	DIALOG_LIST,
	DIALOG_CONFIRM,
	DIALOG_PAGER,
	DIALOG_PICK
} dialog_kind;

typedef struct dialog {
	screen base;             /* first: a dialog is a screen */
	dialog_kind kind;
	const keymap *km;
	bool ok;                 /* saved, chosen, or yes; false when cancelled */
	int h, w;                /* the terminal's size (resize) */
	int64_t card_id;         /* the card it is about (0: none) ... */
	int64_t card_version;    /* ... as it was when the dialog opened */
	char notice[FORM_LINE];  /* what changed under it meanwhile ("" none) */
} dialog;

typedef struct dialog_form {
	dialog d;
	form f;
} dialog_form;

typedef struct dialog_list {
	dialog d;
	char title[FORM_LINE];
	char **items;            /* copies */
	int n, sel;
} dialog_list;

typedef struct dialog_confirm {
	dialog d;
	char question[1024];
} dialog_confirm;

typedef struct dialog_pager {
	dialog d;
	char title[FORM_LINE];
	char **lines;            /* owned (neutralised, WRAP_HANG marks) */
	int n;
	wrap_row *rows;          /* the lines wrapped to the box's width */
	int nrows, width;        /* ... that width */
	int page;                /* rows the box shows */
	int off;                 /* first row shown */
} dialog_pager;

typedef struct dialog_pick {
	dialog d;
	pick p;
	int top;                 /* first item row shown */
	int rows;                /* item rows the box shows */
} dialog_pick;

/* The dialog of screen s, NULL when s is another kind of screen. */
dialog *dialog_of(screen *s);
const dialog *dialog_of_const(const screen *s);

/* New dialogs (NULL when out of memory), to fill and push. */
dialog_form *dialog_form_new(const keymap *km, const char *title);
/* Items are copied; `selected` is selected first. */
dialog_list *dialog_list_new(const keymap *km, const char *title, const char *const *items, int n,
                             int selected);
dialog_confirm *dialog_confirm_new(const keymap *km, const char *question);
/* Takes the lines (heap strings in a heap array). */
dialog_pager *dialog_pager_new(const keymap *km, const char *title, char **lines, int n);
/* Replaces the pager's lines (live data), keeping its place. */
void dialog_pager_set_lines(dialog_pager *p, char **lines, int n);
/* A narrowing list of items (borrowed: they must outlive the dialog). */
dialog_pick *dialog_pick_new(const keymap *km, const char *title, const char *noun, char **items, int n,
                             int selected);

/* The card a dialog is about, for the watch. */
void dialog_about(dialog *d, int64_t card_id, int64_t card_version);
void dialog_set_notice(dialog *d, const char *text);

/* What the result of a dialog is: the form's fields, the list's index
 * (-1 when cancelled), the pick's item index (-1). */
int dialog_list_choice(const dialog_list *l);
int dialog_pick_choice(const dialog_pick *p);

/* A key inside a form: edits f or ends it. */
typedef enum dialog_form_result {
	DIALOG_FORM_CONTINUE = 0,
	DIALOG_FORM_SAVE,   /* submitted and valid */
	DIALOG_FORM_CANCEL
} dialog_form_result;
dialog_form_result dialog_form_key(const keymap *km, form *f, keymap_key k);
/* A key in the pager: a dialog action, or the board's page-up, page-down,
 * first, last, focus-up, focus-down, help and quit (NONE otherwise). */
keymap_action dialog_pager_action(const keymap *km, keymap_key k);

/* Where a dialog box goes on a terminal of h rows by w columns (one rule
 * for the view that draws it and the dialog that scrolls it): its width
 * (at most 80), and the rows inside its frame (above the status bar). */
int dialog_box_width(int w);
int dialog_box_inner(int h);
/* The pager's box: bw columns, `page` rows of text inside the frame. */
void dialog_pager_box(int h, int w, int *bw, int *page);
/* The narrowing list's box: bw columns, bh rows, `rows` item rows. */
void dialog_pick_box(int h, int w, int nitems, int *bw, int *bh, int *rows);

#endif
