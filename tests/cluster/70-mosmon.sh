# mosmon as a person uses it: run on an 80x24 terminal (a pty driven by
# mosix-pty, whose small VT100/xterm interpreter keeps the screen as text
# in $D/screen), read the screen back, type keys; a second live view that
# reads the loads only every minute, which shows a node going down as
# soon (it listens to the kernel's events); and its batch mode.
#
# kernel-args: mosix.balancer=0
# distro: busybox debian
# nodes: 3
# timeout: 300
# shellcheck shell=sh disable=SC3043,SC1091,SC2317
. /lib/mosix/test.sh

D=/tmp/mosmon-pty

# --- reading the screen ------------------------------------------------

screen() {
	cat "$D/screen" 2>/dev/null
}

# line N of the screen (1 is the top)
line() {
	sed -n "$1p" "$D/screen" 2>/dev/null
}

# the row of node ID: its first word is the id ("1*" for this node)
row() {
	awk -v id="$1" '$1 == id || $1 == id "*"' "$D/screen" 2>/dev/null
}

# how long node ID's bar is: its '#' characters
bar() {
	row "$1" | tr -cd '#' | wc -c
}

# key BYTES: type BYTES (printf escapes: '\033OB' is Down)
key() {
	# shellcheck disable=SC2059
	printf "$1" >"$D/keys"
}

# expect DESC SECS CMD...: CMD true within SECS seconds, else the screen
expect() {
	local desc="$1" secs="$2"
	shift 2
	if wait_until "$secs" "$@"; then
		ok "$desc"
	else
		not_ok "$desc" "screen:" "$(screen | sed 's/^/|/')"
		return 1
	fi
}

# --- the cluster is up ---------------------------------------------------

peers_up() {
	[ "$(mosctl -j nodes | grep -o '"state":"up"' | wc -l)" -eq 2 ]
}
check "nodes 2 and 3 are up" wait_until 20 peers_up

# --- the live view, 80x24 ----------------------------------------------

rm -rf "$D"
mosix-pty -s 80x24 -e xterm -t 240 "$D" mosmon >/tmp/mosix-pty.log 2>&1 &
pty_pid=$!

all_rows() {
	row 1 | grep -q ' 10\.77\.0\.1 ' && row 2 | grep -q ' 10\.77\.0\.2 ' &&
		row 3 | grep -q ' 10\.77\.0\.3 '
}
expect "every node's row is visible with its id and address" 10 all_rows
check "this node's row is marked with '*'" \
	sh -c "awk '\$1 == \"1*\"' '$D/screen' | grep -q ."
check "the screen is 24 lines" test "$(screen | wc -l)" -eq 24
title_up() {
	line 1 | grep -q '3 nodes: 3 up' && line 1 | grep -q 'load view'
}
expect "the title says 3 nodes, 3 up, load view" 5 title_up
check "the headings name the load column" \
	sh -c "sed -n 2p '$D/screen' | grep -q 'ID *ADDRESS *LOAD'"
check "the bottom line lists the keys" \
	sh -c "sed -n 24p '$D/screen' | grep -q 'l load.*s speed.*m memory.*g guests.*q quit'"

# Idle VMs on a busy host show some load too: so that the check below is
# not true by chance, start when node 2's bar is no longer than node 3's.
not_longer() {
	[ "$(bar 2)" -le "$(bar 3)" ]
}
wait_until 10 not_longer
# node 2's load as the screen shows it now (0 if not a number)
load2_before=$(row 2 | awk '{ print $3 + 0 }')
diag "before: bars node 1 $(bar 1), node 2 $(bar 2), node 3 $(bar 3) columns;" \
	"node 2 load $load2_before"
# CPU-bound work on node 2 (pinned there, should a balancer want it to move)
crunch=$(on 2 'mosix-crunch 100000 1 >/dev/null 2>&1 & echo $!; mosctl pin $! >/dev/null 2>&1; true')
# clearly: by more than 5 columns (a full bar is 48, worth 1 to 3 loads)
busier() {
	b2=$(bar 2)
	b3=$(bar 3)
	[ "$b2" -gt $((b3 + 5)) ]
}
if expect "node 2's load bar grows longer than node 3's within 10 s" 10 busier; then
	diag "then: bars node 2 $b2, node 3 $b3 columns"
fi
# an always-runnable process on one CPU: 1.00 in the end (0.75 after ~4 s)
loaded() {
	row 2 | awk '{ exit !($3 + 0 >= 0.75) }'
}
expect "node 2 shows a load of 0.75 or more within 10 s" 10 loaded
on 2 "kill $crunch"

key m
mem_view() {
	line 1 | grep -q 'memory view' &&
		line 2 | grep -q 'USED(M) *TOTAL(M) *USE%'
}
expect "m: the memory view (title and headings)" 5 mem_view
mem_rows() {
	for i in 1 2 3; do
		row "$i" | grep -Eq '^ *[0-9]+\*? +[0-9.]+ +[0-9]+ +[0-9]+ +[0-9]+%' ||
			return 1
	done
}
expect "m: every node shows memory used, total and percent" 5 mem_rows

key s
speed_view() {
	line 1 | grep -q 'speed & CPUs view' && line 2 | grep -q 'SPEED *CPUS *CPU' &&
		row 2 | grep -Eq ' 10\.77\.0\.2 +[0-9]+ +[0-9]+ +x86-64-v[1-4] '
}
expect "s: the speed view shows speed, CPUs and CPU class" 5 speed_view

key g
guests_view() {
	line 1 | grep -q 'guests & away view' &&
		line 2 | grep -q 'GUESTS *AWAY' &&
		row 3 | grep -Eq ' 10\.77\.0\.3 +0 +0( |$)'
}
expect "g: the guests view, node 3 with no guests" 5 guests_view

# A process of node 1 migrated to node 3: a guest there, away from here.
mosix-crunch 100000 1 >/dev/null 2>&1 &
job=$!
sleep 0.5
if check "migrate a process of node 1 to node 3" mosctl migrate "$job" 3; then
	counted() {
		row 3 | grep -Eq ' 10\.77\.0\.3 +1 +0( |$)' &&
			row 1 | grep -Eq ' 10\.77\.0\.1 +0 +1( |$)'
	}
	expect "g: node 3 shows 1 guest, node 1 shows 1 away" 10 counted
fi
kill -9 "$job" 2>/dev/null
wait "$job" 2>/dev/null
not_counted() {
	row 3 | grep -Eq ' 10\.77\.0\.3 +0 +0( |$)' &&
		row 1 | grep -Eq ' 10\.77\.0\.1 +0 +0( |$)'
}
expect "g: and none once it has ended" 10 not_counted

# scrolling and resizing: 6 lines leave room for 2 node rows
echo "resize 80x6" >"$D/ctl"
two_rows() {
	[ "$(screen | wc -l)" -eq 6 ] && row 1 | grep -q . && row 2 | grep -q . &&
		! row 3 | grep -q . && line 5 | grep -q 'nodes 1-2 of 3'
}
expect "resized to 80x6: nodes 1-2 of 3 shown" 5 two_rows
key '\033OB'
scrolled() {
	! row 1 | grep -q . && row 2 | grep -q . && row 3 | grep -q . &&
		line 5 | grep -q 'nodes 2-3 of 3'
}
expect "Down scrolls to nodes 2-3" 5 scrolled
key '\033[5~'
expect "PgUp scrolls back to nodes 1-2" 5 two_rows
echo "resize 100x30" >"$D/ctl"
wide() {
	local title
	title=$(line 1)
	[ "$(screen | wc -l)" -eq 30 ] && all_rows &&
		line 30 | grep -q 'q quit' && [ "${#title}" -gt 80 ]
}
expect "resized to 100x30: every row, keys on line 30, a wider title" 5 wide

# --- node 3 powers off ----------------------------------------------------

now_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# A second view, updated every 60 s: what it shows of nodes going down
# comes from the kernel's events, not from its updates.
D2=/tmp/mosmon-slow
rm -rf "$D2"
mosix-pty -s 80x24 -e xterm -t 240 "$D2" mosmon -d 60 >/tmp/mosix-pty-slow.log 2>&1 &
slow_pty=$!
slow_row() {
	awk -v id="$1" '$1 == id || $1 == id "*"' "$D2/screen" 2>/dev/null
}
slow_up() {
	slow_row 3 | grep -q ' 10\.77\.0\.3 ' && ! slow_row 3 | grep -q DOWN
}
check "a second view, updated every 60 s, shows node 3 up" wait_until 10 slow_up

key l
t0=$(now_ms)
(ON_TIMEOUT=5 on 3 reboot -f >/dev/null 2>&1) &
reboot_pid=$!
down() {
	row 3 | grep -q ' DOWN ' && [ "$(bar 3)" -eq 0 ]
}
if wait_until 20 down && [ $(($(now_ms) - t0)) -le 10000 ]; then
	ok "node 3's row says DOWN (no bar) within 10 s"
else
	not_ok "node 3's row says DOWN (no bar) within 10 s" \
		"after $(($(now_ms) - t0)) ms, at $(date +%T):" \
		"$(mosctl nodes 2>&1)" "screen:" "$(screen | sed 's/^/|/')"
fi
diag "node 3 shown DOWN $(($(now_ms) - t0)) ms after reboot -f"
slow_down() {
	slow_row 3 | grep -q ' DOWN '
}
check "the view updated every 60 s shows it DOWN too, within 5 s more (an event)" \
	wait_until 5 slow_down
printf q >"$D2/keys"
wait "$slow_pty"
check "and quits with q" test "$(cat "$D2/status" 2>/dev/null)" = 0
wait "$reboot_pid" 2>/dev/null
check "the title counts 1 down" sh -c "sed -n 1p '$D/screen' | grep -q '2 up, 1 down'"
key m
expect "node 3 is DOWN in the memory view too" 5 \
	sh -c "sed -n 1p '$D/screen' | grep -q 'memory view' && awk '\$1 == 3' '$D/screen' | grep -q DOWN"

# --- q ---------------------------------------------------------------------

key q
exited() {	# (not `ended`: that is the library's, of a pid)
	[ -f "$D/status" ]
}
expect "q ends mosmon within 5 s" 5 exited
check "mosmon exited with status 0" test "$(cat "$D/status" 2>/dev/null)" = 0
wait "$pty_pid"
check "and the pty runner too" test $? -eq 0

# --- batch mode ---------------------------------------------------------------

out=$(mosmon -b 2>&1)
rc=$?
batch_ok() {
	[ "$rc" -eq 0 ] &&
		echo "$out" | sed -n 1p | grep -q 'load view' &&
		echo "$out" | sed -n 2p | grep -q 'ID *ADDRESS *LOAD' &&
		echo "$out" | grep -Eq '^ +1\* +10\.77\.0\.1 +[0-9]+\.[0-9][0-9]' &&
		echo "$out" | grep -Eq '^ +2 +10\.77\.0\.2 +[0-9]+\.[0-9][0-9]( |$)' &&
		echo "$out" | grep -Eq '^ +3 +10\.77\.0\.3 +DOWN' &&
		[ "$(echo "$out" | wc -l)" -eq 5 ]
}
if batch_ok; then
	ok "mosmon -b: title, headings and one row per node"
else
	not_ok "mosmon -b: title, headings and one row per node" "$out" "(exit status $rc)"
fi

check "mosmon -b -v mem: the memory view" \
	sh -c "mosmon -b -v mem | sed -n 2p | grep -q 'USED(M)'"
check "mosmon -b -v guests: the guests view" \
	sh -c "mosmon -b -v guests | sed -n 2p | grep -q 'GUESTS *AWAY'"
check "mosmon -b -v speed: the speed view" \
	sh -c "mosmon -b -v speed | sed -n 2p | grep -q 'SPEED *CPUS'"

t0=$(awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime)
n=$(mosmon -b -n 3 -d 0.5 | grep -c 'load view')
t1=$(awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime)
check "mosmon -b -n 3 -d 0.5 prints 3 times" test "$n" -eq 3
check "over about a second" test $((t1 - t0)) -ge 900

json=$(mosmon -b -j 2>&1)
rc=$?
nodes=$(echo "$json" | json_nodes id state load guests away mem_total)
json_ok() {
	[ "$rc" -eq 0 ] && [ "$(echo "$json" | wc -l)" -eq 1 ] &&
		echo "$json" | grep -q '^\[{.*}\]$' &&
		echo "$nodes" | grep -Eq '^1 self [0-9.]+ 0 0 [1-9][0-9]*$' &&
		echo "$nodes" | awk '$1 == 2 && $2 == "up" && $3 ~ /^[0-9]+\.[0-9]+$/ && $4 == 0 { f = 1 } END { exit !f }' &&
		echo "$nodes" | grep -q '^3 down ' &&
		[ "$(echo "$nodes" | wc -l)" -eq 3 ]
}
if json_ok; then
	ok "mosmon -b -j: a JSON array, one object per node, with load, guests, away"
else
	not_ok "mosmon -b -j: a JSON array, one object per node, with load, guests, away" \
		"$json" "$nodes" "(exit status $rc)"
fi
check "mosmon -j alone is batch JSON too" sh -c "mosmon -j | grep -q '^\[{'"
check "mosmon -b -j -n 2 -d 0.2: two arrays, one a line" \
	test "$(mosmon -b -j -n 2 -d 0.2 | grep -c '^\[{.*}\]$')" -eq 2
check "a user without privileges can run it" \
	su -s /bin/sh user -c 'mosmon -b >/dev/null'

# --- errors -------------------------------------------------------------------

status_of() { # status_of CMD...: print the exit status and stderr
	"$@" >/dev/null 2>/tmp/mosmon.err
	echo "$? $(cat /tmp/mosmon.err)"
}
r=$(status_of mosmon -b -v cpu)
check "an unknown view: status 2, in plain words" test "$r" = \
	"2 mosmon: unknown view 'cpu': load, speed, mem or guests; try 'mosmon --help'"
r=$(status_of mosmon -x)
check "an unknown option: status 2" test "${r%% *}" = 2
r=$(status_of mosmon -b -d 0)
check "a delay out of range: status 2" test "${r%% *}" = 2
r=$(status_of mosmon -n 2)
check "-n without -b: status 2" test "${r%% *}" = 2
r=$(status_of mosmon)
no_terminal() {
	[ "${r%% *}" = 1 ] && echo "$r" | grep -q 'needs a terminal'
}
check "the live view without a terminal: status 1, in plain words" no_terminal
check "--help shows the usage" sh -c "mosmon --help | grep -q '^Usage: mosmon'"
check "--version" sh -c "mosmon --version | grep -q '^mosmon [0-9]'"
mosix-pty -e no-such-terminal -t 20 /tmp/mosmon-badterm mosmon >/dev/null 2>&1
r=$?
check "an unknown TERM: status 1 and a message" \
	sh -c "[ $r = 1 ] && grep -q 'no terminfo entry' /tmp/mosmon-badterm/screen"

exit 0
