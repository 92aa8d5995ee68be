# Shared part of the in-VM benchmark scripts (busybox sh on node 1).
#
# scripts/bench writes each cluster's script as: the settings (BENCH_*
# variables), this file, then the parts (link.sh, freeze.sh, ...), and
# runs it with `scripts/cluster -r`; /lib/mosix/test.sh is already sourced.
#
# What the parts print, one item a line, parsed by scripts/bench:
#   R KEY VALUE     one sample (KEY has no spaces); scripts/bench takes
#                   the median of the samples of each KEY
#   E TEXT          something failed: the figures it would give are missing
#   # TEXT          a note, copied into the results
# Parts never judge timings: they only measure.
# shellcheck shell=sh disable=SC3043

: "${BENCH_REPS:=3}" "${BENCH_QUICK:=0}"

sample() { # KEY VALUE
	echo "R $1 $2"
}

fail() {
	echo "E $*"
}

note() {
	echo "# $*"
}

# The value of "NAME VALUE" in text $2 (first match), or nothing.
field() {
	printf '%s\n' "$2" | awk -v k="$1" '$1 == k { print $2; exit }'
}

where_is() { # PID -> home | away/N | guest/N
	mosctl where "$1" 2>/dev/null | awk '
		$1 == "state:" { s = $2 }
		$1 == "runs" { n = $3 }
		END { if (s == "away") print s "/" n; else print s }'
}

# The bandwidth and RTT probes of node 1 -> node 2, for the parts that
# compare a figure with the link measured at about the same time (the
# machine is shared: the link's speed drifts during a run).
BENCH_PORT=5001
bench_net_up=
net_server() { # start mosix-bench-net's server on node 2 once; 1 if it does not answer
	[ -z "$bench_net_up" ] || return 0
	on 2 "mosix-bench-net serve $BENCH_PORT </dev/null >/dev/null 2>&1 &" >/dev/null
	wait_until 10 mosix-bench-net rtt "$(node_addr 2)" $BENCH_PORT 1 >/dev/null 2>&1 || return 1
	bench_net_up=1
}

mibps() { # the value after "mibps" in mosix-bench-net's answer on stdin
	awk '{ for (i = 1; i < NF; i++) if ($i == "mibps") print $(i + 1) }'
}

bw_now() { # MIB: MiB/s of one transfer of MIB MiB to node 2 (nothing if it failed)
	net_server || return 0
	mosix-bench-net send "$(node_addr 2)" $BENCH_PORT "$1" 2>/dev/null |
		mibps
}

# The other way, node 2 -> node 1: the way a migrated process's writes
# to its home node's files go (a server on node 1 too, started once).
bench_back_up=
back_server() { # start mosix-bench-net's server on node 1 once; 1 if it does not answer
	[ -z "$bench_back_up" ] || return 0
	mosix-bench-net serve $BENCH_PORT </dev/null >/dev/null 2>&1 &
	wait_until 10 on 2 "mosix-bench-net rtt $(node_addr 1) $BENCH_PORT 1 >/dev/null 2>&1" || return 1
	bench_back_up=1
}

bw_back() { # MIB: MiB/s of one transfer of MIB MiB from node 2 to node 1
	back_server || return 0
	on 2 "mosix-bench-net send $(node_addr 1) $BENCH_PORT $1 2>/dev/null" |
		mibps
}

# COUNT: MiB/s of COUNT requests of 1 MiB from a program on node 2 to one
# on node 1 that writes each to a file in /tmp and answers it.
prog_writes() {
	back_server || return 0
	on 2 "mosix-bench-net writes $(node_addr 1) $BENCH_PORT $1 2>/dev/null" |
		mibps
}

# FILE LAST PART PID: wait (60 s at most, polling every 0.1 s) until
# mosix-bench-sys PID has printed the line LAST, or that PART failed, to
# FILE: then it is at its gate.  1 if that did not come, or PID is gone.
at_gate() {
	local i=0
	while [ $i -lt 600 ]; do
		grep -q -e "^$2 " -e "^failed $3" "$1" && return 0
		kill -0 "$4" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

ping_now() { # COUNT: the median ICMP RTT to node 2 in ms, of COUNT pings
	ping -c "$1" -i 0.2 "$(node_addr 2)" 2>/dev/null |
		sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# calc EXPR VAR=VALUE...: awk arithmetic, nothing if a value is empty
calc() {
	local _c_expr="$1" _c_a _c_args=""
	shift
	for _c_a in "$@"; do
		[ -n "${_c_a#*=}" ] || return 0
		_c_args="$_c_args -v $_c_a"
	done
	# shellcheck disable=SC2086 # one word per -v and VAR=VALUE (no spaces)
	awk $_c_args "BEGIN { print ($_c_expr) }" </dev/null
}

# Wait until no process named $2 runs on node $1 (a killed guest goes away
# asynchronously and its memory with it).
# mem_start MIB WHO: mosix-bench-mem MIB in the background (its pid in
# mem_pid) once it has touched its memory, and its VmRSS in MiB in
# mem_rss; 1, and the failure reported for WHO, if it did not get ready
mem_start() {
	rm -f /tmp/mem.ready
	mosix-bench-mem "$1" /tmp/mem.ready &
	mem_pid=$!
	if ! wait_until 120 test -e /tmp/mem.ready; then
		fail "$2: mosix-bench-mem $1 did not get ready"
		kill -9 $mem_pid
		wait $mem_pid 2>/dev/null
		return 1
	fi
	mem_rss=$(awk '$1 == "VmRSS:" { print $2 / 1024 }' "/proc/$mem_pid/status")
}

gone_on() { # NODE COMM
	wait_until 30 on "$1" "! ps -o comm | grep -qx '$2'"
}

# The automatic load balancer would move the benchmark's processes by
# itself: off on every node (scripts/bench also boots with
# mosix.balancer=0).  Kernels without a balancer refuse: nothing to do.
bench_node=1
while [ "$bench_node" -le "${NODES:-1}" ]; do
	if [ "$bench_node" = 1 ]; then
		mosctl balancer off >/dev/null 2>&1
	else
		on "$bench_node" "mosctl balancer off" >/dev/null 2>&1
	fi
	bench_node=$((bench_node + 1))
done

# The balancer lines of node N's mosctl status, as notes.
balancer_notes() {
	local _bn_n=1
	while [ "$_bn_n" -le "${NODES:-1}" ]; do
		on "$_bn_n" "mosctl status 2>/dev/null" | grep -i balancer |
			sed "s/^ */node $_bn_n $1: /; s/^/# /"
		_bn_n=$((_bn_n + 1))
	done
}
balancer_notes "at the start"

note "node 1: $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU, $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB, NIC $(basename "$(readlink /sys/class/net/eth0/device/driver 2>/dev/null)" 2>/dev/null)"
