/* controller: the forms that record evidence, one per kind of the pipeline
 * catalogue (the qualification checklist, a commitment, the billing
 * approval, an invoice, the delivery), opened by a refused move, the
 * checklist key or the evidence menu. Each is a dialog whose continuation
 * writes what it says. */
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

/* One evidence form, open: what its continuation needs. */
typedef struct ev_form {
	controller *c;
	pipeline_evidence_kind kind;
	int64_t id, ver;
	char currency[MONEY_CODE_LEN + 1];
	int field[4];                 /* the form's fields, per kind */
	/* the checklist */
	pipeline_state state;
	int first;                    /* index of criterion 1's checkbox */
	bool read_only;
	char how[200];                /* read-only: how to change it */
	bool before[PIPELINE_CRITERIA];
	/* whoever opened it */
	controller_then then;
	void *then_ctx;
	void (*then_free)(void *);
} ev_form;

/* The board ended with the form open: nothing is written. */
static void ev_drop(void *ctx)
{
	ev_form *e = ctx;
	if (e->then_free)
		e->then_free(e->then_ctx);
	free(e);
}

static void ev_finish(ev_form *e, controller_end end)
{
	if (e->then)
		e->then(e->then_ctx, end, e->ver);
	free(e);
}

/* A form that supplies evidence of kind e->kind: its title, then what the
 * store said is still missing to enter the stage that kind opens; it
 * watches the card. */
static dialog_form *evidence_form(ev_form *e, const char *title, const pipeline_refusal *why)
{
	dialog_form *df = dialog_form_new(&e->c->cfg->keys, title);
	if (!df)
		return NULL;
	add_missing(e->c, &df->f, why, pipeline_evidence_opens(e->kind));
	controller_watch(e->c, &df->d, e->id, e->ver, false);
	return df;
}

/* The Date field of an evidence form, today by default. */
static int add_date_field(const controller *c, form *f)
{
	char d[DATE_LEN + 1];
	date_today(c->model.now, d);
	return form_add_text(f, "Date", d, FORM_V_DATE, true);
}

/* The Reference and Date fields. */
static void add_reference(ev_form *e, form *f)
{
	e->field[0] = form_add_text(f, "Reference", "", FORM_V_TEXT, true);
	e->field[1] = add_date_field(e->c, f);
}

/* After an evidence write: reports it and, when saved, counts the new
 * version and makes it undoable. */
static controller_end evidence_saved(ev_form *e, store_status s, pipeline_evidence_kind ev, int64_t item,
                                     const char *what, const char *done)
{
	controller *c = e->c;
	if (!controller_report(c, s, NULL, what))
		return CONTROLLER_FAILED;
	++e->ver;
	controller_undo u = { .kind = CONTROLLER_UNDO_EVIDENCE, .id = e->id, .version = e->ver, .ev = ev,
	                      .item_id = item };
	controller_push_undo(c, &u);
	controller_say(c, false, "%s", done);
	return CONTROLLER_SAVED;
}

/* ---- the qualification checklist --------------------------------------- */

/* An untick that would break the invariant is refused on the spot, by the pipeline. */
static bool checklist_toggle(void *ctx, const form *f, int field, bool to, char *err, size_t errlen)
{
	ev_form *k = ctx;
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

/* The checklist of the card: read-only when the card's stage stands on it. */
static dialog_form *checklist_form(ev_form *e, const pipeline_refusal *why)
{
	controller *c = e->c;
	store_opp o;
	if (!controller_report(c, store_get(c->st, e->id, &o), NULL, "Checklist"))
		return NULL;
	store_opp_state(&o, &e->state);
	char title[FORM_LINE];
	e->read_only = checklist_locked(c, &e->state, e->how, sizeof e->how);
	snprintf(title, sizeof title, "Qualification: %s%s",
	         pipeline_stage_name(pipeline_evidence_opens(PIPELINE_EV_CRITERION)),
	         e->read_only ? " (read-only)" : "");
	dialog_form *df = evidence_form(e, title, why);
	if (!df) {
		store_opp_free(&o);
		return NULL;
	}
	form *f = &df->f;
	if (e->read_only) {
		char note[FORM_LINE];
		snprintf(note, sizeof note, "Read-only: the card %s %s, which stands on these criteria. "
		         "To change them, %s.", e->state.stage == PIPELINE_PERDIDA ? "was lost from" : "is in",
		         pipeline_stage_name(pipeline_effective_stage(&e->state)), e->how);
		form_add_info(f, note);
		snprintf(f->locked, sizeof f->locked, "Read-only: to change a criterion, %s.", e->how);
	} else {
		form_add_info(f, "Tick each criterion met (its number toggles it), then save.");
	}
	f->show_progress = true;
	f->numbered = true;
	f->on_toggle = checklist_toggle;
	f->toggle_ctx = e;
	for (int n = 0; n < PIPELINE_CRITERIA; n++) {
		char t[FORM_LINE - 8], label[FORM_LINE];
		pipeline_criterion_text(n + 1, c->cfg->organization, t, sizeof t);
		/* Numbered as every message numbers them: the digit toggles it. */
		snprintf(label, sizeof label, "%d. %s", n + 1, t);
		int i = form_add_check(f, label, o.criteria[n].met);
		if (n == 0)
			e->first = i;
		e->before[n] = o.criteria[n].met;
	}
	store_opp_free(&o);
	return df;
}

/* Saves each changed criterion. */
static controller_end checklist_saved(ev_form *e, const form *f, bool saved)
{
	controller *c = e->c;
	if (e->read_only) {
		controller_say(c, false, "Checklist unchanged (read-only): to change a criterion, %s.", e->how);
		return CONTROLLER_CANCELLED;
	}
	if (!saved) {
		controller_say(c, false, "Checklist closed without changes.");
		return CONTROLLER_CANCELLED;
	}
	int changed = 0;
	for (int n = 0; n < PIPELINE_CRITERIA; n++) {
		bool met = form_checked(f, e->first + n);
		if (met == e->before[n])
			continue;
		pipeline_refusal w;
		pipeline_refusal_clear(&w);
		store_status s = store_set_criterion(c->st, e->id, e->ver, n + 1, met, NULL, &w);
		if (!controller_report(c, s, &w, "Checklist"))
			return CONTROLLER_FAILED;
		++e->ver;
		controller_undo u = { .kind = CONTROLLER_UNDO_CRITERION, .id = e->id, .version = e->ver,
		                      .criterion = n + 1, .met = e->before[n] };
		controller_push_undo(c, &u);
		changed++;
	}
	int done, total;
	form_progress(f, &done, &total);
	controller_say(c, false, "Checklist saved: %d/%d criteria met (%d changed).", done, total, changed);
	return CONTROLLER_SAVED;
}

/* ---- evidence forms ----------------------------------------------------- */

static dialog_form *commitment_form(ev_form *e, const pipeline_refusal *why)
{
	static const char *kinds[PIPELINE_COMMIT_COUNT];
	static char labels[PIPELINE_COMMIT_COUNT][FORM_LINE];
	for (int k = 0; k < PIPELINE_COMMIT_COUNT; k++) {
		snprintf(labels[k], sizeof labels[k], "%s: %s", pipeline_commitment_slug((pipeline_commitment)k),
		         pipeline_commitment_text((pipeline_commitment)k));
		kinds[k] = labels[k];
	}
	dialog_form *df = evidence_form(e, "Commitment action", why);
	if (!df)
		return NULL;
	e->field[2] = form_add_choice(&df->f, "Kind", kinds, PIPELINE_COMMIT_COUNT, 0);
	add_reference(e, &df->f);
	return df;
}

static controller_end commitment_saved(ev_form *e, const form *f)
{
	char ref[FORM_TEXT_MAX * 4 + 1], date[64];
	form_text(f, e->field[0], ref, sizeof ref);
	form_text(f, e->field[1], date, sizeof date);
	int64_t item = 0;
	store_status s = store_add_commitment(e->c->st, e->id, e->ver,
	                                      (pipeline_commitment)form_choice(f, e->field[2]), ref, date, &item);
	return evidence_saved(e, s, PIPELINE_EV_COMMITMENT, item, "Commitment", "Commitment recorded.");
}

static dialog_form *approval_form(ev_form *e, const pipeline_refusal *why)
{
	dialog_form *df = evidence_form(e, "Client's approval to start invoicing", why);
	if (df)
		add_reference(e, &df->f);
	return df;
}

static controller_end approval_saved(ev_form *e, const form *f)
{
	char ref[FORM_TEXT_MAX * 4 + 1], date[64];
	form_text(f, e->field[0], ref, sizeof ref);
	form_text(f, e->field[1], date, sizeof date);
	store_status s = store_set_billing_approval(e->c->st, e->id, e->ver, ref, date);
	return evidence_saved(e, s, PIPELINE_EV_BILLING_APPROVAL, 0, "Billing approval",
	                      "Billing approval recorded.");
}

static dialog_form *invoice_form(ev_form *e, const pipeline_refusal *why)
{
	char label[64];
	dialog_form *df = evidence_form(e, "Sales invoice issued", why);
	if (!df)
		return NULL;
	form *f = &df->f;
	e->field[0] = form_add_text(f, "Invoice number", "", FORM_V_TEXT, true);
	e->field[1] = add_date_field(e->c, f);
	snprintf(label, sizeof label, "Amount (%s)", e->currency);
	e->field[2] = form_add_text(f, label, "", FORM_V_AMOUNT, false);
	form_amount_currency(f, e->field[2], -1, e->currency);
	return df;
}

static controller_end invoice_saved(ev_form *e, const form *f)
{
	char num[FORM_TEXT_MAX * 4 + 1], date[64];
	form_text(f, e->field[0], num, sizeof num);
	form_text(f, e->field[1], date, sizeof date);
	bool has = false;
	int64_t amount = 0;
	form_amount(f, e->field[2], &has, &amount);
	int64_t item = 0;
	store_status s = store_add_invoice(e->c->st, e->id, e->ver, num, date, has, amount, &item);
	return evidence_saved(e, s, PIPELINE_EV_INVOICE, item, "Invoice", "Invoice recorded.");
}

static dialog_form *delivery_form(ev_form *e, const pipeline_refusal *why)
{
	static const char *scopes[PIPELINE_SCOPE_COUNT];
	for (int k = 0; k < PIPELINE_SCOPE_COUNT; k++)
		scopes[k] = pipeline_scope_slug((pipeline_scope)k);
	dialog_form *df = evidence_form(e, "Delivery", why);
	if (!df)
		return NULL;
	form *f = &df->f;
	e->field[2] = form_add_choice(f, "Scope", scopes, PIPELINE_SCOPE_COUNT, 0);
	e->field[1] = add_date_field(e->c, f);
	e->field[0] = form_add_text(f, "Note", "", FORM_V_TEXT, false);
	return df;
}

static controller_end delivery_saved(ev_form *e, const form *f)
{
	char note[FORM_TEXT_MAX * 4 + 1], date[64];
	form_text(f, e->field[1], date, sizeof date);
	form_text(f, e->field[0], note, sizeof note);
	store_status s = store_set_delivery(e->c->st, e->id, e->ver, (pipeline_scope)form_choice(f, e->field[2]),
	                                    date, note[0] ? note : NULL);
	return evidence_saved(e, s, PIPELINE_EV_DELIVERY, 0, "Delivery", "Delivery recorded.");
}

/* The form closed: write what it says (the checklist also says why it
 * wrote nothing); a cancelled evidence form writes nothing. */
static void ev_done(void *ctx, screen *s)
{
	ev_form *e = ctx;
	bool saved;
	const form *f = controller_form_of(s, &saved);
	controller_end end = CONTROLLER_CANCELLED;
	switch (e->kind) {
	case PIPELINE_EV_CRITERION: end = checklist_saved(e, f, saved); break;
	case PIPELINE_EV_COMMITMENT: end = saved ? commitment_saved(e, f) : end; break;
	case PIPELINE_EV_BILLING_APPROVAL: end = saved ? approval_saved(e, f) : end; break;
	case PIPELINE_EV_INVOICE: end = saved ? invoice_saved(e, f) : end; break;
	case PIPELINE_EV_DELIVERY: end = saved ? delivery_saved(e, f) : end; break;
	case PIPELINE_EV_COUNT: break;
	}
	ev_finish(e, end);
}

void controller_evidence_form(controller *c, pipeline_evidence_kind k, int64_t id, int64_t ver,
                              const char *currency, const pipeline_refusal *why, controller_then then,
                              void *ctx, void (*then_free)(void *))
{
	ev_form *e = calloc(1, sizeof *e);
	if (!e) {
		controller_say(c, true, "Out of memory: the form cannot open.");
		if (then)
			then(ctx, CONTROLLER_FAILED, ver);
		return;
	}
	*e = (ev_form){ .c = c, .kind = k, .id = id, .ver = ver, .then = then, .then_ctx = ctx,
	                .then_free = then_free };
	snprintf(e->currency, sizeof e->currency, "%s", currency);
	dialog_form *df = NULL;
	switch (k) {
	case PIPELINE_EV_CRITERION: df = checklist_form(e, why); break;
	case PIPELINE_EV_COMMITMENT: df = commitment_form(e, why); break;
	case PIPELINE_EV_BILLING_APPROVAL: df = approval_form(e, why); break;
	case PIPELINE_EV_INVOICE: df = invoice_form(e, why); break;
	case PIPELINE_EV_DELIVERY: df = delivery_form(e, why); break;
	case PIPELINE_EV_COUNT: break;
	}
	if (!df) {
		/* No such kind, or the card could not be read (said). */
		ev_finish(e, CONTROLLER_FAILED);
		return;
	}
	if (!controller_open(c, &df->d, ev_done, e, ev_drop))
		ev_finish(e, CONTROLLER_CANCELLED);
}

void controller_stage_form(controller *c, pipeline_stage s, int64_t id, int64_t ver, const char *currency,
                           const pipeline_refusal *why, controller_then then, void *ctx,
                           void (*then_free)(void *))
{
	controller_evidence_form(c, pipeline_stage_entry(s), id, ver, currency, why, then, ctx, then_free);
}

/* ---- the keys that open them ----------------------------------------------- */

void controller_checklist(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	controller_evidence_form(c, PIPELINE_EV_CRITERION, k->id, k->version, k->currency, NULL, NULL, NULL, NULL);
}

typedef struct evidence_menu {
	controller *c;
	int64_t id, ver;
	char currency[MONEY_CODE_LEN + 1];
} evidence_menu;

static void evidence_chosen(void *ctx, screen *s)
{
	evidence_menu *m = ctx;
	int i = dialog_list_choice((dialog_list *)dialog_of(s));
	if (i >= 0 && i < PIPELINE_EV_COUNT)
		controller_evidence_form(m->c, (pipeline_evidence_kind)i, m->id, m->ver, m->currency, NULL, NULL,
		                         NULL, NULL);
	free(m);
}

void controller_evidence(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (!k)
		return;
	/* Every kind of evidence, in the catalogue's order: "Sales invoice
	 * (en Facturación)". */
	char labels[PIPELINE_EV_COUNT][FORM_LINE];
	const char *items[PIPELINE_EV_COUNT];
	for (int e = 0; e < PIPELINE_EV_COUNT; e++) {
		pipeline_evidence_kind kind = (pipeline_evidence_kind)e;
		snprintf(labels[e], sizeof labels[e], "%s (%s)", pipeline_evidence_info_of(kind)->label,
		         pipeline_stage_short(pipeline_evidence_opens(kind)));
		items[e] = labels[e];
	}
	evidence_menu *m = calloc(1, sizeof *m);
	if (!m) {
		controller_say(c, true, "Out of memory: the list cannot open.");
		return;
	}
	*m = (evidence_menu){ .c = c, .id = k->id, .ver = k->version };
	snprintf(m->currency, sizeof m->currency, "%s", k->currency);
	dialog_list *l = dialog_list_new(&c->cfg->keys, "Record evidence", items, PIPELINE_EV_COUNT, 0);
	controller_watch(c, l ? &l->d : NULL, m->id, m->ver, false);
	if (!controller_open(c, l ? &l->d : NULL, evidence_chosen, m, controller_free_ctx))
		free(m);
}
