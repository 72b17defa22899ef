/*
 * strbuf: a growable string for messages and SQL, so that text built from
 * parts is never cut short. Every append either adds all it was given or,
 * when memory runs out, adds nothing and marks the buffer failed; from then
 * on appends are ignored and strbuf_failed says so, so a caller checks once
 * at the end instead of after every part. Never a silent truncation.
 *
 *   strbuf b = STRBUF_INIT;
 *   strbuf_append(&b, "missing: ");
 *   strbuf_appendf(&b, "%s, %s", first, second);
 *   if (strbuf_failed(&b)) ... out of memory ...
 *   use(strbuf_str(&b));
 *   strbuf_free(&b);
 */
#ifndef EMBUDO_STRBUF_H
#define EMBUDO_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct strbuf {
	char *s;     /* NUL-terminated once anything was reserved; NULL before */
	size_t len;  /* bytes before the NUL */
	size_t cap;  /* bytes allocated */
	bool failed; /* an allocation failed: the text is incomplete */
} strbuf;

#define STRBUF_INIT { NULL, 0, 0, false }

void strbuf_init(strbuf *b);
/* Room for `extra` more bytes (and the NUL) without another allocation.
 * False (and the buffer failed) when that much cannot be had. */
bool strbuf_reserve(strbuf *b, size_t extra);
/* Appends s whole (NULL appends nothing), n bytes of s, one character, or
 * printf-formatted text. False when the buffer is (or became) failed. */
bool strbuf_append(strbuf *b, const char *s);
bool strbuf_appendn(strbuf *b, const char *s, size_t n);
bool strbuf_appendc(strbuf *b, char c);
bool strbuf_appendf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool strbuf_vappendf(strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The text so far: "" when nothing was appended; never NULL. */
const char *strbuf_str(const strbuf *b);
size_t strbuf_len(const strbuf *b);
bool strbuf_failed(const strbuf *b);
/* Empties the text (keeping the memory) and clears the failure. */
void strbuf_reset(strbuf *b);
/* The text, now the caller's to free; NULL when the buffer failed (the
 * partial text is freed). The buffer is left empty. */
char *strbuf_take(strbuf *b);
void strbuf_free(strbuf *b);

#endif
