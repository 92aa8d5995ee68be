# Test that a node joining a busy cluster gets work within seconds:
# three jobs run on nodes 1 and 2 while node 3 is out of the cluster
# (mosctl leave); when node 3 joins, the balancer gives it one of them.
# Every job's output is compared with an unmigrated run.
#
#   node 1 (jobs start here) --- node 2 --- node 3 (joins later)
#
# distro: busybox debian
# nodes: 3
# timeout: 600
# cpu: 2
# shellcheck shell=sh disable=SC3043,SC1091,SC2317,SC2154,SC2030,SC2031
. /lib/mosix/test.sh

# Jobs must outlast the join and the moves: longer on a slower kernel.
ROUNDS=$(scaled 6000)
node_of() { awk '$1 == "node:" { print $2 }' "/proc/$1/mosix" 2>/dev/null; }
nodes_of() {	# PIDS: their nodes, sorted
	for p in "$@"; do node_of "$p"; done | sort | tr '\n' ' '
}
state_on() {	# VIEWER ID: node ID's state in node VIEWER's table
	if [ "$1" = "$NODE_ID" ]; then
		mosctl -j nodes
	else
		on "$1" mosctl -j nodes
	fi | json_nodes | awk -v id="$2" '$1 == id { print $3 }'
}
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

mosctl balancer off
mosix-crunch $ROUNDS 1 quiet > ref.txt
mosctl balancer on

check "node 3 leaves the cluster" on 3 mosctl leave
gone() { [ "$(state_on 1 3)" = down ] && [ "$(state_on 2 3)" = down ]; }
check "nodes 1 and 2 show node 3 down" wait_until 10 gone

for i in 1 2 3; do
	mosix-crunch $ROUNDS 1 quiet > out$i.txt &
	eval "p$i=\$!"
done
on_two() {	# (polled: starts nothing)
	count_nodes "$p1" "$p2" "$p3"
	[ "$on1$on2$on3" = 210 ]
}
check "the three jobs spread over nodes 1 and 2 (two and one)" \
	wait_until 30 on_two
diag "nodes: $(nodes_of "$p1" "$p2" "$p3")"
sleep 3
check "and stay so while node 3 is out" on_two

t0=$(now_ms)
check "node 3 joins" on 3 mosctl join
on3() {
	count_nodes "$p1" "$p2" "$p3"
	[ "$on3" -ge 1 ]
}
spread() {
	count_nodes "$p1" "$p2" "$p3"
	[ "$on1$on2$on3" = 111 ]
}
join_diag() {
	echo "nodes: $(nodes_of "$p1" "$p2" "$p3")"
	for n in 1 2 3; do
		echo "node $n: $(on "$n" mosctl status 2>&1 |
			grep -E '^(load|balancer|guests refused)' |
			tr -s ' ' | tr '\n' ';')"
	done
	mosctl nodes 2>&1
}
if wait_until 15 on3; then
	ok "node 3 gets one of the jobs within 15 s of joining"
	diag "one job reached node 3 $(awk -v d=$(($(now_ms) - t0)) 'BEGIN { printf "%.1f", d / 1000 }') s after mosctl join"
else
	not_ok "node 3 gets one of the jobs within 15 s of joining" \
		"$(join_diag)"
fi
if wait_until 30 spread; then
	ok "the jobs run one per node"
else
	not_ok "the jobs run one per node" "$(join_diag)"
fi
check "node 3 is up for node 1" test "$(state_on 1 3)" = up

for i in 1 2 3; do
	eval "p=\$p$i"
	if ! wait_until 300 ended "$p"; then
		not_ok "job $i ends within 300 s" "$(cat "/proc/$p/mosix" 2>&1)"
		kill -9 "$p"
	fi
	wait "$p"
	check "job $i exits 0" test $? -eq 0
	check "job $i's output is identical to an unmigrated run" cmp ref.txt out$i.txt
done

exit 0
