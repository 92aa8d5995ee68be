// SPDX-License-Identifier: GPL-2.0
/*
 * mosmon - watch the nodes of a neomosix cluster.
 *
 * Without -b: a live ncurses view (screen.c).  With -b: the same view as
 * text, or with -j as JSON, printed once or every -d seconds -n times.
 * The nodes come from the kernel's MOSIX_CMD_NODE_GET dump, through the
 * tools' netlink layer (tools/common/ipc.c); the live view also listens
 * to the kernel's events.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "mosmon.h"
#include "node_fields.h"

#define DELAY_DEFAULT	1.0
#define DELAY_MIN	0.1
#define DELAY_MAX	3600.0
#define BATCH_WIDTH	80

struct options {
	bool batch, json, has_count;
	unsigned long count;	/* -n: 0 is forever */
	double delay;		/* -d */
	enum view view;		/* -v */
};

const char prog_name[] = PROG_NAME;

static void print_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [-v VIEW] [-d SECS]\n"
	      "       " PROG_NAME " -b [-j] [-v VIEW] [-n COUNT] [-d SECS]\n"
	      "Watch the load of every node of the neomosix cluster, live.\n"
	      "\n"
	      "Options:\n"
	      "  -b, --batch         print the view as text once (see -n) and"
	      " exit\n"
	      "  -j, --json          print a JSON array of the nodes instead"
	      " (implies -b)\n"
	      "  -n, --iterations N  with -b: print N times (default 1; 0:"
	      " until killed)\n"
	      "  -d, --delay SECS    seconds between updates (default 1;"
	      " 0.1 to 3600)\n"
	      "  -v, --view VIEW     load (default), speed, mem or guests\n"
	      "  -h, --help          show this help\n"
	      "      --version       show the version\n"
	      "\n"
	      "Keys of the live view:\n"
	      "  l load   s speed and CPUs   m memory   g guests and"
	      " processes away\n"
	      "  Up Down PgUp PgDn Home End scroll   space update now"
	      "   q quit\n", f);
}

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; try '" PROG_NAME " --help'\n", stderr);
	return EXIT_USAGE;
}

static bool parse_view(const char *arg, enum view *view)
{
	int v;

	for (v = 0; v < VIEW_COUNT; v++)
		if (!strcmp(arg, views[v].name)) {
			*view = v;
			return true;
		}
	return false;
}

static bool parse_count(const char *arg, unsigned long *count)
{
	char *end;

	if (*arg < '0' || *arg > '9')
		return false;
	errno = 0;
	*count = strtoul(arg, &end, 10);
	return !errno && !*end && *count <= 1000000000;
}

static bool parse_delay(const char *arg, double *delay)
{
	char *end;

	if ((*arg < '0' || *arg > '9') && *arg != '.')
		return false;
	errno = 0;
	*delay = strtod(arg, &end);
	return !errno && !*end && isfinite(*delay) && *delay >= DELAY_MIN &&
	       *delay <= DELAY_MAX;
}

/* 0, EXIT_SUCCESS after --help / --version, or EXIT_USAGE: *@done says. */
static int parse_options(int argc, char **argv, struct options *o,
			 bool *done)
{
	static const struct option options[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "delay", required_argument, NULL, 'd' },
		{ "view", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	*done = true;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":bjn:d:v:h", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'b':
			o->batch = true;
			break;
		case 'j':
			o->json = o->batch = true;
			break;
		case 'n':
			if (!parse_count(optarg, &o->count))
				return usage_error("bad count '%s' for -n: a "
						   "whole number, 0 for "
						   "forever", optarg);
			o->has_count = true;
			break;
		case 'd':
			if (!parse_delay(optarg, &o->delay))
				return usage_error("bad delay '%s' for -d: "
						   "seconds, 0.1 to 3600",
						   optarg);
			break;
		case 'v':
			if (!parse_view(optarg, &o->view))
				return usage_error("unknown view '%s': load, "
						   "speed, mem or guests",
						   optarg);
			break;
		case 'h':
			print_usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf(PROG_NAME " " MOSMON_VERSION
			       " (mosix netlink family version %d)\n",
			       MOSIX_GENL_VERSION);
			return EXIT_SUCCESS;
		case ':':
			if (strncmp(argv[optind - 1], "--", 2))
				return usage_error("option '-%c' needs an "
						   "argument", optopt);
			return usage_error("option '%s' needs an argument",
					   argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("unknown option '-%c'",
						   optopt);
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (o->has_count && !o->batch)
		return usage_error("-n is for batch mode: add -b");
	*done = false;
	return 0;
}

/* ---- batch mode --------------------------------------------------- */

/* The objects of mosctl -j nodes. */
static void print_json(const struct snapshot *snap)
{
	size_t i;

	json_array_begin(NULL);
	for (i = 0; i < snap->count; i++) {
		json_object_begin(NULL);
		node_print_json(&snap->nodes[i], NODE_FIELDS_ALL);
		json_end();
	}
	json_end();
}

/* A line without its trailing blanks. */
static void print_line(const char *buf)
{
	int len = strlen(buf);

	while (len && buf[len - 1] == ' ')
		len--;
	printf("%.*s\n", len, buf);
}

static void print_text(const struct snapshot *snap, enum view view,
		       int width)
{
	char buf[WIDTH_MAX + 1];
	struct row_marks marks;
	size_t i;

	render_title(snap, view, buf, width);
	print_line(buf);
	render_header(snap, view, buf, width);
	print_line(buf);
	for (i = 0; i < snap->count; i++) {
		render_node(snap, view, i, buf, width, &marks);
		print_line(buf);
	}
}

/* The terminal's width if stdout is one, else $COLUMNS, else 80. */
static int batch_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	int width = BATCH_WIDTH;

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
	    ws.ws_col)
		width = ws.ws_col;
	else if (env && *env)
		width = atoi(env) > 0 ? atoi(env) : BATCH_WIDTH;
	if (width < WIDTH_MIN)
		width = WIDTH_MIN;
	return width > WIDTH_MAX ? WIDTH_MAX : width;
}

static void sleep_until(const struct timespec *when)
{
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, when, NULL) ==
	       EINTR)
		;
}

static int batch(struct snapshot *snap, const struct options *o)
{
	int width = batch_width();
	struct timespec next;
	unsigned long i;

	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = 0; !o->count || i < o->count; i++) {
		int err;

		if (i) {
			double t = next.tv_nsec / 1e9 + o->delay;

			next.tv_sec += (time_t)t;
			next.tv_nsec = (long)((t - (time_t)t) * 1e9);
			sleep_until(&next);
			err = snapshot_take(snap);
			if (err) {
				errmsg("%s", ipc_strerror(err));
				return EXIT_FAILURE;
			}
			if (!o->json)
				putchar('\n');
		}
		if (o->json)
			print_json(snap);
		else
			print_text(snap, o->view, width);
		if (fflush(stdout) || ferror(stdout)) {
			errmsg("cannot write the output: %s", strerror(errno));
			return EXIT_FAILURE;
		}
	}
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct options o = { .delay = DELAY_DEFAULT, .count = 1 };
	struct snapshot snap = { 0 };
	bool done;
	int ret, err;

	setlocale(LC_ALL, "");
	ret = parse_options(argc, argv, &o, &done);
	if (done)
		return ret;
	if (!o.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		errmsg("the live view needs a terminal; 'mosmon -b' prints "
		       "the view as text");
		return EXIT_FAILURE;
	}
	err = snapshot_take(&snap);
	if (err) {
		errmsg("%s", ipc_strerror(err));
		return EXIT_FAILURE;
	}
	ret = o.batch ? batch(&snap, &o) : screen_run(&snap, o.view, o.delay);
	snapshot_free(&snap);
	return ret;
}
