/*
 * check_store_search: the filters' indexes (store_search.c). The text
 * filter through the trigram index and the owner and client filters
 * through their folded keys find exactly what a brute-force text_fold
 * comparison finds; they follow every add and edit in the same
 * transaction; the migration to schema 3 indexes the rows already there;
 * rows written by plain SQLite (the sqlite3 shell) are never missed; and
 * the filtered queries read the index, not the whole table.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "store_test.h"
#include "util/text.h"

/* ---- brute force ------------------------------------------------------ */

#define MAXROWS 160

typedef struct row {
	int64_t id;
	char title[96], client[96], owner[64];
	bool deleted;
	pipeline_stage stage;
} row;

typedef struct rows {
	row r[MAXROWS];
	int n;
} rows;

static int collect_cb(const store_opp *o, void *ctx)
{
	rows *rs = ctx;

	ck_assert_int_lt(rs->n, MAXROWS);
	row *r = &rs->r[rs->n++];
	r->id = o->id;
	snprintf(r->title, sizeof r->title, "%s", o->title);
	snprintf(r->client, sizeof r->client, "%s", o->client);
	snprintf(r->owner, sizeof r->owner, "%s", o->owner);
	r->deleted = o->deleted;
	r->stage = o->stage;
	return 0;
}

static void collect(store *st, rows *rs)
{
	store_filter all;

	store_filter_init(&all);
	all.include_deleted = true;
	memset(rs, 0, sizeof *rs);
	ck_assert_int_eq(store_list(st, &all, collect_cb, rs), STORE_OK);
}

static bool fcontains(const char *hay, const char *needle)
{
	char *h = text_fold_dup(hay), *n = text_fold_dup(needle);
	bool r = strstr(h, n) != NULL;

	free(h);
	free(n);
	return r;
}

static bool fequal(const char *a, const char *b)
{
	char *x = text_fold_dup(a), *y = text_fold_dup(b);
	bool r = strcmp(x, y) == 0;

	free(x);
	free(y);
	return r;
}

static bool matches(const row *r, const store_filter *f)
{
	return (f->include_deleted || !r->deleted) && (!f->owner || fequal(r->owner, f->owner))
	    && (!f->client || fequal(r->client, f->client))
	    && (!f->text || !*f->text || fcontains(r->title, f->text)
	        || fcontains(r->client, f->text));
}

static int list_cb(const store_opp *o, void *ctx)
{
	(void)o;
	(*(int *)ctx)++;
	return 0;
}

/* Every query of the board and the list against the brute force, under f. */
static void compare(store *st, const rows *rs, const store_filter *f, const char *what)
{
	int want[PIPELINE_STAGE_COUNT] = { 0 }, total = 0, listed = 0;
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_card cards[MAXROWS];
	int64_t order[PIPELINE_STAGE_COUNT][MAXROWS];

	for (int i = 0; i < rs->n; i++) {
		if (matches(&rs->r[i], f)) {
			want[rs->r[i].stage]++;
			total++;
		}
	}
	ck_assert_int_eq(store_list(st, f, list_cb, &listed), STORE_OK);
	ck_assert_msg(listed == total, "%s: list %d, want %d", what, listed, total);
	ck_assert_int_eq(store_summarize(st, f, sum), STORE_OK);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		int n;

		ck_assert_msg(sum[s].count == want[s], "%s stage %d: summary %lld, want %d", what, s,
		              (long long)sum[s].count, want[s]);
		ck_assert_int_eq(store_cards(st, (pipeline_stage)s, f, 0, MAXROWS, cards, &n),
		                 STORE_OK);
		ck_assert_msg(n == want[s], "%s stage %d: cards %d, want %d", what, s, n, want[s]);
		for (int i = 0; i < n; i++) {
			/* In position order, each a match. */
			if (i)
				ck_assert_int_le(cards[i - 1].position, cards[i].position);
			order[s][i] = cards[i].id;
			store_card_free(&cards[i]);
		}
	}
	for (int i = 0; i < rs->n; i++) {
		int64_t off;
		store_status r = store_card_offset(st, rs->r[i].id, f, &off);

		ck_assert_msg(r == (matches(&rs->r[i], f) ? STORE_OK : STORE_NOT_FOUND),
		              "%s: offset of %lld is %d", what, (long long)rs->r[i].id, r);
		if (r == STORE_OK)
			ck_assert_int_eq(order[rs->r[i].stage][off], rs->r[i].id);
	}
}

/* Titles and clients made of these, so that needles hit across them. */
static const char *const parts[] = {
	"Migración", "MIGRACION", "migracio\xcc\x81n", "Ñandú", "nandu", "東京タワー", "東京",
	"say \"hi\"", "50% off", "a_b", "O'Brien", "  ", "-", "Ünïcödé", "😀 emoji 😀", "x",
	"Cloud", "DATA", "año", "ANO", "résumé", "crème brûlée", "ßtraße", "ǅ", "İstanbul",
};
#define NPARTS (sizeof parts / sizeof parts[0])

static void text_of(unsigned seed, char *out, size_t outsz)
{
	int k = 1 + (int)(seed % 3);

	out[0] = '\0';
	for (int i = 0; i < k; i++) {
		size_t n = strlen(out);

		seed = seed * 1103515245u + 12345u;
		snprintf(out + n, outsz - n, "%s%s", i ? (seed & 64 ? " " : "") : "",
		         parts[(seed >> 8) % NPARTS]);
	}
}

static void fill(store *st, int count)
{
	static const char *const owners[] = { "ana", "Ána", "ANA", "bob", "José", "jose", "東京",
	                                      "o\"q", "" };

	for (int i = 0; i < count; i++) {
		char title[96], client[96];
		int64_t id;

		text_of((unsigned)i * 7919u + 1, title, sizeof title);
		text_of((unsigned)(i % 23) * 104729u + 3, client, sizeof client);
		if (!*title || strspn(title, " ") == strlen(title))
			snprintf(title, sizeof title, "t%d", i);
		if (strspn(client, " ") == strlen(client))
			snprintf(client, sizeof client, "c%d", i);
		store_fields f = { .title = title, .client = client,
		                   .owner = *owners[i % 9] ? owners[i % 9] : NULL };
		ck_assert_msg(store_add(st, &f, &id) == STORE_OK, "add %s / %s: %s", title, client,
		              store_message(st));
		if (i % 5 == 1) {
			st_qualify(st, id);
			ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
		}
		if (i % 11 == 4)
			ck_assert_int_eq(store_delete(st, id, 0), STORE_OK);
	}
}

/* Needles of 1..6 characters cut from every title and client (so most
 * match something), in other cases and accents too, plus some that match
 * nothing and some with FTS5 syntax in them. */
static void compare_needles(store *st, const rows *rs, int step)
{
	static const char *const extra[] = {
		"\"", "\"\"", "\"hi\"", "say \"", "% o", "a_b", "*", "AND", "OR x", "NEAR(",
		"-", "^ab", "ación", "ACION", "anDU", "京タ", "タワー", "tr", "ßtr", "zzz", "😀 e",
		"é", "ïcö", "b\xcc\x81", "a b c", "ü", "ü ", " ", "   ", "x x", "brûl", "BRUL",
	};
	store_filter f;
	char what[160];

	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		store_filter_init(&f);
		f.text = extra[i];
		snprintf(what, sizeof what, "text '%s'", extra[i]);
		compare(st, rs, &f, what);
		f.include_deleted = true;
		compare(st, rs, &f, what);
	}
	for (int i = 0; i < rs->n; i += step) {
		const char *src = i % 2 ? rs->r[i].client : rs->r[i].title;
		size_t len = strlen(src);

		for (int chars = 1; chars <= 6; chars++) {
			/* chars characters from a character boundary a third in. */
			size_t a = len / 3, b;
			int c = 0;

			while (a > 0 && ((unsigned char)src[a] & 0xC0) == 0x80)
				a--;
			for (b = a; b < len && c < chars; c++) {
				b++;
				while (b < len && ((unsigned char)src[b] & 0xC0) == 0x80)
					b++;
			}
			char needle[64];
			snprintf(needle, sizeof needle, "%.*s", (int)(b - a), src + a);
			store_filter_init(&f);
			f.text = needle;
			snprintf(what, sizeof what, "text '%s'", needle);
			compare(st, rs, &f, what);
			/* Upper-cased ASCII: the same matches. */
			for (char *p = needle; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
			f.text = needle;
			compare(st, rs, &f, what);
		}
	}
}

START_TEST(test_text_filter_matches_brute_force)
{
	store *st = st_open(st_dbpath);
	rows rs;

	fill(st, 120);
	collect(st, &rs);
	ck_assert_int_eq(rs.n, 120);
	compare_needles(st, &rs, 3);
	store_close(st);
}
END_TEST

START_TEST(test_owner_client_filters_match_brute_force)
{
	static const char *const owners[] = { "ana", "ANA", "Ána", "ána", "an", "bob", "jose",
	                                      "JOSÉ", "Jose\xcc\x81", "東京", "o\"q", "tester",
	                                      "nobody", "" };
	store *st = st_open(st_dbpath);
	store_filter f;
	rows rs;
	char what[160];

	fill(st, 90);
	collect(st, &rs);
	for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++) {
		store_filter_init(&f);
		f.owner = owners[i];
		snprintf(what, sizeof what, "owner '%s'", owners[i]);
		compare(st, &rs, &f, what);
		f.text = "mig";
		compare(st, &rs, &f, what);
	}
	for (int i = 0; i < rs.n; i += 7) {
		char upper[96];

		store_filter_init(&f);
		f.client = rs.r[i].client;
		snprintf(what, sizeof what, "client '%s'", rs.r[i].client);
		compare(st, &rs, &f, what);
		snprintf(upper, sizeof upper, "%s", rs.r[i].client);
		for (char *p = upper; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		f.client = upper;
		f.owner = "ANA";
		compare(st, &rs, &f, what);
	}
	store_close(st);
}
END_TEST

static int64_t raw_count(const char *sql)
{
	return st_raw_int(st_dbpath, sql);
}

/* Add and edit keep the indexes in their own transaction. */
START_TEST(test_index_follows_writes)
{
	store *st = st_open(st_dbpath);
	store_filter f;
	rows rs;
	int64_t a = st_add(st, "Migración norte", "Codelco");
	int64_t b = st_add(st, "Soporte", "ENAP");

	ck_assert_int_eq(raw_count("SELECT count(*) FROM opportunity_search"), 2);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM search_stale"), 0);

	store_fields e = { .title = "Renovación sur", .owner = "Zoë" };
	ck_assert_int_eq(store_edit(st, a, 0, &e), STORE_OK);
	collect(st, &rs);
	store_filter_init(&f);
	f.text = "norte";
	compare(st, &rs, &f, "old title");
	f.text = "renovacion";
	compare(st, &rs, &f, "new title");
	store_filter_init(&f);
	f.owner = "zoe";
	compare(st, &rs, &f, "new owner");

	/* A refused edit changes no index. */
	store_fields e2 = { .title = "Otro", .client = "Nuevo cliente" };
	ck_assert_int_eq(store_edit(st, b, 99, &e2), STORE_CONFLICT);
	store_filter_init(&f);
	f.text = "nuevo";
	compare(st, &rs, &f, "refused edit");
	f.text = "enap";
	compare(st, &rs, &f, "refused edit");

	/* An undone bulk load leaves no index row behind. */
	ck_assert_int_eq(store_bulk_begin(st), STORE_OK);
	st_add(st, "Fantasma", "Nadie");
	store_bulk_abort(st);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM opportunity_search"), 2);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM opportunity_search"
	                           " WHERE opportunity_search MATCH '\"fantasma\"'"), 0);

	/* Deleted cards keep their index row: the deleted filter hides them. */
	ck_assert_int_eq(store_delete(st, b, 0), STORE_OK);
	collect(st, &rs);
	store_filter_init(&f);
	f.text = "soporte";
	compare(st, &rs, &f, "deleted");
	f.include_deleted = true;
	compare(st, &rs, &f, "deleted, included");
	ck_assert_int_eq(store_restore(st, b, 0), STORE_OK);
	collect(st, &rs);
	f.include_deleted = false;
	compare(st, &rs, &f, "restored");
	bool ok = false;
	ck_assert_int_eq(store_integrity(st, &ok), STORE_OK);
	ck_assert(ok);
	store_close(st);
}
END_TEST

/* A schema-2 file is indexed by the migration, in the opening transaction. */
START_TEST(test_migration_indexes_existing_rows)
{
	store *st = st_open(st_dbpath);
	rows rs;

	fill(st, 60);
	store_close(st);
	st_downgrade_v2(st_dbpath);
	ck_assert_int_eq(raw_count("PRAGMA user_version"), 2);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM sqlite_master"
	                           " WHERE name = 'opportunity_search'"), 0);

	st = st_open(st_dbpath);
	ck_assert_int_eq(raw_count("PRAGMA user_version"), store_schema_version());
	ck_assert_int_eq(raw_count("SELECT count(*) FROM opportunity_search"), 60);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM opportunity WHERE owner_key IS NULL"
	                           " OR client_key IS NULL"), 0);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM search_stale"), 0);
	collect(st, &rs);
	compare_needles(st, &rs, 5);
	store_filter f;
	store_filter_init(&f);
	f.owner = "JOSE";
	compare(st, &rs, &f, "owner after migration");
	store_close(st);
}
END_TEST

static void plain_exec(const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	/* A plain connection, as the sqlite3 shell has: no embudo_fold. */
	ck_assert_int_eq(sqlite3_open(st_dbpath, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql,
	              err ? err : "?");
	sqlite3_close(db);
}

/* Rows inserted or changed by plain SQLite: found all the same while they
 * are stale, and indexed again by the next open. */
START_TEST(test_foreign_writes_are_never_missed)
{
	store *st = st_open(st_dbpath);
	store_filter f;
	rows rs;
	char plan[2048];

	fill(st, 40);
	plain_exec("INSERT INTO opportunity (title, client, owner, currency, stage, position,"
	           " created, updated, stage_since) VALUES ('Escrito a mano', 'Shell SA', 'Íñigo',"
	           " 'CLP', 'inmadura', 999, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',"
	           " '2026-01-01T00:00:00Z');"
	           "UPDATE opportunity SET title = 'Cambiado por shell', owner = 'bob'"
	           " WHERE id = 1;");
	ck_assert_int_eq(raw_count("SELECT count(*) FROM search_stale"), 2);
	collect(st, &rs);
	store_filter_init(&f);
	f.text = "mano";
	compare(st, &rs, &f, "foreign insert");
	f.text = "cambiado";
	compare(st, &rs, &f, "foreign edit");
	f.text = "mig";
	compare(st, &rs, &f, "foreign edit, old title");
	store_filter_init(&f);
	f.owner = "inigo";
	compare(st, &rs, &f, "foreign owner");
	f.owner = "BOB";
	compare(st, &rs, &f, "foreign owner change");
	store_filter_init(&f);
	f.client = "shell sa";
	compare(st, &rs, &f, "foreign client");
	store_close(st);

	st = st_open(st_dbpath);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM search_stale"), 0);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM opportunity_search"), 41);
	store_filter_init(&f);
	f.text = "escrito a";
	/* Repaired: the matches are found in the index again (and kept). */
	ck_assert_int_eq(store_internal_plan_hits(st, &f, plan, sizeof plan), STORE_OK);
	ck_assert_msg(strstr(plan, "opportunity_search VIRTUAL TABLE INDEX") != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "SCAN o\n") == NULL, "plan scans: %s", plan);
	compare(st, &rs, &f, "repaired");
	f.text = NULL;
	f.owner = "íñigo";
	compare(st, &rs, &f, "repaired owner");
	store_close(st);
}
END_TEST

/* The owners store_owners must give for rs: the folded owners of the live
 * cards, distinct, in folded (byte) order. */
static int want_owners(const rows *rs, char want[][64], int max)
{
	int n = 0;

	for (int i = 0; i < rs->n; i++) {
		char key[64];
		int at = 0;

		if (rs->r[i].deleted || !rs->r[i].owner[0])
			continue;
		text_fold(rs->r[i].owner, key, sizeof key);
		while (at < n && strcmp(want[at], key) < 0)
			at++;
		if (at < n && strcmp(want[at], key) == 0)
			continue;
		ck_assert_int_lt(n, max);
		memmove(want[at + 1], want[at], sizeof want[0] * (size_t)(n - at));
		snprintf(want[at], 64, "%s", key);
		n++;
	}
	return n;
}

static void compare_owners(store *st, const rows *rs, const char *what)
{
	char want[32][64], **names;
	int nwant = want_owners(rs, want, 32), n;

	ck_assert_int_eq(store_owners(st, &names, &n), STORE_OK);
	ck_assert_msg(n == nwant, "%s: %d owners, want %d", what, n, nwant);
	for (int i = 0; i < n; i++) {
		char key[64];
		bool live = false;

		text_fold(names[i], key, sizeof key);
		ck_assert_msg(strcmp(key, want[i]) == 0, "%s: owner %d is '%s', want '%s'", what, i,
		              names[i], want[i]);
		/* the name is one a live card has, as it was written */
		for (int k = 0; k < rs->n; k++)
			live = live || (!rs->r[k].deleted && strcmp(rs->r[k].owner, names[i]) == 0);
		ck_assert_msg(live, "%s: '%s' is no live card's owner", what, names[i]);
	}
	store_owners_free(names, n);
}

/* The owner filter's choices: one per owner as the filter matches them,
 * from the folded owner index (one seek per owner, never a scan of the
 * cards); an owner whose cards are all deleted is not offered; rows the
 * sqlite3 shell wrote are listed all the same. */
START_TEST(test_owners_listed_from_the_index)
{
	store *st = st_open(st_dbpath);
	rows rs;
	int64_t id;

	fill(st, 60);
	store_fields gone = { .title = "Solo borrada", .client = "X", .owner = "Zoe" };
	ck_assert_int_eq(store_add(st, &gone, &id), STORE_OK);
	ck_assert_int_eq(store_delete(st, id, 0), STORE_OK);
	store_fields none = { .title = "Sin dueño", .client = "X", .owner = "Nadie" };
	ck_assert_int_eq(store_add(st, &none, &id), STORE_OK);
	store_fields clear = { .owner = "" };
	ck_assert_int_eq(store_edit(st, id, 0, &clear), STORE_OK);
	collect(st, &rs);
	compare_owners(st, &rs, "indexed");
	char **names;
	int n;
	ck_assert_int_eq(store_owners(st, &names, &n), STORE_OK);
	for (int i = 0; i < n; i++)
		ck_assert_msg(strcmp(names[i], "Zoe") && strcmp(names[i], "Nadie"), "%s listed", names[i]);
	ck_assert_int_ge(n, 5); /* ana, bob, jose, 東京, o"q, the actor */
	store_owners_free(names, n);

	sqlite3_stmt *s;
	char plan[2048] = "";
	size_t len = 0;
	ck_assert_int_eq(sqlite3_prepare_v2(store_internal_db(st), "EXPLAIN QUERY PLAN " STORE_OWNERS_SQL,
	                                    -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		len += (size_t)snprintf(plan + len, sizeof plan - len, "%s\n",
		                        (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	ck_assert_msg(strstr(plan, "opportunity_owner_key") != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "SCAN opportunity") == NULL, "plan scans: %s", plan);

	plain_exec("INSERT INTO opportunity (title, client, owner, currency, stage, position,"
	           " created, updated, stage_since) VALUES ('Escrito a mano', 'Shell SA', 'Íñigo',"
	           " 'CLP', 'inmadura', 999, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',"
	           " '2026-01-01T00:00:00Z');"
	           "UPDATE opportunity SET owner = 'Bea' WHERE owner = 'bob';");
	collect(st, &rs);
	compare_owners(st, &rs, "stale rows");
	store_close(st);
	st = st_open(st_dbpath); /* indexes them again */
	compare_owners(st, &rs, "repaired");
	store_close(st);
}
END_TEST

/* Selective filters read their index, never the whole table. */
START_TEST(test_filtered_plans_use_indexes)
{
	store *st = st_open(st_dbpath);
	store_filter f;
	char plan[2048];

	ck_assert_int_eq(store_bulk_begin(st), STORE_OK);
	for (int i = 0; i < 3000; i++) {
		char title[32], owner[32];

		snprintf(title, sizeof title, "Oportunidad %d", i);
		snprintf(owner, sizeof owner, "Vendedor %d", i % 50);
		store_fields fl = { .title = title, .client = i % 2 ? "ACME" : "Beta", .owner = owner };
		ck_assert_int_eq(store_add(st, &fl, NULL), STORE_OK);
	}
	ck_assert_int_eq(store_bulk_end(st), STORE_OK);

	store_filter_init(&f);
	f.text = "oportunidad 299";
	/* The matches are found once through the index and kept; the
	 * column's window is read from them in order, each card by its id. */
	ck_assert_int_eq(store_internal_plan_hits(st, &f, plan, sizeof plan), STORE_OK);
	ck_assert_msg(strstr(plan, "opportunity_search VIRTUAL TABLE INDEX") != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "USING INTEGER PRIMARY KEY (rowid=?)") != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "SCAN o\n") == NULL, "plan scans: %s", plan);
	ck_assert_int_eq(store_internal_plan_cards(st, PIPELINE_INMADURA, &f, plan, sizeof plan),
	                 STORE_OK);
	ck_assert_msg(strstr(plan, "SEARCH k USING PRIMARY KEY (stage=? AND position>?)") != NULL,
	              "plan: %s", plan);
	ck_assert_msg(strstr(plan, "SEARCH o USING INTEGER PRIMARY KEY (rowid=?)") != NULL,
	              "plan: %s", plan);
	ck_assert_msg(strstr(plan, "SCAN") == NULL, "plan scans: %s", plan);
	ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "plan sorts: %s", plan);
	ck_assert_msg(strstr(plan, "opportunity_search") == NULL, "plan searches again: %s", plan);
	ck_assert_int_eq(store_internal_plan_summary(st, &f, plan, sizeof plan), STORE_OK);
	ck_assert_msg(strstr(plan, "opportunity_search") == NULL, "plan searches again: %s", plan);
	ck_assert_msg(strstr(plan, "SCAN o\n") == NULL, "plan scans: %s", plan);
	/* Every count a window needs: the kept matches' key, no search. */
	for (int after = 0; after < 2; after++) {
		ck_assert_int_eq(store_internal_plan_count(st, &f, after, plan, sizeof plan), STORE_OK);
		ck_assert_msg(strstr(plan, after ? "USING PRIMARY KEY (stage=? AND position>?)"
		                                 : "USING PRIMARY KEY (stage=? AND position<?)") != NULL,
		              "plan: %s", plan);
		ck_assert_msg(strstr(plan, "opportunity_search") == NULL, "plan: %s", plan);
	}

	/* Two characters: no trigram, the rows are read (and found). */
	f.text = "29";
	ck_assert_int_eq(store_internal_plan_cards(st, PIPELINE_INMADURA, &f, plan, sizeof plan),
	                 STORE_OK);
	ck_assert_msg(strstr(plan, "opportunity_search") == NULL, "plan: %s", plan);

	store_filter_init(&f);
	f.owner = "VENDEDOR 7";
	ck_assert_int_eq(store_internal_plan_cards(st, PIPELINE_INMADURA, &f, plan, sizeof plan),
	                 STORE_OK);
	ck_assert_msg(strstr(plan, "opportunity_owner_key (owner_key=? AND stage=? AND position>?)")
	              != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "plan sorts: %s", plan);
	ck_assert_int_eq(store_internal_plan_summary(st, &f, plan, sizeof plan), STORE_OK);
	ck_assert_msg(strstr(plan, "opportunity_owner_key") != NULL, "plan: %s", plan);
	ck_assert_msg(strstr(plan, "SCAN o\n") == NULL, "plan scans: %s", plan);

	store_filter_init(&f);
	f.client = "acme";
	ck_assert_int_eq(store_internal_plan_cards(st, PIPELINE_INMADURA, &f, plan, sizeof plan),
	                 STORE_OK);
	ck_assert_msg(strstr(plan, "opportunity_client_key (client_key=? AND stage=? AND position>?)")
	              != NULL, "plan: %s", plan);
	ck_assert_int_eq(store_internal_plan_summary(st, &f, plan, sizeof plan), STORE_OK);
	ck_assert_msg(strstr(plan, "SCAN o\n") == NULL, "plan scans: %s", plan);

	/* And the answers: 11 titles hold "oportunidad 299" (299, 2990..2999). */
	store_summary sum[PIPELINE_STAGE_COUNT];
	store_filter_init(&f);
	f.text = "OPORTUNIDAD 299";
	ck_assert_int_eq(store_summarize(st, &f, sum), STORE_OK);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 11);
	f.text = NULL;
	f.owner = "vendedor 7";
	ck_assert_int_eq(store_summarize(st, &f, sum), STORE_OK);
	ck_assert_int_eq(sum[PIPELINE_INMADURA].count, 60);
	store_close(st);
}
END_TEST

static Suite *store_search_suite(void)
{
	Suite *s = suite_create("store_search");
	TCase *tc = tcase_create("search");

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_text_filter_matches_brute_force);
	tcase_add_test(tc, test_owner_client_filters_match_brute_force);
	tcase_add_test(tc, test_index_follows_writes);
	tcase_add_test(tc, test_migration_indexes_existing_rows);
	tcase_add_test(tc, test_foreign_writes_are_never_missed);
	tcase_add_test(tc, test_filtered_plans_use_indexes);
	tcase_add_test(tc, test_owners_listed_from_the_index);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return st_run(store_search_suite());
}
