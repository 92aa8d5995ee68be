# Test what a guest can reach on the node that hosts it, and what that
# node's users can reach of it: a path it opens is its home node's file,
# never the host's; it cannot signal or ptrace the host's processes (its
# pids are its home's); a 32-bit system call (int $0x80) runs at home
# too, and one made in 32-bit mode fails (EPERM) rather than run on the
# host; an unprivileged user of the host, nobody included, cannot read
# its memory, environment or command line, nor signal it (a guest's uid
# is one no local process has), and root can.  A process in a seccomp
# sandbox, or not dumpable, stays home, and a user moves only what that
# user could trace.
#
#   node 1 (home) --- node 2 (host)
#
# distro: busybox debian
# nodes: 2
# kernel-args: mosix.balancer=0
# timeout: 300
. /lib/mosix/test.sh

echo "the home node's file" > /tmp/place.txt
on 2 "echo 'the host node file' > /tmp/place.txt" >/dev/null
# A process of node 2 whose pid no process of node 1 has.
for _ in 1 2 3 4 5 6 7 8; do
	hp=$(on 2 'sleep 600 >/dev/null 2>&1 & echo $!')
	[ -d /proc/$hp ] || break
done
check "node 2 runs a process whose pid node 1 does not use" \
	sh -c "[ ! -d /proc/$hp ]"

rm -f /tmp/go
# (it stays away long enough for the checks below: longer on a slow
# kernel, and on a Debian node, where each su opens a logind session)
stay=10
[ ! -d /run/systemd/system ] || stay=35
# (a debugging kernel, with scaled timeouts, is many times slower still)
[ "$(scaled 1)" -le 1 ] || stay=30
mosix-confine /tmp/go /tmp/place.txt "$hp" "$(scaled $stay)" > out.txt 2>&1 &
pid=$!
wait_until 10 grep -q started out.txt
check "migrate to node 2" mosctl migrate $pid 2
touch /tmp/go
wait_until 60 grep -q '^kill:' out.txt
check "a path the guest opens is its home node's file" \
	grep -q "^read: the home node's file" out.txt
check "the guest cannot signal a process of its host node" \
	grep -q '^kill: -1 No such process' out.txt
check "that process is untouched" on 2 "kill -0 $hp"

gp=$(guest_pid 2 $pid)
check "node 2 lists the guest" test -n "$gp"
# Each refusal with root's read of the same file right after: a guest
# gone (or a su that failed to run) is not a refusal.
check "a user of node 2 cannot read the guest's environment" \
	on 2 "su user -c 'cat /proc/$gp/environ' 2>&1 | grep -Eq 'Permission denied|Operation not permitted' &&
		cat /proc/$gp/environ >/dev/null"
check "nor as nobody" \
	on 2 "su -s /bin/sh nobody -c 'cat /proc/$gp/environ' 2>&1 | grep -Eq 'Permission denied|Operation not permitted' &&
		cat /proc/$gp/environ >/dev/null"
check "root of node 2 can" on 2 "cat /proc/$gp/environ >/dev/null"
# The guest's uid is one no local process has: not nobody's.
check "the guest runs as uid 2147483646" \
	on 2 "grep -q '^Uid:[[:space:]]*2147483646[[:space:]]' /proc/$gp/status"
check "a user of node 2 sees the guest in /proc" on 2 "su user -c 'test -d /proc/$gp'"
check "but not its command line" \
	on 2 "su user -c 'cat /proc/$gp/cmdline' 2>&1 | grep -Eq 'Permission denied|Operation not permitted' &&
		grep -q mosix-confine /proc/$gp/cmdline"
check "nobody of node 2 cannot kill the guest" \
	on 2 "! su -s /bin/sh nobody -c 'kill -9 $gp' 2>/dev/null && kill -0 $gp"
check "nor stop it" \
	on 2 "! su -s /bin/sh nobody -c 'kill -STOP $gp' 2>/dev/null &&
		! grep -q '^State:[[:space:]]*T' /proc/$gp/status"
# One byte of the guest's first mapping, through /proc/PID/mem.
at=$(on 2 "head -n 1 /proc/$gp/maps | cut -d- -f1")
peek="dd if=/proc/$gp/mem bs=1 skip=$((0x$at)) count=1 2>/dev/null | wc -c"
check "root of node 2 can read the guest's memory" \
	test "$(on 2 "$peek")" = 1
check "a user of node 2 cannot" \
	test "$(on 2 "su user -c '$peek'; $peek")" = "0
1"
check "nor nobody" \
	test "$(on 2 "su -s /bin/sh nobody -c '$peek'; $peek")" = "0
1"

finish $pid 120
check "it exits 0" test $rc -eq 0
check "ptrace of a host pid fails: the call runs at home, where it does not exist" \
	grep -q '^ptrace: -1 No such process' out.txt
check "the host's process is still untouched" on 2 "kill -0 $hp"
# A 32-bit mkdir (int $0x80) on node 2, which goes home to be made: taken
# for the 64-bit call of its number (getpid) it would return a pid.
check "a 32-bit call (int \$0x80) of the guest succeeds" \
	grep -q '^int80: 0' out.txt
check "and made its directory on the home node" test -d /tmp/place.txt.d32
check "not on the host node" on 2 "test ! -e /tmp/place.txt.d32"
# The same mkdir made in 32-bit mode (a far jump into the 32-bit code
# segment) cannot be made again at home: it fails, and makes nothing.
check "a call the guest makes in 32-bit mode fails with EPERM" \
	grep -q '^mode32: -1 Operation not permitted' out.txt
check "and makes nothing at home" test ! -e /tmp/place.txt.m32
check "nor on the host node" on 2 "test ! -e /tmp/place.txt.m32"
# The program at home, never migrated: there the call is made.
touch /tmp/go
mosix-confine /tmp/go /tmp/home.txt 999999 0 > home.txt 2>&1
check "unmigrated, the program's call in 32-bit mode makes its directory" \
	sh -c "grep -q '^mode32: 0' home.txt && test -d /tmp/home.txt.m32"
diag "$(cat out.txt)"
on 2 "kill $hp" >/dev/null

# Sandboxes and secrets stay at home.  A process under a seccomp filter
# (systemd's SystemCallFilter=, bubblewrap, a browser's sandbox) is not
# moved: its filter would not see the calls it made away.  Nor is one
# that made itself not dumpable (it holds secrets: ssh-agent, gpg-agent),
# and a user may move only a process that user could trace.
sandbox() {	# MODE: start mosix-sandbox MODE as $sp, its output in sb.txt
	rm -f /tmp/sgo
	mosix-sandbox "$1" /tmp/sgo > sb.txt 2>&1 &
	sp=$!
	wait_until 10 grep -q started sb.txt
}
sandbox seccomp
check "a process under a seccomp filter is not moved" \
	fails_with 1 "it is in a seccomp sandbox" mosctl migrate $sp 2
check "mosctl where says why" \
	sh -c "mosctl where $sp | grep -q '^cannot migrate: it is in a seccomp sandbox'"
touch /tmp/sgo
finish $sp 60
check "it ends well at home" test $rc -eq 0
check "where its filter held: socket() failed with EPERM" \
	grep -q '^socket: Operation not permitted' sb.txt

sandbox nodump
check "a process that is not dumpable is not moved" \
	fails_with 1 "it is not dumpable" mosctl migrate $sp 2
rm -f /tmp/sbu.txt /tmp/upid
su user -c 'mosix-sandbox nodump /tmp/sgo > /tmp/sbu.txt 2>&1 & echo $! > /tmp/upid'
up=$(cat /tmp/upid)
wait_until 10 grep -q started /tmp/sbu.txt
check "nor by its owner, who may not trace it" \
	fails_with 1 "you may not trace the process" su user -c "mosctl migrate $up 2"
touch /tmp/sgo
finish $sp 60
check "it ends well at home" test $rc -eq 0
check "not dumpable still" grep -q '^dumpable: 0' sb.txt
check "so does the user's" wait_until 60 grep -q '^dumpable: 0' /tmp/sbu.txt

# A filter installed while away: the call goes home, where the filter
# then applies, and the process stays there.
sandbox later
check "a process not yet sandboxed moves" mosctl migrate $sp 2
check "and runs on node 2" test "$(where_node $sp)" = 2
touch /tmp/sgo
finish $sp 60
check "it ends well" test $rc -eq 0
check "the filter it installed away applied: socket() failed with EPERM" \
	grep -q '^socket: Operation not permitted' sb.txt

# no_new_privs alone (systemd's NoNewPrivileges=) does not hold a
# process back: the calls it changes (exec, seccomp) run at home.
sandbox nnp
check "a process with no_new_privs moves" mosctl migrate $sp 2
check "and runs on node 2" test "$(where_node $sp)" = 2
check "its home keeps the flag" grep -q '^NoNewPrivs:.*1' /proc/$sp/status
touch /tmp/sgo
finish $sp 60
check "it ends well" test $rc -eq 0
check "with the flag set" grep -q '^nnp: 1' sb.txt
diag "$(cat sb.txt)"

# The process's scheduling and limits go with it, and follow it: a
# renice at home, and its own setpriority and setrlimit away (which run
# at home), reach its guest within a second.  A guest never runs above
# nice 0, whatever its nice at home: the host's owner first.
stat_field() {	# NODE PID N: field N of /proc/PID/stat on NODE
	on "$1" "awk '{ print \$$3 }' /proc/$2/stat"
}
guest_nice() {	# NICE: $gp runs at NICE on node 2 (polled)
	[ "$(stat_field 2 "$gp" 19)" = "$1" ]
}
rm -f /tmp/p1 /tmp/p2
mosix-prio 5 batch /tmp/p1 12 77 /tmp/p2 > prio.txt 2>&1 &
pp=$!
wait_until 10 grep -q started prio.txt
check "a process at nice 5, SCHED_BATCH, moves" mosctl migrate $pp 2
gp=$(guest_pid 2 $pp)
check "its guest runs at nice 5" test "$(stat_field 2 "$gp" 19)" = 5
check "with SCHED_BATCH" test "$(stat_field 2 "$gp" 41)" = 3
renice 9 -p $pp >/dev/null
check "renice 9 at home reaches the guest" wait_until 5 guest_nice 9
# Its calls home (access() of /tmp/p1, polled) are seen there as calls
# of the process: the syscall tracepoints fire for them (perf trace,
# ftrace, BPF; audit's syscall records are made at the same place).
T=/sys/kernel/tracing
if grep -qw tracefs /proc/filesystems; then
	mountpoint -q $T || mount -t tracefs none $T
	echo $pp > $T/set_event_pid
	echo 1 > $T/events/raw_syscalls/sys_enter/enable
	echo > $T/trace
	sleep 1
	echo 0 > $T/events/raw_syscalls/sys_enter/enable
	echo > $T/set_event_pid
	# (At home the process is its deputy, which makes no call of its own.)
	traced=$(grep -c "sys_enter: NR " $T/trace)
	diag "tracepoint: $traced calls of pid $pp in 1 s: $(grep -o 'NR [0-9]*' $T/trace | sort | uniq -c | tr '\n' ' ')"
	check "its calls made at home are seen by the syscall tracepoints there" \
		test "$traced" -ge 5
else
	ok "its calls made at home are seen by the syscall tracepoints there # SKIP this kernel has no tracing"
fi
touch /tmp/p1
wait_until 10 grep -q changed prio.txt
check "its own setpriority(12) away reaches the guest" wait_until 5 guest_nice 12
check "and its setrlimit(RLIMIT_NOFILE, 77)" \
	on 2 "grep -Eq '^Max open files +77 ' /proc/$gp/limits"
renice -5 -p $pp >/dev/null
check "renice -5 at home" test "$(awk '{ print $19 }' /proc/$pp/stat)" = -5
check "the guest runs at nice 0, not above" wait_until 5 guest_nice 0
check "and still SCHED_BATCH" test "$(stat_field 2 "$gp" 41)" = 3
touch /tmp/p2
finish $pp 60
check "it ends well" test $rc -eq 0
check "with the nice value and limit it has at home" \
	test "$(grep -E '^(nice|nofile):' prio.txt | tr '\n' ' ')" = "nice: -5 nofile: 77 "
diag "$(cat prio.txt)"
