/*
 * config_rates: the `rates:` key, the exchange rates that give the review
 * one figure in a reporting currency (embudo-config(5)):
 *   rates: {reporting: CLP, USD: 950, CLF: 39000, as_of: 2026-12-01}
 * 1 USD is 950 CLP. reporting, as_of and at least one rate are required
 * together; each code is an ISO 4217 code, each rate a decimal greater
 * than 0, as_of a date. Checked here (file:line:column), shown by `config
 * check` and written by `config dump` so that it loads back the same.
 */
#include "config/config_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/date.h"
#include "util/money.h"
#include "util/text.h"

#define RATES_EXAMPLE "rates: {reporting: CLP, USD: 950, CLF: 39000, as_of: 2026-12-01}"

static bool fail(char *err, size_t errlen, const char *file, const cy_node *at, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

static bool fail(char *err, size_t errlen, const char *file, const cy_node *at, const char *fmt,
                 ...)
{
	char what[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%d:%d: %s", file, at ? at->line : 1, at ? at->col : 1, what);
	return false;
}

/* A scalar's text, neutralised for a message. */
static const char *shown(const cy_node *v, char *buf, size_t n)
{
	text_sanitize(v->kind == CY_SCALAR && v->text ? v->text : "", buf, n);
	return buf;
}

static bool want_scalar(const cy_node *v, const char *key, const char *file, char *err,
                        size_t errlen)
{
	if (v->kind == CY_SCALAR && !cy_is_null(v))
		return true;
	return fail(err, errlen, file, v, "'rates.%s' needs a value; write e.g. %s", key,
	            RATES_EXAMPLE);
}

static bool want_code(const cy_node *v, const char *what, const char *file, char *err,
                      size_t errlen, char code[MONEY_CODE_LEN + 1])
{
	char t[64];

	if (strlen(v->text) != MONEY_CODE_LEN || !money_currency_normalize(v->text, code))
		return fail(err, errlen, file, v, "unknown currency '%s' %s; write a three-letter ISO "
		            "4217 code such as CLP, USD, EUR or CLF", shown(v, t, sizeof t), what);
	return true;
}

bool config_apply_rates(config *c, config_origins *o, const cy_node *v, const char *file,
                        char *err, size_t errlen)
{
	static const char *const named[] = { "reporting", "as_of" };
	config_rates r;
	const cy_node *reporting = NULL;
	char t[64];

	memset(&r, 0, sizeof r);
	if (v->kind != CY_MAP)
		return fail(err, errlen, file, v, "'rates' must be a mapping of a reporting currency, "
		            "rates and their date; write e.g. %s", RATES_EXAMPLE);
	for (size_t i = 0; i < v->n; i += 2) {
		const cy_node *k = v->items[i], *val = v->items[i + 1];
		char code[MONEY_CODE_LEN + 1];

		if (strcmp(k->text, "reporting") == 0) {
			if (!want_scalar(val, "reporting", file, err, errlen)
			    || !want_code(val, "for rates.reporting", file, err, errlen, r.reporting))
				return false;
			reporting = val;
		} else if (strcmp(k->text, "as_of") == 0) {
			if (!want_scalar(val, "as_of", file, err, errlen))
				return false;
			if (!date_valid(val->text))
				return fail(err, errlen, file, val, "'rates.as_of' must be the date of the "
				            "rates written YYYY-MM-DD; got '%s'", shown(val, t, sizeof t));
			memcpy(r.as_of, val->text, sizeof r.as_of);
		} else if (strlen(k->text) == MONEY_CODE_LEN) {
			char why[256];
			config_rate *rate;

			if (!want_code(k, "in rates", file, err, errlen, code))
				return false;
			for (int j = 0; j < r.n; j++)
				if (strcmp(r.rate[j].currency, code) == 0)
					return fail(err, errlen, file, k, "rates: %s has a rate already; give "
					            "each currency one", code);
			if (r.n == CONFIG_MAX_RATES)
				return fail(err, errlen, file, k, "rates: at most %d currencies",
				            CONFIG_MAX_RATES);
			if (!want_scalar(val, code, file, err, errlen))
				return false;
			rate = &r.rate[r.n];
			if (!money_rate_parse(val->text, &rate->units, &rate->scale, why, sizeof why))
				return fail(err, errlen, file, val, "rates.%s '%s': %s (how many %s one %s is "
				            "worth)", code, shown(val, t, sizeof t), why,
				            reporting ? r.reporting : "units of the reporting currency", code);
			memcpy(rate->currency, code, sizeof rate->currency);
			r.n++;
		} else {
			const char *s = config_suggest(k->text, named, 2);

			if (s)
				return fail(err, errlen, file, k, "unknown key '%s' in rates; did you mean "
				            "'%s'?", shown(k, t, sizeof t), s);
			return fail(err, errlen, file, k, "unknown key '%s' in rates: it takes reporting, "
			            "as_of and a rate per currency code; write e.g. %s",
			            shown(k, t, sizeof t), RATES_EXAMPLE);
		}
	}
	if (!reporting)
		return fail(err, errlen, file, v, "'rates' needs 'reporting', the currency to convert "
		            "to; write e.g. %s", RATES_EXAMPLE);
	if (!r.as_of[0])
		return fail(err, errlen, file, v, "'rates' needs 'as_of', the date of the rates; write "
		            "e.g. %s", RATES_EXAMPLE);
	if (r.n == 0)
		return fail(err, errlen, file, v, "'rates' needs at least one rate (CODE: how many %s "
		            "one unit is worth); write e.g. %s", r.reporting, RATES_EXAMPLE);
	for (int j = 0; j < r.n; j++)
		if (strcmp(r.rate[j].currency, r.reporting) == 0)
			return fail(err, errlen, file, reporting, "rates: %s is the reporting currency: it "
			            "takes no rate (it is 1); remove 'rates.%s'", r.reporting, r.reporting);
	r.set = true;
	c->rates = r;
	if (o)
		o->rates = (config_origin){ CONFIG_FROM_FILE, v->line };
	return true;
}

void config_dump_rates(const config *c, FILE *out)
{
	char num[64];

	fputs("\n# Exchange rates for one converted figure beside each per-currency total\n"
	      "# of the review (embudo report, the review screen): how many units of the\n"
	      "# reporting currency one unit of each currency is worth, and their date.\n"
	      "# Without rates nothing is converted.\n", out);
	if (!c->rates.set) {
		fputs("# " RATES_EXAMPLE "\n", out);
		return;
	}
	fprintf(out, "rates:\n  reporting: %s\n  as_of: %s\n", c->rates.reporting, c->rates.as_of);
	for (int i = 0; i < c->rates.n; i++) {
		money_rate_format(c->rates.rate[i].units, c->rates.rate[i].scale, num, sizeof num);
		fprintf(out, "  %s: %s\n", c->rates.rate[i].currency, num);
	}
}

void config_check_rates(const config *c, const config_origins *o, FILE *out)
{
	char key[64], val[64];

	if (!c->rates.set) {
		config_check_row(out, o, "rates", "(none: nothing converted)", o->rates);
		return;
	}
	config_check_row(out, o, "rates.reporting", c->rates.reporting, o->rates);
	config_check_row(out, o, "rates.as_of", c->rates.as_of, o->rates);
	for (int i = 0; i < c->rates.n; i++) {
		snprintf(key, sizeof key, "rates.%s", c->rates.rate[i].currency);
		money_rate_format(c->rates.rate[i].units, c->rates.rate[i].scale, val, sizeof val);
		config_check_row(out, o, key, val, o->rates);
	}
}
