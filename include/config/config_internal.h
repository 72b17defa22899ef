/*
 * config_internal: the pieces of the configuration loader shared between its
 * files (config.c, config_yaml.c, config_apply.c, config_dump.c) and its
 * tests. Not for the rest of the program: use config.h.
 */
#ifndef EMBUDO_CONFIG_INTERNAL_H
#define EMBUDO_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config/config.h"

#define CONFIG_MAX_BYTES (1024 * 1024) /* a configuration is a page, not a megabyte */
#define CONFIG_MAX_DEPTH 4            /* keys: board: action: [list] */

/* ---- the YAML tree (config_yaml.c) ------------------------------------ */

typedef enum cy_kind { CY_SCALAR, CY_SEQ, CY_MAP } cy_kind;

typedef struct cy_node {
	cy_kind kind;
	int line, col;       /* 1-based, where the node starts */
	char *text;          /* scalars: the value ("" for an empty one) */
	bool plain;          /* scalars: written without quotes */
	struct cy_node **items; /* seq: the items; map: key, value, key, value... */
	size_t n;            /* number of entries in items */
	size_t cap;          /* room in items (grows by doubling) */
} cy_node;

/* Parses buf (len bytes, the contents of `file`) into a tree. Refuses
 * invalid UTF-8, anchors and aliases, tags, duplicate keys, non-text keys,
 * nesting deeper than CONFIG_MAX_DEPTH and more than one document. An empty
 * document gives *root = NULL. On error: false, "file:line:col: ..." in err. */
bool cy_parse(const char *buf, size_t len, const char *file, cy_node **root,
              char *err, size_t errlen);
void cy_free(cy_node *n);
/* YAML's null: an empty plain scalar, "~" or "null". */
bool cy_is_null(const cy_node *n);

/* ---- where each value came from (config check) ------------------------ */

enum { CONFIG_FROM_DEFAULT = 0, CONFIG_FROM_FILE, CONFIG_FROM_THEME };

typedef struct config_origin {
	unsigned char from; /* CONFIG_FROM_* */
	int line;
} config_origin;

typedef struct config_origins {
	char file[4096];  /* the configuration file ("" for none) */
	char theme[4096]; /* the theme file ("" for built-in) */
	config_origin theme_name, organization, currency, database, service_lines, rates;
	config_origin probability[PIPELINE_STAGE_COUNT], stale_days[PIPELINE_STAGE_COUNT];
	config_origin keys[KEYMAP_ACTION_COUNT];
	config_origin colours[THEME_ROLE_COUNT][3]; /* fg, bg, attrs */
} config_origins;

/* ---- loading ---------------------------------------------------------- */

/* config_load, also reporting where each value came from (o may be NULL). */
bool config_load_origins(config *c, const char *path, config_origins *o,
                         char *err, size_t errlen);
/* Reads a whole file (at most CONFIG_MAX_BYTES) into a NUL-terminated heap
 * buffer. On error: false, "file: what; what to do" in err. */
bool config_read_file(const char *file, char **buf, size_t *len, char *err, size_t errlen);
/* Reads and parses `file` (config_read_file, then cy_parse) into *root;
 * cy_free it when done. On error: false, the message in err. */
bool config_parse_file(const char *file, cy_node **root, char *err, size_t errlen);
/* Applies the tree of the configuration file `file` to c (config_apply.c). */
bool config_apply(config *c, config_origins *o, const cy_node *root, const char *file,
                  char *err, size_t errlen);
/* Applies the tree of a theme file (name, description, monochrome, colors). */
bool config_apply_theme_file(config *c, config_origins *o, const cy_node *root, const char *file,
                             char *err, size_t errlen);
/* Finds theme `name`'s file; false when none exists. */
bool config_theme_find(const char *name, char *out, size_t outsz);
/* Names the theme directories searched, for an error message. */
void config_theme_dirs(char *out, size_t outsz);

/* The closest of `n` candidates to word by edit distance, or NULL when
 * none is close enough to be a likely typo. */
const char *config_suggest(const char *word, const char *const *candidates, size_t n);

/* The effective configuration as commented YAML that loads back the same. */
void config_dump(const config *c, FILE *out);
/* One row of `config check`: key, value, where it came from. */
void config_check_row(FILE *out, const config_origins *o, const char *key, const char *value,
                      config_origin from);

/* ---- rates: (config_rates.c) ------------------------------------------ */

/* Applies the value of `rates:` (the node after the key) to c. */
bool config_apply_rates(config *c, config_origins *o, const cy_node *v, const char *file,
                        char *err, size_t errlen);
/* Its part of `config dump` and of `config check`. */
void config_dump_rates(const config *c, FILE *out);
void config_check_rates(const config *c, const config_origins *o, FILE *out);

#endif
