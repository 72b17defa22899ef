/*
 * pipeline_names: the words of the pipeline — stage, commitment, loss,
 * scope and evidence names, the glossary texts, requirement codes and their
 * human texts — and the forgiving parsers that read them back.
 *
 * Every Spanish text here is copied verbatim from the glossary
 * (../shared/seed/000_42924db14778c82e.txt): users see it as the official
 * register, so it must not be paraphrased.
 */
#include "pipeline/pipeline.h"

#include <stdio.h>
#include <string.h>

static const char *const stage_slugs[PIPELINE_STAGE_COUNT] = {
	"inmadura", "calificada", "comprometida", "por-facturar",
	"en-facturacion", "lista", "perdida",
};

static const char *const stage_names[PIPELINE_STAGE_COUNT] = {
	"Oportunidad Inmadura",
	"Oportunidad Calificada",
	"Oportunidad Comprometida",
	"Oportunidad por Facturar",
	"Oportunidad en Facturación",
	"Oportunidad Lista",
	"Oportunidad Perdida",
};

static const char *const stage_shorts[PIPELINE_STAGE_COUNT] = {
	"Inmadura", "Calificada", "Comprometida", "por Facturar",
	"en Facturación", "Lista", "Perdida",
};

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

static const char *const commitment_slugs[PIPELINE_COMMIT_COUNT] = {
	"email", "purchase-order", "contract",
};
static const char *const commitment_texts[PIPELINE_COMMIT_COUNT] = {
	"Una respuesta afirmativa vía correo electrónico a una propuesta formal.",
	"La generación de una orden de compra.",
	"La firma de un contrato o anexo de contrato.",
};

static const char *const loss_slugs[PIPELINE_LOSS_COUNT] = {
	"declined", "competitor", "needs-changed", "no-agreement", "cancelled",
};
static const char *const loss_texts[PIPELINE_LOSS_COUNT] = {
	"El cliente decidió no proceder con la compra.",
	"El cliente optó por una solución de la competencia.",
	"Las necesidades del cliente cambiaron, haciendo que nuestra oferta ya no fuera adecuada.",
	"No se logró llegar a un acuerdo en términos comerciales o técnicos.",
	"El proyecto o la necesidad del cliente fue cancelada o pospuesta indefinidamente.",
};

static const char *const scope_slugs[PIPELINE_SCOPE_COUNT] = { "total", "partial" };

static const char *const evidence_slugs[PIPELINE_EV_COUNT] = {
	"criterion", "commitment", "billing-approval", "invoice", "delivery",
};

static const char *const req_codes[PIPELINE_REQ_COUNT] = {
	"criterion-1", "criterion-2", "criterion-3", "criterion-4", "criterion-5",
	"commitment", "billing-approval", "invoice", "delivery", "note", "reason",
	"reopen", "not-lost", "already-lost", "same-stage", "move-back-first",
};

/* Human texts of the requirements that are not criteria (those are built
 * from the glossary sentence). Index: code - PIPELINE_REQ_COMMITMENT. */
static const char *const req_texts[PIPELINE_REQ_COUNT - PIPELINE_REQ_COMMITMENT] = {
	"Commitment action missing (Oportunidad Comprometida): record at least one "
	"(email, purchase order or contract) with its reference and date.",
	"Billing approval missing (Oportunidad por Facturar): record the client's "
	"explicit approval to start invoicing, with its date and reference.",
	"Sales invoice missing (Oportunidad en Facturación): record at least one "
	"issued invoice, with its number and date.",
	"Delivery missing (Oportunidad Lista): record the delivery, total or "
	"partial, with its date.",
	"A note is required: moving a card back or reopening it must say why.",
	"A loss reason is required: a card goes to Oportunidad Perdida only by "
	"being lost with a reason.",
	"The card is in Oportunidad Perdida: it can leave only by being reopened, "
	"with a note.",
	"The card is not in Oportunidad Perdida: only a lost card can be reopened.",
	"The card is already in Oportunidad Perdida.",
	"The card is already in that stage.",
	"The card's stage depends on this evidence: move the card back first.",
};

static const char *name_of(const char *const *table, int count, int i)
{
	if (i < 0 || i >= count)
		return "";
	return table[i];
}

/* ---- bounded text building ------------------------------------------- */

/* Appends piece to buf (holding *len bytes), never splitting a UTF-8
 * character: a truncated text must still be valid UTF-8 for the terminal. */
static void append(char *buf, size_t bufsz, size_t *len, const char *piece)
{
	size_t room, n;

	if (bufsz == 0 || *len >= bufsz - 1)
		return;
	room = bufsz - 1 - *len;
	n = strlen(piece);
	if (n > room) {
		n = room;
		/* Back off over continuation bytes to the start of the cut
		 * character, which is then left out. */
		while (n > 0 && ((unsigned char)piece[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(buf + *len, piece, n);
	*len += n;
	buf[*len] = '\0';
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

/* ---- forgiving parsing ------------------------------------------------ */

#define NORM_MAX 64

/* Folds text to the slug alphabet: ASCII lower case, the Spanish accented
 * letters (á é í ó ú ü ñ, either case) to their base letter, and every run
 * of spaces, tabs, underscores and hyphens to one hyphen; leading and
 * trailing separators are dropped. Returns false for anything it cannot
 * fold (other bytes, too long), which no name can match anyway. */
static bool normalize(const char *text, char *out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = 0;
	bool sep = false;

	if (text == NULL)
		return false;
	for (; *p; p++) {
		char c;

		if (*p == ' ' || *p == '\t' || *p == '_' || *p == '-') {
			sep = true;
			continue;
		}
		if (*p >= 'A' && *p <= 'Z') {
			c = (char)(*p - 'A' + 'a');
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			c = (char)*p;
		} else if (*p == 0xC3) {
			switch (p[1]) {
			case 0xA1: case 0x81: c = 'a'; break;
			case 0xA9: case 0x89: c = 'e'; break;
			case 0xAD: case 0x8D: c = 'i'; break;
			case 0xB3: case 0x93: c = 'o'; break;
			case 0xBA: case 0x9A: case 0xBC: case 0x9C: c = 'u'; break;
			case 0xB1: case 0x91: c = 'n'; break;
			default: return false;
			}
			p++;
		} else {
			return false;
		}
		if (sep && n > 0) {
			if (n + 1 >= NORM_MAX)
				return false;
			out[n++] = '-';
		}
		sep = false;
		if (n + 1 >= NORM_MAX)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n > 0;
}

/* Index of the first name in table whose normalised form equals the
 * normalised text, or -1. */
static int match(const char *norm, const char *const *table, int count)
{
	char cand[NORM_MAX];

	for (int i = 0; i < count; i++)
		if (normalize(table[i], cand) && strcmp(norm, cand) == 0)
			return i;
	return -1;
}

/* Shared parser for the slug-only enums. */
static bool parse_slug(const char *text, const char *const *table, int count, int *out)
{
	char norm[NORM_MAX];
	int i;

	if (!normalize(text, norm))
		return false;
	i = match(norm, table, count);
	if (i < 0)
		return false;
	*out = i;
	return true;
}

/* ---- stages ----------------------------------------------------------- */

const char *pipeline_stage_slug(pipeline_stage s)
{
	return name_of(stage_slugs, PIPELINE_STAGE_COUNT, (int)s);
}

const char *pipeline_stage_name(pipeline_stage s)
{
	return name_of(stage_names, PIPELINE_STAGE_COUNT, (int)s);
}

const char *pipeline_stage_short(pipeline_stage s)
{
	return name_of(stage_shorts, PIPELINE_STAGE_COUNT, (int)s);
}

bool pipeline_stage_parse(const char *text, pipeline_stage *out)
{
	const char *const *tables[] = { stage_slugs, stage_shorts, stage_names };
	char norm[NORM_MAX];

	if (!normalize(text, norm))
		return false;
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		int i = match(norm, tables[t], PIPELINE_STAGE_COUNT);

		if (i >= 0) {
			if (out)
				*out = (pipeline_stage)i;
			return true;
		}
	}
	return false;
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

const char *pipeline_commitment_slug(pipeline_commitment k)
{
	return name_of(commitment_slugs, PIPELINE_COMMIT_COUNT, (int)k);
}

const char *pipeline_commitment_text(pipeline_commitment k)
{
	return name_of(commitment_texts, PIPELINE_COMMIT_COUNT, (int)k);
}

bool pipeline_commitment_parse(const char *text, pipeline_commitment *out)
{
	int i;

	if (!parse_slug(text, commitment_slugs, PIPELINE_COMMIT_COUNT, &i))
		return false;
	if (out)
		*out = (pipeline_commitment)i;
	return true;
}

const char *pipeline_loss_slug(pipeline_loss r)
{
	return name_of(loss_slugs, PIPELINE_LOSS_COUNT, (int)r);
}

const char *pipeline_loss_text(pipeline_loss r)
{
	return name_of(loss_texts, PIPELINE_LOSS_COUNT, (int)r);
}

bool pipeline_loss_parse(const char *text, pipeline_loss *out)
{
	int i;

	if (!parse_slug(text, loss_slugs, PIPELINE_LOSS_COUNT, &i))
		return false;
	if (out)
		*out = (pipeline_loss)i;
	return true;
}

const char *pipeline_scope_slug(pipeline_scope s)
{
	return name_of(scope_slugs, PIPELINE_SCOPE_COUNT, (int)s);
}

bool pipeline_scope_parse(const char *text, pipeline_scope *out)
{
	int i;

	if (!parse_slug(text, scope_slugs, PIPELINE_SCOPE_COUNT, &i))
		return false;
	if (out)
		*out = (pipeline_scope)i;
	return true;
}

const char *pipeline_evidence_slug(pipeline_evidence_kind k)
{
	return name_of(evidence_slugs, PIPELINE_EV_COUNT, (int)k);
}

bool pipeline_evidence_parse(const char *text, pipeline_evidence_kind *out)
{
	int i;

	if (!parse_slug(text, evidence_slugs, PIPELINE_EV_COUNT, &i))
		return false;
	if (out)
		*out = (pipeline_evidence_kind)i;
	return true;
}

/* ---- requirements ----------------------------------------------------- */

const char *pipeline_req_code(pipeline_req r)
{
	return name_of(req_codes, PIPELINE_REQ_COUNT, (int)r);
}

const char *pipeline_req_text(pipeline_req r, const char *org, char *buf, size_t bufsz)
{
	size_t len;

	if (!text_start(buf, bufsz, &len))
		return "";
	if ((int)r < 0 || r >= PIPELINE_REQ_COUNT)
		return buf;
	if (r <= PIPELINE_REQ_CRITERION_5) {
		/* Longest criterion text with a long organisation name fits. */
		char head[32], crit[512];
		int n = (int)(r - PIPELINE_REQ_CRITERION_1) + 1;

		snprintf(head, sizeof head, "Qualification criterion %d: ", n);
		append(buf, bufsz, &len, head);
		append(buf, bufsz, &len, pipeline_criterion_text(n, org, crit, sizeof crit));
		return buf;
	}
	append(buf, bufsz, &len, req_texts[r - PIPELINE_REQ_COMMITMENT]);
	return buf;
}

pipeline_stage pipeline_req_stage(pipeline_req r)
{
	switch (r) {
	case PIPELINE_REQ_CRITERION_1:
	case PIPELINE_REQ_CRITERION_2:
	case PIPELINE_REQ_CRITERION_3:
	case PIPELINE_REQ_CRITERION_4:
	case PIPELINE_REQ_CRITERION_5:
		return PIPELINE_CALIFICADA;
	case PIPELINE_REQ_COMMITMENT:
		return PIPELINE_COMPROMETIDA;
	case PIPELINE_REQ_BILLING_APPROVAL:
		return PIPELINE_POR_FACTURAR;
	case PIPELINE_REQ_INVOICE:
		return PIPELINE_EN_FACTURACION;
	case PIPELINE_REQ_DELIVERY:
		return PIPELINE_LISTA;
	default:
		return PIPELINE_STAGE_COUNT;
	}
}
