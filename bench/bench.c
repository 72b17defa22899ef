/*
 * bench: `make bench`. Runs the real embudo binary on a 200x50
 * pseudo-terminal over databases of realistic histories (gen.c) and prints
 * one table of medians against the targets (table.c):
 *
 *   start to first frame, a focus key to its frame, a forward move with
 *   its commit (one transaction, checked), peak memory, bytes written for
 *   the first frame and for a focus move, a text and an owner filter,
 *   `embudo report --json` and the review screen (`R`) once they exist.
 *
 * Databases are built once per size through the store's API and cached in
 * the build directory under a name that carries the schema version and
 * the generator's, so a schema change rebuilds them. Each size is measured
 * on a scratch copy (moves change it), deleted afterwards.
 *
 * usage: bench [-r RUNS] [-v] BUILD_DIR SIZE...
 * -v names each session; BENCH_DEBUG=1 in the environment prints every
 * key's frame (time, bytes) as it is measured.
 * Exit status: 0 when everything was measured (a target may still MISS:
 * the table says so), 1 when a measurement could not be made.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "gen.h"
#include "ptyrun.h"
#include "store/store.h"

#define MAX_SIZES 8
#define PATH_LEN 1024 /* the build directory's path, at most */

/* ---- files ------------------------------------------------------------------ */

static void db_path(const char *dir, long n, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s/bench-s%d-g%d-%ld.db", dir, store_schema_version(), GEN_VERSION, n);
}

/* Cached databases of this size from another schema or generator, and the
 * old benchmark's: big, and never used again. */
static void remove_stale(const char *dir, long n, const char *keep)
{
	char pattern[PATH_LEN + 64];
	for (int f = 0; f < 2; f++) {
		glob_t g;
		if (f == 0)
			snprintf(pattern, sizeof pattern, "%s/bench-s*-g*-%ld.db*", dir, n);
		else
			snprintf(pattern, sizeof pattern, "%s/bench-%ld.db*", dir, n);
		if (glob(pattern, 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++)
			if (strncmp(g.gl_pathv[i], keep, strlen(keep)) != 0) {
				fprintf(stderr, "bench: removing %s (another schema or generator)\n", g.gl_pathv[i]);
				unlink(g.gl_pathv[i]);
			}
		globfree(&g);
	}
}

static int copy_file(const char *from, const char *to)
{
	static char buf[1 << 20];
	int in = open(from, O_RDONLY), out = -1;
	int rc = -1;
	if (in < 0 || (out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		goto done;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n == 0) {
			rc = 0;
			break;
		}
		if (n < 0 || write(out, buf, (size_t)n) != n)
			break;
	}
	/* Written back now, not by the kernel during the measurements (where
	 * it would slow every commit's fsync). */
	if (rc == 0 && fsync(out) != 0)
		rc = -1;
done:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		rc = -1;
	return rc;
}

static void remove_db(const char *path)
{
	char side[PATH_LEN + 8];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* The board's columns as the store's summary gives them: count and totals
 * per stage. Kept beside a built database: a cached one whose columns
 * changed was written to since (a probe, a test by hand) and would no
 * longer have its qualified cards on top, so it is built again. */
static int fingerprint(const char *path, char *out, size_t outsz)
{
	char err[256];
	store *st;
	store_summary sum[PIPELINE_STAGE_COUNT];
	if (store_open(path, &st, err, sizeof err) != STORE_OK)
		return -1;
	store_status r = store_summarize(st, NULL, sum);
	store_close(st);
	if (r != STORE_OK)
		return -1;
	size_t o = 0;
	out[0] = '\0';
	for (int s = 0; s < PIPELINE_STAGE_COUNT && o < outsz; s++) {
		o += (size_t)snprintf(out + o, outsz - o, "%s%lld", s ? " " : "", (long long)sum[s].count);
		for (int t = 0; t < sum[s].ntotals && o < outsz; t++)
			o += (size_t)snprintf(out + o, outsz - o, "/%s:%lld:%lld", sum[s].totals[t].currency,
			                      (long long)sum[s].totals[t].count,
			                      (long long)sum[s].totals[t].amount);
	}
	return o < outsz ? 0 : -1;
}

static int build_db(const char *dir, long n, const char *path, const char *info, size_result *r)
{
	gen_stats s;
	char print[4096];
	fprintf(stderr, "bench: building the %ld-opportunity database once (cached in %s until the "
	        "schema or the generator changes)%s...\n", n, dir,
	        n >= 1000000 ? "; at this size that takes about an hour (53 min on 2 shared cores)" : "");
	if (gen_build(path, n, stderr, &s) != 0 || fingerprint(path, print, sizeof print) != 0)
		return -1;
	fprintf(stderr, "bench: built in %.0f s (%ld store writes, %.0f us each)\n", s.seconds,
	        s.calls, s.seconds * 1e6 / (double)(s.calls ? s.calls : 1));
	FILE *f = fopen(info, "w");
	if (!f || fprintf(f, "%.1f %ld\n%s\n", s.seconds, s.calls, print) < 0 || fclose(f) != 0) {
		fprintf(stderr, "bench: cannot write %s\n", info);
		return -1;
	}
	r->built_now = true;
	return 0;
}

/* The database of n opportunities, built when missing or changed since;
 * its build time and fingerprint are kept beside it (.info). */
static int ensure_db(const char *dir, long n, char *path, size_t pathsz, size_result *r)
{
	char info[PATH_LEN + 128], kept[4096] = "", now[4096];
	db_path(dir, n, path, pathsz);
	snprintf(info, sizeof info, "%s.info", path);
	remove_stale(dir, n, path);
	if (access(path, F_OK) != 0)
		return build_db(dir, n, path, info, r) == 0 ? ensure_db(dir, n, path, pathsz, r) : -1;
	long calls = 0;
	FILE *f = fopen(info, "r");
	if (!f || fscanf(f, "%lf %ld ", &r->build_s, &calls) != 2 || !fgets(kept, sizeof kept, f))
		kept[0] = '\0';
	if (f)
		fclose(f);
	kept[strcspn(kept, "\n")] = '\0';
	if (fingerprint(path, now, sizeof now) != 0 || strcmp(now, kept) != 0) {
		fprintf(stderr, "bench: %s was changed since it was built (or has no .info): "
		        "building it again\n", path);
		remove_db(path);
		return build_db(dir, n, path, info, r) == 0 ? ensure_db(dir, n, path, pathsz, r) : -1;
	}
	struct stat sb;
	if (stat(path, &sb) == 0)
		r->db_mb = (double)sb.st_size / 1e6;
	return 0;
}

/* ---- this disk ----------------------------------------------------------------- */

/* What one commit costs at least here: a small append made durable. */
static double fsync_ms(const char *dir)
{
	char path[PATH_LEN + 32], page[4096];
	samples s = { 0 };
	memset(page, 'x', sizeof page);
	snprintf(path, sizeof path, "%s/bench-fsync.tmp", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return NAN;
	for (int i = 0; i < 20; i++) {
		double t0 = pty_now();
		if (write(fd, page, sizeof page) != (ssize_t)sizeof page || fdatasync(fd) != 0)
			break;
		samples_add(&s, (pty_now() - t0) * 1000);
	}
	close(fd);
	unlink(path);
	double m = samples_median(&s);
	free(s.v);
	return m;
}

/* ---- the environment of the board ------------------------------------------------ */

static int make_dirs(const char *dir, char *home, size_t homesz)
{
	char sub[2 * PATH_LEN];
	snprintf(home, homesz, "%s/bench-home", dir);
	const char *const parts[] = { "", "/config", "/data" };
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		snprintf(sub, sizeof sub, "%s%s", home, parts[i]);
		if (mkdir(sub, 0700) != 0 && errno != EEXIST) {
			fprintf(stderr, "bench: cannot create %s: %s\n", sub, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	bench_env e = { .runs = 5 };
	int opt;
	while ((opt = getopt(argc, argv, "r:v")) != -1) {
		if (opt == 'r')
			e.runs = atoi(optarg);
		else if (opt == 'v')
			e.verbose = true;
		else
			goto usage;
	}
	if (optind + 1 >= argc || e.runs < 1)
		goto usage;
	const char *dir = argv[optind];
	if (strlen(dir) >= PATH_LEN) {
		fprintf(stderr, "bench: build directory path too long\n");
		return 2;
	}
	int nsizes = argc - optind - 1;
	if (nsizes > MAX_SIZES) {
		fprintf(stderr, "bench: at most %d sizes\n", MAX_SIZES);
		return 2;
	}
	static size_result results[MAX_SIZES];
	for (int i = 0; i < nsizes; i++) {
		char *end;
		results[i].n = strtol(argv[optind + 1 + i], &end, 10);
		if (*end || results[i].n < 2) {
			fprintf(stderr, "bench: bad size '%s' (a number of opportunities, 2 or more)\n",
			        argv[optind + 1 + i]);
			return 2;
		}
	}

	char embudo[PATH_LEN + 16], home[PATH_LEN + 16];
	char base[PATH_LEN];
	snprintf(base, sizeof base, "%s", dir);
	dir = base;
	snprintf(embudo, sizeof embudo, "%s/embudo", dir);
	if (access(embudo, X_OK) != 0) {
		fprintf(stderr, "bench: no %s: build it first (make bench does)\n", embudo);
		return 1;
	}
	if (make_dirs(dir, home, sizeof home) != 0)
		return 1;
	char v_home[PATH_LEN + 32], v_cfg[PATH_LEN + 48], v_data[PATH_LEN + 48];
	snprintf(v_home, sizeof v_home, "HOME=%s", home);
	snprintf(v_cfg, sizeof v_cfg, "XDG_CONFIG_HOME=%s/config", home);
	snprintf(v_data, sizeof v_data, "XDG_DATA_HOME=%s/data", home);
	/* A clean, fixed environment: no user configuration, the same clock
	 * for every run (so every frame has the same bytes). */
	char *envp[] = { (char *)"PATH=/usr/bin:/bin", v_home, v_cfg, v_data,
	                 (char *)"TERM=xterm-256color", (char *)"LANG=C.UTF-8", (char *)"USER=bench",
	                 (char *)"LOGNAME=bench", (char *)"EMBUDO_NOW=" BENCH_NOW, NULL };
	e.embudo = embudo;
	e.envp = envp;
	measure_detect(&e);

	int failed = 0;
	for (int i = 0; i < nsizes; i++) {
		size_result *r = &results[i];
		char db[PATH_LEN + 64], run[PATH_LEN + 32];
		if (ensure_db(dir, r->n, db, sizeof db, r) != 0) {
			snprintf(r->error, sizeof r->error, "could not build the database");
			failed = 1;
			continue;
		}
		snprintf(run, sizeof run, "%s/bench-run.db", dir);
		remove_db(run);
		if (copy_file(db, run) != 0) {
			snprintf(r->error, sizeof r->error, "cannot copy the database: %s", strerror(errno));
			failed = 1;
			continue;
		}
		r->fsync_ms = fsync_ms(dir);
		fprintf(stderr, "bench: measuring %ld opportunities (%d sessions)...\n", r->n, e.runs);
		measure_size(&e, run, r);
		remove_db(run);
		if (r->error[0] || r->moves_wrong)
			failed = 1;
	}
	table_print(results, nsizes, &e);
	return failed;

usage:
	fprintf(stderr, "usage: bench [-r RUNS] [-v] BUILD_DIR SIZE...\n");
	return 2;
}
