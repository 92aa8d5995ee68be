# Test `mosctl ps`: this node's processes that run elsewhere, have
# migrated or are pinned, with where each runs, as a user types it (text
# and -j); -a lists them all; guests are not listed on their host; bad
# arguments are refused.
#
#   node 1 (home) --- node 2 --- node 3
#
# distro: busybox debian
# nodes: 3
# kernel-args: mosix.balancer=0
# timeout: 300
. /lib/mosix/test.sh

# (Where ps fails, these print so: "not listed" must not pass then.)
row() {	# PID [NODE]: PID's line of `mosctl ps` (of node NODE's ps -a)
	local out
	if [ -n "$2" ]; then
		out=$(on "$2" "mosctl ps -a")
	else
		out=$(mosctl ps)
	fi || { echo "mosctl ps failed: $out"; return 1; }
	printf '%s\n' "$out" | awk -v p="$1" '$1 == p'
}
json_of() {	# PID: PID's object in `mosctl -j ps`
	local out
	out=$(mosctl -j ps) || { echo "mosctl -j ps failed: $out"; return 1; }
	printf '%s\n' "$out" | tr '{' '\n' | grep "\"pid\":$1,"
}

out=$(mosctl ps)
check "ps works" test $? -eq 0
check "its header names the columns" sh -c \
	"echo '$out' | head -n 1 | grep -q 'PID *USER *RUNS ON *MIGRATIONS *PINNED *COMMAND'"

for v in a b c d; do
	mosix-crunch 100000 1 > /dev/null &
	eval "$v=\$!"
done
u=$(su user -c 'mosix-crunch 100000 1 >/dev/null 2>&1 & echo $!')
sleep 0.5
check "a job to node 2" mosctl migrate $a 2
check "a job to node 3" mosctl migrate $b 3
check "a job pinned here" mosctl pin $c
check "a user's job to node 2" mosctl migrate $u 2
diag "$(mosctl ps)"

check "ps shows the job on node 2" sh -c \
	"echo '$(row $a)' | grep -Eq '^ *$a +root +node 2 +1 +no +mosix-crunch$'"
check "ps shows the job on node 3" sh -c \
	"echo '$(row $b)' | grep -Eq '^ *$b +root +node 3 +1 +no +mosix-crunch$'"
check "ps shows the pinned job here" sh -c \
	"echo '$(row $c)' | grep -Eq '^ *$c +root +here +0 +yes +mosix-crunch$'"
check "ps shows the user's job, with its user" sh -c \
	"echo '$(row $u)' | grep -Eq '^ *$u +user +node 2 +1 +no +mosix-crunch$'"
check "ps leaves out a job that never moved" test -z "$(row $d)"
check "ps -a lists it too, here" sh -c \
	"mosctl ps -a | grep -Eq '^ *$d +root +here +0 +no +mosix-crunch$'"

check "a job brought home" mosctl migrate $b home
check "ps still lists it, here, with its migration away" sh -c \
	"echo '$(row $b)' | grep -Eq '^ *$b +root +here +1 +no +mosix-crunch$'"

check "ps -j: the job on node 2" sh -c \
	"echo '$(json_of $a)' | grep -q '\"state\":\"away\",\"node\":2,\"migrations\":1,\"pinned\":false,\"command\":\"mosix-crunch\"'"
check "ps -j: the user's job has its uid and user" sh -c \
	"echo '$(json_of $u)' | grep -q '\"user\":\"user\"'"
check "ps -j: the pinned one" sh -c \
	"echo '$(json_of $c)' | grep -q '\"state\":\"home\",\"node\":1,\"migrations\":0,\"pinned\":true'"
check "ps -j: not the one that never moved" test -z "$(json_of $d)"

# (`on` is a function of this shell: it runs here, not in a `sh -c`.)
no_guest_in_ps_2() {	# node 2's ps -a answers, with its header, and no guest
	local out
	out=$(on 2 'mosctl ps -a') || { echo "$out"; return 1; }
	echo "$out"
	printf '%s\n' "$out" | grep -q '^ *PID *USER *RUNS ON' || return 1
	! printf '%s\n' "$out" | grep -q mosix-crunch
}
check "node 2 lists no guest in its ps -a" no_guest_in_ps_2
g=$(on 2 "mosctl guests" | awk '$2 == 1' | wc -l)
check "but has them as guests" test "$g" -eq 2
check "a user runs ps" sh -c \
	"su user -c 'mosctl ps' | grep -Eq '^ *$u +user +node 2 '"

# A program's name is any bytes: ps shows no escape to the terminal.
esc=$(printf '\033')
cp "$(command -v mosix-crunch)" "/tmp/x${esc}y"
"/tmp/x${esc}y" 100000 1 > /dev/null &
e=$!
sleep 0.5
check "a job named with an escape to node 2" mosctl migrate $e 2
check "ps shows its name with a ? for the escape" sh -c \
	"echo '$(row $e)' | grep -Eq '^ *$e +root +node 2 +1 +no +x\?y$'"
check "ps -j escapes it" sh -c "mosctl -j ps | grep -q 'x.u001by'"
kill $e

out=$(mosctl ps -x 2>&1)
check "ps -x is refused with exit status 2" test $? -eq 2
has_usage() { printf '%s\n' "$out" | grep -q 'Usage: mosctl ps \[-a\]'; }
check "with its usage" has_usage
mosctl ps -a extra > /dev/null 2>&1
check "ps -a with an extra argument is refused" test $? -eq 2

kill $a $b $c $d $u
for p in $a $b $c $d $u; do
	check "job $p ends when killed" wait_until 20 ended $p
done
