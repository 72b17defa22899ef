/* view: reading keys from the terminal (get_wch), and noticing when it is gone. */
#include "view_int.h"

#include <errno.h>
#include <time.h>
#include <wchar.h>

view_input view_read_key(view *v, keymap_key *k)
{
	*k = KEYMAP_NONE;
	if ((v->stopped && v->stopped()) || v->lost)
		return VIEW_INPUT_STOP;
	timeout(VIEW_TIMEOUT_MS);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	wint_t wc = 0;
	errno = 0;
	int r = get_wch(&wc);
	if (v->stopped && v->stopped())
		return VIEW_INPUT_STOP;
	if (r == ERR) {
		if (errno == EINTR)
			return VIEW_INPUT_TIMEOUT;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		/* No key and no wait: the terminal is gone (EOF). Stop, don't spin. */
		if (ms < VIEW_TIMEOUT_MS / 4) {
			if (++v->quick_errors >= 20) {
				v->lost = true;
				return VIEW_INPUT_STOP;
			}
		} else {
			v->quick_errors = 0;
		}
		return VIEW_INPUT_TIMEOUT;
	}
	v->quick_errors = 0;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_RESIZE)
			return VIEW_INPUT_RESIZE;
		*k = KEYMAP_FN | (int)wc;
		return VIEW_INPUT_KEY;
	}
	if (wc == KEYMAP_KEY_ESC) {
		/* ESC then a key at once is Alt/Meta + key; ESC alone is Esc. */
		timeout(0);
		wint_t w2 = 0;
		int r2 = get_wch(&w2);
		if (r2 == OK && w2 != KEYMAP_KEY_ESC) {
			*k = KEYMAP_META | (int)w2;
			return VIEW_INPUT_KEY;
		}
		if (r2 == KEY_CODE_YES)
			ungetch((int)w2);
		*k = KEYMAP_KEY_ESC;
		return VIEW_INPUT_KEY;
	}
	*k = (int)wc;
	return VIEW_INPUT_KEY;
}
