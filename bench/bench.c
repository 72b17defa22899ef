/*
 * bench: time from store_open to the first rendered frame of the board, for
 * a database of 10 opportunities and one of 1,000,000 (built once through
 * the store's bulk path and cached in the build directory). The frame is
 * the board's own code: controller load + view render, into an ncurses
 * screen on /dev/null.
 *
 * usage: bench DIR [COUNT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "controller.h"
#include "store.h"
#include "text.h"
#include "view.h"

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
		char title[64], client[64];
		snprintf(title, sizeof title, "Oportunidad %ld", i);
		snprintf(client, sizeof client, "Cliente %ld", i % 997);
		store_fields f = { .title = title, .client = client, .currency = currencies[i % 3],
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
	if (rename(tmp, path) != 0) {
		perror("bench: rename");
		return 1;
	}
	fprintf(stderr, "bench: built in %.1f s\n", now_s() - t0);
	return 0;
}

/* store_open -> first frame, the board's way. */
static double first_frame(const char *path, const config *cfg)
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
	view_init(&v, cfg, &c);
	controller_load(&c);
	view_render(&v);
	double t = now_s() - t0;
	controller_free(&c);
	store_close(st);
	return t;
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
	/* Best of three: the first open also warms the page cache. */
	double ts = 1e9, tb = 1e9;
	for (int i = 0; i < 3; i++) {
		double a = first_frame(small_db, &cfg), b = first_frame(big_db, &cfg);
		if (a < 0 || b < 0)
			return 1;
		if (a < ts) ts = a;
		if (b < tb) tb = b;
	}
	endwin();
	delscreen(scr);
	fclose(devnull);
	config_free(&cfg);
	printf("first frame, 10 opportunities:      %8.2f ms\n", ts * 1000);
	printf("first frame, %ld opportunities: %8.2f ms\n", big, tb * 1000);
	printf("ratio: %.2f\n", tb / ts);
	return 0;
}
