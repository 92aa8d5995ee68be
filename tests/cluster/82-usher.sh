# Test memory ushering: when a node has less free memory than the usher
# threshold, the balancer moves its largest process to a node with room
# for it, and only that one; the memory survives the move (the pattern
# checked after it is that of an unmigrated run, compared with cmp).
#
#   node 1 (jobs A, B start here; short of memory) --- node 2 --- node 3
#
# distro: busybox debian
# nodes: 3
# mem: 256
# timeout: 400
# cpu: 2
# shellcheck shell=sh disable=SC3043,SC1091,SC2317
. /lib/mosix/test.sh

USHER=400	# per mille: short below 40 % free
field_of() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/mosix" 2>/dev/null; }
status_num() {	# KEY: a number of this node's mosctl -j status
	mosctl -j status | tr ',{}' '\n\n\n' | tr -d ' \t"' |
		awk -F: -v k="$1" '$1 == k { print $2; exit }'
}
finish() {	# PID WHAT: wait (bounded) for job PID; its exit status
	if ! wait_until 120 ended "$1"; then
		not_ok "$2 ends within 120 s" "$(cat "/proc/$1/mosix" 2>&1)"
		kill -9 "$1"
	fi
	wait "$1"
}

# --- the tunable ----------------------------------------------------------

check "usher is 10 % by default" test "$(status_num usher)" = 100
for bad in 501 -1 x "" 4000000000; do
	mosctl balancer usher "$bad" >/dev/null 2>&1
	rc=$?
	check "mosctl balancer usher '$bad' is a usage error" test "$rc" -eq 2
done
check "and changed nothing" test "$(status_num usher)" = 100
check "usher needs root" \
	fails_with 1 "permission denied" su user -c 'mosctl balancer usher 200'
check "and that changed nothing" test "$(status_num usher)" = 100

# --- sizes from this node's memory ----------------------------------------

total=$(($(status_num mem_total) >> 20))
free=$(($(status_num mem_free) >> 20))
room=$((free - total * USHER / 1000))	# what may be used before ushering
A=$((room * 3 / 4))	# A and B together leave less than 40 % free;
B=$((room / 2))		# A alone fits on an idle node, keeping its 40 %
diag "node 1: $total MiB, $free MiB free; job A $A MiB, job B $B MiB"
check "the VM has room for the test ($room MiB above the threshold)" \
	test "$room" -ge 40

# The reference: unmigrated runs.
touch /tmp/ra1 /tmp/rb1
mosix-mempat $A 1 /tmp/ra > refa.txt
mosix-mempat $B 1 /tmp/rb > refb.txt
check "reference runs end with done" \
	sh -c "tail -n1 refa.txt | grep -qx done && tail -n1 refb.txt | grep -qx done"

# --- pressure ---------------------------------------------------------------

# Pinned while they fill their memory: two jobs computing on one node
# while the others idle is a load the balancer rightly spreads, and this
# test is about memory.  Filled, they wait (no CPU), and are let go.
mosctl run -h mosix-mempat $A 1 /tmp/ga > a.txt &
a=$!
mosctl run -h mosix-mempat $B 1 /tmp/gb > b.txt &
b=$!
filled() { grep -q filled a.txt && grep -q filled b.txt; }
check "A and B have filled their memory" wait_until 60 filled
check "and are let go" sh -c "mosctl unpin $a && mosctl unpin $b"
diag "free now: $(($(status_num mem_free) >> 20)) MiB"
sleep 3
check "at 10 % nothing moves (node 1 is not short)" \
	sh -c "test $(field_of $a state) = home && test $(field_of $b state) = home"

# The threshold is the same on every node (as the stability factor): a
# node sends a guest home only if home keeps that much free afterwards.
check "mosctl balancer usher $USHER on node 2" on 2 mosctl balancer usher $USHER
check "mosctl balancer usher $USHER on node 3" on 3 mosctl balancer usher $USHER
check "mosctl balancer usher $USHER" mosctl balancer usher $USHER
check "status shows it" sh -c "mosctl status | grep -q 'usher below 40.0% free'"
away() { [ "$(field_of "$a" state)" = away ]; }
check "the largest process, A, is ushered away within 20 s" wait_until 20 away
diag "A runs on node $(field_of $a node); node 1 free now: $(($(status_num mem_free) >> 20)) MiB"
check "B, smaller, stays home" test "$(field_of $b state)" = home
sleep 8
check "8 s later A is still away, once moved (no ping-pong)" \
	sh -c "test $(field_of $a state) = away && test $(field_of $a migrations) = 1"
check "and B still home" test "$(field_of $b state)" = home

# --- the memory survived ----------------------------------------------------

touch /tmp/ga1 /tmp/gb1
finish $a "job A"
check "job A exits 0" test $? -eq 0
finish $b "job B"
check "job B exits 0" test $? -eq 0
check "A's memory after ushering is that of an unmigrated run" cmp a.txt refa.txt
check "B's output is that of an unmigrated run" cmp b.txt refb.txt

check "mosctl balancer usher 0 turns ushering off" mosctl balancer usher 0
check "status shows 0" test "$(status_num usher)" = 0

exit 0
