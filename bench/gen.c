/*
 * gen: realistic benchmark databases through the store's API (see gen.h).
 *
 * Every opportunity gets a plan when it is created (how far it goes, how
 * it ends, whether it bounces back a stage, whether its evidence comes in
 * batches so that one move crosses several stages, how many edits); a
 * min-heap of "next event" times then plays all the lives in clock order,
 * one store call per event, with store_set_now placing each at its time.
 * Events past GEN_END never happen: recent opportunities stay half way,
 * as in a real pipeline.
 */
#include "gen.h"

#include <stdbool.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/date.h"
#include "store/store.h"

#define HOUR ((int64_t)3600)
#define DAY (24 * HOUR)
#define SPAN_DAYS 730 /* the history covers about two years */
#define SEED 0x656d6275646fULL /* "embudo" */
#define CHUNK 20000 /* store writes per bulk transaction */

#define IN PIPELINE_INMADURA
#define CA PIPELINE_CALIFICADA
#define CO PIPELINE_COMPROMETIDA
#define PF PIPELINE_POR_FACTURAR
#define EF PIPELINE_EN_FACTURACION
#define LI PIPELINE_LISTA
#define PE PIPELINE_PERDIDA

/* ---- words ------------------------------------------------------------- */

static const char *const projects[] = {
	"Migración a la nube de", "Portal de autoatención para", "Automatización de pruebas de",
	"Modelo de predicción de", "Integración SAP con", "Rediseño del sistema de",
	"App móvil de", "Tablero de control de", "Lago de datos de", "Squad ágil para",
	"Observabilidad de", "Auditoría de ciberseguridad de", "Mantención evolutiva de",
	"Célula de desarrollo para", "Reportería regulatoria de", "Plataforma de",
	"Modernización del core de", "Pruebas de carga de", "API pública de",
	"Chatbot de atención de", "Dos desarrolladores Java para", "Analítica avanzada de",
	"Pipeline CI/CD de", "Gestión documental de", "Tres ingenieros QA para",
	"Evaluación de arquitectura de", "Firma electrónica para", "Trazabilidad de",
	"Optimización de costos cloud de", "Equipo de soporte de",
};
static const char *const objects[] = {
	"ventas", "bodegas", "clientes", "proveedores", "facturación electrónica",
	"recursos humanos", "cobranza", "logística", "atención de pacientes", "remuneraciones",
	"inventario", "despacho", "seguros de vida", "pagos", "reclamos", "admisión",
	"cosecha", "flota", "turnos", "licitaciones", "tesorería", "riesgo de crédito",
	"mantenimiento de plantas", "postventa", "contratos", "sucursales", "aduanas",
	"matrícula", "fidelización", "compras",
};
static const char *const wide_titles[] = {
	"東京オフィス向けクラウド移行", "서울 지사 데이터 분석", "上海工厂质量检测自动化",
};
static const char *const sectors[] = {
	"Constructora", "Minera", "Banco", "Seguros", "Retail", "Clínica", "Transportes", "Viña",
	"Universidad", "Energía", "Telecomunicaciones", "Salmones", "AFP", "Inmobiliaria",
	"Agrícola", "Laboratorio", "Forestal", "Farmacias", "Isapre", "Distribuidora",
};
static const char *const places[] = {
	"Los Andes", "del Pacífico", "Austral", "Maipo", "Biobío", "Atacama", "Araucanía",
	"Cordillera", "La Portada", "Ñuble", "San Cristóbal", "Horizonte", "del Valle Central",
	"Aconcagua", "Magallanes", "Tarapacá", "Los Lagos", "Elqui", "Cachapoal", "Limarí",
	"Huasco", "Chiloé", "Petorca", "Colchagua", "Maule", "Loa", "Valdivia", "Osorno",
	"Llanquihue", "Copiapó", "Itata", "Tolhuaca", "Puyehue", "Rapel", "Lonquimay",
	"Malleco", "Choapa", "Curicó", "Quillota", "Antofagasta",
};
static const char *const legal[] = { " S.A.", " SpA", " Ltda.", "", "", " S.A." };
static const char *const firsts = "mjcfpvralsdegnbotikh";
static const char *const surnames[] = {
	"gonzalez", "munoz", "rojas", "diaz", "perez", "soto", "contreras", "silva", "martinez",
	"sepulveda", "morales", "rodriguez", "lopez", "fuentes", "hernandez", "torres", "araya",
	"flores", "espinoza", "valenzuela", "castillo", "tapia", "reyes", "gutierrez", "castro",
	"pizarro", "alvarez", "vasquez", "sanchez", "fernandez", "ramirez", "carrasco", "gomez",
	"cortes", "herrera", "nunez", "jara", "vergara", "rivera", "figueroa", "riquelme",
	"garcia", "miranda", "bravo", "vera", "molina", "vega", "campos", "sandoval", "orellana",
};
static const char *const lines[] = {
	"Desarrollo de Software", "Cloud & DevOps", "Data & Analytics", "QA Automation",
	"Staff Augmentation", "Ciberseguridad",
};
static const char *const loss_notes[PIPELINE_LOSS_COUNT][3] = {
	{ "Prefieren esperar al próximo año presupuestario.", "El directorio no aprobó la inversión.",
	  "Decidieron seguir con su equipo interno." },
	{ "Eligieron al proveedor que ya administra su red.", "La competencia ofreció un precio 20% menor.",
	  "Optaron por una solución empaquetada." },
	{ "Cambiaron de plataforma de comercio electrónico.", "La fusión cambió sus prioridades.",
	  "Ya no necesitan el módulo de reportes." },
	{ "No hubo acuerdo en la tarifa por hora.", "No aceptaron las condiciones de pago a 30 días.",
	  "Exigían propiedad intelectual exclusiva." },
	{ "Proyecto suspendido tras la fusión con otra empresa.", "Postergado indefinidamente por la gerencia.",
	  "Se canceló la licitación." },
};
static const char *const back_notes[] = {
	"El cliente pidió revisar el alcance antes de seguir.",
	"La orden de compra vino con errores; se espera una nueva.",
	"Cambió el interlocutor; hay que volver a calificar.",
	"Falta validar el presupuesto con finanzas.",
	"El cliente pidió una nueva propuesta técnica.",
};
static const char *const reopen_notes[] = {
	"Nueva gerencia retomó la propuesta.", "El cliente volvió a llamar tras el cambio de proveedor.",
	"Se aprobó el presupuesto del próximo año.", "Se reactivó la licitación.",
};
static const char *const criterion_notes[] = {
	"Reunión presencial con la gerencia de TI.", "Pidieron una demo para la próxima semana.",
	"Dolor claro en el cierre contable mensual.", "Validado con nuestro arquitecto.",
	"Presupuesto aprobado por el directorio.",
};
static const char *const commit_refs[PIPELINE_COMMIT_COUNT] = {
	"Correo de aceptación de la propuesta", "Orden de compra", "Contrato marco, anexo",
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- randomness --------------------------------------------------------- */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int below(uint64_t *s, int n)
{
	return (int)(splitmix(s) % (uint64_t)n);
}

static double unit(uint64_t *s)
{
	return (double)(splitmix(s) >> 11) / 9007199254740992.0;
}

/* A delay between lo and hi seconds, short ones likelier. */
static int64_t delay(uint64_t *s, int64_t lo, int64_t hi)
{
	double u = unit(s);
	return lo + (int64_t)((double)(hi - lo) * u * u);
}

/* Index into weights[0..n) drawn by weight. */
static int pick(uint64_t *s, const int *weights, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += weights[i];
	int r = below(s, total);
	for (int i = 0; i < n; i++) {
		if (r < weights[i])
			return i;
		r -= weights[i];
	}
	return n - 1;
}

/* ---- plans -------------------------------------------------------------- */

enum fate { FATE_WIN, FATE_LOSE, FATE_STALL, FATE_PARK };

enum flag {
	F_BATCH = 1,        /* evidence comes ahead: moves cross several stages */
	F_BACK = 2,         /* goes back one stage once, with a note */
	F_REOPEN = 4,       /* lost, then reopened */
	F_DELETE = 8,       /* deleted while still new (a duplicate) */
	F_RESTORE = 16,     /* ...and restored */
	F_DELETED = 32,     /* is deleted now */
	F_DEAD = 64         /* its life is over */
};

typedef struct gopp {
	int64_t id;
	uint64_t rng;
	int64_t amount;    /* minor units, 0: none */
	int32_t close_day; /* days since 1970, -1: none */
	uint32_t client;
	uint16_t owner;
	uint8_t cur, line;
	uint8_t stage, lost_from, goal, fate;
	uint8_t crit;        /* criteria met, bit n-1 */
	uint8_t want_crit;   /* for a stalled Inmadura card: criteria it gets */
	uint8_t commits, approval, invoices, delivery; /* recorded */
	uint8_t ninv;        /* invoices it will get */
	uint8_t edits;       /* edits left */
	uint8_t flags;
} gopp;

typedef struct gen {
	store *st;
	gopp *opp;
	long n, parked;
	int owners, clients;
	time_t start, end;
	long calls, invoice_no, chunk_calls;
	FILE *log;
	char err[512];
} gen;

static const char *const currencies[] = { "CLP", "USD", "CLF" };

/* Amount in minor units: CLP 3M..200M, USD 10k..600k, CLF 150..9,000 UF. */
static int64_t draw_amount(uint64_t *s, int cur)
{
	double u = unit(s);
	switch (cur) {
	case 1:
		return (int64_t)(10000.0 * (1.0 + 59.0 * u * u)) / 100 * 100 * 100; /* cents */
	case 2:
		return (int64_t)(150.0 * (1.0 + 59.0 * u * u)) / 10 * 10 * 10000; /* 4 decimals */
	default:
		return (int64_t)(3000000.0 * (1.0 + 66.0 * u * u)) / 100000 * 100000;
	}
}

static pipeline_stage draw_stage(uint64_t *s, const int weights[6])
{
	return (pipeline_stage)pick(s, weights, 6);
}

static void plan(gen *g, gopp *o, long index)
{
	static const int lose_at[6] = { 36, 30, 15, 9, 6, 4 };
	static const int stall_at[6] = { 40, 25, 20, 10, 5, 0 };
	static const int cur_w[3] = { 75, 15, 10 };
	uint64_t *s = &o->rng;

	o->rng = SEED ^ ((uint64_t)index * 0xD1B54A32D192ED03ULL);
	splitmix(s);
	o->stage = IN;
	o->cur = (uint8_t)pick(s, cur_w, 3);
	o->amount = below(s, 100) < 6 ? 0 : draw_amount(s, o->cur);
	o->line = (uint8_t)below(s, COUNT(lines));
	o->owner = (uint16_t)below(s, g->owners);
	/* Some clients buy again and again. */
	double u = unit(s);
	o->client = (uint32_t)((double)g->clients * u * u);
	o->close_day = -1;
	o->ninv = (uint8_t)(1 + pick(s, (const int[]){ 60, 25, 15 }, 3));
	o->edits = (uint8_t)pick(s, (const int[]){ 40, 35, 17, 8 }, 4);
	if (index < g->parked) {
		o->fate = FATE_PARK;
		o->goal = IN;
		o->edits = 0;
		return;
	}
	/* An Inmadura card that goes no further still gets a few criteria. */
	o->want_crit = (uint8_t)below(s, 5);
	int r = below(s, 1000);
	if (r < 350) {
		o->fate = FATE_LOSE;
		o->goal = (uint8_t)draw_stage(s, lose_at);
		if (below(s, 100) < 15)
			o->flags |= F_REOPEN;
	} else if (r < 450) {
		o->fate = FATE_STALL;
		o->goal = (uint8_t)draw_stage(s, stall_at);
	} else {
		o->fate = FATE_WIN;
		o->goal = LI;
	}
	if (below(s, 100) < 20)
		o->flags |= F_BATCH;
	if (o->goal >= CO && below(s, 100) < 10)
		o->flags |= F_BACK;
	if (below(s, 1000) < 5) {
		o->flags |= F_DELETE;
		if (below(s, 100) < 25)
			o->flags |= F_RESTORE;
	}
}

/* ---- the store calls ----------------------------------------------------- */

static bool ok(gen *g, store_status r, const gopp *o, const char *what)
{
	g->calls++;
	g->chunk_calls++;
	if (r == STORE_OK)
		return true;
	snprintf(g->err, sizeof g->err, "%s of opportunity %lld: %s", what, (long long)o->id,
	         store_message(g->st));
	return false;
}

static void owner_name(int i, char *out, size_t outsz)
{
	/* Surname i % ns, initial (i / ns + i) % nf: every pair once. */
	int nf = (int)strlen(firsts), ns = COUNT(surnames);
	int k = i / (nf * ns);
	char first = firsts[(i / ns + i) % nf];
	if (k)
		snprintf(out, outsz, "%c%s%d", first, surnames[i % ns], k + 1);
	else
		snprintf(out, outsz, "%c%s", first, surnames[i % ns]);
}

static void client_name(uint32_t c, char *out, size_t outsz)
{
	uint32_t ns = (uint32_t)COUNT(sectors), np = (uint32_t)COUNT(places);
	uint32_t k = c / (ns * np);
	const char *suffix = legal[c % (uint32_t)COUNT(legal)];
	if (k)
		snprintf(out, outsz, "%s %s %u%s", sectors[c % ns], places[(c / ns) % np], k + 1, suffix);
	else
		snprintf(out, outsz, "%s %s%s", sectors[c % ns], places[(c / ns) % np], suffix);
}

static void day_text(int32_t day, char out[DATE_LEN + 1])
{
	date_today((time_t)day * DAY, out);
}

static bool create(gen *g, gopp *o, time_t t)
{
	uint64_t *s = &o->rng;
	char title[256], client[160], close[DATE_LEN + 1];

	if (below(s, 1000) < 2)
		snprintf(title, sizeof title, "%s", wide_titles[below(s, COUNT(wide_titles))]);
	else {
		int p = below(s, COUNT(projects)), ob = below(s, COUNT(objects)), v = below(s, 10);
		snprintf(title, sizeof title, "%s %s%s", projects[p], objects[ob],
		         v == 0 ? " (fase 2)" : v == 1 ? " 2027" : "");
	}
	client_name(o->client, client, sizeof client);
	store_fields f;
	memset(&f, 0, sizeof f);
	f.title = title;
	f.client = client;
	f.line = below(s, 100) < 8 ? "" : lines[o->line];
	f.currency = currencies[o->cur];
	f.set_amount = f.has_amount = o->amount > 0;
	f.amount = o->amount;
	if (below(s, 100) < 70) {
		o->close_day = (int32_t)(t / DAY + 30 + below(s, 150));
		day_text(o->close_day, close);
		f.close_date = close;
	}
	return ok(g, store_add(g->st, &f, &o->id), o, "creation");
}

static bool tick_criterion(gen *g, gopp *o)
{
	uint64_t *s = &o->rng;
	int free_[PIPELINE_CRITERIA], nfree = 0;
	for (int i = 0; i < PIPELINE_CRITERIA; i++)
		if (!(o->crit & (1u << i)))
			free_[nfree++] = i;
	/* Mostly in glossary order, sometimes not. */
	int i = below(s, 100) < 70 ? free_[0] : free_[below(s, nfree)];
	const char *note = below(s, 100) < 12 ? criterion_notes[i] : NULL;
	o->crit |= (uint8_t)(1u << i);
	return ok(g, store_set_criterion(g->st, o->id, 0, i + 1, true, note, NULL), o, "criterion");
}

static bool has_entry(const gopp *o, int stage)
{
	switch (stage) {
	case CA: return o->crit == 0x1f;
	case CO: return o->commits > 0;
	case PF: return o->approval;
	case EF: return o->invoices > 0;
	case LI: return o->delivery;
	default: return true;
	}
}

/* Records one piece of the entry evidence of `stage`. */
static bool record(gen *g, gopp *o, int stage, time_t t)
{
	uint64_t *s = &o->rng;
	char ref[160], day[DATE_LEN + 1];

	date_today(t - (time_t)below(s, 3) * DAY, day);
	switch (stage) {
	case CA:
		return tick_criterion(g, o);
	case CO: {
		pipeline_commitment k = (pipeline_commitment)pick(s, (const int[]){ 50, 35, 15 }, 3);
		snprintf(ref, sizeof ref, "%s %lld", commit_refs[k], 4500000LL + (long long)o->id);
		o->commits++;
		return ok(g, store_add_commitment(g->st, o->id, 0, k, ref, day, NULL), o, "commitment");
	}
	case PF:
		snprintf(ref, sizeof ref, "HES %lld aprobada por el cliente", 70000LL + (long long)o->id);
		o->approval = 1;
		return ok(g, store_set_billing_approval(g->st, o->id, 0, ref, day), o, "billing approval");
	case EF: {
		snprintf(ref, sizeof ref, "F-%07ld", ++g->invoice_no);
		bool has = o->amount > 0 && below(s, 100) < 90;
		int64_t part = has ? o->amount / o->ninv : 0;
		o->invoices++;
		return ok(g, store_add_invoice(g->st, o->id, 0, ref, day, has, part, NULL), o, "invoice");
	}
	case LI: {
		bool partial = o->delivery == 0 && o->ninv > 1 && below(s, 100) < 40;
		o->delivery = partial ? 1 : 2;
		return ok(g, store_set_delivery(g->st, o->id, 0,
		                                partial ? PIPELINE_SCOPE_PARTIAL : PIPELINE_SCOPE_TOTAL, day,
		                                partial ? "Primera fase entregada" : NULL),
		          o, "delivery");
	}
	default:
		return true;
	}
}

static bool edit(gen *g, gopp *o, time_t t)
{
	uint64_t *s = &o->rng;
	char close[DATE_LEN + 1];
	store_fields f;
	memset(&f, 0, sizeof f);
	int r = below(s, 100);
	if (r < 75) {
		/* The expected close date: mostly later (a slip), sometimes earlier. */
		int32_t base = o->close_day >= 0 ? o->close_day : (int32_t)(t / DAY + 30);
		if (r < 55 || o->close_day < 0)
			o->close_day = base + 7 + below(s, 60);
		else
			o->close_day = base - 3 - below(s, 20);
		day_text(o->close_day, close);
		f.close_date = close;
	} else {
		/* The amount, after a negotiation. */
		int64_t a = o->amount ? o->amount : draw_amount(s, o->cur);
		o->amount = a / 100 * (80 + below(s, 41));
		f.set_amount = f.has_amount = true;
		f.amount = o->amount;
	}
	o->edits--;
	return ok(g, store_edit(g->st, o->id, 0, &f), o, "edit");
}

static bool move(gen *g, gopp *o, int to, const char *note)
{
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	o->stage = (uint8_t)to;
	return ok(g, store_move(g->st, o->id, 0, (pipeline_stage)to, note, &why), o, "move");
}

static bool lose(gen *g, gopp *o)
{
	static const int reason_w[PIPELINE_LOSS_COUNT] = { 30, 25, 15, 20, 10 };
	uint64_t *s = &o->rng;
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	pipeline_loss reason = (pipeline_loss)pick(s, reason_w, PIPELINE_LOSS_COUNT);
	const char *note = below(s, 100) < 70 ? loss_notes[reason][below(s, 3)] : NULL;
	o->lost_from = o->stage;
	o->stage = PE;
	return ok(g, store_lose(g->st, o->id, 0, reason, note, &why), o, "loss");
}

static bool reopen(gen *g, gopp *o)
{
	uint64_t *s = &o->rng;
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	o->stage = o->lost_from;
	o->flags &= (uint8_t)~F_REOPEN;
	/* A second chance: won this time, or lost again further on. */
	if (below(s, 100) < 60) {
		o->fate = FATE_WIN;
		o->goal = LI;
	} else {
		o->goal = (uint8_t)(o->stage + below(s, LI - o->stage + 1));
	}
	return ok(g, store_reopen(g->st, o->id, 0, reopen_notes[below(s, COUNT(reopen_notes))], &why),
	          o, "reopening");
}

/* The next event of o at time t. Returns the delay to the one after it,
 * or -1 when its life is over; false on a store failure. */
static bool step(gen *g, gopp *o, time_t t, int64_t *next)
{
	uint64_t *s = &o->rng;
	*next = -1;
	store_set_now(g->st, t);
	if (o->stage == PE) {
		if (!(o->flags & F_REOPEN))
			return true;
		*next = delay(s, DAY, 20 * DAY);
		return reopen(g, o);
	}
	if (o->flags & F_DELETED) {
		o->flags &= (uint8_t)~F_DELETED;
		*next = delay(s, HOUR, 5 * DAY);
		return ok(g, store_restore(g->st, o->id, 0), o, "restore");
	}
	if ((o->flags & F_DELETE) && o->stage == IN) {
		o->flags &= (uint8_t)~F_DELETE;
		if (o->flags & F_RESTORE) {
			o->flags |= F_DELETED;
			*next = delay(s, DAY, 30 * DAY);
		}
		return ok(g, store_delete(g->st, o->id, 0), o, "delete");
	}
	if (o->edits && below(s, 100) < 18) {
		*next = delay(s, HOUR, 10 * DAY);
		return edit(g, o, t);
	}
	if (o->fate == FATE_PARK) {
		if (o->crit == 0x1f)
			return true;
		*next = delay(s, 10 * 60, 2 * HOUR);
		return tick_criterion(g, o);
	}
	if ((o->flags & F_BACK) && o->stage >= CA && o->stage < o->goal && below(s, 100) < 40) {
		o->flags &= (uint8_t)~F_BACK;
		*next = delay(s, 2 * DAY, 25 * DAY);
		return move(g, o, o->stage - 1, back_notes[below(s, COUNT(back_notes))]);
	}
	/* Billing goes on in en Facturación and Lista: the other invoices. */
	if (o->stage >= EF && o->invoices < o->ninv && below(s, 100) < 50) {
		*next = delay(s, 5 * DAY, 40 * DAY);
		return record(g, o, EF, t);
	}
	if (o->stage == LI && o->delivery == 1 && o->fate == FATE_WIN) {
		*next = delay(s, 5 * DAY, 60 * DAY);
		return record(g, o, LI, t);
	}
	if (o->stage == o->goal) {
		if (o->fate != FATE_WIN && o->stage == IN &&
		    __builtin_popcount(o->crit) < o->want_crit && below(s, 100) < 80) {
			*next = delay(s, HOUR, 20 * DAY);
			return tick_criterion(g, o);
		}
		if (o->fate == FATE_LOSE) {
			*next = (o->flags & F_REOPEN) ? delay(s, 10 * DAY, 120 * DAY) : -1;
			return lose(g, o);
		}
		/* Won and delivered, or stalled: only edits and invoices are left. */
		if (o->edits || (o->stage >= EF && o->invoices < o->ninv) ||
		    (o->stage == LI && o->delivery == 1))
			*next = delay(s, 5 * DAY, 40 * DAY);
		return true;
	}
	int nx = o->stage + 1;
	if (!has_entry(o, nx)) {
		*next = nx == CA ? delay(s, 20 * 60, 6 * DAY) : delay(s, DAY, 18 * DAY);
		return record(g, o, nx, t);
	}
	/* A batcher records the following stage's evidence before moving, so
	 * its move crosses several stages at once. */
	if ((o->flags & F_BATCH) && nx + 1 <= o->goal && !has_entry(o, nx + 1) && below(s, 100) < 70) {
		*next = delay(s, HOUR, 8 * DAY);
		return record(g, o, nx + 1, t);
	}
	int to = nx;
	while (to + 1 <= o->goal && has_entry(o, to + 1))
		to++;
	*next = delay(s, 2 * HOUR, 12 * DAY);
	return move(g, o, to, NULL);
}

/* ---- the clock: a min-heap of (time, opportunity) ------------------------ */

typedef struct event {
	uint32_t t; /* seconds since g->start */
	uint32_t i; /* opportunity index */
} event;

typedef struct heap {
	event *e;
	size_t n, cap;
} heap;

static bool heap_push(heap *h, event ev)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		event *e = realloc(h->e, cap * sizeof *e);
		if (!e)
			return false;
		h->e = e;
		h->cap = cap;
	}
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h->e[p].t < ev.t || (h->e[p].t == ev.t && h->e[p].i <= ev.i))
			break;
		h->e[i] = h->e[p];
		i = p;
	}
	h->e[i] = ev;
	return true;
}

static event heap_pop(heap *h)
{
	event top = h->e[0], last = h->e[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && (h->e[c + 1].t < h->e[c].t ||
		                     (h->e[c + 1].t == h->e[c].t && h->e[c + 1].i < h->e[c].i)))
			c++;
		if (last.t < h->e[c].t || (last.t == h->e[c].t && last.i <= h->e[c].i))
			break;
		h->e[i] = h->e[c];
		i = c;
	}
	h->e[i] = last;
	return top;
}

/* ---- the build ------------------------------------------------------------ */

long gen_parked(long n)
{
	return n / 2 < GEN_PARKED ? n / 2 : GEN_PARKED;
}

static double mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Commits the current bulk transaction and starts the next. */
static bool rechunk(gen *g)
{
	if (g->chunk_calls < CHUNK)
		return true;
	g->chunk_calls = 0;
	if (store_bulk_end(g->st) != STORE_OK || store_bulk_begin(g->st) != STORE_OK) {
		snprintf(g->err, sizeof g->err, "%s", store_message(g->st));
		return false;
	}
	return true;
}

static bool play(gen *g, double t0)
{
	heap h = { 0 };
	long created = 0;
	double span = (double)(g->end - g->start) - 30.0 * DAY; /* the last month: no new ones */
	double last_report = t0;
	bool good = true;

	while (good) {
		/* The next creation, or the next event of a live card. */
		uint32_t tc = UINT32_MAX;
		if (created < g->n)
			tc = (uint32_t)(span * (double)created / (double)g->n);
		if (h.n == 0 && tc == UINT32_MAX)
			break;
		int64_t next;
		uint32_t i, t;
		if (h.n == 0 || tc <= h.e[0].t) {
			i = (uint32_t)created++;
			t = tc;
			gopp *o = &g->opp[i];
			plan(g, o, (long)i);
			char owner[64];
			owner_name(o->owner, owner, sizeof owner);
			store_set_actor(g->st, owner);
			store_set_now(g->st, g->start + (time_t)t);
			good = create(g, o, g->start + (time_t)t);
			next = delay(&o->rng, 20 * 60, 3 * DAY);
		} else {
			event ev = heap_pop(&h);
			i = ev.i;
			t = ev.t;
			gopp *o = &g->opp[i];
			char owner[64];
			owner_name(o->owner, owner, sizeof owner);
			store_set_actor(g->st, owner);
			good = step(g, o, g->start + (time_t)t, &next);
		}
		if (good && next >= 0 && (int64_t)t + next < (int64_t)(g->end - g->start))
			good = heap_push(&h, (event){ (uint32_t)(t + next), i });
		if (good)
			good = rechunk(g);
		if (good && g->log && (g->calls & 0xffff) == 0) {
			double now = mono();
			if (now - last_report >= 30) {
				last_report = now;
				fprintf(g->log, "bench:   %ld of %ld created, %ld store writes, %.0f s\n",
				        created, g->n, g->calls, now - t0);
			}
		}
	}
	free(h.e);
	if (!good && !g->err[0])
		snprintf(g->err, sizeof g->err, "out of memory");
	return good;
}

static void remove_sidecars(const char *path)
{
	char side[4200];
	if (strlen(path) + 5 > sizeof side)
		return;
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int gen_build(const char *path, long n, FILE *log, gen_stats *stats)
{
	char tmp[4096], err[512];
	gen g;
	memset(&g, 0, sizeof g);
	g.n = n;
	g.log = log;
	g.parked = gen_parked(n);
	g.owners = n < 36 ? 3 : (int)(sqrt((double)n) / 2);
	g.clients = n / 8 > 5 ? (int)(n / 8) : 5;
	if (!date_parse_timestamp(GEN_END, &g.end))
		return 1;
	g.start = g.end - (time_t)SPAN_DAYS * DAY;
	g.opp = calloc((size_t)n, sizeof *g.opp);
	if (!g.opp) {
		fprintf(stderr, "bench: out of memory for %ld opportunities\n", n);
		return 1;
	}
	snprintf(tmp, sizeof tmp, "%s.part", path);
	unlink(tmp);
	remove_sidecars(tmp);
	double t0 = mono();
	if (store_open(tmp, &g.st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "bench: %s\n", err);
		free(g.opp);
		return 1;
	}
	bool good = store_bulk_begin(g.st) == STORE_OK;
	if (!good)
		snprintf(g.err, sizeof g.err, "%s", store_message(g.st));
	good = good && play(&g, t0);
	if (good && store_bulk_end(g.st) != STORE_OK) {
		snprintf(g.err, sizeof g.err, "%s", store_message(g.st));
		good = false;
	}
	if (!good)
		store_bulk_abort(g.st);
	store_close(g.st);
	free(g.opp);
	if (!good) {
		fprintf(stderr, "bench: building %s: %s\n", path, g.err);
		return 1;
	}
	/* A -wal left by an earlier, killed run on `path` would be replayed
	 * onto the new file and corrupt it. */
	remove_sidecars(path);
	if (rename(tmp, path) != 0) {
		perror("bench: rename");
		return 1;
	}
	if (stats) {
		stats->calls = g.calls;
		stats->seconds = mono() - t0;
	}
	return 0;
}
