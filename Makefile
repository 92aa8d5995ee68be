# neomosix: top-level targets.  `make demo` and `make check` work on a
# fresh Debian 12 machine: they install what they need first.

NODES ?= 3
SCRIPT ?=
EXTRA_BINS ?=

# What the test cluster's nodes run: busybox (the Debian nodes' kernel,
# make kernel-vm, and a busybox initramfs) or debian (Debian 12 with systemd, booting the
# kernel package of `make deb-kernel-vm` and the tools package of `make
# deb`, from scripts/debian-image; EXTRA_PKGS are Debian packages added
# to the image).  MOSIX_KERNEL_DEB=FILE boots that kernel package
# instead, and builds none; MOSIX_KERNEL_DEB=stock boots Debian's own
# kernel (no neomosix: for work on the image itself).
DISTRO ?= busybox
EXTRA_PKGS ?=
DEBIAN_DEPS := tools deb-tools-pkg $(if $(MOSIX_KERNEL_DEB),,deb-kernel-vm)
ifeq ($(DISTRO),debian)
NODE_DEPS := $(DEBIAN_DEPS)
CLUSTER := scripts/cluster -d debian -e "$(EXTRA_PKGS)"
else ifeq ($(DISTRO),busybox)
NODE_DEPS := kernel-vm tools
CLUSTER := scripts/cluster -d busybox
else
$(error DISTRO is busybox or debian, not "$(DISTRO)")
endif

all: kernel-vm tools

deps:
	scripts/deps

# The small kernel (allnoconfig and what the subsystem needs): the
# benchmarks' (against kernel-plain, the same without CONFIG_MOSIX) and
# check-debug's base; quick to rebuild (MOSIX_BZIMAGE=build/obj-mosix/
# arch/x86/boot/bzImage boots it in the test cluster).
kernel: deps
	scripts/kernel-build mosix

kernel-plain: deps
	scripts/kernel-build plain

kernel-debug: deps
	scripts/kernel-build debug

tools: deps
	$(MAKE) -C tools/mosctl
	$(MAKE) -C tools/mosmon
	$(MAKE) -C scripts
	$(MAKE) -C tests/vm

unit: deps
	$(MAKE) -C tests/unit

# Every wire decoder under libFuzzer with ASan and UBSan, FUZZ_TIME
# seconds per target (make check runs each for 10 s).
FUZZ_TIME ?= 60
fuzz: deps
	$(MAKE) -C tests/fuzz run FUZZ_TIME=$(FUZZ_TIME)

# An interactive cluster: a shell on node 1.
cluster: $(NODE_DEPS)
	$(CLUSTER) -n $(NODES) -x "$(EXTRA_BINS)"

# Boot a fresh cluster, run SCRIPT on node 1, print its output and exit
# with its status.
cluster-run: $(NODE_DEPS)
	@test -n "$(SCRIPT)" || { echo "usage: make cluster-run SCRIPT=path [NODES=3] [EXTRA_BINS=...] [DISTRO=debian [EXTRA_PKGS=...]]"; exit 2; }
	$(CLUSTER) -n $(NODES) -x "$(EXTRA_BINS)" -r $(SCRIPT)

demo: $(NODE_DEPS)
	$(CLUSTER) -n 3 -r tests/demo.sh

# The Debian-node suite: tests/debian/, then every cluster test that
# runs on Debian nodes too (distro: busybox debian) on Debian nodes.
check-debian: $(DEBIAN_DEPS)
	MOSIX_UNIT_DIR=none MOSIX_DISTRO=debian \
		MOSIX_CLUSTER_TESTS="tests/debian tests/cluster" tests/run

# Every test on one kernel: the one the Debian nodes install, which
# boots the busybox nodes while its modules and packages build
# (scripts/check).
check: kernel-vm tools unit
	scripts/check

# The migration, balancer and security tests on a kernel with KASAN,
# lockdep, DEBUG_ATOMIC_SLEEP and kmemleak (config/debug.config); any
# report fails the test.  Not part of `make check` (see
# Documentation/security.md, "Debugging kernel").
check-debug: kernel-debug tools
	MOSIX_BZIMAGE=build/obj-debug/arch/x86/boot/bzImage MOSIX_TIMEOUT_SCALE=3 \
		MOSIX_TORTURE_PERCENT=10 \
		tests/run migrate balancer auth hostile

# Packages for real machines (Documentation/install.md): the tools, and
# the kernel with a distribution's configuration (DEB_KERNEL_ARGS, e.g.
# --localmodconfig; see scripts/deb-kernel).
deb: deps
	scripts/deb-tools

deb-kernel: deps
	scripts/deb-kernel $(DEB_KERNEL_ARGS)

# The packages the Debian test nodes install, rebuilt only when their
# sources change (a rebuilt package is a new file, and a new image):
# the kernel with Debian's configuration, drivers trimmed to the VMs'.
DEB_VM_ARGS := --drivers config/vm-drivers --modules config/vm-modules --builtin config/vm.config
deb-kernel-vm: deps build/deb/.vm-kernel.stamp
build/deb/.vm-kernel.stamp: $(shell git ls-files kernel patches config include Kconfig scripts/deb-kernel scripts/kernel-src 2>/dev/null)
	scripts/deb-kernel $(DEB_VM_ARGS)
	touch $@

# Only its kernel image, no modules (build/obj-deb/vmlinux, and the
# bzImage made of it): what the busybox nodes boot.
kernel-vm: deps
	scripts/deb-kernel $(DEB_VM_ARGS) --bzimage

deb-tools-pkg: deps build/deb/.tools.stamp
build/deb/.tools.stamp: $(shell git ls-files tools debian include/uapi 'Documentation/*.[1-8]' scripts/deb-tools 2>/dev/null)
	scripts/deb-tools
	touch $@

# Figures, not assertions: see Documentation/benchmarks.md.
bench: kernel kernel-plain kernel-vm tools
	scripts/bench

# The balancer's decision code in a simulated cluster of 1,000+ nodes.
sim:
	$(MAKE) -C tests/sim run

patch:
	scripts/make-patch

clean:
	rm -rf build/obj-* build/unit build/fuzz build/vm-bin build/vm-bin.obj build/initramfs build/cluster build/tests
	$(MAKE) -C tools/mosctl clean
	$(MAKE) -C tools/mosmon clean
	$(MAKE) -C scripts clean

distclean:
	rm -rf build
	$(MAKE) -C tools/mosctl clean
	$(MAKE) -C tools/mosmon clean
	$(MAKE) -C scripts clean

.PHONY: all deps kernel kernel-vm kernel-plain kernel-debug check-debug check-debian tools unit fuzz cluster cluster-run demo check bench deb deb-kernel deb-kernel-vm deb-tools-pkg sim patch clean distclean
