/*
 * board_driver: a person at the board, for the controller's suites. The
 * controller pushes dialogs onto a screen stack and returns; the driver
 * answers each one on top with keys of the keymap, as the person would
 * (a form is filled, then Enter; a list is walked with Down and Up, then
 * Enter; Esc closes), until no dialog is left. The answers are scripted
 * by the test; what the dialogs showed is kept for its assertions. No
 * terminal: nothing is drawn.
 */
#ifndef EMBUDO_BOARD_DRIVER_H
#define EMBUDO_BOARD_DRIVER_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "board/controller.h"
#include "board/dialog.h"
#include "board/screen.h"
#include "board/wrap.h"

/* Fills a form as typed; false presses Esc instead of Enter. */
typedef bool (*driver_fill)(form *f);

#define DRIVER_INFO (FORM_MAX_INFO * FORM_LINE)

typedef struct driver {
	screen_stack stack;
	const keymap *km;
	/* the answers, in order: forms, lists, questions, narrowing lists */
	driver_fill fills[8];
	int nfills, forms;
	int choices[8];          /* an index, or -1 for Esc */
	int nchoices, chosen;
	bool answers[8];
	int nanswers, asked;
	const char *type;        /* typed into a narrowing list, then Enter (NULL: Esc) */
	int picks;
	/* what the dialogs showed */
	char last_form_title[FORM_LINE];
	char last_info[DRIVER_INFO];
	char infos[8][DRIVER_INFO]; /* the info lines of each form shown */
	int ninfos;
	char notices[DRIVER_INFO];  /* every notice a dialog showed */
	char pager_title[FORM_LINE];
	char pager_text[65536];
	int pager_lines, pagers;
	char offered[4096];      /* the narrowing list's items and notes */
} driver;

static inline void driver_init(driver *d, const keymap *km)
{
	memset(d, 0, sizeof *d);
	screen_stack_init(&d->stack, 24, 80);
	d->km = km;
}

static inline void driver_free(driver *d)
{
	screen_stack_free(&d->stack);
}

static inline void driver_expect(driver *d, driver_fill fn)
{
	d->fills[d->nfills++] = fn;
}

static inline void driver_choose(driver *d, int index)
{
	d->choices[d->nchoices++] = index;
}

static inline void driver_answer_yes(driver *d, bool yes)
{
	d->answers[d->nanswers++] = yes;
}

/* The first key bound to action a. */
static inline keymap_key driver_key_of(const driver *d, keymap_action a)
{
	keymap_key k = d->km->keys[a][0];
	ck_assert_msg(k != KEYMAP_NONE, "no key for %s", keymap_action_name(a));
	return k;
}

static inline void driver_press(driver *d, keymap_action a)
{
	screen_stack_key(&d->stack, driver_key_of(d, a));
}

static inline void driver_form(driver *d, dialog_form *df)
{
	form *f = &df->f;
	snprintf(d->last_form_title, sizeof d->last_form_title, "%s", f->title);
	d->last_info[0] = '\0';
	for (int i = 0; i < f->ninfo; i++) {
		strncat(d->last_info, f->info[i], sizeof d->last_info - strlen(d->last_info) - 2);
		strcat(d->last_info, "\n");
	}
	if (d->ninfos < 8)
		snprintf(d->infos[d->ninfos++], sizeof d->infos[0], "%s", d->last_info);
	if (d->forms >= d->nfills || !d->fills[d->forms++](f)) {
		driver_press(d, KEYMAP_FORM_CANCEL);
		return;
	}
	driver_press(d, KEYMAP_FORM_SUBMIT);
	/* Enter refuses to save while a field is invalid: then Esc. */
	if (screen_top(&d->stack) == &df->d.base)
		driver_press(d, KEYMAP_FORM_CANCEL);
}

static inline void driver_list(driver *d, dialog_list *l)
{
	int want = d->chosen < d->nchoices ? d->choices[d->chosen++] : -1;
	if (want < 0 || want >= l->n) {
		driver_press(d, KEYMAP_DIALOG_CANCEL);
		return;
	}
	while (l->sel < want)
		driver_press(d, KEYMAP_DIALOG_DOWN);
	while (l->sel > want)
		driver_press(d, KEYMAP_DIALOG_UP);
	driver_press(d, KEYMAP_DIALOG_SELECT);
}

static inline void driver_pager(driver *d, dialog_pager *p)
{
	d->pagers++;
	d->pager_lines = p->n;
	snprintf(d->pager_title, sizeof d->pager_title, "%s", p->title);
	size_t len = 0;
	d->pager_text[0] = '\0';
	for (int i = 0; i < p->n; i++) {
		/* As the view does: the hanging-indent mark is not shown. */
		for (const char *c = p->lines[i]; *c && len + 2 < sizeof d->pager_text; c++)
			if (*c != WRAP_HANG)
				d->pager_text[len++] = *c;
		d->pager_text[len++] = '\n';
		d->pager_text[len] = '\0';
	}
	driver_press(d, KEYMAP_DIALOG_CANCEL);
}

/* Types d->type into the list (each character narrows it and keeps it
 * open), then Enter; Esc when nothing is left to choose. */
static inline void driver_pick(driver *d, dialog_pick *dp)
{
	const pick *p = &dp->p;
	d->picks++;
	size_t len = 0;
	d->offered[0] = '\0';
	for (int i = 0; i < p->n; i++)
		len += (size_t)snprintf(d->offered + len, sizeof d->offered - len, "%s [%s]\n", p->items[i],
		                        p->note ? p->note(p->note_ctx, i) : "");
	if (!d->type) {
		driver_press(d, KEYMAP_DIALOG_CANCEL);
		return;
	}
	for (const char *t = d->type; *t; t++) {
		screen_stack_key(&d->stack, (unsigned char)*t);
		ck_assert_msg(screen_top(&d->stack) == &dp->d.base, "typing '%c' closed the list", *t);
	}
	driver_press(d, KEYMAP_DIALOG_SELECT);
	if (screen_top(&d->stack) == &dp->d.base)
		driver_press(d, KEYMAP_DIALOG_CANCEL);
}

/* Answers every dialog the controller pushed, and the ones their answers
 * push, until none is left. */
static inline void driver_answer(driver *d)
{
	for (int turns = 0; d->stack.n > 0; turns++) {
		ck_assert_msg(turns < 64, "a dialog does not close");
		dialog *g = dialog_of(screen_top(&d->stack));
		ck_assert_msg(g != NULL, "not a dialog on top");
		if (g->notice[0])
			strncat(d->notices, g->notice, sizeof d->notices - strlen(d->notices) - 1);
		switch (g->kind) {
		case DIALOG_FORM: driver_form(d, (dialog_form *)g); break;
		case DIALOG_LIST: driver_list(d, (dialog_list *)g); break;
		case DIALOG_CONFIRM:
			driver_press(d, d->asked < d->nanswers && d->answers[d->asked++] ? KEYMAP_DIALOG_SELECT
			                                                                  : KEYMAP_DIALOG_CANCEL);
			break;
		case DIALOG_PAGER: driver_pager(d, (dialog_pager *)g); break;
		case DIALOG_PICK: driver_pick(d, (dialog_pick *)g); break;
		}
	}
}

/* A board action, then every dialog it opens answered. */
static inline void driver_do(driver *d, controller *c, keymap_action a)
{
	controller_do(c, a);
	driver_answer(d);
}

/* A key on the board, then every dialog it opens answered. */
static inline bool driver_key(driver *d, controller *c, keymap_key k)
{
	bool bound = controller_key(c, k);
	driver_answer(d);
	return bound;
}

#endif
