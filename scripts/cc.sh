# shellcheck shell=bash
# Sourced by scripts/kernel-build and scripts/deb-kernel.

# The compiler for the kernel objects in directory $1: "ccache gcc" or
# "gcc", chosen once per directory and kept in $1/.mosix-cc, since kbuild
# rebuilds every object whose command line changed.  ccache saves a
# rebuild in a fresh clone only when its cache already holds the objects;
# filling an empty cache makes every compile about a third slower (the
# preprocessor runs too, and each object is stored), which a first build
# on a new machine would pay and never recover.  So ccache is used when
# its cache is not empty (or MOSIX_CCACHE=1), and not when it is empty
# (or MOSIX_CCACHE=0).
#
# ccache hashes the compiler's command line, which names the kernel
# source by its absolute path (build/src and build/obj-* are siblings,
# so kbuild's srctree is absolute).  CCACHE_BASEDIR makes it hash the
# paths under this checkout as relative ones: a clone in another folder
# (CI's fresh checkout of the same tree) hits the objects this one
# stored.  A machine that builds the kernel once with MOSIX_CCACHE=1
# builds it in minutes in every later clone.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$top}"

kernel_cc() {
	local dir=$1 want=${MOSIX_CCACHE:-} files
	if [ -z "$want" ] && [ -f "$dir/.mosix-cc" ]; then
		cat "$dir/.mosix-cc"
		return
	fi
	if [ -z "$want" ]; then
		want=0
		if command -v ccache >/dev/null; then
			files=$(ccache --print-stats 2>/dev/null |
				awk '$1 == "files_in_cache" { print $2 }')
			[ "${files:-0}" -gt 0 ] && want=1
		fi
	fi
	case $want in
	1) command -v ccache >/dev/null || { echo "MOSIX_CCACHE=1 but no ccache" >&2; return 1; }
	   echo "ccache gcc" >"$dir/.mosix-cc" ;;
	0) echo gcc >"$dir/.mosix-cc" ;;
	*) echo "MOSIX_CCACHE must be 0 or 1, not '$want'" >&2; return 1 ;;
	esac
	cat "$dir/.mosix-cc"
}
