# Test real Debian programs (dynamically linked, glibc) migrated in the
# middle of their work: xz, gzip, sha256sum and bc read their input from a
# pipe at home whose producer holds back each part at a gate, so that they
# are surely still running when they are moved: to node 2, on to node 3,
# home, and to node 2 again, where they end.  Their output must be byte for
# byte that of an unmigrated run.  Then a migrated program that creates
# processes (system(), fork, exec, wait) goes home to do so, and goes on.
#
#   node 1 (home) --- node 2 --- node 3      (one private switch)
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# mem: 1024
# timeout: 1500
# extra-bins: xz gzip sha256sum bc
# extra-pkgs: xz-utils bc
. /lib/mosix/test.sh

wait_file() {
	while [ ! -e "$1" ]; do sleep 0.2; done
}
where_here() {	# PID: home, or away/NODE
	local st
	st=$(where_state "$1")
	[ "$st" != away ] || st=away/$(where_node "$1")
	echo "$st"
}
is_comm() {	# PID NAME
	test "$(cat /proc/$1/comm 2>/dev/null)" = "$2"
}

W=/tmp/progs
rm -rf $W
mkdir -p $W

# feed NAME: the parts NAME.1 NAME.2 NAME.3 NAME.4, with a gate (NAME.gK,
# which the test creates) before each of parts 2..4 and before the end of
# the input (NAME.g5); NAME.pK says part K was written.
feed() {
	cat $W/$1.1
	touch $W/$1.p1
	for k in 2 3 4 5; do
		wait_file $W/$1.g$k
		[ $k = 5 ] || cat $W/$1.$k
		touch $W/$1.p$k
	done
}

# move PID NODE DESC GATE: migrate PID to NODE, expecting it done within
# 60 s (a check), and PID running there (where; it waits for GATE); then
# open GATE (a file), and wait for a late migration.
move() {
	local mover want=away/$2
	[ "$2" != home ] || want=home
	rm -f $W/move.txt
	(mosctl migrate $1 $2 >$W/move.txt 2>&1; echo "status $?" >>$W/move.txt) &
	mover=$!
	if wait_until 60 grep -q status $W/move.txt 2>/dev/null; then
		wait $mover
		check "$3" grep -q "status 0" $W/move.txt
		check "$3: where says $want" test "$(where_here $1)" = "$want"
		touch $4
		return
	fi
	touch $4	# the process may be waiting for it
	finish $mover 150
	not_ok "$3" "not done after 60 s; once the input gate opened:" \
		"$(cat $W/move.txt)"
}

# run_prog NAME COMM CMD...: an unmigrated reference run of CMD (input: the
# parts concatenated), then a run fed through the gates and moved to node
# 2 after part 1, on to node 3 after part 2, home after part 3, to node 2
# again after part 4, where it ends.  Output NAME.ref and NAME.mig.
run_prog() {
	local name=$1 comm=$2 k node
	shift 2
	cat $W/$name.1 $W/$name.2 $W/$name.3 $W/$name.4 >$W/$name.all
	"$@" <$W/$name.all >$W/$name.ref 2>$W/$name.ref-err
	check "$name: an unmigrated run succeeds" test $? -eq 0
	rm -f $W/$name.all
	feed $name | "$@" >$W/$name.mig 2>$W/$name.err &
	pid=$!
	wait_until 30 is_comm $pid $comm
	k=1
	for node in 2 3 home 2; do
		wait_until 300 test -e $W/$name.p$k
		nap 1	# working on part k, or waiting for more: either way
		move $pid $node "$name: migrate it to $node after part $k" \
			$W/$name.g$((k + 1))
		k=$((k + 1))
	done
	finish $pid 900
	check "$name: it ends with status 0 (on node 2)" test $rc -eq 0
	check "$name: its output is identical to the unmigrated run" \
		cmp $W/$name.ref $W/$name.mig
	if [ -s $W/$name.err ]; then
		diag "$name, stderr: $(head -c 500 $W/$name.err)"
	fi
}

# Inputs, deterministic (mosix-gen SEED KIB).
for k in 1 2 3 4; do
	mosix-gen $((10 + k)) 1536 >$W/xz.$k	# 6 MiB: xz -6 is slow under TCG
	mosix-gen $((20 + k)) 12288 >$W/gz.$k	# 48 MiB
	mosix-gen $((30 + k)) 24576 >$W/sha.$k	# 96 MiB
done
printf 'scale=1200\n4*a(1)\n' >$W/bc.1
printf 'e(1)\n' >$W/bc.2
printf 'scale=900\nl(3)\n' >$W/bc.3
printf 'sqrt(2)\n' >$W/bc.4

# Test xz, single-threaded, default level.
run_prog xz xz /usr/bin/xz -T1 -c
xz_back() {
	/usr/bin/xz -dc $W/xz.mig >$W/xz.back &&
		cat $W/xz.1 $W/xz.2 $W/xz.3 $W/xz.4 | cmp - $W/xz.back
}
check "xz: the migrated output decompresses to the input" xz_back
rm -f $W/xz.back

# Test gzip.
run_prog gz gzip /usr/bin/gzip -n -c
rm -f $W/gz.*

# Test sha256sum.
run_prog sha sha256sum /usr/bin/sha256sum
rm -f $W/sha.*

# Test bc computing many digits.
run_prog bc bc /usr/bin/bc -l

# Test fork, exec, system() and wait after a migration: the process goes
# home for them (they are not run away), then goes on.
S=$W/spawn
mkdir -p $S
touch $S/g1 $S/g2
mosix-spawn $S/g1 $S/g2 $S >$W/spawn.ref 2>&1
check "spawn: an unmigrated run ends with status 23" test $? -eq 23
mv $S/sys.txt $W/sys.ref
mv $S/sys2.txt $W/sys2.ref
rm -f $S/g1 $S/g2
mosix-spawn $S/g1 $S/g2 $S >$W/spawn.mig 2>&1 &
pid=$!
wait_until 60 grep -q started $W/spawn.mig 2>/dev/null
check "spawn: migrate it to node 2" mosctl migrate $pid 2
touch $S/g1
check "spawn: it ran system(), fork, exec and wait" \
	wait_until 300 grep -q "phase 1 done" $W/spawn.mig
check "spawn: it went home for them (where says home)" \
	test "$(where_state $pid)" = home
check "spawn: migrate it again, to node 3" mosctl migrate $pid 3
check "spawn: where says node 3" test "$(where_here $pid)" = away/3
touch $S/g2
finish $pid 600
check "spawn: it ends with status 23" test $rc -eq 23
check "spawn: system() wrote its file at home" cmp $W/sys.ref $S/sys.txt
check "spawn: and the second one too" cmp $W/sys2.ref $S/sys2.txt
check "spawn: output identical to the unmigrated run" \
	diff $W/spawn.ref $W/spawn.mig
