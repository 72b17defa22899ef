/*
 * text: UTF-8 text made safe and measured for a terminal.
 *
 * Text from the database never reaches the terminal raw: C0 and C1 control
 * characters, DEL, ESC (and so every escape sequence), bidi controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) and invalid UTF-8
 * are each replaced by U+FFFD; tab and newline become a space. Widths come
 * from wcwidth() (the caller must have set a UTF-8 LC_CTYPE, see
 * text_init_locale); a code point wcwidth calls unprintable is replaced too.
 *
 * Emoji sequences whose width terminals disagree on are drawn apart, so a
 * border after them never moves: the zero width joiner, the presentation
 * selectors U+FE0E/U+FE0F, skin tones U+1F3FB..U+1F3FF, tag characters
 * U+E0020..U+E007F and the keycap mark U+20E3 are dropped, and a regional
 * indicator becomes its capital letter (a flag reads "CL"). Every function
 * below follows that one rule, so widths and drawn text always agree.
 */
#ifndef EMBUDO_TEXT_H
#define EMBUDO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* setlocale(LC_ALL, ""), falling back to C.UTF-8 for LC_CTYPE when the
 * environment's codeset is not UTF-8. Returns true when LC_CTYPE is UTF-8. */
bool text_init_locale(void);

/* True when s is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool text_utf8_valid(const char *s);

/* Writes the neutralised form of in into out (always NUL-terminated,
 * truncated at a character boundary). Returns the length it needed
 * (like snprintf), excluding the NUL. */
size_t text_sanitize(const char *in, char *out, size_t outsz);

/* Neutralised copy on the heap (NULL on allocation failure). */
char *text_sanitize_dup(const char *in);

/* Columns code point c takes once neutralised (0 when it is dropped or
 * combines with the character before it). For editors that keep the
 * text as typed and must place the cursor where text_fit draws. */
int text_cp_width(uint32_t c);

/* Display width in terminal columns of the neutralised form of s. */
int text_width(const char *s);

/* Writes into out the neutralised form of s cut to at most `cols` columns;
 * when it had to cut, the last column is "…" (U+2026). A wide character is
 * never split. Returns the width written. */
int text_fit(const char *s, int cols, char *out, size_t outsz);

/* The code points text_sanitize replaces: C0 controls, DEL and C1
 * controls (text_is_control), and the bidi controls (text_is_bidi_control).
 * For output that must stay exact, such as YAML or JSON, which escapes
 * them instead. */
bool text_is_control(uint32_t cp);
bool text_is_bidi_control(uint32_t cp);

/* Writes code point c (at most U+10FFFF) as UTF-8 into buf; returns its
 * length, 1 to 4 (no NUL is written). The one encoder, as
 * text_utf8_decode is the one decoder. */
size_t text_utf8_encode(uint32_t c, char buf[4]);

/* Decodes one UTF-8 character at s (which must not point at the NUL).
 * Returns the bytes it takes (>= 1) and sets *cp to the code point, or to
 * TEXT_INVALID for an invalid, overlong, surrogate or truncated sequence
 * (its maximal invalid prefix is consumed as one unit, so each such unit
 * becomes one U+FFFD). Shared with json. */
#define TEXT_INVALID UINT32_MAX
size_t text_utf8_decode(const char *s, uint32_t *cp);

/* The search form of s, for case- and accent-insensitive matching of
 * Spanish (and other Latin-script) text: ASCII letters lower-cased; the
 * Latin-1 letters with a diacritic folded to their base letter in lower
 * case (á à â ä ã å -> a, é è ê ë -> e, í ì î ï -> i, ó ò ô ö õ -> o,
 * ú ù û ü -> u, ý ÿ -> y, ñ -> n, ç -> c, and their capitals); combining
 * marks U+0300..U+036F dropped (so a decomposed "o" + U+0301 folds like
 * "ó"); every other character kept as it is, an invalid UTF-8 sequence
 * as U+FFFD. Pure: no locale. Writes into out like text_sanitize (always
 * NUL-terminated, cut at a character boundary) and returns the length it
 * needed, excluding the NUL. */
size_t text_fold(const char *in, char *out, size_t outsz);

/* Folded copy on the heap (NULL on allocation failure). */
char *text_fold_dup(const char *in);

#endif
