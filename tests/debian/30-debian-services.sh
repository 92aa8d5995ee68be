# Processes of a Debian desktop's own kinds, and the mosix service's
# life on such a machine: a job started in a user's logind session and
# one that is the main process of a system service migrate and finish
# as at home (same output, their unit and session keep them);
# `systemctl stop` of a service whose main process is away stops it
# cleanly; a service in a seccomp sandbox stays home, one with its own
# nice value and policy takes them along; guests run in their own cgroup
# below the owner's processes, and one killed there for memory ends at
# home as if killed at home; the balancer leaves a busy service home and
# moves a user's job; `systemctl reload mosix` applies an edited cluster file (and
# a broken one changes nothing), and the service's messages are in its
# journal; `systemctl reboot` of a node that hosts a guest and whose
# own process is away loses neither, and the node comes back with what
# it wrote to its disk.
#
# distro: debian
# nodes: 3
# timeout: 1200
# kernel-args: mosix.balancer=0
# shellcheck shell=sh disable=SC3043,SC1091,SC2317,SC2016,SC2034,SC2154
. /lib/mosix/test.sh

cd /root || exit 1
ROUNDS=$(scaled 600)
mosix-crunch "$ROUNDS" 8 > ref.txt

at() {	# PID NODE: the process runs on NODE (1 = home)
	local s
	s=$(where_state "$1")/$(where_node "$1")
	case $2 in
	1) test "${s%%/*}" = home ;;
	*) test "$s" = "away/$2" ;;
	esac || { echo "process $1: $(mosctl where "$1")"; return 1; }
}

# 1. A job in a user's logind session (a login shell of uid 1000).
out=/home/user/session-out.txt
pid=$(su - user -c "nohup mosix-crunch $ROUNDS 8 > $out 2>/dev/null & echo \$!")
diag "session job: pid $pid, $(tr '\n' ' ' < "/proc/$pid/cgroup" 2>&1)"
check "a login shell's job is in the user's logind session" \
	grep -q 'user-1000.slice/session-.*\.scope' "/proc/$pid/cgroup"
check "the user's job migrates to node 2" mosctl migrate "$pid" 2
check "and runs there" at "$pid" 2
check "while away it is still in its session at home" \
	grep -q 'user-1000.slice/session-.*\.scope' "/proc/$pid/cgroup"
check "the user's job moves on to node 3" mosctl migrate "$pid" 3
finish "$pid" 600
check "the session job finishes with the output of an unmigrated run" \
	cmp ref.txt "$out"
check "and its file belongs to the user" test "$(stat -c %U "$out")" = user

# 2. The main process of a system service (a transient unit).
unit_prop() {	# UNIT PROPERTY
	systemctl show -p "$2" --value "$1"
}
systemd-run --quiet --unit=mosjob --remain-after-exit \
	-p StandardOutput=file:/root/svc-out.txt mosix-crunch "$ROUNDS" 8
pid=$(unit_prop mosjob MainPID)
diag "mosjob: main pid $pid"
check "the service's main process migrates to node 2" mosctl migrate "$pid" 2
check "and runs there" at "$pid" 2
check "the unit is still active, with the same main process" \
	test "$(unit_prop mosjob ActiveState)/$(unit_prop mosjob MainPID)" = "active/$pid"
exited() {
	test "$(unit_prop mosjob ExecMainCode)" = 1	# CLD_EXITED
}
check "the main process exits (systemd sees it exit)" wait_until 600 exited
check "with status 0" test "$(unit_prop mosjob ExecMainStatus)" = 0
check "the unit's result is success" test "$(unit_prop mosjob Result)" = success
check "and its output is that of an unmigrated run" cmp ref.txt svc-out.txt
systemctl stop mosjob

# 3. systemctl stop of a service whose main process is away.
systemd-run --quiet --unit=moslong mosix-crunch $((ROUNDS * 100)) 8
pid=$(unit_prop moslong MainPID)
mosctl migrate "$pid" 2 >/dev/null
check "a long service's main process runs on node 2" at "$pid" 2
t0=$(date +%s)
check "systemctl stop of that service succeeds" systemctl stop moslong
t1=$(date +%s)
diag "systemctl stop took $((t1 - t0)) s"
check "within 30 s (SIGTERM reached it; no SIGKILL after the 90 s timeout)" \
	test $((t1 - t0)) -le "$(scaled 30)"
check "the unit is inactive, deactivated successfully (not failed)" \
	sh -c 'test "$(systemctl is-active moslong)" != active &&
		journalctl -u moslong -q --no-pager | grep -q "Deactivated successfully"'
check "the process is gone at home" ended "$pid"
no_guests() {
	test "$(on 2 'mosctl -j guests')" = "[]"
}
check "and on node 2" wait_until 30 no_guests

# 3b. Sandboxed services: one under a seccomp filter (SystemCallFilter=)
# stays home, since its filter would not see the calls it made away; one
# with NoNewPrivileges= alone moves, with its own Nice= and
# CPUSchedulingPolicy=.
systemd-run --quiet --unit=mossandbox -p SystemCallFilter=~socket \
	mosix-crunch $((ROUNDS * 100)) 8
pid=$(unit_prop mossandbox MainPID)
check "a service under SystemCallFilter= is not moved" \
	fails_with 1 "it is in a seccomp sandbox" mosctl migrate "$pid" 2
check "it runs at home" at "$pid" 1
systemctl stop mossandbox
systemd-run --quiet --unit=mosnnp -p NoNewPrivileges=yes -p Nice=7 \
	-p CPUSchedulingPolicy=batch mosix-crunch $((ROUNDS * 100)) 8
pid=$(unit_prop mosnnp MainPID)
check "a service with NoNewPrivileges=yes moves" mosctl migrate "$pid" 2
gp=$(guest_pid 2 "$pid")
check "its guest runs at its Nice=7, SCHED_BATCH" \
	test "$(on 2 "awk '{ print \$19 \"/\" \$41 }' /proc/$gp/stat")" = 7/3
check "its guest runs in node 2's mosix.slice, beside the owner's sessions" \
	test "$(on 2 "cat /proc/$gp/cgroup")" = 0::/mosix.slice
check "and is the OOM killer's first choice there" \
	test "$(on 2 "cat /proc/$gp/oom_score_adj")" = 1000
check "a user cannot move root's service" \
	fails_with 1 "belongs to another user" su user -c "mosctl migrate $pid home"
systemctl stop mosnnp

# 3c. The owner of node 2 comes first: guests get its CPU only when its
# own processes leave it idle, and at most the memory and tasks of the
# cluster file's guests line (by default half the RAM and 4096).  A guest
# killed there for memory ends at home as if killed at home, and the
# home's log says why.
slice=/sys/fs/cgroup/mosix.slice
status_names_slice() {
	on 2 'mosctl status' |
		grep -q "^guests: *in $slice: CPU when idle, memory at most [0-9]* MiB, at most 4096 tasks$"
}
check "node 2's status names the guests' cgroup and its limits" status_names_slice
half=$(on 2 "awk '/MemTotal/ { print \$2 * 1024 }' /proc/meminfo")
# shellcheck disable=SC2017 # as mosctl computes it
half=$((half / 100 * 50 / 4096 * 4096))
check "by default guests may use half the RAM and 4096 tasks, CPU when idle" \
	test "$(on 2 "cat $slice/memory.max $slice/pids.max $slice/cpu.idle" | tr '\n' ' ')" = "$half 4096 1 "
check "the cluster file's guests line sets other limits (systemctl reload)" \
	on 2 "echo 'guests memory=64M tasks=100 cpu=idle' >> /etc/mosix/mosix.conf && systemctl reload mosix"
check "and they apply" \
	test "$(on 2 "cat $slice/memory.max $slice/pids.max" | tr '\n' ' ')" = "67108864 100 "
rm -f hog-go
mosix-hog /root/hog-go 200 > hog.txt 2>&1 &
pid=$!
nap 1
check "a job that needs 200 MiB later migrates to node 2" mosctl migrate "$pid" 2
touch hog-go
wait "$pid" 2>/dev/null
rc=$?
check "there it is killed for memory, and at home it ends killed (SIGKILL)" \
	test "$rc" = 137
home_says_oom() {
	journalctl -k -q --no-pager |
		grep -q "pid $pid: killed on node 2, out of memory there"
}
check "node 1's kernel log says it was killed for memory on node 2" home_says_oom
killed_in_slice() {
	on 2 'journalctl -k -q --no-pager' | grep -q 'oom-kill:.*oom_memcg=/mosix.slice'
}
check "node 2 killed it in the guests' cgroup" killed_in_slice
check "node 2's mosix service is still active" on 2 systemctl is-active --quiet mosix
on 2 "sed -i '/^guests /d' /etc/mosix/mosix.conf && systemctl reload mosix"

# 3d. The balancer leaves system services home unless told: with node
# 1's balancer on and "services stay", a busy service stays home while
# a busy job of the user's session moves by itself.
systemd-run --quiet --unit=mosbusy mosix-crunch $((ROUNDS * 100)) 8
svc=$(unit_prop mosbusy MainPID)
usr=$(su - user -c "nohup mosix-crunch $((ROUNDS * 100)) 8 > /dev/null 2>&1 & echo \$!")
check "services stay" mosctl balancer services stay
check "the balancer on" mosctl balancer on
away_now() { test "$(where_state "$1")" = away; }
check "the user's busy job moves by itself" wait_until 60 away_now "$usr"
sleep 5
check "the busy service stays home" at "$svc" 1
mosctl balancer off
mosctl balancer services move
systemctl stop mosbusy
kill "$usr"

# 4. systemctl reload mosix: an edited cluster file applies; a broken
# one is refused with the reason and changes nothing.
speed_of() {	# VIEWER ID: the speed node VIEWER has for node ID
	on "$1" "mosctl -j nodes" | json_nodes | awk -v id="$2" '$1 == id { print $5 }'
}
cp /etc/mosix/mosix.conf /root/mosix.conf.orig
sed -i 's/^\(node 1 [0-9.]*\)\(.*\)$/\1 speed=20000\2/' /etc/mosix/mosix.conf
check "systemctl reload mosix applies the edited file" systemctl reload mosix
check "this node's speed is now 20000" sh -c 'mosctl -j status | grep -q "\"speed\":20000"'
node2_sees() { test "$(speed_of 2 1)" = 20000; }
check "node 2 sees node 1's new speed" wait_until 20 node2_sees
check "journalctl -u mosix has the service's messages (what apply did)" \
	sh -c 'journalctl -u mosix -q --no-pager | grep -q "speed to 20000"'
echo "node 1 10.77.0.1 speed=nonsense" >> /etc/mosix/mosix.conf
check "a broken cluster file: systemctl reload mosix fails" \
	sh -c '! systemctl reload mosix'
check "the journal says which line and why" \
	sh -c 'journalctl -u mosix -q --no-pager | grep -q "mosix.conf: line [0-9]*:"'
check "and nothing changed: the speed is still 20000" \
	sh -c 'mosctl -j status | grep -q "\"speed\":20000"'
check "the service is still active" systemctl is-active mosix
cp /root/mosix.conf.orig /etc/mosix/mosix.conf
systemctl reload mosix

# 5. systemctl reboot of node 2 while it hosts a guest of node 1 and its
# own process is away on node 3: the mosix service's stop (mosctl leave)
# sends the guest home and brings its process back before the network
# goes down.  Node 1's job then finishes at home as if never moved.
mosix-crunch $((ROUNDS * 4)) 8 > ref4.txt
mosix-crunch $((ROUNDS * 4)) 8 > out4.txt &
pid=$!
nap 1
check "node 1's job migrates to node 2" mosctl migrate "$pid" 2
p2=$(on 2 "nohup mosix-crunch $((ROUNDS * 100)) 8 > /dev/null 2>&1 & echo \$!")
check "node 2's own job migrates to node 3" on 2 "mosctl migrate $p2 3"
boot1=$(on 2 cat /proc/sys/kernel/random/boot_id)
mid1=$(on 2 cat /etc/machine-id)
check "node 2 writes a file and is told to reboot" on 2 '
	echo "written before the reboot" > /var/tmp/reboot-token && sync &&
	systemd-run --quiet --on-active=1 systemctl reboot'
check "node 1's job is sent home before node 2 goes down" wait_until 150 at "$pid" 1
rebooted() {
	local b ON_TIMEOUT=5
	b=$(on 2 cat /proc/sys/kernel/random/boot_id 2>/dev/null) &&
		[ -n "$b" ] && [ "$b" != "$boot1" ]
}
check "node 2 comes back" wait_until 400 rebooted
check "node 2 kept the file it wrote before the reboot" \
	test "$(on 2 cat /var/tmp/reboot-token)" = "written before the reboot"
check "node 2 kept its machine id" test "$(on 2 cat /etc/machine-id)" = "$mid1"
finish "$pid" 600
check "node 1's job finishes at home with the output of an unmigrated run" \
	sh -c "test $rc -eq 0 && cmp ref4.txt out4.txt"
check "node 3 has no guest left" test "$(on 3 'mosctl -j guests')" = "[]"
check "node 3 lost no guest (its kernel log)" \
	sh -c "! on 3 'journalctl -k -q --no-pager' | grep -e 'ends: its home node is unreachable' -e 'lost'"
check "node 2's mosix service left the cluster cleanly before the reboot" \
	on 2 'journalctl -b -1 -u mosix -q --no-pager | grep -q "left the cluster: no guest here, no process away"'
check "node 2's mosix service is active again" wait_until 120 on 2 systemctl is-active --quiet mosix
node2_up() { mosctl nodes | awk '$1 == 2 && $3 == "up"' | grep -q .; }
check "node 1 sees node 2 up again" wait_until 60 node2_up
