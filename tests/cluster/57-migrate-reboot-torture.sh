# Torture: 1,000 random migrations of a checksum program (mosix-churn,
# which recomputes its result again and again and counts the passes that
# differ) between node 1 (home), node 2 and node 3, while node 4 reboots
# again and again and rejoins the cluster.  Every migration must succeed,
# the process must never be lost, its result must be that of an
# unmigrated run, and nothing may be left behind.  Prints the counts.
#
#   node 1 (home) --- node 2 --- node 3 --- node 4 (reboots)
#
# distro: busybox debian
# nodes: 4
# reboot: rejoin
# kernel-args: mosix.balancer=0
# timeout: 1500
. /lib/mosix/test.sh

N=$(torture_count 1000)
KIB=1024
D=/tmp/rtorture
rm -rf $D
mkdir -p $D

guests_on() {	# N: the number of mosix-churn guests on node N
	on "$1" 'n=0; for d in /proc/[0-9]*; do
		[ "$(cat $d/comm 2>/dev/null)" = mosix-churn ] && n=$((n + 1))
	done; echo $n'
}
up() {	# ID: node 1 sees node ID up
	mosctl -j nodes | json_nodes | awk -v id="$1" '$1 == id && $3 == "up" { f = 1 } END { exit !f }'
}
not_up() {	# ID: node 1 answers, and does not see node ID up
	local out
	out=$(mosctl -j nodes) || return 1
	printf '%s\n' "$out" | json_nodes | awk -v id="$1" '$1 == id && $3 == "up" { f = 1 } END { exit f }'
}

touch $D/stop
mosix-churn $D/stop $KIB 4 >$D/ref.txt 2>/dev/null
check "an unmigrated run succeeds" test $? -eq 0
rm -f $D/stop

# Node 4 reboots every few seconds until the migrations are done.
(
	n=0
	while [ ! -e $D/done ]; do
		sleep 3
		ON_TIMEOUT=3 on 4 "reboot -f" >/dev/null 2>&1
		wait_until 60 not_up 4
		if wait_until 120 up 4; then
			n=$((n + 1))
			echo $n > $D/reboots
		fi
	done
) &
rebooter=$!

mosix-churn $D/stop $KIB 4 >$D/out.txt 2>$D/err.txt &
pid=$!
nap 1
# Targets, each different from where the process is: 2, 3 or home.  The
# first N are the torture; on a fast host they can be over before node 4
# has rebooted twice, so the migrations go on (for at most 10 minutes)
# until it has.
reboots() { cat $D/reboots 2>/dev/null || echo 0; }
awk -v n=$((N * 100)) 'BEGIN {
	srand(57); at = "home"
	for (i = 0; i < n; i++) {
		do t = substr("23h", int(rand() * 3) + 1, 1); while (t == at)
		at = t
		print (t == "h" ? "home" : t)
	}
}' > $D/targets
ok=0 failed=0 lost=
: >$D/errors.txt
deadline=$(($(date +%s) + 600))
while read -r t; do
	if [ $((ok + failed)) -ge $N ]; then
		[ "$(reboots)" -ge 2 ] && break
		[ "$(date +%s)" -ge $deadline ] && break
	fi
	if mosctl migrate $pid $t >>$D/errors.txt 2>&1; then
		ok=$((ok + 1))
	else
		failed=$((failed + 1))
	fi
	if ended $pid; then
		lost=1
		break
	fi
done < $D/targets
touch $D/done
diag "$ok migrations succeeded, $failed failed; node 4 rebooted and rejoined $(reboots) times meanwhile"
[ ! -s $D/errors.txt ] || diag "errors:" "$(sort $D/errors.txt | uniq -c | sort -rn | head -5)"
check "the process was never lost" test -z "$lost"
check "at least $N migrations, all succeeded" test $ok -ge $N -a $failed -eq 0
check "node 4 rebooted and rejoined at least twice meanwhile" \
	test "$(reboots)" -ge 2
mosctl migrate $pid home >/dev/null 2>&1
touch $D/stop
finish $pid 300
check "it ends with status 0 (no pass found a different result)" test $rc -eq 0
check "its result is that of an unmigrated run" cmp $D/ref.txt $D/out.txt
diag "$(cat $D/out.txt $D/err.txt)"
wait $rebooter
check "node 4 is up at the end" wait_until 120 up 4
check "no guest is left on node 2" test "$(guests_on 2)" = 0
check "no guest is left on node 3" test "$(guests_on 3)" = 0
