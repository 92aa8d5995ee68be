# The demo, run on node 1 of a three-node cluster: the nodes find each
# other; a CPU-heavy program started here moves to node 2 while it runs,
# comes back home, and its result is the same as without migration.
. /lib/mosix/test.sh

say() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "neomosix demo: $NODES nodes booted; waiting for their load information"
all_up() {
	[ "$(mosctl nodes | awk '$3 == "up"' | wc -l)" -eq $((NODES - 1)) ]
}
if ! wait_until 20 all_up; then
	echo "demo: not every node came up:"
	mosctl nodes
	exit 1
fi
run mosctl nodes

say "A CPU-heavy program, run at home first, for reference"
echo '$ mosix-crunch 150 8 > ref.txt'
mosix-crunch 150 8 > ref.txt
tail -n 1 ref.txt

say "The same program again, in the background, on node 1"
mosix-crunch 150 8 > out.txt &
pid=$!
sleep 1
run mosctl where $pid
say "Migrate it to node 2 while it runs"
run mosctl migrate $pid 2 || exit 1
run mosctl where $pid
run cat /proc/$pid/mosix
printf '$ on 2 mosctl guests\n'
on 2 mosctl guests
sleep 2
say "Bring it home"
run mosctl migrate $pid home || exit 1
run mosctl where $pid
wait $pid
echo "exit status: $?"

say "Its result, and the reference"
tail -n 1 out.txt
tail -n 1 ref.txt
if cmp -s ref.txt out.txt; then
	echo "identical output: the migration was transparent"
else
	echo "demo: the outputs differ"
	exit 1
fi
