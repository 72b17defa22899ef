/*
 * cli_check: `embudo check`, the read-only consistency check of the
 * database (store_check): each problem on a line of stdout, then exit 4;
 * one line of summary and exit 0 when all is well.
 */
#include "cli/cli.h"

#include <stdio.h>

#include "cli/cli_cmd.h"
#include "cli/cli_format.h"

static int print_problem(int64_t opp, const char *problem, void *ctx)
{
	(void)opp;
	(void)ctx;
	fputs("problem: ", stdout);
	cli_put(stdout, problem);
	fputc('\n', stdout);
	return ferror(stdout) ? 1 : 0;
}

static int damaged(const cli_ctx *c, int64_t problems)
{
	cli_err("%s is damaged: %lld problem%s (listed above); restore it from a backup",
	        c->db_path, (long long)problems, problems == 1 ? "" : "s");
	return CLI_DB;
}

int cli_cmd_check(cli_ctx *c, const cli_args *a)
{
	store_check_report rep;
	(void)a;
	int rc = cli_open_store(c);
	if (rc != CLI_OK) {
		/* A file too damaged to open: still list what SQLite sees. */
		if (c->open_status == STORE_DAMAGED) {
			store_check_file(c->db_path, print_problem, NULL, &rep);
			if (rep.problems)
				damaged(c, rep.problems);
		}
		return rc;
	}
	store_status s = store_check(c->st, print_problem, NULL, &rep);
	if (s != STORE_OK) {
		rc = cli_fail(c, s, 0, 0, NULL);
		return rc == CLI_OK ? CLI_DB : rc;
	}
	if (rep.problems)
		return damaged(c, rep.problems);
	cli_put(stdout, c->db_path);
	printf(": ok: %lld opportunit%s, %lld history row%s; SQLite integrity, stages and their "
	       "evidence, history and its typed columns, stage summary, search index, the "
	       "review's kept figures and the last activities agree",
	       (long long)rep.opportunities, rep.opportunities == 1 ? "y" : "ies",
	       (long long)rep.history, rep.history == 1 ? "" : "s");
	if (rep.unindexed)
		printf(" (%lld row%s changed outside embudo await indexing, done by the next change "
		       "made with embudo)", (long long)rep.unindexed, rep.unindexed == 1 ? "" : "s");
	fputc('\n', stdout);
	return CLI_OK;
}
