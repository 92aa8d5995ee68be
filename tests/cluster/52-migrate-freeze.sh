# Test sleep and the freezers with a process away.  A node about to
# sleep (suspend's path, run with pm_test so that the VM does not really
# sleep) first sends its guests home and brings its own processes home,
# and takes guests again once awake: a node asleep would otherwise lose
# them.  The cgroup v2 freezer (systemctl freeze, docker pause) at home
# freezes the deputy of a process away: the deputy's waits used to end
# at once on the freezer's wakeup and start again, spinning, and a
# frozen cgroup never got frozen.  The process then goes on and ends as
# an unmigrated run.
#
#   node 1 (home; sleeps, freezes) --- node 2 (the process runs here; sleeps)
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

# --- sleep: the PM core's path, with pm_test -----------------------------
state=mem
grep -qw mem /sys/power/state || state=freeze
sleeps() {	# NODE: go through suspend's freezer and back (pm_test)
	on "$1" "echo freezer > /sys/power/pm_test && echo $state > /sys/power/state; r=\$?; echo none > /sys/power/pm_test; exit \$r"
}
home() { [ "$(where_state $job)" = home ]; }
if [ -w /sys/power/pm_test ]; then
	check "node 2 goes through suspend ($state, pm_test) with a guest" sleeps 2
	check "the guest was sent home before node 2 slept" home
	check "node 2's log says so" on 2 'dmesg | grep -q "going to sleep: sending home the guests here (1), bringing home the processes away (0)" && dmesg | grep -q "mosix: ready to sleep"'
	# (node 1 sees node 2 blocked until node 2's next load message)
	check "awake, node 2 takes guests again" \
		wait_until 10 mosctl migrate $job 2
	check "it runs on node 2 again" wait_until 10 away
	echo freezer > /sys/power/pm_test
	check "node 1 goes through suspend ($state, pm_test) with the process away" \
		sh -c "echo $state > /sys/power/state"
	echo none > /sys/power/pm_test
	check "the process was brought home before node 1 slept" home
	check "node 1's log says so" sh -c 'dmesg | grep -q "going to sleep: sending home the guests here (0), bringing home the processes away (1)" && dmesg | grep -q "mosix: ready to sleep"'
	check "no task refused to freeze" sh -c '! dmesg | grep -q "refusing to freeze"'
	check "awake, node 1 sends it away again" mosctl migrate $job 2
	check "it runs on node 2 again" wait_until 10 away
else
	not_ok "node 1's kernel has pm_test (CONFIG_PM_DEBUG, as Debian has it)"
fi

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
gp=$(guest_pid 2 $job)
gticks() { on 2 "awk '{ print \$14 + \$15 }' /proc/$gp/stat"; }
t0=$(ticks)
g0=$(gticks)
sleep 3
t1=$(ticks)
g1=$(gticks)
diag "the frozen deputy used $((t1 - t0)) CPU ticks in 3 s, its guest (pid $gp on node 2) $((g1 - g0))"
check "and uses no CPU while frozen (a spinning one took 100 %)" test $((t1 - t0)) -le 30
check "nor does its guest on node 2, which computed before" \
	sh -c "[ -n '$gp' ] && [ $((g1 - g0)) -le 30 ]"
echo 0 > $cg/frz/cgroup.freeze
thawed() { grep -qx "frozen 0" $cg/frz/cgroup.events; }
check "it thaws" wait_until 10 thawed
echo $job > $cg/cgroup.procs
rmdir $cg/frz

finish $job 300
check "the job exits 0" test "$rc" -eq 0
check "its output is identical to an unmigrated run" cmp ref.txt out.txt
