# Makespan with the automatic load balancer: K = $NODES CPU-bound jobs
# started together on node 1 of K nodes (one vCPU each), with the
# balancer on against off, beside the run time of one job alone measured
# in the same cluster just before.  Also K jobs placed one per node by
# hand at their start (`mosctl run -n N`, with the same forwarded output
# as a migrated job): what the machine allows at that moment, with no
# waiting for the balancer and no migration of a grown process.
#
# The job is mosix-crunch ROUNDS MIB quiet: a checksum over MIB MiB,
# ROUNDS times, then one line with the checksum and the FPU accumulator;
# every job's output must be identical to the first single run's, or the
# run's figures are dropped ("E" line).  It prints only at its end: with
# a line per round (a forwarded write away from home, every 25 ms), two
# jobs placed by hand on two nodes took 1.6 times as long as one alone,
# because each write waits for the deputy to get node 1's CPU from the
# job running there.  That is a cost of chatty jobs, not of balancing.
#
# Samples, per repetition (K = $NODES):
#   mk.K.single_s   one job alone on node 1, balancer off (wall time)
#   mk.K.on_s       K jobs on node 1, balancer on: the makespan
#   mk.K.off_s      K jobs on node 1, balancer off
#   mk.K.placed_s   K jobs, one placed on each node at its start
#   mk.K.on_ratio, mk.K.off_ratio, mk.K.placed_ratio: each over the
#                   single-job time of the same repetition
#   mk.K.on_placed  on over placed: the balancer's own cost
#   mk.K.moves      balancer moves (all nodes) during the "on" run
#   mk.K.spread_s   from the start until the jobs ran one per node
# Before the "on" run every node's load has decayed to near 0, so that
# the balancer starts from nothing, as for jobs started on a quiet
# cluster.  Settings: BENCH_MK_ROUNDS, BENCH_MK_MIB, BENCH_MK_REPS.
# shellcheck shell=sh disable=SC3043

: "${BENCH_MK_ROUNDS:=400}" "${BENCH_MK_MIB:=8}" "${BENCH_MK_REPS:=2}"

mk_k=${NODES:-1}
mk_dir=/tmp/makespan
mk_ref=

mk_now() {
	awk '{ print $1 }' /proc/uptime
}

mk_balancer() { # on | off: on every node
	local n=1
	while [ "$n" -le "$mk_k" ]; do
		if [ "$n" = 1 ]; then
			mosctl balancer "$1" >/dev/null 2>&1
		else
			on "$n" "mosctl balancer $1" >/dev/null 2>&1
		fi
		n=$((n + 1))
	done
}

mk_moves() { # the balancer moves of every node: "SUM N1 N2 ..."
	local n=1 sum=0 v each=""
	while [ "$n" -le "$mk_k" ]; do
		if [ "$n" = 1 ]; then
			v=$(mosctl -j status 2>/dev/null)
		else
			v=$(on "$n" "mosctl -j status" 2>/dev/null)
		fi
		v=$(printf '%s\n' "$v" | sed -n 's/.*"balancer_moves":\([0-9]*\).*/\1/p')
		sum=$((sum + ${v:-0}))
		each="$each ${v:-0}"
		n=$((n + 1))
	done
	echo "$sum$each"
}

mk_quiet() { # every node's load (as node 1 knows it, its own included) below 0.1
	# (polling mosctl, 0.1-0.3 s a start under TCG, would keep it up)
	sleep 3
	{
		mosctl -j nodes 2>/dev/null | json_nodes load
		mosctl -j status 2>/dev/null | tr ',' '\n' | sed -n 's/^ *"load": *//p'
	} | awk '$1 + 0 >= 0.1 { busy = 1 } END { exit busy }'
}

# mk_where PIDS: mk_w = the node of each job, in order, in one word
# ("x" for a job that ended), and whether they are one per node (0), a
# job ended (2), or neither (1).  Shell builtins only: a few processes
# started every half second under TCG took a third of node 1's CPU from
# the jobs there, which the other runs do not pay.
mk_where() {
	local p k v n st seen="" rc=0
	mk_w=
	for p in "$@"; do
		n=x
		st=
		if [ -r "/proc/$p/status" ]; then
			while read -r k v _; do
				[ "$k" = State: ] && { st=$v; break; }
			done <"/proc/$p/status"
		fi
		if [ -n "$st" ] && [ "$st" != Z ] && [ -r "/proc/$p/mosix" ]; then
			while read -r k v; do
				[ "$k" = node: ] && { n=$v; break; }
			done <"/proc/$p/mosix"
		fi
		mk_w="$mk_w$n"
		case $n in
		x) rc=2 ;;
		*)
			case " $seen " in
			*" $n "*) [ "$rc" = 2 ] || rc=1 ;;
			*) seen="$seen $n" ;;
			esac
			;;
		esac
	done
	return "$rc"
}

mk_check() { # WHAT FILE: the job's output is the reference's; 1 if not
	if [ -z "$mk_ref" ]; then
		if grep -q '^result ' "$2"; then
			mk_ref=$mk_dir/ref.txt
			cp "$2" "$mk_ref"
			return 0
		fi
		fail "makespan: the $1 run printed no result: $(cat "$2")"
		return 1
	fi
	cmp -s "$2" "$mk_ref" && return 0
	fail "makespan: the $1 run's output differs from the first run's: $(tail -n 1 "$2")"
	return 1
}

# mk_run MODE COUNT: start COUNT jobs, wait for all, check every output;
# sets mk_t (seconds, empty if a job failed) and mk_sp (seconds until
# spread, for "on").
mk_run() {
	local mode="$1" count="$2" i pids="" p t0 bad=0 rc v
	rm -rf "${mk_dir:?}/$mode"
	mkdir -p "$mk_dir/$mode"
	mk_sp=
	read -r t0 _ </proc/uptime
	i=1
	while [ "$i" -le "$count" ]; do
		if [ "$mode" = placed ] && [ "$i" -gt 1 ]; then
			mosctl run -n "$i" -- mosix-crunch "$BENCH_MK_ROUNDS" "$BENCH_MK_MIB" quiet \
				>"$mk_dir/$mode/$i.txt" 2>"$mk_dir/$mode/$i.err" &
		else
			mosix-crunch "$BENCH_MK_ROUNDS" "$BENCH_MK_MIB" quiet \
				>"$mk_dir/$mode/$i.txt" 2>"$mk_dir/$mode/$i.err" &
		fi
		pids="$pids $!"
		i=$((i + 1))
	done
	if [ "$mode" = on ]; then
		mk_trace=
		# shellcheck disable=SC2086 # one pid a word
		while :; do
			read -r v _ </proc/uptime
			mk_where $pids
			rc=$?
			mk_trace="$mk_trace $v:$mk_w"
			if [ "$rc" = 0 ]; then
				mk_sp=$(calc 'b - a' a="$t0" b="$v")
				break
			fi
			[ "$rc" = 1 ] || break
			sleep 0.5
		done
		# the trace's times, from the start
		mk_trace=$(echo "$mk_trace" | awk -v t0="$t0" '{
			for (i = 1; i <= NF; i++) {
				split($i, f, ":")
				printf " %.1f:%s", f[1] - t0, f[2]
			}
		}')
		# how many times each job had moved when they were spread: no
		# polling after that, which would take node 1's CPU from the
		# job there (the other runs have no such load); later moves
		# show in the balancer counters (mk_moves)
		mk_migr=
		for p in $pids; do
			v=$(awk '$1 == "migrations:" { print $2 }' "/proc/$p/mosix" 2>/dev/null)
			mk_migr="$mk_migr ${v:-?}"
		done
	fi
	i=1
	for p in $pids; do
		wait "$p"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			fail "makespan: a $mode job ended with status $rc: $(cat "$mk_dir/$mode/$i.err")"
			bad=1
		elif ! mk_check "$mode" "$mk_dir/$mode/$i.txt"; then
			bad=1
		fi
		i=$((i + 1))
	done
	mk_t=
	[ "$bad" = 1 ] || mk_t=$(calc 'b - a' a="$t0" b="$(mk_now)")
}

mk_sample() { # NAME VALUE
	[ -z "$2" ] || sample "mk.$mk_k.$1" "$2"
}

note "makespan: $mk_k jobs of mosix-crunch $BENCH_MK_ROUNDS $BENCH_MK_MIB on node 1 of $mk_k nodes"
mkdir -p "$mk_dir"
rep=0
while [ "$rep" -lt "$BENCH_MK_REPS" ]; do
	mk_balancer off
	mk_run single 1
	single=$mk_t
	mk_sample single_s "$single"

	mk_balancer on
	sleep 10
	wait_until 30 mk_quiet || note "makespan: the loads did not fall below 0.1 within 40 s before the balanced run"
	m0=$(mk_moves)
	mk_run on "$mk_k"
	m1=$(mk_moves)
	mk_balancer off
	mk_sample on_s "$mk_t"
	mk_sample on_ratio "$(calc 'a / s' a="$mk_t" s="$single")"
	mk_sample moves "$((${m1%% *} - ${m0%% *}))"
	note "makespan $mk_k: automatic moves made by each node, before and after: ${m0#* } / ${m1#* }; migrations of each job when spread:$mk_migr; seconds:nodes of the jobs until spread:$mk_trace"
	if [ -n "$mk_sp" ]; then
		mk_sample spread_s "$mk_sp"
	else
		fail "makespan: the jobs never ran one per node"
	fi
	on_t=$mk_t

	mk_run placed "$mk_k"
	mk_sample placed_s "$mk_t"
	mk_sample placed_ratio "$(calc 'a / s' a="$mk_t" s="$single")"
	mk_sample on_placed "$(calc 'a / p' a="$on_t" p="$mk_t")"

	mk_run off "$mk_k"
	mk_sample off_s "$mk_t"
	mk_sample off_ratio "$(calc 'a / s' a="$mk_t" s="$single")"
	rep=$((rep + 1))
done
rm -rf "$mk_dir"
