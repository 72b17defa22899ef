/*
 * demo: fills a new, empty database with about forty realistic sample
 * opportunities across every stage, recorded through the store API (so
 * their evidence and history are real), backdated with store_set_now so
 * days-in-stage differ.
 */
#ifndef EMBUDO_DEMO_H
#define EMBUDO_DEMO_H

#include <stddef.h>
#include <time.h>

#include "store/store.h"

/* Number of opportunities demo_fill creates. */
int demo_count(void);

/* Fills st, which must hold no opportunity (else STORE_INVALID with
 * "database already has opportunities; demo only fills an empty database").
 * `now` is the present the sample dates count back from. On failure err
 * holds a one-line message. Leaves the store's clock at `now` and its actor
 * at the OS user. */
store_status demo_fill(store *st, time_t now, char *err, size_t errlen);

#endif
