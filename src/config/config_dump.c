/*
 * config_dump: `embudo config check` (is it valid, and where did each
 * value come from) and `embudo config dump` (the effective configuration
 * as commented YAML that loads back to the same configuration).
 */
#include "config/config_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

/* ---- YAML output ------------------------------------------------------ */

/* A double-quoted YAML string: always safe, whatever the text. What a
 * terminal would act on or that would reorder the line (the characters
 * text_sanitize replaces: controls, bidi controls) is written as a YAML
 * escape, so the dump reaches the terminal neutralised and still loads
 * back to exactly the same text. */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	while (*s) {
		uint32_t cp;
		size_t n = text_utf8_decode(s, &cp);
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else if (cp == TEXT_INVALID)
			fputs("\\uFFFD", out); /* libyaml gives valid UTF-8: never */
		else if (text_is_control(cp) || text_is_bidi_control(cp))
			fprintf(out, cp < 0x80 ? "\\x%02X" : "\\u%04X", (unsigned)cp);
		else
			fwrite(s, 1, n, out);
		s += n;
	}
	fputc('"', out);
}

static void put_style(FILE *out, const theme_style *st, bool fg, bool bg, bool attrs)
{
	char buf[64];
	const char *sep = "";
	fputc('{', out);
	if (fg) {
		fprintf(out, "fg: %s", theme_colour_name(st->fg, buf, sizeof buf));
		sep = ", ";
	}
	if (bg) {
		fprintf(out, "%sbg: %s", sep, theme_colour_name(st->bg, buf, sizeof buf));
		sep = ", ";
	}
	if (attrs)
		fprintf(out, "%sattrs: [%s]", sep, theme_attrs_format(st->attrs, buf, sizeof buf));
	fputc('}', out);
}

static void dump_colors(const config *c, FILE *out)
{
	fputs("\n# Colours per role, on top of the theme. A role takes fg and bg (default,\n"
	      "# a name such as red or bright-blue, 0-255, or #rrggbb) and attrs (bold,\n"
	      "# dim, reverse, underline, standout, italic). Lines starting with # show\n"
	      "# what the theme gives; uncomment one to change it. Naming a colour here\n"
	      "# keeps colour on even when NO_COLOR is set.\n", out);
	bool any = false;
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		any |= c->theme.style[r].set_fg || c->theme.style[r].set_bg || c->theme.style[r].set_attrs;
	fputs(any ? "colors:\n" : "colors: {}\n", out);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const theme_style *st = &c->theme.style[r];
		const char *name = theme_role_name((theme_role)r);
		if (st->set_fg || st->set_bg || st->set_attrs) {
			fprintf(out, "  %s: ", name);
			put_style(out, st, st->set_fg, st->set_bg, st->set_attrs);
			fputc('\n', out);
		} else {
			fprintf(out, "#  %s: ", name);
			put_style(out, st, true, true, true);
			fputc('\n', out);
		}
	}
}

static void dump_keys(const config *c, FILE *out)
{
	fputs("\n# Keys per mode: action: [key, ...]. Key names: a character (quote it),\n"
	      "# C-x (Control), M-x (Alt), S-Right, Up, PgUp, PgDn, Home, End, Enter,\n"
	      "# Space, Tab, S-Tab, Esc, Backspace, Delete, Insert, F1-F12, or an ncurses\n"
	      "# name such as KEY_DC. [] or none leaves an action without a key.\n"
	      "# C-s, C-q, C-c, C-z and C-\\ never reach embudo (the terminal keeps them).\n"
	      "keys:\n", out);
	for (int m = 0; m < KEYMAP_MODE_COUNT; m++) {
		fprintf(out, "  %s:\n", keymap_mode_name((keymap_mode)m));
		for (int a = 0; a < KEYMAP_ACTION_COUNT; a++) {
			if (keymap_action_mode((keymap_action)a) != (keymap_mode)m)
				continue;
			const char *names[KEYMAP_MAX_KEYS];
			char bufs[KEYMAP_MAX_KEYS][KEYMAP_NAME_MAX];
			int n = keymap_names(&c->keys, (keymap_action)a, names, KEYMAP_MAX_KEYS, bufs);
			fprintf(out, "    # %s\n    %s: [", keymap_action_help((keymap_action)a),
			        keymap_action_name((keymap_action)a));
			for (int i = 0; i < n; i++) {
				if (i)
					fputs(", ", out);
				put_quoted(out, names[i]);
			}
			fputs("]\n", out);
		}
	}
}

void config_dump(const config *c, FILE *out)
{
	fputs("# embudo configuration (see embudo-config(5)), written by `embudo config dump`.\n"
	      "# This is the effective configuration: it loads back the same. Save it as\n"
	      "# ~/.config/embudo/config.yaml (or point --config or EMBUDO_CONFIG at it).\n", out);
	fputs("\n# Theme: default, light, high-contrast, monochrome, or NAME for a file\n"
	      "# NAME.yaml in ~/.config/embudo/themes.\n", out);
	fputs("theme: ", out);
	put_quoted(out, c->theme_name);
	fputs("\n\n# The organisation named in qualification criterion 4.\norganization: ", out);
	put_quoted(out, c->organization);
	fputs("\n\n# Currency of new opportunities (ISO 4217: CLP, USD, EUR, CLF...).\ncurrency: ", out);
	put_quoted(out, c->currency);
	fputs("\n\n# Service lines, suggested in the add and edit forms (not a restriction).\n", out);
	if (c->nservice_lines == 0) {
		fputs("service_lines: []\n", out);
	} else {
		fputs("service_lines:\n", out);
		for (int i = 0; i < c->nservice_lines; i++) {
			fputs("  - ", out);
			put_quoted(out, c->service_lines[i]);
			fputc('\n', out);
		}
	}
	fputs("\n# The database file (~/ is your home; a relative path is relative to this\n"
	      "# file). --db and $EMBUDO_DB win over it; unset: $XDG_DATA_HOME/embudo/pipeline.db.\n", out);
	if (c->database[0]) {
		fputs("database: ", out);
		put_quoted(out, c->database);
		fputc('\n', out);
	} else {
		fputs("# database: ~/.local/share/embudo/pipeline.db\n", out);
	}
	fputs("\n# Per stage: probability (percent, for the weighted value) and stale_days\n"
	      "# (a card longer than that in the stage is marked stale; 0: never).\n"
	      "pipeline:\n", out);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		fprintf(out, "  %s: {probability: %d, stale_days: %d}\n", pipeline_stage_slug((pipeline_stage)s),
		        c->probability[s], c->stale_days[s]);
	config_dump_rates(c, out);
	dump_colors(c, out);
	dump_keys(c, out);
}

/* ---- check ------------------------------------------------------------ */

static const char *origin_text(const config_origins *o, config_origin from, char *buf, size_t bufsz)
{
	switch (from.from) {
	case CONFIG_FROM_FILE:
		snprintf(buf, bufsz, "%s:%d", o->file, from.line);
		break;
	case CONFIG_FROM_THEME:
		snprintf(buf, bufsz, "theme %s:%d", o->theme, from.line);
		break;
	default:
		snprintf(buf, bufsz, "default");
	}
	return buf;
}

void config_check_row(FILE *out, const config_origins *o, const char *key, const char *value,
                      config_origin from)
{
	char safe[256], where[8300];
	text_sanitize(value, safe, sizeof safe);
	origin_text(o, from, where, sizeof where);
	char safe_where[8300];
	text_sanitize(where, safe_where, sizeof safe_where);
	/* Padded by display width, not bytes: "Compañía" is 8 columns. */
	int pad = 24 - text_width(safe);
	fprintf(out, "%-36s %s%*s %s\n", key, safe, pad > 0 ? pad : 0, "", safe_where);
}

static void check_report(const config *c, const config_origins *o, FILE *out)
{
	char key[96], val[256];
	if (o->file[0]) {
		char safe[4200];
		text_sanitize(o->file, safe, sizeof safe);
		fprintf(out, "configuration file: %s\n", safe);
	} else {
		fputs("configuration file: none (built-in defaults)\n", out);
	}
	fprintf(out, "%-36s %-24s %s\n", "KEY", "VALUE", "FROM");
	config_check_row(out, o, "theme", c->theme_name, o->theme_name);
	config_check_row(out, o, "organization", c->organization, o->organization);
	config_check_row(out, o, "currency", c->currency, o->currency);
	size_t len = 0;
	val[0] = '\0';
	for (int i = 0; i < c->nservice_lines; i++) {
		int w = snprintf(val + len, sizeof val - len, "%s%s", i ? ", " : "", c->service_lines[i]);
		if (w < 0 || (size_t)w >= sizeof val - len)
			break;
		len += (size_t)w;
	}
	config_check_row(out, o, "service_lines", c->nservice_lines ? val : "(none)", o->service_lines);
	config_check_row(out, o, "database", c->database[0] ? c->database : "(--db, $EMBUDO_DB or the XDG default)", o->database);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		const char *slug = pipeline_stage_slug((pipeline_stage)s);
		snprintf(key, sizeof key, "pipeline.%s.probability", slug);
		snprintf(val, sizeof val, "%d", c->probability[s]);
		config_check_row(out, o, key, val, o->probability[s]);
		snprintf(key, sizeof key, "pipeline.%s.stale_days", slug);
		snprintf(val, sizeof val, "%d", c->stale_days[s]);
		config_check_row(out, o, key, val, o->stale_days[s]);
	}
	config_check_rates(c, o, out);
	static const char *const fields[3] = { "fg", "bg", "attrs" };
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const theme_style *st = &c->theme.style[r];
		for (int f = 0; f < 3; f++) {
			snprintf(key, sizeof key, "colors.%s.%s", theme_role_name((theme_role)r), fields[f]);
			if (f == 2)
				theme_attrs_format(st->attrs, val, sizeof val);
			else
				theme_colour_name(f == 0 ? st->fg : st->bg, val, sizeof val);
			config_check_row(out, o, key, val[0] ? val : "none", o->colours[r][f]);
		}
	}
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++) {
		snprintf(key, sizeof key, "keys.%s.%s", keymap_mode_name(keymap_action_mode((keymap_action)a)),
		         keymap_action_name((keymap_action)a));
		keymap_describe(&c->keys, (keymap_action)a, val, sizeof val);
		config_check_row(out, o, key, val, o->keys[a]);
	}
	fputs("configuration OK\n", out);
}

bool config_report(const char *path, bool dump, FILE *out, char *err, size_t errlen)
{
	static config c;
	static config_origins o;
	if (!config_load_origins(&c, path, &o, err, errlen))
		return false;
	if (dump)
		config_dump(&c, out);
	else
		check_report(&c, &o, out);
	config_free(&c);
	return true;
}
