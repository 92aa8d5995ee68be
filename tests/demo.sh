# The demo: a three-node cluster that finds itself.  Runs on node 1.
. /lib/mosix/test.sh

echo "== neomosix demo: $NODES nodes booted; waiting for their load information"
all_up() {
	[ "$(mosctl nodes | awk '$3 == "up"' | wc -l)" -eq $((NODES - 1)) ]
}
if ! wait_until 20 all_up; then
	echo "demo: not every node came up:"
	mosctl nodes
	exit 1
fi
echo
echo "\$ mosctl nodes"
mosctl nodes
echo
echo "\$ mosctl status"
mosctl status
echo
echo "Every node is up and sees the others' load.  Process migration and"
echo "automatic load balancing come next (see the README's status)."
