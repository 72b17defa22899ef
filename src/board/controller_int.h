/* Shared between the controller_*.c files; not part of the interface. */
#ifndef EMBUDO_CONTROLLER_INT_H
#define EMBUDO_CONTROLLER_INT_H

#include "board/controller.h"

/* Reports a store result as the status message; a conflict reloads. True on OK. */
bool controller_report(controller *c, store_status s, const pipeline_refusal *why, const char *what);
/* The refusal as one line of requirement texts. */
void controller_refusal_text(const controller *c, const pipeline_refusal *why, char *buf, size_t bufsz);
void controller_push_undo(controller *c, const controller_undo *u);
/* The selected card, or NULL after saying the column is empty. */
const store_card *controller_need_card(controller *c);
/* Focus follows a card to its column. */
void controller_follow(controller *c, pipeline_stage s, int64_t id);
/* The card's title, neutralised, for messages. */
void controller_card_name(const char *title, char *buf, size_t bufsz);
/* Shows f; false when it was cancelled or there is no screen to show it on. */
bool controller_show_form(controller *c, form *f);
/* A one-line text prompt; false when cancelled. */
bool controller_ask_text(controller *c, const char *title, const char *info, const char *label,
                         bool required, char *out, size_t outsz);

/* controller_move.c */
void controller_move_to(controller *c, pipeline_stage to);
void controller_move_forward(controller *c);
void controller_move_back(controller *c);
void controller_move_pick(controller *c);
void controller_move_furthest(controller *c);
void controller_lose(controller *c);
void controller_reopen(controller *c);
void controller_checklist(controller *c);
void controller_evidence(controller *c);

/* controller_edit.c */
void controller_add(controller *c);
void controller_edit(controller *c);
void controller_delete(controller *c);
void controller_reorder(controller *c, int delta);
void controller_filter_text(controller *c);
void controller_clear_filter(controller *c);
/* Sets a filter (value, of size bytes) to v, reloads from the top and
 * says how many cards it leaves. */
void controller_set_filter(controller *c, char *value, size_t size, const char *v);
void controller_undo_last(controller *c);
void controller_undo_free(controller_undo *u);

/* controller_pick.c */
void controller_filter_owner(controller *c);

/* controller_text.c */
void controller_detail(controller *c);
void controller_help(controller *c);
void controller_messages(controller *c);

#endif
