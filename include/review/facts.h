/*
 * facts: what one opportunity's typed history says for the review's
 * figures (domain.md, "Derived figures"; embudo(1), DEFINITIONS): when it
 * first entered each stage and whether it advanced from there, its one
 * outcome (won at its first entry into Comprometida; else lost at its
 * latest loss when it is in Perdida; else undecided), a cancellation (won
 * and now in Perdida), its completed stays and the one under way, how
 * often its expected close date slipped and the first one it had, and
 * whether it awaits an invoice or a delivery.
 *
 * Pure: the card as it is now and its typed events in, the facts out. The
 * store keeps them (one row per live opportunity, and the rows below that
 * the period-bound figures add up), recomputed in the transaction of
 * every change that can alter them (review_changes_facts).
 */
#ifndef EMBUDO_REVIEW_FACTS_H
#define EMBUDO_REVIEW_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "pipeline/pipeline.h"
#include "review/event.h"
#include "review/report.h"
#include "util/date.h"
#include "util/money.h"

/* One typed event, as the facts read it (events of other kinds may be
 * given: they change nothing). */
typedef struct review_fact_event {
	time_t at;
	review_event_kind kind;
	pipeline_stage to;   /* the stage entered: creation (Inmadura), a step of a
	                      * move, a loss (Perdida), a reopening;
	                      * PIPELINE_STAGE_COUNT for none */
	bool through;        /* a step only passed through (no stay) */
	bool close_edit;     /* an edit of the expected close date: */
	char old_close[DATE_LEN + 1], new_close[DATE_LEN + 1]; /* "" for none */
} review_fact_event;

/* The opportunity now, as its own row says. */
typedef struct review_fact_card {
	bool deleted;
	pipeline_stage stage;
	pipeline_stage lost_from; /* when in Perdida */
	bool has_loss;
	pipeline_loss loss_reason;
	time_t stage_since;       /* when it entered its stage */
	char close[DATE_LEN + 1]; /* "" for none */
	bool has_amount;
	int64_t amount;
	char currency[MONEY_CODE_LEN + 1];
	bool invoiced;            /* holds a live invoice */
	bool delivered;           /* holds a live delivery */
} review_fact_card;

/* A completed stay: entered `stage` at from, left it at to. */
typedef struct review_span {
	pipeline_stage stage;
	time_t from, to;
	int64_t days; /* whole days: (to - from) / 24 h; time running back counts 0 */
} review_span;

typedef struct review_facts {
	bool live;                              /* not deleted: in the report */
	bool entered[PIPELINE_STAGE_COUNT];     /* ever entered the stage */
	time_t first[PIPELINE_STAGE_COUNT];     /* its first entry there */
	bool advanced[PIPELINE_STAGE_COUNT];    /* first entered the next stage at
	                                         * or after first[s] */
	bool won;                               /* ever entered Comprometida */
	time_t won_at;
	bool in_perdida;                        /* now lost: */
	time_t lost_at;                         /* its latest loss */
	pipeline_loss reason;                   /* PIPELINE_LOSS_COUNT: unknown */
	pipeline_stage lost_from;
	bool lost;                              /* in Perdida and not won */
	bool cancelled;                         /* in Perdida and won */
	bool undecided;                         /* neither won nor lost */
	pipeline_stage stage;                   /* the stay under way: */
	time_t since;
	review_span *stays;                     /* completed stays (the caller's
	                                         * buffer), oldest first */
	size_t nstays;
	int64_t slips;                          /* close-date edits to a later date */
	char first_close[DATE_LEN + 1];         /* the first close date ever set */
	char close[DATE_LEN + 1];               /* the current one */
	report_list awaiting;                   /* REPORT_AWAITING_INVOICE or
	                                         * _DELIVERY; REPORT_LIST_COUNT none */
} review_facts;

/* The facts of a card from its typed events ev[0..n), oldest first. When
 * the entries do not end in the stage the card is in (rows the upgrade
 * could not read), the card's own stage and stage_since close them.
 * stays must have room for n + 1 spans. */
void review_facts_of(const review_fact_card *card, const review_fact_event *ev, size_t n,
                     review_span *stays, review_facts *out);

/* Whether an event can change an opportunity's facts: every stage change,
 * its creation, deletion and restoring, an edit of its amount, currency or
 * close date, an invoice or a delivery recorded or retracted. field is the
 * edit's ("amount", "close-date", ...), evidence the kind of an evidence
 * or retraction event. */
bool review_changes_facts(review_event_kind k, pipeline_evidence_kind evidence, const char *field);

/* ---- the rows the period-bound figures add up -------------------------- */

typedef enum review_fig {
	REVIEW_FIG_ENTERED = 0, /* stage, advanced: a first entry */
	REVIEW_FIG_WON,         /* valued: the decision of a won one */
	REVIEW_FIG_LOST,        /* valued: the decision of a lost one */
	REVIEW_FIG_CANCELLED,   /* valued: the loss of a won one */
	REVIEW_FIG_LOSS,        /* valued: reason, stage (lost from): a loss now */
	REVIEW_FIG_STAY,        /* stage, days: a completed stay, at its end */
	REVIEW_FIG_COUNT
} review_fig;

typedef struct review_fig_row {
	review_fig what;
	int stage;    /* a pipeline_stage; 0 when it does not apply */
	int reason;   /* a pipeline_loss; 0 when it does not apply */
	int64_t days; /* a stay's whole days; else 0 */
	bool advanced;
	time_t at;    /* when it happened: what the period bounds */
	bool valued;  /* carries the card's amount (no amount: 0) and currency */
} review_fig_row;

/* Most rows a card gives with nstays completed stays. */
#define REVIEW_FIG_ROWS(nstays) (PIPELINE_STAGE_COUNT + 4 + (nstays))

/* The rows of f (none when it is not live) into rows (room for
 * REVIEW_FIG_ROWS(f->nstays)), in one order; returns how many. */
size_t review_fig_rows(const review_facts *f, review_fig_row *rows);

/* Whole days from `from` to `to` (0 when to is not later). */
int64_t review_days_between(time_t from, time_t to);

#endif
