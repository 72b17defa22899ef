/*
 * check_pipeline: the rules of ../shared/domain.md and the glossary texts.
 *
 * Expected Spanish texts are literal copies from the seed glossary
 * (../shared/seed/000_42924db14778c82e.txt), never taken from the code under
 * test, so a paraphrase or a lost accent fails here.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/pipeline.h"

#define NSTAGES PIPELINE_STAGE_COUNT
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---------------------------------------------------------- */

static pipeline_evidence full_evidence(void)
{
	pipeline_evidence ev;

	memset(&ev, 0, sizeof ev);
	for (int i = 0; i < PIPELINE_CRITERIA; i++)
		ev.criteria[i] = true;
	ev.commitments = 1;
	ev.billing_approval = true;
	ev.invoices = 1;
	ev.delivery = true;
	return ev;
}

static pipeline_evidence no_evidence(void)
{
	pipeline_evidence ev;

	memset(&ev, 0, sizeof ev);
	return ev;
}

static pipeline_state make_state(pipeline_stage stage, pipeline_stage lost_from, pipeline_evidence ev)
{
	pipeline_state s;

	memset(&s, 0, sizeof s);
	s.stage = stage;
	s.lost_from = lost_from;
	s.ev = ev;
	return s;
}

/* Renders a refusal as "code,code,..." for readable failure messages. */
static const char *render(const pipeline_req *items, int n, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, len < sz ? sz - len : 0, "%s%s",
		                        i ? "," : "", pipeline_req_code(items[i]));
	return buf;
}

static void assert_refusal_(const pipeline_refusal *why, const pipeline_req *want, int n,
                            const char *ctx)
{
	char got_s[512], want_s[512];

	render(why->items, why->count, got_s, sizeof got_s);
	render(want, n, want_s, sizeof want_s);
	ck_assert_msg(why->count == n && memcmp(why->items, want, sizeof *want * (size_t)n) == 0,
	              "%s: refusal [%s], expected [%s]", ctx, got_s, want_s);
}

#define assert_refusal(why, ctx, ...)                                                  \
	do {                                                                           \
		const pipeline_req want_[] = { __VA_ARGS__ };                          \
		assert_refusal_((why), want_, (int)ARRAY_LEN(want_), (ctx));           \
	} while (0)

/* The entry requirements of each stage, written out independently of the
 * code under test (the table of domain.md). */
static int entry_reqs(pipeline_stage s, pipeline_req *out)
{
	switch (s) {
	case PIPELINE_CALIFICADA:
		for (int i = 0; i < 5; i++)
			out[i] = (pipeline_req)(PIPELINE_REQ_CRITERION_1 + i);
		return 5;
	case PIPELINE_COMPROMETIDA: out[0] = PIPELINE_REQ_COMMITMENT; return 1;
	case PIPELINE_POR_FACTURAR: out[0] = PIPELINE_REQ_BILLING_APPROVAL; return 1;
	case PIPELINE_EN_FACTURACION: out[0] = PIPELINE_REQ_INVOICE; return 1;
	case PIPELINE_LISTA: out[0] = PIPELINE_REQ_DELIVERY; return 1;
	default: return 0;
	}
}

/* ---- names ------------------------------------------------------------ */

static const char *const want_slugs[NSTAGES] = {
	"inmadura", "calificada", "comprometida", "por-facturar",
	"en-facturacion", "lista", "perdida",
};
static const char *const want_names[NSTAGES] = {
	"Oportunidad Inmadura", "Oportunidad Calificada", "Oportunidad Comprometida",
	"Oportunidad por Facturar", "Oportunidad en Facturación", "Oportunidad Lista",
	"Oportunidad Perdida",
};
static const char *const want_shorts[NSTAGES] = {
	"Inmadura", "Calificada", "Comprometida", "por Facturar", "en Facturación",
	"Lista", "Perdida",
};

START_TEST(test_stage_names)
{
	for (int s = 0; s < NSTAGES; s++) {
		ck_assert_str_eq(pipeline_stage_slug((pipeline_stage)s), want_slugs[s]);
		ck_assert_str_eq(pipeline_stage_name((pipeline_stage)s), want_names[s]);
		ck_assert_str_eq(pipeline_stage_short((pipeline_stage)s), want_shorts[s]);
	}
	ck_assert_str_eq(pipeline_stage_slug(PIPELINE_STAGE_COUNT), "");
	ck_assert_str_eq(pipeline_stage_name((pipeline_stage)-1), "");
	ck_assert_str_eq(pipeline_stage_short((pipeline_stage)99), "");
}
END_TEST

START_TEST(test_stage_parse_canonical)
{
	/* Every slug, official name and short name parses back to its stage. */
	for (int s = 0; s < NSTAGES; s++) {
		pipeline_stage got = PIPELINE_STAGE_COUNT;

		ck_assert_msg(pipeline_stage_parse(want_slugs[s], &got), "slug %s", want_slugs[s]);
		ck_assert_int_eq(got, s);
		got = PIPELINE_STAGE_COUNT;
		ck_assert_msg(pipeline_stage_parse(want_names[s], &got), "name %s", want_names[s]);
		ck_assert_int_eq(got, s);
		got = PIPELINE_STAGE_COUNT;
		ck_assert_msg(pipeline_stage_parse(want_shorts[s], &got), "short %s", want_shorts[s]);
		ck_assert_int_eq(got, s);
	}
}
END_TEST

START_TEST(test_stage_parse_forgiving)
{
	static const struct {
		const char *text;
		pipeline_stage want;
	} cases[] = {
		{ "En Facturación", PIPELINE_EN_FACTURACION },
		{ "EN FACTURACIÓN", PIPELINE_EN_FACTURACION },
		{ "en_facturacion", PIPELINE_EN_FACTURACION },
		{ "en-facturación", PIPELINE_EN_FACTURACION },
		{ "En  Facturacion", PIPELINE_EN_FACTURACION },
		{ "oportunidad en facturacion", PIPELINE_EN_FACTURACION },
		{ "OPORTUNIDAD_EN_FACTURACIÓN", PIPELINE_EN_FACTURACION },
		{ "por_facturar", PIPELINE_POR_FACTURAR },
		{ "Por Facturar", PIPELINE_POR_FACTURAR },
		{ "POR-FACTURAR", PIPELINE_POR_FACTURAR },
		{ "LISTA", PIPELINE_LISTA },
		{ " lista ", PIPELINE_LISTA },
		{ "Inmadura", PIPELINE_INMADURA },
		{ "cálificada", PIPELINE_CALIFICADA },
		{ "COMPROMETIDA", PIPELINE_COMPROMETIDA },
		{ "Oportunidad Perdida", PIPELINE_PERDIDA },
		{ "perdída", PIPELINE_PERDIDA },
		/* ñ and ü fold like the other accented letters. */
		{ "IÑMADURA", PIPELINE_INMADURA },
		{ "iñmadura", PIPELINE_INMADURA },
		{ "OPORTÜNIDAD LISTA", PIPELINE_LISTA },
		{ "CALIFICADA", PIPELINE_CALIFICADA },
		{ "ÉN FÁCTÚRÁCÍÓN", PIPELINE_EN_FACTURACION },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		pipeline_stage got = PIPELINE_STAGE_COUNT;

		ck_assert_msg(pipeline_stage_parse(cases[i].text, &got), "'%s' refused", cases[i].text);
		ck_assert_msg(got == cases[i].want, "'%s' -> %d, want %d", cases[i].text, got,
		              cases[i].want);
	}
}
END_TEST

START_TEST(test_stage_parse_rejects)
{
	static const char *const bad[] = {
		"", " ", "-", "_", "foo", "inmadur", "inmaduras", "oportunidad",
		"Oportunidad de Negocio Calificada", "lista!", "en facturaciôn",
		"enfacturacion", "porfacturar", "1", "perdida\n", "\xC3", "\xC3\xA1",
		"lista\xFF", "calificada calificada",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	};
	pipeline_stage got = PIPELINE_LISTA;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		ck_assert_msg(!pipeline_stage_parse(bad[i], &got), "'%s' accepted", bad[i]);
		ck_assert_int_eq(got, PIPELINE_LISTA); /* untouched on failure */
	}
	ck_assert(!pipeline_stage_parse(NULL, &got));
	ck_assert(pipeline_stage_parse("lista", NULL)); /* out may be NULL */
}
END_TEST

/* ---- glossary texts --------------------------------------------------- */

static const char *const want_criteria[5] = {
	"Se ha tenido una interacción directa (1:1) con el cliente.",
	"El cliente ha demostrado interés concreto en nuestros productos y/o servicios.",
	"Se ha identificado y comprendido la(s) problemática(s) específica(s) del cliente en su negocio, función, departamento o área.",
	"Se ha confirmado que los servicios de 23people pueden abordar eficazmente el/los problema(s) identificado(s).",
	"Se ha verificado que el cliente posee tanto el presupuesto como la capacidad de decisión para contratar nuestros servicios.",
};

START_TEST(test_criteria_texts)
{
	char buf[512];

	for (int n = 1; n <= 5; n++) {
		ck_assert_str_eq(pipeline_criterion_text(n, NULL, buf, sizeof buf), want_criteria[n - 1]);
		ck_assert_str_eq(pipeline_criterion_text(n, "", buf, sizeof buf), want_criteria[n - 1]);
		ck_assert_str_eq(pipeline_criterion_text(n, "23people", buf, sizeof buf), want_criteria[n - 1]);
	}
	ck_assert_str_eq(pipeline_criterion_text(4, "Acme Ltda.", buf, sizeof buf),
	                 "Se ha confirmado que los servicios de Acme Ltda. pueden abordar eficazmente el/los problema(s) identificado(s).");
	/* Only criterion 4 names the organisation. */
	ck_assert_str_eq(pipeline_criterion_text(1, "Acme", buf, sizeof buf), want_criteria[0]);
	ck_assert_ptr_eq(pipeline_criterion_text(2, NULL, buf, sizeof buf), buf);
	ck_assert_str_eq(PIPELINE_DEFAULT_ORG, "23people");
}
END_TEST

START_TEST(test_criteria_text_bounds)
{
	char buf[64];
	char small[8];

	memset(buf, 'x', sizeof buf);
	ck_assert_str_eq(pipeline_criterion_text(0, NULL, buf, sizeof buf), "");
	memset(buf, 'x', sizeof buf);
	ck_assert_str_eq(pipeline_criterion_text(6, NULL, buf, sizeof buf), "");
	ck_assert_str_eq(pipeline_criterion_text(-3, NULL, buf, sizeof buf), "");
	ck_assert_str_eq(pipeline_criterion_text(1, NULL, NULL, 10), "");
	ck_assert_str_eq(pipeline_criterion_text(1, NULL, buf, 0), "");

	/* Truncation keeps a prefix and never splits a UTF-8 character:
	 * "Se ha tenido una interacción" cut inside the "ó" (2 bytes). */
	pipeline_criterion_text(1, NULL, buf, 27); /* room for 26 bytes */
	ck_assert_str_eq(buf, "Se ha tenido una interacci");
	pipeline_criterion_text(1, NULL, buf, 28); /* 27 bytes: half of "ó" */
	ck_assert_str_eq(buf, "Se ha tenido una interacci");
	pipeline_criterion_text(1, NULL, buf, 29);
	ck_assert_str_eq(buf, "Se ha tenido una interacció");
	pipeline_criterion_text(3, NULL, small, sizeof small);
	ck_assert_str_eq(small, "Se ha i");
}
END_TEST

START_TEST(test_commitments)
{
	static const char *const slugs[] = { "email", "purchase-order", "contract" };
	static const char *const texts[] = {
		"Una respuesta afirmativa vía correo electrónico a una propuesta formal.",
		"La generación de una orden de compra.",
		"La firma de un contrato o anexo de contrato.",
	};
	pipeline_commitment k;

	ck_assert_int_eq(PIPELINE_COMMIT_COUNT, 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_str_eq(pipeline_commitment_slug((pipeline_commitment)i), slugs[i]);
		ck_assert_str_eq(pipeline_commitment_text((pipeline_commitment)i), texts[i]);
		k = PIPELINE_COMMIT_COUNT;
		ck_assert(pipeline_commitment_parse(slugs[i], &k));
		ck_assert_int_eq(k, i);
	}
	ck_assert(pipeline_commitment_parse("Purchase_Order", &k));
	ck_assert_int_eq(k, PIPELINE_COMMIT_PURCHASE_ORDER);
	ck_assert(pipeline_commitment_parse("EMAIL", &k));
	ck_assert_int_eq(k, PIPELINE_COMMIT_EMAIL);
	ck_assert(!pipeline_commitment_parse("purchase", &k));
	ck_assert(!pipeline_commitment_parse("", &k));
	ck_assert(!pipeline_commitment_parse(NULL, &k));
	ck_assert_str_eq(pipeline_commitment_slug(PIPELINE_COMMIT_COUNT), "");
	ck_assert_str_eq(pipeline_commitment_text((pipeline_commitment)-1), "");
}
END_TEST

START_TEST(test_losses)
{
	static const char *const slugs[] = {
		"declined", "competitor", "needs-changed", "no-agreement", "cancelled",
	};
	static const char *const texts[] = {
		"El cliente decidió no proceder con la compra.",
		"El cliente optó por una solución de la competencia.",
		"Las necesidades del cliente cambiaron, haciendo que nuestra oferta ya no fuera adecuada.",
		"No se logró llegar a un acuerdo en términos comerciales o técnicos.",
		"El proyecto o la necesidad del cliente fue cancelada o pospuesta indefinidamente.",
	};
	pipeline_loss r;

	ck_assert_int_eq(PIPELINE_LOSS_COUNT, 5);
	for (int i = 0; i < 5; i++) {
		ck_assert_str_eq(pipeline_loss_slug((pipeline_loss)i), slugs[i]);
		ck_assert_str_eq(pipeline_loss_text((pipeline_loss)i), texts[i]);
		r = PIPELINE_LOSS_COUNT;
		ck_assert(pipeline_loss_parse(slugs[i], &r));
		ck_assert_int_eq(r, i);
	}
	ck_assert(pipeline_loss_parse("Needs Changed", &r));
	ck_assert_int_eq(r, PIPELINE_LOSS_NEEDS_CHANGED);
	ck_assert(pipeline_loss_parse("no_agreement", &r));
	ck_assert_int_eq(r, PIPELINE_LOSS_NO_AGREEMENT);
	ck_assert(!pipeline_loss_parse("lost", &r));
	ck_assert(!pipeline_loss_parse("", &r));
	ck_assert(!pipeline_loss_parse(NULL, &r));
	ck_assert_str_eq(pipeline_loss_slug(PIPELINE_LOSS_COUNT), "");
	ck_assert_str_eq(pipeline_loss_text((pipeline_loss)7), "");
}
END_TEST

START_TEST(test_scope_and_evidence_names)
{
	static const char *const ev[] = {
		"criterion", "commitment", "billing-approval", "invoice", "delivery",
	};
	pipeline_scope sc;
	pipeline_evidence_kind k;

	ck_assert_str_eq(pipeline_scope_slug(PIPELINE_SCOPE_TOTAL), "total");
	ck_assert_str_eq(pipeline_scope_slug(PIPELINE_SCOPE_PARTIAL), "partial");
	ck_assert_str_eq(pipeline_scope_slug(PIPELINE_SCOPE_COUNT), "");
	ck_assert(pipeline_scope_parse("Partial", &sc));
	ck_assert_int_eq(sc, PIPELINE_SCOPE_PARTIAL);
	ck_assert(pipeline_scope_parse("total", &sc));
	ck_assert_int_eq(sc, PIPELINE_SCOPE_TOTAL);
	ck_assert(!pipeline_scope_parse("half", &sc));
	ck_assert(!pipeline_scope_parse(NULL, &sc));

	for (int i = 0; i < PIPELINE_EV_COUNT; i++) {
		ck_assert_str_eq(pipeline_evidence_slug((pipeline_evidence_kind)i), ev[i]);
		k = PIPELINE_EV_COUNT;
		ck_assert(pipeline_evidence_parse(ev[i], &k));
		ck_assert_int_eq(k, i);
	}
	ck_assert(pipeline_evidence_parse("billing_approval", &k));
	ck_assert_int_eq(k, PIPELINE_EV_BILLING_APPROVAL);
	ck_assert(!pipeline_evidence_parse("bill", &k));
	ck_assert(!pipeline_evidence_parse("", &k));
	ck_assert_str_eq(pipeline_evidence_slug(PIPELINE_EV_COUNT), "");
}
END_TEST

/* ---- requirements ----------------------------------------------------- */

START_TEST(test_req_codes)
{
	static const char *const want[PIPELINE_REQ_COUNT] = {
		"criterion-1", "criterion-2", "criterion-3", "criterion-4", "criterion-5",
		"commitment", "billing-approval", "invoice", "delivery", "note", "reason",
		"reopen", "not-lost", "already-lost", "same-stage", "move-back-first",
	};

	ck_assert_int_eq(PIPELINE_REQ_COUNT, 16);
	for (int r = 0; r < PIPELINE_REQ_COUNT; r++)
		ck_assert_str_eq(pipeline_req_code((pipeline_req)r), want[r]);
	ck_assert_str_eq(pipeline_req_code(PIPELINE_REQ_COUNT), "");
	ck_assert_str_eq(pipeline_req_code((pipeline_req)-1), "");
}
END_TEST

START_TEST(test_req_texts)
{
	char buf[512], other[512], want[600];

	for (int n = 1; n <= 5; n++) {
		snprintf(want, sizeof want, "Qualification criterion %d: %s", n, want_criteria[n - 1]);
		ck_assert_str_eq(pipeline_req_text((pipeline_req)(PIPELINE_REQ_CRITERION_1 + n - 1),
		                                   NULL, buf, sizeof buf), want);
	}
	ck_assert_str_eq(pipeline_req_text(PIPELINE_REQ_CRITERION_4, "Acme", buf, sizeof buf),
	                 "Qualification criterion 4: Se ha confirmado que los servicios de Acme pueden abordar eficazmente el/los problema(s) identificado(s).");

	/* Every requirement has its own, non-empty text; the evidence ones name
	 * the stage they open, verbatim. */
	for (int r = 0; r < PIPELINE_REQ_COUNT; r++) {
		pipeline_req_text((pipeline_req)r, NULL, buf, sizeof buf);
		ck_assert_msg(strlen(buf) > 10, "text of %s too short", pipeline_req_code((pipeline_req)r));
		for (int q = r + 1; q < PIPELINE_REQ_COUNT; q++) {
			pipeline_req_text((pipeline_req)q, NULL, other, sizeof other);
			ck_assert_str_ne(buf, other);
		}
		pipeline_stage st = pipeline_req_stage((pipeline_req)r);
		if (st != PIPELINE_STAGE_COUNT && r > PIPELINE_REQ_CRITERION_5)
			ck_assert_msg(strstr(buf, pipeline_stage_name(st)) != NULL,
			              "text of %s does not name %s", pipeline_req_code((pipeline_req)r),
			              pipeline_stage_name(st));
	}
	ck_assert_ptr_nonnull(strstr(pipeline_req_text(PIPELINE_REQ_REASON, NULL, buf, sizeof buf),
	                             "Oportunidad Perdida"));
	ck_assert_ptr_nonnull(strstr(pipeline_req_text(PIPELINE_REQ_MOVE_BACK_FIRST, NULL, buf, sizeof buf),
	                             "move the card back first"));
	ck_assert_str_eq(pipeline_req_text(PIPELINE_REQ_COUNT, NULL, buf, sizeof buf), "");
	ck_assert_str_eq(pipeline_req_text(PIPELINE_REQ_NOTE, NULL, NULL, 0), "");
	pipeline_req_text(PIPELINE_REQ_CRITERION_1, NULL, buf, 12);
	ck_assert_str_eq(buf, "Qualificati");
}
END_TEST

START_TEST(test_req_stage)
{
	for (int r = PIPELINE_REQ_CRITERION_1; r <= PIPELINE_REQ_CRITERION_5; r++)
		ck_assert_int_eq(pipeline_req_stage((pipeline_req)r), PIPELINE_CALIFICADA);
	ck_assert_int_eq(pipeline_req_stage(PIPELINE_REQ_COMMITMENT), PIPELINE_COMPROMETIDA);
	ck_assert_int_eq(pipeline_req_stage(PIPELINE_REQ_BILLING_APPROVAL), PIPELINE_POR_FACTURAR);
	ck_assert_int_eq(pipeline_req_stage(PIPELINE_REQ_INVOICE), PIPELINE_EN_FACTURACION);
	ck_assert_int_eq(pipeline_req_stage(PIPELINE_REQ_DELIVERY), PIPELINE_LISTA);
	for (int r = PIPELINE_REQ_NOTE; r <= PIPELINE_REQ_COUNT; r++)
		ck_assert_int_eq(pipeline_req_stage((pipeline_req)r), PIPELINE_STAGE_COUNT);
}
END_TEST

START_TEST(test_refusal_ops)
{
	pipeline_refusal r;

	memset(&r, 0x5a, sizeof r);
	pipeline_refusal_clear(&r);
	ck_assert_int_eq(r.count, 0);
	ck_assert(!pipeline_refusal_has(&r, PIPELINE_REQ_NOTE));
	pipeline_refusal_add(&r, PIPELINE_REQ_NOTE);
	pipeline_refusal_add(&r, PIPELINE_REQ_INVOICE);
	pipeline_refusal_add(&r, PIPELINE_REQ_NOTE); /* once only */
	pipeline_refusal_add(&r, PIPELINE_REQ_COUNT); /* not a code */
	pipeline_refusal_add(&r, (pipeline_req)-1);
	assert_refusal(&r, "add", PIPELINE_REQ_NOTE, PIPELINE_REQ_INVOICE);
	ck_assert(pipeline_refusal_has(&r, PIPELINE_REQ_INVOICE));
	ck_assert(!pipeline_refusal_has(&r, PIPELINE_REQ_REASON));
	for (int c = 0; c < PIPELINE_REQ_COUNT; c++)
		pipeline_refusal_add(&r, (pipeline_req)c);
	ck_assert_int_eq(r.count, PIPELINE_REQ_COUNT); /* every code fits, once */

	pipeline_refusal_clear(NULL);
	pipeline_refusal_add(NULL, PIPELINE_REQ_NOTE);
	ck_assert(!pipeline_refusal_has(NULL, PIPELINE_REQ_NOTE));
}
END_TEST

/* ---- entry evidence --------------------------------------------------- */

START_TEST(test_entry_met)
{
	pipeline_evidence full = full_evidence(), none = no_evidence();
	pipeline_refusal why;

	for (int s = 0; s < NSTAGES; s++) {
		pipeline_req want[8];
		int n = entry_reqs((pipeline_stage)s, want);

		pipeline_refusal_clear(&why);
		ck_assert(pipeline_entry_met(&full, (pipeline_stage)s, &why));
		ck_assert_int_eq(why.count, 0);
		pipeline_refusal_clear(&why);
		ck_assert(pipeline_entry_met(&none, (pipeline_stage)s, &why) == (n == 0));
		assert_refusal_(&why, want, n, pipeline_stage_slug((pipeline_stage)s));
		ck_assert(pipeline_entry_met(NULL, (pipeline_stage)s, NULL) == (n == 0));
	}

	/* Each criterion alone. */
	for (int i = 0; i < 5; i++) {
		pipeline_evidence ev = full;

		ev.criteria[i] = false;
		pipeline_refusal_clear(&why);
		ck_assert(!pipeline_entry_met(&ev, PIPELINE_CALIFICADA, &why));
		assert_refusal(&why, "one criterion", (pipeline_req)(PIPELINE_REQ_CRITERION_1 + i));
		ck_assert(pipeline_entry_met(&ev, PIPELINE_COMPROMETIDA, NULL));
	}
	/* Counts: several commitments or invoices are as good as one; a
	 * negative count (damaged input) is none. */
	full.commitments = 3;
	ck_assert(pipeline_entry_met(&full, PIPELINE_COMPROMETIDA, NULL));
	full.commitments = -1;
	ck_assert(!pipeline_entry_met(&full, PIPELINE_COMPROMETIDA, NULL));
	full.invoices = 0;
	ck_assert(!pipeline_entry_met(&full, PIPELINE_EN_FACTURACION, NULL));

	/* Appends without clearing; a requirement already named still fails. */
	pipeline_refusal_clear(&why);
	pipeline_refusal_add(&why, PIPELINE_REQ_INVOICE);
	ck_assert(!pipeline_entry_met(&none, PIPELINE_EN_FACTURACION, &why));
	assert_refusal(&why, "append", PIPELINE_REQ_INVOICE);
	ck_assert(!pipeline_entry_met(&none, PIPELINE_STAGE_COUNT, NULL));
}
END_TEST

/* ---- the 7x7 move matrix ---------------------------------------------- */

START_TEST(test_move_matrix)
{
	for (int from = 0; from < NSTAGES; from++)
	for (int to = 0; to < NSTAGES; to++)
	for (int full = 0; full < 2; full++)
	for (int note = 0; note < 2; note++) {
		pipeline_evidence ev = full ? full_evidence() : no_evidence();
		/* A lost card with no evidence was lost from inmadura, so the
		 * state keeps the invariant either way. */
		pipeline_stage lost_from = full ? PIPELINE_LISTA : PIPELINE_INMADURA;
		pipeline_state s = make_state((pipeline_stage)from, lost_from, ev);
		pipeline_plan plan;
		pipeline_refusal why;
		pipeline_req want[PIPELINE_REFUSAL_MAX];
		int nwant = 0;
		bool allowed;
		char ctx[128];

		snprintf(ctx, sizeof ctx, "%s -> %s, %s evidence, %s note",
		         want_slugs[from], want_slugs[to], full ? "full" : "no", note ? "with" : "no");

		if (from == to) {
			want[nwant++] = PIPELINE_REQ_SAME_STAGE;
		} else if (from == PIPELINE_PERDIDA) {
			want[nwant++] = PIPELINE_REQ_REOPEN;
		} else if (to == PIPELINE_PERDIDA) {
			want[nwant++] = PIPELINE_REQ_REASON;
		} else if (to < from) {
			if (!note)
				want[nwant++] = PIPELINE_REQ_NOTE;
		} else if (!full) {
			for (int k = from + 1; k <= to; k++)
				nwant += entry_reqs((pipeline_stage)k, want + nwant);
		}

		memset(&plan, 0x5a, sizeof plan);
		memset(&why, 0x5a, sizeof why);
		allowed = pipeline_plan_move(&s, (pipeline_stage)to, note, &plan, &why);
		ck_assert_msg(allowed == (nwant == 0), "%s: allowed=%d", ctx, allowed);
		assert_refusal_(&why, want, nwant, ctx);
		if (!allowed) {
			ck_assert_msg(plan.count == 0, "%s: refused but plan has %d steps", ctx, plan.count);
		} else if (to < from) {
			ck_assert_msg(plan.count == 1, "%s: back plan %d steps", ctx, plan.count);
			ck_assert_int_eq(plan.steps[0].from, from);
			ck_assert_int_eq(plan.steps[0].to, to);
		} else {
			ck_assert_msg(plan.count == to - from, "%s: plan %d steps", ctx, plan.count);
			for (int i = 0; i < plan.count; i++) {
				ck_assert_int_eq(plan.steps[i].from, from + i);
				ck_assert_int_eq(plan.steps[i].to, from + i + 1);
			}
		}
		/* The state is an input only. */
		ck_assert_int_eq(s.stage, from);
	}
}
END_TEST

/* ---- forward chains --------------------------------------------------- */

START_TEST(test_chain_names_everything)
{
	pipeline_state s = make_state(PIPELINE_INMADURA, PIPELINE_INMADURA, no_evidence());
	pipeline_plan plan;
	pipeline_refusal why;

	ck_assert(!pipeline_plan_move(&s, PIPELINE_LISTA, false, &plan, &why));
	assert_refusal(&why, "inmadura->lista, nothing",
	               PIPELINE_REQ_CRITERION_1, PIPELINE_REQ_CRITERION_2, PIPELINE_REQ_CRITERION_3,
	               PIPELINE_REQ_CRITERION_4, PIPELINE_REQ_CRITERION_5, PIPELINE_REQ_COMMITMENT,
	               PIPELINE_REQ_BILLING_APPROVAL, PIPELINE_REQ_INVOICE, PIPELINE_REQ_DELIVERY);

	/* Gaps spread along the chain, evidence recorded ahead of time counts. */
	s.ev.criteria[0] = s.ev.criteria[1] = s.ev.criteria[3] = true;
	s.ev.commitments = 2;
	s.ev.invoices = 1;
	ck_assert(!pipeline_plan_move(&s, PIPELINE_LISTA, true, &plan, &why));
	ck_assert_int_eq(plan.count, 0);
	assert_refusal(&why, "inmadura->lista, gaps",
	               PIPELINE_REQ_CRITERION_3, PIPELINE_REQ_CRITERION_5,
	               PIPELINE_REQ_BILLING_APPROVAL, PIPELINE_REQ_DELIVERY);

	/* Only the chain counts: what lies beyond the target is not asked. */
	ck_assert(!pipeline_plan_move(&s, PIPELINE_COMPROMETIDA, false, &plan, &why));
	assert_refusal(&why, "inmadura->comprometida",
	               PIPELINE_REQ_CRITERION_3, PIPELINE_REQ_CRITERION_5);

	s.ev.criteria[2] = s.ev.criteria[4] = true;
	ck_assert(pipeline_plan_move(&s, PIPELINE_COMPROMETIDA, false, &plan, &why));
	ck_assert_int_eq(why.count, 0);
	ck_assert_int_eq(plan.count, 2);
	ck_assert_int_eq(plan.steps[0].from, PIPELINE_INMADURA);
	ck_assert_int_eq(plan.steps[0].to, PIPELINE_CALIFICADA);
	ck_assert_int_eq(plan.steps[1].from, PIPELINE_CALIFICADA);
	ck_assert_int_eq(plan.steps[1].to, PIPELINE_COMPROMETIDA);

	/* The missing billing approval blocks the invoice behind it too. */
	ck_assert(!pipeline_plan_move(&s, PIPELINE_EN_FACTURACION, false, &plan, &why));
	assert_refusal(&why, "inmadura->en-facturacion", PIPELINE_REQ_BILLING_APPROVAL);

	/* From the middle of the flow: comprometida -> lista. */
	s = make_state(PIPELINE_COMPROMETIDA, PIPELINE_INMADURA, full_evidence());
	s.ev.billing_approval = false;
	s.ev.delivery = false;
	ck_assert(!pipeline_plan_move(&s, PIPELINE_LISTA, false, &plan, &why));
	assert_refusal(&why, "comprometida->lista",
	               PIPELINE_REQ_BILLING_APPROVAL, PIPELINE_REQ_DELIVERY);
	s.ev.billing_approval = true;
	s.ev.delivery = true;
	ck_assert(pipeline_plan_move(&s, PIPELINE_LISTA, false, &plan, &why));
	ck_assert_int_eq(plan.count, 3);
	ck_assert_int_eq(plan.steps[2].from, PIPELINE_EN_FACTURACION);
	ck_assert_int_eq(plan.steps[2].to, PIPELINE_LISTA);

	/* plan and why may be NULL. */
	ck_assert(pipeline_plan_move(&s, PIPELINE_LISTA, false, NULL, NULL));
	s.ev.delivery = false;
	ck_assert(!pipeline_plan_move(&s, PIPELINE_LISTA, false, NULL, NULL));
}
END_TEST

START_TEST(test_back_moves)
{
	pipeline_state s = make_state(PIPELINE_LISTA, PIPELINE_INMADURA, full_evidence());
	pipeline_plan plan;
	pipeline_refusal why;

	for (int to = PIPELINE_INMADURA; to < PIPELINE_LISTA; to++) {
		ck_assert(!pipeline_plan_move(&s, (pipeline_stage)to, false, &plan, &why));
		assert_refusal(&why, "back without note", PIPELINE_REQ_NOTE);
		ck_assert(pipeline_plan_move(&s, (pipeline_stage)to, true, &plan, &why));
		ck_assert_int_eq(plan.count, 1); /* one recorded step, however far */
		ck_assert_int_eq(plan.steps[0].from, PIPELINE_LISTA);
		ck_assert_int_eq(plan.steps[0].to, to);
	}
	/* Going back never needs evidence: even a damaged record may retreat. */
	s = make_state(PIPELINE_EN_FACTURACION, PIPELINE_INMADURA, no_evidence());
	ck_assert(pipeline_plan_move(&s, PIPELINE_CALIFICADA, true, &plan, &why));
	ck_assert_int_eq(why.count, 0);
}
END_TEST

/* ---- loss and reopen -------------------------------------------------- */

START_TEST(test_lose)
{
	pipeline_refusal why;

	for (int from = 0; from < PIPELINE_PERDIDA; from++) {
		pipeline_state s = make_state((pipeline_stage)from, PIPELINE_INMADURA, no_evidence());

		ck_assert_msg(pipeline_plan_lose(&s, true, &why), "lose from %s", want_slugs[from]);
		ck_assert_int_eq(why.count, 0);
		ck_assert(!pipeline_plan_lose(&s, false, &why));
		assert_refusal(&why, "lose without reason", PIPELINE_REQ_REASON);
	}
	for (int lf = 0; lf < PIPELINE_PERDIDA; lf++) {
		pipeline_state s = make_state(PIPELINE_PERDIDA, (pipeline_stage)lf, full_evidence());

		ck_assert(!pipeline_plan_lose(&s, true, &why));
		assert_refusal(&why, "lost again", PIPELINE_REQ_ALREADY_LOST);
		ck_assert(!pipeline_plan_lose(&s, false, &why));
		assert_refusal(&why, "lost again, no reason", PIPELINE_REQ_ALREADY_LOST);
	}
}
END_TEST

START_TEST(test_reopen)
{
	pipeline_refusal why;

	for (int from = 0; from < PIPELINE_PERDIDA; from++) {
		pipeline_state s = make_state((pipeline_stage)from, PIPELINE_INMADURA, full_evidence());

		ck_assert(!pipeline_plan_reopen(&s, true, &why));
		assert_refusal(&why, "reopen a live card", PIPELINE_REQ_NOT_LOST);
		ck_assert(!pipeline_plan_reopen(&s, false, &why));
		assert_refusal(&why, "reopen a live card, no note", PIPELINE_REQ_NOT_LOST);
	}
	for (int lf = 0; lf < PIPELINE_PERDIDA; lf++) {
		pipeline_state s = make_state(PIPELINE_PERDIDA, (pipeline_stage)lf, full_evidence());

		ck_assert(!pipeline_plan_reopen(&s, false, &why));
		assert_refusal(&why, "reopen without note", PIPELINE_REQ_NOTE);
		ck_assert(pipeline_plan_reopen(&s, true, &why));
		ck_assert_int_eq(why.count, 0);
		ck_assert_int_eq(pipeline_effective_stage(&s), lf); /* the target */
	}
}
END_TEST

/* ---- invariant and retraction ----------------------------------------- */

START_TEST(test_invariant)
{
	pipeline_refusal why;

	for (int st = 0; st < NSTAGES; st++) {
		pipeline_state s = make_state((pipeline_stage)st, PIPELINE_LISTA, full_evidence());

		pipeline_refusal_clear(&why);
		ck_assert(pipeline_check_invariant(&s, &why));
		ck_assert_int_eq(why.count, 0);
	}
	/* No evidence: only inmadura (or lost from it) is justified; every
	 * other stage lacks everything up to itself, in flow order. */
	for (int st = 0; st < PIPELINE_PERDIDA; st++) {
		pipeline_state s = make_state((pipeline_stage)st, PIPELINE_INMADURA, no_evidence());
		pipeline_state lost = make_state(PIPELINE_PERDIDA, (pipeline_stage)st, no_evidence());
		pipeline_req want[PIPELINE_REFUSAL_MAX];
		int n = 0;

		for (int k = 1; k <= st; k++)
			n += entry_reqs((pipeline_stage)k, want + n);
		pipeline_refusal_clear(&why);
		ck_assert(pipeline_check_invariant(&s, &why) == (n == 0));
		assert_refusal_(&why, want, n, want_slugs[st]);
		pipeline_refusal_clear(&why);
		ck_assert(pipeline_check_invariant(&lost, &why) == (n == 0));
		assert_refusal_(&why, want, n, "lost from");
	}
	/* Evidence ahead of the stage is harmless. */
	pipeline_state s = make_state(PIPELINE_CALIFICADA, PIPELINE_INMADURA, full_evidence());
	ck_assert(pipeline_check_invariant(&s, NULL));
	s.ev.criteria[4] = false;
	s.ev.commitments = 0;
	pipeline_refusal_clear(&why);
	ck_assert(!pipeline_check_invariant(&s, &why));
	assert_refusal(&why, "calificada lacking criterion 5", PIPELINE_REQ_CRITERION_5);
}
END_TEST

START_TEST(test_retract)
{
	pipeline_refusal why;
	pipeline_evidence after;
	pipeline_state s = make_state(PIPELINE_CALIFICADA, PIPELINE_INMADURA, no_evidence());

	for (int i = 0; i < 5; i++)
		s.ev.criteria[i] = true;

	/* Unticking a criterion of a calificada card. */
	after = s.ev;
	after.criteria[1] = false;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	assert_refusal(&why, "untick criterion 2", PIPELINE_REQ_CRITERION_2, PIPELINE_REQ_MOVE_BACK_FIRST);
	/* Two at once: both named, in order, then the advice. */
	after.criteria[4] = false;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	assert_refusal(&why, "untick 2 and 5", PIPELINE_REQ_CRITERION_2, PIPELINE_REQ_CRITERION_5,
	               PIPELINE_REQ_MOVE_BACK_FIRST);
	/* The same untick on an inmadura card: evidence ahead of time. */
	s.stage = PIPELINE_INMADURA;
	ck_assert(pipeline_check_retract(&s, &after, &why));
	ck_assert_int_eq(why.count, 0);

	/* A comprometida card: its only commitment cannot go, one of two can. */
	s = make_state(PIPELINE_COMPROMETIDA, PIPELINE_INMADURA, full_evidence());
	s.ev.commitments = 1;
	after = s.ev;
	after.commitments = 0;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	assert_refusal(&why, "only commitment", PIPELINE_REQ_COMMITMENT, PIPELINE_REQ_MOVE_BACK_FIRST);
	s.ev.commitments = 2;
	after.commitments = 1;
	ck_assert(pipeline_check_retract(&s, &after, &why));
	ck_assert_int_eq(why.count, 0);
	/* Its invoice, recorded ahead of time, may go. */
	after = s.ev;
	after.invoices = 0;
	after.billing_approval = false;
	after.delivery = false;
	ck_assert(pipeline_check_retract(&s, &after, &why));
	/* ...but not a criterion, which the stage behind it still needs. */
	after.criteria[0] = false;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	assert_refusal(&why, "criterion under comprometida", PIPELINE_REQ_CRITERION_1,
	               PIPELINE_REQ_MOVE_BACK_FIRST);

	/* A lost card is measured against the stage it was lost from. */
	s = make_state(PIPELINE_PERDIDA, PIPELINE_COMPROMETIDA, full_evidence());
	after = s.ev;
	after.commitments = 0;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	assert_refusal(&why, "lost from comprometida", PIPELINE_REQ_COMMITMENT, PIPELINE_REQ_MOVE_BACK_FIRST);
	s.lost_from = PIPELINE_CALIFICADA;
	ck_assert(pipeline_check_retract(&s, &after, &why));
	s.lost_from = PIPELINE_INMADURA;
	after = no_evidence();
	ck_assert(pipeline_check_retract(&s, &after, &why));

	/* A lista card losing its delivery. */
	s = make_state(PIPELINE_LISTA, PIPELINE_INMADURA, full_evidence());
	after = s.ev;
	after.delivery = false;
	ck_assert(!pipeline_check_retract(&s, &after, NULL));

	/* What was already missing (a damaged record) does not block an
	 * unrelated retraction, and is not blamed on it. */
	s = make_state(PIPELINE_POR_FACTURAR, PIPELINE_INMADURA, full_evidence());
	s.ev.criteria[2] = false;
	after = s.ev;
	after.invoices = 0;
	ck_assert(pipeline_check_retract(&s, &after, &why));
	after.billing_approval = false;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	assert_refusal(&why, "damaged record", PIPELINE_REQ_BILLING_APPROVAL, PIPELINE_REQ_MOVE_BACK_FIRST);

	/* Adding evidence is never refused. */
	s = make_state(PIPELINE_INMADURA, PIPELINE_INMADURA, no_evidence());
	ck_assert(pipeline_check_retract(&s, &s.ev, &why));
	after = full_evidence();
	ck_assert(pipeline_check_retract(&s, &after, &why));
}
END_TEST

/* ---- reached and effective stage -------------------------------------- */

/* The neighbours in the flow that "one stage forward/back" means: a
 * forward move to the next stage is a single step of pipeline_plan_move,
 * and PERDIDA has no neighbours. */
START_TEST(test_next_prev_stage)
{
	for (int i = 0; i < PIPELINE_STAGE_COUNT; i++) {
		pipeline_stage s = (pipeline_stage)i, n = pipeline_next_stage(s);
		pipeline_stage p = pipeline_prev_stage(s);

		if (s == PIPELINE_LISTA || s == PIPELINE_PERDIDA)
			ck_assert_int_eq(n, PIPELINE_STAGE_COUNT);
		else
			ck_assert_int_eq(n, i + 1);
		if (s == PIPELINE_INMADURA || s == PIPELINE_PERDIDA)
			ck_assert_int_eq(p, PIPELINE_STAGE_COUNT);
		else
			ck_assert_int_eq(p, i - 1);
		if (n != PIPELINE_STAGE_COUNT) {
			pipeline_state st = { .stage = s };
			pipeline_plan plan;
			pipeline_refusal why;

			pipeline_refusal_clear(&why);
			for (int k = 0; k < PIPELINE_CRITERIA; k++)
				st.ev.criteria[k] = true;
			st.ev.commitments = st.ev.invoices = 1;
			st.ev.billing_approval = st.ev.delivery = true;
			ck_assert(pipeline_plan_move(&st, n, false, &plan, &why));
			ck_assert_int_eq(plan.count, 1);
			ck_assert_int_eq(pipeline_prev_stage(n), s);
		}
	}
	ck_assert_int_eq(pipeline_next_stage(PIPELINE_STAGE_COUNT), PIPELINE_STAGE_COUNT);
	ck_assert_int_eq(pipeline_prev_stage((pipeline_stage)-1), PIPELINE_STAGE_COUNT);
}
END_TEST

START_TEST(test_reached)
{
	for (int st = 0; st < PIPELINE_PERDIDA; st++) {
		pipeline_state live = make_state((pipeline_stage)st, PIPELINE_INMADURA, full_evidence());
		pipeline_state lost = make_state(PIPELINE_PERDIDA, (pipeline_stage)st, full_evidence());

		ck_assert_int_eq(pipeline_effective_stage(&live), st);
		ck_assert_int_eq(pipeline_effective_stage(&lost), st);
		for (int t = 0; t < PIPELINE_PERDIDA; t++) {
			ck_assert_msg(pipeline_reached(&live, (pipeline_stage)t) == (st >= t),
			              "%s reached %s", want_slugs[st], want_slugs[t]);
			ck_assert_msg(pipeline_reached(&lost, (pipeline_stage)t) == (st >= t),
			              "lost from %s reached %s", want_slugs[st], want_slugs[t]);
		}
		/* PERDIDA is an exit, reached only by a card that is lost now. */
		ck_assert(!pipeline_reached(&live, PIPELINE_PERDIDA));
		ck_assert(pipeline_reached(&lost, PIPELINE_PERDIDA));
	}
	/* "Existing client": billed means reached en-facturacion. */
	pipeline_state s = make_state(PIPELINE_POR_FACTURAR, PIPELINE_INMADURA, full_evidence());
	ck_assert(!pipeline_reached(&s, PIPELINE_EN_FACTURACION));
	s = make_state(PIPELINE_PERDIDA, PIPELINE_EN_FACTURACION, full_evidence());
	ck_assert(pipeline_reached(&s, PIPELINE_EN_FACTURACION));
	ck_assert(!pipeline_reached(&s, PIPELINE_STAGE_COUNT));
	ck_assert(!pipeline_reached(&s, (pipeline_stage)-1));
}
END_TEST

/* ---- furthest allowed and move-back target ------------------------------ */

/* The furthest stage a card may move to now is exactly where the forward
 * moves of pipeline_plan_move stop being allowed: checked over every
 * stage and every combination of the five kinds of evidence. */
START_TEST(test_furthest_allowed)
{
	for (int st = 0; st < PIPELINE_PERDIDA; st++)
		for (int bits = 0; bits < 32; bits++) {
			pipeline_evidence ev = no_evidence();
			for (int k = 0; k < PIPELINE_CRITERIA; k++)
				ev.criteria[k] = bits & 1;
			ev.commitments = (bits >> 1) & 1;
			ev.billing_approval = (bits >> 2) & 1;
			ev.invoices = (bits >> 3) & 1;
			ev.delivery = (bits >> 4) & 1;
			pipeline_state s = make_state((pipeline_stage)st, PIPELINE_INMADURA, ev);
			pipeline_stage far = pipeline_furthest_allowed(&s);

			ck_assert_int_ge(far, st);
			ck_assert_int_le(far, PIPELINE_LISTA);
			for (int t = st + 1; t <= PIPELINE_LISTA; t++)
				ck_assert_msg(pipeline_plan_move(&s, (pipeline_stage)t, false, NULL, NULL) == (t <= (int)far),
				              "%s, evidence %d: furthest %s, move to %s", want_slugs[st], bits,
				              want_slugs[far], want_slugs[t]);
		}
	/* The case: all five criteria saved, the commitment form
	 * cancelled: the evidence allows Calificada, not further. */
	pipeline_evidence ev = no_evidence();
	for (int k = 0; k < PIPELINE_CRITERIA; k++)
		ev.criteria[k] = true;
	ev.invoices = 1; /* recorded ahead of time: not reachable past the gap */
	pipeline_state s = make_state(PIPELINE_INMADURA, PIPELINE_INMADURA, ev);
	ck_assert_int_eq(pipeline_furthest_allowed(&s), PIPELINE_CALIFICADA);
	/* Four criteria: nowhere further. */
	s.ev.criteria[3] = false;
	ck_assert_int_eq(pipeline_furthest_allowed(&s), PIPELINE_INMADURA);
	/* Everything: Lista, the end of the flow. */
	s = make_state(PIPELINE_CALIFICADA, PIPELINE_INMADURA, full_evidence());
	ck_assert_int_eq(pipeline_furthest_allowed(&s), PIPELINE_LISTA);
	/* A lost card leaves only by reopening; an invalid state is nowhere. */
	s = make_state(PIPELINE_PERDIDA, PIPELINE_CALIFICADA, full_evidence());
	ck_assert_int_eq(pipeline_furthest_allowed(&s), PIPELINE_PERDIDA);
	s = make_state(PIPELINE_PERDIDA, PIPELINE_PERDIDA, full_evidence());
	ck_assert_int_eq(pipeline_furthest_allowed(&s), PIPELINE_STAGE_COUNT);
	ck_assert_int_eq(pipeline_furthest_allowed(NULL), PIPELINE_STAGE_COUNT);
}
END_TEST

/* Where a refused retraction says to move the card back to: the stage
 * before the earliest one whose evidence would go. */
START_TEST(test_move_back_target)
{
	pipeline_refusal why;
	pipeline_evidence after;
	pipeline_state s = make_state(PIPELINE_LISTA, PIPELINE_INMADURA, full_evidence());

	after = s.ev;
	after.criteria[2] = false;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	ck_assert_int_eq(pipeline_move_back_target(&why), PIPELINE_INMADURA);
	after = s.ev;
	after.commitments = 0;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	ck_assert_int_eq(pipeline_move_back_target(&why), PIPELINE_CALIFICADA);
	after.invoices = 0;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	ck_assert_int_eq(pipeline_move_back_target(&why), PIPELINE_CALIFICADA);
	after = s.ev;
	after.delivery = false;
	ck_assert(!pipeline_check_retract(&s, &after, &why));
	ck_assert_int_eq(pipeline_move_back_target(&why), PIPELINE_EN_FACTURACION);
	/* Once there, the same retraction is allowed. */
	s.stage = PIPELINE_EN_FACTURACION;
	ck_assert(pipeline_check_retract(&s, &after, &why));
	/* No evidence named: no target. */
	pipeline_refusal_clear(&why);
	pipeline_refusal_add(&why, PIPELINE_REQ_NOTE);
	ck_assert_int_eq(pipeline_move_back_target(&why), PIPELINE_STAGE_COUNT);
	ck_assert_int_eq(pipeline_move_back_target(NULL), PIPELINE_STAGE_COUNT);
}
END_TEST

/* ---- bad input -------------------------------------------------------- */

START_TEST(test_invalid_input)
{
	pipeline_state good = make_state(PIPELINE_CALIFICADA, PIPELINE_INMADURA, full_evidence());
	pipeline_state bad_stage = make_state((pipeline_stage)42, PIPELINE_INMADURA, full_evidence());
	pipeline_state neg_stage = make_state((pipeline_stage)-1, PIPELINE_INMADURA, full_evidence());
	pipeline_state lost_lost = make_state(PIPELINE_PERDIDA, PIPELINE_PERDIDA, full_evidence());
	pipeline_state lost_bad = make_state(PIPELINE_PERDIDA, PIPELINE_STAGE_COUNT, full_evidence());
	const pipeline_state *bad[] = { NULL, &bad_stage, &neg_stage, &lost_lost, &lost_bad };
	pipeline_evidence ev = full_evidence();
	pipeline_plan plan;
	pipeline_refusal why;

	ck_assert(pipeline_state_valid(&good));
	/* lost_from is ignored while the card is not lost. */
	good.lost_from = (pipeline_stage)77;
	ck_assert(pipeline_state_valid(&good));

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		ck_assert_msg(!pipeline_state_valid(bad[i]), "bad state %zu valid", i);
		ck_assert_int_eq(pipeline_effective_stage(bad[i]), PIPELINE_STAGE_COUNT);
		ck_assert(!pipeline_reached(bad[i], PIPELINE_INMADURA));

		/* Every rule answers false with an empty refusal. */
		plan.count = 9;
		ck_assert(!pipeline_plan_move(bad[i], PIPELINE_LISTA, true, &plan, &why));
		ck_assert_int_eq(why.count, 0);
		ck_assert_int_eq(plan.count, 0);
		ck_assert(!pipeline_plan_lose(bad[i], true, &why));
		ck_assert_int_eq(why.count, 0);
		ck_assert(!pipeline_plan_reopen(bad[i], true, &why));
		ck_assert_int_eq(why.count, 0);
		ck_assert(!pipeline_check_invariant(bad[i], NULL));
		ck_assert(!pipeline_check_retract(bad[i], &ev, &why));
		ck_assert_int_eq(why.count, 0);
	}
	/* Bad targets. */
	ck_assert(!pipeline_plan_move(&good, PIPELINE_STAGE_COUNT, true, &plan, &why));
	ck_assert_int_eq(why.count, 0);
	ck_assert(!pipeline_plan_move(&good, (pipeline_stage)-1, true, &plan, &why));
	ck_assert_int_eq(why.count, 0);
	ck_assert(!pipeline_check_retract(&good, NULL, &why));
	/* NULL refusals are tolerated everywhere. */
	ck_assert(!pipeline_plan_lose(&lost_lost, true, NULL));
	ck_assert(pipeline_plan_lose(&good, true, NULL));
	ck_assert(!pipeline_plan_reopen(&good, true, NULL));
	ck_assert(pipeline_check_invariant(&good, NULL));
}
END_TEST

/* ---- suite ------------------------------------------------------------ */

/* What each stage lets a card start, for the status bar: the moves the
 * flow has on either side, lose or reopen, and which evidence comes next. */
START_TEST(test_offers_per_stage)
{
	static const struct {
		pipeline_stage stage;
		bool forward, back, move, lose, reopen, criteria, evidence;
	} want[] = {
		{ PIPELINE_INMADURA,       1, 0, 1, 1, 0, 1, 0 },
		{ PIPELINE_CALIFICADA,     1, 1, 1, 1, 0, 1, 1 },
		{ PIPELINE_COMPROMETIDA,   1, 1, 1, 1, 0, 0, 1 },
		{ PIPELINE_POR_FACTURAR,   1, 1, 1, 1, 0, 0, 1 },
		{ PIPELINE_EN_FACTURACION, 1, 1, 1, 1, 0, 0, 1 },
		{ PIPELINE_LISTA,          0, 1, 1, 1, 0, 0, 0 },
		{ PIPELINE_PERDIDA,        0, 0, 0, 0, 1, 0, 0 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		pipeline_state s = { .stage = want[i].stage, .lost_from = PIPELINE_CALIFICADA };
		pipeline_offer o;
		pipeline_offers(&s, &o);
		ck_assert_msg(o.forward == want[i].forward && o.back == want[i].back &&
		              o.move == want[i].move && o.lose == want[i].lose &&
		              o.reopen == want[i].reopen && o.criteria == want[i].criteria &&
		              o.evidence == want[i].evidence,
		              "%s: %d%d%d%d%d%d%d", pipeline_stage_slug(want[i].stage), o.forward, o.back,
		              o.move, o.lose, o.reopen, o.criteria, o.evidence);
	}
	/* an invalid state offers nothing */
	pipeline_state bad = { .stage = PIPELINE_STAGE_COUNT };
	pipeline_offer o;
	memset(&o, 1, sizeof o);
	pipeline_offers(&bad, &o);
	ck_assert(!o.forward && !o.back && !o.move && !o.lose && !o.reopen && !o.criteria && !o.evidence);
	pipeline_offers(NULL, &o);
	ck_assert(!o.forward && !o.reopen);
}
END_TEST

/* A card shows its criteria count only where the checklist is what the
 * next stage asks (Inmadura): the board reads the count nowhere else. */
START_TEST(test_counts_criteria)
{
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
		ck_assert_msg(pipeline_counts_criteria((pipeline_stage)s) == (s == PIPELINE_INMADURA), "%s",
		              pipeline_stage_slug((pipeline_stage)s));
	ck_assert(!pipeline_counts_criteria(PIPELINE_STAGE_COUNT));
	ck_assert(!pipeline_counts_criteria((pipeline_stage)-1));
}
END_TEST

/* ---- the catalogue ---------------------------------------------------- */

START_TEST(test_catalogue_rows)
{
	/* Every row is in enum order and has all its texts. */
	for (int s = 0; s < NSTAGES; s++) {
		const pipeline_stage_info *i = pipeline_stage_info_of((pipeline_stage)s);
		ck_assert_int_eq(i->stage, s);
		ck_assert_msg(i->slug[0] && i->name[0] && i->short_name[0], "stage %d has an empty text", s);
		ck_assert_msg(i->entry >= 0 && i->entry <= PIPELINE_EV_COUNT, "stage %s", i->slug);
		ck_assert_msg(i->probability >= 0 && i->probability <= 100, "stage %s", i->slug);
		ck_assert_msg(i->stale_days >= 0, "stage %s", i->slug);
	}
	for (int k = 0; k < PIPELINE_EV_COUNT; k++) {
		const pipeline_evidence_info *e = pipeline_evidence_info_of((pipeline_evidence_kind)k);
		ck_assert_int_eq(e->kind, k);
		ck_assert_msg(e->slug[0] && e->field[0] && e->label[0] && e->heading[0] && e->command[0],
		              "kind %d has an empty text", k);
		ck_assert_msg(e->req >= 0 && e->req < PIPELINE_REQ_COUNT, "kind %s", e->slug);
		/* The how of a refusal, except for the checklist, whose criteria
		 * have the glossary's own sentences. */
		if (e->count == PIPELINE_NUMBERED)
			ck_assert_ptr_null(e->how);
		else
			ck_assert_msg(e->how && e->how[0], "kind %s has no how", e->slug);
	}
	/* Outside the enums: an empty row, never NULL. */
	ck_assert_str_eq(pipeline_stage_info_of(PIPELINE_STAGE_COUNT)->slug, "");
	ck_assert_int_eq(pipeline_stage_info_of((pipeline_stage)-1)->entry, PIPELINE_EV_COUNT);
	ck_assert_str_eq(pipeline_evidence_info_of(PIPELINE_EV_COUNT)->label, "");
	ck_assert_int_eq(pipeline_evidence_info_of((pipeline_evidence_kind)-3)->req, PIPELINE_REQ_COUNT);
	ck_assert_int_eq(pipeline_stage_entry(PIPELINE_STAGE_COUNT), PIPELINE_EV_COUNT);
	ck_assert_int_eq(pipeline_evidence_opens(PIPELINE_EV_COUNT), PIPELINE_STAGE_COUNT);
}
END_TEST

START_TEST(test_catalogue_unique_and_parsed_back)
{
	/* Each stage's slug, name and short name are its own and read back as it. */
	for (int s = 0; s < NSTAGES; s++) {
		const pipeline_stage_info *i = pipeline_stage_info_of((pipeline_stage)s);
		const char *texts[] = { i->slug, i->name, i->short_name };
		for (size_t t = 0; t < ARRAY_LEN(texts); t++) {
			pipeline_stage got = PIPELINE_STAGE_COUNT;
			ck_assert_msg(pipeline_stage_parse(texts[t], &got) && got == (pipeline_stage)s,
			              "'%s' does not read back as %s", texts[t], i->slug);
		}
		for (int o = s + 1; o < NSTAGES; o++) {
			const pipeline_stage_info *j = pipeline_stage_info_of((pipeline_stage)o);
			ck_assert_str_ne(i->slug, j->slug);
			ck_assert_str_ne(i->name, j->name);
			ck_assert_str_ne(i->short_name, j->short_name);
		}
	}
	for (int k = 0; k < PIPELINE_EV_COUNT; k++) {
		const pipeline_evidence_info *e = pipeline_evidence_info_of((pipeline_evidence_kind)k);
		pipeline_evidence_kind got = PIPELINE_EV_COUNT;
		ck_assert_msg(pipeline_evidence_parse(e->slug, &got) && got == (pipeline_evidence_kind)k,
		              "'%s' does not read back", e->slug);
		for (int o = k + 1; o < PIPELINE_EV_COUNT; o++) {
			const pipeline_evidence_info *f = pipeline_evidence_info_of((pipeline_evidence_kind)o);
			ck_assert_str_ne(e->slug, f->slug);
			ck_assert_str_ne(e->field, f->field);
			ck_assert_str_ne(e->label, f->label);
			ck_assert_str_ne(e->heading, f->heading);
			ck_assert_str_ne(e->command, f->command);
		}
		/* A requirement that is evidence is named by its kind's slug. */
		if (e->count != PIPELINE_NUMBERED)
			ck_assert_str_eq(pipeline_req_code(e->req), e->slug);
		else
			for (int n = 0; n < PIPELINE_CRITERIA; n++)
				ck_assert_ptr_eq(strstr(pipeline_req_code((pipeline_req)(e->req + n)), e->slug),
				                 pipeline_req_code((pipeline_req)(e->req + n)));
	}
	for (int k = 0; k < PIPELINE_COMMIT_COUNT; k++) {
		pipeline_commitment got = PIPELINE_COMMIT_COUNT;
		ck_assert(pipeline_commitment_parse(pipeline_commitment_slug((pipeline_commitment)k), &got));
		ck_assert_int_eq(got, k);
	}
	for (int r = 0; r < PIPELINE_LOSS_COUNT; r++) {
		pipeline_loss got = PIPELINE_LOSS_COUNT;
		ck_assert(pipeline_loss_parse(pipeline_loss_slug((pipeline_loss)r), &got));
		ck_assert_int_eq(got, r);
	}
	for (int c = 0; c < PIPELINE_SCOPE_COUNT; c++) {
		pipeline_scope got = PIPELINE_SCOPE_COUNT;
		ck_assert(pipeline_scope_parse(pipeline_scope_slug((pipeline_scope)c), &got));
		ck_assert_int_eq(got, c);
	}
}
END_TEST

START_TEST(test_catalogue_entry_evidence)
{
	/* Each kind opens one stage of its own, and that stage's entry is it. */
	bool opened[NSTAGES] = { false };
	for (int k = 0; k < PIPELINE_EV_COUNT; k++) {
		pipeline_stage s = pipeline_evidence_opens((pipeline_evidence_kind)k);
		ck_assert_msg(s < PIPELINE_STAGE_COUNT, "%s opens no stage",
		              pipeline_evidence_slug((pipeline_evidence_kind)k));
		ck_assert_msg(!opened[s], "two kinds open %s", pipeline_stage_slug(s));
		opened[s] = true;
		ck_assert_int_eq(pipeline_stage_entry(s), k);
	}
	/* pipeline_entry_met agrees: with nothing, a stage asks exactly the
	 * requirements of its entry kind (each mapping back to that kind and
	 * stage); a stage without entry evidence asks nothing. */
	pipeline_evidence none = no_evidence();
	for (int s = 0; s < NSTAGES; s++) {
		pipeline_evidence_kind k = pipeline_stage_entry((pipeline_stage)s);
		pipeline_refusal why;
		pipeline_refusal_clear(&why);
		bool met = pipeline_entry_met(&none, (pipeline_stage)s, &why);
		if (k == PIPELINE_EV_COUNT) {
			ck_assert_msg(met && why.count == 0, "%s asks for evidence", pipeline_stage_slug((pipeline_stage)s));
			continue;
		}
		const pipeline_evidence_info *e = pipeline_evidence_info_of(k);
		ck_assert(!met);
		ck_assert_int_eq(why.count, e->count == PIPELINE_NUMBERED ? PIPELINE_CRITERIA : 1);
		for (int i = 0; i < why.count; i++) {
			ck_assert_int_eq(why.items[i], e->req + i);
			ck_assert_int_eq(pipeline_req_evidence(why.items[i]), k);
			ck_assert_int_eq(pipeline_req_stage(why.items[i]), s);
		}
	}
	/* With all the evidence but one kind, only the stage that kind opens
	 * is unmet. */
	for (int k = 0; k < PIPELINE_EV_COUNT; k++) {
		pipeline_evidence ev = full_evidence();
		if (pipeline_evidence_info_of((pipeline_evidence_kind)k)->count == PIPELINE_NUMBERED)
			ev.criteria[2] = false;
		else
			while (pipeline_evidence_held(&ev, (pipeline_evidence_kind)k) > 0)
				pipeline_evidence_take(&ev, (pipeline_evidence_kind)k);
		for (int s = 0; s < NSTAGES; s++)
			ck_assert_msg(pipeline_entry_met(&ev, (pipeline_stage)s, NULL) ==
			              (s != (int)pipeline_evidence_opens((pipeline_evidence_kind)k)),
			              "without %s, %s", pipeline_evidence_slug((pipeline_evidence_kind)k),
			              pipeline_stage_slug((pipeline_stage)s));
	}
	for (int r = 0; r < PIPELINE_REQ_COUNT; r++)
		if (r > PIPELINE_REQ_DELIVERY)
			ck_assert_int_eq(pipeline_req_evidence((pipeline_req)r), PIPELINE_EV_COUNT);
	ck_assert_int_eq(pipeline_req_evidence(PIPELINE_REQ_COUNT), PIPELINE_EV_COUNT);
}
END_TEST

START_TEST(test_catalogue_defaults)
{
	/* The defaults embudo-config(5) documents, per stage in flow order. */
	static const int probability[NSTAGES] = { 10, 30, 70, 90, 100, 100, 0 };
	static const int stale_days[NSTAGES] = { 30, 21, 14, 14, 30, 0, 0 };
	for (int s = 0; s < NSTAGES; s++) {
		ck_assert_int_eq(pipeline_stage_info_of((pipeline_stage)s)->probability, probability[s]);
		ck_assert_int_eq(pipeline_stage_info_of((pipeline_stage)s)->stale_days, stale_days[s]);
	}
	/* The kinds as domain.md has them: many commitments and invoices, one
	 * approval and delivery, the checklist numbered. */
	ck_assert_int_eq(pipeline_evidence_info_of(PIPELINE_EV_CRITERION)->count, PIPELINE_NUMBERED);
	ck_assert_int_eq(pipeline_evidence_info_of(PIPELINE_EV_COMMITMENT)->count, PIPELINE_MANY);
	ck_assert_int_eq(pipeline_evidence_info_of(PIPELINE_EV_BILLING_APPROVAL)->count, PIPELINE_ONE);
	ck_assert_int_eq(pipeline_evidence_info_of(PIPELINE_EV_INVOICE)->count, PIPELINE_MANY);
	ck_assert_int_eq(pipeline_evidence_info_of(PIPELINE_EV_DELIVERY)->count, PIPELINE_ONE);
	ck_assert_str_eq(pipeline_evidence_info_of(PIPELINE_EV_BILLING_APPROVAL)->field, "billing_approval");
	ck_assert_str_eq(pipeline_evidence_info_of(PIPELINE_EV_INVOICE)->command, "invoice");
}
END_TEST

START_TEST(test_catalogue_lists)
{
	char buf[256];
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_COMMITMENTS, ", ", " or ", buf, sizeof buf),
	                 "email, purchase-order or contract");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_COMMITMENTS, "|", "|", buf, sizeof buf),
	                 "email|purchase-order|contract");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_SCOPES, ", ", " or ", buf, sizeof buf),
	                 "total or partial");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_LOSSES, ", ", ", ", buf, sizeof buf),
	                 "declined, competitor, needs-changed, no-agreement, cancelled");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_STAGES, " ", " ", buf, sizeof buf),
	                 "inmadura calificada comprometida por-facturar en-facturacion lista perdida");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_EVIDENCE_MANY, "|", "|", buf, sizeof buf),
	                 "commitment|invoice");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_EVIDENCE_ONE, "|", "|", buf, sizeof buf),
	                 "billing-approval|delivery");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_RETRACTABLE, ", ", " or ", buf, sizeof buf),
	                 "commitment, invoice, billing-approval or delivery");
	/* A slug is never cut: what does not fit is left out whole. */
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_COMMITMENTS, ", ", " or ", buf, 24),
	                 "email, purchase-order");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_COMMITMENTS, ", ", " or ", buf, 3), "");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_COUNT, ", ", " or ", buf, sizeof buf), "");
	ck_assert_str_eq(pipeline_list_text(PIPELINE_LIST_SCOPES, ", ", " or ", NULL, 0), "");
}
END_TEST

START_TEST(test_evidence_held_and_taken)
{
	pipeline_evidence ev = full_evidence();
	ev.commitments = 2;
	ck_assert_int_eq(pipeline_evidence_held(&ev, PIPELINE_EV_CRITERION), PIPELINE_CRITERIA);
	ck_assert_int_eq(pipeline_evidence_held(&ev, PIPELINE_EV_COMMITMENT), 2);
	ck_assert_int_eq(pipeline_evidence_held(&ev, PIPELINE_EV_BILLING_APPROVAL), 1);
	ck_assert_int_eq(pipeline_evidence_held(&ev, PIPELINE_EV_INVOICE), 1);
	ck_assert_int_eq(pipeline_evidence_held(&ev, PIPELINE_EV_DELIVERY), 1);
	ck_assert_int_eq(pipeline_evidence_held(&ev, PIPELINE_EV_COUNT), 0);
	ck_assert_int_eq(pipeline_evidence_held(NULL, PIPELINE_EV_INVOICE), 0);
	pipeline_evidence_take(&ev, PIPELINE_EV_COMMITMENT);
	ck_assert_int_eq(ev.commitments, 1);
	pipeline_evidence_take(&ev, PIPELINE_EV_BILLING_APPROVAL);
	ck_assert(!ev.billing_approval);
	pipeline_evidence_take(&ev, PIPELINE_EV_INVOICE);
	ck_assert_int_eq(ev.invoices, 0);
	pipeline_evidence_take(&ev, PIPELINE_EV_DELIVERY);
	ck_assert(!ev.delivery);
	pipeline_evidence_take(&ev, PIPELINE_EV_CRITERION); /* unticked by number only */
	ck_assert_int_eq(pipeline_evidence_held(&ev, PIPELINE_EV_CRITERION), PIPELINE_CRITERIA);
	pipeline_evidence_take(NULL, PIPELINE_EV_DELIVERY);
}
END_TEST

static Suite *pipeline_suite(void)
{
	Suite *s = suite_create("pipeline");
	TCase *names = tcase_create("names");
	TCase *rules = tcase_create("rules");

	tcase_add_test(names, test_stage_names);
	tcase_add_test(names, test_stage_parse_canonical);
	tcase_add_test(names, test_stage_parse_forgiving);
	tcase_add_test(names, test_stage_parse_rejects);
	tcase_add_test(names, test_criteria_texts);
	tcase_add_test(names, test_criteria_text_bounds);
	tcase_add_test(names, test_commitments);
	tcase_add_test(names, test_losses);
	tcase_add_test(names, test_scope_and_evidence_names);
	tcase_add_test(names, test_req_codes);
	tcase_add_test(names, test_req_texts);
	tcase_add_test(names, test_req_stage);
	suite_add_tcase(s, names);

	tcase_add_test(rules, test_refusal_ops);
	tcase_add_test(rules, test_entry_met);
	tcase_add_test(rules, test_move_matrix);
	tcase_add_test(rules, test_chain_names_everything);
	tcase_add_test(rules, test_back_moves);
	tcase_add_test(rules, test_lose);
	tcase_add_test(rules, test_reopen);
	tcase_add_test(rules, test_invariant);
	tcase_add_test(rules, test_retract);
	tcase_add_test(rules, test_reached);
	tcase_add_test(rules, test_next_prev_stage);
	tcase_add_test(rules, test_invalid_input);
	tcase_add_test(rules, test_furthest_allowed);
	tcase_add_test(rules, test_move_back_target);
	tcase_add_test(rules, test_offers_per_stage);
	tcase_add_test(rules, test_counts_criteria);
	suite_add_tcase(s, rules);

	TCase *catalogue = tcase_create("catalogue");
	tcase_add_test(catalogue, test_catalogue_rows);
	tcase_add_test(catalogue, test_catalogue_unique_and_parsed_back);
	tcase_add_test(catalogue, test_catalogue_entry_evidence);
	tcase_add_test(catalogue, test_catalogue_defaults);
	tcase_add_test(catalogue, test_catalogue_lists);
	tcase_add_test(catalogue, test_evidence_held_and_taken);
	suite_add_tcase(s, catalogue);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pipeline_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
