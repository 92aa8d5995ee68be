# Test of the test harness itself: the agents, `on`, wait_until and the
# virtual switch between the nodes.
# nodes: 3
# timeout: 120
# shellcheck shell=sh disable=SC2016

check "on 2 echo hi prints hi" [ "$(on 2 echo hi)" = hi ]

on 3 false
check "on 3 false returns 1" [ $? -eq 1 ]

on 2 'exit 7'
check "on 2 'exit 7' returns 7" [ $? -eq 7 ]

out=$(on 3 'echo out; echo err >&2; hostname; echo "$NODE_ID/$NODES"; pwd')
check "on 3 returns stdout and stderr, runs on n3" \
	[ "$out" = "out
err
n3
3/3
/tmp" ]

out=$(on 2 printf "'a\n\nb'")
check "on keeps the output exactly" [ "$out" = "a

b" ]

ON_TIMEOUT=2 on 2 sleep 10
check "on times out with 124" [ $? -eq 124 ]

ON_TIMEOUT=3 on 9 true >/dev/null
check "on an absent node returns 124" [ $? -eq 124 ]

check "ping node 2" ping -c 1 -W 5 "$(node_addr 2)"
check "ping node 3" ping -c 1 -W 5 "$(node_addr 3)"
check "node 2 pings node 3" on 2 ping -c 1 -W 5 "$(node_addr 3)"

check "wait_until succeeds" wait_until 5 true
wait_until 1 false
check "wait_until times out with 1" [ $? -eq 1 ]

diag "$(ping -c 5 -i 0.2 "$(node_addr 2)" | tail -n 1)"
exit 0
