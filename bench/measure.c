/*
 * measure: the real `embudo` binary on a 200x50 pseudo-terminal, timed
 * the way a user feels it: from the start (or a key) to the last byte of
 * the frame that answers it. Also `embudo report --json`, timed whole.
 *
 * One session per run: start and first frame; focus keys down and back up
 * (j, k); a text filter and an owner filter, each timed from its Enter,
 * then cleared; `>` on the first Inmadura card, whose evidence allows
 * Calificada; the review screen (`R`) once it exists; the peak memory.
 * After the session the store's history must show that move, and the
 * write-ahead log must have received exactly one commit for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "ptyrun.h"
#include "store/store.h"

#define IDLE_MS 60         /* a frame has ended after this much silence */
#define IDLE_SLOW_MS 200   /* ...for frames that may write in pieces */
#define FIRST_MAX_MS 120000
#define KEY_MAX_MS 30000
#define STATUS_MARKER "q quit" /* the status bar: drawn last, kept at any width */

/* ---- samples -------------------------------------------------------------- */

void samples_add(samples *s, double v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		double *p = realloc(s->v, cap * sizeof *p);
		if (!p)
			return;
		s->v = p;
		s->cap = cap;
	}
	s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double samples_median(const samples *s)
{
	if (s->n == 0)
		return NAN;
	double *v = malloc(s->n * sizeof *v);
	if (!v)
		return NAN;
	memcpy(v, s->v, s->n * sizeof *v);
	qsort(v, s->n, sizeof *v, cmp_double);
	double m = s->n % 2 ? v[s->n / 2] : (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
	free(v);
	return m;
}

double samples_max(const samples *s)
{
	double m = NAN;
	for (size_t i = 0; i < s->n; i++)
		if (isnan(m) || s->v[i] > m)
			m = s->v[i];
	return m;
}

/* ---- the write-ahead log ---------------------------------------------------- */

/* Commits in the current generation of db's -wal file: frames whose salts
 * match the header's and whose "database size after commit" field is set
 * (SQLite's WAL format). A file format read, no SQL. */
typedef struct wal_count {
	unsigned salt1, salt2;
	int commits;
} wal_count;

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static wal_count wal_commits(const char *db)
{
	wal_count w = { 0, 0, 0 };
	char path[4200];
	unsigned char hdr[32], fh[24];
	snprintf(path, sizeof path, "%s-wal", db);
	FILE *f = fopen(path, "rb");
	if (!f)
		return w;
	if (fread(hdr, 1, sizeof hdr, f) == sizeof hdr) {
		unsigned page = be32(hdr + 8);
		w.salt1 = be32(hdr + 16);
		w.salt2 = be32(hdr + 20);
		while (page >= 512 && fread(fh, 1, sizeof fh, f) == sizeof fh) {
			if (be32(fh + 8) != w.salt1 || be32(fh + 12) != w.salt2)
				break;
			if (be32(fh + 4) != 0)
				w.commits++;
			if (fseek(f, (long)page, SEEK_CUR) != 0)
				break;
		}
	}
	fclose(f);
	return w;
}

static int wal_delta(wal_count before, wal_count after)
{
	if (before.salt1 == after.salt1 && before.salt2 == after.salt2)
		return after.commits - before.commits;
	return after.commits; /* the move started a new generation */
}

/* ---- the store: which card, and did it move ---------------------------------- */

typedef struct target {
	int64_t id;
	int criteria;
	char client[160], owner[160];
	int64_t column;   /* cards in Inmadura */
	int moves; /* move events in its history */
	char last_what[32], last_old[32], last_new[32];
} target;

static int count_moves(const store_event *ev, void *ctx)
{
	target *t = ctx;
	if (strcmp(ev->what, "move") == 0)
		t->moves++;
	snprintf(t->last_what, sizeof t->last_what, "%s", ev->what);
	snprintf(t->last_old, sizeof t->last_old, "%s", ev->old_value ? ev->old_value : "");
	snprintf(t->last_new, sizeof t->last_new, "%s", ev->new_value ? ev->new_value : "");
	return 0;
}

/* The first card of Inmadura (the one the board focuses) and its history;
 * with id > 0, that card's history only. */
static int read_target(const char *db, target *t, char *err, size_t errlen)
{
	store *st;
	if (store_open(db, &st, err, errlen) != STORE_OK)
		return -1;
	int rc = 0;
	if (t->id == 0) {
		store_card c;
		int n = 0;
		if (store_cards(st, PIPELINE_INMADURA, NULL, 0, 1, &c, &n) != STORE_OK || n != 1) {
			snprintf(err, errlen, "no Inmadura card: %s", n ? store_message(st) : "empty column");
			store_close(st);
			return -1;
		}
		store_summary sum[PIPELINE_STAGE_COUNT];
		if (store_summarize(st, NULL, sum) != STORE_OK) {
			snprintf(err, errlen, "%s", store_message(st));
			store_card_free(&c);
			store_close(st);
			return -1;
		}
		t->column = sum[PIPELINE_INMADURA].count;
		t->id = c.id;
		t->criteria = c.criteria_met;
		snprintf(t->client, sizeof t->client, "%s", c.client);
		snprintf(t->owner, sizeof t->owner, "%s", c.owner);
		store_card_free(&c);
	}
	t->moves = 0;
	if (store_history(st, t->id, count_moves, t) != STORE_OK) {
		snprintf(err, errlen, "history of %lld: %s", (long long)t->id, store_message(st));
		rc = -1;
	}
	store_close(st);
	return rc;
}

/* ---- one session ------------------------------------------------------------ */

static double ms(double from, double to)
{
	return (to - from) * 1000.0;
}

/* A key and the frame that answers it: ms, or -1. */
static double key_frame(pty_run *p, const char *key, int idle, size_t *bytes)
{
	double sent, last;
	size_t n, late = pty_pending(p);
	if (late && getenv("BENCH_DEBUG"))
		fprintf(stderr, "bench: %zu bytes came after the previous frame's idle time\n", late);
	if (pty_send(p, key, &sent) != 0 || pty_burst(p, NULL, idle, KEY_MAX_MS, &n, &last) != 0) {
		if (getenv("BENCH_DEBUG"))
			fprintf(stderr, "bench: no frame for key %s after %.0f ms\n", key, ms(sent, pty_now()));
		return -1;
	}
	if (getenv("BENCH_DEBUG"))
		fprintf(stderr, "bench: key %s: %.2f ms, %zu bytes, burst ended %.0f ms later\n", key,
		        ms(sent, last), n, ms(last, pty_now()));
	if (bytes)
		*bytes = n;
	return ms(sent, last);
}

/* Types text into the dialog that `open` opens, then times Enter; clears
 * the filter again afterwards (Esc, untimed: it waits ESCDELAY). */
static double filter_frame(pty_run *p, const char *open, const char *text)
{
	size_t n;
	double last, t;
	if (key_frame(p, open, IDLE_MS, NULL) < 0 || key_frame(p, text, IDLE_MS, NULL) < 0)
		return -1;
	t = key_frame(p, "\r", IDLE_SLOW_MS, NULL);
	double sent;
	if (pty_send(p, "\033", &sent) != 0 || pty_burst(p, NULL, IDLE_SLOW_MS, KEY_MAX_MS, &n, &last) != 0)
		return -1;
	return t;
}

static void note(size_result *out, metric m, const char *why)
{
	if (!out->why[m][0])
		snprintf(out->why[m], sizeof out->why[m], "%s", why);
}

/* A full session measures everything; a short one only the first frame
 * (more samples of the noisiest figure, without using up the qualified
 * cards at the top of Inmadura). */
static void session(const bench_env *e, const char *db, size_result *out, int run, bool full)
{
	char err[200];
	target t = { 0 };
	if (full && read_target(db, &t, err, sizeof err) != 0) {
		snprintf(out->error, sizeof out->error, "%s", err);
		return;
	}
	bool can_move = t.criteria == PIPELINE_CRITERIA;
	if (full && !can_move)
		note(out, M_MOVE, "the first Inmadura card is not qualified (more runs than parked cards)");

	char *argv[] = { (char *)e->embudo, (char *)"--db", (char *)db, NULL };
	pty_run p;
	if (pty_spawn(&p, argv, e->envp, BENCH_ROWS, BENCH_COLS) != 0) {
		snprintf(out->error, sizeof out->error, "cannot start %s: %s", e->embudo, strerror(errno));
		return;
	}
	size_t bytes;
	double last;
	if (pty_burst(&p, STATUS_MARKER, IDLE_SLOW_MS, FIRST_MAX_MS, &bytes, &last) != 0) {
		snprintf(out->error, sizeof out->error,
		         "no first frame with \"%s\" within %d s (%zu bytes came)", STATUS_MARKER,
		         FIRST_MAX_MS / 1000, bytes);
		pty_finish(&p, 0);
		return;
	}
	samples_add(&out->m[M_FIRST], ms(p.started, last));
	samples_add(&out->m[M_BYTES_FIRST], (double)bytes);
	if (!full) {
		double sent;
		pty_send(&p, "q", &sent);
		if (pty_finish(&p, 10000) != 0)
			note(out, M_FIRST, "the board did not quit on q within 10 s");
		return;
	}

	/* Down the column and back up to its first card: every key moves the
	 * focus (a key that changes nothing draws nothing). */
	int down = t.column - 1 < BENCH_FOCUS_KEYS ? (int)t.column - 1 : BENCH_FOCUS_KEYS;
	if (down < 1)
		note(out, M_FOCUS, "a single card in Inmadura: no focus key measured");
	for (int k = 0; k < 2 * down; k++) {
		double v = key_frame(&p, k < down ? "j" : "k", IDLE_MS, &bytes);
		if (v < 0) {
			snprintf(out->error, sizeof out->error, "no frame after a focus key");
			pty_finish(&p, 0);
			return;
		}
		samples_add(&out->m[M_FOCUS], v);
		samples_add(&out->m[M_BYTES_FOCUS], (double)bytes);
	}
	double v = filter_frame(&p, "/", t.client);
	if (v >= 0)
		samples_add(&out->m[M_TEXT], v);
	v = filter_frame(&p, "o", t.owner);
	if (v >= 0)
		samples_add(&out->m[M_OWNER], v);

	if (can_move) {
		wal_count before = wal_commits(db);
		v = key_frame(&p, ">", IDLE_SLOW_MS, NULL);
		wal_count after = wal_commits(db);
		if (v >= 0) {
			samples_add(&out->m[M_MOVE], v);
			samples_add(&out->m[M_MOVE_TX], wal_delta(before, after));
		}
	}
	if (e->review) {
		v = key_frame(&p, "R", IDLE_SLOW_MS, NULL);
		if (v >= 0)
			samples_add(&out->m[M_REVIEW], v);
	}
	long kib = pty_peak_kib(&p);
	/* Quit the way a user does; from a review screen whose keys the
	 * bench does not know, with SIGTERM (the board ends cleanly on it). */
	double sent;
	if (!e->review)
		pty_send(&p, "q", &sent);
	int quit = pty_finish(&p, e->review ? 0 : 10000);
	if (kib < 0) /* /proc unreadable: wait4's figure (may count the fork) */
		kib = p.ru.ru_maxrss;
	samples_add(&out->m[M_PEAK], (double)kib * 1024.0 / 1e6);
	if (quit != 0 && !e->review)
		note(out, M_FIRST, "the board did not quit on q within 10 s");

	if (can_move) {
		int before = t.moves;
		if (read_target(db, &t, err, sizeof err) != 0 || t.moves != before + 1 ||
		    strcmp(t.last_what, "move") != 0 || strcmp(t.last_old, "inmadura") != 0 ||
		    strcmp(t.last_new, "calificada") != 0) {
			out->moves_wrong++;
			if (e->verbose)
				fprintf(stderr, "bench: run %d: card %lld: %d moves before, %d after, last %s %s->%s\n",
				        run, (long long)t.id, before, t.moves, t.last_what, t.last_old, t.last_new);
		} else {
			out->moves_verified++;
		}
	}
}

/* ---- the CLI ------------------------------------------------------------------ */

int measure_command(char *const argv[], char *const envp[], double *wall, size_t *bytes,
                    char *out, size_t outsz)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	double t0 = pty_now();
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(fds[1], 1);
		dup2(null, 2);
		close(fds[0]);
		close(fds[1]);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(fds[1]);
	char buf[65536];
	size_t total = 0, kept = 0;
	for (;;) {
		ssize_t n = read(fds[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out && kept + 1 < outsz) {
			size_t k = (size_t)n < outsz - 1 - kept ? (size_t)n : outsz - 1 - kept;
			memcpy(out + kept, buf, k);
			kept += k;
		}
		total += (size_t)n;
	}
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (wall)
		*wall = pty_now() - t0;
	if (bytes)
		*bytes = total;
	if (out && outsz)
		out[kept] = '\0';
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Whether the board binds R in board mode, from `embudo config dump`. */
static bool review_key(const bench_env *e)
{
	static char dump[1 << 17];
	char *argv[] = { (char *)e->embudo, (char *)"config", (char *)"dump", NULL };
	if (measure_command(argv, e->envp, NULL, NULL, dump, sizeof dump) != 0)
		return false;
	char *board = strstr(dump, "\n  board:\n");
	if (!board)
		return false;
	for (char *line = strchr(board + 1, '\n'); line; line = strchr(line + 1, '\n')) {
		const char *l = line + 1;
		if (strncmp(l, "    ", 4) != 0 && *l != '\n' && *l)
			break; /* the next mode */
		const char *end = strchr(l, '\n');
		size_t len = end ? (size_t)(end - l) : strlen(l);
		size_t i = 0;
		while (i < len && l[i] == ' ')
			i++;
		if (i < len && l[i] == '#')
			continue; /* a comment */
		for (; i + 3 <= len; i++)
			if (memcmp(l + i, "\"R\"", 3) == 0)
				return true;
	}
	return false;
}

void measure_detect(bench_env *e)
{
	char *argv[] = { (char *)e->embudo, (char *)"help", (char *)"report", NULL };
	e->report = measure_command(argv, e->envp, NULL, NULL, NULL, 0) == 0;
	if (!e->report)
		snprintf(e->report_why, sizeof e->report_why,
		         "n/a (no report command yet: `embudo help report` fails)");
	e->review = review_key(e);
	if (!e->review)
		snprintf(e->review_why, sizeof e->review_why,
		         "n/a (no review screen yet: no board key R in `embudo config dump`)");
}

static void report_runs(const bench_env *e, const char *db, size_result *out)
{
	char *argv[] = { (char *)e->embudo, (char *)"--db", (char *)db, (char *)"report",
	                 (char *)"--json", NULL };
	for (int i = 0; i < e->runs; i++) {
		double wall;
		size_t bytes;
		int rc = measure_command(argv, e->envp, &wall, &bytes, NULL, 0);
		if (rc != 0) {
			char why[64];
			snprintf(why, sizeof why, "`report --json` exited %d", rc);
			note(out, M_REPORT, why);
			return;
		}
		samples_add(&out->m[M_REPORT], wall * 1000.0);
	}
}

void measure_size(const bench_env *e, const char *db, size_result *out)
{
	for (int r = 0; r < BENCH_STARTS * e->runs && !out->error[0]; r++) {
		bool full = r % BENCH_STARTS == 0;
		if (e->verbose)
			fprintf(stderr, "bench: %ld opportunities: session %d of %d%s\n", out->n, r + 1,
			        BENCH_STARTS * e->runs, full ? "" : " (first frame only)");
		session(e, db, out, r, full);
	}
	if (!e->report)
		note(out, M_REPORT, e->report_why);
	else if (!out->error[0])
		report_runs(e, db, out);
	if (!e->review)
		note(out, M_REVIEW, e->review_why);
}
