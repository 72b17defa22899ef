/*
 * cli_cmd: what the CLI's command files share: the run context, the command
 * table entry, and the helpers that turn store statuses and refusals into
 * messages and exit statuses (cli.h). Internal to src/cli*.c.
 */
#ifndef EMBUDO_CLI_CMD_H
#define EMBUDO_CLI_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/cli_opts.h"
#include "config/config.h"
#include "util/money.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

typedef struct cli_ctx cli_ctx;

typedef struct cli_command {
	const char *name;
	int (*run)(cli_ctx *c, const cli_args *a);
	const char *usage;   /* the arguments after "embudo NAME" */
	const char *summary; /* one line */
	const char *options; /* cli_opts spec, without the global ones */
	int min_pos, max_pos;
	bool mutating;       /* accepts --if-version */
	/* How it opens the database: read-only commands never create one
	 * nor write; only add and demo (and the board) create it. */
	store_mode open;
} cli_command;

struct cli_ctx {
	const cli_command *cmd;
	const cli_args *args;
	const char *db_opt;     /* --db, or NULL */
	const char *config_opt; /* --config, or NULL */
	config cfg;
	bool cfg_loaded;
	store *st;
	store_status open_status; /* of the last cli_open_store */
	char db_path[4096];
};

/* The command table (cli.c). */
const cli_command *cli_command_find(const char *name);

/* tmpl with the pipeline catalogue's words put in for its tokens
 * (cli_words.c): {stages}, {commitments}, {reasons}, {scopes},
 * {evidence-many}, {evidence-one} (slugs joined by "|"), {criteria} (their
 * number), {stage:SLUG} (the stage's official name). Into buf, returned. */
const char *cli_words(const char *tmpl, char *buf, size_t bufsz);
/* "embudo NAME ID ..." into buf: command NAME's usage without its optional
 * [parts], ID as id and N as number (when > 0); what to type to supply a
 * requirement. False when there is no such command or it does not fit. */
bool cli_command_hint(const char *name, int64_t id, int number, char *buf, size_t bufsz);

/* "embudo: " + message on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: message, then the command's usage line. Returns CLI_USAGE. */
int cli_usage_error(const cli_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "usage: embudo NAME USAGE" to f. */
void cli_print_usage(FILE *f, const cli_command *cmd);

/* Opens the database (--db > $EMBUDO_DB > config database > XDG default)
 * in the command's mode (the board's: STORE_OPEN_CREATE). Returns CLI_OK
 * or the exit status after printing the error. */
int cli_open_store(cli_ctx *c);

/* Turns a failed store status into its message and exit status. id is the
 * opportunity concerned (0 for none), expect the --if-version given (0 for
 * none), why the refusal (may be NULL). */
int cli_fail(cli_ctx *c, store_status s, int64_t id, int64_t expect,
             const pipeline_refusal *why);

/* CLI_OK for STORE_OK, else cli_fail(c, s, id, expect, why). */
int cli_result(cli_ctx *c, store_status s, int64_t id, int64_t expect,
               const pipeline_refusal *why);

/* Parses positional argument i as an opportunity id; usage error otherwise. */
bool cli_arg_id(const cli_ctx *c, int i, int64_t *id, int *rc);
/* The id (positional argument 0) and --if-version of a command that
 * changes an opportunity. */
bool cli_arg_target(const cli_ctx *c, int64_t *id, int64_t *expect, int *rc);
/* --if-version N (0 when absent); false with *rc set on a bad value. */
bool cli_arg_version(const cli_ctx *c, int64_t *expect, int *rc);
/* text as a stage (slug or name, accents and case forgiven); usage error
 * listing the stages otherwise. */
bool cli_arg_stage(const cli_ctx *c, const char *text, pipeline_stage *stage, int *rc);
/* --NAME as a YYYY-MM-DD date (NULL when absent). */
bool cli_arg_date(const cli_ctx *c, const char *name, const char **date, int *rc);
/* --currency as a normalised ISO 4217 code into out (fallback when the
 * option is absent); false with *rc set on an unknown code. */
bool cli_arg_currency(const cli_ctx *c, const char *fallback, char out[MONEY_CODE_LEN + 1],
                      int *rc);
/* --NAME as an amount in currency (ok and *given false when absent). */
bool cli_arg_amount(const cli_ctx *c, const char *name, const char *currency,
                    bool *given, int64_t *amount, int *rc);
/* A note option: NULL when absent or empty. */
const char *cli_arg_note(const cli_ctx *c, const char *name);

/* Reads opportunity id into o; prints the error and returns its status. */
int cli_get(cli_ctx *c, int64_t id, store_opp *o);
/* The prologue of the commands that read one opportunity: positional
 * argument 0 as the id, the database opened, the opportunity read into o
 * (zeroed on failure). Returns CLI_OK or the exit status after the error. */
int cli_open_get(cli_ctx *c, int64_t *id, store_opp *o);

/* A write whose amount is in the opportunity's own currency, with expect
 * as the version it must still have; returns the store's status. */
typedef store_status (*cli_amount_write)(cli_ctx *c, int64_t id, int64_t expect, int64_t amount,
                                         void *arg);
/* Reads opportunity id, parses option --NAME as an amount in its currency
 * and calls write with the version read (or expect, the --if-version,
 * when given), so that a currency changed meanwhile is a conflict, never
 * an amount taken in the wrong currency. Without --if-version a conflict
 * is retried once with a fresh read. Returns CLI_OK or the exit status
 * after the error (cli_fail). */
int cli_write_in_card_currency(cli_ctx *c, int64_t id, int64_t expect, const char *name,
                               cli_amount_write write, void *arg);

/* Commands: read (cli_read.c), write (cli_write.c), evidence (cli_evidence.c),
 * demo (cli_demo.c), check (cli_check.c). */
int cli_cmd_list(cli_ctx *c, const cli_args *a);
int cli_cmd_show(cli_ctx *c, const cli_args *a);
int cli_cmd_history(cli_ctx *c, const cli_args *a);
int cli_cmd_export(cli_ctx *c, const cli_args *a);
int cli_cmd_add(cli_ctx *c, const cli_args *a);
int cli_cmd_edit(cli_ctx *c, const cli_args *a);
int cli_cmd_delete(cli_ctx *c, const cli_args *a);
int cli_cmd_restore(cli_ctx *c, const cli_args *a);
int cli_cmd_move(cli_ctx *c, const cli_args *a);
int cli_cmd_lose(cli_ctx *c, const cli_args *a);
int cli_cmd_reopen(cli_ctx *c, const cli_args *a);
int cli_cmd_criterion(cli_ctx *c, const cli_args *a);
int cli_cmd_commitment(cli_ctx *c, const cli_args *a);
int cli_cmd_billing(cli_ctx *c, const cli_args *a);
int cli_cmd_invoice(cli_ctx *c, const cli_args *a);
int cli_cmd_delivery(cli_ctx *c, const cli_args *a);
int cli_cmd_retract(cli_ctx *c, const cli_args *a);
int cli_cmd_demo(cli_ctx *c, const cli_args *a);
/* `config check|dump` parses its own arguments (cli_config.c). */
int cli_cmd_config(cli_ctx *c, int argc, char **argv);
int cli_cmd_check(cli_ctx *c, const cli_args *a);
/* `report` (cli_report.c). */
int cli_cmd_report(cli_ctx *c, const cli_args *a);

#endif
