# tests/model: reference model, simulated CPU, differential test and the
# 32-bit access matrix. Included by tests/Makefile, which provides
# CORE_SRCS, TEST_LIB_SRCS, CFLAGS_TEST and O; paths are relative to tests/.

MODEL_SRCS := model/ref.c model/simcpu.c model/world.c
MODEL_HDRS := $(wildcard model/*.h lib/*.h ../include/vtlb/*.h ../include/uapi/*.h ../src/vtlb/*.h)
MODEL_DEPS := $(MODEL_SRCS) $(MODEL_HDRS) $(CORE_SRCS) $(TEST_LIB_SRCS)

$(O)/model-diff: model/diff.c $(MODEL_DEPS)
	@mkdir -p $(O)
	$(CC) $(CFLAGS_TEST) -Imodel -o $@ model/diff.c $(MODEL_SRCS) \
		$(CORE_SRCS) $(TEST_LIB_SRCS)

$(O)/model-access: model/access.c $(MODEL_DEPS)
	@mkdir -p $(O)
	$(CC) $(CFLAGS_TEST) -Imodel -o $@ model/access.c $(MODEL_SRCS) \
		$(CORE_SRCS) $(TEST_LIB_SRCS)

.PHONY: run-model-diff run-model-access
run-model-diff: $(O)/model-diff
	@$(O)/model-diff

run-model-access: $(O)/model-access
	@$(O)/model-access

RUN_TARGETS += run-model-access run-model-diff
