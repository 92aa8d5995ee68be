// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: commands about processes: migrate, where, guests, ps.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mosctl.h"
#include "output.h"

static const char *const proc_states[] = {
	[MOSIX_PROC_HOME]	= "home",
	[MOSIX_PROC_AWAY]	= "away",
	[MOSIX_PROC_GUEST]	= "guest",
};

const char *proc_state_name(uint8_t state)
{
	return state < ARRAY_SIZE(proc_states) ? proc_states[state] : "unknown";
}

int cmd_migrate(const struct command *cmd, int argc, char **argv)
{
	uint32_t pid, node = 0;
	int err;

	if (argc != 2)
		return usage_error(cmd);
	if (!parse_pid(argv[0], &pid))
		return EXIT_USAGE;
	if (strcmp(argv[1], "home") && !parse_node_id(argv[1], &node))
		return EXIT_USAGE;
	err = ipc_migrate(pid, node);
	if (err == -ESRCH)
		return fail("process %u: no such process", pid);
	if (err == -ENOENT)
		return fail("node %u: no such node", node);
	if (err)
		return fail("cannot migrate process %u: %s", pid,
			    ipc_strerror(err));
	return 0;
}

int cmd_where(const struct command *cmd, int argc, char **argv)
{
	struct mosix_proc_info proc;
	uint32_t pid;
	int err;

	if (argc != 1)
		return usage_error(cmd);
	if (!parse_pid(argv[0], &pid))
		return EXIT_USAGE;
	err = ipc_proc_get(pid, &proc);
	if (err == -ESRCH)
		return fail("process %u: no such process", pid);
	if (err)
		return check_ipc(err);
	if (json_output) {
		json_object_begin(NULL);
		json_uint("pid", proc.pid);
		json_string("state", proc_state_name(proc.state));
		json_uint("node", proc.node);
		json_uint("migrations", proc.migrations);
		json_uint("pinned", proc.pinned);
		if (proc.home_pid)
			json_uint("home_pid", proc.home_pid);
		if (proc_has(&proc, MOSIX_PROC_A_REASON))
			json_string("reason", proc.reason);
		else
			json_null("reason");
		json_end();
		return 0;
	}
	printf("pid:        %u\n", proc.pid);
	printf("state:      %s\n", proc_state_name(proc.state));
	printf("%s %u\n", proc.state == MOSIX_PROC_GUEST ? "home node: " :
	       "runs on:   ", proc.node);
	if (proc.home_pid)
		printf("home pid:   %u\n", proc.home_pid);
	printf("migrations: %u\n", proc.migrations);
	if (proc.pinned)
		printf("pinned:     yes\n");
	if (proc_has(&proc, MOSIX_PROC_A_REASON))
		printf("cannot migrate: %s\n", proc.reason);
	return 0;
}

int cmd_guests(const struct command *cmd, int argc, char **argv)
{
	struct mosix_proc_info *guests;
	char mib[32];
	size_t count, i;
	int err;

	(void)argv;
	if (argc)
		return usage_error(cmd);
	err = ipc_guest_dump(&guests, &count);
	if (err)
		return check_ipc(err);
	if (json_output) {
		json_array_begin(NULL);
		for (i = 0; i < count; i++) {
			json_object_begin(NULL);
			json_uint("pid", guests[i].pid);
			json_uint("home_node", guests[i].node);
			json_uint("home_pid", guests[i].home_pid);
			json_uint("rss", guests[i].rss);
			json_end();
		}
		json_end();
	} else {
		printf("%7s  %9s  %8s  %8s\n", "PID", "HOME-NODE", "HOME-PID",
		       "RSS(MiB)");
		for (i = 0; i < count; i++)
			printf("%7u  %9u  %8u  %8s\n", guests[i].pid,
			       guests[i].node, guests[i].home_pid,
			       fmt_fixed(mib, sizeof(mib), guests[i].rss,
					 1 << 20, 1));
	}
	free(guests);
	return 0;
}

#define PF_KTHREAD	0x00200000	/* the kernel's flag, /proc/PID/stat */

/* What ps shows of a process besides the kernel's answer. */
struct ps_proc {
	char comm[64];
	unsigned long uid;
	bool kthread;
};

/* Read /proc/@pid's stat (name, flags) and status (uid); false if gone. */
static bool read_ps_proc(uint32_t pid, struct ps_proc *p)
{
	char path[64], line[512], *open_paren, *close_paren, *c;
	unsigned long flags = 0;
	bool have_uid = false;
	size_t len;
	FILE *f;
	int field;

	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	len = fread(line, 1, sizeof(line) - 1, f);
	fclose(f);
	line[len] = 0;
	/* "PID (COMM) S PPID ..." where COMM may hold spaces and ')' */
	open_paren = strchr(line, '(');
	close_paren = strrchr(line, ')');
	if (!open_paren || !close_paren || close_paren < open_paren)
		return false;
	len = close_paren - open_paren - 1;
	if (len >= sizeof(p->comm))
		len = sizeof(p->comm) - 1;
	memcpy(p->comm, open_paren + 1, len);
	p->comm[len] = 0;
	/* flags is the 9th field; each space starts the next one */
	for (field = 2, c = close_paren + 1; *c && field < 9; c++)
		if (*c == ' ')
			field++;
	if (field == 9)
		flags = strtoul(c, NULL, 10);
	p->kthread = flags & PF_KTHREAD;

	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Uid: %lu", &p->uid) == 1) {
			have_uid = true;
			break;
		}
	fclose(f);
	return have_uid;
}

static const char *user_name(unsigned long uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw && pw->pw_name)
		return pw->pw_name;
	snprintf(buf, size, "%lu", uid);
	return buf;
}

static void ps_row(const struct mosix_proc_info *info,
		   const struct ps_proc *p)
{
	char ubuf[24], where[24], comm[sizeof(p->comm)];
	const char *user = user_name(p->uid, ubuf, sizeof(ubuf));
	size_t i;

	if (json_output) {
		json_object_begin(NULL);
		json_uint("pid", info->pid);
		json_uint("uid", p->uid);
		json_string("user", user);
		json_string("state", proc_state_name(info->state));
		json_uint("node", info->node);
		json_uint("migrations", info->migrations);
		json_bool("pinned", info->pinned);
		json_string("command", p->comm);
		if (proc_has(info, MOSIX_PROC_A_REASON))
			json_string("reason", info->reason);
		else
			json_null("reason");
		json_end();
		return;
	}
	/* A name is any bytes a process chose: nothing raw to a terminal. */
	for (i = 0; i < sizeof(comm) - 1 && p->comm[i]; i++)
		comm[i] = isprint((unsigned char)p->comm[i]) ? p->comm[i] : '?';
	comm[i] = 0;
	if (info->state == MOSIX_PROC_AWAY)
		snprintf(where, sizeof(where), "node %u", info->node);
	else
		snprintf(where, sizeof(where), "here");
	printf("%7u  %-10.10s  %-9s  %10u  %-6s  %s\n", info->pid, user, where,
	       info->migrations, info->pinned ? "yes" : "no", comm);
}

/* The header, once the kernel has answered (not before an error). */
static void ps_begin(bool *started)
{
	if (*started)
		return;
	*started = true;
	if (json_output)
		json_array_begin(NULL);
	else
		printf("%7s  %-10s  %-9s  %10s  %-6s  %s\n", "PID", "USER",
		       "RUNS ON", "MIGRATIONS", "PINNED", "COMMAND");
}

/*
 * ps [-a]: this node's processes that run elsewhere, have migrated or are
 * pinned (-a: every user process of this node); guests are `guests`.
 */
int cmd_ps(const struct command *cmd, int argc, char **argv)
{
	struct mosix_proc_info info;
	struct dirent *d;
	struct ps_proc p;
	bool all = false, started = false;
	int err = 0;
	DIR *dir;

	if (argc == 1 && !strcmp(argv[0], "-a"))
		all = true;
	else if (argc)
		return usage_error(cmd);
	dir = opendir("/proc");
	if (!dir)
		return fail("/proc: %s", strerror(errno));
	while ((d = readdir(dir))) {
		uint32_t pid = 0;
		const char *c;

		for (c = d->d_name; isdigit((unsigned char)*c) && pid < 1u << 28; c++)
			pid = pid * 10 + (*c - '0');
		if (*c || !pid || !read_ps_proc(pid, &p) || p.kthread)
			continue;
		err = ipc_proc_get(pid, &info);
		if (err == -ESRCH) {	/* ended meanwhile */
			err = 0;
			continue;
		}
		if (err)
			break;
		ps_begin(&started);
		if (info.state == MOSIX_PROC_GUEST)
			continue;
		if (all || info.state == MOSIX_PROC_AWAY || info.migrations ||
		    info.pinned)
			ps_row(&info, &p);
	}
	closedir(dir);
	if (!err)
		ps_begin(&started);
	if (json_output && started)
		json_end();
	return err ? check_ipc(err) : 0;
}
