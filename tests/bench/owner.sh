# The owner of a node comes first.  Node 2's own CPU-bound job
# (mosix-bench-cpu, started on node 2) runs alone, then again while node
# 2 hosts two CPU-bound guests of node 1; each repetition compares the
# two runs made one after the other (owner.slowdown: with / alone):
#
#   phase "free": the guests in no cgroup, as before mosix.slice: they
#       compete with the owner's job as equals (the baseline).
#   phase "slice": node 2 confines them (mosctl apply of a cluster file:
#       cgroup v2, mosix.slice with CPU when idle).
#
# And the reverse: with its owner idle, a guest on node 2 still gets the
# CPU: a job's run on node 2 as a guest against the same run at home
# just before (owner.idle_guest_home; this mixes in the difference
# between the two VMs, as cpu.guest_home does).
# Needs a kernel with cgroup v2 (Debian's configuration).
# Settings: BENCH_ROUNDS, BENCH_REPS.
# shellcheck shell=sh disable=SC3043

: "${BENCH_ROUNDS:=4000}"

owner_t=
owner_run() { # -> owner_t: the wall time of node 2's own job
	local d=/tmp/owner out
	owner_t=
	on 2 "rm -rf $d; mkdir $d && mosix-bench-cpu $d $BENCH_ROUNDS >$d/out 2>&1 </dev/null &" >/dev/null
	if ! wait_until 30 on 2 "test -e $d/ready"; then
		fail "owner: node 2's job did not get ready"
		return
	fi
	on 2 "touch $d/go" >/dev/null
	if ! ON_TIMEOUT=10 wait_until 900 on 2 "grep -q '^result' $d/out"; then
		fail "owner: node 2's job did not finish"
		return
	fi
	out=$(on 2 "cat $d/out")
	owner_t=$(field cpu_s "$out")
}

guests=
guests_start() { # two endless CPU-bound jobs of node 1, moved to node 2
	local i d p
	guests=
	for i in 1 2; do
		d=/tmp/guest$i
		rm -rf $d
		mkdir $d
		touch $d/go
		mosix-bench-cpu $d 1000000000 >/dev/null 2>&1 &
		p=$!
		guests="$guests $p"
		wait_until 30 test -e $d/ready &&
			mosix-bench-migrate "$p" 2 >/dev/null 2>&1
		[ "$(where_is "$p")" = away/2 ] || fail "owner: guest $i did not move to node 2"
	done
}

guests_stop() {
	local p
	for p in $guests; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	guests=
}

owner_phase() { # free | slice
	local rep=0 alone with v
	while [ $rep -lt "$BENCH_REPS" ]; do
		owner_run
		alone=$owner_t
		guests_start
		owner_run
		with=$owner_t
		guests_stop
		[ -z "$alone" ] || sample "owner.$1.alone_s" "$alone"
		[ -z "$with" ] || sample "owner.$1.with_s" "$with"
		v=$(calc 'w / a' w="$with" a="$alone")
		[ -z "$v" ] || sample "owner.$1.slowdown" "$v"
		rep=$((rep + 1))
	done
}

idle_owner() { # a guest's run on node 2 with its owner idle, against home
	local rep=0 d=/tmp/idle p out th tg v
	while [ $rep -lt "$BENCH_REPS" ]; do
		rm -rf $d
		mkdir $d
		touch $d/go
		out=$(mosix-bench-cpu $d "$BENCH_ROUNDS" 2>&1)
		th=$(field cpu_s "$out")
		rm -rf $d
		mkdir $d
		mosix-bench-cpu $d "$BENCH_ROUNDS" >$d/out 2>&1 &
		p=$!
		wait_until 30 test -e $d/ready &&
			mosix-bench-migrate "$p" 2 >/dev/null 2>&1
		[ "$(where_is "$p")" = away/2 ] || fail "owner: the idle-owner guest did not move"
		touch $d/go
		wait "$p"
		tg=$(field cpu_s "$(cat $d/out)")
		v=$(calc 'g / h' g="$tg" h="$th")
		[ -z "$v" ] || sample owner.idle_guest_home "$v"
		rep=$((rep + 1))
	done
}

owner_phase free
if on 2 "mount -t cgroup2 none /sys/fs/cgroup &&
	mkdir -p /etc/mosix &&
	printf 'node 1 %s\nnode 2 %s\n' $(node_addr 1) $(node_addr 2) >/etc/mosix/mosix.conf &&
	mosctl apply >/dev/null &&
	mosctl status | grep '^guests:'" >/tmp/owner-status 2>&1; then
	note "owner: node 2 $(cat /tmp/owner-status)"
	owner_phase slice
	idle_owner
else
	fail "owner: node 2 cannot confine its guests: $(cat /tmp/owner-status)"
fi
