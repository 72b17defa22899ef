/* cli_demo: `embudo demo`, which fills a new database with sample data. */
#include "cli/cli.h"

#include <stdio.h>

#include "cli/cli_cmd.h"
#include "util/date.h"
#include "cli/demo.h"

int cli_cmd_demo(cli_ctx *c, const cli_args *a)
{
	(void)a;
	int rc = cli_open_store(c);
	if (rc != CLI_OK)
		return rc;
	bool empty = false;
	store_status s = store_is_empty(c->st, &empty);
	if (s != STORE_OK)
		return cli_fail(c, s, 0, 0, NULL);
	if (!empty)
		return cli_usage_error(c, "%s: database already has opportunities; demo only fills an "
		                       "empty database (give a new file with --db PATH)", c->db_path);
	char err[1024] = "";
	s = demo_fill(c->st, date_now(), err, sizeof err);
	if (s != STORE_OK) {
		cli_err("%s", err[0] ? err : "demo failed");
		return s == STORE_INVALID ? CLI_USAGE : CLI_DB;
	}
	printf("%d sample opportunities written to %s; open the board with: embudo --db %s\n",
	       demo_count(), c->db_path, c->db_path);
	return CLI_OK;
}
