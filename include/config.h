/*
 * config: the user's YAML configuration (libyaml), loaded once and validated
 * before the screen opens. Every error names file:line:column and what to do.
 */
#ifndef EMBUDO_CONFIG_H
#define EMBUDO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "money.h"
#include "pipeline.h"
#include "theme.h"

#define CONFIG_MAX_LINES 32

typedef struct config {
	keymap keys;
	theme theme;
	char theme_name[64];
	char organization[128];                 /* criterion 4; default "23people" */
	char currency[MONEY_CODE_LEN + 1];      /* default currency */
	int probability[PIPELINE_STAGE_COUNT];  /* percent, for weighted totals */
	int stale_days[PIPELINE_STAGE_COUNT];   /* 0: never stale */
	char *service_lines[CONFIG_MAX_LINES];
	int nservice_lines;
	char database[4096];                    /* "" when not set */
	char source[4096];                      /* the file read, "" for built-in defaults */
} config;

/* Built-in defaults. */
void config_init(config *c);
void config_free(config *c);

/* The weighted value of `amount` (minor units) in stage s: amount times the
 * stage's probability, rounded half away from zero. For weighted totals:
 * add these per currency, never across currencies. */
int64_t config_weighted_amount(const config *c, pipeline_stage s, int64_t amount);
/* Whether a card `days` days in stage s is stale (stale_days 0: never). */
bool config_is_stale(const config *c, pipeline_stage s, int64_t days);

/* Loads the configuration: `path` when given (missing is an error), else
 * $EMBUDO_CONFIG (missing is an error), else the XDG default (missing is
 * fine: defaults). On error returns false with "file:line:column: what;
 * what to do" in err. */
bool config_load(config *c, const char *path, char *err, size_t errlen);

/* `embudo config check|dump`: check validates and prints where each value
 * came from; dump prints the effective configuration as commented YAML.
 * path is the --config argument or NULL. argv[0] is "check" or "dump".
 * Returns an exit status (cli.h: 0, 2 usage, 5 configuration error). */
int config_cli(const char *path, int argc, char **argv);

#endif
