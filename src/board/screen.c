/* screen: the stack of screens the input loop holds. */
#include "board/screen.h"

#include <assert.h>
#include <string.h>

void screen_init(screen *s, const screen_ops *ops)
{
	memset(s, 0, sizeof *s);
	s->ops = ops;
}

void screen_stack_init(screen_stack *st, int h, int w)
{
	memset(st, 0, sizeof *st);
	st->h = h;
	st->w = w;
}

static void drop(screen *s)
{
	if (s->ctx_free)
		s->ctx_free(s->ctx);
	s->ctx = NULL;
	if (s->ops->free)
		s->ops->free(s);
}

void screen_stack_free(screen_stack *st)
{
	while (st->n > 0)
		drop(st->s[--st->n]);
}

bool screen_push(screen_stack *st, screen *s)
{
	assert(s && s->ops && s->ops->key);
	if (st->n == SCREEN_STACK_MAX) {
		drop(s);
		return false;
	}
	st->s[st->n++] = s;
	if (s->ops->resize)
		s->ops->resize(s, st->h, st->w);
	return true;
}

screen *screen_top(const screen_stack *st)
{
	return st->n ? st->s[st->n - 1] : NULL;
}

/* Takes s off the stack wherever it is (a continuation may have pushed
 * above it meanwhile; it is normally the top). */
static void take_off(screen_stack *st, const screen *s)
{
	for (int i = st->n - 1; i >= 0; i--)
		if (st->s[i] == s) {
			memmove(&st->s[i], &st->s[i + 1], sizeof st->s[0] * (size_t)(st->n - i - 1));
			st->n--;
			return;
		}
}

void screen_stack_key(screen_stack *st, keymap_key k)
{
	screen *s = screen_top(st);
	if (!s || s->ops->key(s, k) != SCREEN_DONE)
		return;
	take_off(st, s);
	/* The continuation runs with the screen off the stack: what it pushes
	 * goes where the finished screen was. */
	if (s->done)
		s->done(s->ctx, s);
	else if (s->ctx_free)
		s->ctx_free(s->ctx);
	s->ctx = NULL;
	if (s->ops->free)
		s->ops->free(s);
	if (st->closed)
		st->closed(st->closed_ctx);
}

void screen_stack_resize(screen_stack *st, int h, int w)
{
	st->h = h;
	st->w = w;
	for (int i = 0; i < st->n; i++)
		if (st->s[i]->ops->resize)
			st->s[i]->ops->resize(st->s[i], h, w);
}

void screen_stack_refresh(screen_stack *st)
{
	for (int i = 0; i < st->n; i++) {
		screen *s = st->s[i];
		if (s->ops->refresh)
			s->ops->refresh(s);
		if (s->watch)
			s->watch(s->watch_ctx, s);
	}
}

void screen_stack_draw(const screen_stack *st, struct view *v)
{
	int from = 0;
	for (int i = 0; i < st->n; i++)
		if (st->s[i]->ops->opaque)
			from = i;
	for (int i = from; i < st->n; i++)
		if (st->s[i]->ops->draw)
			st->s[i]->ops->draw(st->s[i], v);
}
