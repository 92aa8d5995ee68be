# Link baseline between node 1 and node 2: ICMP ping RTT (busybox ping),
# TCP one-byte round trip and TCP bandwidth from node 1 to node 2, timed at
# the receiver (mosix-bench-net).
# Settings: BENCH_PINGS (round trips), BENCH_BW_MIB (MiB per transfer),
# BENCH_BW_REPS (transfers).
# shellcheck shell=sh

: "${BENCH_PINGS:=20}" "${BENCH_BW_MIB:=64}" "${BENCH_BW_REPS:=5}"

if ! net_server; then
	fail "link: the server on node 2 does not answer"
else
	ping -c "$BENCH_PINGS" -i 0.2 "$(node_addr 2)" 2>&1 |
		sed -n 's/.*time=\([0-9.]*\) ms.*/R link.ping_ms \1/p'
	mosix-bench-net rtt "$(node_addr 2)" "$BENCH_PORT" "$BENCH_PINGS" |
		awk '$1 == "rtt_us" { print "R link.tcprtt_us", $2 }'
	i=0
	while [ $i -lt "$BENCH_BW_REPS" ]; do
		v=$(bw_now "$BENCH_BW_MIB")
		if [ -n "$v" ]; then
			sample link.bw_mibps "$v"
		else
			fail "link: a transfer to node 2 failed"
		fi
		i=$((i + 1))
	done
fi
