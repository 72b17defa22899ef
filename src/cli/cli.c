/*
 * cli: the entry point of the scripting command line. Global options, the
 * command table, help and version, and the board when no command is given.
 * The commands themselves live in cli_read.c, cli_write.c, cli_evidence.c.
 */
#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "board/board.h"
#include "cli/cli_cmd.h"
#include "config/config.h"
#include "util/text.h"

#ifndef EMBUDO_VERSION
#define EMBUDO_VERSION "0.0.0"
#endif

#define IFV " [--if-version N]"

/* Usages and summaries name the catalogue's words by token (cli_words). */

static const cli_command commands[] = {
	{ "add", cli_cmd_add,
	  "TITLE --client NAME [--line NAME] [--owner USER] [--amount DECIMAL] [--currency CODE] [--close YYYY-MM-DD]",
	  "create an opportunity in {stage:inmadura}; prints its id",
	  "client=,line=,owner=,amount=,currency=,close=", 1, 1, false, STORE_OPEN_CREATE },
	{ "list", cli_cmd_list,
	  "[--stage STAGE] [--owner USER] [--line NAME] [--client NAME] [--all] [--json]",
	  "list opportunities by stage and position (--all includes deleted ones)",
	  "stage=,owner=,line=,client=,all,json", 0, 0, false, STORE_OPEN_READ },
	{ "show", cli_cmd_show, "ID [--json]",
	  "show one opportunity with all its evidence (and the ids of its items)",
	  "json", 1, 1, false, STORE_OPEN_READ },
	{ "edit", cli_cmd_edit,
	  "ID [--title T] [--client NAME] [--line NAME] [--owner USER] [--amount DECIMAL] [--currency CODE] [--close YYYY-MM-DD]" IFV,
	  "change fields (an empty --line, --owner, --close or --amount clears it)",
	  "title=,client=,line=,owner=,amount=,currency=,close=", 1, 1, true, STORE_OPEN_WRITE },
	{ "delete", cli_cmd_delete, "ID" IFV,
	  "hide an opportunity from lists; it keeps its history and can be restored",
	  "", 1, 1, true, STORE_OPEN_WRITE },
	{ "restore", cli_cmd_restore, "ID" IFV,
	  "bring back a deleted opportunity", "", 1, 1, true, STORE_OPEN_WRITE },
	{ "criterion", cli_cmd_criterion, "ID N [--unset] [--note TEXT]" IFV,
	  "mark qualification criterion N (1..{criteria}) met, or not met with --unset",
	  "unset,note=", 2, 2, true, STORE_OPEN_WRITE },
	{ "commitment", cli_cmd_commitment,
	  "ID --kind {commitments} --ref TEXT [--date YYYY-MM-DD]" IFV,
	  "record a commitment action of the client", "kind=,ref=,date=", 1, 1, true, STORE_OPEN_WRITE },
	{ "billing-approval", cli_cmd_billing, "ID --ref TEXT [--date YYYY-MM-DD]" IFV,
	  "record the client's approval to start invoicing", "ref=,date=", 1, 1, true, STORE_OPEN_WRITE },
	{ "invoice", cli_cmd_invoice, "ID --number TEXT [--date YYYY-MM-DD] [--amount DECIMAL]" IFV,
	  "record a sales invoice (amount in the opportunity's currency)",
	  "number=,date=,amount=", 1, 1, true, STORE_OPEN_WRITE },
	{ "delivery", cli_cmd_delivery, "ID --scope {scopes} [--date YYYY-MM-DD] [--note TEXT]" IFV,
	  "record the delivery", "scope=,date=,note=", 1, 1, true, STORE_OPEN_WRITE },
	{ "move", cli_cmd_move, "ID STAGE [--note TEXT]" IFV,
	  "move to a stage (forward needs the evidence, back needs a note)",
	  "note=", 2, 2, true, STORE_OPEN_WRITE },
	{ "lose", cli_cmd_lose,
	  "ID --reason {reasons} [--note TEXT]" IFV,
	  "move to {stage:perdida} with a loss reason", "reason=,note=", 1, 1, true, STORE_OPEN_WRITE },
	{ "reopen", cli_cmd_reopen, "ID --note TEXT" IFV,
	  "take a lost opportunity back to the stage it was lost from", "note=", 1, 1, true, STORE_OPEN_WRITE },
	{ "retract", cli_cmd_retract,
	  "ID {evidence-many} ITEM_ID | ID {evidence-one}" IFV,
	  "withdraw evidence recorded by mistake (refused when the stage depends on it)",
	  "", 2, 3, true, STORE_OPEN_WRITE },
	{ "history", cli_cmd_history, "ID [--json]",
	  "every change of an opportunity, oldest first", "json", 1, 1, false, STORE_OPEN_READ },
	{ "export", cli_cmd_export, "[--format csv|json]",
	  "every opportunity (deleted ones too) as CSV or JSON on stdout", "format=", 0, 0, false, STORE_OPEN_READ },
	{ "report", cli_cmd_report,
	  "[--json | --format table|json|csv|md] [--owner USER] [--line NAME] [--client NAME] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--by owner|line]",
	  "the pipeline review: conversion, win rate, losses, time in stage, forecast, what is late",
	  "json,format=,owner=,line=,client=,since=,until=,by=", 0, 0, false, STORE_OPEN_READ },
	{ "check", cli_cmd_check, "[--db PATH]",
	  "check the database's consistency (read-only); lists each problem", "", 0, 0, false,
	  STORE_OPEN_READ },
	{ "demo", cli_cmd_demo, "[--db PATH]",
	  "fill a new, empty database with about forty sample opportunities", "", 0, 0, false, STORE_OPEN_CREATE },
	{ "config", NULL, "check|dump",
	  "validate the configuration, or print the effective one as YAML", "", 1, 1, false, STORE_OPEN_READ },
	{ "help", NULL, "[COMMAND]", "show this help, or a command's", "", 0, 1, false, STORE_OPEN_READ },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char global_usage[] =
	"usage: embudo [--db PATH] [--config PATH] COMMAND [ARGS...]\n"
	"       embudo [--db PATH] [--config PATH]    (opens the board)\n"
	"       embudo --help | --version\n";

const cli_command *cli_command_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_help(FILE *f)
{
	char words[512];
	fputs(global_usage, f);
	fputs("\nCommands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-17s %s\n", commands[i].name,
		        cli_words(commands[i].summary, words, sizeof words));
	fputs("\nGlobal options:\n"
	      "  --db PATH         database file (else $EMBUDO_DB, the config's database,\n"
	      "                    $XDG_DATA_HOME/embudo/pipeline.db)\n"
	      "  --config PATH     configuration file (else $EMBUDO_CONFIG,\n"
	      "                    $XDG_CONFIG_HOME/embudo/config.yaml)\n"
	      "  --help, --version\n", f);
	fprintf(f, "\nSTAGE: %s\n", pipeline_list_text(PIPELINE_LIST_STAGES, " ", " ", words, sizeof words));
	fputs("(accents and case are forgiven). Every command that changes an opportunity\n"
	      "takes --if-version N: refused when the opportunity changed since version N.\n"
	      "\nExit status: 0 done, 1 refused by the pipeline rules, a version conflict or\n"
	      "a deleted opportunity, 2 usage error, 3 no such opportunity, 4 database error,\n"
	      "5 configuration error.\n"
	      "'embudo help COMMAND' shows a command's usage; see embudo(1).\n", f);
}

static void print_command_help(FILE *f, const cli_command *cmd)
{
	char words[512];
	cli_print_usage(f, cmd);
	fprintf(f, "\n%s.\n", cli_words(cmd->summary, words, sizeof words));
	fputs("Global options --db PATH and --config PATH are accepted too.\n", f);
}

static int cmd_help(const cli_args *a)
{
	if (a->npos == 0) {
		print_help(stdout);
		return CLI_OK;
	}
	const cli_command *cmd = cli_command_find(a->pos[0]);
	if (!cmd) {
		cli_err("no command '%s'; the commands are listed by 'embudo help'", a->pos[0]);
		return CLI_USAGE;
	}
	print_command_help(stdout, cmd);
	return CLI_OK;
}

static int load_config(cli_ctx *c)
{
	char err[1024] = "";
	config_init(&c->cfg);
	c->cfg_loaded = true;
	if (!config_load(&c->cfg, c->config_opt, err, sizeof err)) {
		cli_err("configuration: %s", err[0] ? err : "cannot be loaded");
		return CLI_CONFIG;
	}
	return CLI_OK;
}

static int run_board(cli_ctx *c)
{
	/* The configuration first: a broken one is exit 5 wherever it is
	 * run from, so `embudo --config x.yaml </dev/null` checks it too. */
	int rc = load_config(c);
	if (rc != CLI_OK)
		return rc;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_err("no command given, and the board needs a terminal "
		        "(stdin and stdout are not both terminals); run 'embudo help' for the commands");
		return CLI_USAGE;
	}
	rc = cli_open_store(c);
	if (rc == CLI_OK)
		rc = cli_board_status(board_run(c->st, &c->cfg));
	return rc;
}

int cli_board_status(board_end e)
{
	switch (e.how) {
	case BOARD_QUIT: return CLI_OK;
	case BOARD_NO_TERMINAL: return CLI_USAGE;
	case BOARD_STOPPED: return 128 + e.signal;
	case BOARD_LOST: return 128 + SIGHUP; /* as if the line had hung up */
	}
	return CLI_USAGE;
}

/* Global options before the command. Returns -1 to go on, else an exit status. */
static int parse_global(cli_ctx *c, int argc, char **argv, int *i)
{
	for (; *i < argc; (*i)++) {
		const char *arg = argv[*i];
		if (arg[0] != '-' || strcmp(arg, "-") == 0)
			break;
		if (strcmp(arg, "--") == 0) {
			(*i)++;
			break;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			print_help(stdout);
			return CLI_OK;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("embudo %s\n", EMBUDO_VERSION);
			return CLI_OK;
		}
		const char **slot = NULL;
		const char *name = NULL;
		if (strncmp(arg, "--db", 4) == 0 && (arg[4] == '\0' || arg[4] == '='))
			slot = &c->db_opt, name = "--db";
		else if (strncmp(arg, "--config", 8) == 0 && (arg[8] == '\0' || arg[8] == '='))
			slot = &c->config_opt, name = "--config";
		if (!slot) {
			cli_err("unknown option '%s'", arg);
			fputs(global_usage, stderr);
			return CLI_USAGE;
		}
		const char *eq = strchr(arg, '=');
		if (eq) {
			*slot = eq + 1;
		} else if (*i + 1 < argc) {
			*slot = argv[++(*i)];
		} else {
			cli_err("option '%s' needs a value", name);
			fputs(global_usage, stderr);
			return CLI_USAGE;
		}
	}
	return -1;
}

static int run_command(cli_ctx *c, const cli_command *cmd, int argc, char **argv)
{
	char spec[256];
	snprintf(spec, sizeof spec, "%s%sdb=,config=%s", cmd->options,
	         cmd->options[0] ? "," : "", cmd->mutating ? ",if-version=" : "");
	cli_args a;
	char err[256];
	c->cmd = cmd;
	c->args = &a;
	if (strcmp(cmd->name, "config") == 0) {
		/* config parses its own arguments; it loads the file itself so
		 * that `config check` can explain what is wrong with it. */
		if (argc < 1) {
			memset(&a, 0, sizeof a);
			return cli_usage_error(c, "config needs 'check' or 'dump'");
		}
		if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
			print_command_help(stdout, cmd);
			return CLI_OK;
		}
		return cli_cmd_config(c, argc, argv);
	}
	if (!cli_opts_parse(spec, argc, argv, &a, err, sizeof err))
		return cli_usage_error(c, "%s: %s", cmd->name, err);
	if (a.help) {
		print_command_help(stdout, cmd);
		return CLI_OK;
	}
	if (cli_opts_get(&a, "db"))
		c->db_opt = cli_opts_get(&a, "db");
	if (cli_opts_get(&a, "config"))
		c->config_opt = cli_opts_get(&a, "config");
	if (a.npos < cmd->min_pos)
		return cli_usage_error(c, "%s: missing argument", cmd->name);
	if (a.npos > cmd->max_pos)
		return cli_usage_error(c, "%s: unexpected argument '%s'", cmd->name, a.pos[cmd->max_pos]);
	if (!cmd->run)
		return cmd_help(&a);
	int rc = load_config(c);
	if (rc != CLI_OK)
		return rc;
	return cmd->run(c, &a);
}

int cli_main(int argc, char **argv)
{
	text_init_locale();
	/* A write past the file-size limit (ulimit -f) would kill the process
	 * without a word; ignored, it fails with EFBIG and is reported (exit
	 * 4, store_file_full), with nothing half-written. */
	signal(SIGXFSZ, SIG_IGN);
	cli_ctx c;
	memset(&c, 0, sizeof c);
	int i = 1;
	int rc = parse_global(&c, argc, argv, &i);
	if (rc >= 0)
		return rc;
	if (i >= argc) {
		rc = run_board(&c);
	} else {
		const cli_command *cmd = cli_command_find(argv[i]);
		if (!cmd) {
			cli_err("unknown command '%s'; 'embudo help' lists the commands", argv[i]);
			fputs(global_usage, stderr);
			return CLI_USAGE;
		}
		rc = run_command(&c, cmd, argc - i - 1, argv + i + 1);
	}
	if (c.st)
		store_close(c.st);
	if (c.cfg_loaded)
		config_free(&c.cfg);
	if (fflush(stdout) != 0 && rc == CLI_OK) {
		cli_err("cannot write the output");
		rc = CLI_DB;
	}
	return rc;
}
