# Test the freezers with a process away: the suspend path's freezer (run
# with pm_test, so that the VM does not really sleep) and the cgroup v2
# freezer (systemctl freeze, docker pause) at its home freeze its deputy.
# The deputy's waits used to end at once on the freezer's wakeup and
# start again, spinning: suspend failed after 20 s ("tasks refusing to
# freeze") and a frozen cgroup never got frozen.  The process then goes
# on and ends as an unmigrated run.
#
#   node 1 (home; freezes) --- node 2 (the process runs here)
#
# distro: busybox debian
# nodes: 2
# kernel-args: mosix.balancer=0
# timeout: 400
# shellcheck shell=sh disable=SC3043,SC1091,SC2154,SC2016
. /lib/mosix/test.sh

ROUNDS=$(crunch_rounds "$(scaled 30)" 1)
mosix-crunch "$ROUNDS" 1 > ref.txt
mosix-crunch "$ROUNDS" 1 > out.txt &
job=$!
check "mosctl migrate to node 2" mosctl migrate $job 2
away() { [ "$(where_state $job)" = away ]; }
check "it runs on node 2" wait_until 10 away
ticks() { awk '{ print $14 + $15 }' /proc/$job/stat; }

# --- suspend: the freezer of the PM core, with pm_test --------------------
state=mem
grep -qw mem /sys/power/state || state=freeze
if [ -w /sys/power/pm_test ]; then
	echo freezer > /sys/power/pm_test
	check "node 1 goes through suspend's freezer ($state, pm_test) with the process away" \
		sh -c "echo $state > /sys/power/state"
	echo none > /sys/power/pm_test
	check "no task refused to freeze" sh -c '! dmesg | grep -q "refusing to freeze"'
else
	not_ok "node 1's kernel has pm_test (CONFIG_PM_DEBUG, as Debian has it)"
fi
check "the process is still away" away

# --- the cgroup v2 freezer -------------------------------------------------
cg=/sys/fs/cgroup
if ! awk -v d=$cg '$2 == d && $3 == "cgroup2" { f = 1 } END { exit !f }' /proc/mounts; then
	cg=/tmp/cg
	mkdir -p $cg
	mount -t cgroup2 none $cg
fi
mkdir $cg/frz
check "into a cgroup of its own" sh -c "echo $job > $cg/frz/cgroup.procs"
echo 1 > $cg/frz/cgroup.freeze
frozen() { grep -qx "frozen 1" $cg/frz/cgroup.events; }
check "the cgroup freezes within 10 s (its deputy in the freezer)" wait_until 10 frozen
t0=$(ticks)
sleep 3
t1=$(ticks)
diag "the frozen deputy used $((t1 - t0)) CPU ticks in 3 s"
check "and uses no CPU while frozen (a spinning one took 100 %)" test $((t1 - t0)) -le 30
echo 0 > $cg/frz/cgroup.freeze
thawed() { grep -qx "frozen 0" $cg/frz/cgroup.events; }
check "it thaws" wait_until 10 thawed
echo $job > $cg/cgroup.procs
rmdir $cg/frz

finish $job 300
check "the job exits 0" test "$rc" -eq 0
check "its output is identical to an unmigrated run" cmp ref.txt out.txt
