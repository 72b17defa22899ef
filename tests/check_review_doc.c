/* The review screen's layout (board/review_doc.h): what each line says at
 * 80 and at 40 columns, the targets a rate and an entry make, nothing past
 * the width, the converted totals only with rates, and the focus and the
 * scrolling over the document. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/review_doc.h"
#include "board/view.h"
#include "util/text.h"

static void money(report_money *m, const char *cur, int64_t count, int64_t minor)
{
	review_total *t = &m->totals[m->ntotals++];
	snprintf(t->currency, sizeof t->currency, "%s", cur);
	t->count = count;
	t->amount = minor;
	m->count += count;
}

static report rep;
static rdoc_card preview[REPORT_LISTS][RDOC_PREVIEW];
static rdoc_input in;
static report_rates rates;
static const int prob[PIPELINE_STAGE_COUNT] = { 10, 30, 70, 90, 100, 100, 0 };

static void card(report_list l, int64_t id, const char *title, int64_t days)
{
	rdoc_card *c = &preview[l][in.npreview[l]++];
	memset(c, 0, sizeof *c);
	c->item.id = id;
	c->item.days = days;
	snprintf(c->title, sizeof c->title, "%s", title);
	snprintf(c->client, sizeof c->client, "Cliente %s", title);
	c->found = true;
	c->stage = PIPELINE_CALIFICADA;
	if (l == REPORT_OVERDUE)
		snprintf(c->item.close, sizeof c->item.close, "2026-03-01");
}

/* A small pipeline: inmadura 2 cards (CLP 6,000,000), 9 entered and 7
 * advanced, median 10 days; calificada 1 (CLP 3,000,000), comprometida
 * with a median of 16.5; won 4, lost 2; one loss (declined, from
 * inmadura); two overdue cards, one awaiting invoice; 7 slipped, of
 * which the review shows 5. */
static void setup(void)
{
	report_init(&rep);
	memset(&in, 0, sizeof in);
	memset(&rates, 0, sizeof rates);
	memset(preview, 0, sizeof preview);
	report_stage *s = rep.stages;
	for (int i = 0; i < PIPELINE_STAGE_COUNT; i++)
		s[i].has_next = i < PIPELINE_LISTA;
	s[0].count = 2;
	money(&s[0].totals, "CLP", 2, 6000000);
	money(&s[0].weighted, "CLP", 2, 600000);
	s[0].entered = 9;
	s[0].advanced = 7;
	s[0].conversion = report_ratio_of(7, 9);
	s[0].days = (report_days){ .stays = 9, .known = true, .median = 10, .mean = 86.0 / 9 };
	s[1].count = 1;
	money(&s[1].totals, "CLP", 1, 3000000);
	money(&s[1].weighted, "CLP", 1, 900000);
	s[1].entered = 7;
	s[1].advanced = 4;
	s[1].conversion = report_ratio_of(4, 7);
	s[2].days = (report_days){ .stays = 2, .known = true, .median = 16.5, .mean = 16.5 };
	rep.win_rate.won = 4;
	rep.win_rate.lost = 2;
	rep.win_rate.rate = report_ratio_of(4, 6);
	rep.losses[PIPELINE_LOSS_DECLINED][PIPELINE_INMADURA].count = 1;
	money(&rep.forecast.weighted, "CLP", 3, 1500000);
	money(&rep.forecast.weighted, "USD", 1, 450000);
	money(&rep.forecast.invoiced, "CLP", 1, 18000000);
	rep.lists[REPORT_OVERDUE] = 2;
	rep.lists[REPORT_SLIPPED] = 7;
	rep.lists[REPORT_AWAITING_INVOICE] = 1;
	card(REPORT_OVERDUE, 7, "Siete", 30);
	card(REPORT_OVERDUE, 5, "Cinco", 26);
	for (int i = 0; i < RDOC_PREVIEW; i++)
		card(REPORT_SLIPPED, 20 + i, "Corre", 0);
	card(REPORT_AWAITING_INVOICE, 2, "Dos", 72);
	in.rep = &rep;
	in.probability = prob;
	for (int l = 0; l < REPORT_LISTS; l++)
		in.preview[l] = preview[l];
}

static void teardown(void)
{
	report_free(&rep);
}

/* Line i's spans in order of x. */
static void sorted(const rdoc *d, int i, const rdoc_span *out[RDOC_SPANS])
{
	int n = d->line[i].n;
	for (int k = 0; k < n; k++)
		out[k] = &d->line[i].span[k];
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && out[b]->x < out[b - 1]->x; b--) {
			const rdoc_span *t = out[b];
			out[b] = out[b - 1];
			out[b - 1] = t;
		}
}

/* Line i's spans joined with one space, in order of x, as the screen
 * reads with its runs of spaces squeezed. */
static const char *text_of(const rdoc *d, int i)
{
	static char buf[2048];
	const rdoc_span *sp[RDOC_SPANS];
	size_t n = 0;
	buf[0] = '\0';
	sorted(d, i, sp);
	for (int k = 0; k < d->line[i].n; k++) {
		const char *t = sp[k]->text;
		t += strspn(t, " ");
		if (!*t)
			continue;
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? " " : "", t);
	}
	/* runs of spaces squeezed, trailing padding out */
	size_t o = 0;
	for (size_t k = 0; k < n; k++)
		if (buf[k] != ' ' || (o > 0 && buf[o - 1] != ' '))
			buf[o++] = buf[k];
	while (o && buf[o - 1] == ' ')
		o--;
	buf[o] = '\0';
	return buf;
}

/* The index of the line that reads exactly `want`, -1 if none does. */
static int find_line(const rdoc *d, const char *want)
{
	for (int i = 0; i < d->nlines; i++)
		if (strcmp(text_of(d, i), want) == 0)
			return i;
	return -1;
}

static bool has_text(const rdoc *d, const char *part)
{
	for (int i = 0; i < d->nlines; i++)
		if (strstr(text_of(d, i), part))
			return true;
	return false;
}

#define ck_line(d, want) ck_assert_msg(find_line(d, want) >= 0, "no line reads \"%s\"", want)

/* Nothing laid out past the width, spans in order and apart. */
static void ck_within(const rdoc *d, int width)
{
	for (int i = 0; i < d->nlines; i++) {
		const rdoc_span *sp[RDOC_SPANS];
		sorted(d, i, sp);
		for (int k = 0; k < d->line[i].n; k++) {
			const rdoc_span *s = sp[k];
			ck_assert_msg(s->x >= 0 && s->w > 0 && s->x + s->w <= width,
			              "width %d, line %d (%s): span at %d of %d columns", width, i, text_of(d, i),
			              s->x, s->w);
			if (k > 0) {
				const rdoc_span *p = sp[k - 1];
				ck_assert_msg(p->x + p->w <= s->x, "width %d, line %d (%s): spans overlap", width, i,
				              text_of(d, i));
			}
		}
	}
}

START_TEST(test_wide)
{
	rdoc d;
	rdoc_init(&d);
	rdoc_build(&d, &in, 80);
	ck_assert(!d.failed);
	ck_line(&d, "Stage Count Totals Weighted Conv. Median");
	ck_line(&d, "Inmadura 2 CLP 6,000,000 CLP 600,000 77.8% 10d");
	ck_line(&d, "Calificada 1 CLP 3,000,000 CLP 900,000 57.1% -");
	ck_line(&d, "Comprometida 0 - 16.5d");
	ck_line(&d, "Lista 0 - -");
	ck_line(&d, "Win rate 66.7% 4 won · 2 lost");
	ck_line(&d, "Cancelled 0 cards");
	ck_line(&d, "Forecast CLP 1,500,000 · USD 4,500.00");
	ck_line(&d, "Invoiced CLP 18,000,000");
	ck_line(&d, "Inmadura");                /* the matrix: only the stages lost from */
	ck_line(&d, "declined 1");
	ck_line(&d, "Overdue (2)");
	ck_line(&d, "#7 Siete · Cliente Siete close 2026-03-01, 30 days late");
	ck_line(&d, "Awaiting invoice (1)");
	ck_line(&d, "Awaiting delivery (0)");
	ck_line(&d, "… 2 more: the whole list");
	ck_assert(!has_text(&d, "\u2248 CLP"));   /* no rates: nothing converted */
	ck_within(&d, 80);
	rdoc_free(&d);
}
END_TEST

START_TEST(test_narrow)
{
	rdoc d;
	rdoc_init(&d);
	rdoc_build(&d, &in, 40);
	ck_line(&d, "Stage Count Conv. Median");
	ck_line(&d, "Inmadura 2 77.8% 10d");
	ck_line(&d, "CLP 6,000,000");            /* the amounts under the name */
	ck_line(&d, "\u224810% CLP 600,000");
	ck_line(&d, "#7 Siete · Cliente Siete 30d late");
	ck_line(&d, "declined 1");                /* a matrix of one column fits */
	/* three columns do not: a line per loss */
	rep.losses[PIPELINE_LOSS_COMPETITOR][PIPELINE_CALIFICADA].count = 1;
	rep.losses[PIPELINE_LOSS_CANCELLED][PIPELINE_COMPROMETIDA].count = 2;
	rdoc_build(&d, &in, 40);
	ck_line(&d, "declined, from Inmadura 1");
	ck_line(&d, "cancelled, from Comprometida 2");
	rdoc_build(&d, &in, 80);
	ck_line(&d, "Inmadura Calificada Comprometida");
	ck_line(&d, "declined 1 - -");
	ck_line(&d, "cancelled - - 2");
	for (int w = VIEW_MIN_W; w <= 220; w++) {
		rdoc_build(&d, &in, w);
		ck_within(&d, w);
	}
	rdoc_free(&d);
}
END_TEST

/* The targets: each conversion with entries opens its cohort, the won
 * and the lost theirs, a loss cell its cards, an entry its card, the
 * last line of a list cut short the whole list. */
START_TEST(test_targets)
{
	rdoc d;
	rdoc_init(&d);
	rdoc_build(&d, &in, 80);
	ck_assert_int_ge(d.ntargets, 1);
	const rdoc_target *t = d.target;
	ck_assert_int_eq(t[0].kind, RDOC_CARDS);
	ck_assert_int_eq(t[0].pick.list, REPORT_ENTERED);
	ck_assert_int_eq(t[0].pick.stage, PIPELINE_INMADURA);
	ck_assert_int_eq(t[1].pick.list, REPORT_ENTERED);
	ck_assert_int_eq(t[1].pick.stage, PIPELINE_CALIFICADA);
	ck_assert_int_eq(t[2].pick.list, REPORT_WON);  /* no entries after calificada: no target */
	ck_assert_int_eq(t[3].pick.list, REPORT_LOST);
	ck_assert_int_eq(t[3].line, t[2].line);
	ck_assert_int_eq(t[4].pick.list, REPORT_LOSSES);
	ck_assert_int_eq(t[4].pick.reason, PIPELINE_LOSS_DECLINED);
	ck_assert_int_eq(t[4].pick.from, PIPELINE_INMADURA);
	ck_assert_int_eq(t[5].kind, RDOC_CARD);
	ck_assert_int_eq(t[5].id, 7);
	ck_assert_int_eq(t[5].pick.list, REPORT_OVERDUE);
	ck_assert_int_eq(t[6].id, 5);
	for (int i = 0; i < RDOC_PREVIEW; i++)
		ck_assert_int_eq(t[7 + i].id, 20 + i);
	ck_assert_int_eq(t[7 + RDOC_PREVIEW].kind, RDOC_CARDS); /* "… 2 more" */
	ck_assert_int_eq(t[7 + RDOC_PREVIEW].pick.list, REPORT_SLIPPED);
	ck_assert_int_eq(t[8 + RDOC_PREVIEW].id, 2);
	ck_assert_int_eq(d.ntargets, 9 + RDOC_PREVIEW);
	/* in reading order */
	for (int i = 1; i < d.ntargets; i++)
		ck_assert(t[i].line > t[i - 1].line || (t[i].line == t[i - 1].line && t[i].x > t[i - 1].x));
	/* rdoc_find knows each again after a rebuild at another width */
	rdoc_target keep = t[6];
	rdoc_build(&d, &in, 40);
	int k = rdoc_find(&d, &keep);
	ck_assert_int_ge(k, 0);
	ck_assert_int_eq(d.target[k].id, 5);
	rdoc_free(&d);
}
END_TEST

/* With rates: one converted total under each per-currency one, what has
 * no rate named, never guessed. */
START_TEST(test_rates)
{
	rates.set = true;
	snprintf(rates.reporting, sizeof rates.reporting, "CLP");
	snprintf(rates.as_of, sizeof rates.as_of, "2026-12-01");
	snprintf(rates.rate[0].currency, sizeof rates.rate[0].currency, "USD");
	rates.rate[0].units = 950;
	rates.n = 1;
	money(&rep.forecast.invoiced, "EUR", 1, 100000);
	in.rates = &rates;
	rdoc d;
	rdoc_init(&d);
	rdoc_build(&d, &in, 100);
	ck_line(&d, "\u2248 CLP at the rates of 2026-12-01");
	/* 1,500,000 + 4,500.00 x 950 */
	int f = find_line(&d, "Forecast CLP 1,500,000 · USD 4,500.00");
	ck_assert_int_ge(f, 0);
	ck_assert_str_eq(text_of(&d, f + 1), "\u2248 CLP 5,775,000");
	ck_line(&d, "\u2248 CLP 18,000,000 (no rate for EUR)");
	ck_within(&d, 100);
	rdoc_build(&d, &in, 40);
	ck_within(&d, 40);
	ck_assert(has_text(&d, "\u2248 CLP 5,775,000"));
	rdoc_free(&d);
}
END_TEST

/* Home, End, pages and steps keep the focus on a target in view. */
START_TEST(test_focus_and_scroll)
{
	rdoc d;
	rdoc_init(&d);
	rdoc_build(&d, &in, 80);
	int page = 10, off = 0, focus = 0;
	ck_assert_int_gt(d.nlines, 2 * page);
	rdoc_move_focus(&d, page, RDOC_END, &off, &focus);
	ck_assert_int_eq(off, d.nlines - page);
	ck_assert_int_eq(focus, d.ntargets - 1);
	rdoc_move_focus(&d, page, RDOC_HOME, &off, &focus);
	ck_assert_int_eq(off, 0);
	ck_assert_int_eq(focus, 0);
	/* Down: the next line's target nearest in columns (calificada's
	 * conversion, then the lost, nearer than the won) */
	rdoc_move_focus(&d, page, RDOC_DOWN, &off, &focus);
	ck_assert_int_eq(focus, 1);
	rdoc_move_focus(&d, page, RDOC_DOWN, &off, &focus);
	ck_assert_int_eq(d.target[focus].pick.list, REPORT_LOST);
	rdoc_move_focus(&d, page, RDOC_LEFT, &off, &focus);
	ck_assert_int_eq(d.target[focus].pick.list, REPORT_WON);
	rdoc_move_focus(&d, page, RDOC_LEFT, &off, &focus);
	ck_assert_int_eq(d.target[focus].pick.list, REPORT_WON); /* the line's first */
	/* each step down scrolls as little as shows the focus */
	for (int i = 0; i < d.ntargets + 5; i++) {
		rdoc_move_focus(&d, page, RDOC_DOWN, &off, &focus);
		ck_assert_int_ge(focus, 0);
		ck_assert(d.target[focus].line >= off && d.target[focus].line < off + page);
	}
	ck_assert_int_eq(focus, d.ntargets - 1);
	/* pages: the focus stays in view or takes the first there */
	rdoc_move_focus(&d, page, RDOC_HOME, &off, &focus);
	rdoc_move_focus(&d, page, RDOC_PAGE_DOWN, &off, &focus);
	ck_assert_int_eq(off, page);
	ck_assert(focus < 0 || (d.target[focus].line >= off && d.target[focus].line < off + page));
	rdoc_move_focus(&d, page, RDOC_PAGE_UP, &off, &focus);
	ck_assert_int_eq(off, 0);
	/* a shorter document (a rebuild, a filter): the offset within it */
	off = d.nlines;
	focus = d.ntargets + 3;
	rdoc_keep(&d, page, &off, &focus);
	ck_assert_int_eq(off, d.nlines - page);
	ck_assert_int_eq(focus, -1);
	rdoc_free(&d);
}
END_TEST

/* The right part of a list's entries: the long form while it leaves a
 * card 24 columns, then the short one. */
START_TEST(test_entry_forms)
{
	bool wide;
	char buf[256];
	rdoc_entries_right(preview[REPORT_OVERDUE], 2, REPORT_OVERDUE, 80, &wide);
	ck_assert(wide);
	rdoc_entries_right(preview[REPORT_OVERDUE], 2, REPORT_OVERDUE, 40, &wide);
	ck_assert(!wide);
	rdoc_entry_right(&preview[REPORT_OVERDUE][0], REPORT_OVERDUE, false, buf, sizeof buf);
	ck_assert_str_eq(buf, "30d late");
	rdoc_entry_right(&preview[REPORT_AWAITING_INVOICE][0], REPORT_AWAITING_INVOICE, true, buf, sizeof buf);
	ck_assert_str_eq(buf, "72 days in Calificada");
	rdoc_entry_left(&preview[REPORT_OVERDUE][1], 1, buf, sizeof buf);
	ck_assert_str_eq(buf, "#5  Cinco · Cliente Cinco");
	rdoc_card gone = { .item = { .id = 9 } };
	rdoc_entry_left(&gone, 1, buf, sizeof buf);
	ck_assert_str_eq(buf, "#9  (cannot be read)");
	/* Ids of one list padded to the widest: the titles start in one column. */
	rdoc_card ids[3] = { { .item = { .id = 7 } }, { .item = { .id = 12 } }, { .item = { .id = 104 } } };
	ck_assert_int_eq(rdoc_entries_idw(ids, 3), 3);
	ck_assert_int_eq(rdoc_entries_idw(ids, 2), 2);
	ck_assert_int_eq(rdoc_entries_idw(ids, 0), 1);
	rdoc_entry_left(&preview[REPORT_OVERDUE][1], 3, buf, sizeof buf);
	ck_assert_str_eq(buf, "#5    Cinco · Cliente Cinco");
}
END_TEST

static Suite *review_doc_suite(void)
{
	Suite *s = suite_create("review_doc");
	TCase *t = tcase_create("layout");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_wide);
	tcase_add_test(t, test_narrow);
	tcase_add_test(t, test_targets);
	tcase_add_test(t, test_rates);
	tcase_add_test(t, test_focus_and_scroll);
	tcase_add_test(t, test_entry_forms);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(review_doc_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
