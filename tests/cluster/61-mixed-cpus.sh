# Test a cluster of CPUs of two generations: node 3's CPU lacks AVX2,
# BMI1/2 and FMA (same XSAVE size as the others: the FPU check alone
# let such moves through).  Every node shows its CPU class and the same
# vDSO build (one kernel build on different CPUs); a job that chose AVX2
# code when it started on node 1 moves to node 2 but never to node 3 (by
# hand, onward from node 2, or by the balancer), each refusal saying
# why, and gives the output of an unmigrated run, without SIGILL; a job
# that started on node 3 (plain code) moves to node 1 and back.
#
#   node 1 (x86-64-v3) --- node 2 (x86-64-v3) --- node 3 (x86-64-v2)
#
# distro: busybox debian
# nodes: 3
# cpu-models: 3=max,-avx2,-bmi1,-bmi2,-fma
# kernel-args: mosix.balancer=0 mosix.balancer_log=1
# timeout: 600
# shellcheck shell=sh disable=SC3043,SC1091,SC2154,SC2016
. /lib/mosix/test.sh

field() {	# NODE KEY: node NODE's KEY in this node's `mosctl -j nodes`
	mosctl -j nodes | json_nodes id "$2" | awk -v n="$1" '$1 == n { print $2 }'
}
known() { [ "$(field 3 cpu_class)" != - ] && [ "$(field 3 cpu_class)" != null ]; }
check "node 1 knows node 3's CPU" wait_until 10 known
c1=$(field 1 cpu_class)
c2=$(field 2 cpu_class)
c3=$(field 3 cpu_class)
diag "CPU classes: node 1 $c1, node 2 $c2, node 3 $c3"
classes() { [ "$c1" = "$c2" ] && [ "$c1" != "$c3" ]; }
check "node 3's CPU is of another class than nodes 1 and 2" classes
check "mosctl nodes shows the classes" sh -c 'mosctl nodes | grep -q "x86-64-v"'
has_avx2() { field "$1" cpu_features | grep -q avx2; }
avx2_1_not_3() { has_avx2 1 && ! has_avx2 3; }
check "node 1 lists AVX2 among its CPU's features, node 3 does not" avx2_1_not_3
one_vdso() {
	v=$(field 1 vdso)
	diag "vDSO builds: $v $(field 2 vdso) $(field 3 vdso)"
	[ "$v" != - ] && [ "$(field 2 vdso)" = "$v" ] && [ "$(field 3 vdso)" = "$v" ]
}
check "one kernel build: the same vDSO build on every CPU" one_vdso

# A job that picked AVX2 on node 1, long enough for the moves.
ROUNDS=$(rounds_for "$(scaled 20)" mosix-avx)
diag "$ROUNDS rounds for 20 s"
mosix-avx 10 > /dev/null 2> avx.err
check "on node 1 the job chooses AVX2 code" grep -q "AVX2 code" avx.err
mosix-avx "$ROUNDS" > ref.txt 2> /dev/null &
ref=$!
mosix-avx "$ROUNDS" > out.txt 2> /dev/null &
job=$!
nap 2
check "mosctl migrate to node 3 is refused, saying why" \
	fails_with 1 "the node's CPU lacks features of its home's CPU" mosctl migrate $job 3
check "node 1's log names the features node 3 lacks" \
	sh -c 'dmesg | grep -q "stays: node 3.s CPU lacks .*avx2"'
check "the job is still at home" test "$(where_state $job)" = home
check "mosctl migrate to node 2 works" mosctl migrate $job 2
check "it runs on node 2" test "$(where_node $job)" = 2
check "onward to node 3 is refused, saying why" \
	fails_with 1 "the node's CPU lacks features of its home's CPU" mosctl migrate $job 3
check "it still runs on node 2" test "$(where_node $job)" = 2
nap 2
check "and comes home" mosctl migrate $job home
finish $job 300
check "the job exits 0 (no SIGILL)" test "$rc" -eq 0
finish $ref 300
check "its output is that of an unmigrated run" cmp ref.txt out.txt

# A job that started on node 3 chose plain code: it goes anywhere.
plain3() { on 3 "mosix-avx 10 2>&1 >/dev/null" | grep -q "plain code"; }
check "on node 3 the job chooses plain code" plain3
# (plain code is slower under TCG: a quarter of the rounds)
R3=$((ROUNDS / 4 + 1))
mosix-avx "$R3" > ref3.txt 2> /dev/null
p3=$(on 3 "mosix-avx $R3 > /tmp/out3.txt 2>/dev/null </dev/null & echo \$!")
nap 2
check "node 3's job moves to node 1 (more features)" on 3 mosctl migrate "$p3" 1
nap 2
check "and back home to node 3" on 3 mosctl migrate "$p3" home
ended3() { ! on 3 kill -0 "$p3" 2>/dev/null; }
check "it ends" wait_until 300 ended3
same3() { on 3 cat /tmp/out3.txt | cmp ref3.txt -; }
check "its output (plain code) is that of node 1's AVX2 run" same3

# The balancer: node 1's jobs may go to node 2, never to node 3 (which
# would refuse them: the balancer must not even try).
# (Every balancer move is logged: mosix.balancer_log=1 above.  A move
# to node 2 may fail for reasons of its own, e.g. node 2 seeing no gain.)
# Node 2's balancer may move node 1's jobs on: never to node 3 either.
tried3() {
	{ dmesg; on 2 dmesg; } |
		grep -Eq "mosix: balancer: (pid|guest) [0-9]+ to node 3 "
}
not_tried3() { ! tried3; }
mosctl balancer on
on 2 mosctl balancer on
on 3 mosctl balancer on
for i in 1 2 3; do
	mosix-avx "$ROUNDS" > bal$i.txt 2> /dev/null &
	eval "b$i=\$!"
done
spread() { [ "$(where_state "$b1")$(where_state "$b2")$(where_state "$b3")" != homehomehome ]; }
check "the balancer sends some of node 1's three jobs away" wait_until 30 spread
seen3=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	! on 3 mosctl -j guests | grep -q home_node || seen3=$((seen3 + 1))
	sleep 1
done
diag "nodes: $(where_node "$b1") $(where_node "$b2") $(where_node "$b3")"
check "for 10 s none of them is on node 3, idle as it is" test $seen3 -eq 0
dmesg | grep "mosix: balancer: .*error" | sed 's/^/# /'
check "and the balancer never tried it" not_tried3
for i in 1 2 3; do
	eval "finish \$b$i 300"
	check "balanced job $i exits 0 with an unmigrated run's output" \
		sh -c "[ $rc -eq 0 ] && cmp ref.txt bal$i.txt"
done
