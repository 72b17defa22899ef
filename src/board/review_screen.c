/* review_screen: the pipeline review and the lists of cards behind its
 * figures, as screens over the board (see review_screen.h). */
#include "board/review_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board/view.h"
#include "util/date.h"
#include "util/money.h"
#include "util/text.h"

int review_page(int h)
{
	return h > 3 ? h - 3 : 1;
}

/* ---- keys ----------------------------------------------------------------- */

typedef enum rkey {
	RK_NONE = 0, RK_CLOSE, RK_OPEN, RK_UP, RK_DOWN, RK_LEFT, RK_RIGHT, RK_PAGE_UP, RK_PAGE_DOWN,
	RK_HOME, RK_END, RK_BOARD /* a board action done as on the board (filters, help...) */
} rkey;

/* What key k does on a review screen: the dialog keys first (Esc and q
 * close, Enter opens, Up and Down), then the board's (the review key
 * closes; movement, the filters, help, the messages, redraw). */
static rkey key_of(const keymap *km, keymap_key k, keymap_action *board)
{
	*board = KEYMAP_ACTION_NONE;
	switch (keymap_lookup(km, KEYMAP_DIALOG, k)) {
	case KEYMAP_DIALOG_CANCEL: return RK_CLOSE;
	case KEYMAP_DIALOG_SELECT: return RK_OPEN;
	case KEYMAP_DIALOG_UP: return RK_UP;
	case KEYMAP_DIALOG_DOWN: return RK_DOWN;
	default: break;
	}
	keymap_action a = keymap_lookup(km, KEYMAP_BOARD, k);
	switch (a) {
	case KEYMAP_REVIEW: case KEYMAP_QUIT: return RK_CLOSE;
	case KEYMAP_DETAIL: return RK_OPEN;
	case KEYMAP_FOCUS_UP: return RK_UP;
	case KEYMAP_FOCUS_DOWN: return RK_DOWN;
	case KEYMAP_FOCUS_LEFT: return RK_LEFT;
	case KEYMAP_FOCUS_RIGHT: return RK_RIGHT;
	case KEYMAP_PAGE_UP: return RK_PAGE_UP;
	case KEYMAP_PAGE_DOWN: return RK_PAGE_DOWN;
	case KEYMAP_FIRST: return RK_HOME;
	case KEYMAP_LAST: return RK_END;
	case KEYMAP_FILTER_TEXT: case KEYMAP_FILTER_OWNER: case KEYMAP_CLEAR_FILTER:
	case KEYMAP_HELP: case KEYMAP_MESSAGES: case KEYMAP_REFRESH:
		*board = a;
		return RK_BOARD;
	default:
		return RK_NONE;
	}
}

/* A key that does nothing here says so, as on the board. */
static void say_unbound(controller *c, keymap_key k)
{
	char name[64], help[64];
	keymap_key_name(k, name, sizeof name);
	keymap_describe(&c->cfg->keys, KEYMAP_HELP, help, sizeof help);
	controller_say(c, false, "%s does nothing here; %s shows the keys", name, help);
}

void review_status_text(const keymap *km, bool list, int cols, char *buf, size_t bufsz)
{
	/* Most wanted first; shown in this order. */
	static const struct { keymap_action a; const char *label; } items[] = {
		{ KEYMAP_DIALOG_CANCEL, "back" }, { KEYMAP_DETAIL, "open" }, { KEYMAP_FILTER_TEXT, "filter" },
		{ KEYMAP_FILTER_OWNER, "owner" }, { KEYMAP_PAGE_DOWN, "page" }, { KEYMAP_HELP, "help" },
	};
	enum { N = sizeof items / sizeof items[0] };
	static const int priority[N] = { 0, 5, 1, 2, 3, 4 };
	bool keep[N] = { false };
	char item[N][96];
	int used = 0;
	for (int i = 0; i < N; i++) {
		int k = priority[i];
		keymap_key key = km->keys[items[k].a][0];
		if (key == KEYMAP_NONE || (list && (items[k].a == KEYMAP_FILTER_TEXT ||
		                                    items[k].a == KEYMAP_FILTER_OWNER)))
			continue;
		char name[32];
		keymap_key_name(key, name, sizeof name);
		snprintf(item[k], sizeof item[k], "%s %s", name, items[k].label);
		int need = text_width(item[k]) + (used ? 2 : 0);
		if (used + need > cols)
			continue;
		keep[k] = true;
		used += need;
	}
	size_t n = 0;
	buf[0] = '\0';
	for (int k = 0; k < N && n + 1 < bufsz; k++) {
		if (!keep[k])
			continue;
		int w = snprintf(buf + n, bufsz - n, "%s%s", n ? "  " : "", item[k]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* ---- reading ---------------------------------------------------------------- */

static void filter_of(const review_screen *r, store_filter *f)
{
	store_filter_init(f);
	if (r->filter_text[0])
		f->text = r->filter_text;
	if (r->filter_owner[0])
		f->owner = r->filter_owner;
}

/* An entry and its card's names and stage now (a read of that card). */
static void card_of(store *st, const report_item *it, rdoc_card *out)
{
	store_opp o;
	memset(out, 0, sizeof *out);
	out->item = *it;
	if (store_get(st, it->id, &o) != STORE_OK)
		return;
	out->found = true;
	text_sanitize(o.title ? o.title : "", out->title, sizeof out->title);
	text_sanitize(o.client ? o.client : "", out->client, sizeof out->client);
	out->stage = o.stage;
	store_opp_free(&o);
}

/* Entries [offset, offset + limit) of a list, with their cards, into out. */
static store_status read_entries(store *st, const store_filter *f, const report_query *q,
                                 const report_pick *p, int64_t offset, int limit, rdoc_card *out,
                                 int *n)
{
	report_item items[REVIEW_LIST_ROWS];
	if (limit > REVIEW_LIST_ROWS)
		limit = REVIEW_LIST_ROWS;
	store_status s = store_report_list(st, f, q, p, offset, limit, items, n);
	for (int i = 0; s == STORE_OK && i < *n; i++)
		card_of(st, &items[i], &out[i]);
	return s;
}

static void lay_out(review_screen *r)
{
	if (!r->loaded || r->w <= 0)
		return;
	rdoc_target keep;
	bool had = r->focus >= 0 && r->focus < r->doc.ntargets;
	if (had)
		keep = r->doc.target[r->focus];
	rdoc_input in = { .rep = &r->rep, .rates = &r->rates, .probability = r->c->cfg->probability };
	for (int l = 0; l < REPORT_LISTS; l++) {
		in.preview[l] = r->preview[l];
		in.npreview[l] = r->npreview[l];
	}
	rdoc_build(&r->doc, &in, r->w);
	int page = review_page(r->h);
	if (had)
		r->focus = rdoc_find(&r->doc, &keep);
	if (r->focus < 0 && !had)
		r->focus = r->doc.ntargets > 0 ? 0 : -1;
	rdoc_keep(&r->doc, page, &r->off, &r->focus);
}

/* The report and the first entries of its lists, one snapshot, for the
 * board's filters now. */
static void load(review_screen *r)
{
	controller *c = r->c;
	store *st = c->st;
	const model *m = &c->model;
	snprintf(r->filter_text, sizeof r->filter_text, "%s", m->filter_text);
	snprintf(r->filter_owner, sizeof r->filter_owner, "%s", m->filter_owner);
	store_filter f;
	filter_of(r, &f);
	memset(&r->q, 0, sizeof r->q);
	r->q.now = date_now();
	memcpy(r->q.probability, c->cfg->probability, sizeof r->q.probability);
	memcpy(r->q.first_currency, c->cfg->currency, sizeof r->q.first_currency);
	r->rates = c->cfg->rates;
	report rep;
	report_init(&rep);
	store_status s = store_read_begin(st);
	if (s == STORE_OK) {
		s = store_report(st, &f, &r->q, &rep);
		for (int l = 0; s == STORE_OK && l < REPORT_LISTS; l++) {
			report_pick p = { .list = (report_list)l };
			s = read_entries(st, &f, &r->q, &p, 0, RDOC_PREVIEW, r->preview[l], &r->npreview[l]);
		}
		store_read_end(st);
	}
	if (s != STORE_OK) {
		report_free(&rep);
		controller_say(c, true, "Cannot read the review: %s", store_message(st));
		return;
	}
	report_free(&r->rep);
	r->rep = rep;
	r->loaded = true;
	lay_out(r);
}

/* ---- the review ---------------------------------------------------------------- */

static const screen_ops review_ops;

review_screen *review_of(const screen *s)
{
	return s && s->ops == &review_ops ? (review_screen *)s : NULL;
}

static bool list_open(review_screen *r, const report_pick *p);

static void review_open_target(review_screen *r)
{
	if (r->focus < 0 || r->focus >= r->doc.ntargets)
		return;
	const rdoc_target *t = &r->doc.target[r->focus];
	if (t->kind == RDOC_CARD)
		controller_detail_of(r->c, t->id);
	else
		list_open(r, &t->pick);
}

/* A board action from the review (or a list over it): the filters, help,
 * the messages, redraw. A filter set through its dialog refreshes every
 * screen when it is set (controller_set_filter); one cleared at once, or
 * a redraw, reads the review again here, and the screens over it too. */
static void board_action(review_screen *r, keymap_action a)
{
	controller_do(r->c, a);
	if ((a == KEYMAP_CLEAR_FILTER || a == KEYMAP_REFRESH) && r->c->screens)
		screen_stack_refresh(r->c->screens);
}

static screen_step review_key(screen *s, keymap_key k)
{
	review_screen *r = (review_screen *)s;
	controller *c = r->c;
	keymap_action a;
	if (c->model.message[0])
		model_unsay(&c->model);
	rkey rk = key_of(&c->cfg->keys, k, &a);
	int page = review_page(r->h);
	static const rdoc_move moves[] = {
		[RK_UP] = RDOC_UP, [RK_DOWN] = RDOC_DOWN, [RK_LEFT] = RDOC_LEFT, [RK_RIGHT] = RDOC_RIGHT,
		[RK_PAGE_UP] = RDOC_PAGE_UP, [RK_PAGE_DOWN] = RDOC_PAGE_DOWN, [RK_HOME] = RDOC_HOME,
		[RK_END] = RDOC_END,
	};
	switch (rk) {
	case RK_CLOSE: return SCREEN_DONE;
	case RK_OPEN: review_open_target(r); break;
	case RK_UP: case RK_DOWN: case RK_LEFT: case RK_RIGHT:
	case RK_PAGE_UP: case RK_PAGE_DOWN: case RK_HOME: case RK_END:
		rdoc_move_focus(&r->doc, page, moves[rk], &r->off, &r->focus);
		break;
	case RK_BOARD: board_action(r, a); break;
	case RK_NONE: say_unbound(c, k); break;
	}
	return SCREEN_STAY;
}

static void review_resize(screen *s, int h, int w)
{
	review_screen *r = (review_screen *)s;
	r->h = h;
	r->w = w;
	lay_out(r);
}

/* Another process changed the data, or the filters changed. */
static void review_refresh(screen *s)
{
	load((review_screen *)s);
}

static void review_free(screen *s)
{
	review_screen *r = (review_screen *)s;
	report_free(&r->rep);
	rdoc_free(&r->doc);
	free(r);
}

static const screen_ops review_ops = {
	.name = "review", .opaque = true, .draw = view_draw_review, .key = review_key,
	.resize = review_resize, .refresh = review_refresh, .free = review_free,
};

bool review_open(controller *c)
{
	if (!c->screens)
		return false;
	review_screen *r = calloc(1, sizeof *r);
	if (!r) {
		controller_say(c, true, "The review cannot open: out of memory.");
		return false;
	}
	screen_init(&r->base, &review_ops);
	r->c = c;
	r->focus = -1;
	report_init(&r->rep);
	rdoc_init(&r->doc);
	load(r);
	/* The push says the size: the review is laid out for it. */
	return screen_push(c->screens, &r->base);
}

bool review_is_open(const controller *c)
{
	for (int i = 0; c->screens && i < c->screens->n; i++)
		if (review_of(c->screens->s[i]))
			return true;
	return false;
}

void review_title(const review_screen *r, bool brief, char *buf, size_t bufsz)
{
	char now[32] = "";
	struct tm tm;
	time_t t = r->q.now;
	if (localtime_r(&t, &tm))
		strftime(now, sizeof now, brief ? "%Y-%m-%d" : "%Y-%m-%d %H:%M", &tm);
	if (brief)
		snprintf(buf, bufsz, "Review \u00b7 %s", now);
	else
		snprintf(buf, bufsz, "Pipeline review \u00b7 %s \u00b7 all time", now);
}

/* ---- a list of cards ------------------------------------------------------------ */

static const screen_ops review_list_ops;

review_list_screen *review_list_of(const screen *s)
{
	return s && s->ops == &review_list_ops ? (review_list_screen *)s : NULL;
}

/* The parent's count of the pick (a figure of its report). */
static int64_t pick_count(const report *rep, const report_pick *p)
{
	switch (p->list) {
	case REPORT_ENTERED: return rep->stages[p->stage].entered;
	case REPORT_ADVANCED: return rep->stages[p->stage].advanced;
	case REPORT_WON: return rep->win_rate.won;
	case REPORT_LOST: return rep->win_rate.lost;
	case REPORT_CANCELLED: return rep->cancelled.count;
	case REPORT_LOSSES:
		if (p->reason < PIPELINE_LOSS_COUNT && p->from < PIPELINE_STAGE_COUNT)
			return rep->losses[p->reason][p->from].count;
		return 0;
	case REPORT_LIST_COUNT: return 0;
	default: return rep->lists[p->list];
	}
}

/* Reads the entries shown, from top, keeping sel among them. */
static void list_read(review_list_screen *l)
{
	review_screen *r = l->parent;
	int page = review_page(l->h);
	if (page > REVIEW_LIST_ROWS)
		page = REVIEW_LIST_ROWS;
	l->count = r->loaded ? pick_count(&r->rep, &l->pick) : 0;
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->sel >= l->top + page)
		l->top = l->sel - page + 1;
	if (l->top > l->count - page)
		l->top = l->count - page;
	if (l->top < 0)
		l->top = 0;
	store_filter f;
	filter_of(r, &f);
	l->nrows = 0;
	if (l->count == 0)
		return;
	store *st = r->c->st;
	store_status s = store_read_begin(st);
	if (s == STORE_OK) {
		s = read_entries(st, &f, &r->q, &l->pick, l->top, page, l->row, &l->nrows);
		store_read_end(st);
	}
	if (s != STORE_OK)
		controller_say(r->c, true, "Cannot read the list: %s", store_message(st));
}

static screen_step list_key(screen *s, keymap_key k)
{
	review_list_screen *l = (review_list_screen *)s;
	controller *c = l->parent->c;
	keymap_action a;
	if (c->model.message[0])
		model_unsay(&c->model);
	int page = review_page(l->h);
	int64_t sel = l->sel, top = l->top;
	switch (key_of(&c->cfg->keys, k, &a)) {
	case RK_CLOSE: return SCREEN_DONE;
	case RK_OPEN:
		if (l->sel - l->top >= 0 && l->sel - l->top < l->nrows)
			controller_detail_of(c, l->row[l->sel - l->top].item.id);
		return SCREEN_STAY;
	case RK_UP: sel--; break;
	case RK_DOWN: sel++; break;
	case RK_PAGE_UP: sel -= page; top -= page; break;
	case RK_PAGE_DOWN: sel += page; top += page; break;
	case RK_HOME: sel = 0; break;
	case RK_END: sel = l->count - 1; break;
	case RK_LEFT: case RK_RIGHT: return SCREEN_STAY;
	case RK_BOARD:
		/* A changed filter reads the review and this list again. */
		board_action(l->parent, a);
		break;
	case RK_NONE: say_unbound(c, k); return SCREEN_STAY;
	}
	if (sel < 0)
		sel = 0;
	if (sel > l->count - 1)
		sel = l->count - 1;
	l->sel = sel;
	l->top = top < 0 ? 0 : top;
	list_read(l);
	return SCREEN_STAY;
}

static void list_resize(screen *s, int h, int w)
{
	review_list_screen *l = (review_list_screen *)s;
	l->h = h;
	l->w = w;
	list_read(l);
}

/* The review under it has read its report again: the count, the page. */
static void list_refresh(screen *s)
{
	list_read((review_list_screen *)s);
}

static void list_free(screen *s)
{
	free(s);
}

static const screen_ops review_list_ops = {
	.name = "review-list", .opaque = true, .draw = view_draw_review_list, .key = list_key,
	.resize = list_resize, .refresh = list_refresh, .free = list_free,
};

static bool list_open(review_screen *r, const report_pick *p)
{
	review_list_screen *l = calloc(1, sizeof *l);
	if (!l) {
		controller_say(r->c, true, "The list cannot open: out of memory.");
		return false;
	}
	screen_init(&l->base, &review_list_ops);
	l->parent = r;
	l->pick = *p;
	return screen_push(r->c->screens, &l->base);
}

void review_list_title(const review_list_screen *l, char *buf, size_t bufsz)
{
	const report *rep = &l->parent->rep;
	const report_pick *p = &l->pick;
	long long n = (long long)l->count;
	const char *cards = n == 1 ? "card" : "cards";
	char value[300] = "";
	const report_money *m = NULL;
	if (p->list == REPORT_CANCELLED)
		m = &rep->cancelled;
	else if (p->list == REPORT_LOSSES && p->reason < PIPELINE_LOSS_COUNT && p->from < PIPELINE_STAGE_COUNT)
		m = &rep->losses[p->reason][p->from];
	if (m) {
		char lines[1][256];
		if (view_totals_lines(m, 200, 1, lines) == 1 && lines[0][0])
			snprintf(value, sizeof value, " \u00b7 %s", lines[0]);
	}
	switch (p->list) {
	case REPORT_ENTERED: {
		const report_stage *st = &rep->stages[p->stage];
		snprintf(buf, bufsz, "Entered %s: %lld %s, %lld advanced to %s", pipeline_stage_short(p->stage),
		         n, cards, (long long)st->advanced, pipeline_stage_short(pipeline_next_stage(p->stage)));
		return;
	}
	case REPORT_ADVANCED:
		snprintf(buf, bufsz, "Advanced from %s: %lld %s", pipeline_stage_short(p->stage), n, cards);
		return;
	case REPORT_WON: snprintf(buf, bufsz, "Won: %lld %s", n, cards); return;
	case REPORT_LOST: snprintf(buf, bufsz, "Lost: %lld %s", n, cards); return;
	case REPORT_CANCELLED:
		snprintf(buf, bufsz, "Cancelled (won, then lost): %lld %s%s", n, cards, value);
		return;
	case REPORT_LOSSES:
		snprintf(buf, bufsz, "Lost, %s, from %s: %lld %s%s", pipeline_loss_slug(p->reason),
		         pipeline_stage_short(p->from), n, cards, value);
		return;
	default:
		snprintf(buf, bufsz, "%s: %lld %s", rdoc_list_title(p->list), n, cards);
		return;
	}
}
