/* cli_opts: long-option parsing for the scripting CLI (see cli_opts.h). */
#include "cli/cli_opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Looks name (length n) up in spec. Returns 0 unknown, 1 flag, 2 valued. */
static int spec_lookup(const char *spec, const char *name, size_t n)
{
	const char *p = spec;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		bool valued = len > 0 && p[len - 1] == '=';
		size_t nlen = valued ? len - 1 : len;
		if (nlen == n && strncmp(p, name, n) == 0)
			return valued ? 2 : 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

bool cli_opts_parse(const char *spec, int argc, char **argv, cli_args *out,
                    char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	bool options_done = false;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (out->npos >= CLI_MAX_ARGS) {
				snprintf(err, errlen, "too many arguments");
				return false;
			}
			out->pos[out->npos++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			out->help = true;
			continue;
		}
		if (arg[1] != '-') {
			snprintf(err, errlen, "unknown option '%s' (options are long: --name)", arg);
			return false;
		}
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		int kind = spec_lookup(spec, name, n);
		if (kind == 0 || n >= CLI_OPT_NAME) {
			snprintf(err, errlen, "unknown option '--%.*s'", (int)(n < 64 ? n : 64), name);
			return false;
		}
		const char *value = NULL;
		if (kind == 1 && eq) {
			snprintf(err, errlen, "option '--%.*s' takes no value", (int)n, name);
			return false;
		}
		if (kind == 2) {
			if (eq) {
				value = eq + 1;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				snprintf(err, errlen, "option '--%.*s' needs a value", (int)n, name);
				return false;
			}
		}
		if (out->nopt >= CLI_MAX_ARGS) {
			snprintf(err, errlen, "too many options");
			return false;
		}
		cli_opt *o = &out->opt[out->nopt++];
		memcpy(o->name, name, n);
		o->name[n] = '\0';
		o->value = value;
	}
	return true;
}

const char *cli_opts_get(const cli_args *a, const char *name)
{
	const char *v = NULL;
	for (int i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i].name, name) == 0)
			v = a->opt[i].value;
	return v;
}

bool cli_opts_has(const cli_args *a, const char *name)
{
	for (int i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i].name, name) == 0)
			return true;
	return false;
}

bool cli_opts_positive(const char *text, int64_t *out)
{
	if (!text || text[0] < '0' || text[0] > '9')
		return false;
	errno = 0;
	char *end;
	long long v = strtoll(text, &end, 10);
	if (errno || *end || v <= 0)
		return false;
	*out = (int64_t)v;
	return true;
}
