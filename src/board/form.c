/* form: field editing and on-the-spot validation (no ncurses). */
#include "board/form.h"

#include <stdio.h>
#include <string.h>

#include "util/date.h"
#include "util/money.h"
#include "util/text.h"

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

void form_init(form *f, const char *title)
{
	memset(f, 0, sizeof *f);
	copy(f->title, sizeof f->title, title);
}

void form_add_info(form *f, const char *line)
{
	if (f->ninfo < FORM_MAX_INFO)
		copy(f->info[f->ninfo++], FORM_LINE, line);
}

static form_field *new_field(form *f, form_kind kind, const char *label, int *index)
{
	if (f->nfields >= FORM_MAX_FIELDS) {
		*index = -1;
		return NULL;
	}
	*index = f->nfields++;
	form_field *fd = &f->fields[*index];
	memset(fd, 0, sizeof *fd);
	fd->kind = kind;
	fd->currency_field = -1;
	copy(fd->label, sizeof fd->label, label);
	return fd;
}

int form_add_text(form *f, const char *label, const char *initial, form_valid v, bool required)
{
	int i;
	form_field *fd = new_field(f, FORM_TEXT, label, &i);
	if (!fd)
		return -1;
	fd->valid = v;
	fd->required = required;
	form_set_text(f, i, initial);
	fd->touched = false;
	return i;
}

int form_add_check(form *f, const char *label, bool checked)
{
	int i;
	form_field *fd = new_field(f, FORM_CHECK, label, &i);
	if (fd)
		fd->checked = checked;
	return i;
}

int form_add_choice(form *f, const char *label, const char *const *choices, int n, int selected)
{
	int i;
	form_field *fd = new_field(f, FORM_CHOICE, label, &i);
	if (!fd)
		return -1;
	if (n > FORM_MAX_CHOICES)
		n = FORM_MAX_CHOICES;
	for (int k = 0; k < n; k++)
		fd->choices[k] = choices[k];
	fd->nchoices = n;
	fd->choice = (selected >= 0 && selected < n) ? selected : 0;
	return i;
}

void form_amount_currency(form *f, int field, int currency_field, const char *fixed)
{
	if (field < 0 || field >= f->nfields)
		return;
	f->fields[field].currency_field = currency_field;
	copy(f->fields[field].currency, sizeof f->fields[field].currency, fixed);
	form_validate(f);
}

/* Control characters and bidi controls (text.c's one list of what the
 * terminal must never see) never enter a field: what is typed is what is
 * stored, and the store would refuse some of them anyway. */
static bool insertable(uint32_t c)
{
	return !text_is_control(c) && !text_is_bidi_control(c) && c <= 0x10FFFF &&
	       !(c >= 0xD800 && c <= 0xDFFF);
}

char *form_text(const form *f, int i, char *out, size_t outsz)
{
	if (!outsz)
		return out;
	out[0] = '\0';
	if (i < 0 || i >= f->nfields || f->fields[i].kind != FORM_TEXT)
		return out;
	const form_field *fd = &f->fields[i];
	size_t n = 0;
	for (int k = 0; k < fd->len; k++) {
		char b[4];
		size_t m = text_utf8_encode((uint32_t)fd->text[k], b);
		if (n + (size_t)m + 1 > outsz)
			break;
		memcpy(out + n, b, (size_t)m);
		n += (size_t)m;
	}
	out[n] = '\0';
	return out;
}

/* Trimmed copy of a field's text (validation ignores surrounding spaces). */
static void trimmed(const form *f, int i, char *out, size_t outsz)
{
	char buf[FORM_TEXT_MAX * 4 + 1];
	form_text(f, i, buf, sizeof buf);
	char *s = buf;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	copy(out, outsz, s);
}

void form_set_text(form *f, int i, const char *utf8)
{
	if (i < 0 || i >= f->nfields || f->fields[i].kind != FORM_TEXT)
		return;
	form_field *fd = &f->fields[i];
	fd->len = 0;
	const char *s = utf8 ? utf8 : "";
	while (*s && fd->len < FORM_TEXT_MAX) {
		uint32_t c;
		s += text_utf8_decode(s, &c);
		if (c != TEXT_INVALID && insertable(c)) /* invalid bytes are dropped */
			fd->text[fd->len++] = (wchar_t)c;
	}
	fd->text[fd->len] = 0;
	fd->cursor = fd->len;
	fd->touched = true;
	form_validate(f);
}

static void field_currency(const form *f, const form_field *fd, char out[MONEY_CODE_LEN + 1])
{
	char buf[64];
	if (fd->currency_field >= 0) {
		trimmed(f, fd->currency_field, buf, sizeof buf);
		if (!money_currency_normalize(buf, out))
			out[0] = '\0';
		return;
	}
	copy(out, MONEY_CODE_LEN + 1, fd->currency[0] ? fd->currency : MONEY_DEFAULT_CURRENCY);
}

static void validate_field(form *f, int i)
{
	form_field *fd = &f->fields[i];
	fd->error[0] = '\0';
	if (fd->kind != FORM_TEXT)
		return;
	char v[FORM_TEXT_MAX * 4 + 1];
	trimmed(f, i, v, sizeof v);
	if (!v[0]) {
		if (fd->required)
			snprintf(fd->error, sizeof fd->error, "required: type a value");
		return;
	}
	switch (fd->valid) {
	case FORM_V_TEXT:
		break;
	case FORM_V_AMOUNT: {
		char cur[MONEY_CODE_LEN + 1], err[FORM_LINE];
		int64_t minor;
		field_currency(f, fd, cur);
		if (!cur[0])
			snprintf(fd->error, sizeof fd->error, "fix the currency first");
		else if (!money_parse(v, cur, &minor, err, sizeof err))
			snprintf(fd->error, sizeof fd->error, "%s", err);
		break;
	}
	case FORM_V_CURRENCY: {
		char cur[MONEY_CODE_LEN + 1];
		if (!money_currency_normalize(v, cur) || !money_currency_valid(cur))
			snprintf(fd->error, sizeof fd->error, "not a currency: use a 3-letter ISO 4217 code such as CLP, USD, CLF");
		break;
	}
	case FORM_V_DATE:
		if (!date_valid(v))
			snprintf(fd->error, sizeof fd->error, "not a date: use YYYY-MM-DD, e.g. 2025-03-31");
		break;
	}
}

bool form_validate(form *f)
{
	bool ok = true;
	for (int i = 0; i < f->nfields; i++) {
		validate_field(f, i);
		if (f->fields[i].error[0])
			ok = false;
	}
	return ok;
}

bool form_submit(form *f)
{
	f->submitted = true;
	if (form_validate(f))
		return true;
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].error[0]) {
			f->focus = i;
			break;
		}
	return false;
}

static form_field *focused(form *f)
{
	if (f->focus < 0 || f->focus >= f->nfields)
		return NULL;
	return &f->fields[f->focus];
}

/* A read-only form changes nothing; the attempt shows why. */
static bool refuse_locked(form *f)
{
	if (!f->locked[0])
		return false;
	copy(f->message, sizeof f->message, f->locked);
	return true;
}

static void edited(form *f, form_field *fd)
{
	fd->touched = true;
	f->message[0] = '\0';
	form_validate(f);
}

bool form_insert(form *f, wchar_t c)
{
	form_field *fd = focused(f);
	if (!fd || fd->kind != FORM_TEXT || !insertable((uint32_t)c) || fd->len >= FORM_TEXT_MAX ||
	    refuse_locked(f))
		return false;
	memmove(&fd->text[fd->cursor + 1], &fd->text[fd->cursor],
	        sizeof(wchar_t) * (size_t)(fd->len - fd->cursor + 1));
	fd->text[fd->cursor++] = c;
	fd->len++;
	edited(f, fd);
	return true;
}

void form_next(form *f)
{
	if (f->nfields)
		f->focus = (f->focus + 1) % f->nfields;
}

void form_prev(form *f)
{
	if (f->nfields)
		f->focus = (f->focus + f->nfields - 1) % f->nfields;
}

/* A combining mark drawn on the character before it, or a code point the
 * view does not draw (text.h: the joiner of an emoji sequence...). */
static bool zero_width(wchar_t c)
{
	return c != 0 && text_cp_width((uint32_t)c) == 0;
}

void form_left(form *f)
{
	form_field *fd = focused(f);
	if (!fd)
		return;
	if (fd->kind == FORM_TEXT && fd->cursor > 0) {
		/* A combining mark belongs to the character before it: one
		 * press steps over both, as the eye sees one character. */
		while (fd->cursor > 0 && zero_width(fd->text[fd->cursor - 1]))
			fd->cursor--;
		if (fd->cursor > 0)
			fd->cursor--;
	} else if (fd->kind == FORM_CHOICE && fd->nchoices && !refuse_locked(f)) {
		fd->choice = (fd->choice + fd->nchoices - 1) % fd->nchoices;
	}
}

void form_right(form *f)
{
	form_field *fd = focused(f);
	if (!fd)
		return;
	if (fd->kind == FORM_TEXT && fd->cursor < fd->len) {
		fd->cursor++;
		while (fd->cursor < fd->len && zero_width(fd->text[fd->cursor]))
			fd->cursor++;
	} else if (fd->kind == FORM_CHOICE && fd->nchoices && !refuse_locked(f)) {
		fd->choice = (fd->choice + 1) % fd->nchoices;
	}
}

void form_home(form *f)
{
	form_field *fd = focused(f);
	if (fd && fd->kind == FORM_TEXT)
		fd->cursor = 0;
	else if (fd)
		f->focus = 0;
}

void form_end(form *f)
{
	form_field *fd = focused(f);
	if (fd && fd->kind == FORM_TEXT)
		fd->cursor = fd->len;
	else if (fd)
		f->focus = f->nfields - 1;
}

void form_backspace(form *f)
{
	form_field *fd = focused(f);
	if (!fd || fd->kind != FORM_TEXT || fd->cursor == 0 || refuse_locked(f))
		return;
	memmove(&fd->text[fd->cursor - 1], &fd->text[fd->cursor],
	        sizeof(wchar_t) * (size_t)(fd->len - fd->cursor + 1));
	fd->cursor--;
	fd->len--;
	edited(f, fd);
}

void form_delete(form *f)
{
	form_field *fd = focused(f);
	if (!fd || fd->kind != FORM_TEXT || fd->cursor >= fd->len || refuse_locked(f))
		return;
	memmove(&fd->text[fd->cursor], &fd->text[fd->cursor + 1],
	        sizeof(wchar_t) * (size_t)(fd->len - fd->cursor));
	fd->len--;
	edited(f, fd);
}

void form_toggle(form *f)
{
	form_field *fd = focused(f);
	if (!fd || fd->kind == FORM_TEXT)
		return;
	if (refuse_locked(f))
		return;
	if (fd->kind == FORM_CHOICE) {
		form_right(f);
		return;
	}
	char err[FORM_LINE] = "";
	if (f->on_toggle && !f->on_toggle(f->toggle_ctx, f, f->focus, !fd->checked, err, sizeof err)) {
		copy(f->message, sizeof f->message, err[0] ? err : "refused");
		return;
	}
	fd->checked = !fd->checked;
	f->message[0] = '\0';
}

bool form_toggle_number(form *f, int n)
{
	int seen = 0;
	for (int i = 0; i < f->nfields; i++) {
		if (f->fields[i].kind != FORM_CHECK || ++seen != n)
			continue;
		f->focus = i;
		form_toggle(f);
		return true;
	}
	int total, done;
	form_progress(f, &done, &total);
	if (total > 0)
		snprintf(f->message, sizeof f->message, "There is no box %d: 1-%d toggle the boxes.", n, total);
	return false;
}

bool form_checked(const form *f, int i)
{
	return i >= 0 && i < f->nfields && f->fields[i].kind == FORM_CHECK && f->fields[i].checked;
}

int form_choice(const form *f, int i)
{
	if (i < 0 || i >= f->nfields || f->fields[i].kind != FORM_CHOICE)
		return -1;
	return f->fields[i].choice;
}

bool form_amount(const form *f, int i, bool *has, int64_t *minor)
{
	*has = false;
	*minor = 0;
	if (i < 0 || i >= f->nfields || f->fields[i].kind != FORM_TEXT)
		return false;
	char v[FORM_TEXT_MAX * 4 + 1], cur[MONEY_CODE_LEN + 1], err[FORM_LINE];
	trimmed(f, i, v, sizeof v);
	if (!v[0])
		return true;
	field_currency(f, &f->fields[i], cur);
	if (!cur[0] || !money_parse(v, cur, minor, err, sizeof err))
		return false;
	*has = true;
	return true;
}

void form_progress(const form *f, int *checked, int *total)
{
	*checked = *total = 0;
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].kind == FORM_CHECK) {
			(*total)++;
			if (f->fields[i].checked)
				(*checked)++;
		}
}
