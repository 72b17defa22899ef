/*
 * demo: the sample pipeline of `embudo demo` (see demo.h). The data are
 * tables; the code walks each opportunity through the same store calls a
 * person would make, with the store's clock set back so that every step
 * happens on its own past date and the history reads like a real one.
 */
#include "cli/demo.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/date.h"
#include "util/paths.h"
#include "pipeline/pipeline.h"

#define DAY ((time_t)86400)

enum demo_flag {
	DEMO_NONE = 0,
	DEMO_BACK = 1,     /* went one stage further, then back with a note */
	DEMO_AHEAD = 2,    /* holds the next stage's evidence without moving */
	DEMO_REOPENED = 4  /* was lost, then reopened */
};

typedef struct demo_row {
	const char *title, *client, *line, *owner, *currency;
	long long amount;      /* minor units; 0 means no amount */
	pipeline_stage stage;  /* where it ends (PERDIDA: lost from `from`) */
	pipeline_stage from;   /* for PERDIDA */
	pipeline_loss reason;  /* for PERDIDA */
	const char *note;      /* loss, back-move or reopen note */
	int age;               /* days since created */
	int stay;              /* days in the final stage */
	int criteria;          /* criteria already met, for an inmadura card */
	int flags;
	int close;             /* expected close, in days from today; 0: none */
	int close_was;         /* when not 0: the expected close it was created with
	                        * (days from today), moved to `close` later: a slip */
} demo_row;

#define IN PIPELINE_INMADURA
#define CA PIPELINE_CALIFICADA
#define CO PIPELINE_COMPROMETIDA
#define PF PIPELINE_POR_FACTURAR
#define EF PIPELINE_EN_FACTURACION
#define LI PIPELINE_LISTA
#define PE PIPELINE_PERDIDA
#define NOLOSS PIPELINE_LOSS_DECLINED

static const demo_row rows[] = {
	/* Oportunidad Inmadura */
	{ "Portal de autoatención para asegurados", "Seguros La Portada", "Desarrollo de Software", "mgonzalez", "CLP", 48000000, IN, IN, NOLOSS, NULL, 12, 12, 2, 0, 116, 0 },
	{ "Evaluación de arquitectura cloud", "Energía Atacama", "Cloud & DevOps", "cmunoz", "USD", 1800000, IN, IN, NOLOSS, NULL, 5, 5, 1, 0, 0, 0 },
	{ "Tablero de ventas regionales", "Retail Araucanía", "Data & Analytics", "jrojas", "CLP", 0, IN, IN, NOLOSS, NULL, 3, 3, 0, 0, 0, 0 },
	{ "Pruebas automatizadas app móvil", "Banco del Pacífico Sur", "QA Automation", "vsoto", "CLP", 22500000, IN, IN, NOLOSS, NULL, 20, 20, 4, 0, 41, 0 },
	{ "Dos desarrolladores backend Java", "Telecomunicaciones Maipo", "Staff Augmentation", "fdiaz", "CLF", 9600000, IN, IN, NOLOSS, NULL, 8, 8, 3, 0, 0, 0 },
	{ "Migración de datos históricos de cosecha", "Viña Los Andes", "Data & Analytics", "pcontreras", "CLP", 15000000, IN, IN, NOLOSS, NULL, 30, 30, 1, 0, -7, 0 },
	{ "東京オフィス向けクラウド移行", "株式会社サクラ技研", "Cloud & DevOps", "cmunoz", "USD", 9500000, IN, IN, NOLOSS, NULL, 9, 9, 2, 0, 207, 0 },
	{ "Rediseño de sitio de admisión", "Universidad del Valle Central", "Desarrollo de Software", "mgonzalez", "CLP", 32000000, IN, IN, NOLOSS, NULL, 2, 2, 0, 0, 0, 0 },
	/* Oportunidad Calificada */
	{ "Plataforma de trazabilidad de salmones", "Salmones Austral", "Desarrollo de Software", "jrojas", "USD", 12000000, CA, IN, NOLOSS, NULL, 40, 15, 0, 0, 85, 20 },
	{ "Squad QA para core bancario", "Banco del Pacífico Sur", "QA Automation", "vsoto", "CLF", 15000000, CA, IN, NOLOSS, NULL, 35, 6, 0, 0, 0, 0 },
	{ "Observabilidad de red móvil", "Telecomunicaciones Maipo", "Cloud & DevOps", "fdiaz", "USD", 6400000, CA, IN, NOLOSS, NULL, 28, 10, 0, DEMO_BACK, 0, 0 },
	{ "Modelo de predicción de demanda", "Retail Araucanía", "Data & Analytics", "pcontreras", "CLP", 54000000, CA, IN, NOLOSS, NULL, 45, 22, 0, 0, -3, -20 },
	{ "Ficha clínica electrónica: módulo de urgencias", "Clínica San Cristóbal", "Desarrollo de Software", "mgonzalez", "CLP", 87000000, CA, IN, NOLOSS, NULL, 60, 31, 0, 0, 146, 0 },
	{ "Tres QA manuales a automatizadores", "AFP Horizonte", "Staff Augmentation", "cmunoz", "CLP", 36000000, CA, IN, NOLOSS, NULL, 18, 4, 0, 0, 0, 0 },
	{ "Lago de datos de operaciones mineras", "Minera Cordillera", "Data & Analytics", "jrojas", "USD", 25000000, CA, IN, NOLOSS, NULL, 50, 12, 0, 0, 0, 0 },
	/* Oportunidad Comprometida */
	{ "App de despacho para conductores", "Transportes Biobío", "Desarrollo de Software", "fdiaz", "CLP", 64000000, CO, IN, NOLOSS, NULL, 70, 9, 0, 0, 10, 0 },
	{ "Kubernetes gestionado y CI/CD", "Energía Atacama", "Cloud & DevOps", "cmunoz", "USD", 7800000, CO, IN, NOLOSS, NULL, 55, 14, 0, DEMO_AHEAD, 0, 0 },
	{ "Célula ágil de cinco personas", "Constructora Ñuble", "Staff Augmentation", "vsoto", "CLF", 21000000, CO, IN, NOLOSS, NULL, 80, 25, 0, 0, 0, 0 },
	{ "Automatización de pruebas de regresión", "Seguros La Portada", "QA Automation", "mgonzalez", "CLP", 18500000, CO, IN, NOLOSS, NULL, 42, 3, 0, DEMO_REOPENED, 0, 0 },
	{ "Integración SAP con portal de proveedores", "Minera Cordillera", "Desarrollo de Software", "pcontreras", "USD", 14300000, CO, IN, NOLOSS, NULL, 65, 18, 0, 0, 0, 0 },
	{ "Analítica de fuga de clientes", "Telecomunicaciones Maipo", "Data & Analytics", "jrojas", "CLP", 41000000, CO, IN, NOLOSS, NULL, 38, 7, 0, 0, 0, 0 },
	/* Oportunidad por Facturar */
	{ "Equipo de soporte evolutivo 2027", "AFP Horizonte", "Staff Augmentation", "cmunoz", "CLF", 33000000, PF, IN, NOLOSS, NULL, 90, 5, 0, 0, 0, 0 },
	{ "Migración a AWS de sistemas de bodega", "Retail Araucanía", "Cloud & DevOps", "fdiaz", "USD", 9900000, PF, IN, NOLOSS, NULL, 75, 11, 0, 0, 0, 0 },
	{ "Certificación de calidad de software", "Clínica San Cristóbal", "QA Automation", "vsoto", "CLP", 12800000, PF, IN, NOLOSS, NULL, 66, 2, 0, 0, 0, 0 },
	{ "Sistema de reservas de visitas a viñedos", "Viña Los Andes", "Desarrollo de Software", "pcontreras", "CLP", 27500000, PF, IN, NOLOSS, NULL, 85, 20, 0, 0, 0, 0 },
	/* Oportunidad en Facturación */
	{ "Desarrolladores React para banca en línea", "Banco del Pacífico Sur", "Staff Augmentation", "mgonzalez", "CLF", 42000000, EF, IN, NOLOSS, NULL, 120, 30, 0, 0, 0, 0 },
	{ "Data warehouse de ventas", "Salmones Austral", "Data & Analytics", "jrojas", "USD", 18800000, EF, IN, NOLOSS, NULL, 110, 16, 0, 0, 0, 0 },
	{ "Plataforma de licitaciones en línea", "Constructora Ñuble", "Desarrollo de Software", "fdiaz", "CLP", 73000000, EF, IN, NOLOSS, NULL, 100, 8, 0, 0, 0, 0 },
	{ "Pipeline de despliegue continuo", "Universidad del Valle Central", "Cloud & DevOps", "cmunoz", "CLP", 16000000, EF, IN, NOLOSS, NULL, 95, 40, 0, 0, 0, 0 },
	/* Oportunidad Lista */
	{ "Automatización de pruebas del portal", "AFP Horizonte", "QA Automation", "vsoto", "CLP", 14000000, LI, IN, NOLOSS, NULL, 150, 12, 0, 0, 0, 0 },
	{ "Reportería regulatoria", "Seguros La Portada", "Data & Analytics", "pcontreras", "CLF", 8000000, LI, IN, NOLOSS, NULL, 140, 25, 0, 0, 0, 0 },
	{ "App de inventario para bodegas", "Transportes Biobío", "Desarrollo de Software", "mgonzalez", "CLP", 39000000, LI, IN, NOLOSS, NULL, 160, 45, 0, 0, 0, 0 },
	{ "Dos ingenieros DevOps por seis meses", "Minera Cordillera", "Staff Augmentation", "fdiaz", "USD", 15600000, LI, IN, NOLOSS, NULL, 130, 7, 0, 0, 0, 0 },
	{ "Monitoreo de plantas solares", "Energía Atacama", "Cloud & DevOps", "jrojas", "USD", 5200000, LI, IN, NOLOSS, NULL, 125, 60, 0, 0, 0, 0 },
	/* Oportunidad Perdida */
	{ "Chatbot de atención a pacientes", "Clínica San Cristóbal", "Desarrollo de Software", "cmunoz", "CLP", 21000000, PE, IN, PIPELINE_LOSS_DECLINED, "Prefieren esperar al próximo año presupuestario.", 50, 20, 0, 0, 0, 0 },
	{ "Migración de correo a la nube", "Universidad del Valle Central", "Cloud & DevOps", "vsoto", "CLP", 9000000, PE, CA, PIPELINE_LOSS_COMPETITOR, "Eligieron al proveedor que ya administra su red.", 70, 15, 0, 0, 0, 0 },
	{ "Staff de analistas de datos", "Retail Araucanía", "Staff Augmentation", "pcontreras", "CLF", 12000000, PE, CA, PIPELINE_LOSS_NO_AGREEMENT, "No hubo acuerdo en la tarifa por hora.", 65, 33, 0, 0, 0, 0 },
	{ "Rediseño del sistema de turnos", "Transportes Biobío", "Desarrollo de Software", "jrojas", "CLP", 45000000, PE, CO, PIPELINE_LOSS_CANCELLED, "Proyecto suspendido tras la fusión con otra empresa.", 100, 10, 0, 0, 0, 0 },
	{ "Pruebas de carga del sitio de ventas", "Viña Los Andes", "QA Automation", "fdiaz", "USD", 3500000, PE, PF, PIPELINE_LOSS_NEEDS_CHANGED, "Cambiaron de plataforma de comercio electrónico.", 90, 28, 0, 0, 0, 0 },
	{ "Inteligencia de precios", "株式会社サクラ技研", "Data & Analytics", "mgonzalez", "USD", 4000000, PE, IN, PIPELINE_LOSS_CANCELLED, "本社の方針変更 (cambio de política de la casa matriz).", 25, 11, 0, 0, 0, 0 },
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

static const char *const commit_refs[PIPELINE_COMMIT_COUNT] = {
	"Correo de aceptación de la propuesta",
	"Orden de compra 4500",
	"Contrato marco, anexo",
};

int demo_count(void)
{
	return NROWS;
}

typedef struct demo_run {
	store *st;
	char *err;
	size_t errlen;
	int64_t id;
	int index;
	store_status status;
} demo_run;

/* Records a failure once; returns true while everything went fine. */
static bool check(demo_run *r, store_status s, const char *what)
{
	if (s == STORE_OK)
		return true;
	if (r->status == STORE_OK) {
		r->status = s;
		snprintf(r->err, r->errlen, "demo: %s of sample %d failed: %s", what, r->index + 1,
		         store_message(r->st));
	}
	return false;
}

/* Records at time t the entry evidence of stage s for the current card. */
static bool record_evidence(demo_run *r, const demo_row *row, pipeline_stage s, time_t t)
{
	char day[DATE_LEN + 1], ref[128];
	date_today(t, day);
	store_set_now(r->st, t);
	switch (pipeline_stage_entry(s)) {
	case PIPELINE_EV_CRITERION:
		for (int n = 1 + row->criteria; n <= PIPELINE_CRITERIA; n++) {
			store_set_now(r->st, t + (time_t)n * 600);
			if (!check(r, store_set_criterion(r->st, r->id, 0, n, true, NULL, NULL), "criterion"))
				return false;
		}
		return true;
	case PIPELINE_EV_COMMITMENT: {
		pipeline_commitment k = (pipeline_commitment)(r->index % PIPELINE_COMMIT_COUNT);
		snprintf(ref, sizeof ref, "%s %d", commit_refs[k], 100 + r->index);
		return check(r, store_add_commitment(r->st, r->id, 0, k, ref, day, NULL), "commitment");
	}
	case PIPELINE_EV_BILLING_APPROVAL:
		snprintf(ref, sizeof ref, "HES %d aprobada por el cliente", 7000 + r->index * 13);
		return check(r, store_set_billing_approval(r->st, r->id, 0, ref, day), "billing approval");
	case PIPELINE_EV_INVOICE:
		snprintf(ref, sizeof ref, "F-%05d", 1200 + r->index * 7);
		return check(r, store_add_invoice(r->st, r->id, 0, ref, day, row->amount > 0,
		                                  row->amount / 2, NULL), "invoice");
	case PIPELINE_EV_DELIVERY:
		return check(r, store_set_delivery(r->st, r->id, 0,
		                                   r->index % 2 ? PIPELINE_SCOPE_PARTIAL : PIPELINE_SCOPE_TOTAL,
		                                   day, r->index % 2 ? "Primera fase entregada" : NULL),
		             "delivery");
	case PIPELINE_EV_COUNT: /* nothing to enter it */
		return true;
	}
	return true;
}

static bool move_to(demo_run *r, pipeline_stage to, const char *note, time_t t)
{
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	store_set_now(r->st, t);
	return check(r, store_move(r->st, r->id, 0, to, note, &why), "move");
}

static bool fill_one(demo_run *r, const demo_row *row, time_t now)
{
	time_t created = now - (time_t)row->age * DAY - (time_t)(r->index * 37 % 600) * 60;
	time_t settled = now - (time_t)row->stay * DAY + (time_t)(r->index * 53 % 480) * 60;
	pipeline_stage reach = row->stage == PIPELINE_PERDIDA ? row->from : row->stage;
	bool back = row->flags & DEMO_BACK;
	bool lost = row->stage == PIPELINE_PERDIDA || (row->flags & DEMO_REOPENED);
	bool reopened = row->flags & DEMO_REOPENED;
	/* Events after the creation, evenly spaced so the last lands on `settled`. */
	int events = (int)reach + (back ? 2 : 0) + (lost ? 1 : 0) + (reopened ? 1 : 0);
	time_t dt = events > 0 ? (settled - created) / events : 0;
	time_t t = created;

	store_fields f;
	memset(&f, 0, sizeof f);
	f.title = row->title;
	f.client = row->client;
	f.line = row->line;
	f.owner = row->owner;
	f.currency = row->currency;
	char close[DATE_LEN + 1] = "";
	int first_close = row->close_was ? row->close_was : row->close;
	if (first_close)
		date_today(now + (time_t)first_close * DAY, close);
	f.close_date = close[0] ? close : NULL;
	f.set_amount = f.has_amount = row->amount > 0;
	f.amount = row->amount;
	store_set_actor(r->st, row->owner);
	store_set_now(r->st, t);
	if (!check(r, store_add(r->st, &f, &r->id), "creation"))
		return false;
	if (reach == PIPELINE_INMADURA && row->criteria > 0) {
		for (int n = 1; n <= row->criteria; n++) {
			store_set_now(r->st, t + dt / 2 + (time_t)n * 3600);
			if (!check(r, store_set_criterion(r->st, r->id, 0, n, true, NULL, NULL), "criterion"))
				return false;
		}
	}
	pipeline_stage top = back ? (pipeline_stage)(reach + 1) : reach;
	for (int s = PIPELINE_CALIFICADA; s <= (int)top; s++) {
		t += dt;
		if (!record_evidence(r, row, (pipeline_stage)s, t - dt / 2) ||
		    !move_to(r, (pipeline_stage)s, NULL, t))
			return false;
	}
	if (back) {
		t += dt;
		if (!move_to(r, reach, "El cliente pidió revisar el alcance antes de seguir.", t))
			return false;
	}
	if (row->flags & DEMO_AHEAD && pipeline_next_stage(reach) != PIPELINE_STAGE_COUNT &&
	    !record_evidence(r, row, pipeline_next_stage(reach), t + dt / 2))
		return false;
	if (row->close_was) {
		/* The close expected later than first said: a slip, halfway between
		 * the last event and today. */
		store_fields later;
		memset(&later, 0, sizeof later);
		date_today(now + (time_t)row->close * DAY, close);
		later.close_date = close;
		store_set_now(r->st, t + (now - t) / 2);
		if (!check(r, store_edit(r->st, r->id, 0, &later), "close-date change"))
			return false;
	}
	if (lost) {
		pipeline_refusal why;
		pipeline_refusal_clear(&why);
		pipeline_loss reason = row->stage == PIPELINE_PERDIDA ? row->reason : PIPELINE_LOSS_DECLINED;
		const char *note = row->note ? row->note : "El cliente dijo que no; quedamos en conversar.";
		t += dt;
		store_set_now(r->st, t);
		if (!check(r, store_lose(r->st, r->id, 0, reason, note, &why), "loss"))
			return false;
	}
	if (reopened) {
		pipeline_refusal why;
		pipeline_refusal_clear(&why);
		store_set_now(r->st, t + dt);
		if (!check(r, store_reopen(r->st, r->id, 0,
		                           "Nueva gerencia retomó la propuesta.", &why), "reopening"))
			return false;
	}
	return true;
}

/* One transaction for the whole demo: the emptiness check and every card
 * together, so a second process cannot slip its cards in between, and a
 * failure (or an interrupt) leaves the database as empty as it was, ready
 * for another try, never half filled. */
store_status demo_fill(store *st, time_t now, char *err, size_t errlen)
{
	bool empty = false;
	store_status s = store_bulk_begin(st);
	if (s == STORE_OK)
		s = store_is_empty(st, &empty);
	if (s != STORE_OK) {
		snprintf(err, errlen, "%s", store_message(st));
		store_bulk_abort(st);
		return s;
	}
	if (!empty) {
		store_bulk_abort(st);
		snprintf(err, errlen, "database already has opportunities; demo only fills an empty database");
		return STORE_INVALID;
	}
	demo_run r = { .st = st, .err = err, .errlen = errlen, .status = STORE_OK };
	for (int i = 0; i < NROWS; i++) {
		r.index = i;
		if (!fill_one(&r, &rows[i], now))
			break;
	}
	store_set_now(st, now);
	store_set_actor(st, paths_current_user());
	if (r.status != STORE_OK) {
		store_bulk_abort(st);
		return r.status;
	}
	s = store_bulk_end(st);
	if (s != STORE_OK)
		snprintf(err, errlen, "%s", store_message(st));
	return s;
}
