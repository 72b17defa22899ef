/* controller: moves, losses, reopening and the evidence forms a refused move opens. */
#include "controller_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

/* Info lines for a form: the missing requirements of stage s. The
 * checklist names missing criteria by number: their texts are the boxes. */
static void add_missing(controller *c, form *f, const pipeline_refusal *why, pipeline_stage s)
{
	if (!why)
		return;
	char head[FORM_LINE];
	snprintf(head, sizeof head, "Missing to enter %s:", pipeline_stage_name(s));
	bool any = false;
	bool checklist = pipeline_evidence_info_of(pipeline_stage_entry(s))->count == PIPELINE_NUMBERED;
	if (checklist) {
		size_t n = strlen(head);
		int k = 0;
		for (int i = 0; i < why->count; i++) {
			int r = (int)why->items[i] - (int)PIPELINE_REQ_CRITERION_1;
			if (r < 0 || r >= PIPELINE_CRITERIA)
				continue;
			int w = snprintf(head + n, sizeof head - n, "%s%d", k++ ? ", " : " criteria ", r + 1);
			if (w > 0 && (size_t)w < sizeof head - n)
				n += (size_t)w;
		}
		if (k) {
			snprintf(head + n, sizeof head - n, " (the unticked boxes below).");
			form_add_info(f, head);
			any = true;
		}
	}
	for (int i = 0; i < why->count && !checklist; i++) {
		if (pipeline_req_stage(why->items[i]) != s)
			continue;
		if (!any)
			form_add_info(f, head);
		any = true;
		char t[FORM_LINE - 8], line[FORM_LINE];
		pipeline_req_text(why->items[i], c->cfg->organization, t, sizeof t);
		snprintf(line, sizeof line, "- %s", t);
		form_add_info(f, line);
	}
	/* A move of several stages: say what comes after this form. */
	char later[FORM_LINE] = "";
	size_t n = 0;
	bool seen[PIPELINE_STAGE_COUNT] = { false };
	for (int i = 0; i < why->count; i++) {
		pipeline_stage es = pipeline_req_stage(why->items[i]);
		/* Only what comes after: the forms of a round share one refusal. */
		if (es >= PIPELINE_STAGE_COUNT || es <= s || seen[es])
			continue;
		seen[es] = true;
		int w = snprintf(later + n, sizeof later - n, "%s%s", n ? ", " : "", pipeline_stage_name(es));
		if (w < 0 || (size_t)w >= sizeof later - n)
			break;
		n += (size_t)w;
	}
	if (any && n) {
		char line[FORM_LINE];
		snprintf(line, sizeof line, "Then a form for each of: %.300s.", later);
		form_add_info(f, line);
	}
}

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

/* A form that supplies evidence of kind k: its title, then what the store
 * said is still missing to enter the stage k opens. */
static void evidence_form_init(controller *c, form *f, const char *title, const pipeline_refusal *why,
                               pipeline_evidence_kind k)
{
	form_init(f, title);
	add_missing(c, f, why, pipeline_evidence_opens(k));
}

/* The Date field of an evidence form, today by default. */
static int add_date_field(const controller *c, form *f)
{
	char d[DATE_LEN + 1];
	date_today(c->now, d);
	return form_add_text(f, "Date", d, FORM_V_DATE, true);
}

/* Adds the Reference and Date fields to f, shows it and reads them back. */
static bool ask_reference(controller *c, form *f, char *ref, size_t refsz, char date[64])
{
	int fr = form_add_text(f, "Reference", "", FORM_V_TEXT, true);
	int fd = add_date_field(c, f);
	if (!controller_show_form(c, f))
		return false;
	form_text(f, fr, ref, refsz);
	form_text(f, fd, date, 64);
	return true;
}

/* ---- the qualification checklist --------------------------------------- */

typedef struct checklist_ctx {
	controller *c;
	pipeline_state state;
	int first; /* index of criterion 1's checkbox */
} checklist_ctx;

/* An untick that would break the invariant is refused on the spot, by the pipeline. */
static bool checklist_toggle(void *ctx, const form *f, int field, bool to, char *err, size_t errlen)
{
	checklist_ctx *k = ctx;
	if (to)
		return true;
	pipeline_evidence after = k->state.ev;
	for (int n = 0; n < PIPELINE_CRITERIA; n++)
		after.criteria[n] = form_checked(f, k->first + n);
	after.criteria[field - k->first] = false;
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	if (pipeline_check_retract(&k->state, &after, &why))
		return true;
	controller_refusal_text(k->c, &why, err, errlen);
	return false;
}

/* A checklist nobody may change now: every criterion is met and unticking
 * any of them is refused by the rules (the card's stage stands on them).
 * Then `how` says how to change it, from the refusal: move the card back
 * first (reopen it first when lost), as the CLI says. */
static bool checklist_locked(controller *c, const pipeline_state *ps, char *how, size_t howsz)
{
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	for (int n = 0; n < PIPELINE_CRITERIA; n++) {
		pipeline_evidence after = ps->ev;
		after.criteria[n] = false;
		if (!ps->ev.criteria[n] || pipeline_check_retract(ps, &after, &why))
			return false;
	}
	pipeline_stage back = pipeline_move_back_target(&why);
	char move[64], reopen[64];
	keymap_describe(&c->cfg->keys, KEYMAP_MOVE_TO, move, sizeof move);
	keymap_describe(&c->cfg->keys, KEYMAP_REOPEN, reopen, sizeof reopen);
	if (ps->stage == PIPELINE_PERDIDA)
		snprintf(how, howsz, "reopen the card (%.20s), then move it back to %s (%.20s)", reopen,
		         pipeline_stage_name(back), move);
	else
		snprintf(how, howsz, "move the card back to %s first (%.20s)", pipeline_stage_name(back), move);
	return true;
}

/* Opens the checklist of card id; saves each changed criterion. Read-only
 * when the card's stage stands on it. */
static bool run_checklist(controller *c, int64_t id, int64_t *ver, const pipeline_refusal *why)
{
	store_opp o;
	store_status s = store_get(c->st, id, &o);
	if (!controller_report(c, s, NULL, "Checklist"))
		return false;
	checklist_ctx k = { .c = c };
	store_opp_state(&o, &k.state);
	form f;
	char title[FORM_LINE], how[200];
	bool read_only = checklist_locked(c, &k.state, how, sizeof how);
	snprintf(title, sizeof title, "Qualification: %s%s",
	         pipeline_stage_name(pipeline_evidence_opens(PIPELINE_EV_CRITERION)),
	         read_only ? " (read-only)" : "");
	evidence_form_init(c, &f, title, why, PIPELINE_EV_CRITERION);
	if (read_only) {
		char note[FORM_LINE];
		snprintf(note, sizeof note, "Read-only: the card %s %s, which stands on these criteria. "
		         "To change them, %s.", k.state.stage == PIPELINE_PERDIDA ? "was lost from" : "is in",
		         pipeline_stage_name(pipeline_effective_stage(&k.state)), how);
		form_add_info(&f, note);
		snprintf(f.locked, sizeof f.locked, "Read-only: to change a criterion, %s.", how);
	} else {
		form_add_info(&f, "Tick each criterion met (its number toggles it), then save.");
	}
	f.show_progress = true;
	f.numbered = true;
	f.on_toggle = checklist_toggle;
	f.toggle_ctx = &k;
	for (int n = 0; n < PIPELINE_CRITERIA; n++) {
		char t[FORM_LINE - 8], label[FORM_LINE];
		pipeline_criterion_text(n + 1, c->cfg->organization, t, sizeof t);
		/* Numbered as every message numbers them: the digit toggles it. */
		snprintf(label, sizeof label, "%d. %s", n + 1, t);
		int i = form_add_check(&f, label, o.criteria[n].met);
		if (n == 0)
			k.first = i;
	}
	bool before[PIPELINE_CRITERIA];
	for (int n = 0; n < PIPELINE_CRITERIA; n++)
		before[n] = o.criteria[n].met;
	store_opp_free(&o);
	bool shown = controller_show_form(c, &f);
	if (read_only) {
		controller_say(c, false, "Checklist unchanged (read-only): to change a criterion, %s.", how);
		return false;
	}
	if (!shown) {
		controller_say(c, false, "Checklist closed without changes.");
		return false;
	}
	int changed = 0;
	for (int n = 0; n < PIPELINE_CRITERIA; n++) {
		bool met = form_checked(&f, k.first + n);
		if (met == before[n])
			continue;
		pipeline_refusal w;
		pipeline_refusal_clear(&w);
		s = store_set_criterion(c->st, id, *ver, n + 1, met, NULL, &w);
		if (!controller_report(c, s, &w, "Checklist"))
			return false;
		++*ver;
		controller_undo u = { .kind = CONTROLLER_UNDO_CRITERION, .id = id, .version = *ver,
		                      .criterion = n + 1, .met = before[n] };
		controller_push_undo(c, &u);
		changed++;
	}
	int done, total;
	form_progress(&f, &done, &total);
	controller_say(c, false, "Checklist saved: %d/%d criteria met (%d changed).", done, total, changed);
	return true;
}

/* ---- evidence forms ----------------------------------------------------- */

/* After an evidence write: reports it and, when saved, counts the new
 * version and makes it undoable. */
static bool evidence_saved(controller *c, store_status s, int64_t id, int64_t *ver,
                           pipeline_evidence_kind ev, int64_t item, const char *what, const char *done)
{
	if (!controller_report(c, s, NULL, what))
		return false;
	++*ver;
	controller_undo u = { .kind = CONTROLLER_UNDO_EVIDENCE, .id = id, .version = *ver, .ev = ev,
	                      .item_id = item };
	controller_push_undo(c, &u);
	controller_say(c, false, "%s", done);
	return true;
}

static bool commitment_form(controller *c, int64_t id, int64_t *ver, const pipeline_refusal *why)
{
	static const char *kinds[PIPELINE_COMMIT_COUNT];
	static char labels[PIPELINE_COMMIT_COUNT][FORM_LINE];
	for (int k = 0; k < PIPELINE_COMMIT_COUNT; k++) {
		snprintf(labels[k], sizeof labels[k], "%s: %s", pipeline_commitment_slug((pipeline_commitment)k),
		         pipeline_commitment_text((pipeline_commitment)k));
		kinds[k] = labels[k];
	}
	form f;
	evidence_form_init(c, &f, "Commitment action", why, PIPELINE_EV_COMMITMENT);
	int fk = form_add_choice(&f, "Kind", kinds, PIPELINE_COMMIT_COUNT, 0);
	char ref[FORM_TEXT_MAX * 4 + 1], date[64];
	if (!ask_reference(c, &f, ref, sizeof ref, date))
		return false;
	int64_t item = 0;
	store_status s = store_add_commitment(c->st, id, *ver, (pipeline_commitment)form_choice(&f, fk),
	                                      ref, date, &item);
	return evidence_saved(c, s, id, ver, PIPELINE_EV_COMMITMENT, item, "Commitment",
	                      "Commitment recorded.");
}

static bool approval_form(controller *c, int64_t id, int64_t *ver, const pipeline_refusal *why)
{
	form f;
	evidence_form_init(c, &f, "Client's approval to start invoicing", why, PIPELINE_EV_BILLING_APPROVAL);
	char ref[FORM_TEXT_MAX * 4 + 1], date[64];
	if (!ask_reference(c, &f, ref, sizeof ref, date))
		return false;
	store_status s = store_set_billing_approval(c->st, id, *ver, ref, date);
	return evidence_saved(c, s, id, ver, PIPELINE_EV_BILLING_APPROVAL, 0, "Billing approval",
	                      "Billing approval recorded.");
}

static bool invoice_form(controller *c, int64_t id, int64_t *ver, const char *currency,
                         const pipeline_refusal *why)
{
	char label[64];
	form f;
	evidence_form_init(c, &f, "Sales invoice issued", why, PIPELINE_EV_INVOICE);
	int fn = form_add_text(&f, "Invoice number", "", FORM_V_TEXT, true);
	int fd = add_date_field(c, &f);
	snprintf(label, sizeof label, "Amount (%s)", currency);
	int fa = form_add_text(&f, label, "", FORM_V_AMOUNT, false);
	form_amount_currency(&f, fa, -1, currency);
	if (!controller_show_form(c, &f))
		return false;
	char num[FORM_TEXT_MAX * 4 + 1], date[64];
	form_text(&f, fn, num, sizeof num);
	form_text(&f, fd, date, sizeof date);
	bool has = false;
	int64_t amount = 0;
	form_amount(&f, fa, &has, &amount);
	int64_t item = 0;
	store_status s = store_add_invoice(c->st, id, *ver, num, date, has, amount, &item);
	return evidence_saved(c, s, id, ver, PIPELINE_EV_INVOICE, item, "Invoice", "Invoice recorded.");
}

static bool delivery_form(controller *c, int64_t id, int64_t *ver, const pipeline_refusal *why)
{
	static const char *scopes[PIPELINE_SCOPE_COUNT];
	for (int k = 0; k < PIPELINE_SCOPE_COUNT; k++)
		scopes[k] = pipeline_scope_slug((pipeline_scope)k);
	form f;
	evidence_form_init(c, &f, "Delivery", why, PIPELINE_EV_DELIVERY);
	int fs = form_add_choice(&f, "Scope", scopes, PIPELINE_SCOPE_COUNT, 0);
	int fd = add_date_field(c, &f);
	int fn = form_add_text(&f, "Note", "", FORM_V_TEXT, false);
	if (!controller_show_form(c, &f))
		return false;
	char note[FORM_TEXT_MAX * 4 + 1], date[64];
	form_text(&f, fd, date, sizeof date);
	form_text(&f, fn, note, sizeof note);
	store_status s = store_set_delivery(c->st, id, *ver, (pipeline_scope)form_choice(&f, fs), date,
	                                    note[0] ? note : NULL);
	return evidence_saved(c, s, id, ver, PIPELINE_EV_DELIVERY, 0, "Delivery", "Delivery recorded.");
}

/* The form that records evidence of kind k. */
static bool evidence_form(controller *c, pipeline_evidence_kind k, int64_t id, int64_t *ver,
                          const char *currency, const pipeline_refusal *why)
{
	switch (k) {
	case PIPELINE_EV_CRITERION: return run_checklist(c, id, ver, why);
	case PIPELINE_EV_COMMITMENT: return commitment_form(c, id, ver, why);
	case PIPELINE_EV_BILLING_APPROVAL: return approval_form(c, id, ver, why);
	case PIPELINE_EV_INVOICE: return invoice_form(c, id, ver, currency, why);
	case PIPELINE_EV_DELIVERY: return delivery_form(c, id, ver, why);
	case PIPELINE_EV_COUNT: break;
	}
	return false;
}

/* The form that supplies the entry evidence of stage s (the catalogue's). */
static bool stage_form(controller *c, pipeline_stage s, int64_t id, int64_t *ver,
                       const char *currency, const pipeline_refusal *why)
{
	return evidence_form(c, pipeline_stage_entry(s), id, ver, currency, why);
}

/* ---- moves ---------------------------------------------------------------- */

void controller_move_to(controller *c, pipeline_stage to)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	int64_t id = k->id, ver = k->version;
	pipeline_stage from = k->stage;
	char name[256], currency[MONEY_CODE_LEN + 1], note[FORM_TEXT_MAX * 4 + 1] = "";
	controller_card_name(k->title, name, sizeof name);
	snprintf(currency, sizeof currency, "%s", k->currency);
	bool has_note = false;
	/* Each round either completes the move or supplies what the store
	 * said was missing; a stage's form is never opened twice. */
	bool tried[PIPELINE_STAGE_COUNT] = { false };
	char saved[sizeof c->message] = ""; /* what the forms of this move saved */
	for (int round = 0; round < PIPELINE_STAGE_COUNT + 2; round++) {
		pipeline_refusal why;
		pipeline_refusal_clear(&why);
		store_status s = store_move(c->st, id, ver, to, has_note ? note : NULL, &why);
		if (s == STORE_OK) {
			controller_undo u = { .kind = CONTROLLER_UNDO_MOVE, .id = id, .version = ver + 1,
			                      .from = from, .to = to };
			controller_push_undo(c, &u);
			controller_follow(c, to, id);
			controller_say(c, false, "Moved %s to %s.", name, pipeline_stage_name(to));
			return;
		}
		if (s != STORE_REFUSED) {
			controller_report(c, s, &why, "Move");
			return;
		}
		if (pipeline_refusal_has(&why, PIPELINE_REQ_REASON)) {
			/* Into Perdida: the reason is picked in the loss dialog. */
			controller_lose(c);
			return;
		}
		char all[1024];
		controller_refusal_text(c, &why, all, sizeof all);
		if (pipeline_refusal_has(&why, PIPELINE_REQ_NOTE) && !has_note) {
			char title[FORM_LINE];
			/* The destination goes in the text: a long title is cut. */
			char info[FORM_LINE];
			snprintf(title, sizeof title, "Move back: %s", name);
			snprintf(info, sizeof info, "Moving back needs a note: why? Back to %s.",
			         pipeline_stage_name(to));
			if (!controller_ask_text(c, title, info, "Note", true, note, sizeof note)) {
				controller_say(c, false, "Move cancelled: nothing changed.");
				return;
			}
			has_note = true;
			continue;
		}
		/* The evidence forms, in chain order (the refusal lists them so). */
		bool opened = false;
		for (int i = 0; i < why.count; i++) {
			pipeline_stage es = pipeline_req_stage(why.items[i]);
			if (es >= PIPELINE_STAGE_COUNT || tried[es])
				continue;
			tried[es] = true;
			opened = true;
			c->message[0] = '\0';
			c->message_error = false;
			if (!stage_form(c, es, id, &ver, currency, &why)) {
				/* A failed write has said why; a cancelled form
				 * leaves what the others saved, and says so. */
				if (!c->message_error)
					chain_cut_short(c, id, to, saved, true);
				return;
			}
			size_t n = strlen(saved);
			if (n && n + 1 < sizeof saved)
				saved[n++] = ' ';
			size_t m = strlen(c->message);
			if (m > sizeof saved - n - 1)
				m = sizeof saved - n - 1;
			memcpy(saved + n, c->message, m);
			saved[n + m] = '\0';
		}
		if (!opened) {
			/* Nothing a form can supply (a lost card, the same stage...). */
			bool supplied = false;
			for (int i = 0; i < why.count; i++) {
				pipeline_stage es = pipeline_req_stage(why.items[i]);
				supplied = supplied || (es < PIPELINE_STAGE_COUNT && tried[es]);
			}
			if (supplied) {
				/* Its form was saved without all it needs (a checklist
				 * with boxes left unticked). */
				chain_cut_short(c, id, to, saved, false);
			} else if (pipeline_refusal_has(&why, PIPELINE_REQ_REOPEN)) {
				char keys[64];
				keymap_describe(&c->cfg->keys, KEYMAP_REOPEN, keys, sizeof keys);
				controller_say(c, true, "%s Press %s to reopen it.", all, keys);
			} else {
				controller_say(c, true, "Move refused: %s", all);
			}
			return;
		}
	}
	controller_say(c, true, "Move to %s not done.", pipeline_stage_name(to));
}

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

void controller_move_pick(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	const char *items[PIPELINE_STAGE_COUNT];
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		items[s] = pipeline_stage_name((pipeline_stage)s);
	int64_t id = k->id;
	int to = c->ui.choose ? c->ui.choose(c->ui.ctx, "Move to stage", items, PIPELINE_STAGE_COUNT,
	                                     (int)k->stage) : -1;
	if (to < 0)
		return;
	/* The board reloads under the list when others write: same card still? */
	k = controller_selected(c);
	if (!k || k->id != id) {
		controller_say(c, true, "Not moved: the card changed place meanwhile (someone else moved it?). "
		               "Look and try again.");
		return;
	}
	/* Perdida too: the rules ask for a reason, and move_to opens the loss
	 * dialog that supplies it. */
	controller_move_to(c, (pipeline_stage)to);
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

void controller_lose(controller *c)
{
	const store_card *k = card_for(c, pipeline_plan_lose, "Marking lost");
	if (!k)
		return;
	pipeline_refusal why;
	int64_t id = k->id, ver = k->version;
	pipeline_stage from = k->stage;
	char name[256];
	controller_card_name(k->title, name, sizeof name);
	static char labels[PIPELINE_LOSS_COUNT][FORM_LINE];
	const char *items[PIPELINE_LOSS_COUNT];
	for (int r = 0; r < PIPELINE_LOSS_COUNT; r++) {
		snprintf(labels[r], sizeof labels[r], "%s: %s", pipeline_loss_slug((pipeline_loss)r),
		         pipeline_loss_text((pipeline_loss)r));
		items[r] = labels[r];
	}
	char title[FORM_LINE];
	snprintf(title, sizeof title, "Why was %s lost?", name);
	int r = c->ui.choose ? c->ui.choose(c->ui.ctx, title, items, PIPELINE_LOSS_COUNT, 0) : -1;
	if (r < 0) {
		controller_say(c, false, "Not marked lost: nothing changed.");
		return;
	}
	char note[FORM_TEXT_MAX * 4 + 1];
	snprintf(title, sizeof title, "Mark %s lost: %s", name, pipeline_loss_slug((pipeline_loss)r));
	if (!controller_ask_text(c, title, "A note is optional.", "Note", false, note, sizeof note)) {
		controller_say(c, false, "Not marked lost: nothing changed.");
		return;
	}
	pipeline_refusal_clear(&why);
	store_status s = store_lose(c->st, id, ver, (pipeline_loss)r, note[0] ? note : NULL, &why);
	if (!controller_report(c, s, &why, "Marking lost"))
		return;
	controller_undo u = { .kind = CONTROLLER_UNDO_LOSE, .id = id, .version = ver + 1, .from = from,
	                      .to = PIPELINE_PERDIDA };
	controller_push_undo(c, &u);
	controller_follow(c, PIPELINE_PERDIDA, id);
	controller_say(c, false, "%s marked lost (%s).", name, pipeline_loss_slug((pipeline_loss)r));
}

void controller_reopen(controller *c)
{
	const store_card *k = card_for(c, pipeline_plan_reopen, "Reopening");
	if (!k)
		return;
	pipeline_refusal why;
	int64_t id = k->id, ver = k->version;
	char name[256];
	controller_card_name(k->title, name, sizeof name);
	store_opp o;
	store_status s = store_get(c->st, id, &o);
	if (!controller_report(c, s, NULL, "Reopening"))
		return;
	controller_undo u = { .kind = CONTROLLER_UNDO_REOPEN, .id = id, .reason = o.loss_reason,
	                      .note = o.loss_note ? strdup(o.loss_note) : NULL, .from = PIPELINE_PERDIDA,
	                      .to = o.lost_from };
	store_opp_free(&o);
	char title[FORM_LINE], info[FORM_LINE], note[FORM_TEXT_MAX * 4 + 1];
	snprintf(title, sizeof title, "Reopen: %s", name);
	snprintf(info, sizeof info, "Reopening needs a note: why? Back to %s, the stage it was lost from.",
	         pipeline_stage_name(u.to));
	if (!controller_ask_text(c, title, info, "Note", true, note, sizeof note)) {
		free(u.note);
		controller_say(c, false, "Not reopened: nothing changed.");
		return;
	}
	pipeline_refusal_clear(&why);
	s = store_reopen(c->st, id, ver, note, &why);
	if (!controller_report(c, s, &why, "Reopening")) {
		free(u.note);
		return;
	}
	u.version = ver + 1;
	controller_push_undo(c, &u);
	controller_follow(c, u.to, id);
	controller_say(c, false, "%s reopened in %s.", name, pipeline_stage_name(u.to));
}

void controller_checklist(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	int64_t ver = k->version;
	run_checklist(c, k->id, &ver, NULL);
}

void controller_evidence(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	/* Every kind of evidence, in the catalogue's order: "Sales invoice
	 * (en Facturación)". */
	static char labels[PIPELINE_EV_COUNT][FORM_LINE];
	const char *items[PIPELINE_EV_COUNT];
	for (int e = 0; e < PIPELINE_EV_COUNT; e++) {
		pipeline_evidence_kind kind = (pipeline_evidence_kind)e;
		snprintf(labels[e], sizeof labels[e], "%s (%s)", pipeline_evidence_info_of(kind)->label,
		         pipeline_stage_short(pipeline_evidence_opens(kind)));
		items[e] = labels[e];
	}
	int64_t id = k->id, ver = k->version;
	char currency[MONEY_CODE_LEN + 1];
	snprintf(currency, sizeof currency, "%s", k->currency);
	int i = c->ui.choose ? c->ui.choose(c->ui.ctx, "Record evidence", items, PIPELINE_EV_COUNT, 0) : -1;
	if (i < 0 || i >= PIPELINE_EV_COUNT)
		return;
	evidence_form(c, (pipeline_evidence_kind)i, id, &ver, currency, NULL);
}
