/* cli_format: JSON, table and CSV writers of the CLI (see cli_format.h). */
#include "cli/cli_format.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/json.h"
#include "util/money.h"
#include "pipeline/pipeline.h"
#include "util/text.h"

/* "" means unset for dates: JSON null. */
static void json_date(FILE *f, const char *d)
{
	if (d && d[0])
		json_string(f, d);
	else
		json_null(f);
}

static void json_amount(FILE *f, bool has, int64_t minor, const char *currency)
{
	if (!has) {
		json_null(f);
		return;
	}
	char buf[64];
	money_format(minor, currency, buf, sizeof buf);
	json_string(f, buf);
}

/* The closing "who" and "at" members every piece of evidence carries. */
static void json_who_at(FILE *f, const char *who, const char *at)
{
	json_key(f, "who"); json_string(f, who); fputc(',', f);
	json_key(f, "at"); json_string(f, at);
}

static void json_commitment(FILE *f, const store_commitment *k)
{
	fputc('{', f);
	json_key(f, "id"); json_int(f, k->id); fputc(',', f);
	json_key(f, "kind"); json_string(f, pipeline_commitment_slug(k->kind)); fputc(',', f);
	json_key(f, "ref"); json_string(f, k->ref); fputc(',', f);
	json_key(f, "date"); json_date(f, k->date); fputc(',', f);
	json_who_at(f, k->who, k->at);
	fputc('}', f);
}

static void json_invoice(FILE *f, const store_invoice *v, const char *currency)
{
	fputc('{', f);
	json_key(f, "id"); json_int(f, v->id); fputc(',', f);
	json_key(f, "number"); json_string(f, v->number); fputc(',', f);
	json_key(f, "date"); json_date(f, v->date); fputc(',', f);
	json_key(f, "amount"); json_amount(f, v->has_amount, v->amount, currency); fputc(',', f);
	json_who_at(f, v->who, v->at);
	fputc('}', f);
}

static void json_criteria_detail(FILE *f, const store_opp *o)
{
	fputc('[', f);
	for (int i = 0; i < PIPELINE_CRITERIA; i++) {
		const store_criterion *c = &o->criteria[i];
		if (i)
			fputc(',', f);
		fputc('{', f);
		json_key(f, "n"); json_int(f, i + 1); fputc(',', f);
		json_key(f, "met"); json_bool(f, c->met); fputc(',', f);
		json_key(f, "who"); json_string(f, c->who); fputc(',', f);
		json_key(f, "at"); json_string(f, c->at); fputc(',', f);
		json_key(f, "note"); json_string(f, c->note);
		fputc('}', f);
	}
	fputc(']', f);
}

/* The members of kind k's evidence, each followed by a comma, under the
 * catalogue's field name. */
static void json_evidence(FILE *f, const store_opp *o, pipeline_evidence_kind k)
{
	const char *field = pipeline_evidence_info_of(k)->field;
	char key[64];
	invoiced v;
	json_key(f, field);
	switch (k) {
	case PIPELINE_EV_CRITERION:
		fputc('[', f);
		for (int i = 0; i < PIPELINE_CRITERIA; i++) {
			if (i)
				fputc(',', f);
			json_bool(f, o->criteria[i].met);
		}
		fputc(']', f); fputc(',', f);
		snprintf(key, sizeof key, "%s_detail", field);
		json_key(f, key); json_criteria_detail(f, o);
		break;
	case PIPELINE_EV_COMMITMENT:
		fputc('[', f);
		for (size_t i = 0; i < o->ncommitments; i++) {
			if (i)
				fputc(',', f);
			json_commitment(f, &o->commitments[i]);
		}
		fputc(']', f);
		break;
	case PIPELINE_EV_BILLING_APPROVAL:
		if (o->approval.present) {
			fputc('{', f);
			json_key(f, "ref"); json_string(f, o->approval.ref); fputc(',', f);
			json_key(f, "date"); json_date(f, o->approval.date); fputc(',', f);
			json_who_at(f, o->approval.who, o->approval.at);
			fputc('}', f);
		} else {
			json_null(f);
		}
		break;
	case PIPELINE_EV_INVOICE:
		fputc('[', f);
		for (size_t i = 0; i < o->ninvoices; i++) {
			if (i)
				fputc(',', f);
			json_invoice(f, &o->invoices[i], o->currency);
		}
		fputc(']', f); fputc(',', f);
		store_opp_invoiced(o, &v);
		json_key(f, "invoiced"); json_amount(f, !v.overflow, v.amount, o->currency);
		break;
	case PIPELINE_EV_DELIVERY:
		if (o->delivery.present) {
			fputc('{', f);
			json_key(f, "scope"); json_string(f, pipeline_scope_slug(o->delivery.scope)); fputc(',', f);
			json_key(f, "date"); json_date(f, o->delivery.date); fputc(',', f);
			json_key(f, "note"); json_string(f, o->delivery.note); fputc(',', f);
			json_who_at(f, o->delivery.who, o->delivery.at);
			fputc('}', f);
		} else {
			json_null(f);
		}
		break;
	case PIPELINE_EV_COUNT:
		json_null(f);
		break;
	}
	fputc(',', f);
}

void cli_json_opp(FILE *f, const store_opp *o)
{
	fputc('{', f);
	json_key(f, "id"); json_int(f, o->id); fputc(',', f);
	json_key(f, "title"); json_string(f, o->title); fputc(',', f);
	json_key(f, "client"); json_string(f, o->client); fputc(',', f);
	json_key(f, "existing_client"); json_bool(f, o->existing_client); fputc(',', f);
	json_key(f, "line"); json_string(f, o->line ? o->line : ""); fputc(',', f);
	json_key(f, "owner"); json_string(f, o->owner ? o->owner : ""); fputc(',', f);
	json_key(f, "amount"); json_amount(f, o->has_amount, o->amount, o->currency); fputc(',', f);
	json_key(f, "currency"); json_string(f, o->currency); fputc(',', f);
	json_key(f, "close"); json_date(f, o->close_date); fputc(',', f);
	json_key(f, "stage"); json_string(f, pipeline_stage_slug(o->stage)); fputc(',', f);
	json_key(f, "stage_name"); json_string(f, pipeline_stage_name(o->stage)); fputc(',', f);
	json_key(f, "stage_since"); json_date(f, o->stage_since); fputc(',', f);
	json_key(f, "position"); json_int(f, o->position); fputc(',', f);
	for (int k = 0; k < PIPELINE_EV_COUNT; k++)
		json_evidence(f, o, (pipeline_evidence_kind)k);
	json_key(f, "lost");
	if (o->stage == PIPELINE_PERDIDA) {
		fputc('{', f);
		json_key(f, "reason");
		if (o->has_loss)
			json_string(f, pipeline_loss_slug(o->loss_reason));
		else
			json_null(f);
		fputc(',', f);
		json_key(f, "from"); json_string(f, pipeline_stage_slug(o->lost_from)); fputc(',', f);
		json_key(f, "note"); json_string(f, o->loss_note);
		fputc('}', f);
	} else {
		json_null(f);
	}
	fputc(',', f);
	json_key(f, "deleted"); json_bool(f, o->deleted); fputc(',', f);
	json_key(f, "version"); json_int(f, o->version); fputc(',', f);
	json_key(f, "created"); json_date(f, o->created); fputc(',', f);
	json_key(f, "updated"); json_date(f, o->updated);
	fputc('}', f);
}

void cli_json_event(FILE *f, const store_event *e)
{
	fputc('{', f);
	json_key(f, "id"); json_int(f, e->id); fputc(',', f);
	json_key(f, "opportunity"); json_int(f, e->opp_id); fputc(',', f);
	json_key(f, "at"); json_string(f, e->at); fputc(',', f);
	json_key(f, "who"); json_string(f, e->who); fputc(',', f);
	json_key(f, "what"); json_string(f, e->what); fputc(',', f);
	json_key(f, "field"); json_string(f, e->field); fputc(',', f);
	json_key(f, "old"); json_string(f, e->old_value); fputc(',', f);
	json_key(f, "new"); json_string(f, e->new_value); fputc(',', f);
	json_key(f, "note"); json_string(f, e->note);
	fputc('}', f);
}

void cli_put(FILE *f, const char *s)
{
	if (!s)
		return;
	char small[512];
	size_t need = text_sanitize(s, small, sizeof small);
	if (need < sizeof small) {
		fputs(small, f);
		return;
	}
	char *big = text_sanitize_dup(s);
	if (big) {
		fputs(big, f);
		free(big);
	}
}

void cli_cell(FILE *f, const char *s, int width, bool right)
{
	char buf[1024];
	int w = text_fit(s ? s : "", width, buf, sizeof buf);
	if (right)
		fprintf(f, "%*s%s", width - w > 0 ? width - w : 0, "", buf);
	else
		fprintf(f, "%s%*s", buf, width - w > 0 ? width - w : 0, "");
}

void cli_csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	bool quote = false;
	for (const unsigned char *p = (const unsigned char *)s; *p && !quote; p++)
		quote = *p == ',' || *p == '"' || *p < 0x20 || *p == 0x7f;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

bool cli_csv_for_terminal(FILE *f)
{
	return isatty(fileno(f)) == 1;
}

void cli_csv_cell(FILE *f, const char *s, bool terminal, int64_t *altered)
{
	if (!s || !terminal) {
		cli_csv_field(f, s);
		return;
	}
	char *safe = text_sanitize_dup(s);
	if (!safe) {
		/* Nothing raw reaches the terminal, not even out of memory. */
		fputs("\"(out of memory)\"", f);
		(*altered)++;
		return;
	}
	if (strcmp(safe, s) != 0)
		(*altered)++;
	cli_csv_field(f, safe);
	free(safe);
}

void cli_amount_human(const store_opp *o, char *buf, size_t n)
{
	if (!o->has_amount) {
		snprintf(buf, n, "-");
		return;
	}
	char num[64];
	money_format_human(o->amount, o->currency, num, sizeof num);
	snprintf(buf, n, "%s %s", num, o->currency);
}

void cli_totals_add(cli_totals *t, const char *currency, int64_t amount)
{
	size_t i = 0;
	while (i < t->n && strcmp(t->items[i].currency, currency) != 0)
		i++;
	if (i == t->n) {
		if (t->n == t->cap) {
			size_t ncap = t->cap ? t->cap * 2 : 4;
			cli_total *p = realloc(t->items, ncap * sizeof *p);
			if (!p) {
				t->out_of_memory = true;
				return;
			}
			t->items = p;
			t->cap = ncap;
		}
		memset(&t->items[i], 0, sizeof t->items[i]);
		snprintf(t->items[i].currency, sizeof t->items[i].currency, "%s", currency);
		t->n++;
	}
	cli_total *k = &t->items[i];
	if (!k->overflow && __builtin_add_overflow(k->sum, amount, &k->sum))
		k->overflow = true;
}

void cli_totals_free(cli_totals *t)
{
	free(t->items);
	memset(t, 0, sizeof *t);
}
