# Test the signals of a migrated process: sent at home, they reach its
# handlers on the node it runs on; stop and continue; Ctrl-C's SIGINT
# ends it with the right status; a blocked signal stays pending until it
# is unblocked, at home, where signalfd, sigpending and sigtimedwait see
# it (scen_home); a signal carries its whole siginfo (SIGIO's fd and
# band: scen_sigio); a signal interrupting a blocking read restarts it or
# makes it fail with EINTR, as at home; strace -p at home shows the calls
# of a process away.  Every scenario runs twice, the
# same way, unmigrated (the reference) and migrated to node 2.
#
#   node 1 (home) --- node 2 --- node 3      (one private switch)
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 1200
# extra-bins: strace
# extra-pkgs: strace
. /lib/mosix/test.sh

# The state letter of the mosix-sig guest on node N (nothing if none).
guest_state() {
	on "$1" 'for d in /proc/[0-9]*; do
		if [ "$(cat $d/comm 2>/dev/null)" = mosix-sig ]; then
			sed -n "s/^State:[[:space:]]*\(.\).*/\1/p" $d/status
		fi
	done'
}
# The CPU ticks (utime + stime) used so far by the mosix-sig guest on node 2.
guest_cpu() {
	on 2 'for d in /proc/[0-9]*; do
		if [ "$(cat $d/comm 2>/dev/null)" = mosix-sig ]; then
			awk "{ print \$14 + \$15 }" $d/stat
		fi
	done'
}
# (not when node 2 does not answer: guest_state has on's status)
no_guest() { local st; st=$(guest_state 2) && test -z "$st"; }
home_stopped() { grep -q '^State:[[:space:]]*T' "/proc/$1/status" 2>/dev/null; }
home_running() { ! home_stopped "$1"; }

D=/tmp/sig
rm -rf $D
mkdir -p $D

# away2 NAME: job $pid runs on node 2 (a check; it waits for its GO file)
away2() {
	check "$1: it runs on node 2" \
		test "$(where_state $pid)/$(where_node $pid)" = away/2
}

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
		away2 "$name"
	fi
	touch $D/go
}
# (kill is run by this shell, the parent: the handler checks the sender)
seen() { grep -q "$2" "$D/$1.out" 2>/dev/null; }
seen_or_ended() { seen "$1" "$2" || ended $pid; }

scen_usr1() {	# MIG NAME
	start "$1" "$2" usr1 $D/go 5
	wait_until 120 seen "$2" "ready for"
	for k in 1 2 3 4 5; do
		kill -USR1 $pid
		wait_until 60 seen "$2" "usr1 #$k:" || break
	done
	finish $pid 120
}

# stop_checks MIG NAME SIG NUMBER: SIG sent at home stops job $pid (its
# parent, mosix-pgrp, sees it stop with NUMBER) and, when migrated (MIG
# 1), its guest on node 2 uses no CPU meanwhile; SIGCONT continues both.
stop_checks() {
	local n
	n=$(grep -c . $D/$2.wait)
	kill -"$3" $pid
	wait_until 30 sh -c "sed -n '$((n + 1)),\$p' $D/$2.wait | grep -q 'stopped $4'"
	if [ "$1" = 1 ]; then
		check "$2: SIG$3 at home: the parent sees it stopped by signal $4" \
			sh -c "sed -n '$((n + 1)),\$p' $D/$2.wait | grep -q 'stopped $4'"
		check "$2: SIG$3 at home: it shows as stopped at home" \
			home_stopped $pid
		c1=$(guest_cpu)
		sleep 3
		c2=$(guest_cpu)
		diag "guest CPU ticks: $c1, 3 s later $c2"
		check "$2: SIG$3 at home: its guest on node 2 makes no progress" \
			test -n "$c1" -a "$c1" = "$c2"
	else
		sleep 3
	fi
	n=$(grep -c . $D/$2.wait)
	kill -CONT $pid
	wait_until 30 sh -c "sed -n '$((n + 1)),\$p' $D/$2.wait | grep -q continued"
	if [ "$1" = 1 ]; then
		check "$2: SIGCONT after SIG$3: the parent sees it continued" \
			sh -c "sed -n '$((n + 1)),\$p' $D/$2.wait | grep -q continued"
		c1=$(guest_cpu)
		nap 2
		c2=$(guest_cpu)
		check "$2: SIGCONT after SIG$3: its guest runs again" \
			test -n "$c1" -a -n "$c2" -a "$c1" != "$c2"
	fi
}

# The job runs under mosix-pgrp, in a process group of its own as a shell
# with job control would run it (else SIGTSTP would be ignored: see
# tests/vm/mosix-pgrp.c); its parent's view is in NAME.wait.
scen_stop() {	# MIG NAME
	rm -f $D/fin $D/go $D/$2.wait
	mosix-pgrp $D/$2.wait mosix-sig stop $D/go $D/fin >$D/$2.out 2>$D/$2.err &
	parent=$!
	wait_until 60 seen $2 started
	pid=$(awk '$1 == "child" { print $2 }' $D/$2.wait)
	if [ "$1" = 1 ]; then
		check "$2: migrate to node 2" mosctl migrate $pid 2
		away2 "$2"
	fi
	touch $D/go
	wait_until 120 seen "$2" computing
	stop_checks "$1" "$2" STOP 19
	stop_checks "$1" "$2" TSTP 20
	touch $D/fin
	finish $parent 300
}

scen_int() {	# MIG NAME: Ctrl-C, that is SIGINT to its process group
	rm -f $D/go
	setsid mosix-sig int $D/go >$D/$2.out 2>$D/$2.err &
	pid=$!
	wait_until 60 seen $2 started
	if [ "$1" = 1 ]; then
		check "$2: migrate to node 2" mosctl migrate $pid 2
		away2 "$2"
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
		away2 "$2"
	fi
	touch $D/go
	wait_until 120 seen "$2" "blocked again"
	kill -USR2 $pid
	kill -HUP $pid
	finish $pid 600
}

scen_read() {	# MIG NAME [HOME]: with HOME 1, the signal comes while a
		# migration home waits for the read
	rm -f $D/fifo $D/move.txt
	mkfifo $D/fifo
	start "$1" "$2" read $D/go $D/fifo
	wait_until 120 seen_or_ended "$2" "reading 1"
	nap 1
	if [ "${3:-0}" = 1 ]; then
		(mosctl migrate $pid home >$D/move.txt 2>&1
		 echo "status $?" >>$D/move.txt) &
		mover=$!
		nap 2
	fi
	kill -USR1 $pid
	wait_until 60 sh -c "grep -q 1 $D/$2.err || ! kill -0 $pid"	# handled
	timeout 20 sh -c "echo hello > $D/fifo"
	wait_until 120 seen_or_ended "$2" "reading 2"
	for _ in $(seq 60); do
		kill -USR2 $pid
		wait_until 1 seen "$2" "read 2:" && break
		ended $pid && break
	done
	wait_until 120 seen_or_ended "$2" pausing
	for _ in $(seq 60); do
		kill -USR1 $pid
		wait_until 1 seen "$2" "pause:" && break
		ended $pid && break
	done
	finish $pid 120
	if [ "${3:-0}" = 1 ]; then
		wait $mover
	fi
}

# A daemon's signals, kept at home while it blocks them: read from a
# signalfd (with their sigqueue values, real-time ones queued), seen by
# sigpending and sigtimedwait, let through by pselect's and sigsuspend's
# masks, handled once unblocked; SIGHUP ignored; SIGTERM from the
# signalfd ends it, as `systemctl stop` would.
scen_home() {	# MIG NAME
	start "$1" "$2" home $D/go
	rm -f $D/go.2 $D/go.6
	wait_until 120 seen "$2" "^signalfd[.][.][.]"
	kill -USR1 $pid
	kill -HUP $pid
	for v in 1 2 3; do
		mosix-sig queue $pid rtmin+0 $v
	done
	mosix-sig queue $pid rtmin+1 42
	wait_until 120 seen_or_ended "$2" "^usr2[.][.][.]"
	kill -USR2 $pid
	touch $D/go.2
	wait_until 120 seen_or_ended "$2" "^rtmin+2[.][.][.]"
	mosix-sig queue $pid rtmin+2 7
	wait_until 120 seen_or_ended "$2" "^pselect[.][.][.]"
	kill -USR1 $pid
	wait_until 120 seen_or_ended "$2" "^sigsuspend[.][.][.]"
	kill -USR1 $pid
	wait_until 120 seen_or_ended "$2" "^usr2 again[.][.][.]"
	kill -USR2 $pid
	touch $D/go.6
	wait_until 120 seen_or_ended "$2" "^term[.][.][.]"
	grep -E '^Sig(Blk|Ign)' /proc/$pid/status >$D/$2.sigs
	kill -TERM $pid
	finish $pid 120
}

# SIGIO's siginfo: a FIFO at home raises SIGRTMIN+3 (F_SETSIG) with its
# fd and band for the process away, as at home.
scen_sigio() {	# MIG NAME
	rm -f $D/fifo
	mkfifo $D/fifo
	start "$1" "$2" sigio $D/go $D/fifo
	wait_until 120 seen_or_ended "$2" "^waiting"
	timeout 20 sh -c "echo hello > $D/fifo"
	wait_until 60 seen_or_ended "$2" "^signal 1:"
	timeout 20 sh -c "echo again > $D/fifo"
	finish $pid 120
}

# strace -p at home of a process away: it attaches (its deputy takes the
# tracer's trap), shows the calls the deputy runs for it with their
# arguments, and detaches; the process goes on where it runs.
scen_strace() {
	mosix-sig daemon >$D/strace.out 2>$D/strace.err &
	pid=$!
	wait_until 60 seen strace ready
	check "strace: migrate to node 2" mosctl migrate $pid 2
	away2 strace
	timeout -s INT 5 strace -p $pid -e trace=poll -o $D/strace.txt 2>$D/strace.msg
	diag "strace -p: $(head -n 2 $D/strace.txt | tr '\n' ' ') $(cat $D/strace.msg)"
	check "strace: strace -p at home shows the calls it makes away" \
		grep -q '^poll(\[{fd=3, events=POLLIN}\], 1, 0) *= 0' $D/strace.txt
	away2 "strace: after strace detached"
	kill -TERM $pid
	finish $pid 60
	check "strace: then it reads SIGTERM from its signalfd and exits 0" \
		sh -c "test $rc -eq 0 && grep -q '^exiting on SIGTERM' $D/strace.out"
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

# Test SIGSTOP, SIGTSTP (Ctrl-Z) and SIGCONT sent at home: a migrated
# process stops at home, as its shell sees it, and on its node.
scen_stop 0 stop-ref
check "stop: reference run exits 0" test $rc -eq 0
scen_stop 1 stop-mig
check "stop: stopped and continued away, it exits 0" test $rc -eq 0
check "stop: output identical to the unmigrated run" same stop
check "stop: its parent saw the same stops and continues as unmigrated" \
	sh -c "grep -v -e '^child' -e '^cpu' $D/stop-ref.wait > $D/ref.w &&
	       grep -v -e '^child' -e '^cpu' $D/stop-mig.wait > $D/mig.w &&
	       cmp $D/ref.w $D/mig.w"
diag "parent's view: $(tr '\n' ' ' < $D/stop-mig.wait)"

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

# Test the signals a process blocks: they wait at home.
scen_home 0 home-ref
check "home: reference run exits 0" test $rc -eq 0
scen_home 1 home-mig
check "home: exits 0 on the SIGTERM it read from its signalfd" \
	sh -c "test $rc -eq 0 && grep -q '^exiting on SIGTERM' $D/home-mig.out"
check "home: its signalfd at home gives every signal with its siginfo" \
	same_lines home '^signalfd:'
check "home: sigpending and sigtimedwait see the signals at home" \
	same_lines home '^sig[pt]'
check "home: pselect's mask lets SIGUSR1 through" same_lines home '^pselect:'
check "home: sigsuspend's mask lets SIGUSR1 through" \
	same_lines home '^sigsuspend:'
check "home: a signal waiting at home is handled once unblocked away" \
	grep -q "^unblocked: SIGUSR2 handled 1" $D/home-mig.out
check "home: output identical to the unmigrated run" same home
check "home: at home it shows the signals it blocks and ignores away" \
	cmp $D/home-ref.sigs $D/home-mig.sigs

# Test a signal with the fd and band of the file that raised it.
scen_sigio 0 sigio-ref
check "sigio: reference run exits 0" test $rc -eq 0
scen_sigio 1 sigio-mig
check "sigio: exits 0" test $rc -eq 0
check "sigio: its handler gets si_code, si_fd and si_band as at home" \
	same sigio

# Test strace -p of a process away.
scen_strace

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

# Test a signal that comes while the process is being brought home: its
# deputy serves a blocking read, the guest has been asked to come home.
scen_read 1 readhome-mig 1
cp $D/read-ref.out $D/readhome-ref.out
check "read+home: the process survives a signal during its way home" \
	test $rc -eq 0
check "read+home: the migration home succeeded" grep -q "status 0" $D/move.txt
diag "$(cat $D/move.txt)"
check "read+home: output identical to the unmigrated run" same readhome

for f in usr1 stop int block home sigio read readhome; do
	if ! cmp -s $D/$f-ref.out $D/$f-mig.out; then
		diag "$f, migrated:" "$(cat $D/$f-mig.out)"
	fi
done
