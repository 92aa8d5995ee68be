# Test the cluster key: without one, status warns that the cluster is
# unauthenticated; nodes 1 and 2 given the same key keep seeing each other
# and migrating between them works (output identical to an unmigrated
# run); node 3, without the key and then with another key, is seen down
# by them, cannot take their processes (the process stays home, with the
# reason) and the rejected messages are counted; bad key files and
# unprivileged users are refused.  Clearing the keys brings node 3 back.
#
#   node 1 --- node 2 --- node 3      (one private switch)
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 600
. /lib/mosix/test.sh

state_of() {	# VIEWER ID: how node VIEWER sees node ID (up / down)
	on "$1" "mosctl -j nodes" | json_nodes |
		awk -v id="$2" '$1 == id { print $3 }'
}
stat_of() {	# NODE KEY: a counter of `mosctl -j status`
	on "$1" "mosctl -j status" | tr ',{}' '\n\n\n' |
		awk -F: -v k="\"$2\"" '$1 == k { print $2 }'
}
positive() { test "${1:-0}" -gt 0; }
stat_positive() { positive "$(stat_of "$1" "$2")"; }	# NODE KEY
is_state() { test "$(state_of "$1" "$2")" = "$3"; }	# VIEWER ID STATE

# Jobs must outlast the migrations done to them (up to three, 0.3 s each
# at scale 1; 60 rounds, under half a second in a VM on a quiet host,
# did not): 600 rounds, about 4 s; 1,800 on the debugging kernel, about
# 27 s there, where three migrations take about 11 s (55: 3.5 s each).
ROUNDS=$(scaled 600)
mosix-crunch $ROUNDS 4 > ref.txt

# The test starts from a cluster without a key: Debian nodes have one,
# as a real install does, so every node drops it first.
all_up() {
	[ "$(mosctl -j nodes | json_nodes | awk '$3 == "up" || $3 == "self"' | wc -l)" = 3 ]
}
if mosctl -j status | grep -q '"authenticated":true'; then
	for n in 1 2 3; do on $n "mosctl key clear" >/dev/null; done
	wait_until 15 all_up
fi

check "without a key, status warns that the cluster is unauthenticated" \
	sh -c "mosctl status | grep -q 'cluster key: *NONE'"
check "and -j says so" sh -c "mosctl -j status | grep -q '\"authenticated\":false'"
check "status says migrations cross the LAN in clear" \
	sh -c "mosctl status | grep -q '^migrations: *NOT encrypted' &&
		mosctl -j status | grep -q '\"encrypted\":false'"

# Bad input changes nothing.
head -c 8 /dev/urandom > /tmp/short.key
check "a key file of 8 bytes is refused, with the reason" \
	fails_with 1 "16 to 4096 bytes" mosctl key set /tmp/short.key
check "a missing key file is refused" \
	fails_with 1 "/tmp/nonexistent.key: No such file" mosctl key set /tmp/nonexistent.key
check "a directory is refused" \
	fails_with 1 "/tmp: not a regular file" mosctl key set /tmp
# A test key, the same on every node that shares it (a real one comes
# from /dev/urandom and is copied to every node).
KEY="neomosix test cluster key 2026 $(seq 1 9 | tr -d '\n')"
mkkey() {	# NODE FILE TEXT: write a root-only key file on NODE
	on "$1" "umask 077; echo '$3' > $2"
}
mkkey 1 /tmp/cluster.key "$KEY"
cp /tmp/cluster.key /tmp/user.key
chmod 644 /tmp/user.key
check "a user may not set the key" \
	fails_with 1 "permission denied" su user -c 'mosctl key set /tmp/user.key'
check "still no key after all that" sh -c "mosctl status | grep -q 'cluster key: *NONE'"

# Nodes 1 and 2 share a key; node 3 has none.
check "node 1 takes the key" mosctl key set /tmp/cluster.key
mkkey 2 /tmp/cluster.key "$KEY"
check "node 2 takes the same key" on 2 "mosctl key set /tmp/cluster.key"
check "status says the key is set" sh -c "mosctl status | grep -q 'cluster key: *set'"
check "and -j says so" sh -c "mosctl -j status | grep -q '\"authenticated\":true'"
no_key_in_status() {	# (a failing mosctl shows no key either: no pass)
	local out
	out=$(mosctl -j status) || { echo "$out"; return 1; }
	case $out in
	*'"authenticated":true'*) ;;
	*) echo "$out"; return 1 ;;
	esac
	case $out in
	*'neomosix test'*) echo "$out"; return 1 ;;
	esac
}
check "the key cannot be read back (not in status)" no_key_in_status

check "node 1 still sees node 2 up" wait_until 10 is_state 1 2 up
check "node 2 still sees node 1 up" wait_until 10 is_state 2 1 up
check "node 1 sees node 3 (no key) down" wait_until 15 is_state 1 3 down
check "node 3 sees node 1 down" wait_until 15 is_state 3 1 down
check "node 1 counts node 3's datagrams as unauthenticated" \
	positive "$(stat_of 1 rx_bad_auth)"
diag "node 1: rx_bad_auth $(stat_of 1 rx_bad_auth)"

# Migration between the two keyed nodes works.
mosix-crunch $ROUNDS 4 > out1.txt &
pid=$!
nap 0.5
check "migrate to node 2 (same key)" mosctl migrate $pid 2
check "and home" mosctl migrate $pid home
check "and to node 2 again" mosctl migrate $pid 2
wait $pid
check "it exits 0" test $? -eq 0
check "output identical to an unmigrated run" cmp ref.txt out1.txt

# Forwarded calls of every kind over the authenticated connection: the
# I/O program of 51-migrate-io, moved before its I/O, prints what an
# unmigrated run prints.  (Calls that carry no memory at all, lseek or
# dup2, once ended such a connection: a read of 0 bytes after the last
# byte of the request was taken for a second MAC.)
D=/tmp/io
io_home $D
touch $D/go
mosix-gen 3 4096 | mosix-io $D/go $D/home $D/out >io-ref.txt 2>&1
io_home $D
mosix-gen 3 4096 | mosix-io $D/go $D/home $D/out >io-mig.txt 2>&1 &
pid=$!
wait_until 60 grep -q started io-mig.txt 2>/dev/null
check "the I/O program migrates to node 2 (same key)" mosctl migrate $pid 2
touch $D/go
finish $pid 600
check "it does all its I/O from there and exits 0" test $rc -eq 0
check "its output is that of an unmigrated run" cmp io-ref.txt io-mig.txt

# Node 3 without the key cannot take a process: node 1 sees it down, and
# just after node 1 takes the key (node 3 not yet timed out), the
# connection's key exchange fails.
check "node 3 has no guest" test "$(on 3 'mosctl -j guests')" = "[]"
on 3 "mosctl key clear" >/dev/null
on 1 "mosctl key clear" >/dev/null
check "without keys, node 1 sees node 3 up again" wait_until 15 is_state 1 3 up
check "node 1 takes the key again" mosctl key set /tmp/cluster.key
# Node 1 still has node 3 up for a moment: long enough to try a migration.
mosix-crunch $ROUNDS 4 > out3.txt &
pid=$!
nap 0.3
mosctl migrate $pid 3 > m3.txt 2>&1
rc=$?
diag "$(cat m3.txt)"
check "node 3 without the key: migrating there fails" test $rc -ne 0
check "with a reason a person can read" \
	grep -q -e "cluster's key" -e "not up" -e "did not answer" m3.txt
check "the process is still home" test "$(where_state $pid)" = home
wait $pid
check "and ends correctly at home" cmp ref.txt out3.txt
check "node 1 counts the failed key exchange" positive "$(stat_of 1 conn_bad_auth)"

mkkey 3 /tmp/other.key "another cluster key, 0123456789"
check "node 3 takes another key" on 3 "mosctl key set /tmp/other.key"
check "with another key, node 1 sees node 3 down" wait_until 15 is_state 1 3 down
# (node 1 may have taken node 3 for down already, while its job ran: then
# the wait above ends at once, before node 1's next datagram to node 3)
check "node 3 counts node 1's datagrams as unauthenticated" \
	wait_until 10 stat_positive 3 rx_bad_auth

# Clearing every key: node 3 is back, and takes processes.
for n in 1 2 3; do on $n "mosctl key clear" >/dev/null; done
check "with no key anywhere, node 1 sees node 3 up" wait_until 15 is_state 1 3 up
mosix-crunch $ROUNDS 4 > out4.txt &
pid=$!
nap 0.5
check "and a process migrates to node 3" mosctl migrate $pid 3
wait $pid
check "output identical to an unmigrated run" cmp ref.txt out4.txt

# With one key on every node, a process moves on from node 2 straight to
# node 3: node 3's call home (REATTACH) is authenticated like the rest.
mkkey 3 /tmp/cluster.key "$KEY"
for n in 1 2 3; do on $n "mosctl key set /tmp/cluster.key" >/dev/null; done
check "all keyed: node 1 sees node 3 up" wait_until 15 is_state 1 3 up
check "and node 3 sees node 2 up" wait_until 15 is_state 3 2 up
onward0=$(stat_of 1 moves_onward)
bad0=$(stat_of 1 conn_bad_auth)
check "node 1's conn_bad_auth read ('$bad0')" \
	sh -c "case '$bad0' in '' | *[!0-9]*) exit 1 ;; esac"
mosix-crunch $ROUNDS 4 > out5.txt &
pid=$!
sleep 0.5
check "keyed: migrate to node 2" mosctl migrate $pid 2
check "keyed: move on to node 3" mosctl migrate $pid 3
check "without coming home" test "$(stat_of 1 moves_onward)" = $((onward0 + 1))
wait $pid
check "output identical to an unmigrated run" cmp ref.txt out5.txt
check "no connection to node 1 failed the key meanwhile" \
	test "$(stat_of 1 conn_bad_auth)" = "$bad0"
