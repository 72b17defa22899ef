/*
 * Tests for the YAML configuration: fixtures valid and invalid (one per
 * error kind, with the exact line:column), themes, check and dump.
 *
 * Fixtures are read from $EMBUDO_FIXTURES, else CONFIG_FIXTURES (relative to
 * the repository root, where `make check` runs the tests).
 */
#include <check.h>
#include <curses.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_cmd.h"
#include "config/config.h"
#include "config/config_internal.h"

#ifndef CONFIG_FIXTURES
#define CONFIG_FIXTURES "tests/fixtures/config"
#endif

static char fixtures[1024];

static const char *fixture(const char *name)
{
	static char path[2048];
	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	return path;
}

static void setup(void)
{
	const char *env = getenv("EMBUDO_FIXTURES");
	snprintf(fixtures, sizeof fixtures, "%s", env && *env ? env : CONFIG_FIXTURES);
	if (access(fixtures, R_OK) != 0) {
		/* run from elsewhere: try beside the binary (BUILD/tests/check_config) */
		char exe[900];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n > 0) {
			exe[n] = '\0';
			*strrchr(exe, '/') = '\0';
			snprintf(fixtures, sizeof fixtures, "%s/../../%s", exe, CONFIG_FIXTURES);
		}
	}
	ck_assert_msg(access(fixtures, R_OK) == 0, "fixtures not found at %s; run from the repository root "
	              "or set EMBUDO_FIXTURES", fixtures);
	char xdg[1100];
	snprintf(xdg, sizeof xdg, "%s/xdg", fixtures);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("HOME", "/home/tester", 1);
	unsetenv("EMBUDO_CONFIG");
}

static void load_ok(config *c, const char *name)
{
	char err[1024] = "";
	bool ok = config_load(c, fixture(name), err, sizeof err);
	ck_assert_msg(ok, "%s should load: %s", name, err);
}

/* Loads a fixture that must fail with exactly "PATH:where: message". */
static void load_fails(const char *name, const char *where, const char *message)
{
	config c;
	char err[1024] = "", want[4096];
	ck_assert_msg(!config_load(&c, fixture(name), err, sizeof err), "%s should fail", name);
	snprintf(want, sizeof want, "%s:%s: %s", fixture(name), where, message);
	ck_assert_str_eq(err, want);
	/* a bad file changes nothing: the defaults stand */
	config d;
	config_init(&d);
	ck_assert_str_eq(c.organization, d.organization);
	ck_assert_mem_eq(&c.keys, &d.keys, sizeof d.keys);
	ck_assert_int_eq(c.nservice_lines, 0);
	config_free(&c);
}

/* ---- valid files ------------------------------------------------------ */

START_TEST(test_defaults)
{
	config c;
	config_init(&c);
	ck_assert_str_eq(c.theme_name, "default");
	ck_assert_str_eq(c.organization, "23people");
	ck_assert_str_eq(c.currency, "CLP");
	ck_assert_str_eq(c.database, "");
	ck_assert_str_eq(c.source, "");
	ck_assert_int_eq(c.nservice_lines, 0);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		ck_assert(c.probability[s] >= 0 && c.probability[s] <= 100);
		ck_assert_int_ge(c.stale_days[s], 0);
	}
	ck_assert_int_eq(c.probability[PIPELINE_PERDIDA], 0);
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_BOARD, 'q'), KEYMAP_QUIT);
	config_free(&c);
}
END_TEST

START_TEST(test_no_file_is_defaults)
{
	config c;
	char err[256] = "";
	setenv("XDG_CONFIG_HOME", "/nonexistent-embudo-test", 1);
	ck_assert(config_load(&c, NULL, err, sizeof err));
	ck_assert_str_eq(c.source, "");
	ck_assert_str_eq(c.organization, "23people");
	config_free(&c);
}
END_TEST

START_TEST(test_missing_explicit_file)
{
	config c;
	char err[512];
	ck_assert(!config_load(&c, "/nonexistent-embudo/config.yaml", err, sizeof err));
	ck_assert_str_eq(err, "/nonexistent-embudo/config.yaml: no such file; check the path (given by --config) "
	                      "or create the file (`embudo config dump` prints a template)");
	setenv("EMBUDO_CONFIG", "/nonexistent-embudo/env.yaml", 1);
	ck_assert(!config_load(&c, NULL, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent-embudo/env.yaml: no such file; check the path (given by EMBUDO_CONFIG)"));
	/* EMBUDO_CONFIG names the file when there is no --config */
	setenv("EMBUDO_CONFIG", fixture("unbind.yaml"), 1);
	ck_assert(config_load(&c, NULL, err, sizeof err));
	ck_assert_str_eq(c.source, fixture("unbind.yaml"));
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_BOARD, 'x'), KEYMAP_ACTION_NONE);
	config_free(&c);
}
END_TEST

START_TEST(test_full)
{
	config c;
	load_ok(&c, "full.yaml");
	ck_assert_str_eq(c.source, fixture("full.yaml"));
	ck_assert_str_eq(c.theme_name, "light");
	ck_assert_str_eq(c.organization, "Acme Consultores");
	ck_assert_str_eq(c.currency, "USD");
	ck_assert_int_eq(c.nservice_lines, 3);
	ck_assert_str_eq(c.service_lines[0], "Consultoría");
	ck_assert_str_eq(c.service_lines[2], "Data & AI");
	ck_assert_str_eq(c.database, "/home/tester/ventas/pipeline.db");
	ck_assert_int_eq(c.probability[PIPELINE_INMADURA], 5);
	ck_assert_int_eq(c.stale_days[PIPELINE_INMADURA], 45);
	ck_assert_int_eq(c.probability[PIPELINE_POR_FACTURAR], 95);
	ck_assert_int_eq(c.stale_days[PIPELINE_LISTA], 7);
	ck_assert_int_eq(c.probability[PIPELINE_CALIFICADA], 30); /* untouched: default */
	/* colours: #000000 -> 16, #ffaf00 -> 214, on top of the light theme */
	const theme_style *cf = &c.theme.style[THEME_CARD_FOCUS];
	ck_assert_int_eq(cf->fg, 16);
	ck_assert_int_eq(cf->bg, 214);
	ck_assert_uint_eq(cf->attrs, THEME_A_BOLD | THEME_A_UNDERLINE);
	ck_assert(cf->set_fg && cf->set_bg && cf->set_attrs);
	const theme_style *st = &c.theme.style[THEME_STATUS];
	ck_assert_uint_eq(st->attrs, THEME_A_REVERSE);
	ck_assert(!st->set_fg && st->set_attrs);
	ck_assert_int_eq(st->fg, 7);   /* white, from light.yaml */
	ck_assert_int_eq(st->bg, 238); /* #444444, from light.yaml */
	ck_assert_int_eq(c.theme.style[THEME_HELP_KEY].fg, 208);
	ck_assert(c.theme.names_colours);
	/* keys */
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_BOARD, KEYMAP_FN | KEY_F(10)), KEYMAP_QUIT);
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_BOARD, KEYMAP_FN | KEY_F(1)), KEYMAP_HELP);
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_BOARD, KEYMAP_META | 'f'), KEYMAP_MOVE_FORWARD);
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_BOARD, 'u'), KEYMAP_ACTION_NONE);
	ck_assert_int_eq(c.keys.keys[KEYMAP_UNDO][0], KEYMAP_NONE);
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_FORM, KEYMAP_FN | KEY_F(10)), KEYMAP_FORM_SUBMIT);
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_FORM, '\r'), KEYMAP_FORM_SUBMIT);
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_DIALOG, ' '), KEYMAP_ACTION_NONE);
	config_free(&c);
}
END_TEST

START_TEST(test_empty_files)
{
	config c, d;
	config_init(&d);
	load_ok(&c, "empty.yaml");
	ck_assert_mem_eq(&c.keys, &d.keys, sizeof d.keys);
	ck_assert_mem_eq(&c.theme, &d.theme, sizeof d.theme);
	config_free(&c);
	load_ok(&c, "comments-only.yaml");
	ck_assert_str_eq(c.organization, d.organization);
	config_free(&c);
}
END_TEST

START_TEST(test_unbind_and_modes)
{
	config c;
	load_ok(&c, "unbind.yaml");
	ck_assert_int_eq(c.keys.keys[KEYMAP_TOGGLE_LOST][0], KEYMAP_NONE);
	ck_assert_int_eq(c.keys.keys[KEYMAP_LOSE][0], KEYMAP_NONE);
	ck_assert_int_eq(c.keys.keys[KEYMAP_REFRESH][0], KEYMAP_NONE);
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_BOARD, 'q'), KEYMAP_QUIT);
	config_free(&c);
	load_ok(&c, "no-conflict-across-modes.yaml");
	ck_assert_int_eq(keymap_lookup(&c.keys, KEYMAP_FORM, 'q'), KEYMAP_FORM_CANCEL);
	config_free(&c);
}
END_TEST

START_TEST(test_custom_theme)
{
	config c;
	load_ok(&c, "custom-theme.yaml");
	ck_assert_str_eq(c.theme_name, "custom");
	const theme_style *card = &c.theme.style[THEME_CARD];
	ck_assert_int_eq(card->fg, 10); /* the config's bright-green beats the theme's red */
	ck_assert_int_eq(card->bg, 4);  /* the theme's blue */
	ck_assert_uint_eq(card->attrs, THEME_A_DIM);
	ck_assert(card->set_fg && !card->set_bg);
	ck_assert_int_eq(c.theme.style[THEME_TOTALS].fg, 99);
	ck_assert(c.theme.names_colours);
	config_free(&c);
}
END_TEST

/* Writes text to a temporary file; returns its path (static buffer). */
static const char *temp_file(const char *text, size_t len)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/embudo-config-test-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

START_TEST(test_shipped_themes)
{
	static const char *const names[] = { "default", "light", "high-contrast", "monochrome" };
	for (size_t i = 0; i < 4; i++) {
		char text[64], err[1024] = "";
		snprintf(text, sizeof text, "theme: %s\n", names[i]);
		const char *path = temp_file(text, strlen(text));
		config c;
		bool ok = config_load(&c, path, err, sizeof err);
		unlink(path);
		ck_assert_msg(ok, "theme %s: %s", names[i], err);
		ck_assert_str_eq(c.theme_name, names[i]);
		ck_assert_int_eq(c.theme.monochrome, strcmp(names[i], "monochrome") == 0);
		/* choosing a coloured theme asks for colour; default and monochrome do not */
		ck_assert_int_eq(c.theme.names_colours, i == 1 || i == 2);
		for (int r = 0; r < THEME_ROLE_COUNT; r++) {
			const theme_style *s = &c.theme.style[r];
			ck_assert(!s->set_fg && !s->set_bg && !s->set_attrs);
			if (s->fg != THEME_DEFAULT && s->bg != THEME_DEFAULT)
				ck_assert_msg(theme_colour_fit(s->fg, 8) != theme_colour_fit(s->bg, 8),
				              "theme %s role %s: same colour on itself at 8 colours", names[i],
				              theme_role_name((theme_role)r));
			if (i == 3)
				ck_assert_uint_eq(s->attrs, theme_role_mono_attrs((theme_role)r));
		}
		if (i == 0) {
			/* default.yaml is the built-in table written out */
			theme t;
			theme_init_defaults(&t);
			ck_assert_mem_eq(&c.theme, &t, sizeof t);
		}
		config_free(&c);
	}
}
END_TEST

/* ---- one fixture per error kind --------------------------------------- */

START_TEST(test_errors_yaml_level)
{
	load_fails("syntax.yaml", "5:9", "YAML syntax error: did not find expected ',' or ']' while parsing a flow "
	           "sequence that starts at line 4; check the indentation and quote values that contain ': ', "
	           "'#', '[', '{' or start with '>', '<', '?', '*', '&', '!', '%', '@'");
	load_fails("tabs.yaml", "3:1", "YAML syntax error: found character that cannot start any token while "
	           "scanning for the next token that starts at line 3; YAML does not allow tabs for indentation; "
	           "indent with spaces");
	load_fails("duplicate-key.yaml", "3:1", "duplicate key 'organization' (first at line 1); keep only one of them");
	load_fails("duplicate-action.yaml", "5:5", "duplicate key 'quit' (first at line 3); keep only one of them");
	load_fails("anchor.yaml", "2:9", "anchors ('&red') are not supported; write the value out in full");
	load_fails("alias-only.yaml", "1:15", "aliases ('*org') are not supported; write the value out in full");
	load_fails("tag.yaml", "1:15", "tags ('tag:yaml.org,2002:str') are not supported; remove the tag");
	load_fails("deep.yaml", "4:9", "nesting deeper than the configuration needs (5 levels, at most 4); "
	           "see embudo-config(5) for the layout");
	load_fails("deep-colors.yaml", "4:12", "nesting deeper than the configuration needs (5 levels, at most 4); "
	           "see embudo-config(5) for the layout");
	load_fails("two-documents.yaml", "2:1", "a second YAML document; a configuration is one document, "
	           "remove the '---' and what follows");
	load_fails("invalid-utf8.yaml", "1:21", "invalid UTF-8 (byte 0xff); save the file as UTF-8");
	load_fails("invalid-utf8-2.yaml", "2:17", "invalid UTF-8 (byte 0xc3); save the file as UTF-8");
	load_fails("truncated-utf8.yaml", "1:18",
	           "invalid UTF-8 (truncated character at the end of the file); save the file as UTF-8");
	load_fails("surrogate-utf8.yaml", "2:17", "invalid UTF-8 (byte 0xed); save the file as UTF-8");
	load_fails("not-a-map.yaml", "1:1", "the configuration must be a mapping of 'key: value' lines, not a list; "
	           "see embudo-config(5)");
}
END_TEST

START_TEST(test_errors_schema)
{
	load_fails("unknown-key.yaml", "2:1", "unknown key 'colours'; did you mean 'colors'?");
	load_fails("unknown-key-far.yaml", "1:1", "unknown key 'frobnicate'; valid ones are: theme, colors, keys, "
	           "pipeline, organization, currency, service_lines, database, rates");
	load_fails("wrong-type.yaml", "2:15", "'organization' must be text, not a list; write 'organization: VALUE'");
	load_fails("wrong-type-keys.yaml", "1:7", "'keys' must be a mapping, not text; write e.g. "
	           "keys: {board: {quit: [q, F10]}}");
	load_fails("unknown-mode.yaml", "2:3", "unknown mode 'borad' in keys; did you mean 'board'?");
	load_fails("unknown-action.yaml", "4:5", "unknown action 'mvoe-to' in keys.board; did you mean 'move-to'?");
	/* another program's spelling: the right one, unless that key cannot be bound either */
	load_fails("unknown-keyname.yaml", "3:21", "unknown key name 'Ctrl-S' for submit; embudo writes it 'C-S', "
	           "but that key never reaches embudo: the terminal uses it to pause output (flow control: the "
	           "screen freezes until C-q); pick another key");
	load_fails("keyname-respell.yaml", "3:18", "unknown key name 'Alt-m' for move-to; did you mean 'M-m'?");
	load_fails("keyname-typo.yaml", "3:17", "unknown key name 'PageDwn' for page-down; did you mean 'PageDown'?");
	/* keys the terminal keeps for itself would be bindings that silently do nothing */
	load_fails("reserved-key.yaml", "4:21", "key 'C-s' never reaches embudo: the terminal uses it to pause "
	           "output (flow control: the screen freezes until C-q); pick another key");
	load_fails("reserved-signal.yaml", "4:11", "key 'M-C-\\' never reaches embudo: the terminal turns it into "
	           "a quit signal; pick another key");
	load_fails("too-many-keys.yaml", "3:32", "too many keys for quit (at most 5); drop some");
	load_fails("conflict.yaml", "3:11", "key 'q' is bound to both 'quit' (default) and 'help' in board mode; "
	           "unbind one (e.g. 'quit: none') or pick another key");
	load_fails("conflict-both.yaml", "4:11", "key 'k' is bound to both 'up' (line 3) and 'down' in dialog mode; "
	           "unbind one (e.g. 'up: none') or pick another key");
	const char *hint = "use default, a name (black, red, green, yellow, blue, magenta, cyan, white, bright-red, "
	                   "grey...), a number 0-255 or #rrggbb";
	char msg[512];
	snprintf(msg, sizeof msg, "unknown colour 'purpel' for colors.card.bg; %s", hint);
	load_fails("unknown-colour.yaml", "4:9", msg);
	snprintf(msg, sizeof msg, "unknown colour '#12345' for colors.card.fg; %s", hint);
	load_fails("bad-hex.yaml", "2:14", msg);
	load_fails("unknown-role.yaml", "2:3", "unknown colour role 'cards' in colors; did you mean 'card'?");
	load_fails("unknown-attr.yaml", "2:24", "unknown attribute 'blink' for colors.card.attrs; use bold, dim, "
	           "reverse, underline, standout, italic or none");
	load_fails("bad-probability.yaml", "2:29", "'pipeline.calificada.probability' must be a whole number from 0 "
	           "to 100; got '150'");
	load_fails("bad-stale.yaml", "3:17", "'pipeline.calificada.stale_days' must be a whole number from 0 to "
	           "3650; got '-3'");
	load_fails("unknown-stage.yaml", "2:3", "unknown stage 'comprometido' in pipeline; did you mean 'comprometida'?");
	load_fails("unknown-stage-field.yaml", "2:11", "unknown field 'stale-days' in pipeline.lista; did you mean "
	           "'stale_days'?");
	load_fails("bad-currency.yaml", "1:11", "unknown currency 'dollars'; write a three-letter ISO 4217 code such "
	           "as CLP, USD, EUR or CLF");
	load_fails("service-dup.yaml", "4:5", "service line 'Staffing' is listed twice (first at line 2); keep one");
	load_fails("database-tilde-user.yaml", "1:11", "'database' may start with ~/ (your home) but not ~user; "
	           "write the full path");
	load_fails("theme-bad-name.yaml", "1:8", "theme name '../../etc/passwd' may only hold letters, digits, '-' "
	           "and '_'; write e.g. theme: light");
}
END_TEST

START_TEST(test_errors_theme)
{
	config c;
	char err[1024], want[4096];
	ck_assert(!config_load(&c, fixture("theme-unknown.yaml"), err, sizeof err));
	snprintf(want, sizeof want, "%s:2:8: unknown theme 'ligth'; did you mean 'light'? (looked for ligth.yaml in "
	         "%s/xdg/embudo/themes, %s/themes, themes)", fixture("theme-unknown.yaml"), fixtures, EMBUDO_SHAREDIR);
	ck_assert_str_eq(err, want);
	/* an error inside the theme file points into the theme file */
	ck_assert(!config_load(&c, fixture("theme-broken.yaml"), err, sizeof err));
	snprintf(want, sizeof want, "%s/xdg/embudo/themes/broken.yaml:3:14: unknown colour 'rojo' for colors.card.fg; ",
	         fixtures);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "got: %s", err);
}
END_TEST

START_TEST(test_error_too_large)
{
	size_t len = CONFIG_MAX_BYTES + 10;
	char *big = malloc(len);
	ck_assert_ptr_nonnull(big);
	memset(big, '#', len);
	big[len - 1] = '\n';
	const char *path = temp_file(big, len);
	free(big);
	config c;
	char err[1024], want[1024];
	ck_assert(!config_load(&c, path, err, sizeof err));
	snprintf(want, sizeof want, "%s:1:1: file too large (%zu bytes, at most %d); a configuration is a few lines, "
	         "check that this is the right file", path, len, CONFIG_MAX_BYTES);
	unlink(path);
	ck_assert_str_eq(err, want);
}
END_TEST

/* A control character written as a YAML escape is refused like one in the
 * file, C1 controls (U+0080..U+009F) as well as ESC, and named. */
static void escaped_control_fails(const char *text, const char *where, const char *message)
{
	const char *path = temp_file(text, strlen(text));
	config c;
	char err[1024], want[1024];
	ck_assert(!config_load(&c, path, err, sizeof err));
	snprintf(want, sizeof want, "%s:%s: %s", path, where, message);
	unlink(path);
	ck_assert_str_eq(err, want);
}

START_TEST(test_error_escaped_control)
{
	escaped_control_fails("organization: \"Acme\\x1b[31m\"\n", "1:15",
	                      "'organization' contains a control character (U+001B); remove it");
	escaped_control_fails("organization: \"Acme\\e[31m\"\n", "1:15",
	                      "'organization' contains a control character (U+001B); remove it");
	escaped_control_fails("organization: \"Acme\\x9b31m\"\n", "1:15",
	                      "'organization' contains a control character (U+009B); remove it");
	escaped_control_fails("service_lines: [\"a\\u0085b\"]\n", "1:17",
	                      "'service_lines[]' contains a control character (U+0085); remove it");
}
END_TEST

START_TEST(test_database_paths)
{
	config c;
	char err[1024] = "", want[4096], cwd[1024];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	/* relative to the configuration file, wherever embudo is started from */
	load_ok(&c, "database-relative.yaml");
	const char *f = fixture("database-relative.yaml");
	if (f[0] == '/')
		snprintf(want, sizeof want, "%s/data/pipeline.db", fixtures);
	else
		snprintf(want, sizeof want, "%s/%s/data/pipeline.db", cwd, fixtures);
	ck_assert_str_eq(c.database, want);
	ck_assert_int_eq(c.database[0], '/');
	config_free(&c);
	/* a file in the current directory */
	ck_assert_int_eq(chdir(fixtures), 0);
	ck_assert_msg(config_load(&c, "database-relative.yaml", err, sizeof err), "%s", err);
	char here[1024];
	ck_assert_ptr_nonnull(getcwd(here, sizeof here));
	snprintf(want, sizeof want, "%s/data/pipeline.db", here);
	ck_assert_str_eq(c.database, want);
	config_free(&c);
	ck_assert_int_eq(chdir(cwd), 0);
	/* absolute and ~/ */
	const char *text = "database: /var/tmp/x.db\n";
	const char *path = temp_file(text, strlen(text));
	ck_assert(config_load(&c, path, err, sizeof err));
	unlink(path);
	ck_assert_str_eq(c.database, "/var/tmp/x.db");
	config_free(&c);
	text = "database: ~/x.db\n";
	path = temp_file(text, strlen(text));
	ck_assert(config_load(&c, path, err, sizeof err));
	unlink(path);
	ck_assert_str_eq(c.database, "/home/tester/x.db");
	config_free(&c);
}
END_TEST

/* The per-stage settings the figures take (review/weighted.h, stale.h):
 * the file's, the defaults elsewhere. */
START_TEST(test_weighted_and_stale)
{
	config c;
	load_ok(&c, "full.yaml");
	/* inmadura 5%, calificada 30% (default), por-facturar 95%, lista 100%, perdida 0% */
	ck_assert_int_eq(c.probability[PIPELINE_INMADURA], 5);
	ck_assert_int_eq(c.probability[PIPELINE_CALIFICADA], 30);
	ck_assert_int_eq(c.probability[PIPELINE_POR_FACTURAR], 95);
	ck_assert_int_eq(c.probability[PIPELINE_LISTA], 100);
	ck_assert_int_eq(c.probability[PIPELINE_PERDIDA], 0);
	/* stale: inmadura after 45 days (the file), lista after 7, perdida never */
	ck_assert_int_eq(c.stale_days[PIPELINE_INMADURA], 45);
	ck_assert_int_eq(c.stale_days[PIPELINE_LISTA], 7);
	ck_assert_int_eq(c.stale_days[PIPELINE_PERDIDA], 0);
	config_free(&c);
}
END_TEST

/* ---- dump and check --------------------------------------------------- */

static void assert_same(const config *a, const config *b)
{
	ck_assert_str_eq(a->theme_name, b->theme_name);
	ck_assert_str_eq(a->organization, b->organization);
	ck_assert_str_eq(a->currency, b->currency);
	ck_assert_str_eq(a->database, b->database);
	ck_assert_int_eq(a->nservice_lines, b->nservice_lines);
	for (int i = 0; i < a->nservice_lines; i++)
		ck_assert_str_eq(a->service_lines[i], b->service_lines[i]);
	ck_assert_mem_eq(a->probability, b->probability, sizeof a->probability);
	ck_assert_mem_eq(a->stale_days, b->stale_days, sizeof a->stale_days);
	ck_assert_mem_eq(&a->keys, &b->keys, sizeof a->keys);
	ck_assert_mem_eq(&a->theme, &b->theme, sizeof a->theme);
}

static void round_trip(const char *name)
{
	config a, b;
	char err[1024] = "";
	if (name)
		load_ok(&a, name);
	else
		config_init(&a);
	char path[64];
	snprintf(path, sizeof path, "/tmp/embudo-dump-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w");
	config_dump(&a, f);
	fclose(f);
	bool ok = config_load(&b, path, err, sizeof err);
	unlink(path);
	ck_assert_msg(ok, "dump of %s does not load back: %s", name ? name : "defaults", err);
	assert_same(&a, &b);
	config_free(&a);
	config_free(&b);
}

START_TEST(test_dump_round_trip)
{
	round_trip(NULL);
	round_trip("full.yaml");
	round_trip("custom-theme.yaml");
	round_trip("unbind.yaml");
	round_trip("no-conflict-across-modes.yaml");
	round_trip("database-relative.yaml");
	round_trip("bidi.yaml");
}
END_TEST

/* Runs `embudo config CMD` (cli_cmd_config over config_report) with
 * stdout in a file; returns its output (static). */
static const char *run_cli(const char *path, const char *cmd, int *status)
{
	static char out[65536];
	char *argv[] = { (char *)cmd, NULL };
	fflush(stdout);
	int saved = dup(1);
	FILE *tmp = tmpfile();
	ck_assert_ptr_nonnull(tmp);
	dup2(fileno(tmp), 1);
	static cli_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.config_opt = path;
	*status = cli_cmd_config(&ctx, 1, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(tmp);
	size_t n = fread(out, 1, sizeof out - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return out;
}

START_TEST(test_cli_check)
{
	int st;
	const char *out = run_cli(fixture("full.yaml"), "check", &st);
	ck_assert_int_eq(st, CLI_OK);
	char line[4096];
	snprintf(line, sizeof line, "%-36s %-24s %s:3\n", "organization", "Acme Consultores", fixture("full.yaml"));
	ck_assert_msg(strstr(out, line), "no organization line in:\n%s", out);
	/* the longest key still leaves a space before its value */
	snprintf(line, sizeof line, "%-36s %-24s default\n", "pipeline.en-facturacion.probability", "100");
	ck_assert_msg(strstr(out, line), "no en-facturacion line in:\n%s", out);
	snprintf(line, sizeof line, "%-36s %-24s default\n", "pipeline.calificada.probability", "30");
	ck_assert_ptr_nonnull(strstr(out, line));
	snprintf(line, sizeof line, "%-36s %-24s %s:22\n", "keys.board.quit", "q F10", fixture("full.yaml"));
	ck_assert_msg(strstr(out, line), "no quit line in:\n%s", out);
	/* a colour from the theme names the theme file and line */
	snprintf(line, sizeof line, "%-36s %-24s theme ", "colors.status.bg", "238");
	ck_assert_ptr_nonnull(strstr(out, line));
	ck_assert_ptr_nonnull(strstr(out, "themes/light.yaml:17\n"));
	ck_assert_ptr_nonnull(strstr(out, "configuration OK\n"));

	run_cli(fixture("unknown-key.yaml"), "check", &st);
	ck_assert_int_eq(st, CLI_CONFIG);
	run_cli(fixture("full.yaml"), "frobnicate", &st);
	ck_assert_int_eq(st, CLI_USAGE);
	out = run_cli(fixture("unbind.yaml"), "dump", &st);
	ck_assert_int_eq(st, CLI_OK);
	ck_assert_ptr_nonnull(strstr(out, "    lose: []\n"));
	ck_assert_ptr_nonnull(strstr(out, "    quit: [\"q\"]\n"));
	ck_assert_ptr_nonnull(strstr(out, "    select: [\"Enter\"]\n"));
}
END_TEST

/* Bidi controls are text, so they load; `config check` shows them as
 * U+FFFD like every other output (text_sanitize) and `config dump` as YAML
 * escapes, so it stays exact (it loads back the same: test_dump_round_trip).
 * Neither lets one reach the terminal raw. */
#define FFFD "\xEF\xBF\xBD"
static void assert_no_bidi(const char *out)
{
	static const char *const raw[] = { "\xE2\x80\xAE", "\xE2\x80\xAC", "\xE2\x81\xA6", "\xE2\x81\xA9" };
	for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
		const char *at = strstr(out, raw[i]);
		ck_assert_msg(!at, "a raw bidi control at: %.60s", at);
	}
}

START_TEST(test_cli_bidi_neutralised)
{
	int st;
	char line[4096];
	const char *out = run_cli(fixture("bidi.yaml"), "check", &st);
	ck_assert_int_eq(st, CLI_OK);
	assert_no_bidi(out);
	/* one U+FFFD per control, the column padded by width, not bytes */
	snprintf(line, sizeof line, "%-36s %s%8s %s:3\n", "organization", "Acme " FFFD "evil" FFFD " Ltda", "",
	         fixture("bidi.yaml"));
	ck_assert_msg(strstr(out, line), "no line %s", line);
	ck_assert_ptr_nonnull(strstr(out, "Soporte " FFFD "x" FFFD " "));
	snprintf(line, sizeof line, "%-36s %s%21s %s:7\n", "keys.board.help", "? " FFFD, "", fixture("bidi.yaml"));
	ck_assert_msg(strstr(out, line), "no line %s", line);

	out = run_cli(fixture("bidi.yaml"), "dump", &st);
	ck_assert_int_eq(st, CLI_OK);
	assert_no_bidi(out);
	ck_assert_ptr_nonnull(strstr(out, "\norganization: \"Acme \\u202Eevil\\u202C Ltda\"\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  - \"Soporte \\u2066x\\u2069\"\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n    help: [\"?\", \"\\u202E\"]\n"));
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_no_file_is_defaults);
	tcase_add_test(tc, test_missing_explicit_file);
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_empty_files);
	tcase_add_test(tc, test_unbind_and_modes);
	tcase_add_test(tc, test_custom_theme);
	tcase_add_test(tc, test_shipped_themes);
	tcase_add_test(tc, test_errors_yaml_level);
	tcase_add_test(tc, test_errors_schema);
	tcase_add_test(tc, test_errors_theme);
	tcase_add_test(tc, test_error_too_large);
	tcase_add_test(tc, test_error_escaped_control);
	tcase_add_test(tc, test_database_paths);
	tcase_add_test(tc, test_weighted_and_stale);
	tcase_add_test(tc, test_dump_round_trip);
	tcase_add_test(tc, test_cli_check);
	tcase_add_test(tc, test_cli_bidi_neutralised);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
