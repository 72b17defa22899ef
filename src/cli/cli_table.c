/* cli_table: tables fitted to the output's width (see cli_table.h). */
#include "cli/cli_table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/text.h"

struct cli_table {
	const cli_table_col *cols;
	size_t ncols;
	char **cells;   /* nrows * ncols, neutralised */
	char **suffix;  /* per row, NULL for none */
	size_t nrows, cap;
};

cli_table *cli_table_new(const cli_table_col *cols, size_t ncols)
{
	cli_table *t = calloc(1, sizeof *t);

	if (t) {
		t->cols = cols;
		t->ncols = ncols;
	}
	return t;
}

static bool grow(cli_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	char **cells = realloc(t->cells, cap * t->ncols * sizeof *cells);

	if (!cells)
		return false;
	t->cells = cells;
	char **suffix = realloc(t->suffix, cap * sizeof *suffix);
	if (!suffix)
		return false;
	t->suffix = suffix;
	t->cap = cap;
	return true;
}

bool cli_table_add(cli_table *t, const char *const *cells, const char *suffix)
{
	if (t->nrows == t->cap && !grow(t))
		return false;
	char **row = &t->cells[t->nrows * t->ncols];
	bool ok = true;

	for (size_t i = 0; i < t->ncols; i++)
		ok = (row[i] = text_sanitize_dup(cells[i] ? cells[i] : "")) != NULL && ok;
	t->suffix[t->nrows] = suffix ? text_sanitize_dup(suffix) : NULL;
	if (!ok || (suffix && !t->suffix[t->nrows])) {
		for (size_t i = 0; i < t->ncols; i++)
			free(row[i]);
		free(t->suffix[t->nrows]);
		return false;
	}
	t->nrows++;
	return true;
}

void cli_table_free(cli_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (size_t i = 0; i < t->nrows; i++)
		free(t->suffix[i]);
	free(t->cells);
	free(t->suffix);
	free(t);
}

void cli_table_fit(const cli_table_col *cols, size_t ncols, const int *natural, int extra,
                   int width, int *out)
{
	int total = extra, top = 0;

	for (size_t i = 0; i < ncols; i++) {
		out[i] = natural[i];
		total += out[i] + (i ? CLI_TABLE_GAP : 0);
		if (cols[i].cut > top)
			top = cols[i].cut;
	}
	for (int rank = 1; width > 0 && total > width && rank <= top; rank++) {
		/* One column at a time off the widest of the rank, so that the
		 * columns of a rank end up as even as their text allows. */
		while (total > width) {
			int widest = -1;

			for (size_t i = 0; i < ncols; i++)
				if (cols[i].cut == rank && out[i] > cols[i].min
				    && (widest < 0 || out[i] > out[widest]))
					widest = (int)i;
			if (widest < 0)
				break;
			out[widest]--;
			total--;
		}
	}
}

/* A cell: whole and padded when it fits, else cut with "…". */
static void put_cell(FILE *f, const char *s, int width, bool right)
{
	int w = text_width(s);

	if (w > width) {
		size_t n = strlen(s) + 8;
		char *buf = malloc(n);

		if (!buf)
			return;
		w = text_fit(s, width, buf, n);
		fputs(buf, f);
		free(buf);
		fprintf(f, "%*s", width - w, "");
		return;
	}
	if (right)
		fprintf(f, "%*s%s", width - w, "", s);
	else
		fprintf(f, "%s%*s", s, width - w, "");
}

static void put_row(const cli_table *t, FILE *f, const char *const *cells, const char *suffix,
                    const int *widths)
{
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			fprintf(f, "%*s", CLI_TABLE_GAP, "");
		put_cell(f, cells[i], widths[i], t->cols[i].right);
	}
	if (suffix)
		fprintf(f, "%*s%s", CLI_TABLE_GAP, "", suffix);
	fputc('\n', f);
}

void cli_table_print(const cli_table *t, FILE *f, int width)
{
	int *natural = calloc(t->ncols ? t->ncols : 1, sizeof *natural);
	int *widths = calloc(t->ncols ? t->ncols : 1, sizeof *widths);
	const char **titles = calloc(t->ncols ? t->ncols : 1, sizeof *titles);
	int extra = 0;

	if (!natural || !widths || !titles) {
		free(natural);
		free(widths);
		free(titles);
		fputs("(out of memory)\n", f);
		return;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		titles[i] = t->cols[i].title;
		natural[i] = text_width(titles[i]);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++) {
			int w = text_width(t->cells[r * t->ncols + i]);
			if (w > natural[i])
				natural[i] = w;
		}
		if (t->suffix[r]) {
			int w = CLI_TABLE_GAP + text_width(t->suffix[r]);
			if (w > extra)
				extra = w;
		}
	}
	cli_table_fit(t->cols, t->ncols, natural, extra, width, widths);
	put_row(t, f, titles, NULL, widths);
	for (size_t r = 0; r < t->nrows; r++)
		put_row(t, f, (const char *const *)&t->cells[r * t->ncols], t->suffix[r], widths);
	free(natural);
	free(widths);
	free(titles);
}

int cli_output_width(FILE *f)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;

	if (env && *env) {
		char *end;
		long n = strtol(env, &end, 10);
		if (*end == '\0' && n > 0 && n <= 100000)
			return (int)n;
	}
	if (isatty(fileno(f)) == 1 && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}
