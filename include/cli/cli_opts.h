/*
 * cli_opts: the command-line parser of the scripting CLI. Options are long
 * only: `--opt value`, `--opt=value`, flags without a value; `--` ends
 * options; `-h`/`--help` ask for the command's usage. An option spec is a
 * comma-separated list of names, a trailing '=' marking those that take a
 * value: "client=,line=,json".
 */
#ifndef EMBUDO_CLI_OPTS_H
#define EMBUDO_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_MAX_ARGS 64
#define CLI_OPT_NAME 32

typedef struct cli_opt {
	char name[CLI_OPT_NAME];
	const char *value; /* NULL for a flag */
} cli_opt;

typedef struct cli_args {
	int npos;
	const char *pos[CLI_MAX_ARGS];
	int nopt;
	cli_opt opt[CLI_MAX_ARGS];
	bool help;
} cli_args;

/* Parses argv[0..argc) against spec. On a usage error returns false with
 * the reason in err (e.g. "unknown option --foo"). */
bool cli_opts_parse(const char *spec, int argc, char **argv, cli_args *out,
                    char *err, size_t errlen);

/* The value of option name (the last one given wins), or NULL. */
const char *cli_opts_get(const cli_args *a, const char *name);
/* True when option name was given (flag or valued). */
bool cli_opts_has(const cli_args *a, const char *name);

/* A positive decimal integer that fits int64 (ids, versions, item ids). */
bool cli_opts_positive(const char *text, int64_t *out);

#endif
