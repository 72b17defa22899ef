/*
 * store_read: one opportunity with all its evidence, and its history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review/client.h"
#include "store/store_internal.h"
#include "util/text.h"

static void free_opp_strings(store_opp *o)
{
	free(o->title);
	free(o->client);
	free(o->line);
	free(o->owner);
	free(o->loss_note);
	for (int i = 0; i < PIPELINE_CRITERIA; i++) {
		free(o->criteria[i].who);
		free(o->criteria[i].at);
		free(o->criteria[i].note);
	}
	for (size_t i = 0; i < o->ncommitments; i++) {
		free(o->commitments[i].ref);
		free(o->commitments[i].who);
		free(o->commitments[i].at);
	}
	free(o->commitments);
	free(o->approval.ref);
	free(o->approval.who);
	free(o->approval.at);
	for (size_t i = 0; i < o->ninvoices; i++) {
		free(o->invoices[i].number);
		free(o->invoices[i].who);
		free(o->invoices[i].at);
	}
	free(o->invoices);
	free(o->delivery.note);
	free(o->delivery.who);
	free(o->delivery.at);
}

void store_opp_free(store_opp *o)
{
	if (!o)
		return;
	free_opp_strings(o);
	memset(o, 0, sizeof *o);
}

void store_card_free(store_card *c)
{
	if (!c)
		return;
	free(c->title);
	free(c->client);
	free(c->owner);
	memset(c, 0, sizeof *c);
}

void store_opp_state(const store_opp *o, pipeline_state *out)
{
	memset(out, 0, sizeof *out);
	out->stage = o->stage;
	out->lost_from = o->lost_from;
	for (int k = 0; k < PIPELINE_EV_COUNT; k++) {
		switch ((pipeline_evidence_kind)k) {
		case PIPELINE_EV_CRITERION:
			for (int i = 0; i < PIPELINE_CRITERIA; i++)
				out->ev.criteria[i] = o->criteria[i].met;
			break;
		case PIPELINE_EV_COMMITMENT:
			out->ev.commitments = (int)o->ncommitments;
			break;
		case PIPELINE_EV_BILLING_APPROVAL:
			out->ev.billing_approval = o->approval.present;
			break;
		case PIPELINE_EV_INVOICE:
			out->ev.invoices = (int)o->ninvoices;
			break;
		case PIPELINE_EV_DELIVERY:
			out->ev.delivery = o->delivery.present;
			break;
		case PIPELINE_EV_COUNT:
			break;
		}
	}
}

void store_filter_init(store_filter *f)
{
	memset(f, 0, sizeof *f);
	f->stage = -1;
}

store_status store_bad_value(store *st, int64_t id, const char *column, const char *value)
{
	char shown[64];

	/* The value is whatever someone wrote into the file: neutralised. */
	text_sanitize(value ? value : "NULL", shown, sizeof shown);
	return store_failed_on(st, store_fail(st, STORE_DAMAGED,
	                  "opportunity %lld has an unknown %s '%s': the database was changed by "
	                  "something other than embudo; check it with "
	                  "'sqlite3 FILE \"PRAGMA integrity_check\"' and 'embudo check', fix that "
	                  "row or restore a backup",
	                  (long long)id, column, shown), id);
}

/* Fills the opportunity's own columns from a row of OPP_COLUMNS. A stage
 * this build does not know is an error, never read as another stage: the
 * card would show up where it is not, and the rules would judge it wrong. */
static store_status read_row(store *st, sqlite3_stmt *s, store_opp *o)
{
	const char *v;

	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	o->version = sqlite3_column_int64(s, 1);
	o->position = sqlite3_column_int64(s, 2);
	v = (const char *)sqlite3_column_text(s, 10);
	if (!store_stage_from_slug(v, &o->stage))
		return store_bad_value(st, o->id, "stage", v);
	o->lost_from = o->stage;
	if (sqlite3_column_type(s, 11) != SQLITE_NULL) {
		v = (const char *)sqlite3_column_text(s, 11);
		if (!store_stage_from_slug(v, &o->lost_from)) {
			if (o->stage == PIPELINE_PERDIDA)
				return store_bad_value(st, o->id, "lost-from stage", v);
			o->lost_from = o->stage; /* unused outside perdida */
		}
	}
	o->title = store_column_dup(s, 3);
	o->client = store_column_dup(s, 4);
	o->line = store_column_dup(s, 5);
	o->owner = store_column_dup(s, 6);
	o->has_amount = sqlite3_column_type(s, 7) != SQLITE_NULL;
	o->amount = sqlite3_column_int64(s, 7);
	store_column_copy(s, 8, o->currency, sizeof o->currency);
	store_column_copy(s, 9, o->close_date, sizeof o->close_date);
	/* No reason is a lost card without one; an unknown one is damage. */
	v = (const char *)sqlite3_column_text(s, 12);
	o->has_loss = v && pipeline_loss_parse(v, &o->loss_reason)
	              && strcmp(v, pipeline_loss_slug(o->loss_reason)) == 0;
	if (v && !o->has_loss)
		return store_bad_value(st, o->id, "loss reason", v);
	o->loss_note = store_column_dup(s, 13);
	store_column_copy(s, 14, o->created, sizeof o->created);
	store_column_copy(s, 15, o->updated, sizeof o->updated);
	store_column_copy(s, 16, o->stage_since, sizeof o->stage_since);
	o->deleted = sqlite3_column_int(s, 17) != 0;
	store_column_copy(s, 18, o->activity, sizeof o->activity); /* kept (schema 6) */
	if (!o->title || !o->client || !o->line || !o->owner)
		return store_fail(st, STORE_ERROR, "out of memory");
	return STORE_OK;
}

/* One row of an evidence query into o: STORE_ERROR when out of memory,
 * STORE_DAMAGED for a kind or scope no embudo writes (store_bad_value). */
typedef store_status (*row_fn)(store *st, sqlite3_stmt *s, store_opp *o);

/* Runs sql, whose ?1 is the opportunity's id, handing every row to row. */
static store_status load_rows(store *st, store_opp *o, const char *sql, row_fn row,
                              const char *what)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, sql, &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, o->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_status r = row(st, s, o);

		if (r != STORE_OK) {
			store_release(st, s);
			return r;
		}
	}
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, what);
}

static store_status out_of_memory(store *st)
{
	return store_fail(st, STORE_ERROR, "out of memory");
}

static store_status criterion_row(store *st, sqlite3_stmt *s, store_opp *o)
{
	int n = sqlite3_column_int(s, 0);

	(void)st;
	if (n < 1 || n > PIPELINE_CRITERIA) /* the table's CHECK keeps them out */
		return STORE_OK;
	store_criterion *c = &o->criteria[n - 1];
	c->met = sqlite3_column_int(s, 1) != 0;
	c->who = store_column_dup(s, 2);
	c->at = store_column_dup(s, 3);
	c->note = store_column_dup(s, 4);
	return STORE_OK;
}

/* The lists grow one element at a time: a card has a handful of items. */
static store_status commitment_row(store *st, sqlite3_stmt *s, store_opp *o)
{
	const char *kind = (const char *)sqlite3_column_text(s, 1);
	pipeline_commitment k;

	/* Exactly the slug embudo writes: the parser forgives case and
	 * accents, a stored value is never "almost" a kind. */
	if (!kind || !pipeline_commitment_parse(kind, &k) || strcmp(kind, pipeline_commitment_slug(k)) != 0)
		return store_bad_value(st, o->id, "commitment kind", kind);
	store_commitment *p = realloc(o->commitments, (o->ncommitments + 1) * sizeof *p);

	if (!p)
		return out_of_memory(st);
	o->commitments = p;
	store_commitment *c = &o->commitments[o->ncommitments++];
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, 0);
	c->kind = k;
	c->ref = store_column_dup(s, 2);
	store_column_copy(s, 3, c->date, sizeof c->date);
	c->who = store_column_dup(s, 4);
	c->at = store_column_dup(s, 5);
	return STORE_OK;
}

static store_status invoice_row(store *st, sqlite3_stmt *s, store_opp *o)
{
	store_invoice *p = realloc(o->invoices, (o->ninvoices + 1) * sizeof *p);

	if (!p)
		return out_of_memory(st);
	o->invoices = p;
	store_invoice *v = &o->invoices[o->ninvoices++];
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(s, 0);
	v->number = store_column_dup(s, 1);
	store_column_copy(s, 2, v->date, sizeof v->date);
	v->has_amount = sqlite3_column_type(s, 3) != SQLITE_NULL;
	v->amount = sqlite3_column_int64(s, 3);
	v->who = store_column_dup(s, 4);
	v->at = store_column_dup(s, 5);
	return STORE_OK;
}

/* At most one live approval and delivery: the first row is the one. */
static store_status approval_row(store *st, sqlite3_stmt *s, store_opp *o)
{
	(void)st;
	if (o->approval.present)
		return STORE_OK;
	o->approval.present = true;
	o->approval.ref = store_column_dup(s, 0);
	store_column_copy(s, 1, o->approval.date, sizeof o->approval.date);
	o->approval.who = store_column_dup(s, 2);
	o->approval.at = store_column_dup(s, 3);
	o->approval.id = sqlite3_column_int64(s, 4);
	return STORE_OK;
}

static store_status delivery_row(store *st, sqlite3_stmt *s, store_opp *o)
{
	const char *scope = (const char *)sqlite3_column_text(s, 0);

	if (o->delivery.present)
		return STORE_OK;
	if (!scope || !pipeline_scope_parse(scope, &o->delivery.scope)
	    || strcmp(scope, pipeline_scope_slug(o->delivery.scope)) != 0)
		return store_bad_value(st, o->id, "delivery scope", scope);
	o->delivery.present = true;
	store_column_copy(s, 1, o->delivery.date, sizeof o->delivery.date);
	o->delivery.note = store_column_dup(s, 2);
	o->delivery.who = store_column_dup(s, 3);
	o->delivery.at = store_column_dup(s, 4);
	o->delivery.id = sqlite3_column_int64(s, 5);
	return STORE_OK;
}

static const struct {
	const char *sql;
	row_fn row;
	const char *what;
} evidence_loaders[] = {
	{ "SELECT n, met, who, at, note FROM criterion WHERE opp_id = ?",
	  criterion_row, "reading criteria" },
	{ "SELECT id, kind, ref, date, who, at FROM commitment"
	  " WHERE opp_id = ? AND retracted = 0 ORDER BY id",
	  commitment_row, "reading commitments" },
	{ "SELECT ref, date, who, at, id FROM billing_approval WHERE opp_id = ? AND retracted = 0",
	  approval_row, "reading the billing approval" },
	{ "SELECT id, number, date, amount, who, at FROM invoice"
	  " WHERE opp_id = ? AND retracted = 0 ORDER BY id",
	  invoice_row, "reading invoices" },
	{ "SELECT scope, date, note, who, at, id FROM delivery WHERE opp_id = ? AND retracted = 0",
	  delivery_row, "reading the delivery" },
};
_Static_assert(sizeof evidence_loaders / sizeof evidence_loaders[0] == PIPELINE_EV_COUNT,
               "one loader per kind of evidence");

/* The stages (as SQL string literals) where a card of the client may
 * count as billed, asked of review_billed: a card there, or lost from
 * there. The query only narrows the rows through the index; review
 * decides on each row it returns. */
static void billed_stages(strbuf *b)
{
	bool first = true;

	for (int i = 0; i < PIPELINE_STAGE_COUNT; i++) {
		pipeline_stage s = (pipeline_stage)i;

		if (s == PIPELINE_PERDIDA || !review_billed(s, s))
			continue;
		strbuf_appendf(b, "%s'%s'", first ? "" : ", ", pipeline_stage_slug(s));
		first = false;
	}
	if (first)
		strbuf_append(b, "''");
}

/* Derived, never stored: is the client existing (review_existing_client)?
 * The store hands over the client's other opportunities that can count,
 * the same client as `list --client` means it: case and accents ignored
 * (text_fold), the whole name. Through the folded client_key index; while
 * rows written by something else than embudo wait to be indexed again
 * (search_stale), through the rows' own folded text instead. */
static store_status load_existing_client(store *st, store_opp *o)
{
	strbuf stages = STRBUF_INIT, sql = STRBUF_INIT;
	sqlite3_stmt *s;
	bool stale = false;
	int rc;

	if (store_search_stale(st, &stale) != STORE_OK)
		return STORE_ERROR;
	char *key = text_fold_dup(o->client);
	if (!key)
		return store_fail(st, STORE_ERROR, "out of memory");
	const char *match = stale ? "embudo_fold(client) = ?1" : "client_key = ?1";
	billed_stages(&stages);
	/* Two index searches (client_key, stage); an OR would make SQLite
	 * walk every opportunity of the client. */
	strbuf_appendf(&sql,
	               "SELECT stage, lost_from, deleted FROM opportunity"
	               " WHERE %s AND stage IN (%s) AND id <> ?3"
	               " UNION ALL SELECT stage, lost_from, deleted FROM opportunity"
	               " WHERE %s AND stage = ?2 AND lost_from IN (%s) AND id <> ?3",
	               match, strbuf_str(&stages), match, strbuf_str(&stages));
	store_status r = strbuf_failed(&stages) || strbuf_failed(&sql)
	                 ? store_fail(st, STORE_ERROR, "out of memory")
	                 : store_prepare(st, strbuf_str(&sql), &s);
	strbuf_free(&stages);
	strbuf_free(&sql);
	if (r != STORE_OK) {
		free(key);
		return STORE_ERROR;
	}
	store_bind_text(s, 1, key);
	free(key);
	store_bind_text(s, 2, pipeline_stage_slug(PIPELINE_PERDIDA));
	sqlite3_bind_int64(s, 3, o->id);
	/* One at a time: the first billed one decides. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		review_client_opp other = { .deleted = sqlite3_column_int(s, 2) != 0 };

		if (!store_stage_from_slug((const char *)sqlite3_column_text(s, 0), &other.stage))
			continue;
		other.lost_from = other.stage;
		if (sqlite3_column_type(s, 1) != SQLITE_NULL
		    && !store_stage_from_slug((const char *)sqlite3_column_text(s, 1), &other.lost_from))
			continue;
		if (review_existing_client(&other, 1)) {
			o->existing_client = true;
			break;
		}
	}
	store_release(st, s);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? STORE_OK
	                                               : store_sql_fail(st, "reading the client");
}

store_status store_opp_complete(store *st, store_opp *o, bool derived)
{
	store_status s = STORE_OK;

	for (size_t i = 0; s == STORE_OK && i < sizeof evidence_loaders / sizeof evidence_loaders[0]; i++)
		s = load_rows(st, o, evidence_loaders[i].sql, evidence_loaders[i].row,
		              evidence_loaders[i].what);
	if (s == STORE_OK && derived)
		s = load_existing_client(st, o);
	if (s != STORE_OK)
		store_opp_free(o);
	return s;
}

store_status store_opp_from_row(store *st, sqlite3_stmt *s, store_opp *o)
{
	store_status r = read_row(st, s, o);

	if (r != STORE_OK) {
		store_opp_free(o);
		return r;
	}
	return store_opp_complete(st, o, true);
}

store_status store_get(store *st, int64_t id, store_opp *out)
{
	return store_load(st, id, true, out);
}

static const char SQL_LOAD_OPP[] = "SELECT " STORE_OPP_COLUMNS " FROM opportunity o WHERE o.id = ?";

/* A change reads its card whole first (store_tx_load). */
void store_read_warm(store *st)
{
	static const char *const sql[] = { SQL_LOAD_OPP };
	store_warm_list(st, sql, sizeof sql / sizeof sql[0]);
	for (size_t i = 0; i < sizeof evidence_loaders / sizeof evidence_loaders[0]; i++)
		store_warm_list(st, &evidence_loaders[i].sql, 1);
}

/* The row, its evidence and its derived figures: store_load's snapshot. */
static store_status load_opp(store *st, int64_t id, bool derived, store_opp *out)
{
	sqlite3_stmt *s;
	store_status r;
	int rc;

	if (store_prepare(st, SQL_LOAD_OPP, &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		store_release(st, s);
		return store_failed_on(st, store_fail(st, STORE_NOT_FOUND, "no opportunity %lld",
		                                      (long long)id), id);
	}
	if (rc != SQLITE_ROW) {
		r = store_sql_fail(st, "reading an opportunity");
		store_release(st, s);
		return r;
	}
	r = read_row(st, s, out);
	store_release(st, s);
	if (r != STORE_OK) {
		store_opp_free(out);
		return r;
	}
	return store_opp_complete(st, out, derived);
}

store_status store_load(store *st, int64_t id, bool derived, store_opp *out)
{
	store_status r;

	memset(out, 0, sizeof *out);
	if ((r = store_read_begin(st)) != STORE_OK)
		return r;
	r = load_opp(st, id, derived, out);
	store_read_end(st);
	return r;
}

void store_opp_invoiced(const store_opp *o, invoiced *out)
{
	invoiced_init(out);
	for (size_t i = 0; i < o->ninvoices; i++)
		invoiced_add(out, o->invoices[i].has_amount, o->invoices[i].amount);
}

void store_opp_invoiced_text(const store_opp *o, char *buf, size_t bufsz)
{
	invoiced v;

	store_opp_invoiced(o, &v);
	invoiced_text(&v, o->has_amount, o->amount, o->currency, buf, bufsz);
}
