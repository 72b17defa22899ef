/* pick: the narrowing list's state and keys. */
#include "board/pick.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* The items whose folded text holds the folded query; the selection stays
 * on its item while that still matches, else goes to the first match. */
static void narrow(pick *p)
{
	int keep = pick_choice(p);
	char q[PICK_QUERY_LEN * 2];
	text_fold(p->query, q, sizeof q);
	p->nshown = 0;
	p->sel = -1;
	for (int i = 0; i < p->n; i++) {
		if (!strstr(p->folded[i], q))
			continue;
		if (i == keep)
			p->sel = p->nshown;
		p->shown[p->nshown++] = i;
	}
	if (p->sel < 0 && p->nshown)
		p->sel = 0;
}

bool pick_init(pick *p, const char *title, const char *noun, char **items, int n, int selected)
{
	memset(p, 0, sizeof *p);
	p->title = title;
	p->noun = noun;
	p->items = items;
	p->n = n;
	p->folded = calloc((size_t)(n ? n : 1), sizeof *p->folded);
	p->shown = calloc((size_t)(n ? n : 1), sizeof *p->shown);
	if (!p->folded || !p->shown) {
		pick_free(p);
		return false;
	}
	for (int i = 0; i < n; i++)
		if (!(p->folded[i] = text_fold_dup(items[i]))) {
			pick_free(p);
			return false;
		}
	p->nshown = n;
	for (int i = 0; i < n; i++)
		p->shown[i] = i;
	p->sel = n ? (selected >= 0 && selected < n ? selected : 0) : -1;
	return true;
}

void pick_free(pick *p)
{
	for (int i = 0; p->folded && i < p->n; i++)
		free(p->folded[i]);
	free(p->folded);
	free(p->shown);
	p->folded = NULL;
	p->shown = NULL;
	p->nshown = 0;
	p->sel = -1;
}

int pick_choice(const pick *p)
{
	return p->sel >= 0 && p->sel < p->nshown ? p->shown[p->sel] : -1;
}

/* The last character of the query goes (a whole UTF-8 sequence). */
static void erase_last(char *q)
{
	size_t n = strlen(q);
	while (n > 0 && ((unsigned char)q[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 0)
		n--;
	q[n] = '\0';
}

pick_result pick_key(const keymap *km, pick *p, keymap_key k)
{
	if (keymap_key_is_text(k)) {
		char mb[4];
		size_t len = text_utf8_encode((uint32_t)k, mb);
		size_t used = strlen(p->query);
		if (used + len < sizeof p->query) {
			memcpy(p->query + used, mb, len);
			p->query[used + len] = '\0';
			narrow(p);
		}
		return PICK_CONTINUE;
	}
	if (keymap_lookup(km, KEYMAP_FORM, k) == KEYMAP_FORM_BACKSPACE) {
		erase_last(p->query);
		narrow(p);
		return PICK_CONTINUE;
	}
	switch (keymap_lookup(km, KEYMAP_DIALOG, k)) {
	case KEYMAP_DIALOG_UP:
		if (p->sel > 0)
			p->sel--;
		break;
	case KEYMAP_DIALOG_DOWN:
		if (p->sel + 1 < p->nshown)
			p->sel++;
		break;
	case KEYMAP_DIALOG_SELECT:
		return p->sel >= 0 ? PICK_CHOSEN : PICK_CONTINUE;
	case KEYMAP_DIALOG_CANCEL:
		return PICK_CANCEL;
	default:
		break;
	}
	return PICK_CONTINUE;
}
