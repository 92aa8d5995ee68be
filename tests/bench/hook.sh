# Hook cost for processes that never migrate: mosix-bench-hook on a
# 1-node cluster, BENCH_HOOK_REPS times BENCH_HOOK_CALLS getppid() and
# 1-byte reads of /dev/zero; then a loop without system calls, before
# and after BENCH_HOOK_THREADS sleeping threads are started (the cost of
# the load's walk over every thread).  scripts/bench boots the kernel with
# CONFIG_MOSIX and the one without alternately; hook.mosix says which
# this one is (1 when the mosix netlink family answers).
# shellcheck shell=sh

: "${BENCH_HOOK_CALLS:=1000000}" "${BENCH_HOOK_REPS:=5}"
: "${BENCH_HOOK_THREADS:=8000}" "${BENCH_HOOK_SPIN:=600000000}"

if mosctl status >/dev/null 2>&1; then
	sample hook.mosix 1
else
	sample hook.mosix 0
fi
sample hook.threads "$BENCH_HOOK_THREADS"
mosix-bench-hook "$BENCH_HOOK_CALLS" "$BENCH_HOOK_REPS" \
	"$BENCH_HOOK_THREADS" "$BENCH_HOOK_SPIN" |
	awk 'NF == 2 { print "R hook." $1, $2 }'
