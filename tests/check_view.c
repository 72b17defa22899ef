/*
 * View tests: the board drawn into a real ncurses screen on a
 * pseudo-terminal, read back cell by cell.
 */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "config/config.h"
#include "board/controller.h"
#include "board/loop.h"
#include "util/money.h"
#include "store/store.h"
#include "util/text.h"
#include "board/view.h"

static char dir[64], path[128];
static store *st;
static config cfg;
static controller c;
static view v;
static SCREEN *scr;
static FILE *out, *in;
static int master;

static void open_screen(int rows, int cols)
{
	master = posix_openpt(O_RDWR | O_NOCTTY);
	ck_assert_int_ge(master, 0);
	ck_assert_int_eq(grantpt(master), 0);
	ck_assert_int_eq(unlockpt(master), 0);
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	ck_assert_int_ge(slave, 0);
	out = fdopen(slave, "w");
	in = fdopen(dup(slave), "r");
	setenv("TERM", "xterm-256color", 1);
	char lines[16], columns[16];
	snprintf(lines, sizeof lines, "%d", rows);
	snprintf(columns, sizeof columns, "%d", cols);
	setenv("LINES", lines, 1);
	setenv("COLUMNS", columns, 1);
	scr = newterm(NULL, out, in);
	ck_assert_ptr_nonnull(scr);
	set_term(scr);
}

/* Drains what ncurses wrote so the pty never blocks it. */
static void drain(void)
{
	char buf[65536];
	int fl = fcntl(master, F_GETFL);
	fcntl(master, F_SETFL, fl | O_NONBLOCK);
	while (read(master, buf, sizeof buf) > 0)
		;
}

static void setup(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	snprintf(dir, sizeof dir, "/tmp/embudo-view-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	char err[256];
	ck_assert_int_eq(store_open(path, &st, err, sizeof err), STORE_OK);
	config_init(&cfg);
	open_screen(24, 80);
	controller_init(&c, st, &cfg, NULL);
	view_init(&v, &cfg);
}

static void teardown(void)
{
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	close(master);
	controller_free(&c);
	store_close(st);
	config_free(&cfg);
	char db[160];
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(db, sizeof db, "%s%s", path, sfx[i]);
		unlink(db);
	}
	rmdir(dir);
}

/* What the loop does before a frame: the layout says how many cards a
 * column shows, the model reads them; then the board alone is drawn. */
static void render(void)
{
	view_layout(&v, &c.model);
	controller_set_rows(&c, v.cards);
	controller_load(&c);
	view_render(&v, &c.model);
	drain();
}

/* Appends wc to buf as UTF-8 at *n; false when it is not a character or
 * buf (with its terminating NUL) has no room for it. */
static bool put_utf8(char *buf, size_t bufsz, size_t *n, wchar_t wc)
{
	char mb[16];
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	size_t m = wcrtomb(mb, wc, &ms);
	if (m == (size_t)-1 || *n + m >= bufsz)
		return false;
	memcpy(buf + *n, mb, m);
	*n += m;
	return true;
}

/* Screen row y as UTF-8 (wide characters once). */
static const char *row(int y)
{
	static char buf[4096];
	size_t n = 0;
	for (int x = 0; x < COLS; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		if (mvin_wch(y, x, &cc) == ERR)
			break;
		if (getcchar(&cc, wch, &a, &pair, NULL) == ERR || wch[0] == 0)
			continue;
		if (wcwidth(wch[0]) == 2)
			x++; /* the next cell is this character's second half */
		if (!put_utf8(buf, sizeof buf, &n, wch[0]))
			break;
	}
	buf[n] = '\0';
	return buf;
}

static bool screen_has(const char *s)
{
	for (int y = 0; y < LINES; y++)
		if (strstr(row(y), s))
			return true;
	return false;
}

static int64_t add(const char *title, const char *client)
{
	store_fields f = { .title = title, .client = client, .currency = "CLP", .set_amount = true,
	                   .has_amount = true, .amount = 1500000 };
	int64_t id;
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	return id;
}

START_TEST(test_columns_titles_counts)
{
	add("Uno", "Cliente A");
	add("Dos", "Cliente B");
	render();
	char top[4096];
	snprintf(top, sizeof top, "%s", row(0));
	ck_assert_msg(strstr(top, "Inmadura (2)") != NULL, "%s", top);
	ck_assert_msg(strstr(top, "Calificada (0)") != NULL, "%s", top);
	ck_assert_msg(strstr(row(1), "CLP 3,000,000") != NULL, "%s", row(1));
	ck_assert(screen_has("Uno"));
	ck_assert(screen_has("Cliente B"));
	/* amount on its own line, then owner · days · checklist progress */
	ck_assert(screen_has("CLP 1,500,000"));
	ck_assert(screen_has("· 0d · 0/5"));
	/* at 80 columns only three columns fit: the rest scrolls */
	ck_assert(strstr(top, "Comprometida") != NULL);
	ck_assert(strstr(top, "en Facturación") == NULL);
	/* the status bar comes from the action table */
	char keys[64];
	ck_assert(strstr(row(LINES - 1), keymap_action_label(KEYMAP_MOVE_FORWARD)) != NULL);
	(void)keys;
}
END_TEST

START_TEST(test_cjk_truncated_with_ellipsis)
{
	add("東京都の大規模な倉庫管理システムの移行プロジェクト", "株式会社テスト");
	render();
	const char *r = row(v.body_top);
	ck_assert_msg(strstr(r, "東京都の") != NULL, "%s", r);
	ck_assert_msg(strstr(r, "…") != NULL, "%s", r);
	/* the separator after the column is still in its place */
	cchar_t cc;
	int sep = v.cols[0].x + v.cols[0].width - 1;
	ck_assert_int_ne(mvin_wch(v.body_top, sep, &cc), ERR);
	ck_assert(!strstr(r, "プロジェクト"));
}
END_TEST

/* True when some cell of row y carries code point cp, as its character or
 * as one combined with it. */
static bool row_holds(int y, wchar_t cp)
{
	for (int x = 0; x < COLS; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &a, &pair, NULL) == ERR)
			continue;
		for (int i = 0; i < CCHARW_MAX && wch[i]; i++)
			if (wch[i] == cp)
				return true;
	}
	return false;
}

/* A ZWJ sequence or a flag in a title reaches the terminal drawn apart (no
 * joiner, the flag as letters), so every terminal gives it the width the
 * board counted and the next column's border stays in its place. */
START_TEST(test_emoji_sequences_keep_borders)
{
	add("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB Dev \xF0\x9F\x87\xA8\xF0\x9F\x87\xB1 Chile",
	    "Caf\xC3\xA9 \xE2\x9D\xA4\xEF\xB8\x8F \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD");
	render();
	int y = v.body_top, sep = v.cols[0].x + v.cols[0].width - 1;
	const char *r = row(y);
	ck_assert_msg(strstr(r, "\xF0\x9F\x91\xA9\xF0\x9F\x92\xBB Dev CL Chile") != NULL, "%s", r);
	for (int k = 0; k < 2; k++) {
		ck_assert(!row_holds(y + k, 0x200D));       /* joiner */
		ck_assert(!row_holds(y + k, 0xFE0F));       /* emoji presentation */
		ck_assert(!row_holds(y + k, 0x1F3FD));      /* skin tone */
		ck_assert(!row_holds(y + k, 0x1F1E8));      /* regional indicator */
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		ck_assert_int_ne(mvin_wch(y + k, sep, &cc), ERR);
		getcchar(&cc, wch, &a, &pair, NULL);
		ck_assert_msg(wch[0] == L'\u2502', "row %d: no border at %d: %s", y + k, sep, row(y + k));
	}
}
END_TEST

START_TEST(test_escape_neutralised)
{
	add("evil\x1b]0;pwned\x07\x1b[2Jtitle", "bidi\xe2\x80\xae" "client");
	render();
	for (int y = 0; y < LINES; y++) {
		const char *r = row(y);
		ck_assert_msg(strchr(r, 0x1b) == NULL, "ESC on row %d", y);
		ck_assert_msg(strstr(r, "\xe2\x80\xae") == NULL, "bidi override on row %d", y);
	}
	ck_assert(screen_has("evil"));
	ck_assert(screen_has("\xef\xbf\xbd")); /* U+FFFD where the controls were */
}
END_TEST

START_TEST(test_focus_visible_after_resize)
{
	for (int i = 0; i < 3; i++)
		add("card", "client");
	c.model.focus = PIPELINE_LISTA;
	render();
	ck_assert(strstr(row(0), "Lista (0)") != NULL);
	/* smaller: one column, still the focused one */
	resizeterm(12, 40);
	render();
	ck_assert_msg(strstr(row(0), "Lista (0)") != NULL, "%s", row(0));
	ck_assert(strstr(row(0), "Inmadura") == NULL);
	/* and the selected card survives the resize */
	c.model.focus = PIPELINE_INMADURA;
	controller_do(&c, KEYMAP_LAST);
	int64_t id = controller_selected(&c)->id;
	resizeterm(30, 100);
	render();
	ck_assert_int_eq(controller_selected(&c)->id, id);
	ck_assert(strstr(row(0), "Inmadura (3)") != NULL);
}
END_TEST

START_TEST(test_too_small_says_so)
{
	resizeterm(8, 20);
	render();
	ck_assert(screen_has("Terminal too small"));
	resizeterm(24, 80);
	render();
	ck_assert(!screen_has("Terminal too small"));
	ck_assert(strstr(row(0), "Inmadura (0)") != NULL);
}
END_TEST

START_TEST(test_lost_collapses_and_wide_shows_all)
{
	resizeterm(40, 300);
	render();
	ck_assert(strstr(row(0), "en Facturación (0)") != NULL);
	ck_assert(strstr(row(0), "Perdida (0)") != NULL);
	controller_do(&c, KEYMAP_TOGGLE_LOST);
	render();
	ck_assert(strstr(row(0), "Perdida (0)") == NULL);
	ck_assert(v.cols[v.ncols - 1].strip);
	ck_assert_int_eq(v.cols[v.ncols - 1].width, VIEW_STRIP);
}
END_TEST

START_TEST(test_form_draws_error_next_to_field)
{
	form f;
	form_init(&f, "Add an opportunity");
	int a = form_add_text(&f, "Amount", "", FORM_V_AMOUNT, false);
	form_amount_currency(&f, a, -1, "CLP");
	form_set_text(&f, a, "12.5");
	view_draw(&v, &c.model);
	view_draw_form(&v, &f);
	wnoutrefresh(stdscr);
	doupdate();
	drain();
	ck_assert(screen_has("Add an opportunity"));
	ck_assert(screen_has("12.5"));
	ck_assert(screen_has("! "));
}
END_TEST

static int64_t add_full(const char *title, const char *client, const char *owner, const char *cur,
                        int64_t amount)
{
	store_fields f = { .title = title, .client = client, .owner = owner, .currency = cur,
	                   .set_amount = true, .has_amount = true, .amount = amount };
	int64_t id;
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	return id;
}

/* Row y cut to the cells of column i (its text area, separator excluded). */
static const char *cell_text(int y, int col)
{
	static char buf[1024];
	size_t n = 0;
	int x0 = v.cols[col].x, x1 = v.cols[col].x + v.cols[col].width - 1;
	for (int x = x0; x < x1; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &a, &pair, NULL) == ERR || !wch[0])
			continue;
		if (!put_utf8(buf, sizeof buf, &n, wch[0]))
			break;
	}
	buf[n] = '\0';
	return buf;
}

/* A realistic card and a column with three currencies, at the two usual sizes:
 * nothing important is cut. */
static void check_not_cut(int rows, int cols)
{
	resizeterm(rows, cols);
	add_full("Portal", "Seguros La Portada", "mgonzalez", "CLP", 48000000);
	add_full("Kubernetes", "Energía Atacama", "cmunoz", "CLP", 69500000);
	add_full("Squad QA", "Banco", "vsoto", "USD", 24000000);     /* 240,000.00 */
	add_full("Staff", "AFP", "fdiaz", "CLF", 33000000);          /* 3,300.0000 */
	render();
	bool amount = false, meta = false, clp = false, usd = false, clf = false;
	for (int y = 0; y < LINES - 2; y++) {
		const char *t = cell_text(y, 0);
		if (strstr(t, "CLP 48,000,000"))
			amount = !strstr(t, "…");
		if (strstr(t, "mgonzalez · 0d · 0/5"))
			meta = true;
		if (y >= 1 && y <= v.total_lines) {
			clp = clp || strstr(t, "CLP 117.5M") || strstr(t, "CLP 117,500,000");
			usd = usd || strstr(t, "USD 240k") || strstr(t, "USD 240,000.00");
			clf = clf || strstr(t, "CLF 3.3k") || strstr(t, "CLF 3,300.0000");
			ck_assert_msg(!strstr(t, "…"), "totals cut at %dx%d: %s", cols, rows, t);
		}
	}
	ck_assert_msg(amount, "the amount is cut or missing at %dx%d", cols, rows);
	ck_assert_msg(meta, "owner · days · progress cut or missing at %dx%d", cols, rows);
	ck_assert_msg(clp && usd && clf, "a currency total is missing at %dx%d", cols, rows);
	/* one weighted line, the probability first, a whole compact amount */
	ck_assert_int_eq(v.weighted_lines, 1);
	ck_assert_int_eq(v.body_top, 1 + v.total_lines + 1 + 1);
	const char *w = cell_text(1 + v.total_lines, 0);
	w += strspn(w, " ");
	ck_assert_msg(strncmp(w, "≈10% CLP 11.8M", strlen("≈10% CLP 11.8M")) == 0, "%s", w);
	/* and at least four cards fit in a column */
	ck_assert_int_ge(c.model.col[0].rows, 4);
}

START_TEST(test_card_and_totals_not_cut_80x24)
{
	check_not_cut(24, 80);
}
END_TEST

START_TEST(test_card_and_totals_not_cut_100x30)
{
	check_not_cut(30, 100);
}
END_TEST

START_TEST(test_money_compact)
{
	char b[32];
	view_money_compact(117500000, "CLP", b, sizeof b);
	ck_assert_str_eq(b, "117.5M");
	view_money_compact(24000000, "USD", b, sizeof b);
	ck_assert_str_eq(b, "240k");
	view_money_compact(33000000, "CLF", b, sizeof b);
	ck_assert_str_eq(b, "3.3k");
	view_money_compact(999, "CLP", b, sizeof b);
	ck_assert_str_eq(b, "999");
	view_money_compact(99950, "USD", b, sizeof b); /* 999.50 rounds to 1k */
	ck_assert_str_eq(b, "1k");
	view_money_compact(999960, "CLP", b, sizeof b);
	ck_assert_str_eq(b, "1M");
	view_money_compact(0, "USD", b, sizeof b);
	ck_assert_str_eq(b, "0");
	view_money_compact(1234567890123, "CLP", b, sizeof b);
	ck_assert_str_eq(b, "1.2T");
	/* trillions are the last suffix; past them the amount is written in
	 * full, never "9.2E" (which reads as 9.2) */
	view_money_compact(999949999999999, "CLP", b, sizeof b);
	ck_assert_str_eq(b, "999.9T");
	view_money_compact(999950000000000, "CLP", b, sizeof b);
	ck_assert_str_eq(b, "999,950,000,000,000");
	view_money_compact(INT64_MAX, "CLP", b, sizeof b);
	ck_assert_str_eq(b, "9,223,372,036,854,775,807");
	view_money_compact(-INT64_MAX, "CLP", b, sizeof b);
	ck_assert_str_eq(b, "-9,223,372,036,854,775,807");
	view_money_compact(INT64_MAX, "USD", b, sizeof b);
	ck_assert_str_eq(b, "92,233,720,368,547,758.07");
}
END_TEST

/* An amount past the compact suffixes is written in full where it fits;
 * where it does not (a card, a narrow column's totals) it reads "CLP too
 * large": never a letter suffix nor a number cut in half. */
/* A column's weighted line, from its totals as the model weighs them. */
static bool weighted_line(pipeline_stage stage, const store_summary *s, int width, char *line, size_t linesz)
{
	store_summary w;
	review_weighted_summary(cfg.probability[stage], s, &w);
	return view_weighted_line(cfg.probability[stage], &w, width, line, linesz);
}

START_TEST(test_huge_amounts_full_or_too_large)
{
	int64_t huge = INT64_MAX / 2 + 1; /* 4.6 quintillion: a sum, not an overflow */
	add_full("Enorme", "Cliente A", "ana", "CLP", huge);
	char full[64];
	money_format_human(huge, "CLP", full, sizeof full);
	for (int size = 0; size < 3; size++) {
		static const int dims[3][2] = { { 24, 80 }, { 12, 40 }, { 30, 200 } };
		resizeterm(dims[size][0], dims[size][1]);
		render();
		bool seen = false;
		for (int y = 0; y < LINES - 1; y++) {
			const char *r = row(y);
			ck_assert_msg(!strstr(r, "4.6E") && !strstr(r, "4612.7P") && !strstr(r, "P ·"),
			              "a suffix past trillions at %dx%d row %d: %s", COLS, LINES, y, r);
			/* a digit right before a cut means a number cut in half */
			const char *cut = strstr(r, "…");
			ck_assert_msg(!cut || cut == r || cut[-1] < '0' || cut[-1] > '9',
			              "a number cut at %dx%d row %d: %s", COLS, LINES, y, r);
			seen = seen || strstr(r, full) || strstr(r, "CLP too large");
		}
		ck_assert_msg(seen, "the amount is nowhere at %dx%d", COLS, LINES);
	}
	/* a column's totals: in full when they fit, else too large */
	store_summary s = { .count = 1, .ntotals = 1 };
	snprintf(s.totals[0].currency, sizeof s.totals[0].currency, "CLP");
	s.totals[0].amount = huge;
	char lines[2][256];
	ck_assert_int_eq(view_totals_lines(&s, 60, 2, lines), 1);
	ck_assert_str_eq(lines[0], "CLP 4,611,686,018,427,387,904");
	ck_assert_int_eq(view_totals_lines(&s, 20, 2, lines), 1);
	ck_assert_str_eq(lines[0], "CLP too large");
	/* the weighted line likewise */
	char line[256];
	cfg.probability[PIPELINE_INMADURA] = 100;
	ck_assert(weighted_line(PIPELINE_INMADURA, &s, 20, line, sizeof line));
	ck_assert_str_eq(line, "≈100% CLP too large");
}
END_TEST

START_TEST(test_totals_full_when_room)
{
	store_summary s = { .count = 2, .ntotals = 2 };
	snprintf(s.totals[0].currency, sizeof s.totals[0].currency, "CLP");
	s.totals[0].amount = 117500000;
	snprintf(s.totals[1].currency, sizeof s.totals[1].currency, "USD");
	s.totals[1].amount = 24000000;
	char lines[2][256];
	ck_assert_int_eq(view_totals_lines(&s, 60, 2, lines), 1);
	ck_assert_str_eq(lines[0], "CLP 117,500,000 · USD 240,000.00");
	ck_assert_int_eq(view_totals_lines(&s, 24, 2, lines), 1);
	ck_assert_str_eq(lines[0], "CLP 117.5M · USD 240k");
	ck_assert_int_eq(view_totals_lines(&s, 12, 2, lines), 2);
	ck_assert_str_eq(lines[0], "CLP 117.5M");
	ck_assert_str_eq(lines[1], "USD 240k");
}
END_TEST

/* Attributes of the cell at y,x. */
static attr_t cell_attrs(int y, int x, short *pair)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t a = 0;
	short p = 0;
	ck_assert_int_ne(mvin_wch(y, x, &cc), ERR);
	getcchar(&cc, wch, &a, &p, NULL);
	if (pair)
		*pair = p;
	return a;
}

/* With NO_COLOR the focused card is drawn in reverse video. */
START_TEST(test_focus_reverse_in_monochrome)
{
	setenv("NO_COLOR", "1", 1);
	view_init(&v, &cfg);
	unsetenv("NO_COLOR");
	ck_assert(!v.colour);
	add("Uno", "Cliente A");
	add("Dos", "Cliente B");
	render();
	int x = v.cols[0].x + 1;
	ck_assert_msg(cell_attrs(v.body_top, x, NULL) & A_REVERSE, "focused card not in reverse video");
	/* the other card is not */
	ck_assert(!(cell_attrs(view_card_y(&v, 1), x, NULL) & A_REVERSE));
}
END_TEST

/* A narrow screen keeps help and quit in the status bar. */
START_TEST(test_status_bar_keeps_help_and_quit)
{
	resizeterm(12, 40);
	render();
	const char *r = row(LINES - 1);
	ck_assert_msg(strstr(r, "? help") != NULL, "%s", r);
	ck_assert_msg(strstr(r, "q quit") != NULL, "%s", r);
	ck_assert_msg(strstr(r, "…") == NULL, "%s", r);
	/* 40x12 still shows two cards of three lines */
	add("Uno", "Cliente A");
	add("Dos", "Cliente B");
	render();
	ck_assert_int_eq(v.card_lines, VIEW_CARD_LINES_MIN);
	ck_assert_int_ge(c.model.col[c.model.focus].rows, 2);
	ck_assert(screen_has("Dos"));
}
END_TEST

/* Replaces the configuration with the YAML text, then starts the view again. */
static void use_config(const char *yaml)
{
	char file[160], err[1024];
	snprintf(file, sizeof file, "%s/c.yaml", dir);
	FILE *fp = fopen(file, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(yaml, fp);
	fclose(fp);
	config_free(&cfg);
	config_init(&cfg);
	ck_assert_msg(config_load(&cfg, file, err, sizeof err), "%s", err);
	unlink(file);
	view_init(&v, &cfg);
}

/* theme: monochrome with the user's own attributes for a role: those win. */
START_TEST(test_monochrome_theme_keeps_user_attrs)
{
	unsetenv("NO_COLOR");
	use_config("theme: monochrome\ncolors:\n  status: {attrs: [underline]}\n");
	ck_assert(!v.colour);
	add("Uno", "Cliente A");
	render();
	attr_t a = cell_attrs(LINES - 1, 0, NULL);
	ck_assert_msg(a & A_UNDERLINE, "status bar not underlined");
	ck_assert_msg(!(a & A_REVERSE), "status bar still in reverse video");
	/* the theme's own attributes for the other roles */
	ck_assert(cell_attrs(0, v.cols[0].x + 1, NULL) & A_REVERSE); /* column-focus: reverse, bold */
	ck_assert(cell_attrs(0, v.cols[0].x + 1, NULL) & A_BOLD);
}
END_TEST

/* NO_COLOR: attributes only, and the ones the user set for a role win over
 * the table's monochrome column. */
START_TEST(test_no_color_keeps_user_attrs)
{
	setenv("NO_COLOR", "1", 1);
	use_config("colors:\n  card-focus: {attrs: [underline]}\n");
	unsetenv("NO_COLOR");
	ck_assert(!v.colour);
	add("Uno", "Cliente A");
	add("Dos", "Cliente B");
	render();
	int x = v.cols[0].x + 1;
	attr_t a = cell_attrs(v.body_top + 1, x, NULL); /* the client line of the focused card */
	ck_assert_msg(a & A_UNDERLINE, "focused card not underlined");
	ck_assert_msg(!(a & A_REVERSE), "focused card in reverse video");
	/* a role the user did not touch keeps the monochrome column */
	ck_assert(cell_attrs(LINES - 1, 0, NULL) & A_REVERSE);
}
END_TEST

/* In colour the role gets a colour pair and the user's attributes. */
START_TEST(test_colour_theme_attrs)
{
	unsetenv("NO_COLOR");
	use_config("colors:\n  status: {fg: red, bg: default, attrs: [underline]}\n");
	ck_assert(v.colour);
	render();
	short pair = 0;
	attr_t a = cell_attrs(LINES - 1, 0, &pair);
	ck_assert(a & A_UNDERLINE);
	ck_assert_int_eq(pair, THEME_STATUS + 1);
}
END_TEST

/* Each column shows its weighted totals (the stage's probability from the
 * configuration) when tall enough; the board's, per currency, below. */
START_TEST(test_weighted_totals)
{
	cfg.probability[PIPELINE_INMADURA] = 25;
	add("Uno", "Cliente A"); /* CLP 1,500,000 each */
	add("Dos", "Cliente B");
	int64_t id = add_full("Tres", "Cliente C", "ana", "USD", 1000000); /* 10,000.00 */
	for (int n = 1; n <= 5; n++)
		ck_assert_int_eq(store_set_criterion(st, id, 0, n, true, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	render(); /* 80x24 */
	ck_assert_int_ge(v.weighted_lines, 1);
	int y = 1 + v.total_lines;
	ck_assert_msg(strstr(cell_text(y, 0), "≈25% CLP 750,000") != NULL, "%s", cell_text(y, 0));
	ck_assert_msg(strstr(cell_text(y, 1), "≈30% USD 3,000.00") != NULL, "%s", cell_text(y, 1));
	/* the probability is never left dangling after the amounts */
	ck_assert(!screen_has("(25%)"));
	/* never added across currencies */
	const char *m = row(LINES - 2);
	ck_assert_msg(strstr(m, "Forecast ≈ CLP 750,000 · USD 3,000.00") != NULL, "%s", m);
	ck_assert_int_ge(c.model.col[0].rows, 4);
	/* short screens keep the cards: no weighted line, the board's stays */
	resizeterm(20, 80);
	render();
	ck_assert_int_eq(v.weighted_lines, 0);
	ck_assert(!screen_has("≈25%"));
	ck_assert(screen_has("Forecast ≈ CLP 750,000"));
}
END_TEST

/* Totals past int64 (two amounts of INT64_MAX/2 + 1 through the store)
 * read "too large", in the column, its weighted line and the board's
 * weighted value: never INT64_MAX formatted as if it were a sum. */
START_TEST(test_overflowing_totals_say_too_large)
{
	cfg.probability[PIPELINE_INMADURA] = 50;
	int64_t half = INT64_MAX / 2 + 1;
	add_full("Enorme uno", "Cliente A", "ana", "CLP", half);
	add_full("Enorme dos", "Cliente B", "ana", "CLP", half);
	render(); /* 80x24 */
	ck_assert(c.model.sum[PIPELINE_INMADURA].totals[0].overflow);
	char max[64];
	money_format_human(INT64_MAX, "CLP", max, sizeof max);
	ck_assert_msg(strstr(cell_text(1, 0), "CLP too large") != NULL, "%s", cell_text(1, 0));
	ck_assert_int_ge(v.weighted_lines, 1);
	int y = 1 + v.total_lines;
	ck_assert_msg(strstr(cell_text(y, 0), "≈50% CLP too large") != NULL, "%s", cell_text(y, 0));
	const char *m = row(LINES - 2);
	ck_assert_msg(strstr(m, "Forecast ≈ CLP too large") != NULL, "%s", m);
	for (int r = 0; r < v.body_top; r++)
		ck_assert_msg(!strstr(row(r), max) && !strstr(row(r), "9.2E"), "INT64_MAX on row %d: %s", r,
		              row(r));
	/* the board's sum carries the flag even when no column overflows */
	store_summary sum[PIPELINE_STAGE_COUNT], w;
	memset(sum, 0, sizeof sum);
	for (int s = PIPELINE_INMADURA; s <= PIPELINE_CALIFICADA; s++) {
		sum[s].count = sum[s].ntotals = 1;
		snprintf(sum[s].totals[0].currency, 4, "USD");
		sum[s].totals[0].amount = INT64_MAX - 10;
	}
	cfg.probability[PIPELINE_INMADURA] = cfg.probability[PIPELINE_CALIFICADA] = 100;
	review_weighted_stages(cfg.probability, sum, NULL, cfg.currency, &w);
	ck_assert(w.totals[0].overflow);
	/* and an overflowed column weighed 0% is 0, no overflow */
	sum[PIPELINE_PERDIDA] = sum[PIPELINE_INMADURA];
	sum[PIPELINE_PERDIDA].totals[0].overflow = true;
	store_summary lost;
	review_weighted_summary(cfg.probability[PIPELINE_PERDIDA], &sum[PIPELINE_PERDIDA], &lost);
	ck_assert(!lost.totals[0].overflow);
	ck_assert_int_eq(lost.totals[0].amount, 0);
}
END_TEST

/* Cards without an amount add 0 to their currency's total: a column of
 * them shows "no amounts" and no weighted line, never "CLP 0"; a stage
 * weighed 0% (Perdida) has no weighted line either. */
START_TEST(test_zero_totals_hidden)
{
	store_fields f = { .title = "Sin monto", .client = "Cliente", .currency = "CLP" };
	int64_t id;
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	ck_assert_int_eq(store_add(st, &f, &id), STORE_OK);
	int64_t lost = add_full("Perdida con monto", "Cliente", "ana", "CLP", 5000000);
	ck_assert_int_eq(store_lose(st, lost, 0, PIPELINE_LOSS_DECLINED, NULL, NULL), STORE_OK);
	resizeterm(40, 300);
	render();
	ck_assert_int_ge(v.weighted_lines, 1);
	int perdida = -1;
	for (int i = 0; i < v.ncols; i++)
		if (v.cols[i].stage == PIPELINE_PERDIDA)
			perdida = i;
	ck_assert_int_ge(perdida, 0);
	ck_assert_int_eq(v.cols[0].stage, PIPELINE_INMADURA);
	ck_assert_msg(strstr(cell_text(1, 0), "no amounts") != NULL, "%s", cell_text(1, 0));
	for (int r = 1; r < v.body_top - 1; r++) {
		ck_assert_msg(!strstr(row(r), "CLP 0"), "zero total on row %d: %s", r, row(r));
		ck_assert_msg(!strstr(row(r), "≈"), "weighted line of zeros on row %d: %s", r, row(r));
	}
	/* Perdida keeps its real total; its 0% line is gone */
	ck_assert_msg(strstr(cell_text(1, perdida), "CLP 5,000,000") != NULL, "%s", cell_text(1, perdida));
	/* an empty column says nothing about amounts */
	ck_assert_str_eq(cell_text(1, 1) + strspn(cell_text(1, 1), " "), "");
	/* no forecast from zeros alone; what is lost is never invoiced */
	ck_assert_msg(!strstr(row(LINES - 2), "Forecast"), "%s", row(LINES - 2));
	ck_assert_msg(!strstr(row(LINES - 2), "Invoiced"), "%s", row(LINES - 2));
	char lines[2][256];
	store_summary zero = { .count = 3, .ntotals = 1 };
	snprintf(zero.totals[0].currency, 4, "USD");
	ck_assert_int_eq(view_totals_lines(&zero, 40, 2, lines), 1);
	ck_assert_str_eq(lines[0], "no amounts");
	char line[256];
	ck_assert(!weighted_line(PIPELINE_CALIFICADA, &zero, 40, line, sizeof line));
	/* a nonzero currency beside a zero one: only the nonzero one */
	zero.ntotals = 2;
	snprintf(zero.totals[1].currency, 4, "CLP");
	zero.totals[1].amount = 1000;
	ck_assert_int_eq(view_totals_lines(&zero, 40, 2, lines), 1);
	ck_assert_str_eq(lines[0], "CLP 1,000");
	ck_assert(weighted_line(PIPELINE_CALIFICADA, &zero, 40, line, sizeof line));
	ck_assert_str_eq(line, "≈30% CLP 300");
}
END_TEST

/* Splits a weighted line into its amounts: "≈30% A · B …" -> A, B; *cut
 * tells whether it ended with the " …" of the amounts left off. */
static int weighted_tokens(const char *line, const char *pct, char tok[][64], int max, bool *cut)
{
	*cut = false;
	size_t pl = strlen(pct);
	if (strncmp(line, pct, pl) != 0 || line[pl] != ' ')
		return -1;
	char rest[256];
	snprintf(rest, sizeof rest, "%s", line + pl + 1);
	size_t n = strlen(rest);
	const char *ell = " …";
	if (n >= strlen(ell) && strcmp(rest + n - strlen(ell), ell) == 0) {
		*cut = true;
		rest[n - strlen(ell)] = '\0';
	} else if (strcmp(rest, "…") == 0) {
		*cut = true;
		rest[0] = '\0';
	}
	int k = 0;
	char *p = rest;
	while (*p && k < max) {
		char *sep = strstr(p, " · ");
		size_t len = sep ? (size_t)(sep - p) : strlen(p);
		snprintf(tok[k++], 64, "%.*s", (int)len, p);
		if (!sep)
			break;
		p = sep + strlen(" · ");
	}
	return k;
}

/* One weighted line at any width: the probability first, then whole amounts
 * (all full, or compact ones in order, the rest left off as " …"), never a
 * number cut in the middle, never wider than asked. */
START_TEST(test_weighted_line_whole_amounts)
{
	store_summary s = { .count = 3, .ntotals = 3 };
	snprintf(s.totals[0].currency, sizeof s.totals[0].currency, "CLP");
	s.totals[0].amount = 177000000;   /* 30%: 53,100,000 */
	snprintf(s.totals[1].currency, sizeof s.totals[1].currency, "USD");
	s.totals[1].amount = 43400000;    /* 30%: 130,200.00 */
	snprintf(s.totals[2].currency, sizeof s.totals[2].currency, "CLF");
	s.totals[2].amount = 15000000;    /* 30%: 450.0000 */
	const char *full[] = { "CLP 53,100,000", "USD 130,200.00", "CLF 450.0000" };
	const char *compact[] = { "CLP 53.1M", "USD 130.2k", "CLF 450" };
	char line[256];
	ck_assert(weighted_line(PIPELINE_CALIFICADA, &s, 80, line, sizeof line));
	ck_assert_str_eq(line, "≈30% CLP 53,100,000 · USD 130,200.00 · CLF 450.0000");
	ck_assert(weighted_line(PIPELINE_CALIFICADA, &s, 40, line, sizeof line));
	ck_assert_str_eq(line, "≈30% CLP 53.1M · USD 130.2k · CLF 450");
	ck_assert(weighted_line(PIPELINE_CALIFICADA, &s, 30, line, sizeof line));
	ck_assert_str_eq(line, "≈30% CLP 53.1M · USD 130.2k …");
	ck_assert(weighted_line(PIPELINE_CALIFICADA, &s, 23, line, sizeof line));
	ck_assert_str_eq(line, "≈30% CLP 53.1M …");
	int seen_cut = 0;
	for (int width = 1; width <= 70; width++) {
		ck_assert(weighted_line(PIPELINE_CALIFICADA, &s, width, line, sizeof line));
		ck_assert_msg(text_width(line) <= width, "'%s' wider than %d", line, width);
		ck_assert_msg(!strstr(line, "("), "dangling percentage in '%s'", line);
		if (width < 7)
			continue; /* "≈30% …" itself is cut there */
		char tok[4][64];
		bool cut;
		int k = weighted_tokens(line, "≈30%", tok, 4, &cut);
		ck_assert_msg(k >= 0, "no probability first in '%s'", line);
		bool is_full = k == 3 && !cut && strcmp(tok[0], full[0]) == 0;
		for (int i = 0; i < k; i++)
			ck_assert_msg(strcmp(tok[i], is_full ? full[i] : compact[i]) == 0,
			              "amount %d of '%s' at width %d is not whole: '%s'", i, line, width, tok[i]);
		ck_assert_msg(cut == (k < 3), "'%s' hides amounts without saying so", line);
		seen_cut += cut;
	}
	ck_assert_int_gt(seen_cut, 0);
	/* no totals, no line */
	store_summary none = { .count = 0 };
	ck_assert(!weighted_line(PIPELINE_CALIFICADA, &none, 40, line, sizeof line));
	ck_assert_str_eq(line, "");
}
END_TEST

/* Every column's header has the same rows: title, totals (two lines only
 * when a column needs them and the screen is tall), one weighted line from
 * 24 rows; the rule and the first card line up across columns. */
START_TEST(test_header_rows_aligned)
{
	/* Inmadura: three currencies (two lines of totals at 100 columns);
	 * Calificada: one; the others empty. */
	add_full("Portal", "Seguros La Portada", "mgonzalez", "CLP", 48000000);
	add_full("Squad QA", "Banco", "vsoto", "USD", 24000000);
	add_full("Staff", "AFP", "fdiaz", "CLF", 33000000);
	int64_t id = add_full("Tres", "Cliente C", "ana", "USD", 1000000);
	for (int n = 1; n <= 5; n++)
		ck_assert_int_eq(store_set_criterion(st, id, 0, n, true, NULL, NULL), STORE_OK);
	ck_assert_int_eq(store_move(st, id, 0, PIPELINE_CALIFICADA, NULL, NULL), STORE_OK);
	const int sizes[][2] = { { 30, 100 }, { 24, 80 }, { 23, 80 }, { 19, 80 }, { 40, 120 }, { 80, 300 } };
	for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
		int rows = sizes[t][0], cols = sizes[t][1];
		resizeterm(rows, cols);
		render();
		int want_w = rows >= VIEW_WEIGHTED_TALL ? 1 : 0;
		ck_assert_int_eq(v.weighted_lines, want_w);
		ck_assert_int_le(v.total_lines, rows >= VIEW_TOTALS_TALL ? 2 : 1);
		ck_assert_int_eq(v.body_top, 1 + v.total_lines + want_w + 1);
		ck_assert_int_le(v.body_top, 5); /* title, totals (1-2), weighted (0-1), rule */
		for (int i = 0; i < v.ncols; i++) {
			if (v.cols[i].strip)
				continue;
			/* the rule under every header on the same row */
			const char *r = cell_text(v.body_top - 1, i);
			ck_assert_msg(strncmp(r, "─", strlen("─")) == 0, "%dx%d column %d rule: '%s'", cols, rows, i, r);
			for (int y = 1; y < v.body_top - 1; y++)
				ck_assert_msg(!strstr(cell_text(y, i), "─"), "%dx%d column %d: rule on row %d", cols, rows,
				              i, y);
			/* the weighted line, when shown, is the header's last line */
			const char *w = cell_text(1 + v.total_lines, i);
			if (want_w && c.model.sum[v.cols[i].stage].ntotals)
				ck_assert_msg(strstr(w, "≈") != NULL, "%dx%d column %d: '%s'", cols, rows, i, w);
			if (!want_w)
				for (int y = 0; y < v.body_top; y++)
					ck_assert_msg(!strstr(cell_text(y, i), "≈"), "%dx%d: weighted on a short screen",
					              cols, rows);
		}
		/* the first cards start on the row under the rule, in every column */
		ck_assert_msg(strstr(cell_text(v.body_top, 0), "Portal") || strstr(cell_text(v.body_top, 0), "Squad") ||
		                  strstr(cell_text(v.body_top, 0), "Staff"),
		              "%s", cell_text(v.body_top, 0));
		if (!v.cols[1].strip && v.cols[1].stage == PIPELINE_CALIFICADA)
			ck_assert_msg(strstr(cell_text(v.body_top, 1), "Tres") != NULL, "%s", cell_text(v.body_top, 1));
	}
	/* 100x30: a three-currency column takes two lines of totals */
	resizeterm(30, 100);
	render();
	ck_assert_int_eq(v.total_lines, 2);
	ck_assert_int_eq(v.body_top, 5);
}
END_TEST

/* Cards: as many whole cards as fit (the gaps go when they would cost a
 * card; kept on a tie), evenly spaced, less than a card left at the bottom.
 * Read back from the screen at every height. */
START_TEST(test_cards_fill_the_column)
{
	char title[32];
	for (int i = 0; i < 30; i++) {
		snprintf(title, sizeof title, "Card %02d", i);
		add_full(title, "Cliente", "ana", "CLP", 1000000 + i);
	}
	int more_than_with_gaps = 0, ties = 0;
	for (int rows = VIEW_MIN_H; rows <= 80; rows++) {
		resizeterm(rows, 80);
		render();
		int body = LINES - 2 - v.body_top; /* down to the message line */
		ck_assert_int_eq(v.body_rows, body);
		int cl = v.card_lines;
		int with_gaps = (body + 1) / (cl + 1), without = body / cl;
		int n = without < MODEL_MAX_ROWS ? without : MODEL_MAX_ROWS;
		ck_assert_msg(v.cards == n, "%d rows: %d cards, %d fit", rows, v.cards, n);
		ck_assert_int_eq(c.model.col[0].rows, n);
		ck_assert_int_eq(c.model.col[0].ncards, n);
		if (with_gaps == without) {
			ties++;
			ck_assert_msg(v.gaps == n - 1, "%d rows: a tie drops gaps", rows);
		} else {
			more_than_with_gaps++;
		}
		/* read the cards back: each title on its row, blank gap rows between */
		int end = 0;
		for (int i = 0; i < n; i++) {
			int y = view_card_y(&v, i);
			ck_assert_msg(strstr(cell_text(y, 0), c.model.col[0].cards[i].title) != NULL, "%d rows, card %d: '%s'",
			              rows, i, cell_text(y, 0));
			ck_assert_msg(strstr(cell_text(y + 1, 0), "Cliente") != NULL, "%d rows: '%s'", rows,
			              cell_text(y + 1, 0));
			if (i > 0) {
				ck_assert_int_ge(y, end); /* no overlap */
				ck_assert_int_le(y, end + 1); /* a gap is one line */
				for (int g = end; g < y; g++)
					ck_assert_msg(cell_text(g, 0)[strspn(cell_text(g, 0), " ")] == '\0', "%d rows: gap %d not blank",
					              rows, g);
			}
			end = y + cl;
		}
		/* even spacing: a gap between every two cards or none at all */
		ck_assert_msg(v.gaps == 0 || v.gaps == n - 1, "%d rows: %d gaps for %d cards", rows, v.gaps, n);
		for (int i = 2; i < n; i++)
			ck_assert_msg(view_card_y(&v, i) - view_card_y(&v, i - 1) == view_card_y(&v, 1) - view_card_y(&v, 0),
			              "%d rows: uneven spacing at card %d", rows, i);
		/* under the last card, less than another card (with its gap) is left */
		int left = v.body_top + body - end;
		ck_assert_msg((left >= 0 && left < cl + 1) || n == MODEL_MAX_ROWS, "%d rows: %d rows left under the cards",
		              rows, left);
	}
	ck_assert_int_gt(more_than_with_gaps, 0);
	ck_assert_int_gt(ties, 0);
	/* 100x30, one currency: header of four rows, six cards filling the 24
	 * rows to the message line (gaps everywhere would show five) */
	resizeterm(30, 100);
	render();
	ck_assert_int_eq(v.body_top, 4);
	ck_assert_int_eq(v.cards, 6);
	ck_assert_int_eq(view_card_y(&v, 5) + v.card_lines, LINES - 2);
	ck_assert(screen_has(" 1-6/30 "));
}
END_TEST

/* Without a blank line between two cards, the upper one's last line is
 * underlined, so the boundary reads in monochrome too; the focused card
 * stays in reverse video. */
START_TEST(test_joined_cards_boundary_monochrome)
{
	setenv("NO_COLOR", "1", 1);
	view_init(&v, &cfg);
	unsetenv("NO_COLOR");
	ck_assert(!v.colour);
	char title[32];
	for (int i = 0; i < 10; i++) {
		snprintf(title, sizeof title, "Card %02d", i);
		add_full(title, "Cliente", "ana", "CLP", 1000000);
	}
	resizeterm(30, 100);
	render();
	ck_assert_int_lt(v.gaps, v.cards - 1); /* some cards are joined */
	int x = v.cols[0].x + 1, joined = 0;
	for (int i = 0; i + 1 < v.cards; i++) {
		int y = view_card_y(&v, i), last = y + v.card_lines - 1;
		bool touch = view_card_y(&v, i + 1) == y + v.card_lines;
		attr_t a = cell_attrs(last, x, NULL);
		ck_assert_msg(!!(a & A_UNDERLINE) == touch, "card %d: underline %d, joined %d", i, !!(a & A_UNDERLINE),
		              touch);
		ck_assert(!(cell_attrs(y + 1, x, NULL) & A_UNDERLINE)); /* only the last line */
		ck_assert(cell_attrs(view_card_y(&v, i + 1), x, NULL) & A_BOLD); /* the next title */
		joined += touch;
	}
	ck_assert_int_gt(joined, 0);
	/* the focused card: every line in reverse video, the one under it not */
	int y0 = view_card_y(&v, 0);
	for (int l = 0; l < v.card_lines; l++)
		ck_assert(cell_attrs(y0 + l, x, NULL) & A_REVERSE);
	ck_assert(!(cell_attrs(view_card_y(&v, 1), x, NULL) & A_REVERSE));
}
END_TEST

static void set_total(store_summary *s, const char *cur, int64_t minor)
{
	review_total *t = &s->totals[s->ntotals++];
	snprintf(t->currency, sizeof t->currency, "%s", cur);
	t->amount = minor;
	t->count = 1;
	s->count++;
}

/* The line under the cards: the forecast apart from what is invoiced,
 * full amounts when all fit, else compact ones; with no room for both
 * the forecast alone, never the invoiced business as if it were one. */
START_TEST(test_total_line)
{
	store_summary fc = { 0 }, inv = { 0 };
	char line[600];
	set_total(&fc, "CLP", 329570000);     /* CLP 329,570,000 */
	set_total(&fc, "CLF", 99860000);      /* CLF 9,986.0000 */
	set_total(&fc, "USD", 78100000);      /* USD 781,000.00 */
	set_total(&inv, "CLP", 120000000);    /* CLP 120,000,000 */
	ck_assert(view_total_line(&fc, &inv, 200, line, sizeof line));
	ck_assert_str_eq(line, "Forecast ≈ CLP 329,570,000 · CLF 9,986.0000 · USD 781,000.00   "
	                       "Invoiced CLP 120,000,000");
	/* 80 columns: 87 in full, so compact */
	ck_assert(view_total_line(&fc, &inv, 79, line, sizeof line));
	ck_assert_str_eq(line, "Forecast ≈ CLP 329.6M · CLF 10k · USD 781k   Invoiced CLP 120M");
	/* 40 columns: one amount of each fits only with the brief labels,
	 * which keep the invoiced business in sight */
	ck_assert(view_total_line(&fc, &inv, 39, line, sizeof line));
	ck_assert_str_eq(line, "Fcst ≈ CLP 329.6M …   Inv CLP 120M");
	/* too narrow for both even so: the forecast alone */
	ck_assert(view_total_line(&fc, &inv, 30, line, sizeof line));
	ck_assert_str_eq(line, "Fcst ≈ CLP 329.6M · CLF 10k …");
	/* a little more room: one amount of each */
	ck_assert(view_total_line(&fc, &inv, 43, line, sizeof line));
	ck_assert_str_eq(line, "Forecast ≈ CLP 329.6M …   Invoiced CLP 120M");
	/* the demo at 80 columns: every amount of both, with brief labels,
	 * rather than words and an amount left off */
	set_total(&inv, "CLF", 50000000);     /* CLF 5,000.0000 */
	set_total(&inv, "USD", 39600000);     /* USD 396,000.00 */
	ck_assert(view_total_line(&fc, &inv, 79, line, sizeof line));
	ck_assert_str_eq(line, "Fcst ≈ CLP 329.6M · CLF 10k · USD 781k   Inv CLP 120M · CLF 5k · USD 396k");
	inv.ntotals = 1;
	inv.count = 1;
	/* only invoiced business: no forecast is made up */
	store_summary none = { 0 };
	ck_assert(view_total_line(&none, &inv, 79, line, sizeof line));
	ck_assert_str_eq(line, "Invoiced CLP 120,000,000");
	/* zeros say nothing */
	store_summary zero = { 0 };
	set_total(&zero, "CLP", 0);
	ck_assert(!view_total_line(&zero, &zero, 79, line, sizeof line));
	ck_assert_str_eq(line, "");
	/* not one amount fits */
	ck_assert(!view_total_line(&fc, &inv, 10, line, sizeof line));
}
END_TEST

START_TEST(test_weighted_board_per_currency)
{
	store_summary sum[PIPELINE_STAGE_COUNT];
	memset(sum, 0, sizeof sum);
	const char *codes[] = { "CLP", "USD", "EUR", "CLF", "BRL", "ARS", "PEN", "MXN", "COP" };
	sum[PIPELINE_INMADURA].ntotals = 1;
	snprintf(sum[PIPELINE_INMADURA].totals[0].currency, 4, "CLP");
	sum[PIPELINE_INMADURA].totals[0].amount = 1000;        /* 10% -> 100 */
	sum[PIPELINE_COMPROMETIDA].ntotals = 2;
	snprintf(sum[PIPELINE_COMPROMETIDA].totals[0].currency, 4, "USD");
	sum[PIPELINE_COMPROMETIDA].totals[0].amount = 1000;    /* 70% -> 700 */
	snprintf(sum[PIPELINE_COMPROMETIDA].totals[1].currency, 4, "CLP");
	sum[PIPELINE_COMPROMETIDA].totals[1].amount = 2000;    /* 70% -> 1400 */
	sum[PIPELINE_PERDIDA].ntotals = 1;
	snprintf(sum[PIPELINE_PERDIDA].totals[0].currency, 4, "CLP");
	sum[PIPELINE_PERDIDA].totals[0].amount = 99999;        /* 0% */
	store_summary w;
	review_weighted_stages(cfg.probability, sum, NULL, cfg.currency, &w);
	ck_assert_int_eq(w.ntotals, 2);
	ck_assert_str_eq(w.totals[0].currency, "CLP");
	ck_assert_int_eq(w.totals[0].amount, 1500);
	ck_assert_str_eq(w.totals[1].currency, "USD");
	ck_assert_int_eq(w.totals[1].amount, 700);
	ck_assert(!w.more);
	/* more currencies than fit: "more", none added to another */
	sum[PIPELINE_LISTA].ntotals = STORE_MAX_CURRENCIES;
	for (int i = 0; i < STORE_MAX_CURRENCIES; i++) {
		snprintf(sum[PIPELINE_LISTA].totals[i].currency, 4, "%s", codes[i + 1]);
		sum[PIPELINE_LISTA].totals[i].amount = 5;
	}
	review_weighted_stages(cfg.probability, sum, NULL, cfg.currency, &w);
	ck_assert_int_eq(w.ntotals, STORE_MAX_CURRENCIES);
	ck_assert(w.more);
	ck_assert_int_eq(w.totals[0].amount, 1500);
}
END_TEST

/* The pager wraps a marked line under the text after the mark: the help's
 * descriptions stay in their column. */
START_TEST(test_pager_wraps_help_in_its_column)
{
	char **lines;
	int n = controller_help_lines(&c, &lines);
	ck_assert_int_gt(n, 0);
	int m = 0;
	wrap_row *r = wrap_pager_rows(lines, n, 60, &m);
	ck_assert_ptr_nonnull(r);
	const char *help = keymap_action_help(KEYMAP_MOVE_BACK);
	int first = -1;
	for (int i = 0; i < m && first < 0; i++)
		if (strstr(r[i].text, "Move the card one stage back"))
			first = i;
	ck_assert_int_ge(first, 0);
	ck_assert_ptr_null(strchr(r[first].text, WRAP_HANG));
	const char *t = strstr(r[first].text, "Move the card");
	ck_assert_ptr_nonnull(t);
	int col = (int)(t - r[first].text); /* ASCII up to there */
	ck_assert_int_gt((int)strlen(help), 60 - col); /* it does wrap */
	const char *next = r[first + 1].text;
	for (int k = 0; k < col; k++)
		ck_assert_msg(next[k] == ' ', "continuation not aligned: '%s' under '%s'", next, r[first].text);
	ck_assert_msg(next[col] != ' ', "continuation too far right: '%s'", next);
	free(r);
	controller_lines_free(lines, n);
	/* too narrow for the column (40x12): the key and its words on one
	 * line, two spaces apart */
	n = controller_help_lines(&c, &lines);
	r = wrap_pager_rows(lines, n, 36, &m);
	bool squeezed = false;
	for (int i = 0; i < m; i++)
		squeezed = squeezed || strncmp(r[i].text, "  Left h  Focus the column", 26) == 0;
	ck_assert(squeezed);
	free(r);
	controller_lines_free(lines, n);
	/* an unmarked line continues four columns past its indent */
	char line[] = "  uno dos tres cuatro cinco seis siete ocho nueve diez once doce";
	char *one[] = { line };
	r = wrap_pager_rows(one, 1, 30, &m);
	ck_assert_int_gt(m, 1);
	ck_assert(strncmp(r[1].text, "      ", 6) == 0 && r[1].text[6] != ' ');
	free(r);
}
END_TEST


/* An empty board says how to add the first card; one with only lost,
 * hidden cards says how to show them. */
START_TEST(test_empty_board_says_how_to_start)
{
	render();
	ck_assert(screen_has("No opportunities yet: press a to add the first one."));
	int64_t id = add("Perdido", "X");
	pipeline_refusal why;
	pipeline_refusal_clear(&why);
	ck_assert_int_eq(store_lose(st, id, 1, PIPELINE_LOSS_DECLINED, NULL, &why), STORE_OK);
	controller_do(&c, KEYMAP_TOGGLE_LOST);
	render();
	ck_assert(!screen_has("No opportunities yet"));
	ck_assert(screen_has("Only lost opportunities (1): p shows"));
	add("Abierto", "Y");
	render();
	ck_assert(!screen_has("Only lost"));
}
END_TEST

/* A message takes the one line under the cards, cut with "…" and followed
 * by the key that shows it whole: at 40x12 a refusal that names many
 * requirements never covers a card. */
START_TEST(test_long_message_one_line)
{
	resizeterm(12, 40);
	add("Uno", "Cliente A");
	add("Dos", "Cliente B");
	render();
	char before[12][4096];
	for (int y = 0; y < LINES - 2; y++)
		snprintf(before[y], sizeof before[y], "%s", row(y));
	char msg[1024] = "";
	for (int i = 0; i < 40; i++)
		strcat(msg, "requisito ");
	strcat(msg, "FINAL");
	controller_say(&c, true, "%s", msg);
	render();
	for (int y = 0; y < LINES - 2; y++)
		ck_assert_msg(strcmp(row(y), before[y]) == 0, "row %d covered: '%s' (was '%s')", y, row(y),
		              before[y]);
	const char *m = row(LINES - 2);
	ck_assert_msg(strncmp(m, "requisito", 9) == 0, "row: %s", m);
	ck_assert_msg(strstr(m, "… L messages") != NULL, "row: %s", m);
	ck_assert(!screen_has("FINAL"));
	ck_assert_msg(strstr(row(LINES - 1), "? help") != NULL, "%s", row(LINES - 1));
	/* a message that fits has no hint */
	controller_say(&c, false, "Guardado.");
	render();
	ck_assert_msg(strstr(row(LINES - 2), "Guardado.") != NULL, "%s", row(LINES - 2));
	ck_assert(!strstr(row(LINES - 2), "messages"));
}
END_TEST

/* Input for the dialogs, as if typed. */
static void type_keys(const char *keys)
{
	ck_assert_int_eq(write(master, keys, strlen(keys)), (ssize_t)strlen(keys));
}

/* The status bar row as the board of model m draws it. */
static void assert_status_bar(const model *m, const char *what)
{
	char status[1024];
	model_status_text(m, &cfg, COLS, status, sizeof status);
	ck_assert_msg(strncmp(row(LINES - 1), status, strlen(status)) == 0,
	              "%s at %dx%d covers the status bar: '%s'", what, COLS, LINES, row(LINES - 1));
}

/* The board's input loop on this screen and database (its own controller
 * and view), as board_run holds it. */
static board_loop *loop_start(void)
{
	board_loop *l = malloc(sizeof *l);
	ck_assert_ptr_nonnull(l);
	board_loop_init(l, st, &cfg, NULL);
	return l;
}

static void loop_end(board_loop *l)
{
	board_loop_free(l);
	free(l);
}

/* Turns of the loop (frame, key, live data) until the dialogs are closed:
 * the keys typed before answer them. */
static void loop_until_board(board_loop *l)
{
	for (int turns = 0; l->screens.n > 1; turns++) {
		ck_assert_msg(turns < 200, "the dialog stayed open");
		ck_assert(board_loop_step(l));
		drain();
	}
}

/* One frame of the loop with dialog d pushed over the board, then closed
 * with q (its cancel key). */
static void frame_with(board_loop *l, dialog *d, const char *what)
{
	ck_assert_ptr_nonnull(d);
	ck_assert(screen_push(&l->screens, &d->base));
	board_loop_frame(l);
	drain();
	assert_status_bar(&l->c.model, what);
	type_keys("q");
	loop_until_board(l);
}

/* Forms, lists, questions and the pager fit above the status bar, at
 * 40x12 too: its keys stay readable under any dialog. */
START_TEST(test_dialogs_above_status_bar)
{
	resizeterm(12, 40);
	add("Uno", "Cliente A");
	render();
	form f;
	form_init(&f, "Qualification");
	form_add_info(&f, "Tick each criterion met, then save.");
	for (int i = 0; i < 5; i++)
		form_add_check(&f, "Se ha tenido una interacción directa (1:1) con el cliente.", false);
	view_draw(&v, &c.model);
	view_draw_form(&v, &f);
	wnoutrefresh(stdscr);
	doupdate();
	drain();
	assert_status_bar(&c.model, "a form");
	board_loop *l = loop_start();
	static const char *const items[] = { "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete",
		                             "ocho", "nueve", "diez", "once", "doce" };
	frame_with(l, &dialog_list_new(&cfg.keys, "Pick", items, 12, 0)->d, "a list");
	frame_with(l, &dialog_confirm_new(&cfg.keys, "Delete Uno? It can be restored. Delete Uno? It can be "
	                                  "restored. Delete Uno? It can be restored.")->d, "a question");
	char **lines = calloc(30, sizeof *lines);
	ck_assert_ptr_nonnull(lines);
	for (int i = 0; i < 30; i++)
		lines[i] = strdup("line");
	frame_with(l, &dialog_pager_new(&cfg.keys, "Pager", lines, 30)->d, "the pager");
	loop_end(l);
}
END_TEST

/* The owner filter offers the owners with their cards, narrows the list
 * as letters are typed (j, k and q too: they type), and Enter filters by
 * the one left. */
START_TEST(test_owner_pick_narrows)
{
	add_full("Uno", "A", "mgonzalez", "CLP", 100);
	add_full("Dos", "B", "mgonzalez", "CLP", 100);
	add_full("Tres", "C", "Jorge Quiroz", "CLP", 100);
	add_full("Cuatro", "D", "vsoto", "CLP", 100);
	board_loop *l = loop_start();
	controller *lc = &l->c;
	board_loop_frame(l);
	drain();
	type_keys("gon\r");
	controller_do(lc, KEYMAP_FILTER_OWNER);
	loop_until_board(l);
	ck_assert_str_eq(lc->model.filter_owner, "mgonzalez");
	/* the last frame of the list: the query and the one owner it left */
	int y0 = -1, rows_left = 0;
	for (int y = 0; y < LINES && y0 < 0; y++)
		if (strstr(row(y), "Owner: gon"))
			y0 = y;
	ck_assert_int_ge(y0, 0);
	for (int y = y0 + 1; y < LINES && !strstr(row(y), "Type to narrow"); y++) {
		ck_assert_msg(!strstr(row(y), "vsoto") && !strstr(row(y), "Jorge"), "not narrowed: %s",
		              row(y));
		rows_left += strstr(row(y), "> mgonzalez") && strstr(row(y), "2 cards");
	}
	ck_assert_int_eq(rows_left, 1);
	board_loop_frame(l);
	drain();
	ck_assert_int_eq(lc->model.sum[PIPELINE_INMADURA].count, 2);
	/* j and q, keys of lists elsewhere, type here; DEL erases the x */
	type_keys("jorge qx\x7f\r");
	controller_do(lc, KEYMAP_FILTER_OWNER);
	loop_until_board(l);
	ck_assert_str_eq(lc->model.filter_owner, "Jorge Quiroz");
	/* nothing matches: Enter does nothing, Esc leaves the filter as it was */
	type_keys("zz\r\x1b");
	controller_do(lc, KEYMAP_FILTER_OWNER);
	loop_until_board(l);
	ck_assert(screen_has("No owner contains \"zz\"."));
	ck_assert_str_eq(lc->model.filter_owner, "Jorge Quiroz");
	/* with a filter on, the first entry clears it */
	type_keys("every\r");
	controller_do(lc, KEYMAP_FILTER_OWNER);
	loop_until_board(l);
	ck_assert_str_eq(lc->model.filter_owner, "");
	loop_end(l);
}
END_TEST

/* A choice shows its value on the label's row, in the editors' column;
 * a form without checkboxes or choices does not offer to toggle. */
START_TEST(test_form_choice_on_label_row)
{
	static const char *const scopes[] = { "total", "partial" };
	form f;
	form_init(&f, "Delivery");
	form_add_choice(&f, "Scope", scopes, 2, 0);
	form_add_text(&f, "Date", "2025-01-02", FORM_V_DATE, true);
	view_draw(&v, &c.model);
	view_draw_form(&v, &f);
	wnoutrefresh(stdscr);
	doupdate();
	drain();
	ck_assert(screen_has("Scope < total >"));
	ck_assert(screen_has("toggle"));
	form g;
	form_init(&g, "Note");
	form_add_text(&g, "Note", "", FORM_V_TEXT, true);
	view_draw(&v, &c.model);
	view_draw_form(&v, &g);
	wnoutrefresh(stdscr);
	doupdate();
	drain();
	ck_assert(screen_has("Enter: save"));
	ck_assert(!screen_has("toggle"));
}
END_TEST

/* Stale is idleness (review/stale.h): a card 40 days in Inmadura (stale
 * after 30) is not stale when something happened to it 5 days ago, and
 * reordering is no activity. The days on the card stay its days in stage. */
START_TEST(test_stale_mark_follows_activity)
{
	const time_t t0 = 1767225600; /* 2026-01-01T00:00:00Z */
	const time_t day = 86400;
	store_set_now(st, t0);
	int64_t quiet = add("Quieta", "Uno");
	int64_t busy = add("Activa", "Dos");
	int64_t ranked = add("Ordenada", "Tres");
	(void)quiet;
	store_set_now(st, t0 + 35 * day);
	/* a note on an unmet criterion: recorded, changes nothing */
	ck_assert_int_eq(store_set_criterion(st, busy, 0, 1, false, "llamada", NULL), STORE_OK);
	ck_assert_int_eq(store_reorder(st, ranked, 0, -1), STORE_OK);
	ck_assert_int_eq(cfg.stale_days[PIPELINE_INMADURA], 30);
	setenv("EMBUDO_NOW", "2026-02-10T00:00:00Z", 1); /* day 40 */
	render();
	unsetenv("EMBUDO_NOW");
	int stale = 0, fresh = 0;
	for (int y = 0; y < LINES; y++) {
		const char *r = row(y);
		for (const char *p = r; (p = strstr(p, "40d")) != NULL; p += 3) {
			if (strncmp(p, "40d !", 5) == 0)
				stale++;
			else if (strncmp(p, "40d \u00b7", 4 + strlen("\u00b7")) == 0)
				fresh++;
		}
	}
	ck_assert_int_eq(stale, 2); /* Quieta, Ordenada */
	ck_assert_int_eq(fresh, 1); /* Activa */
}
END_TEST

static Suite *view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_columns_titles_counts);
	tcase_add_test(tc, test_cjk_truncated_with_ellipsis);
	tcase_add_test(tc, test_escape_neutralised);
	tcase_add_test(tc, test_emoji_sequences_keep_borders);
	tcase_add_test(tc, test_focus_visible_after_resize);
	tcase_add_test(tc, test_too_small_says_so);
	tcase_add_test(tc, test_lost_collapses_and_wide_shows_all);
	tcase_add_test(tc, test_form_draws_error_next_to_field);
	tcase_add_test(tc, test_card_and_totals_not_cut_80x24);
	tcase_add_test(tc, test_card_and_totals_not_cut_100x30);
	tcase_add_test(tc, test_money_compact);
	tcase_add_test(tc, test_huge_amounts_full_or_too_large);
	tcase_add_test(tc, test_totals_full_when_room);
	tcase_add_test(tc, test_focus_reverse_in_monochrome);
	tcase_add_test(tc, test_status_bar_keeps_help_and_quit);
	tcase_add_test(tc, test_empty_board_says_how_to_start);
	tcase_add_test(tc, test_long_message_one_line);
	tcase_add_test(tc, test_dialogs_above_status_bar);
	tcase_add_test(tc, test_owner_pick_narrows);
	tcase_add_test(tc, test_form_choice_on_label_row);
	tcase_add_test(tc, test_monochrome_theme_keeps_user_attrs);
	tcase_add_test(tc, test_no_color_keeps_user_attrs);
	tcase_add_test(tc, test_colour_theme_attrs);
	tcase_add_test(tc, test_weighted_totals);
	tcase_add_test(tc, test_weighted_board_per_currency);
	tcase_add_test(tc, test_total_line);
	tcase_add_test(tc, test_weighted_line_whole_amounts);
	tcase_add_test(tc, test_header_rows_aligned);
	tcase_add_test(tc, test_cards_fill_the_column);
	tcase_add_test(tc, test_joined_cards_boundary_monochrome);
	tcase_add_test(tc, test_pager_wraps_help_in_its_column);
	tcase_add_test(tc, test_overflowing_totals_say_too_large);
	tcase_add_test(tc, test_zero_totals_hidden);
	tcase_add_test(tc, test_stale_mark_follows_activity);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(view_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
