/*
 * table: the results, one row per measurement and one column per size,
 * with the targets and a PASS / MISS per target.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define ONE_M 1000000L
#define TEN_K 10000L

typedef struct row {
	metric m;
	const char *label;
	const char *unit; /* "ms", "MB", "" */
	bool use_max;     /* the worst run, not the median */
} row;

static const row rows[] = {
	{ M_FIRST, "start to first frame", "ms", false },
	{ M_FOCUS, "focus key (j/k) to its frame", "ms", false },
	{ M_MOVE, "forward move (>) with its commit", "ms", false },
	{ M_MOVE_TX, "transactions per move (most)", "", true },
	{ M_PEAK, "peak memory, VmHWM", "MB", false },
	{ M_BYTES_FIRST, "bytes, first frame", "", false },
	{ M_BYTES_FOCUS, "bytes, focus move", "", false },
	{ M_TEXT, "text filter, Enter to frame", "ms", false },
	{ M_OWNER, "owner filter, Enter to frame", "ms", false },
	{ M_REPORT, "report --json", "ms", false },
	{ M_REVIEW, "review screen (R) to its frame", "ms", false },
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

static void thousands(long v, char *out, size_t outsz)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%ld", v);
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n && o + 2 < outsz; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static void cell(double v, const char *unit, char *out, size_t outsz)
{
	if (isnan(v))
		snprintf(out, outsz, "-");
	else if (!*unit)
		thousands(lround(v), out, outsz);
	else if (v < 10)
		snprintf(out, outsz, "%.2f", v);
	else if (v < 1000)
		snprintf(out, outsz, "%.1f", v);
	else
		thousands(lround(v), out, outsz);
}

static double value(const size_result *r, const row *w)
{
	return w->use_max ? samples_max(&r->m[w->m]) : samples_median(&r->m[w->m]);
}

static const size_result *find(const size_result *r, int nsizes, long n)
{
	for (int i = 0; i < nsizes; i++)
		if (r[i].n == n && r[i].m[M_FIRST].n)
			return &r[i];
	return NULL;
}

/* A target over every size measured: value <= limit (or == for exact). */
static void every(const size_result *r, int nsizes, const row *w, double limit, bool exact,
                  char *out, size_t outsz)
{
	char miss[160] = "";
	size_t o = 0;
	int judged = 0;
	for (int i = 0; i < nsizes; i++) {
		double v = value(&r[i], w);
		if (isnan(v))
			continue;
		judged++;
		if (exact ? v != limit : v > limit) {
			char n[32], c[32];
			thousands(r[i].n, n, sizeof n);
			cell(v, w->unit, c, sizeof c);
			o += (size_t)snprintf(miss + o, o < sizeof miss ? sizeof miss - o : 0, "%s%s: %s",
			                      o ? ", " : "", n, c);
		}
	}
	if (!judged)
		snprintf(out, outsz, "not judged (no value)");
	else if (miss[0])
		snprintf(out, outsz, "MISS (%s)", miss);
	else
		snprintf(out, outsz, "PASS");
}

/* A target at one size: value <= limit there. */
static void at(const size_result *r, int nsizes, const row *w, long n, double limit, char *out,
               size_t outsz)
{
	const size_result *s = find(r, nsizes, n);
	char name[32];
	thousands(n, name, sizeof name);
	double v = s ? value(s, w) : NAN;
	if (isnan(v))
		snprintf(out, outsz, "not judged (%s not measured)", name);
	else
		snprintf(out, outsz, "%s", v <= limit ? "PASS" : "MISS");
}

static void line(const char *label, const char *unit, const char *const *cells, int nsizes,
                 const char *target, const char *verdict)
{
	char name[64];
	if (*unit)
		snprintf(name, sizeof name, "%s (%s)", label, unit);
	else
		snprintf(name, sizeof name, "%s", label);
	printf("%-36s", name);
	for (int i = 0; i < nsizes; i++)
		printf(" %11s", cells ? cells[i] : "");
	printf("  %-30s %s\n", target, verdict);
}

/* Every size has the same reason for no value: one line saying it. */
static const char *shared_reason(const size_result *r, int nsizes, metric m)
{
	for (int i = 0; i < nsizes; i++)
		if (r[i].m[m].n || strcmp(r[i].why[m], r[0].why[m]) != 0)
			return NULL;
	return r[0].why[m][0] ? r[0].why[m] : NULL;
}

static void print_row(const size_result *r, int nsizes, const row *w)
{
	char cells[8][32];
	const char *ptr[8] = { 0 };
	char verdict[200], ratio_verdict[200], target2[64];
	const char *why = shared_reason(r, nsizes, w->m);
	if (why) {
		char name[64];
		snprintf(name, sizeof name, "%s (%s)", w->label, w->unit);
		printf("%-36s %s\n", name, why);
		return;
	}
	for (int i = 0; i < nsizes && i < 8; i++) {
		cell(value(&r[i], w), w->unit, cells[i], sizeof cells[i]);
		ptr[i] = cells[i];
	}
	switch (w->m) {
	case M_FIRST: {
		at(r, nsizes, w, ONE_M, 50, verdict, sizeof verdict);
		line(w->label, w->unit, ptr, nsizes, "<= 50 at 1,000,000", verdict);
		const size_result *a = find(r, nsizes, 10), *b = find(r, nsizes, ONE_M);
		double q = a && b ? value(b, w) / value(a, w) : NAN;
		if (isnan(q)) {
			snprintf(target2, sizeof target2, "1,000,000 <= 1.5 x 10");
			snprintf(ratio_verdict, sizeof ratio_verdict, "not judged (needs 10 and 1,000,000)");
		} else {
			snprintf(target2, sizeof target2, "1,000,000 <= 1.5 x 10 (%.2fx)", q);
			snprintf(ratio_verdict, sizeof ratio_verdict, "%s", q <= 1.5 ? "PASS" : "MISS");
		}
		line("", "", NULL, nsizes, target2, ratio_verdict);
		return;
	}
	case M_FOCUS:
		every(r, nsizes, w, 2, false, verdict, sizeof verdict);
		line(w->label, w->unit, ptr, nsizes, "<= 2", verdict);
		return;
	case M_MOVE:
		every(r, nsizes, w, 5, false, verdict, sizeof verdict);
		line(w->label, w->unit, ptr, nsizes, "<= 5", verdict);
		return;
	case M_MOVE_TX:
		every(r, nsizes, w, 1, true, verdict, sizeof verdict);
		line(w->label, w->unit, ptr, nsizes, "1", verdict);
		return;
	case M_PEAK:
		every(r, nsizes, w, 16, false, verdict, sizeof verdict);
		line(w->label, w->unit, ptr, nsizes, "<= 16", verdict);
		return;
	case M_REPORT:
	case M_REVIEW:
		at(r, nsizes, w, ONE_M, 1000, verdict, sizeof verdict);
		line(w->label, w->unit, ptr, nsizes, "<= 1,000 at 1,000,000", verdict);
		at(r, nsizes, w, TEN_K, 50, verdict, sizeof verdict);
		line("", "", NULL, nsizes, "<= 50 at 10,000", verdict);
		return;
	default:
		line(w->label, w->unit, ptr, nsizes, "", "");
		return;
	}
}

void table_print(const size_result *r, int nsizes, const bench_env *e)
{
	char n[32];
	printf("\nembudo bench: the real binary on a %dx%d pseudo-terminal (TERM=xterm-256color).\n"
	       "Medians per size of %d sessions (first frames: %d; focus keys: up to %d a session);\n"
	       "times in ms, memory in MB (10^6 bytes).\n",
	       BENCH_COLS, BENCH_ROWS, e->runs, BENCH_STARTS * e->runs, 2 * BENCH_FOCUS_KEYS);
	FILE *f = fopen("/proc/loadavg", "r");
	double load;
	if (f && fscanf(f, "%lf", &load) == 1)
		printf("Load average at the end: %.2f on %ld cores (other work on the machine shows in the\n"
		       "figures: compare runs made at a similar load).\n", load, sysconf(_SC_NPROCESSORS_ONLN));
	if (f)
		fclose(f);
	printf("\n%-36s", "opportunities");
	for (int i = 0; i < nsizes; i++) {
		thousands(r[i].n, n, sizeof n);
		printf(" %11s", n);
	}
	printf("  %-30s %s\n", "target", "verdict");
	for (int i = 0; i < NROWS; i++)
		print_row(r, nsizes, &rows[i]);
	printf("\n");
	for (int i = 0; i < nsizes; i++) {
		thousands(r[i].n, n, sizeof n);
		printf("%s: database %.0f MB, built in %.0f s%s; 4 KiB append + fdatasync %.2f ms;"
		       " moves found in the history: %d of %d",
		       n, r[i].db_mb, r[i].build_s, r[i].built_now ? "" : " (cached)", r[i].fsync_ms,
		       r[i].moves_verified, r[i].moves_verified + r[i].moves_wrong);
		for (int m = 0; m < M_COUNT; m++)
			if (r[i].why[m][0] && m != M_REPORT && m != M_REVIEW)
				printf("; %s", r[i].why[m]);
		if (r[i].error[0])
			printf("; FAILED: %s", r[i].error);
		printf("\n");
	}
}
