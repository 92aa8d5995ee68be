# Test the Debian 12 nodes themselves (scripts/cluster -d debian): systemd
# and the services a user's machine runs, the agent, a migration round
# trip of a Debian program and of a CPU job, byte for byte against an
# unmigrated run.  On Debian's own kernel (MOSIX_KERNEL_DEB=stock) the
# mosix checks are skipped.
#
# distro: debian
# nodes: 3
# timeout: 900
# kernel-args: mosix.balancer=0
# (single quotes: commands for the nodes' shell; ON_TIMEOUT is on's)
# shellcheck shell=sh disable=SC3043,SC1091,SC2317,SC2016,SC2034
. /lib/mosix/test.sh

mosix=
[ -e /sys/module/mosix ] && mosix=1
skip_mosix() {
	ok "$1 # SKIP no neomosix in this kernel"
}

for n in $(seq 1 "$NODES"); do
	check "node $n: the agent runs a command there" test "$(on "$n" hostname)" = "n$n"
	check "node $n: systemd is PID 1 and the system is running" on "$n" '
		test "$(cat /proc/1/comm)" = systemd || exit 1
		s=$(systemctl is-system-running); echo "$s"
		systemctl --failed --no-legend; test "$s" = running'
	check "node $n: logind, journald, dbus, udev and networkd are active" on "$n" \
		systemctl is-active systemd-logind systemd-journald dbus systemd-udevd systemd-networkd
	check "node $n: AppArmor is enabled and has profiles loaded" on "$n" '
		aa-enabled && systemctl is-active apparmor &&
		grep -q . /sys/kernel/security/apparmor/profiles'
	check "node $n: cgroup v2 only" on "$n" '
		test "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs &&
		! grep -q " cgroup " /proc/mounts'
	check "node $n: the journal has this boot's kernel messages" on "$n" \
		'journalctl -k -b --no-pager -q | grep -q "Linux version"'
	if [ -n "$mosix" ]; then
		check "node $n: the mosix service is active" on "$n" systemctl is-active mosix
	else
		skip_mosix "node $n: the mosix service is active"
	fi
done

on 2 'exit 7' >/dev/null
check "the agent returns the command's exit status" test $? -eq 7
check "the agent's command has the test library and the run's environment" \
	test "$(on 3 'echo "$NODES $NODE_ID $(node_addr 3)"')" = "$NODES 3 10.77.0.3"
check "an ordinary user (uid 1000) with a home" on 2 \
	'test "$(id -u user)" = 1000 && test -d /home/user'
root_session() {
	loginctl list-sessions --no-legend | grep -q ' root '
}
check "logind has the console's root session" wait_until 60 root_session
check "the neomosix-tools package is installed (dpkg)" \
	sh -c 'dpkg-query -W -f="\${Status}" neomosix-tools | grep -q "install ok installed"'
check "the cluster file lists the run's nodes and the key" \
	sh -c "test \$(grep -c '^node ' /etc/mosix/mosix.conf) = $NODES &&
		grep -q '^key /etc/mosix/cluster.key' /etc/mosix/mosix.conf &&
		test \"\$(stat -c %a /etc/mosix/cluster.key)\" = 600"

if [ -n "$mosix" ]; then
	# Debian's gzip (dynamically linked), on deterministic text: 24 MiB,
	# so that it runs through both moves (6 MiB ended before the second)
	mosix-gen 18 $(($(scaled 24) * 1024)) > data.txt
	job() { gzip -9 < data.txt; }
	check "gzip -9 migrated to node 2 and back: same bytes as at home" \
		roundtrip gzip "2 home"
	# A static CPU job, home -> 2 -> 3 -> home.
	ROUNDS=$(scaled 600)
	job() { mosix-crunch "$ROUNDS" 8; }
	check "mosix-crunch home -> 2 -> 3 -> home: same output" \
		roundtrip crunch "2 3 home"
else
	skip_mosix "gzip -9 migrated to node 2 and back: same bytes as at home"
	skip_mosix "mosix-crunch home -> 2 -> 3 -> home: same output"
fi

# (A `systemctl reboot` of a node, which comes back with what it wrote,
# is 30-debian-services' last part: one reboot under TCG for both.)
