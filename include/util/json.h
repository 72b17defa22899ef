/*
 * json: a small RFC 8259 writer to a stdio stream. Strings are written with
 * every control character escaped; valid UTF-8 is written as it is, so text
 * round-trips exactly; an invalid byte becomes U+FFFD.
 */
#ifndef EMBUDO_JSON_H
#define EMBUDO_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A quoted, escaped JSON string; NULL writes null. */
void json_string(FILE *f, const char *s);
/* "key": (with the string escaped), no leading comma. */
void json_key(FILE *f, const char *key);
void json_int(FILE *f, int64_t v);
void json_bool(FILE *f, bool v);
void json_null(FILE *f);

#endif
