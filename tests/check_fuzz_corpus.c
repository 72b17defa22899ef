/*
 * The fuzz corpus replayed without libFuzzer, so a regression in the
 * configuration loader fails `make check` (and its ASan/UBSan run) on any
 * machine, clang or not.
 *
 * Every file of fuzz/corpus/ (the seeds, and what `make fuzz` found worth
 * keeping) and of fuzz/crashes/ (inputs that once crashed the loader, kept
 * once fixed) goes through LLVMFuzzerTestOneInput, the fuzzer's own entry
 * point: the Makefile links fuzz/config_fuzzer.c into this suite, built by
 * the same compiler and flags as the rest. One loop iteration per file; the
 * list of files is printed when one fails.
 *
 * The folder is $EMBUDO_FUZZ_DIR, else "fuzz" (from the repository root,
 * where `make check` runs), else beside the binary (BUILD/tests/..).
 */
#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUTS 4096

static char fuzz_dir[1024];
static char *inputs[MAX_INPUTS];
static int ninputs, ncorpus, ncrashes;
static bool crashes_dir_found;

static void find_fuzz_dir(void)
{
	const char *env = getenv("EMBUDO_FUZZ_DIR");
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s", env && *env ? env : "fuzz");
	if (access(fuzz_dir, R_OK) == 0 || (env && *env))
		return;
	char exe[900];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/../../fuzz", exe);
	}
}

static int not_hidden(const struct dirent *e)
{
	return e->d_name[0] != '.' && strcmp(e->d_name, "README.md") != 0;
}

/* Adds the regular files of fuzz_dir/sub, sorted by name; returns how many
 * (-1 when the folder cannot be read). */
static int add_folder(const char *sub)
{
	char dir[1100];
	struct dirent **names;
	snprintf(dir, sizeof dir, "%s/%s", fuzz_dir, sub);
	int n = scandir(dir, &names, not_hidden, alphasort);
	if (n < 0)
		return -1;
	int added = 0;
	for (int i = 0; i < n; i++) {
		char path[1400];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && ninputs < MAX_INPUTS) {
			inputs[ninputs++] = strdup(path);
			added++;
		}
		free(names[i]);
	}
	free(names);
	return added;
}

START_TEST(test_corpus_found)
{
	ck_assert_msg(ncorpus > 0, "no input in %s/corpus: run from the repository root or set EMBUDO_FUZZ_DIR",
	              fuzz_dir);
	ck_assert_msg(crashes_dir_found, "%s/crashes is missing (it keeps the crash inputs, with a README)",
	              fuzz_dir);
	ck_assert_int_lt(ninputs, MAX_INPUTS);
}
END_TEST

START_TEST(test_replay)
{
	const char *path = inputs[_i];
	ck_assert_ptr_nonnull(path);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	uint8_t *data = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap);
			ck_assert_ptr_nonnull(data);
		}
		size_t got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	ck_assert_msg(!ferror(f), "cannot read %s", path);
	fclose(f);
	/* Returns 0 or aborts (a valid configuration whose dump does not load
	 * back); a crash or a sanitizer report fails this iteration. */
	ck_assert_int_eq(LLVMFuzzerTestOneInput(data, len), 0);
	free(data);
}
END_TEST

int main(void)
{
	find_fuzz_dir();
	ncorpus = add_folder("corpus");
	ncrashes = add_folder("crashes");
	crashes_dir_found = ncrashes >= 0;

	Suite *s = suite_create("fuzz_corpus");
	TCase *tc = tcase_create("replay");
	tcase_add_test(tc, test_corpus_found);
	tcase_add_loop_test(tc, test_replay, 0, ninputs);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("fuzz corpus: %d inputs replayed (%d in %s/corpus, %d in %s/crashes)\n", ninputs,
	       ncorpus > 0 ? ncorpus : 0, fuzz_dir, ncrashes > 0 ? ncrashes : 0, fuzz_dir);
	if (failed)
		for (int i = 0; i < ninputs; i++)
			printf("  test_replay:%d is %s\n", i, inputs[i]);
	for (int i = 0; i < ninputs; i++)
		free(inputs[i]);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
