/* controller: moves, losses and reopening. A refused move opens the forms
 * that supply what it lacks, one after another: a chain of continuations
 * (move_chain), each form's answer taking the move one step further. */
#include "controller_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_BYTES (FORM_TEXT_MAX * 4 + 1)

/* The refusal in a few words: "criteria 1, 3; commitment; invoice". */
static void missing_short(const pipeline_refusal *why, char *buf, size_t bufsz)
{
	size_t n = 0;
	int crit = 0;
	buf[0] = '\0';
	for (int i = 0; why && i < why->count; i++) {
		int r = (int)why->items[i] - (int)PIPELINE_REQ_CRITERION_1;
		const char *sep = crit ? ", " : n ? "; criteria " : "criteria ";
		bool is_crit = r >= 0 && r < PIPELINE_CRITERIA;
		int w = is_crit ? snprintf(buf + n, bufsz - n, "%s%d", sep, r + 1)
		                : snprintf(buf + n, bufsz - n, "%s%s", n ? "; " : "",
		                           pipeline_req_code(why->items[i]));
		crit = is_crit ? crit + 1 : 0;
		if (w < 0 || (size_t)w >= bufsz - n)
			break;
		n += (size_t)w;
	}
}

/* The rules' view of card id as stored now; false after saying why not. */
static bool card_state(controller *c, int64_t id, pipeline_state *ps, const char *what)
{
	store_opp o;
	if (!controller_report(c, store_get(c->st, id, &o), NULL, what))
		return false;
	store_opp_state(&o, ps);
	store_opp_free(&o);
	return true;
}

/* " Its evidence allows X: press M to move it there." when card ps may
 * move forward without new evidence ("" otherwise): the furthest stage
 * comes from the rules, the key from the keymap. */
static void furthest_offer(const controller *c, const pipeline_state *ps, char *buf, size_t bufsz)
{
	pipeline_stage far = pipeline_furthest_allowed(ps);
	buf[0] = '\0';
	if (far >= PIPELINE_STAGE_COUNT || far == ps->stage)
		return;
	char keys[64];
	keymap_action a = KEYMAP_MOVE_FURTHEST;
	if (c->cfg->keys.keys[a][0] == KEYMAP_NONE)
		a = KEYMAP_MOVE_TO; /* unbound: the stage list reaches it too */
	keymap_describe(&c->cfg->keys, a, keys, sizeof keys);
	snprintf(buf, bufsz, " Its evidence allows %s: press %s to move it there%s.", pipeline_stage_name(far),
	         keys, a == KEYMAP_MOVE_TO ? " (pick it from the list)" : "");
}

/* A move of several stages cut short (a form cancelled, or saved without
 * all it needs): nothing moved, and what the forms saved stays (`saved`,
 * their messages, ends the message). The card is read again, so the
 * message names only what is still missing now and offers, one key away,
 * the move the evidence now allows (all or nothing, like every move). */
static void chain_cut_short(controller *c, int64_t id, pipeline_stage to, const char *saved, bool cancelled)
{
	pipeline_state ps;
	if (!card_state(c, id, &ps, "Move"))
		return;
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	pipeline_plan_move(&ps, to, false, NULL, &why);
	char few[512], offer[400], missing[600] = "";
	missing_short(&why, few, sizeof few);
	if (few[0])
		snprintf(missing, sizeof missing, "; still missing: %s", few);
	furthest_offer(c, &ps, offer, sizeof offer);
	/* What to do next first: a short screen cuts the end. */
	controller_say(c, true, "Not moved to %s%s%s.%s%s%s", pipeline_stage_name(to),
	               cancelled ? " (form cancelled)" : "", missing, offer, saved[0] ? " " : "", saved);
}

/* ---- the move chain ---------------------------------------------------------- */

/* A move under way: each round either completes it or supplies what the
 * store said is missing, one form at a time; a stage's form is never
 * opened twice. */
typedef struct move_chain {
	controller *c;
	int64_t id, ver;
	pipeline_stage from, to;
	char name[256], currency[MONEY_CODE_LEN + 1], note[NOTE_BYTES];
	bool has_note;
	bool tried[PIPELINE_STAGE_COUNT];
	char saved[MODEL_MESSAGE_LEN];   /* what the forms of this move saved */
	pipeline_refusal why;            /* this round's refusal ... */
	char all[1024];                  /* ... as text */
	int next;                        /* the next requirement of it to look at */
	bool opened;                     /* a form was opened this round */
	int round;
} move_chain;

static void chain_round(move_chain *mc);
static void chain_forms(move_chain *mc);

static void chain_end(move_chain *mc)
{
	free(mc);
}

static void chain_drop(void *ctx)
{
	chain_end(ctx);
}

/* The note a move back asks for, given (or not). */
static void chain_note(void *ctx, screen *s)
{
	move_chain *mc = ctx;
	bool saved;
	controller_form_of(s, &saved);
	if (!saved) {
		controller_say(mc->c, false, "Move cancelled: nothing changed.");
		chain_end(mc);
		return;
	}
	controller_form_text(s, mc->note, sizeof mc->note);
	mc->has_note = true;
	chain_round(mc);
}

/* An evidence form of the chain closed. A failed write has said why; a
 * cancelled form leaves what the others saved, and says so. */
static void chain_form(void *ctx, controller_end end, int64_t version)
{
	move_chain *mc = ctx;
	controller *c = mc->c;
	mc->ver = version;
	if (end != CONTROLLER_SAVED) {
		if (end == CONTROLLER_CANCELLED)
			chain_cut_short(c, mc->id, mc->to, mc->saved, true);
		chain_end(mc);
		return;
	}
	size_t n = strlen(mc->saved);
	if (n && n + 1 < sizeof mc->saved)
		mc->saved[n++] = ' ';
	size_t m = strlen(c->model.message);
	if (m > sizeof mc->saved - n - 1)
		m = sizeof mc->saved - n - 1;
	memcpy(mc->saved + n, c->model.message, m);
	mc->saved[n + m] = '\0';
	chain_forms(mc);
}

/* The round's refusal, requirement by requirement: the form of the next
 * stage not tried yet, in chain order (the refusal lists them so); when
 * none is left, the next round, or the end. */
static void chain_forms(move_chain *mc)
{
	controller *c = mc->c;
	while (mc->next < mc->why.count) {
		pipeline_stage es = pipeline_req_stage(mc->why.items[mc->next++]);
		if (es >= PIPELINE_STAGE_COUNT || mc->tried[es])
			continue;
		mc->tried[es] = true;
		mc->opened = true;
		model_unsay(&c->model);
		controller_stage_form(c, es, mc->id, mc->ver, mc->currency, &mc->why, chain_form, mc, chain_drop);
		return;
	}
	if (mc->opened) {
		chain_round(mc);
		return;
	}
	/* Nothing a form can supply (a lost card, the same stage...). */
	bool supplied = false;
	for (int i = 0; i < mc->why.count; i++) {
		pipeline_stage es = pipeline_req_stage(mc->why.items[i]);
		supplied = supplied || (es < PIPELINE_STAGE_COUNT && mc->tried[es]);
	}
	if (supplied) {
		/* Its form was saved without all it needs (a checklist with
		 * boxes left unticked). */
		chain_cut_short(c, mc->id, mc->to, mc->saved, false);
	} else if (pipeline_refusal_has(&mc->why, PIPELINE_REQ_REOPEN)) {
		char keys[64];
		keymap_describe(&c->cfg->keys, KEYMAP_REOPEN, keys, sizeof keys);
		controller_say(c, true, "%s Press %s to reopen it.", mc->all, keys);
	} else {
		controller_say(c, true, "Move refused: %s", mc->all);
	}
	chain_end(mc);
}

/* One try of the move: done, or the round of forms its refusal asks for. */
static void chain_round(move_chain *mc)
{
	controller *c = mc->c;
	if (mc->round++ >= PIPELINE_STAGE_COUNT + 2) {
		controller_say(c, true, "Move to %s not done.", pipeline_stage_name(mc->to));
		chain_end(mc);
		return;
	}
	pipeline_refusal_clear(&mc->why);
	store_status s = store_move(c->st, mc->id, mc->ver, mc->to, mc->has_note ? mc->note : NULL, &mc->why);
	if (s == STORE_OK) {
		controller_undo u = { .kind = CONTROLLER_UNDO_MOVE, .id = mc->id, .version = mc->ver + 1,
		                      .from = mc->from, .to = mc->to };
		controller_push_undo(c, &u);
		controller_follow(c, mc->to, mc->id);
		c->changed = 1u << mc->from | 1u << mc->to;
		controller_say(c, false, "Moved %s to %s.", mc->name, pipeline_stage_name(mc->to));
		chain_end(mc);
		return;
	}
	if (s != STORE_REFUSED) {
		controller_report(c, s, &mc->why, "Move");
		chain_end(mc);
		return;
	}
	if (pipeline_refusal_has(&mc->why, PIPELINE_REQ_REASON)) {
		/* Into Perdida: the reason is picked in the loss dialog. */
		chain_end(mc);
		controller_lose(c);
		return;
	}
	controller_refusal_text(c, &mc->why, mc->all, sizeof mc->all);
	if (pipeline_refusal_has(&mc->why, PIPELINE_REQ_NOTE) && !mc->has_note) {
		char title[FORM_LINE], info[FORM_LINE];
		/* The destination goes in the text: a long title is cut. */
		snprintf(title, sizeof title, "Move back: %s", mc->name);
		snprintf(info, sizeof info, "Moving back needs a note: why? Back to %s.", pipeline_stage_name(mc->to));
		dialog_form *df = controller_text_form(c, title, info, "Note", true);
		controller_watch(c, df ? &df->d : NULL, mc->id, mc->ver, false);
		if (!controller_open(c, df ? &df->d : NULL, chain_note, mc, chain_drop)) {
			controller_say(c, false, "Move cancelled: nothing changed.");
			chain_end(mc);
		}
		return;
	}
	mc->next = 0;
	mc->opened = false;
	chain_forms(mc);
}

void controller_move_to(controller *c, pipeline_stage to)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	move_chain *mc = calloc(1, sizeof *mc);
	if (!mc) {
		controller_say(c, true, "Move not done: out of memory.");
		return;
	}
	mc->c = c;
	mc->id = k->id;
	mc->ver = k->version;
	mc->from = k->stage;
	mc->to = to;
	controller_card_name(k->title, mc->name, sizeof mc->name);
	snprintf(mc->currency, sizeof mc->currency, "%s", k->currency);
	chain_round(mc);
}

/* ---- one stage, a stage from a list, as far as allowed -------------------- */

/* No stage on that side of the card: the rules say why. A lost card is left
 * only by reopening (pipeline_plan_reopen accepts it); any other card is at
 * the end of the flow on that side. */
static void no_neighbour(controller *c, const store_card *k, bool forward)
{
	pipeline_state ps = { .stage = k->stage };
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	if (pipeline_plan_reopen(&ps, true, &why)) {
		char all[512], keys[64];
		pipeline_refusal_add(&why, PIPELINE_REQ_REOPEN);
		controller_refusal_text(c, &why, all, sizeof all);
		keymap_describe(&c->cfg->keys, KEYMAP_REOPEN, keys, sizeof keys);
		controller_say(c, true, "%s Press %s to reopen it.", all, keys);
		return;
	}
	controller_say(c, true, "%s is the %s stage of the flow: there is no stage %s it.",
	               pipeline_stage_name(k->stage), forward ? "last" : "first",
	               forward ? "after" : "before");
}

/* One stage forward or back in the flow order of pipeline.h. */
static void move_one(controller *c, bool forward)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	pipeline_stage to = forward ? pipeline_next_stage(k->stage) : pipeline_prev_stage(k->stage);
	if (to == PIPELINE_STAGE_COUNT)
		no_neighbour(c, k, forward);
	else
		controller_move_to(c, to);
}

void controller_move_forward(controller *c)
{
	move_one(c, true);
}

void controller_move_back(controller *c)
{
	move_one(c, false);
}

typedef struct card_ref {
	controller *c;
	int64_t id;
} card_ref;

static void move_picked(void *ctx, screen *s)
{
	card_ref *r = ctx;
	controller *c = r->c;
	int to = dialog_list_choice((dialog_list *)dialog_of(s));
	int64_t id = r->id;
	free(r);
	if (to < 0)
		return;
	/* The board reloads under the list when others write: same card still? */
	const store_card *k = controller_selected(c);
	if (!k || k->id != id) {
		controller_say(c, true, "Not moved: the card changed place meanwhile (someone else moved it?). "
		               "Look and try again.");
		return;
	}
	/* Perdida too: the rules ask for a reason, and move_to opens the loss
	 * dialog that supplies it. */
	controller_move_to(c, (pipeline_stage)to);
}

void controller_move_pick(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	const char *items[PIPELINE_STAGE_COUNT];
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		items[s] = pipeline_stage_name((pipeline_stage)s);
	card_ref *r = malloc(sizeof *r);
	if (!r) {
		controller_say(c, true, "Move not done: out of memory.");
		return;
	}
	*r = (card_ref){ c, k->id };
	dialog_list *l = dialog_list_new(&c->cfg->keys, "Move to stage", items, PIPELINE_STAGE_COUNT, (int)k->stage);
	controller_watch(c, l ? &l->d : NULL, k->id, k->version, false);
	if (!controller_open(c, l ? &l->d : NULL, move_picked, r, controller_free_ctx))
		free(r);
}

/* As far forward as the card's evidence allows, in one all-or-nothing
 * move; never a form: what the next stage lacks is named instead. */
void controller_move_furthest(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	pipeline_state ps;
	if (!card_state(c, k->id, &ps, "Move"))
		return;
	pipeline_stage far = pipeline_furthest_allowed(&ps);
	pipeline_stage next = pipeline_next_stage(ps.stage);
	if (far == PIPELINE_STAGE_COUNT || far == PIPELINE_PERDIDA || next == PIPELINE_STAGE_COUNT) {
		no_neighbour(c, k, true);
		return;
	}
	if (far != ps.stage) {
		controller_move_to(c, far);
		return;
	}
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	pipeline_plan_move(&ps, next, false, NULL, &why);
	char name[256], few[512], keys[64];
	controller_card_name(k->title, name, sizeof name);
	missing_short(&why, few, sizeof few);
	keymap_describe(&c->cfg->keys, KEYMAP_MOVE_FORWARD, keys, sizeof keys);
	controller_say(c, true, "Not moved: %s has no evidence for %s yet (missing: %s); %s opens its form.",
	               name, pipeline_stage_name(next), few, keys);
}

/* ---- lose and reopen ---------------------------------------------------------- */

typedef bool (*plan_fn)(const pipeline_state *s, bool has, pipeline_refusal *why);

/* The selected card when the rules let `plan` (lose, reopen) start on it,
 * its reason or note taken as given; else says why and returns NULL. */
static const store_card *card_for(controller *c, plan_fn plan, const char *what)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return NULL;
	pipeline_state ps = { .stage = k->stage };
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	if (!plan(&ps, true, &why)) {
		controller_report(c, STORE_REFUSED, &why, what);
		return NULL;
	}
	return k;
}

/* A loss or a reopening under way: the card, and what was answered. */
typedef struct card_step {
	controller *c;
	int64_t id, ver;
	pipeline_stage from;
	char name[256];
	pipeline_loss reason;
	controller_undo undo;     /* reopen: the loss to restore on undo */
} card_step;

static void step_drop(void *ctx)
{
	card_step *k = ctx;
	free(k->undo.note);
	free(k);
}

static void lose_noted(void *ctx, screen *s)
{
	card_step *k = ctx;
	controller *c = k->c;
	bool saved;
	controller_form_of(s, &saved);
	if (!saved) {
		controller_say(c, false, "Not marked lost: nothing changed.");
		step_drop(k);
		return;
	}
	char note[NOTE_BYTES];
	controller_form_text(s, note, sizeof note);
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	store_status r = store_lose(c->st, k->id, k->ver, k->reason, note[0] ? note : NULL, &why);
	if (controller_report(c, r, &why, "Marking lost")) {
		controller_undo u = { .kind = CONTROLLER_UNDO_LOSE, .id = k->id, .version = k->ver + 1,
		                      .from = k->from, .to = PIPELINE_PERDIDA };
		controller_push_undo(c, &u);
		controller_follow(c, PIPELINE_PERDIDA, k->id);
		controller_say(c, false, "%s marked lost (%s).", k->name, pipeline_loss_slug(k->reason));
	}
	step_drop(k);
}

static void lose_reasoned(void *ctx, screen *s)
{
	card_step *k = ctx;
	controller *c = k->c;
	int r = dialog_list_choice((dialog_list *)dialog_of(s));
	if (r < 0) {
		controller_say(c, false, "Not marked lost: nothing changed.");
		step_drop(k);
		return;
	}
	k->reason = (pipeline_loss)r;
	char title[FORM_LINE];
	snprintf(title, sizeof title, "Mark %s lost: %s", k->name, pipeline_loss_slug(k->reason));
	dialog_form *df = controller_text_form(c, title, "A note is optional.", "Note", false);
	controller_watch(c, df ? &df->d : NULL, k->id, k->ver, false);
	if (!controller_open(c, df ? &df->d : NULL, lose_noted, k, step_drop)) {
		controller_say(c, false, "Not marked lost: nothing changed.");
		step_drop(k);
	}
}

static card_step *step_new(controller *c, const store_card *k)
{
	card_step *st = calloc(1, sizeof *st);
	if (!st) {
		controller_say(c, true, "Not done: out of memory.");
		return NULL;
	}
	st->c = c;
	st->id = k->id;
	st->ver = k->version;
	st->from = k->stage;
	controller_card_name(k->title, st->name, sizeof st->name);
	return st;
}

void controller_lose(controller *c)
{
	const store_card *k = card_for(c, pipeline_plan_lose, "Marking lost");
	if (!k)
		return;
	card_step *st = step_new(c, k);
	if (!st)
		return;
	static char labels[PIPELINE_LOSS_COUNT][FORM_LINE];
	const char *items[PIPELINE_LOSS_COUNT];
	for (int r = 0; r < PIPELINE_LOSS_COUNT; r++) {
		snprintf(labels[r], sizeof labels[r], "%s: %s", pipeline_loss_slug((pipeline_loss)r),
		         pipeline_loss_text((pipeline_loss)r));
		items[r] = labels[r];
	}
	char title[FORM_LINE];
	snprintf(title, sizeof title, "Why was %s lost?", st->name);
	dialog_list *l = dialog_list_new(&c->cfg->keys, title, items, PIPELINE_LOSS_COUNT, 0);
	controller_watch(c, l ? &l->d : NULL, st->id, st->ver, false);
	if (!controller_open(c, l ? &l->d : NULL, lose_reasoned, st, step_drop)) {
		controller_say(c, false, "Not marked lost: nothing changed.");
		step_drop(st);
	}
}

static void reopen_noted(void *ctx, screen *s)
{
	card_step *k = ctx;
	controller *c = k->c;
	bool saved;
	controller_form_of(s, &saved);
	if (!saved) {
		controller_say(c, false, "Not reopened: nothing changed.");
		step_drop(k);
		return;
	}
	char note[NOTE_BYTES];
	controller_form_text(s, note, sizeof note);
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	store_status r = store_reopen(c->st, k->id, k->ver, note, &why);
	if (!controller_report(c, r, &why, "Reopening")) {
		step_drop(k);
		return;
	}
	k->undo.version = k->ver + 1;
	controller_push_undo(c, &k->undo); /* keeps the note: freed with the undo entry */
	controller_follow(c, k->undo.to, k->id);
	controller_say(c, false, "%s reopened in %s.", k->name, pipeline_stage_name(k->undo.to));
	free(k);
}

void controller_reopen(controller *c)
{
	const store_card *k = card_for(c, pipeline_plan_reopen, "Reopening");
	if (!k)
		return;
	card_step *st = step_new(c, k);
	if (!st)
		return;
	store_opp o;
	if (!controller_report(c, store_get(c->st, st->id, &o), NULL, "Reopening")) {
		step_drop(st);
		return;
	}
	st->undo = (controller_undo){ .kind = CONTROLLER_UNDO_REOPEN, .id = st->id, .reason = o.loss_reason,
	                              .note = o.loss_note ? strdup(o.loss_note) : NULL,
	                              .from = PIPELINE_PERDIDA, .to = o.lost_from };
	store_opp_free(&o);
	char title[FORM_LINE], info[FORM_LINE];
	snprintf(title, sizeof title, "Reopen: %s", st->name);
	snprintf(info, sizeof info, "Reopening needs a note: why? Back to %s, the stage it was lost from.",
	         pipeline_stage_name(st->undo.to));
	dialog_form *df = controller_text_form(c, title, info, "Note", true);
	controller_watch(c, df ? &df->d : NULL, st->id, st->ver, false);
	if (!controller_open(c, df ? &df->d : NULL, reopen_noted, st, step_drop)) {
		controller_say(c, false, "Not reopened: nothing changed.");
		step_drop(st);
	}
}
