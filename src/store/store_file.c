/*
 * store_file: the database file as the file system sees it, before and
 * around SQLite: what kind of file the path names, whether this user may
 * write it, a fingerprint to notice changes, and why a write ran out of
 * room (a full disk or the file-size limit).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "store/store_internal.h"

/* Within this many bytes of the file-size limit, or with less than this
 * free on the disk, a failed write is blamed on the limit or the disk: a
 * WAL frame is a page (4 KiB) and a little. */
#define STORE_ROOM_MARGIN (64 * 1024)

static const char *kind_name(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a plain file";
}

static store_status refuse_kind(mode_t m, const char *shown, char *err, size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen,
		         "%s is not a regular file (it is %s); it was left untouched: "
		         "give the path of a database file with --db or EMBUDO_DB",
		         shown, kind_name(m));
	return STORE_NOT_EMBUDO;
}

store_status store_file_kind(const char *path, const char *shown, bool *exists, char *err,
                             size_t errlen)
{
	struct stat sb;

	*exists = false;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return STORE_OK;
		if (err && errlen)
			snprintf(err, errlen, "cannot read %s: %s", shown, strerror(errno));
		return STORE_ERROR;
	}
	*exists = true;
	return S_ISREG(sb.st_mode) ? STORE_OK : refuse_kind(sb.st_mode, shown, err, errlen);
}

store_status store_file_kind_fd(int fd, const char *shown, char *err, size_t errlen)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0) {
		if (err && errlen)
			snprintf(err, errlen, "cannot read %s: %s", shown, strerror(errno));
		return STORE_ERROR;
	}
	return S_ISREG(sb.st_mode) ? STORE_OK : refuse_kind(sb.st_mode, shown, err, errlen);
}

/* The folder SQLite puts the -wal and -shm files in: that of the file the
 * path resolves to (SQLite follows symbolic links). Malloc'd. */
static char *folder_of(const char *path)
{
	char *real = realpath(path, NULL);
	char *dir = real ? real : strdup(path);
	char *slash;

	if (!dir)
		return NULL;
	slash = strrchr(dir, '/');
	if (!slash) {
		free(dir);
		return strdup(".");
	}
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return dir;
}

/* A sibling file name: path + suffix (malloc'd). */
static char *side_file(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);
	char *out = malloc(n + k + 1);

	if (out) {
		memcpy(out, path, n);
		memcpy(out + n, suffix, k + 1);
	}
	return out;
}

bool store_file_writable(const char *path)
{
	char *dir = folder_of(path);
	bool ok = dir && access(path, W_OK) == 0 && access(dir, W_OK | X_OK) == 0;

	free(dir);
	return ok;
}

/* SQLite names its -wal after the file the path resolves to. */
char *store_file_wal_path(const char *path)
{
	char *real = realpath(path, NULL);
	char *wal = side_file(real ? real : path, "-wal");

	free(real);
	return wal;
}

bool store_file_has_wal(const char *path)
{
	char *wal = store_file_wal_path(path);
	bool has = wal && access(wal, F_OK) == 0;

	free(wal);
	return has;
}

off_t store_file_wal_size(const char *path)
{
	char *wal = store_file_wal_path(path);
	struct stat sb;
	off_t n = -1;

	if (wal && stat(wal, &sb) == 0)
		n = sb.st_size;
	free(wal);
	return n;
}

void store_file_stamp(const char *path, store_stamp *out)
{
	struct stat sb;

	memset(out, 0, sizeof *out);
	out->wal = store_file_has_wal(path);
	if (stat(path, &sb) != 0)
		return;
	out->exists = true;
	out->dev = sb.st_dev;
	out->ino = sb.st_ino;
	out->size = sb.st_size;
	out->mtime = sb.st_mtim;
	out->ctime = sb.st_ctim;
}

bool store_file_stamp_equal(const store_stamp *a, const store_stamp *b)
{
	return a->exists == b->exists && a->wal == b->wal && a->dev == b->dev && a->ino == b->ino
	    && a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec
	    && a->mtime.tv_nsec == b->mtime.tv_nsec && a->ctime.tv_sec == b->ctime.tv_sec
	    && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

static off_t size_of(const char *path, const char *suffix)
{
	char *name = side_file(path, suffix);
	struct stat sb;
	off_t n = 0;

	if (name && stat(name, &sb) == 0)
		n = sb.st_size;
	free(name);
	return n;
}

/* SQLite reports a write past the file-size limit (EFBIG, once SIGXFSZ is
 * ignored) as an I/O error and a full disk as SQLITE_FULL, without saying
 * which: the limit and the free space tell. */
store_status store_file_full(store *st, int rc, const char *doing)
{
	struct rlimit rl;
	struct statvfs sv;
	char *dir;

	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		off_t big = size_of(st->path, "");
		off_t wal = size_of(st->path, "-wal"), shm = size_of(st->path, "-shm");

		if (wal > big)
			big = wal;
		if (shm > big)
			big = shm;
		if ((unsigned long long)big + STORE_ROOM_MARGIN >= (unsigned long long)rl.rlim_cur)
			return store_fail_file(st, STORE_FULL,
			                       "cannot write %s: the file-size limit (ulimit -f) of %llu bytes "
			                       "was reached while %s; nothing was written: raise the limit "
			                       "(ulimit -f unlimited) and try again",
			                       st->shown, (unsigned long long)rl.rlim_cur, doing);
	}
	dir = folder_of(st->path);
	if (dir && statvfs(dir, &sv) == 0) {
		unsigned long long blocks = geteuid() == 0 ? sv.f_bfree : sv.f_bavail;
		unsigned long long room = blocks * (unsigned long long)sv.f_frsize;

		if (room < STORE_ROOM_MARGIN) {
			free(dir);
			return store_fail_file(st, STORE_FULL,
			                       "cannot write %s: the disk is full (%llu bytes free on its file "
			                       "system) while %s; nothing was written: free some space and "
			                       "try again",
			                       st->shown, room, doing);
		}
	}
	free(dir);
	if ((rc & 0xff) == SQLITE_FULL)
		return store_fail_file(st, STORE_FULL,
		                       "cannot write %s while %s: %s (no space on the device or a file-size "
		                       "limit); nothing was written",
		                       st->shown, doing, sqlite3_errstr(rc));
	return store_fail(st, STORE_ERROR, "database error while %s: %s", doing,
	                  sqlite3_errmsg(st->db));
}
