/*
 * grow: room for one more item at the end of a growing array, the
 * capacity doubling from a first size. One copy of what every list of
 * rows, events or lines in the store needs.
 */
#ifndef EMBUDO_UTIL_GROW_H
#define EMBUDO_UTIL_GROW_H

#include <stddef.h>

/* The array v (of *cap items of `size` bytes, n of them used) with room
 * for item n: v itself while n < *cap; else a larger block (`first`
 * items, then twice as many each time) and *cap updated. NULL when memory
 * runs out or the size would overflow: v is then unchanged, still the
 * caller's to use or free. */
void *grow_array(void *v, size_t *cap, size_t n, size_t size, size_t first);

#endif
