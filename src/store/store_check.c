/*
 * store_check: the consistency check behind `embudo check`, like
 * `git fsck`. Read-only and in one snapshot: SQLite's own integrity and
 * foreign-key checks, then what embudo keeps true itself. The rules are
 * the pipeline's (pipeline_check_invariant); this file only asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/strbuf.h"
#include "util/text.h"

typedef struct checker {
	store *st;
	store_problem_cb cb;
	void *ctx;
	store_check_report *rep;
	bool stop; /* the callback asked to stop */
} checker;

static void problem(checker *k, int64_t opp, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void problem(checker *k, int64_t opp, const char *fmt, ...)
{
	strbuf line = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vappendf(&line, fmt, ap);
	va_end(ap);
	k->rep->problems++;
	const char *text = strbuf_failed(&line) ? "(out of memory writing this problem)"
	                                        : strbuf_str(&line);
	if (!k->stop && k->cb && k->cb(opp, text, k->ctx) != 0)
		k->stop = true;
	strbuf_free(&line);
}

/* Text from the file goes into a problem line neutralised. */
static void shown(const unsigned char *v, char *out, size_t outsz)
{
	text_sanitize(v ? (const char *)v : "NULL", out, outsz);
}

/* A statement whose every row is a problem: fn turns a row into its line. */
typedef void (*row_fn)(checker *k, sqlite3_stmt *s);

static store_status each_row(checker *k, const char *sql, row_fn fn, const char *doing)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	if (store_prepare(k->st, sql, &s) != STORE_OK)
		return store_sql_fail(k->st, doing);
	while (!k->stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(k, s);
	store_release(k->st, s);
	if (!k->stop && rc != SQLITE_DONE)
		return store_sql_fail(k->st, doing);
	return STORE_OK;
}

/* ---- SQLite's own checks ----------------------------------------------- */

static void integrity_row(checker *k, sqlite3_stmt *s)
{
	char text[512];

	shown(sqlite3_column_text(s, 0), text, sizeof text);
	if (strcmp(text, "ok") != 0)
		problem(k, 0, "SQLite integrity check: %s", text);
}

static void foreign_key_row(checker *k, sqlite3_stmt *s)
{
	char table[64], parent[64];

	shown(sqlite3_column_text(s, 0), table, sizeof table);
	shown(sqlite3_column_text(s, 2), parent, sizeof parent);
	problem(k, 0, "%s row %lld refers to a missing %s row", table,
	        (long long)sqlite3_column_int64(s, 1), parent);
}

/* ---- each opportunity -------------------------------------------------- */

/* The stage the history says the card went to last: the typed stage_to of
 * its last stage entry (creation, move, lose, reopen); Inmadura when none
 * says (rows without typed columns are listed by typed_history). */
static store_status history_stage(checker *k, const store_opp *o)
{
	sqlite3_stmt *s;
	char last[64] = "";
	bool moved = false;
	int rc = SQLITE_DONE;

	if (store_prepare(k->st, "SELECT stage_to, what FROM history WHERE opp_id = ?"
	                         " AND stage_to IS NOT NULL ORDER BY id DESC LIMIT 1", &s) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, o->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		review_event_kind kind;

		shown(sqlite3_column_text(s, 0), last, sizeof last);
		/* Its creation entered Inmadura: no move since. */
		moved = !review_event_parse((const char *)sqlite3_column_text(s, 1), &kind, NULL)
		        || kind != REVIEW_EV_CREATE;
	}
	store_release(k->st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(k->st, "reading the history");
	if (!moved && o->stage != PIPELINE_INMADURA)
		problem(k, o->id, "opportunity %lld is in %s, but its history never moved it from %s",
		        (long long)o->id, pipeline_stage_slug(o->stage),
		        pipeline_stage_slug(PIPELINE_INMADURA));
	else if (moved && strcmp(last, pipeline_stage_slug(o->stage)) != 0)
		problem(k, o->id, "opportunity %lld is in %s, but the last stage change of its history "
		        "took it to %s", (long long)o->id, pipeline_stage_slug(o->stage), last);
	return STORE_OK;
}

/* Its stage justified by its evidence: the pipeline's invariant. */
static void rules(checker *k, const store_opp *o)
{
	pipeline_state state;
	pipeline_refusal why;
	strbuf codes = STRBUF_INIT;

	store_opp_state(o, &state);
	if (!pipeline_state_valid(&state)) {
		problem(k, o->id, "opportunity %lld is lost without a stage of the flow it was lost from",
		        (long long)o->id);
		return;
	}
	pipeline_refusal_clear(&why);
	if (pipeline_check_invariant(&state, &why))
		return;
	for (int i = 0; i < why.count; i++)
		strbuf_appendf(&codes, "%s%s", i ? ", " : "", pipeline_req_code(why.items[i]));
	problem(k, o->id, "opportunity %lld is in %s without the evidence its stage needs: %s",
	        (long long)o->id, pipeline_stage_slug(o->stage),
	        strbuf_failed(&codes) ? "(out of memory)" : strbuf_str(&codes));
	strbuf_free(&codes);
}

static store_status opportunities(checker *k)
{
	sqlite3_stmt *s;
	store_status r = STORE_OK;
	int rc = SQLITE_DONE;

	if (store_prepare(k->st, "SELECT id FROM opportunity ORDER BY id", &s) != STORE_OK)
		return STORE_ERROR;
	while (!k->stop && r == STORE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		store_opp o;

		k->rep->opportunities++;
		r = store_load(k->st, id, false, &o);
		if (r == STORE_DAMAGED) {
			store_failure f;

			/* A value no embudo writes, in this row (a stage, a kind):
			 * reported, and on. Damage SQLite met is no one row's. */
			store_last_failure(k->st, &f);
			if (f.opp == id) {
				problem(k, id, "%s", store_message(k->st));
				r = STORE_OK;
				continue;
			}
		}
		if (r != STORE_OK)
			break;
		rules(k, &o);
		r = history_stage(k, &o);
		store_opp_free(&o);
	}
	store_release(k->st, s);
	if (r == STORE_OK && !k->stop && rc != SQLITE_DONE)
		r = store_sql_fail(k->st, "reading the opportunities");
	return r;
}

/* ---- the typed history ------------------------------------------------- */

/* Every history row's typed columns say what its kind needs (store.h,
 * "history"), in words this build writes. */
static store_status typed_history(checker *k)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	if (store_prepare(k->st, "SELECT " STORE_HISTORY_COLUMNS " FROM history ORDER BY id", &s)
	    != STORE_OK)
		return STORE_ERROR;
	while (!k->stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_event e;
		char why[128], what[64];

		store_event_from_row(s, &e, why, sizeof why);
		if (e.typed)
			continue;
		shown((const unsigned char *)e.what, what, sizeof what);
		problem(k, e.opp_id, "history row %lld of opportunity %lld (%s) has %s: its text was not "
		        "read into typed columns when the database was upgraded, or something other "
		        "than embudo wrote it; the figures leave it out",
		        (long long)e.id, (long long)e.opp_id, what, why);
	}
	store_release(k->st, s);
	if (!k->stop && rc != SQLITE_DONE)
		return store_sql_fail(k->st, "reading the history");
	return STORE_OK;
}

/* The evidence tables, by kind: a typed history row names a row of one. */
static const struct {
	pipeline_evidence_kind kind;
	const char *sql;
} ITEM_CHECKS[] = {
	{ PIPELINE_EV_COMMITMENT,
	  "SELECT h.id, h.opp_id, h.item_id FROM history h WHERE h.evidence = ? AND NOT EXISTS"
	  " (SELECT 1 FROM commitment x WHERE x.id = h.item_id AND x.opp_id = h.opp_id) ORDER BY h.id" },
	{ PIPELINE_EV_BILLING_APPROVAL,
	  "SELECT h.id, h.opp_id, h.item_id FROM history h WHERE h.evidence = ? AND NOT EXISTS"
	  " (SELECT 1 FROM billing_approval x WHERE x.id = h.item_id AND x.opp_id = h.opp_id)"
	  " ORDER BY h.id" },
	{ PIPELINE_EV_INVOICE,
	  "SELECT h.id, h.opp_id, h.item_id FROM history h WHERE h.evidence = ? AND NOT EXISTS"
	  " (SELECT 1 FROM invoice x WHERE x.id = h.item_id AND x.opp_id = h.opp_id) ORDER BY h.id" },
	{ PIPELINE_EV_DELIVERY,
	  "SELECT h.id, h.opp_id, h.item_id FROM history h WHERE h.evidence = ? AND NOT EXISTS"
	  " (SELECT 1 FROM delivery x WHERE x.id = h.item_id AND x.opp_id = h.opp_id) ORDER BY h.id" },
};

/* Every item a history row names exists, and is the same card's. */
static store_status history_items(checker *k)
{
	for (size_t i = 0; i < sizeof ITEM_CHECKS / sizeof ITEM_CHECKS[0] && !k->stop; i++) {
		const char *slug = pipeline_evidence_slug(ITEM_CHECKS[i].kind);
		sqlite3_stmt *s;
		int rc = SQLITE_DONE;

		if (store_prepare(k->st, ITEM_CHECKS[i].sql, &s) != STORE_OK)
			return STORE_ERROR;
		store_bind_text(s, 1, slug);
		while (!k->stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
			problem(k, sqlite3_column_int64(s, 1),
			        "history row %lld of opportunity %lld names %s %lld, which is not one "
			        "of that opportunity's",
			        (long long)sqlite3_column_int64(s, 0), (long long)sqlite3_column_int64(s, 1),
			        slug, (long long)sqlite3_column_int64(s, 2));
		store_release(k->st, s);
		if (!k->stop && rc != SQLITE_DONE)
			return store_sql_fail(k->st, "reading the history");
	}
	return STORE_OK;
}

/* ---- the summary ------------------------------------------------------- */

/* The summary table against a recount of the live rows, both in the two
 * parts the table keeps (store_schema.c, version 2): exact, never
 * overflowing. Only the rows that differ come back. */
static const char SUMMARY_CHECK_SQL[] =
	"WITH recount AS (SELECT stage, currency, count(*) AS n,"
	"  sum(coalesce(amount, 0) / " STORE_SUMMARY_SPLIT_SQL ") AS hi,"
	"  sum(coalesce(amount, 0) % " STORE_SUMMARY_SPLIT_SQL ") AS lo"
	"  FROM opportunity WHERE deleted = 0 GROUP BY stage, currency),"
	" pairs AS (SELECT stage, currency FROM recount UNION SELECT stage, currency FROM summary)"
	" SELECT p.stage, p.currency, coalesce(k.count, 0), coalesce(r.n, 0),"
	"  coalesce(k.amount_hi, 0) <> coalesce(r.hi, 0) OR coalesce(k.amount_lo, 0) <> coalesce(r.lo, 0)"
	" FROM pairs p"
	" LEFT JOIN summary k ON k.stage = p.stage AND k.currency = p.currency"
	" LEFT JOIN recount r ON r.stage = p.stage AND r.currency = p.currency"
	" WHERE coalesce(k.count, 0) <> coalesce(r.n, 0)"
	"  OR coalesce(k.amount_hi, 0) <> coalesce(r.hi, 0)"
	"  OR coalesce(k.amount_lo, 0) <> coalesce(r.lo, 0)"
	" ORDER BY p.stage, p.currency";

static void summary_row(checker *k, sqlite3_stmt *s)
{
	char stage[64], currency[64];
	int64_t kept = sqlite3_column_int64(s, 2), counted = sqlite3_column_int64(s, 3);

	shown(sqlite3_column_text(s, 0), stage, sizeof stage);
	shown(sqlite3_column_text(s, 1), currency, sizeof currency);
	if (kept != counted)
		problem(k, 0, "the stage summary counts %lld %s %s opportunities; a recount finds %lld",
		        (long long)kept, stage, currency, (long long)counted);
	if (sqlite3_column_int(s, 4))
		problem(k, 0, "the stage summary's %s total of %s differs from a recount of its "
		        "opportunities", currency, stage);
}

/* ---- the search index -------------------------------------------------- */

/* Whether the trigram index finds row id by the phrase of folded text
 * (three characters at least, or trigrams cannot find it). */
static store_status found_by(checker *k, int64_t id, const char *folded, bool *found)
{
	sqlite3_stmt *s;
	char *phrase;
	int rc = SQLITE_DONE;

	*found = true;
	if (store_search_chars(folded) < 3)
		return STORE_OK;
	if (!(phrase = store_search_phrase(folded)))
		return store_fail(k->st, STORE_ERROR, "out of memory");
	if (store_prepare(k->st, "SELECT count(*) FROM opportunity_search"
	                         " WHERE opportunity_search MATCH ? AND rowid = ?", &s) != STORE_OK) {
		free(phrase);
		return STORE_ERROR;
	}
	store_bind_text(s, 1, phrase);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*found = sqlite3_column_int64(s, 0) == 1;
	store_release(k->st, s);
	free(phrase);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(k->st, "searching");
}

static bool same(const unsigned char *a, const char *b)
{
	return a && b && strcmp((const char *)a, b) == 0;
}

/* One row of SEARCH_CHECK_SQL: the row's folded text against its keys
 * and its entry in the index. */
static store_status search_row(checker *k, sqlite3_stmt *s)
{
	int64_t id = sqlite3_column_int64(s, 0);
	char *title = text_fold_dup((const char *)sqlite3_column_text(s, 1));
	char *client = text_fold_dup((const char *)sqlite3_column_text(s, 2));
	char *owner = text_fold_dup((const char *)sqlite3_column_text(s, 3));
	bool found_title = true, found_client = true;
	store_status r = STORE_OK;

	if (!title || !client || !owner) {
		r = store_fail(k->st, STORE_ERROR, "out of memory");
		goto done;
	}
	if (!same(sqlite3_column_text(s, 4), owner) || !same(sqlite3_column_text(s, 5), client))
		problem(k, id, "opportunity %lld has stale owner or client keys for the filters",
		        (long long)id);
	if (sqlite3_column_int(s, 6) == 0) {
		problem(k, id, "opportunity %lld is missing from the search index", (long long)id);
		goto done;
	}
	if (!same(sqlite3_column_text(s, 7), title) || !same(sqlite3_column_text(s, 8), client)) {
		problem(k, id, "the search index holds another title or client for opportunity %lld",
		        (long long)id);
		goto done;
	}
	r = found_by(k, id, title, &found_title);
	if (r == STORE_OK)
		r = found_by(k, id, client, &found_client);
	if (r == STORE_OK && (!found_title || !found_client))
		problem(k, id, "the search index does not find opportunity %lld by its %s",
		        (long long)id, found_title ? "client" : "title");
done:
	free(title);
	free(client);
	free(owner);
	return r;
}

/* Rows marked stale were changed outside embudo: the filters read them
 * directly until the next write indexes them, so they are not judged. */
static const char SEARCH_CHECK_SQL[] =
	"SELECT o.id, coalesce(o.title, ''), coalesce(o.client, ''), coalesce(o.owner, ''),"
	" o.owner_key, o.client_key, s.rowid IS NOT NULL, s.title, s.client"
	" FROM opportunity o LEFT JOIN opportunity_search s ON s.rowid = o.id"
	" WHERE NOT EXISTS (SELECT 1 FROM search_stale z WHERE z.id = o.id)"
	" ORDER BY o.id";

static void orphan_row(checker *k, sqlite3_stmt *s)
{
	problem(k, 0, "the search index holds row %lld, which is no opportunity",
	        (long long)sqlite3_column_int64(s, 0));
}

static store_status search_index(checker *k)
{
	sqlite3_stmt *s;
	store_status r = STORE_OK;
	int rc = SQLITE_DONE;

	if (store_prepare(k->st, SEARCH_CHECK_SQL, &s) != STORE_OK)
		return STORE_ERROR;
	while (!k->stop && r == STORE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
		r = search_row(k, s);
	store_release(k->st, s);
	if (r == STORE_OK && !k->stop && rc != SQLITE_DONE)
		r = store_sql_fail(k->st, "reading the search index");
	if (r == STORE_OK)
		r = each_row(k, "SELECT rowid FROM opportunity_search"
		                " WHERE rowid NOT IN (SELECT id FROM opportunity)",
		             orphan_row, "reading the search index");
	return r;
}

/* ---- the whole check --------------------------------------------------- */

static store_status count(store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	if (store_prepare(st, sql, &s) != STORE_OK)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	store_release(st, s);
	return rc == SQLITE_ROW ? STORE_OK : store_sql_fail(st, "counting");
}

static bool keep_problem(void *ctx, int64_t opp, const char *text)
{
	checker *k = ctx;

	problem(k, opp, "%s", text);
	return !k->stop;
}

/* A kept last activity (schema 6) that is not the history's newest. */
static bool activity_problem(void *ctx, int64_t id, const char *kept, const char *history)
{
	checker *k = ctx;
	char a[64], b[64];

	shown((const unsigned char *)kept, a, sizeof a);
	shown((const unsigned char *)history, b, sizeof b);
	problem(k, id, "opportunity %lld keeps %s as its last activity; its history says %s",
	        (long long)id, kept ? a : "none", history ? b : "none");
	return !k->stop;
}

store_status store_check(store *st, store_problem_cb cb, void *ctx, store_check_report *rep)
{
	checker k = { .st = st, .cb = cb, .ctx = ctx, .rep = rep };
	store_status r;

	memset(rep, 0, sizeof *rep);
	/* One read transaction: every step sees the same state. */
	if ((r = store_read_begin(st)) != STORE_OK)
		return r;
	r = each_row(&k, "PRAGMA integrity_check", integrity_row, "checking integrity");
	if (r == STORE_OK && !k.stop)
		r = each_row(&k, "PRAGMA foreign_key_check", foreign_key_row, "checking foreign keys");
	/* Past a damaged file the other checks would only read garbage. */
	if (r == STORE_OK && !k.stop && rep->problems == 0) {
		r = opportunities(&k);
		if (r == STORE_OK && !k.stop)
			r = typed_history(&k);
		if (r == STORE_OK && !k.stop)
			r = history_items(&k);
		if (r == STORE_OK && !k.stop)
			r = each_row(&k, SUMMARY_CHECK_SQL, summary_row, "recounting the summary");
		if (r == STORE_OK && !k.stop)
			r = search_index(&k);
		if (r == STORE_OK && !k.stop)
			r = store_keep_check(st, keep_problem, &k);
		if (r == STORE_OK && !k.stop)
			r = store_activity_check(st, activity_problem, &k);
		if (r == STORE_OK)
			r = count(st, "SELECT count(*) FROM history", &rep->history);
		if (r == STORE_OK)
			r = count(st, "SELECT count(*) FROM search_stale", &rep->unindexed);
	}
	/* Damage met on the way is the last problem found, not a failure
	 * of the check. */
	if (r == STORE_DAMAGED) {
		problem(&k, 0, "SQLite cannot read further: %s", sqlite3_errmsg(st->db));
		r = STORE_OK;
	}
	store_read_end(st);
	return r;
}

store_status store_check_file(const char *path, store_problem_cb cb, void *ctx,
                              store_check_report *rep)
{
	checker k = { .cb = cb, .ctx = ctx, .rep = rep };
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	bool immutable;
	int rc = SQLITE_DONE;

	memset(rep, 0, sizeof *rep);
	rc = store_open_readonly_db(path, &immutable, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL);
	while (rc == SQLITE_OK && !k.stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		char text[512];

		shown(sqlite3_column_text(s, 0), text, sizeof text);
		if (strcmp(text, "ok") != 0)
			problem(&k, 0, "SQLite integrity check: %s", text);
	}
	if (rc != SQLITE_OK && rc != SQLITE_DONE && !k.stop)
		problem(&k, 0, "SQLite cannot read the file: %s",
		        db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return STORE_OK;
}
