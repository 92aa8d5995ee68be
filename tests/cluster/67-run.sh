# Test mosctl run: a command started on another node (-n) runs there
# from its start, one started there pinned (-p -n) stays while that
# node's balancer moves others, one started at home pinned (-h) never
# leaves, one started balanced (the default) is left to the balancer;
# outputs and exit statuses are those of plain runs.
#
#   node 1 (commands start here) --- node 2 --- node 3
#
# distro: busybox debian
# nodes: 3
# timeout: 600
# cpu: 2
# shellcheck shell=sh disable=SC3043,SC1091,SC2317
. /lib/mosix/test.sh

ROUNDS=2000
field_of() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/mosix" 2>/dev/null; }
on_node() {	# PID NODE: the process runs on NODE (polled: starts nothing)
	mosix_field "$1" node
	[ "$field" = "$2" ]
}
pinned() {
	mosix_field "$1" pinned
	[ "$field" = 1 ]
}
finish() {	# PID WHAT: wait (bounded) for job PID; its exit status
	if ! wait_until 300 ended "$1"; then
		not_ok "$2 ends within 300 s" "$(cat "/proc/$1/mosix" 2>&1)" \
			"$(mosctl nodes 2>&1)" \
			"node 2 guests: $(on 2 mosctl guests 2>&1)" \
			"node 3 guests: $(on 3 mosctl guests 2>&1)"
		kill -9 "$1"
	fi
	wait "$1"
}
jobs_done() {	# WHAT PREFIX REF: each job of $pids ends, exits 0, and
	local i=1 p	# wrote PREFIX<i>.txt identical to REF
	for p in $pids; do
		finish "$p" "$1: job $i"
		check "$1: job $i exits 0" test $? -eq 0
		check "$1: job $i's output is identical" cmp "$2$i.txt" "$3"
		i=$((i + 1))
	done
}

check "balancer off (for the references)" mosctl balancer off
# The references of the quiet jobs are computed on nodes 2 and 3, pinned
# there, while node 1 computes its own: the test has two host CPUs.
QUIET=$((ROUNDS * 2))
ref_on 2 quietref.txt mosix-crunch "$QUIET" 1 quiet &
quiet_ref=$!
mosix-crunch $ROUNDS 1 > ref.txt
# The -h jobs below are watched for 10 s, three at once on one CPU: each
# takes about 8 s alone, 24 s together.
HOME_ROUNDS=$(crunch_rounds "$(scaled 8)" 1)
diag "run -h jobs: $HOME_ROUNDS rounds of 1 MiB"
# The -p -n 2 jobs: the pinned one runs alone on node 2 while the second
# is placed (up to 20 s), shares the CPU until node 2's balancer moves
# the second (up to 30 s more, half speed), then 5 s alone again: 40 s of
# its own time at most; 45 s alone is enough, and no more is spent.
LONG=$(crunch_rounds "$(scaled 45)" 1)
diag "run -p -n 2 jobs: $LONG rounds of 1 MiB"
ref_on 3 longref.txt mosix-crunch "$LONG" 1 quiet &
long_ref=$!
mosix-crunch $HOME_ROUNDS 1 > homeref.txt
wait $quiet_ref
check "the quiet reference, computed on node 2" grep -q '^result ' quietref.txt
wait $long_ref
check "the -p -n 2 jobs' reference, computed on node 3" grep -q '^result ' longref.txt

# --- bad input starts nothing ---------------------------------------------

usage() {	# ARGS...: mosctl run ARGS exits 2 and runs nothing
	rm -f /tmp/ran
	mosctl run "$@" >/dev/null 2>&1
	[ $? -eq 2 ] && [ ! -e /tmp/ran ]
}
check "run without a command is a usage error" usage
check "run -- without a command is a usage error" usage --
check "run -n without a node is a usage error" usage -n
check "run -n abc is a usage error" usage -n abc -- touch /tmp/ran
check "run -n 0 is a usage error" usage -n 0 -- touch /tmp/ran
check "run -h -n 2 is a usage error" usage -h -n 2 -- touch /tmp/ran
check "run -p -b is a usage error" usage -p -b -- touch /tmp/ran
check "run -b -n 2 -p is a usage error" usage -b -n 2 -p -- touch /tmp/ran
check "run -x is a usage error" usage -x -- touch /tmp/ran
rm -f /tmp/ran
out=$(mosctl run -n 99 -- touch /tmp/ran 2>&1)
rc=$?
check "run -n 99 (no such node) fails with exit 1" test "$rc" -eq 1
check "saying so" sh -c "echo '$out' | grep -q 'node 99: no such node'"
check "and runs nothing" test ! -e /tmp/ran
mosctl run -- /no/such/program 2>/dev/null
check "a missing program exits 127, as in a shell" test $? -eq 127
check "run --help shows the usage" sh -c "mosctl run --help | grep -q 'Usage: mosctl run'"

# --- exit status and arguments pass through -------------------------------

mosctl run -- sh -c 'exit 7'
check "the command's exit status is run's" test $? -eq 7
check "arguments pass unchanged" test "$(mosctl run -- echo -n 'a  b' -h)" = "a  b -h"
check "a command with -h after -- is not run's -h" \
	sh -c "mosctl run -- sh -c 'echo \$0' -h | grep -qx -- -h"

# --- -n: on another node from the start -----------------------------------

# Quiet: a job that prints a line per round would, on an idle cluster,
# rightly go home soon (its forwarded writes cost more than node 2 gains).
mosctl run -n 2 -- mosix-crunch $QUIET 1 quiet > on2.txt 2> on2.err &
pid=$!
if wait_until 10 on_node $pid 2; then
	ok "run -n 2: the command runs on node 2 within 10 s"
else
	not_ok "run -n 2: the command runs on node 2 within 10 s" \
		"$(cat "/proc/$pid/mosix" 2>&1)" "$(mosctl nodes 2>&1)" \
		"$(mosctl status 2>&1)"
fi
check "it is away, its home keeps its pid" test "$(field_of $pid state)" = away
check "it migrated once" test "$(field_of $pid migrations)" = 1
finish $pid "run -n 2"
check "run -n 2: exit status 0" test $? -eq 0
check "run -n 2: nothing on stderr" test ! -s on2.err
diag "$(cat on2.err)"
check "run -n 2: output identical to an unmigrated run" cmp on2.txt quietref.txt

mosctl run -n 3 -- mosix-exitcode 3 exit 5
check "run -n 3: the exit status (5) of a command that ran on node 3" test $? -eq 5

mosctl run -n 1 -- mosix-crunch $ROUNDS 1 > here.txt &
pid=$!
sleep 2
check "run -n with this node's own id runs here" test "$(field_of $pid state)" = home
finish $pid "run -n 1"
check "and its output is identical" cmp here.txt ref.txt

# --- -p -n: on another node, pinned there ---------------------------------

# Two jobs on node 2, whose balancer is on: it sends one away (home or to
# node 3) but not the pinned one.  The jobs are quiet (they print only
# their result): a job printing a line per round waits on its home for
# each forwarded write, and two such jobs do not crowd one CPU enough for
# a move to pay.  The pinned one is placed first, so that each step can
# be checked on its own.
node2_diag() {	# PID: what to print when a check on job PID fails
	echo "job $1: $(tr '\n' ' ' < "/proc/$1/mosix" 2>&1)"
	echo "node 2 guests: $(on 2 mosctl guests 2>&1)"
	echo "node 2: $(on 2 mosctl status 2>&1 | grep -E '^(load|balancer)')"
	echo "nodes: $(mosctl nodes 2>&1)"
}
t0=$(date +%s)
mosctl run -p -n 2 -- mosix-crunch $LONG 1 quiet > pin2.txt 2> pin2.err &
pinned_pid=$!
if wait_until 20 on_node $pinned_pid 2; then
	ok "run -p -n 2: the command runs on node 2"
else
	not_ok "run -p -n 2: the command runs on node 2" \
		"after $(($(date +%s) - t0)) s" "$(node2_diag $pinned_pid)" \
		"stderr: $(cat pin2.err)"
fi
check "run -p -n 2: and is pinned (at home)" \
	wait_until 10 pinned $pinned_pid
placed=$(field_of $pinned_pid migrations)
check "run -p -n 2: a manual migration is refused" \
	fails_with 1 "it is pinned" mosctl migrate $pinned_pid 3
# Node 2's balancer waits until the second job is seen there: a job it
# moved on at once could run there for less than one poll.
check "node 2's balancer off" on 2 mosctl balancer off
mosctl run -n 2 -- mosix-crunch $LONG 1 quiet > free2.txt 2> free2.err &
free_pid=$!
if wait_until 20 on_node $free_pid 2; then
	ok "run -n 2: a second job joins it on node 2"
else
	not_ok "run -n 2: a second job joins it on node 2" \
		"$(node2_diag $free_pid)" "stderr: $(cat free2.err)"
fi
check "node 2's balancer on" on 2 mosctl balancer on
gone2() { ! ended "$free_pid" && ! on_node "$free_pid" 2; }	# moved, not ended
if wait_until 30 gone2; then
	ok "run -p -n 2: node 2's balancer moves the unpinned job away"
else
	not_ok "run -p -n 2: node 2's balancer moves the unpinned job away" \
		"$(node2_diag $free_pid)" "$(node2_diag $pinned_pid)"
fi
diag "the unpinned job runs on node $(field_of $free_pid node)"
sleep 5
if on_node $pinned_pid 2; then
	ok "run -p -n 2: the pinned job stayed on node 2"
else
	not_ok "run -p -n 2: the pinned job stayed on node 2" \
		"$(node2_diag $pinned_pid)"
fi
check "run -p -n 2: it was never moved again" \
	test "$(field_of $pinned_pid migrations)" = "$placed"
finish $pinned_pid "run -p -n 2"
check "run -p -n 2: exit status 0" test $? -eq 0
check "run -p -n 2: nothing on stderr" test ! -s pin2.err
diag "$(cat pin2.err)"
check "run -p -n 2: output identical to an unmigrated run" cmp pin2.txt longref.txt
finish $free_pid "run -n 2 (unpinned)"
check "run -n 2 (unpinned): output identical" cmp free2.txt longref.txt
check "run -n 2 (unpinned): nothing on stderr" test ! -s free2.err
diag "$(cat free2.err)"

# --- -h: at home and pinned, also with the balancer on --------------------

check "balancer on" mosctl balancer on
pids=
for i in 1 2 3; do
	mosctl run -h -- mosix-crunch $HOME_ROUNDS 1 > "home$i.txt" &
	pids="${pids:+$pids }$!"
done
for p in $pids; do
	check "run -h: process $p is pinned (within 10 s on a busy host)" \
		wait_until 10 pinned "$p"
done
check "run -h: a manual migration is refused" \
	fails_with 1 "it is pinned" mosctl migrate "${pids##* }" 2
sleep 10
# Each job still runs (one that ended early proves nothing), at home,
# never moved (not even there and back).
stayed() {
	local p bad=
	for p in $pids; do
		if ended "$p"; then
			bad="$bad $p:ended"
		elif [ "$(field_of "$p" state)/$(field_of "$p" migrations)" != home/0 ]; then
			bad="$bad $p:$(field_of "$p" state)/$(field_of "$p" migrations)"
		fi
	done
	[ -z "$bad" ] || { echo "not home all along (state/migrations):$bad"; return 1; }
}
check "run -h: with the balancer on, all three stay home for 10 s" stayed
jobs_done "run -h" home homeref.txt

# --- balanced (the default): the balancer may move it ---------------------

# Quiet jobs, as in 80-balancer: a job that prints a line per round
# waits on its home for a forwarded write each round, runs only part of
# the time away, and whether moving it pays depends on the host's speed.
pids=
for i in 1 2 3; do
	mosctl run -- mosix-crunch $QUIET 1 quiet > "bal$i.txt" &
	pids="${pids:+$pids }$!"
done
trace=
spread() {	# (and $trace: the jobs' nodes at each poll)
	local p n=0 at=
	for p in $pids; do
		mosix_field "$p" node
		at="$at${field:-.}"
		[ -n "$field" ] && [ "$field" != 1 ] && n=$((n + 1))
	done
	trace="$trace $at"
	[ "$n" -ge 2 ]
}
balanced_diag() {	# what to print when the jobs did not spread
	echo "the jobs' nodes, once a second:$trace"
	for p in $pids; do
		echo "job $p: $(tr '\n' ' ' < "/proc/$p/mosix" 2>&1)"
	done
	echo "node 1: $(mosctl status 2>&1 | tr -s ' ' | tr '\n' ';')"
	for n in 2 3; do
		echo "node $n: $(on "$n" mosctl status 2>&1 |
			grep -E '^(load|balancer|transfers|guests refused|dropped)' |
			tr -s ' ' | tr '\n' ';')"
	done
	for n in 1 2 3; do
		echo "node $n's table: $(on "$n" mosctl nodes 2>&1 | tr -s ' ' |
			tr '\n' ';')"
	done
	dmesg | grep 'mosix:' | tail -n 5
}
if wait_until 60 spread; then
	ok "run (balanced): the balancer moves two of three jobs away within 60 s"
else
	not_ok "run (balanced): the balancer moves two of three jobs away within 60 s" \
		"$(balanced_diag)"
fi
for p in $pids; do
	check "run (balanced): process $p is not pinned" test "$(field_of "$p" pinned)" = 0
done
jobs_done "run (balanced)" bal quietref.txt

exit 0
