/*
 * money: amounts as an integer count of a currency's minor unit plus an
 * ISO 4217 code. Amounts of different currencies are never added together.
 * Pure: no I/O.
 */
#ifndef EMBUDO_MONEY_H
#define EMBUDO_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONEY_CODE_LEN 3           /* ISO 4217 codes are three letters */
#define MONEY_DEFAULT_CURRENCY "CLP"

/* The message for a code that is not an active ISO 4217 code; one %s for
 * the (sanitised) code the user typed. */
#define MONEY_UNKNOWN_CURRENCY \
	"unknown currency '%s' (ISO 4217 code such as CLP, USD, EUR, CLF)"

/* Minor-unit digits from ISO 4217: CLP 0, JPY 0, KRW 0, USD 2, EUR 2,
 * BHD/KWD/OMR/JOD/TND/LYD/IQD 3, CLF (Unidad de Fomento) 4; 2 for a code
 * that is not in the table. Lower case accepted. */
int money_decimals(const char *currency);

/* An active ISO 4217 code, exactly (upper case): "CLP" yes, "clp" and "USS"
 * no. */
bool money_currency_valid(const char *code);

/* The known codes, sorted: money_currency_at(0 .. count - 1); NULL past
 * the end. For help texts and tests. */
size_t money_currency_count(void);
const char *money_currency_at(size_t i);

/* The one order of currencies in every output (the board's totals and
 * weighted lines, the CLI's totals, reports): `first`, the configured
 * default currency, before every other; the rest by code. NULL or ""
 * `first`: by code only. <0, 0 or >0 like strcmp. */
int money_code_cmp(const char *first, const char *a, const char *b);

/* Sorts n items of `size` bytes each, whose currency code is the string at
 * byte `offset` of the item, into money_code_cmp order. Stable; meant for
 * the handful of currencies of a total. */
void money_sort_codes(void *items, size_t n, size_t size, size_t offset, const char *first);

/* Exchange rates for one figure in a reporting currency: 1 unit of
 * `currency` is units / 10^scale units of the reporting currency (both in
 * major units: "USD: 950.25" is units 95025, scale 2). The configuration
 * reads them (`rates:`) and the review's figures use them: one type, so
 * neither copies the other's. */
#define MONEY_MAX_RATES 32

typedef struct money_rate {
	char currency[MONEY_CODE_LEN + 1];
	int64_t units;
	int scale;
} money_rate;

/* set false when there are none (then nothing is converted anywhere). */
typedef struct money_rates {
	bool set;
	char reporting[MONEY_CODE_LEN + 1];
	char as_of[11];                   /* YYYY-MM-DD */
	int n;
	money_rate rate[MONEY_MAX_RATES]; /* in the order written */
} money_rates;

/* Copies code upper-cased into out (size >= 4); false unless it is then valid. */
bool money_currency_normalize(const char *code, char out[MONEY_CODE_LEN + 1]);

/* Parses a non-negative decimal such as "1500", "1500.5", "1,500.50" (commas
 * as thousands separators only between groups of three) with at most
 * money_decimals(currency) fraction digits, into minor units. For a
 * currency without decimals (CLP, JPY...) dots between groups of three
 * digits are thousands separators too, as written in Chile: "1.234.567"
 * CLP is 1234567 ("1.5" CLP stays "too many decimals"). Elsewhere such
 * dot-grouping is refused with the accepted forms of the same number
 * ("write 1234567.50 or 1,234,567.50"). On failure returns false and
 * writes a one-line reason into err. */
bool money_parse(const char *text, const char *currency, int64_t *minor,
                 char *err, size_t errlen);

/* Plain decimal string with exactly money_decimals() fraction digits:
 * 150050 USD -> "1500.50". For JSON, CSV and round trips. */
void money_format(int64_t minor, const char *currency, char *buf, size_t bufsz);

/* For people: thousands grouped, e.g. "1,500.50"; no currency code. */
void money_format_human(int64_t minor, const char *currency, char *buf, size_t bufsz);

/* An exchange rate: how many units of one currency one unit of another is
 * worth, a decimal greater than 0 such as "950" or "950.25", with at most
 * MONEY_RATE_DIGITS digits of which MONEY_RATE_DECIMALS after the point.
 * Into units / 10^scale, trailing zeros of the fraction dropped ("950.50"
 * is 9505 / 10). On failure false with a one-line reason in err. */
#define MONEY_RATE_DIGITS 18
#define MONEY_RATE_DECIMALS 9
bool money_rate_parse(const char *text, int64_t *units, int *scale, char *err, size_t errlen);
/* units / 10^scale as the shortest decimal ("950", "950.25"). */
void money_rate_format(int64_t units, int scale, char *buf, size_t bufsz);

#endif
