#!/bin/bash
# tests/run itself, without VMs: when the Debian nodes cannot be had
# (MOSIX_DEBIAN_READY fails: make check's package build failed), every
# Debian-node test fails with the reason, said once, and the run fails;
# the schedule (MOSIX_JOBS, "# cpu:") runs tests side by side within the
# budget and alone when they ask for it, one at a time in order by
# default, and every result is counted once.  A launcher that boots
# nothing (MOSIX_LAUNCHER) runs each test script on this machine.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
t() { # t DESC CMD...
	n=$((n + 1))
	if "${@:2}"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		sed 's/^/# /' "$tmp/out"
	fi
}
mkdir "$tmp/tests"
for name in 10-a 20-b; do
	printf '#!/bin/sh\n# distro: debian\necho "ok - ran"\n' >"$tmp/tests/$name.sh"
done
MOSIX_UNIT_DIR=none MOSIX_CLUSTER_TESTS="$tmp/tests" \
	MOSIX_DEBIAN_READY='echo the build log says why; exit 3' \
	"$top/tests/run" >"$tmp/out" 2>&1
rc=$?
why='no Debian nodes: MOSIX_DEBIAN_READY (echo the build log says why; exit 3) failed with status 3'
t "the run fails" test "$rc" = 1
t "the first Debian test fails with the reason" grep -qxF "not ok 1 - 10-a: $why" "$tmp/out"
t "and so does the next" grep -qxF "not ok 2 - 20-b: $why" "$tmp/out"
t "the command's output is shown once" test "$(grep -c '^# the build log says why$' "$tmp/out")" = 1
none_ran() { ! grep -q ': ran$' "$tmp/out"; }
t "no test ran" none_ran
t "the summary counts them as failed" test "$(tail -n 1 "$tmp/out")" = "0 passed, 2 failed, 0 skipped"

# The schedule.  Each test notes its start and end in a journal; the
# fake launcher runs the script here (scripts/cluster's -r SCRIPT).
cat >"$tmp/launch" <<'LAUNCH'
#!/bin/sh
while [ $# -gt 0 ]; do
	case $1 in -r) script=$2; shift ;; esac
	shift
done
exec sh "$script"
LAUNCH
chmod +x "$tmp/launch"
rm -rf "$tmp/tests"
mkdir "$tmp/tests"
mk() { # mk NAME CPU [DISTRO]: a test of 1 s that notes its run
	printf '#!/bin/sh\n# cpu: %s\n# distro: %s\necho "+%s %s" >>%s/journal\nsleep 1\necho "-%s %s" >>%s/journal\necho "ok - ran"\n' \
		"$2" "${3:-busybox}" "$1" "$2" "$tmp" "$1" "$2" "$tmp" >"$tmp/tests/$1.sh"
}
mk 10-a 1
mk 20-b 1
mk 30-big 2
mk 40-c 1
mk 50-d 1
# from the journal: the most tests and the most CPUs at once, and
# whether a cpu-2 test ever shared the host ("shared") or not ("alone")
peak() {
	awk '{ c = $2
		if ($1 ~ /^\+/) { n++; busy += c; if (big || (c > 1 && n > 1)) shared = 1; if (c > 1) big = 1 }
		else { n--; busy -= c; if (c > 1) big = 0 }
		if (n > maxn) maxn = n; if (busy > maxc) maxc = busy }
		END { print maxn, maxc, (shared ? "shared" : "alone") }' "$tmp/journal"
}
sched() { # sched JOBS: run the five tests with MOSIX_JOBS=JOBS
	rm -f "$tmp/journal"
	MOSIX_UNIT_DIR=none MOSIX_CLUSTER_TESTS="$tmp/tests" MOSIX_LAUNCHER="$tmp/launch" \
		MOSIX_JOBS=$1 "$top/tests/run" >"$tmp/out" 2>&1
}
sched 1
rc=$?
t "one at a time: all pass" test "$rc:$(tail -n 1 "$tmp/out")" = "0:5 passed, 0 failed, 0 skipped"
t "never two at once" test "$(peak)" = "1 2 alone"
order() { grep -o '^ok [0-9]* - [0-9a-z-]*' "$tmp/out" | awk '{ print $4 }' | paste -sd ' '; }
t "in order" test "$(order)" = "10-a 20-b 30-big 40-c 50-d"
sched 2
rc=$?
t "two CPUs: all pass" test "$rc:$(tail -n 1 "$tmp/out")" = "0:5 passed, 0 failed, 0 skipped"
t "two tests ran at once, the cpu-2 test alone" test "$(peak)" = "2 2 alone"
side_by_side() { grep -q '^+20-b' <(sed -n '/^+10-a/,/^-10-a/p' "$tmp/journal"); }
t "the first two started together" side_by_side
t "each result once, numbered in turn" test "$(grep -c '^ok [1-5] - ' "$tmp/out")" = 5
MOSIX_UNIT_DIR=none MOSIX_CLUSTER_TESTS="$tmp/tests" MOSIX_JOBS=x "$top/tests/run" >"$tmp/out" 2>&1
t "MOSIX_JOBS=x is refused" test $? = 2
printf '#!/bin/sh\n# cpu: lots\necho "ok - ran"\n' >"$tmp/tests/60-bad.sh"
MOSIX_UNIT_DIR=none MOSIX_CLUSTER_TESTS="$tmp/tests" MOSIX_LAUNCHER="$tmp/launch" \
	"$top/tests/run" >"$tmp/out" 2>&1
t "a bad cpu line is refused before anything runs" test "$?:$(grep -c '^ok' "$tmp/out")" = 2:0
rm "$tmp/tests/60-bad.sh"
# Debian nodes that cannot be had, with MOSIX_JOBS=2: the busybox tests
# run meanwhile, the Debian ones fail with the reason.
mk 15-deb 1 debian
mk 35-deb 1 debian
rm -f "$tmp/journal"
MOSIX_UNIT_DIR=none MOSIX_CLUSTER_TESTS="$tmp/tests" MOSIX_LAUNCHER="$tmp/launch" \
	MOSIX_JOBS=2 MOSIX_DEBIAN_READY='sleep 1; echo no packages; exit 3' \
	"$top/tests/run" >"$tmp/out" 2>&1
rc=$?
t "two CPUs, no Debian nodes: the run fails" test "$rc:$(tail -n 1 "$tmp/out")" = "1:5 passed, 2 failed, 0 skipped"
t "both Debian tests fail with the reason" test "$(grep -c 'deb: no Debian nodes: MOSIX_DEBIAN_READY' "$tmp/out")" = 2
t "the reason's output is shown once" test "$(grep -c '^# no packages$' "$tmp/out")" = 1
none_deb() { ! grep -q deb "$tmp/journal"; }
t "no Debian test ran" none_deb
echo "1..$n"
