/*
 * store_upgrade: the upgrade of the history written before schema 4, once,
 * inside the migration's transaction. It fills each old row's typed
 * columns (store.h, "history") from its text; this is the one place that
 * reads that text, and it reads it only to find what the row already
 * names, checking each finding against the rows it refers to:
 *   - a stage change: its old and new values are stage slugs; the steps of
 *     one multi-step move are the consecutive move rows of one change (the
 *     same second, actor and note, each starting where the one before
 *     ended): every step but the last passed through its stage;
 *   - evidence recorded: the n-th commitment (approval, invoice, delivery)
 *     row of a card is the n-th one of its table, as each insert wrote one
 *     row of each; the text must be the one that evidence row gives;
 *   - a retraction: the withdrawn row of that kind whose text is the one
 *     recorded, created before and not claimed by another retraction;
 *   - amounts: "NUM CUR" as money_format wrote it (parsed back exactly);
 *     an invoice's currency is the card's at the time (its currency edits);
 *     a creation's amount and currency are those before the first edit.
 * A row that does not agree keeps NULL typed columns and `embudo check`
 * lists it: nothing is guessed.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/grow.h"

/* One old history row. */
typedef struct old_row {
	int64_t id;
	char *at, *who, *what, *field, *old_value, *new_value, *note;
} old_row;

/* One evidence row of the card, as its history text would name it. */
typedef struct ev_row {
	int64_t id;
	char *a, *b, *c;   /* commitment: kind, ref, date; approval: ref, date;
	                    * invoice: number, date; delivery: scope, date */
	bool has_amount;   /* invoice */
	int64_t amount;
	bool retracted;
	bool created;      /* its creation row has been met */
	bool claimed;      /* a retraction row claimed it */
} ev_row;

typedef struct ev_list {
	ev_row *v;
	size_t n, next; /* next: the one the next creation row names */
} ev_list;

/* The card being upgraded. */
typedef struct card {
	int64_t id;
	bool has_amount;
	int64_t amount;
	char currency[MONEY_CODE_LEN + 1];
	old_row *rows;
	size_t nrows;
	ev_list ev[PIPELINE_EV_COUNT]; /* criteria unused */
} card;

static const char *const EV_SQL[PIPELINE_EV_COUNT] = {
	[PIPELINE_EV_CRITERION] = NULL,
	[PIPELINE_EV_COMMITMENT] =
		"SELECT id, kind, ref, date, NULL, retracted FROM commitment WHERE opp_id = ? ORDER BY id",
	[PIPELINE_EV_BILLING_APPROVAL] =
		"SELECT id, ref, date, NULL, NULL, retracted FROM billing_approval WHERE opp_id = ?"
		" ORDER BY id",
	[PIPELINE_EV_INVOICE] =
		"SELECT id, number, date, NULL, amount, retracted FROM invoice WHERE opp_id = ? ORDER BY id",
	[PIPELINE_EV_DELIVERY] =
		"SELECT id, scope, date, NULL, NULL, retracted FROM delivery WHERE opp_id = ? ORDER BY id",
};

static void card_free(card *k)
{
	for (size_t i = 0; i < k->nrows; i++) {
		old_row *r = &k->rows[i];
		free(r->at);
		free(r->who);
		free(r->what);
		free(r->field);
		free(r->old_value);
		free(r->new_value);
		free(r->note);
	}
	free(k->rows);
	for (int e = 0; e < PIPELINE_EV_COUNT; e++) {
		for (size_t i = 0; i < k->ev[e].n; i++) {
			free(k->ev[e].v[i].a);
			free(k->ev[e].v[i].b);
			free(k->ev[e].v[i].c);
		}
		free(k->ev[e].v);
	}
	memset(k, 0, sizeof *k);
}

static store_status oom(store *st)
{
	return store_fail(st, STORE_ERROR, "out of memory upgrading the history");
}

/* ---- loading ----------------------------------------------------------- */

static store_status load_rows(store *st, card *k)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (store_prepare(st, "SELECT id, at, who, what, field, old_value, new_value, note"
	                      " FROM history WHERE opp_id = ? ORDER BY id", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, k->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		old_row *g = grow_array(k->rows, &cap, k->nrows, sizeof *k->rows, 16);
		if (!g) {
			store_release(st, s);
			return oom(st);
		}
		k->rows = g;
		old_row *r = &k->rows[k->nrows++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		r->at = store_column_dup(s, 1);
		r->who = store_column_dup(s, 2);
		r->what = store_column_dup(s, 3);
		r->field = store_column_dup(s, 4);
		r->old_value = store_column_dup(s, 5);
		r->new_value = store_column_dup(s, 6);
		r->note = store_column_dup(s, 7);
	}
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "upgrading the history");
}

static store_status load_evidence(store *st, card *k, pipeline_evidence_kind e)
{
	ev_list *l = &k->ev[e];
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (!EV_SQL[e])
		return STORE_OK;
	if (store_prepare(st, EV_SQL[e], &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, k->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ev_row *g = grow_array(l->v, &cap, l->n, sizeof *l->v, 16);
		if (!g) {
			store_release(st, s);
			return oom(st);
		}
		l->v = g;
		ev_row *r = &l->v[l->n++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		r->a = store_column_dup(s, 1);
		r->b = store_column_dup(s, 2);
		r->c = store_column_dup(s, 3);
		r->has_amount = sqlite3_column_type(s, 4) != SQLITE_NULL;
		r->amount = sqlite3_column_int64(s, 4);
		r->retracted = sqlite3_column_int(s, 5) != 0;
	}
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "upgrading the history");
}

/* ---- the texts the rows were written with ------------------------------ */

/* The text the writers gave an evidence row (store_evidence.c), with the
 * invoice's amount in `currency`; NULL when out of memory. */
static char *evidence_text(pipeline_evidence_kind e, const ev_row *r, const char *currency)
{
	char num[48];

	switch (e) {
	case PIPELINE_EV_COMMITMENT:
		return store_printf("%s: %s %s", r->a ? r->a : "", r->b ? r->b : "", r->c ? r->c : "");
	case PIPELINE_EV_BILLING_APPROVAL:
	case PIPELINE_EV_DELIVERY:
		return store_printf("%s %s", r->a ? r->a : "", r->b ? r->b : "");
	case PIPELINE_EV_INVOICE:
		if (!r->has_amount)
			return store_printf("%s %s", r->a ? r->a : "", r->b ? r->b : "");
		money_format(r->amount, currency, num, sizeof num);
		return store_printf("%s %s %s %s", r->a ? r->a : "", r->b ? r->b : "", num, currency);
	case PIPELINE_EV_CRITERION:
	case PIPELINE_EV_COUNT:
		break;
	}
	return NULL;
}

/* Whether text is what evidence row r was recorded as; for an invoice,
 * in the card's currency then or the one its text ends with. The currency
 * that agrees goes into *used. -1 when out of memory. */
static int names_row(pipeline_evidence_kind e, const ev_row *r, const char *text,
                     const char *currency, char used[MONEY_CODE_LEN + 1])
{
	const char *tail = text ? strrchr(text, ' ') : NULL;
	const char *tries[2] = { currency, tail && money_currency_valid(tail + 1) ? tail + 1 : NULL };

	if (!text)
		return 0;
	for (int i = 0; i < 2; i++) {
		if (!tries[i] || (i == 1 && (e != PIPELINE_EV_INVOICE || !r->has_amount)))
			continue;
		char *want = evidence_text(e, r, tries[i]);
		if (!want)
			return -1;
		bool same = strcmp(want, text) == 0;
		free(want);
		if (same) {
			snprintf(used, MONEY_CODE_LEN + 1, "%s", tries[i]);
			return 1;
		}
	}
	return 0;
}

/* "NUM CUR" as money_format and a code wrote it, or "" for none; false
 * for anything else (a number that does not read back the same). */
static bool parse_amount(const char *text, bool *has, int64_t *amount,
                         char currency[MONEY_CODE_LEN + 1])
{
	char num[48], again[48], err[128];
	const char *sp;

	*has = false;
	*amount = 0;
	if (!text)
		return false;
	if (!text[0])
		return true;
	sp = strrchr(text, ' ');
	if (!sp || sp == text || (size_t)(sp - text) >= sizeof num || !money_currency_valid(sp + 1))
		return false;
	memcpy(num, text, (size_t)(sp - text));
	num[sp - text] = '\0';
	if (!money_parse(num, sp + 1, amount, err, sizeof err))
		return false;
	money_format(*amount, sp + 1, again, sizeof again);
	if (strcmp(again, num) != 0)
		return false;
	memcpy(currency, sp + 1, MONEY_CODE_LEN + 1);
	*has = true;
	return true;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool stage_of(const char *slug, pipeline_stage *out)
{
	return slug && store_stage_from_slug(slug, out);
}

/* ---- one card ---------------------------------------------------------- */

/* The amount and currency the card was created with: before its first
 * amount and currency edits. False when an edit's text cannot be read. */
static bool created_money(const card *k, bool *has, int64_t *amount,
                          char currency[MONEY_CODE_LEN + 1])
{
	bool amount_seen = false, currency_seen = false;

	*has = k->has_amount;
	*amount = k->amount;
	memcpy(currency, k->currency, MONEY_CODE_LEN + 1);
	for (size_t i = 0; i < k->nrows; i++) {
		const old_row *r = &k->rows[i];
		char code[MONEY_CODE_LEN + 1] = "";

		if (!r->what || strcmp(r->what, "edit") != 0 || !r->field)
			continue;
		if (!currency_seen && !strcmp(r->field, "currency")) {
			if (!r->old_value || !money_currency_valid(r->old_value))
				return false;
			memcpy(currency, r->old_value, MONEY_CODE_LEN + 1);
			currency_seen = true;
		} else if (!amount_seen && !strcmp(r->field, "amount")) {
			if (!parse_amount(r->old_value, has, amount, code))
				return false;
			amount_seen = true;
			if (*has && !currency_seen) {
				memcpy(currency, code, sizeof code);
				currency_seen = true;
			}
		}
	}
	return true;
}

/* The evidence row a creation row of kind e names: the next of its list. */
static void typed_creation(card *k, pipeline_evidence_kind e, const old_row *r,
                           const char *currency, store_event *t, int *err)
{
	ev_list *l = &k->ev[e];
	char used[MONEY_CODE_LEN + 1] = "";

	if (l->next >= l->n)
		return;
	ev_row *x = &l->v[l->next++];
	x->created = true;
	int same = names_row(e, x, r->new_value, currency, used);
	if (same < 0) {
		*err = 1;
		return;
	}
	if (!same)
		return;
	t->evidence = e;
	t->item = x->id;
	if (e == PIPELINE_EV_INVOICE) {
		t->has_amount = x->has_amount;
		t->amount = x->amount;
		memcpy(t->currency, used[0] ? used : currency, MONEY_CODE_LEN + 1);
	}
}

/* The withdrawn row a retraction names: the latest created one of its
 * kind, withdrawn and unclaimed, whose text is the one recorded. */
static void typed_retraction(card *k, pipeline_evidence_kind e, const old_row *r,
                             const char *currency, store_event *t, int *err)
{
	ev_list *l = &k->ev[e];

	for (size_t i = l->n; i-- > 0;) {
		ev_row *x = &l->v[i];
		char used[MONEY_CODE_LEN + 1] = "";

		if (!x->created || !x->retracted || x->claimed)
			continue;
		int same = names_row(e, x, r->old_value, currency, used);
		if (same < 0) {
			*err = 1;
			return;
		}
		if (!same)
			continue;
		x->claimed = true;
		t->evidence = e;
		t->item = x->id;
		if (e == PIPELINE_EV_INVOICE) {
			t->has_amount = x->has_amount;
			t->amount = x->amount;
			memcpy(t->currency, used[0] ? used : currency, MONEY_CODE_LEN + 1);
		}
		return;
	}
}

/* "criterion-N" with N in 1..5, else 0. */
static int criterion_number(const char *field)
{
	if (!field || strncmp(field, "criterion-", 10) != 0 || strlen(field) != 11)
		return 0;
	int n = field[10] - '0';
	return n >= 1 && n <= PIPELINE_CRITERIA ? n : 0;
}

/* The next row ends this move step's stay before it began: the same
 * change (the next id, the same second, actor and note), a move from the
 * stage this one entered. */
static bool passed_through(const card *k, size_t i, pipeline_stage to)
{
	pipeline_stage from;

	if (i + 1 >= k->nrows)
		return false;
	const old_row *r = &k->rows[i], *n = &k->rows[i + 1];
	return n->id == r->id + 1 && n->what && !strcmp(n->what, "move") && same_text(n->at, r->at)
	    && same_text(n->who, r->who) && same_text(n->note, r->note)
	    && stage_of(n->old_value, &from) && from == to;
}

/* A retraction's field: exactly the slug of a kind that is retracted. */
static bool exact_retract_kind(const char *field, pipeline_evidence_kind *out)
{
	return field && pipeline_evidence_parse(field, out)
	    && strcmp(field, pipeline_evidence_slug(*out)) == 0 && *out != PIPELINE_EV_CRITERION;
}

/* The typed columns of row i, as far as they can be read (a row that
 * cannot be read keeps them all none). currency is the card's as the
 * walk goes; made_* the creation's amount (made_currency NULL: unknown). */
static void type_row(card *k, size_t i, char currency[MONEY_CODE_LEN + 1], const bool *made_has,
                     const int64_t *made_amount, const char *made_currency, store_event *t,
                     int *err)
{
	const old_row *r = &k->rows[i];
	review_event_kind kind;
	pipeline_evidence_kind ev = PIPELINE_EV_COUNT;
	pipeline_stage from, to;
	pipeline_loss reason;

	store_event_init(t, REVIEW_EV_COUNT);
	if (!review_event_parse(r->what, &kind, &ev))
		return;
	t->kind = kind;
	switch (kind) {
	case REVIEW_EV_CREATE:
		if (!made_currency)
			return;
		t->to = PIPELINE_INMADURA;
		t->has_amount = *made_has;
		t->amount = *made_amount;
		memcpy(t->currency, made_currency, MONEY_CODE_LEN + 1);
		return;
	case REVIEW_EV_EDIT:
		if (r->field && !strcmp(r->field, "currency")) {
			if (r->new_value && money_currency_valid(r->new_value)
			    && r->old_value && money_currency_valid(r->old_value)) {
				memcpy(t->currency, r->new_value, MONEY_CODE_LEN + 1);
				memcpy(t->old_currency, r->old_value, MONEY_CODE_LEN + 1);
			}
			if (r->new_value && money_currency_valid(r->new_value))
				memcpy(currency, r->new_value, MONEY_CODE_LEN + 1);
		} else if (r->field && !strcmp(r->field, "amount")) {
			bool has_new, has_old;
			int64_t new_amount, old_amount;
			char new_code[MONEY_CODE_LEN + 1] = "", old_code[MONEY_CODE_LEN + 1] = "";

			if (!parse_amount(r->new_value, &has_new, &new_amount, new_code)
			    || !parse_amount(r->old_value, &has_old, &old_amount, old_code))
				return;
			/* "" names no currency: the card's then, which for the old
			 * value is the one before a currency edit of this same
			 * change (written just before this row). */
			const char *before = currency;
			const old_row *p = i > 0 ? &k->rows[i - 1] : NULL;
			if (p && p->id == r->id - 1 && p->what && !strcmp(p->what, "edit") && p->field
			    && !strcmp(p->field, "currency") && same_text(p->at, r->at)
			    && p->old_value && money_currency_valid(p->old_value))
				before = p->old_value;
			t->has_amount = has_new;
			t->amount = new_amount;
			memcpy(t->currency, has_new ? new_code : currency, MONEY_CODE_LEN + 1);
			t->has_old_amount = has_old;
			t->old_amount = old_amount;
			memcpy(t->old_currency, has_old ? old_code : before, MONEY_CODE_LEN + 1);
		}
		return;
	case REVIEW_EV_EVIDENCE:
		if (ev == PIPELINE_EV_CRITERION) {
			int n = criterion_number(r->field);
			if (n && r->old_value && r->new_value) {
				t->evidence = ev;
				t->item = n;
			}
			return;
		}
		typed_creation(k, ev, r, currency, t, err);
		return;
	case REVIEW_EV_NOTE: {
		int n = criterion_number(r->field);
		if (n) {
			t->evidence = PIPELINE_EV_CRITERION;
			t->item = n;
		}
		return;
	}
	case REVIEW_EV_RETRACT:
		if (exact_retract_kind(r->field, &ev))
			typed_retraction(k, ev, r, currency, t, err);
		return;
	case REVIEW_EV_MOVE:
		if (stage_of(r->old_value, &from) && stage_of(r->new_value, &to)) {
			t->from = from;
			t->to = to;
			t->through = passed_through(k, i, to);
		}
		return;
	case REVIEW_EV_LOSE:
		if (r->field && !strcmp(r->field, "reason")) {
			if (r->new_value && pipeline_loss_parse(r->new_value, &reason)
			    && !strcmp(r->new_value, pipeline_loss_slug(reason)))
				t->reason = reason;
			return;
		}
		/* The reason is the next row's, written with it. */
		if (stage_of(r->old_value, &from) && stage_of(r->new_value, &to)
		    && to == PIPELINE_PERDIDA && i + 1 < k->nrows) {
			const old_row *n = &k->rows[i + 1];
			if (n->id == r->id + 1 && n->what && !strcmp(n->what, "lose") && n->field
			    && !strcmp(n->field, "reason") && n->new_value
			    && pipeline_loss_parse(n->new_value, &reason)
			    && !strcmp(n->new_value, pipeline_loss_slug(reason))) {
				t->from = from;
				t->to = to;
				t->reason = reason;
			}
		}
		return;
	case REVIEW_EV_REOPEN:
		if (stage_of(r->old_value, &from) && stage_of(r->new_value, &to)) {
			t->from = from;
			t->to = to;
		}
		return;
	case REVIEW_EV_DELETE:
	case REVIEW_EV_RESTORE:
	case REVIEW_EV_REORDER:
	case REVIEW_EV_COUNT:
		return;
	}
}

/* ---- writing them ------------------------------------------------------ */

static void bind_stage(sqlite3_stmt *s, int i, pipeline_stage v)
{
	store_bind_text(s, i, v < PIPELINE_STAGE_COUNT ? pipeline_stage_slug(v) : NULL);
}

static void bind_int(sqlite3_stmt *s, int i, bool has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static bool anything(const store_event *t)
{
	return t->from < PIPELINE_STAGE_COUNT || t->to < PIPELINE_STAGE_COUNT
	    || t->evidence < PIPELINE_EV_COUNT || t->item || t->currency[0] || t->old_currency[0]
	    || t->reason < PIPELINE_LOSS_COUNT;
}

static store_status write_row(store *st, int64_t id, const store_event *t)
{
	sqlite3_stmt *s;
	int rc;

	if (!anything(t))
		return STORE_OK;
	if (store_prepare(st, "UPDATE history SET stage_from = ?, stage_to = ?, through = ?,"
	                      " evidence = ?, item_id = ?, amount = ?, currency = ?, old_amount = ?,"
	                      " old_currency = ?, reason = ? WHERE id = ?", &s) != STORE_OK)
		return STORE_ERROR;
	bind_stage(s, 1, t->from);
	bind_stage(s, 2, t->to);
	sqlite3_bind_int(s, 3, t->through ? 1 : 0);
	store_bind_text(s, 4, t->evidence < PIPELINE_EV_COUNT ? pipeline_evidence_slug(t->evidence)
	                                                      : NULL);
	bind_int(s, 5, t->item != 0, t->item);
	bind_int(s, 6, t->has_amount, t->amount);
	store_bind_text(s, 7, t->currency[0] ? t->currency : NULL);
	bind_int(s, 8, t->has_old_amount, t->old_amount);
	store_bind_text(s, 9, t->old_currency[0] ? t->old_currency : NULL);
	store_bind_text(s, 10, t->reason < PIPELINE_LOSS_COUNT ? pipeline_loss_slug(t->reason) : NULL);
	sqlite3_bind_int64(s, 11, id);
	rc = sqlite3_step(s);
	store_release(st, s);
	return rc == SQLITE_DONE ? STORE_OK : store_sql_fail(st, "upgrading the history");
}

static store_status upgrade_card(store *st, card *k)
{
	bool made_has = false;
	int64_t made_amount = 0;
	char made_currency[MONEY_CODE_LEN + 1], currency[MONEY_CODE_LEN + 1];
	store_status r = load_rows(st, k);
	bool known;
	int err = 0;

	for (int e = 0; r == STORE_OK && e < PIPELINE_EV_COUNT; e++)
		r = load_evidence(st, k, (pipeline_evidence_kind)e);
	if (r != STORE_OK)
		return r;
	known = created_money(k, &made_has, &made_amount, made_currency);
	/* The walk starts in the currency the card was created in. */
	memcpy(currency, known ? made_currency : k->currency, sizeof currency);
	for (size_t i = 0; r == STORE_OK && i < k->nrows; i++) {
		store_event t;

		type_row(k, i, currency, &made_has, &made_amount, known ? made_currency : NULL, &t,
		         &err);
		if (err)
			return oom(st);
		r = write_row(st, k->rows[i].id, &t);
	}
	return r;
}

store_status store_upgrade_history(store *st)
{
	sqlite3_stmt *s;
	store_status r = STORE_OK;
	int rc;

	if (store_prepare(st, "SELECT id, amount, currency FROM opportunity ORDER BY id", &s)
	    != STORE_OK)
		return STORE_ERROR;
	while (r == STORE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		card k;

		memset(&k, 0, sizeof k);
		k.id = sqlite3_column_int64(s, 0);
		k.has_amount = sqlite3_column_type(s, 1) != SQLITE_NULL;
		k.amount = sqlite3_column_int64(s, 1);
		store_column_copy(s, 2, k.currency, sizeof k.currency);
		r = upgrade_card(st, &k);
		card_free(&k);
	}
	store_release(st, s);
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = store_sql_fail(st, "upgrading the history");
	return r;
}
