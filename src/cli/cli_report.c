/*
 * cli_report: `embudo report`, the pipeline review (review/report.h): its
 * options, and the reports (one per owner or line with --by) with every
 * entry of their lists, read in one snapshot and handed to the writer of
 * the format asked for (cli_report_json.c, cli_report_text.c,
 * cli_report_csv.c). Read-only: it never creates a database.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli_cmd.h"
#include "cli/cli_report.h"
#include "cli/cli_table.h"
#include "util/date.h"

/* List entries read at a time: the whole list in one read (an offset
 * walks the entries before it) unless it is larger than this. */
#define PAGE (1 << 24)

typedef enum rep_format { FMT_TABLE, FMT_JSON, FMT_CSV, FMT_MD } rep_format;

static bool parse_format(const cli_ctx *c, rep_format *fmt, int *rc)
{
	const char *v = cli_opts_get(c->args, "format");

	*fmt = FMT_TABLE;
	if (cli_opts_has(c->args, "json")) {
		if (v && strcmp(v, "json") != 0) {
			*rc = cli_usage_error(c, "--json and --format %s ask for two formats: give one", v);
			return false;
		}
		*fmt = FMT_JSON;
		return true;
	}
	if (!v || strcmp(v, "table") == 0)
		return true;
	if (strcmp(v, "json") == 0)
		*fmt = FMT_JSON;
	else if (strcmp(v, "csv") == 0)
		*fmt = FMT_CSV;
	else if (strcmp(v, "md") == 0 || strcmp(v, "markdown") == 0)
		*fmt = FMT_MD;
	else {
		*rc = cli_usage_error(c, "--format '%s' is not a format: table, json, csv or md", v);
		return false;
	}
	return true;
}

/* The period and the rest of the query from the options and the
 * configuration. */
static bool parse_query(const cli_ctx *c, report_query *q, int *rc)
{
	const char *since, *until;

	memset(q, 0, sizeof *q);
	if (!cli_arg_date(c, "since", &since, rc) || !cli_arg_date(c, "until", &until, rc))
		return false;
	if (since && until && strcmp(since, until) > 0) {
		*rc = cli_usage_error(c, "--since %s is after --until %s: the period would be empty",
		                      since, until);
		return false;
	}
	if (since) {
		if (!date_local_day_start(since, &q->since)) {
			*rc = cli_usage_error(c, "--since %s cannot be placed on this clock", since);
			return false;
		}
		q->has_since = true;
		memcpy(q->since_day, since, DATE_LEN + 1);
	}
	if (until) {
		if (!date_local_day_end(until, &q->until)) {
			*rc = cli_usage_error(c, "--until %s cannot be placed on this clock", until);
			return false;
		}
		q->has_until = true;
		memcpy(q->until_day, until, DATE_LEN + 1);
	}
	q->now = date_now();
	memcpy(q->probability, c->cfg.probability, sizeof q->probability);
	memcpy(q->first_currency, c->cfg.currency, sizeof q->first_currency);
	return true;
}

static bool parse_by(const cli_ctx *c, report_by *by, int *rc)
{
	const char *v = cli_opts_get(c->args, "by");

	*by = REPORT_BY_NONE;
	if (!v)
		return true;
	if (strcmp(v, "owner") == 0)
		*by = REPORT_BY_OWNER;
	else if (strcmp(v, "line") == 0)
		*by = REPORT_BY_LINE;
	else {
		*rc = cli_usage_error(c, "--by '%s': a report is grouped by owner or by line", v);
		return false;
	}
	return true;
}

static void rep_free(cli_rep *rep)
{
	report_free(&rep->r);
	for (int l = 0; l < REPORT_LISTS; l++)
		free(rep->items[l]);
}

/* One report and every entry of its four lists. */
static store_status read_one(store *st, const store_filter *f, const report_query *q,
                             cli_rep *rep, bool *oom)
{
	store_status r = store_report(st, f, q, &rep->r);

	for (int l = 0; r == STORE_OK && l < REPORT_LISTS; l++) {
		report_pick p = { .list = (report_list)l };
		int64_t want = rep->r.lists[l];

		if (want <= 0)
			continue;
		if (!(rep->items[l] = malloc((size_t)want * sizeof *rep->items[l]))) {
			*oom = true;
			return STORE_ERROR;
		}
		while (r == STORE_OK && rep->nitems[l] < want) {
			int n = 0, page = want - rep->nitems[l] < PAGE ? (int)(want - rep->nitems[l]) : PAGE;

			r = store_report_list(st, f, q, &p, rep->nitems[l], page,
			                      rep->items[l] + rep->nitems[l], &n);
			if (r == STORE_OK && n == 0)
				break; /* one snapshot: cannot happen */
			rep->nitems[l] += n;
		}
	}
	return r;
}

static void write_set(rep_format fmt, const cli_rep_set *set)
{
	switch (fmt) {
	case FMT_JSON: cli_rep_json(stdout, set); break;
	case FMT_CSV: cli_rep_csv(stdout, set); break;
	case FMT_MD: cli_rep_markdown(stdout, set); break;
	case FMT_TABLE: cli_rep_table(stdout, set); break;
	}
}

int cli_cmd_report(cli_ctx *c, const cli_args *a)
{
	rep_format fmt;
	report_query q;
	report_by by;
	report_rates rates;
	store_filter f;
	char **groups = NULL;
	int ngroups = 0, rc = CLI_OK;
	bool oom = false;
	cli_rep *reps = NULL;
	store_status s;

	if (!parse_format(c, &fmt, &rc) || !parse_query(c, &q, &rc) || !parse_by(c, &by, &rc))
		return rc;
	rates = c->cfg.rates;
	store_filter_init(&f);
	f.owner = cli_opts_get(a, "owner");
	f.line = cli_opts_get(a, "line");
	f.client = cli_opts_get(a, "client");
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	/* Every report, group and list entry from one snapshot. */
	if ((s = store_read_begin(c->st)) != STORE_OK)
		return cli_fail(c, s, 0, 0, NULL);
	if (by != REPORT_BY_NONE)
		s = store_report_groups(c->st, &f, by, &groups, &ngroups);
	else
		ngroups = 1;
	if (s == STORE_OK && ngroups > 0 && !(reps = calloc((size_t)ngroups, sizeof *reps))) {
		oom = true;
		s = STORE_ERROR;
	}
	for (int i = 0; s == STORE_OK && i < ngroups; i++) {
		store_filter g = f;

		if (by == REPORT_BY_OWNER)
			g.owner = groups[i];
		else if (by == REPORT_BY_LINE)
			g.line = groups[i];
		reps[i].owner = g.owner;
		reps[i].line = g.line;
		reps[i].client = g.client;
		s = read_one(c->st, &g, &q, &reps[i], &oom);
	}
	store_read_end(c->st);
	if (s == STORE_OK) {
		cli_rep_set set = { .q = &q, .rates = &rates, .by = by, .reps = reps, .n = ngroups,
		                    .width = cli_output_width(stdout) };

		write_set(fmt, &set);
	} else if (oom) {
		cli_err("out of memory reading the report");
		rc = CLI_DB;
	} else {
		rc = cli_fail(c, s, 0, 0, NULL);
	}
	for (int i = 0; reps && i < ngroups; i++)
		rep_free(&reps[i]);
	free(reps);
	store_report_groups_free(groups, by != REPORT_BY_NONE ? ngroups : 0);
	return rc;
}

/* ---- what the writers share ------------------------------------------------ */

const char *cli_rep_list_key(report_list l)
{
	switch (l) {
	case REPORT_OVERDUE: return "overdue";
	case REPORT_SLIPPED: return "slipped";
	case REPORT_AWAITING_INVOICE: return "awaiting_invoice";
	case REPORT_AWAITING_DELIVERY: return "awaiting_delivery";
	default: return "";
	}
}

const char *cli_rep_list_title(report_list l)
{
	switch (l) {
	case REPORT_OVERDUE: return "Overdue";
	case REPORT_SLIPPED: return "Slipped";
	case REPORT_AWAITING_INVOICE: return "Awaiting invoice";
	case REPORT_AWAITING_DELIVERY: return "Awaiting delivery";
	default: return "";
	}
}

void cli_rep_ratio(report_ratio q, char *buf, size_t bufsz)
{
	size_t n;

	if (!q.known) {
		snprintf(buf, bufsz, "%s", "");
		return;
	}
	snprintf(buf, bufsz, "%.4f", q.value);
	n = strlen(buf);
	while (n > 1 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 1 && buf[n - 1] == '.')
		buf[--n] = '\0';
}

void cli_rep_days(double v, bool full, char *buf, size_t bufsz)
{
	if (v == (double)(int64_t)v)
		snprintf(buf, bufsz, "%lld", (long long)v);
	else
		snprintf(buf, bufsz, full ? "%.15g" : "%.1f", v);
}

void cli_rep_money_text(const report_money *m, char *buf, size_t bufsz)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < m->ntotals; i++) {
		const review_total *t = &m->totals[i];
		char num[64] = "too large";

		if (!t->overflow)
			money_format_human(t->amount, t->currency, num, sizeof num);
		used += (size_t)snprintf(buf + used, used < bufsz ? bufsz - used : 0, "%s%s %s",
		                         i ? " \xc2\xb7 " : "", t->currency, num);
		if (used >= bufsz)
			return;
	}
	if (m->more && used < bufsz)
		snprintf(buf + used, bufsz - used, " \xc2\xb7 (more currencies)");
	if (!buf[0])
		snprintf(buf, bufsz, "%s", "-");
}

void cli_rep_converted_text(const report_rates *rates, const report_money *m, char *buf,
                            size_t bufsz)
{
	report_converted cv;
	char num[64] = "too large";
	size_t used;

	buf[0] = '\0';
	if (!rates || !rates->set)
		return;
	report_convert(rates, m, &cv);
	if (!cv.overflow)
		money_format_human(cv.amount, cv.currency, num, sizeof num);
	used = (size_t)snprintf(buf, bufsz, "\xe2\x89\x88 %s %s (rates of %s)", cv.currency, num,
	                        rates->as_of);
	for (int i = 0; i < cv.nunconverted && used < bufsz; i++)
		used += (size_t)snprintf(buf + used, bufsz - used, "%s%s", i ? ", " : "; no rate for ",
		                         cv.unconverted[i]);
	if (cv.more && used < bufsz)
		snprintf(buf + used, bufsz - used, "; more currencies left out");
}
