/* model: what the board shows, loaded from the store in one snapshot. */
#include "board/model.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "review/report.h"
#include "review/weighted.h"
#include "util/date.h"
#include "util/money.h"
#include "util/text.h"

void model_init(model *m)
{
	memset(m, 0, sizeof *m);
	m->now = date_now();
	m->focus = PIPELINE_INMADURA;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		m->col[s].rows = 1;
		m->col[s].sel = -1;
	}
}

static void free_cards(model_column *col)
{
	for (int i = 0; i < col->ncards; i++)
		store_card_free(&col->cards[i]);
	col->ncards = 0;
}

void model_free(model *m)
{
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		free_cards(&m->col[s]);
}

bool model_set_rows(model *m, int rows)
{
	if (rows < 0)
		rows = 0;
	if (rows > MODEL_MAX_ROWS)
		rows = MODEL_MAX_ROWS;
	bool changed = m->col[0].rows != rows;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		m->col[s].rows = rows;
	return changed;
}

void model_filter(const model *m, store_filter *f)
{
	store_filter_init(f);
	if (m->filter_text[0])
		f->text = m->filter_text;
	if (m->filter_owner[0])
		f->owner = m->filter_owner;
}

bool model_filtered(const model *m)
{
	return m->filter_text[0] || m->filter_owner[0];
}

/* The figures of the cards read: days in stage, idle days, stale. */
static void age_cards(model *m, const config *cfg, model_column *col)
{
	for (int i = 0; i < col->ncards; i++) {
		const store_card *k = &col->cards[i];
		assert((int)k->stage >= 0 && k->stage < PIPELINE_STAGE_COUNT); /* indexes stale_days */
		review_age_of(k->stage_since, k->activity, cfg->stale_days[k->stage], m->now, &col->age[i]);
	}
}

/* ---- a column's window ------------------------------------------------------
 * A window is read from a card's key, never from an offset (store.h, "a
 * column's window"): from its first card's key (the anchor) when it is
 * below the column's top, from the column's start when at it. So reading
 * it costs the cards it shows wherever it is, and a card that left the
 * column leaves the window where it was. Its top (the rank of its first
 * card, for "6-10/250") is known without counting when the window starts
 * or ends the column, and counted from the nearer end otherwise. */

/* A scratch window: read, then made the column's. */
typedef struct window {
	store_card cards[MODEL_MAX_ROWS];
	int n;
} window;

static void window_free(window *w)
{
	for (int i = 0; i < w->n; i++)
		store_card_free(&w->cards[i]);
	w->n = 0;
}

static bool key_before(const store_key *a, const store_key *b)
{
	return a->position < b->position || (a->position == b->position && a->id < b->id);
}

/* Up to limit cards from k into w, after the n it holds (forward) or
 * before them (backward: they come first). */
static store_status window_read(store *st, pipeline_stage s, const store_filter *f,
                                const store_seek *k, int limit, window *w, int *got)
{
	*got = 0;
	if (limit > MODEL_MAX_ROWS - w->n)
		limit = MODEL_MAX_ROWS - w->n;
	if (limit <= 0)
		return STORE_OK;
	if (!k->backward) {
		store_status r = store_cards_seek(st, s, f, k, limit, w->cards + w->n, got);
		w->n += *got;
		return r;
	}
	store_card before[MODEL_MAX_ROWS];
	store_status r = store_cards_seek(st, s, f, k, limit, before, got);
	if (r != STORE_OK)
		return r;
	memmove(w->cards + *got, w->cards, sizeof w->cards[0] * (size_t)w->n);
	memcpy(w->cards, before, sizeof before[0] * (size_t)*got);
	w->n += *got;
	return STORE_OK;
}

/* Whether any card comes after the one at key (in the column) under f. */
static store_status any_after(store *st, pipeline_stage s, const store_filter *f,
                              const store_key *key, bool *any)
{
	int64_t n = 0;
	store_status r = store_cards_count(st, s, f, key, true, 2, &n);
	*any = n > 1;
	return r;
}

/* The rank of key (the cards before it) in a column of count cards,
 * counted from the end that guess (its rank as last known) says is
 * nearer, bounded: past half the column, the other end is nearer. */
static store_status rank_of(store *st, pipeline_stage s, const store_filter *f,
                            const store_key *key, int64_t count, int64_t guess, int64_t *rank)
{
	int64_t half = count / 2 + 1, n = 0;
	bool from_start = guess <= count - guess;
	store_status r = store_cards_count(st, s, f, key, !from_start, half, &n);
	if (r == STORE_OK && n >= half) {
		from_start = !from_start;
		r = store_cards_count(st, s, f, key, !from_start, -1, &n);
	}
	*rank = from_start ? n : count - n;
	return r;
}

/* Makes w the column's window, its first card at rank top: the figures of
 * its cards computed, the anchor its first card's key. */
static void window_take(model *m, const config *cfg, model_column *col, window *w, int64_t top)
{
	free_cards(col);
	memcpy(col->cards, w->cards, sizeof w->cards[0] * (size_t)w->n);
	col->ncards = w->n;
	w->n = 0;
	col->top = col->ncards ? top : 0;
	if (col->ncards)
		col->anchor = store_card_key(&col->cards[0]);
	age_cards(m, cfg, col);
}

static int window_find(const model_column *col, int64_t id)
{
	for (int i = 0; i < col->ncards; i++)
		if (col->cards[i].id == id)
			return i;
	return -1;
}

/* The window of column s in a new state of the data: where it was (from
 * its anchor), moved just enough to show the selected card when that card
 * is still in the column; else the selection stays at its place in the
 * window (a card that left is followed by the one after it). */
static store_status load_column(model *m, store *st, const config *cfg, pipeline_stage s,
                                const store_filter *f)
{
	model_column *col = &m->col[s];
	int64_t count = m->sum[s].count;
	int rows = col->rows;
	int64_t guess = col->top;
	int place = col->sel >= col->top && col->sel < col->top + col->ncards ? (int)(col->sel - col->top) : 0;
	store_key anchor = col->anchor, sk;
	bool anchored = col->top > 0, have = false, at_start, at_end;
	window w = { .n = 0 };
	int got;
	store_status r = STORE_OK;

	free_cards(col);
	if (count <= 0 || rows <= 0) {
		col->sel = -1;
		col->top = 0;
		return STORE_OK;
	}
	if (col->sel_id > 0)
		r = store_card_place(st, col->sel_id, s, f, &sk, &have);
	/* From the anchor; from the selected card when it is above it now. */
	store_seek k = { .from = anchored ? &anchor : NULL, .inclusive = true };
	if (r == STORE_OK && have && anchored && key_before(&sk, &anchor))
		k.from = &sk;
	/* At the column's top, a selected card past its first rows (a card
	 * moved to the end of its new column) is known by a count of at most
	 * rows keys, and the first cards are not read for nothing. */
	bool below = false;
	if (r == STORE_OK && have && !anchored) {
		int64_t before = 0;
		r = store_cards_count(st, s, f, &sk, false, rows, &before);
		below = before >= rows;
	}
	if (r == STORE_OK && !below)
		r = window_read(st, s, f, &k, rows, &w, &got);
	at_start = !k.from;
	at_end = w.n < rows;
	store_key last = w.n ? store_card_key(&w.cards[w.n - 1]) : anchor;
	if (r == STORE_OK && have && (below || (w.n && key_before(&last, &sk)))) {
		/* The selected card is below: the window ends at it. */
		bool after = false;
		window_free(&w);
		k = (store_seek){ .from = &sk, .inclusive = true, .backward = true };
		r = window_read(st, s, f, &k, rows, &w, &got);
		at_start = w.n < rows;
		if (r == STORE_OK)
			r = any_after(st, s, f, &sk, &after);
		at_end = !after;
	}
	store_key first = w.n ? store_card_key(&w.cards[0]) : anchor;
	if (r == STORE_OK && w.n < rows && !at_start) {
		/* Fewer than it shows from there: the cards before fill it. */
		k = (store_seek){ .from = &first, .backward = true };
		r = window_read(st, s, f, &k, rows - w.n, &w, &got);
		at_start = w.n < rows;
		first = w.n ? store_card_key(&w.cards[0]) : anchor;
	}
	/* Its top: no count at either end of the column. */
	int64_t top = 0;
	if (r == STORE_OK && w.n && !at_start && at_end)
		top = count - w.n;
	else if (r == STORE_OK && w.n && !at_start)
		r = rank_of(st, s, f, &first, count, guess, &top);
	if (r != STORE_OK) {
		window_free(&w);
		col->ncards = 0;
		return r;
	}
	window_take(m, cfg, col, &w, top);
	if (col->ncards == 0) {
		col->sel = -1;
		col->sel_id = 0;
		return STORE_OK;
	}
	int i = have ? window_find(col, col->sel_id) : -1;
	if (i < 0)
		i = place < col->ncards ? place : col->ncards - 1;
	col->sel = col->top + i;
	col->sel_id = col->cards[i].id;
	return STORE_OK;
}

store_status model_load(model *m, store *st, const config *cfg)
{
	return model_load_stages(m, st, cfg, (1u << PIPELINE_STAGE_COUNT) - 1);
}

store_status model_load_stages(model *m, store *st, const config *cfg, unsigned stages)
{
	store_filter f;
	model_filter(m, &f);
	m->now = date_now();
	m->readonly = store_readonly(st);
	store_status r = store_read_begin(st);
	if (r == STORE_OK)
		r = store_summarize(st, model_filtered(m) ? &f : NULL, m->sum);
	if (r != STORE_OK) {
		model_say(m, true, "Cannot read the board: %s", store_message(st));
		store_read_end(st);
		return r;
	}
	/* Every total of the board in the one currency order. */
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		money_sort_codes(m->sum[s].totals, (size_t)m->sum[s].ntotals, sizeof m->sum[s].totals[0],
		                 offsetof(store_total, currency), cfg->currency);
		review_weighted_summary(cfg->probability[s], &m->sum[s], &m->weighted[s]);
	}
	/* The total line: never invoiced business counted as pipeline. */
	report_forecast_now(cfg->probability, m->sum, cfg->currency, &m->forecast, &m->invoiced);
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		if (!(stages & 1u << s))
			continue;
		store_status cs = load_column(m, st, cfg, (pipeline_stage)s, &f);
		if (cs != STORE_OK) {
			model_say(m, true, "Cannot read the cards: %s", store_message(st));
			r = cs;
		}
	}
	store_read_end(st);
	return r;
}

/* Reads the window of the focused column whose first card has rank top,
 * from the nearest card whose rank is known: either end of the column or
 * a card of the window shown (no data changed since it was read). */
static store_status select_window(model *m, store *st, const config *cfg, int64_t top)
{
	model_column *col = &m->col[m->focus];
	int64_t count = m->sum[m->focus].count, last = col->top + col->ncards - 1;
	int64_t bottom = top + col->rows - 1;
	store_key from;
	store_seek best = { .skip = top }; /* from the start */
	store_seek end = { .backward = true, .skip = count - 1 - bottom };
	if (end.skip < best.skip)
		best = end;
	if (col->ncards) {
		store_seek near = { .from = &from };
		int64_t ref = -1;
		if (top >= col->top && top <= last) {
			ref = top;
			near.inclusive = true;
		} else if (top > last) {
			ref = last;
			near.skip = top - last - 1;
		} else if (bottom >= col->top && bottom <= last) {
			ref = bottom;
			near.inclusive = near.backward = true;
		} else {
			ref = col->top;
			near.backward = true;
			near.skip = col->top - bottom - 1;
		}
		if (near.skip < best.skip) {
			from = store_card_key(&col->cards[ref - col->top]);
			best = near;
		}
	}
	window w = { .n = 0 };
	int got;
	store_filter f;
	model_filter(m, &f);
	store_status r = window_read(st, m->focus, &f, &best, col->rows, &w, &got);
	if (r != STORE_OK) {
		window_free(&w);
		return r;
	}
	window_take(m, cfg, col, &w, top);
	return STORE_OK;
}

store_status model_select(model *m, store *st, const config *cfg, int64_t off)
{
	model_column *col = &m->col[m->focus];
	int64_t count = m->sum[m->focus].count;
	if (count <= 0)
		return STORE_OK;
	if (off < 0)
		off = 0;
	if (off >= count)
		off = count - 1;
	if (off < col->top || off >= col->top + col->ncards) {
		/* Scrolled just enough to show it. */
		int64_t top = off < col->top ? off : off - col->rows + 1;
		if (top > count - col->rows)
			top = count - col->rows;
		if (top < 0)
			top = 0;
		store_status r = select_window(m, st, cfg, top);
		if (r != STORE_OK) {
			model_say(m, true, "Cannot read the cards: %s", store_message(st));
			return r;
		}
	}
	if (off >= col->top + col->ncards) /* the column is shorter than it was */
		off = col->top + col->ncards - 1;
	if (off < col->top)
		return STORE_OK;
	col->sel = off;
	col->sel_id = col->cards[off - col->top].id;
	return STORE_OK;
}

const store_card *model_selected(const model *m)
{
	const model_column *col = &m->col[m->focus];
	if (col->sel < 0 || col->ncards == 0)
		return NULL;
	int64_t i = col->sel - col->top;
	if (i < 0 || i >= col->ncards)
		return NULL;
	return &col->cards[i];
}

void model_follow(model *m, pipeline_stage s, int64_t id)
{
	if (s < 0 || s >= PIPELINE_STAGE_COUNT)
		return;
	m->focus = s;
	m->col[s].sel_id = id;
	if (s == PIPELINE_PERDIDA)
		m->lost_collapsed = false;
}

bool model_column_shown(const model *m, int s)
{
	return !(s == PIPELINE_PERDIDA && m->lost_collapsed);
}

void model_focus_step(model *m, int d)
{
	int s = (int)m->focus;
	for (;;) {
		s += d;
		if (s < 0 || s >= PIPELINE_STAGE_COUNT)
			return;
		if (model_column_shown(m, s))
			break;
	}
	m->focus = (pipeline_stage)s;
}

int64_t model_count(const model *m)
{
	int64_t n = 0;
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		n += m->sum[s].count;
	return n;
}

/* ---- messages -------------------------------------------------------------- */

void model_vsay(model *m, bool error, const char *fmt, va_list ap)
{
	vsnprintf(m->message, sizeof m->message, fmt, ap);
	m->message_error = error;
	m->message_at = time(NULL);
	if (m->nrecent == MODEL_RECENT) {
		memmove(&m->recent[0], &m->recent[1], sizeof m->recent[0] * (MODEL_RECENT - 1));
		m->nrecent--;
	}
	model_message *r = &m->recent[m->nrecent++];
	memcpy(r->text, m->message, sizeof r->text);
	r->error = error;
	r->at = m->message_at;
}

void model_say(model *m, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	model_vsay(m, error, fmt, ap);
	va_end(ap);
}

void model_unsay(model *m)
{
	m->message[0] = '\0';
	m->message_error = false;
}

bool model_tick(model *m, time_t now)
{
	if (m->message[0] && now - m->message_at >= MODEL_MESSAGE_SECONDS) {
		m->message[0] = '\0';
		return true;
	}
	return false;
}

/* ---- status bar -------------------------------------------------------------- */

/* Whether the status bar offers action a now: a card action only when the
 * focused card allows it (pipeline_offers: the rules say, not the bar). */
static bool status_offers(const model *m, keymap_action a, const pipeline_offer *o, bool card)
{
	switch (a) {
	case KEYMAP_MOVE_FORWARD: return o->forward;
	case KEYMAP_MOVE_BACK: return o->back;
	case KEYMAP_MOVE_TO: return o->move;
	case KEYMAP_LOSE: return o->lose;
	case KEYMAP_REOPEN: return o->reopen;
	case KEYMAP_CHECKLIST: return o->criteria;
	case KEYMAP_EVIDENCE: return o->evidence;
	case KEYMAP_DETAIL: case KEYMAP_EDIT: case KEYMAP_DELETE:
	case KEYMAP_REORDER_UP: case KEYMAP_REORDER_DOWN:
		return card;
	case KEYMAP_CLEAR_FILTER: return model_filtered(m);
	case KEYMAP_MESSAGES: return m->nrecent > 0;
	default: return true;
	}
}

void model_status_text(const model *m, const config *cfg, int cols, char *buf, size_t bufsz)
{
	/* Most wanted first: the way out and the door to every key, the card's
	 * next step, the filter and undo, then the rest. Shown in the action
	 * table's order, so a key keeps its place as the width changes. */
	static const keymap_action priority[] = {
		KEYMAP_HELP, KEYMAP_QUIT, KEYMAP_MOVE_FORWARD, KEYMAP_REOPEN, KEYMAP_FILTER_TEXT,
		KEYMAP_UNDO, KEYMAP_MOVE_BACK, KEYMAP_CHECKLIST, KEYMAP_EVIDENCE, KEYMAP_REVIEW, KEYMAP_ADD,
		KEYMAP_DETAIL, KEYMAP_EDIT, KEYMAP_MOVE_TO, KEYMAP_LOSE, KEYMAP_CLEAR_FILTER,
		KEYMAP_FILTER_OWNER, KEYMAP_DELETE, KEYMAP_MESSAGES, KEYMAP_TOGGLE_LOST,
		KEYMAP_REORDER_UP, KEYMAP_REORDER_DOWN,
	};
	enum { N = sizeof priority / sizeof priority[0] };
	const store_card *k = model_selected(m);
	pipeline_offer o;
	pipeline_state ps = { .stage = k ? k->stage : PIPELINE_STAGE_COUNT };
	pipeline_offers(&ps, &o); /* no card: nothing to offer for one */
	bool keep[KEYMAP_ACTION_COUNT] = { false };
	char item[KEYMAP_ACTION_COUNT][96];
	/* A database this user may only read says so before anything: every
	 * change would be refused. */
	const char *ro = m->readonly ? "read-only" : "";
	int used = text_width(ro);
	for (int i = 0; i < N; i++) {
		keymap_action a = priority[i];
		keymap_key key = cfg->keys.keys[a][0];
		if (key == KEYMAP_NONE || !status_offers(m, a, &o, k != NULL))
			continue;
		char name[32];
		keymap_key_name(key, name, sizeof name);
		snprintf(item[a], sizeof item[a], "%s %s", name, keymap_action_label(a));
		int need = text_width(item[a]) + (used ? 2 : 0);
		if (used + need > cols)
			continue;
		keep[a] = true;
		used += need;
	}
	int w0 = snprintf(buf, bufsz, "%s", ro);
	size_t n = w0 > 0 && (size_t)w0 < bufsz ? (size_t)w0 : 0;
	buf[n] = '\0';
	for (int a = 0; a < KEYMAP_ACTION_COUNT && n + 1 < bufsz; a++) {
		if (!keep[a])
			continue;
		int w = snprintf(buf + n, bufsz - n, "%s%s", n ? "  " : "", item[a]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}
