/*
 * keymap: the action table and the key -> action maps, per mode.
 *
 * One table indexed by the action enum holds each action's mode, YAML name,
 * default keys, status-bar label and help text; the help screen and the
 * status bar are generated from it, never written twice. A keymap is the
 * reverse map key -> action per mode (board, form, dialog), built from the
 * defaults and then from the user's configuration. No key is hard-coded
 * anywhere else.
 *
 * Keys are ints (keymap_key): a Unicode code point for a character (control
 * characters included: C-a is 1), KEYMAP_FN | code for an ncurses KEY_*
 * code, KEYMAP_META | code point for Alt/Meta (ESC then the key).
 * Pure: no ncurses calls (key codes are plain numbers from <curses.h>).
 */
#ifndef EMBUDO_KEYMAP_H
#define EMBUDO_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef int keymap_key;
#define KEYMAP_FN 0x40000000
#define KEYMAP_META 0x20000000
#define KEYMAP_NONE 0
/* Keys other modules need by name, never as raw numbers: Esc (alone, or
 * the prefix a terminal sends before a key pressed with Alt/Meta) and Space
 * (types a space in a text field; toggles a checkbox or a choice). */
#define KEYMAP_KEY_ESC 0x1b
#define KEYMAP_KEY_SPACE 0x20

typedef enum keymap_mode {
	KEYMAP_BOARD = 0,
	KEYMAP_FORM,
	KEYMAP_DIALOG,
	KEYMAP_MODE_COUNT
} keymap_mode;

/* X-macro: ACTION(enum suffix, mode, yaml name, label, help).
 * Default keys live in keymap.c, one row per action. */
#define KEYMAP_ACTIONS(X) \
	X(FOCUS_LEFT,    KEYMAP_BOARD,  "focus-left",    "col",     "Focus the column to the left") \
	X(FOCUS_RIGHT,   KEYMAP_BOARD,  "focus-right",   "col",     "Focus the column to the right") \
	X(FOCUS_UP,      KEYMAP_BOARD,  "focus-up",      "card",    "Focus the card above") \
	X(FOCUS_DOWN,    KEYMAP_BOARD,  "focus-down",    "card",    "Focus the card below") \
	X(PAGE_UP,       KEYMAP_BOARD,  "page-up",       "page",    "One screen of cards up") \
	X(PAGE_DOWN,     KEYMAP_BOARD,  "page-down",     "page",    "One screen of cards down") \
	X(FIRST,         KEYMAP_BOARD,  "first",         "first",   "First card of the column") \
	X(LAST,          KEYMAP_BOARD,  "last",          "last",    "Last card of the column") \
	X(MOVE_FORWARD,  KEYMAP_BOARD,  "move-forward",  "advance", "Move the card one stage forward") \
	X(MOVE_BACK,     KEYMAP_BOARD,  "move-back",     "back",    "Move the card one stage back (asks for a note)") \
	X(MOVE_TO,       KEYMAP_BOARD,  "move-to",       "move",    "Move the card to a stage chosen from a list") \
	X(MOVE_FURTHEST, KEYMAP_BOARD,  "move-furthest", "furthest","Move the card forward as far as its evidence allows") \
	X(LOSE,          KEYMAP_BOARD,  "lose",          "lost",    "Mark the card lost (reason, optional note)") \
	X(REOPEN,        KEYMAP_BOARD,  "reopen",        "reopen",  "Reopen a lost card (note)") \
	X(DETAIL,        KEYMAP_BOARD,  "detail",        "detail",  "Card detail: fields, evidence, history") \
	X(CHECKLIST,     KEYMAP_BOARD,  "checklist",     "checklist","Qualification checklist of the card") \
	X(EVIDENCE,      KEYMAP_BOARD,  "evidence",      "evidence","Record evidence (commitment, approval, invoice, delivery)") \
	X(ADD,           KEYMAP_BOARD,  "add",           "add",     "Add an opportunity") \
	X(EDIT,          KEYMAP_BOARD,  "edit",          "edit",    "Edit the card") \
	X(DELETE,        KEYMAP_BOARD,  "delete",        "delete",  "Delete the card (asks; restorable)") \
	X(REORDER_UP,    KEYMAP_BOARD,  "reorder-up",    "raise",   "Move the card up within its column") \
	X(REORDER_DOWN,  KEYMAP_BOARD,  "reorder-down",  "lower",   "Move the card down within its column") \
	X(FILTER_TEXT,   KEYMAP_BOARD,  "filter-text",   "filter",  "Filter by text in title or client") \
	X(FILTER_OWNER,  KEYMAP_BOARD,  "filter-owner",  "owner",   "Filter by owner") \
	X(CLEAR_FILTER,  KEYMAP_BOARD,  "clear-filter",  "clear",   "Clear the filters") \
	X(TOGGLE_LOST,   KEYMAP_BOARD,  "toggle-lost",   "perdida", "Collapse or expand the Perdida column") \
	X(UNDO,          KEYMAP_BOARD,  "undo",          "undo",    "Undo the last change made in this session") \
	X(REFRESH,       KEYMAP_BOARD,  "refresh",       "redraw",  "Reload from the database and redraw") \
	X(MESSAGES,      KEYMAP_BOARD,  "messages",      "messages","Recent messages, whole (the line under the cards shows the last one on one line)") \
	X(REVIEW,        KEYMAP_BOARD,  "review",        "review",  "Pipeline review: each stage's figures, win rate, losses, forecast, what is late (again: back to the board)") \
	X(HELP,          KEYMAP_BOARD,  "help",          "help",    "This help") \
	X(QUIT,          KEYMAP_BOARD,  "quit",          "quit",    "Quit") \
	X(FORM_NEXT,     KEYMAP_FORM,   "next-field",    "next",    "Next field") \
	X(FORM_PREV,     KEYMAP_FORM,   "prev-field",    "prev",    "Previous field") \
	X(FORM_LEFT,     KEYMAP_FORM,   "cursor-left",   "left",    "Cursor left") \
	X(FORM_RIGHT,    KEYMAP_FORM,   "cursor-right",  "right",   "Cursor right") \
	X(FORM_HOME,     KEYMAP_FORM,   "cursor-home",   "home",    "Cursor to the start of the field (on a box or choice: first field)") \
	X(FORM_END,      KEYMAP_FORM,   "cursor-end",    "end",     "Cursor to the end of the field (on a box or choice: last field)") \
	X(FORM_BACKSPACE,KEYMAP_FORM,   "backspace",     "bksp",    "Delete the character before the cursor") \
	X(FORM_DELETE,   KEYMAP_FORM,   "delete-char",   "del",     "Delete the character under the cursor") \
	X(FORM_TOGGLE,   KEYMAP_FORM,   "toggle",        "toggle",  "Toggle a checkbox or cycle a choice") \
	X(FORM_SUBMIT,   KEYMAP_FORM,   "submit",        "save",    "Save") \
	X(FORM_CANCEL,   KEYMAP_FORM,   "cancel",        "cancel",  "Cancel without changes") \
	X(DIALOG_UP,     KEYMAP_DIALOG, "up",            "up",      "Previous item") \
	X(DIALOG_DOWN,   KEYMAP_DIALOG, "down",          "down",    "Next item") \
	X(DIALOG_TOGGLE, KEYMAP_DIALOG, "toggle",        "toggle",  "Toggle the item") \
	X(DIALOG_SELECT, KEYMAP_DIALOG, "select",        "ok",      "Choose / confirm") \
	X(DIALOG_CANCEL, KEYMAP_DIALOG, "cancel",        "close",   "Close without changes")

typedef enum keymap_action {
	KEYMAP_ACTION_NONE = -1,
#define KEYMAP_ENUM_(name, mode, yaml, label, help) KEYMAP_##name,
	KEYMAP_ACTIONS(KEYMAP_ENUM_)
#undef KEYMAP_ENUM_
	KEYMAP_ACTION_COUNT
} keymap_action;

#define KEYMAP_MAX_KEYS 6 /* keys per action */

typedef struct keymap {
	keymap_key keys[KEYMAP_ACTION_COUNT][KEYMAP_MAX_KEYS]; /* KEYMAP_NONE-terminated */
} keymap;

/* ---- the table -------------------------------------------------------- */
keymap_mode keymap_action_mode(keymap_action a);
const char *keymap_action_name(keymap_action a);  /* YAML name, e.g. "move-forward" */
const char *keymap_action_label(keymap_action a); /* status bar */
const char *keymap_action_help(keymap_action a);  /* help screen */
const char *keymap_mode_name(keymap_mode m);      /* "board", "form", "dialog" */
bool keymap_mode_parse(const char *name, keymap_mode *out);
/* The action of that YAML name in mode m, or KEYMAP_ACTION_NONE. */
keymap_action keymap_action_parse(keymap_mode m, const char *name);

/* ---- key names -------------------------------------------------------- */
/* Parses "C-x", "M-x", "S-Right", "Up", "PgDn"/"PageDown", "Enter", "Space",
 * "Tab", "S-Tab", "Esc", "Backspace", "Delete", "Home", "End", "F1".."F12",
 * a single (UTF-8) character, or an ncurses name "KEY_DC". */
bool keymap_key_parse(const char *name, keymap_key *out);
/* Canonical name of a key ("Right", "C-x", ">", "PgDn") into buf. */
const char *keymap_key_name(keymap_key k, char *buf, size_t bufsz);

/* True when k types its character into a text field: a code point that is
 * not a control character (C0, DEL, C1), a function key or an Alt/Meta key. */
bool keymap_key_is_text(keymap_key k);

/* ---- maps ------------------------------------------------------------- */
/* The defaults of the key list. */
void keymap_init_defaults(keymap *km);
/* Replaces the keys of action a (n may be 0: unbound). */
void keymap_set(keymap *km, keymap_action a, const keymap_key *keys, int n);
/* The action bound to key k in mode m, or KEYMAP_ACTION_NONE. */
keymap_action keymap_lookup(const keymap *km, keymap_mode m, keymap_key k);
/* If two actions of one mode share a key, sets *a, *b, *key and returns true. */
bool keymap_find_conflict(const keymap *km, keymap_action *a, keymap_action *b, keymap_key *key);
/* "Left h" style list of an action's keys into buf ("unbound" when none). */
const char *keymap_describe(const keymap *km, keymap_action a, char *buf, size_t bufsz);

/* ---- added by config ---------------------------------------------------- */
#define KEYMAP_NAME_MAX 32 /* longest key name, NUL included */
/* Like keymap_key_parse, but "Enter" and "Backspace" give every code a
 * terminal may send for them (LF, CR, KEY_ENTER; KEY_BACKSPACE, DEL).
 * Writes up to max keys into out; returns how many, 0 when unknown. */
int keymap_key_parse_all(const char *name, keymap_key *out, int max);
/* The names of action a's keys, grouped as keymap_key_parse_all reads them
 * back ("Enter" for LF+CR+KEY_ENTER): out[i] points into bufs[i]. Returns
 * how many (0: unbound). */
int keymap_names(const keymap *km, keymap_action a, const char **out, int max,
                 char bufs[][KEYMAP_NAME_MAX]);
/* Why key k can never reach the board, or NULL when it can. The board reads
 * keys in cbreak mode, so the terminal keeps C-s and C-q (flow control: C-s
 * freezes the screen) and C-c, C-z, C-\ (signals) for itself; binding one
 * of them would be a key that silently does nothing. */
const char *keymap_key_reserved(keymap_key k);

#endif
