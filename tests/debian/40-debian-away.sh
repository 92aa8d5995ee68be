# A migrated process behaves as at home on a Debian desktop: real
# programs' clocks and sleeps across moves, `systemctl freeze` of a unit
# whose process is away (the guest stops too), `strace -p` and
# `systemctl stop` of a service that reads SIGTERM from a signalfd while
# away, memory locked away (mlock), `systemctl suspend` (run through the
# freezer with pm_test) of a node hosting a guest and of a node whose
# process is away, and a node of an older CPU generation that Debian's
# glibc-built programs, which chose their code by the CPU they started
# on, are never sent to.
#
#   node 1 (home) --- node 2 --- node 3 (a CPU without AVX2, BMI1/2, FMA)
#
# distro: debian
# extra-pkgs: python3 strace
# nodes: 3
# cpu-models: 3=max,-avx2,-bmi1,-bmi2,-fma
# timeout: 900
# kernel-args: mosix.balancer=0
# shellcheck shell=sh disable=SC3043,SC1091,SC2317,SC2016,SC2154
. /lib/mosix/test.sh

cd /root || exit 1
ms() { echo $(($(date +%s%N) / 1000000)); }
at() { [ "$(where_node "$1")" = "$2" ]; }

# 1. coreutils' sleep, moved away and back mid-sleep, sleeps its 20 s.
t0=$(ms)
sleep 20 &
s=$!
nap 4
check "sleep 20 moves to node 2 mid-sleep" mosctl migrate $s 2
nap 4
check "and comes home mid-sleep" mosctl migrate $s home
wait $s
rc=$?
t1=$(ms)
diag "sleep 20 took $((t1 - t0)) ms"
check "it exits 0" test "$rc" -eq 0
check "after 20 s, not 20 more from a move (under 22 s)" \
	sh -c "[ $((t1 - t0)) -ge 20000 ] && [ $((t1 - t0)) -lt 22000 ]"

# 2. python3 reading time.monotonic() and time.clock_gettime(BOOTTIME)
# through glibc's vDSO, moved between the nodes: never back.
cat > mono.py <<'EOF'
import os, sys, time
back = 0
last = [time.monotonic(), time.clock_gettime(time.CLOCK_BOOTTIME),
        time.process_time()]
while not os.path.exists(sys.argv[1]):
    for _ in range(2000):
        now = [time.monotonic(), time.clock_gettime(time.CLOCK_BOOTTIME),
               time.process_time()]
        back += sum(1 for a, b in zip(last, now) if b < a)
        last = now
print("went back", back, "times")
EOF
rm -f stop
python3 mono.py stop > mono.txt &
m=$!
nap 3
# (node 3's CPU takes no process of node 1: see 5.)
for to in 2 home 2 home 2 home; do
	check "python3 reading its clocks moves to $to" mosctl migrate $m $to
	nap 2
done
touch stop
finish $m 60
check "it never saw a clock go back (monotonic, boottime, CPU)" \
	sh -c "[ $rc -eq 0 ] && grep -qx 'went back 0 times' mono.txt"

# 3. systemctl freeze of a unit whose process is away.
ROUNDS=$(crunch_rounds "$(scaled 25)" 1)
mosix-crunch "$ROUNDS" 1 > ref.txt
systemd-run --quiet --unit=awayjob --remain-after-exit \
	-p StandardOutput=file:/root/frz-out.txt mosix-crunch "$ROUNDS" 1
pid=$(systemctl show -p MainPID --value awayjob)
check "a service's main process moves to node 2" mosctl migrate "$pid" 2
gp=$(guest_pid 2 "$pid")
gticks() { on 2 "awk '{ print \$14 + \$15 }' /proc/$gp/stat"; }
check "systemctl freeze of the unit succeeds" systemctl freeze awayjob
check "the unit is frozen" test "$(systemctl show -p FreezerState --value awayjob)" = frozen
g0=$(gticks)
sleep 3
g1=$(gticks)
diag "the frozen unit's guest (pid $gp on node 2) used $((g1 - g0)) CPU ticks in 3 s"
check "its guest on node 2 computes no more" sh -c "[ -n '$gp' ] && [ $((g1 - g0)) -le 30 ]"
check "systemctl thaw succeeds" systemctl thaw awayjob
exited() { test "$(systemctl show -p ExecMainCode --value awayjob)" = 1; }
check "the service's process exits" wait_until 300 exited
check "thawed, it went on: status 0 and an unmigrated run's output" \
	sh -c 'test "$(systemctl show -p ExecMainStatus --value awayjob)" = 0 && cmp ref.txt frz-out.txt'
systemctl stop awayjob

# 3b. systemctl stop of a service that reads SIGTERM from a signalfd
# (sd-event's way) while its process is away: SIGTERM waits at home,
# where the signalfd is, and the service stops at once, cleanly.
systemd-run --quiet --unit=sigfdjob -p StandardOutput=file:/root/sigfd.txt \
	mosix-sig daemon
sigfd_ready() { grep -q '^ready' sigfd.txt 2>/dev/null; }
wait_until 60 sigfd_ready
pid=$(systemctl show -p MainPID --value sigfdjob)
check "a service reading SIGTERM from a signalfd moves to node 2" \
	mosctl migrate "$pid" 2
check "it runs there" at "$pid" 2
# strace -p at home shows the calls it makes on node 2 (its polls).
timeout -s INT 5 strace -p "$pid" -e trace=poll -o strace.txt 2>/dev/null
diag "strace -p: $(head -n 1 strace.txt)"
check "strace -p of it at home shows the calls it makes away" \
	grep -q '^poll(\[{fd=3, events=POLLIN}\], 1, 0) *= 0' strace.txt
check "and it still runs there once strace is gone" at "$pid" 2
t0=$(date +%s)
check "systemctl stop of it succeeds" systemctl stop sigfdjob
t1=$(date +%s)
diag "systemctl stop took $((t1 - t0)) s; the service said: $(tr '\n' ' ' < sigfd.txt)"
check "within 10 s: it read SIGTERM from its signalfd (no SIGKILL after 90 s)" \
	sh -c "[ $((t1 - t0)) -le $(scaled 10) ] && grep -q '^exiting on SIGTERM' sigfd.txt"
check "the unit ended well (not failed)" \
	sh -c 'journalctl -u sigfdjob -q --no-pager | grep -q "Deactivated successfully"'

# 3c. Memory locked away: a process that mlock()s on node 2 stays there,
# saying why, until it unlocks; its memory survives.
L=/tmp/lock
rm -rf $L
mkdir -p $L
mosix-lock $L > lock.txt 2>&1 &
lk=$!
check "a job moves to node 2" mosctl migrate $lk 2
touch $L/lock
says_line() { grep -qx "$2" "$1"; }
check "it locks its memory there" wait_until 10 says_line lock.txt locked
check "mosctl migrate home fails, saying why" \
	fails_with 1 "locked memory (mlock)" mosctl migrate $lk home
check "it still runs on node 2" at $lk 2
touch $L/unlock
check "it unlocks" wait_until 10 says_line lock.txt unlocked
check "then it comes home" mosctl migrate $lk home
touch $L/stop
finish $lk 60
check "it ends well, its memory whole" \
	sh -c "[ $rc -eq 0 ] && grep -q '^bad 0 ' lock.txt"

# 4. systemctl suspend (through the freezer only: pm_test) of node 2 while
# it hosts a guest, then of node 1 while its process is away.  The job
# lives until told to stop (a computing job sized in seconds could end
# before the second suspend on a busy host), and checks its memory then.
S=/root/suspend-job
rm -rf $S && mkdir -p $S
mosix-lock $S > suspend-job.txt 2>&1 &
job=$!
check "a job moves to node 2" mosctl migrate $job 2
# systemctl suspend returns once logind started it: wait for systemd-sleep
# to say the sleep ended before pm_test is reset (or the VM would sleep).
SUSPEND='echo freezer > /sys/power/pm_test && systemctl suspend && r=1 &&
	for i in $(seq 60); do
		journalctl -q --no-pager -u systemd-suspend.service | grep -q "returned from sleep" && { r=0; break; }
		sleep 1
	done
	echo none > /sys/power/pm_test; exit $r'
check "systemctl suspend of node 2 (pm_test freezer) succeeds" on 2 "$SUSPEND"
home() { [ "$(where_state $job)" = home ]; }
check "the guest was sent home before node 2 slept" home
check "node 2's journal says so" \
	on 2 'journalctl -k -q --no-pager | grep -q "going to sleep: sending home the guests here (1)"'
check "awake, node 2 takes guests again" wait_until 15 mosctl migrate $job 2
check "systemctl suspend of node 1 (pm_test freezer) succeeds" sh -c "$SUSPEND"
check "the process was brought home before node 1 slept" home
touch $S/stop
finish $job 60
check "the job ends well, its memory whole" \
	sh -c "[ $rc -eq 0 ] && grep -q '^bad 0 ' suspend-job.txt"

# 5. Node 3's CPU lacks AVX2: Debian's programs (glibc chose its AVX2
# string functions when they started here) never go there.
class() { mosctl -j nodes | json_nodes id cpu_class | awk -v n="$1" '$1 == n { print $2 }'; }
diag "CPU classes: $(class 1) $(class 2) $(class 3)"
rm -f stop
python3 mono.py stop > /dev/null &
p=$!
nap 2
check "python3 is refused node 3, saying why" \
	fails_with 1 "the node's CPU lacks features of its home's CPU" mosctl migrate $p 3
check "it moves to node 2" mosctl migrate $p 2
check "and is refused node 3 from there too" \
	fails_with 1 "the node's CPU lacks features of its home's CPU" mosctl migrate $p 3
check "it still runs on node 2" at $p 2
touch stop
finish $p 60
check "it ends well (no SIGILL)" test "$rc" -eq 0
