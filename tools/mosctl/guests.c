// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: the cgroup guests run in (Documentation/security.md, "The
 * owner comes first"): mosix.slice, a top-level slice beside the users'
 * and the system's, with the CPU weight and limits of the cluster file's
 * `guests` line.  Under systemd the slice is a unit (shipped with the
 * package) and systemd sets it up; without systemd mosctl makes the
 * directory itself.  The kernel gets the directory as an open file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/magic.h>

#include "guests.h"
#include "mosctl.h"

#define CGROUP_ROOT	"/sys/fs/cgroup"
#define GUESTS_SLICE	"mosix.slice"
#define GUESTS_DIR	CGROUP_ROOT "/" GUESTS_SLICE

extern char **environ;

bool guests_cgroup2(void)
{
	struct statfs fs;

	return !statfs(CGROUP_ROOT, &fs) && fs.f_type == CGROUP2_SUPER_MAGIC;
}

uint64_t guests_ram(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
}

/* The first line of @dir/@name, without its newline. */
static bool read_value(const char *dir, const char *name, char *buf,
		       size_t len)
{
	char path[4200];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* "max" is 0, as in struct config_guests. */
static bool read_limit(const char *dir, const char *name, uint64_t *val)
{
	char buf[32], *end;

	if (!read_value(dir, name, buf, sizeof(buf)))
		return false;
	if (!strcmp(buf, "max")) {
		*val = 0;
		return true;
	}
	errno = 0;
	*val = strtoull(buf, &end, 10);
	return !errno && !*end && end != buf;
}

bool guests_read(const char *dir, struct config_guests *g)
{
	uint64_t weight, memory, tasks;
	char idle[8];

	memset(g, 0, sizeof(*g));
	if (!read_limit(dir, "memory.max", &memory) ||
	    !read_limit(dir, "pids.max", &tasks) ||
	    !read_limit(dir, "cpu.weight", &weight))
		return false;
	g->memory_bytes = memory;
	g->tasks = tasks > UINT32_MAX ? 0 : (uint32_t)tasks;
	g->cpu_weight = (uint32_t)weight;
	if (read_value(dir, "cpu.idle", idle, sizeof(idle)) &&
	    !strcmp(idle, "1"))
		g->cpu_weight = 0;
	return true;
}

/* Run @argv (systemctl), its output to ours; 0 or an errno. */
static int run(char *const argv[])
{
	pid_t pid;
	int status, err;

	err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (err)
		return err;
	if (waitpid(pid, &status, 0) < 0)
		return errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : EIO;
}

/* "KEYvalue", or "KEYnone" for a limit of 0 (none). */
static void limit(char *buf, size_t len, const char *key, uint64_t val,
		  const char *none)
{
	if (val)
		snprintf(buf, len, "%s%" PRIu64, key, val);
	else
		snprintf(buf, len, "%s%s", key, none);
}

static int by_systemd(const struct config_guests *g)
{
	char cpu[32], memory[48], tasks[32];
	char *set[] = { "systemctl", "set-property", "--runtime",
			GUESTS_SLICE, cpu, memory, tasks, NULL };
	char *start[] = { "systemctl", "start", GUESTS_SLICE, NULL };
	int err;

	if (g->cpu_weight)
		snprintf(cpu, sizeof(cpu), "CPUWeight=%" PRIu32, g->cpu_weight);
	else
		snprintf(cpu, sizeof(cpu), "CPUWeight=idle");
	limit(memory, sizeof(memory), "MemoryMax=", g->memory_bytes, "infinity");
	limit(tasks, sizeof(tasks), "TasksMax=", g->tasks, "infinity");
	err = run(start);
	if (err) {
		errmsg("systemctl start %s failed: is the neomosix-tools package installed whole?",
		       GUESTS_SLICE);
		return err;
	}
	err = run(set);
	if (err)
		errmsg("systemctl set-property %s failed", GUESTS_SLICE);
	return err;
}

static int write_value(const char *dir, const char *name, const char *value)
{
	char path[4200];
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	n = write(fd, value, strlen(value));
	if (n < 0)
		err = errno;
	close(fd);
	if (err)
		errmsg("cannot write '%s' to %s: %s", value, path,
		       strerror(err));
	return err;
}

/* Without systemd: the directory and its files are ours. */
static int by_hand(const struct config_guests *g)
{
	char cpu[16], memory[32], tasks[16];
	int err;

	if (mkdir(GUESTS_DIR, 0755) && errno != EEXIST) {
		err = errno;
		errmsg("cannot make %s: %s", GUESTS_DIR, strerror(err));
		return err;
	}
	snprintf(cpu, sizeof(cpu), "%" PRIu32, g->cpu_weight ?: 100);
	limit(memory, sizeof(memory), "", g->memory_bytes, "max");
	limit(tasks, sizeof(tasks), "", g->tasks, "max");
	err = write_value(CGROUP_ROOT, "cgroup.subtree_control",
			  "+cpu +memory +pids");
	if (!err)
		err = write_value(GUESTS_DIR, "cpu.weight", cpu);
	if (!err)
		err = write_value(GUESTS_DIR, "cpu.idle", g->cpu_weight ? "0" : "1");
	if (!err)
		err = write_value(GUESTS_DIR, "memory.max", memory);
	if (!err)
		err = write_value(GUESTS_DIR, "pids.max", tasks);
	return err;
}

int guests_confine(const struct config_guests *g)
{
	int fd, err;

	err = access("/run/systemd/system", F_OK) ? by_hand(g) : by_systemd(g);
	if (err)
		return -err;
	fd = open(GUESTS_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = ipc_guests_set(fd);
	close(fd);
	return err;
}
