/* Tests for paths: XDG resolution, parent directory creation, the OS user. */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/paths.h"

static char tmp[64]; /* short, so paths built from it always fit */

/* Each test (forked by Check) starts with a clean environment for us and
 * its own temporary directory. */
static void setup(void)
{
	strcpy(tmp, "/tmp/check_paths.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	unsetenv("EMBUDO_DB");
	unsetenv("EMBUDO_CONFIG");
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/ana", 1);
	umask(022);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	/* Step out (a test may have chdir'd in), then remove only our own
	 * mkdtemp directory, depth first, never following links. */
	if (chdir("/") != 0)
		return;
	if (nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	ck_assert_msg(stat(path, &st) == 0, "%s missing", path);
	ck_assert_msg(S_ISDIR(st.st_mode), "%s not a directory", path);
	return st.st_mode & 07777;
}

START_TEST(test_db_default_home)
{
	char out[PATH_MAX];

	ck_assert(paths_default_db(out, sizeof out));
	ck_assert_str_eq(out, "/home/ana/.local/share/embudo/pipeline.db");
}
END_TEST

START_TEST(test_db_xdg_and_env)
{
	char out[PATH_MAX];

	setenv("XDG_DATA_HOME", "/data", 1);
	ck_assert(paths_default_db(out, sizeof out));
	ck_assert_str_eq(out, "/data/embudo/pipeline.db");
	/* Empty or relative XDG values are ignored (XDG spec). */
	setenv("XDG_DATA_HOME", "", 1);
	ck_assert(paths_default_db(out, sizeof out));
	ck_assert_str_eq(out, "/home/ana/.local/share/embudo/pipeline.db");
	setenv("XDG_DATA_HOME", "rel/dir", 1);
	ck_assert(paths_default_db(out, sizeof out));
	ck_assert_str_eq(out, "/home/ana/.local/share/embudo/pipeline.db");
	/* $EMBUDO_DB wins, used as is. */
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("EMBUDO_DB", "my.db", 1);
	ck_assert(paths_default_db(out, sizeof out));
	ck_assert_str_eq(out, "my.db");
	setenv("EMBUDO_DB", "", 1);
	ck_assert(paths_default_db(out, sizeof out));
	ck_assert_str_eq(out, "/data/embudo/pipeline.db");
}
END_TEST

START_TEST(test_db_too_long)
{
	char out[16];

	ck_assert(!paths_default_db(out, sizeof out));
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_home_from_passwd)
{
	char out[PATH_MAX], want[PATH_MAX];
	struct passwd *pw = getpwuid(getuid());

	/* Without $HOME the passwd entry is used (when there is one). */
	unsetenv("HOME");
	if (pw && pw->pw_dir && *pw->pw_dir) {
		snprintf(want, sizeof want, "%s/.config/embudo/config.yaml", pw->pw_dir);
		ck_assert(paths_default_config(out, sizeof out, NULL));
		ck_assert_str_eq(out, want);
	} else {
		ck_assert(!paths_default_config(out, sizeof out, NULL));
	}
}
END_TEST

START_TEST(test_config)
{
	char out[PATH_MAX];
	bool explicit_cfg = true;

	ck_assert(paths_default_config(out, sizeof out, &explicit_cfg));
	ck_assert_str_eq(out, "/home/ana/.config/embudo/config.yaml");
	ck_assert(!explicit_cfg);
	setenv("XDG_CONFIG_HOME", "/etc/xdg-ana", 1);
	explicit_cfg = true;
	ck_assert(paths_default_config(out, sizeof out, &explicit_cfg));
	ck_assert_str_eq(out, "/etc/xdg-ana/embudo/config.yaml");
	ck_assert(!explicit_cfg);
	setenv("EMBUDO_CONFIG", "/srv/embudo.yaml", 1);
	ck_assert(paths_default_config(out, sizeof out, &explicit_cfg));
	ck_assert_str_eq(out, "/srv/embudo.yaml");
	ck_assert(explicit_cfg);
}
END_TEST

START_TEST(test_make_parent_dirs)
{
	char file[PATH_MAX], dir[PATH_MAX];
	struct stat st;

	snprintf(file, sizeof file, "%s/a/b/c/pipeline.db", tmp);
	ck_assert(paths_make_parent_dirs(file));
	snprintf(dir, sizeof dir, "%s/a", tmp);
	ck_assert_uint_eq(mode_of(dir), 0700);
	snprintf(dir, sizeof dir, "%s/a/b", tmp);
	ck_assert_uint_eq(mode_of(dir), 0700);
	snprintf(dir, sizeof dir, "%s/a/b/c", tmp);
	ck_assert_uint_eq(mode_of(dir), 0700);
	/* The file itself is not created. */
	ck_assert_int_ne(stat(file, &st), 0);
	/* Idempotent. */
	ck_assert(paths_make_parent_dirs(file));
}
END_TEST

START_TEST(test_existing_dirs_left_alone)
{
	char file[PATH_MAX], dir[PATH_MAX];

	snprintf(dir, sizeof dir, "%s/shared", tmp);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(file, sizeof file, "%s/shared//new/x.db", tmp);
	ck_assert(paths_make_parent_dirs(file));
	ck_assert_uint_eq(mode_of(dir), 0755);
	snprintf(dir, sizeof dir, "%s/shared/new", tmp);
	ck_assert_uint_eq(mode_of(dir), 0700);
}
END_TEST

START_TEST(test_make_parent_dirs_errors)
{
	char file[PATH_MAX];
	FILE *f;

	/* A regular file where a directory should be. */
	snprintf(file, sizeof file, "%s/plain", tmp);
	f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	snprintf(file, sizeof file, "%s/plain/sub/x.db", tmp);
	errno = 0;
	ck_assert(!paths_make_parent_dirs(file));
	ck_assert_int_eq(errno, ENOTDIR);
	/* No directory part: nothing to do. */
	ck_assert(paths_make_parent_dirs("pipeline.db"));
	ck_assert(paths_make_parent_dirs("/pipeline.db"));
	errno = 0;
	ck_assert(!paths_make_parent_dirs(""));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_relative_parent_dirs)
{
	ck_assert_int_eq(chdir(tmp), 0);
	ck_assert(paths_make_parent_dirs("rel/deeper/x.db"));
	ck_assert_uint_eq(mode_of("rel"), 0700);
	ck_assert_uint_eq(mode_of("rel/deeper"), 0700);
}
END_TEST

START_TEST(test_pick_user)
{
	char buf[64];

	ck_assert_str_eq(paths_pick_user("ana", "bob", 1000, buf, sizeof buf), "ana");
	ck_assert_str_eq(paths_pick_user("", "bob", 1000, buf, sizeof buf), "bob");
	ck_assert_str_eq(paths_pick_user(NULL, "bob", 1000, buf, sizeof buf), "bob");
	ck_assert_str_eq(paths_pick_user(NULL, "", 1000, buf, sizeof buf), "uid 1000");
	ck_assert_str_eq(paths_pick_user(NULL, NULL, 0, buf, sizeof buf), "uid 0");
}
END_TEST

START_TEST(test_current_user)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *u;

	setenv("USER", "someone-else", 1);
	u = paths_current_user();
	ck_assert_ptr_nonnull(u);
	if (pw && pw->pw_name && *pw->pw_name)
		ck_assert_str_eq(u, pw->pw_name);   /* passwd beats $USER */
	else
		ck_assert_str_eq(u, "someone-else");
}
END_TEST

static Suite *paths_suite(void)
{
	Suite *s = suite_create("paths");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_db_default_home);
	tcase_add_test(tc, test_db_xdg_and_env);
	tcase_add_test(tc, test_db_too_long);
	tcase_add_test(tc, test_home_from_passwd);
	tcase_add_test(tc, test_config);
	tcase_add_test(tc, test_make_parent_dirs);
	tcase_add_test(tc, test_existing_dirs_left_alone);
	tcase_add_test(tc, test_make_parent_dirs_errors);
	tcase_add_test(tc, test_relative_parent_dirs);
	tcase_add_test(tc, test_pick_user);
	tcase_add_test(tc, test_current_user);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(paths_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
