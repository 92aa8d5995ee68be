# What encryption costs a migration: the same process (mosix-bench-mem
# SIZE, spinning) migrated to node 2 with no cluster key, with the key
# alone (every chunk with an HMAC-SHA256) and with the key and `encrypt`
# (records sealed with ChaCha20-Poly1305), the three in turn, in a
# different order each repetition, so that the link's drift falls on all
# of them alike.  crypt.mibps.MODE.SIZE = resident MiB / freeze time;
# crypt.ratio.SIZE = encrypted / key alone, per repetition (the target:
# encryption costs at most 15% of the bandwidth, ratio >= 0.85).
# Settings: BENCH_CRYPT_SIZES (MiB), BENCH_REPS.
# shellcheck shell=sh

: "${BENCH_CRYPT_SIZES:=64}"

crypt_key=/tmp/bench-cluster.key
for n in 1 2; do
	on $n "umask 077; echo 'neomosix benchmark cluster key 0123456789' > $crypt_key" >/dev/null
done

crypt_mode() { # none | key | sealed: on both nodes; 1 if a node refused
	case $1 in
	none) crypt_cmd="mosctl key clear" ;;
	key) crypt_cmd="mosctl key set $crypt_key" ;;
	sealed) crypt_cmd="mosctl key set $crypt_key encrypt" ;;
	esac
	on 1 "$crypt_cmd" >/dev/null && on 2 "$crypt_cmd" >/dev/null || return 1
	# node 1 must see node 2 up with the new key before it can migrate
	wait_until 15 crypt_up
}

crypt_up() {
	[ "$(mosctl -j nodes | json_nodes | awk '$1 == 2 { print $3 }')" = up ]
}

crypt_once() { # MODE SIZE: one migration; crypt_v: its MiB/s, or nothing
	crypt_v=
	mem_start "$2" crypt || return 0
	crypt_pid=$mem_pid
	crypt_rss=$mem_rss
	crypt_out=$(mosix-bench-migrate $crypt_pid 2 2>&1)
	crypt_rc=$?
	crypt_w=$(where_is $crypt_pid)
	kill -9 $crypt_pid
	wait $crypt_pid 2>/dev/null
	gone_on 2 mosix-bench-mem || fail "crypt: the guest of $2 MiB stays on node 2"
	if [ $crypt_rc -ne 0 ] || [ "$crypt_w" != away/2 ] || [ -z "$crypt_rss" ]; then
		fail "crypt: migrating $2 MiB ($1) failed (status $crypt_rc, where: $crypt_w): $crypt_out"
		return 0
	fi
	crypt_v=$(calc 's / (u / 1e6)' s="$crypt_rss" u="$(field migrate_us "$crypt_out")")
}

rep=0
while [ $rep -lt "$BENCH_REPS" ]; do
	case $((rep % 3)) in
	0) order="none key sealed" ;;
	1) order="sealed none key" ;;
	*) order="key sealed none" ;;
	esac
	for size in $BENCH_CRYPT_SIZES; do
		crypt_key_v=
		crypt_sealed_v=
		for mode in $order; do
			if ! crypt_mode "$mode"; then
				fail "crypt: could not set the key mode $mode"
				continue
			fi
			crypt_once "$mode" "$size"
			v=$crypt_v
			[ -n "$v" ] || continue
			sample "crypt.mibps.$mode.$size" "$v"
			[ "$mode" != key ] || crypt_key_v=$v
			[ "$mode" != sealed ] || crypt_sealed_v=$v
		done
		v=$(calc 'e / k' e="$crypt_sealed_v" k="$crypt_key_v")
		[ -z "$v" ] || sample "crypt.ratio.$size" "$v"
	done
	rep=$((rep + 1))
done
crypt_mode none || fail "crypt: the keys could not be cleared"
