/*
 * form: the model of a dialog form, without ncurses.
 *
 * Fields are text (wchar_t code points, with a cursor), checkboxes and
 * choices. Text fields validate on the spot (required, amount in a currency,
 * currency code, date): each edit recomputes the field's error, and a form
 * with an error cannot be submitted. The view draws a form; the controller
 * feeds it keys; tests drive it directly.
 */
#ifndef EMBUDO_FORM_H
#define EMBUDO_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "util/money.h"

#define FORM_MAX_FIELDS 12
#define FORM_TEXT_MAX 200   /* code points per text field */
#define FORM_MAX_CHOICES 8
#define FORM_MAX_INFO 10 /* an edit conflict: a header and one line per field */
#define FORM_LINE 400       /* bytes of a label, info line or message */

typedef enum form_kind {
	FORM_TEXT = 0,
	FORM_CHECK,
	FORM_CHOICE
} form_kind;

/* What a text field must hold. Empty is fine unless the field is required. */
typedef enum form_valid {
	FORM_V_TEXT = 0, /* anything */
	FORM_V_AMOUNT,   /* money_parse in the field's currency */
	FORM_V_CURRENCY, /* ISO 4217 code (any case) */
	FORM_V_DATE      /* YYYY-MM-DD */
} form_valid;

typedef struct form form;

/* Asked before a checkbox changes: false refuses, with the reason in err. */
typedef bool (*form_toggle_fn)(void *ctx, const form *f, int field, bool to,
                               char *err, size_t errlen);

typedef struct form_field {
	form_kind kind;
	char label[FORM_LINE];
	/* text */
	wchar_t text[FORM_TEXT_MAX + 1];
	int len, cursor;
	form_valid valid;
	bool required;
	int currency_field;                  /* amount: currency from that field, or -1 */
	char currency[MONEY_CODE_LEN + 1];   /* amount: fixed currency when no field */
	bool touched;                        /* edited since the form opened */
	char error[FORM_LINE];               /* "" when valid */
	/* checkbox */
	bool checked;
	/* choice: strings must outlive the form */
	const char *choices[FORM_MAX_CHOICES];
	int nchoices, choice;
} form_field;

struct form {
	char title[FORM_LINE];
	char info[FORM_MAX_INFO][FORM_LINE]; /* lines shown above the fields */
	int ninfo;
	form_field fields[FORM_MAX_FIELDS];
	int nfields, focus;
	bool submitted;          /* a save was attempted: show every error */
	bool show_progress;      /* show "checked/total" of the checkboxes */
	bool numbered;           /* digit N toggles the Nth checkbox (form_toggle_number) */
	char locked[FORM_LINE];  /* read-only when set: why, and how to change it */
	char message[FORM_LINE]; /* last refusal inside the form ("" none) */
	form_toggle_fn on_toggle;
	void *toggle_ctx;
};

void form_init(form *f, const char *title);
void form_add_info(form *f, const char *line);
/* Each returns the field's index, or -1 when the form is full. */
int form_add_text(form *f, const char *label, const char *initial, form_valid v, bool required);
int form_add_check(form *f, const char *label, bool checked);
int form_add_choice(form *f, const char *label, const char *const *choices, int n, int selected);
/* An amount field's currency: the text of field currency_field, or fixed. */
void form_amount_currency(form *f, int field, int currency_field, const char *fixed);

/* Editing the focused field. Insert refuses control characters and a full field. */
bool form_insert(form *f, wchar_t c);
void form_next(form *f);
void form_prev(form *f);
void form_left(form *f);   /* a choice cycles back */
void form_right(form *f);  /* a choice cycles forward */
/* In a text field the cursor goes to its start or end; on a checkbox or a
 * choice the focus goes to the first or last field. */
void form_home(form *f);
void form_end(form *f);
void form_backspace(form *f);
void form_delete(form *f);
/* Checkbox: asks on_toggle, then flips; choice: next option. A locked
 * form changes nothing and says why in message (editing is refused too). */
void form_toggle(form *f);
/* Focuses the nth checkbox (1-based) and toggles it; false when the form
 * has no such checkbox (message says which numbers there are). */
bool form_toggle_number(form *f, int n);

/* Recomputes every field's error; true when all are valid. */
bool form_validate(form *f);
/* A save attempt: marks submitted, validates, focuses the first bad field. */
bool form_submit(form *f);

/* The text of field i as UTF-8 (always NUL-terminated). Returns out. */
char *form_text(const form *f, int i, char *out, size_t outsz);
/* Replaces the text of field i (UTF-8 in; invalid bytes dropped). */
void form_set_text(form *f, int i, const char *utf8);
bool form_checked(const form *f, int i);
int form_choice(const form *f, int i);
/* Parses an amount field: *has false when empty. False when invalid. */
bool form_amount(const form *f, int i, bool *has, int64_t *minor);
/* Checked checkboxes and their total. */
void form_progress(const form *f, int *checked, int *total);

#endif
