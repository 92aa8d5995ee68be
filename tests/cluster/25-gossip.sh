# Test that load information travels by gossip: a node hears of a node
# that never sends to it, through a third one, with its current speed
# and load; it stays up that way, and is shown down once it powers off,
# although the relay keeps talking.
#
#   node 1 <---> node 2 <---> node 3      (node 3 has deleted node 1:
#   node 1 ----------------->  node 3      it drops what node 1 sends
#                                          and sends nothing to it)
#
# nodes: 3
# timeout: 240
# shellcheck shell=sh disable=SC3043,SC1091,SC2317
. /lib/mosix/test.sh

view() { # view N: node N's table, one line per node (json_nodes)
	if [ "$1" = "$NODE_ID" ]; then
		mosctl -j nodes
	else
		on "$1" mosctl -j nodes
	fi | json_nodes
}

col() { # col VIEWER ID COLUMN (3 state 4 load 5 speed)
	view "$1" | awk -v id="$2" -v c="$3" '$1 == id { print $c; f = 1 }
		END { exit !f }'
}

counter() { # counter NAME: node 1's counter
	mosctl -j status | tr ',{}' '\n\n\n' | tr -d ' \t' |
		awk -F: -v k="\"$1\"" '$1 == k { print $2 }'
}

all_up() {
	[ "$(col 1 2 3)" = up ] && [ "$(col 1 3 3)" = up ] &&
		[ "$(col 3 2 3)" = up ]
}
check "all nodes up" wait_until 15 all_up

# --- node 3 stops talking to node 1 ----------------------------------------

check "node 3 deletes node 1 from its table" on 3 mosctl node del 1
gossip_before=$(counter gossip_rx)

# Test that node 1 learns node 3's new speed, which only node 2 can tell.
check "node 3 sets its speed to 12345" on 3 mosctl setspeed 12345
speed_3() { [ "$(col 1 3 5)" = 12345 ]; }
check "node 1 shows node 3's new speed within 10 s, through node 2" \
	wait_until 10 speed_3
gossip_after=$(counter gossip_rx)
diag "node 1 gossip_rx $gossip_before -> $gossip_after"
check "node 1 counted entries taken from gossip" \
	[ "$gossip_after" -gt "$gossip_before" ]

# Test that node 1 sees node 3's load: a busy loop that stays on node 3.
check "node 3 keeps its processes (stay)" on 3 mosctl stay
on 3 "(while :; do :; done) >/dev/null 2>&1 </dev/null &
	echo \$! > /tmp/busy.pid" >/dev/null
busy_3() { awk -v l="$(col 1 3 4)" 'BEGIN { exit !(l >= 0.5) }'; }
if wait_until 15 busy_3; then
	ok "node 1 shows node 3's load rise above 0.5 within 15 s"
else
	not_ok "node 1 shows node 3's load rise above 0.5 within 15 s" \
		"$(mosctl nodes 2>&1)" "node 3: $(on 3 mosctl nodes 2>&1)"
fi

# Test that node 3 stays up on node 1 without ever sending to it: over
# 5 s, longer than the 3 s after which a silent node is down.
bad=
i=1
while [ "$i" -le 10 ]; do
	s=$(col 1 3 3)
	[ "$s" = up ] || bad="$bad
sample $i: node 1 shows node 3 $s"
	sleep 0.5
	i=$((i + 1))
done
if [ -z "$bad" ]; then
	ok "node 1 shows node 3 up for 5 s, only through gossip"
else
	not_ok "node 1 shows node 3 up for 5 s, only through gossip" "$bad"
fi
# (node 3 answers, and its whois fails for that reason: not 124, no answer)
check "node 3 still ignores node 1 (node 1 is not in its table)" \
	fails_with 1 "node 1: no such node" on 3 mosctl whois 1
diag "node 1: $(mosctl nodes 2>&1)"

# --- node 3 powers off ------------------------------------------------------

# Node 2 keeps gossiping, but what it knows of node 3 only gets older.
(ON_TIMEOUT=5 on 3 reboot -f >/dev/null 2>&1) &
reboot_pid=$!
down_3() { [ "$(col 1 3 3)" = down ]; }
check "node 1 shows node 3 down within 10 s of its power-off" \
	wait_until 10 down_3
wait "$reboot_pid" 2>/dev/null
check "node 2 stays up on node 1" [ "$(col 1 2 3)" = up ]
stays_down() {
	local i=1
	while [ "$i" -le 6 ]; do
		[ "$(col 1 3 3)" = down ] || return 1
		sleep 0.5
		i=$((i + 1))
	done
}
check "node 3 stays down on node 1 for 3 s (gossip does not revive it)" \
	stays_down

exit 0
