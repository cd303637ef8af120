# SPDX-License-Identifier: GPL-2.0
#
# vtlb top-level Makefile. The two commands a newcomer needs:
#   make run     build everything, boot the QEMU test VM, run the demo guest
#   make check   every test (unit, model, fuzz, module builds, QEMU, KUnit)
# Both install what they need (scripts/install-deps) on first use.

KVER_61   := $(shell . scripts/lib/kernels.sh; ls -d /usr/src/linux-headers-6.1.*-amd64 2>/dev/null | sed 's|.*/linux-headers-||' | sort -V | tail -n1)
KVER_612  := $(shell ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | sed 's|.*/linux-headers-||' | sort -V | tail -n1)
KDIR      ?= $(if $(KVER_61),/usr/src/linux-headers-$(KVER_61),/lib/modules/$(shell uname -r)/build)
KDIR_612  ?= /usr/src/linux-headers-$(KVER_612)
O         ?= build
PWD       := $(shell pwd)

.PHONY: all module userspace guests deps test-unit check check-full run clean \
	modules-all coverage fuzz kunit-kernel kunit bench help

all: module userspace
bench: ; @scripts/bench

help:
	@sed -n 's/^#   //p' Makefile

deps:
	@scripts/install-deps

# The module is built out of tree into $(O)/module-<kver> so builds for
# several kernels can coexist.
module:
	@scripts/build-module "$(KDIR)" "$(O)"

modules-all:
	@scripts/build-module "$(KDIR)" "$(O)"
	@scripts/build-module "$(KDIR_612)" "$(O)"

userspace:
	@$(MAKE) -s -C userspace O=$(abspath $(O))/userspace

guests:
	@$(MAKE) -s -C guest O=$(abspath $(O))/guest

test-unit:
	@$(MAKE) -s -C tests O=$(abspath $(O))/tests run

fuzz:
	@$(MAKE) -s -C tests O=$(abspath $(O))/tests fuzz-run

coverage:
	@$(MAKE) -s -C tests O=$(abspath $(O))/tests coverage

# The KUnit kernel (cached in ~/.cache/vtlb/kunit) and the KUnit suites of
# kunit/ run inside vtlb.ko on it (Documentation/kunit.md).
kunit-kernel:
	@scripts/build-kunit-kernel >/dev/null

kunit:
	@scripts/run-kunit --outdir $(abspath $(O))/kunit

check:
	@scripts/check

check-full:
	@VTLB_CHECK_FULL=1 scripts/check

run:
	@scripts/run-demo

clean:
	rm -rf $(O)
