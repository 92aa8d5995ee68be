# The demo, run on node 1 of a three-node cluster: the nodes find each
# other; a CPU-heavy program started here moves to node 2 while it runs,
# comes back home, and its result is the same as without migration;
# then three such jobs started here are spread by the load balancer, and
# finish sooner than on node 1 alone.
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

# Job lengths in rounds that take a given time on these VMs: a fixed
# count ended before its second migration on a fast host.
mosctl balancer off
short=$(crunch_rounds 12 8)
long=$(crunch_rounds 16 4)

say "A CPU-heavy program, run at home first, for reference"
echo "\$ mosix-crunch $short 8 > ref.txt"
mosix-crunch "$short" 8 > ref.txt
tail -n 1 ref.txt

say "The same program again, in the background, on node 1"
mosix-crunch "$short" 8 > out.txt &
pid=$!
sleep 1
run mosctl where $pid
say "Migrate it to node 2 while it runs"
run mosctl migrate $pid 2 || exit 1
run mosctl where $pid
run mosctl ps
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

now() { awk '{ print $1 }' /proc/uptime; }
three_jobs() {	# run three jobs here, wait for all, print the seconds taken
	t0=$(now)
	for i in 1 2 3; do mosix-crunch "$long" 4 > alone$i.txt & done
	wait
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }'
}

say "Three jobs on node 1 alone (balancer off)"
run mosctl balancer off
alone=$(three_jobs)
echo "took $alone s"
say "The same three jobs with the load balancer on"
run mosctl balancer on
t0=$(now)
for i in 1 2 3; do mosix-crunch "$long" 4 > job$i.txt & done
sleep 8
printf '$ mosmon -b\n'
mosmon -b
run mosctl ps
wait
spread=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }')
echo "took $spread s"
for i in 1 2 3; do
	cmp -s alone1.txt job$i.txt || { echo "demo: job $i differs"; exit 1; }
done
echo "the three outputs are identical to the unmigrated run's"
awk -v a="$alone" -v b="$spread" 'BEGIN {
	printf "\nspeedup with the balancer: %.2fx (%s s alone, %s s spread)\n", a / b, a, b }'
