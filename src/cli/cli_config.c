/* cli: `embudo config check|dump`, over the configuration room's report. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_cmd.h"
#include "config/config.h"
#include "util/text.h"

int cli_cmd_config(cli_ctx *c, int argc, char **argv)
{
	if (argc != 1 || (strcmp(argv[0], "check") != 0 && strcmp(argv[0], "dump") != 0)) {
		fputs("usage: embudo [--config FILE] config check|dump\n"
		      "  check  validate the configuration and show where each value comes from\n"
		      "  dump   print the effective configuration as commented YAML\n", stderr);
		return CLI_USAGE;
	}
	char err[1024];
	if (!config_report(c->config_opt, strcmp(argv[0], "dump") == 0, stdout, err, sizeof err)) {
		char safe[2048];
		text_sanitize(err, safe, sizeof safe);
		cli_err("%s", safe);
		return CLI_CONFIG;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_err("cannot write the output");
		return CLI_CONFIG;
	}
	return CLI_OK;
}
