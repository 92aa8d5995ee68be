# Test migrated processes when things go wrong: the exit status seen at
# home; SIGKILL at home while away (running, or waiting in a call its
# deputy serves); SIGKILL of the guest on its node; the guest's node
# powered off (the process ends at home with SIGKILL in bounded time, and
# node 1 says why); the home node powered off (the guest ends); migrating
# to a node that is down changes nothing.
#
#   node 1 (home) --- node 2 --- node 3      (one private switch)
#
# Nodes 2 and then 3 are powered off (reboot -f) during the test.
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 900
. /lib/mosix/test.sh

# The pids of the processes named NAME on node N (one a line).
pids_on() {
	on "$1" "for d in /proc/[0-9]*; do
		[ \"\$(cat \$d/comm 2>/dev/null)\" = $2 ] && echo \${d#/proc/}
	done; true"
}
# (Both fail when node N does not answer: pids_on has on's status.)
none_on() { local p; p=$(pids_on "$1" "$2") && test -z "$p"; }
some_on() { local p; p=$(pids_on "$1" "$2") && test -n "$p"; }
dmesg_has() { dmesg | grep -q "$1"; }
unreachable() { ! ping -c 1 -W 1 "$(node_addr "$1")" >/dev/null 2>&1; }
node_down() { mosctl nodes | grep -q "^ *$1 .* down"; }

# Seconds since boot (the VMs' clocks run at the host's pace), and since T.
uptime_s() { awk '{ print $1 }' /proc/uptime; }
since() { awk -v t="$1" '{ printf "%.1f", $1 - t }' /proc/uptime; }

# reader NAME NODE DESC: start a reader of a FIFO that nobody writes
# (mosix-sig read, output in NAME.out), migrate it to NODE (check DESC),
# and wait until its deputy is blocked in the read; its pid in $reader.
reader() {
	rm -f $D/go $D/fifo
	mkfifo $D/fifo
	mosix-sig read $D/go $D/fifo >$D/$1.out 2>&1 &
	reader=$!
	wait_until 60 grep -q started $D/$1.out 2>/dev/null
	check "$3" mosctl migrate $reader "$2"
	touch $D/go
	wait_until 60 grep -q "reading 1" $D/$1.out
	nap 2
}

D=/tmp/fail
rm -rf $D
mkdir -p $D
ROUNDS=100
mosix-crunch $ROUNDS 4 >$D/ref.txt

# Test the exit status of a process that ends away: 42 as a background job
# waited for by the shell, and as a foreground job, and a death by signal.
rm -f $D/go
mosix-exit $D/go exit 42 >$D/e1.out &
pid=$!
wait_until 60 grep -q started $D/e1.out 2>/dev/null
check "exit 42: migrate to node 2" mosctl migrate $pid 2
touch $D/go
finish $pid 120
check "exit(42) away: the shell's wait sees 42" test $rc -eq 42

rm -f $D/go
(
	wait_until 60 sh -c "pidof mosix-exit >/dev/null"
	nap 0.5
	p=$(pidof mosix-exit)
	mosctl migrate "$p" 3 >$D/fg.txt 2>&1
	echo "status $?" >>$D/fg.txt
	echo "where $(where_state "$p")/$(where_node "$p")" >>$D/fg.txt
	touch $D/go
) &
helper=$!
mosix-exit $D/go exit 42 >/dev/null
rc=$?
wait $helper
check "exit(42) away of a foreground job: the shell sees 42" test $rc -eq 42
check "(that job was migrated to node 3)" grep -q "status 0" $D/fg.txt
check "(and ran there)" grep -qx "where away/3" $D/fg.txt
diag "$(cat $D/fg.txt)"

rm -f $D/go
mosix-exit $D/go signal 15 >$D/e3.out &
pid=$!
wait_until 60 grep -q started $D/e3.out 2>/dev/null
check "SIGTERM: migrate to node 2" mosctl migrate $pid 2
check "SIGTERM: on to node 3" mosctl migrate $pid 3
check "SIGTERM: it runs on node 3" \
	test "$(where_state $pid)/$(where_node $pid)" = away/3
touch $D/go
finish $pid 120
check "SIGTERM to itself on node 3 (via 2): the shell sees 143" test $rc -eq 143

# Test SIGKILL at home while the guest computes on node 2.
mosix-crunch 100000 1 >/dev/null &
pid=$!
check "kill -9 (running): migrate a long job to node 2" mosctl migrate $pid 2
check "kill -9 (running): its guest runs on node 2" some_on 2 mosix-crunch
kill -9 $pid
finish $pid 30
check "kill -9 (running): ends at home with 137 within 30 s" test $rc -eq 137
check "kill -9 (running): the guest is gone from node 2" \
	wait_until 30 none_on 2 mosix-crunch

# Test SIGKILL at home while its deputy is blocked in a read it serves.
reader k2 3 "kill -9 (in a read): migrate a reader to node 3"
pid=$reader
kill -9 $pid
finish $pid 30
check "kill -9 (in a read): ends at home with 137 within 30 s" test $rc -eq 137
check "kill -9 (in a read): the guest is gone from node 3" \
	wait_until 30 none_on 3 mosix-sig

# Test SIGKILL of the guest by root on its node: the process ends at home.
mosix-crunch 100000 1 >/dev/null &
pid=$!
check "guest killed: migrate a long job to node 2" mosctl migrate $pid 2
kill_guest() {	# the one mosix-crunch of node 2, its guest, by root there
	local g
	g=$(pids_on 2 mosix-crunch) || return 1
	case $g in '' | *[!0-9]*) echo "not one pid: '$g'"; return 1 ;; esac
	on 2 "kill -9 $g"
}
check "guest killed: root of node 2 kills it" kill_guest
finish $pid 30
check "guest killed on node 2: the process ends at home with 137" \
	test $rc -eq 137
check "guest killed on node 2: it is gone there" \
	wait_until 30 none_on 2 mosix-crunch

# Test power failures of node 2: a guest of node 1 runs there (its deputy
# idle at home), and node 2 is the home of a process running on node 3.
mosix-crunch 100000 1 >/dev/null &
p1=$!
check "node 2 dies: migrate a long job to node 2" mosctl migrate $p1 2
q=$(on 2 'mosix-crunch 100000 1 >/dev/null 2>&1 & echo $!')
check "node 2 dies: node 2 starts a job and migrates it to node 3" \
	on 2 "mosctl migrate $q 3"
check "node 2 dies: that guest runs on node 3" some_on 3 mosix-crunch
t0=$(uptime_s)
ON_TIMEOUT=5 on 2 "reboot -f" >/dev/null 2>&1 &
finish $p1 30
diag "node 2 powered off: its guest's process ended at home after $(since $t0) s"
check "node 2 dies: the process away there ends within 30 s, killed (137)" \
	test $rc -eq 137
check "node 2 dies: node 1 says why" \
	wait_until 5 dmesg_has "pid $p1: guest on node 2 lost"
diag "$(dmesg | grep "pid $p1:")"
check "node 2 dies: the guest of node 2 on node 3 ends within 30 s" \
	wait_until 30 none_on 3 mosix-crunch
dmesg3_has() { on 3 dmesg | grep -q "$1"; }
check "node 2 dies: node 3 says why" dmesg3_has "pid $q of node 2) ends"
diag "$(on 3 dmesg | grep "pid $q of node 2")"

# Test a migration to a node that is down: nothing changes.
check "node 1 sees node 2 down" wait_until 30 node_down 2
mosix-crunch $ROUNDS 4 >$D/out1.txt &
pid=$!
check "migrating to node 2, which is down, fails" \
	fails_with 1 "the node is not up" mosctl migrate $pid 2
check "the process is still at home" test "$(where_state $pid)" = home
finish $pid 300
check "and it finishes correctly" cmp $D/ref.txt $D/out1.txt

# Test a power failure of node 3 with two guests of node 1 there: one
# computing, one whose deputy is blocked in a read at home.
mosix-crunch 100000 1 >/dev/null &
p2=$!
check "node 3 dies: migrate a long job to node 3" mosctl migrate $p2 3
reader k3 3 "node 3 dies: migrate a reader to node 3"
p3=$reader
t0=$(uptime_s)
ON_TIMEOUT=5 on 3 "reboot -f" >/dev/null 2>&1 &
# Meanwhile: a migration to node 3 once it no longer answers, maybe before
# node 1 has noticed it is down.
wait_until 20 unreachable 3
mosix-crunch $ROUNDS 4 >$D/out2.txt &
p4=$!
(mosctl migrate $p4 3 >$D/m4.txt 2>&1; echo "status $?" >>$D/m4.txt) &
mover=$!
finish $p2 30
diag "node 3 powered off: the computing process ended at home after $(since $t0) s"
check "node 3 dies: the computing process ends within 30 s, killed (137)" \
	test $rc -eq 137
finish $p3 30
diag "node 3 powered off: the process blocked in a read ended after $(since $t0) s"
check "node 3 dies: the process blocked in a read ends within 30 s (137)" \
	test $rc -eq 137
check "node 3 dies: node 1 says why, for both" \
	sh -c "dmesg | grep -q 'pid $p2: guest on node 3 lost' &&
	       dmesg | grep -q 'pid $p3: .*node 3'"
diag "$(dmesg | grep -e "pid $p2:" -e "pid $p3:")"
finish $mover 60
check "migrating to node 3 as it died fails (within 60 s)" \
	sh -c "grep -q status $D/m4.txt && ! grep -q 'status 0' $D/m4.txt"
diag "$(cat $D/m4.txt)"
finish $p4 300
check "and that process finishes correctly at home" cmp $D/ref.txt $D/out2.txt
