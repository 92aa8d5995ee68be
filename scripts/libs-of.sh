# shellcheck shell=bash
# Sourced by scripts/initramfs and scripts/cluster, after their die().

# The shared libraries and loader of an ELF program, one path a line; nothing
# for static programs and scripts.
libs_of() {
	local f=$1 line
	[ "$(head -c 4 "$f" | tail -c 3)" = ELF ] || return 0
	ldd "$f" >/dev/null 2>&1 || return 0
	while read -r line; do
		case $line in
		*'=> not found'*) die "$f: shared library ${line%% *} not found" ;;
		*'=> /'*) line=${line#*=> } ;;
		/*) ;;
		*) continue ;;
		esac
		echo "${line%% (*}"
	done < <(ldd "$f")
}
