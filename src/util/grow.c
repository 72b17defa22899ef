/*
 * grow: see util/grow.h.
 */
#include "util/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *grow_array(void *v, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return v;
	size_t ncap = *cap ? *cap : (first ? first : 1);
	if (*cap) {
		if (ncap > SIZE_MAX / 2)
			return NULL;
		ncap *= 2;
	}
	if (size == 0 || ncap > SIZE_MAX / size)
		return NULL;
	void *p = realloc(v, ncap * size);
	if (!p)
		return NULL;
	*cap = ncap;
	return p;
}
