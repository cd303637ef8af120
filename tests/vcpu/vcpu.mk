# SPDX-License-Identifier: GPL-2.0
# Userspace tests of the virtual CPU (src/vcpu) with the real vTLB core.
# Included by tests/Makefile, which defines CORE_SRCS, TEST_LIB_SRCS,
# CFLAGS_TEST and O. `make -C tests run-unit-vcpu` runs just these.

VCPU_SRCS := $(sort $(wildcard ../src/vcpu/*.c))
VCPU_HDRS := $(wildcard ../src/vcpu/*.h ../include/vtlb/vcpu.h)
VCPU_TEST_SRCS := $(sort $(wildcard vcpu/*.c))

RUN_TARGETS += run-unit-vcpu
.PHONY: run-unit-vcpu

$(O)/unit-vcpu: $(VCPU_TEST_SRCS) vcpu/vcpu_test.h $(VCPU_SRCS) $(VCPU_HDRS) \
		$(CORE_SRCS) $(CORE_HDRS) $(TEST_LIB_SRCS) $(TEST_LIB_HDRS)
	@mkdir -p $(O)
	$(CC) $(CFLAGS_TEST) -o $@ $(VCPU_TEST_SRCS) $(VCPU_SRCS) \
		$(CORE_SRCS) $(TEST_LIB_SRCS)

run-unit-vcpu: $(O)/unit-vcpu
	@$(O)/unit-vcpu
