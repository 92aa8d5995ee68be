/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mosmon: what main.c (options, batch mode), render.c (the views as text)
 * and screen.c (the live ncurses view) share.
 */
#ifndef MOSMON_H
#define MOSMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ipc.h"
#include "output.h"

#define PROG_NAME	"mosmon"
#define MOSMON_VERSION	"0.1"

/* Narrowest and widest line drawn; wider terminals get blank space. */
#define WIDTH_MIN	40
#define WIDTH_MAX	512

enum view {
	VIEW_LOAD,
	VIEW_SPEED,
	VIEW_MEM,
	VIEW_GUESTS,
	VIEW_COUNT
};

struct view_desc {
	const char *name;	/* for -v */
	int key;		/* in the live view */
	const char *help;	/* on the help line */
	const char *title;	/* on the title line: "TITLE view" */
};

extern const struct view_desc views[VIEW_COUNT];

/* Every node, as one MOSIX_CMD_NODE_GET dump told it. */
struct snapshot {
	struct mosix_node_info *nodes;	/* sorted by id */
	size_t count;
	struct timespec when;		/* CLOCK_REALTIME of the dump */
};

/* 0 or an ipc error (see ipc_strerror()); @snap is left alone on error. */
int snapshot_take(struct snapshot *snap);
void snapshot_free(struct snapshot *snap);

/* How a node row is drawn, besides its text. */
struct row_marks {
	int bar_start, bar_len;	/* the filled part of its bar, if any */
	int alert_start, alert_len;	/* "DOWN", if it is down */
};

/*
 * The lines of a view, each exactly @width (WIDTH_MIN..WIDTH_MAX) columns
 * of ASCII, blank padded, written to @buf (@width + 1 bytes).
 */
void render_title(const struct snapshot *snap, enum view view, char *buf,
		  int width);
void render_header(const struct snapshot *snap, enum view view, char *buf,
		   int width);
void render_node(const struct snapshot *snap, enum view view, size_t i,
		 char *buf, int width, struct row_marks *marks);

/* screen.c: the live view until 'q'; returns the exit code. */
int screen_run(struct snapshot *snap, enum view view, double delay);

#endif /* MOSMON_H */
