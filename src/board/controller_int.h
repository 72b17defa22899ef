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

/* ---- asking: dialogs with continuations (controller.c) -------------------- */

/* Pushes dialog d (NULL: out of memory, said) with its continuation:
 * done(ctx, the closed dialog) runs once it is answered and owns ctx;
 * ctx_free frees ctx when the board ends first. False when d cannot open
 * (out of memory, no screen to show it on): then ctx is still the
 * caller's, and nothing was asked, as if cancelled. */
bool controller_open(controller *c, dialog *d, screen_fn done, void *ctx, void (*ctx_free)(void *));
/* Makes d watch card id at version ver; merges: saving opens the form
 * again over the other person's version (the edit form). */
void controller_watch(controller *c, dialog *d, int64_t id, int64_t ver, bool merges);
/* A one-line text form (info above it, the field is field 0), not yet open. */
dialog_form *controller_text_form(controller *c, const char *title, const char *info, const char *label,
                                  bool required);
/* The text of a closed text form. */
void controller_form_text(screen *s, char *out, size_t outsz);
/* The form of a closed form dialog and whether it was saved. */
form *controller_form_of(screen *s, bool *saved);

/* A continuation's context that is a plain heap block. */
void controller_free_ctx(void *ctx);

/* controller_move.c */
void controller_move_to(controller *c, pipeline_stage to);
void controller_move_forward(controller *c);
void controller_move_back(controller *c);
void controller_move_pick(controller *c);
void controller_move_furthest(controller *c);
void controller_lose(controller *c);
void controller_reopen(controller *c);

/* controller_forms.c: the forms that record evidence. The form of kind k
 * for card id at version ver; when it closes, then(ctx, how it ended, the
 * card's version now) runs; then_free frees ctx if the board ends first.
 * why (may be NULL) is the refusal that opened it: its info names what is
 * missing and the forms that follow. controller_stage_form opens the form
 * of stage s's entry evidence (the catalogue's). */
typedef enum controller_end {
	CONTROLLER_SAVED = 0,  /* written (its message said what) */
	CONTROLLER_CANCELLED,  /* closed without a change */
	CONTROLLER_FAILED      /* the write failed, and the message said why */
} controller_end;
typedef void (*controller_then)(void *ctx, controller_end end, int64_t version);
void controller_evidence_form(controller *c, pipeline_evidence_kind k, int64_t id, int64_t ver,
                              const char *currency, const pipeline_refusal *why, controller_then then,
                              void *ctx, void (*then_free)(void *));
void controller_stage_form(controller *c, pipeline_stage s, int64_t id, int64_t ver, const char *currency,
                           const pipeline_refusal *why, controller_then then, void *ctx,
                           void (*then_free)(void *));
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
