/*
 * store: the SQLite database, and the only module that speaks SQL.
 *
 * - Schema created and migrated through PRAGMA user_version inside
 *   BEGIN IMMEDIATE; PRAGMA application_id marks the file as embudo's.
 * - WAL, synchronous=FULL, foreign keys, a busy timeout; every write is one
 *   BEGIN IMMEDIATE transaction holding the change and its history rows.
 * - Each opportunity carries a version: a mutation given expect_version > 0
 *   that no longer matches is refused with STORE_CONFLICT, writing nothing.
 * - Rules are the pipeline module's: the store loads the card's state inside
 *   the transaction, asks the pipeline, and writes only when it agrees.
 * - Text in and out is UTF-8; invalid UTF-8 is refused with STORE_INVALID.
 * - Dates are YYYY-MM-DD; timestamps UTC YYYY-MM-DDTHH:MM:SSZ (date.h).
 * - Only regular files are opened; a database the user may read but not
 *   write is opened read-only, leaving no -wal or -shm file behind.
 */
#ifndef EMBUDO_STORE_H
#define EMBUDO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/date.h"
#include "util/money.h"
#include "pipeline/pipeline.h"
#include "review/event.h"
#include "review/invoiced.h"
#include "review/report.h"
#include "review/stay.h"
#include "review/weighted.h"

typedef struct store store;

typedef enum store_status {
	STORE_OK = 0,
	STORE_REFUSED,      /* the pipeline rules said no: see the refusal */
	STORE_CONFLICT,     /* the card changed since the caller read it */
	STORE_DELETED,      /* the opportunity is deleted: restore it first */
	STORE_NOT_DELETED,  /* a restore of an opportunity that is not deleted */
	STORE_NOT_FOUND,    /* no such opportunity (or evidence item) */
	STORE_INVALID,      /* a bad value (empty title, bad date, bad UTF-8...) */
	STORE_BUSY,         /* the database stayed locked for too long */
	STORE_NOT_EMBUDO,   /* the file is not an embudo database: untouched */
	STORE_NEWER_SCHEMA, /* made by a newer embudo: untouched */
	STORE_DAMAGED,      /* embudo's file, but unreadable or inconsistent: a page
	                     * SQLite cannot read, or a value no embudo writes (an
	                     * unknown stage, evidence kind, scope or loss reason) */
	STORE_READONLY,     /* the user may read the database but not write it */
	STORE_NO_DATABASE,  /* must-exist open: no database there; nothing created */
	STORE_FULL,         /* disk full or file-size limit: nothing written */
	STORE_ERROR         /* cannot open or create, I/O error, ... */
} store_status;

/* How a database is opened; the caller knows what it will do with it. */
typedef enum store_mode {
	/* Reads only: the file must exist and hold an embudo database (else
	 * STORE_NO_DATABASE; nothing is created) and no write is ever made
	 * through the store (an older schema is still upgraded first). */
	STORE_OPEN_READ = 0,
	/* Reads and writes; the database must exist (STORE_NO_DATABASE). */
	STORE_OPEN_WRITE,
	/* Reads and writes; created when absent (file 0600, missing parent
	 * directories 0700), an empty file initialised. */
	STORE_OPEN_CREATE
} store_mode;

/* Opens the database at path, migrating its schema. On failure *out is
 * NULL and err holds a one-line message naming the file and what to do.
 * Anything but a regular file (a FIFO, a device, a directory) is refused
 * before SQLite touches it (STORE_NOT_EMBUDO); a file that is not an embudo
 * database, or has a newer schema, is left byte-for-byte untouched; an
 * embudo file SQLite cannot read is STORE_DAMAGED. An existing file keeps
 * its permissions.
 * A database the user cannot write (the file, or its folder where the
 * -wal and -shm files live) opens read-only in every mode: reads work,
 * every write is STORE_READONLY, and no -wal or -shm file is created. */
store_status store_open_mode(const char *path, store_mode mode, store **out, char *err,
                             size_t errlen);
/* store_open_mode(path, STORE_OPEN_CREATE, ...). */
store_status store_open(const char *path, store **out, char *err, size_t errlen);
void store_close(store *st);

/* True when writes through st are refused with STORE_READONLY (the user
 * cannot write the database, or it was opened with STORE_OPEN_READ). */
bool store_readonly(const store *st);

/* Message for the last failure on st (valid until the next call). */
const char *store_message(const store *st);

/* What the last failure on st was about, beyond its status and message,
 * so that a caller never reads the message to tell (nor the card again). */
typedef struct store_failure {
	store_status status;
	int64_t opp;     /* the opportunity it concerns; 0 when none (or not
	                  * known: damage SQLite met is no one row's) */
	int64_t version; /* STORE_CONFLICT: the version the card has now */
	bool item;       /* STORE_NOT_FOUND: an evidence item of an existing
	                  * opportunity is missing, not the opportunity */
	bool names_file; /* the message names the database file already */
} store_failure;
void store_last_failure(const store *st, store_failure *out);

/* Who is recorded in history for the changes made through st (default:
 * paths_current_user()). Copied. */
void store_set_actor(store *st, const char *who);
/* Clock for timestamps and default dates (default date_now()). */
void store_set_now(store *st, time_t now);

/* Schema version this build writes. */
int store_schema_version(void);

/* Prepares ahead the statements every change of a card runs (reading the
 * card, its history row, its place, its kept figures), so that the first
 * change of a session parses no SQL. For idle time, after the first frame:
 * nothing is read or written; a read-only store does nothing. */
void store_warm(store *st);

/* True once when another connection has committed since the previous call
 * (PRAGMA data_version); cheap enough to call several times a second. */
bool store_changed(store *st);

/* ---- records ---------------------------------------------------------- */

typedef struct store_criterion {
	bool met;
	char *who, *at, *note; /* NULL when never set */
} store_criterion;

typedef struct store_commitment {
	int64_t id;
	pipeline_commitment kind;
	char *ref;
	char date[DATE_LEN + 1];
	char *who, *at;
} store_commitment;

typedef struct store_approval {
	bool present;
	int64_t id; /* its row (history items name it) */
	char *ref;
	char date[DATE_LEN + 1];
	char *who, *at;
} store_approval;

typedef struct store_invoice {
	int64_t id;
	char *number;
	char date[DATE_LEN + 1];
	bool has_amount;
	int64_t amount; /* minor units of the opportunity's currency */
	char *who, *at;
} store_invoice;

typedef struct store_delivery {
	bool present;
	int64_t id; /* its row (history items name it) */
	pipeline_scope scope;
	char date[DATE_LEN + 1];
	char *note;
	char *who, *at;
} store_delivery;

/* One opportunity with all its evidence. Free with store_opp_free. */
typedef struct store_opp {
	int64_t id, version, position;
	char *title, *client, *line, *owner; /* line and owner may be "" */
	bool has_amount;
	int64_t amount; /* minor units */
	char currency[MONEY_CODE_LEN + 1];
	char close_date[DATE_LEN + 1]; /* "" when unset */
	pipeline_stage stage;
	pipeline_stage lost_from; /* when stage is PERDIDA */
	bool has_loss;
	pipeline_loss loss_reason;
	char *loss_note; /* may be NULL */
	char created[DATE_TS_LEN + 1], updated[DATE_TS_LEN + 1];
	char stage_since[DATE_TS_LEN + 1]; /* when it entered its current stage */
	char activity[DATE_TS_LEN + 1];    /* its last activity (review_is_activity),
	                                    * kept on its row; "" when unknown */
	bool deleted;
	bool existing_client; /* another opportunity of the client reached en-facturacion */
	store_criterion criteria[PIPELINE_CRITERIA];
	store_commitment *commitments;
	size_t ncommitments;
	store_approval approval;
	store_invoice *invoices;
	size_t ninvoices;
	store_delivery delivery;
} store_opp;

void store_opp_free(store_opp *o);
/* What o's live invoices add up to (review/invoiced.h), and the sentence
 * that says it against o's amount ("" without invoices). */
void store_opp_invoiced(const store_opp *o, invoiced *out);
void store_opp_invoiced_text(const store_opp *o, char *buf, size_t bufsz);
/* The rule-relevant part of o. */
void store_opp_state(const store_opp *o, pipeline_state *out);

/* A card as the board draws it: no evidence lists. Free with store_card_free. */
typedef struct store_card {
	int64_t id, version, position;
	char *title, *client, *owner;
	bool has_amount;
	int64_t amount;
	char currency[MONEY_CODE_LEN + 1];
	pipeline_stage stage;
	char stage_since[DATE_TS_LEN + 1];
	char activity[DATE_TS_LEN + 1]; /* its last activity (review_is_activity); "" unknown */
	int criteria_met; /* 0..5; read where pipeline_counts_criteria(stage)
	                   * (Inmadura), 0 elsewhere */
} store_card;

void store_card_free(store_card *c);

/* Owner, line and client match the whole value, text a substring of the
 * title or the client; all four ignore case and accents (text_fold on
 * both sides: "jose" finds "José", "MIGRACION" finds "Migración"). */
typedef struct store_filter {
	int stage;          /* a pipeline_stage, or -1 for any */
	const char *owner;  /* whole value, case/accent-insensitive; NULL for any */
	const char *line;   /* whole value, case/accent-insensitive; NULL for any */
	const char *client; /* whole value, case/accent-insensitive; NULL for any */
	const char *text;   /* substring of title or client, case/accent-insensitive; NULL for any */
	bool include_deleted;
} store_filter;

/* A filter that matches every live opportunity. */
void store_filter_init(store_filter *f);

/* ---- reads ------------------------------------------------------------ */

/* One snapshot for a read that spans several queries: between
 * store_read_begin and store_read_end every read of st sees the database
 * as it was at the first of them, whatever other processes commit
 * meanwhile (a card moved meanwhile is never counted twice or missed).
 * Each read call below is one snapshot on its own; a caller that makes
 * several (the CLI's list, export, show and history, the board's load and
 * detail, and every report) wraps them in one. Nests harmlessly (inside
 * another snapshot or a write transaction it adds nothing). No write may
 * be made inside one: it is refused with STORE_ERROR. Never blocks
 * writers (WAL); keep it as short as the read. Every begin that returned
 * STORE_OK needs its end. */
store_status store_read_begin(store *st);
void store_read_end(store *st);

/* The opportunity with all its evidence (deleted ones too). */
store_status store_get(store *st, int64_t id, store_opp *out);

/* Calls cb for each matching opportunity, ordered by stage then position,
 * one at a time (never all in memory), all from one snapshot (see
 * store_read_begin): cb may read through st, but a write from inside cb
 * is refused (STORE_ERROR). A non-zero return from cb stops.
 * A row whose stage this build does not know (the file was edited by
 * something else) is STORE_DAMAGED, as it is for store_get and
 * store_summarize: never hidden nor shown as another stage; so is an
 * unknown commitment kind, delivery scope or loss reason. */
typedef int (*store_opp_cb)(const store_opp *o, void *ctx);
store_status store_list(store *st, const store_filter *f, store_opp_cb cb, void *ctx);

/* The cards of one stage in position order: at most `limit` from `offset`,
 * into out[0..*n). f may be NULL; its stage field is ignored. Cost is that
 * of the cards returned (index on stage, position), not of the column. */
store_status store_cards(store *st, pipeline_stage stage, const store_filter *f,
                         int64_t offset, int limit, store_card *out, int *n);

/* Where card id sits in its column under filter f: its 0-based offset.
 * STORE_NOT_FOUND when it is not in that column under f. Cost: the cards
 * before it (the board finds its windows with the calls below). */
store_status store_card_offset(store *st, int64_t id, const store_filter *f, int64_t *offset);

/* ---- a column's window, found by its cards' keys ----------------------
 * A column's order is (position, id): every card has its place, a key,
 * whether or not it is still there. The board reads its windows from a
 * key (the first card it shows), so a window costs the cards it reads,
 * however deep in the column it is; a number of cards is counted only
 * when it must be, from whichever end is nearer. All under filter f (may
 * be NULL; its stage field is ignored); each call is one snapshot, and
 * nests in a caller's (store_read_begin). */
typedef struct store_key {
	int64_t position, id;
} store_key;

/* A card's key. */
store_key store_card_key(const store_card *c);

/* Where a read starts: from the key `from` (NULL: the column's first card
 * going forward, its last going backward), `from` itself included or not,
 * after passing over `skip` cards (which costs as many reads). */
typedef struct store_seek {
	const store_key *from;
	bool inclusive;
	bool backward; /* the cards before `from`, nearest first */
	int64_t skip;
} store_seek;

/* Up to `limit` cards of a stage from k, always in column order into
 * out[0..*n): backward, the `limit` cards nearest before `from` (after the
 * skip), so out[*n - 1] is the nearest. */
store_status store_cards_seek(store *st, pipeline_stage stage, const store_filter *f,
                              const store_seek *k, int limit, store_card *out, int *n);

/* How many cards of a stage come before key (after false), or at and
 * after it (after true), counting at most `most` (< 0: all): the cost is
 * what is counted, so a caller that knows which end is nearer counts from
 * there, bounded. */
store_status store_cards_count(store *st, pipeline_stage stage, const store_filter *f,
                               const store_key *key, bool after, int64_t most, int64_t *n);

/* Whether card id is in the column of `stage` under f now, and its key
 * there (*in false: it left the column, was deleted, no longer matches f
 * or never existed). */
store_status store_card_place(store *st, int64_t id, pipeline_stage stage, const store_filter *f,
                              store_key *key, bool *in);

/* A column's count and totals per currency: the figures' own types
 * (review/weighted.h), so the weighted value reads them as they are. In a
 * store_summary the currencies come most cards first. */
#define STORE_MAX_CURRENCIES REVIEW_MAX_CURRENCIES
typedef review_total store_total;
typedef review_summary store_summary;

/* Per-stage count and totals per currency. With f NULL (or matching all)
 * it reads a summary table kept in every write transaction: cost of the
 * stages and currencies, not of the rows. */
store_status store_summarize(store *st, const store_filter *f,
                             store_summary out[PIPELINE_STAGE_COUNT]);

/* The owners of the live cards, for picking an owner filter: one name per
 * owner as the filter matches them (case and accents ignored: "José" and
 * "jose" are one owner, shown as one of the cards writes it), in that
 * folded order; cards without an owner are not an owner. One statement
 * (one snapshot) that walks the folded owner index once per owner, so the
 * cost is that of the owners, not of their cards (their counts:
 * store_summarize with the owner filter). *names is malloc'ed: free it with
 * store_owners_free. */
store_status store_owners(store *st, char ***names, int *n);
void store_owners_free(char **names, int n);

/* ---- the review (store_report.c) -------------------------------------
 * The figures of review/report.h for the live opportunities that match f
 * (owner, line, client, text; its stage and include_deleted are ignored:
 * a report covers every stage of the live ones; NULL for all), over q's
 * period, as of q->now. Read from the kept figures of schema 5, which
 * every write keeps in its own transaction: the cost is that of the
 * stages, currencies and days of the period (and, with a filter, of the
 * matching opportunities), not of the history. Each call is one snapshot;
 * a report and pages of its lists read together go in one
 * store_read_begin/end. */
store_status store_report(store *st, const store_filter *f, const report_query *q, report *out);
/* A page of a list (report.h, report_list): at most limit entries from
 * offset, into items[0..*n), sorted as report.h says. */
store_status store_report_list(store *st, const store_filter *f, const report_query *q,
                               const report_pick *pick, int64_t offset, int limit,
                               report_item *items, int *n);
/* The groups of --by among the opportunities f matches: one name per
 * owner (or line) whatever its case and accents, as one of the cards
 * writes it, in that folded order; "" (no owner, no line) is a group too.
 * Filtering on a group's name gives its report. *names is malloc'ed: free
 * it with store_report_groups_free. */
store_status store_report_groups(store *st, const store_filter *f, report_by by, char ***names,
                                 int *n);
void store_report_groups_free(char **names, int n);

/* ---- history (store_history.c) ----------------------------------------
 * One row per change, append-only. Each row keeps the text it was
 * recorded with (what `history` shows, unchanged since schema 1) and, from
 * schema 4, typed columns that the figures read: nothing reads the text
 * to learn what happened.
 *
 * `what` is one of: create, edit, delete, restore, criterion, commitment,
 * billing-approval, invoice, delivery (evidence recorded), retract, move,
 * lose, reopen, reorder, and note (a note that changed nothing, such as
 * one given with a criterion already in that state; field says what it is
 * about). field/old/new/note may be NULL.
 *
 * The typed fields, by kind (a field that does not apply is "none":
 * PIPELINE_STAGE_COUNT, PIPELINE_EV_COUNT, PIPELINE_LOSS_COUNT, 0, ""):
 *   create     to = Inmadura; the amount (has_amount) and currency it had
 *   edit       field as above; for "amount": amount/currency the new value,
 *              old_amount/old_currency the old (has_... false: none); for
 *              "currency": currency the new code, old_currency the old;
 *              other fields: old_value/new_value are the raw values (a
 *              close date as YYYY-MM-DD, "" for none)
 *   evidence   evidence kind; item = the row's id (commitment,
 *              billing-approval, invoice, delivery) or the criterion's
 *              number; an invoice's amount (if any) and the currency
 *   note       evidence (criterion) and item (its number)
 *   retract    evidence kind and item of what was withdrawn (an invoice's
 *              amount and currency too)
 *   move       from, to: one step; a multi-step move writes one row per
 *              step in one transaction, every step but the last `through`
 *              (its `to` only passed through: not a stay)
 *   lose       the "stage" row: from, to = Perdida, reason; the "reason"
 *              row: reason
 *   reopen     from = Perdida, to = the stage it was lost from
 *   delete, restore, reorder: none (reorder's old/new are positions)
 * Every row of one change carries the same `at`. A row from before
 * schema 4 whose text the upgrade could not read has typed = false and
 * only its text (`embudo check` lists it); the figures leave it out. */
typedef struct store_event {
	int64_t id, opp_id;
	char at[DATE_TS_LEN + 1];
	const char *who, *what, *field, *old_value, *new_value, *note; /* as recorded */
	bool typed;
	review_event_kind kind;          /* REVIEW_EV_COUNT for a `what` no embudo writes */
	pipeline_stage from, to;
	bool through;
	pipeline_evidence_kind evidence;
	int64_t item;
	bool has_amount;
	int64_t amount;
	char currency[MONEY_CODE_LEN + 1];
	bool has_old_amount;
	int64_t old_amount;
	char old_currency[MONEY_CODE_LEN + 1];
	pipeline_loss reason;
} store_event;
typedef int (*store_event_cb)(const store_event *e, void *ctx);
/* The opportunity's events, oldest first (STORE_NOT_FOUND when there is
 * no such opportunity), one snapshot. */
store_status store_history(store *st, int64_t id, store_event_cb cb, void *ctx);

/* The typed read for the figures: the opportunity's entries into a stage
 * (creation, each step of a move, loss, reopening), oldest first, from its
 * typed history; when they do not end in the stage the card is in (rows
 * the upgrade could not read), its stage and stage_since close the list.
 * *steps is malloc'ed (free it); one snapshot. */
store_status store_stage_steps(store *st, int64_t id, review_step **steps, size_t *n);
/* Time in stage (review_stay_in) of opportunity id in `stage` at now. */
store_status store_stage_time(store *st, int64_t id, pipeline_stage stage, time_t now,
                              review_stay *out);

/* ---- writes ------------------------------------------------------------
 * Every write: one BEGIN IMMEDIATE transaction with its history rows, the
 * version bumped by one. expect_version 0 means "whatever it is now";
 * otherwise a mismatch gives STORE_CONFLICT. Refusals fill *why (may be NULL
 * for calls that cannot be refused) and write nothing.
 */

/* Fields for add and edit. For edit, a NULL string or a false set_amount
 * leaves the field as it is; "" clears line/owner/close_date. For add,
 * title and client are required, owner defaults to the actor, currency to
 * MONEY_DEFAULT_CURRENCY. */
typedef struct store_fields {
	const char *title, *client, *line, *owner, *currency, *close_date;
	bool set_amount; /* amount given */
	bool has_amount; /* with set_amount: false clears the amount */
	int64_t amount;
} store_fields;

store_status store_add(store *st, const store_fields *f, int64_t *id_out);
store_status store_edit(store *st, int64_t id, int64_t expect_version, const store_fields *f);
store_status store_delete(store *st, int64_t id, int64_t expect_version);
/* Back at its old position in its column, or at the end of the column
 * when a live card took that position meanwhile. */
store_status store_restore(store *st, int64_t id, int64_t expect_version);

/* Criterion n (1..5) met or not; unsetting one the stage depends on is
 * refused (pipeline_check_retract). A criterion already in the state asked
 * for stays as it is, and so do the card and its version; a note given
 * with it is never dropped: it is recorded in the same transaction as a
 * history row of its own (what "note", field "criterion-N", no old or new
 * value), not as a change of the card. */
store_status store_set_criterion(store *st, int64_t id, int64_t expect_version, int n,
                                 bool met, const char *note, pipeline_refusal *why);
/* What store_set_criterion_ex did, when it returned STORE_OK. */
typedef enum store_criterion_outcome {
	STORE_CRITERION_CHANGED = 0, /* the criterion changed (with its note) */
	STORE_CRITERION_ALREADY,     /* already so, no note: nothing written */
	STORE_CRITERION_NOTED        /* already so: only the note was recorded */
} store_criterion_outcome;
/* The same, saying what was done into *outcome (may be NULL). */
store_status store_set_criterion_ex(store *st, int64_t id, int64_t expect_version, int n,
                                    bool met, const char *note, pipeline_refusal *why,
                                    store_criterion_outcome *outcome);

/* date NULL means today (store clock). ref must be non-empty. */
store_status store_add_commitment(store *st, int64_t id, int64_t expect_version,
                                  pipeline_commitment kind, const char *ref,
                                  const char *date, int64_t *item_id);
store_status store_set_billing_approval(store *st, int64_t id, int64_t expect_version,
                                        const char *ref, const char *date);
store_status store_add_invoice(store *st, int64_t id, int64_t expect_version,
                               const char *number, const char *date, bool has_amount,
                               int64_t amount, int64_t *item_id);
store_status store_set_delivery(store *st, int64_t id, int64_t expect_version,
                                pipeline_scope scope, const char *date, const char *note);

/* Retracts a piece of evidence: a commitment or invoice (item_id), the
 * billing approval or the delivery (item_id ignored). Refused when the
 * card's stage depends on it. Criteria are retracted by store_set_criterion. */
store_status store_retract(store *st, int64_t id, int64_t expect_version,
                           pipeline_evidence_kind kind, int64_t item_id,
                           pipeline_refusal *why);

/* pipeline_plan_move, then one history row per step; the card goes to the
 * end of its new column. note may be NULL (required going back). */
store_status store_move(store *st, int64_t id, int64_t expect_version, pipeline_stage to,
                        const char *note, pipeline_refusal *why);
store_status store_lose(store *st, int64_t id, int64_t expect_version, pipeline_loss reason,
                        const char *note, pipeline_refusal *why);
/* Back to the stage it was lost from; note required. */
store_status store_reopen(store *st, int64_t id, int64_t expect_version, const char *note,
                          pipeline_refusal *why);

/* Swaps the card with its neighbour above (delta -1) or below (+1) in its
 * column among live cards. STORE_INVALID at the top/bottom. */
store_status store_reorder(store *st, int64_t id, int64_t expect_version, int delta);

/* True when the database holds no opportunity at all (deleted included). */
store_status store_is_empty(store *st, bool *empty);

/* Runs `PRAGMA integrity_check`; ok is true when it says "ok". */
store_status store_integrity(store *st, bool *ok);

/* ---- consistency check (store_check.c) --------------------------------
 * Read-only, in one snapshot, like `git fsck`: SQLite's full integrity
 * check and foreign keys; every opportunity's stage justified by its
 * evidence under the pipeline rules (pipeline_check_invariant); each stage
 * equal to the last stage event of its history; the stage summary equal
 * to a recount; the search index complete and right. Each problem found
 * is handed to cb as one line (opp is the opportunity concerned, 0 for
 * none); a non-zero return from cb stops. Returns STORE_OK when the check
 * ran to its end, whatever it found (report->problems counts), or the
 * status that stopped it. */
typedef struct store_check_report {
	int64_t opportunities; /* rows checked, deleted ones included */
	int64_t history;       /* history rows */
	int64_t problems;
	int64_t unindexed;     /* rows changed outside embudo, not indexed yet */
} store_check_report;
typedef int (*store_problem_cb)(int64_t opp, const char *problem, void *ctx);
store_status store_check(store *st, store_problem_cb cb, void *ctx, store_check_report *rep);
/* For a file store_open refused as STORE_DAMAGED: SQLite's integrity
 * check through a read-only connection that writes nothing, one problem
 * per line. */
store_status store_check_file(const char *path, store_problem_cb cb, void *ctx,
                              store_check_report *rep);

/* Bulk loading, for the demo and the benchmark only: between begin and end
 * every write joins one transaction (each still all-or-nothing on its own,
 * through a savepoint), so loading many thousands of cards takes seconds.
 * Other processes cannot write meanwhile. */
store_status store_bulk_begin(store *st);
store_status store_bulk_end(store *st);
/* Ends a bulk load undoing every write made since store_bulk_begin. */
void store_bulk_abort(store *st);

#endif
