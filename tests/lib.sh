# Shell library for neomosix cluster test scripts (busybox sh).
#
# Installed in the initramfs as /lib/mosix/test.sh.  Test scripts run on
# node 1, which sources it for them, so a script can just call:
#
#   node_addr N          print the address of node N (10.77.0.N)
#   on N CMD...          run the command line CMD... with sh on node N (via its
#                        agent on TCP port 7001); print its stdout+stderr and
#                        return its exact exit status, or 124 when node N does
#                        not answer or the command outlives $ON_TIMEOUT
#                        seconds (default 60; times the scale).  The remote shell also has
#                        this library, NODES and NODE_ID, and cwd /tmp.
#                        Background jobs started by CMD must not keep its
#                        output open for long: their output is only sent when
#                        they close it.
#   wait_until SECS CMD...
#                        run CMD once a second until it succeeds (return 0)
#                        or SECS seconds (times the scale) have passed
#                        (return 1)
#   mosix_field PID KEY  set $field to KEY's value in /proc/PID/mosix
#   count_nodes PIDS...  set $on1, $on2, $on3: how many of PIDS run on each
#   ended PID            the process has exited (zombie or gone)
#                        (these three start no process: a poll of a
#                        balancer test must not load the node it runs on)
#   scaled N             print N times the scale (N may have decimals)
#   crunch_rounds SECS MIB
#                        print how many rounds of `mosix-crunch R MIB` take
#                        about SECS seconds on this node now (measured with a
#                        short run: job lengths that hold on fast and slow
#                        hosts alike; run it with the balancer off)
#   rounds_for SECS CMD...
#                        the same for any command: how big an N makes
#                        `CMD... N` take about SECS seconds
#   nap SECS             sleep SECS times the scale
#   ok DESC              print "ok - DESC"
#   not_ok DESC [DIAG...]
#                        print "not ok - DESC", then "# DIAG" for each line of
#                        each DIAG argument
#   check DESC CMD...    run CMD (a command and its arguments, or a function)
#                        capturing its output; print ok/not ok (with the output
#                        and status as diagnostics on failure); return CMD's
#                        status
#   diag TEXT...         print "# TEXT" (one "# " per line)
#   fails_with STATUS TEXT CMD...
#                        CMD exits with STATUS and says TEXT (in its stdout
#                        or stderr): a refusal, told apart from a command
#                        that failed for another reason or did not run
#                        (`on` returns 124 when the node does not answer);
#                        prints CMD's output, and why not (for check)
#
# The scale: MOSIX_TIMEOUT_SCALE of tests/run reaches the VMs as the kernel
# parameter mosix_test.scale=N, which /init exports as MOSIX_TIMEOUT_SCALE
# (default 1).  A debugging kernel is several times slower than the normal
# one, and the tests' waits and jobs must last that much longer: on's
# timeout, wait_until's and finish's deadlines are multiplied by it, and a
# test uses `scaled` and `nap` for job lengths and sleeps that must outlast
# migrations.  With scale 1 nothing changes.
#
# The host driver (tests/run) numbers the ok/not ok lines itself, so scripts
# print them without numbers, in any quantity.  Don't use `set -e` in test
# scripts: check and on return the command's status.
# shellcheck shell=sh disable=SC3043

MOSIX_AGENT_PORT=7001

case ${MOSIX_TIMEOUT_SCALE:-} in
'' | 0 | *[!0-9]*) MOSIX_TIMEOUT_SCALE=1 ;;
esac
export MOSIX_TIMEOUT_SCALE
case ${MOSIX_TORTURE_PERCENT:-} in
'' | 0 | *[!0-9]*) MOSIX_TORTURE_PERCENT=100 ;;
esac
export MOSIX_TORTURE_PERCENT

scaled() {
	case $1 in
	*[!0-9]*) awk -v n="$1" -v s="$MOSIX_TIMEOUT_SCALE" 'BEGIN { print n * s }' ;;
	*) echo "$(($1 * MOSIX_TIMEOUT_SCALE))" ;;
	esac
}

nap() {
	sleep "$(scaled "$1")"
}

rounds_for() {
	local r=8 t0 t s="$1"
	shift
	while :; do
		t0=$(awk '{ print $1 }' /proc/uptime)
		"$@" "$r" >/dev/null 2>&1 || return 1
		t=$(awk -v a="$t0" '{ print $1 - a }' /proc/uptime)
		# /proc/uptime counts hundredths: measure at least 0.5 s
		awk -v t="$t" 'BEGIN { exit !(t >= 0.5) }' && break
		[ "$r" -lt 100000000 ] || break
		r=$((r * 4))
	done
	awk -v r="$r" -v t="$t" -v s="$s" 'BEGIN {
		n = t > 0 ? int(r * s / t) : r; print n < 1 ? 1 : n }'
}
_crunch_of() {	# WIDTH ROUNDS
	mosix-crunch "$2" "$1" quiet
}
crunch_rounds() {
	rounds_for "$1" _crunch_of "$2"
}

# ref_on NODE FILE COMMAND...: COMMAND's output into FILE (its stderr
# left out), computed on NODE and pinned there (mosctl run -h): a
# reference run beside what this node computes, for tests with a CPU per
# node.  Its status is COMMAND's.
ref_on() {
	local _ref_node="$1" _ref_file="$2"
	shift 2
	ON_TIMEOUT=900 on "$_ref_node" "mosctl run -h -- $* 2>/dev/null" >"$_ref_file"
}

# torture_count N: the torture tests' number of rounds, N times
# MOSIX_TORTURE_PERCENT / 100 (from mosix_test.torture=P), at least 1.  On
# the debugging kernel, 27 times slower to migrate, their point is its
# checks over every path a migration takes, not the count (make check-debug).
torture_count() {
	_tc=$(($1 * MOSIX_TORTURE_PERCENT / 100))
	[ "$_tc" -ge 1 ] || _tc=1
	echo "$_tc"
}

# Debian's static busybox sh runs its own applet of a name even when PATH
# finds a real program of that name first (xz, sha256sum... copied in with
# EXTRA_BINS).  Shell functions win over applets: define one for each program
# of /usr/bin that an applet would shadow.  (A plain `sh -c` still gets the
# applet: write /usr/bin/PROG there.)
_mosix_prefer_programs() {
	local applets p n
	[ -z "${BASH_VERSION:-}" ] || return 0
	applets=" $(busybox --list 2>/dev/null | tr '\n' ' ') "
	for p in /usr/bin/*; do
		n=${p##*/}
		case $n in '' | [0-9]* | *[!A-Za-z0-9_]*) continue ;; esac
		if [ ! -f "$p" ] || [ ! -x "$p" ]; then continue; fi
		case $applets in
		*" $n "*) eval "$n() { $p \"\$@\"; }" ;;
		esac
	done
}
_mosix_prefer_programs

node_addr() {
	echo "10.77.0.$1"
}

# The client's nc: busybox's closes its sending half when its input ends;
# netcat-openbsd (the Debian nodes) does only with -N.
_mosix_nc_opt=
[ ! -x /bin/nc.openbsd ] || _mosix_nc_opt=-N

# Agent protocol (server side in /init): the client sends the command text and
# closes its sending half; the agent runs it with sh (stdin /dev/null), then
# sends the command's output, a newline, and "MOSIX-RC <status>\n", and closes.
on() {
	local _on_node="$1" _on_nl _on_out _on_rc
	shift
	_on_nl='
'
	# (the group's 2>/dev/null also silences the shell's "Terminated")
	_on_out=$({ printf '%s' "$*" |
		timeout "$((${ON_TIMEOUT:-60} * MOSIX_TIMEOUT_SCALE))" nc ${_mosix_nc_opt:+"$_mosix_nc_opt"} "$(node_addr "$_on_node")" \
			"$MOSIX_AGENT_PORT"; } 2>/dev/null
		echo x)
	_on_out=${_on_out%x}
	case $_on_out in
	*"${_on_nl}MOSIX-RC "*) ;;
	*)
		printf '%s' "$_on_out"
		return 124
		;;
	esac
	_on_rc=${_on_out##*"${_on_nl}MOSIX-RC "}
	_on_rc=${_on_rc%"$_on_nl"}
	case $_on_rc in
	'' | *[!0-9]*)
		printf '%s' "$_on_out"
		return 124
		;;
	esac
	printf '%s' "${_on_out%"${_on_nl}MOSIX-RC "*}"
	return "$_on_rc"
}

# _uptime_set: $_up is the uptime in centiseconds (no process started).
_uptime_set() {
	local _up_s _up_rest _up_cs
	read -r _up_s _up_rest </proc/uptime
	_up_cs=${_up_s#*.}
	_up=$((${_up_s%.*} * 100 + ${_up_cs#0}))
}

_uptime_cs() {
	local _up
	_uptime_set
	echo "$_up"
}

# wait_until SECONDS CMD...: run CMD once a second until it succeeds
# (true) or SECONDS (scaled) have passed (false).  Once a second, not
# faster: every process a poll starts loads a TCG node, and the
# balancer tests must not move jobs away from the polling node because
# of its own polls.
wait_until() {
	local _wu_end _up
	_uptime_set
	_wu_end=$((_up + $1 * 100 * MOSIX_TIMEOUT_SCALE))
	shift
	while :; do
		if "$@"; then
			return 0
		fi
		_uptime_set
		if [ "$_up" -ge "$_wu_end" ]; then
			return 1
		fi
		sleep 1
	done
}

# _key_of FILE KEY: $field is the rest of FILE's line that starts with
# the word KEY, empty without one or without FILE (a process gone);
# starts no process (see wait_until).
_key_of() {
	local _ko_k _ko_v
	field=
	[ -r "$1" ] || return 0
	{
		while read -r _ko_k _ko_v; do
			if [ "$_ko_k" = "$2" ]; then
				field=$_ko_v
				return 0
			fi
		done <"$1"
	} 2>/dev/null
}

# mosix_field PID KEY: $field is KEY's value in /proc/PID/mosix.
mosix_field() {
	_key_of "/proc/$1/mosix" "$2:"
}

# ended PID: the process has exited (a zombie not yet waited for, or
# gone); starts no process.
ended() {
	_key_of "/proc/$1/status" State:
	if [ -n "$field" ]; then
		[ "${field%% *}" = Z ]
	else
		[ ! -e "/proc/$1" ]
	fi
}

# count_nodes PIDS: $on1, $on2 and $on3 are how many of PIDS run on
# nodes 1, 2 and 3; starts no process.
count_nodes() {
	local _cn_p
	on1=0 on2=0 on3=0
	for _cn_p in "$@"; do
		mosix_field "$_cn_p" node
		case $field in
		1) on1=$((on1 + 1)) ;;
		2) on2=$((on2 + 1)) ;;
		3) on3=$((on3 + 1)) ;;
		esac
	done
}

diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

ok() {
	echo "ok - $*"
}

not_ok() {
	local _no_d
	echo "not ok - $1"
	shift
	for _no_d in "$@"; do
		diag "$_no_d"
	done
}

check() {
	local _ck_desc="$1" _ck_out _ck_rc
	shift
	_ck_out=$("$@" 2>&1)
	_ck_rc=$?
	if [ "$_ck_rc" -eq 0 ]; then
		ok "$_ck_desc"
	elif [ -n "$_ck_out" ]; then
		not_ok "$_ck_desc" "$_ck_out" "(exit status $_ck_rc: $*)"
	else
		not_ok "$_ck_desc" "(exit status $_ck_rc: $*)"
	fi
	return "$_ck_rc"
}

fails_with() {
	local _fw_want="$1" _fw_text="$2" _fw_out _fw_rc
	shift 2
	_fw_out=$("$@" 2>&1)
	_fw_rc=$?
	printf '%s\n' "$_fw_out"
	if [ "$_fw_rc" -ne "$_fw_want" ]; then
		echo "exit status $_fw_rc, want $_fw_want"
		return 1
	fi
	case $_fw_out in
	*"$_fw_text"*) ;;
	*)
		echo "it does not say: $_fw_text"
		return 1
		;;
	esac
}

# `mosctl -j nodes` (or `mosmon -b -j`) on stdin -> one line per node:
#   id addr state load speed cpus mem_free mem_total age_ms
# or, given KEY..., those keys' values in that order
# ("null" for a null value, "-" for a missing key).
json_nodes() {
	awk -v keys="${*:-id addr state load speed cpus mem_free mem_total age_ms}" '
	function jget(o, k,   v) {
		if (!match(o, "\"" k "\"[ \t]*:[ \t]*(\"[^\"]*\"|[^,}]*)"))
			return "-"
		v = substr(o, RSTART, RLENGTH)
		sub(/^"[^"]*"[ \t]*:[ \t]*/, "", v)
		gsub(/["\t ]/, "", v)
		return v
	}
	{ buf = buf $0 }
	END {
		n = split(keys, want, " ")
		while (match(buf, /\{[^{}]*\}/)) {
			o = substr(buf, RSTART, RLENGTH)
			buf = substr(buf, RSTART + RLENGTH)
			line = jget(o, want[1])
			for (i = 2; i <= n; i++)
				line = line " " jget(o, want[i])
			print line
		}
	}'
}

# Processes the tests start and move:
#   where_state PID      home | away | guest (mosctl where)
#   where_node PID       the node it runs on (mosctl where)
#   guest_pid NODE PID   the pid on NODE of the guest of node 1's process PID
#   finish PID SECS      wait for the background job PID, at most SECS
#                        seconds times the scale (then kill it); its status is in $rc (999
#                        if it had to be killed)
#   io_home DIR          make DIR/home (files of this node only, which
#                        mosix-io DIR/go DIR/home DIR/out reads) and an
#                        empty DIR/out, anew
#   roundtrip NAME "TO..." [FILE]
#                        run the shell function job() unmigrated (output:
#                        ref-NAME), then again in the background, moved with
#                        mosctl migrate to each node (or "home") of TO in
#                        turn, 2 s apart, checking that each move happened;
#                        true if it ended with status 0 and wrote the same
#                        bytes (out-NAME).  FILE: what job() writes,
#                        instead of stdout.
where_state() {
	mosctl where "$1" | awk '$1 == "state:" { print $2 }'
}
where_node() {
	mosctl where "$1" | awk '$1 == "runs" { print $3 }'
}
guest_pid() {
	on "$1" "mosctl -j guests" |
		sed -n 's/.*"pid":\([0-9]*\),"home_node":1,"home_pid":'"$2"',.*/\1/p'
}
io_home() {
	rm -rf "$1"
	mkdir -p "$1/home/sub" "$1/out"
	printf '0123456789abcdefghijklmnopqrstuvwxyz\n' >"$1/home/a.txt"
	mosix-gen 7 100 >"$1/home/b.bin"
	: >"$1/home/empty"
	echo c >"$1/home/sub/c.txt"
	ln -s a.txt "$1/home/link"
}
roundtrip() {
	local pid rc to f="${3:--}"
	if [ "$f" = - ]; then job >"ref-$1" || return 1; else job && mv "$f" "ref-$1" || return 1; fi
	if [ "$f" = - ]; then job >"out-$1" & else job & fi
	pid=$!
	nap 1
	for to in $2; do
		mosctl migrate "$pid" "$to" || {
			echo "mosctl migrate $pid $to failed"
			kill "$pid"
			return 1
		}
		test "$(where_node "$pid")" = "$to" || [ "$to" = home ] || {
			echo "after mosctl migrate $pid $to: $(mosctl where "$pid")"
			return 1
		}
		nap 2
	done
	wait "$pid"
	rc=$?
	[ "$rc" -eq 0 ] || { echo "exit status $rc"; return 1; }
	[ "$f" = - ] || mv "$f" "out-$1"
	cmp "ref-$1" "out-$1"
}
finish() {
	if wait_until "$2" ended "$1"; then
		wait "$1"
		rc=$?
	else
		kill -9 "$1" 2>/dev/null
		wait "$1"
		rc=999
	fi
}
