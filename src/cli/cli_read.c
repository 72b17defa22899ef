/*
 * cli_read: the commands that only read: list, show, history, export.
 * Lists are streamed from store_list one opportunity at a time.
 */
#include "cli/cli.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli_cmd.h"
#include "cli/cli_format.h"
#include "cli/cli_table.h"
#include "review/stale.h"
#include "review/weighted.h"
#include "util/date.h"
#include "util/money.h"
#include "util/text.h"

/* ---- list ------------------------------------------------------------- */

typedef struct list_ctx {
	bool json;
	bool csv;
	bool terminal;      /* csv to a terminal: cells neutralised (cli_csv_cell) */
	int64_t altered;    /* cells that neutralising changed */
	int64_t count;
	time_t now;
	cli_table *table;   /* table output: rows kept until every width is known */
	bool out_of_memory;
	cli_totals totals; /* table output: per currency, never added together */
} list_ctx;

/* The table fits the output (cli_table.h): the title and the client are
 * cut first, then the owner, then the stage; the id, the amount and the
 * days never (a cut number is a wrong number), each as wide as its
 * widest value. */
static const cli_table_col columns[] = {
	{ "ID", true, 0, 0 },       { "STAGE", false, 3, 5 }, { "TITLE", false, 1, 8 },
	{ "CLIENT", false, 1, 8 },  { "OWNER", false, 2, 5 }, { "AMOUNT", true, 0, 0 },
	{ "DAYS", true, 0, 0 },
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static bool table_row(list_ctx *l, const store_opp *o)
{
	char id[32], amount[96], days[32];
	snprintf(id, sizeof id, "%lld", (long long)o->id);
	cli_amount_human(o, amount, sizeof amount);
	review_age age;
	review_age_of(o->stage_since, NULL, 0, l->now, &age);
	snprintf(days, sizeof days, "%lld", (long long)age.days_in_stage);
	const char *cells[NCOLUMNS] = {
		id, pipeline_stage_slug(o->stage), o->title, o->client, o->owner, amount, days,
	};
	return cli_table_add(l->table, cells, o->deleted ? "[deleted]" : NULL);
}

/* The evidence columns are the catalogue's field names, in its order; the
 * checklist's counts the criteria met. */
static void csv_header(void)
{
	fputs("id,title,client,existing_client,line,owner,amount,currency,close,stage,"
	      "stage_since,lost_from,loss_reason,loss_note,", stdout);
	for (int k = 0; k < PIPELINE_EV_COUNT; k++) {
		const pipeline_evidence_info *e = pipeline_evidence_info_of((pipeline_evidence_kind)k);
		printf("%s%s,", e->field, e->count == PIPELINE_NUMBERED ? "_met" : "");
	}
	fputs("deleted,version,created,updated\r\n", stdout);
}

/* Kind k's cell of o, followed by its comma: how many, or the date (and
 * scope) of the one. */
static void csv_evidence(const store_opp *o, const pipeline_evidence *ev, pipeline_evidence_kind k,
                         list_ctx *l)
{
	char delivery[64];
	switch (k) {
	case PIPELINE_EV_CRITERION:
	case PIPELINE_EV_COMMITMENT:
	case PIPELINE_EV_INVOICE:
		printf("%d", pipeline_evidence_held(ev, k));
		break;
	case PIPELINE_EV_BILLING_APPROVAL:
		cli_csv_cell(stdout, o->approval.present ? o->approval.date : NULL, l->terminal, &l->altered);
		break;
	case PIPELINE_EV_DELIVERY:
		if (o->delivery.present) {
			snprintf(delivery, sizeof delivery, "%s %s", pipeline_scope_slug(o->delivery.scope),
			         o->delivery.date);
			cli_csv_cell(stdout, delivery, l->terminal, &l->altered);
		}
		break;
	case PIPELINE_EV_COUNT:
		break;
	}
	fputc(',', stdout);
}

static void csv_row(const store_opp *o, list_ctx *l)
{
	/* Every cell of stored text: exact into a file or a pipe, neutralised
	 * on a terminal (cli_csv_cell). */
#define CELL(v) cli_csv_cell(stdout, (v), l->terminal, &l->altered)
	char amount[64] = "";
	if (o->has_amount)
		money_format(o->amount, o->currency, amount, sizeof amount);
	bool lost = o->stage == PIPELINE_PERDIDA;
	printf("%lld,", (long long)o->id);
	CELL(o->title); fputc(',', stdout);
	CELL(o->client); fputc(',', stdout);
	fputs(o->existing_client ? "true," : "false,", stdout);
	CELL(o->line); fputc(',', stdout);
	CELL(o->owner); fputc(',', stdout);
	/* Stored text, even where embudo only ever writes codes and dates,
	 * goes through the CSV quoting: a hand-edited file cannot break rows. */
	printf("%s,", amount);
	CELL(o->currency); fputc(',', stdout);
	CELL(o->close_date); fputc(',', stdout);
	printf("%s,", pipeline_stage_slug(o->stage));
	CELL(o->stage_since); fputc(',', stdout);
	printf("%s,%s,", lost ? pipeline_stage_slug(o->lost_from) : "",
	       lost && o->has_loss ? pipeline_loss_slug(o->loss_reason) : "");
	CELL(lost ? o->loss_note : NULL);
	fputc(',', stdout);
	pipeline_state ps;
	store_opp_state(o, &ps);
	for (int k = 0; k < PIPELINE_EV_COUNT; k++)
		csv_evidence(o, &ps.ev, (pipeline_evidence_kind)k, l);
	printf("%s,%lld,", o->deleted ? "true" : "false", (long long)o->version);
	CELL(o->created); fputc(',', stdout);
	CELL(o->updated);
	fputs("\r\n", stdout);
#undef CELL
}

static int list_cb(const store_opp *o, void *p)
{
	list_ctx *l = p;
	if (l->json) {
		fputs(l->count ? ",\n" : "\n", stdout);
		cli_json_opp(stdout, o);
	} else if (l->csv) {
		csv_row(o, l);
	} else {
		if (!table_row(l, o)) {
			l->out_of_memory = true;
			return 1;
		}
		if (o->has_amount)
			cli_totals_add(&l->totals, o->currency, o->amount);
	}
	l->count++;
	return ferror(stdout) ? 1 : 0;
}

/* "8 opportunities · CLP 117,500,000 · USD 113,000.00": the totals of the
 * rows listed, one per currency, in the one currency order (money.h).
 * When an item would pass width (0: no limit) it goes on the next line,
 * its "·" under the first one; an item is never cut. */
static void list_footer(list_ctx *l, const char *first, int width)
{
	char head[64];
	money_sort_codes(l->totals.items, l->totals.n, sizeof l->totals.items[0],
	                 offsetof(cli_total, currency), first);
	int indent = snprintf(head, sizeof head, "%lld opportunit%s", (long long)l->count,
	                      l->count == 1 ? "y" : "ies");
	int col = indent;
	fputs(head, stdout);
	if (l->totals.out_of_memory)
		fputs(" \xc2\xb7 (no totals: out of memory)", stdout);
	for (size_t i = 0; i < l->totals.n; i++) {
		const cli_total *t = &l->totals.items[i];
		char item[96], num[64] = "(too large to add up)";
		if (!t->overflow)
			money_format_human(t->sum, t->currency, num, sizeof num);
		snprintf(item, sizeof item, " \xc2\xb7 %s %s", t->currency, num); /* U+00B7 */
		int w = text_width(item);
		if (width > 0 && col > indent && col + w > width) {
			printf("\n%*s", indent, "");
			col = indent;
		}
		cli_put(stdout, item);
		col += w;
	}
	fputc('\n', stdout);
}

static int run_list(cli_ctx *c, const store_filter *f, list_ctx *l)
{
	int rc = cli_open_store(c);
	if (rc != CLI_OK)
		return rc;
	l->now = date_now();
	if (l->json) {
		fputc('[', stdout);
	} else if (l->csv) {
		csv_header();
	} else if (!(l->table = cli_table_new(columns, NCOLUMNS))) {
		cli_err("out of memory");
		return CLI_DB;
	}
	store_status s = store_list(c->st, f, list_cb, l);
	if (l->json) {
		fputs(l->count ? "\n]\n" : "]\n", stdout);
	} else if (l->table) {
		int width = cli_output_width(stdout);
		cli_table_print(l->table, stdout, width);
		list_footer(l, c->cfg.currency, width);
		cli_table_free(l->table);
	}
	cli_totals_free(&l->totals);
	if (l->out_of_memory) {
		cli_err("out of memory after %lld opportunities; narrow the list with --stage, "
		        "--owner, --line or --client", (long long)l->count);
		return CLI_DB;
	}
	if (l->altered)
		cli_err("stdout is a terminal, so %lld cell%s of the export %s made terminal-safe "
		        "(control characters replaced, emoji sequences drawn apart); redirect it to a "
		        "file for the exact data, "
		        "e.g. 'embudo export > pipeline.csv'",
		        (long long)l->altered, l->altered == 1 ? "" : "s",
		        l->altered == 1 ? "was" : "were");
	if (s != STORE_OK)
		return cli_fail(c, s, 0, 0, NULL);
	return CLI_OK;
}

int cli_cmd_list(cli_ctx *c, const cli_args *a)
{
	store_filter f;
	store_filter_init(&f);
	const char *stage = cli_opts_get(a, "stage");
	if (stage) {
		pipeline_stage s;
		int rc;
		if (!cli_arg_stage(c, stage, &s, &rc))
			return rc;
		f.stage = (int)s;
	}
	f.owner = cli_opts_get(a, "owner");
	f.line = cli_opts_get(a, "line");
	f.client = cli_opts_get(a, "client");
	f.include_deleted = cli_opts_has(a, "all");
	list_ctx l = { .json = cli_opts_has(a, "json") };
	return run_list(c, &f, &l);
}

int cli_cmd_export(cli_ctx *c, const cli_args *a)
{
	const char *format = cli_opts_get(a, "format");
	list_ctx l = { 0 };
	if (!format || strcmp(format, "csv") == 0) {
		l.csv = true;
		l.terminal = cli_csv_for_terminal(stdout);
	}
	else if (strcmp(format, "json") == 0)
		l.json = true;
	else
		return cli_usage_error(c, "no export format '%s'; use csv or json", format);
	store_filter f;
	store_filter_init(&f);
	f.include_deleted = true;
	return run_list(c, &f, &l);
}

/* ---- show ------------------------------------------------------------- */

static void field(const char *label, const char *value)
{
	printf("%-18s", label);
	cli_put(stdout, value);
	fputc('\n', stdout);
}

static void who_at(const char *who, const char *at)
{
	if (!who && !at)
		return;
	fputs("  (", stdout);
	cli_put(stdout, who);
	fputs(who && at ? ", " : "", stdout);
	cli_put(stdout, at);
	fputc(')', stdout);
}

/* The catalogue's heading of kind k, "Invoices:", padded to the values'
 * column when value follows on its line ("" for none), else alone. */
static void heading(pipeline_evidence_kind k, const char *value)
{
	char h[64];
	snprintf(h, sizeof h, "%s:", pipeline_evidence_info_of(k)->heading);
	if (value)
		printf("%-18s%s", h, value);
	else
		printf("%s\n", h);
}

static void show_criteria(const cli_ctx *c, const store_opp *o)
{
	heading(PIPELINE_EV_CRITERION, NULL);
	for (int i = 0; i < PIPELINE_CRITERIA; i++) {
		const store_criterion *k = &o->criteria[i];
		char text[1024];
		pipeline_criterion_text(i + 1, c->cfg.organization, text, sizeof text);
		printf("  [%c] %d. ", k->met ? 'x' : ' ', i + 1);
		cli_put(stdout, text);
		if (k->who)
			who_at(k->who, k->at);
		if (k->note) {
			fputs(" note: ", stdout);
			cli_put(stdout, k->note);
		}
		fputc('\n', stdout);
	}
}

static void show_commitments(const store_opp *o)
{
	if (!o->ncommitments)
		heading(PIPELINE_EV_COMMITMENT, "none\n");
	else
		heading(PIPELINE_EV_COMMITMENT, NULL);
	for (size_t i = 0; i < o->ncommitments; i++) {
		const store_commitment *k = &o->commitments[i];
		printf("  item %lld: %s, ref ", (long long)k->id, pipeline_commitment_slug(k->kind));
		cli_put(stdout, k->ref);
		fputs(", ", stdout);
		cli_put(stdout, k->date);
		who_at(k->who, k->at);
		fputc('\n', stdout);
	}
}

static void show_approval(const store_opp *o)
{
	heading(PIPELINE_EV_BILLING_APPROVAL, "");
	if (o->approval.present) {
		fputs("ref ", stdout);
		cli_put(stdout, o->approval.ref);
		fputs(", ", stdout);
		cli_put(stdout, o->approval.date);
		who_at(o->approval.who, o->approval.at);
		fputc('\n', stdout);
	} else {
		fputs("none\n", stdout);
	}
}

static void show_invoices(const store_opp *o)
{
	char sum[256];
	store_opp_invoiced_text(o, sum, sizeof sum);
	heading(PIPELINE_EV_INVOICE, o->ninvoices ? sum : "none");
	fputc('\n', stdout);
	for (size_t i = 0; i < o->ninvoices; i++) {
		const store_invoice *v = &o->invoices[i];
		printf("  item %lld: number ", (long long)v->id);
		cli_put(stdout, v->number);
		fputs(", ", stdout);
		cli_put(stdout, v->date);
		if (v->has_amount) {
			char num[64];
			money_format_human(v->amount, o->currency, num, sizeof num);
			printf(", %s ", num);
			cli_put(stdout, o->currency);
		}
		who_at(v->who, v->at);
		fputc('\n', stdout);
	}
}

static void show_delivery(const store_opp *o)
{
	heading(PIPELINE_EV_DELIVERY, "");
	if (o->delivery.present) {
		printf("%s, ", pipeline_scope_slug(o->delivery.scope));
		cli_put(stdout, o->delivery.date);
		if (o->delivery.note) {
			fputs(", note: ", stdout);
			cli_put(stdout, o->delivery.note);
		}
		who_at(o->delivery.who, o->delivery.at);
		fputc('\n', stdout);
	} else {
		fputs("none\n", stdout);
	}
}

/* Every kind of evidence, in the catalogue's order. */
static void show_evidence(const cli_ctx *c, const store_opp *o)
{
	for (int k = 0; k < PIPELINE_EV_COUNT; k++) {
		switch ((pipeline_evidence_kind)k) {
		case PIPELINE_EV_CRITERION: show_criteria(c, o); break;
		case PIPELINE_EV_COMMITMENT: show_commitments(o); break;
		case PIPELINE_EV_BILLING_APPROVAL: show_approval(o); break;
		case PIPELINE_EV_INVOICE: show_invoices(o); break;
		case PIPELINE_EV_DELIVERY: show_delivery(o); break;
		case PIPELINE_EV_COUNT: break;
		}
	}
}

static void show_table(const cli_ctx *c, const store_opp *o)
{
	char buf[256];
	printf("Opportunity %lld%s\n", (long long)o->id, o->deleted ? " [deleted]" : "");
	field("Title:", o->title);
	printf("%-18s", "Client:");
	cli_put(stdout, o->client);
	puts(o->existing_client ? " (existing client)" : " (new client)");
	field("Service line:", o->line && o->line[0] ? o->line : "-");
	field("Owner:", o->owner && o->owner[0] ? o->owner : "-");
	cli_amount_human(o, buf, sizeof buf);
	field("Amount:", buf);
	/* The figures of review/, as the board's card detail shows them. */
	int stage = o->stage;
	assert(stage >= 0 && stage < PIPELINE_STAGE_COUNT);
	if (o->has_amount) {
		char w[64];
		money_format_human(review_weighted_amount(c->cfg.probability[stage], o->amount),
		                   o->currency, w, sizeof w);
		snprintf(buf, sizeof buf, "%s %s (%d%% in %s)", w, o->currency,
		         c->cfg.probability[stage], pipeline_stage_short(o->stage));
		field("Weighted:", buf);
	}
	field("Expected close:", o->close_date[0] ? o->close_date : "-");
	time_t now = date_now();
	review_age age;
	review_age_of(o->stage_since, o->activity, c->cfg.stale_days[stage], now, &age);
	snprintf(buf, sizeof buf, "%s (%s), since %s, %lld days", pipeline_stage_name(o->stage),
	         pipeline_stage_slug(o->stage), o->stage_since, (long long)age.days_in_stage);
	field("Stage:", buf);
	review_stay stay;
	if (store_stage_time(c->st, o->id, o->stage, now, &stay) == STORE_OK) {
		if (stay.stays > 1)
			snprintf(buf, sizeof buf, "%lld days this stay; %lld days in all over %d stays",
			         (long long)stay.latest_days, (long long)stay.total_days, stay.stays);
		else
			snprintf(buf, sizeof buf, "%lld days (first stay)", (long long)stay.latest_days);
		field("Time in stage:", buf);
	}
	if (o->activity[0]) {
		snprintf(buf, sizeof buf, "%s, %lld days ago%s", o->activity, (long long)age.idle_days,
		         age.stale ? " (stale)" : "");
		field("Last activity:", buf);
	}
	if (o->stage == PIPELINE_PERDIDA) {
		snprintf(buf, sizeof buf, "%s (%s), from %s",
		         o->has_loss ? pipeline_loss_slug(o->loss_reason) : "-",
		         o->has_loss ? pipeline_loss_text(o->loss_reason) : "",
		         pipeline_stage_slug(o->lost_from));
		field("Lost:", buf);
		if (o->loss_note)
			field("Loss note:", o->loss_note);
	}
	snprintf(buf, sizeof buf, "%lld", (long long)o->version);
	field("Version:", buf);
	field("Created:", o->created);
	field("Updated:", o->updated);
	show_evidence(c, o);
}

/* The id argument, the store, a read snapshot and the card in it; on
 * CLI_OK the caller ends the snapshot (and frees o). */
static int snapshot_get(cli_ctx *c, int64_t *id, store_opp *o)
{
	int rc;
	if (!cli_arg_id(c, 0, id, &rc))
		return rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	store_status s = store_read_begin(c->st);
	if (s != STORE_OK)
		return cli_fail(c, s, *id, 0, NULL);
	if ((rc = cli_get(c, *id, o)) != CLI_OK)
		store_read_end(c->st);
	return rc;
}

/* The card and its time in stage from one snapshot. */
int cli_cmd_show(cli_ctx *c, const cli_args *a)
{
	int64_t id;
	store_opp o;
	int rc = snapshot_get(c, &id, &o);
	if (rc != CLI_OK)
		return rc;
	if (cli_opts_has(a, "json")) {
		cli_json_opp(stdout, &o);
		fputc('\n', stdout);
	} else {
		show_table(c, &o);
	}
	store_read_end(c->st);
	store_opp_free(&o);
	return CLI_OK;
}

/* ---- history ---------------------------------------------------------- */

typedef struct history_ctx {
	bool json;
	int64_t count;
} history_ctx;

static int history_cb(const store_event *e, void *p)
{
	history_ctx *h = p;
	if (h->json) {
		fputs(h->count ? ",\n" : "\n", stdout);
		cli_json_event(stdout, e);
	} else {
		cli_put(stdout, e->at);
		fputs("  ", stdout);
		cli_cell(stdout, e->who, 12, false);
		fputs("  ", stdout);
		cli_cell(stdout, e->what, 16, false);
		if (e->field) {
			fputc(' ', stdout);
			cli_put(stdout, e->field);
			if (e->old_value || e->new_value) /* else a note about the field */
				fputc(':', stdout);
		}
		if (e->old_value && e->new_value) {
			fputc(' ', stdout);
			cli_put(stdout, e->old_value);
			fputs(" -> ", stdout);
			cli_put(stdout, e->new_value);
		} else if (e->old_value || e->new_value) {
			fputc(' ', stdout);
			cli_put(stdout, e->new_value ? e->new_value : e->old_value);
		}
		if (e->note) {
			fputs("  note: ", stdout);
			cli_put(stdout, e->note);
		}
		fputc('\n', stdout);
	}
	h->count++;
	return ferror(stdout) ? 1 : 0;
}

/* The existence check and the events from one snapshot. */
int cli_cmd_history(cli_ctx *c, const cli_args *a)
{
	int64_t id;
	store_opp o;
	int rc = snapshot_get(c, &id, &o);
	if (rc != CLI_OK)
		return rc;
	store_opp_free(&o);
	history_ctx h = { .json = cli_opts_has(a, "json") };
	if (h.json)
		fputc('[', stdout);
	store_status s = store_history(c->st, id, history_cb, &h);
	store_read_end(c->st);
	if (h.json)
		fputs(h.count ? "\n]\n" : "]\n", stdout);
	if (s != STORE_OK)
		return cli_fail(c, s, id, 0, NULL);
	return CLI_OK;
}
