/*
 * Tests for the YAML walker (config_yaml.c) on long input: a list or a
 * mapping of n entries costs a number of reallocations and key comparisons
 * that grows with n, not n^2 (one realloc per item took seconds for a long
 * list; comparing each key with every earlier one took seconds for a long
 * mapping).
 *
 * Nothing here is timed. The suite is linked with
 * -Wl,--wrap=realloc,--wrap=strcmp (see the Makefile), so every call that
 * embudo's own code makes to realloc and strcmp goes through a counter
 * below; libyaml's and libc's own calls are not counted.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

void *__real_realloc(void *p, size_t size);
void *__wrap_realloc(void *p, size_t size);
int __real_strcmp(const char *a, const char *b);
int __wrap_strcmp(const char *a, const char *b);

static size_t reallocs, compares;

void *__wrap_realloc(void *p, size_t size)
{
	reallocs++;
	return __real_realloc(p, size);
}

int __wrap_strcmp(const char *a, const char *b)
{
	compares++;
	return __real_strcmp(a, b);
}

/* As many entries as a configuration file under CONFIG_MAX_BYTES holds. */
enum { MANY = 50000 };

/* A flow list [1, 1, ...] or a flow mapping {k0: 1, k1: 1, ...} of n
 * entries; a mapping may end with a repeat of key `dup` (-1: none). */
static char *flow(bool map, int n, int dup)
{
	size_t cap = (size_t)n * 16 + 64, len = 0;
	char *s = malloc(cap);
	ck_assert_ptr_nonnull(s);
	s[len++] = map ? '{' : '[';
	for (int i = 0; i < n; i++)
		len += (size_t)(map ? snprintf(s + len, cap - len, "%sk%d: 1", i ? ", " : "", i)
		                    : snprintf(s + len, cap - len, "%s1", i ? ", " : ""));
	if (dup >= 0)
		len += (size_t)snprintf(s + len, cap - len, ", k%d: 2", dup);
	s[len++] = map ? '}' : ']';
	s[len] = '\0';
	ck_assert_uint_lt(len, CONFIG_MAX_BYTES);
	return s;
}

static cy_node *parse(const char *text, char *err, size_t errlen)
{
	cy_node *root = NULL;
	err[0] = '\0';
	if (!cy_parse(text, strlen(text), "big.yaml", &root, err, errlen))
		return NULL;
	return root;
}

START_TEST(test_long_list_grows_geometrically)
{
	char *text = flow(false, MANY, -1), err[1024];
	reallocs = 0;
	cy_node *root = parse(text, err, sizeof err);
	size_t counted = reallocs;
	ck_assert_msg(root, "the list should parse: %s", err);
	ck_assert_int_eq(root->kind, CY_SEQ);
	ck_assert_uint_eq(root->n, MANY);
	ck_assert_str_eq(root->items[MANY - 1]->text, "1");
	/* Doubling from 8 reaches 50,000 in 13 steps; one per item is 50,000. */
	ck_assert_msg(counted <= 32, "%zu reallocs for a list of %d items", counted, MANY);
	cy_free(root);
	free(text);
}
END_TEST

START_TEST(test_long_mapping_grows_geometrically)
{
	char *text = flow(true, MANY, -1), err[1024];
	reallocs = 0;
	compares = 0;
	cy_node *root = parse(text, err, sizeof err);
	size_t counted = reallocs, compared = compares;
	ck_assert_msg(root, "the mapping should parse: %s", err);
	ck_assert_int_eq(root->kind, CY_MAP);
	ck_assert_uint_eq(root->n, 2 * MANY);
	ck_assert_str_eq(root->items[2 * MANY - 2]->text, "k49999");
	/* Each key is compared with the few that share its hash slots, not
	 * with every earlier key (that is 1.25 billion comparisons). */
	ck_assert_msg(compared <= 4 * (size_t)MANY, "%zu key comparisons for %d keys", compared, MANY);
	ck_assert_msg(counted <= 32, "%zu reallocs for a mapping of %d keys", counted, MANY);
	cy_free(root);
	free(text);
}
END_TEST

START_TEST(test_duplicate_among_many_keys)
{
	char err[1024];
	/* the repeat is the last key: found, named, and its first place given */
	char *text = flow(true, MANY, 31337);
	ck_assert_ptr_null(parse(text, err, sizeof err));
	ck_assert_msg(strstr(err, "duplicate key 'k31337' (first at line 1); keep only one of them"), "%s", err);
	free(text);
	/* the first repeat in the file is the one reported */
	ck_assert_ptr_null(parse("a: 1\nb: 2\nc: 3\nb: 4\na: 5\n", err, sizeof err));
	ck_assert_str_eq(err, "big.yaml:4:1: duplicate key 'b' (first at line 2); keep only one of them");
	/* keys are compared whole: prefixes and case are different keys */
	cy_node *root = parse("a: 1\nab: 2\nA: 3\nb:\n  a: 4\n", err, sizeof err);
	ck_assert_msg(root, "distinct keys should parse: %s", err);
	ck_assert_uint_eq(root->n, 8);
	cy_free(root);
}
END_TEST

static Suite *config_yaml_suite(void)
{
	Suite *s = suite_create("config_yaml");
	TCase *tc = tcase_create("long input");
	tcase_add_test(tc, test_long_list_grows_geometrically);
	tcase_add_test(tc, test_long_mapping_grows_geometrically);
	tcase_add_test(tc, test_duplicate_among_many_keys);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_yaml_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
