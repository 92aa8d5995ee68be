# Test what becomes of the children of a migrated process: they stay at
# home, and when they end while the parent is away the home kernel reaps
# them or keeps zombies exactly as the parent's SIGCHLD action says,
# whether that action was set before the migration or on the guest.
# Each mode of tests/vm/mosix-reap runs unmigrated (the reference) and
# migrated to node 2; output and zombie counts must be the same.
#
#   node 1 (home) --- node 2      (one private switch)
#
# distro: busybox debian
# nodes: 2
# kernel-args: mosix.balancer=0
# timeout: 600
. /lib/mosix/test.sh

D=/tmp/reap
rm -rf $D
mkdir -p $D
KIDS=3
SECS=8

seen() { grep -q "$2" "$D/$1.out" 2>/dev/null; }

# The children of PID at home that are zombies.
zombies() {
	local n=0 d
	for d in /proc/[0-9]*; do
		if grep -q "^PPid:[[:space:]]*$1\$" $d/status 2>/dev/null &&
		   grep -q '^State:[[:space:]]*Z' $d/status 2>/dev/null; then
			n=$((n + 1))
		fi
	done
	echo $n
}

# run MIG MODE: one run of mosix-reap MODE; its output in MODE-MIG.out,
# the zombies seen once the children ended in MODE-MIG.zombies.
run() {
	local mig=$1 mode=$2 name=$2-$1 how=unmigrated
	[ "$mig" = 0 ] || how=migrated
	rm -f $D/go $D/done
	mosix-reap "$mode" $KIDS $SECS $D/go $D/done >$D/$name.out 2>$D/$name.err &
	pid=$!
	wait_until 60 seen $name started
	if [ "$mig" = 1 ]; then
		check "$mode: migrate to node 2" mosctl migrate $pid 2
	fi
	touch $D/go
	# (zombies counted before the children end would be 0, as most
	# modes want: not a pass)
	check "$mode: its children end ($how)" wait_until 120 seen $name "kids ended"
	# (a reaped child's exit is not instant: let the kernel finish)
	sleep 1
	zombies $pid >$D/$name.zombies
	if [ "$mig" = 1 ]; then
		check "$mode: away on node 2 while its children end" \
			test "$(where_state $pid)" = away
	fi
	touch $D/done
	finish $pid 120
	echo "status $rc" >>$D/$name.out
}

expect_zombies() {	# MODE N
	check "$1: $2 zombies at home, unmigrated" \
		test "$(cat $D/$1-0.zombies)" = "$2"
	check "$1: $2 zombies at home while the parent is away" \
		test "$(cat $D/$1-1.zombies)" = "$2"
	check "$1: the same output migrated as unmigrated" \
		cmp $D/$1-0.out $D/$1-1.out
	check "$1: no child ended before the test was ready" \
		sh -c "! grep -q 'too early' $D/$1-0.out $D/$1-1.out"
	diag "$1: $(tr '\n' ';' <$D/$1-1.out)"
}

for mode in keep before after nocldwait; do
	run 0 $mode
	run 1 $mode
done
expect_zombies keep $KIDS
expect_zombies before 0
expect_zombies after 0
expect_zombies nocldwait 0
check "keep: every child reaped by wait" \
	test "$(grep -c 'reaped by wait' $D/keep-1.out)" = $KIDS
check "after: wait finds no child (ECHILD)" \
	grep -q 'wait: ECHILD after 0 children' $D/after-1.out
check "nocldwait: the handler ran on the guest" \
	grep -q 'handler ran: yes' $D/nocldwait-1.out
