/*
 * cli_words: the pipeline catalogue's words in the CLI's usage lines and
 * hints. The command table (cli.c) writes `{commitments}` where the kinds
 * go, so a new kind changes the catalogue alone; a hint is the part of the
 * recording command's usage that is not optional, so it never disagrees
 * with the usage.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli_cmd.h"

/* Appends piece (n bytes) to buf holding *len; false when it did not fit. */
static bool put(char *buf, size_t bufsz, size_t *len, const char *piece, size_t n)
{
	if (*len + n >= bufsz)
		return false;
	memcpy(buf + *len, piece, n);
	*len += n;
	buf[*len] = '\0';
	return true;
}

/* The words of token name (n bytes) into out; false for an unknown token. */
static bool token_words(const char *name, size_t n, char *out, size_t outsz)
{
	static const struct {
		const char *token;
		pipeline_list list;
	} lists[] = {
		{ "stages", PIPELINE_LIST_STAGES },
		{ "commitments", PIPELINE_LIST_COMMITMENTS },
		{ "reasons", PIPELINE_LIST_LOSSES },
		{ "scopes", PIPELINE_LIST_SCOPES },
		{ "evidence-many", PIPELINE_LIST_EVIDENCE_MANY },
		{ "evidence-one", PIPELINE_LIST_EVIDENCE_ONE },
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (strlen(lists[i].token) == n && strncmp(name, lists[i].token, n) == 0) {
			pipeline_list_text(lists[i].list, "|", "|", out, outsz);
			return true;
		}
	if (n == 8 && strncmp(name, "criteria", 8) == 0) {
		snprintf(out, outsz, "%d", PIPELINE_CRITERIA);
		return true;
	}
	char slug[64];
	pipeline_stage s;
	if (n > 6 && n - 6 < sizeof slug && strncmp(name, "stage:", 6) == 0) {
		memcpy(slug, name + 6, n - 6);
		slug[n - 6] = '\0';
		if (pipeline_stage_parse(slug, &s)) {
			snprintf(out, outsz, "%s", pipeline_stage_name(s));
			return true;
		}
	}
	return false;
}

const char *cli_words(const char *tmpl, char *buf, size_t bufsz)
{
	size_t len = 0;
	if (bufsz == 0)
		return "";
	buf[0] = '\0';
	for (const char *p = tmpl; p && *p;) {
		const char *open = strchr(p, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		char words[512];
		if (!close) {
			put(buf, bufsz, &len, p, strlen(p));
			break;
		}
		if (!put(buf, bufsz, &len, p, (size_t)(open - p)))
			break;
		if (token_words(open + 1, (size_t)(close - open - 1), words, sizeof words)) {
			if (!put(buf, bufsz, &len, words, strlen(words)))
				break;
		} else if (!put(buf, bufsz, &len, open, (size_t)(close - open + 1))) {
			break;
		}
		p = close + 1;
	}
	return buf;
}

bool cli_command_hint(const char *name, int64_t id, int number, char *buf, size_t bufsz)
{
	const cli_command *cmd = cli_command_find(name);
	char usage[1024];
	size_t len = 0;
	int depth = 0;
	if (bufsz == 0)
		return false;
	buf[0] = '\0';
	if (!cmd)
		return false;
	cli_words(cmd->usage, usage, sizeof usage);
	int n = snprintf(buf, bufsz, "embudo %s", cmd->name);
	if (n < 0 || (size_t)n >= bufsz)
		return false;
	len = (size_t)n;
	/* Word by word, leaving out what [brackets] make optional. */
	for (char *save = NULL, *w = strtok_r(usage, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		int opens = 0, closes = 0;
		for (const char *q = w; *q; q++) {
			opens += *q == '[';
			closes += *q == ']';
		}
		bool keep = depth == 0 && opens == 0;
		depth += opens - closes;
		if (!keep)
			continue;
		char word[64];
		if (strcmp(w, "ID") == 0)
			snprintf(word, sizeof word, "%lld", (long long)id);
		else if (strcmp(w, "N") == 0 && number > 0)
			snprintf(word, sizeof word, "%d", number);
		else
			word[0] = '\0';
		const char *piece = word[0] ? word : w;
		if (!put(buf, bufsz, &len, " ", 1) || !put(buf, bufsz, &len, piece, strlen(piece)))
			return false;
	}
	return true;
}
