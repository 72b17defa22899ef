/*
 * pipeline: the sales-pipeline rules of ../shared/domain.md (the glossary)
 * and its catalogue, the one place that states the sales vocabulary.
 *
 * Pure C: no I/O, no SQLite, no ncurses, no allocation. Plain structs in,
 * verdicts out. A refusal is data: a list of missing requirements, each with
 * a stable code (for scripts and for the UI to open the right form) and a
 * human text.
 *
 * The catalogue (catalogue.c) has a row per stage and per kind of evidence;
 * names, menus, hints, refusals, field names and retraction read it. Code
 * that must do something different per stage or per kind switches over
 * these enums with no `default:`, so that the compiler (-Wswitch) names
 * every such place when an enumerator is added. README, "Changing the
 * pipeline", has the recipe.
 */
#ifndef EMBUDO_PIPELINE_H
#define EMBUDO_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

/* The seven stages of the Flujo de Ventas General, in flow order. The
 * stages before PERDIDA are the flow; PERDIDA, the exit, stays the last. */
typedef enum pipeline_stage {
	PIPELINE_INMADURA = 0,
	PIPELINE_CALIFICADA,
	PIPELINE_COMPROMETIDA,
	PIPELINE_POR_FACTURAR,
	PIPELINE_EN_FACTURACION,
	PIPELINE_LISTA,
	PIPELINE_PERDIDA,
	PIPELINE_STAGE_COUNT
} pipeline_stage;

#define PIPELINE_CRITERIA 5 /* qualification criteria, numbered 1..5 */

typedef enum pipeline_commitment {
	PIPELINE_COMMIT_EMAIL = 0,
	PIPELINE_COMMIT_PURCHASE_ORDER,
	PIPELINE_COMMIT_CONTRACT,
	PIPELINE_COMMIT_COUNT
} pipeline_commitment;

typedef enum pipeline_loss {
	PIPELINE_LOSS_DECLINED = 0,
	PIPELINE_LOSS_COMPETITOR,
	PIPELINE_LOSS_NEEDS_CHANGED,
	PIPELINE_LOSS_NO_AGREEMENT,
	PIPELINE_LOSS_CANCELLED,
	PIPELINE_LOSS_COUNT
} pipeline_loss;

typedef enum pipeline_scope {
	PIPELINE_SCOPE_TOTAL = 0,
	PIPELINE_SCOPE_PARTIAL,
	PIPELINE_SCOPE_COUNT
} pipeline_scope;

/* The kinds of evidence a card can hold, in the order of the stages they
 * open (the catalogue's rows). */
typedef enum pipeline_evidence_kind {
	PIPELINE_EV_CRITERION = 0,
	PIPELINE_EV_COMMITMENT,
	PIPELINE_EV_BILLING_APPROVAL,
	PIPELINE_EV_INVOICE,
	PIPELINE_EV_DELIVERY,
	PIPELINE_EV_COUNT
} pipeline_evidence_kind;

/* What evidence a card holds: only what the rules need to decide. */
typedef struct pipeline_evidence {
	bool criteria[PIPELINE_CRITERIA]; /* index 0 is criterion 1 */
	int commitments;                  /* commitment actions recorded */
	bool billing_approval;            /* client's approval to invoice */
	int invoices;                     /* sales invoices issued */
	bool delivery;                    /* delivery recorded (any scope) */
} pipeline_evidence;

typedef struct pipeline_state {
	pipeline_stage stage;
	pipeline_stage lost_from; /* meaningful only when stage is PERDIDA */
	pipeline_evidence ev;
} pipeline_state;

/* Missing requirements: the codes of a refusal. */
typedef enum pipeline_req {
	PIPELINE_REQ_CRITERION_1 = 0, /* ..._5 = CRITERION_1 + 4 */
	PIPELINE_REQ_CRITERION_2,
	PIPELINE_REQ_CRITERION_3,
	PIPELINE_REQ_CRITERION_4,
	PIPELINE_REQ_CRITERION_5,
	PIPELINE_REQ_COMMITMENT,       /* "commitment" */
	PIPELINE_REQ_BILLING_APPROVAL, /* "billing-approval" */
	PIPELINE_REQ_INVOICE,          /* "invoice" */
	PIPELINE_REQ_DELIVERY,         /* "delivery" */
	PIPELINE_REQ_NOTE,             /* "note": back moves and reopen */
	PIPELINE_REQ_REASON,           /* "reason": a loss needs one */
	PIPELINE_REQ_REOPEN,           /* "reopen": a lost card leaves only by reopening */
	PIPELINE_REQ_NOT_LOST,         /* "not-lost": only a lost card can be reopened */
	PIPELINE_REQ_ALREADY_LOST,     /* "already-lost": a lost card cannot be lost again */
	PIPELINE_REQ_SAME_STAGE,       /* "same-stage": the card is already there */
	PIPELINE_REQ_MOVE_BACK_FIRST,  /* "move-back-first": retraction breaks the invariant */
	PIPELINE_REQ_COUNT
} pipeline_req;

#define PIPELINE_REFUSAL_MAX 16

typedef struct pipeline_refusal {
	int count;
	pipeline_req items[PIPELINE_REFUSAL_MAX]; /* each code at most once, in chain order */
} pipeline_refusal;

/* A plan for a move: the single steps to record, in order. */
typedef struct pipeline_step {
	pipeline_stage from, to;
} pipeline_step;

typedef struct pipeline_plan {
	int count;
	pipeline_step steps[PIPELINE_STAGE_COUNT];
} pipeline_plan;

/* ---- the catalogue ---------------------------------------------------- */

/* How many of a kind of evidence a card holds. */
typedef enum pipeline_count {
	PIPELINE_ONE,      /* at most one live: recording it again replaces it;
	                    * retracted whole (billing approval, delivery) */
	PIPELINE_MANY,     /* any number, each an item with an id; retracted by
	                    * item id (commitments, invoices) */
	PIPELINE_NUMBERED, /* the checklist of PIPELINE_CRITERIA items, each met
	                    * or not by number; unticked, never retracted */
} pipeline_count;

/* A stage's row. */
typedef struct pipeline_stage_info {
	pipeline_stage stage;
	const char *slug;             /* "por-facturar": stored, typed, the config's pipeline: key */
	const char *name;             /* "Oportunidad por Facturar": the glossary's, verbatim */
	const char *short_name;       /* "por Facturar": the column title */
	pipeline_evidence_kind entry; /* the evidence it takes to enter; PIPELINE_EV_COUNT
	                               * for none (INMADURA; PERDIDA's reason is
	                               * pipeline_plan_lose's business) */
	int probability;              /* default weight for the weighted value, percent */
	int stale_days;               /* default days in the stage before a card is stale; 0: never */
} pipeline_stage_info;

/* A kind of evidence's row. The stage it opens is the stage whose entry it
 * is (pipeline_evidence_opens). */
typedef struct pipeline_evidence_info {
	pipeline_evidence_kind kind;
	const char *slug;     /* "billing-approval": retract's argument, the requirement
	                       * code, the history's field */
	const char *field;    /* "billing_approval": the JSON key and the CSV column */
	const char *label;    /* "Billing approval": one of it, in menus and refusals */
	const char *heading;  /* "Invoices": the heading over them in show and the detail */
	pipeline_count count;
	const char *command;  /* "billing-approval": the CLI command that records it */
	pipeline_req req;     /* the requirement that says it is missing; for the
	                       * numbered checklist, the first of PIPELINE_CRITERIA */
	const char *how;      /* how to supply it, the end of the requirement's text
	                       * (NULL for the checklist: each criterion has its own) */
} pipeline_evidence_info;

/* The rows; for an invalid stage or kind, a row of empty texts whose entry
 * is PIPELINE_EV_COUNT and whose req is PIPELINE_REQ_COUNT (never NULL). */
const pipeline_stage_info *pipeline_stage_info_of(pipeline_stage s);
const pipeline_evidence_info *pipeline_evidence_info_of(pipeline_evidence_kind k);

/* The evidence it takes to enter stage s (PIPELINE_EV_COUNT: none). */
pipeline_evidence_kind pipeline_stage_entry(pipeline_stage s);
/* The stage kind k opens (whose entry it is), or PIPELINE_STAGE_COUNT. */
pipeline_stage pipeline_evidence_opens(pipeline_evidence_kind k);
/* The kind of evidence requirement r asks for, or PIPELINE_EV_COUNT for
 * requirements that are not evidence (note, reason, ...). */
pipeline_evidence_kind pipeline_req_evidence(pipeline_req r);

/* Lists of slugs, for usage lines, hints and errors. */
typedef enum pipeline_list {
	PIPELINE_LIST_STAGES,        /* every stage, in flow order */
	PIPELINE_LIST_COMMITMENTS,   /* the commitment kinds */
	PIPELINE_LIST_LOSSES,        /* the loss reasons */
	PIPELINE_LIST_SCOPES,        /* the delivery scopes */
	PIPELINE_LIST_EVIDENCE_MANY, /* the kinds retracted by item id */
	PIPELINE_LIST_EVIDENCE_ONE,  /* the kinds retracted whole */
	PIPELINE_LIST_RETRACTABLE,   /* both: the many, then the ones */
	PIPELINE_LIST_COUNT
} pipeline_list;
/* The slugs of list l joined by sep, the last two by last: ", " and " or "
 * give "total or partial", "|" and "|" give "total|partial". Writes into
 * buf (always NUL-terminated, a slug never cut: what does not fit is left
 * out) and returns buf; "" for an invalid l. */
const char *pipeline_list_text(pipeline_list l, const char *sep, const char *last, char *buf,
                               size_t bufsz);

/* How many of kind k ev holds: criteria met, commitments, invoices; 0 or 1
 * for the others. 0 for NULL or an invalid k. */
int pipeline_evidence_held(const pipeline_evidence *ev, pipeline_evidence_kind k);
/* ev with one of kind k fewer (the effect of retracting one): for the
 * numbered checklist nothing (a criterion is unticked by number). */
void pipeline_evidence_take(pipeline_evidence *ev, pipeline_evidence_kind k);

/* ---- names ------------------------------------------------------------ */

/* The catalogue's texts, "" for an invalid value. */

/* "inmadura", "calificada", ..., "perdida". */
const char *pipeline_stage_slug(pipeline_stage s);
/* Official glossary name: "Oportunidad Inmadura", ..., "Oportunidad en Facturación". */
const char *pipeline_stage_name(pipeline_stage s);
/* Column title: "Inmadura", "Calificada", ..., "por Facturar", "en Facturación". */
const char *pipeline_stage_short(pipeline_stage s);
/* Accepts slugs with accents, case, spaces and underscores forgiven
 * ("En Facturación", "por_facturar", "LISTA"), and the official and short
 * names. Returns false for anything else. */
bool pipeline_stage_parse(const char *text, pipeline_stage *out);

/* Glossary text of criterion n (1..5), verbatim, with the organisation name
 * of criterion 4 replaced by org (NULL or "" means "23people"). Writes into
 * buf (always NUL-terminated) and returns buf. */
const char *pipeline_criterion_text(int n, const char *org, char *buf, size_t bufsz);
#define PIPELINE_DEFAULT_ORG "23people"

const char *pipeline_commitment_slug(pipeline_commitment k); /* "email", "purchase-order", "contract" */
const char *pipeline_commitment_text(pipeline_commitment k); /* glossary sentence */
bool pipeline_commitment_parse(const char *text, pipeline_commitment *out);

const char *pipeline_loss_slug(pipeline_loss r); /* "declined", ... */
const char *pipeline_loss_text(pipeline_loss r); /* glossary sentence */
bool pipeline_loss_parse(const char *text, pipeline_loss *out);

const char *pipeline_scope_slug(pipeline_scope s); /* "total", "partial" */
bool pipeline_scope_parse(const char *text, pipeline_scope *out);

const char *pipeline_evidence_slug(pipeline_evidence_kind k); /* "criterion", "commitment", "billing-approval", "invoice", "delivery" */
bool pipeline_evidence_parse(const char *text, pipeline_evidence_kind *out);

/* Stable machine code of a requirement: "criterion-3", "commitment", ... */
const char *pipeline_req_code(pipeline_req r);
/* Human text (English, glossary terms verbatim). For criteria it is the
 * glossary sentence with org substituted; writes into buf and returns it. */
const char *pipeline_req_text(pipeline_req r, const char *org, char *buf, size_t bufsz);
/* The stage whose entry evidence a requirement belongs to (criteria ->
 * CALIFICADA, commitment -> COMPROMETIDA, ...), or PIPELINE_STAGE_COUNT for
 * requirements that are not evidence (note, reason, ...). The UI opens the
 * form of that stage. */
pipeline_stage pipeline_req_stage(pipeline_req r);

/* ---- rules ------------------------------------------------------------ */

void pipeline_refusal_clear(pipeline_refusal *r);
/* Appends code unless already present. */
void pipeline_refusal_add(pipeline_refusal *r, pipeline_req code);
bool pipeline_refusal_has(const pipeline_refusal *r, pipeline_req code);

/* Appends to why every entry requirement of stage s that ev lacks; returns
 * true when none is missing. Stage INMADURA has none; PERDIDA's (a reason)
 * is checked by pipeline_plan_lose, not here. */
bool pipeline_entry_met(const pipeline_evidence *ev, pipeline_stage s, pipeline_refusal *why);

/* True when s is non-NULL, s->stage is a stage and, when lost, lost_from
 * is one of INMADURA..LISTA. Every rule below answers false with an EMPTY
 * refusal for an invalid state or target stage (a caller's bug, not a
 * user's mistake); the effective stage of one is PIPELINE_STAGE_COUNT. */
bool pipeline_state_valid(const pipeline_state *s);

/* The stage whose evidence a card must hold: stage, or lost_from when lost. */
pipeline_stage pipeline_effective_stage(const pipeline_state *s);

/* The stage after s in the flow (INMADURA..LISTA), or PIPELINE_STAGE_COUNT
 * when there is none: LISTA is the last, and PERDIDA is left only by
 * reopening. What "one stage forward" means for the UIs. */
pipeline_stage pipeline_next_stage(pipeline_stage s);
/* The stage before s in the flow, or PIPELINE_STAGE_COUNT for INMADURA,
 * PERDIDA and an invalid s. */
pipeline_stage pipeline_prev_stage(pipeline_stage s);

/* True when the card has reached stage t or beyond in the flow (a lost card
 * counts its lost_from). Used for "existing client" (reached EN_FACTURACION). */
bool pipeline_reached(const pipeline_state *s, pipeline_stage t);

/* Plans a move of card s to stage `to`:
 *  - forward one or several steps (all or nothing; every missing requirement
 *    along the chain is named; one step per stage in plan);
 *  - back one or more steps between stages 1..6 with a note (has_note);
 *  - to PERDIDA: refused with "reason" (use pipeline_plan_lose);
 *  - from PERDIDA: refused with "reopen";
 *  - to the stage it is in: refused with "same-stage".
 * Returns true and fills plan when allowed; false and fills why otherwise.
 * `to` must be a valid stage (a bad slug is a usage error for the caller). */
bool pipeline_plan_move(const pipeline_state *s, pipeline_stage to, bool has_note,
                        pipeline_plan *plan, pipeline_refusal *why);

/* Loss from any stage but PERDIDA, with a reason. */
bool pipeline_plan_lose(const pipeline_state *s, bool has_reason, pipeline_refusal *why);

/* Reopen: only from PERDIDA, with a note; the target is s->lost_from. */
bool pipeline_plan_reopen(const pipeline_state *s, bool has_note, pipeline_refusal *why);

/* What a card in state s lets a person start, for the UIs to offer (a
 * move may still ask for its evidence, a note or a reason on the way): */
typedef struct pipeline_offer {
	bool forward;  /* there is a next stage (pipeline_next_stage) */
	bool back;     /* there is a previous stage (pipeline_prev_stage) */
	bool move;     /* a move to another stage: forward or back */
	bool lose;     /* pipeline_plan_lose accepts it, given a reason */
	bool reopen;   /* pipeline_plan_reopen accepts it, given a note */
	bool criteria; /* the qualification criteria are the entry evidence of
	                * its stage or of the next one (Inmadura, Calificada) */
	bool evidence; /* the next stage's entry evidence is a commitment, an
	                * approval, an invoice or a delivery */
} pipeline_offer;
/* All false for an invalid state. */
void pipeline_offers(const pipeline_state *s, pipeline_offer *out);

/* True when the entry evidence of the stage after s is the numbered
 * checklist (Inmadura): a card in s is shown with how many criteria it has
 * met; elsewhere that count says nothing and is not read. */
bool pipeline_counts_criteria(pipeline_stage s);

/* The invariant: s holds the entry evidence of every stage up to its
 * effective stage. Appends what is missing. */
bool pipeline_check_invariant(const pipeline_state *s, pipeline_refusal *why);

/* May the card's evidence become `after` (a retraction)? Refused when the
 * result would break the invariant: why then holds the requirements that
 * would go missing followed by PIPELINE_REQ_MOVE_BACK_FIRST. */
bool pipeline_check_retract(const pipeline_state *s, const pipeline_evidence *after,
                            pipeline_refusal *why);

/* Where a card must go back to before a retraction refused by
 * pipeline_check_retract is allowed: the stage before the earliest stage
 * whose entry evidence why names (criteria -> INMADURA, commitment ->
 * CALIFICADA, ...). PIPELINE_STAGE_COUNT when why names no evidence. */
pipeline_stage pipeline_move_back_target(const pipeline_refusal *why);

/* The furthest stage card s may move forward to now without any new
 * evidence: the end of the chain of single steps whose entry evidence it
 * holds, so pipeline_plan_move(s, t) succeeds for every t after s->stage
 * up to it and fails beyond. s->stage itself when not even the next step
 * is allowed, at LISTA, and for a lost card (it leaves PERDIDA only by
 * reopening); PIPELINE_STAGE_COUNT for an invalid state. */
pipeline_stage pipeline_furthest_allowed(const pipeline_state *s);

#endif
