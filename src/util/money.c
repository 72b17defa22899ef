/*
 * money: amounts in a currency's minor unit, parsed and formatted without
 * floating point so no amount is ever rounded.
 */
#include "util/money.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/*
 * The active ISO 4217 currency codes (fund codes such as CLF, BOV or USN
 * included; precious metals, XDR and the testing codes XTS/XXX left out,
 * since nobody sells services in them), sorted for bsearch, with their
 * minor-unit digits. A code outside this table is a typing mistake (USS
 * for USD) that would otherwise silently start a separate currency total.
 */
typedef struct currency_info {
	char code[MONEY_CODE_LEN + 1];
	int decimals;
} currency_info;

static const currency_info currencies[] = {
	{ "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
	{ "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 },
	{ "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 },
	{ "BOB", 2 }, { "BOV", 2 }, { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 },
	{ "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
	{ "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 },
	{ "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 },
	{ "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 },
	{ "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 },
	{ "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
	{ "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 },
	{ "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 },
	{ "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 },
	{ "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 },
	{ "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 },
	{ "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 },
	{ "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 },
	{ "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 },
	{ "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 },
	{ "PLN", 2 }, { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 },
	{ "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 },
	{ "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 },
	{ "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 },
	{ "TMT", 2 }, { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 },
	{ "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 },
	{ "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 },
	{ "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 },
	{ "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 },
};
#define NCURRENCIES (sizeof currencies / sizeof currencies[0])

static int compare_code(const void *key, const void *elem)
{
	return strcmp(key, ((const currency_info *)elem)->code);
}

/* The entry of an exact upper-case code, or NULL. */
static const currency_info *find(const char *code)
{
	if (!code || strlen(code) != MONEY_CODE_LEN)
		return NULL;
	return bsearch(code, currencies, NCURRENCIES, sizeof currencies[0], compare_code);
}

size_t money_currency_count(void)
{
	return NCURRENCIES;
}

const char *money_currency_at(size_t i)
{
	return i < NCURRENCIES ? currencies[i].code : NULL;
}

bool money_currency_valid(const char *code)
{
	return find(code) != NULL;
}

bool money_currency_normalize(const char *code, char out[MONEY_CODE_LEN + 1])
{
	size_t i = 0;

	out[0] = '\0';
	if (!code)
		return false;
	/* Copy at most a code's length; a longer input is invalid anyway.
	 * ASCII only: toupper() in a Turkish locale would turn 'i' into
	 * something that is no letter of a code. */
	for (; i < MONEY_CODE_LEN && code[i]; i++)
		out[i] = code[i] >= 'a' && code[i] <= 'z' ? (char)(code[i] - 'a' + 'A') : code[i];
	out[i] = '\0';
	return code[i] == '\0' && money_currency_valid(out);
}

int money_decimals(const char *currency)
{
	char code[MONEY_CODE_LEN + 1];
	const currency_info *c;

	/* Lower-case codes are accepted; an unknown code gets the common 2 so
	 * a caller that formats without checking (a hand-edited database)
	 * still prints something sane. */
	if (!money_currency_normalize(currency, code) || !(c = find(code)))
		return 2;
	return c->decimals;
}

/* The first characters of the n bytes at text, for an error message: at
 * most QUOTE_CHARS of them, then "..." when there were more, neutralised
 * like everything shown on a terminal (text_sanitize: a control, escape or
 * bidi character is U+FFFD, never '?'), so the message stays one line. */
#define QUOTE_CHARS 32
#define QUOTE_SIZE (QUOTE_CHARS * 4 + sizeof "...")
static void quote(const char *text, size_t n, char out[QUOTE_SIZE])
{
	char raw[QUOTE_CHARS * 4 + 1];
	size_t len = 0;

	for (int chars = 0; len < n && chars < QUOTE_CHARS; chars++) {
		uint32_t cp;
		size_t k = text_utf8_decode(text + len, &cp);
		if (len + k > n)
			break;
		len += k;
	}
	memcpy(raw, text, len);
	raw[len] = '\0';
	/* Each character (an invalid unit included) stays within 4 bytes. */
	text_sanitize(raw, out, QUOTE_CHARS * 4 + 1);
	if (len < n)
		strcat(out, "...");
}

__attribute__((format(printf, 3, 4)))
static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* v = v * 10 + d, refusing to leave int64. */
static bool push_digit(int64_t *v, int d)
{
	if (*v > (INT64_MAX - d) / 10)
		return false;
	*v = *v * 10 + d;
	return true;
}

/*
 * Whether [text, end) is digits grouped by dots the Chilean way, as in
 * "1.234.567": a first group of 1..3 digits, then at least one ".ddd"
 * group; optionally ",d..." after them (the
 * European "1.234.567,50"). The digits of the groups, without the dots,
 * go into whole (size >= 32), where the fraction digits start (end when
 * none) into fraction, the number of dots into dots.
 */
static bool dot_grouped(const char *text, const char *end, char whole[32],
                        const char **fraction, int *dots)
{
	const char *p = text;
	size_t n = 0;
	int group = 0, groups = 1;

	*fraction = end;
	for (; p < end && *p != ','; p++) {
		if (*p == '.') {
			if (group == 0 || (groups == 1 && group > 3) || (groups > 1 && group != 3))
				return false;
			groups++;
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p) || n + 1 >= 32)
			return false;
		whole[n++] = *p;
		group++;
	}
	whole[n] = '\0';
	*dots = groups - 1;
	if (groups < 2 || group != 3)
		return false;
	if (p < end) {
		*fraction = ++p;
		if (p == end)
			return false;
		for (; p < end; p++)
			if (!isdigit((unsigned char)*p))
				return false;
	}
	return true;
}

/* "1,234,567" from "1234567". */
static void group_commas(const char *digits, char out[48])
{
	size_t n = strlen(digits), j = 0;

	for (size_t i = 0; i < n && j + 2 < 48; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
}

/* The end of money_parse once every digit is read: v in minor units, or
 * the refusal when it did not fit. */
static bool parsed(int64_t v, bool overflow, const char *code, const char *shown, int64_t *minor,
                   char *err, size_t errlen)
{
	if (overflow) {
		char max[32];
		money_format_human(INT64_MAX, code, max, sizeof max);
		return fail(err, errlen, "amount too large: '%s' (the maximum is "
		            "%s)", shown, max);
	}
	if (minor)
		*minor = v;
	if (err && errlen)
		err[0] = '\0';
	return true;
}

bool money_parse(const char *text, const char *currency, int64_t *minor,
                 char *err, size_t errlen)
{
	char code[MONEY_CODE_LEN + 1], shown[QUOTE_SIZE];
	const char *p, *end;
	int64_t v = 0;
	int decimals, frac = 0, group = 0;
	bool commas = false, overflow = false;

	if (!currency)
		currency = MONEY_DEFAULT_CURRENCY;
	if (!money_currency_normalize(currency, code)) {
		quote(currency, strlen(currency), shown);
		return fail(err, errlen, MONEY_UNKNOWN_CURRENCY, shown);
	}
	decimals = money_decimals(code);
	if (!text)
		text = "";
	/* Surrounding blanks are a typing accident, not a different number. */
	while (*text == ' ' || *text == '\t')
		text++;
	end = text + strlen(text);
	while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	quote(text, (size_t)(end - text), shown);
	if (end == text)
		return fail(err, errlen, "empty amount: enter a number such as "
		            "1500");
	if (*text == '-')
		return fail(err, errlen, "negative amounts are not allowed: "
		            "'%s'", shown);

	/* Dots between groups of three digits ("1.234.567"): how amounts are
	 * written in Chile. Taken as thousands separators where the currency
	 * has no decimals (CLP), so no dot can be a decimal point there;
	 * elsewhere refused with the accepted forms of the same number. */
	{
		char whole[32], grouped[48];
		const char *fraction;
		int dots = 0;

		/* With decimals, one dot and no comma ("1.505") is a decimal
		 * point: CLF's 1.2345, or too many decimals for USD. */
		if (dot_grouped(text, end, whole, &fraction, &dots)
		    && (decimals == 0 || dots > 1 || fraction < end)) {
			if (decimals > 0) {
				char cents[8] = "50";
				size_t nf = (size_t)(end - fraction);

				/* The user's own decimals, or an example. */
				if (nf > 0 && nf < sizeof cents) {
					memcpy(cents, fraction, nf);
					cents[nf] = '\0';
				}
				group_commas(whole, grouped);
				return fail(err, errlen, "'%s' uses dots between thousands; in %s a dot "
				            "marks the decimals: write %s.%s or %s.%s", shown, code,
				            whole, cents, grouped, cents);
			}
			if (fraction < end)
				return fail(err, errlen, "too many decimals for %s (%d allowed)",
				            code, decimals);
			for (const char *q = whole; *q; q++)
				if (!push_digit(&v, *q - '0'))
					overflow = true;
			return parsed(v, overflow, code, shown, minor, err, errlen);
		}
	}

	/* Integer part, with optional thousands commas in proper groups. */
	p = text;
	if (p == end || !isdigit((unsigned char)*p))
		return fail(err, errlen, "not a number: '%s'", shown);
	for (; p < end && *p != '.'; p++) {
		if (*p == ',') {
			/* The first group is 1..3 digits, every later one exactly 3. */
			if ((commas && group != 3) || (!commas && group > 3) ||
			    group == 0)
				return fail(err, errlen, "misplaced thousands separator "
				            "in '%s' (commas go between groups of three "
				            "digits, as in 1,500,000)", shown);
			commas = true;
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return fail(err, errlen, "not a number: '%s'", shown);
		group++;
		if (!push_digit(&v, *p - '0'))
			overflow = true;
	}
	if (commas && group != 3)
		return fail(err, errlen, "misplaced thousands separator in '%s' "
		            "(commas go between groups of three digits, as in "
		            "1,500,000)", shown);

	/* Fraction part. */
	if (p < end) {
		p++; /* the '.' */
		if (p == end)
			return fail(err, errlen, "not a number: '%s' (digits must "
			            "follow the decimal point)", shown);
		for (const char *q = p; q < end; q++) {
			if (*q == '.' && decimals == 0)
				return fail(err, errlen, "misplaced thousands separator "
				            "in '%s' (dots go between groups of three "
				            "digits, as in 1.500.000)", shown);
			if (*q == '.')
				return fail(err, errlen, "not a number: '%s' (one decimal "
				            "point at most: write it like 1234567.50 or "
				            "1,234,567.50)", shown);
			if (!isdigit((unsigned char)*q))
				return fail(err, errlen, "not a number: '%s'",
				            shown);
		}
		if (end - p > decimals)
			return fail(err, errlen, "too many decimals for %s (%d "
			            "allowed)", code, decimals);
		for (; p < end; p++, frac++)
			if (!push_digit(&v, *p - '0'))
				overflow = true;
	}
	/* Scale to minor units: "1500.5" USD is 150050. */
	for (; frac < decimals && !overflow; frac++)
		if (!push_digit(&v, 0))
			overflow = true;
	return parsed(v, overflow, code, shown, minor, err, errlen);
}

/* Splits minor into sign, whole units and fraction, INT64_MIN included. */
static void split(int64_t minor, int decimals, bool *negative, uint64_t *whole,
                  uint64_t *fraction)
{
	uint64_t mag, scale = 1;

	*negative = minor < 0;
	mag = *negative ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	*whole = mag / scale;
	*fraction = mag % scale;
}

void money_format(int64_t minor, const char *currency, char *buf, size_t bufsz)
{
	int d = money_decimals(currency);
	bool neg;
	uint64_t whole, fraction;

	if (!buf || !bufsz)
		return;
	split(minor, d, &neg, &whole, &fraction);
	if (d == 0)
		snprintf(buf, bufsz, "%s%" PRIu64, neg ? "-" : "", whole);
	else
		snprintf(buf, bufsz, "%s%" PRIu64 ".%0*" PRIu64, neg ? "-" : "",
		         whole, d, fraction);
}

void money_format_human(int64_t minor, const char *currency, char *buf,
                        size_t bufsz)
{
	int d = money_decimals(currency);
	bool neg;
	uint64_t whole, fraction;
	char digits[24], grouped[40];
	size_t n, j = 0;

	if (!buf || !bufsz)
		return;
	split(minor, d, &neg, &whole, &fraction);
	n = (size_t)snprintf(digits, sizeof digits, "%" PRIu64, whole);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	if (d == 0)
		snprintf(buf, bufsz, "%s%s", neg ? "-" : "", grouped);
	else
		snprintf(buf, bufsz, "%s%s.%0*" PRIu64, neg ? "-" : "", grouped,
		         d, fraction);
}

int money_code_cmp(const char *first, const char *a, const char *b)
{
	bool fa = first && *first && strcmp(a, first) == 0;
	bool fb = first && *first && strcmp(b, first) == 0;

	if (fa != fb)
		return fa ? -1 : 1;
	return strcmp(a, b);
}

/* Insertion sort by swapping neighbours byte by byte: no buffer of the
 * item's size is needed, and a total has a few currencies. */
void money_sort_codes(void *items, size_t n, size_t size, size_t offset, const char *first)
{
	unsigned char *base = items;

	for (size_t i = 1; i < n; i++) {
		for (size_t j = i; j > 0; j--) {
			unsigned char *prev = base + (j - 1) * size, *cur = base + j * size;

			if (money_code_cmp(first, (const char *)cur + offset,
			                   (const char *)prev + offset) >= 0)
				break;
			for (size_t k = 0; k < size; k++) {
				unsigned char t = prev[k];
				prev[k] = cur[k];
				cur[k] = t;
			}
		}
	}
}

/* ---- exchange rates (`rates:` in the configuration) ------------------------ */

bool money_rate_parse(const char *text, int64_t *units, int *scale, char *err, size_t errlen)
{
	int64_t v = 0;
	int digits = 0, frac = 0;
	bool dot = false;
	const char *p = text;

	*units = 0;
	*scale = 0;
	if (!p || !*p)
		return fail(err, errlen, "a rate is a number greater than 0, such as 950 or 950.25");
	for (; *p; p++) {
		if (*p == '.' && !dot && digits > 0) {
			dot = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			return fail(err, errlen, "a rate is a number greater than 0, such as 950 or "
			            "950.25 (no sign, no thousands separators)");
		if (dot && ++frac > MONEY_RATE_DECIMALS)
			return fail(err, errlen, "a rate has at most %d decimals", MONEY_RATE_DECIMALS);
		if (v > (INT64_MAX - 9) / 10 || ++digits > MONEY_RATE_DIGITS)
			return fail(err, errlen, "a rate has at most %d digits", MONEY_RATE_DIGITS);
		v = v * 10 + (*p - '0');
	}
	if (dot && frac == 0)
		return fail(err, errlen, "a rate needs digits after its decimal point");
	if (v == 0)
		return fail(err, errlen, "a rate must be greater than 0");
	/* Trailing zeros of the fraction say nothing: 950.50 is 950.5. */
	while (frac > 0 && v % 10 == 0) {
		v /= 10;
		frac--;
	}
	*units = v;
	*scale = frac;
	return true;
}

void money_rate_format(int64_t units, int scale, char *buf, size_t bufsz)
{
	int64_t p = 1;

	if (!buf || !bufsz)
		return;
	if (scale <= 0 || scale > MONEY_RATE_DECIMALS) {
		snprintf(buf, bufsz, "%" PRId64, units);
		return;
	}
	for (int i = 0; i < scale; i++)
		p *= 10;
	snprintf(buf, bufsz, "%" PRId64 ".%0*" PRId64, units / p, scale, units % p);
}
