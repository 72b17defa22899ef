/* controller: the lines of the card detail and of the help screen. */
#include "controller_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

typedef struct lines {
	char **v;
	int n, cap;
	bool failed;
} lines;

static void add(lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(lines *l, const char *fmt, ...)
{
	if (l->failed)
		return;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 32;
		char **v = realloc(l->v, sizeof *v * (size_t)cap);
		if (!v) {
			l->failed = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int w = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (w >= 0 && (s = malloc((size_t)w + 1))) {
		va_start(ap, fmt);
		vsnprintf(s, (size_t)w + 1, fmt, ap);
		va_end(ap);
	}
	if (!s) {
		l->failed = true;
		return;
	}
	l->v[l->n++] = s;
}

void controller_lines_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int finish(lines *l, char ***out)
{
	if (l->failed) {
		controller_lines_free(l->v, l->n);
		*out = NULL;
		return -1;
	}
	*out = l->v;
	return l->n;
}

static const char *or_dash(const char *s)
{
	return s && s[0] ? s : "-";
}

static int history_line(const store_event *e, void *ctx)
{
	lines *l = ctx;
	char change[1024] = "";
	if (e->what && (!strcmp(e->what, "move") || !strcmp(e->what, "lose") || !strcmp(e->what, "reopen")))
		snprintf(change, sizeof change, "%s -> %s", or_dash(e->old_value), or_dash(e->new_value));
	else if (e->field)
		snprintf(change, sizeof change, "%s: %s -> %s", e->field, or_dash(e->old_value),
		         or_dash(e->new_value));
	else if (e->new_value)
		snprintf(change, sizeof change, "%s", e->new_value);
	add(l, "  %s  %-10s %-16s %s%s%s", e->at, or_dash(e->who), or_dash(e->what), change,
	    e->note ? "  note: " : "", e->note ? e->note : "");
	return 0;
}

int controller_detail_lines(controller *c, int64_t id, char ***out)
{
	store_opp o;
	if (store_get(c->st, id, &o) != STORE_OK) {
		*out = NULL;
		return -1;
	}
	lines l = { 0 };
	char amount[64] = "-";
	if (o.has_amount) {
		money_format_human(o.amount, o.currency, amount, sizeof amount);
		size_t n = strlen(amount);
		snprintf(amount + n, sizeof amount - n, " %s", o.currency);
	}
	add(&l, "Title:         %s", o.title);
	add(&l, "Client:        %s (%s client)", o.client, o.existing_client ? "existing" : "new");
	add(&l, "Service line:  %s", or_dash(o.line));
	add(&l, "Owner:         %s", or_dash(o.owner));
	add(&l, "Amount:        %s", amount);
	add(&l, "Close date:    %s", or_dash(o.close_date));
	add(&l, "Stage:         %s since %s (%lld days)", pipeline_stage_name(o.stage), o.stage_since,
	    (long long)date_days_since(o.stage_since, c->now));
	if (o.stage == PIPELINE_PERDIDA) {
		add(&l, "Lost from:     %s", pipeline_stage_name(o.lost_from));
		if (o.has_loss)
			add(&l, "Reason:        %s: %s", pipeline_loss_slug(o.loss_reason),
			    pipeline_loss_text(o.loss_reason));
		if (o.loss_note)
			add(&l, "Loss note:     %s", o.loss_note);
	}
	add(&l, "Created:       %s   Updated: %s   Id: %lld   Version: %lld%s", o.created, o.updated,
	    (long long)o.id, (long long)o.version, o.deleted ? "   (deleted)" : "");
	add(&l, "%s", "");
	int met = 0;
	for (int n = 0; n < PIPELINE_CRITERIA; n++)
		met += o.criteria[n].met;
	add(&l, "Qualification (%s): %d/%d", pipeline_stage_short(PIPELINE_CALIFICADA), met, PIPELINE_CRITERIA);
	for (int n = 0; n < PIPELINE_CRITERIA; n++) {
		char t[512];
		pipeline_criterion_text(n + 1, c->cfg->organization, t, sizeof t);
		const store_criterion *k = &o.criteria[n];
		add(&l, "  [%c] %s", k->met ? 'x' : ' ', t);
		if (k->who)
			add(&l, "      %s by %s%s%s", or_dash(k->at), k->who, k->note ? ": " : "", k->note ? k->note : "");
	}
	add(&l, "Commitments (%s): %zu", pipeline_stage_short(PIPELINE_COMPROMETIDA), o.ncommitments);
	for (size_t i = 0; i < o.ncommitments; i++) {
		const store_commitment *m = &o.commitments[i];
		add(&l, "  #%lld %s  ref %s  %s  (%s, %s)", (long long)m->id, pipeline_commitment_slug(m->kind),
		    m->ref, m->date, or_dash(m->who), or_dash(m->at));
	}
	if (o.approval.present)
		add(&l, "Billing approval (%s): ref %s  %s  (%s, %s)", pipeline_stage_short(PIPELINE_POR_FACTURAR),
		    o.approval.ref, o.approval.date, or_dash(o.approval.who), or_dash(o.approval.at));
	else
		add(&l, "Billing approval (%s): none", pipeline_stage_short(PIPELINE_POR_FACTURAR));
	add(&l, "Invoices (%s): %zu", pipeline_stage_short(PIPELINE_EN_FACTURACION), o.ninvoices);
	for (size_t i = 0; i < o.ninvoices; i++) {
		const store_invoice *v = &o.invoices[i];
		char a[64] = "-";
		if (v->has_amount) {
			money_format_human(v->amount, o.currency, a, sizeof a);
			size_t n = strlen(a);
			snprintf(a + n, sizeof a - n, " %s", o.currency);
		}
		add(&l, "  #%lld number %s  %s  %s  (%s, %s)", (long long)v->id, v->number, v->date, a,
		    or_dash(v->who), or_dash(v->at));
	}
	if (o.delivery.present)
		add(&l, "Delivery (%s): %s  %s  %s  (%s, %s)", pipeline_stage_short(PIPELINE_LISTA),
		    pipeline_scope_slug(o.delivery.scope), o.delivery.date, or_dash(o.delivery.note),
		    or_dash(o.delivery.who), or_dash(o.delivery.at));
	else
		add(&l, "Delivery (%s): none", pipeline_stage_short(PIPELINE_LISTA));
	add(&l, "%s", "");
	add(&l, "History (oldest first):");
	store_opp_free(&o);
	if (store_history(c->st, id, history_line, &l) != STORE_OK)
		add(&l, "  (cannot read the history: %s)", store_message(c->st));
	return finish(&l, out);
}

int controller_help_lines(const controller *c, char ***out)
{
	lines l = { 0 };
	const keymap *km = &c->cfg->keys;
	for (int m = 0; m < KEYMAP_MODE_COUNT; m++) {
		if (m)
			add(&l, "%s", "");
		add(&l, "Keys: %s", keymap_mode_name((keymap_mode)m));
		for (int a = 0; a < KEYMAP_ACTION_COUNT; a++) {
			if ((int)keymap_action_mode((keymap_action)a) != m)
				continue;
			char keys[128];
			keymap_describe(km, (keymap_action)a, keys, sizeof keys);
			add(&l, "  %-20s %-14s %s", keys, keymap_action_name((keymap_action)a),
			    keymap_action_help((keymap_action)a));
		}
	}
	return finish(&l, out);
}

void controller_detail(controller *c)
{
	const store_card *k = controller_selected(c);
	if (!k) {
		controller_say(c, true, "No card selected: this column is empty.");
		return;
	}
	char **v = NULL;
	char title[300];
	controller_card_name(k->title, title, sizeof title);
	int n = controller_detail_lines(c, k->id, &v);
	if (n < 0) {
		controller_report(c, STORE_NOT_FOUND, NULL, "Detail");
		return;
	}
	if (c->ui.pager)
		c->ui.pager(c->ui.ctx, title, v, n);
	controller_lines_free(v, n);
}

void controller_help(controller *c)
{
	char **v = NULL;
	int n = controller_help_lines(c, &v);
	if (n < 0)
		return;
	if (c->ui.pager)
		c->ui.pager(c->ui.ctx, "embudo: keys", v, n);
	controller_lines_free(v, n);
}
