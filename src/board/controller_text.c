/* controller: the lines of the card detail and of the help screen. */
#include "controller_int.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "review/stale.h"
#include "review/weighted.h"
#include "util/date.h"
#include "util/text.h"

typedef struct lines {
	char **v;
	int n, cap;
	bool failed;
} lines;

/* Appends one line, neutralised (text_sanitize): database text is safe
 * here already, and a tab can only be the hanging-indent mark. */
static void push_line(lines *l, const char *head, const char *body)
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
	size_t hn = head ? text_sanitize(head, NULL, 0) + 1 : 0; /* + the mark */
	size_t bn = text_sanitize(body, NULL, 0);
	char *s = malloc(hn + bn + 1);
	if (!s) {
		l->failed = true;
		return;
	}
	if (head) {
		text_sanitize(head, s, hn);
		s[hn - 1] = WRAP_HANG;
	}
	text_sanitize(body, s + hn, bn + 1);
	l->v[l->n++] = s;
}

/* head (or NULL) and the formatted text as one line. */
static void vadd(lines *l, const char *head, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int w = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	char *s = w >= 0 ? malloc((size_t)w + 1) : NULL;
	if (!s) {
		l->failed = true;
		return;
	}
	vsnprintf(s, (size_t)w + 1, fmt, ap);
	push_line(l, head, s);
	free(s);
}

static void add(lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(lines *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(l, NULL, fmt, ap);
	va_end(ap);
}

/* A line whose continuation, when the pager wraps it, lines up under the
 * text after head (head, the mark, then the text). */
static void add_hang(lines *l, const char *head, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_hang(lines *l, const char *head, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(l, head, fmt, ap);
	va_end(ap);
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
	else if (e->field && !e->old_value && !e->new_value) /* a note about the field */
		snprintf(change, sizeof change, "%s", e->field);
	else if (e->field)
		snprintf(change, sizeof change, "%s: %s -> %s", e->field, or_dash(e->old_value),
		         or_dash(e->new_value));
	else if (e->new_value)
		snprintf(change, sizeof change, "%s", e->new_value);
	char head[256];
	snprintf(head, sizeof head, "  %s  %-10s %-16s ", e->at, or_dash(e->who), or_dash(e->what));
	add_hang(l, head, "%s%s%s", change, e->note ? "  note: " : "", e->note ? e->note : "");
	return 0;
}

static int detail_lines(controller *c, int64_t id, char ***out);

/* The card, its time in stage and its history from one snapshot: the
 * history never runs past the version shown. */
int controller_detail_lines(controller *c, int64_t id, char ***out)
{
	*out = NULL;
	if (store_read_begin(c->st) != STORE_OK)
		return -1;
	int n = detail_lines(c, id, out);
	store_read_end(c->st);
	return n;
}

/* The lines of kind k's evidence of card o, under the catalogue's heading
 * and the stage it opens: "Invoices (en Facturación): 1, invoiced ...". */
static void detail_evidence(const controller *c, lines *l, const store_opp *o, pipeline_evidence_kind k)
{
	const char *heading = pipeline_evidence_info_of(k)->heading;
	const char *stage = pipeline_stage_short(pipeline_evidence_opens(k));
	int met = 0;
	char sum[256];
	switch (k) {
	case PIPELINE_EV_CRITERION:
		for (int n = 0; n < PIPELINE_CRITERIA; n++)
			met += o->criteria[n].met;
		add(l, "Qualification (%s): %d/%d", stage, met, PIPELINE_CRITERIA);
		for (int n = 0; n < PIPELINE_CRITERIA; n++) {
			char t[512];
			pipeline_criterion_text(n + 1, c->cfg->organization, t, sizeof t);
			const store_criterion *m = &o->criteria[n];
			add_hang(l, m->met ? "  [x] " : "  [ ] ", "%s", t);
			if (m->who)
				add(l, "      %s by %s%s%s", or_dash(m->at), m->who, m->note ? ": " : "",
				    m->note ? m->note : "");
		}
		break;
	case PIPELINE_EV_COMMITMENT:
		add(l, "%s (%s): %zu", heading, stage, o->ncommitments);
		for (size_t i = 0; i < o->ncommitments; i++) {
			const store_commitment *m = &o->commitments[i];
			add(l, "  #%lld %s  ref %s  %s  (%s, %s)", (long long)m->id, pipeline_commitment_slug(m->kind),
			    m->ref, m->date, or_dash(m->who), or_dash(m->at));
		}
		break;
	case PIPELINE_EV_BILLING_APPROVAL:
		if (o->approval.present)
			add(l, "%s (%s): ref %s  %s  (%s, %s)", heading, stage, o->approval.ref, o->approval.date,
			    or_dash(o->approval.who), or_dash(o->approval.at));
		else
			add(l, "%s (%s): none", heading, stage);
		break;
	case PIPELINE_EV_INVOICE:
		store_opp_invoiced_text(o, sum, sizeof sum);
		add(l, "%s (%s): %zu%s%s", heading, stage, o->ninvoices, sum[0] ? ", " : "", sum);
		for (size_t i = 0; i < o->ninvoices; i++) {
			const store_invoice *v = &o->invoices[i];
			char a[64] = "-";
			if (v->has_amount) {
				money_format_human(v->amount, o->currency, a, sizeof a);
				size_t n = strlen(a);
				snprintf(a + n, sizeof a - n, " %s", o->currency);
			}
			add(l, "  #%lld number %s  %s  %s  (%s, %s)", (long long)v->id, v->number, v->date, a,
			    or_dash(v->who), or_dash(v->at));
		}
		break;
	case PIPELINE_EV_DELIVERY:
		if (o->delivery.present)
			add(l, "%s (%s): %s  %s  %s  (%s, %s)", heading, stage,
			    pipeline_scope_slug(o->delivery.scope), o->delivery.date, or_dash(o->delivery.note),
			    or_dash(o->delivery.who), or_dash(o->delivery.at));
		else
			add(l, "%s (%s): none", heading, stage);
		break;
	case PIPELINE_EV_COUNT:
		break;
	}
}

static int detail_lines(controller *c, int64_t id, char ***out)
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
	add_hang(&l, "Title:         ", "%s", o.title);
	add_hang(&l, "Client:        ", "%s (%s client)", o.client, o.existing_client ? "existing" : "new");
	add_hang(&l, "Service line:  ", "%s", or_dash(o.line));
	add_hang(&l, "Owner:         ", "%s", or_dash(o.owner));
	add_hang(&l, "Amount:        ", "%s", amount);
	add_hang(&l, "Close date:    ", "%s", or_dash(o.close_date));
	assert((int)o.stage >= 0 && o.stage < PIPELINE_STAGE_COUNT); /* indexes the settings */
	if (o.has_amount) {
		/* The figure the column's weighted totals add up (per currency). */
		char w[64];
		money_format_human(review_weighted_amount(c->cfg->probability[o.stage], o.amount), o.currency,
		                   w, sizeof w);
		add_hang(&l, "Weighted:      ", "%s %s (%d%% in %s)", w, o.currency, c->cfg->probability[o.stage],
		         pipeline_stage_short(o.stage));
	}
	add_hang(&l, "Stage:         ", "%s since %s (%lld days)", pipeline_stage_name(o.stage), o.stage_since,
	         (long long)date_days_since(o.stage_since, c->model.now));
	/* Time in stage and idleness: the figures' (review/), from the typed
	 * history and the card's last activity. */
	review_stay stay;
	if (store_stage_time(c->st, id, o.stage, c->model.now, &stay) == STORE_OK) {
		if (stay.stays > 1)
			add_hang(&l, "Time in stage: ", "%lld days this stay; %lld days in all over %d stays",
			         (long long)stay.latest_days, (long long)stay.total_days, stay.stays);
		else
			add_hang(&l, "Time in stage: ", "%lld days (first stay)", (long long)stay.latest_days);
	}
	review_age age;
	review_age_of(o.stage_since, o.activity, c->cfg->stale_days[o.stage], c->model.now, &age);
	if (o.activity[0])
		add_hang(&l, "Activity:      ", "last %s (%lld days ago)%s", o.activity,
		         (long long)age.idle_days, age.stale ? "; stale " MODEL_MARK_STALE : "");
	if (o.stage == PIPELINE_PERDIDA) {
		add_hang(&l, "Lost from:     ", "%s", pipeline_stage_name(o.lost_from));
		if (o.has_loss)
			add_hang(&l, "Reason:        ", "%s: %s", pipeline_loss_slug(o.loss_reason),
			    pipeline_loss_text(o.loss_reason));
		if (o.loss_note)
			add_hang(&l, "Loss note:     ", "%s", o.loss_note);
	}
	add_hang(&l, "Created:       ", "%s   Updated: %s   Id: %lld   Version: %lld%s", o.created, o.updated,
	         (long long)o.id, (long long)o.version, o.deleted ? "   (deleted)" : "");
	add(&l, "%s", "");
	for (int k = 0; k < PIPELINE_EV_COUNT; k++)
		detail_evidence(c, &l, &o, (pipeline_evidence_kind)k);
	add(&l, "%s", "");
	add(&l, "History (oldest first):");
	store_opp_free(&o);
	if (store_history(c->st, id, history_line, &l) != STORE_OK)
		add(&l, "  (cannot read the history: %s)", store_message(c->st));
	return finish(&l, out);
}

/* The width of the help's key column: the marks of the legend share it. */
#define HELP_KEYS "  %-20s "

static void help_mark(lines *l, const char *mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void help_mark(lines *l, const char *mark, const char *fmt, ...)
{
	char head[64];
	va_list ap;
	/* %-20s pads bytes; the marks are one column each but "≈" is three. */
	int pad = 20 - text_width(mark);
	snprintf(head, sizeof head, "  %s%*s ", mark, pad > 0 ? pad : 0, "");
	va_start(ap, fmt);
	vadd(l, head, fmt, ap);
	va_end(ap);
}

/* "Inmadura 30 days, Calificada 21 days, ..." for the stages whose value
 * is not 0 (the configuration's per-stage settings). */
static void per_stage(const int value[PIPELINE_STAGE_COUNT], const char *unit, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		if (!value[s])
			continue;
		int w = snprintf(buf + n, bufsz - n, "%s%s %d%s", n ? ", " : "",
		                 pipeline_stage_short((pipeline_stage)s), value[s], unit);
		if (w < 0 || (size_t)w >= bufsz - n)
			break;
		n += (size_t)w;
	}
	if (!n)
		snprintf(buf, bufsz, "none set");
}

int controller_help_lines(const controller *c, char ***out)
{
	static const char *const heading[KEYMAP_MODE_COUNT] = {
		[KEYMAP_BOARD] = "On the board",
		[KEYMAP_FORM] = "In a form",
		[KEYMAP_DIALOG] = "In a list, a question or this help",
	};
	lines l = { 0 };
	const keymap *km = &c->cfg->keys;
	const config *cfg = c->cfg;
	for (int m = 0; m < KEYMAP_MODE_COUNT; m++) {
		if (m)
			add(&l, "%s", "");
		add(&l, "%s", heading[m]);
		for (int a = 0; a < KEYMAP_ACTION_COUNT; a++) {
			if ((int)keymap_action_mode((keymap_action)a) != m)
				continue;
			char keys[128];
			keymap_describe(km, (keymap_action)a, keys, sizeof keys);
			char head[256];
			snprintf(head, sizeof head, HELP_KEYS, keys);
			add_hang(&l, head, "%s", keymap_action_help((keymap_action)a));
		}
	}
	add(&l, "%s", "");
	add(&l, "Marks on the board");
	help_mark(&l, "12" MODEL_MARK_DAYS, "Days the card has been in its stage");
	help_mark(&l, "2/5", "Qualification criteria met, of the %d (Inmadura cards)", PIPELINE_CRITERIA);
	char per[512], pct[32];
	per_stage(cfg->stale_days, " days", per, sizeof per);
	help_mark(&l, MODEL_MARK_STALE, "Stale: no activity for its stage's stale_days or more (%s)",
	          per);
	per_stage(cfg->probability, "%", per, sizeof per);
	snprintf(pct, sizeof pct, MODEL_MARK_WEIGHTED "%d%%", cfg->probability[PIPELINE_INMADURA]);
	help_mark(&l, pct, "Weighted value: the column's totals times its stage's probability (%s)", per);
	help_mark(&l, "Fcst " MODEL_MARK_WEIGHTED "  Inv", "Forecast (weighted), Invoiced: under the cards");
	help_mark(&l, "1-5/8", "The cards shown of the column's count");
	help_mark(&l, "< >", "More columns to that side");
	char detail[64], messages[64];
	keymap_describe(km, KEYMAP_DETAIL, detail, sizeof detail);
	keymap_describe(km, KEYMAP_MESSAGES, messages, sizeof messages);
	help_mark(&l, "\u2026", "Cut to fit: %s shows the card whole, %s every recent message whole",
	          detail, messages);
	help_mark(&l, "117.5M", "A compact amount: k thousand, M million, B billion, T trillion");
	add(&l, "%s", "");
	add(&l, "Every key can be rebound in the configuration (keys:, see embudo-config(5)); "
	    "embudo config dump lists the action names.");
	return finish(&l, out);
}

/* Opens a pager on lines (taken), about card id when > 0. */
static void open_pager(controller *c, const char *title, char **v, int n, int64_t id, screen_fn watch)
{
	dialog_pager *p = dialog_pager_new(&c->cfg->keys, title, v, n);
	if (p && id > 0) {
		dialog_about(&p->d, id, 0);
		p->d.base.watch = watch;
		p->d.base.watch_ctx = c;
	}
	controller_open(c, p ? &p->d : NULL, NULL, NULL, NULL);
}

/* The card under the open detail changed: it shows the card as it is now,
 * at the same place (a deleted card says "(deleted)" on its Created line). */
static void detail_watch(void *ctx, screen *s)
{
	controller *c = ctx;
	dialog *d = dialog_of(s);
	if (!d || d->kind != DIALOG_PAGER)
		return;
	char **v = NULL;
	int n = controller_detail_lines(c, d->card_id, &v);
	if (n < 0) {
		dialog_set_notice(d, "This card cannot be read any more (deleted by someone?).");
		return;
	}
	dialog_pager_set_lines((dialog_pager *)d, v, n);
}

void controller_detail_of(controller *c, int64_t id)
{
	char **v = NULL;
	int n = controller_detail_lines(c, id, &v);
	if (n < 0) {
		controller_report(c, STORE_NOT_FOUND, NULL, "Detail");
		return;
	}
	/* The first line is the title: "#12 Title". */
	store_opp o;
	char title[300] = "";
	if (store_get(c->st, id, &o) == STORE_OK) {
		controller_card_name(o.title, title, sizeof title);
		store_opp_free(&o);
	}
	open_pager(c, title, v, n, id, detail_watch);
}

void controller_detail(controller *c)
{
	const store_card *k = controller_need_card(c);
	if (k)
		controller_detail_of(c, k->id);
}

int controller_message_lines(const controller *c, char ***out)
{
	lines l = { 0 };
	for (int i = c->model.nrecent - 1; i >= 0; i--) {
		const model_message *m = &c->model.recent[i];
		struct tm tm;
		char head[32] = "";
		if (localtime_r(&m->at, &tm))
			strftime(head, sizeof head, "%H:%M:%S  ", &tm);
		add_hang(&l, head, "%s", m->text);
	}
	if (!c->model.nrecent)
		add(&l, "No messages yet in this session.");
	return finish(&l, out);
}

void controller_messages(controller *c)
{
	char **v = NULL;
	int n = controller_message_lines(c, &v);
	if (n >= 0)
		open_pager(c, "Recent messages", v, n, 0, NULL);
}

void controller_help(controller *c)
{
	char **v = NULL;
	int n = controller_help_lines(c, &v);
	if (n >= 0)
		open_pager(c, "embudo: keys", v, n, 0, NULL);
}
