#!/bin/bash
# The layers of kernel/ (scripts/check-layers): the tree keeps them, and
# the check fails on an include of a higher layer, a cycle, and a file
# of no layer.
top=$(cd "$(dirname "$0")/../.." && pwd)
check=$top/scripts/check-layers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

t() { # t DESC EXPECT(0|1) PATTERN DIR
	local out rc
	n=$((n + 1))
	out=$("$check" "$4" 2>&1)
	rc=$?
	if [ $rc = "$2" ] && grep -q -- "$3" <<<"$out"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		sed 's/^/# /' <<<"$out"
	fi
}

tree() { # tree NAME: a scratch copy of kernel/
	rm -rf "${tmp:?}/$1"
	cp -r "$top/kernel" "$tmp/$1"
	echo "$tmp/$1"
}

t "kernel/ keeps its layers" 0 "" "$top/kernel"

d=$(tree up)
sed -i '1a #include "deputy.h"' "$d/node.c"
t "an include of a higher layer fails" 1 "node.c (layer base) includes deputy.h of the higher layer roles" "$d"

d=$(tree cycle)
echo '#include "cost.h"' >>"$d/stats.h"
echo '#include "stats.h"' >>"$d/cost.h"
t "a cycle within a layer fails" 1 "have a cycle" "$d"

d=$(tree stray)
echo '/* new */' >"$d/stray.c"
t "a file of no layer fails" 1 "stray.c belongs to no layer" "$d"

d=$(tree twice)
sed -i 's/^# layer top:       hooks/# layer top:       stats hooks/' "$d/Makefile"
t "a file in two layers fails" 1 "stats is in layers base and top" "$d"

echo "1..$n"
