/*
 * money: amounts in a currency's minor unit, parsed and formatted without
 * floating point so no amount is ever rounded.
 */
#include "money.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *code;
	int decimals;
} minor_units[] = {
	{ "CLP", 0 },
	{ "JPY", 0 },
	{ "USD", 2 },
	{ "EUR", 2 },
	{ "CLF", 4 },   /* Unidad de Fomento */
};

bool money_currency_valid(const char *code)
{
	if (!code)
		return false;
	for (int i = 0; i < MONEY_CODE_LEN; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return false;
	return code[MONEY_CODE_LEN] == '\0';
}

bool money_currency_normalize(const char *code, char out[MONEY_CODE_LEN + 1])
{
	size_t i = 0;

	out[0] = '\0';
	if (!code)
		return false;
	/* Copy at most a code's length; a longer input is invalid anyway. */
	for (; i < MONEY_CODE_LEN && code[i]; i++)
		out[i] = (char)toupper((unsigned char)code[i]);
	out[i] = '\0';
	return code[i] == '\0' && money_currency_valid(out);
}

int money_decimals(const char *currency)
{
	char code[MONEY_CODE_LEN + 1];

	/* Lower-case codes are accepted; an invalid code gets the common 2 so
	 * a caller that formats without checking still prints something sane. */
	if (!money_currency_normalize(currency, code))
		return 2;
	for (size_t i = 0; i < sizeof minor_units / sizeof minor_units[0]; i++)
		if (strcmp(minor_units[i].code, code) == 0)
			return minor_units[i].decimals;
	return 2;
}

/* Copies the n bytes at text into a short quotable form for error messages:
 * at most 32 bytes, with control bytes shown as '?' so the message stays
 * one line. */
static void quote(const char *text, size_t n, char out[40])
{
	size_t i;

	for (i = 0; i < n && i < 32; i++) {
		unsigned char c = (unsigned char)text[i];
		out[i] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	if (n > 32) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
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

bool money_parse(const char *text, const char *currency, int64_t *minor,
                 char *err, size_t errlen)
{
	char code[MONEY_CODE_LEN + 1], shown[40], max[32];
	const char *p, *end;
	int64_t v = 0;
	int decimals, frac = 0, group = 0;
	bool commas = false, overflow = false;

	if (!currency)
		currency = MONEY_DEFAULT_CURRENCY;
	if (!money_currency_normalize(currency, code)) {
		quote(currency, strlen(currency), shown);
		return fail(err, errlen, "unknown currency code '%s' (use three "
		            "letters such as CLP, USD, EUR or CLF)", shown);
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
		for (const char *q = p; q < end; q++)
			if (!isdigit((unsigned char)*q))
				return fail(err, errlen, "not a number: '%s'",
				            shown);
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
	if (overflow) {
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
