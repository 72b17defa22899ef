/*
 * store_schema: the tables, indexes and triggers, one migration per schema
 * version. A migration runs inside the opener's BEGIN IMMEDIATE, so it is
 * all or nothing and happens once even when two processes start together.
 *
 * Stages, kinds, reasons and scopes are stored as the pipeline module's
 * slugs: stable across builds and readable with the sqlite3 shell.
 */
#include "store/store_internal.h"

static const char SCHEMA_1[] =
	/* Opportunities: never hard-deleted (deleted = 1 is the soft delete). */
	"CREATE TABLE opportunity ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT," /* AUTOINCREMENT: ids never reused */
	" version INTEGER NOT NULL DEFAULT 1,"
	" title TEXT NOT NULL CHECK (title <> ''),"
	" client TEXT NOT NULL CHECK (client <> ''),"
	" line TEXT NOT NULL DEFAULT '',"
	" owner TEXT NOT NULL DEFAULT '',"
	" amount INTEGER CHECK (amount IS NULL OR amount >= 0),"
	" currency TEXT NOT NULL,"
	" close_date TEXT NOT NULL DEFAULT '',"
	" stage TEXT NOT NULL,"
	" lost_from TEXT,"
	" loss_reason TEXT,"
	" loss_note TEXT,"
	" position INTEGER NOT NULL,"
	" created TEXT NOT NULL,"
	" updated TEXT NOT NULL,"
	" stage_since TEXT NOT NULL,"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)));"
	/* The board's column query: live cards of a stage in position order. */
	"CREATE INDEX opportunity_column ON opportunity (stage, position) WHERE deleted = 0;"
	/* "Existing client" looks for a client's billed opportunities; the
	 * client filter uses it too. */
	"CREATE INDEX opportunity_client ON opportunity (client, stage, lost_from);"

	"CREATE TABLE criterion ("
	" opp_id INTEGER NOT NULL REFERENCES opportunity (id),"
	" n INTEGER NOT NULL CHECK (n BETWEEN 1 AND 5),"
	" met INTEGER NOT NULL CHECK (met IN (0, 1)),"
	" who TEXT, at TEXT, note TEXT,"
	" PRIMARY KEY (opp_id, n)) WITHOUT ROWID;"

	/* Evidence is never deleted: a retraction sets retracted = 1 (and
	 * history says who and when). */
	"CREATE TABLE commitment ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" opp_id INTEGER NOT NULL REFERENCES opportunity (id),"
	" kind TEXT NOT NULL, ref TEXT NOT NULL CHECK (ref <> ''), date TEXT NOT NULL,"
	" who TEXT NOT NULL, at TEXT NOT NULL,"
	" retracted INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX commitment_opp ON commitment (opp_id);"

	"CREATE TABLE billing_approval ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" opp_id INTEGER NOT NULL REFERENCES opportunity (id),"
	" ref TEXT NOT NULL CHECK (ref <> ''), date TEXT NOT NULL,"
	" who TEXT NOT NULL, at TEXT NOT NULL,"
	" retracted INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX billing_approval_live ON billing_approval (opp_id) WHERE retracted = 0;"

	"CREATE TABLE invoice ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" opp_id INTEGER NOT NULL REFERENCES opportunity (id),"
	" number TEXT NOT NULL CHECK (number <> ''), date TEXT NOT NULL,"
	" amount INTEGER CHECK (amount IS NULL OR amount >= 0),"
	" who TEXT NOT NULL, at TEXT NOT NULL,"
	" retracted INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX invoice_opp ON invoice (opp_id);"

	"CREATE TABLE delivery ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" opp_id INTEGER NOT NULL REFERENCES opportunity (id),"
	" scope TEXT NOT NULL, date TEXT NOT NULL, note TEXT,"
	" who TEXT NOT NULL, at TEXT NOT NULL,"
	" retracted INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX delivery_live ON delivery (opp_id) WHERE retracted = 0;"

	/* History: append-only, enforced by the database itself. */
	"CREATE TABLE history ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" opp_id INTEGER NOT NULL REFERENCES opportunity (id),"
	" at TEXT NOT NULL, who TEXT NOT NULL, what TEXT NOT NULL,"
	" field TEXT, old_value TEXT, new_value TEXT, note TEXT);"
	"CREATE INDEX history_opp ON history (opp_id, id);"
	"CREATE TRIGGER history_no_update BEFORE UPDATE ON history"
	" BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER history_no_delete BEFORE DELETE ON history"
	" BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"

	/* Live cards per (stage, currency), kept by triggers in the same
	 * transaction as every change, so the board's column headers cost the
	 * number of stages and currencies, not of rows. */
	"CREATE TABLE summary ("
	" stage TEXT NOT NULL, currency TEXT NOT NULL,"
	" count INTEGER NOT NULL, amount INTEGER NOT NULL,"
	" PRIMARY KEY (stage, currency)) WITHOUT ROWID;"
	"CREATE TRIGGER summary_insert AFTER INSERT ON opportunity WHEN new.deleted = 0 BEGIN"
	" INSERT INTO summary (stage, currency, count, amount)"
	"  VALUES (new.stage, new.currency, 1, coalesce(new.amount, 0))"
	"  ON CONFLICT (stage, currency) DO UPDATE"
	"  SET count = count + 1, amount = amount + excluded.amount;"
	" END;"
	"CREATE TRIGGER summary_delete AFTER DELETE ON opportunity WHEN old.deleted = 0 BEGIN"
	" UPDATE summary SET count = count - 1, amount = amount - coalesce(old.amount, 0)"
	"  WHERE stage = old.stage AND currency = old.currency;"
	" END;"
	"CREATE TRIGGER summary_update AFTER UPDATE OF stage, currency, amount, deleted ON opportunity"
	" BEGIN"
	" UPDATE summary SET count = count - 1, amount = amount - coalesce(old.amount, 0)"
	"  WHERE old.deleted = 0 AND stage = old.stage AND currency = old.currency;"
	" INSERT INTO summary (stage, currency, count, amount)"
	"  SELECT new.stage, new.currency, 1, coalesce(new.amount, 0) WHERE new.deleted = 0"
	"  ON CONFLICT (stage, currency) DO UPDATE"
	"  SET count = count + 1, amount = amount + excluded.amount;"
	" END;";

/* Version 2: the summary's amount as two parts, amount / 10^9 and
 * amount % 10^9, whose sums cannot overflow int64 (version 1 added whole
 * amounts with SQLite's `+`, which past int64 turns to floating point and
 * then loses cents for good). The reader puts the parts together and flags
 * a total beyond int64. Rebuilt exactly from the opportunities. */
static const char SCHEMA_2[] =
	"DROP TRIGGER summary_insert;"
	"DROP TRIGGER summary_delete;"
	"DROP TRIGGER summary_update;"
	"DROP TABLE summary;"
	"CREATE TABLE summary ("
	" stage TEXT NOT NULL, currency TEXT NOT NULL,"
	" count INTEGER NOT NULL, amount_hi INTEGER NOT NULL, amount_lo INTEGER NOT NULL,"
	" PRIMARY KEY (stage, currency)) WITHOUT ROWID;"
	"INSERT INTO summary (stage, currency, count, amount_hi, amount_lo)"
	" SELECT stage, currency, count(*), sum(coalesce(amount, 0) / 1000000000),"
	"  sum(coalesce(amount, 0) % 1000000000)"
	" FROM opportunity WHERE deleted = 0 GROUP BY stage, currency;"
	"CREATE TRIGGER summary_insert AFTER INSERT ON opportunity WHEN new.deleted = 0 BEGIN"
	" INSERT INTO summary (stage, currency, count, amount_hi, amount_lo)"
	"  VALUES (new.stage, new.currency, 1, coalesce(new.amount, 0) / 1000000000,"
	"   coalesce(new.amount, 0) % 1000000000)"
	"  ON CONFLICT (stage, currency) DO UPDATE SET count = count + 1,"
	"  amount_hi = amount_hi + excluded.amount_hi, amount_lo = amount_lo + excluded.amount_lo;"
	" END;"
	"CREATE TRIGGER summary_delete AFTER DELETE ON opportunity WHEN old.deleted = 0 BEGIN"
	" UPDATE summary SET count = count - 1,"
	"  amount_hi = amount_hi - coalesce(old.amount, 0) / 1000000000,"
	"  amount_lo = amount_lo - coalesce(old.amount, 0) % 1000000000"
	"  WHERE stage = old.stage AND currency = old.currency;"
	" END;"
	"CREATE TRIGGER summary_update AFTER UPDATE OF stage, currency, amount, deleted ON opportunity"
	" BEGIN"
	" UPDATE summary SET count = count - 1,"
	"  amount_hi = amount_hi - coalesce(old.amount, 0) / 1000000000,"
	"  amount_lo = amount_lo - coalesce(old.amount, 0) % 1000000000"
	"  WHERE old.deleted = 0 AND stage = old.stage AND currency = old.currency;"
	" INSERT INTO summary (stage, currency, count, amount_hi, amount_lo)"
	"  SELECT new.stage, new.currency, 1, coalesce(new.amount, 0) / 1000000000,"
	"   coalesce(new.amount, 0) % 1000000000 WHERE new.deleted = 0"
	"  ON CONFLICT (stage, currency) DO UPDATE SET count = count + 1,"
	"  amount_hi = amount_hi + excluded.amount_hi, amount_lo = amount_lo + excluded.amount_lo;"
	" END;";

/* Version 3: the filters' indexes (see store_search.c). owner_key and
 * client_key hold the folded owner and client; opportunity_search the folded
 * title and client as trigrams (case_sensitive: the text is folded already,
 * and a second folding of its own could disagree with text_fold; detail
 * full: a substring longer than three characters is a phrase of trigrams).
 * Only embudo's C code writes them. The triggers use plain SQL, never
 * embudo_fold, so that any SQLite can still write the file: they only mark
 * a row inserted or changed by something else as stale. The rows already
 * there are indexed by store_search_fill, in the same transaction. */
static const char SCHEMA_3[] =
	"ALTER TABLE opportunity ADD COLUMN owner_key TEXT;"
	"ALTER TABLE opportunity ADD COLUMN client_key TEXT;"
	"CREATE INDEX opportunity_owner_key ON opportunity (owner_key, stage, position);"
	"CREATE INDEX opportunity_client_key ON opportunity (client_key, stage, position);"
	"CREATE VIRTUAL TABLE opportunity_search USING fts5"
	" (title, client, tokenize = 'trigram case_sensitive 1', detail = full);"
	"CREATE TABLE search_stale (id INTEGER PRIMARY KEY);"
	"CREATE TRIGGER search_stale_insert AFTER INSERT ON opportunity BEGIN"
	" INSERT OR IGNORE INTO search_stale (id) VALUES (new.id);"
	" END;"
	"CREATE TRIGGER search_stale_update AFTER UPDATE OF id, title, client, owner ON opportunity"
	" BEGIN"
	" INSERT OR IGNORE INTO search_stale (id) VALUES (new.id);"
	" END;";

/* Version 4: typed history. Each history row keeps its text (what
 * `history` shows) and gains columns that say what happened, so that
 * figures, "as of a date" and import never read prose (store.h, "history"):
 *   stage_from, stage_to  stage slugs of a stage change (create: to only)
 *   through               1 on the steps of a multi-step move whose stage
 *                         was only passed through (every step but the last)
 *   evidence, item_id     the evidence kind's slug and its row's id (the
 *                         criterion's number for criteria)
 *   amount, currency      minor units and ISO code: the created amount, an
 *                         amount edit's new value, an invoice's amount
 *   old_amount, old_currency  an amount or currency edit's old value
 *   reason                a loss reason's slug
 * New rows fill them in the INSERT that writes the text. The rows already
 * there are filled once, by store_upgrade_history in the same transaction,
 * which must UPDATE the append-only table: history_no_update is dropped
 * for it and made again after (store_schema_migrate). */
static const char SCHEMA_4[] =
	"ALTER TABLE history ADD COLUMN stage_from TEXT;"
	"ALTER TABLE history ADD COLUMN stage_to TEXT;"
	"ALTER TABLE history ADD COLUMN through INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE history ADD COLUMN evidence TEXT;"
	"ALTER TABLE history ADD COLUMN item_id INTEGER;"
	"ALTER TABLE history ADD COLUMN amount INTEGER;"
	"ALTER TABLE history ADD COLUMN currency TEXT;"
	"ALTER TABLE history ADD COLUMN old_amount INTEGER;"
	"ALTER TABLE history ADD COLUMN old_currency TEXT;"
	"ALTER TABLE history ADD COLUMN reason TEXT;"
	"DROP TRIGGER history_no_update;";

/* The append-only guard, again once the upgrade has filled the rows. */
static const char HISTORY_NO_UPDATE[] =
	"CREATE TRIGGER history_no_update BEFORE UPDATE ON history"
	" BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;";

/* Version 5: the review's kept figures (store_keep.c), so that a report
 * costs what it reads, not what is stored. All derived: from each
 * opportunity's typed history (report_fact, report_figure, report_sum,
 * rewritten for one opportunity by the C code in the transaction of every
 * change that can alter them) or from its row (forecast_month, by
 * triggers like summary's). Stages, loss reasons and figures are kept as
 * the numbers of the pipeline's enums (catalogue order) and of review_fig:
 * a build that renumbers them bumps the schema and fills the tables again.
 * `embudo check` recounts them all.
 *   report_fact    one row per live opportunity: the stay under way
 *                  (stage, since: unix time), the current close date when
 *                  undecided (overdue), the close-date slips when
 *                  undecided and slipped, the first close date, what it
 *                  awaits (a report_list: invoice or delivery)
 *   report_figure  the rows the period-bound figures add up
 *                  (review_fig_rows): a first entry (and whether it
 *                  advanced), a decision, a cancellation, a loss, a
 *                  completed stay; `at` unix time, `day` its UTC day
 *                  (floor(at / 86400)); valued ones with the card's
 *                  currency and amount (none: 0)
 *   report_sum     report_figure added up per UTC day (level 0, bucket:
 *                  the day), month (level 1, bucket: year * 12 + month - 1)
 *                  and year (level 2, bucket: the year), amounts in the
 *                  two parts of summary's: a period reads its whole years,
 *                  months and days from here (a few buckets whatever its
 *                  length) and the hours at its ends from report_figure
 *   forecast_month live cards per stage, month of expected close
 *                  ("YYYY-MM", "" for none) and currency */
static const char SCHEMA_5[] =
	"CREATE TABLE report_fact ("
	" opp_id INTEGER PRIMARY KEY REFERENCES opportunity (id),"
	" stage INTEGER NOT NULL, since INTEGER NOT NULL,"
	" close TEXT, slips INTEGER, first_close TEXT, awaiting INTEGER);"
	"CREATE INDEX report_fact_stay ON report_fact (stage, since);"
	"CREATE INDEX report_fact_overdue ON report_fact (close, opp_id) WHERE close IS NOT NULL;"
	"CREATE INDEX report_fact_slipped ON report_fact (slips DESC, opp_id) WHERE slips IS NOT NULL;"
	"CREATE INDEX report_fact_awaiting ON report_fact (awaiting, since, opp_id)"
	" WHERE awaiting IS NOT NULL;"
	"CREATE TABLE report_figure ("
	" opp_id INTEGER NOT NULL REFERENCES opportunity (id),"
	" what INTEGER NOT NULL, stage INTEGER NOT NULL, reason INTEGER NOT NULL,"
	" days INTEGER NOT NULL, advanced INTEGER NOT NULL, at INTEGER NOT NULL,"
	" day INTEGER NOT NULL, currency TEXT NOT NULL, amount INTEGER NOT NULL);"
	"CREATE INDEX report_figure_opp ON report_figure (opp_id);"
	"CREATE INDEX report_figure_at ON report_figure (what, stage, at);"
	"CREATE TABLE report_sum ("
	" level INTEGER NOT NULL, bucket INTEGER NOT NULL,"
	" what INTEGER NOT NULL, stage INTEGER NOT NULL, reason INTEGER NOT NULL,"
	" days INTEGER NOT NULL, advanced INTEGER NOT NULL, currency TEXT NOT NULL,"
	" count INTEGER NOT NULL, amount_hi INTEGER NOT NULL, amount_lo INTEGER NOT NULL,"
	" PRIMARY KEY (level, bucket, what, stage, reason, days, advanced, currency))"
	" WITHOUT ROWID;"
	"CREATE TABLE forecast_month ("
	" stage TEXT NOT NULL, month TEXT NOT NULL, currency TEXT NOT NULL,"
	" count INTEGER NOT NULL, amount_hi INTEGER NOT NULL, amount_lo INTEGER NOT NULL,"
	" PRIMARY KEY (stage, month, currency)) WITHOUT ROWID;"
	"INSERT INTO forecast_month (stage, month, currency, count, amount_hi, amount_lo)"
	" SELECT stage, substr(close_date, 1, 7), currency, count(*),"
	"  sum(coalesce(amount, 0) / 1000000000), sum(coalesce(amount, 0) % 1000000000)"
	" FROM opportunity WHERE deleted = 0 GROUP BY 1, 2, 3;"
	"CREATE TRIGGER forecast_month_insert AFTER INSERT ON opportunity WHEN new.deleted = 0 BEGIN"
	" INSERT INTO forecast_month (stage, month, currency, count, amount_hi, amount_lo)"
	"  VALUES (new.stage, substr(new.close_date, 1, 7), new.currency, 1,"
	"   coalesce(new.amount, 0) / 1000000000, coalesce(new.amount, 0) % 1000000000)"
	"  ON CONFLICT (stage, month, currency) DO UPDATE SET count = count + 1,"
	"  amount_hi = amount_hi + excluded.amount_hi, amount_lo = amount_lo + excluded.amount_lo;"
	" END;"
	"CREATE TRIGGER forecast_month_delete AFTER DELETE ON opportunity WHEN old.deleted = 0 BEGIN"
	" UPDATE forecast_month SET count = count - 1,"
	"  amount_hi = amount_hi - coalesce(old.amount, 0) / 1000000000,"
	"  amount_lo = amount_lo - coalesce(old.amount, 0) % 1000000000"
	"  WHERE stage = old.stage AND month = substr(old.close_date, 1, 7)"
	"  AND currency = old.currency;"
	" END;"
	"CREATE TRIGGER forecast_month_update"
	" AFTER UPDATE OF stage, currency, amount, deleted, close_date ON opportunity BEGIN"
	" UPDATE forecast_month SET count = count - 1,"
	"  amount_hi = amount_hi - coalesce(old.amount, 0) / 1000000000,"
	"  amount_lo = amount_lo - coalesce(old.amount, 0) % 1000000000"
	"  WHERE old.deleted = 0 AND stage = old.stage AND month = substr(old.close_date, 1, 7)"
	"  AND currency = old.currency;"
	" INSERT INTO forecast_month (stage, month, currency, count, amount_hi, amount_lo)"
	"  SELECT new.stage, substr(new.close_date, 1, 7), new.currency, 1,"
	"   coalesce(new.amount, 0) / 1000000000, coalesce(new.amount, 0) % 1000000000"
	"  WHERE new.deleted = 0"
	"  ON CONFLICT (stage, month, currency) DO UPDATE SET count = count + 1,"
	"  amount_hi = amount_hi + excluded.amount_hi, amount_lo = amount_lo + excluded.amount_lo;"
	" END;";

/* Each card's last activity kept beside it (store_log_event), filled from
 * the history once (store_activity_fill). */
static const char SCHEMA_6[] = "ALTER TABLE opportunity ADD COLUMN activity TEXT;";

static const char *const MIGRATIONS[STORE_SCHEMA_VERSION] = {
	SCHEMA_1, /* 0 -> 1 */
	SCHEMA_2, /* 1 -> 2 */
	SCHEMA_3, /* 2 -> 3, then store_search_fill */
	SCHEMA_4, /* 3 -> 4, then store_upgrade_history */
	SCHEMA_5, /* 4 -> 5, then store_keep_fill */
	SCHEMA_6, /* 5 -> 6, then store_activity_fill */
};

store_status store_schema_migrate(store *st, int from)
{
	if (from < 0)
		return store_fail(st, STORE_ERROR, "bad schema version %d", from);
	for (int v = from; v < STORE_SCHEMA_VERSION; v++) {
		/* A new database gets schema 1 and every step after it: its
		 * history table ends up with the columns of each. */
		if (sqlite3_exec(st->db, MIGRATIONS[v], NULL, NULL, NULL) != SQLITE_OK)
			return store_sql_fail(st, "creating the schema");
		if (v == 2 && store_search_fill(st) != STORE_OK)
			return STORE_ERROR;
		if (v == 3) {
			store_status r = store_upgrade_history(st);

			if (r != STORE_OK)
				return r;
			if (sqlite3_exec(st->db, HISTORY_NO_UPDATE, NULL, NULL, NULL) != SQLITE_OK)
				return store_sql_fail(st, "creating the schema");
		}
		if (v == 4) {
			store_status r = store_keep_fill(st);

			if (r != STORE_OK)
				return r;
		}
		if (v == 5) {
			store_status r = store_activity_fill(st);

			if (r != STORE_OK)
				return r;
		}
	}
	return STORE_OK;
}
