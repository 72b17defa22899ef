/*
 * store_evidence: recording and retracting the evidence the stages need
 * (criteria, commitments, billing approval, invoices, delivery).
 * Recording never moves a card; retracting what its stage depends on is
 * refused by the pipeline rules.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/text.h"

/* The catalogue's name of a kind of evidence: the history's what and field. */
#define EV_SLUG(kind) pipeline_evidence_slug(PIPELINE_EV_##kind)

/* Runs one SQL statement binding the given texts and integers in order:
 * fmt has one letter per parameter, 't' text, 'i' int64, 'n' NULL. */
static store_status run_sql(store *st, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s;
	va_list ap;
	int rc;

	if (store_prepare(st, sql, &s) != STORE_OK)
		return STORE_ERROR;
	va_start(ap, fmt);
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 't')
			store_bind_text(s, i + 1, va_arg(ap, const char *));
		else if (fmt[i] == 'i')
			sqlite3_bind_int64(s, i + 1, va_arg(ap, int64_t));
		else
			sqlite3_bind_null(s, i + 1);
	}
	va_end(ap);
	rc = sqlite3_step(s);
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "recording evidence");
}

/* A history row about evidence of kind ev, item `item`: kind k is
 * REVIEW_EV_EVIDENCE (recorded), REVIEW_EV_RETRACT or REVIEW_EV_NOTE. The
 * text shown is field, old and new as they always were. */
static void evidence_event(store_event *e, review_event_kind k, pipeline_evidence_kind ev,
                           int64_t item, const char *field, const char *old_value,
                           const char *new_value, const char *note)
{
	store_event_init(e, k);
	e->evidence = ev;
	e->item = item;
	e->field = field;
	e->old_value = old_value;
	e->new_value = new_value;
	e->note = note;
}

/* An invoice's amount (when it has one) and the card's currency. */
static void invoice_money(store_event *e, bool has_amount, int64_t amount, const char *currency)
{
	e->has_amount = has_amount;
	e->amount = has_amount ? amount : 0;
	snprintf(e->currency, sizeof e->currency, "%s", currency);
}

/* A note: optional, trimmed, "" means none. */
static store_status clean_note(store *st, const char *note, char **out)
{
	store_status r = store_clean_text(st, "the note", note, false, out);

	if (r == STORE_OK && *out && !**out) {
		free(*out);
		*out = NULL;
	}
	return r;
}

/* ---- criteria --------------------------------------------------------- */

typedef struct criterion_args {
	int n;
	bool met;
	const char *note;
	pipeline_refusal *why;
	store_criterion_outcome outcome;
} criterion_args;

static store_status criterion_tx(store *st, store_opp *o, void *arg)
{
	criterion_args *a = arg;
	char field[16], at[DATE_TS_LEN + 1];
	pipeline_state state;
	pipeline_refusal why;
	store_status r;

	store_event e;

	assert(a->n >= 1 && a->n <= PIPELINE_CRITERIA);
	snprintf(field, sizeof field, "criterion-%d", a->n);
	/* Already so: the card does not change (nor its version), but a note
	 * given with it is kept, as a history row of its own. */
	if (o->criteria[a->n - 1].met == a->met) {
		if (!a->note) {
			a->outcome = STORE_CRITERION_ALREADY;
			return STORE_OK;
		}
		a->outcome = STORE_CRITERION_NOTED;
		evidence_event(&e, REVIEW_EV_NOTE, PIPELINE_EV_CRITERION, a->n, field, NULL, NULL,
		               a->note);
		return store_log_event(st, o->id, &e);
	}
	a->outcome = STORE_CRITERION_CHANGED;
	store_opp_state(o, &state);
	if (!a->met) {
		pipeline_evidence after = state.ev;

		after.criteria[a->n - 1] = false;
		pipeline_refusal_clear(&why);
		if (!pipeline_check_retract(&state, &after, &why))
			return store_refuse(st, &why, a->why, "untick the criterion");
	}
	store_timestamp(st, at);
	r = run_sql(st, "INSERT INTO criterion (opp_id, n, met, who, at, note) VALUES (?, ?, ?, ?, ?, ?)"
	                " ON CONFLICT (opp_id, n) DO UPDATE SET met = excluded.met,"
	                " who = excluded.who, at = excluded.at, note = excluded.note",
	            "iiittt", o->id, (int64_t)a->n, (int64_t)a->met, st->actor, at, a->note);
	evidence_event(&e, REVIEW_EV_EVIDENCE, PIPELINE_EV_CRITERION, a->n, field,
	               a->met ? "unmet" : "met", a->met ? "met" : "unmet", a->note);
	if (r == STORE_OK)
		r = store_log_event(st, o->id, &e);
	if (r == STORE_OK)
		r = store_bump(st, o->id);
	return r;
}

store_status store_set_criterion(store *st, int64_t id, int64_t expect_version, int n, bool met,
                                 const char *note, pipeline_refusal *why)
{
	return store_set_criterion_ex(st, id, expect_version, n, met, note, why, NULL);
}

store_status store_set_criterion_ex(store *st, int64_t id, int64_t expect_version, int n,
                                    bool met, const char *note, pipeline_refusal *why,
                                    store_criterion_outcome *outcome)
{
	criterion_args a = { n, met, NULL, why, STORE_CRITERION_CHANGED };
	char *clean = NULL;
	store_status r;

	if (why)
		pipeline_refusal_clear(why);
	if (n < 1 || n > PIPELINE_CRITERIA)
		return store_fail(st, STORE_INVALID, "criterion %d does not exist: they are numbered 1 to %d",
		                  n, PIPELINE_CRITERIA);
	if ((r = clean_note(st, note, &clean)) != STORE_OK)
		return r;
	a.note = clean;
	r = store_tx_run(st, id, expect_version, criterion_tx, &a);
	free(clean);
	if (outcome)
		*outcome = a.outcome;
	return r;
}

/* ---- commitments, approval, invoices, delivery ------------------------ */

typedef struct item_args {
	int kind; /* commitment kind or delivery scope */
	const char *ref, *note;
	char date[DATE_LEN + 1];
	bool has_amount;
	int64_t amount;
	int64_t *item_id;
} item_args;

static store_status commitment_tx(store *st, store_opp *o, void *arg)
{
	item_args *a = arg;
	char at[DATE_TS_LEN + 1], *desc;
	const char *kind = pipeline_commitment_slug((pipeline_commitment)a->kind);
	store_event e;
	store_status r;

	store_timestamp(st, at);
	r = run_sql(st, "INSERT INTO commitment (opp_id, kind, ref, date, who, at)"
	                " VALUES (?, ?, ?, ?, ?, ?)",
	            "ittttt", o->id, kind, a->ref, a->date, st->actor, at);
	if (r != STORE_OK)
		return r;
	int64_t item = sqlite3_last_insert_rowid(st->db);
	if (a->item_id)
		*a->item_id = item;
	if (!(desc = store_printf("%s: %s %s", kind, a->ref, a->date)))
		return store_fail(st, STORE_ERROR, "out of memory");
	evidence_event(&e, REVIEW_EV_EVIDENCE, PIPELINE_EV_COMMITMENT, item, EV_SLUG(COMMITMENT), NULL,
	               desc, NULL);
	r = store_log_event(st, o->id, &e);
	free(desc);
	return r == STORE_OK ? store_bump(st, o->id) : r;
}

/* Validates a reference (commitment ref, approval ref, invoice number) and
 * a date argument into a, then runs fn on the opportunity in one
 * transaction. */
static store_status run_item(store *st, int64_t id, int64_t expect_version, const char *what,
                             const char *ref, const char *date, store_tx_fn fn, item_args *a)
{
	char *clean = NULL;
	store_status r = store_clean_text(st, what, ref, true, &clean);

	if (r == STORE_OK)
		r = store_clean_date(st, "the date", date, a->date);
	if (r == STORE_OK) {
		a->ref = clean;
		r = store_tx_run(st, id, expect_version, fn, a);
	}
	free(clean);
	return r;
}

store_status store_add_commitment(store *st, int64_t id, int64_t expect_version,
                                  pipeline_commitment kind, const char *ref, const char *date,
                                  int64_t *item_id)
{
	item_args a = { 0 };

	if (item_id)
		*item_id = 0;
	if ((int)kind < 0 || kind >= PIPELINE_COMMIT_COUNT) {
		char kinds[256];

		return store_fail(st, STORE_INVALID, "unknown commitment kind: use %s",
		                  pipeline_list_text(PIPELINE_LIST_COMMITMENTS, ", ", " or ", kinds,
		                                     sizeof kinds));
	}
	a.kind = (int)kind;
	a.item_id = item_id;
	return run_item(st, id, expect_version, "the commitment reference", ref, date,
	                commitment_tx, &a);
}

static store_status approval_tx(store *st, store_opp *o, void *arg)
{
	item_args *a = arg;
	char at[DATE_TS_LEN + 1], *desc, *old = NULL;
	store_status r = STORE_OK;

	if (o->approval.present) {
		if (!(old = store_printf("%s %s", o->approval.ref, o->approval.date)))
			return store_fail(st, STORE_ERROR, "out of memory");
		r = run_sql(st, "UPDATE billing_approval SET retracted = 1 WHERE opp_id = ? AND retracted = 0",
		            "i", o->id);
	}
	store_timestamp(st, at);
	if (r == STORE_OK)
		r = run_sql(st, "INSERT INTO billing_approval (opp_id, ref, date, who, at) VALUES (?, ?, ?, ?, ?)",
		            "itttt", o->id, a->ref, a->date, st->actor, at);
	int64_t item = sqlite3_last_insert_rowid(st->db);
	desc = store_printf("%s %s", a->ref, a->date);
	if (r == STORE_OK && !desc)
		r = store_fail(st, STORE_ERROR, "out of memory");
	if (r == STORE_OK) {
		store_event e;

		evidence_event(&e, REVIEW_EV_EVIDENCE, PIPELINE_EV_BILLING_APPROVAL, item,
		               EV_SLUG(BILLING_APPROVAL), old, desc, NULL);
		r = store_log_event(st, o->id, &e);
	}
	free(desc);
	free(old);
	return r == STORE_OK ? store_bump(st, o->id) : r;
}

store_status store_set_billing_approval(store *st, int64_t id, int64_t expect_version,
                                        const char *ref, const char *date)
{
	item_args a = { 0 };

	return run_item(st, id, expect_version, "the approval reference", ref, date, approval_tx, &a);
}

/* The history text of an invoice, on the heap (NULL when out of memory). */
static char *invoice_text(const char *number, const char *date, bool has_amount, int64_t amount,
                          const char *currency)
{
	char num[48];

	if (!has_amount)
		return store_printf("%s %s", number, date);
	money_format(amount, currency, num, sizeof num);
	return store_printf("%s %s %s %s", number, date, num, currency);
}

/* One invoice number is recorded once per opportunity (case and accents
 * ignored, as every name): the same invoice twice would count twice
 * towards what was invoiced. A retracted one does not count: it is not
 * among o's invoices. */
static store_status check_invoice_number(store *st, const store_opp *o, const char *number)
{
	char *key = text_fold_dup(number);
	const store_invoice *same = NULL;

	if (!key)
		return store_fail(st, STORE_ERROR, "out of memory");
	for (size_t i = 0; i < o->ninvoices && !same; i++) {
		char *other = text_fold_dup(o->invoices[i].number);

		if (!other) {
			free(key);
			return store_fail(st, STORE_ERROR, "out of memory");
		}
		if (strcmp(key, other) == 0)
			same = &o->invoices[i];
		free(other);
	}
	free(key);
	if (!same)
		return STORE_OK;
	return store_fail(st, STORE_REFUSED,
	                  "invoice %s is already recorded on opportunity %lld (item %lld, dated %s); "
	                  "an invoice number counts once: retract item %lld first if it was wrong",
	                  same->number, (long long)o->id, (long long)same->id, same->date,
	                  (long long)same->id);
}

static store_status invoice_tx(store *st, store_opp *o, void *arg)
{
	item_args *a = arg;
	char at[DATE_TS_LEN + 1], *desc;
	store_status r = check_invoice_number(st, o, a->ref);

	if (r != STORE_OK)
		return r;
	store_timestamp(st, at);
	if (a->has_amount)
		r = run_sql(st, "INSERT INTO invoice (opp_id, number, date, amount, who, at)"
		                " VALUES (?, ?, ?, ?, ?, ?)",
		            "ittitt", o->id, a->ref, a->date, a->amount, st->actor, at);
	else
		r = run_sql(st, "INSERT INTO invoice (opp_id, number, date, amount, who, at)"
		                " VALUES (?, ?, ?, ?, ?, ?)",
		            "ittntt", o->id, a->ref, a->date, st->actor, at);
	if (r != STORE_OK)
		return r;
	int64_t item = sqlite3_last_insert_rowid(st->db);
	if (a->item_id)
		*a->item_id = item;
	if (!(desc = invoice_text(a->ref, a->date, a->has_amount, a->amount, o->currency)))
		return store_fail(st, STORE_ERROR, "out of memory");
	store_event e;
	evidence_event(&e, REVIEW_EV_EVIDENCE, PIPELINE_EV_INVOICE, item, EV_SLUG(INVOICE), NULL, desc,
	               NULL);
	invoice_money(&e, a->has_amount, a->amount, o->currency);
	r = store_log_event(st, o->id, &e);
	free(desc);
	return r == STORE_OK ? store_bump(st, o->id) : r;
}

store_status store_add_invoice(store *st, int64_t id, int64_t expect_version, const char *number,
                               const char *date, bool has_amount, int64_t amount,
                               int64_t *item_id)
{
	item_args a = { 0 };

	if (item_id)
		*item_id = 0;
	if (has_amount && amount < 0)
		return store_fail(st, STORE_INVALID, "the invoice amount must not be negative");
	a.has_amount = has_amount;
	a.amount = amount;
	a.item_id = item_id;
	return run_item(st, id, expect_version, "the invoice number", number, date, invoice_tx, &a);
}

static store_status delivery_tx(store *st, store_opp *o, void *arg)
{
	item_args *a = arg;
	char at[DATE_TS_LEN + 1], desc[128], old[128];
	const char *scope = pipeline_scope_slug((pipeline_scope)a->kind);
	store_status r = STORE_OK;

	if (o->delivery.present) {
		snprintf(old, sizeof old, "%s %s", pipeline_scope_slug(o->delivery.scope),
		         o->delivery.date);
		r = run_sql(st, "UPDATE delivery SET retracted = 1 WHERE opp_id = ? AND retracted = 0",
		            "i", o->id);
	}
	store_timestamp(st, at);
	if (r == STORE_OK)
		r = run_sql(st, "INSERT INTO delivery (opp_id, scope, date, note, who, at)"
		                " VALUES (?, ?, ?, ?, ?, ?)",
		            "ittttt", o->id, scope, a->date, a->note, st->actor, at);
	int64_t item = sqlite3_last_insert_rowid(st->db);
	snprintf(desc, sizeof desc, "%s %s", scope, a->date);
	if (r == STORE_OK) {
		store_event e;

		evidence_event(&e, REVIEW_EV_EVIDENCE, PIPELINE_EV_DELIVERY, item, EV_SLUG(DELIVERY),
		               o->delivery.present ? old : NULL, desc, a->note);
		r = store_log_event(st, o->id, &e);
	}
	return r == STORE_OK ? store_bump(st, o->id) : r;
}

store_status store_set_delivery(store *st, int64_t id, int64_t expect_version,
                                pipeline_scope scope, const char *date, const char *note)
{
	item_args a = { 0 };
	char *clean = NULL;
	store_status r;

	if ((int)scope < 0 || scope >= PIPELINE_SCOPE_COUNT) {
		char names[256];

		return store_fail(st, STORE_INVALID, "unknown delivery scope: use %s",
		                  pipeline_list_text(PIPELINE_LIST_SCOPES, ", ", " or ", names,
		                                     sizeof names));
	}
	r = store_clean_date(st, "the delivery date", date, a.date);
	if (r == STORE_OK)
		r = clean_note(st, note, &clean);
	if (r == STORE_OK) {
		a.kind = (int)scope;
		a.note = clean;
		r = store_tx_run(st, id, expect_version, delivery_tx, &a);
	}
	free(clean);
	return r;
}

/* ---- retraction ------------------------------------------------------- */

typedef struct retract_args {
	pipeline_evidence_kind kind;
	int64_t item_id;
	pipeline_refusal *why;
} retract_args;

/* The statement that retracts kind k: when the catalogue says a card holds
 * many, the item named (?1 the item, ?2 the card), else the card's live
 * one (?1 the card). NULL for the checklist, which is unticked instead. */
static const char *retract_sql(pipeline_evidence_kind k)
{
	switch (k) {
	case PIPELINE_EV_COMMITMENT:
		return "UPDATE commitment SET retracted = 1 WHERE id = ? AND opp_id = ?";
	case PIPELINE_EV_INVOICE:
		return "UPDATE invoice SET retracted = 1 WHERE id = ? AND opp_id = ?";
	case PIPELINE_EV_BILLING_APPROVAL:
		return "UPDATE billing_approval SET retracted = 1 WHERE opp_id = ? AND retracted = 0";
	case PIPELINE_EV_DELIVERY:
		return "UPDATE delivery SET retracted = 1 WHERE opp_id = ? AND retracted = 0";
	case PIPELINE_EV_CRITERION:
	case PIPELINE_EV_COUNT:
		break;
	}
	return NULL;
}

/* The live item of kind a->kind that a retraction takes (a->item_id when
 * there can be many), as its history text in *desc and its item (and an
 * invoice's amount) in the typed event e; false when there is none such. */
static bool retract_item(const store_opp *o, const retract_args *a, char **desc, store_event *e)
{
	*desc = NULL;
	switch (a->kind) {
	case PIPELINE_EV_COMMITMENT:
		for (size_t i = 0; i < o->ncommitments; i++) {
			const store_commitment *c = &o->commitments[i];

			if (c->id == a->item_id) {
				*desc = store_printf("%s: %s %s", pipeline_commitment_slug(c->kind),
				                     c->ref, c->date);
				return true;
			}
		}
		return false;
	case PIPELINE_EV_INVOICE:
		for (size_t i = 0; i < o->ninvoices; i++) {
			const store_invoice *v = &o->invoices[i];

			if (v->id == a->item_id) {
				*desc = invoice_text(v->number, v->date, v->has_amount, v->amount,
				                     o->currency);
				invoice_money(e, v->has_amount, v->amount, o->currency);
				return true;
			}
		}
		return false;
	case PIPELINE_EV_BILLING_APPROVAL:
		e->item = o->approval.id;
		if (o->approval.present)
			*desc = store_printf("%s %s", o->approval.ref, o->approval.date);
		return o->approval.present;
	case PIPELINE_EV_DELIVERY:
		e->item = o->delivery.id;
		if (o->delivery.present)
			*desc = store_printf("%s %s", pipeline_scope_slug(o->delivery.scope),
			                     o->delivery.date);
		return o->delivery.present;
	case PIPELINE_EV_CRITERION: /* refused by store_retract */
	case PIPELINE_EV_COUNT:
		break;
	}
	return false;
}

static store_status retract_tx(store *st, store_opp *o, void *arg)
{
	retract_args *a = arg;
	const pipeline_evidence_info *e = pipeline_evidence_info_of(a->kind);
	pipeline_state state;
	pipeline_evidence after;
	pipeline_refusal why;
	const char *sql = retract_sql(a->kind);
	char *desc = NULL;
	store_event ev;
	store_status r;

	if (!sql)
		return store_fail(st, STORE_INVALID,
		                  "criteria are unticked with the criterion command, not retracted");
	evidence_event(&ev, REVIEW_EV_RETRACT, a->kind, a->item_id, e->slug, NULL, NULL, NULL);
	if (!retract_item(o, a, &desc, &ev)) {
		store_failed_on(st, store_fail(st, STORE_NOT_FOUND,
		                               "opportunity %lld has no such %s to retract",
		                               (long long)o->id, e->slug), o->id);
		st->fail.item = true;
		return STORE_NOT_FOUND;
	}
	if (!desc)
		return store_fail(st, STORE_ERROR, "out of memory");
	store_opp_state(o, &state);
	after = state.ev;
	pipeline_evidence_take(&after, a->kind);
	pipeline_refusal_clear(&why);
	if (!pipeline_check_retract(&state, &after, &why)) {
		free(desc);
		return store_refuse(st, &why, a->why, "retract it");
	}

	if (e->count == PIPELINE_MANY)
		r = run_sql(st, sql, "ii", a->item_id, o->id);
	else
		r = run_sql(st, sql, "i", o->id);
	ev.old_value = desc;
	if (r == STORE_OK)
		r = store_log_event(st, o->id, &ev);
	free(desc);
	return r == STORE_OK ? store_bump(st, o->id) : r;
}

store_status store_retract(store *st, int64_t id, int64_t expect_version,
                           pipeline_evidence_kind kind, int64_t item_id, pipeline_refusal *why)
{
	retract_args a = { kind, item_id, why };

	if (why)
		pipeline_refusal_clear(why);
	if ((int)kind < 0 || kind >= PIPELINE_EV_COUNT)
		return store_fail(st, STORE_INVALID, "unknown kind of evidence");
	if (pipeline_evidence_info_of(kind)->count == PIPELINE_NUMBERED)
		return store_fail(st, STORE_INVALID,
		                  "criteria are unticked with the criterion command, not retracted");
	return store_tx_run(st, id, expect_version, retract_tx, &a);
}
