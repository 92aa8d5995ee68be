# Test that the kernel's events reach `mosctl monitor`, as text and as
# JSON, with the right fields: a peer added and removed, node 3 leaving
# (node 1 sees it down, node 3 sees itself leave) and joining again, a
# process of node 1 moving to node 2, on to node 3 and home, a move to a
# blocked node refused with its reason, and a balancer's decision.
#
#   node 1 (monitors, text and JSON) --- node 2 --- node 3 (leaves, joins;
#                                                    monitors itself)
#
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 500
# cpu: 2
# shellcheck shell=sh disable=SC3043,SC1091,SC2317,SC2154
. /lib/mosix/test.sh

TXT=/tmp/monitor.txt
JSON=/tmp/monitor.json
USER_TXT=/tmp/monitor-user.txt
FAKE=192.0.2.44	# TEST-NET-1: nobody's address

# events EVENT [KEY...]: the JSON events EVENT of this node, one line
# each with KEY's values (mosctl -j monitor's output so far)
events() {
	local ev="$1"
	shift
	grep "\"event\":\"$ev\"" "$JSON" | json_nodes "$@"
}
has_event() {	# EVENT VALUES: an EVENT whose id/pid... fields are VALUES
	local ev="$1" want="$2"
	shift 2
	events "$ev" "$@" | grep -qx "$want"
}
has_line() {	# FILE LINE: FILE has the line LINE
	grep -qxF "$2" "$1"
}
state_on() {	# VIEWER ID: node ID's state in node VIEWER's table
	on "$1" mosctl -j nodes | json_nodes | awk -v id="$2" '$1 == id { print $3 }'
}
ready() {	# FILE...: a node added now shows in every FILE
	mosctl node add 99 192.0.2.99 >/dev/null 2>&1
	mosctl node del 99 >/dev/null 2>&1
	for f in "$@"; do
		grep -q -e '99 (192.0.2.99): removed' -e '"id":99,' "$f" ||
			return 1
	done
}

up_everywhere() {
	[ "$(state_on 1 2)" = up ] && [ "$(state_on 1 3)" = up ]
}
check "nodes 2 and 3 are up" wait_until 20 up_everywhere

# --- the monitors start -------------------------------------------------

mosctl monitor >"$TXT" 2>&1 &
txt_pid=$!
mosctl -j monitor >"$JSON" 2>&1 &
json_pid=$!
su -s /bin/sh user -c "mosctl monitor >$USER_TXT 2>&1 & echo \$! >/tmp/monitor-user.pid"
user_pid=$(cat /tmp/monitor-user.pid)
check "three monitors listen (text, JSON, and one of a user without privileges)" \
	wait_until 15 ready "$TXT" "$JSON" "$USER_TXT"
on 3 "mosctl -j monitor >/tmp/monitor3.json 2>&1 & echo \$! >/tmp/monitor3.pid" >/dev/null
ready3() {
	on 3 "mosctl node add 99 192.0.2.99; mosctl node del 99; grep -q '\"id\":99,' /tmp/monitor3.json" \
		>/dev/null 2>&1
}
check "node 3 monitors itself" wait_until 15 ready3

# --- the node table ----------------------------------------------------------

check "node add 44" mosctl node add 44 "$FAKE"
check "node del 44" mosctl node del 44
check "text: the peer added, with its address" \
	wait_until 5 has_line "$TXT" "node 44 ($FAKE): added"
check "text: and removed" wait_until 5 has_line "$TXT" "node 44 ($FAKE): removed"
check "JSON: node_added with id, address and state unknown" \
	has_event node_added "44 $FAKE unknown" id addr state
check "JSON: node_removed with id and address" \
	has_event node_removed "44 $FAKE" id addr
check "the user's monitor saw them too" \
	has_line "$USER_TXT" "node 44 ($FAKE): removed"

# --- node 3 leaves and joins -------------------------------------------------

addr3=$(node_addr 3)
check "node 3 leaves" on 3 mosctl leave
check "node 1's monitor: node 3 down within 10 s" \
	wait_until 10 has_line "$TXT" "node 3 ($addr3): down"
check "JSON: node_down, id 3, state down" has_event node_down "3 $addr3 down" id addr state
left3() {
	on 3 "grep '\"event\":\"node_left\"' /tmp/monitor3.json" | json_nodes id addr state |
		grep -qx "3 $addr3 self"
}
check "node 3's monitor: node_left, itself, state self" left3
check "node 3 joins" on 3 mosctl join
check "node 1's monitor: node 3 up again within 10 s" \
	wait_until 10 has_line "$TXT" "node 3 ($addr3): up"
check "JSON: node_up, id 3, state up" has_event node_up "3 $addr3 up" id addr state
joined3() {
	on 3 "grep '\"event\":\"node_joined\"' /tmp/monitor3.json" | json_nodes id state |
		grep -qx "3 self"
}
check "node 3's monitor: node_joined" joined3
up_for_2() {
	[ "$(state_on 2 3)" = up ]
}
check "node 3 is up for node 2 (a stable cluster again)" wait_until 15 up_for_2

# --- a process moves, moves on, comes home, and is refused ---------------

mosix-crunch 100000 1 >/dev/null 2>&1 &
job=$!
sleep 0.5
check "migrate the job to node 2" mosctl migrate "$job" 2
check "text: moved from node 1 to node 2" \
	wait_until 5 has_line "$TXT" "process $job: moved from node 1 to node 2"
check "JSON: proc_moved, its pid, from 1, to 2" \
	has_event proc_moved "$job 1 2" pid from to
check "move it on to node 3" mosctl migrate "$job" 3
check "JSON: proc_moved from 2 to 3 (straight on)" \
	wait_until 5 has_event proc_moved "$job 2 3" pid from to
check "bring it home" mosctl migrate "$job" home
check "text: returned from node 3 to node 1" \
	wait_until 5 has_line "$TXT" "process $job: returned from node 3 to node 1"
check "JSON: proc_returned, from 3, to 1" \
	has_event proc_returned "$job 3 1" pid from to

check "block node 2" on 2 mosctl block
out=$(mosctl migrate "$job" 2 2>&1)
check "a move to the blocked node fails" test $? -ne 0
diag "$out"
refused_line="process $job: not moved from node 1 to node 2: the node accepts no guests (blocked)"
check "text: not moved, with the kernel's reason" \
	wait_until 5 has_line "$TXT" "$refused_line"
# EBUSY is 16 on Linux
check "JSON: proc_refused, from 1, to 2, error 16 (EBUSY)" \
	has_event proc_refused "$job 1 2 16" pid from to error
refused_reason() {
	grep '"event":"proc_refused"' "$JSON" |
		grep -q '"reason":"the node accepts no guests (blocked)"'
}
check "JSON: with the reason" refused_reason
check "noblock node 2" on 2 mosctl noblock
kill -9 "$job"
wait "$job" 2>/dev/null

# --- the balancer decides ------------------------------------------------

rounds=$(crunch_rounds "$(scaled 40)" 1)
for i in 1 2 3; do
	mosix-crunch "$rounds" 1 >/dev/null 2>&1 &
	eval "job$i=\$!"
done
check "balancer on" mosctl balancer on
decided() {
	events balancer_move pid state to cause | awk -v a="$job1" -v b="$job2" -v c="$job3" '
		($1 == a || $1 == b || $1 == c) && $2 == "home" &&
		($3 == 2 || $3 == 3) && $4 == "load" { f = 1 } END { exit !f }'
}
check "JSON: balancer_move of a job to node 2 or 3, for load, within 30 s" \
	wait_until 30 decided
check "text: balancer: moves process ... for load" \
	grep -q "^balancer: moves process [0-9]* to node [23] for load: load [0-9.]* here, [0-9.]* there\$" "$TXT"
moved_by_balancer() {
	events proc_moved pid from | awk -v a="$job1" -v b="$job2" -v c="$job3" '
		($1 == a || $1 == b || $1 == c) && $2 == 1 { f = 1 } END { exit !f }'
}
check "and the job's move follows as proc_moved from node 1" \
	wait_until 15 moved_by_balancer
mosctl balancer off
kill -9 "$job1" "$job2" "$job3" 2>/dev/null
wait "$job1" "$job2" "$job3" 2>/dev/null

# --- the output ------------------------------------------------------------

kill "$txt_pid" "$json_pid" "$user_pid" 2>/dev/null
wait "$txt_pid" "$json_pid" 2>/dev/null
on 3 "kill \$(cat /tmp/monitor3.pid)" >/dev/null
one_object_a_line() {
	[ -s "$JSON" ] && ! grep -qv '^{"event":"[a-z_]*",.*}$' "$JSON"
}
check "JSON: every line is one object with an event" one_object_a_line
no_error() {
	! grep -q 'mosctl:' "$TXT" "$JSON"
}
check "no event was lost, no error" no_error
diag "text monitor:" "$(cat "$TXT")"

exit 0
