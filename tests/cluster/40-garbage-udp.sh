# Garbage on the load-information port: node 3 sends every kind of bad
# datagram (mosix-udpfuzz) at node 1, which must drop each one, count it
# under the right counter, take none of it, and keep its table and its
# view of the other nodes as they were.
# nodes: 3
# timeout: 240
# shellcheck shell=sh disable=SC3043,SC1091,SC2317
. /lib/mosix/test.sh

json_get() { # json_get KEY < JSON
	awk -v k="$1" '
	{ buf = buf $0 }
	END {
		if (!match(buf, "\"" k "\"[ \t]*:[ \t]*(\"[^\"]*\"|[^,}]*)"))
			exit 1
		v = substr(buf, RSTART, RLENGTH)
		sub(/^"[^"]*"[ \t]*:[ \t]*/, "", v)
		gsub(/["\t ]/, "", v)
		print v
	}'
}

counter() { # counter NAME: node 1's counter NAME
	mosctl -j status | json_get "$1"
}

drops() { # the sum of node 1's drop counters
	mosctl -j status | awk '
	{ buf = buf $0 }
	END {
		n = split("rx_short rx_bad_header rx_bad_length rx_bad_field rx_unknown_peer rx_stale", k, " ")
		for (i = 1; i <= n; i++)
			if (match(buf, "\"" k[i] "\":[0-9]+")) {
				v = substr(buf, RSTART, RLENGTH)
				sub(/.*:/, "", v)
				s += v
			}
		printf "%d\n", s
	}'
}

at_least() { # at_least COUNTER MIN
	[ "$(counter "$1")" -ge "$2" ] 2>/dev/null
}

drops_at_least() { # drops_at_least MIN
	[ "$(drops)" -ge "$1" ]
}

field() { # field VIEWER ID COLUMN (1 id 2 addr 3 state 5 speed 6 cpus)
	if [ "$1" = "$NODE_ID" ]; then
		mosctl -j nodes
	else
		on "$1" mosctl -j nodes
	fi | json_nodes | awk -v id="$2" -v c="$3" '$1 == id { print $c; f = 1 }
		END { exit !f }'
}

table() { # node 1's table: ids and addresses (fails if mosctl does)
	local out
	out=$(mosctl -j nodes) || { echo "mosctl -j nodes failed: $out"; return 1; }
	printf '%s\n' "$out" | json_nodes | awk '{ print $1, $2 }' | sort -n
}

uptime_s() {
	awk '{ printf "%d\n", $1 }' /proc/uptime
}

others_up() {
	[ "$(field 1 2 3)" = up ] && [ "$(field 1 3 3)" = up ]
}

# --- before ------------------------------------------------------------

check "nodes 2 and 3 are up on node 1" wait_until 15 others_up
table_before=$(table)
check "node 1's table lists nodes 1, 2 and 3 (to compare at the end)" \
	test "$(echo "$table_before" | awk '{ print $1 }' | tr '\n' ' ')" = "1 2 3 "
rx_before=$(counter info_rx)
t_start=$(uptime_s)
diag "node 1 before: $(mosctl -j status)"

ADDR1=$(node_addr 1)
garbage=0	# datagrams sent that node 1 must not accept
accepted=0	# datagrams sent that node 1 accepts (stale: first of pairs)

# fuzz KIND COUNT COUNTER [SENDER]: node 3 sends COUNT datagrams of KIND;
# COUNTER must rise by COUNT
fuzz() {
	local kind="$1" count="$2" ctr="$3" sender="${4:-}" before out rc
	before=$(counter "$ctr")
	if [ "$kind" = stale ]; then
		# Node 3's own load information (another epoch) arriving between
		# the two datagrams of a pair would make the replay new again:
		# node 3 stops sending to node 1 meanwhile.  Its fake datagrams,
		# accepted, keep it up on node 1.
		out=$(on 3 "mosctl node del 1 && sleep 0.2 &&
			mosix-udpfuzz $ADDR1 stale $count $sender; rc=\$?
			mosctl node add 1 $ADDR1 || rc=1; exit \$rc")
	else
		out=$(on 3 mosix-udpfuzz "$ADDR1" "$kind" "$count" ${sender:+"$sender"})
	fi
	rc=$?
	diag "$out"
	if [ "$rc" -ne 0 ]; then
		not_ok "udpfuzz $kind: node 3 sent $count datagrams" "exit status $rc"
	fi
	if wait_until 10 at_least "$ctr" $((before + count)); then
		ok "udpfuzz $kind x$count: $ctr rose by >= $count"
	else
		not_ok "udpfuzz $kind x$count: $ctr rose by >= $count" \
			"$ctr: $before -> $(counter "$ctr")"
	fi
}

# --- each kind ---------------------------------------------------------

N=100
fuzz short "$N" rx_short 3
fuzz magic "$N" rx_bad_header 3
fuzz version "$N" rx_bad_header 3
fuzz type "$N" rx_bad_header 3
fuzz length "$N" rx_bad_length 3
fuzz oversized 30 rx_bad_length 3
fuzz field "$N" rx_bad_field 3
fuzz entry "$N" rx_bad_field 3
fuzz unknown "$N" rx_unknown_peer
garbage=$((garbage + 8 * N + 30))

# stale: N pairs as node 3 itself; the first of each pair is accepted
fuzz stale "$N" rx_stale 3
garbage=$((garbage + N))
accepted=$((accepted + N))

# spoof: node 3 claims to be node 2 (speed 777, cpus 77) for 3 s, while
# node 1's view of node 2 is sampled: it must never show the lie.
real_speed2=$(on 2 mosctl -j status | json_get speed)
real_cpus2=$(on 2 mosctl -j status | json_get cpus)
diag "node 2's own speed $real_speed2, cpus $real_cpus2"
spoof_n=300
unknown_before=$(counter rx_unknown_peer)
(
	on 3 mosix-udpfuzz -i 10000 "$ADDR1" spoof "$spoof_n" 2 >/tmp/spoof.out 2>&1
	echo $? >/tmp/spoof.rc
) &
spoof_pid=$!
lies=
i=0
while [ "$i" -lt 15 ]; do
	sleep 0.2
	s=$(field 1 2 5)
	c=$(field 1 2 6)
	if [ "$s" != "$real_speed2" ] || [ "$c" != "$real_cpus2" ]; then
		lies="$lies
sample $i: node 1 shows node 2 with speed $s, cpus $c"
	fi
	i=$((i + 1))
done
wait "$spoof_pid"
diag "$(cat /tmp/spoof.out)"
check "udpfuzz spoof: node 3 sent $spoof_n datagrams as node 2" \
	[ "$(cat /tmp/spoof.rc)" = 0 ]
if wait_until 10 at_least rx_unknown_peer $((unknown_before + spoof_n)); then
	ok "udpfuzz spoof x$spoof_n: rx_unknown_peer rose by >= $spoof_n"
else
	not_ok "udpfuzz spoof x$spoof_n: rx_unknown_peer rose by >= $spoof_n" \
		"rx_unknown_peer: $unknown_before -> $(counter rx_unknown_peer)"
fi
if [ -z "$lies" ]; then
	ok "during the spoof, node 1's view of node 2 kept node 2's real speed and cpus"
else
	not_ok "during the spoof, node 1's view of node 2 kept node 2's real speed and cpus" \
		"$lies"
fi
garbage=$((garbage + spoof_n))

# random: everything is dropped somewhere
drops_before=$(drops)
out=$(on 3 mosix-udpfuzz "$ADDR1" random "$N")
diag "$out"
if wait_until 10 drops_at_least $((drops_before + N)); then
	ok "udpfuzz random x$N: the drop counters rose by >= $N"
else
	not_ok "udpfuzz random x$N: the drop counters rose by >= $N" \
		"drops: $drops_before -> $(drops)"
fi
garbage=$((garbage + N))

# --- after -------------------------------------------------------------

rx_after=$(counter info_rx)
elapsed=$(($(uptime_s) - t_start + 1))
# Real load information: at most one datagram per peer every 500 ms, with
# some slack; plus the datagrams of the stale test that are accepted.
legit=$(((NODES - 1) * (2 * elapsed + 4) + accepted))
diag "info_rx $rx_before -> $rx_after in ${elapsed}s; $garbage garbage datagrams; at most $legit acceptable"
# (both counts read: an empty one would make the difference 0)
rx_read() {
	case $rx_before/$rx_after in
	/* | */ | *[!0-9/]*) echo "info_rx not read: '$rx_before' '$rx_after'"; return 1 ;;
	esac
	[ $((rx_after - rx_before)) -le "$legit" ]
}
check "info_rx rose by at most $legit (real information), not by the $garbage garbage datagrams" \
	rx_read

check "node 1 is alive" mosctl status
check "node 3 is alive" on 3 mosctl status
check "nodes 2 and 3 still up on node 1" wait_until 10 others_up
table_after=$(table)
if [ "$table_after" = "$table_before" ]; then
	ok "node 1's table unchanged (ids and addresses)"
else
	not_ok "node 1's table unchanged (ids and addresses)" \
		"before:" "$table_before" "after:" "$table_after"
fi
no_999() {	# (a failing mosctl lists no node 999 either: that is no pass)
	local out
	out=$(mosctl -j nodes) || { echo "$out"; return 1; }
	printf '%s\n' "$out" | json_nodes | awk '$1 == 999 { bad = 1 } $1 == 1 { self = 1 }
		END { exit bad || !self }'
}
check "node 1 does not list a node 999" no_999
check "mosctl whois 999 fails on node 1: no such node" \
	fails_with 1 "node 999: no such node" mosctl whois 999
check "node 1 shows node 2's real speed ($real_speed2)" \
	[ "$(field 1 2 5)" = "$real_speed2" ]
check "node 1 shows node 2's real cpus ($real_cpus2)" \
	[ "$(field 1 2 6)" = "$real_cpus2" ]
diag "node 1 after: $(mosctl -j status)"

exit 0
