# Test that the balancer weighs what a process's calls home would cost
# it away: the cost of a forwarded call is measured (on the node a guest
# runs on, and brought home by the process), and of two jobs crowding
# node 1, one of which writes a line every few milliseconds, the quiet
# one is sent away and the chatty one stays home, although an idle node
# is left.  Every job's output is compared with an unmigrated run.  And
# a guest waiting in a long call home is asked home once, not every
# second.
#
#   node 1 (jobs start here) --- node 2 --- node 3
#
# distro: busybox debian
# nodes: 3
# timeout: 600
# cpu: 2
. /lib/mosix/test.sh

LEARN=$(scaled 3000)	# rounds of 1 MiB, a line each

calls_line() {	# [NODE]: the "calls home" line of its mosctl status
	if [ -n "${1:-}" ]; then
		on "$1" mosctl status
	else
		mosctl status
	fi | grep '^calls home'
}

check "balancer off (for the references)" mosctl balancer off
# The two jobs that crowd node 1 below must outlast what is watched of
# them: up to 20 s until one leaves (sharing the CPU), then 8 s.  Sized
# by this node's speed now: about 30 s each alone.
CHATTY=$(crunch_rounds "$(scaled 30)" 1)	# rounds of 1 MiB, a line each
QUIET=$(crunch_rounds "$(scaled 30)" 4)	# rounds of 4 MiB, one line at the end
diag "chatty job: $CHATTY rounds of 1 MiB; quiet job: $QUIET rounds of 4 MiB"
# (the two long references on nodes 2 and 3: the test has two CPUs)
ref_on 2 chattyref.txt mosix-crunch "$CHATTY" 1 &
chatty_ref=$!
ref_on 3 quietref.txt mosix-crunch "$QUIET" 4 quiet &
quiet_ref=$!
mosix-crunch "$LEARN" 1 > learnref.txt
wait $chatty_ref
check "the chatty job's reference, computed on node 2" grep -q '^result ' chattyref.txt
wait $quiet_ref
check "the quiet job's reference, computed on node 3" grep -q '^result ' quietref.txt

check "before any call, node 1 assumes a forwarded call's cost" \
	sh -c "mosctl status | grep -q '^calls home: *[0-9]* us per forwarded call assumed'"

# A chatty job away: node 2 measures its calls; home learns the cost.
mosix-crunch "$LEARN" 1 > learn.txt &
a=$!
check "a chatty job migrates to node 2" mosctl migrate "$a" 2
nap 3
measured() {	# [NODE]: it has measured a forwarded call's cost
	calls_line "$@" |
		grep -Eq '^calls home: *[1-9][0-9]* us per forwarded call, measured over [1-9]'
}
check "node 2 measures the cost of its guest's calls" measured 2
diag "node 2: $(calls_line 2)"
bring_home() {	# (it may have come home by itself)
	mosctl migrate "$a" home || { mosix_field "$a" node; [ "$field" = 1 ]; }
}
check "the chatty job comes home" bring_home
check "node 1 learned the cost from it" measured
diag "node 1: $(calls_line)"
wait "$a"
check "the chatty job exits 0" test $? -eq 0
check "its output is identical to an unmigrated run" cmp learnref.txt learn.txt

# Two jobs crowd node 1: the chatty one first (the lower pid, which
# wins a tie), then the quiet one.  The balancer is turned on once both
# are old enough to move (1 s): it then judges the two together.  (With
# it on from the start, the one started first is the only one old enough
# in the round that first may move a job, and goes if its move pays.)
mosix-crunch "$CHATTY" 1 > chatty.txt &
c=$!
mosix-crunch "$QUIET" 4 quiet > quiet.txt &
q=$!
nap 2
mosctl balancer on
one_left() {	# (polled: starts nothing; an ended job has not left)
	! ended "$c" && ! ended "$q" || return 1
	count_nodes "$c" "$q"
	[ "$on1" -lt 2 ]
}
check "one of the two jobs leaves node 1" wait_until 20 one_left
mosix_field "$c" node
cnode=$field
mosix_field "$q" node
qnode=$field
diag "chatty job on node $cnode, quiet job on node $qnode"
check "the quiet job is the one sent away" \
	test "$cnode" = 1 -a \( "$qnode" = 2 -o "$qnode" = 3 \)
stays_home() {	# (a job that ended does not stay: it proves nothing)
	mosix_field "$c" node
	[ "$field" = 1 ] && ! ended "$c"
}
mosix_field "$c" migrations
m0=$field
n=0
home=0
while [ $n -lt 8 ]; do
	n=$((n + 1))
	stays_home && home=$((home + 1))
	sleep 1
done
# (and between the polls it did not leave and come back)
mosix_field "$c" migrations
check "the chatty job stays home for 8 s while node 3 is idle" \
	test "$home/$field" = "8/$m0"
diag "node 1: $(calls_line)" "$(mosctl status | grep -E '^(load|balancer)')"
wait "$c"
check "the chatty job exits 0" test $? -eq 0
check "its output is identical to an unmigrated run" cmp chattyref.txt chatty.txt
wait "$q"
check "the quiet job exits 0" test $? -eq 0
check "its output is identical to an unmigrated run" cmp quietref.txt quiet.txt

# A guest that waits in a long call home is asked home once, not every
# round.  While node 1 is busy (a loop of its own, pinned there), the
# waiter computes on node 2; then node 1 is idle again and the
# waiter opens a FIFO with no writer yet: a call home that waits.  It
# uses no CPU on node 2 now, so node 2's balancer sends it home (home is
# as good), which it does when the call returns; before, node 2 asked
# again every second, each time a "balancer move".
balancer_moves() {	# NODE
	on "$1" mosctl status | sed -n 's/^balancer moves: *//p'
}
sh -c 'while :; do :; done' &
hog=$!
check "a loop of node 1's own is pinned there" mosctl pin "$hog"
rm -f fifo got
mkfifo fifo
# (ash runs a trap between commands: the loop ends at SIGUSR1)
sh -c 'go=0; trap "go=1" USR1; while [ $go = 0 ]; do :; done
	read -r x <fifo; echo "$x" >got' &
w=$!
nap 1
check "the waiter migrates to node 2" mosctl migrate "$w" 2
check "and computes there while node 1 is busy" test "$(where_node "$w")" = 2
kill "$hog"
wait "$hog" 2>/dev/null
kill -USR1 "$w"
nap 1
m0=$(balancer_moves 2)
sleep "$(scaled 10)"
m1=$(balancer_moves 2)
diag "node 2's balancer moves while the waiter waited at home: $m0 -> $m1"
check "node 2 asked it home at most once in $(scaled 10) s" test $((m1 - m0)) -le 1
echo hello >fifo
finish "$w" 30
check "the waiter ends with what it read" test "$rc/$(cat got)" = "0/hello"
exit 0
