/* controller: the owner filter, a narrowing list of the owners with their
 * card counts. */
#include "controller_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

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

static void owner_list_free(void *ctx)
{
	owner_list *o = ctx;
	free(o->items);
	free(o->notes);
	store_owners_free(o->names, o->n);
	free(o);
}

/* Others changed cards meanwhile: the counts are read again as drawn. */
static void owners_watch(void *ctx, screen *s)
{
	(void)s;
	owner_list *o = ctx;
	memset(o->notes, 0, sizeof *o->notes * (size_t)(o->n + 1));
}

static void owner_chosen(void *ctx, screen *s)
{
	owner_list *o = ctx;
	controller *c = o->c;
	int chosen = dialog_pick_choice((dialog_pick *)dialog_of(s));
	if (chosen >= 0)
		controller_set_filter(c, c->model.filter_owner, sizeof c->model.filter_owner,
		                      chosen < o->first ? "" : o->names[chosen - o->first]);
	owner_list_free(o);
}

void controller_filter_owner(controller *c)
{
	const model *m = &c->model;
	owner_list *o = calloc(1, sizeof *o);
	if (!o) {
		controller_say(c, true, "Filter by owner: out of memory.");
		return;
	}
	o->c = c;
	store_status s = store_owners(c->st, &o->names, &o->n);
	if (!controller_report(c, s, NULL, "Listing the owners")) {
		free(o);
		return;
	}
	if (o->n == 0 && !m->filter_owner[0]) {
		controller_say(c, false, "No card has an owner to filter by.");
		owner_list_free(o);
		return;
	}
	static char every[] = "Every owner (no owner filter)";
	o->first = m->filter_owner[0] ? 1 : 0;
	o->items = malloc(sizeof *o->items * (size_t)(o->n + 1));
	o->notes = calloc((size_t)(o->n + 1), sizeof *o->notes);
	int selected = 0;
	if (o->items && o->notes) {
		if (o->first)
			o->items[0] = every;
		char cur[sizeof m->filter_owner * 2];
		text_fold(m->filter_owner, cur, sizeof cur);
		for (int i = 0; i < o->n; i++) {
			o->items[o->first + i] = o->names[i];
			char key[sizeof cur];
			text_fold(o->names[i], key, sizeof key);
			if (o->first && strcmp(key, cur) == 0)
				selected = o->first + i;
		}
	}
	dialog_pick *dp = o->items && o->notes ? dialog_pick_new(&c->cfg->keys, "Filter by owner", "owner",
	                                                         o->items, o->n + o->first, selected)
	                                       : NULL;
	if (!dp) {
		controller_say(c, true, "Filter by owner: out of memory.");
		owner_list_free(o);
		return;
	}
	dp->p.note = owner_note;
	dp->p.note_ctx = o;
	dp->d.base.watch = owners_watch;
	dp->d.base.watch_ctx = o;
	if (!controller_open(c, &dp->d, owner_chosen, o, owner_list_free))
		owner_list_free(o);
}
