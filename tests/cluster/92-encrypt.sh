# Test encrypted migrations: a process whose memory holds a marker moves
# to node 2 and its calls home carry the marker too.  With the key alone
# a packet capture on node 1 sees the marker cross the LAN (the capture
# works); once either end asks for encryption (`key set FILE encrypt`)
# the capture sees the migration's packets but never the marker, the
# process keeps its memory and its output is byte for byte that of an
# unmigrated run.  Status says which it is; bad words change nothing.
#
#   node 1 --- node 2 --- node 3      (one private switch)
#
# distro: debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 600
. /lib/mosix/test.sh

KEY="neomosix test cluster key 2026 encrypted $(seq 1 9 | tr -d '\n')"
MARK=NEOMOSIX-SECRET-0123456789
MIB=8
for n in 1 2 3; do
	on $n "umask 077; echo '$KEY' > /tmp/cluster.key; mosctl key set /tmp/cluster.key" >/dev/null
done
all_up() {
	[ "$(mosctl -j nodes | json_nodes | awk '$3 == "up" || $3 == "self"' | wc -l)" = 3 ]
}
check "with one key on every node, all are up" wait_until 15 all_up

check "keyed, not encrypted: status says migrations are not encrypted" \
	sh -c "mosctl status | grep -q '^migrations: *NOT encrypted unless the other node asks' &&
		mosctl -j status | grep -q '\"encrypted\":false'"

# The secret's reference: the same program, never moved.
rm -f /tmp/stop
touch /tmp/stop
mosix-sniff fill $MIB $MARK /tmp/stop > ref.bin
check "the secret's program runs at home" test $? -eq 0
rm -f /tmp/stop

# secret_trip NAME TO...: capture on node 1 while the secret's program
# moves to each node of TO in turn, then ends (its memory written home);
# leaves the capture's summary in sniff-NAME, the output in out-NAME.
secret_trip() {
	local name=$1 pid spid to
	shift
	rm -f /tmp/stop "out-$name" "sniff-$name"
	mosix-sniff watch $MARK 300 > "sniff-$name" 2> "sniff-$name.err" &
	spid=$!
	wait_until 10 grep -q listening "sniff-$name.err"
	mosix-sniff fill $MIB $MARK /tmp/stop > "out-$name" &
	pid=$!
	wait_until 30 grep -q filled "out-$name"
	for to in "$@"; do
		mosctl migrate $pid "$to" || echo "mosctl migrate $pid $to failed"
	done
	where="$(where_node $pid)"
	touch /tmp/stop
	finish $pid 120
	kill -INT $spid
	wait $spid
	diag "$name: $(cat "sniff-$name"), ran on ${where:-home}, exit $rc"
}
marked() {	# NAME
	awk '{ print $6 }' "sniff-$1"
}
packets() {	# NAME
	awk '{ print $2 }' "sniff-$1"
}

secret_trip clear 2
check "in clear: the process ran on node 2" test "$where" = 2
check "and ended correctly" sh -c "test $rc -eq 0 && cmp ref.bin out-clear"
check "the capture saw the migration" test "$(packets clear)" -gt 0
check "and the marker in clear (the capture can see it)" \
	test "$(marked clear)" -gt 0

bad_auth() {
	mosctl -j status | tr ',{}' '\n\n\n' |
		awk -F: '$1 == "\"conn_bad_auth\"" { print $2 }'
}
bad0=$(bad_auth)

# Bad words change nothing.
check "key set with a misspelt encrypt is refused" \
	fails_with 2 "expected 'encrypt' after the file" \
	on 2 "mosctl key set /tmp/cluster.key encrypted"
check "with a third word too" \
	fails_with 2 "Usage: mosctl key set FILE [encrypt]" on 2 "mosctl key set /tmp/cluster.key encrypt x"
node2_clear() {
	on 2 "mosctl status" | grep -q '^migrations: *NOT encrypted' &&
		on 2 "mosctl -j status" | grep -q '"encrypted":false'
}
check "node 2 still does not ask for encryption" node2_clear

# Node 2 alone asks: every connection with it is encrypted.
check "node 2 asks for encryption" \
	on 2 "mosctl key set /tmp/cluster.key encrypt"
node2_sealed() {
	on 2 "mosctl status" | grep -q '^migrations: *encrypted (ChaCha20-Poly1305)' &&
		on 2 "mosctl -j status" | grep -q '"encrypted":true'
}
check "node 2's status says its migrations are encrypted" node2_sealed
check "node 1 still sees node 2 up" wait_until 10 all_up

secret_trip sealed 2
check "encrypted: the process ran on node 2" test "$where" = 2
check "and ended correctly, its memory and output intact" \
	sh -c "test $rc -eq 0 && cmp ref.bin out-sealed"
check "the capture saw the migration and the calls home" \
	test "$(packets sealed)" -gt "$(( $(packets clear) / 2 ))"
check "but never the marker" test "$(marked sealed)" -eq 0

# There and back, and on to node 3 (node 2 to 3 and 3 to node 1 asked by
# none: node 1 asks now, so every hop of the trip is encrypted).
check "node 1 asks too" mosctl key set /tmp/cluster.key encrypt
secret_trip onward 2 3 home 2
check "encrypted: moved 2, 3, home, 2" test "$where" = 2
check "and ended correctly" sh -c "test $rc -eq 0 && cmp ref.bin out-onward"
check "the capture never saw the marker" test "$(marked onward)" -eq 0

# An ordinary job, encrypted there and back: output identical.
ROUNDS=$(scaled 600)
mosix-crunch $ROUNDS 4 > crunch-ref.txt
mosix-crunch $ROUNDS 4 > crunch-out.txt &
pid=$!
nap 0.5
check "encrypted: migrate a job to node 2" mosctl migrate $pid 2
check "and on to node 3" mosctl migrate $pid 3
check "and home" mosctl migrate $pid home
wait $pid
check "it exits 0 with the output of an unmigrated run" \
	sh -c "test $? -eq 0 && cmp crunch-ref.txt crunch-out.txt"
check "no connection failed its seal or MAC" test "$(bad_auth)" = "$bad0"

# Keyed without encryption again: node 1's status says so.
check "node 1 drops the request" mosctl key set /tmp/cluster.key
check "and says so" sh -c "mosctl -j status | grep -q '\"encrypted\":false'"
