/*
 * bench: what the benchmark's parts share (see bench.c for the whole).
 */
#ifndef EMBUDO_BENCH_H
#define EMBUDO_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#define BENCH_ROWS 50
#define BENCH_COLS 200
/* Sessions per run: one full, the others to the first frame only. */
#define BENCH_STARTS 3
/* Focus keys a session: j this many times, then k as many. */
#define BENCH_FOCUS_KEYS 5
/* The board's clock (EMBUDO_NOW) in every session: the same frames each run. */
#define BENCH_NOW "2026-12-01T09:00:00Z"

/* What is measured, one row of the table each. */
typedef enum metric {
	M_FIRST,        /* start (fork) to the first complete frame, ms */
	M_FOCUS,        /* a focus key (j / k) to its frame, ms */
	M_MOVE,         /* `>` to its frame, the commit included, ms */
	M_MOVE_TX,      /* transactions committed by that move */
	M_PEAK,         /* VmHWM of the board, MB */
	M_BYTES_FIRST,  /* bytes of the first frame */
	M_BYTES_FOCUS,  /* bytes of a focus move's frame */
	M_TEXT,         /* text filter: Enter to its frame, ms */
	M_OWNER,        /* owner filter: Enter to its frame, ms */
	M_REPORT,       /* `embudo report --json`, wall ms */
	M_REVIEW,       /* `R` to the review screen's frame, ms */
	M_COUNT
} metric;

typedef struct samples {
	double *v;
	size_t n, cap;
} samples;

void samples_add(samples *s, double v);
/* NAN when empty. */
double samples_median(const samples *s);
double samples_max(const samples *s);

typedef struct size_result {
	long n;
	samples m[M_COUNT];
	char why[M_COUNT][160]; /* why a row has no value here */
	double build_s;         /* how long its database took to build */
	bool built_now;         /* built by this run (else cached) */
	double db_mb;           /* database file size */
	double fsync_ms;        /* a 4 KiB append + fdatasync here, just before */
	int moves_verified;     /* moves found in the history afterwards */
	int moves_wrong;        /* moves not found, or not as expected */
	char error[256];        /* a failure that stopped this size */
} size_result;

/* What the run needs to start the board and the CLI. */
typedef struct bench_env {
	const char *embudo;   /* the binary */
	char *const *envp;    /* its environment */
	int runs;             /* sessions per size */
	bool report;          /* `embudo help report` works */
	bool review;          /* a board key R exists */
	char report_why[160]; /* when not */
	char review_why[160];
	bool verbose;
} bench_env;

/* Runs the sessions on database `db` (a scratch copy: moves change it). */
void measure_size(const bench_env *e, const char *db, size_result *out);

/* Detects the later features (report command, review screen). */
void measure_detect(bench_env *e);

/* Runs argv with envp, output read and dropped; wall seconds in *wall
 * and the output's size in *bytes. Returns the exit status, -1 when it
 * could not run or was killed. */
int measure_command(char *const argv[], char *const envp[], double *wall, size_t *bytes,
                    char *out, size_t outsz);

/* The table of results, with the targets. */
void table_print(const size_result *r, int nsizes, const bench_env *e);

#endif
