# shellcheck shell=bash
# Sourced by scripts/cluster (and tests/unit/kernel_log_test.sh): what in
# a node's console log is a kernel problem, and how one is shown.

# Kernel-problem patterns of a console log (extended regexp).  RCU stall
# warnings are deliberately absent: TCG guests sharing few host CPUs can
# trigger them without a kernel bug (a real hang ends in the timeout).
PROBLEM_RE='WARNING:|BUG:|Oops|Kernel panic|general protection fault|Call Trace:|UBSAN:|KASAN:|new suspected memory leak|unreferenced object|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|bad unlock balance|INFO: task .* blocked for more than'

# The stack dumps of an RCU stall report are left out: under TCG on a
# host busier than the VMs, a starved vCPU stalls RCU without any bug.
# So are those of the OOM killer's reports: a test may fill a memory
# limit on purpose (tests/debian/30); anything wrong on that path still
# shows as a WARNING or BUG.  A dump is known by the report's first line
# (a dump within 200 lines of it) or by its own first frames: on a busy
# serial console another writer can break the report's first line.
without_expected_dumps() {	# LOG
	_kept_lines "$1" | cut -f2-
}

# The lines of LOG without_expected_dumps keeps, each after its line
# number in LOG and a tab.
_kept_lines() {	# LOG
	awk '{ l[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++) {
			if (l[i] ~ /rcu: INFO: |kthread starved for|self-detected stall|rcu: Stack dump|invoked oom-killer: /)
				quiet = i + 200
			if (l[i] ~ /Call Trace:/) {
				if (i <= quiet)
					continue
				known = 0
				for (j = i + 1; j <= i + 12 && j <= NR; j++)
					if (l[j] ~ /[ \t](oom_kill_process|out_of_memory|rcu_dump_cpu_stacks|print_cpu_stall|rcu_sched_clock_irq)[+.]/)
						known = 1
				if (known)
					continue
			}
			print i "\t" l[i]
		}
	}' "$1" 2>/dev/null
}

# What a kernel problem looks like in LOG: the lines around the first one
# (the whole console log would hide it in a shortened CI output).
show_problem() {	# LOG
	local n
	n=$(_kept_lines "$1" | awk -v re="$PROBLEM_RE" '{
		line = $0; sub(/^[0-9]*\t/, "", line)
		if (line ~ re) { print $1; exit } }')
	n=${n:-1}
	echo "(the first problem is at line $n of $(wc -l <"$1"); lines around it)"
	tr -d '\r' <"$1" | sed -n "$((n > 25 ? n - 25 : 1)),$((n + 60))p"
}

has_problem() {	# LOG
	[ -f "$1" ] && without_expected_dumps "$1" | grep -Eqa "$PROBLEM_RE"
}
