# `mosctl apply`: one cluster file for every node, as the boot service
# uses it (/etc/mosix/mosix.conf; every VM's /init applies one made from
# its map, so every cluster test boots through it).  A node finds its own line by its
# address; applied to a node that already is what the file says it
# changes nothing; an edit (a node removed, this node's speed and
# policy, the balancer) changes just that, and the node table, status
# and the other nodes show it; a key line keys every node (they keep
# seeing each other) and removing it clears the key; a new id is taken,
# and refused while a process is away.  A guests line makes the guests'
# cgroup where the machine has cgroup v2 (guests run there, or are
# refused when it is gone).  Bad files of every kind are
# refused with the file, line and reason, and change nothing, even when
# the only fault is a missing key file at the end.
#
# nodes: 3
# timeout: 400
# shellcheck shell=sh disable=SC3043,SC1091
. /lib/mosix/test.sh

A1=$(node_addr 1)
A2=$(node_addr 2)
A3=$(node_addr 3)

# (Not "absent" when node VIEWER does not answer or its mosctl fails.)
state_of() {	# VIEWER ID: how node VIEWER sees node ID (up / down / absent)
	local out
	out=$(on "$1" "mosctl -j nodes") || { echo "no answer: $out"; return 1; }
	printf '%s\n' "$out" | json_nodes |
		awk -v id="$2" '$1 == id { print $3; f = 1 } END { if (!f) print "absent" }'
}
is_state() { test "$(state_of "$1" "$2")" = "$3"; }	# VIEWER ID STATE
# What apply must leave alone: node 3's node table and settings (not its
# counters: the balancer may move a process of the test's own meanwhile).
# Fails, saying so, when node 3 does not answer.
snapshot() {
	local nodes st
	nodes=$(on 3 "mosctl -j nodes") || { echo "no answer: $nodes"; return 1; }
	st=$(on 3 "mosctl status") || { echo "no answer: $st"; return 1; }
	printf '%s\n' "$nodes" | json_nodes id addr
	printf '%s\n' "$st" | grep -e '^id:' -e '^address:' -e '^speed:' \
		-e '^policy:' -e '^balancer:' -e '^cluster key:'
}
# conf NODE FILE LINES...: write FILE on NODE, one argument a line
conf() {
	local n="$1" f="$2" text=
	shift 2
	text=$(printf '%s\n' "$@")
	on "$n" "cat > $f <<'EOF'
$text
EOF"
}

CLUSTER="node 1 $A1
node 2 $A2
node 3 $A3"

# --- the same file on every node: nothing to change ---------------------
check "the kernel's parameters are in /sys/module/mosix (the service's condition)" \
	test -d /sys/module/mosix/parameters
# /init applied the cluster file it made from its map at boot.
check "/init made the cluster file (its jobs are root's: services move)" \
	test "$(cat /etc/mosix/mosix.conf)" = "$CLUSTER
services move"
mv /etc/mosix/mosix.conf /tmp/saved.conf
check "no file at the default path: refused with its name" \
	sh -c "! mosctl apply 2>err.txt && grep -q '/etc/mosix/mosix.conf: No such file' err.txt"
mv /tmp/saved.conf /etc/mosix/mosix.conf
conf 3 /etc/mosix/mosix.conf "# the whole cluster" "$CLUSTER" "balancer on"
out=$(on 3 "mosctl apply")
diag "$out"
check "node 3 finds its line by its address: nothing to change" \
	test "$out" = "node 3: nothing to change"
out=$(on 3 "mosctl -j apply -n")
check "-j says so too" test "$out" = '{"node":3,"dry_run":true,"changes":[]}'

# --- bad files change nothing -------------------------------------------
before=$(snapshot) || not_ok "node 3 shows its table and status" "$before"
refused() {	# DESC WANT STATUS CMD: CMD on node 3 fails with STATUS, saying WANT
	local out
	out=$(on 3 "$4; echo rc=\$?")
	case $out in
	*"$2"*"rc=$3") ok "refused: $1" ;;
	*) not_ok "refused: $1" "want: $2, status $3" "got: $out" ;;
	esac
}
refuse() {	# DESC WANT LINES...: a file of LINES is refused with WANT
	local desc="$1" want="$2"
	shift 2
	conf 3 /tmp/bad.conf "$@"
	refused "$desc" "$want" 1 "mosctl apply /tmp/bad.conf"
}
refuse "an unknown word" "/tmp/bad.conf: line 2: unknown word 'nodes'" \
	"node 1 $A1" "nodes 2 $A2" "node 3 $A3"
refuse "an id twice" "line 3: node 1 is also on line 1" \
	"node 1 $A1" "node 2 $A2" "node 1 $A3"
refuse "an address twice" "line 3: address $A2 is also on line 2" \
	"node 1 $A1" "node 2 $A2" "node 3 $A2"
refuse "a bad address" "invalid address '10.77.0'" \
	"node 1 $A1" "node 2 10.77.0" "node 3 $A3"
refuse "a bad speed" "invalid speed 'fast'" "node 3 $A3 speed=fast"
refuse "an unknown setting" "unknown node setting 'blocked'" \
	"node 3 $A3 blocked"
refuse "no node line" "no node line" "balancer on"
refuse "a relative key path" "must be an absolute path" "$CLUSTER" \
	"key cluster.key"
refuse "a file without this node" \
	"none of this machine's addresses is on a node line" \
	"node 1 $A1" "node 2 $A2"
# Valid up to its last line, whose key file is missing: node 2 would go,
# node 3 would block, the balancer would stop.
refuse "a missing key file, after changes that would be valid" \
	"/tmp/missing.key: No such file" \
	"node 1 $A1" "node 3 $A3 block speed=5000" "balancer off" \
	"key /tmp/missing.key"
on 3 "head -c 8 /dev/urandom > /tmp/short.key"
refuse "a key file of 8 bytes" "16 to 4096 bytes" "node 1 $A1" \
	"node 3 $A3 block" "key /tmp/short.key"
refused "-s of a node not in the file" "node 9 is not in the file" 1 \
	"mosctl apply -s 9 /etc/mosix/mosix.conf"
refused "a directory" "/tmp: not a regular file" 1 "mosctl apply /tmp"
refused "a binary" "/bin/busybox: " 1 "mosctl apply /bin/busybox"
refused "an unknown option, with status 2" "unknown option '-q'" 2 \
	"mosctl apply -q"
conf 1 /tmp/user.conf "node 1 $A1 block" "node 2 $A2" "node 3 $A3"
chmod 644 /tmp/user.conf
check "a user may not apply a file" \
	fails_with 1 "permission denied" su user -c 'mosctl apply /tmp/user.conf'
check "node 1's policy is still none" \
	sh -c "mosctl status | grep -q '^policy: *none'"
after=$(snapshot)
if [ "$before" = "$after" ]; then
	ok "after all that, node 3's table and status are as before"
else
	not_ok "after all that, node 3's table and status are as before" \
		"before:" "$before" "after:" "$after"
fi

# --- an edit: node 2 removed, speed and policy, balancer off -------------
conf 3 /tmp/edit.conf "node 1 $A1" "node 3 $A3 speed=5000 block lstay" \
	"balancer off"
out=$(on 3 "mosctl apply -n /tmp/edit.conf")
diag "$out"
check "-n shows the changes" test "$out" = "would remove node 2 ($A2)
would set this node's speed to 5000
would set the policy to lstay block
would turn the balancer off"
check "and makes none" test "$(snapshot)" = "$before"
out=$(on 3 "mosctl apply /tmp/edit.conf")
check "the edit applies, each change on a line" test "$out" = "remove node 2 ($A2)
set this node's speed to 5000
set the policy to lstay block
turn the balancer off"
check "node 3 has no node 2 any more" is_state 3 2 absent
check "node 3 still sees node 1 up" is_state 3 1 up
st=$(on 3 "mosctl status")
check "speed 5000" sh -c "echo '$st' | grep -q '^speed: *5000'"
check "policy lstay block" sh -c "echo '$st' | grep -q '^policy: *lstay block'"
check "balancer off" sh -c "echo '$st' | grep -q '^balancer: *off'"
speed_of_3() { mosctl -j nodes | json_nodes id speed | grep -qx '3 5000'; }
check "node 1 hears node 3's new speed" wait_until 10 speed_of_3
check "applied again: nothing to change" \
	test "$(on 3 'mosctl apply /tmp/edit.conf')" = "node 3: nothing to change"

# Back to the whole cluster: node 2 returns; the file says nothing of
# speed, so it stays, and the policy goes.
out=$(on 3 "mosctl apply")
diag "$out"
check "the whole file again: node 2 added, policy none, balancer on" \
	test "$out" = "add node 2 ($A2)
set the policy to none
turn the balancer on"
check "node 3 sees node 2 up again" wait_until 15 is_state 3 2 up
st=$(on 3 "mosctl status")
check "speed left as it was (5000)" sh -c "echo '$st' | grep -q '^speed: *5000'"
conf 3 /tmp/speed.conf "node 1 $A1" "node 2 $A2" "node 3 $A3 speed=10000"
check "speed=10000 sets it back" \
	test "$(on 3 'mosctl apply /tmp/speed.conf')" = "set this node's speed to 10000"

# --- a key line keys every node; without it the key is cleared ----------
KEY="neomosix apply test key $(seq 1 9 | tr -d '\n')"
for n in 1 2 3; do
	conf "$n" /tmp/keyed.conf "$CLUSTER" "key /etc/mosix/cluster.key"
	on "$n" "umask 077; echo '$KEY' > /etc/mosix/cluster.key"
	out=$(on "$n" "mosctl apply /tmp/keyed.conf")
	check "node $n: the key line sets the key" \
		test "$out" = "set the cluster key from /etc/mosix/cluster.key"
done
check "status says the key is set" \
	sh -c "mosctl status | grep -q '^cluster key: *set'"
check "keyed, node 1 sees node 3 up" wait_until 15 is_state 1 3 up
check "and node 3 sees node 2 up" wait_until 15 is_state 3 2 up
for n in 1 2 3; do
	out=$(on "$n" "mosctl apply /tmp/keyed.conf")
	check "node $n: applied again, only the key is set again" \
		test "$out" = "set the cluster key from /etc/mosix/cluster.key"
done
check "and node 1 still sees node 2 up" wait_until 15 is_state 1 2 up
# `encrypt` on the key line: every node asks for encrypted migrations.
for n in 1 2 3; do
	conf "$n" /tmp/sealed.conf "$CLUSTER" "key /etc/mosix/cluster.key encrypt"
	out=$(on "$n" "mosctl apply /tmp/sealed.conf")
	check "node $n: key ... encrypt sets the key, migrations encrypted" \
		test "$out" = "set the cluster key from /etc/mosix/cluster.key, migrations encrypted"
done
check "status says migrations are encrypted" \
	sh -c "mosctl status | grep -q '^migrations: *encrypted'"
sleep 600 &
pid=$!
check "an encrypted migration to node 3" mosctl migrate $pid 3
check "and home" mosctl migrate $pid home
kill $pid
wait $pid 2>/dev/null
for n in 1 2 3; do
	out=$(on "$n" "mosctl apply /tmp/keyed.conf")
	check "node $n: without encrypt, only the key is set again" \
		test "$out" = "set the cluster key from /etc/mosix/cluster.key"
done
check "status says migrations are not encrypted" \
	sh -c "mosctl status | grep -q '^migrations: *NOT encrypted'"
for n in 1 2 3; do
	conf "$n" /tmp/plain.conf "$CLUSTER"
	out=$(on "$n" "mosctl apply /tmp/plain.conf")
	check "node $n: no key line clears the key" \
		test "$out" = "clear the cluster key (the file has no key line)"
done
check "status warns again" \
	sh -c "mosctl status | grep -q '^cluster key: *NONE'"
check "unkeyed, node 1 sees node 3 up" wait_until 15 is_state 1 3 up

# --- a new id: refused while a process is away, taken when none is -----
conf 1 /tmp/renum.conf "node 7 $A1" "node 2 $A2" "node 3 $A3"
sleep 600 &
pid=$!
check "a sleeping process migrates to node 2" mosctl migrate $pid 2
# The count of processes away is taken every 0.5 s.
wait_until 10 sh -c "! mosctl apply -n /tmp/renum.conf" 2>/dev/null
out=$(mosctl apply /tmp/renum.conf 2>&1; echo rc=$?)
diag "$out"
case $out in
*"has 0 guest(s) and 1 process(es) away"*rc=1) ok "a new id is refused while a process is away" ;;
*) not_ok "a new id is refused while a process is away" "$out" ;;
esac
check "the process is still away, on node 2" test "$(where_node $pid)" = 2
kill $pid
# (before `wait`: once reaped, the pid is gone whether it ended or not)
check "its deputy ends as the process is killed" wait_until 20 ended $pid
wait $pid 2>/dev/null
check "the count of processes away falls to 0" \
	wait_until 20 sh -c "mosctl apply -n /tmp/renum.conf >/dev/null 2>&1"
out=$(mosctl apply /tmp/renum.conf)
check "then the new id is taken" test "$out" = "set this node's id to 7"
check "status says id 7" sh -c "mosctl status | grep -q '^id: *7$'"
check "back to id 1" test "$(mosctl apply /tmp/plain.conf)" = "set this node's id to 1"
check "node 2 sees node 1 up" wait_until 15 is_state 2 1 up

# --- the guests line: their cgroup, where the machine has cgroup v2 -----
G=/sys/fs/cgroup/mosix.slice
conf 3 /tmp/guests.conf "$CLUSTER" "guests memory=256M tasks=50"
check "without cgroup v2 a guests line changes nothing" \
	test "$(on 3 'mosctl apply /tmp/guests.conf')" = "node 3: nothing to change"
status_guests() {	# PATTERN: node 3's status line about guests
	on 3 'mosctl status' | grep -q "^guests: *$1"
}
check "and status says guests have no cgroup" status_guests "no cgroup (this machine has no cgroup v2)"
on 3 "mount -t cgroup2 none /sys/fs/cgroup"
check "with cgroup v2 (mounted), apply makes the guests' cgroup" \
	test "$(on 3 'mosctl apply /tmp/guests.conf')" = "confine guests to mosix.slice: CPU when idle, memory at most 256 MiB, at most 50 tasks"
check "as the file says" \
	test "$(on 3 "cat $G/cpu.idle $G/memory.max $G/pids.max" | tr '\n' ' ')" = "1 268435456 50 "
check "status says so" status_guests "in $G: CPU when idle, memory at most 256 MiB, at most 50 tasks$"
check "applied again: nothing to change" \
	test "$(on 3 'mosctl apply /tmp/guests.conf')" = "node 3: nothing to change"
sleep 600 &
pid=$!
check "a process migrates to node 3" mosctl migrate $pid 3
gp=$(guest_pid 3 $pid)
check "its guest runs in mosix.slice" test "$(on 3 "cat /proc/$gp/cgroup")" = 0::/mosix.slice
check "and is the OOM killer's first choice" \
	test "$(on 3 "cat /proc/$gp/oom_score_adj")" = 1000
check "it comes home" mosctl migrate $pid home
check "node 3's empty cgroup is removed" wait_until 10 on 3 "rmdir $G"
check "then node 3 refuses guests, saying why" \
	fails_with 1 "cannot confine guests" mosctl migrate $pid 3
check "and the process runs at home" test "$(where_state $pid)" = home
check "mosctl apply there makes the cgroup again" \
	test "$(on 3 'mosctl apply /tmp/guests.conf')" = "confine guests to mosix.slice: CPU when idle, memory at most 256 MiB, at most 50 tasks"
check "and the process moves to node 3" mosctl migrate $pid 3
kill $pid
wait $pid 2>/dev/null
no_guest_on_3() {
	test "$(on 3 'mosctl -j guests')" = "[]"
}
check "killed at home, it ends on node 3 too" wait_until 20 no_guest_on_3
