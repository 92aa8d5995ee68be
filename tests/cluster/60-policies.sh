# Test the node policies and process pins: block, expel, bring, pin,
# stay and lstay, as mosctl sets them and `mosctl status` shows them.
#
#   node 1 (home) --- node 2 --- node 3
#
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 400
. /lib/mosix/test.sh

policy_of() {	# [NODE]: the policy line of mosctl status
	if [ -n "$1" ]; then
		on "$1" "mosctl status" | awk '$1 == "policy:" { $1 = ""; print substr($0, 2) }'
	else
		mosctl status | awk '$1 == "policy:" { $1 = ""; print substr($0, 2) }'
	fi
}
guests_on() {	# NODE: how many guests it has ("none read" if not read)
	local out
	out=$(on "$1" "mosctl -j guests") || { echo "none read: $out"; return 1; }
	printf '%s\n' "$out" | grep -o '"pid"' | wc -l
}
state_of() {
	awk '$1 == "state:" { print $2 }' "/proc/$1/mosix"
}

check "a new node has no policy" test "$(policy_of)" = none

# Test that a blocked node takes no guest, and says why.
check "block node 2" on 2 "mosctl block"
check "status of node 2 shows block" test "$(policy_of 2)" = block
mosix-crunch 100000 1 > /dev/null &
pid=$!
sleep 0.5
out=$(mosctl migrate $pid 2 2>&1)
check "migrating to a blocked node fails" test $? -ne 0
check "with the reason" sh -c "echo '$out' | grep -q 'accepts no guests (blocked)'"
check "and the process is still home" test "$(state_of $pid)" = home
check "noblock node 2" on 2 "mosctl noblock"
check "then the migration works" mosctl migrate $pid 2

# Test that expel sends every guest home and blocks the node.
mosix-crunch 100000 1 > /dev/null &
pid2=$!
sleep 0.5
check "a second process to node 2" mosctl migrate $pid2 2
check "node 2 has two guests" test "$(guests_on 2)" -eq 2
check "expel on node 2" on 2 "mosctl expel"
check "both come home" wait_until 20 sh -c \
	"grep -q '^state:.home' /proc/$pid/mosix && grep -q '^state:.home' /proc/$pid2/mosix"
check "node 2 has no guest" test "$(guests_on 2)" -eq 0
check "node 2 is blocked after expel" test "$(policy_of 2)" = block
on 2 "mosctl noblock" > /dev/null

# Test that bring brings every process of this node home and sets lstay.
check "one process to node 2" mosctl migrate $pid 2
check "one process to node 3" mosctl migrate $pid2 3
check "bring" mosctl bring
check "both are home" wait_until 20 sh -c \
	"grep -q '^state:.home' /proc/$pid/mosix && grep -q '^state:.home' /proc/$pid2/mosix"
check "this node is lstay after bring" test "$(policy_of)" = lstay
check "nolstay" mosctl nolstay

# Test that a pinned process stays where it is.
check "pin" mosctl pin $pid
check "/proc shows it pinned" grep -q '^pinned:.1' /proc/$pid/mosix
out=$(mosctl migrate $pid 2 2>&1)
check "a pinned process is refused" test $? -ne 0
check "with the reason" sh -c "echo '$out' | grep -q 'it is pinned'"
check "unpin" mosctl unpin $pid
check "then it may migrate" mosctl migrate $pid 2
check "and come home" mosctl migrate $pid home

# Test stay and lstay flags in status, and bad input.
check "stay" mosctl stay
check "lstay" mosctl lstay
check "status shows stay lstay" test "$(policy_of)" = "stay lstay"
check "nostay" mosctl nostay
check "nolstay" mosctl nolstay
check "status shows none" test "$(policy_of)" = none
check "pin of no such process fails" \
	fails_with 1 "no such process" mosctl pin 99999
check "pin of a bad pid is a usage error" \
	sh -c "mosctl pin abc; test \$? -eq 2"
check "policy changes need root" \
	fails_with 1 "permission denied" su user -c 'mosctl block'
check "and that one changed nothing" test "$(policy_of)" = none

# Test who may move what: a user moves their own processes, not another
# user's; with stay, only root moves this node's processes.
su user -c 'mosix-crunch 100000 1 > /dev/null 2>&1 & echo $! > /tmp/upid'
upid=$(cat /tmp/upid)
check "a user migrates their own process" su user -c "mosctl migrate $upid 2"
check "and brings it home" su user -c "mosctl migrate $upid home"
out=$(su user -c "mosctl migrate $pid 2" 2>&1)
check "a user may not migrate another user's process" test $? -ne 0
check "with the reason" sh -c "echo '$out' | grep -q 'belongs to another user'"
check "stay" mosctl stay
su user -c "mosctl migrate $upid 2" > /tmp/uout 2>&1
check "with stay, a user may not move their process away" test $? -ne 0
check "with the reason" grep -q 'policy stay' /tmp/uout
check "and it is still home" test "$(state_of $upid)" = home
check "with stay, root still may" mosctl migrate $upid 2
check "and home" mosctl migrate $upid home
check "nostay" mosctl nostay
kill -9 $upid
check "a user may not pin another user's process" \
	fails_with 1 "belongs to another user" su user -c "mosctl pin $pid"

kill -9 $pid $pid2
wait
