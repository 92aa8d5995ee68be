# Test that a migrated process does its file and pipe I/O at home: files it
# writes appear at home and not on the node it runs on, it reads stdin from
# a pipe at home, it sees the files of its home, and lseek, dup, pipes,
# big reads and writes behave as at home; and that 256 MiB of memory
# survive migrations.  Each run is compared with an unmigrated run.
#
#   node 1 (home) --- node 2 --- node 3      (one private switch)
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# mem: 1024
# timeout: 1200
. /lib/mosix/test.sh

wait_file() {
	while [ ! -e "$1" ]; do sleep 0.2; done
}

D=/tmp/io
# same_step TAG REF OUT: the lines of step TAG are the same in both runs
same_step() {
	grep "^\[$1\] " "$2" >"$2.$1"
	grep "^\[$1\] " "$3" >"$3.$1"
	[ -s "$2.$1" ] || { echo "no [$1] lines in the reference run"; return 1; }
	diff "$2.$1" "$3.$1"
}

# Reference: the same program, same input, never migrated.
io_home $D
touch $D/go
mosix-gen 3 4096 | mosix-io $D/go $D/home $D/out >ref.txt 2>&1
check "reference run of mosix-io succeeds" test $? -eq 0
cp $D/out/out.txt ref-out.txt

# Test: migrated first, then all the I/O.
io_home $D
mosix-gen 3 4096 | mosix-io $D/go $D/home $D/out >mig.txt 2>&1 &
pid=$!
wait_until 60 grep -q started mig.txt 2>/dev/null
check "migrate the I/O program to node 2" mosctl migrate $pid 2
check "it runs on node 2" test "$(where_state $pid)/$(where_node $pid)" = away/2
check "its home files do not exist on node 2" on 2 "test ! -e $D"
touch $D/go
finish $pid 600
check "it exits with status 0 after its I/O away" test $rc -eq 0
check "pid, parent, cwd, node name and ids are those of home" \
	same_step id ref.txt mig.txt
file_a_ok() {
	cmp ref-out.txt $D/out/out.txt && same_step a ref.txt mig.txt
}
check "(a) the file it wrote is at home, as an unmigrated run writes it" \
	file_a_ok
check "(a) and nothing of it was written on node 2" on 2 "test ! -e $D"
check "(a) its stdout went to its file at home, to the end" \
	grep -q '^\[-\] done' mig.txt
check "(b) it read all of stdin through a pipe from home" \
	sh -c "mosix-gen 3 4096 | cmp - $D/out/stdin.copy"
check "(b) stdin: the same bytes and sizes as unmigrated" same_step b ref.txt mig.txt
check "(c) opendir/getdents, stat, lstat, readlink, read of home-only files" \
	same_step c ref.txt mig.txt
check "(d) lseek, dup, dup2, fcntl, pread, pipe, readv/writev, rename..." \
	same_step d ref.txt mig.txt
check "(e) one 1 MiB write, one 1 MiB read, and 3 MiB in a loop" \
	same_step e ref.txt mig.txt
check "the whole output is identical to the unmigrated run" cmp ref.txt mig.txt

moved_ok() {
	cat move.txt
	grep -q "status 0" move.txt
}

# Test migrations while the process waits for its stdin in a forwarded
# read: a producer at home holds back its data at gates.
io_home $D
touch $D/go
{ mosix-gen 5 512; mosix-gen 6 512; mosix-gen 7 512; } >expect2.bin
mosix-io $D/go $D/home $D/out <expect2.bin >ref2.txt 2>&1
rm -f $D/go
{
	mosix-gen 5 512
	touch $D/p1
	wait_file $D/g1
	mosix-gen 6 512
	touch $D/p2
	wait_file $D/g2
	mosix-gen 7 512
} | mosix-io $D/go $D/home $D/out >mig2.txt 2>&1 &
pid=$!
wait_until 60 grep -q started mig2.txt 2>/dev/null
check "migrate a reader of a gated pipe to node 2" mosctl migrate $pid 2
touch $D/go
wait_until 300 test -e $D/p1
nap 3	# most likely blocked in read() now; either way must work
rm -f move.txt
(mosctl migrate $pid 3 >move.txt 2>&1; echo "status $?" >>move.txt) &
mover=$!
check "move it from node 2 to 3 while it waits in a read (within 30 s)" \
	wait_until 30 grep -q status move.txt 2>/dev/null
# (it waits for the gate: it cannot have ended)
check "it runs on node 3" test "$(where_state $pid)/$(where_node $pid)" = away/3
touch $D/g1
finish $mover 150
check "that migration succeeded" moved_ok
wait_until 300 test -e $D/p2
nap 3
rm -f move.txt
(mosctl migrate $pid home >move.txt 2>&1; echo "status $?" >>move.txt) &
mover=$!
check "bring it home while it waits in a read (within 30 s)" \
	wait_until 30 grep -q status move.txt 2>/dev/null
check "it runs at home" test "$(where_state $pid)" = home
touch $D/g2
finish $mover 150
check "that migration succeeded" moved_ok
finish $pid 600
check "the gated reader exits with status 0" test $rc -eq 0
check "it read its whole stdin, in order" cmp expect2.bin $D/out/stdin.copy
check "its output is identical to an unmigrated run" cmp ref2.txt mig2.txt

# Test a 256 MiB memory image: filled at home, verified on node 2, changed
# and moved to node 3 (through home), verified, changed, brought home.
rm -rf $D
mkdir -p $D
touch $D/mp1 $D/mp2 $D/mp3
mosix-mempat 256 3 $D/mp >mref.txt 2>&1
check "reference run of the 256 MiB pattern succeeds" test $? -eq 0
rm -f $D/mp1 $D/mp2 $D/mp3
mosix-mempat 256 3 $D/mp >mmig.txt 2>&1 &
pid=$!
wait_until 300 grep -q filled mmig.txt 2>/dev/null
check "migrate 256 MiB to node 2" mosctl migrate $pid 2
# (it waits for $D/mpK before phase K: it is still there)
check "it runs on node 2" test "$(where_state $pid)/$(where_node $pid)" = away/2
check "the memory left home" \
	sh -c "grep -q 'VmRSS:.* [0-9]\{1,4\} kB' /proc/$pid/status"
check "the balancer's transfer cost follows the measured migration" \
	sh -c "mosctl status | grep -q '^transfers: .* measured over [1-9]'"
diag "$(mosctl status | grep '^transfers')"
touch $D/mp1
check "the pattern is intact on node 2" \
	wait_until 300 grep -q "phase 1: bad words 0," mmig.txt
check "migrate 256 MiB on to node 3" mosctl migrate $pid 3
check "it runs on node 3" test "$(where_state $pid)/$(where_node $pid)" = away/3
touch $D/mp2
check "the changed pattern is intact on node 3" \
	wait_until 300 grep -q "phase 2: bad words 0," mmig.txt
check "bring 256 MiB home" mosctl migrate $pid home
check "it runs at home" test "$(where_state $pid)" = home
touch $D/mp3
finish $pid 600
check "the pattern program exits with status 0" test $rc -eq 0
check "its checksums are those of an unmigrated run" cmp mref.txt mmig.txt
diag "$(cat mmig.txt)"
