# Test 200 round trips in a row: a checksum program (mosix-churn, which
# recomputes its result again and again and counts the passes that differ)
# is migrated home -> node 2 -> node 3 -> home 200 times, then stopped; its
# result must be that of an unmigrated run, every migration must succeed,
# and nothing may be left behind on nodes 2 and 3.
#
#   node 1 (home) --- node 2 --- node 3      (one private switch)
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 2400
. /lib/mosix/test.sh

guests_on() {	# N: the number of guests on node N
	on "$1" 'n=0; for d in /proc/[0-9]*; do
		[ "$(cat $d/comm 2>/dev/null)" = mosix-churn ] && n=$((n + 1))
	done; echo $n'
}

ROUNDS=$(torture_count 200)
KIB=2048
D=/tmp/torture
rm -rf $D
mkdir -p $D
touch $D/stop
mosix-churn $D/stop $KIB 4 >$D/ref.txt 2>/dev/null
check "an unmigrated run succeeds" test $? -eq 0
rm -f $D/stop

mosix-churn $D/stop $KIB 4 >$D/out.txt 2>$D/err.txt &
pid=$!
nap 1
f2=0 f3=0 fh=0
: >$D/errors.txt
t0=$(_uptime_cs)
i=0
while [ $i -lt $ROUNDS ]; do
	i=$((i + 1))
	mosctl migrate $pid 2 >>$D/errors.txt 2>&1 || f2=$((f2 + 1))
	mosctl migrate $pid 3 >>$D/errors.txt 2>&1 || f3=$((f3 + 1))
	mosctl migrate $pid home >>$D/errors.txt 2>&1 || fh=$((fh + 1))
	if ended $pid; then
		diag "the process ended during round $i"
		break
	fi
done
t1=$(_uptime_cs)
diag "$i rounds in $(((t1 - t0) / 100)) s; failed: to node 2: $f2," \
	"to node 3: $f3, home: $fh"
check "all $((3 * ROUNDS)) migrations succeeded" \
	test $((f2 + f3 + fh)) -eq 0 -a $i -eq $ROUNDS
if [ -s $D/errors.txt ]; then
	diag "first errors:" "$(sort $D/errors.txt | uniq -c | sort -rn | head -5)"
fi
check "it left home $((2 * ROUNDS - f2 - f3)) times (where's count)" \
	sh -c "mosctl where $pid | grep -q 'migrations: $((2 * ROUNDS - f2 - f3))\$'"
check "it is home" test "$(where_state $pid)" = home
touch $D/stop
finish $pid 300
check "it ends with status 0 (no pass found a different result)" test $rc -eq 0
check "its result is that of an unmigrated run" cmp $D/ref.txt $D/out.txt
diag "$(cat $D/out.txt $D/err.txt)"
check "no guest is left on node 2" test "$(guests_on 2)" = 0
check "no guest is left on node 3" test "$(guests_on 3)" = 0
n2=$(on 2 "dmesg | grep -c 'could not go home'")
n3=$(on 3 "dmesg | grep -c 'could not go home'")
check "no guest failed to go home (node 2: $n2, node 3: $n3 said so)" \
	test "$n2" = 0 -a "$n3" = 0
diag "$(on 2 "dmesg | grep mosix: | tail -n 4")"
