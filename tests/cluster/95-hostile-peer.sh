# Test a hostile peer: node 3 sends random, truncated, oversized and
# stale datagrams at node 1's load port (mosix-udpfuzz) and opens, abuses
# and drops connections on its migration port (mosix-tcpfuzz: garbage,
# oversized chunks, bad HELLOs, process states of random bytes, idle
# connections) for a bounded time, while a process migrates between
# nodes 1 and 2.  Node 1 must stay up without a kernel warning (the
# harness fails the test on any), count what it rejected, and the
# process's result must be that of an unmigrated run.  Then the same with
# a cluster key on nodes 1 and 2, which node 3 does not have.
#
#   node 1 (target) --- node 2 --- node 3 (hostile)
#
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 900
. /lib/mosix/test.sh

stat_of() {	# NODE KEY: a counter of `mosix -j status`
	on "$1" "mosctl -j status" | tr ',{}' '\n\n\n' |
		awk -F: -v k="\"$2\"" '$1 == k { print $2 }'
}
drops() {	# node 1's load datagrams dropped, all reasons
	for k in rx_short rx_bad_header rx_bad_length rx_bad_field \
		rx_unknown_peer rx_stale rx_bad_auth; do
		stat_of 1 $k
	done | awk '{ s += $1 } END { print s + 0 }'
}
is_up() {	# VIEWER ID
	on "$1" "mosctl -j nodes" | json_nodes |
		awk -v id="$2" '$1 == id && $3 == "up" { f = 1 } END { exit !f }'
}

ADDR1=$(node_addr 1)
SECS=40
KIB=1024
# mosix-churn recomputes its checksum until the file stop exists.
touch stop
mosix-churn stop $KIB 4 > ref.txt 2>/dev/null
rm -f stop

# (a HELLO that passes names node 1's kernel build: its vDSO's)
VDSO=$(mosctl -j nodes | json_nodes id vdso | awk '$1 == 1 { print $2 }')

# attack NAME: node 3 attacks node 1 for SECS seconds while a job moves
# between nodes 1 and 2; the job's output goes to NAME.txt.
attack() {
	local d0 t0 moves=0 failed=0 attacker
	d0=$(drops)
	ON_TIMEOUT=$((SECS + 60)) on 3 "timeout $SECS mosix-udpfuzz -i 300 $ADDR1 random 1000000 >/dev/null 2>&1 &
		mosix-tcpfuzz -v $VDSO $ADDR1 3 $SECS; wait" > $1.fuzz 2>&1 &
	attacker=$!
	rm -f stop
	mosix-churn stop $KIB 4 > $1.txt 2>/dev/null &
	pid=$!
	t0=$(awk '{ print int($1) }' /proc/uptime)
	while ! ended $pid &&
		[ $(($(awk '{ print int($1) }' /proc/uptime) - t0)) -lt $SECS ]; do
		if mosctl migrate $pid 2 >> $1.err 2>&1; then
			moves=$((moves + 1))
		else
			failed=$((failed + 1))
		fi
		sleep 1
		ended $pid && break
		if mosctl migrate $pid home >> $1.err 2>&1; then
			moves=$((moves + 1))
		else
			failed=$((failed + 1))
		fi
		sleep 1
	done
	wait $attacker
	diag "$1: $moves migrations during the attack, $failed failed" "$(cat $1.fuzz)"
	[ ! -s $1.err ] || diag "$(sort $1.err | uniq -c | head -5)"
	check "$1: the job migrated during the attack, there and back" \
		test $moves -ge 2
	check "$1: no migration between nodes 1 and 2 failed" test $failed -eq 0
	mosctl migrate $pid home > /dev/null 2>&1
	touch stop
	finish $pid 600
	check "$1: the job ends with status 0" test $rc -eq 0
	check "$1: its output is that of an unmigrated run" cmp ref.txt $1.txt
	check "$1: node 1 dropped and counted the bad datagrams" \
		test "$(drops)" -gt "$d0"
	diag "$1: node 1's drops $d0 -> $(drops)"
	check "$1: node 1 still sees node 2 up" wait_until 10 is_up 1 2
	check "$1: node 2 still sees node 1 up" wait_until 10 is_up 2 1
	check "$1: node 1 has no guest left from node 3" \
		test "$(mosctl -j guests)" = "[]"
}

attack open

# The same against a keyed cluster that node 3 is not part of.
on 1 "umask 077; echo 'hostile peer test key 0123456789abcdef' > /tmp/k" >/dev/null
on 2 "umask 077; echo 'hostile peer test key 0123456789abcdef' > /tmp/k" >/dev/null
check "node 1 takes a cluster key" mosctl key set /tmp/k
check "node 2 takes the same key" on 2 "mosctl key set /tmp/k"
c0=$(stat_of 1 conn_bad_auth)
a0=$(stat_of 1 rx_bad_auth)
attack keyed
check "keyed: node 1 counted unauthenticated datagrams" \
	test "$(stat_of 1 rx_bad_auth)" -gt "$a0"
check "keyed: node 1 counted connections without the key" \
	test "$(stat_of 1 conn_bad_auth)" -gt "$c0"
diag "keyed: rx_bad_auth $a0 -> $(stat_of 1 rx_bad_auth), conn_bad_auth $c0 -> $(stat_of 1 conn_bad_auth)"
