/*
 * paths: where embudo's files live (XDG base directories), and the OS user
 * acting, which every history row records.
 */
#include "util/paths.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* $name when set and non-empty. */
static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* The XDG spec says a relative $XDG_*_HOME is invalid and must be ignored. */
static const char *env_absolute(const char *name)
{
	const char *v = env_nonempty(name);

	return v && v[0] == '/' ? v : NULL;
}

static const char *home_dir(void)
{
	const char *home = env_nonempty("HOME");
	struct passwd *pw;

	if (home)
		return home;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
}

/* snprintf that reports truncation as failure (errno ENAMETOOLONG). */
static bool join(char *out, size_t outsz, const char *a, const char *b)
{
	int n = snprintf(out, outsz, "%s%s", a, b);

	if (n < 0 || (size_t)n >= outsz) {
		if (outsz)
			out[0] = '\0';
		errno = ENAMETOOLONG;
		return false;
	}
	return true;
}

/* Resolves $env_var, else $xdg_var/<tail>, else ~/<home_rel>/<tail>. */
static bool resolve(char *out, size_t outsz, const char *env_var,
                    const char *xdg_var, const char *home_rel,
                    const char *tail, bool *from_env)
{
	const char *v;
	char base[4096];

	if (from_env)
		*from_env = false;
	if ((v = env_nonempty(env_var))) {
		if (from_env)
			*from_env = true;
		return join(out, outsz, v, "");
	}
	if ((v = env_absolute(xdg_var)))
		return join(out, outsz, v, tail);
	if (!(v = home_dir())) {
		if (outsz)
			out[0] = '\0';
		errno = ENOENT;
		return false;
	}
	return join(base, sizeof base, v, home_rel) &&
	       join(out, outsz, base, tail);
}

bool paths_default_db(char *out, size_t outsz)
{
	return resolve(out, outsz, "EMBUDO_DB", "XDG_DATA_HOME", "/.local/share",
	               "/embudo/pipeline.db", NULL);
}

bool paths_default_config(char *out, size_t outsz, bool *explicit_out)
{
	return resolve(out, outsz, "EMBUDO_CONFIG", "XDG_CONFIG_HOME",
	               "/.config", "/embudo/config.yaml", explicit_out);
}

/* Makes one directory unless a directory is already there. */
static bool make_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return true;
		errno = ENOTDIR;
		return false;
	}
	if (mkdir(dir, 0700) == 0)
		return true;
	/* Someone else may have made it between our stat and mkdir. */
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	if (errno == EEXIST)
		errno = ENOTDIR;
	return false;
}

bool paths_make_parent_dirs(const char *file)
{
	char *dir, *slash;
	bool ok = true;

	if (!file || !*file) {
		errno = EINVAL;
		return false;
	}
	if (!(dir = strdup(file)))
		return false;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		/* In the current or the root directory: nothing to create. */
		free(dir);
		return true;
	}
	*slash = '\0';
	/* Each prefix ending before a '/' (skipping repeated slashes), then
	 * the whole directory. */
	for (char *p = dir + 1; ok; p++) {
		char saved = *p;

		if (saved != '/' && saved != '\0')
			continue;
		if (p[-1] != '/') {
			*p = '\0';
			ok = make_dir(dir);
			*p = saved;
		}
		if (saved == '\0')
			break;
	}
	free(dir);
	return ok;
}

const char *paths_pick_user(const char *pw_name, const char *env_user,
                            unsigned long uid, char *buf, size_t bufsz)
{
	if (!buf || !bufsz)
		return "";
	if (pw_name && *pw_name)
		snprintf(buf, bufsz, "%s", pw_name);
	else if (env_user && *env_user)
		snprintf(buf, bufsz, "%s", env_user);
	else
		snprintf(buf, bufsz, "uid %lu", uid);
	return buf;
}

const char *paths_current_user(void)
{
	static char name[256];
	uid_t uid = geteuid();
	struct passwd *pw = getpwuid(uid);

	return paths_pick_user(pw ? pw->pw_name : NULL, getenv("USER"),
	                       (unsigned long)uid, name, sizeof name);
}
