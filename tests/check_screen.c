/*
 * The stack of screens the input loop holds, and the dialogs on it,
 * without a terminal: what a key, a finished screen, a resize, live data
 * and the end of the board do to it.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "board/dialog.h"
#include "board/screen.h"
#include "config/config.h"
#include "util/text.h"

/* ---- a screen that records what reached it ------------------------------- */

static char trail[1024];

static void note(const char *what, const char *name)
{
	strncat(trail, name, sizeof trail - strlen(trail) - 1);
	strncat(trail, what, sizeof trail - strlen(trail) - 1);
	strncat(trail, " ", sizeof trail - strlen(trail) - 1);
}

typedef struct probe {
	screen base;
	const char *name;
	int h, w;
} probe;

static screen_step probe_key(screen *s, keymap_key k)
{
	probe *p = (probe *)s;
	note(":key", p->name);
	return k == 'x' ? SCREEN_DONE : SCREEN_STAY;
}

static void probe_resize(screen *s, int h, int w)
{
	probe *p = (probe *)s;
	p->h = h;
	p->w = w;
	note(":resize", p->name);
}

static void probe_refresh(screen *s)
{
	note(":refresh", ((probe *)s)->name);
}

static void probe_draw(const screen *s, struct view *v)
{
	(void)v;
	note(":draw", ((const probe *)s)->name);
}

static void probe_free(screen *s)
{
	note(":free", ((probe *)s)->name);
	free(s);
}

static const screen_ops probe_ops = {
	.name = "probe", .draw = probe_draw, .key = probe_key, .resize = probe_resize,
	.refresh = probe_refresh, .free = probe_free,
};
static const screen_ops opaque_ops = {
	.name = "opaque", .opaque = true, .draw = probe_draw, .key = probe_key, .resize = probe_resize,
	.refresh = probe_refresh, .free = probe_free,
};

static probe *new_probe(const char *name, const screen_ops *ops)
{
	probe *p = calloc(1, sizeof *p);
	ck_assert_ptr_nonnull(p);
	screen_init(&p->base, ops);
	p->name = name;
	return p;
}

static screen_stack stack;

/* The continuation of "a": pushes "b" where "a" was. */
static void a_done(void *ctx, screen *s)
{
	note(":done", ((probe *)s)->name);
	ck_assert_ptr_eq(ctx, &stack);
	ck_assert_ptr_ne(screen_top(&stack), s); /* off the stack already */
	screen_push(&stack, &new_probe("b", &probe_ops)->base);
}

static void ctx_free(void *ctx)
{
	(void)ctx;
	note(":ctxfree", "");
}

static void watch(void *ctx, screen *s)
{
	(void)ctx;
	note(":watch", ((probe *)s)->name);
}

static void closed(void *ctx)
{
	(void)ctx;
	note(":closed", "");
}

static void setup(void)
{
	trail[0] = '\0';
	screen_stack_init(&stack, 24, 80);
	stack.closed = closed;
}

static void teardown(void)
{
	screen_stack_free(&stack);
}

/* Keys go to the top screen only; a finished screen is taken off before
 * its continuation runs, so what the continuation pushes goes where it was;
 * then it is freed, then the owner hears that a dialog closed. */
START_TEST(test_continuation_pushes_next)
{
	probe *base = new_probe("base", &opaque_ops), *a = new_probe("a", &probe_ops);
	ck_assert(screen_push(&stack, &base->base));
	ck_assert_int_eq(base->h, 24);
	ck_assert_int_eq(base->w, 80);
	a->base.done = a_done;
	a->base.ctx = &stack;
	a->base.ctx_free = ctx_free;
	ck_assert(screen_push(&stack, &a->base));
	trail[0] = '\0';
	screen_stack_key(&stack, 'j');
	ck_assert_str_eq(trail, "a:key ");
	trail[0] = '\0';
	screen_stack_key(&stack, 'x');
	ck_assert_str_eq(trail, "a:key a:done b:resize a:free :closed ");
	ck_assert_int_eq(stack.n, 2);
	ck_assert_ptr_eq(stack.s[0], &base->base);
	ck_assert_str_eq(((probe *)screen_top(&stack))->name, "b");
}
END_TEST

/* A resize and live data reach every screen, bottom up, the owner's watch
 * after the screen's own refresh; drawing starts at the topmost opaque
 * screen (a full-screen one hides what is under it). */
START_TEST(test_resize_refresh_draw_reach_every_screen)
{
	probe *base = new_probe("base", &opaque_ops), *a = new_probe("a", &probe_ops);
	probe *full = new_probe("full", &opaque_ops), *top = new_probe("top", &probe_ops);
	screen_push(&stack, &base->base);
	screen_push(&stack, &a->base);
	a->base.watch = watch;
	trail[0] = '\0';
	screen_stack_resize(&stack, 12, 40);
	ck_assert_str_eq(trail, "base:resize a:resize ");
	ck_assert_int_eq(a->h, 12);
	ck_assert_int_eq(a->w, 40);
	trail[0] = '\0';
	screen_stack_refresh(&stack);
	ck_assert_str_eq(trail, "base:refresh a:refresh a:watch ");
	trail[0] = '\0';
	screen_stack_draw(&stack, NULL);
	ck_assert_str_eq(trail, "base:draw a:draw ");
	screen_push(&stack, &full->base);
	screen_push(&stack, &top->base);
	ck_assert_int_eq(top->h, 12); /* a new screen is told the size at once */
	trail[0] = '\0';
	screen_stack_draw(&stack, NULL);
	ck_assert_str_eq(trail, "full:draw top:draw ");
}
END_TEST

/* The board ends with screens open: each is dropped, its context freed,
 * and no continuation runs (nothing half-answered is written). */
START_TEST(test_end_drops_without_continuing)
{
	probe *a = new_probe("a", &probe_ops), *b = new_probe("b", &probe_ops);
	a->base.done = a_done;
	a->base.ctx_free = ctx_free;
	screen_push(&stack, &a->base);
	screen_push(&stack, &b->base);
	trail[0] = '\0';
	screen_stack_free(&stack);
	ck_assert_str_eq(trail, "b:free :ctxfree a:free ");
	ck_assert_int_eq(stack.n, 0);
	/* a full stack drops what it cannot hold, the same way */
	for (int i = 0; i < SCREEN_STACK_MAX; i++)
		ck_assert(screen_push(&stack, &new_probe("n", &probe_ops)->base));
	probe *extra = new_probe("extra", &probe_ops);
	extra->base.ctx_free = ctx_free;
	trail[0] = '\0';
	ck_assert(!screen_push(&stack, &extra->base));
	ck_assert_str_eq(trail, ":ctxfree extra:free ");
}
END_TEST

/* ---- the dialogs ------------------------------------------------------------ */

static config cfg;

static void dialog_setup(void)
{
	setup();
	text_init_locale();
	config_init(&cfg);
}

static void dialog_teardown(void)
{
	teardown();
	config_free(&cfg);
}

static keymap_key key(const char *name)
{
	keymap_key k;
	ck_assert_msg(keymap_key_parse(name, &k), "%s", name);
	return k;
}

static int answered, chose;
static bool said_ok;
static void count_done(void *ctx, screen *s)
{
	(void)ctx;
	answered++;
	said_ok = dialog_of(s)->ok;
	chose = dialog_of(s)->kind == DIALOG_LIST ? dialog_list_choice((dialog_list *)dialog_of(s)) : -2;
}

/* A list: Down and Up move within it, Enter chooses, Esc closes with no
 * choice; the items are its own copies. */
START_TEST(test_list_keys)
{
	char one[] = "uno", two[] = "dos", three[] = "tres";
	const char *items[] = { one, two, three };
	dialog_list *l = dialog_list_new(&cfg.keys, "Pick", items, 3, 1);
	ck_assert_ptr_nonnull(l);
	strcpy(two, "XXX");
	ck_assert_str_eq(l->items[1], "dos");
	l->d.base.done = count_done;
	screen_push(&stack, &l->d.base);
	screen_stack_key(&stack, key("Down"));
	screen_stack_key(&stack, key("Down"));
	ck_assert_int_eq(l->sel, 2);
	screen_stack_key(&stack, 'k');
	ck_assert_int_eq(l->sel, 1);
	ck_assert_int_eq(dialog_list_choice(l), -1); /* not chosen yet */
	answered = 0;
	screen_stack_key(&stack, key("Enter"));
	ck_assert_int_eq(answered, 1);
	ck_assert_int_eq(chose, 1);
	ck_assert_int_eq(stack.n, 0);
	/* Esc: no choice */
	l = dialog_list_new(&cfg.keys, "Pick", items, 3, 0);
	l->d.base.done = count_done;
	screen_push(&stack, &l->d.base);
	answered = 0;
	screen_stack_key(&stack, key("Esc"));
	ck_assert_int_eq(answered, 1);
	ck_assert_int_eq(chose, -1);
	ck_assert_int_eq(stack.n, 0);
}
END_TEST

/* The pager's rows follow the terminal: wrapped to the box's width, and
 * scrolled no further than the last page, however many keys ask. */
START_TEST(test_pager_scrolls_within_its_rows)
{
	char **lines = calloc(40, sizeof *lines);
	ck_assert_ptr_nonnull(lines);
	for (int i = 0; i < 40; i++) {
		char t[64];
		snprintf(t, sizeof t, "line %d", i);
		lines[i] = strdup(t);
	}
	dialog_pager *p = dialog_pager_new(&cfg.keys, "Pager", lines, 40);
	ck_assert_ptr_nonnull(p);
	screen_push(&stack, &p->d.base);
	ck_assert_int_eq(p->page, 20); /* 24 rows: the frame, a row above, the status bar */
	ck_assert_int_eq(p->nrows, 40);
	for (int i = 0; i < 5; i++)
		screen_stack_key(&stack, key("PgDn"));
	ck_assert_int_eq(p->off, 20);
	screen_stack_key(&stack, key("Up"));
	ck_assert_int_eq(p->off, 19);
	screen_stack_key(&stack, key("Home"));
	ck_assert_int_eq(p->off, 0);
	screen_stack_key(&stack, key("End"));
	ck_assert_int_eq(p->off, 20);
	/* smaller: more pages, still no further than the last */
	screen_stack_resize(&stack, 12, 40);
	ck_assert_int_eq(p->page, 8);
	ck_assert_int_eq(p->off, 20);
	screen_stack_key(&stack, key("End"));
	ck_assert_int_eq(p->off, 32);
	/* a long line wraps at the new width */
	char **more = calloc(1, sizeof *more);
	more[0] = strdup("palabra palabra palabra palabra palabra palabra palabra palabra");
	dialog_pager_set_lines(p, more, 1);
	ck_assert_int_gt(p->nrows, 1);
	ck_assert_int_eq(p->off, 0);
	screen_stack_key(&stack, key("Esc"));
	ck_assert_int_eq(stack.n, 0);
}
END_TEST

/* A form: keys edit it; Enter saves only a valid form; Esc cancels. */
START_TEST(test_form_saves_when_valid)
{
	dialog_form *df = dialog_form_new(&cfg.keys, "Form");
	ck_assert_ptr_nonnull(df);
	int i = form_add_text(&df->f, "Date", "", FORM_V_DATE, true);
	df->d.base.done = count_done;
	screen_push(&stack, &df->d.base);
	answered = 0;
	screen_stack_key(&stack, key("Enter"));
	ck_assert_int_eq(answered, 0); /* required: stays open */
	for (const char *t = "2026-03-01"; *t; t++)
		screen_stack_key(&stack, *t);
	char buf[32];
	ck_assert_str_eq(form_text(&df->f, i, buf, sizeof buf), "2026-03-01");
	ck_assert(!df->d.ok);
	screen_stack_key(&stack, key("Enter"));
	ck_assert_int_eq(answered, 1);
	ck_assert(said_ok);
	ck_assert_int_eq(stack.n, 0);
}
END_TEST

static Suite *screen_suite(void)
{
	Suite *s = suite_create("screen");
	TCase *tc = tcase_create("stack");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_continuation_pushes_next);
	tcase_add_test(tc, test_resize_refresh_draw_reach_every_screen);
	tcase_add_test(tc, test_end_drops_without_continuing);
	suite_add_tcase(s, tc);
	TCase *td = tcase_create("dialogs");
	tcase_add_checked_fixture(td, dialog_setup, dialog_teardown);
	tcase_add_test(td, test_list_keys);
	tcase_add_test(td, test_pager_scrolls_within_its_rows);
	tcase_add_test(td, test_form_saves_when_valid);
	suite_add_tcase(s, td);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(screen_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
