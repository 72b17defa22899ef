/*
 * ptyrun: runs a program on a pseudo-terminal and times what it writes.
 *
 * A frame is a burst of output: it ends at its last byte, found by waiting
 * until nothing more arrives for an idle time. The idle wait is never part
 * of a measurement: a frame's time is the time of its last byte minus the
 * time the key (or the program's start) was sent.
 */
#ifndef EMBUDO_BENCH_PTYRUN_H
#define EMBUDO_BENCH_PTYRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

typedef struct pty_run {
	pid_t pid;
	int fd;           /* the master side */
	double started;   /* just before fork */
	bool exited;
	int status;       /* from wait4, once exited */
	struct rusage ru; /* idem */
	char seen[512];   /* the last bytes read, to find a marker across reads */
	size_t nseen;
} pty_run;

/* Seconds on the monotonic clock. */
double pty_now(void);

/* Starts argv[0] (a path) with exactly the environment envp on a new
 * terminal of rows x cols. Returns 0, or -1 with errno. */
int pty_spawn(pty_run *r, char *const argv[], char *const envp[], int rows, int cols);

/* Reads one burst: waits up to max_ms for output that contains `marker`
 * (any output when marker is NULL), then reads on until idle_ms pass with
 * nothing new. *bytes gets the bytes read, *last the time of the last one.
 * Returns 0, or -1 when the marker did not come in time or the program
 * ended (what was read is still counted). */
int pty_burst(pty_run *r, const char *marker, int idle_ms, int max_ms, size_t *bytes,
              double *last);

/* Reads and drops what has already arrived (the tail of a frame that
 * paused longer than the idle time); returns its size. */
size_t pty_pending(pty_run *r);

/* Writes keys; *sent gets the time just before the write. */
int pty_send(pty_run *r, const char *keys, double *sent);

/* The VmHWM (peak resident set) of the running program in KiB, or -1. */
long pty_peak_kib(const pty_run *r);

/* Waits up to timeout_ms for the program to end (reading and dropping its
 * output meanwhile); then SIGTERM, then SIGKILL. Closes the terminal.
 * Returns 0 when it ended by itself within the time. */
int pty_finish(pty_run *r, int timeout_ms);

#endif
