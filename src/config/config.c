/*
 * config: the built-in defaults, finding the configuration and theme files,
 * and loading them. Parsing is config_yaml.c, the schema config_apply.c.
 */
#include "config/config_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/paths.h"

#ifndef EMBUDO_SHAREDIR
#define EMBUDO_SHAREDIR "/usr/local/share/embudo"
#endif

void config_init(config *c)
{
	memset(c, 0, sizeof *c);
	keymap_init_defaults(&c->keys);
	theme_init_defaults(&c->theme);
	snprintf(c->theme_name, sizeof c->theme_name, "default");
	snprintf(c->organization, sizeof c->organization, "%s", PIPELINE_DEFAULT_ORG);
	snprintf(c->currency, sizeof c->currency, "%s", MONEY_DEFAULT_CURRENCY);
	/* Weighted value and "stale after N days" per stage: the catalogue's. */
	for (int s = 0; s < PIPELINE_STAGE_COUNT; s++) {
		c->probability[s] = pipeline_stage_info_of((pipeline_stage)s)->probability;
		c->stale_days[s] = pipeline_stage_info_of((pipeline_stage)s)->stale_days;
	}
}

void config_free(config *c)
{
	for (int i = 0; i < c->nservice_lines; i++) {
		free(c->service_lines[i]);
		c->service_lines[i] = NULL;
	}
	c->nservice_lines = 0;
}

bool config_read_file(const char *file, char **buf, size_t *len, char *err, size_t errlen)
{
	*buf = NULL;
	*len = 0;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s; check the path and its permissions", file, strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file; point at the YAML file itself", file);
		close(fd);
		return false;
	}
	if (st.st_size > CONFIG_MAX_BYTES) {
		snprintf(err, errlen, "%s:1:1: file too large (%lld bytes, at most %d); a configuration "
		         "is a few lines, check that this is the right file", file, (long long)st.st_size,
		         CONFIG_MAX_BYTES);
		close(fd);
		return false;
	}
	/* Read up to one byte past the limit: the file may grow after fstat. */
	char *b = malloc(CONFIG_MAX_BYTES + 2);
	if (!b) {
		snprintf(err, errlen, "%s: out of memory; try again", file);
		close(fd);
		return false;
	}
	size_t n = 0;
	while (n <= CONFIG_MAX_BYTES) {
		ssize_t r = read(fd, b + n, CONFIG_MAX_BYTES + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: cannot read: %s; check the file", file, strerror(errno));
			free(b);
			close(fd);
			return false;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > CONFIG_MAX_BYTES) {
		snprintf(err, errlen, "%s:1:1: file too large (over %d bytes); a configuration is a few "
		         "lines, check that this is the right file", file, CONFIG_MAX_BYTES);
		free(b);
		return false;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return true;
}

/* ---- themes ----------------------------------------------------------- */

/* The theme directories in search order; returns how many were written. */
static int theme_dirs(char dirs[][4096], int max)
{
	int n = 0;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(dirs[n++], 4096, "%s/embudo/themes", xdg);
	else if (home && *home)
		snprintf(dirs[n++], 4096, "%s/.config/embudo/themes", home);
	snprintf(dirs[n++], 4096, "%s/themes", EMBUDO_SHAREDIR);
	snprintf(dirs[n++], 4096, "themes");
	/* Run from the source tree (./embudo, build/embudo, build/tests/x). */
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0 && n + 3 <= max) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(dirs[n++], 4096, "%.4000s/../themes", exe);
			snprintf(dirs[n++], 4096, "%.4000s/../../themes", exe);
			/* Installed somewhere else than PREFIX (a staged DESTDIR, a
			 * moved tree): PREFIX/bin/embudo beside PREFIX/share/embudo. */
			snprintf(dirs[n++], 4096, "%.4000s/../share/embudo/themes", exe);
		}
	}
	return n;
}

#define MAX_THEME_DIRS 7

bool config_theme_find(const char *name, char *out, size_t outsz)
{
	char dirs[MAX_THEME_DIRS][4096];
	int n = theme_dirs(dirs, MAX_THEME_DIRS);
	for (int i = 0; i < n; i++) {
		struct stat st;
		int w = snprintf(out, outsz, "%s/%s.yaml", dirs[i], name);
		if (w > 0 && (size_t)w < outsz && stat(out, &st) == 0 && S_ISREG(st.st_mode))
			return true;
	}
	return false;
}

void config_theme_dirs(char *out, size_t outsz)
{
	char dirs[MAX_THEME_DIRS][4096];
	int n = theme_dirs(dirs, MAX_THEME_DIRS);
	size_t len = 0;
	out[0] = '\0';
	/* The source-tree fallbacks are for developers; users need the first three. */
	for (int i = 0; i < n && i < 3; i++) {
		int w = snprintf(out + len, outsz - len, "%s%s", i ? ", " : "", dirs[i]);
		if (w < 0 || (size_t)w >= outsz - len)
			break;
		len += (size_t)w;
	}
}

/* ---- loading ---------------------------------------------------------- */

bool config_parse_file(const char *file, cy_node **root, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	*root = NULL;
	if (!config_read_file(file, &buf, &len, err, errlen))
		return false;
	bool ok = cy_parse(buf, len, file, root, err, errlen);
	free(buf);
	return ok;
}

static bool load_file(config *c, config_origins *o, const char *file, char *err, size_t errlen)
{
	cy_node *root;
	if (!config_parse_file(file, &root, err, errlen))
		return false;
	bool ok = config_apply(c, o, root, file, err, errlen);
	cy_free(root);
	return ok;
}

bool config_load_origins(config *c, const char *path, config_origins *o, char *err, size_t errlen)
{
	char file[4096];
	bool explicit_path = path != NULL;
	config_init(c);
	if (o)
		memset(o, 0, sizeof *o);
	if (err && errlen)
		err[0] = '\0';
	if (path) {
		if (!*path) {
			snprintf(err, errlen, "--config needs a file name; give the path of a YAML file");
			return false;
		}
		snprintf(file, sizeof file, "%s", path);
	} else if (!paths_default_config(file, sizeof file, &explicit_path)) {
		return true; /* no home directory: nothing to read */
	}
	struct stat st;
	if (stat(file, &st) != 0 && errno == ENOENT) {
		if (!explicit_path)
			return true;
		snprintf(err, errlen, "%s: no such file; check the path (given by %s) or create the file "
		         "(`embudo config dump` prints a template)", file, path ? "--config" : "EMBUDO_CONFIG");
		return false;
	}
	if (o)
		snprintf(o->file, sizeof o->file, "%s", file);
	/* A bad file changes nothing: the caller keeps the defaults. */
	config tmp;
	config_init(&tmp);
	snprintf(tmp.source, sizeof tmp.source, "%s", file);
	if (!load_file(&tmp, o, file, err, errlen)) {
		config_free(&tmp);
		return false;
	}
	*c = tmp;
	return true;
}

bool config_load(config *c, const char *path, char *err, size_t errlen)
{
	return config_load_origins(c, path, NULL, err, errlen);
}
