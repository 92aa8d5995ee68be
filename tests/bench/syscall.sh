# Forwarded system calls: mosix-bench-sys times getppid, 4 KiB
# pwrite/pread and 1 MiB pwrite/pread on a file at home (tmpfs), by itself,
# once unmigrated (sys.local.*) and once migrated to node 2 before its
# measurement starts (sys.away.*), alternately.  Just before each
# migrated run, 5 pings and one transfer of BENCH_PROBE_MIB MiB each way
# measure the link (sys.ping_ms; sys.bw_mibps node 1 -> 2, the way a
# read's data goes; sys.bw_back_mibps node 2 -> 1, the way a write's
# goes), and one more transfer node 2 -> 1 just after it; the run is
# compared with them: sys.away.getppid_rtt = getppid time / ping RTT,
# sys.away.write1m_bw = 1 MiB write throughput / the mean of the two
# node 2 -> 1 transfers around it (the link's speed drifts within
# seconds on a shared host).
# Settings: BENCH_CALLS, BENCH_SMALL, BENCH_BIG (counts), BENCH_REPS,
# BENCH_PROBE_MIB.
# shellcheck shell=sh

: "${BENCH_CALLS:=2000}" "${BENCH_SMALL:=500}" "${BENCH_BIG:=16}" "${BENCH_PROBE_MIB:=16}"

rep=0
while [ $rep -lt "$BENCH_REPS" ]; do
	for mode in local away; do
		d=$(mktemp -d /tmp/sys.XXXXXX)
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
			back=$(bw_back "$BENCH_PROBE_MIB")
			[ -z "$back" ] || sample sys.bw_back_mibps "$back"
			out=$(mosix-bench-migrate $pid 2 2>&1)
			w=$(where_is $pid)
			if [ "$w" != away/2 ]; then
				fail "syscall: migration failed (where: $w): $out"
				kill -9 $pid
			fi
		fi
		touch "$d/go"
		wait $pid 2>/dev/null
		rc=$?
		# What was measured counts even if a later part failed.
		awk -v m=$mode '
			NF == 2 && $2 ~ /^[0-9.]+$/ { print "R sys." m "." $1, $2 }
			$1 == "failed" { sub(/^failed /, ""); print "E syscall (" m "): " $0 }
		' "$d/out"
		if [ $mode = away ]; then
			after=$(bw_back "$BENCH_PROBE_MIB")
			[ -z "$after" ] || sample sys.bw_back_mibps "$after"
			v=$(calc 'g / (r * 1000)' g="$(field getppid_us "$(cat "$d/out")")" r="$rtt")
			[ -z "$v" ] || sample sys.away.getppid_rtt "$v"
			v=$(calc '2 * w / (b + c)' w="$(field write1m_mibps "$(cat "$d/out")")" b="$back" c="$after")
			[ -z "$v" ] || sample sys.away.write1m_bw "$v"
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
