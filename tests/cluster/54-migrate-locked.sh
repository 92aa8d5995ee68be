# Test a guest that locks its memory away (mlock): it cannot come home
# while the memory is locked, and says so.  `mosctl migrate PID home`
# and `mosctl migrate PID 3` (on to another node) fail with the reason,
# the guest node's `mosctl expel` leaves it where
# it is, and neither costs the process anything (the trip home used to
# start, fail half-way with the stream out of step, and the process was
# killed).  Unlocked, it comes home; its memory and output are those of
# an unmigrated run.
#
#   node 1 (home) --- node 2 (the process locks its memory here) --- node 3
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 300
# shellcheck shell=sh disable=SC3043,SC1091,SC2154,SC2016
. /lib/mosix/test.sh

D=/tmp/lock
rm -rf $D /tmp/ref
mkdir -p $D /tmp/ref
touch /tmp/ref/lock /tmp/ref/unlock /tmp/ref/stop
mosix-lock /tmp/ref > ref.txt
check "an unmigrated run locks, unlocks and finds its memory whole" \
	sh -c 'test "$(head -n 2 ref.txt | paste -sd " ")" = "locked unlocked" && grep -q "^bad 0 " ref.txt'

mosix-lock $D > out.txt &
job=$!
check "mosctl migrate to node 2" mosctl migrate $job 2
away() { [ "$(where_state $job)" = away ]; }
check "it runs on node 2" wait_until 10 away
touch $D/lock
locked() { grep -qx locked out.txt; }
check "it locks its memory there" wait_until 10 locked
check "mosctl migrate home fails, saying why" \
	fails_with 1 "locked memory (mlock)" mosctl migrate $job home
check "the process is still away" away
check "node 1's log says why" sh -c 'dmesg | grep -q "cannot come home from node 2 now: it has locked memory"'
check "mosctl migrate on to node 3 fails, saying why" \
	fails_with 1 "locked memory (mlock)" mosctl migrate $job 3
check "the process is still on node 2" test "$(where_node $job)" = 2

check "node 2 expels its guests" on 2 mosctl expel
sleep 3
alive_away() { kill -0 $job && away; }
check "the locked one stays there, alive" alive_away
check "and node 2 says why" on 2 'dmesg | grep -q "cannot go home to node 1 now: it has locked memory"'
check "node 2 takes guests again" on 2 mosctl noblock

touch $D/unlock
unlocked() { grep -qx unlocked out.txt; }
check "it unlocks its memory" wait_until 10 unlocked
check "mosctl migrate home succeeds now" mosctl migrate $job home
home() { [ "$(where_state $job)" = home ]; }
check "and it is home" wait_until 10 home
touch $D/stop
finish $job 60
check "it exits 0 (its memory whole)" test "$rc" -eq 0
check "its output is that of an unmigrated run" cmp ref.txt out.txt
