# CPU-bound run time at home and on a guest.  mosix-bench-cpu times its
# own compute loop (no system calls inside; wall time and the CPU time
# the loop got); it starts when its DIR/go appears.  The machine is shared
# and its speed drifts by tens of percent within seconds, so each
# repetition runs two copies at the same time and compares them:
#
#   pair "cross": one started on node 1 and left there, one started on
#       node 1 and migrated to node 2 before its loop: cpu.home_s,
#       cpu.guest_s (wall) and their ratio cpu.guest_home.  Each VM is
#       its own QEMU process: this mixes in the difference between them.
#   pair "same": one started on node 2 itself, one started on node 1 and
#       migrated to node 2: both share node 2's CPU, so their CPU times
#       compare the same work as a normal process and as a guest on the
#       same (virtual) CPU at the same moment: cpu.local2_cpu,
#       cpu.guest2_cpu and their ratio cpu.guest_local.
#
# Every run must compute the same result.
# Settings: BENCH_ROUNDS, BENCH_REPS.
# shellcheck shell=sh disable=SC3043

: "${BENCH_ROUNDS:=4000}"

cpu_ref=
cpu_time() { # WHO OUTPUT: cpu_t, cpu_c = the run's wall and CPU time, if right
	local res
	cpu_t=
	cpu_c=
	res=$(printf '%s\n' "$2" | awk '$1 == "result" { print $2, $3 }')
	if [ -z "$res" ]; then
		fail "cpu: the $1 run printed no result: $2"
	elif [ -n "$cpu_ref" ] && [ "$res" != "$cpu_ref" ]; then
		fail "cpu: the $1 run computed $res instead of $cpu_ref"
	else
		cpu_ref=$res
		cpu_t=$(field cpu_s "$2")
		cpu_c=$(field cputime_s "$2")
	fi
}

cpu_pair() { # cross | same
	local da db pa pb w out outa outb rca rcb ta ca tb cb
	# b: the guest, started on node 1
	db=$(mktemp -d /tmp/cpu.XXXXXX)
	mosix-bench-cpu "$db" "$BENCH_ROUNDS" >"$db/out" 2>&1 &
	pb=$!
	# a: the normal process, on node 1 (cross) or node 2 (same)
	if [ "$1" = cross ]; then
		da=$(mktemp -d /tmp/cpu.XXXXXX)
		mosix-bench-cpu "$da" "$BENCH_ROUNDS" >"$da/out" 2>&1 &
		pa=$!
	else
		da=/tmp/cpu.node2
		on 2 "rm -rf $da; mkdir $da && mosix-bench-cpu $da $BENCH_ROUNDS >$da/out 2>&1 </dev/null &" >/dev/null
		pa=
	fi
	if ! wait_until 30 test -e "$db/ready" ||
		{ [ -n "$pa" ] && ! wait_until 30 test -e "$da/ready"; } ||
		{ [ -z "$pa" ] && ! wait_until 30 on 2 "test -e $da/ready"; }; then
		fail "cpu: mosix-bench-cpu did not get ready ($1)"
	fi
	out=$(mosix-bench-migrate "$pb" 2 2>&1)
	w=$(where_is "$pb")
	[ "$w" = away/2 ] || fail "cpu: migration failed (where: $w): $out"
	# both at once (give or take the agent's round trip)
	if [ -n "$pa" ]; then
		touch "$da/go" "$db/go"
	else
		on 2 "touch $da/go" >/dev/null
		touch "$db/go"
	fi
	wait "$pb" 2>/dev/null
	rcb=$?
	outb=$(cat "$db/out")
	rm -rf "$db"
	if [ -n "$pa" ]; then
		wait "$pa" 2>/dev/null
		rca=$?
		outa=$(cat "$da/out")
		rm -rf "$da"
	else
		ON_TIMEOUT=10 wait_until 600 on 2 "grep -q '^result' $da/out"
		outa=$(on 2 "cat $da/out; rm -rf $da")
		rca=0
	fi
	ta=
	ca=
	tb=
	cb=
	if [ $rca -eq 0 ]; then
		cpu_time "normal ($1)" "$outa"
		ta=$cpu_t
		ca=$cpu_c
	else
		fail "cpu: the normal run ($1) ended with status $rca: $outa"
	fi
	if [ $rcb -eq 0 ]; then
		cpu_time "guest ($1)" "$outb"
		tb=$cpu_t
		cb=$cpu_c
	else
		fail "cpu: the guest run ($1) ended with status $rcb: $outb"
	fi
	if [ "$1" = cross ]; then
		[ -z "$ta" ] || sample cpu.home_s "$ta"
		[ -z "$tb" ] || sample cpu.guest_s "$tb"
		v=$(calc 'g / h' g="$tb" h="$ta")
		[ -z "$v" ] || sample cpu.guest_home "$v"
	else
		[ -z "$ca" ] || sample cpu.local2_cpu "$ca"
		[ -z "$cb" ] || sample cpu.guest2_cpu "$cb"
		v=$(calc 'g / l' g="$cb" l="$ca")
		[ -z "$v" ] || sample cpu.guest_local "$v"
	fi
}

rep=0
while [ $rep -lt "$BENCH_REPS" ]; do
	cpu_pair cross
	cpu_pair same
	rep=$((rep + 1))
done
