/*
 * pipeline_names: the forgiving parsers that read the catalogue's words
 * back (stages, commitment kinds, loss reasons, scopes, kinds of evidence).
 * The words themselves are in catalogue.c.
 */
#include "pipeline/pipeline.h"

#include <string.h>

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

/* The name of value i: a catalogue accessor seen as a function of an int. */
typedef const char *(*name_fn)(int i);

/* The first i < count whose name folds to norm, or -1. */
static int match(const char *norm, name_fn name, int count)
{
	char cand[NORM_MAX];

	for (int i = 0; i < count; i++)
		if (normalize(name(i), cand) && strcmp(norm, cand) == 0)
			return i;
	return -1;
}

/* Shared parser: text against the names of values 0..count-1. */
static bool parse_name(const char *text, name_fn name, int count, int *out)
{
	char norm[NORM_MAX];
	int i;

	if (!normalize(text, norm) || (i = match(norm, name, count)) < 0)
		return false;
	*out = i;
	return true;
}

static const char *stage_slug(int i) { return pipeline_stage_slug((pipeline_stage)i); }
static const char *stage_name(int i) { return pipeline_stage_name((pipeline_stage)i); }
static const char *stage_short(int i) { return pipeline_stage_short((pipeline_stage)i); }
static const char *commitment_slug(int i) { return pipeline_commitment_slug((pipeline_commitment)i); }
static const char *loss_slug(int i) { return pipeline_loss_slug((pipeline_loss)i); }
static const char *scope_slug(int i) { return pipeline_scope_slug((pipeline_scope)i); }
static const char *evidence_slug(int i) { return pipeline_evidence_slug((pipeline_evidence_kind)i); }

bool pipeline_stage_parse(const char *text, pipeline_stage *out)
{
	static const name_fn names[] = { stage_slug, stage_short, stage_name };
	int i = -1;

	for (size_t t = 0; t < sizeof names / sizeof names[0] && i < 0; t++)
		if (!parse_name(text, names[t], PIPELINE_STAGE_COUNT, &i))
			i = -1;
	if (i < 0)
		return false;
	if (out)
		*out = (pipeline_stage)i;
	return true;
}

bool pipeline_commitment_parse(const char *text, pipeline_commitment *out)
{
	int i;

	if (!parse_name(text, commitment_slug, PIPELINE_COMMIT_COUNT, &i))
		return false;
	if (out)
		*out = (pipeline_commitment)i;
	return true;
}

bool pipeline_loss_parse(const char *text, pipeline_loss *out)
{
	int i;

	if (!parse_name(text, loss_slug, PIPELINE_LOSS_COUNT, &i))
		return false;
	if (out)
		*out = (pipeline_loss)i;
	return true;
}

bool pipeline_scope_parse(const char *text, pipeline_scope *out)
{
	int i;

	if (!parse_name(text, scope_slug, PIPELINE_SCOPE_COUNT, &i))
		return false;
	if (out)
		*out = (pipeline_scope)i;
	return true;
}

bool pipeline_evidence_parse(const char *text, pipeline_evidence_kind *out)
{
	int i;

	if (!parse_name(text, evidence_slug, PIPELINE_EV_COUNT, &i))
		return false;
	if (out)
		*out = (pipeline_evidence_kind)i;
	return true;
}
