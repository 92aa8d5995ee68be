# Test what a process reads of its clocks and timers while it moves:
# CLOCK_MONOTONIC, CLOCK_BOOTTIME and its CPU-time clock never go back
# through many moves between nodes that booted at different times, also
# for a process in a time namespace a day ahead of its node's; a
# relative nanosleep interrupted by moves sleeps its length, not more,
# and one ended by a signal away reports the time it had left; ITIMER_PROF
# and RLIMIT_CPU count the CPU time used on every node.  Each program
# prints the same lines as an unmigrated run would (tests/vm/mosix-clock.c).
#
#   node 1 (home) --- node 2 --- node 3
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 600
# shellcheck shell=sh disable=SC3043,SC1091,SC2154
. /lib/mosix/test.sh

D=/tmp/clocks
rm -rf $D
mkdir -p $D
up() {	# NODE: its uptime
	if [ "$1" = "$NODE_ID" ]; then cat /proc/uptime; else on "$1" cat /proc/uptime; fi |
		awk '{ print $1 }'
}
diag "uptimes: node 1 $(up 1) s, node 2 $(up 2) s, node 3 $(up 3) s"

# Move each of PIDS to TO, and check where they are.
move() {	# TO PID...
	local to="$1" pid
	shift
	for pid in "$@"; do
		mosctl migrate "$pid" "$to" || return 1
		[ "$to" = home ] || [ "$(where_node "$pid")" = "$to" ] || return 1
	done
}
says() {	# FILE LINE: FILE holds LINE
	grep -qxF "$2" "$1" || { echo "$1:"; cat "$1"; return 1; }
}

# 1. Clocks read through the vDSO, in the node's namespace and in one of
# the process's own a day ahead.
mosix-clock watch $D/stop > watch.txt 2> watch.err &
w1=$!
mosix-clock watch $D/stop 86400 > ahead.txt 2> ahead.err &
w2=$!
nap 2
for to in 2 3 home 3 2 home 2 3 home; do
	check "both watchers move to $to" move $to $w1 $w2
	nap 1
done
touch $D/stop
finish $w1 60
check "the watcher ends well" test "$rc" -eq 0
finish $w2 60
check "the watcher a day ahead ends well" test "$rc" -eq 0
for f in watch ahead; do
	diag "$f: $(paste -sd ';' $f.err)"
	for c in CLOCK_MONOTONIC CLOCK_BOOTTIME CLOCK_PROCESS_CPUTIME_ID; do
		check "$f: $c never went back through 9 moves" \
			says $f.txt "$c never went back"
	done
done

# 2. Sleeps: one through two moves, one ended by a signal while away.
mosix-clock sleep 20 $D/asleep1 > sleep.txt 2> sleep.err &
s1=$!
mosix-clock sleep-signal 20 $D/asleep2 > signal.txt 2> signal.err &
s2=$!
asleep() { [ -e $D/asleep1 ] && [ -e $D/asleep2 ]; }
check "both sleepers sleep" wait_until 10 asleep
sleep 4
check "both sleepers move to node 2 mid-sleep" move 2 $s1 $s2
sleep 4
check "one moves on to node 3" move 3 $s1
check "the other gets SIGUSR1 on node 2" kill -USR1 $s2
finish $s2 30
check "the signalled sleeper ends well" test "$rc" -eq 0
diag "signalled: $(cat signal.err)"
check "its sleep was interrupted with the time left it had" \
	says signal.txt "interrupted: slept + left = 20 s"
finish $s1 40
check "the sleeper ends well" test "$rc" -eq 0
diag "sleeper: $(cat sleep.err)"
check "it slept 20 s, not more" says sleep.txt "slept 20 s"

# 3. CPU timers: ITIMER_PROF over three nodes, RLIMIT_CPU reached away.
mosix-clock prof 10 > prof.txt 2> prof.err &
p=$!
mosix-clock xcpu 4 > xcpu.txt 2> xcpu.err &
x=$!
sleep 2
check "the profiled and the limited move to node 2" move 2 $p $x
sleep 3
check "the profiled moves on to node 3" move 3 $p
sleep 3
check "and home" move home $p
finish $x 60
check "the limited one ends well" test "$rc" -eq 0
diag "limited: $(cat xcpu.err)"
check "SIGXCPU came at its RLIMIT_CPU, counting CPU time at home and away" \
	says xcpu.txt "SIGXCPU after 4 s of CPU time"
finish $p 60
diag "profiled: $(cat prof.err)"
# (A node used to report the CPU time used there scaled to its
# scheduler's run time, what times() shows, while ITIMER_PROF counts the
# samples: on a busy host the PROF clock leapt at home by what the
# scaling moved, up to seconds.  Samples and run time go as they are.)
check "the profiled one ends well" test "$rc" -eq 0
check "SIGPROF came every 20 ms of CPU time on every node" \
	says prof.txt "SIGPROF every 20 ms of CPU time"
