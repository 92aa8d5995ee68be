// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-pty: run a full-screen program on a pseudo-terminal, as a person
 * at a terminal would, and keep what its screen shows as text.
 *
 *   mosix-pty [-s COLSxROWS] [-e TERM] [-t SECS] DIR CMD [ARG...]
 *
 * CMD runs on a new pty of COLSxROWS (default 80x24) with TERM (default
 * xterm).  Its output goes through a small VT100/xterm interpreter (what
 * ncurses sends: cursor movement, erasing, scroll regions, insert and
 * delete, the alternate screen, line drawing characters) into a screen of
 * cells.  In DIR (created if needed):
 *
 *   keys    a FIFO: the bytes written to it are typed on the terminal,
 *           e.g. printf m > DIR/keys, or printf '\033OB' for Down
 *           (application cursor keys, as ncurses asks for)
 *   ctl     a FIFO of commands, one a line: "resize COLSxROWS" resizes
 *           the terminal (CMD gets SIGWINCH)
 *   screen  the screen as text: ROWS lines, trailing blanks cut; replaced
 *           at once (rename) whenever it changed and the output paused
 *   out     everything CMD wrote to the terminal, raw (first 4 MiB)
 *   status  written when CMD has ended: its exit status, 128+N for
 *           signal N, or 124 when it ran longer than SECS (default 300)
 *           and was killed
 *
 * Exit status: CMD's status as in DIR/status; 1 on an error of mosix-pty
 * itself, 2 on wrong usage.  Attributes (bold, colours, reverse video)
 * are not kept: the screen file is the text a person reads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PARAMS	16
#define MAX_DIM		1000
#define OUT_MAX		(4 << 20)

enum { GROUND, ESC, ESC_INTER, CSI, OSC, OSC_ESC, STRING, STRING_ESC };

struct term {
	int rows, cols;
	uint32_t *buf[2];	/* main and alternate screen */
	int cur;		/* which one is shown */
	int y, x;
	bool wrapnext;		/* the last column was written */
	int top, bot;		/* scroll region, inclusive */
	bool autowrap, insert;
	int save_y[2], save_x[2];
	char g[2];		/* G0, G1: 'B' ASCII, '0' line drawing */
	int gl;			/* 0: G0 shown, 1: G1 (SO) */
	int save_gl[2];
	char save_g[2][2];
	uint32_t last;		/* last printed character, for REP */
	/* parser */
	int state;
	int params[MAX_PARAMS], nparams;
	bool param_started;
	char priv;		/* '?', '>', '<', '=' or 0 */
	char inter;		/* intermediate byte or 0 */
	char esc_inter;
	/* UTF-8 */
	uint32_t cp;
	int need;
	int reply_fd;		/* answers to status requests go here */
};

static const char *dir;
static bool dirty;

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("mosix-pty: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint32_t *cell(struct term *t, int y, int x)
{
	return &t->buf[t->cur][y * t->cols + x];
}

static void clear_cells(struct term *t, int y, int x0, int x1)
{
	int x;

	for (x = x0; x < x1 && x < t->cols; x++)
		*cell(t, y, x) = ' ';
}

static void clear_rows(struct term *t, int y0, int y1)
{
	int y;

	for (y = y0; y < y1 && y < t->rows; y++)
		clear_cells(t, y, 0, t->cols);
}

static uint32_t *alloc_screen(int rows, int cols)
{
	uint32_t *b = malloc(sizeof(*b) * rows * cols);
	int i;

	if (!b)
		die("out of memory");
	for (i = 0; i < rows * cols; i++)
		b[i] = ' ';
	return b;
}

static void reset(struct term *t)
{
	t->cur = 0;
	t->y = t->x = 0;
	t->wrapnext = false;
	t->top = 0;
	t->bot = t->rows - 1;
	t->autowrap = true;
	t->insert = false;
	t->g[0] = t->g[1] = 'B';
	t->gl = 0;
	t->state = GROUND;
	memset(t->save_y, 0, sizeof(t->save_y));
	memset(t->save_x, 0, sizeof(t->save_x));
}

static void term_init(struct term *t, int rows, int cols, int reply_fd)
{
	memset(t, 0, sizeof(*t));
	t->rows = rows;
	t->cols = cols;
	t->buf[0] = alloc_screen(rows, cols);
	t->buf[1] = alloc_screen(rows, cols);
	t->reply_fd = reply_fd;
	reset(t);
}

static void term_resize(struct term *t, int rows, int cols)
{
	int s, y, x;

	for (s = 0; s < 2; s++) {
		uint32_t *b = alloc_screen(rows, cols);

		for (y = 0; y < rows && y < t->rows; y++)
			for (x = 0; x < cols && x < t->cols; x++)
				b[y * cols + x] = t->buf[s][y * t->cols + x];
		free(t->buf[s]);
		t->buf[s] = b;
	}
	t->rows = rows;
	t->cols = cols;
	t->top = 0;
	t->bot = rows - 1;
	if (t->y >= rows)
		t->y = rows - 1;
	if (t->x >= cols)
		t->x = cols - 1;
	t->wrapnext = false;
	dirty = true;
}

/* Scroll lines top..bot up by @n (down if negative). */
static void scroll_region(struct term *t, int top, int bot, int n)
{
	int y, height = bot - top + 1;
	size_t w = t->cols * sizeof(uint32_t);

	if (top > bot)
		return;
	if (n >= height || -n >= height) {
		clear_rows(t, top, bot + 1);
		return;
	}
	if (n > 0) {
		for (y = top; y <= bot - n; y++)
			memcpy(cell(t, y, 0), cell(t, y + n, 0), w);
		clear_rows(t, bot - n + 1, bot + 1);
	} else if (n < 0) {
		n = -n;
		for (y = bot; y >= top + n; y--)
			memcpy(cell(t, y, 0), cell(t, y - n, 0), w);
		clear_rows(t, top, top + n);
	}
}

static void line_feed(struct term *t)
{
	t->wrapnext = false;
	if (t->y == t->bot)
		scroll_region(t, t->top, t->bot, 1);
	else if (t->y < t->rows - 1)
		t->y++;
}

static void reverse_index(struct term *t)
{
	t->wrapnext = false;
	if (t->y == t->top)
		scroll_region(t, t->top, t->bot, -1);
	else if (t->y > 0)
		t->y--;
}

static void move_to(struct term *t, int y, int x)
{
	t->y = y < 0 ? 0 : y >= t->rows ? t->rows - 1 : y;
	t->x = x < 0 ? 0 : x >= t->cols ? t->cols - 1 : x;
	t->wrapnext = false;
}

static uint32_t line_drawing(uint32_t c)
{
	static const char map[] = "*#####o###+++++-----++++|<>p!fo";

	/* '`' (0x60) .. '~' (0x7e), then '0' */
	if (c >= 0x60 && c <= 0x7e)
		return c - 0x60 < sizeof(map) - 1 ? (uint32_t)map[c - 0x60] :
						    '#';
	return c == '0' ? '#' : c;
}

static void print_char(struct term *t, uint32_t c)
{
	if (t->g[t->gl] == '0')
		c = line_drawing(c);
	if (t->wrapnext && t->autowrap) {
		t->x = 0;
		line_feed(t);
	}
	t->wrapnext = false;
	if (t->insert) {
		int x;

		for (x = t->cols - 1; x > t->x; x--)
			*cell(t, t->y, x) = *cell(t, t->y, x - 1);
	}
	*cell(t, t->y, t->x) = c;
	t->last = c;
	if (t->x == t->cols - 1)
		t->wrapnext = true;
	else
		t->x++;
}

static int param(const struct term *t, int i, int def)
{
	if (i >= t->nparams || t->params[i] <= 0)
		return def;
	return t->params[i];
}

static void reply(struct term *t, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len > 0 && write(t->reply_fd, buf, len) < 0)
		return;
}

static void save_cursor(struct term *t)
{
	t->save_y[t->cur] = t->y;
	t->save_x[t->cur] = t->x;
	t->save_gl[t->cur] = t->gl;
	memcpy(t->save_g[t->cur], t->g, 2);
}

static void restore_cursor(struct term *t)
{
	move_to(t, t->save_y[t->cur], t->save_x[t->cur]);
	t->gl = t->save_gl[t->cur];
	memcpy(t->g, t->save_g[t->cur], 2);
	if (t->g[0] != '0')
		t->g[0] = 'B';
	if (t->g[1] != '0')
		t->g[1] = 'B';
}

static void set_alt(struct term *t, bool on, bool cursor)
{
	if (on == (t->cur == 1))
		return;
	if (on) {
		if (cursor)
			save_cursor(t);
		t->cur = 1;
		clear_rows(t, 0, t->rows);
	} else {
		t->cur = 0;
		if (cursor) {
			t->save_y[0] = t->save_y[1];
			t->save_x[0] = t->save_x[1];
			restore_cursor(t);
		}
	}
}

static void private_mode(struct term *t, int mode, bool on)
{
	switch (mode) {
	case 7:
		t->autowrap = on;
		break;
	case 47:
	case 1047:
		set_alt(t, on, false);
		break;
	case 1048:
		if (on)
			save_cursor(t);
		else
			restore_cursor(t);
		break;
	case 1049:
		if (on) {
			save_cursor(t);
			set_alt(t, true, false);
		} else {
			set_alt(t, false, false);
			restore_cursor(t);
		}
		break;
	}
}

static void erase_display(struct term *t, int how)
{
	switch (how) {
	case 0:
		clear_cells(t, t->y, t->x, t->cols);
		clear_rows(t, t->y + 1, t->rows);
		break;
	case 1:
		clear_rows(t, 0, t->y);
		clear_cells(t, t->y, 0, t->x + 1);
		break;
	case 2:
	case 3:
		clear_rows(t, 0, t->rows);
		break;
	}
}

static void erase_line(struct term *t, int how)
{
	switch (how) {
	case 0:
		clear_cells(t, t->y, t->x, t->cols);
		break;
	case 1:
		clear_cells(t, t->y, 0, t->x + 1);
		break;
	case 2:
		clear_cells(t, t->y, 0, t->cols);
		break;
	}
}

static void csi_dispatch(struct term *t, char c)
{
	int n = param(t, 0, 1), i, x;

	if (t->inter == '!' && c == 'p') {	/* DECSTR soft reset */
		t->autowrap = true;
		t->insert = false;
		t->top = 0;
		t->bot = t->rows - 1;
		t->g[0] = t->g[1] = 'B';
		t->gl = 0;
		return;
	}
	if (t->inter)
		return;
	if (t->priv == '?') {
		if (c == 'h' || c == 'l')
			for (i = 0; i < t->nparams; i++)
				private_mode(t, t->params[i], c == 'h');
		return;
	}
	if (t->priv)
		return;
	switch (c) {
	case '@':	/* ICH */
		for (x = t->cols - 1; x >= t->x + n; x--)
			*cell(t, t->y, x) = *cell(t, t->y, x - n);
		clear_cells(t, t->y, t->x, t->x + n);
		t->wrapnext = false;
		break;
	case 'A':
		move_to(t, t->y - n < t->top && t->y >= t->top ? t->top :
			t->y - n, t->x);
		break;
	case 'B':
	case 'e':
		move_to(t, t->y + n > t->bot && t->y <= t->bot ? t->bot :
			t->y + n, t->x);
		break;
	case 'C':
	case 'a':
		move_to(t, t->y, t->x + n);
		break;
	case 'D':
		move_to(t, t->y, t->x - n);
		break;
	case 'E':
		move_to(t, t->y + n, 0);
		break;
	case 'F':
		move_to(t, t->y - n, 0);
		break;
	case 'G':
	case '`':
		move_to(t, t->y, n - 1);
		break;
	case 'H':
	case 'f':
		move_to(t, param(t, 0, 1) - 1, param(t, 1, 1) - 1);
		break;
	case 'I':	/* CHT */
		for (i = 0; i < n; i++)
			move_to(t, t->y, (t->x / 8 + 1) * 8);
		break;
	case 'Z':	/* CBT */
		for (i = 0; i < n; i++)
			move_to(t, t->y, t->x ? (t->x - 1) / 8 * 8 : 0);
		break;
	case 'J':
		erase_display(t, param(t, 0, 0));
		break;
	case 'K':
		erase_line(t, param(t, 0, 0));
		break;
	case 'L':	/* IL */
		if (t->y >= t->top && t->y <= t->bot)
			scroll_region(t, t->y, t->bot, -n);
		t->x = 0;
		t->wrapnext = false;
		break;
	case 'M':	/* DL */
		if (t->y >= t->top && t->y <= t->bot)
			scroll_region(t, t->y, t->bot, n);
		t->x = 0;
		t->wrapnext = false;
		break;
	case 'P':	/* DCH */
		for (x = t->x; x < t->cols; x++)
			*cell(t, t->y, x) = x + n < t->cols ?
				*cell(t, t->y, x + n) : ' ';
		t->wrapnext = false;
		break;
	case 'S':
		scroll_region(t, t->top, t->bot, n);
		break;
	case 'T':
		scroll_region(t, t->top, t->bot, -n);
		break;
	case 'X':	/* ECH */
		clear_cells(t, t->y, t->x, t->x + n);
		t->wrapnext = false;
		break;
	case 'b':	/* REP */
		for (i = 0; i < n && i < t->rows * t->cols; i++)
			print_char(t, t->last);
		break;
	case 'd':
		move_to(t, n - 1, t->x);
		break;
	case 'h':
	case 'l':
		for (i = 0; i < t->nparams; i++)
			if (t->params[i] == 4)
				t->insert = c == 'h';
		break;
	case 'r': {
		int top = param(t, 0, 1) - 1, bot = param(t, 1, t->rows) - 1;

		if (bot >= t->rows)
			bot = t->rows - 1;
		if (top < bot) {
			t->top = top;
			t->bot = bot;
			move_to(t, 0, 0);
		}
		break;
	}
	case 's':
		save_cursor(t);
		break;
	case 'u':
		restore_cursor(t);
		break;
	case 'n':
		if (param(t, 0, 0) == 6)
			reply(t, "\033[%d;%dR", t->y + 1, t->x + 1);
		else if (param(t, 0, 0) == 5)
			reply(t, "\033[0n");
		break;
	case 'c':
		reply(t, "\033[?1;2c");
		break;
	default:	/* m (attributes), t, g, q, ...: nothing on the text */
		break;
	}
}

static void esc_dispatch(struct term *t, char c)
{
	switch (c) {
	case '7':
		save_cursor(t);
		break;
	case '8':
		restore_cursor(t);
		break;
	case 'D':
		line_feed(t);
		break;
	case 'E':
		t->x = 0;
		line_feed(t);
		break;
	case 'M':
		reverse_index(t);
		break;
	case 'c':	/* RIS: both screens blank, everything reset */
		t->cur = 1;
		clear_rows(t, 0, t->rows);
		t->cur = 0;
		clear_rows(t, 0, t->rows);
		reset(t);
		break;
	default:	/* = > H (keypad, tab set) and others */
		break;
	}
}

static void control(struct term *t, uint8_t c)
{
	switch (c) {
	case '\b':
		if (t->x > 0)
			t->x--;
		t->wrapnext = false;
		break;
	case '\t':
		move_to(t, t->y, (t->x / 8 + 1) * 8);
		break;
	case '\n':
	case '\v':
	case '\f':
		line_feed(t);
		break;
	case '\r':
		t->x = 0;
		t->wrapnext = false;
		break;
	case 0x0e:	/* SO */
		t->gl = 1;
		break;
	case 0x0f:	/* SI */
		t->gl = 0;
		break;
	default:	/* NUL (padding), BEL, ... */
		break;
	}
}

static void feed_byte(struct term *t, uint8_t c)
{
	/* A control character acts even in the middle of a sequence. */
	if (c == 0x1b && t->state != OSC && t->state != STRING) {
		t->state = ESC;
		t->esc_inter = 0;
		return;
	}
	if (c == 0x18 || c == 0x1a) {	/* CAN, SUB */
		t->state = GROUND;
		return;
	}
	switch (t->state) {
	case GROUND:
		if (c < 0x20 || c == 0x7f) {
			control(t, c);
			t->need = 0;
		} else if (c < 0x80) {
			t->need = 0;
			print_char(t, c);
		} else if (t->need && (c & 0xc0) == 0x80) {
			t->cp = t->cp << 6 | (c & 0x3f);
			if (!--t->need)
				print_char(t, t->cp);
		} else if ((c & 0xe0) == 0xc0) {
			t->cp = c & 0x1f;
			t->need = 1;
		} else if ((c & 0xf0) == 0xe0) {
			t->cp = c & 0x0f;
			t->need = 2;
		} else if ((c & 0xf8) == 0xf0) {
			t->cp = c & 0x07;
			t->need = 3;
		} else {
			t->need = 0;
			print_char(t, '?');
		}
		break;
	case ESC:
		if (c < 0x20) {
			control(t, c);
		} else if (c == '[') {
			t->state = CSI;
			t->nparams = 0;
			t->param_started = false;
			memset(t->params, 0, sizeof(t->params));
			t->priv = 0;
			t->inter = 0;
		} else if (c == ']') {
			t->state = OSC;
		} else if (c == 'P' || c == '^' || c == '_' || c == 'X') {
			t->state = STRING;
		} else if (c >= 0x20 && c <= 0x2f) {
			t->esc_inter = c;
			t->state = ESC_INTER;
		} else {
			t->state = GROUND;
			esc_dispatch(t, c);
		}
		break;
	case ESC_INTER:
		if (c >= 0x20 && c <= 0x2f)
			break;
		t->state = GROUND;
		if (t->esc_inter == '(')
			t->g[0] = c == '0' ? '0' : 'B';
		else if (t->esc_inter == ')')
			t->g[1] = c == '0' ? '0' : 'B';
		break;
	case CSI:
		if (c < 0x20) {
			control(t, c);
		} else if (c >= '0' && c <= '9') {
			if (!t->param_started) {
				t->param_started = true;
				if (t->nparams < MAX_PARAMS)
					t->nparams++;
			}
			if (t->params[t->nparams - 1] < 100000)
				t->params[t->nparams - 1] =
					t->params[t->nparams - 1] * 10 + c - '0';
		} else if (c == ';' || c == ':') {
			if (!t->param_started && t->nparams < MAX_PARAMS)
				t->nparams++;
			t->param_started = false;
		} else if (c >= '<' && c <= '?') {
			t->priv = c;
		} else if (c >= 0x20 && c <= 0x2f) {
			t->inter = c;
		} else if (c >= 0x40 && c <= 0x7e) {
			t->state = GROUND;
			csi_dispatch(t, c);
		} else {
			t->state = GROUND;
		}
		break;
	case OSC:
	case STRING:
		if (c == 0x07)
			t->state = GROUND;
		else if (c == 0x1b)
			t->state = t->state == OSC ? OSC_ESC : STRING_ESC;
		break;
	case OSC_ESC:
	case STRING_ESC:
		/* ESC \ ends the string; anything else: keep skipping */
		t->state = c == '\\' ? GROUND :
			   t->state == OSC_ESC ? OSC : STRING;
		break;
	}
}

static size_t put_utf8(char *p, uint32_t c)
{
	if (c < 0x80) {
		p[0] = c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = 0xc0 | c >> 6;
		p[1] = 0x80 | (c & 0x3f);
		return 2;
	}
	if (c < 0x10000) {
		p[0] = 0xe0 | c >> 12;
		p[1] = 0x80 | (c >> 6 & 0x3f);
		p[2] = 0x80 | (c & 0x3f);
		return 3;
	}
	p[0] = 0xf0 | (c >> 18 & 0x07);
	p[1] = 0x80 | (c >> 12 & 0x3f);
	p[2] = 0x80 | (c >> 6 & 0x3f);
	p[3] = 0x80 | (c & 0x3f);
	return 4;
}

static char *path_in_dir(const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		die("out of memory");
	return p;
}

/* Write @text to DIR/@name at once: a temporary file renamed over it. */
static void write_file(const char *name, const char *text, size_t len)
{
	char *tmp, *path = path_in_dir(name);
	FILE *f;

	if (asprintf(&tmp, "%s/.%s.tmp", dir, name) < 0)
		die("out of memory");
	f = fopen(tmp, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f))
		die("cannot write %s: %s", tmp, strerror(errno));
	if (rename(tmp, path))
		die("cannot rename %s: %s", tmp, strerror(errno));
	free(tmp);
	free(path);
}

static void write_screen(struct term *t)
{
	char *text = malloc((size_t)t->rows * (t->cols * 4 + 1) + 1), *p;
	int y, x;

	if (!text)
		die("out of memory");
	p = text;
	for (y = 0; y < t->rows; y++) {
		char *end = p;

		for (x = 0; x < t->cols; x++) {
			uint32_t c = *cell(t, y, x);

			p += put_utf8(p, c);
			if (c != ' ')
				end = p;
		}
		p = end;
		*p++ = '\n';
	}
	write_file("screen", text, p - text);
	free(text);
	dirty = false;
}

static bool parse_size(const char *arg, int *cols, int *rows)
{
	char x;

	return sscanf(arg, "%d%c%d", cols, &x, rows) == 3 && x == 'x' &&
	       *cols >= 2 && *cols <= MAX_DIM && *rows >= 2 &&
	       *rows <= MAX_DIM;
}

static int open_fifo(const char *name)
{
	char *path = path_in_dir(name);
	int fd;

	unlink(path);
	if (mkfifo(path, 0600))
		die("cannot make %s: %s", path, strerror(errno));
	/* read-write: writers never block, and it never reports EOF */
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		die("cannot open %s: %s", path, strerror(errno));
	free(path);
	return fd;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Control commands, one a line; a partial line waits for its end. */
static void do_ctl(struct term *t, int master, char *buf, size_t *len)
{
	char *nl;

	while ((nl = memchr(buf, '\n', *len))) {
		int cols, rows;

		*nl = '\0';
		if (!strncmp(buf, "resize ", 7) &&
		    parse_size(buf + 7, &cols, &rows)) {
			struct winsize ws = { .ws_row = rows, .ws_col = cols };

			term_resize(t, rows, cols);
			/* the kernel sends SIGWINCH to the foreground group */
			if (ioctl(master, TIOCSWINSZ, &ws))
				die("TIOCSWINSZ: %s", strerror(errno));
		} else {
			fprintf(stderr, "mosix-pty: unknown control '%s'\n",
				buf);
		}
		*len -= nl + 1 - buf;
		memmove(buf, nl + 1, *len);
	}
	if (*len == 1024)
		*len = 0;
}

static void usage(void)
{
	fputs("usage: mosix-pty [-s COLSxROWS] [-e TERM] [-t SECS] DIR CMD "
	      "[ARG...]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int cols = 80, rows = 24, timeout_s = 300, opt, master, keys, ctl,
	    out, status = 0, rc;
	const char *termname = "xterm";
	char ctlbuf[1024], buf[4096], num[16];
	size_t ctl_len = 0, out_len = 0;
	double start, last_output = 0, last_write = 0;
	bool exited = false, eof = false, timed_out = false;
	struct winsize ws;
	struct term t;
	pid_t child;
	char *path;

	while ((opt = getopt(argc, argv, "+s:e:t:")) != -1) {
		switch (opt) {
		case 's':
			if (!parse_size(optarg, &cols, &rows))
				usage();
			break;
		case 'e':
			termname = optarg;
			break;
		case 't':
			timeout_s = atoi(optarg);
			if (timeout_s <= 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (argc - optind < 2)
		usage();
	dir = argv[optind];
	if (mkdir(dir, 0755) && errno != EEXIST)
		die("cannot make %s: %s", dir, strerror(errno));
	path = path_in_dir("status");
	unlink(path);
	free(path);
	keys = open_fifo("keys");
	ctl = open_fifo("ctl");
	path = path_in_dir("out");
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0)
		die("cannot open %s: %s", path, strerror(errno));
	free(path);

	ws = (struct winsize){ .ws_row = rows, .ws_col = cols };
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0)
		die("forkpty: %s", strerror(errno));
	if (!child) {
		setenv("TERM", termname, 1);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		execvp(argv[optind + 1], argv + optind + 1);
		fprintf(stderr, "mosix-pty: cannot run %s: %s\n",
			argv[optind + 1], strerror(errno));
		_exit(127);
	}
	fcntl(master, F_SETFD, FD_CLOEXEC);
	signal(SIGPIPE, SIG_IGN);
	term_init(&t, rows, cols, master);
	write_screen(&t);
	start = now();

	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = eof ? -1 : master, .events = POLLIN },
			{ .fd = keys, .events = POLLIN },
			{ .fd = ctl, .events = POLLIN },
		};
		double tnow = now();
		ssize_t n;

		if (dirty && (tnow - last_output > 0.03 ||
			      tnow - last_write > 0.2)) {
			write_screen(&t);
			last_write = tnow;
		}
		if (!exited) {
			pid_t w = waitpid(child, &status, WNOHANG);

			if (w == child) {
				exited = true;
				/* what it wrote last may still be in the pty */
				last_output = tnow;
			}
		}
		if (exited && (eof || tnow - last_output > 0.3))
			break;
		if (!exited && !timed_out && tnow - start > timeout_s) {
			kill(-child, SIGKILL);
			kill(child, SIGKILL);
			timed_out = true;
		}
		rc = poll(pfd, 3, dirty ? 30 : 50);
		if (rc < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (rc <= 0)
			continue;
		if (pfd[0].revents) {
			n = read(master, buf, sizeof(buf));
			if (n > 0) {
				ssize_t i;

				if (out_len < OUT_MAX &&
				    write(out, buf, n) == n)
					out_len += n;
				for (i = 0; i < n; i++)
					feed_byte(&t, buf[i]);
				dirty = true;
				last_output = now();
			} else if (n == 0 || (errno != EINTR &&
					      errno != EAGAIN)) {
				/* EIO: every process closed the terminal */
				eof = true;
			}
		}
		if (pfd[1].revents & POLLIN) {
			n = read(keys, buf, sizeof(buf));
			if (n > 0 && write(master, buf, n) != n)
				fprintf(stderr, "mosix-pty: keys lost\n");
		}
		if (pfd[2].revents & POLLIN) {
			n = read(ctl, ctlbuf + ctl_len,
				 sizeof(ctlbuf) - ctl_len);
			if (n > 0) {
				ctl_len += n;
				do_ctl(&t, master, ctlbuf, &ctl_len);
			}
		}
	}
	write_screen(&t);
	if (timed_out)
		rc = 124;
	else if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		rc = 128 + WTERMSIG(status);
	else
		rc = 1;
	snprintf(num, sizeof(num), "%d\n", rc);
	write_file("status", num, strlen(num));
	free(t.buf[0]);
	free(t.buf[1]);
	return rc;
}
