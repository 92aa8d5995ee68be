// SPDX-License-Identifier: GPL-2.0
/*
 * mosmon: the views as lines of text, the same for the live view and for
 * batch mode.
 *
 * Every node row starts with the same columns:
 *
 *	    ID  ADDRESS         <view columns>  <bar>
 *	    1*  10.0.0.1          0.25  ############
 *
 * ('*' marks this node).  A node that is down shows DOWN and how long it
 * has been silent instead of its (stale) values; one never heard from
 * shows "-".
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mosmon.h"
#include "output.h"

const struct view_desc views[VIEW_COUNT] = {
	[VIEW_LOAD]	= { "load", 'l', "load", "load" },
	[VIEW_SPEED]	= { "speed", 's', "speed", "speed & CPUs" },
	[VIEW_MEM]	= { "mem", 'm', "memory", "memory" },
	[VIEW_GUESTS]	= { "guests", 'g', "guests", "guests & away" },
};

/* Where the columns after ID and ADDRESS start. */
#define COL_VALUES	23
/* Where each view's bar starts. */
#define BAR_LOAD	31
#define BAR_SPEED	46
#define BAR_MEM		46
#define BAR_GUESTS	38

static int by_id(const void *a, const void *b)
{
	const struct mosix_node_info *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int snapshot_take(struct snapshot *snap)
{
	struct mosix_node_info *nodes;
	size_t count;
	int err = ipc_node_dump(&nodes, &count);

	if (err)
		return err;
	if (count)
		qsort(nodes, count, sizeof(*nodes), by_id);
	free(snap->nodes);
	snap->nodes = nodes;
	snap->count = count;
	clock_gettime(CLOCK_REALTIME, &snap->when);
	return 0;
}

void snapshot_free(struct snapshot *snap)
{
	free(snap->nodes);
	snap->nodes = NULL;
	snap->count = 0;
}

static int clamp_width(int width)
{
	if (width < WIDTH_MIN)
		return WIDTH_MIN;
	return width > WIDTH_MAX ? WIDTH_MAX : width;
}

static void blank(char *buf, int width)
{
	memset(buf, ' ', width);
	buf[width] = '\0';
}

/* @text at column @col, clipped to the line; returns the column after it. */
static int put(char *buf, int width, int col, const char *text)
{
	for (; *text && col < width; text++, col++)
		if (col >= 0)
			buf[col] = *text;
	return col;
}

__printf(4, 5)
static int putf(char *buf, int width, int col, const char *fmt, ...)
{
	char text[WIDTH_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return put(buf, width, col, text);
}

static void fill(char *buf, int width, int col, int len, char c)
{
	for (; len > 0 && col < width; len--, col++)
		if (col >= 0)
			buf[col] = c;
}

/* Columns left for a bar starting at @start; the last column stays blank. */
static int bar_width(int width, int start)
{
	return width - start - 1 > 0 ? width - start - 1 : 0;
}

/* @val / @max of @wb columns, rounded down, at most @wb. */
static int bar_len(uint64_t val, uint64_t max, int wb)
{
	uint64_t len;

	if (!max)
		return 0;
	len = val * wb / max;
	return len > (uint64_t)wb ? wb : (int)len;
}

static bool is_live(const struct mosix_node_info *node)
{
	return node->state == MOSIX_NODE_UP || node->state == MOSIX_NODE_SELF;
}

static const char *addr_text(const struct mosix_node_info *node, char *buf,
			     size_t len)
{
	struct in_addr in = { .s_addr = node->addr };

	if (!node_has(node, MOSIX_NODE_A_ADDR) ||
	    !inet_ntop(AF_INET, &in, buf, len))
		return "-";
	return buf;
}

static const struct mosix_node_info *self_of(const struct snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->count; i++)
		if (snap->nodes[i].state == MOSIX_NODE_SELF)
			return &snap->nodes[i];
	return NULL;
}

void render_title(const struct snapshot *snap, enum view view, char *buf,
		  int width)
{
	const struct mosix_node_info *self = self_of(snap);
	unsigned int up = 0, down = 0, unknown = 0;
	char right[64], clock[16];
	struct tm tm;
	size_t i;
	int col;

	width = clamp_width(width);
	blank(buf, width);
	for (i = 0; i < snap->count; i++) {
		if (is_live(&snap->nodes[i]))
			up++;
		else if (snap->nodes[i].state == MOSIX_NODE_DOWN)
			down++;
		else
			unknown++;
	}
	if (self)
		col = putf(buf, width, 0, "mosmon: node %" PRIu32 ", ",
			   self->id);
	else
		col = put(buf, width, 0, "mosmon: ");
	col = putf(buf, width, col, "%zu node%s: %u up", snap->count,
		   snap->count == 1 ? "" : "s", up);
	if (down)
		col = putf(buf, width, col, ", %u down", down);
	if (unknown)
		col = putf(buf, width, col, ", %u unknown", unknown);

	clock[0] = '\0';
	if (localtime_r(&snap->when.tv_sec, &tm))
		strftime(clock, sizeof(clock), "  %H:%M:%S", &tm);
	snprintf(right, sizeof(right), "  %s view%s", views[view].title, clock);
	/* the clock goes first when the line is too short */
	if (col + (int)strlen(right) > width)
		snprintf(right, sizeof(right), "  %s view", views[view].title);
	put(buf, width, width - (int)strlen(right), right);
}

/* A scale label: the text of tick @k of @steps. */
typedef void (*label_fn)(char *buf, size_t len, unsigned int k,
			 unsigned int steps);

static void label_loads(char *buf, size_t len, unsigned int k,
			unsigned int steps)
{
	(void)steps;
	snprintf(buf, len, "%u", k);
}

static void label_percent(char *buf, size_t len, unsigned int k,
			  unsigned int steps)
{
	snprintf(buf, len, "%u%%", k * 100 / steps);
}

/*
 * Tick labels over a bar of @wb columns from column @start: label k of
 * @steps at start + k * wb / steps, as many as fit with a blank between
 * them; the last one ends at the end of the line if it must.
 */
static void put_scale(char *buf, int width, int start, int wb,
		      unsigned int steps, label_fn label)
{
	char text[24];
	unsigned int k, stride = 1, last = 0;
	int end = -1, len;

	if (wb <= 0 || !steps)
		return;
	label(text, sizeof(text), steps, steps);
	len = strlen(text) + 1;
	/* every stride-th label, stride * wb / steps >= len */
	while ((uint64_t)stride * wb < (uint64_t)len * steps && stride < steps)
		stride++;
	for (k = 0; k <= steps; k += stride) {
		int col = start + (int)((uint64_t)k * wb / steps);

		label(text, sizeof(text), k, steps);
		if (col + (int)strlen(text) > width)
			col = width - strlen(text);
		if (col <= end)
			continue;
		end = put(buf, width, col, text);
		last = k;
	}
	if (last != steps) {
		int col;

		label(text, sizeof(text), steps, steps);
		col = start + wb;
		if (col + (int)strlen(text) > width)
			col = width - strlen(text);
		if (col > end)
			put(buf, width, col, text);
	}
}

/* Full bar of the load view, in loads: at least 1, a whole number. */
static unsigned int load_scale(const struct snapshot *snap)
{
	uint32_t max = 0;
	size_t i;

	for (i = 0; i < snap->count; i++) {
		const struct mosix_node_info *n = &snap->nodes[i];

		if (is_live(n) && node_has(n, MOSIX_NODE_A_LOAD) && n->load > max)
			max = n->load;
	}
	max = (max + MOSIX_LOAD_SCALE - 1) / MOSIX_LOAD_SCALE;
	return max ? max : 1;
}

static uint64_t power_of(const struct mosix_node_info *n)
{
	if (!is_live(n) || !node_has(n, MOSIX_NODE_A_SPEED) ||
	    !node_has(n, MOSIX_NODE_A_CPUS))
		return 0;
	return (uint64_t)n->speed * n->cpus;
}

/* Full bar of the speed view: the largest speed x CPUs. */
static uint64_t power_scale(const struct snapshot *snap)
{
	uint64_t max = 0;
	size_t i;

	for (i = 0; i < snap->count; i++)
		if (power_of(&snap->nodes[i]) > max)
			max = power_of(&snap->nodes[i]);
	return max;
}

static bool has_counts(const struct mosix_node_info *n)
{
	return is_live(n) && node_has(n, MOSIX_NODE_A_GUESTS) &&
	       node_has(n, MOSIX_NODE_A_AWAY);
}

/* Full bar of the guests view, in processes: at least 4 columns each. */
static uint64_t guests_scale(const struct snapshot *snap, int wb)
{
	uint64_t max = (wb + 3) / 4;
	size_t i;

	for (i = 0; i < snap->count; i++) {
		const struct mosix_node_info *n = &snap->nodes[i];

		if (has_counts(n) && (uint64_t)n->guests + n->away > max)
			max = (uint64_t)n->guests + n->away;
	}
	return max ? max : 1;
}

void render_header(const struct snapshot *snap, enum view view, char *buf,
		   int width)
{
	char num[32];
	int wb;

	width = clamp_width(width);
	blank(buf, width);
	putf(buf, width, 0, "%5s  %-15s ", "ID", "ADDRESS");
	switch (view) {
	case VIEW_LOAD:
		putf(buf, width, COL_VALUES, "%6s", "LOAD");
		put_scale(buf, width, BAR_LOAD, bar_width(width, BAR_LOAD),
			  load_scale(snap), label_loads);
		break;
	case VIEW_SPEED:
		putf(buf, width, COL_VALUES, "%6s %4s %-9s", "SPEED", "CPUS",
		     "CPU");
		putf(buf, width, BAR_SPEED,
		     "speed x CPUs (full bar: %s ref CPUs)",
		     fmt_fixed(num, sizeof(num), power_scale(snap),
			       MOSIX_SPEED_STD, 2));
		break;
	case VIEW_MEM:
		putf(buf, width, COL_VALUES, "%7s %8s %4s", "USED(M)",
		     "TOTAL(M)", "USE%");
		wb = bar_width(width, BAR_MEM);
		put_scale(buf, width, BAR_MEM, wb, wb >= 40 ? 4 : 2,
			  label_percent);
		break;
	case VIEW_GUESTS:
		putf(buf, width, COL_VALUES, "%6s %6s", "GUESTS", "AWAY");
		put(buf, width, BAR_GUESTS, "# guests here, > away from home");
		break;
	case VIEW_COUNT:
		break;
	}
}

/* DOWN or never heard from: say so instead of values; true if so. */
static bool put_absent(const struct mosix_node_info *n, char *buf, int width,
		       struct row_marks *marks)
{
	char num[32];

	if (n->state == MOSIX_NODE_DOWN) {
		put(buf, width, COL_VALUES, "  DOWN");
		marks->alert_start = COL_VALUES + 2;
		marks->alert_len = 4;
		if (node_has(n, MOSIX_NODE_A_AGE_MS))
			putf(buf, width, BAR_LOAD, "no news for %s s",
			     fmt_fixed(num, sizeof(num), n->age_ms, 1000, 0));
		return true;
	}
	if (!is_live(n) || !node_has(n, MOSIX_NODE_A_LOAD)) {
		put(buf, width, COL_VALUES, "     -");
		put(buf, width, BAR_LOAD, "never heard from");
		return true;
	}
	return false;
}

static const char *opt_u32(const struct mosix_node_info *n, int attr,
			   uint32_t val, char *buf, size_t len)
{
	if (!node_has(n, attr))
		return "-";
	snprintf(buf, len, "%" PRIu32, val);
	return buf;
}

static void node_load(const struct snapshot *snap,
		      const struct mosix_node_info *n, char *buf, int width,
		      struct row_marks *marks)
{
	int wb = bar_width(width, BAR_LOAD);
	char num[32];

	putf(buf, width, COL_VALUES, "%6s",
	     fmt_fixed(num, sizeof(num), n->load, MOSIX_LOAD_SCALE, 2));
	marks->bar_start = BAR_LOAD;
	marks->bar_len = bar_len(n->load,
				 (uint64_t)load_scale(snap) * MOSIX_LOAD_SCALE,
				 wb);
	fill(buf, width, BAR_LOAD, marks->bar_len, '#');
}

static void node_speed(const struct snapshot *snap,
		       const struct mosix_node_info *n, char *buf, int width,
		       struct row_marks *marks)
{
	char s[16], c[16];

	putf(buf, width, COL_VALUES, "%6s %4s %-9s",
	     opt_u32(n, MOSIX_NODE_A_SPEED, n->speed, s, sizeof(s)),
	     opt_u32(n, MOSIX_NODE_A_CPUS, n->cpus, c, sizeof(c)),
	     node_has(n, MOSIX_NODE_A_CPU_CLASS) ? n->cpu_class : "-");
	marks->bar_start = BAR_SPEED;
	marks->bar_len = bar_len(power_of(n), power_scale(snap),
				 bar_width(width, BAR_SPEED));
	fill(buf, width, BAR_SPEED, marks->bar_len, '#');
}

static void node_mem(const struct mosix_node_info *n, char *buf, int width,
		     struct row_marks *marks)
{
	int wb = bar_width(width, BAR_MEM);
	uint64_t used;
	char u[32], t[32];

	if (!node_has(n, MOSIX_NODE_A_MEM_TOTAL) || !node_has(n, MOSIX_NODE_A_MEM_FREE) ||
	    !n->mem_total) {
		putf(buf, width, COL_VALUES, "%7s %8s %4s", "-", "-", "-");
		return;
	}
	used = n->mem_free < n->mem_total ? n->mem_total - n->mem_free : 0;
	putf(buf, width, COL_VALUES, "%7s %8s %3" PRIu64 "%%",
	     fmt_fixed(u, sizeof(u), used, 1 << 20, 0),
	     fmt_fixed(t, sizeof(t), n->mem_total, 1 << 20, 0),
	     (used * 100 + n->mem_total / 2) / n->mem_total);
	marks->bar_start = BAR_MEM;
	marks->bar_len = bar_len(used, n->mem_total, wb);
	fill(buf, width, BAR_MEM, wb, '.');
	fill(buf, width, BAR_MEM, marks->bar_len, '#');
}

static void node_guests(const struct snapshot *snap,
			const struct mosix_node_info *n, char *buf, int width,
			struct row_marks *marks)
{
	int wb = bar_width(width, BAR_GUESTS), g, a;
	uint64_t scale = guests_scale(snap, wb);
	char gs[16], as[16];

	putf(buf, width, COL_VALUES, "%6s %6s",
	     opt_u32(n, MOSIX_NODE_A_GUESTS, n->guests, gs, sizeof(gs)),
	     opt_u32(n, MOSIX_NODE_A_AWAY, n->away, as, sizeof(as)));
	if (!has_counts(n))
		return;
	g = bar_len(n->guests, scale, wb);
	a = bar_len(n->away, scale, wb);
	/* a process or more is never shown as nothing */
	if (n->guests && !g && wb > 1)
		g = 1;
	if (n->away && !a && g < wb)
		a = 1;
	if (g + a > wb)
		a = wb - g;
	marks->bar_start = BAR_GUESTS;
	marks->bar_len = g;
	fill(buf, width, BAR_GUESTS, g, '#');
	fill(buf, width, BAR_GUESTS + g, a, '>');
}

void render_node(const struct snapshot *snap, enum view view, size_t i,
		 char *buf, int width, struct row_marks *marks)
{
	const struct mosix_node_info *n = &snap->nodes[i];
	char addr[INET_ADDRSTRLEN];

	width = clamp_width(width);
	blank(buf, width);
	memset(marks, 0, sizeof(*marks));
	putf(buf, width, 0, "%5" PRIu32 "%c %-15s ", n->id,
	     n->state == MOSIX_NODE_SELF ? '*' : ' ',
	     addr_text(n, addr, sizeof(addr)));
	if (put_absent(n, buf, width, marks))
		return;
	switch (view) {
	case VIEW_LOAD:
		node_load(snap, n, buf, width, marks);
		break;
	case VIEW_SPEED:
		node_speed(snap, n, buf, width, marks);
		break;
	case VIEW_MEM:
		node_mem(n, buf, width, marks);
		break;
	case VIEW_GUESTS:
		node_guests(snap, n, buf, width, marks);
		break;
	case VIEW_COUNT:
		break;
	}
}
