# shellcheck shell=sh disable=SC1091
# /etc/profile.d/neomosix-node.sh: a login shell on a test node has the
# test library (on N CMD, wait_until...) and the run's NODES and NODE_ID.
if [ -r /etc/mosix/test.env ]; then
	set -a
	. /etc/mosix/test.env
	set +a
fi
if [ -r /lib/mosix/test.sh ]; then
	. /lib/mosix/test.sh
fi
if [ "${NODE_ID:-}" = 1 ] && [ "$(tty 2>/dev/null)" = /dev/ttyS0 ]; then
	cat <<BANNER

  neomosix Debian node 1 of ${NODES:-?} -- interactive shell
  'mosctl nodes' shows the cluster, 'on N CMD' runs CMD on node N,
  'poweroff' ends the cluster.

BANNER
fi
