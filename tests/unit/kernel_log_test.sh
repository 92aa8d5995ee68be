#!/bin/bash
# What scripts/cluster counts as a kernel problem in a node's console log
# (scripts/kernel-log.sh): a WARNING, a BUG, a stack dump of its own; not
# the dumps of an OOM kill or an RCU stall, even when another writer on
# the serial console broke the report's first line.
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/kernel-log.sh
. "$top/scripts/kernel-log.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

t() { # t DESC EXPECT(problem|clean) LOG
	n=$((n + 1))
	if has_problem "$3"; then got=problem; else got=clean; fi
	if [ "$got" = "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1 (seen as $got)"
		sed 's/^/# /' "$3"
	fi
}

boot='[    0.000000] Linux version 6.1.192-mosix
[    4.680014] mosix: node 2 ready, load information on UDP port 7140'
frames() { # frames FUNC...: a stack dump of those functions
	echo '[  222.853538] Call Trace:'
	echo '[  222.854599]  <TASK>'
	for f in "$@"; do echo "[  222.855224]  $f+0x4c/0x22b"; done
	echo '[  222.859249]  </TASK>'
}
oom_frames() {
	frames dump_stack_lvl dump_header oom_kill_process.cold out_of_memory \
		mem_cgroup_out_of_memory try_charge_memcg
}

echo "$boot" >"$tmp/clean"
t "a boot log is clean" clean "$tmp/clean"

{ echo "$boot"; echo '[   12.1] WARNING: CPU: 0 PID: 1 at kernel/mosix/x.c:1 f+0x1/0x2'; } >"$tmp/warn"
t "a WARNING is a problem" problem "$tmp/warn"

{ echo "$boot"; echo '[   12.1] BUG: kernel NULL pointer dereference, address: 0'; } >"$tmp/bug"
t "a BUG is a problem" problem "$tmp/bug"

{ echo "$boot"; echo '[  222.8] mosix-hog invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL)'
  oom_frames; echo '[  222.9] Memory cgroup out of memory: Killed process 546 (mosix-hog)'; } >"$tmp/oom"
t "an OOM kill's report is clean" clean "$tmp/oom"

{ echo "$boot"; echo '[  222.8] mosix-hog invoked oom-k[  OK  ] Started foo.service'
  echo 'iller: gfp_mask=0xcc0(GFP_KERNEL)'; oom_frames; } >"$tmp/oom-broken"
t "an OOM kill's report with its first line broken is clean" clean "$tmp/oom-broken"

{ echo "$boot"; echo '[  222.8] mosix-hog invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL)'
  oom_frames; echo '[  223.0] WARNING: CPU: 0 PID: 9 at mm/oom_kill.c:1 f+0x1/0x2'; } >"$tmp/oom-warn"
t "a WARNING within an OOM kill's report is a problem" problem "$tmp/oom-warn"

{ echo "$boot"; frames dump_stack_lvl mosix_deputy_serve kthread; } >"$tmp/dump"
t "a stack dump of its own is a problem" problem "$tmp/dump"

{ echo "$boot"; echo '[  300.1] rcu: INFO: rcu_preempt self-detected stall on CPU'
  frames rcu_dump_cpu_stacks rcu_sched_clock_irq update_process_times; } >"$tmp/rcu"
t "an RCU stall's dump is clean" clean "$tmp/rcu"

{ echo "$boot"; echo '[  300.1] rcu: INFO: rcu_pre[  OK  ] Reached target'
  frames dump_stack_lvl rcu_dump_cpu_stacks print_cpu_stall; } >"$tmp/rcu-broken"
t "an RCU stall's dump with its first line broken is clean" clean "$tmp/rcu-broken"

{ echo "$boot"; echo '[  400.0] INFO: task mosix_migd:99 blocked for more than 120 seconds.'; } >"$tmp/hung"
t "a hung task is a problem" problem "$tmp/hung"

show_problem "$tmp/dump" >"$tmp/shown"
n=$((n + 1))
if grep -q "first problem is at line 3 of" "$tmp/shown" &&
	grep -q mosix_deputy_serve "$tmp/shown"; then
	echo "ok $n - show_problem shows where the problem is, and its lines"
else
	echo "not ok $n - show_problem shows where the problem is, and its lines"
	sed 's/^/# /' "$tmp/shown"
fi
echo "1..$n"
