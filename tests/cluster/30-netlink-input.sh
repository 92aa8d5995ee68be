# Hostile netlink input: mosix-nlprobe's cases (malformed, out of range,
# conflicting and unprivileged requests, attributes a command or one of
# its nests does not take, and headers the generic netlink core refuses
# for every command: a nonzero reserved field, unknown flags; each
# answered with the right errno and changing nothing), then thousands of
# random messages; the node table, this node's identity and its policy
# must be unchanged.
# nodes: 2
# timeout: 300
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

# The state that must not change: the node table without its volatile
# fields (load, mem_free, age_ms) and this node's id, address, speed and
# policy.  Fails, saying so, if mosctl does.
state() {
	local nodes st
	nodes=$(mosctl -j nodes) || { echo "mosctl -j nodes failed: $nodes"; return 1; }
	st=$(mosctl -j status) || { echo "mosctl -j status failed: $st"; return 1; }
	printf '%s\n' "$nodes" | json_nodes |
		awk '{ print "node", $1, $2, $3, $5, $6, $8 }' | sort -n -k 2
	echo "self $(echo "$st" | json_get id) $(echo "$st" | json_get addr) $(echo "$st" | json_get speed) $(echo "$st" | json_get policy)"
}

# Relay the probe's TAP through ok/not_ok/diag; returns its exit status.
run_probe() {
	local out=/tmp/nlprobe.out rc line
	"$@" >"$out" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		'ok - '*) ok "${line#ok - }" ;;
		'not ok - '*) not_ok "${line#not ok - }" ;;
		'#'*) echo "$line" ;;
		*) diag "$line" ;;
		esac
	done <"$out"
	return "$rc"
}

probe_status() { # probe_status RC WHAT
	case $1 in
	0) ok "$2 ran, every case passed" ;;
	1) not_ok "$2 ran, every case passed" "some cases failed (above)" ;;
	2) not_ok "$2 ran, every case passed" "it could not run (exit status 2)" ;;
	*) not_ok "$2 ran, every case passed" "exit status $1 (crashed?)" ;;
	esac
}

up2() {
	mosctl -j nodes | json_nodes | awk '$1 == 2 && $3 == "up" { f = 1 } END { exit !f }'
}
check "node 2 is up (a stable table to compare)" wait_until 15 up2

before=$(state)
check "node 1 shows its table and status (to compare after the probes)" \
	test $? -eq 0
diag "state before:" "$before"

# --- the cases ---------------------------------------------------------

run_probe mosix-nlprobe
probe_status $? "mosix-nlprobe"
cp /tmp/nlprobe.out /tmp/nlprobe.cases

same_state() {
	[ "$(state)" = "$before" ]
}
# Node states may flap for reasons that have nothing to do with netlink
# (a slow emulated CPU); a real change stays.
if wait_until 10 same_state; then
	ok "node table and status unchanged after mosix-nlprobe"
else
	not_ok "node table and status unchanged after mosix-nlprobe" \
		"before:" "$before" "after:" "$(state)"
fi

# --- random messages ---------------------------------------------------

seed=${SEED:-$(date +%s)}
diag "random seed $seed (rerun with SEED=$seed)"
run_probe mosix-nlprobe random 2000 "$seed"
probe_status $? "mosix-nlprobe random 2000 $seed"

if wait_until 10 same_state; then
	ok "node table and status unchanged after 2000 random messages per command"
else
	not_ok "node table and status unchanged after 2000 random messages per command" \
		"before:" "$before" "after:" "$(state)"
fi

# The probe's checks of the header, by name: each must have run.
for c in "NODE_ADD with a nonzero reserved field in its genl header" \
	"NODE_ADD with NLM_F_APPEND" \
	"NODE_ADD with an unknown attribute in its node" \
	"STATUS_GET with an attribute" \
	"GUESTS_SET with a directory that is no cgroup" \
	"unprivileged GUESTS_SET"; do
	check "nlprobe ran: $c" grep -qxF "ok - nlprobe: $c" /tmp/nlprobe.cases
done

check "mosctl status still works" mosctl status
check "node 2 still answers" on 2 mosctl status

exit 0
