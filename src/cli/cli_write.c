/*
 * cli_write: the commands that change an opportunity's fields or stage:
 * add, edit, delete, restore, move, lose, reopen. Every argument is
 * checked before the database is opened, so a usage error changes nothing
 * (not even creating the file).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli_cmd.h"
#include "util/date.h"
#include "util/money.h"

int cli_cmd_add(cli_ctx *c, const cli_args *a)
{
	int rc;
	store_fields f;
	memset(&f, 0, sizeof f);
	char currency[MONEY_CODE_LEN + 1];
	f.title = a->pos[0];
	f.client = cli_opts_get(a, "client");
	if (!f.client)
		return cli_usage_error(c, "add: --client NAME is required");
	f.line = cli_opts_get(a, "line");
	f.owner = cli_opts_get(a, "owner");
	const char *fallback = c->cfg.currency[0] ? c->cfg.currency : MONEY_DEFAULT_CURRENCY;
	if (!cli_arg_currency(c, fallback, currency, &rc))
		return rc;
	f.currency = currency;
	if (!cli_arg_date(c, "close", &f.close_date, &rc))
		return rc;
	if (!cli_arg_amount(c, "amount", currency, &f.set_amount, &f.amount, &rc))
		return rc;
	f.has_amount = f.set_amount;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	int64_t id = 0;
	store_status s = store_add(c->st, &f, &id);
	if (s != STORE_OK)
		return cli_fail(c, s, 0, 0, NULL);
	printf("%lld\n", (long long)id);
	return CLI_OK;
}

static store_status edit_write(cli_ctx *c, int64_t id, int64_t expect, int64_t amount, void *arg)
{
	store_fields *f = arg;
	f->amount = amount;
	return store_edit(c->st, id, expect, f);
}

int cli_cmd_edit(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect;
	int rc;
	store_fields f;
	memset(&f, 0, sizeof f);
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	f.title = cli_opts_get(a, "title");
	f.client = cli_opts_get(a, "client");
	f.line = cli_opts_get(a, "line");
	f.owner = cli_opts_get(a, "owner");
	f.close_date = cli_opts_get(a, "close");
	if (f.close_date && f.close_date[0] && !cli_arg_date(c, "close", &f.close_date, &rc))
		return rc;
	char currency[MONEY_CODE_LEN + 1] = "";
	if (cli_opts_get(a, "currency")) {
		if (!cli_arg_currency(c, NULL, currency, &rc))
			return rc;
		f.currency = currency;
	}
	const char *amount = cli_opts_get(a, "amount");
	if (!f.title && !f.client && !f.line && !f.owner && !f.close_date && !f.currency && !amount)
		return cli_usage_error(c, "edit: nothing to change; give at least one field option");
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	if (amount) {
		f.set_amount = true;
		f.has_amount = amount[0] != '\0';
		/* Without --currency the amount is in the card's currency. */
		if (f.has_amount && !currency[0])
			return cli_write_in_card_currency(c, id, expect, "amount", edit_write, &f);
		bool given;
		if (f.has_amount && !cli_arg_amount(c, "amount", currency, &given, &f.amount, &rc))
			return rc;
	}
	return cli_result(c, store_edit(c->st, id, expect, &f), id, expect, NULL);
}

static int delete_or_restore(cli_ctx *c, bool restore)
{
	int64_t id, expect;
	int rc;
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	store_status s = restore ? store_restore(c->st, id, expect) : store_delete(c->st, id, expect);
	return cli_result(c, s, id, expect, NULL);
}

int cli_cmd_delete(cli_ctx *c, const cli_args *a)
{
	(void)a;
	return delete_or_restore(c, false);
}

int cli_cmd_restore(cli_ctx *c, const cli_args *a)
{
	(void)a;
	return delete_or_restore(c, true);
}

/* move, lose and reopen, once their own arguments are checked. */
typedef struct stage_change {
	enum { CHANGE_MOVE, CHANGE_LOSE, CHANGE_REOPEN } kind;
	pipeline_stage to;     /* move */
	pipeline_loss reason;  /* lose */
} stage_change;

static int change_stage(cli_ctx *c, int64_t id, int64_t expect, const stage_change *ch)
{
	int rc = cli_open_store(c);
	if (rc != CLI_OK)
		return rc;
	const char *note = cli_arg_note(c, "note");
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	store_status s = STORE_ERROR;
	switch (ch->kind) {
	case CHANGE_MOVE:
		s = store_move(c->st, id, expect, ch->to, note, &why);
		break;
	case CHANGE_LOSE:
		s = store_lose(c->st, id, expect, ch->reason, note, &why);
		break;
	case CHANGE_REOPEN:
		s = store_reopen(c->st, id, expect, note, &why);
		break;
	}
	return cli_result(c, s, id, expect, &why);
}

int cli_cmd_move(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect;
	int rc;
	stage_change ch = { .kind = CHANGE_MOVE };
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	if (!cli_arg_stage(c, a->pos[1], &ch.to, &rc))
		return rc;
	return change_stage(c, id, expect, &ch);
}

int cli_cmd_lose(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect;
	int rc;
	stage_change ch = { .kind = CHANGE_LOSE };
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	const char *r = cli_opts_get(a, "reason");
	if (!r)
		return cli_usage_error(c, "lose: --reason is required");
	char reasons[512];
	if (!pipeline_loss_parse(r, &ch.reason))
		return cli_usage_error(c, "no loss reason '%s'; the reasons are %s", r,
		                       pipeline_list_text(PIPELINE_LIST_LOSSES, ", ", ", ", reasons,
		                                          sizeof reasons));
	return change_stage(c, id, expect, &ch);
}

int cli_cmd_reopen(cli_ctx *c, const cli_args *a)
{
	int64_t id, expect;
	int rc;
	stage_change ch = { .kind = CHANGE_REOPEN };
	(void)a;
	if (!cli_arg_target(c, &id, &expect, &rc))
		return rc;
	return change_stage(c, id, expect, &ch);
}
