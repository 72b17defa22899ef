/*
 * pick: a list that narrows as the person types: the items whose folded
 * text (text_fold: case and accents ignored) contains the folded query.
 * Pure state and keys (no curses): the pick dialog (dialog.h) holds one,
 * the view draws it, tests drive it directly.
 */
#ifndef EMBUDO_PICK_H
#define EMBUDO_PICK_H

#include <stdbool.h>

#include "config/keymap.h"

#define PICK_QUERY_LEN 128

typedef struct pick {
	const char *title;
	const char *noun;          /* what an item is, for "No owner contains ..." */
	char **items;              /* what is matched and shown (owned by the caller) */
	int n;
	char query[PICK_QUERY_LEN];
	char **folded;             /* items folded once */
	int *shown;                /* indices of the matching items, in order */
	int nshown;
	int sel;                   /* index into shown, -1 when nothing matches */
	/* The note drawn after item i (its card count): asked only for the
	 * rows on screen, so a long list costs the rows shown. May be NULL. */
	const char *(*note)(void *note_ctx, int i);
	void *note_ctx;
} pick;

/* A narrowing list of items (borrowed, not copied), item `selected`
 * first selected. False when out of memory. */
bool pick_init(pick *p, const char *title, const char *noun, char **items, int n, int selected);
void pick_free(pick *p);

typedef enum pick_result {
	PICK_CONTINUE = 0,
	PICK_CHOSEN,   /* pick_choice says which */
	PICK_CANCEL
} pick_result;
/* A key: a character types into the query (letters such as j, k and q
 * too), the form's backspace keys erase, the dialog's up and down keys
 * move, select chooses the item under the selection (nothing when none
 * matches) and cancel (Esc) closes. */
pick_result pick_key(const keymap *km, pick *p, keymap_key k);
/* The chosen item: its index in p->items, -1 when nothing matches. */
int pick_choice(const pick *p);

#endif
