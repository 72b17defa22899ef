/*
 * The board's life on a pseudo-terminal: a child runs board_run() with the
 * pty's slave as stdin and stdout, and the test plays the terminal on the
 * master. The child has no controlling terminal (setsid, O_NOCTTY), so
 * closing the master sends no SIGHUP: the board must notice the lost
 * terminal from get_wch's errors alone. SIGHUP is also blocked in the
 * child, so an exit status of 129 can only come from that path.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "board/board.h"
#include "cli/cli.h"
#include "config/config.h"
#include "store/store.h"

static char dir[64], path[128];

typedef struct {
	pid_t pid;
	int master;             /* -1 once closed */
	char out[1 << 18];      /* what the board wrote (the first part) */
	size_t len;
	bool reaped;
	int status;
	struct rusage ru;
} board_proc;

static board_proc bp;

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/embudo-life-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	memset(&bp, 0, sizeof bp);
	bp.master = -1;
	bp.pid = -1;
}

/* Never leaves a board running, whatever the test found. */
static void stop_child(void)
{
	if (bp.pid > 0 && !bp.reaped) {
		kill(bp.pid, SIGKILL);
		waitpid(bp.pid, NULL, 0);
		bp.reaped = true;
	}
	if (bp.master >= 0) {
		close(bp.master);
		bp.master = -1;
	}
}

static void teardown(void)
{
	stop_child();
	char f[160];
	const char *sfx[] = { "", "-wal", "-shm", "-journal" };
	for (int i = 0; i < 4; i++) {
		snprintf(f, sizeof f, "%s%s", path, sfx[i]);
		unlink(f);
	}
	rmdir(dir);
}

/* The child: the board on the slave, its status as the exit status. */
static void run_board(int slave)
{
	setsid(); /* no controlling terminal: the pty cannot send SIGHUP */
	dup2(slave, STDIN_FILENO);
	dup2(slave, STDOUT_FILENO);
	if (slave > STDOUT_FILENO)
		close(slave);
	sigset_t hup;
	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	sigprocmask(SIG_BLOCK, &hup, NULL);
	setenv("TERM", "xterm-256color", 1);
	unsetenv("LINES");
	unsetenv("COLUMNS");
	char err[256];
	store *st = NULL;
	if (store_open(path, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "store_open: %s\n", err);
		_exit(90);
	}
	store_set_actor(st, "tester");
	config cfg;
	config_init(&cfg);
	int rc = cli_board_status(board_run(st, &cfg));
	store_close(st);
	config_free(&cfg);
	_exit(rc);
}

static void start_board(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	ck_assert_int_ge(m, 0);
	ck_assert_int_eq(grantpt(m), 0);
	ck_assert_int_eq(unlockpt(m), 0);
	int slave = open(ptsname(m), O_RDWR | O_NOCTTY);
	ck_assert_int_ge(slave, 0);
	struct winsize ws = { .ws_row = 30, .ws_col = 100 };
	ck_assert_int_eq(ioctl(slave, TIOCSWINSZ, &ws), 0);
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(m);
		run_board(slave);
	}
	close(slave);
	bp.pid = pid;
	bp.master = m;
}

/* Reads what the board wrote for up to ms milliseconds (less once the
 * child has ended and nothing is left). */
static void drain_for(long ms)
{
	long end = now_ms() + ms;
	for (long left = ms; left > 0; left = end - now_ms()) {
		struct pollfd p = { .fd = bp.master, .events = POLLIN };
		int r = poll(&p, 1, (int)(left < 50 ? left : 50));
		if (r > 0) {
			char buf[4096];
			ssize_t n = read(bp.master, buf, sizeof buf);
			if (n > 0) {
				size_t room = sizeof bp.out - 1 - bp.len;
				size_t k = (size_t)n < room ? (size_t)n : room;
				memcpy(bp.out + bp.len, buf, k);
				bp.len += k;
				continue;
			}
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				return; /* EIO: the slave side is closed */
		}
	}
}

/* True once the board's output holds text (within ms milliseconds). */
static bool wait_text(const char *text, long ms)
{
	long end = now_ms() + ms;
	while (now_ms() < end) {
		drain_for(50);
		if (memmem(bp.out, bp.len, text, strlen(text)))
			return true;
	}
	return false;
}

/* Waits up to ms milliseconds for the child to end; keeps reading the
 * master meanwhile (when open) so the board never blocks writing. */
static bool wait_exit(long ms)
{
	long end = now_ms() + ms;
	for (;;) {
		pid_t r = wait4(bp.pid, &bp.status, WNOHANG, &bp.ru);
		if (r == bp.pid) {
			bp.reaped = true;
			return true;
		}
		if (now_ms() >= end)
			return false;
		if (bp.master >= 0)
			drain_for(20);
		else
			usleep(20 * 1000);
	}
}

/* CPU time (user + system) the process has used so far, in milliseconds. */
static long cpu_ms_of(pid_t pid)
{
	char f[64], line[1024];
	snprintf(f, sizeof f, "/proc/%ld/stat", (long)pid);
	FILE *fp = fopen(f, "r");
	if (!fp)
		return -1;
	size_t n = fread(line, 1, sizeof line - 1, fp);
	fclose(fp);
	line[n] = '\0';
	const char *p = strrchr(line, ')'); /* the command name may hold spaces */
	unsigned long ut, st;
	/* after ")": state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime */
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (long)((ut + st) * 1000 / (unsigned long)sysconf(_SC_CLK_TCK));
}

static long rusage_cpu_ms(const struct rusage *ru)
{
	return (ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000L +
	       (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1000L;
}

/* The harness itself: the board draws on the pty, waits quietly for keys
 * (a second of timeouts neither ends it nor costs CPU), and q quits with 0. */
START_TEST(test_idle_then_quit)
{
	start_board();
	bool drawn = wait_text("Inmadura", 10000);
	long cpu0 = cpu_ms_of(bp.pid);
	drain_for(1000);
	long cpu1 = cpu_ms_of(bp.pid);
	bool alive = waitpid(bp.pid, NULL, WNOHANG) == 0;
	bool wrote = write(bp.master, "q", 1) == 1;
	bool ended = alive && wait_exit(3000);
	int status = bp.status;
	stop_child();
	ck_assert_msg(drawn, "the board drew no first frame on the pty");
	ck_assert_msg(alive, "the board ended while the terminal was idle");
	ck_assert_msg(cpu0 >= 0 && cpu1 >= 0, "could not read /proc/<pid>/stat");
	ck_assert_msg(cpu1 - cpu0 < 300, "idle for 1 s, the board used %ld ms of CPU", cpu1 - cpu0);
	ck_assert(wrote);
	ck_assert_msg(ended, "q did not end the board within 3 s");
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	              "q: exit status %d, want 0", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}
END_TEST

/* The terminal goes away (the master closed, no SIGHUP possible): get_wch
 * fails at once on every call; the board must end with 129 within two
 * seconds instead of spinning. */
START_TEST(test_lost_terminal_ends_the_board)
{
	start_board();
	bool drawn = wait_text("Inmadura", 10000);
	long cpu0 = cpu_ms_of(bp.pid);
	long t0 = now_ms();
	close(bp.master);
	bp.master = -1;
	bool ended = wait_exit(2000);
	long took = now_ms() - t0;
	int status = bp.status;
	long cpu1 = ended ? rusage_cpu_ms(&bp.ru) : cpu_ms_of(bp.pid);
	stop_child();
	ck_assert_msg(drawn, "the board drew no first frame on the pty");
	ck_assert_msg(cpu0 >= 0 && cpu1 >= 0, "could not measure the board's CPU time");
	ck_assert_msg(ended, "the board still runs 2 s after its terminal went away "
	              "(%ld ms of CPU meanwhile)", cpu1 - cpu0);
	ck_assert_msg(WIFEXITED(status), "the board was killed by signal %d",
	              WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_msg(WEXITSTATUS(status) == 128 + SIGHUP,
	              "lost terminal: exit status %d, want %d", WEXITSTATUS(status), 128 + SIGHUP);
	ck_assert_msg(took < 2000, "took %ld ms to notice", took);
	/* /proc counts in clock ticks: allow a few of them and the shutdown. */
	ck_assert_msg(cpu1 - cpu0 < 300, "the board used %ld ms of CPU after losing its terminal",
	              cpu1 - cpu0);
}
END_TEST

static Suite *board_life_suite(void)
{
	Suite *s = suite_create("board_life");
	TCase *tc = tcase_create("pty");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_idle_then_quit);
	tcase_add_test(tc, test_lost_terminal_ends_the_board);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(board_life_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
