/* wrap: text cut into screen rows, measured in columns (no curses). */
#include "board/wrap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/text.h"

int wrap_text(const char *text, int width, char lines[][WRAP_ROW], int max)
{
	char clean[4096];
	text_sanitize(text ? text : "", clean, sizeof clean);
	int n = 0;
	const char *p = clean;
	if (width < 1)
		width = 1;
	while (*p && n < max) {
		/* Take characters while they fit; remember the last space. */
		mbstate_t ms;
		memset(&ms, 0, sizeof ms);
		const char *q = p, *brk = NULL;
		int w = 0;
		while (*q) {
			wchar_t wc;
			size_t len = mbrtowc(&wc, q, MB_CUR_MAX, &ms);
			if (len == 0 || len == (size_t)-1 || len == (size_t)-2) {
				len = 1;
				wc = 0xFFFD; /* U+FFFD, as text_sanitize shows it */
			}
			int cw = wcwidth(wc);
			if (cw < 0)
				cw = 1;
			if (w + cw > width)
				break;
			if (wc == L' ')
				brk = q;
			w += cw;
			q += len;
		}
		const char *end = q;
		if (*q && brk && brk > p)
			end = brk;
		if (end == p) /* one character wider than the line */
			end = q > p ? q : p + 1;
		size_t len = (size_t)(end - p);
		if (len > WRAP_ROW - 1)
			len = WRAP_ROW - 1;
		memcpy(lines[n], p, len);
		lines[n][len] = '\0';
		n++;
		p = end;
		while (*p == ' ')
			p++;
	}
	if (n == 0 && max > 0) {
		lines[0][0] = '\0';
		n = 1;
	}
	return n;
}

/* a then b into out, cut to fit. */
static void join(char *out, size_t outsz, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na > outsz - 1)
		na = outsz - 1;
	if (nb > outsz - 1 - na)
		nb = outsz - 1 - na;
	memcpy(out, a, na);
	memcpy(out + na, b, nb);
	out[na + nb] = '\0';
}

static bool grow_rows(wrap_row **r, int *cap, int m)
{
	if (m < *cap)
		return true;
	wrap_row *g = realloc(*r, sizeof **r * (size_t)(*cap * 2));
	if (!g)
		return false;
	*r = g;
	*cap *= 2;
	return true;
}

wrap_row *wrap_pager_rows(char *const *lines, int n, int width, int *out_n)
{
	int cap = n > 0 ? n * 2 : 1, m = 0;
	wrap_row *r = malloc(sizeof *r * (size_t)cap);
	if (!r) {
		*out_n = 0;
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		char *line = strdup(lines[i]), head[WRAP_ROW] = "";
		if (!line)
			break;
		const char *t = line;
		int indent = 0, cont;
		char *mark = strchr(line, WRAP_HANG);
		if (mark) {
			*mark = '\0';
			join(head, sizeof head, line, "");
			t = mark + 1;
		}
		int hw = text_width(head);
		if (mark && hw + 16 <= width) {
			/* The head on the first row; the text wraps in the column after it. */
			indent = hw;
			cont = hw;
		} else {
			if (mark) {
				/* Too narrow for the column: one line again, the head's
				 * padding squeezed to two spaces ("  Left h  Focus ..."). */
				char *end = mark;
				while (end > line && end[-1] == ' ')
					end--;
				size_t keep = end > line ? 2 : 0;
				memcpy(end, "  ", keep);
				memmove(end + keep, mark + 1, strlen(mark + 1) + 1);
			}
			t = line;
			head[0] = '\0';
			while (t[indent] == ' ' && indent < 24)
				indent++;
			cont = indent + 4 < width / 2 ? indent + 4 : indent;
			t += indent;
		}
		char parts[16][WRAP_ROW];
		int k = wrap_text(t, width - cont > 8 ? width - cont : width, parts, 16);
		bool heading = line[0] && line[0] != ' ';
		for (int p = 0; p < k; p++) {
			if (!grow_rows(&r, &cap, m))
				break;
			char pad[256];
			int np = p == 0 ? indent : cont;
			snprintf(pad, sizeof pad, "%*s", np < 250 ? np : 250, "");
			join(r[m].text, sizeof r[m].text, p == 0 && head[0] ? head : pad, parts[p]);
			r[m].head = heading;
			m++;
		}
		free(line);
	}
	*out_n = m;
	return r;
}
