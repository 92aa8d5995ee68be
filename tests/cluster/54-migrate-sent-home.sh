# Test a guest sent home the moment it arrives, again and again: node 2
# expels its guests in a loop while node 1 migrates a job there.  The
# request can reach the guest before its first return to user mode,
# while the arrival's own task work still waits: going home from there
# once left that work unrun, and with it the guest's task, socket and
# credentials (kmemleak on the debugging kernel).  The job is never
# lost, ends at home, and its output matches an unmigrated run.
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 900
. /lib/mosix/test.sh

ROUNDS=$(scaled 15000)
mosix-crunch $ROUNDS 1 quiet > ref.txt
mosix-crunch $ROUNDS 1 quiet > out.txt &
job=$!
check "node 2 expels its guests in a loop" on 2 'rm -f /tmp/stop
	(while [ ! -e /tmp/stop ]; do
		mosctl expel; mosctl noblock
	 done) </dev/null >/dev/null 2>&1 &'
sent=0
back=0
for i in $(seq 1 40); do
	kill -0 $job 2>/dev/null || break
	mosctl migrate $job 2 >/dev/null 2>&1 && sent=$((sent + 1))
	sleep 0.5
	mosix_field $job node
	[ "$field" = 1 ] && back=$((back + 1))
done
# Stop the loop; one more expel for a guest that arrived after its last.
on 2 'touch /tmp/stop; sleep 1; mosctl expel; mosctl noblock' >/dev/null
diag "$i rounds: $sent migrations to node 2 accepted; home again after $back"
check "migrations reached node 2 while it expelled" test "$sent" -gt 0
home_or_ended() { mosix_field $job node; [ "$field" = 1 ] || ended $job; }
no_guests2() { [ "$(on 2 'mosctl -j guests')" = "[]" ]; }
check "the job is home again (or done)" wait_until 30 home_or_ended
check "node 2 has no guest left" wait_until 30 no_guests2
finish $job 300
check "the job exits 0" test "$rc" -eq 0
check "its output is identical to an unmigrated run" cmp ref.txt out.txt
