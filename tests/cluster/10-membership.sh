# Membership: every node finds every other node, shows its load
# information truthfully and fresh; whois, node del/add and setspeed act
# on the other nodes' views.
# nodes: 3
# timeout: 180
# shellcheck shell=sh disable=SC3043,SC1091,SC2317
. /lib/mosix/test.sh

# --- helpers (busybox sh + awk; no jq) ---------------------------------

# json_get KEY: the value of KEY anywhere in the JSON on stdin (first one).
json_get() {
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

# run_on N CMD...: CMD on node N (here if N is this node)
run_on() {
	local n="$1"
	shift
	if [ "$n" = "$NODE_ID" ]; then
		sh -c "$*"
	else
		on "$n" "$@"
	fi
}

# view N: node N's node table, as json_nodes lines
view() {
	run_on "$1" mosctl -j nodes | json_nodes
}

# field VIEWER ID COLUMN: column COLUMN of node ID in node VIEWER's view
# (columns: 1 id 2 addr 3 state 4 load 5 speed 6 cpus 7 mem_free
#  8 mem_total 9 age_ms)
field() {
	view "$1" | awk -v id="$2" -v c="$3" '$1 == id { print $c; f = 1 }
		END { exit !f }'
}

# all_up_on N: node N shows itself as self and every other node up
all_up_on() {
	view "$1" | awk -v self="$1" -v nodes="$NODES" '
		{ st[$1] = $3 }
		END {
			for (i = 1; i <= nodes; i++) {
				want = i == self ? "self" : "up"
				if (st[i] != want) {
					print "node " i ": " ((i in st) ? st[i] : "absent") \
					      ", want " want
					bad = 1
				}
			}
			exit bad
		}'
}

# same_number A B: A and B are the same number
same_number() {
	case $1 in '' | *[!0-9]*) echo "not a number: '$1'"; return 1 ;; esac
	[ "$1" = "$2" ] || { echo "$1 != $2"; return 1; }
}

# same_kb BYTES KB: BYTES is KB kibibytes
same_kb() {
	awk -v b="$1" -v k="$2" 'BEGIN {
		if (b !~ /^[0-9]+$/ || k !~ /^[0-9]+$/) {
			print "not numbers: \"" b "\" \"" k "\""
			exit 1
		}
		if (b / 1024 != k) {
			print b " bytes = " b / 1024 " kB, not " k " kB"
			exit 1
		}
	}'
}

# --- 1. everybody comes up ---------------------------------------------

if wait_until 10 all_up_on 1 >/dev/null; then
	ok "node 1 shows nodes 2..$NODES up within 10 s"
else
	not_ok "node 1 shows nodes 2..$NODES up within 10 s" \
		"$(all_up_on 1)" "$(mosctl nodes 2>&1)"
fi

text_up() {
	mosctl nodes | awk -v nodes="$NODES" '
		$1 ~ /^[0-9]+$/ && $3 == "up" { up[$1] = 1 }
		END { for (i = 2; i <= nodes; i++) if (!up[i]) bad = 1; exit bad }'
}
check "mosctl nodes (text) lists nodes 2..$NODES as up" text_up ||
	diag "$(mosctl nodes 2>&1)"

n=1
while [ "$n" -le "$NODES" ]; do
	if wait_until 10 all_up_on "$n" >/dev/null; then
		ok "node $n sees every other node up"
	else
		not_ok "node $n sees every other node up" "$(all_up_on "$n")" \
			"$(run_on "$n" mosctl nodes 2>&1)"
	fi
	n=$((n + 1))
done

# --- 2. what node 1 shows of node N is what node N is ------------------

n=2
while [ "$n" -le "$NODES" ]; do
	real_cpus=$(on "$n" 'nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo')
	real_kb=$(on "$n" grep MemTotal /proc/meminfo | awk '{ print $2 }')
	seen_cpus=$(field 1 "$n" 6)
	seen_bytes=$(field 1 "$n" 8)
	check "node 1 shows node $n's cpus ($seen_cpus) = its nproc ($real_cpus)" \
		same_number "$seen_cpus" "$real_cpus"
	check "node 1 shows node $n's mem_total ($seen_bytes bytes) = its MemTotal ($real_kb kB)" \
		same_kb "$seen_bytes" "$real_kb"
	n=$((n + 1))
done

# --- 3. the information stays fresh ------------------------------------

fresh() {
	view 1 | awk -v nodes="$NODES" '
		$3 == "up" {
			up++
			if ($9 !~ /^[0-9]+$/ || $9 + 0 >= 2000) {
				print "node " $1 ": age_ms " $9
				bad = 1
			}
		}
		END {
			if (up != nodes - 1) {
				print up + 0 " nodes up, want " nodes - 1
				bad = 1
			}
			exit bad
		}'
}
stale_samples=
i=1
while [ "$i" -le 5 ]; do
	out=$(fresh) || stale_samples="$stale_samples
sample $i: $out"
	sleep 0.5
	i=$((i + 1))
done
if [ -z "$stale_samples" ]; then
	ok "age_ms of every up node < 2000 in 5 samples 0.5 s apart"
else
	not_ok "age_ms of every up node < 2000 in 5 samples 0.5 s apart" \
		"$stale_samples" "$(mosctl nodes 2>&1)"
fi

# --- 4. whois ----------------------------------------------------------

addr2=$(node_addr 2)
addr1=$(node_addr 1)
addr3=$(node_addr 3)

# whois_is_2 ARG: mosctl whois ARG describes node 2 and no other node
whois_is_2() {
	local out
	out=$(mosctl whois "$1") || { echo "$out"; return 1; }
	echo "$out"
	echo "$out" | grep -Eq '^id:[[:space:]]+2$' || return 1
	echo "$out" | grep -Eq "^address:[[:space:]]+$(echo "$addr2" | sed 's/\./\\./g')\$" ||
		return 1
	echo "$out" | grep -Eq '^state:[[:space:]]+up$' || return 1
	! echo "$out" | grep -Fqw -e "$addr1" -e "$addr3"
}
check "mosctl whois 2 describes node 2" whois_is_2 2
check "mosctl whois $addr2 describes node 2" whois_is_2 "$addr2"

whois_json_is_2() {
	local out
	out=$(mosctl -j whois "$1") || return 1
	echo "$out"
	[ "$(echo "$out" | json_get id)" = 2 ] &&
		[ "$(echo "$out" | json_get addr)" = "$addr2" ]
}
check "mosctl -j whois $addr2 gives id 2" whois_json_is_2 "$addr2"

# --- 5. node del / node add --------------------------------------------

# unlisted [-j] ID: mosctl [-j] nodes answers, lists node 1 (this node),
# and not node ID (a failing mosctl lists nothing: that is no pass)
unlisted() {
	local out
	if [ "$1" = -j ]; then
		shift
		out=$(mosctl -j nodes) || { echo "$out"; return 1; }
		out=$(printf '%s\n' "$out" | json_nodes)
	else
		out=$(mosctl nodes) || { echo "$out"; return 1; }
	fi
	echo "$out"
	printf '%s\n' "$out" | awk -v id="$1" '
		$1 == id { bad = 1 } $1 == 1 || $1 == "1*" { self = 1 }
		END { exit bad || !self }'
}
check "mosctl node del 3" mosctl node del 3
check "after node del 3, mosctl nodes does not list node 3" unlisted -j 3
check "after node del 3, mosctl nodes (text) does not list node 3" unlisted 3
check "mosctl node add 3 $addr3" mosctl node add 3 "$addr3"
node3_up() { [ "$(field 1 3 3)" = up ]; }
if wait_until 10 node3_up; then
	ok "node 3 is up again within 10 s of node add"
else
	not_ok "node 3 is up again within 10 s of node add" "$(mosctl nodes 2>&1)"
fi
check "node 3's address is $addr3 again" [ "$(field 1 3 2)" = "$addr3" ]

# --- 6. setspeed -------------------------------------------------------

old_speed=$(mosctl -j status | json_get speed)
check "mosctl setspeed 20000" mosctl setspeed 20000
check "mosctl status shows speed 20000" \
	[ "$(mosctl -j status | json_get speed)" = 20000 ]
speed_seen_by_2() { [ "$(field 2 1 5)" = 20000 ]; }
if wait_until 10 speed_seen_by_2; then
	ok "node 2 sees node 1's speed 20000 within 10 s"
else
	not_ok "node 2 sees node 1's speed 20000 within 10 s" \
		"$(on 2 mosctl nodes 2>&1)"
fi
case $old_speed in
'' | *[!0-9]*) diag "cannot restore the speed (was '$old_speed')" ;;
*) mosctl setspeed "$old_speed" >/dev/null 2>&1 ;;
esac

exit 0
