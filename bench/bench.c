/*
 * bench: time from store_open to the first rendered frame of the board, for
 * a database of 10 opportunities and one of 1,000,000 (built once through
 * the store's bulk path and cached in the build directory). The frame is
 * the board's own code: controller load + view render, into an ncurses
 * screen on /dev/null. Then the same first frame under a filter: a
 * selective text filter (a few cards among all) and an owner filter (the
 * owner of one card), whose cost should be that of the cards it finds.
 *
 * usage: bench DIR [COUNT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config/config.h"
#include "board/controller.h"
#include "store/store.h"
#include "util/text.h"
#include "board/view.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int build(const char *path, long count)
{
	if (access(path, F_OK) == 0)
		return 0; /* cached */
	char tmp[4200], err[512];
	snprintf(tmp, sizeof tmp, "%s.part", path);
	unlink(tmp);
	store *st;
	if (store_open(tmp, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	fprintf(stderr, "bench: building %s (%ld opportunities, once)...\n", path, count);
	static const char *const currencies[] = { "CLP", "USD", "CLF" };
	double t0 = now_s();
	if (store_bulk_begin(st) != STORE_OK) {
		fprintf(stderr, "bench: %s\n", store_message(st));
		store_close(st);
		return 1;
	}
	for (long i = 0; i < count; i++) {
		char title[64], client[64], owner[64];
		snprintf(title, sizeof title, "Oportunidad %ld", i);
		snprintf(client, sizeof client, "Cliente %ld", i % 997);
		/* Many owners, so that an owner filter is selective. */
		snprintf(owner, sizeof owner, "Vendedor %ld", i % 1000);
		store_fields f = { .title = title, .client = client, .owner = owner,
		                   .currency = currencies[i % 3],
		                   .set_amount = true, .has_amount = true, .amount = 1000 + i % 5000 };
		int64_t id;
		if (store_add(st, &f, &id) != STORE_OK) {
			fprintf(stderr, "bench: add %ld: %s\n", i, store_message(st));
			store_close(st);
			return 1;
		}
		/* Spread the cards over the stages the honest way: losses. */
		if (i % 4 == 3 && store_lose(st, id, 0, PIPELINE_LOSS_DECLINED, NULL, NULL) != STORE_OK) {
			fprintf(stderr, "bench: lose %ld: %s\n", i, store_message(st));
			store_close(st);
			return 1;
		}
	}
	if (store_bulk_end(st) != STORE_OK) {
		fprintf(stderr, "bench: %s\n", store_message(st));
		store_close(st);
		return 1;
	}
	store_close(st);
	/* A -wal left by an earlier, killed run on `path` would be replayed
	 * onto the new file and corrupt it. */
	char side[4300];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	if (rename(tmp, path) != 0) {
		perror("bench: rename");
		return 1;
	}
	fprintf(stderr, "bench: built in %.1f s\n", now_s() - t0);
	return 0;
}

/* store_open -> first frame, the board's way; with a text and/or owner
 * filter when given (as if typed after `/` or the owner filter key).
 * *shown gets the number of cards the filter matches. */
static double first_frame(const char *path, const config *cfg, const char *text,
                          const char *owner, int64_t *shown)
{
	char err[512];
	double t0 = now_s();
	store *st;
	if (store_open(path, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	controller c;
	view v;
	controller_init(&c, st, cfg, NULL);
	if (text)
		snprintf(c.model.filter_text, sizeof c.model.filter_text, "%s", text);
	if (owner)
		snprintf(c.model.filter_owner, sizeof c.model.filter_owner, "%s", owner);
	view_init(&v, cfg);
	view_layout(&v, &c.model);
	controller_set_rows(&c, v.cards);
	store_status r = controller_load(&c);
	view_render(&v, &c.model);
	double t = now_s() - t0;
	if (shown) {
		*shown = 0;
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
			*shown += c.model.sum[s].count;
	}
	if (r != STORE_OK)
		fprintf(stderr, "bench: %s\n", c.model.message);
	controller_free(&c);
	store_close(st);
	return r == STORE_OK ? t : -1;
}

/* Best of three: the first open also warms the page cache. */
static double best_frame(const char *path, const config *cfg, const char *text,
                         const char *owner, int64_t *shown)
{
	double best = 1e9;
	for (int i = 0; i < 3; i++) {
		double t = first_frame(path, cfg, text, owner, shown);
		if (t < 0)
			return -1;
		if (t < best)
			best = t;
	}
	return best;
}

/* The owner of opportunity id (the owner filter's value), into out. The
 * first open also migrates an older file, which is not what is timed. */
static int owner_of(const char *path, int64_t id, char *out, size_t outsz)
{
	char err[512];
	store *st;
	store_opp o;
	if (store_open(path, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	if (store_get(st, id, &o) != STORE_OK) {
		fprintf(stderr, "bench: %s\n", store_message(st));
		store_close(st);
		return 1;
	}
	snprintf(out, outsz, "%s", o.owner);
	store_opp_free(&o);
	store_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench DIR [COUNT]\n");
		return 2;
	}
	long big = argc > 2 ? atol(argv[2]) : 1000000;
	char small_db[4096], big_db[4096];
	snprintf(small_db, sizeof small_db, "%s/bench-10.db", argv[1]);
	snprintf(big_db, sizeof big_db, "%s/bench-%ld.db", argv[1], big);
	if (build(small_db, 10) || build(big_db, big))
		return 1;
	text_init_locale();
	config cfg;
	config_init(&cfg);
	FILE *devnull = fopen("/dev/null", "w+");
	setenv("TERM", "xterm-256color", 1);
	setenv("LINES", "50", 1);
	setenv("COLUMNS", "200", 1);
	SCREEN *scr = devnull ? newterm(NULL, devnull, devnull) : NULL;
	if (!scr) {
		fprintf(stderr, "bench: cannot open a screen on /dev/null\n");
		return 1;
	}
	set_term(scr);
	char owner[256], shown_owner[256];
	if (owner_of(small_db, 8, owner, sizeof owner) || owner_of(big_db, 8, owner, sizeof owner))
		return 1;
	text_sanitize(owner, shown_owner, sizeof shown_owner);
	static const char text[] = "oportunidad 99999";
	int64_t n_ts = 0, n_tb = 0, n_os = 0, n_ob = 0;
	double ts = best_frame(small_db, &cfg, NULL, NULL, NULL);
	double tb = best_frame(big_db, &cfg, NULL, NULL, NULL);
	double fts = best_frame(small_db, &cfg, text, NULL, &n_ts);
	double ftb = best_frame(big_db, &cfg, text, NULL, &n_tb);
	double fos = best_frame(small_db, &cfg, NULL, owner, &n_os);
	double fob = best_frame(big_db, &cfg, NULL, owner, &n_ob);
	endwin();
	delscreen(scr);
	fclose(devnull);
	config_free(&cfg);
	if (ts < 0 || tb < 0 || fts < 0 || ftb < 0 || fos < 0 || fob < 0)
		return 1;
	printf("first frame, 10 opportunities:      %8.2f ms\n", ts * 1000);
	printf("first frame, %ld opportunities: %8.2f ms\n", big, tb * 1000);
	printf("ratio: %.2f\n", tb / ts);
	printf("text filter \"%s\", 10 opportunities:      %8.2f ms (%lld shown)\n", text,
	       fts * 1000, (long long)n_ts);
	printf("text filter \"%s\", %ld opportunities: %8.2f ms (%lld shown)\n", text, big,
	       ftb * 1000, (long long)n_tb);
	printf("owner filter \"%s\", 10 opportunities:      %8.2f ms (%lld shown)\n", shown_owner,
	       fos * 1000, (long long)n_os);
	printf("owner filter \"%s\", %ld opportunities: %8.2f ms (%lld shown)\n", shown_owner,
	       big, fob * 1000, (long long)n_ob);
	return 0;
}
