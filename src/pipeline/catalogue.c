/*
 * catalogue: the sales vocabulary, stated once. A row per stage and per
 * kind of evidence, the words of commitments, losses and scopes, the
 * glossary's criteria, and the requirements a refusal names; with the
 * accessors everything else reads them through (pipeline.h).
 *
 * Every Spanish text here is copied verbatim from the glossary
 * (../shared/seed/000_42924db14778c82e.txt): users see it as the official
 * register, so it must not be paraphrased.
 *
 * Each table has one row per enumerator, in enum order, and a static
 * assertion on its length: an enumerator added without its row stops the
 * build here (check_pipeline.c checks the order and that no text is empty).
 */
#include "pipeline/pipeline.h"

#include <stdio.h>
#include <string.h>

#define ROWS(table) ((int)(sizeof(table) / sizeof((table)[0])))

/* ---- stages ----------------------------------------------------------- */

static const pipeline_stage_info stages[] = {
	{ .stage = PIPELINE_INMADURA, .slug = "inmadura", .name = "Oportunidad Inmadura",
	  .short_name = "Inmadura", .entry = PIPELINE_EV_COUNT, /* every opportunity starts here */
	  .probability = 10, .stale_days = 30 },
	{ .stage = PIPELINE_CALIFICADA, .slug = "calificada", .name = "Oportunidad Calificada",
	  .short_name = "Calificada", .entry = PIPELINE_EV_CRITERION,
	  .probability = 30, .stale_days = 21 },
	{ .stage = PIPELINE_COMPROMETIDA, .slug = "comprometida", .name = "Oportunidad Comprometida",
	  .short_name = "Comprometida", .entry = PIPELINE_EV_COMMITMENT,
	  .probability = 70, .stale_days = 14 },
	{ .stage = PIPELINE_POR_FACTURAR, .slug = "por-facturar", .name = "Oportunidad por Facturar",
	  .short_name = "por Facturar", .entry = PIPELINE_EV_BILLING_APPROVAL,
	  .probability = 90, .stale_days = 14 },
	{ .stage = PIPELINE_EN_FACTURACION, .slug = "en-facturacion",
	  .name = "Oportunidad en Facturación", .short_name = "en Facturación",
	  .entry = PIPELINE_EV_INVOICE, .probability = 100, .stale_days = 30 },
	{ .stage = PIPELINE_LISTA, .slug = "lista", .name = "Oportunidad Lista",
	  .short_name = "Lista", .entry = PIPELINE_EV_DELIVERY, .probability = 100, .stale_days = 0 },
	/* A lost card weighs nothing and never goes stale; it is lost with a
	 * reason (pipeline_plan_lose), not entered with evidence. */
	{ .stage = PIPELINE_PERDIDA, .slug = "perdida", .name = "Oportunidad Perdida",
	  .short_name = "Perdida", .entry = PIPELINE_EV_COUNT, .probability = 0, .stale_days = 0 },
};
_Static_assert(ROWS(stages) == PIPELINE_STAGE_COUNT, "one row per pipeline_stage");
_Static_assert(PIPELINE_PERDIDA == PIPELINE_STAGE_COUNT - 1, "the exit stays the last stage");

/* ---- kinds of evidence ------------------------------------------------ */

static const pipeline_evidence_info evidence[] = {
	{ .kind = PIPELINE_EV_CRITERION, .slug = "criterion", .field = "criteria",
	  .label = "Qualification checklist", .heading = "Criteria", .count = PIPELINE_NUMBERED,
	  .command = "criterion", .req = PIPELINE_REQ_CRITERION_1, .how = NULL },
	{ .kind = PIPELINE_EV_COMMITMENT, .slug = "commitment", .field = "commitments",
	  .label = "Commitment action", .heading = "Commitments", .count = PIPELINE_MANY,
	  .command = "commitment", .req = PIPELINE_REQ_COMMITMENT,
	  .how = "record at least one, with its kind, reference and date" },
	{ .kind = PIPELINE_EV_BILLING_APPROVAL, .slug = "billing-approval", .field = "billing_approval",
	  .label = "Billing approval", .heading = "Billing approval", .count = PIPELINE_ONE,
	  .command = "billing-approval", .req = PIPELINE_REQ_BILLING_APPROVAL,
	  .how = "record the client's explicit approval to start invoicing, with its date and reference" },
	{ .kind = PIPELINE_EV_INVOICE, .slug = "invoice", .field = "invoices",
	  .label = "Sales invoice", .heading = "Invoices", .count = PIPELINE_MANY,
	  .command = "invoice", .req = PIPELINE_REQ_INVOICE,
	  .how = "record at least one issued invoice, with its number and date" },
	{ .kind = PIPELINE_EV_DELIVERY, .slug = "delivery", .field = "delivery",
	  .label = "Delivery", .heading = "Delivery", .count = PIPELINE_ONE,
	  .command = "delivery", .req = PIPELINE_REQ_DELIVERY,
	  .how = "record the delivery, with its scope and date" },
};
_Static_assert(ROWS(evidence) == PIPELINE_EV_COUNT, "one row per pipeline_evidence_kind");

/* ---- the words of commitments, losses and scopes ---------------------- */

typedef struct word {
	const char *slug;
	const char *text; /* the glossary's sentence */
} word;

static const word commitments[] = {
	{ "email", "Una respuesta afirmativa vía correo electrónico a una propuesta formal." },
	{ "purchase-order", "La generación de una orden de compra." },
	{ "contract", "La firma de un contrato o anexo de contrato." },
};
_Static_assert(ROWS(commitments) == PIPELINE_COMMIT_COUNT, "one row per pipeline_commitment");

static const word losses[] = {
	{ "declined", "El cliente decidió no proceder con la compra." },
	{ "competitor", "El cliente optó por una solución de la competencia." },
	{ "needs-changed", "Las necesidades del cliente cambiaron, haciendo que nuestra oferta ya no fuera adecuada." },
	{ "no-agreement", "No se logró llegar a un acuerdo en términos comerciales o técnicos." },
	{ "cancelled", "El proyecto o la necesidad del cliente fue cancelada o pospuesta indefinidamente." },
};
_Static_assert(ROWS(losses) == PIPELINE_LOSS_COUNT, "one row per pipeline_loss");

static const word scopes[] = {
	{ "total", NULL },
	{ "partial", NULL },
};
_Static_assert(ROWS(scopes) == PIPELINE_SCOPE_COUNT, "one row per pipeline_scope");

/* Criterion 4 names the organisation; it is split around the name so the
 * configured one can be put in its place. */
static const char *const criteria_texts[PIPELINE_CRITERIA] = {
	"Se ha tenido una interacción directa (1:1) con el cliente.",
	"El cliente ha demostrado interés concreto en nuestros productos y/o servicios.",
	"Se ha identificado y comprendido la(s) problemática(s) específica(s) del cliente en su negocio, función, departamento o área.",
	NULL,
	"Se ha verificado que el cliente posee tanto el presupuesto como la capacidad de decisión para contratar nuestros servicios.",
};
static const char criterion4_head[] = "Se ha confirmado que los servicios de ";
static const char criterion4_tail[] = " pueden abordar eficazmente el/los problema(s) identificado(s).";

/* ---- requirements ----------------------------------------------------- */

/* A requirement that is evidence takes its code, label and how from its
 * kind's row (code NULL here); a criterion its number and the glossary's
 * sentence. The others' text is head, the name of stage (when not
 * PIPELINE_STAGE_COUNT), tail. */
typedef struct req_row {
	pipeline_req req;
	const char *code;
	const char *head;
	pipeline_stage stage;
	const char *tail;
} req_row;

#define NO_STAGE PIPELINE_STAGE_COUNT

static const req_row reqs[] = {
	{ PIPELINE_REQ_CRITERION_1, "criterion-1", NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_CRITERION_2, "criterion-2", NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_CRITERION_3, "criterion-3", NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_CRITERION_4, "criterion-4", NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_CRITERION_5, "criterion-5", NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_COMMITMENT, NULL, NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_BILLING_APPROVAL, NULL, NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_INVOICE, NULL, NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_DELIVERY, NULL, NULL, NO_STAGE, NULL },
	{ PIPELINE_REQ_NOTE, "note",
	  "A note is required: moving a card back or reopening it must say why.", NO_STAGE, "" },
	{ PIPELINE_REQ_REASON, "reason",
	  "A loss reason is required: a card goes to ", PIPELINE_PERDIDA,
	  " only by being lost with a reason." },
	{ PIPELINE_REQ_REOPEN, "reopen",
	  "The card is in ", PIPELINE_PERDIDA, ": it can leave only by being reopened, with a note." },
	{ PIPELINE_REQ_NOT_LOST, "not-lost",
	  "The card is not in ", PIPELINE_PERDIDA, ": only a lost card can be reopened." },
	{ PIPELINE_REQ_ALREADY_LOST, "already-lost", "The card is already in ", PIPELINE_PERDIDA, "." },
	{ PIPELINE_REQ_SAME_STAGE, "same-stage", "The card is already in that stage.", NO_STAGE, "" },
	{ PIPELINE_REQ_MOVE_BACK_FIRST, "move-back-first",
	  "The card's stage depends on this evidence: move the card back first.", NO_STAGE, "" },
};
_Static_assert(ROWS(reqs) == PIPELINE_REQ_COUNT, "one row per pipeline_req");

/* ---- rows ------------------------------------------------------------- */

static bool stage_ok(pipeline_stage s)
{
	return (int)s >= 0 && s < PIPELINE_STAGE_COUNT;
}

static bool kind_ok(pipeline_evidence_kind k)
{
	return (int)k >= 0 && k < PIPELINE_EV_COUNT;
}

static bool req_ok(pipeline_req r)
{
	return (int)r >= 0 && r < PIPELINE_REQ_COUNT;
}

const pipeline_stage_info *pipeline_stage_info_of(pipeline_stage s)
{
	static const pipeline_stage_info none = {
		.stage = PIPELINE_STAGE_COUNT, .slug = "", .name = "", .short_name = "",
		.entry = PIPELINE_EV_COUNT,
	};

	return stage_ok(s) ? &stages[s] : &none;
}

const pipeline_evidence_info *pipeline_evidence_info_of(pipeline_evidence_kind k)
{
	static const pipeline_evidence_info none = {
		.kind = PIPELINE_EV_COUNT, .slug = "", .field = "", .label = "", .heading = "",
		.command = "", .req = PIPELINE_REQ_COUNT, .how = "",
	};

	return kind_ok(k) ? &evidence[k] : &none;
}

const char *pipeline_stage_slug(pipeline_stage s)
{
	return pipeline_stage_info_of(s)->slug;
}

const char *pipeline_stage_name(pipeline_stage s)
{
	return pipeline_stage_info_of(s)->name;
}

const char *pipeline_stage_short(pipeline_stage s)
{
	return pipeline_stage_info_of(s)->short_name;
}

pipeline_evidence_kind pipeline_stage_entry(pipeline_stage s)
{
	return pipeline_stage_info_of(s)->entry;
}

pipeline_stage pipeline_evidence_opens(pipeline_evidence_kind k)
{
	for (int s = 0; kind_ok(k) && s < PIPELINE_STAGE_COUNT; s++)
		if (stages[s].entry == k)
			return (pipeline_stage)s;
	return PIPELINE_STAGE_COUNT;
}

/* How many requirements kind k has: the checklist one per criterion. */
static int req_span(const pipeline_evidence_info *e)
{
	return e->count == PIPELINE_NUMBERED ? PIPELINE_CRITERIA : 1;
}

pipeline_evidence_kind pipeline_req_evidence(pipeline_req r)
{
	for (int k = 0; req_ok(r) && k < PIPELINE_EV_COUNT; k++)
		if (r >= evidence[k].req && (int)r < (int)evidence[k].req + req_span(&evidence[k]))
			return (pipeline_evidence_kind)k;
	return PIPELINE_EV_COUNT;
}

pipeline_stage pipeline_req_stage(pipeline_req r)
{
	return pipeline_evidence_opens(pipeline_req_evidence(r));
}

const char *pipeline_evidence_slug(pipeline_evidence_kind k)
{
	return pipeline_evidence_info_of(k)->slug;
}

static const char *word_of(const word *table, int count, int i, bool text)
{
	if (i < 0 || i >= count)
		return "";
	return text ? table[i].text : table[i].slug;
}

const char *pipeline_commitment_slug(pipeline_commitment k)
{
	return word_of(commitments, PIPELINE_COMMIT_COUNT, (int)k, false);
}

const char *pipeline_commitment_text(pipeline_commitment k)
{
	return word_of(commitments, PIPELINE_COMMIT_COUNT, (int)k, true);
}

const char *pipeline_loss_slug(pipeline_loss r)
{
	return word_of(losses, PIPELINE_LOSS_COUNT, (int)r, false);
}

const char *pipeline_loss_text(pipeline_loss r)
{
	return word_of(losses, PIPELINE_LOSS_COUNT, (int)r, true);
}

const char *pipeline_scope_slug(pipeline_scope s)
{
	return word_of(scopes, PIPELINE_SCOPE_COUNT, (int)s, false);
}

const char *pipeline_req_code(pipeline_req r)
{
	if (!req_ok(r))
		return "";
	return reqs[r].code ? reqs[r].code : pipeline_evidence_slug(pipeline_req_evidence(r));
}

/* ---- bounded text building ------------------------------------------- */

/* Appends piece to buf (holding *len bytes), never splitting a UTF-8
 * character: a truncated text must still be valid UTF-8 for the terminal.
 * False when piece did not fit whole. */
static bool append(char *buf, size_t bufsz, size_t *len, const char *piece)
{
	size_t room, n;

	if (bufsz == 0 || *len >= bufsz - 1)
		return piece[0] == '\0';
	room = bufsz - 1 - *len;
	n = strlen(piece);
	bool whole = n <= room;
	if (!whole) {
		n = room;
		/* Back off over continuation bytes to the start of the cut
		 * character, which is then left out. */
		while (n > 0 && ((unsigned char)piece[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(buf + *len, piece, n);
	*len += n;
	buf[*len] = '\0';
	return whole;
}

/* Starts an empty text in buf; false when there is nowhere to write. */
static bool text_start(char *buf, size_t bufsz, size_t *len)
{
	*len = 0;
	if (buf == NULL || bufsz == 0)
		return false;
	buf[0] = '\0';
	return true;
}

/* ---- lists ------------------------------------------------------------ */

/* Item i of list l, NULL when l leaves it out; *count the items to try. */
static const char *list_item(pipeline_list l, int i, int *count)
{
	switch (l) {
	case PIPELINE_LIST_STAGES:
		*count = PIPELINE_STAGE_COUNT;
		return i < *count ? stages[i].slug : NULL;
	case PIPELINE_LIST_COMMITMENTS:
		*count = PIPELINE_COMMIT_COUNT;
		return i < *count ? commitments[i].slug : NULL;
	case PIPELINE_LIST_LOSSES:
		*count = PIPELINE_LOSS_COUNT;
		return i < *count ? losses[i].slug : NULL;
	case PIPELINE_LIST_SCOPES:
		*count = PIPELINE_SCOPE_COUNT;
		return i < *count ? scopes[i].slug : NULL;
	case PIPELINE_LIST_EVIDENCE_MANY:
		*count = PIPELINE_EV_COUNT;
		return i < *count && evidence[i].count == PIPELINE_MANY ? evidence[i].slug : NULL;
	case PIPELINE_LIST_EVIDENCE_ONE:
		*count = PIPELINE_EV_COUNT;
		return i < *count && evidence[i].count == PIPELINE_ONE ? evidence[i].slug : NULL;
	case PIPELINE_LIST_RETRACTABLE: /* as retract's usage: the many, then the ones */
		*count = 2 * PIPELINE_EV_COUNT;
		if (i >= *count)
			return NULL;
		return list_item(i < PIPELINE_EV_COUNT ? PIPELINE_LIST_EVIDENCE_MANY
		                                       : PIPELINE_LIST_EVIDENCE_ONE,
		                 i % PIPELINE_EV_COUNT, &(int){ 0 });
	case PIPELINE_LIST_COUNT:
		break;
	}
	*count = 0;
	return NULL;
}

const char *pipeline_list_text(pipeline_list l, const char *sep, const char *last, char *buf,
                               size_t bufsz)
{
	const char *items[64];
	int n = 0, count = 1; /* list_item says how many on its first call */
	size_t len;

	if (!text_start(buf, bufsz, &len))
		return "";
	for (int i = 0; i < count; i++) {
		const char *item = list_item(l, i, &count);

		if (item && n < (int)(sizeof items / sizeof items[0]))
			items[n++] = item;
	}
	for (int i = 0; i < n; i++) {
		size_t was = len;

		if ((i > 0 && !append(buf, bufsz, &len, i == n - 1 ? last : sep)) ||
		    !append(buf, bufsz, &len, items[i])) {
			buf[was] = '\0'; /* a slug is never cut */
			break;
		}
	}
	return buf;
}

/* ---- glossary texts --------------------------------------------------- */

const char *pipeline_criterion_text(int n, const char *org, char *buf, size_t bufsz)
{
	size_t len;

	if (!text_start(buf, bufsz, &len))
		return "";
	if (n < 1 || n > PIPELINE_CRITERIA)
		return buf;
	if (n == 4) {
		if (org == NULL || org[0] == '\0')
			org = PIPELINE_DEFAULT_ORG;
		append(buf, bufsz, &len, criterion4_head);
		append(buf, bufsz, &len, org);
		append(buf, bufsz, &len, criterion4_tail);
	} else {
		append(buf, bufsz, &len, criteria_texts[n - 1]);
	}
	return buf;
}

const char *pipeline_req_text(pipeline_req r, const char *org, char *buf, size_t bufsz)
{
	size_t len;

	if (!text_start(buf, bufsz, &len))
		return "";
	if (!req_ok(r))
		return buf;
	const pipeline_evidence_info *e = pipeline_evidence_info_of(pipeline_req_evidence(r));
	if (e->count == PIPELINE_NUMBERED) {
		/* Longest criterion text with a long organisation name fits. */
		char head[32], crit[512];
		int n = (int)(r - e->req) + 1;

		snprintf(head, sizeof head, "Qualification %s %d: ", e->slug, n);
		append(buf, bufsz, &len, head);
		append(buf, bufsz, &len, pipeline_criterion_text(n, org, crit, sizeof crit));
	} else if (e->kind != PIPELINE_EV_COUNT) {
		/* "Sales invoice missing (Oportunidad en Facturación): record ..." */
		append(buf, bufsz, &len, e->label);
		append(buf, bufsz, &len, " missing (");
		append(buf, bufsz, &len, pipeline_stage_name(pipeline_evidence_opens(e->kind)));
		append(buf, bufsz, &len, "): ");
		append(buf, bufsz, &len, e->how);
		append(buf, bufsz, &len, ".");
	} else {
		append(buf, bufsz, &len, reqs[r].head);
		append(buf, bufsz, &len, pipeline_stage_name(reqs[r].stage));
		append(buf, bufsz, &len, reqs[r].tail);
	}
	return buf;
}
