# Forwarded system calls: mosix-bench-sys times getppid, 4 KiB
# pwrite/pread and 1 MiB pwrite/pread on a file at home (tmpfs), by itself,
# once unmigrated (sys.local.*) and once migrated to node 2 before its
# measurement starts (sys.away.*), alternately.  Just before each
# migrated run, 5 pings and one transfer of BENCH_PROBE_MIB MiB node
# 1 -> 2 measure the link (sys.ping_ms; sys.bw_mibps, the way a read's
# data goes): sys.away.getppid_rtt = getppid time / ping RTT.
# The 1 MiB writes are compared with the link the way their data goes,
# node 2 -> 1, measured right before and right after them while the
# process waits at its gate (a FIFO read, which sends nothing): one
# transfer of as many MiB as the writes each time (sys.bw_back_mibps),
# then BENCH_BIG requests of 1 MiB from a program on node 2 to a program
# on node 1 that writes each to a file and answers it (mosix-bench-net
# writes: a deputy's work done by a program, sys.prog_write1m_mibps).
# sys.away.write1m_bw = the writes' throughput / the mean of the two
# transfers around them (the link's speed drifts within seconds on a
# shared host); sys.away.write1m_prog = the same / the program's.
# Settings: BENCH_CALLS, BENCH_SMALL, BENCH_BIG (counts), BENCH_REPS,
# BENCH_PROBE_MIB.
# shellcheck shell=sh

: "${BENCH_CALLS:=2000}" "${BENCH_SMALL:=500}" "${BENCH_BIG:=16}" "${BENCH_PROBE_MIB:=16}"

rep=0
while [ $rep -lt "$BENCH_REPS" ]; do
	for mode in local away; do
		d=$(mktemp -d /tmp/sys.XXXXXX)
		mkfifo "$d/gate"
		# Open both ways: writing to it never blocks, even if the
		# process has died.
		exec 3<>"$d/gate"
		mosix-bench-sys "$d" "$BENCH_CALLS" "$BENCH_SMALL" "$BENCH_BIG" >"$d/out" 2>&1 &
		pid=$!
		if ! wait_until 30 test -e "$d/ready"; then
			fail "syscall: mosix-bench-sys did not get ready"
			kill -9 $pid
		elif [ $mode = away ]; then
			rtt=$(ping_now 5)
			[ -z "$rtt" ] || sample sys.ping_ms "$rtt"
			bw=$(bw_now "$BENCH_PROBE_MIB")
			[ -z "$bw" ] || sample sys.bw_mibps "$bw"
			out=$(mosix-bench-migrate $pid 2 2>&1)
			w=$(where_is $pid)
			if [ "$w" != away/2 ]; then
				fail "syscall: migration failed (where: $w): $out"
				kill -9 $pid
			fi
		fi
		touch "$d/go"
		back='' after='' prog=''
		if [ $mode = away ] && at_gate "$d/out" read4k_us read4k $pid; then
			back=$(bw_back "$BENCH_BIG")
			printf x >&3
			if at_gate "$d/out" write1m_calls write1m $pid; then
				after=$(bw_back "$BENCH_BIG")
				prog=$(prog_writes "$BENCH_BIG")
			fi
		else
			printf x >&3
		fi
		printf x >&3
		wait $pid 2>/dev/null
		rc=$?
		# What was measured counts even if a later part failed.
		awk -v m=$mode '
			NF == 2 && $2 ~ /^[0-9.]+$/ { print "R sys." m "." $1, $2 }
			$1 == "failed" { sub(/^failed /, ""); print "E syscall (" m "): " $0 }
		' "$d/out"
		exec 3>&-
		if [ $mode = away ]; then
			[ -z "$back" ] || sample sys.bw_back_mibps "$back"
			[ -z "$after" ] || sample sys.bw_back_mibps "$after"
			[ -z "$prog" ] || sample sys.prog_write1m_mibps "$prog"
			v=$(calc 'g / (r * 1000)' g="$(field getppid_us "$(cat "$d/out")")" r="$rtt")
			[ -z "$v" ] || sample sys.away.getppid_rtt "$v"
			w1=$(field write1m_mibps "$(cat "$d/out")")
			v=$(calc '2 * w / (b + c)' w="$w1" b="$back" c="$after")
			[ -z "$v" ] || sample sys.away.write1m_bw "$v"
			v=$(calc 'w / p' w="$w1" p="$prog")
			[ -z "$v" ] || sample sys.away.write1m_prog "$v"
		fi
		case $rc in
		0 | 1) ;;
		*) fail "syscall: mosix-bench-sys ($mode) ended with status $rc after: $(awk '{ printf "%s%s", s, $1; s = ", " }' "$d/out")" ;;
		esac
		rm -rf "$d"
	done
	rep=$((rep + 1))
done
gone_on 2 mosix-bench-sys || fail "syscall: a guest stays on node 2"
