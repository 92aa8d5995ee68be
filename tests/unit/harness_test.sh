#!/bin/bash
# tests/run itself, without VMs: when the Debian nodes cannot be had
# (MOSIX_DEBIAN_READY fails: make check's package build failed), every
# Debian-node test fails with the reason, said once, and the run fails.
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
echo "1..$n"
