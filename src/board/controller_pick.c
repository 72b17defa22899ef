/* controller: the narrowing list, and the owner filter that uses it. */
#include "controller_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* The items whose folded text holds the folded query; the selection stays
 * on its item while that still matches, else goes to the first match. */
static void narrow(controller_pick *p)
{
	int keep = controller_pick_choice(p);
	char q[CONTROLLER_QUERY_LEN * 2];
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

bool controller_pick_init(controller_pick *p, const char *title, const char *noun, char **items,
                          int n, int selected)
{
	memset(p, 0, sizeof *p);
	p->title = title;
	p->noun = noun;
	p->items = items;
	p->n = n;
	p->folded = calloc((size_t)(n ? n : 1), sizeof *p->folded);
	p->shown = calloc((size_t)(n ? n : 1), sizeof *p->shown);
	if (!p->folded || !p->shown) {
		controller_pick_free(p);
		return false;
	}
	for (int i = 0; i < n; i++)
		if (!(p->folded[i] = text_fold_dup(items[i]))) {
			controller_pick_free(p);
			return false;
		}
	p->nshown = n;
	for (int i = 0; i < n; i++)
		p->shown[i] = i;
	p->sel = n ? (selected >= 0 && selected < n ? selected : 0) : -1;
	return true;
}

void controller_pick_free(controller_pick *p)
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

int controller_pick_choice(const controller_pick *p)
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

controller_pick_result controller_pick_key(const keymap *km, controller_pick *p, keymap_key k)
{
	if (keymap_key_is_text(k)) {
		char mb[8];
		int len = form_utf8_encode((wchar_t)k, mb);
		size_t used = strlen(p->query);
		if (len > 0 && used + (size_t)len < sizeof p->query) {
			memcpy(p->query + used, mb, (size_t)len);
			p->query[used + (size_t)len] = '\0';
			narrow(p);
		}
		return CONTROLLER_PICK_CONTINUE;
	}
	if (keymap_lookup(km, KEYMAP_FORM, k) == KEYMAP_FORM_BACKSPACE) {
		erase_last(p->query);
		narrow(p);
		return CONTROLLER_PICK_CONTINUE;
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
		return p->sel >= 0 ? CONTROLLER_PICK_CHOSEN : CONTROLLER_PICK_CONTINUE;
	case KEYMAP_DIALOG_CANCEL:
		return CONTROLLER_PICK_CANCEL;
	default:
		break;
	}
	return CONTROLLER_PICK_CONTINUE;
}

/* ---- the owner filter ----------------------------------------------------- */

/* The owners offered, and their card counts, asked as they are drawn. */
typedef struct owner_list {
	controller *c;
	char **items;    /* [0] "every owner" when a filter is on, then the names */
	int first;       /* index of the first name in items */
	char **names;    /* from store_owners */
	int n;
	char (*notes)[32];
} owner_list;

static const char *owner_note(void *ctx, int i)
{
	owner_list *o = ctx;
	int k = i - o->first;
	if (k < 0 || k >= o->n)
		return "";
	if (!o->notes[k][0]) {
		/* The count the filter will show: the owner's cards, every stage. */
		store_filter f;
		store_summary sum[PIPELINE_STAGE_COUNT];
		store_filter_init(&f);
		f.owner = o->names[k];
		int64_t n = 0;
		if (store_summarize(o->c->st, &f, sum) != STORE_OK) {
			snprintf(o->notes[k], sizeof o->notes[k], "?");
			return o->notes[k];
		}
		for (int s = 0; s < PIPELINE_STAGE_COUNT; s++)
			n += sum[s].count;
		snprintf(o->notes[k], sizeof o->notes[k], "%lld card%s", (long long)n, n == 1 ? "" : "s");
	}
	return o->notes[k];
}

void controller_filter_owner(controller *c)
{
	owner_list o = { .c = c };
	store_status s = store_owners(c->st, &o.names, &o.n);
	if (!controller_report(c, s, NULL, "Listing the owners"))
		return;
	if (o.n == 0 && !c->filter_owner[0]) {
		controller_say(c, false, "No card has an owner to filter by.");
		store_owners_free(o.names, o.n);
		return;
	}
	static char every[] = "Every owner (no owner filter)";
	o.first = c->filter_owner[0] ? 1 : 0;
	o.items = malloc(sizeof *o.items * (size_t)(o.n + 1));
	o.notes = calloc((size_t)(o.n + 1), sizeof *o.notes);
	controller_pick p;
	int selected = 0;
	if (o.items && o.notes) {
		if (o.first)
			o.items[0] = every;
		char cur[sizeof c->filter_owner * 2];
		text_fold(c->filter_owner, cur, sizeof cur);
		for (int i = 0; i < o.n; i++) {
			o.items[o.first + i] = o.names[i];
			char key[sizeof cur];
			text_fold(o.names[i], key, sizeof key);
			if (o.first && strcmp(key, cur) == 0)
				selected = o.first + i;
		}
	}
	if (!o.items || !o.notes ||
	    !controller_pick_init(&p, "Filter by owner", "owner", o.items, o.n + o.first, selected)) {
		controller_say(c, true, "Filter by owner: out of memory.");
		free(o.items);
		free(o.notes);
		store_owners_free(o.names, o.n);
		return;
	}
	p.note = owner_note;
	p.note_ctx = &o;
	int chosen = c->ui.pick ? c->ui.pick(c->ui.ctx, &p) : -1;
	if (chosen >= 0)
		controller_set_filter(c, c->filter_owner, sizeof c->filter_owner,
		                      chosen < o.first ? "" : o.names[chosen - o.first]);
	controller_pick_free(&p);
	free(o.items);
	free(o.notes);
	store_owners_free(o.names, o.n);
}
