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
	if (rows < 1)
		rows = 1;
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

static store_status load_column(model *m, store *st, const config *cfg, pipeline_stage s,
                                const store_filter *f)
{
	model_column *col = &m->col[s];
	int64_t count = m->sum[s].count;
	free_cards(col);
	if (count <= 0) {
		col->sel = -1;
		col->top = 0;
		return STORE_OK;
	}
	/* The selection is a card id: find where that card is now. */
	if (col->sel_id > 0) {
		int64_t off;
		if (store_card_offset(st, col->sel_id, f, &off) == STORE_OK && off < count)
			col->sel = off;
	}
	if (col->sel < 0)
		col->sel = 0;
	if (col->sel >= count)
		col->sel = count - 1;
	if (col->sel < col->top)
		col->top = col->sel;
	if (col->sel >= col->top + col->rows)
		col->top = col->sel - col->rows + 1;
	if (col->top > count - col->rows)
		col->top = count - col->rows;
	if (col->top < 0)
		col->top = 0;
	int n = 0;
	store_status r = store_cards(st, s, f, col->top, col->rows, col->cards, &n);
	if (r != STORE_OK) {
		col->ncards = 0;
		return r;
	}
	col->ncards = n;
	age_cards(m, cfg, col);
	if (n == 0) {
		col->sel = -1;
		col->sel_id = 0;
		return STORE_OK;
	}
	if (col->sel - col->top >= n)
		col->sel = col->top + n - 1;
	/* The card we followed may have left the column: select what is there. */
	col->sel_id = col->cards[col->sel - col->top].id;
	return STORE_OK;
}

store_status model_load(model *m, store *st, const config *cfg)
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
		store_status cs = load_column(m, st, cfg, (pipeline_stage)s, &f);
		if (cs != STORE_OK) {
			model_say(m, true, "Cannot read the cards: %s", store_message(st));
			r = cs;
		}
	}
	store_read_end(st);
	return r;
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
	col->sel = off;
	if (off >= col->top && off < col->top + col->ncards) {
		col->sel_id = col->cards[off - col->top].id;
		return STORE_OK;
	}
	col->sel_id = 0; /* resolved to the card at that offset by the load */
	store_filter f;
	model_filter(m, &f);
	store_status r = load_column(m, st, cfg, m->focus, &f);
	if (r != STORE_OK)
		model_say(m, true, "Cannot read the cards: %s", store_message(st));
	return r;
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
