/* strbuf: a growable string that never truncates (see strbuf.h). */
#include "util/strbuf.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The code states its invariants with assert (a stage index in range, a
 * count below its table's size): a build without them would run on past a
 * broken one. Every build keeps them; this stops one that would not. */
#ifdef NDEBUG
#error "embudo is built with its assertions: do not define NDEBUG"
#endif

void strbuf_init(strbuf *b)
{
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

bool strbuf_reserve(strbuf *b, size_t extra)
{
	if (b->failed)
		return false;
	/* len + extra + the NUL, refused rather than wrapped. */
	if (extra > SIZE_MAX - b->len - 1) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		b->failed = true;
		return false;
	}
	if (!b->s)
		s[0] = '\0';
	b->s = s;
	b->cap = cap;
	return true;
}

bool strbuf_appendn(strbuf *b, const char *s, size_t n)
{
	if (!strbuf_reserve(b, n))
		return false;
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	assert(b->len < b->cap);
	return true;
}

bool strbuf_append(strbuf *b, const char *s)
{
	return strbuf_appendn(b, s ? s : "", s ? strlen(s) : 0);
}

bool strbuf_appendc(strbuf *b, char c)
{
	return strbuf_appendn(b, &c, 1);
}

bool strbuf_vappendf(strbuf *b, const char *fmt, va_list ap)
{
	va_list again;
	char small[256];

	if (b->failed)
		return false;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		/* An encoding error: the text cannot be had, and is not cut. */
		va_end(again);
		b->failed = true;
		return false;
	}
	if ((size_t)n < sizeof small) {
		va_end(again);
		return strbuf_appendn(b, small, (size_t)n);
	}
	if (!strbuf_reserve(b, (size_t)n)) {
		va_end(again);
		return false;
	}
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	b->len += (size_t)n;
	return true;
}

bool strbuf_appendf(strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bool ok = strbuf_vappendf(b, fmt, ap);
	va_end(ap);
	return ok;
}

const char *strbuf_str(const strbuf *b)
{
	return b->s ? b->s : "";
}

size_t strbuf_len(const strbuf *b)
{
	return b->len;
}

bool strbuf_failed(const strbuf *b)
{
	return b->failed;
}

void strbuf_reset(strbuf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->s)
		b->s[0] = '\0';
}

char *strbuf_take(strbuf *b)
{
	char *s = NULL;

	if (!b->failed) {
		s = b->s ? b->s : strdup("");
		b->s = NULL;
	}
	strbuf_free(b);
	return s;
}

void strbuf_free(strbuf *b)
{
	free(b->s);
	strbuf_init(b);
}
