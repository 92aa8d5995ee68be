# Test moves from one guest node straight to another, without coming
# home: the memory pattern survives them and the output is that of an
# unmigrated run; `mosctl status` counts them; the guest's node can ask
# for one (home decides: not for a pinned process); a move the guest's
# node cannot make goes through home; a refused move, the home
# process killed during a move, and the target powered off during the
# transfer all leave the process where it should be (running on its
# node, or gone everywhere), in bounded time.
#
#   node 1 (home) --- node 2 --- node 3      (one private switch)
#
# Node 3 is powered off (reboot -f) at the end.
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 900
. /lib/mosix/test.sh

D=/tmp/onward
rm -rf $D
mkdir -p $D

pids_on() {	# N NAME: pids of the processes NAME on node N
	on "$1" "for d in /proc/[0-9]*; do
		[ \"\$(cat \$d/comm 2>/dev/null)\" = $2 ] && echo \${d#/proc/}
	done; true"
}
# (not when node N does not answer: pids_on has on's status)
none_on() { local p; p=$(pids_on "$1" mosix-mempat) && test -z "$p"; }
onward() {	# the moves_onward counter of node 1 ("?" if not read)
	local n
	n=$(mosctl -j status | sed -n 's/.*"moves_onward":\([0-9]*\).*/\1/p')
	echo "${n:-?}"
}
same_count() {	# A B: A and B are the same number (an unread "?" is not)
	case $1 in '' | *[!0-9]*) echo "not a count: '$1'"; return 1 ;; esac
	test "$1" = "$2"
}
runs_on() { test "$(where_node "$1")" = "$2"; }
filled() { grep -q filled "$D/$1.out" 2>/dev/null; }
phases() { grep -c 'phase' "$D/$1.out" 2>/dev/null; }

# start NAME MIB PHASES: mosix-mempat in the background, its pid in $pid
start() {
	rm -f $D/$1.go*
	mosix-mempat "$2" "$3" $D/$1.go >$D/$1.out 2>$D/$1.err &
	pid=$!
	wait_until 120 filled "$1"
}

# ---- A: node 2 -> node 3 -> node 2, then the result ----
start ref 64 3
touch $D/ref.go1 $D/ref.go2 $D/ref.go3
finish $pid 300
echo "status $rc" >>$D/ref.out
check "an unmigrated run succeeds" test $rc -eq 0

n0=$(onward)
start mig 64 3
check "migrate to node 2" mosctl migrate $pid 2
touch $D/mig.go1
check "move on from node 2 to node 3" mosctl migrate $pid 3
check "where says node 3" test "$(where_node $pid)" = 3
check "nothing of it is left on node 2" wait_until 10 none_on 2
touch $D/mig.go2
check "move on from node 3 to node 2" mosctl migrate $pid 2
check "where says node 2" test "$(where_node $pid)" = 2
check "node 1 counts 2 moves that did not come home" \
	same_count "$(onward)" $((n0 + 2))
check "it left home once and moved on twice (where's count)" \
	sh -c "mosctl where $pid | grep -q 'migrations: 3\$'"
touch $D/mig.go3
finish $pid 300
echo "status $rc" >>$D/mig.out
check "its output is that of the unmigrated run" cmp $D/ref.out $D/mig.out
diag "$(tr '\n' ';' <$D/mig.out)"
# Node 1's count of processes away goes back to 0 (two moves on once
# made it wrap, and the other nodes then refused every load message of
# node 1 as a bad field and took it for down).
away_of() {	# VIEWER ID: node ID's processes away, as VIEWER sees them
	on "$1" "mosmon -j" | tr -d '\n' | tr '{' '\n' |
		sed -n "s/.*\"id\":$2,.*\"away\":\([0-9]*\).*/\1/p"
}
check "node 1 counts no process away after it ended" \
	test "$(away_of 1 1)" = 0
diag "node 1's processes away: $(away_of 1 1)"
drops_bad() { on 2 "mosctl -j status" | sed -n 's/.*"rx_bad_field":\([0-9]*\).*/\1/p'; }
seen1() { [ "$(away_of 2 1)" = 0 ]; }
check "node 2 hears node 1, with 0 processes away" wait_until 10 seen1
check "node 2 dropped no load message of node 1 as bad" \
	test "$(drops_bad)" = 0

# ---- B: the target refuses ----
start blk 16 1
check "migrate to node 2" mosctl migrate $pid 2
on 3 "mosctl block" >/dev/null
n0=$(onward)
out=$(mosctl migrate $pid 3 2>&1)
rc=$?
check "moving on to a node that blocks guests fails" test $rc -ne 0
check "with the reason" sh -c "echo '$out' | grep -q 'accepts no guests'"
check "the process still runs on node 2" test "$(where_node $pid)" = 2
check "no move counted" same_count "$(onward)" "$n0"
on 3 "mosctl noblock" >/dev/null
check "it moves on once node 3 takes guests" mosctl migrate $pid 3
touch $D/blk.go1
finish $pid 120
check "and ends well" test $rc -eq 0

# ---- E: asked from the guest's node (as its balancer does) ----
start ask 16 1
check "migrate to node 2" mosctl migrate $pid 2
gpid=$(pids_on 2 mosix-mempat)
n0=$(onward)
check "node 2 asks to move its guest on to node 3" on 2 "mosctl migrate $gpid 3"
check "home moves it straight there" wait_until 60 runs_on $pid 3
check "counted as a move on" same_count "$(onward)" $((n0 + 1))
check "pin it" mosctl pin $pid
gpid=$(pids_on 3 mosix-mempat)
check "node 3 asks to move its guest to node 2" on 3 "mosctl migrate $gpid 2"
sleep 5
check "a pinned process stays where it runs when its node asks" \
	test "$(where_node $pid)" = 3
# The same request once it is unpinned: the one above was heard.
check "unpin it" mosctl unpin $pid
check "node 3 asks again" on 3 "mosctl migrate $gpid 2"
check "unpinned, home moves it there" wait_until 60 runs_on $pid 2
touch $D/ask.go1
finish $pid 120
check "and ends well" test $rc -eq 0

# ---- F: the guest's node cannot reach the target: the way through home ----
start far 16 1
check "migrate to node 2" mosctl migrate $pid 2
check "node 2 forgets node 3" on 2 "mosctl node del 3"
n0=$(onward)
check "a move to a node that node 2 does not know still succeeds" \
	mosctl migrate $pid 3
check "where says node 3" test "$(where_node $pid)" = 3
check "it went through home (no move on counted)" same_count "$(onward)" "$n0"
check "node 2 knows node 3 again" on 2 "mosctl node add 3 $(node_addr 3)"
touch $D/far.go1
finish $pid 120
check "and ends well" test $rc -eq 0

# ---- C: killed at home during a move ----
start kill 128 1
check "migrate to node 2" mosctl migrate $pid 2
mosctl migrate $pid 3 >$D/kill.migrate 2>&1 &
mig=$!
sleep 1
kill -9 $pid
finish $pid 60
check "killed at home during a move: killed status" test $rc -eq 137
wait $mig
check "the move reports a failure" test $? -ne 0
check "nothing is left on node 2" wait_until 40 none_on 2
check "nothing is left on node 3" wait_until 40 none_on 3

# ---- D: the target is powered off during the transfer ----
start off 256 1
check "migrate to node 2" mosctl migrate $pid 2
t0=$(_uptime_cs)
mosctl migrate $pid 3 >$D/off.migrate 2>&1 &
mig=$!
sleep 2
ON_TIMEOUT=5 on 3 "reboot -f" >/dev/null 2>&1 &
wait $mig
rc=$?
t1=$(_uptime_cs)
diag "the move ended after $(((t1 - t0) / 100)) s: $(cat $D/off.migrate)"
check "moving on to a node that dies fails" test $rc -ne 0
check "the process still runs on node 2" test "$(where_node $pid)" = 2
touch $D/off.go1
finish $pid 300
check "and its memory is intact" test $rc -eq 0
diag "$(tr '\n' ';' <$D/off.out)"
