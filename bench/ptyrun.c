/*
 * ptyrun: a program on a pseudo-terminal, its output timed burst by burst
 * (see pty.h).
 */
#include "ptyrun.h"

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double pty_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int pty_spawn(pty_run *r, char *const argv[], char *const envp[], int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	memset(r, 0, sizeof *r);
	fflush(NULL);
	r->started = pty_now();
	r->pid = forkpty(&r->fd, NULL, NULL, &ws);
	if (r->pid < 0)
		return -1;
	if (r->pid == 0) {
		execve(argv[0], argv, envp);
		_exit(127);
	}
	return 0;
}

static bool contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

/* Keeps the tail of what was read, and says whether marker is in it. */
static bool remember(pty_run *r, const char *buf, size_t n, const char *marker)
{
	size_t keep = sizeof r->seen - 1;
	if (n >= keep) {
		memcpy(r->seen, buf + n - keep, keep);
		r->nseen = keep;
	} else {
		if (r->nseen + n > keep) {
			size_t drop = r->nseen + n - keep;
			memmove(r->seen, r->seen + drop, r->nseen - drop);
			r->nseen -= drop;
		}
		memcpy(r->seen + r->nseen, buf, n);
		r->nseen += n;
	}
	r->seen[r->nseen] = '\0';
	return marker && contains(r->seen, r->nseen, marker);
}

/* Whether the program is blocked waiting for a key: asleep in one of the
 * calls a terminal program waits in, with nothing else to do. Read from
 * /proc/PID/syscall; -1 when that cannot be read (then silence alone
 * ends a frame). */
static int waiting_for_input(const pty_run *r)
{
	static const long waits[] = {
#ifdef SYS_poll
		SYS_poll,
#endif
#ifdef SYS_select
		SYS_select,
#endif
#ifdef SYS_epoll_wait
		SYS_epoll_wait,
#endif
		SYS_ppoll, SYS_pselect6, SYS_epoll_pwait, SYS_read,
	};
	char path[64], line[256];
	long nr = -2;
	snprintf(path, sizeof path, "/proc/%ld/syscall", (long)r->pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	bool got = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	if (got && strncmp(line, "running", 7) == 0)
		return 0;
	if (!got || sscanf(line, "%ld", &nr) != 1)
		return -1;
	for (size_t i = 0; i < sizeof waits / sizeof waits[0]; i++)
		if (nr == waits[i])
			return 1;
	return 0;
}

int pty_burst(pty_run *r, const char *marker, int idle_ms, int max_ms, size_t *bytes,
              double *last)
{
	char buf[65536];
	double start = pty_now();
	bool done_waiting = false; /* the marker (or any byte) has come */
	*bytes = 0;
	*last = start;
	r->nseen = 0;
	for (;;) {
		int timeout;
		double now = pty_now();
		if (done_waiting) {
			timeout = idle_ms - (int)((now - *last) * 1000);
			/* Silent, but still computing (a frame drawn in two
			 * parts around a long query): not the end yet. */
			if (timeout <= 0 && waiting_for_input(r) == 0 && (now - start) * 1000 < max_ms)
				timeout = 5;
			else if (timeout <= 0)
				return 0;
		} else {
			timeout = max_ms - (int)((now - start) * 1000);
			if (timeout <= 0)
				return -1;
		}
		struct pollfd p = { .fd = r->fd, .events = POLLIN };
		int k = poll(&p, 1, timeout);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0)
			continue; /* the loop head decides */
		ssize_t n = read(r->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1; /* EIO: the program closed the terminal */
		*last = pty_now();
		*bytes += (size_t)n;
		if (remember(r, buf, (size_t)n, marker) || !marker)
			done_waiting = true;
	}
}

size_t pty_pending(pty_run *r)
{
	char buf[65536];
	size_t total = 0;
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	while (poll(&p, 1, 0) > 0) {
		ssize_t n = read(r->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		total += (size_t)n;
	}
	return total;
}

int pty_send(pty_run *r, const char *keys, double *sent)
{
	size_t n = strlen(keys), off = 0;
	*sent = pty_now();
	while (off < n) {
		ssize_t w = write(r->fd, keys + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

long pty_peak_kib(const pty_run *r)
{
	char path[64], line[256];
	long kib = -1;
	snprintf(path, sizeof path, "/proc/%ld/status", (long)r->pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* Reaps the program if it has ended; true when it has. */
static bool reaped(pty_run *r)
{
	if (!r->exited && wait4(r->pid, &r->status, WNOHANG, &r->ru) == r->pid)
		r->exited = true;
	return r->exited;
}

/* Drains output for up to ms milliseconds or until the program ends. */
static void drain(pty_run *r, int ms)
{
	char buf[65536];
	double end = pty_now() + ms / 1000.0;
	while (!reaped(r) && pty_now() < end) {
		struct pollfd p = { .fd = r->fd, .events = POLLIN };
		if (poll(&p, 1, 20) > 0 && read(r->fd, buf, sizeof buf) <= 0) {
			/* EIO: the terminal is closed; the exit follows. */
			struct timespec pause = { 0, 2 * 1000 * 1000 };
			nanosleep(&pause, NULL);
		}
	}
}

int pty_finish(pty_run *r, int timeout_ms)
{
	drain(r, timeout_ms);
	bool by_itself = r->exited;
	if (!r->exited) {
		kill(r->pid, SIGTERM);
		drain(r, 2000);
	}
	if (!r->exited) {
		kill(r->pid, SIGKILL);
		if (wait4(r->pid, &r->status, 0, &r->ru) == r->pid)
			r->exited = true;
	}
	close(r->fd);
	r->fd = -1;
	return by_itself ? 0 : -1;
}
