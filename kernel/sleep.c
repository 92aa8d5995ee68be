// SPDX-License-Identifier: GPL-2.0
/*
 * Suspend and hibernation with processes away or guests here.
 *
 * A node asleep answers nothing: its guests' homes would lose them (a
 * deputy that hears nothing from its guest's node gives it up), and its
 * own processes away would lose their home (a guest whose home does not
 * answer its calls ends).  So before the kernel freezes tasks for sleep
 * (PM_SUSPEND_PREPARE, PM_HIBERNATION_PREPARE: in the task that asked to
 * sleep, systemd-sleep or whoever wrote /sys/power/state, before any
 * task is frozen), the node takes no guest and sends none of its
 * processes away (block and stay), sends every guest home, brings every
 * process of its own home, and waits for both to be done, at most
 * MOSIX_SLEEP_WAIT_MS: sleep is never refused nor held for long; what is
 * still away then is logged.  On waking (PM_POST_*) it clears the bits
 * it set, and the balancer spreads the work again.
 *
 * A notifier rather than a logind inhibitor: it sees every way to sleep
 * (systemd, a desktop's menu, a lid, `echo mem > /sys/power/state`) and
 * needs no daemon awake.
 *
 * Locking: sleep_lock (a mutex) orders a prepare and its post; the PM
 * core calls them one at a time already.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mosix.h>
#include <linux/mutex.h>
#include <linux/suspend.h>
#include "deputy.h"
#include "guest.h"
#include "migrate.h"
#include "policy.h"
#include "sleep.h"

/* How long a node about to sleep waits for its processes to move. */
#define MOSIX_SLEEP_WAIT_MS	15000

static DEFINE_MUTEX(sleep_lock);
/* The policy bits the last prepare set (and its post clears). */
static u32 sleep_set;

static bool all_moved(void)
{
	return !mosix_guest_count() && !mosix_deputy_count();
}

static void prepare(void)
{
	unsigned long end = jiffies + msecs_to_jiffies(MOSIX_SLEEP_WAIT_MS);
	u32 old;

	mutex_lock(&sleep_lock);
	old = mosix_policy_change(MOSIX_POLICY_BLOCK | MOSIX_POLICY_STAY, 0);
	sleep_set = ~old & (MOSIX_POLICY_BLOCK | MOSIX_POLICY_STAY);
	mutex_unlock(&sleep_lock);
	if (all_moved())
		return;
	pr_info("mosix: going to sleep: sending home the guests here (%u), bringing home the processes away (%u)\n",
		mosix_guest_count(), mosix_deputy_count());
	mosix_guest_send_all_home();
	mosix_migrate_call_all_home();
	while (!all_moved() && time_before(jiffies, end))
		msleep(100);
	if (all_moved())
		pr_info("mosix: ready to sleep\n");
	else
		pr_warn("mosix: going to sleep with guests here (%u) or processes away (%u): they may be lost\n",
			mosix_guest_count(), mosix_deputy_count());
}

static void woke(void)
{
	mutex_lock(&sleep_lock);
	if (sleep_set) {
		mosix_policy_change(0, sleep_set);
		sleep_set = 0;
		pr_info("mosix: awake: taking guests again\n");
	}
	mutex_unlock(&sleep_lock);
}

static int pm_event(struct notifier_block *nb, unsigned long event, void *p)
{
	switch (event) {
	case PM_SUSPEND_PREPARE:
	case PM_HIBERNATION_PREPARE:
		prepare();
		break;
	case PM_POST_SUSPEND:
	case PM_POST_HIBERNATION:
	case PM_POST_RESTORE:
		woke();
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block pm_nb = {
	.notifier_call = pm_event,
};

int mosix_sleep_init(void)
{
	return register_pm_notifier(&pm_nb);
}

void mosix_sleep_uninit(void)
{
	unregister_pm_notifier(&pm_nb);
}
