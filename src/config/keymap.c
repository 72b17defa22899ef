/*
 * keymap: the action table, key names and the per-mode key -> action maps.
 *
 * Pure: <curses.h> is included only for its KEY_* numbers; no ncurses
 * function is called, so the tests and the fuzzer need no terminal.
 */
#include "config/keymap.h"

#include <ctype.h>
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

#define FN(k) (KEYMAP_FN | (k))
#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC KEYMAP_KEY_ESC
#define KEY_DEL_ASCII 127

/* ---- the table -------------------------------------------------------- */

struct action_row {
	keymap_mode mode;
	const char *name, *label, *help;
};

static const struct action_row actions[KEYMAP_ACTION_COUNT] = {
#define KEYMAP_ROW_(n, mode, yaml, label, help) [KEYMAP_##n] = { mode, yaml, label, help },
	KEYMAP_ACTIONS(KEYMAP_ROW_)
#undef KEYMAP_ROW_
};

/* Default keys, one row per action (the key list). Enter is the
 * three codes a terminal may send for it; Backspace likewise. */
static const keymap_key defaults[KEYMAP_ACTION_COUNT][KEYMAP_MAX_KEYS] = {
	[KEYMAP_FOCUS_LEFT]     = { FN(KEY_LEFT), 'h' },
	[KEYMAP_FOCUS_RIGHT]    = { FN(KEY_RIGHT), 'l' },
	[KEYMAP_FOCUS_UP]       = { FN(KEY_UP), 'k' },
	[KEYMAP_FOCUS_DOWN]     = { FN(KEY_DOWN), 'j' },
	[KEYMAP_PAGE_UP]        = { FN(KEY_PPAGE) },
	[KEYMAP_PAGE_DOWN]      = { FN(KEY_NPAGE) },
	[KEYMAP_FIRST]          = { FN(KEY_HOME) },
	[KEYMAP_LAST]           = { FN(KEY_END) },
	[KEYMAP_MOVE_FORWARD]   = { '>', FN(KEY_SRIGHT) },
	[KEYMAP_MOVE_BACK]      = { '<', FN(KEY_SLEFT) },
	[KEYMAP_MOVE_TO]        = { 'm' },
	[KEYMAP_MOVE_FURTHEST]  = { 'M' },
	[KEYMAP_LOSE]           = { 'x' },
	[KEYMAP_REOPEN]         = { 'r' },
	[KEYMAP_DETAIL]         = { '\n', '\r', FN(KEY_ENTER) },
	[KEYMAP_CHECKLIST]      = { 'c' },
	[KEYMAP_EVIDENCE]       = { 'v' },
	[KEYMAP_ADD]            = { 'a' },
	[KEYMAP_EDIT]           = { 'e' },
	[KEYMAP_DELETE]         = { 'd' },
	[KEYMAP_REORDER_UP]     = { FN(KEY_SR), 'K' },
	[KEYMAP_REORDER_DOWN]   = { FN(KEY_SF), 'J' },
	[KEYMAP_FILTER_TEXT]    = { '/' },
	[KEYMAP_FILTER_OWNER]   = { 'o' },
	[KEYMAP_CLEAR_FILTER]   = { KEY_ESC },
	[KEYMAP_TOGGLE_LOST]    = { 'p' },
	[KEYMAP_UNDO]           = { 'u' },
	[KEYMAP_REFRESH]        = { CTRL('l') },
	[KEYMAP_MESSAGES]       = { 'L' },
	[KEYMAP_REVIEW]         = { 'R' },
	[KEYMAP_HELP]           = { '?' },
	[KEYMAP_QUIT]           = { 'q' },
	[KEYMAP_FORM_NEXT]      = { '\t', FN(KEY_DOWN) },
	[KEYMAP_FORM_PREV]      = { FN(KEY_BTAB), FN(KEY_UP) },
	[KEYMAP_FORM_LEFT]      = { FN(KEY_LEFT) },
	[KEYMAP_FORM_RIGHT]     = { FN(KEY_RIGHT) },
	[KEYMAP_FORM_HOME]      = { FN(KEY_HOME) },
	[KEYMAP_FORM_END]       = { FN(KEY_END) },
	[KEYMAP_FORM_BACKSPACE] = { FN(KEY_BACKSPACE), KEY_DEL_ASCII, CTRL('h') },
	[KEYMAP_FORM_DELETE]    = { FN(KEY_DC) },
	/* Space types a space in text fields; the form handles it on checkboxes. */
	[KEYMAP_FORM_TOGGLE]    = { CTRL('t'), FN(KEY_F(2)) },
	[KEYMAP_FORM_SUBMIT]    = { '\n', '\r', FN(KEY_ENTER) },
	[KEYMAP_FORM_CANCEL]    = { KEY_ESC },
	[KEYMAP_DIALOG_UP]      = { FN(KEY_UP), 'k' },
	[KEYMAP_DIALOG_DOWN]    = { FN(KEY_DOWN), 'j' },
	[KEYMAP_DIALOG_TOGGLE]  = { ' ' },
	[KEYMAP_DIALOG_SELECT]  = { '\n', '\r', FN(KEY_ENTER) },
	[KEYMAP_DIALOG_CANCEL]  = { KEY_ESC, 'q' },
};

static const char *const mode_names[KEYMAP_MODE_COUNT] = { "board", "form", "dialog" };

static bool action_valid(keymap_action a)
{
	return a >= 0 && a < KEYMAP_ACTION_COUNT;
}

keymap_mode keymap_action_mode(keymap_action a)
{
	return action_valid(a) ? actions[a].mode : KEYMAP_MODE_COUNT;
}

const char *keymap_action_name(keymap_action a)
{
	return action_valid(a) ? actions[a].name : "";
}

const char *keymap_action_label(keymap_action a)
{
	return action_valid(a) ? actions[a].label : "";
}

const char *keymap_action_help(keymap_action a)
{
	return action_valid(a) ? actions[a].help : "";
}

const char *keymap_mode_name(keymap_mode m)
{
	return m >= 0 && m < KEYMAP_MODE_COUNT ? mode_names[m] : "";
}

bool keymap_mode_parse(const char *name, keymap_mode *out)
{
	for (int m = 0; m < KEYMAP_MODE_COUNT; m++)
		if (name && strcmp(name, mode_names[m]) == 0) {
			*out = (keymap_mode)m;
			return true;
		}
	return false;
}

keymap_action keymap_action_parse(keymap_mode m, const char *name)
{
	if (!name)
		return KEYMAP_ACTION_NONE;
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++)
		if (actions[a].mode == m && strcmp(actions[a].name, name) == 0)
			return (keymap_action)a;
	return KEYMAP_ACTION_NONE;
}

/* ---- key names -------------------------------------------------------- */

/* Named keys. The first row for a code is its canonical name; the others
 * are accepted aliases. Matching is case-insensitive. */
struct key_name {
	const char *name;
	keymap_key key;
};

static const struct key_name names[] = {
	{ "Up", FN(KEY_UP) },
	{ "Down", FN(KEY_DOWN) },
	{ "Left", FN(KEY_LEFT) },
	{ "Right", FN(KEY_RIGHT) },
	{ "S-Up", FN(KEY_SR) },
	{ "S-Down", FN(KEY_SF) },
	{ "S-Left", FN(KEY_SLEFT) },
	{ "S-Right", FN(KEY_SRIGHT) },
	{ "S-Home", FN(KEY_SHOME) },
	{ "S-End", FN(KEY_SEND) },
	{ "S-Delete", FN(KEY_SDC) },
	{ "S-Tab", FN(KEY_BTAB) },
	{ "BTab", FN(KEY_BTAB) },
	{ "Home", FN(KEY_HOME) },
	{ "End", FN(KEY_END) },
	{ "PgUp", FN(KEY_PPAGE) },
	{ "PageUp", FN(KEY_PPAGE) },
	{ "PPage", FN(KEY_PPAGE) },
	{ "PgDn", FN(KEY_NPAGE) },
	{ "PageDown", FN(KEY_NPAGE) },
	{ "NPage", FN(KEY_NPAGE) },
	{ "Insert", FN(KEY_IC) },
	{ "Ins", FN(KEY_IC) },
	{ "Delete", FN(KEY_DC) },
	{ "Del", FN(KEY_DC) },
	{ "Backspace", FN(KEY_BACKSPACE) },
	{ "BSpace", FN(KEY_BACKSPACE) },
	{ "KEY_ENTER", FN(KEY_ENTER) },
	{ "Enter", '\n' },
	{ "Return", '\r' },
	{ "Tab", '\t' },
	{ "Esc", KEY_ESC },
	{ "Escape", KEY_ESC },
	{ "Space", ' ' },
	{ "SPC", ' ' },
	/* ncurses' own names */
	{ "KEY_UP", FN(KEY_UP) },
	{ "KEY_DOWN", FN(KEY_DOWN) },
	{ "KEY_LEFT", FN(KEY_LEFT) },
	{ "KEY_RIGHT", FN(KEY_RIGHT) },
	{ "KEY_SR", FN(KEY_SR) },
	{ "KEY_SF", FN(KEY_SF) },
	{ "KEY_SLEFT", FN(KEY_SLEFT) },
	{ "KEY_SRIGHT", FN(KEY_SRIGHT) },
	{ "KEY_SHOME", FN(KEY_SHOME) },
	{ "KEY_SEND", FN(KEY_SEND) },
	{ "KEY_SDC", FN(KEY_SDC) },
	{ "KEY_BTAB", FN(KEY_BTAB) },
	{ "KEY_HOME", FN(KEY_HOME) },
	{ "KEY_END", FN(KEY_END) },
	{ "KEY_PPAGE", FN(KEY_PPAGE) },
	{ "KEY_NPAGE", FN(KEY_NPAGE) },
	{ "KEY_IC", FN(KEY_IC) },
	{ "KEY_DC", FN(KEY_DC) },
	{ "KEY_BACKSPACE", FN(KEY_BACKSPACE) },
	{ "KEY_A1", FN(KEY_A1) },
	{ "KEY_A3", FN(KEY_A3) },
	{ "KEY_B2", FN(KEY_B2) },
	{ "KEY_C1", FN(KEY_C1) },
	{ "KEY_C3", FN(KEY_C3) },
};
#define NNAMES (sizeof names / sizeof names[0])

#define FKEY_MAX 63 /* ncurses reserves room for 64 function keys */

bool keymap_key_is_text(keymap_key k)
{
	if (k <= 0 || (k & (KEYMAP_FN | KEYMAP_META)) || k > 0x10ffff)
		return false;
	return !(k < 0x20 || (k >= 0x7f && k < 0xa0));
}

/* One UTF-8 character (text_utf8_decode) that must be the whole of s.
 * Control characters have names (C-x, Tab, Esc); C1 controls and DEL
 * typed literally are refused rather than guessed at. */
static bool utf8_single(const char *s, keymap_key *out)
{
	uint32_t cp;
	size_t len = text_utf8_decode(s, &cp);
	if (cp == TEXT_INVALID || s[len] != '\0' || !keymap_key_is_text((keymap_key)cp))
		return false;
	*out = (keymap_key)cp;
	return true;
}

/* "F5", "KEY_F5", "KEY_F(5)" -> function key 5. */
static bool parse_fkey(const char *s, keymap_key *out)
{
	const char *p = s;
	bool paren = false;
	if (strncasecmp(p, "KEY_F(", 6) == 0) {
		p += 6;
		paren = true;
	} else if (strncasecmp(p, "KEY_F", 5) == 0) {
		p += 5;
	} else if (p[0] == 'F' || p[0] == 'f') {
		p += 1;
	} else {
		return false;
	}
	if (!isdigit((unsigned char)p[0]))
		return false;
	int n = 0;
	while (isdigit((unsigned char)*p) && n <= FKEY_MAX)
		n = n * 10 + (*p++ - '0');
	if (paren && *p++ != ')')
		return false;
	if (*p != '\0' || n < 1 || n > FKEY_MAX)
		return false;
	*out = FN(KEY_F(n));
	return true;
}

/* The control code of "C-x": letters, @ [ \ ] ^ _ and ? (DEL). */
static bool parse_ctrl(const char *rest, keymap_key *out)
{
	if (rest[0] == '\0' || rest[1] != '\0')
		return false;
	int c = (unsigned char)rest[0];
	if (c == '?') {
		*out = KEY_DEL_ASCII;
		return true;
	}
	if (isalpha(c))
		c = toupper(c);
	if (c < '@' || c > '_' || c == '@') /* C-@ is NUL: not a key we can store */
		return false;
	*out = c & 0x1f;
	return true;
}

bool keymap_key_parse(const char *name, keymap_key *out)
{
	if (!name || !out || name[0] == '\0')
		return false;
	for (size_t i = 0; i < NNAMES; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].key;
			return true;
		}
	if (parse_fkey(name, out))
		return true;
	/* A single character before the modifier forms: "-" and "M" are keys. */
	if (utf8_single(name, out))
		return true;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-')
		return parse_ctrl(name + 2, out);
	if (name[0] == '^' && name[1] != '\0' && name[2] == '\0')
		return parse_ctrl(name + 1, out);
	if ((name[0] == 'M' || name[0] == 'm') && name[1] == '-') {
		keymap_key k;
		if (!keymap_key_parse(name + 2, &k) || (k & KEYMAP_META))
			return false;
		*out = KEYMAP_META | k;
		return true;
	}
	/* "S-a" is just "A". */
	if ((name[0] == 'S' || name[0] == 's') && name[1] == '-' && isalpha((unsigned char)name[2]) &&
	    name[3] == '\0') {
		*out = toupper((unsigned char)name[2]);
		return true;
	}
	return false;
}

static void put_utf8(unsigned cp, char *buf, size_t bufsz)
{
	char tmp[5] = { 0 };
	text_utf8_encode(cp, tmp);
	snprintf(buf, bufsz, "%s", tmp);
}

const char *keymap_key_name(keymap_key k, char *buf, size_t bufsz)
{
	if (!buf || bufsz == 0)
		return "";
	buf[0] = '\0';
	if (k == KEYMAP_NONE)
		return buf;
	if (k & KEYMAP_META) {
		char inner[32];
		keymap_key_name(k & ~KEYMAP_META, inner, sizeof inner);
		snprintf(buf, bufsz, "M-%s", inner);
		return buf;
	}
	for (size_t i = 0; i < NNAMES; i++)
		if (names[i].key == k) {
			snprintf(buf, bufsz, "%s", names[i].name);
			return buf;
		}
	if (k & KEYMAP_FN) {
		int code = k & ~KEYMAP_FN;
		if (code >= KEY_F(1) && code <= KEY_F(FKEY_MAX))
			snprintf(buf, bufsz, "F%d", code - KEY_F0);
		else
			snprintf(buf, bufsz, "KEY_%#o", (unsigned)code);
		return buf;
	}
	if (k == KEY_DEL_ASCII) {
		snprintf(buf, bufsz, "C-?");
		return buf;
	}
	if (k > 0 && k < 0x20) {
		snprintf(buf, bufsz, "C-%c", (char)(k + 'a' - 1 > 'z' ? k + '@' : k + 'a' - 1));
		return buf;
	}
	if (k < 0 || k > 0x10ffff || (k >= 0x80 && k < 0xa0) || (k >= 0xd800 && k <= 0xdfff)) {
		snprintf(buf, bufsz, "U+%04X", (unsigned)k);
		return buf;
	}
	put_utf8((unsigned)k, buf, bufsz);
	return buf;
}

/* Names that stand for every code a terminal may send for one key: "Enter"
 * is LF, CR or the keypad's KEY_ENTER depending on the terminal, and
 * "Backspace" is KEY_BACKSPACE or DEL. Binding the name binds them all;
 * `single` names the first code alone, so a dump loads back exactly. */
struct key_group {
	const char *name, *alias, *single;
	keymap_key keys[3];
	int n;
};

static const struct key_group groups[] = {
	{ "Enter", "Enter", "C-j", { '\n', '\r', FN(KEY_ENTER) }, 3 },
	{ "Backspace", "BSpace", "KEY_BACKSPACE", { FN(KEY_BACKSPACE), KEY_DEL_ASCII }, 2 },
};
#define NGROUPS (sizeof groups / sizeof groups[0])

int keymap_key_parse_all(const char *name, keymap_key *out, int max)
{
	for (size_t g = 0; g < NGROUPS && name; g++)
		if (strcasecmp(name, groups[g].name) == 0 || strcasecmp(name, groups[g].alias) == 0) {
			if (groups[g].n > max)
				return 0;
			memcpy(out, groups[g].keys, (size_t)groups[g].n * sizeof *out);
			return groups[g].n;
		}
	if (max < 1 || !keymap_key_parse(name, out))
		return 0;
	return 1;
}

const char *keymap_key_reserved(keymap_key k)
{
	/* M-x is ESC then x: the terminal still takes x for itself. */
	switch (k & ~KEYMAP_META) {
	case CTRL('s'):
		return "the terminal uses it to pause output (flow control: the screen freezes until C-q)";
	case CTRL('q'):
		return "the terminal uses it to resume output (flow control)";
	case CTRL('c'):
		return "the terminal turns it into an interrupt signal";
	case CTRL('z'):
		return "the terminal turns it into a suspend signal";
	case CTRL('\\'):
		return "the terminal turns it into a quit signal";
	default:
		return NULL;
	}
}

/* ---- maps ------------------------------------------------------------- */

void keymap_init_defaults(keymap *km)
{
	memcpy(km->keys, defaults, sizeof km->keys);
}

void keymap_set(keymap *km, keymap_action a, const keymap_key *keys, int n)
{
	if (!action_valid(a))
		return;
	int out = 0;
	for (int i = 0; i < n && out < KEYMAP_MAX_KEYS - 1; i++) {
		if (keys[i] == KEYMAP_NONE)
			continue;
		bool dup = false;
		for (int j = 0; j < out; j++)
			dup |= km->keys[a][j] == keys[i];
		if (!dup)
			km->keys[a][out++] = keys[i];
	}
	while (out < KEYMAP_MAX_KEYS)
		km->keys[a][out++] = KEYMAP_NONE;
}

static bool action_has_key(const keymap *km, int a, keymap_key k)
{
	for (int i = 0; i < KEYMAP_MAX_KEYS && km->keys[a][i] != KEYMAP_NONE; i++)
		if (km->keys[a][i] == k)
			return true;
	return false;
}

keymap_action keymap_lookup(const keymap *km, keymap_mode m, keymap_key k)
{
	if (k == KEYMAP_NONE)
		return KEYMAP_ACTION_NONE;
	for (int a = 0; a < KEYMAP_ACTION_COUNT; a++)
		if (actions[a].mode == m && action_has_key(km, a, k))
			return (keymap_action)a;
	return KEYMAP_ACTION_NONE;
}

bool keymap_find_conflict(const keymap *km, keymap_action *a, keymap_action *b, keymap_key *key)
{
	for (int x = 0; x < KEYMAP_ACTION_COUNT; x++)
		for (int i = 0; i < KEYMAP_MAX_KEYS && km->keys[x][i] != KEYMAP_NONE; i++)
			for (int y = x + 1; y < KEYMAP_ACTION_COUNT; y++)
				if (actions[y].mode == actions[x].mode && action_has_key(km, y, km->keys[x][i])) {
					if (a)
						*a = (keymap_action)x;
					if (b)
						*b = (keymap_action)y;
					if (key)
						*key = km->keys[x][i];
					return true;
				}
	return false;
}

int keymap_names(const keymap *km, keymap_action a, const char **out, int max,
                 char bufs[][KEYMAP_NAME_MAX])
{
	if (!action_valid(a))
		return 0;
	const keymap_key *keys = km->keys[a];
	int nkeys = 0;
	while (nkeys < KEYMAP_MAX_KEYS && keys[nkeys] != KEYMAP_NONE)
		nkeys++;
	bool used[KEYMAP_MAX_KEYS] = { false };
	int n = 0;
	for (int i = 0; i < nkeys && n < max; i++) {
		if (used[i])
			continue;
		used[i] = true;
		/* A key that begins a complete group is written as the group's name,
		 * which loads back as the whole group. */
		const struct key_group *grp = NULL;
		for (size_t g = 0; g < NGROUPS && !grp; g++) {
			if (groups[g].keys[0] != keys[i])
				continue;
			bool all = true;
			for (int m = 1; m < groups[g].n; m++)
				all &= action_has_key(km, a, groups[g].keys[m]);
			if (all)
				grp = &groups[g];
		}
		if (grp) {
			for (int m = 1; m < grp->n; m++)
				for (int j = 0; j < nkeys; j++)
					if (keys[j] == grp->keys[m])
						used[j] = true;
			snprintf(bufs[n], KEYMAP_NAME_MAX, "%s", grp->name);
		} else {
			keymap_key_name(keys[i], bufs[n], KEYMAP_NAME_MAX);
			for (size_t g = 0; g < NGROUPS; g++)
				if (groups[g].keys[0] == keys[i])
					snprintf(bufs[n], KEYMAP_NAME_MAX, "%s", groups[g].single);
		}
		out[n] = bufs[n];
		n++;
	}
	return n;
}

const char *keymap_describe(const keymap *km, keymap_action a, char *buf, size_t bufsz)
{
	if (!buf || bufsz == 0)
		return "";
	const char *list[KEYMAP_MAX_KEYS];
	char bufs[KEYMAP_MAX_KEYS][KEYMAP_NAME_MAX];
	int n = keymap_names(km, a, list, KEYMAP_MAX_KEYS, bufs);
	if (n == 0) {
		snprintf(buf, bufsz, "unbound");
		return buf;
	}
	buf[0] = '\0';
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		int w = snprintf(buf + len, bufsz - len, "%s%s", len ? " " : "", list[i]);
		if (w < 0 || (size_t)w >= bufsz - len)
			break;
		len += (size_t)w;
	}
	return buf;
}
