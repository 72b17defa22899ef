/*
 * config: the user's YAML configuration (libyaml), loaded once and validated
 * before the screen opens. Every error names file:line:column and what to do.
 */
#ifndef EMBUDO_CONFIG_H
#define EMBUDO_CONFIG_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "config/keymap.h"
#include "util/money.h"
#include "pipeline/pipeline.h"
#include "config/theme.h"

#define CONFIG_MAX_LINES 32

#define CONFIG_MAX_RATES MONEY_MAX_RATES

/* `rates: {reporting: CLP, USD: 950, CLF: 39000, as_of: 2026-12-01}`:
 * what converts the review's per-currency totals into one figure
 * (util/money.h). set false without `rates:` (nothing is converted). */
typedef money_rate config_rate;
typedef money_rates config_rates;

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
	config_rates rates;                     /* `rates:`; set false without */
	char source[4096];                      /* the file read, "" for built-in defaults */
} config;

/* Built-in defaults. */
void config_init(config *c);
void config_free(config *c);

/* Loads the configuration: `path` when given (missing is an error), else
 * $EMBUDO_CONFIG (missing is an error), else the XDG default (missing is
 * fine: defaults). On error returns false with "file:line:column: what;
 * what to do" in err. */
bool config_load(config *c, const char *path, char *err, size_t errlen);

/* For `embudo config check|dump`: loads the configuration as config_load
 * does (path is the --config argument or NULL), then writes to out either
 * where each value came from (check) or the effective configuration as
 * commented YAML that loads back the same (dump). False with the error in
 * err (as config_load) when the configuration is bad. */
bool config_report(const char *path, bool dump, FILE *out, char *err, size_t errlen);

#endif
