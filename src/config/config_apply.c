/*
 * config_apply: the schema walker. Takes the tree of a configuration (or
 * theme) file and applies it to a config, checking every key, type, name
 * and range; each error points at the node it is about.
 */
#include "config/config_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/money.h"
#include "util/text.h"

#define MAX_TEXT 128   /* organization, service lines */
#define MAX_STALE_DAYS 3650

struct applier {
	config *c;
	config_origins *o;
	const char *file;
	unsigned char from; /* CONFIG_FROM_FILE or CONFIG_FROM_THEME */
	bool named_colour;  /* this file named a colour (not "default") */
	char *err;
	size_t errlen;
	/* where this file bound each action's keys (0: not bound here) */
	int key_line[KEYMAP_ACTION_COUNT], key_col[KEYMAP_ACTION_COUNT];
};

static void fail(struct applier *a, const cy_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct applier *a, const cy_node *at, const char *fmt, ...)
{
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(a->err, a->errlen, "%s:%d:%d: %s", a->file, at ? at->line : 1, at ? at->col : 1, what);
}

static config_origin here(const struct applier *a, const cy_node *n)
{
	config_origin o = { a->from, n->line };
	return o;
}

static const char *kind_name(const cy_node *n)
{
	if (cy_is_null(n))
		return "empty";
	switch (n->kind) {
	case CY_SEQ:
		return "a list";
	case CY_MAP:
		return "a mapping";
	default:
		return "text";
	}
}

/* ---- did you mean ----------------------------------------------------- */

static size_t edit_distance(const char *s, const char *t)
{
	size_t m = strlen(s), n = strlen(t);
	if (m > 64 || n > 64)
		return 64;
	size_t row[65];
	for (size_t j = 0; j <= n; j++)
		row[j] = j;
	for (size_t i = 1; i <= m; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= n; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)s[i - 1]) == tolower((unsigned char)t[j - 1]) ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[n];
}

const char *config_suggest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	size_t len = strlen(word);
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, candidates[i]);
		if (d < bestd) {
			bestd = d;
			best = candidates[i];
		}
	}
	/* Close enough to be a typo: two edits, or a third of the word. */
	if (best && bestd <= (len > 6 ? len / 3 : 2) && bestd < len)
		return best;
	return NULL;
}

/* "unknown X 'w'; did you mean 'y'?" or "...; valid Xs are: a, b, c". */
static void fail_unknown(struct applier *a, const cy_node *at, const char *what, const char *where,
                         const char *const *cands, size_t n)
{
	const char *s = config_suggest(at->text, cands, n);
	char tname[96];
	text_sanitize(at->text, tname, sizeof tname);
	if (s) {
		fail(a, at, "unknown %s '%s'%s%s; did you mean '%s'?", what, tname, where[0] ? " in " : "", where, s);
		return;
	}
	char list[512];
	size_t len = 0;
	list[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", cands[i]);
		if (w < 0 || (size_t)w >= sizeof list - len)
			break;
		len += (size_t)w;
	}
	fail(a, at, "unknown %s '%s'%s%s; valid ones are: %s", what, tname, where[0] ? " in " : "", where, list);
}

/* ---- scalars ---------------------------------------------------------- */

static bool want_text(struct applier *a, const cy_node *v, const char *key)
{
	if (v->kind != CY_SCALAR || cy_is_null(v)) {
		fail(a, v, "'%s' must be text, not %s; write '%s: VALUE'", key, kind_name(v), key);
		return false;
	}
	/* A control character written as a YAML escape ("\e", "\x9b"): the
	 * file itself may not hold one (config_yaml.c), nor may a value. */
	for (const char *p = v->text; *p;) {
		uint32_t cp;
		p += text_utf8_decode(p, &cp);
		if (text_is_control(cp)) {
			fail(a, v, "'%s' contains a control character (U+%04X); remove it", key, (unsigned)cp);
			return false;
		}
	}
	return true;
}

static bool want_int(struct applier *a, const cy_node *v, const char *key, int lo, int hi, int *out)
{
	if (v->kind != CY_SCALAR || cy_is_null(v)) {
		fail(a, v, "'%s' must be a whole number from %d to %d, not %s", key, lo, hi, kind_name(v));
		return false;
	}
	long n = 0;
	const char *p = v->text;
	bool ok = *p != '\0';
	for (; *p && ok; p++) {
		ok = isdigit((unsigned char)*p) && n <= hi;
		n = n * 10 + (*p - '0');
	}
	if (!ok || n < lo || n > hi) {
		char t[64];
		text_sanitize(v->text, t, sizeof t);
		fail(a, v, "'%s' must be a whole number from %d to %d; got '%s'", key, lo, hi, t);
		return false;
	}
	*out = (int)n;
	return true;
}

static bool want_map(struct applier *a, const cy_node *v, const char *key, const char *example)
{
	if (v->kind != CY_MAP) {
		fail(a, v, "'%s' must be a mapping, not %s; write e.g. %s", key, kind_name(v), example);
		return false;
	}
	return true;
}

/* ---- colors ----------------------------------------------------------- */

static const char *const style_fields[] = { "fg", "bg", "attrs" };
static const char *const colour_hint =
	"use default, a name (black, red, green, yellow, blue, magenta, cyan, white, bright-red, grey...), "
	"a number 0-255 or #rrggbb";

static bool apply_colour(struct applier *a, const cy_node *v, const char *role, const char *field, int *out)
{
	if (v->kind != CY_SCALAR || cy_is_null(v)) {
		fail(a, v, "colors.%s.%s must be a colour, not %s; %s", role, field, kind_name(v), colour_hint);
		return false;
	}
	if (!theme_colour_parse(v->text, out)) {
		char t[64];
		text_sanitize(v->text, t, sizeof t);
		fail(a, v, "unknown colour '%s' for colors.%s.%s; %s", t, role, field, colour_hint);
		return false;
	}
	if (*out != THEME_DEFAULT)
		a->named_colour = true;
	return true;
}

static bool apply_attr_name(struct applier *a, const cy_node *v, const char *role, unsigned *attrs)
{
	unsigned bit;
	if (v->kind != CY_SCALAR || cy_is_null(v) || !theme_attr_parse(v->text, &bit)) {
		char t[64];
		text_sanitize(v->kind == CY_SCALAR ? v->text : "", t, sizeof t);
		if (v->kind != CY_SCALAR)
			fail(a, v, "colors.%s.attrs must be a list of names, not %s inside it", role, kind_name(v));
		else
			fail(a, v, "unknown attribute '%s' for colors.%s.attrs; use bold, dim, reverse, underline, "
			     "standout, italic or none", t, role);
		return false;
	}
	*attrs |= bit;
	return true;
}

static bool apply_attrs(struct applier *a, const cy_node *v, const char *role, unsigned *out)
{
	unsigned attrs = THEME_A_NONE;
	if (v->kind == CY_SEQ) {
		for (size_t i = 0; i < v->n; i++)
			if (!apply_attr_name(a, v->items[i], role, &attrs))
				return false;
	} else if (v->kind == CY_MAP) {
		fail(a, v, "colors.%s.attrs must be a list such as [bold, underline], not a mapping", role);
		return false;
	} else if (!cy_is_null(v) && !apply_attr_name(a, v, role, &attrs)) {
		return false;
	}
	*out = attrs;
	return true;
}

static bool apply_role(struct applier *a, theme_role r, const cy_node *v)
{
	const char *role = theme_role_name(r);
	theme_style *st = &a->c->theme.style[r];
	if (cy_is_null(v))
		return true;
	if (v->kind != CY_MAP) {
		fail(a, v, "colors.%s must be a mapping, not %s; write e.g. %s: {fg: red, bg: default, attrs: [bold]}",
		     role, kind_name(v), role);
		return false;
	}
	for (size_t i = 0; i < v->n; i += 2) {
		const cy_node *k = v->items[i], *val = v->items[i + 1];
		bool user = a->from == CONFIG_FROM_FILE;
		if (strcmp(k->text, "fg") == 0) {
			if (!apply_colour(a, val, role, "fg", &st->fg))
				return false;
			st->set_fg |= user;
			if (a->o)
				a->o->colours[r][0] = here(a, val);
		} else if (strcmp(k->text, "bg") == 0) {
			if (!apply_colour(a, val, role, "bg", &st->bg))
				return false;
			st->set_bg |= user;
			if (a->o)
				a->o->colours[r][1] = here(a, val);
		} else if (strcmp(k->text, "attrs") == 0) {
			if (!apply_attrs(a, val, role, &st->attrs))
				return false;
			st->set_attrs |= user;
			if (a->o)
				a->o->colours[r][2] = here(a, val);
		} else {
			char where[64];
			snprintf(where, sizeof where, "colors.%s", role);
			fail_unknown(a, k, "field", where, style_fields, 3);
			return false;
		}
	}
	return true;
}

static bool apply_colors(struct applier *a, const cy_node *v)
{
	if (cy_is_null(v))
		return true;
	if (!want_map(a, v, "colors", "colors: {card-focus: {fg: black, bg: yellow}}"))
		return false;
	const char *roles[THEME_ROLE_COUNT];
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		roles[r] = theme_role_name((theme_role)r);
	for (size_t i = 0; i < v->n; i += 2) {
		theme_role r = theme_role_parse(v->items[i]->text);
		if (r == THEME_ROLE_COUNT) {
			fail_unknown(a, v->items[i], "colour role", "colors", roles, THEME_ROLE_COUNT);
			return false;
		}
		if (!apply_role(a, r, v->items[i + 1]))
			return false;
	}
	return true;
}

/* ---- keys ------------------------------------------------------------- */

static const char *const key_hint =
	"write e.g. q, C-x, M-x, S-Right, Up, PgDn, Enter, Space, Tab, Esc, F5, KEY_DC, or [] to unbind";

/* The usual spellings from other programs ("Ctrl-S", "Alt+x", "PageDwn")
 * written the way embudo reads them, into out ("" when there is none);
 * *reserved says why that key cannot be bound, if it cannot. */
static bool key_respell(const char *name, char *out, size_t outsz, const char **reserved)
{
	out[0] = '\0';
	*reserved = NULL;
	static const struct {
		const char *from, *to;
	} prefixes[] = {
		{ "ctrl-", "C-" }, { "ctrl+", "C-" }, { "control-", "C-" }, { "control+", "C-" },
		{ "ctl-", "C-" },  { "c+", "C-" },    { "alt-", "M-" },     { "alt+", "M-" },
		{ "meta-", "M-" }, { "meta+", "M-" }, { "m+", "M-" },       { "shift-", "S-" },
		{ "shift+", "S-" }, { "s+", "S-" },
	};
	static const char *const known[] = {
		"Up", "Down", "Left", "Right", "Home", "End", "PgUp", "PgDn", "PageUp", "PageDown",
		"Enter", "Return", "Space", "Tab", "S-Tab", "Esc", "Escape", "Backspace", "Delete",
		"Insert", "S-Up", "S-Down", "S-Left", "S-Right",
	};
	keymap_key keys[KEYMAP_MAX_KEYS];
	char cand[KEYMAP_NAME_MAX];
	cand[0] = '\0';
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0] && !cand[0]; i++) {
		size_t n = strlen(prefixes[i].from);
		if (strncasecmp(name, prefixes[i].from, n) == 0 && name[n] != '\0') {
			int w = snprintf(cand, sizeof cand, "%s%s", prefixes[i].to, name + n);
			if (w < 0 || (size_t)w >= sizeof cand)
				cand[0] = '\0';
		}
	}
	if (!cand[0]) {
		const char *s = config_suggest(name, known, sizeof known / sizeof known[0]);
		if (!s)
			return false;
		snprintf(cand, sizeof cand, "%s", s);
	}
	int n = keymap_key_parse_all(cand, keys, KEYMAP_MAX_KEYS);
	if (n == 0)
		return false;
	for (int i = 0; i < n && !*reserved; i++)
		*reserved = keymap_key_reserved(keys[i]);
	snprintf(out, outsz, "%s", cand);
	return true;
}

static bool add_key(struct applier *a, const cy_node *v, keymap_action act, keymap_key *keys, int *n)
{
	char t[64];
	text_sanitize(v->kind == CY_SCALAR ? v->text : "", t, sizeof t);
	if (v->kind != CY_SCALAR || cy_is_null(v)) {
		fail(a, v, "a key name in keys.%s.%s must be text, not %s; %s",
		     keymap_mode_name(keymap_action_mode(act)), keymap_action_name(act), kind_name(v), key_hint);
		return false;
	}
	keymap_key got[KEYMAP_MAX_KEYS];
	int k = keymap_key_parse_all(v->text, got, KEYMAP_MAX_KEYS);
	if (k == 0) {
		char better[KEYMAP_NAME_MAX];
		const char *why = NULL;
		if (key_respell(v->text, better, sizeof better, &why) && why)
			fail(a, v, "unknown key name '%s' for %s; embudo writes it '%s', but that key never reaches "
			     "embudo: %s; pick another key", t, keymap_action_name(act), better, why);
		else if (better[0])
			fail(a, v, "unknown key name '%s' for %s; did you mean '%s'?", t, keymap_action_name(act), better);
		else
			fail(a, v, "unknown key name '%s' for %s; %s", t, keymap_action_name(act), key_hint);
		return false;
	}
	for (int i = 0; i < k; i++) {
		const char *why = keymap_key_reserved(got[i]);
		if (why) {
			fail(a, v, "key '%s' never reaches embudo: %s; pick another key", t, why);
			return false;
		}
	}
	for (int i = 0; i < k; i++) {
		bool dup = false;
		for (int j = 0; j < *n; j++)
			dup |= keys[j] == got[i];
		if (dup)
			continue;
		if (*n >= KEYMAP_MAX_KEYS - 1) {
			fail(a, v, "too many keys for %s (at most %d); drop some", keymap_action_name(act),
			     KEYMAP_MAX_KEYS - 1);
			return false;
		}
		keys[(*n)++] = got[i];
	}
	return true;
}

static bool apply_binding(struct applier *a, keymap_action act, const cy_node *v)
{
	keymap_key keys[KEYMAP_MAX_KEYS];
	int n = 0;
	if (v->kind == CY_MAP || cy_is_null(v)) {
		fail(a, v, "keys.%s.%s must be a key name or a list of them, not %s; %s",
		     keymap_mode_name(keymap_action_mode(act)), keymap_action_name(act), kind_name(v), key_hint);
		return false;
	}
	if (v->kind == CY_SCALAR) {
		/* "none" unbinds; a quoted 'none' is the same (there is no key by that name). */
		if (strcasecmp(v->text, "none") != 0 && !add_key(a, v, act, keys, &n))
			return false;
	} else {
		for (size_t i = 0; i < v->n; i++)
			if (!add_key(a, v->items[i], act, keys, &n))
				return false;
	}
	keymap_set(&a->c->keys, act, keys, n);
	a->key_line[act] = v->line;
	a->key_col[act] = v->col;
	if (a->o)
		a->o->keys[act] = here(a, v);
	return true;
}

static bool apply_mode(struct applier *a, keymap_mode m, const cy_node *v)
{
	if (cy_is_null(v))
		return true;
	char key[32], example[96];
	snprintf(key, sizeof key, "keys.%s", keymap_mode_name(m));
	snprintf(example, sizeof example, "%s: {%s: [KEY, KEY]}", keymap_mode_name(m),
	         m == KEYMAP_BOARD ? "quit" : "cancel");
	if (!want_map(a, v, key, example))
		return false;
	const char *names[KEYMAP_ACTION_COUNT];
	size_t nn = 0;
	for (int i = 0; i < KEYMAP_ACTION_COUNT; i++)
		if (keymap_action_mode((keymap_action)i) == m)
			names[nn++] = keymap_action_name((keymap_action)i);
	for (size_t i = 0; i < v->n; i += 2) {
		keymap_action act = keymap_action_parse(m, v->items[i]->text);
		if (act == KEYMAP_ACTION_NONE) {
			fail_unknown(a, v->items[i], "action", key, names, nn);
			return false;
		}
		if (!apply_binding(a, act, v->items[i + 1]))
			return false;
	}
	return true;
}

static bool check_conflicts(struct applier *a)
{
	keymap_action x, y;
	keymap_key k;
	if (!keymap_find_conflict(&a->c->keys, &x, &y, &k))
		return true;
	/* Point at the binding this file made; the later one when it made both. */
	keymap_action at = a->key_line[y] >= a->key_line[x] ? y : x;
	keymap_action other = at == x ? y : x;
	char kn[KEYMAP_NAME_MAX], from[48];
	keymap_key_name(k, kn, sizeof kn);
	if (a->key_line[other])
		snprintf(from, sizeof from, "line %d", a->key_line[other]);
	else
		snprintf(from, sizeof from, "default");
	cy_node pos = { .line = a->key_line[at], .col = a->key_col[at] };
	fail(a, &pos, "key '%s' is bound to both '%s' (%s) and '%s' in %s mode; unbind one "
	     "(e.g. '%s: none') or pick another key", kn, keymap_action_name(other), from,
	     keymap_action_name(at), keymap_mode_name(keymap_action_mode(at)), keymap_action_name(other));
	return false;
}

static bool apply_keys(struct applier *a, const cy_node *v)
{
	if (cy_is_null(v))
		return true;
	if (!want_map(a, v, "keys", "keys: {board: {quit: [q, F10]}}"))
		return false;
	const char *modes[KEYMAP_MODE_COUNT];
	for (int m = 0; m < KEYMAP_MODE_COUNT; m++)
		modes[m] = keymap_mode_name((keymap_mode)m);
	for (size_t i = 0; i < v->n; i += 2) {
		keymap_mode m;
		if (!keymap_mode_parse(v->items[i]->text, &m)) {
			fail_unknown(a, v->items[i], "mode", "keys", modes, KEYMAP_MODE_COUNT);
			return false;
		}
		if (!apply_mode(a, m, v->items[i + 1]))
			return false;
	}
	return check_conflicts(a);
}

/* ---- pipeline --------------------------------------------------------- */

static bool apply_stage(struct applier *a, pipeline_stage s, const cy_node *v)
{
	static const char *const fields[] = { "probability", "stale_days" };
	const char *slug = pipeline_stage_slug(s);
	char key[64], example[128];
	snprintf(key, sizeof key, "pipeline.%s", slug);
	snprintf(example, sizeof example, "%s: {probability: 50, stale_days: 14}", slug);
	if (cy_is_null(v))
		return true;
	if (!want_map(a, v, key, example))
		return false;
	for (size_t i = 0; i < v->n; i += 2) {
		const cy_node *k = v->items[i], *val = v->items[i + 1];
		char name[96];
		if (strcmp(k->text, "probability") == 0) {
			snprintf(name, sizeof name, "%s.probability", key);
			if (!want_int(a, val, name, 0, 100, &a->c->probability[s]))
				return false;
			if (a->o)
				a->o->probability[s] = here(a, val);
		} else if (strcmp(k->text, "stale_days") == 0) {
			snprintf(name, sizeof name, "%s.stale_days", key);
			if (!want_int(a, val, name, 0, MAX_STALE_DAYS, &a->c->stale_days[s]))
				return false;
			if (a->o)
				a->o->stale_days[s] = here(a, val);
		} else {
			fail_unknown(a, k, "field", key, fields, 2);
			return false;
		}
	}
	return true;
}

static bool apply_pipeline(struct applier *a, const cy_node *v)
{
	if (cy_is_null(v))
		return true;
	if (!want_map(a, v, "pipeline", "pipeline: {calificada: {probability: 30, stale_days: 21}}"))
		return false;
	const char *slugs[PIPELINE_STAGE_COUNT];
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		slugs[s] = pipeline_stage_slug((pipeline_stage)s);
	for (size_t i = 0; i < v->n; i += 2) {
		pipeline_stage s;
		if (!pipeline_stage_parse(v->items[i]->text, &s)) {
			fail_unknown(a, v->items[i], "stage", "pipeline", slugs, PIPELINE_STAGE_COUNT);
			return false;
		}
		if (!apply_stage(a, s, v->items[i + 1]))
			return false;
	}
	return true;
}

/* ---- the other top-level keys ---------------------------------------- */

static bool apply_organization(struct applier *a, const cy_node *v)
{
	if (!want_text(a, v, "organization"))
		return false;
	if (strlen(v->text) >= MAX_TEXT) {
		fail(a, v, "'organization' is too long (at most %d bytes); shorten it", MAX_TEXT - 1);
		return false;
	}
	snprintf(a->c->organization, sizeof a->c->organization, "%s", v->text);
	if (a->o)
		a->o->organization = here(a, v);
	return true;
}

static bool apply_currency(struct applier *a, const cy_node *v)
{
	if (!want_text(a, v, "currency"))
		return false;
	char code[MONEY_CODE_LEN + 1];
	if (strlen(v->text) != MONEY_CODE_LEN || !money_currency_normalize(v->text, code)) {
		char t[64];
		text_sanitize(v->text, t, sizeof t);
		fail(a, v, "unknown currency '%s'; write a three-letter ISO 4217 code such as CLP, USD, EUR or CLF", t);
		return false;
	}
	snprintf(a->c->currency, sizeof a->c->currency, "%s", code);
	if (a->o)
		a->o->currency = here(a, v);
	return true;
}

static bool apply_service_lines(struct applier *a, const cy_node *v)
{
	if (v->kind != CY_SEQ && !cy_is_null(v)) {
		fail(a, v, "'service_lines' must be a list, not %s; write e.g. service_lines: [Consulting, Staffing]",
		     kind_name(v));
		return false;
	}
	if (v->kind == CY_SEQ && v->n > CONFIG_MAX_LINES) {
		fail(a, v->items[CONFIG_MAX_LINES], "too many service lines (at most %d); merge some", CONFIG_MAX_LINES);
		return false;
	}
	size_t n = v->kind == CY_SEQ ? v->n : 0;
	for (size_t i = 0; i < n; i++) {
		const cy_node *it = v->items[i];
		if (!want_text(a, it, "service_lines[]"))
			return false;
		if (strlen(it->text) >= MAX_TEXT) {
			fail(a, it, "service line too long (at most %d bytes); shorten it", MAX_TEXT - 1);
			return false;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(v->items[j]->text, it->text) == 0) {
				char t[MAX_TEXT];
				text_sanitize(it->text, t, sizeof t);
				fail(a, it, "service line '%s' is listed twice (first at line %d); keep one", t,
				     v->items[j]->line);
				return false;
			}
	}
	config_free(a->c);
	for (size_t i = 0; i < n; i++) {
		a->c->service_lines[i] = strdup(v->items[i]->text);
		if (!a->c->service_lines[i]) {
			fail(a, v->items[i], "out of memory; try again");
			return false;
		}
		a->c->nservice_lines = (int)i + 1;
	}
	if (a->o)
		a->o->service_lines = here(a, v);
	return true;
}

static bool apply_database(struct applier *a, const cy_node *v)
{
	if (!want_text(a, v, "database"))
		return false;
	const char *p = v->text;
	char path[sizeof a->c->database];
	int w;
	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			fail(a, v, "'database' starts with ~ but HOME is not set; write the full path");
			return false;
		}
		w = snprintf(path, sizeof path, "%s%s", home, p + 1);
	} else if (p[0] == '~') {
		/* ~user would quietly become a directory named "~user" here. */
		fail(a, v, "'database' may start with ~/ (your home) but not ~user; write the full path");
		return false;
	} else if (p[0] == '/') {
		w = snprintf(path, sizeof path, "%s", p);
	} else {
		/* Relative to the configuration file, not to wherever embudo is
		 * started: the same file must always mean the same database. */
		char dir[sizeof a->c->database];
		const char *slash = strrchr(a->file, '/');
		int dl;
		if (slash && slash == a->file)
			dl = snprintf(dir, sizeof dir, "/");
		else if (slash)
			dl = snprintf(dir, sizeof dir, "%.*s", (int)(slash - a->file), a->file);
		else
			dl = snprintf(dir, sizeof dir, ".");
		if (dl < 0 || (size_t)dl >= sizeof dir) {
			fail(a, v, "'database' path is too long; use a shorter path");
			return false;
		}
		if (dir[0] != '/') {
			char cwd[sizeof a->c->database], rel[sizeof dir];
			if (!getcwd(cwd, sizeof cwd)) {
				fail(a, v, "'database' is a relative path and the current directory is unknown; "
				     "write the full path");
				return false;
			}
			snprintf(rel, sizeof rel, "%s", dir);
			if (strcmp(rel, ".") == 0)
				dl = snprintf(dir, sizeof dir, "%s", cwd);
			else
				dl = snprintf(dir, sizeof dir, "%s/%s", cwd, rel);
			if (dl < 0 || (size_t)dl >= sizeof dir) {
				fail(a, v, "'database' path is too long; use a shorter path");
				return false;
			}
		}
		w = snprintf(path, sizeof path, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", p);
	}
	if (w < 0 || (size_t)w >= sizeof path) {
		fail(a, v, "'database' path is too long; use a shorter path");
		return false;
	}
	snprintf(a->c->database, sizeof a->c->database, "%s", path);
	if (a->o)
		a->o->database = here(a, v);
	return true;
}

static bool valid_theme_name(const char *s)
{
	if (!*s || strlen(s) >= 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

/* ---- files ------------------------------------------------------------ */

static const char *const config_keys[] = {
	"theme", "colors", "keys", "pipeline", "organization", "currency", "service_lines", "database",
	"rates",
};
static const char *const theme_keys[] = { "name", "description", "monochrome", "colors" };

static bool load_theme(struct applier *a, const cy_node *v);

static bool apply_theme_tree(struct applier *a, const cy_node *root)
{
	if (cy_is_null(root))
		return true;
	if (root->kind != CY_MAP) {
		fail(a, root, "a theme file must be a mapping (name:, description:, monochrome:, colors:), not %s",
		     kind_name(root));
		return false;
	}
	for (size_t i = 0; i < root->n; i += 2) {
		const cy_node *k = root->items[i], *v = root->items[i + 1];
		if (strcmp(k->text, "name") == 0 || strcmp(k->text, "description") == 0) {
			if (!want_text(a, v, k->text))
				return false;
		} else if (strcmp(k->text, "monochrome") == 0) {
			if (v->kind != CY_SCALAR ||
			    (strcmp(v->text, "true") != 0 && strcmp(v->text, "false") != 0)) {
				fail(a, v, "'monochrome' must be true or false");
				return false;
			}
			a->c->theme.monochrome = strcmp(v->text, "true") == 0;
		} else if (strcmp(k->text, "colors") == 0) {
			if (!apply_colors(a, v))
				return false;
		} else {
			fail_unknown(a, k, "key", "a theme file", theme_keys, 4);
			return false;
		}
	}
	return true;
}

bool config_apply(config *c, config_origins *o, const cy_node *root, const char *file,
                  char *err, size_t errlen)
{
	struct applier a = { .c = c, .o = o, .file = file, .from = CONFIG_FROM_FILE, .err = err, .errlen = errlen };
	if (cy_is_null(root)) /* empty, or only comments */
		return true;
	if (root->kind != CY_MAP) {
		fail(&a, root, "the configuration must be a mapping of 'key: value' lines, not %s; "
		     "see embudo-config(5)", kind_name(root));
		return false;
	}
	/* The theme first: the file's own colours go on top of it wherever
	 * they are written. */
	for (size_t i = 0; i < root->n; i += 2)
		if (strcmp(root->items[i]->text, "theme") == 0 && !load_theme(&a, root->items[i + 1]))
			return false;
	for (size_t i = 0; i < root->n; i += 2) {
		const cy_node *k = root->items[i], *v = root->items[i + 1];
		bool ok;
		if (strcmp(k->text, "theme") == 0)
			ok = true;
		else if (strcmp(k->text, "colors") == 0)
			ok = apply_colors(&a, v);
		else if (strcmp(k->text, "keys") == 0)
			ok = apply_keys(&a, v);
		else if (strcmp(k->text, "pipeline") == 0)
			ok = apply_pipeline(&a, v);
		else if (strcmp(k->text, "organization") == 0)
			ok = apply_organization(&a, v);
		else if (strcmp(k->text, "currency") == 0)
			ok = apply_currency(&a, v);
		else if (strcmp(k->text, "service_lines") == 0)
			ok = apply_service_lines(&a, v);
		else if (strcmp(k->text, "database") == 0)
			ok = apply_database(&a, v);
		else if (strcmp(k->text, "rates") == 0)
			ok = config_apply_rates(c, o, v, file, err, errlen);
		else {
			fail_unknown(&a, k, "key", "", config_keys, sizeof config_keys / sizeof config_keys[0]);
			ok = false;
		}
		if (!ok)
			return false;
	}
	if (a.named_colour)
		c->theme.names_colours = true;
	return true;
}

static bool load_theme(struct applier *a, const cy_node *v)
{
	if (!want_text(a, v, "theme"))
		return false;
	char t[64];
	text_sanitize(v->text, t, sizeof t);
	if (!valid_theme_name(v->text)) {
		fail(a, v, "theme name '%s' may only hold letters, digits, '-' and '_'; write e.g. theme: light", t);
		return false;
	}
	char path[4096];
	if (!config_theme_find(v->text, path, sizeof path)) {
		if (strcmp(v->text, "default") == 0) {
			/* The built-in table is the default theme even when no file is installed. */
			snprintf(a->c->theme_name, sizeof a->c->theme_name, "default");
			if (a->o)
				a->o->theme_name = here(a, v);
			return true;
		}
		char dirs[2048];
		config_theme_dirs(dirs, sizeof dirs);
		static const char *const builtin[] = { "default", "light", "high-contrast", "monochrome" };
		const char *s = config_suggest(v->text, builtin, 4);
		if (s && strcmp(s, v->text) == 0)
			fail(a, v, "theme '%s' ships with embudo but is not installed here (looked for %s.yaml in %s); "
			     "run `make install`, or copy themes/%s.yaml from the source into the first of those "
			     "directories", t, t, dirs, t);
		else if (s)
			fail(a, v, "unknown theme '%s'; did you mean '%s'? (looked for %s.yaml in %s)", t, s, t, dirs);
		else
			fail(a, v, "unknown theme '%s': no %s.yaml in %s; use default, light, high-contrast or "
			     "monochrome, or put the file in one of those directories", t, t, dirs);
		return false;
	}
	cy_node *root;
	if (!config_parse_file(path, &root, a->err, a->errlen))
		return false;
	struct applier ta = { .c = a->c, .o = a->o, .file = path, .from = CONFIG_FROM_THEME,
	                      .err = a->err, .errlen = a->errlen };
	bool ok = apply_theme_tree(&ta, root);
	cy_free(root);
	if (!ok)
		return false;
	snprintf(a->c->theme_name, sizeof a->c->theme_name, "%s", v->text);
	/* Choosing a theme that has colours is asking for colour (NO_COLOR
	 * yields to it); the default theme is no such request. */
	if (ta.named_colour && strcmp(v->text, "default") != 0)
		a->named_colour = true;
	if (a->o) {
		a->o->theme_name = here(a, v);
		snprintf(a->o->theme, sizeof a->o->theme, "%s", path);
	}
	return true;
}

bool config_apply_theme_file(config *c, config_origins *o, const cy_node *root, const char *file,
                             char *err, size_t errlen)
{
	struct applier a = { .c = c, .o = o, .file = file, .from = CONFIG_FROM_THEME, .err = err, .errlen = errlen };
	return apply_theme_tree(&a, root);
}
