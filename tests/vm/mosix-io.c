// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-io GOFILE HOMEDIR OUTDIR: file and pipe I/O of a migrated process.
 *
 * It waits (a little CPU, a little sleep, again) until GOFILE exists, so
 * that a test can migrate it first; then, each step printing what it saw
 * on stdout, so that a migrated run can be compared byte for byte with
 * an unmigrated one:
 *   - its pid, parent, cwd and node name are those it had at the start;
 *   - writes OUTDIR/out.txt and reads it back;
 *   - reads all of stdin (various read sizes) into OUTDIR/stdin.copy;
 *   - lists HOMEDIR (getdents64), stats, lstats, readlinks and reads
 *     every entry; stat/open of a missing file, access, statfs;
 *   - lseek, dup, dup2, pread/pwrite, readv/writev, ftruncate, fcntl, a
 *     pipe between two syscalls (blocking and non-blocking), rename,
 *     mkdir, rmdir, unlink;
 *   - one write() and one read() of 1 MiB, then 3 MiB in a loop; a
 *     writev() of big and small pieces, read back; a 1 MiB write()
 *     from memory that cannot be read (EFAULT, and nothing written).
 * Exit status 0, or 1 if a step could not even be tried.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "vmutil.h"

#define MIB (1024 * 1024)

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

#define FNV0 0xcbf29ce484222325ULL

/* A step that cannot go on says why and ends; the next step runs. */
#define GIVE_UP(what)							\
	do {								\
		say("%s failed: %s\n", what, strerrorname_np(errno));	\
		return;							\
	} while (0)

static const char *err(long r)
{
	static char buf[64];

	if (r >= 0)
		snprintf(buf, sizeof(buf), "%ld", r);
	else
		snprintf(buf, sizeof(buf), "-1 %s", strerrorname_np(errno));
	return buf;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= w;
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Output lines carry the tag of their step, "[id] ", "[a] " ... "[e] ",
 * so that a test can compare each step on its own.
 */
static const char *tag = "-";
static int at_bol = 1;

static void say(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (at_bol)
		printf("[%s] ", tag);
	fputs(buf, stdout);
	n = strlen(buf);
	at_bol = n && buf[n - 1] == '\n';
}

static void identity(pid_t pid0, pid_t ppid0, const char *cwd0,
		     const char *node0)
{
	struct utsname u;
	char cwd[4096];

	say("pid same: %s\n", getpid() == pid0 ? "yes" : "no");
	say("parent same: %s\n", getppid() == ppid0 ? "yes" : "no");
	say("cwd same: %s\n",
	       getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, cwd0) ? "yes" : "no");
	say("node name same: %s\n",
	       !uname(&u) && !strcmp(u.nodename, node0) ? "yes" : "no");
	say("uid %u gid %u euid %u\n", getuid(), getgid(), geteuid());
}

static void step_outfile(const char *outdir)
{
	char path[4096], buf[4096];
	struct stat st;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "%s/out.txt", outdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
	if (fd < 0)
		GIVE_UP("open out.txt");
	for (i = 0; i < 100; i++) {
		n = snprintf(buf, sizeof(buf), "line %d of a file written away from home\n", i);
		if (write_all(fd, buf, n))
			GIVE_UP("write out.txt");
	}
	say("fsync: %s\n", err(fsync(fd)));
	say("close: %s\n", err(close(fd)));
	if (stat(path, &st))
		GIVE_UP("stat out.txt");
	say("out.txt: size %lld mode %o\n", (long long)st.st_size,
	       st.st_mode & 07777);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		GIVE_UP("reopen out.txt");
	n = read(fd, buf, sizeof(buf));
	say("out.txt read back: %zd bytes, fnv %016llx\n", n,
	       (unsigned long long)fnv(buf, n > 0 ? n : 0, FNV0));
	close(fd);
}

static void step_stdin(const char *outdir)
{
	static const size_t sizes[] = { 1, 7, 4096, 65536, 100000, MIB, 3 };
	unsigned long long total = 0;
	char path[4096], *buf;
	uint64_t h = FNV0;
	int fd, i = 0;
	ssize_t n;

	buf = malloc(MIB);
	if (!buf)
		GIVE_UP("malloc");
	snprintf(path, sizeof(path), "%s/stdin.copy", outdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		GIVE_UP("open stdin.copy");
	for (;;) {
		n = read(0, buf, sizes[i++ % (sizeof(sizes) / sizeof(sizes[0]))]);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			say("stdin: read failed after %llu bytes: %s\n", total,
			    strerrorname_np(errno));
			break;
		}
		if (!n)
			break;
		h = fnv(buf, n, h);
		total += n;
		if (write_all(fd, buf, n))
			GIVE_UP("write stdin.copy");
	}
	close(fd);
	free(buf);
	say("stdin: %llu bytes, fnv %016llx\n", total, (unsigned long long)h);
}

static void step_homedir(const char *dir)
{
	char *names[256], path[4096], link[4096], buf[65536];
	struct statfs sfs;
	struct dirent *d;
	struct stat st;
	int n = 0, i, fd;
	uint64_t h;
	ssize_t r;
	DIR *dp;

	dp = opendir(dir);
	if (!dp)
		GIVE_UP("opendir");
	while ((d = readdir(dp)) && n < 256)
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			names[n++] = strdup(d->d_name);
	closedir(dp);
	qsort(names, n, sizeof(names[0]), cmp);
	say("%s: %d entries\n", "homedir", n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat(path, &st)) {
			say("  %s: lstat %s\n", names[i], err(-1));
			continue;
		}
		say("  %s: type %o mode %o nlink %lu size %lld", names[i],
		       st.st_mode & S_IFMT, st.st_mode & 07777,
		       (unsigned long)st.st_nlink,
		       S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
		if (S_ISLNK(st.st_mode)) {
			r = readlink(path, link, sizeof(link) - 1);
			link[r > 0 ? r : 0] = 0;
			say(" -> %s", link);
			if (!stat(path, &st))
				say(" (target size %lld)", (long long)st.st_size);
		}
		if (S_ISREG(st.st_mode)) {
			fd = open(path, O_RDONLY | O_CLOEXEC);
			h = FNV0;
			while (fd >= 0 && (r = read(fd, buf, sizeof(buf))) > 0)
				h = fnv(buf, r, h);
			say(" fnv %016llx", (unsigned long long)h);
			if (fd >= 0)
				close(fd);
		}
		say("\n");
		free(names[i]);
	}
	snprintf(path, sizeof(path), "%s/no-such-file", dir);
	say("stat missing: %s\n", err(stat(path, &st)));
	say("open missing: %s\n", err(open(path, O_RDONLY)));
	say("access dir: %s\n", err(access(dir, R_OK | X_OK)));
	say("statfs: %s", err(statfs(dir, &sfs)));
	/* (split: the arguments of one printf have no order) */
	say(" type %lx\n", (unsigned long)sfs.f_type);
	/* chdir and relative paths, then back */
	if (getcwd(link, sizeof(link))) {
		say("chdir: %s\n", err(chdir(dir)));
		say("relative stat a.txt: %s", err(stat("a.txt", &st)));
		say(" size %lld\n", (long long)st.st_size);
		say("chdir back: %s\n", err(chdir(link)));
	}
}

static void step_fds(const char *homedir, const char *outdir)
{
	char path[4096], buf[100000], a[8], b[8], c[8];
	struct iovec iov[3];
	int fd, fd2, p[2], i;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/a.txt", homedir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		GIVE_UP("open a.txt");
	say("lseek set 10: %s\n", err(lseek(fd, 10, SEEK_SET)));
	n = read(fd, buf, 5);
	say("read 5: %s '%.*s'\n", err(n), (int)(n > 0 ? n : 0), buf);
	say("lseek cur: %s\n", err(lseek(fd, 0, SEEK_CUR)));
	fd2 = dup(fd);
	say("dup: %s\n", fd2 > fd ? "new fd" : "bad fd");
	say("lseek end via dup: %s\n", err(lseek(fd2, -3, SEEK_END)));
	say("shared offset: %s\n", err(lseek(fd, 0, SEEK_CUR)));
	say("dup2 to 100: %s\n", err(dup2(fd, 100)));
	say("F_GETFD 100: %s\n", err(fcntl(100, F_GETFD)));
	say("F_SETFD 100: %s\n", err(fcntl(100, F_SETFD, FD_CLOEXEC)));
	say("F_GETFD 100: %s\n", err(fcntl(100, F_GETFD)));
	n = pread(100, buf, 4, 0);
	say("pread 4 at 0: %s '%.*s'\n", err(n), (int)(n > 0 ? n : 0), buf);
	say("offset unchanged: %s\n", err(lseek(fd, 0, SEEK_CUR)));
	say("close dup2: %s\n", err(close(100)));
	say("close 100 again: %s\n", err(close(100)));
	close(fd2);
	close(fd);

	/* a pipe: write in one syscall, read in another */
	if (pipe(p))
		GIVE_UP("pipe");
	say("pipe: %s\n", p[0] >= 0 && p[1] >= 0 && p[0] != p[1] ? "two fds" : "bad");
	n = write(p[1], "hello through a pipe", 20);
	say("pipe write: %s\n", err(n));
	n = read(p[0], buf, sizeof(buf));
	say("pipe read: %s '%.*s'\n", err(n), (int)(n > 0 ? n : 0), buf);
	memset(buf, 'x', 60000);
	say("pipe write 60000: %s\n", err(write(p[1], buf, 60000)));
	say("F_GETPIPE_SZ: %s\n", err(fcntl(p[0], F_GETPIPE_SZ)));
	for (i = 0, n = 0; n < 60000; ) {
		ssize_t r = read(p[0], buf, 60000 - n);

		if (r <= 0)
			break;
		n += r;
		i++;
	}
	say("pipe read back: %zd bytes\n", n);
	say("F_SETFL O_NONBLOCK: %s\n", err(fcntl(p[0], F_SETFL, O_NONBLOCK)));
	say("nonblocking read of empty pipe: %s\n", err(read(p[0], buf, 10)));
	say("close write end: %s\n", err(close(p[1])));
	say("read at EOF: %s\n", err(read(p[0], buf, 10)));
	close(p[0]);

	/* pwrite, readv/writev, ftruncate, rename, mkdir, rmdir, unlink */
	snprintf(path, sizeof(path), "%s/vec.bin", outdir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		GIVE_UP("open vec.bin");
	iov[0] = (struct iovec){ "first-", 6 };
	iov[1] = (struct iovec){ "second-", 7 };
	iov[2] = (struct iovec){ "third", 5 };
	say("writev: %s\n", err(writev(fd, iov, 3)));
	say("pwrite at 100: %s\n", err(pwrite(fd, "far", 3, 100)));
	say("fstat size: ");
	{
		struct stat st;

		say("%s", err(fstat(fd, &st)));
		say(" %lld\n", (long long)st.st_size);
	}
	say("lseek 0: %s\n", err(lseek(fd, 0, SEEK_SET)));
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(c, 0, sizeof(c));
	iov[0] = (struct iovec){ a, 3 };
	iov[1] = (struct iovec){ b, 7 };
	iov[2] = (struct iovec){ c, 5 };
	n = readv(fd, iov, 3);
	say("readv: %s '%.3s' '%.7s' '%.5s'\n", err(n), a, b, c);
	say("ftruncate 4: %s\n", err(ftruncate(fd, 4)));
	n = pread(fd, buf, 100, 0);
	say("after truncate: %s '%.*s'\n", err(n), (int)(n > 0 ? n : 0), buf);
	close(fd);
	{
		char to[4096], d[4096];

		snprintf(to, sizeof(to), "%s/vec.renamed", outdir);
		snprintf(d, sizeof(d), "%s/newdir", outdir);
		say("rename: %s\n", err(rename(path, to)));
		say("stat old name: %s\n", err(access(path, F_OK)));
		say("mkdir: %s\n", err(mkdir(d, 0755)));
		say("mkdir again: %s\n", err(mkdir(d, 0755)));
		say("rmdir: %s\n", err(rmdir(d)));
		say("unlink: %s\n", err(unlink(to)));
		say("unlink again: %s\n", err(unlink(to)));
	}
}

static void step_big(const char *outdir)
{
	char path[4096], *buf, *back;
	uint64_t h1, h2;
	ssize_t n;
	size_t i, done;
	int fd;

	buf = malloc(3 * MIB);
	back = malloc(3 * MIB);
	if (!buf || !back)
		GIVE_UP("malloc");
	for (i = 0; i < 3 * MIB; i++)
		buf[i] = (char)(i * 7 + (i >> 12));
	snprintf(path, sizeof(path), "%s/big.bin", outdir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		GIVE_UP("open big.bin");
	n = write(fd, buf, MIB);
	say("one write of 1 MiB: %s\n", err(n));
	say("lseek 0: %s\n", err(lseek(fd, 0, SEEK_SET)));
	memset(back, 0, 3 * MIB);
	n = read(fd, back, MIB);
	say("one read of 1 MiB: %s, same bytes: %s\n", err(n),
	       n == MIB && !memcmp(buf, back, MIB) ? "yes" : "no");
	/* 3 MiB in a loop, from the start */
	say("lseek 0: %s\n", err(lseek(fd, 0, SEEK_SET)));
	if (write_all(fd, buf, 3 * MIB))
		GIVE_UP("write 3 MiB");
	say("lseek 0: %s\n", err(lseek(fd, 0, SEEK_SET)));
	memset(back, 0, 3 * MIB);
	for (done = 0; done < 3 * MIB; done += n) {
		n = read(fd, back + done, 3 * MIB - done);
		if (n <= 0)
			break;
	}
	h1 = fnv(buf, 3 * MIB, FNV0);
	h2 = fnv(back, done, FNV0);
	say("3 MiB written and read: %zu bytes, same: %s, fnv %016llx\n",
	       done, h1 == h2 && done == 3 * MIB ? "yes" : "no",
	       (unsigned long long)h2);

	/* Big pieces around a small one, in one call. */
	{
		struct iovec iov[3] = {
			{ buf + 5, 256 * 1024 }, { buf + 3 * MIB - 10, 10 },
			{ buf + MIB, 300000 },
		};
		size_t total = 256 * 1024 + 10 + 300000;

		say("lseek 0: %s\n", err(lseek(fd, 0, SEEK_SET)));
		say("writev of 256 KiB, 10 bytes, 300000 bytes: %s\n",
		    err(writev(fd, iov, 3)));
		memset(back, 0, total);
		n = pread(fd, back, total, 0);
		say("read back: %s, same bytes: %s\n", err(n),
		    n == (ssize_t)total &&
		    !memcmp(back, iov[0].iov_base, iov[0].iov_len) &&
		    !memcmp(back + iov[0].iov_len, iov[1].iov_base, 10) &&
		    !memcmp(back + iov[0].iov_len + 10, iov[2].iov_base,
			    iov[2].iov_len) ? "yes" : "no");
	}
	/* Memory it cannot read: the call fails, the file is unchanged. */
	{
		char *none = mmap(NULL, MIB, PROT_NONE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct stat st;

		if (none == MAP_FAILED)
			GIVE_UP("mmap");
		say("write of 1 MiB from unreadable memory: %s\n",
		    err(pwrite(fd, none, MIB, 0)));
		n = pread(fd, back, 10, 0);
		say("the file's first bytes unchanged: %s\n",
		    n == 10 && !memcmp(back, buf + 5, 10) ? "yes" : "no");
		say("its size: %s\n", err(fstat(fd, &st) ? -1 : st.st_size));
		munmap(none, MIB);
	}
	close(fd);
	free(buf);
	free(back);
}

int main(int argc, char **argv)
{
	char cwd0[4096];
	struct utsname u0;
	pid_t pid0, ppid0;

	if (argc != 4) {
		fprintf(stderr, "usage: mosix-io GOFILE HOMEDIR OUTDIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	pid0 = getpid();
	ppid0 = getppid();
	if (!getcwd(cwd0, sizeof(cwd0)) || uname(&u0)) {
		perror("getcwd/uname");
		return 1;
	}
	say("started\n");
	wait_for_file(argv[1], 20);
	say("go\n");
	tag = "id";
	identity(pid0, ppid0, cwd0, u0.nodename);
	tag = "a";
	step_outfile(argv[3]);
	tag = "b";
	step_stdin(argv[3]);
	tag = "c";
	step_homedir(argv[2]);
	tag = "d";
	step_fds(argv[2], argv[3]);
	tag = "e";
	step_big(argv[3]);
	tag = "-";
	say("done\n");
	return 0;
}
