/*
 * config_yaml: the libyaml event walker. Builds a small tree of scalars,
 * lists and mappings with the line and column of each node, and refuses up
 * front everything the configuration format has no use for (anchors,
 * aliases, tags, duplicate keys, deep nesting, several documents), so the
 * schema walker only ever sees plain data.
 */
#include "config/config_internal.h"
#include "util/text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct cy_ctx {
	yaml_parser_t parser;
	const char *file;
	const char *buf;
	size_t len;
	char *err;
	size_t errlen;
};

static void fail_at(struct cy_ctx *x, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail_at(struct cy_ctx *x, int line, int col, const char *fmt, ...)
{
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(x->err, x->errlen, "%s:%d:%d: %s", x->file, line, col, what);
}

/* ---- before libyaml: bytes it would reject without a line number ------ */

/* Walks the UTF-8, tracking line and column (in characters, as libyaml
 * counts them), and refuses invalid sequences and control characters. */
static bool check_text(struct cy_ctx *x)
{
	const unsigned char *p = (const unsigned char *)x->buf;
	size_t i = 0;
	int line = 1, col = 1;
	while (i < x->len) {
		unsigned c = p[i];
		uint32_t cp = 0;
		size_t n = 1;
		if (c != 0)
			n = text_utf8_decode((const char *)p + i, &cp);
		if (cp == TEXT_INVALID) {
			if (i + n >= x->len && c >= 0xc2 && c <= 0xf4)
				fail_at(x, line, col, "invalid UTF-8 (truncated character at the end of the file); save the file as UTF-8");
			else
				fail_at(x, line, col, "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", c);
			return false;
		}
		if (cp == 0) {
			fail_at(x, line, col, "NUL byte: this is not a text file; point --config at the YAML file");
			return false;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0 && cp != 0x85)) {
			fail_at(x, line, col, "control character U+%04X; remove it", (unsigned)cp);
			return false;
		}
		i += n;
		if (cp == '\n') {
			line++;
			col = 1;
		} else if (cp == '\r') {
			/* CR LF is one line break; a lone CR is one too */
			if (i < x->len && p[i] == '\n')
				i++;
			line++;
			col = 1;
		} else if (!(line == 1 && col == 1 && cp == 0xfeff)) {
			col++;
		}
	}
	return true;
}

/* The character at 1-based line:col (for hints), or -1. */
static int char_at(const struct cy_ctx *x, int line, int col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < x->len; i++) {
		unsigned char b = (unsigned char)x->buf[i];
		if ((b & 0xc0) == 0x80)
			continue;
		if (l == line && c == col)
			return b;
		if (b == '\n') {
			if (l == line)
				return -1;
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	return -1;
}

/* True when the indentation of line `line` contains a tab. */
static bool line_indented_with_tab(const struct cy_ctx *x, int line)
{
	int l = 1;
	size_t i = 0;
	while (i < x->len && l < line)
		if (x->buf[i++] == '\n')
			l++;
	for (; i < x->len && (x->buf[i] == ' ' || x->buf[i] == '\t'); i++)
		if (x->buf[i] == '\t')
			return true;
	return false;
}

static void fail_syntax(struct cy_ctx *x)
{
	yaml_parser_t *p = &x->parser;
	const char *problem = p->problem ? p->problem : "cannot parse";
	int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
	if (p->error == YAML_READER_ERROR) {
		fail_at(x, 1, 1, "cannot read the file as UTF-8 text (%s); save the file as UTF-8", problem);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		fail_at(x, 1, 1, "out of memory while reading the file; try a smaller file");
		return;
	}
	const char *hint = "check the indentation and quote values that contain ': ', '#', '[', '{' or start with '>', '<', '?', '*', '&', '!', '%', '@'";
	if (char_at(x, line, col) == '\t' || line_indented_with_tab(x, line) ||
	    (p->context_mark.line + 1 != (size_t)line && line_indented_with_tab(x, (int)p->context_mark.line + 1)))
		hint = "YAML does not allow tabs for indentation; indent with spaces";
	if (p->context)
		fail_at(x, line, col, "YAML syntax error: %s %s that starts at line %d; %s", problem, p->context,
		        (int)p->context_mark.line + 1, hint);
	else
		fail_at(x, line, col, "YAML syntax error: %s; %s", problem, hint);
}

/* ---- the tree --------------------------------------------------------- */

void cy_free(cy_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		cy_free(n->items[i]);
	free(n->items);
	free(n->text);
	free(n);
}

bool cy_is_null(const cy_node *n)
{
	if (!n)
		return true;
	return n->kind == CY_SCALAR && n->plain &&
	       (n->text[0] == '\0' || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
	        strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0);
}

static cy_node *new_node(struct cy_ctx *x, cy_kind kind, const yaml_mark_t *m)
{
	cy_node *n = calloc(1, sizeof *n);
	if (!n) {
		fail_at(x, (int)m->line + 1, (int)m->column + 1, "out of memory; try a smaller file");
		return NULL;
	}
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

/* Appends child to parent's items, doubling the room when it is full so a
 * list of n items costs O(n) copying, not O(n^2) (one realloc per item took
 * seconds on a long list). */
static bool push(struct cy_ctx *x, cy_node *parent, cy_node *child)
{
	if (parent->n == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 8;
		cy_node **items = cap <= SIZE_MAX / sizeof *items ? realloc(parent->items, cap * sizeof *items) : NULL;
		if (!items) {
			fail_at(x, child->line, child->col, "out of memory; try a smaller file");
			cy_free(child);
			return false;
		}
		parent->items = items;
		parent->cap = cap;
	}
	parent->items[parent->n++] = child;
	return true;
}

/* ---- duplicate keys --------------------------------------------------- */

/* The keys of one mapping, in an open-addressing hash table of their
 * positions in items, so finding a duplicate costs O(1) per key instead of
 * a comparison with every earlier key (quadratic on a long mapping). */
struct keyset {
	size_t *slot; /* index into items + 1; 0 is an empty slot */
	size_t mask;  /* slots - 1, slots a power of two */
	size_t count;
};

static size_t key_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return (size_t)(h ^ (h >> 32));
}

static void keyset_place(struct keyset *k, const cy_node *map, size_t index)
{
	size_t i = key_hash(map->items[index]->text) & k->mask;
	while (k->slot[i])
		i = (i + 1) & k->mask;
	k->slot[i] = index + 1;
}

/* The position of an earlier key equal to map->items[index] (returned as
 * index + 1), or 0 after recording it; SIZE_MAX when out of memory. */
static size_t keyset_add(struct keyset *k, const cy_node *map, size_t index)
{
	const char *key = map->items[index]->text;
	if (k->slot) {
		for (size_t i = key_hash(key) & k->mask; k->slot[i]; i = (i + 1) & k->mask)
			if (strcmp(map->items[k->slot[i] - 1]->text, key) == 0)
				return k->slot[i];
	}
	if ((k->count + 1) * 2 > (k->slot ? k->mask + 1 : 0)) {
		/* Keep the table at most half full: double it and re-place every key. */
		size_t slots = k->slot ? (k->mask + 1) * 2 : 16;
		size_t *grown = slots <= SIZE_MAX / sizeof *grown ? calloc(slots, sizeof *grown) : NULL;
		if (!grown)
			return SIZE_MAX;
		size_t *old = k->slot, oldslots = old ? k->mask + 1 : 0;
		k->slot = grown;
		k->mask = slots - 1;
		for (size_t i = 0; i < oldslots; i++)
			if (old[i])
				keyset_place(k, map, old[i] - 1);
		free(old);
	}
	keyset_place(k, map, index);
	k->count++;
	return 0;
}

static bool next_event(struct cy_ctx *x, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&x->parser, ev)) {
		fail_syntax(x);
		return false;
	}
	return true;
}

/* Refuses what a node may carry but the format does not use. */
static bool check_props(struct cy_ctx *x, const yaml_event_t *ev, const yaml_char_t *anchor,
                        const yaml_char_t *tag)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	if (anchor) {
		fail_at(x, line, col, "anchors ('&%s') are not supported; write the value out in full", (const char *)anchor);
		return false;
	}
	if (tag) {
		fail_at(x, line, col, "tags ('%s') are not supported; remove the tag", (const char *)tag);
		return false;
	}
	return true;
}

static cy_node *parse_node(struct cy_ctx *x, yaml_event_t *ev, int depth);

static cy_node *parse_collection(struct cy_ctx *x, yaml_event_t *start, int depth)
{
	bool map = start->type == YAML_MAPPING_START_EVENT;
	int line = (int)start->start_mark.line + 1, col = (int)start->start_mark.column + 1;
	if (depth > CONFIG_MAX_DEPTH) {
		fail_at(x, line, col, "nesting deeper than the configuration needs (%d levels, at most %d); "
		        "see embudo-config(5) for the layout", depth, CONFIG_MAX_DEPTH);
		return NULL;
	}
	cy_node *n = new_node(x, map ? CY_MAP : CY_SEQ, &start->start_mark);
	if (!n)
		return NULL;
	yaml_event_type_t end = map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
	struct keyset keys = { 0 };
	for (;;) {
		yaml_event_t ev;
		if (!next_event(x, &ev))
			goto fail;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			free(keys.slot);
			return n;
		}
		bool is_key = map && n->n % 2 == 0;
		if (is_key && ev.type != YAML_SCALAR_EVENT && ev.type != YAML_ALIAS_EVENT) {
			fail_at(x, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
			        "a key must be plain text, not a list or a mapping; write 'name: value'");
			yaml_event_delete(&ev);
			goto fail;
		}
		cy_node *child = parse_node(x, &ev, depth);
		yaml_event_delete(&ev);
		if (!child)
			goto fail;
		if (!push(x, n, child))
			goto fail;
		if (is_key) {
			size_t first = keyset_add(&keys, n, n->n - 1);
			if (first == SIZE_MAX) {
				fail_at(x, child->line, child->col, "out of memory; try a smaller file");
				goto fail;
			}
			if (first) {
				fail_at(x, child->line, child->col,
				        "duplicate key '%s' (first at line %d); keep only one of them",
				        child->text, n->items[first - 1]->line);
				goto fail;
			}
		}
	}
fail:
	free(keys.slot);
	cy_free(n);
	return NULL;
}

/* ev is the node's first event; the caller deletes it. */
static cy_node *parse_node(struct cy_ctx *x, yaml_event_t *ev, int depth)
{
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		fail_at(x, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		        "aliases ('*%s') are not supported; write the value out in full",
		        (const char *)ev->data.alias.anchor);
		return NULL;
	case YAML_SCALAR_EVENT: {
		if (!check_props(x, ev, ev->data.scalar.anchor, ev->data.scalar.tag))
			return NULL;
		if (strlen((const char *)ev->data.scalar.value) != ev->data.scalar.length) {
			fail_at(x, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
			        "a NUL character inside a value; remove the \\0 escape");
			return NULL;
		}
		cy_node *n = new_node(x, CY_SCALAR, &ev->start_mark);
		if (!n)
			return NULL;
		n->text = strdup((const char *)ev->data.scalar.value);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (!n->text) {
			fail_at(x, n->line, n->col, "out of memory; try a smaller file");
			free(n);
			return NULL;
		}
		return n;
	}
	case YAML_SEQUENCE_START_EVENT:
		if (!check_props(x, ev, ev->data.sequence_start.anchor, ev->data.sequence_start.tag))
			return NULL;
		return parse_collection(x, ev, depth + 1);
	case YAML_MAPPING_START_EVENT:
		if (!check_props(x, ev, ev->data.mapping_start.anchor, ev->data.mapping_start.tag))
			return NULL;
		return parse_collection(x, ev, depth + 1);
	default:
		fail_at(x, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		        "unexpected YAML structure; see embudo-config(5) for the layout");
		return NULL;
	}
}

static bool parse_stream(struct cy_ctx *x, cy_node **root)
{
	yaml_event_t ev;
	*root = NULL;
	if (!next_event(x, &ev))
		return false;
	yaml_event_delete(&ev); /* STREAM-START */
	if (!next_event(x, &ev))
		return false;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return true; /* an empty file: all defaults */
	}
	yaml_event_delete(&ev); /* DOCUMENT-START */
	if (!next_event(x, &ev))
		return false;
	*root = parse_node(x, &ev, 0);
	yaml_event_delete(&ev);
	if (!*root)
		return false;
	if (!next_event(x, &ev))
		goto fail;
	yaml_event_delete(&ev); /* DOCUMENT-END */
	if (!next_event(x, &ev))
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		fail_at(x, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
		        "a second YAML document; a configuration is one document, remove the '---' and what follows");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	return true;
fail:
	cy_free(*root);
	*root = NULL;
	return false;
}

bool cy_parse(const char *buf, size_t len, const char *file, cy_node **root,
              char *err, size_t errlen)
{
	struct cy_ctx x = { .file = file, .buf = buf, .len = len, .err = err, .errlen = errlen };
	*root = NULL;
	if (!check_text(&x))
		return false;
	if (!yaml_parser_initialize(&x.parser)) {
		fail_at(&x, 1, 1, "out of memory; try again");
		return false;
	}
	yaml_parser_set_input_string(&x.parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&x.parser, YAML_UTF8_ENCODING);
	bool ok = parse_stream(&x, root);
	yaml_parser_delete(&x.parser);
	return ok;
}
