// SPDX-License-Identifier: GPL-2.0
/*
 * mosmon: the live view.
 *
 *	line 0		title: this node, how many nodes are up, view, time
 *	line 1		column headings of the view
 *	lines 2..	one node each, scrolled when they do not all fit
 *	line LINES-2	scroll position, or why the last update failed
 *	line LINES-1	the keys
 *
 * The nodes are dumped again every @delay seconds, for their loads, and
 * at once when the kernel's events group says that something changed (a
 * node up or down, added or removed, a process moved); a key redraws at
 * once.
 */
#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mosmon.h"

#define PAIR_BAR	1
#define PAIR_ALERT	2

/* Lines that are not node rows: title, headings, status, keys. */
#define FIXED_LINES	4
#define ROWS_MIN	(FIXED_LINES + 1)
/* The whole key line: "l load  s speed ... q quit" */
#define KEYS_WIDTH	70

struct live {
	struct snapshot *snap;
	enum view view;
	size_t top;		/* index of the first node shown */
	int err;		/* of the last update, 0 if it worked */
	bool colors;
};

/* The signal that asks us to stop (INT, TERM, HUP), or 0. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* Stop cleanly (the terminal restored) on ^C, kill or hangup. */
static void catch_stop_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_stop_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int body_rows(void)
{
	return LINES - FIXED_LINES > 0 ? LINES - FIXED_LINES : 0;
}

/* Keep the first node shown within what can be shown. */
static void clamp_top(struct live *lv)
{
	size_t body = body_rows();

	if (lv->snap->count <= body)
		lv->top = 0;
	else if (lv->top > lv->snap->count - body)
		lv->top = lv->snap->count - body;
}

static void scroll_by(struct live *lv, long delta)
{
	if (delta < 0 && (size_t)-delta > lv->top)
		lv->top = 0;
	else
		lv->top += delta;
	clamp_top(lv);
}

static void draw_row(const struct live *lv, int y, size_t i, int width)
{
	char buf[WIDTH_MAX + 1];
	struct row_marks marks;

	render_node(lv->snap, lv->view, i, buf, width, &marks);
	mvaddnstr(y, 0, buf, width);
	if (marks.bar_len > 0 && lv->colors)
		mvchgat(y, marks.bar_start, marks.bar_len, A_BOLD, PAIR_BAR,
			NULL);
	if (marks.alert_len > 0)
		mvchgat(y, marks.alert_start, marks.alert_len,
			A_BOLD | (lv->colors ? 0 : A_REVERSE),
			lv->colors ? PAIR_ALERT : 0, NULL);
}

static void draw_status(const struct live *lv, int y, int width)
{
	size_t body = body_rows(), count = lv->snap->count;
	char buf[WIDTH_MAX + 1] = "";

	if (lv->err) {
		snprintf(buf, sizeof(buf), "update failed: %s",
			 ipc_strerror(lv->err));
	} else if (!count) {
		snprintf(buf, sizeof(buf), "no nodes");
	} else if (count > body) {
		size_t last = lv->top + body < count ? lv->top + body : count;

		snprintf(buf, sizeof(buf),
			 "nodes %zu-%zu of %zu (scroll: Up Down PgUp PgDn)",
			 lv->top + 1, last, count);
	}
	if (lv->err)
		attron(A_BOLD);
	mvaddnstr(y, 0, buf, width);
	attroff(A_BOLD);
}

/* Add @text at the cursor, at most up to column @width. */
static void add_clipped(const char *text, int width)
{
	int y, x;

	getyx(stdscr, y, x);
	(void)y;
	if (x < width)
		addnstr(text, width - x);
}

/* "l load  s speed  ...  q quit", keys in bold, the current view reversed. */
static void draw_keys(const struct live *lv, int y, int width)
{
	struct item {
		const char *key, *what;
		int view;
	} items[VIEW_COUNT + 2];
	char key[2] = "";
	size_t n = 0, i;
	int v;

	/* narrow: "l load s speed m memory g guests q quit" */
	bool narrow = width < KEYS_WIDTH;

	for (v = 0; v < VIEW_COUNT; v++)
		items[n++] = (struct item){ NULL, views[v].help, v };
	if (!narrow)
		items[n++] = (struct item){ "Up Down PgUp PgDn", "scroll",
					    -1 };
	items[n++] = (struct item){ "q", "quit", -1 };
	move(y, 0);
	for (i = 0; i < n; i++) {
		int attr = items[i].view == (int)lv->view ? A_REVERSE : 0;

		if (i)
			add_clipped(narrow ? " " : "  ", width);
		if (!items[i].key)
			key[0] = views[items[i].view].key;
		attron(A_BOLD | attr);
		add_clipped(items[i].key ? items[i].key : key, width);
		attroff(A_BOLD);
		add_clipped(" ", width);
		add_clipped(items[i].what, width);
		attroff(attr);
	}
}

static void draw(const struct live *lv)
{
	char buf[WIDTH_MAX + 1];
	int width = COLS < WIDTH_MAX ? COLS : WIDTH_MAX;
	size_t body = body_rows(), r;

	erase();
	if (COLS < WIDTH_MIN || LINES < ROWS_MIN) {
		snprintf(buf, sizeof(buf), "terminal too small: mosmon needs "
			 "%dx%d", WIDTH_MIN, ROWS_MIN);
		mvaddnstr(0, 0, buf, COLS);
		refresh();
		return;
	}
	render_title(lv->snap, lv->view, buf, width);
	attron(A_REVERSE);
	mvaddnstr(0, 0, buf, width);
	attroff(A_REVERSE);
	render_header(lv->snap, lv->view, buf, width);
	attron(A_BOLD);
	mvaddnstr(1, 0, buf, width);
	attroff(A_BOLD);
	for (r = 0; r < body && lv->top + r < lv->snap->count; r++)
		draw_row(lv, 2 + r, lv->top + r, width);
	draw_status(lv, LINES - 2, width - 1);
	draw_keys(lv, LINES - 1, width - 1);
	refresh();
}

static bool view_key(struct live *lv, int ch)
{
	int v;

	if (ch < 0 || ch > 255)
		return false;
	for (v = 0; v < VIEW_COUNT; v++)
		if (tolower(ch) == views[v].key) {
			lv->view = v;
			return true;
		}
	return false;
}

static void setup_colors(struct live *lv)
{
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	if (init_pair(PAIR_BAR, COLOR_GREEN, -1) == ERR ||
	    init_pair(PAIR_ALERT, COLOR_RED, -1) == ERR)
		return;
	lv->colors = true;
}

/* Act on key @ch; true when it quits. */
static bool handle_key(struct live *lv, int ch, double *next)
{
	switch (ch) {
	case KEY_RESIZE:
		break;
	case 'q':
	case 'Q':
		return true;
	case ' ':
		*next = now_mono();
		break;
	case 'L' & 0x1f:	/* ^L: redraw everything */
		clearok(curscr, TRUE);
		break;
	case KEY_UP:
		scroll_by(lv, -1);
		break;
	case KEY_DOWN:
		scroll_by(lv, 1);
		break;
	case KEY_PPAGE:
		scroll_by(lv, -(long)(body_rows() ? body_rows() : 1));
		break;
	case KEY_NPAGE:
		scroll_by(lv, body_rows() ? body_rows() : 1);
		break;
	case KEY_HOME:
		lv->top = 0;
		break;
	case KEY_END:
		lv->top = lv->snap->count;
		clamp_top(lv);
		break;
	default:
		view_key(lv, ch);
	}
	return false;
}

/* Every event changes what is shown: the nodes are dumped again. */
static void on_event(const struct mosix_event_info *event, void *arg)
{
	bool *changed = arg;

	(void)event;
	*changed = true;
}

/*
 * Sleep until a key, an event or the update due at @next; an event
 * brings the update forward.  When reading events fails, *@events is
 * closed: the view goes on with the updates every @delay.
 */
static void wait_input(struct ipc_events **events, double *next)
{
	struct pollfd fds[] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = *events ? ipc_events_fd(*events) : -1, .events = POLLIN },
	};
	int wait_ms = (int)((*next - now_mono()) * 1000) + 1;
	bool changed = false;
	int err;

	if (poll(fds, ARRAY_SIZE(fds), wait_ms > 0 ? wait_ms : 0) <= 0 ||
	    !fds[1].revents)
		return;
	/* Events lost (-ENOBUFS) may have changed anything, too. */
	err = ipc_events_read(*events, on_event, &changed);
	if (err && err != -ENOBUFS) {
		ipc_events_close(*events);
		*events = NULL;
	}
	if (changed || err)
		*next = now_mono();
}

int screen_run(struct snapshot *snap, enum view view, double delay)
{
	struct live lv = { .snap = snap, .view = view };
	double next = now_mono() + delay;
	const char *term = getenv("TERM");
	struct ipc_events *events;
	bool quit = false, keys;
	SCREEN *scr;
	int ch;

	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		errmsg("cannot use this terminal (TERM=%s): no terminfo entry "
		       "for it?", term && *term ? term : "unset");
		return EXIT_FAILURE;
	}
	/* Without the events group, changes show at the next update. */
	if (ipc_events_open(&events, true))
		events = NULL;
	set_term(scr);
	catch_stop_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	setup_colors(&lv);
	timeout(0);

	while (!quit && !stop_signal) {
		double now = now_mono();

		if (now >= next) {
			lv.err = snapshot_take(snap);
			next += delay;
			if (next <= now)
				next = now + delay;
		}
		clamp_top(&lv);
		draw(&lv);
		keys = false;
		while (!quit && (ch = getch()) != ERR) {
			quit = handle_key(&lv, ch, &next);
			keys = true;
		}
		if (!keys && !quit)
			wait_input(&events, &next);
	}
	if (events)
		ipc_events_close(events);
	endwin();
	delscreen(scr);
	/* ^C is a way to quit; killed or hung up, die of it as usual */
	if (stop_signal && stop_signal != SIGINT) {
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	return EXIT_SUCCESS;
}
