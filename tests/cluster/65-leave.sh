# Test that mosctl leave takes a node out of the cluster without losing
# anything: its guests go home, its own processes come home, then the
# others show it down; mosctl join brings it back.  Every job's output
# is compared with an unmigrated run.
#
#   node 1 (leaves) --- node 2 --- node 3
#     job A: home 1, runs on 2      job B: home 2, runs on 1
#
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 600
# shellcheck shell=sh disable=SC3043,SC1091,SC2317
. /lib/mosix/test.sh

ROUNDS=6000
state_of() { awk '$1 == "state:" { print $2 }' "/proc/$1/mosix" 2>/dev/null; }
policy_of() {	# [NODE]: the policy line of mosctl status
	if [ -n "$1" ]; then
		on "$1" "mosctl status"
	else
		mosctl status
	fi | awk '$1 == "policy:" { $1 = ""; print substr($0, 2) }'
}
state_on() {	# VIEWER ID: node ID's state in node VIEWER's table
	on "$1" mosctl -j nodes | json_nodes |
		awk -v id="$2" '$1 == id { print $3 }'
}
count_of() {	# guests|away: how many guests this node has, or processes away
	local out
	if [ "$1" = guests ]; then
		# (not 0 when mosctl fails: "none read")
		out=$(mosctl -j guests) || { echo "none read: $out"; return 1; }
		printf '%s\n' "$out" | grep -o '"pid"' | wc -l
	else
		grep -l '^state:.away' /proc/[0-9]*/mosix 2>/dev/null | wc -l
	fi
}

up_everywhere() {
	[ "$(state_on 2 1)" = up ] && [ "$(state_on 3 1)" = up ]
}
check "nodes 2 and 3 show node 1 up" wait_until 15 up_everywhere

# The reference: an unmigrated run.
t0=$(awk '{ print int($1) }' /proc/uptime)
mosix-crunch $ROUNDS 1 > ref.txt
diag "an unmigrated run takes $(($(awk '{ print int($1) }' /proc/uptime) - t0)) s"

# --- bad input changes nothing -------------------------------------------

for bad in "x" "0" "3601" "1 2" "-5"; do
	# shellcheck disable=SC2086
	out=$(mosctl leave $bad 2>&1)
	rc=$?
	check "mosctl leave $bad is a usage error (exit 2)" test "$rc" -eq 2
done
diag "$out"
out=$(mosctl join now 2>&1)
check "mosctl join now is a usage error (exit 2)" test $? -eq 2
check "and none of that changed the policy" test "$(policy_of)" = none
check "leave needs root" fails_with 1 "permission denied" su user -c 'mosctl leave'
check "join needs root" fails_with 1 "permission denied" su user -c 'mosctl join'
check "still no policy" test "$(policy_of)" = none

# --- a process away and a guest here --------------------------------------

mosix-crunch $ROUNDS 1 > a.txt &
a=$!
sleep 0.5
check "job A migrates to node 2" mosctl migrate $a 2
check "job A is away" test "$(state_of $a)" = away
b=$(on 2 'mosix-crunch '$ROUNDS' 1 > /tmp/b.txt 2>&1 </dev/null &
	echo $!')
diag "job B is pid $b on node 2"
check "job B migrates from node 2 to node 1" on 2 "sleep 0.5; mosctl migrate $b 1"
check "node 1 has one guest" test "$(count_of guests)" = 1
check "node 1 has one process away" test "$(count_of away)" = 1

# --- leave ----------------------------------------------------------------

out=$(mosctl leave 2>&1)
rc=$?
diag "$out"
check "mosctl leave succeeds" test "$rc" -eq 0
check "job A is home" test "$(state_of $a)" = home
check "job B is home on node 2" test "$(on 2 "awk '\$1 == \"state:\" { print \$2 }' /proc/$b/mosix")" = home
check "node 1 has no guest" test "$(count_of guests)" = 0
check "node 1 has no process away" test "$(count_of away)" = 0
check "node 1's policy is lstay block left" test "$(policy_of)" = "lstay block left"
gone_everywhere() {
	[ "$(state_on 2 1)" = down ] && [ "$(state_on 3 1)" = down ]
}
check "nodes 2 and 3 show node 1 down within 10 s" wait_until 10 gone_everywhere
refused_by_1() {	# node 2 answers: its migration to node 1 fails, node 1 not up
	fails_with 1 "the node is not up" on 2 "mosix-crunch 100000 1 >/dev/null 2>&1 </dev/null & p=\$!; sleep 0.5;
	mosctl migrate \$p 1; rc=\$?; kill -9 \$p; exit \$rc"
}
check "a migration to node 1 is refused" refused_by_1

# --- nothing was lost -----------------------------------------------------

wait $a
check "job A exits 0" test $? -eq 0
check "job A's output is that of an unmigrated run" cmp a.txt ref.txt
b_done() {	# node 2 answers that job B is gone (not 124: no answer)
	case $b in '' | *[!0-9]*) echo "no pid of job B: '$b'"; return 1 ;; esac
	on 2 "kill -0 $b" >/dev/null 2>&1
	[ $? -eq 1 ]
}
check "job B ends on node 2" wait_until 300 b_done
on 2 "cat /tmp/b.txt" > b.txt
check "job B's output is that of an unmigrated run" cmp b.txt ref.txt

# --- join -----------------------------------------------------------------

check "mosctl join" mosctl join
check "node 1's policy is none again" test "$(policy_of)" = none
check "nodes 2 and 3 show node 1 up again within 10 s" wait_until 10 up_everywhere
out=$(on 2 "mosix-crunch 100000 1 >/dev/null 2>&1 </dev/null & p=\$!; sleep 0.5;
	mosctl migrate \$p 1; rc=\$?; kill -9 \$p; exit \$rc" 2>&1)
check "node 1 takes a guest again" test $? -eq 0
diag "$out"

# A node with nothing to wait for leaves at once.
check "node 3 leaves" on 3 "mosctl leave 5"
check "node 3's policy is lstay block left" test "$(policy_of 3)" = "lstay block left"
check "node 3 joins again" on 3 "mosctl join"

exit 0
