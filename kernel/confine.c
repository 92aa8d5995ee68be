// SPDX-License-Identifier: GPL-2.0
/*
 * Where guests run on this node, so that its owner comes first: the
 * cgroup (v2) that the node's service made for them, with its CPU
 * weight and memory and task limits (mosctl apply, mosix.conf(5)), and
 * the OOM killer's first choice.  A guest joins that cgroup before its
 * memory arrives, so all of it is charged there.
 *
 * The cgroup is held as its cgroup.procs file, opened with the
 * credentials of the tool that handed over the directory: a guest that
 * writes "0" to it moves itself, checked against those credentials as
 * cgroup delegation prescribes.
 */
#include <linux/cgroup.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/oom.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include "confine.h"

/*
 * Protects guests_procs and guests_path.  Taken in process context only
 * (netlink, a guest arriving, the status reply), never nested.
 */
static DEFINE_SPINLOCK(confine_lock);
static struct file *guests_procs;	/* cgroup.procs of the cgroup, or NULL */
static char *guests_path;		/* its directory, for the status */

static void replace(struct file *procs, char *path)
{
	struct file *old_procs;
	char *old_path;

	spin_lock(&confine_lock);
	old_procs = guests_procs;
	old_path = guests_path;
	guests_procs = procs;
	guests_path = path;
	spin_unlock(&confine_lock);
	if (old_procs)
		fput(old_procs);
	kfree(old_path);
}

/* The directory's path as the caller sees it, in a kmalloc()ed string. */
static char *dir_path(const struct path *dir)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	char *path, *copy = NULL;

	if (!buf)
		return NULL;
	path = d_path(dir, buf, PATH_MAX);
	if (!IS_ERR(path))
		copy = kstrdup(path, GFP_KERNEL);
	kfree(buf);
	return copy;
}

int mosix_confine_set(int dirfd)
{
	struct file *procs;
	struct fd dir;
	char *path;
	int ret = 0;

	dir = fdget(dirfd);
	if (!dir.file)
		return -EBADF;
	if (!d_is_dir(dir.file->f_path.dentry) ||
	    dir.file->f_path.dentry->d_sb->s_magic != CGROUP2_SUPER_MAGIC) {
		ret = -ENOTDIR;
		goto out;
	}
	procs = file_open_root(&dir.file->f_path, "cgroup.procs", O_WRONLY, 0);
	if (IS_ERR(procs)) {
		ret = PTR_ERR(procs);
		goto out;
	}
	path = dir_path(&dir.file->f_path);
	if (!path) {
		fput(procs);
		ret = -ENOMEM;
		goto out;
	}
	replace(procs, path);
out:
	fdput(dir);
	return ret;
}

void mosix_confine_clear(void)
{
	replace(NULL, NULL);
}

size_t mosix_confine_path(char *buf, size_t len)
{
	ssize_t n = 0;

	spin_lock(&confine_lock);
	if (guests_path)
		n = strscpy(buf, guests_path, len);
	spin_unlock(&confine_lock);
	return n < 0 ? 0 : n;
}

int mosix_confine_guest(void)
{
	struct signal_struct *sig = current->signal;
	struct file *procs;
	loff_t pos = 0;
	ssize_t n;

	/* A new process of its own: nobody else shares its signal struct. */
	sig->oom_score_adj = OOM_SCORE_ADJ_MAX;
	sig->oom_score_adj_min = OOM_SCORE_ADJ_MAX;

	spin_lock(&confine_lock);
	procs = guests_procs ? get_file(guests_procs) : NULL;
	spin_unlock(&confine_lock);
	if (!procs)
		return 0;
	n = kernel_write(procs, "0", 1, &pos);
	fput(procs);
	if (n < 0) {
		pr_warn_ratelimited("mosix: a guest cannot join the guests' cgroup (%zd): refused\n",
				    n);
		return -MOSIX_ECONFINE;
	}
	return 0;
}
