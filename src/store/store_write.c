/*
 * store_write: creating, editing, deleting and restoring opportunities.
 * Each call is one transaction holding the change and its history rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* The cleaned values of a store_fields (owned copies). */
typedef struct clean_fields {
	char *title, *client, *line, *owner, *close_date;
	char currency[MONEY_CODE_LEN + 1];
	bool has_currency;
} clean_fields;

static void clean_free(clean_fields *c)
{
	free(c->title);
	free(c->client);
	free(c->line);
	free(c->owner);
	free(c->close_date);
}

static store_status clean(store *st, const store_fields *f, bool adding, clean_fields *c)
{
	memset(c, 0, sizeof *c);
	if (store_clean_text(st, "the title", f->title, adding, &c->title) != STORE_OK
	    || store_clean_text(st, "the client", f->client, adding, &c->client) != STORE_OK
	    || store_clean_text(st, "the service line", f->line, false, &c->line) != STORE_OK
	    || store_clean_text(st, "the owner", f->owner, false, &c->owner) != STORE_OK
	    || store_clean_text(st, "the close date", f->close_date, false, &c->close_date)
	               != STORE_OK)
		return STORE_INVALID;
	/* On edit NULL leaves a field alone, but title and client may never
	 * become empty. */
	if (c->title && !*c->title)
		return store_fail(st, STORE_INVALID, "the title must not be empty");
	if (c->client && !*c->client)
		return store_fail(st, STORE_INVALID, "the client must not be empty");
	if (c->close_date && *c->close_date && !date_valid(c->close_date))
		return store_fail(st, STORE_INVALID,
		                  "the close date must be a real date written YYYY-MM-DD");
	if (f->currency) {
		if (store_check_text(st, "the currency", f->currency) != STORE_OK)
			return STORE_INVALID;
		if (!money_currency_normalize(f->currency, c->currency)
		    || !money_currency_valid(c->currency))
			return store_fail(st, STORE_INVALID,
			                  "the currency must be an ISO 4217 code such as CLP, USD or CLF");
		c->has_currency = true;
	}
	if (f->set_amount && f->has_amount && f->amount < 0)
		return store_fail(st, STORE_INVALID, "the amount must not be negative");
	return STORE_OK;
}

static void amount_text(bool has, int64_t amount, const char *currency, char *buf, size_t sz)
{
	char num[48];

	if (!has) {
		snprintf(buf, sz, "%s", "");
		return;
	}
	money_format(amount, currency, num, sizeof num);
	snprintf(buf, sz, "%s %s", num, currency);
}

store_status store_add(store *st, const store_fields *f, int64_t *id_out)
{
	char now[DATE_TS_LEN + 1];
	clean_fields c;
	sqlite3_stmt *s = NULL;
	int64_t pos = 0, id;
	store_status r;

	if (id_out)
		*id_out = 0;
	if (!f)
		return store_fail(st, STORE_INVALID, "no fields given");
	r = clean(st, f, true, &c);
	if (r != STORE_OK) {
		clean_free(&c);
		return r;
	}
	if (!c.has_currency)
		snprintf(c.currency, sizeof c.currency, "%s", MONEY_DEFAULT_CURRENCY);
	if ((r = store_tx_begin(st)) != STORE_OK) {
		clean_free(&c);
		return r;
	}
	store_timestamp(st, now);
	r = store_column_end(st, PIPELINE_INMADURA, &pos);
	if (r == STORE_OK)
		r = store_prepare(st,
		                  "INSERT INTO opportunity (title, client, line, owner, amount, currency,"
		                  " close_date, stage, position, created, updated, stage_since)"
		                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &s);
	if (r == STORE_OK) {
		store_bind_text(s, 1, c.title);
		store_bind_text(s, 2, c.client);
		store_bind_text(s, 3, c.line ? c.line : "");
		store_bind_text(s, 4, c.owner && *c.owner ? c.owner : st->actor);
		if (f->set_amount && f->has_amount)
			sqlite3_bind_int64(s, 5, f->amount);
		else
			sqlite3_bind_null(s, 5);
		store_bind_text(s, 6, c.currency);
		store_bind_text(s, 7, c.close_date ? c.close_date : "");
		store_bind_text(s, 8, pipeline_stage_slug(PIPELINE_INMADURA));
		sqlite3_bind_int64(s, 9, pos);
		store_bind_text(s, 10, now);
		store_bind_text(s, 11, now);
		store_bind_text(s, 12, now);
		if (sqlite3_step(s) != SQLITE_DONE)
			r = store_sql_fail(st, "adding an opportunity");
		store_release(st, s);
	}
	id = sqlite3_last_insert_rowid(st->db);
	if (r == STORE_OK)
		r = store_search_index(st, id);
	if (r == STORE_OK) {
		/* Creation enters Inmadura, with the amount it starts with. */
		store_event e;

		store_event_init(&e, REVIEW_EV_CREATE);
		e.new_value = c.title;
		e.to = PIPELINE_INMADURA;
		e.has_amount = f->set_amount && f->has_amount;
		e.amount = e.has_amount ? f->amount : 0;
		memcpy(e.currency, c.currency, sizeof e.currency);
		r = store_log_event(st, id, &e);
	}
	clean_free(&c);
	if (r == STORE_OK)
		r = store_tx_commit(st);
	else
		store_tx_rollback(st);
	if (r == STORE_OK && id_out)
		*id_out = id;
	return r;
}

/* An edit of one field: its text shown, old and new (for every field but
 * the amount the raw values themselves). */
static void edit_event(store_event *e, const char *field, const char *old_value,
                       const char *new_value)
{
	store_event_init(e, REVIEW_EV_EDIT);
	e->field = field;
	e->old_value = old_value;
	e->new_value = new_value;
}

/* Records one edited field when it changed; *changed counts them. */
static store_status log_field(store *st, int64_t id, const char *field, const char *old_value,
                              const char *new_value, int *changed)
{
	store_event e;

	if (strcmp(old_value, new_value) == 0)
		return STORE_OK;
	(*changed)++;
	edit_event(&e, field, old_value, new_value);
	return store_log_event(st, id, &e);
}

/* The currency and the amount: typed, each with its old value. The
 * amount's text changes with the currency (it is written in it), so a new
 * currency under an amount records both. */
static store_status log_money(store *st, const store_opp *o, bool has_amount, int64_t amount,
                              const char *currency, int *changed)
{
	char old_amount[64], new_amount[64];
	store_event e;
	store_status r = STORE_OK;

	if (strcmp(o->currency, currency) != 0) {
		(*changed)++;
		edit_event(&e, "currency", o->currency, currency);
		memcpy(e.currency, currency, MONEY_CODE_LEN + 1);
		memcpy(e.old_currency, o->currency, sizeof e.old_currency);
		r = store_log_event(st, o->id, &e);
	}
	amount_text(o->has_amount, o->amount, o->currency, old_amount, sizeof old_amount);
	amount_text(has_amount, amount, currency, new_amount, sizeof new_amount);
	if (r != STORE_OK || strcmp(old_amount, new_amount) == 0)
		return r;
	(*changed)++;
	edit_event(&e, "amount", old_amount, new_amount);
	e.has_amount = has_amount;
	e.amount = has_amount ? amount : 0;
	memcpy(e.currency, currency, MONEY_CODE_LEN + 1);
	e.has_old_amount = o->has_amount;
	e.old_amount = o->has_amount ? o->amount : 0;
	memcpy(e.old_currency, o->currency, sizeof e.old_currency);
	return store_log_event(st, o->id, &e);
}

typedef struct edit_args {
	const store_fields *f;
	const clean_fields *c;
} edit_args;

static store_status edit_tx(store *st, store_opp *o, void *arg)
{
	const edit_args *a = arg;
	const store_fields *f = a->f;
	const clean_fields *c = a->c;
	int64_t id = o->id;
	const char *title, *client, *line, *owner, *currency, *close_date;
	bool has_amount;
	int64_t amount;
	int changed = 0;
	sqlite3_stmt *s;
	store_status r;

	title = c->title ? c->title : o->title;
	client = c->client ? c->client : o->client;
	line = c->line ? c->line : o->line;
	owner = c->owner ? c->owner : o->owner;
	currency = c->has_currency ? c->currency : o->currency;
	close_date = c->close_date ? c->close_date : o->close_date;
	has_amount = f->set_amount ? f->has_amount : o->has_amount;
	amount = f->set_amount ? (f->has_amount ? f->amount : 0) : o->amount;

	r = log_field(st, id, "title", o->title, title, &changed);
	if (r == STORE_OK)
		r = log_field(st, id, "client", o->client, client, &changed);
	if (r == STORE_OK)
		r = log_field(st, id, "line", o->line, line, &changed);
	if (r == STORE_OK)
		r = log_field(st, id, "owner", o->owner, owner, &changed);
	if (r == STORE_OK)
		r = log_money(st, o, has_amount, amount, currency, &changed);
	if (r == STORE_OK)
		r = log_field(st, id, "close-date", o->close_date, close_date, &changed);
	if (r == STORE_OK && changed) {
		r = store_prepare(st, "UPDATE opportunity SET title = ?, client = ?, line = ?, owner = ?,"
		                      " amount = ?, currency = ?, close_date = ? WHERE id = ?", &s);
		if (r == STORE_OK) {
			store_bind_text(s, 1, title);
			store_bind_text(s, 2, client);
			store_bind_text(s, 3, line);
			store_bind_text(s, 4, owner);
			if (has_amount)
				sqlite3_bind_int64(s, 5, amount);
			else
				sqlite3_bind_null(s, 5);
			store_bind_text(s, 6, currency);
			store_bind_text(s, 7, close_date);
			sqlite3_bind_int64(s, 8, id);
			if (sqlite3_step(s) != SQLITE_DONE)
				r = store_sql_fail(st, "editing an opportunity");
			store_release(st, s);
		}
		/* The filters' indexes, in this transaction (store_search.c). */
		if (r == STORE_OK)
			r = store_search_index(st, id);
		if (r == STORE_OK)
			r = store_bump(st, id);
	}
	return r;
}

store_status store_edit(store *st, int64_t id, int64_t expect_version, const store_fields *f)
{
	clean_fields c;
	store_status r;

	if (!f)
		return store_fail(st, STORE_INVALID, "no fields given");
	r = clean(st, f, false, &c);
	if (r == STORE_OK) {
		edit_args a = { f, &c };

		r = store_tx_run(st, id, expect_version, edit_tx, &a);
	}
	clean_free(&c);
	return r;
}

/* Whether a live card other than id holds position pos in stage. */
static store_status position_taken(store *st, pipeline_stage stage, int64_t pos, int64_t id,
                                   bool *taken)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT EXISTS (SELECT 1 FROM opportunity WHERE stage = ?"
	                      " AND deleted = 0 AND position = ? AND id <> ?)", &s) != STORE_OK)
		return STORE_ERROR;
	store_bind_text(s, 1, pipeline_stage_slug(stage));
	sqlite3_bind_int64(s, 2, pos);
	sqlite3_bind_int64(s, 3, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*taken = sqlite3_column_int(s, 0) != 0;
	store_release(st, s);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "finding a card's place");
}

static store_status set_deleted(store *st, int64_t id, int64_t expect_version, bool deleted)
{
	sqlite3_stmt *s;
	store_opp o;
	int64_t pos = 0;
	store_status r;

	if ((r = store_tx_begin(st)) != STORE_OK)
		return r;
	r = store_tx_load(st, id, expect_version, true, &o);
	if (r != STORE_OK) {
		store_tx_rollback(st);
		return r;
	}
	if (o.deleted == deleted)
		r = store_failed_on(st, deleted
		                        ? store_fail(st, STORE_DELETED, "opportunity %lld is already deleted",
		                                     (long long)id)
		                        : store_fail(st, STORE_NOT_DELETED, "opportunity %lld is not deleted",
		                                     (long long)id), id);
	/* A restored card comes back to its old place, so that undoing a
	 * delete loses nothing; at the end of its column when a live card
	 * holds that position now (store_column_end counts live cards only,
	 * so a card added or moved in since may have been given it). */
	pos = o.position;
	if (r == STORE_OK && !deleted) {
		bool taken = false;

		r = position_taken(st, o.stage, o.position, id, &taken);
		if (r == STORE_OK && taken)
			r = store_column_end(st, o.stage, &pos);
	}
	if (r == STORE_OK)
		r = store_prepare(st, "UPDATE opportunity SET deleted = ?, position = ? WHERE id = ?", &s);
	if (r == STORE_OK) {
		sqlite3_bind_int(s, 1, deleted);
		sqlite3_bind_int64(s, 2, pos);
		sqlite3_bind_int64(s, 3, id);
		if (sqlite3_step(s) != SQLITE_DONE)
			r = store_sql_fail(st, deleted ? "deleting" : "restoring");
		store_release(st, s);
	}
	if (r == STORE_OK) {
		store_event e;

		store_event_init(&e, deleted ? REVIEW_EV_DELETE : REVIEW_EV_RESTORE);
		r = store_log_event(st, id, &e);
	}
	if (r == STORE_OK)
		r = store_bump(st, id);
	store_opp_free(&o);
	if (r == STORE_OK)
		return store_tx_commit(st);
	store_tx_rollback(st);
	return r;
}

store_status store_delete(store *st, int64_t id, int64_t expect_version)
{
	return set_deleted(st, id, expect_version, true);
}

store_status store_restore(store *st, int64_t id, int64_t expect_version)
{
	return set_deleted(st, id, expect_version, false);
}
