# Migration freeze time against resident size: mosix-bench-mem touches
# SIZE MiB and spins; mosix-bench-migrate sends MOSIX_CMD_MIGRATE (what
# `mosctl migrate PID 2` sends) and times it until the answer, which comes
# once node 2 has accepted the process: the process is frozen from the
# moment its state starts to leave until then.
# Before each migration, one transfer of BENCH_PROBE_MIB MiB measures
# the link (freeze.bw_mibps); each migration is compared with it, for the
# process's resident size RSS (VmRSS just before it moves: the SIZE MiB
# and the program's own pages, about half a MiB more, which move too):
# freeze.ratio.SIZE = time / (RSS / bandwidth), freeze.margin.SIZE =
# time / (1.25 * RSS / bandwidth + 50 ms), the target being margin <= 1.
# A 1 MiB migration takes about as long as the link's speed wanders
# from one moment to the next, so sizes up to 1 MiB are migrated
# BENCH_SMALL_TIMES times a repetition (each after its own probe): their
# median needs more samples, and they cost little.
# Settings: BENCH_SIZES (MiB), BENCH_REPS, BENCH_PROBE_MIB, BENCH_SMALL_TIMES.
# shellcheck shell=sh

: "${BENCH_SIZES:=1 16 64 256}" "${BENCH_PROBE_MIB:=16}" "${BENCH_SMALL_TIMES:=3}"

rep=0
while [ $rep -lt "$BENCH_REPS" ]; do
	for size in $BENCH_SIZES; do
		times=1
		[ "$size" -gt 1 ] || times=$BENCH_SMALL_TIMES
		while [ "$times" -gt 0 ]; do
			times=$((times - 1))
			# (before the spinning process exists: it would slow the sender)
			bw=$(bw_now "$BENCH_PROBE_MIB")
			[ -z "$bw" ] || sample freeze.bw_mibps "$bw"
			mem_start "$size" freeze || continue
			pid=$mem_pid
			rss=$mem_rss
			out=$(mosix-bench-migrate $pid 2 2>&1)
			rc=$?
			w=$(where_is $pid)
			if [ $rc -eq 0 ] && [ "$w" = away/2 ] && [ -n "$rss" ]; then
				us=$(field migrate_us "$out")
				sample "freeze.us.$size" "$us"
				sample "freeze.rss_mib.$size" "$rss"
				v=$(calc 'u / 1e6 / (s / b)' u="$us" s="$rss" b="$bw")
				[ -z "$v" ] || sample "freeze.ratio.$size" "$v"
				v=$(calc 'u / 1e6 / (1.25 * s / b + 0.05)' u="$us" s="$rss" b="$bw")
				[ -z "$v" ] || sample "freeze.margin.$size" "$v"
			else
				fail "freeze: migrating $size MiB failed (status $rc, where: $w, VmRSS: ${rss:-unknown} MiB): $out"
			fi
			kill -9 $pid
			wait $pid 2>/dev/null
			gone_on 2 mosix-bench-mem || fail "freeze: the guest of $size MiB stays on node 2"
		done
	done
	rep=$((rep + 1))
done
