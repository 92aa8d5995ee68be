# Test the signals of a migrated process: sent at home, they reach its
# handlers on the node it runs on; stop and continue; Ctrl-C's SIGINT
# ends it with the right status; a blocked signal stays pending until it
# is unblocked; a signal interrupting a blocking read restarts it or
# makes it fail with EINTR, as at home.  Every scenario runs twice, the
# same way, unmigrated (the reference) and migrated to node 2.
#
#   node 1 (home) --- node 2 --- node 3      (one private switch)
#
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 1200
. /lib/mosix/test.sh

where_state() {	# PID -> home | away | guest
	mosctl where "$1" | awk '$1 == "state:" { print $2 }'
}
ended() {	# PID: gone or a zombie
	[ ! -d "/proc/$1" ] ||
		grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}
# finish PID SECS: wait for the background job PID, at most SECS seconds
# (then kill it); its status is in $rc (999 if it had to be killed).
finish() {
	if wait_until "$2" ended "$1"; then
		wait "$1"
		rc=$?
	else
		kill -9 "$1" 2>/dev/null
		wait "$1"
		rc=999
	fi
}
# The state letter of the mosix-sig guest on node N (nothing if none).
guest_state() {
	on "$1" 'for d in /proc/[0-9]*; do
		if [ "$(cat $d/comm 2>/dev/null)" = mosix-sig ]; then
			sed -n "s/^State:[[:space:]]*\(.\).*/\1/p" $d/status
		fi
	done'
}
guest_stopped() { test "$(guest_state 2)" = T; }
guest_running() { s=$(guest_state 2); test -n "$s" && test "$s" != T; }
no_guest() { test -z "$(guest_state 2)"; }
home_stopped() { grep -q '^State:[[:space:]]*T' "/proc/$1/status" 2>/dev/null; }
home_running() { ! home_stopped "$1"; }

D=/tmp/sig
rm -rf $D
mkdir -p $D

# start MIG NAME ARGS...: run mosix-sig ARGS with stdout NAME.out and
# stderr NAME.err, GO file $D/go; once it has started, migrate it to
# node 2 if MIG is 1 (a check), then create the GO file.
start() {
	local mig=$1 name=$2
	shift 2
	rm -f $D/go
	mosix-sig "$@" >$D/$name.out 2>$D/$name.err &
	pid=$!
	wait_until 60 seen $name started
	if [ "$mig" = 1 ]; then
		check "$name: migrate to node 2" mosctl migrate $pid 2
	fi
	touch $D/go
}
# (kill is run by this shell, the parent: the handler checks the sender)
seen() { grep -q "$2" "$D/$1.out" 2>/dev/null; }

scen_usr1() {	# MIG NAME
	start "$1" "$2" usr1 $D/go 5
	wait_until 120 seen "$2" "ready for"
	for k in 1 2 3 4 5; do
		kill -USR1 $pid
		wait_until 60 seen "$2" "usr1 #$k:" || break
	done
	finish $pid 120
}

scen_stop() {	# MIG NAME
	rm -f $D/fin
	start "$1" "$2" stop $D/go $D/fin
	wait_until 120 seen "$2" computing
	kill -STOP $pid
	if [ "$1" = 1 ]; then
		check "$2: SIGSTOP at home stops the guest on node 2 # TODO known bug: sometimes the guest does not stop (see the issue note)" \
			wait_until 30 guest_stopped
	else
		wait_until 30 home_stopped $pid
	fi
	sleep 2
	kill -CONT $pid
	if [ "$1" = 1 ]; then
		check "$2: SIGCONT at home makes it run again" \
			wait_until 30 guest_running
	else
		wait_until 30 home_running $pid
	fi
	touch $D/fin
	finish $pid 300
}

scen_int() {	# MIG NAME: Ctrl-C, that is SIGINT to its process group
	rm -f $D/go
	setsid mosix-sig int $D/go >$D/$2.out 2>$D/$2.err &
	pid=$!
	wait_until 60 seen $2 started
	if [ "$1" = 1 ]; then
		check "$2: migrate to node 2" mosctl migrate $pid 2
	fi
	touch $D/go
	wait_until 120 seen "$2" spinning
	kill -INT -$pid
	finish $pid 120
}

scen_block() {	# MIG NAME
	rm -f $D/go
	mosix-sig block $D/go >$D/$2.out 2>$D/$2.err &
	pid=$!
	wait_until 60 seen $2 "usr2 blocked"
	kill -USR2 $pid	# pending and blocked at home
	if [ "$1" = 1 ]; then
		check "$2: migrate with SIGUSR2 pending and blocked" \
			mosctl migrate $pid 2
	fi
	touch $D/go
	wait_until 120 seen "$2" "blocked again"
	kill -USR2 $pid
	kill -HUP $pid
	finish $pid 600
}

scen_read() {	# MIG NAME
	rm -f $D/fifo
	mkfifo $D/fifo
	start "$1" "$2" read $D/go $D/fifo
	wait_until 120 seen "$2" "reading 1"
	sleep 1
	kill -USR1 $pid
	wait_until 60 grep -q 1 $D/$2.err	# the handler ran
	timeout 20 sh -c "echo hello > $D/fifo"
	wait_until 120 seen "$2" "reading 2"
	for i in $(seq 60); do
		kill -USR2 $pid
		wait_until 1 seen "$2" "read 2:" && break
	done
	wait_until 120 seen "$2" pausing
	for i in $(seq 60); do
		kill -USR1 $pid
		wait_until 1 seen "$2" "pause:" && break
	done
	finish $pid 120
}

# same NAME: the migrated run printed what the reference printed
same() {
	diff $D/$1-ref.out $D/$1-mig.out
}
# same_lines NAME PATTERN: the same, for the lines matching PATTERN
same_lines() {
	grep "$2" $D/$1-ref.out >$D/$1.lines-ref
	grep "$2" $D/$1-mig.out >$D/$1.lines-mig
	[ -s $D/$1.lines-ref ] || { echo "no such lines in the reference"; return 1; }
	diff $D/$1.lines-ref $D/$1.lines-mig
}

# Test SIGUSR1 to a handler, raise(), kill(getpid()), alarm().
scen_usr1 0 usr1-ref
check "usr1: reference run exits 0" test $rc -eq 0
scen_usr1 1 usr1-mig
check "usr1: exits 0 after 5 signals sent at home reached it away" test $rc -eq 0
check "usr1: handler runs away, sender and si_code as at home" \
	same_lines usr1 '^usr1 #'
check "usr1: raise() and kill(getpid()) away as at home" \
	same_lines usr1 '^after'
check "usr1: alarm() away is caught as at home" same_lines usr1 '^alarm'
check "usr1: output identical to the unmigrated run" same usr1

# Test SIGSTOP and SIGCONT sent at home.
scen_stop 0 stop-ref
check "stop: reference run exits 0" test $rc -eq 0
scen_stop 1 stop-mig
check "stop: stopped and continued away, it exits 0" test $rc -eq 0
check "stop: output identical to the unmigrated run" same stop

# Test Ctrl-C (SIGINT to the process group).
scen_int 0 int-ref
check "int: reference run killed by SIGINT (130)" test $rc -eq 130
scen_int 1 int-mig
check "int: SIGINT kills it away, the shell sees 130" test $rc -eq 130
check "int: the guest is gone from node 2" wait_until 30 no_guest
check "int: output identical to the unmigrated run" same int

# Test a blocked signal: pending across the migration, and sent while away.
scen_block 0 block-ref
check "block: reference run exits 0" test $rc -eq 0
scen_block 1 block-mig
check "block: exits 0" test $rc -eq 0
check "block: a signal blocked and pending at home is still pending away" \
	grep -q "after go: usr2 pending 1, handled 0" $D/block-mig.out
check "block: blocked signals sent while away stay pending, then run one by one" \
	same block

# Test a blocking read interrupted by signals, with and without SA_RESTART.
scen_read 0 read-ref
check "read: reference run exits 0" test $rc -eq 0
scen_read 1 read-mig
check "read: exits 0" test $rc -eq 0
check "read: with SA_RESTART the read goes on and returns the data" \
	grep -q "^read 1: 6 'hello" $D/read-mig.out
check "read: without SA_RESTART it fails with EINTR" \
	grep -q "^read 2: -1 EINTR" $D/read-mig.out
check "read: pause() returns EINTR" grep -q "^pause: -1 EINTR" $D/read-mig.out
check "read: output identical to the unmigrated run" same read

for f in usr1 stop int block read; do
	if ! cmp -s $D/$f-ref.out $D/$f-mig.out; then
		diag "$f, migrated:" "$(cat $D/$f-mig.out)"
	fi
done
