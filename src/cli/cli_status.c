/*
 * cli_status: how the CLI speaks when something is not done: error lines,
 * usage errors, refusals with a hint of the command that supplies each
 * missing requirement, and the store status -> exit status map of cli.h.
 * Also the argument checks every command shares.
 */
#include "cli/cli.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_cmd.h"
#include "util/date.h"
#include "util/money.h"
#include "util/paths.h"
#include "util/text.h"

/*
 * The one way an error line reaches stderr: formatted whole, then
 * neutralised whole (text_sanitize), so an argument echoed back ("no stage
 * '%s'", "--date '%s'", a value from the database or the configuration)
 * can never send an escape sequence, a control or bidi character to the
 * terminal, whichever message carries it. Valid UTF-8 (accents) is kept;
 * a tab or newline inside an argument becomes a space, so the message
 * stays one line.
 */
__attribute__((format(printf, 1, 0)))
static void verr(const char *fmt, va_list ap)
{
	char small[1024], *big = NULL;
	const char *msg = small;
	va_list again;

	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (big = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(big, (size_t)n + 1, fmt, again);
		msg = big;
	}
	va_end(again);
	if (n < 0)
		msg = "(cannot format the message)";
	char *safe = text_sanitize_dup(msg);
	fputs("embudo: ", stderr);
	fputs(safe ? safe : "(out of memory)", stderr);
	fputc('\n', stderr);
	free(safe);
	free(big);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
}

void cli_print_usage(FILE *f, const cli_command *cmd)
{
	char usage[1024];
	fprintf(f, "usage: embudo %s %s\n", cmd->name, cli_words(cmd->usage, usage, sizeof usage));
}

int cli_usage_error(const cli_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
	if (c->cmd)
		cli_print_usage(stderr, c->cmd);
	return CLI_USAGE;
}

static int status_exit(store_status s)
{
	switch (s) {
	case STORE_OK: return CLI_OK;
	case STORE_REFUSED:
	case STORE_CONFLICT:
	case STORE_DELETED:
	case STORE_NOT_DELETED: return CLI_REFUSED;
	case STORE_NOT_FOUND: return CLI_NOT_FOUND;
	case STORE_INVALID: return CLI_USAGE;
	case STORE_BUSY:
	case STORE_NOT_EMBUDO:
	case STORE_NEWER_SCHEMA:
	case STORE_DAMAGED:
	case STORE_READONLY:
	case STORE_NO_DATABASE:
	case STORE_FULL:
	case STORE_ERROR: break;
	}
	return CLI_DB;
}

/* The path as a shell word for a command to copy: quoted unless plain. */
static void shell_word(const char *path, char *out, size_t outsz)
{
	char safe[1024];
	text_sanitize(path, safe, sizeof safe);
	if (safe[0] && strspn(safe, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                            "0123456789/._-+,:@%") == strlen(safe) && safe[0] != '-') {
		snprintf(out, outsz, "%s", safe);
		return;
	}
	size_t n = 0;
	if (outsz < 3)
		return;
	out[n++] = '\'';
	for (const char *p = safe; *p && n + 5 < outsz; p++) {
		if (*p == '\'') {
			memcpy(out + n, "'\\''", 4);
			n += 4;
		} else {
			out[n++] = *p;
		}
	}
	out[n++] = '\'';
	out[n] = '\0';
}

/* A read on a path with no database: nothing was created; say how one is. */
static void no_database_hint(const char *path)
{
	char w[1200];
	shell_word(path, w, sizeof w);
	cli_err("to create it: embudo --db %s add TITLE --client NAME; or with sample data: "
	        "embudo --db %s demo; or open the board on it: embudo --db %s", w, w, w);
}

int cli_open_store(cli_ctx *c)
{
	if (c->st)
		return CLI_OK;
	const char *env = getenv("EMBUDO_DB");
	const char *given = NULL;
	if (c->db_opt && c->db_opt[0]) {
		given = c->db_opt;
	} else if (c->db_opt) {
		cli_err("--db needs a file path, not an empty string");
		return CLI_USAGE;
	} else if ((!env || !env[0]) && c->cfg_loaded && c->cfg.database[0]) {
		given = c->cfg.database;
	}
	if (given) {
		/* A cut path would name another file: refuse it whole. */
		if (strlen(given) >= sizeof c->db_path) {
			cli_err("the database path is too long (%zu bytes; at most %zu); "
			        "give a shorter one with --db PATH", strlen(given), sizeof c->db_path - 1);
			return CLI_USAGE;
		}
		memcpy(c->db_path, given, strlen(given) + 1);
	} else if (!paths_default_db(c->db_path, sizeof c->db_path)) {
		if (errno == ENAMETOOLONG) {
			cli_err("the database path ($EMBUDO_DB or the XDG default) is too long; "
			        "give a shorter one with --db PATH");
			return CLI_USAGE;
		}
		cli_err("cannot find a home directory for the database; give one with --db PATH or $EMBUDO_DB");
		return CLI_DB;
	}
	char err[1024] = "";
	store_mode mode = c->cmd ? c->cmd->open : STORE_OPEN_CREATE;
	store_status s = store_open_mode(c->db_path, mode, &c->st, err, sizeof err);
	c->open_status = s;
	if (s != STORE_OK) {
		c->st = NULL;
		cli_err("%s", err[0] ? err : "cannot open the database");
		if (s == STORE_NO_DATABASE)
			no_database_hint(c->db_path);
		return status_exit(s) == CLI_OK ? CLI_DB : status_exit(s);
	}
	return CLI_OK;
}

/* For a refused retraction: the stage to move back to, the one before the
 * earliest stage whose evidence would go missing. */
static const char *move_back_target(const pipeline_refusal *why)
{
	pipeline_stage back = pipeline_move_back_target(why);
	return back == PIPELINE_STAGE_COUNT ? "STAGE" : pipeline_stage_slug(back);
}

/* The command that supplies requirement r, into buf ("" when none helps):
 * for evidence, the command the catalogue names, as its usage requires it. */
static void hint_for(const cli_ctx *c, const pipeline_refusal *why, pipeline_req r, int64_t id,
                     char *buf, size_t n)
{
	const char *cmd = c->cmd ? c->cmd->name : "";
	const pipeline_evidence_info *e = pipeline_evidence_info_of(pipeline_req_evidence(r));
	buf[0] = '\0';
	switch (r) {
	case PIPELINE_REQ_CRITERION_1:
	case PIPELINE_REQ_CRITERION_2:
	case PIPELINE_REQ_CRITERION_3:
	case PIPELINE_REQ_CRITERION_4:
	case PIPELINE_REQ_CRITERION_5:
	case PIPELINE_REQ_COMMITMENT:
	case PIPELINE_REQ_BILLING_APPROVAL:
	case PIPELINE_REQ_INVOICE:
	case PIPELINE_REQ_DELIVERY:
		/* A refused retraction names the evidence that would go
		 * missing: the way out is moving back, not recording it. */
		if (pipeline_refusal_has(why, PIPELINE_REQ_MOVE_BACK_FIRST))
			break;
		cli_command_hint(e->command, id,
		                 e->count == PIPELINE_NUMBERED ? (int)(r - e->req) + 1 : 0, buf, n);
		break;
	case PIPELINE_REQ_NOTE:
		if (strcmp(cmd, "move") == 0 && c->args && c->args->npos >= 2)
			snprintf(buf, n, "embudo move %lld %s --note TEXT", (long long)id, c->args->pos[1]);
		else if (strcmp(cmd, "reopen") == 0)
			cli_command_hint("reopen", id, 0, buf, n);
		else
			snprintf(buf, n, "repeat the command with --note TEXT");
		break;
	case PIPELINE_REQ_REASON:
		cli_command_hint("lose", id, 0, buf, n);
		break;
	case PIPELINE_REQ_REOPEN:
	case PIPELINE_REQ_ALREADY_LOST:
		cli_command_hint("reopen", id, 0, buf, n);
		break;
	case PIPELINE_REQ_MOVE_BACK_FIRST:
		snprintf(buf, n, "embudo move %lld %s --note TEXT (reopen it first if it is lost), then retract again",
		         (long long)id, move_back_target(why));
		break;
	case PIPELINE_REQ_NOT_LOST:
	case PIPELINE_REQ_SAME_STAGE:
	case PIPELINE_REQ_COUNT:
		break;
	}
}

static void print_refusal(const cli_ctx *c, int64_t id, const pipeline_refusal *why)
{
	const char *org = c->cfg_loaded ? c->cfg.organization : NULL;
	if (!why || why->count == 0) {
		const char *m = c->st ? store_message(c->st) : NULL;
		cli_err("refused: %s", m && m[0] ? m : "the pipeline rules do not allow it");
		return;
	}
	assert(why->count >= 0 && why->count <= PIPELINE_REFUSAL_MAX);
	for (int i = 0; i < why->count; i++) {
		char text[1024], hint[512];
		pipeline_req r = why->items[i];
		pipeline_req_text(r, org, text, sizeof text);
		cli_err("refused: %s: %s", pipeline_req_code(r), text);
		hint_for(c, why, r, id, hint, sizeof hint);
		if (hint[0])
			cli_err("hint: %s", hint);
	}
	fputs("embudo: nothing was changed\n", stderr);
}

/* A change to a deleted opportunity (STORE_DELETED), or a restore of a
 * live one (STORE_NOT_DELETED): neither a usage error nor a mystery for
 * the user: the opportunity is in the wrong state, nothing changed (exit
 * 1), and one command puts it right. */
static void wrong_deleted_state(const cli_ctx *c, store_status s, int64_t id)
{
	long long n = (long long)id;
	if (s == STORE_NOT_DELETED)
		cli_err("opportunity %lld is not deleted; there is nothing to restore", n);
	else if (c->cmd && strcmp(c->cmd->name, "delete") == 0)
		cli_err("opportunity %lld is already deleted ('embudo restore %lld' brings it back)", n, n);
	else
		cli_err("opportunity %lld is deleted; restore it first: embudo restore %lld", n, n);
	fputs("embudo: nothing was changed\n", stderr);
}

int cli_result(cli_ctx *c, store_status s, int64_t id, int64_t expect,
               const pipeline_refusal *why)
{
	return s == STORE_OK ? CLI_OK : cli_fail(c, s, id, expect, why);
}

int cli_fail(cli_ctx *c, store_status s, int64_t id, int64_t expect,
             const pipeline_refusal *why)
{
	const char *m = c->st ? store_message(c->st) : NULL;
	if (!m)
		m = "";
	/* What the failure was about comes with it: the CLI neither reads
	 * the card again nor the message to tell. */
	store_failure f;
	store_last_failure(c->st, &f);
	if (f.status != s)
		memset(&f, 0, sizeof f);
	if (f.opp > 0)
		id = f.opp;
	switch (s) {
	case STORE_OK:
		return CLI_OK;
	case STORE_REFUSED:
		print_refusal(c, id, why);
		break;
	case STORE_CONFLICT:
		if (f.version > 0)
			cli_err("conflict: opportunity %lld changed since version %lld (now %lld); "
			        "nothing was changed: look again with 'embudo show %lld' and retry",
			        (long long)id, (long long)expect, (long long)f.version, (long long)id);
		else
			cli_err("conflict: opportunity %lld changed since version %lld; nothing was changed",
			        (long long)id, (long long)expect);
		break;
	case STORE_DELETED:
	case STORE_NOT_DELETED:
		wrong_deleted_state(c, s, id);
		break;
	case STORE_NOT_FOUND:
		/* A missing item: the store says which; a missing opportunity:
		 * say where, and what to do. */
		if (f.item && m[0])
			cli_err("%s", m);
		else
			cli_err("no opportunity %lld in %s; 'embudo list --all' shows the ids",
			        (long long)id, c->db_path);
		break;
	case STORE_INVALID:
		if (c->cmd)
			return cli_usage_error(c, "%s", m[0] ? m : "invalid value");
		cli_err("%s", m[0] ? m : "invalid value");
		break;
	case STORE_BUSY:
	case STORE_NOT_EMBUDO:
	case STORE_NEWER_SCHEMA:
	case STORE_DAMAGED:
	case STORE_READONLY:
	case STORE_NO_DATABASE:
	case STORE_FULL:
	case STORE_ERROR:
		/* Say where, unless the store's message names the file. */
		if (c->db_path[0] && !f.names_file)
			cli_err("%s: %s", c->db_path, m[0] ? m : "database error");
		else
			cli_err("%s", m[0] ? m : "database error");
		break;
	}
	return status_exit(s);
}

bool cli_arg_id(const cli_ctx *c, int i, int64_t *id, int *rc)
{
	if (cli_opts_positive(c->args->pos[i], id))
		return true;
	*rc = cli_usage_error(c, "'%s' is not an opportunity id (a positive whole number)",
	                      c->args->pos[i]);
	return false;
}

bool cli_arg_target(const cli_ctx *c, int64_t *id, int64_t *expect, int *rc)
{
	return cli_arg_id(c, 0, id, rc) && cli_arg_version(c, expect, rc);
}

bool cli_arg_currency(const cli_ctx *c, const char *fallback, char out[MONEY_CODE_LEN + 1],
                      int *rc)
{
	const char *v = cli_opts_get(c->args, "currency");
	if (!v)
		v = fallback;
	if (money_currency_normalize(v, out))
		return true;
	char shown[64];
	text_sanitize(v ? v : "", shown, sizeof shown);
	*rc = cli_usage_error(c, MONEY_UNKNOWN_CURRENCY, shown);
	return false;
}

bool cli_arg_version(const cli_ctx *c, int64_t *expect, int *rc)
{
	const char *v = cli_opts_get(c->args, "if-version");
	*expect = 0;
	if (!v || cli_opts_positive(v, expect))
		return true;
	*rc = cli_usage_error(c, "--if-version needs a version number (1 or more), not '%s'", v);
	return false;
}

bool cli_arg_stage(const cli_ctx *c, const char *text, pipeline_stage *stage, int *rc)
{
	char stages[512];
	if (pipeline_stage_parse(text, stage))
		return true;
	*rc = cli_usage_error(c, "no stage '%s'; the stages are %s", text,
	                      pipeline_list_text(PIPELINE_LIST_STAGES, ", ", ", ", stages, sizeof stages));
	return false;
}

bool cli_arg_date(const cli_ctx *c, const char *name, const char **date, int *rc)
{
	*date = cli_opts_get(c->args, name);
	if (!*date || date_valid(*date))
		return true;
	*rc = cli_usage_error(c, "--%s '%s' is not a date: write it as YYYY-MM-DD", name, *date);
	return false;
}

bool cli_arg_amount(const cli_ctx *c, const char *name, const char *currency,
                    bool *given, int64_t *amount, int *rc)
{
	const char *v = cli_opts_get(c->args, name);
	char err[256] = "";
	*given = v != NULL;
	*amount = 0;
	if (!v || money_parse(v, currency, amount, err, sizeof err))
		return true;
	*rc = cli_usage_error(c, "--%s '%s' is not an amount in %s: %s", name, v, currency,
	                      err[0] ? err : "write it like 1500 or 1500.50");
	return false;
}

const char *cli_arg_note(const cli_ctx *c, const char *name)
{
	const char *v = cli_opts_get(c->args, name);
	return v && v[0] ? v : NULL;
}

int cli_get(cli_ctx *c, int64_t id, store_opp *o)
{
	memset(o, 0, sizeof *o);
	store_status s = store_get(c->st, id, o);
	if (s != STORE_OK)
		return cli_fail(c, s, id, 0, NULL);
	return CLI_OK;
}

int cli_open_get(cli_ctx *c, int64_t *id, store_opp *o)
{
	int rc;
	memset(o, 0, sizeof *o);
	if (!cli_arg_id(c, 0, id, &rc))
		return rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	return cli_get(c, *id, o);
}

int cli_write_in_card_currency(cli_ctx *c, int64_t id, int64_t expect, const char *name,
                               cli_amount_write write, void *arg)
{
	/* Without --if-version a conflict here most likely means the
	 * currency (or anything else) changed between the read and the
	 * write: read again once. With --if-version the caller asked for
	 * exactly that version, so a conflict is final. */
	int attempts = expect > 0 ? 1 : 2;
	store_status s = STORE_OK;
	int64_t version = expect;
	for (int i = 0; i < attempts; i++) {
		store_opp o;
		int rc;
		bool given;
		int64_t amount;
		if ((rc = cli_get(c, id, &o)) != CLI_OK)
			return rc;
		char currency[MONEY_CODE_LEN + 1];
		memcpy(currency, o.currency, sizeof currency);
		currency[MONEY_CODE_LEN] = '\0';
		version = expect > 0 ? expect : o.version;
		store_opp_free(&o);
		if (!cli_arg_amount(c, name, currency, &given, &amount, &rc))
			return rc;
		s = write(c, id, version, amount, arg);
		if (s != STORE_CONFLICT)
			break;
	}
	return cli_result(c, s, id, version, NULL);
}
