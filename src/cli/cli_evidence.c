/*
 * cli_evidence: the commands that record or retract evidence: criterion,
 * commitment, billing-approval, invoice, delivery, retract. Recording never
 * moves a card (the store does not); retracting what the stage depends on
 * is refused by the store with a refusal naming what would go missing.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli_cmd.h"

/* A recorded item: its id alone on stdout, for `retract`. */
static int item_result(cli_ctx *c, store_status s, int64_t id, int64_t expect,
                       const int64_t *item)
{
	if (s != STORE_OK)
		return cli_fail(c, s, id, expect, NULL);
	printf("%lld\n", (long long)*item);
	return CLI_OK;
}

static const char *required(cli_ctx *c, const char *name, int *rc)
{
	const char *v = cli_opts_get(c->args, name);
	if (v && v[0])
		return v;
	*rc = cli_usage_error(c, "%s: --%s is required%s", c->cmd->name, name,
	                      v ? " and cannot be empty" : "");
	return NULL;
}

int cli_cmd_criterion(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect, n;
	int rc;
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	if (!cli_opts_positive(a->pos[1], &n) || n > PIPELINE_CRITERIA)
		return cli_usage_error(c, "criterion number '%s' must be 1 to %d", a->pos[1],
		                       PIPELINE_CRITERIA);
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	bool met = !cli_opts_has(a, "unset");
	store_criterion_outcome done = STORE_CRITERION_CHANGED;
	store_status s = store_set_criterion_ex(c->st, id, expect, (int)n, met,
	                                        cli_arg_note(c, "note"), &why, &done);
	if (s == STORE_OK && done != STORE_CRITERION_CHANGED)
		printf("criterion %lld of opportunity %lld was already %s; %s\n", (long long)n,
		       (long long)id, met ? "met" : "unmet",
		       done == STORE_CRITERION_NOTED ? "note saved" : "nothing changed");
	return cli_result(c, s, id, expect, &why);
}

int cli_cmd_commitment(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect, item = 0;
	int rc;
	pipeline_commitment kind;
	const char *date, *kindtext, *ref;
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	if (!(kindtext = required(c, "kind", &rc)) || !(ref = required(c, "ref", &rc)))
		return rc;
	char kinds[256];
	if (!pipeline_commitment_parse(kindtext, &kind))
		return cli_usage_error(c, "no commitment kind '%s'; use %s", kindtext,
		                       pipeline_list_text(PIPELINE_LIST_COMMITMENTS, ", ", " or ", kinds,
		                                          sizeof kinds));
	if (!cli_arg_date(c, "date", &date, &rc))
		return rc;
	(void)a;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	store_status s = store_add_commitment(c->st, id, expect, kind, ref, date, &item);
	return item_result(c, s, id, expect, &item);
}

int cli_cmd_billing(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect;
	int rc;
	const char *date, *ref;
	(void)a;
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	if (!(ref = required(c, "ref", &rc)) || !cli_arg_date(c, "date", &date, &rc))
		return rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	store_status s = store_set_billing_approval(c->st, id, expect, ref, date);
	return cli_result(c, s, id, expect, NULL);
}

typedef struct invoice_args {
	const char *number, *date;
	int64_t item;
} invoice_args;

static store_status invoice_write(cli_ctx *c, int64_t id, int64_t expect, int64_t amount, void *arg)
{
	invoice_args *v = arg;
	return store_add_invoice(c->st, id, expect, v->number, v->date, true, amount, &v->item);
}

int cli_cmd_invoice(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect;
	int rc;
	invoice_args v = { 0 };
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	if (!(v.number = required(c, "number", &rc)) || !cli_arg_date(c, "date", &v.date, &rc))
		return rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	if (!cli_opts_get(a, "amount")) {
		store_status s = store_add_invoice(c->st, id, expect, v.number, v.date, false, 0, &v.item);
		return item_result(c, s, id, expect, &v.item);
	}
	/* The amount is in the opportunity's currency. */
	if ((rc = cli_write_in_card_currency(c, id, expect, "amount", invoice_write, &v)) != CLI_OK)
		return rc;
	return item_result(c, STORE_OK, id, expect, &v.item);
}

int cli_cmd_delivery(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect;
	int rc;
	const char *date, *scopetext;
	pipeline_scope scope;
	(void)a;
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	if (!(scopetext = required(c, "scope", &rc)))
		return rc;
	char scopes[256];
	if (!pipeline_scope_parse(scopetext, &scope))
		return cli_usage_error(c, "no delivery scope '%s'; use %s", scopetext,
		                       pipeline_list_text(PIPELINE_LIST_SCOPES, ", ", " or ", scopes,
		                                          sizeof scopes));
	if (!cli_arg_date(c, "date", &date, &rc))
		return rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	store_status s = store_set_delivery(c->st, id, expect, scope, date, cli_arg_note(c, "note"));
	return cli_result(c, s, id, expect, NULL);
}

int cli_cmd_retract(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect, item = 0;
	int rc;
	pipeline_evidence_kind kind;
	char kinds[256];
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	if (!pipeline_evidence_parse(a->pos[1], &kind))
		return cli_usage_error(c, "cannot retract '%s'; use %s", a->pos[1],
		                       pipeline_list_text(PIPELINE_LIST_RETRACTABLE, ", ", " or ", kinds,
		                                          sizeof kinds));
	const pipeline_evidence_info *e = pipeline_evidence_info_of(kind);
	if (e->count == PIPELINE_NUMBERED)
		return cli_usage_error(c, "a %s is retracted with 'embudo %s %lld N --unset'", e->slug,
		                       e->command, (long long)id);
	bool itemised = e->count == PIPELINE_MANY;
	if (itemised && a->npos < 3)
		return cli_usage_error(c, "retract %s needs the item id ('embudo show %lld' lists them)",
		                       a->pos[1], (long long)id);
	if (!itemised && a->npos > 2)
		return cli_usage_error(c, "retract %s takes no item id", a->pos[1]);
	if (itemised && !cli_opts_positive(a->pos[2], &item))
		return cli_usage_error(c, "'%s' is not an item id (a positive whole number)", a->pos[2]);
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	store_status s = store_retract(c->st, id, expect, kind, item, &why);
	return cli_result(c, s, id, expect, &why);
}
