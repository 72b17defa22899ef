/*
 * gen: realistic benchmark databases, written through the store's API only.
 *
 * Each opportunity lives a plausible life over about two years of store
 * clock: created, qualified criterion by criterion, evidence recorded,
 * moved forward one stage or several at once, sometimes back with a note,
 * lost with a reason (now and then after the client committed), reopened,
 * its expected close date slipped or pulled in, its amount edited, a few
 * deleted and restored. The lives of all opportunities are interleaved in
 * time order, as they happen in a real database (history ids follow the
 * clock; one card's rows are spread over the file). Fixed seed: the same
 * size always gives the same database.
 *
 * The first GEN_PARKED opportunities are created first, get all five
 * criteria ticked and stay in Inmadura: they are the top of that column,
 * so the card the board focuses when it opens can always move forward.
 */
#ifndef EMBUDO_BENCH_GEN_H
#define EMBUDO_BENCH_GEN_H

#include <stdio.h>

/* Bump when the generated data change: cached databases carry it in
 * their names, so a new generator rebuilds them. */
#define GEN_VERSION 1

/* Fully qualified cards parked at the top of Inmadura (fewer for a tiny
 * database: never more than half of it). */
#define GEN_PARKED 8
long gen_parked(long n);

/* The store clock's end of the generated history (the bench runs the board
 * with EMBUDO_NOW set just after it). */
#define GEN_END "2026-11-30T18:00:00Z"

typedef struct gen_stats {
	long calls;     /* store writes made */
	double seconds; /* wall time of the build */
} gen_stats;

/* Builds a database of n opportunities at path (through path.part, renamed
 * when complete). Progress goes to log. Returns 0 on success. */
int gen_build(const char *path, long n, FILE *log, gen_stats *stats);

#endif
