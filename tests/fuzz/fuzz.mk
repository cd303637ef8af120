# tests/fuzz: libFuzzer target over the vTLB core (clang), plus a gcc
# replay binary that runs the checked-in seed corpus (or a crash input)
# in `make run`. Included by tests/Makefile; paths relative to tests/.

FUZZ_CC ?= clang
FUZZ_TIME ?= 60
# A fixed seed: a failure in CI shows up again on the same inputs locally
# (make fuzz FUZZ_SEED=0 for a random one, FUZZ_TIME=600 for longer).
FUZZ_SEED ?= 1
FUZZ_ENGINE_SRCS := model/ref.c model/simcpu.c model/world.c
FUZZ_DEPS := fuzz/fuzz_core.c $(FUZZ_ENGINE_SRCS) $(CORE_SRCS) $(TEST_LIB_SRCS) \
	$(wildcard model/*.h lib/*.h ../include/vtlb/*.h ../include/uapi/*.h ../src/vtlb/*.h)
FUZZ_CORPUS := $(sort $(wildcard fuzz/corpus/*))

$(O)/fuzz-core: $(FUZZ_DEPS)
	@mkdir -p $(O)
	$(FUZZ_CC) -std=gnu11 -O1 -g -Wall -Wextra -I../include -I../src -Ilib \
		-Imodel -DVTLB_LIBFUZZER -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ fuzz/fuzz_core.c \
		$(FUZZ_ENGINE_SRCS) $(CORE_SRCS) $(TEST_LIB_SRCS)

$(O)/fuzz-replay: $(FUZZ_DEPS)
	@mkdir -p $(O)
	$(CC) $(CFLAGS_TEST) -Imodel -o $@ fuzz/fuzz_core.c \
		$(FUZZ_ENGINE_SRCS) $(CORE_SRCS) $(TEST_LIB_SRCS)

.PHONY: fuzz-run-core run-fuzz-replay

# Bounded fuzzing: new inputs go to $(O)/fuzz-corpus, the checked-in seeds
# are only read; a crash input lands in $(O)/fuzz-artifacts/.
fuzz-run-core: $(O)/fuzz-core
	@rm -rf $(O)/fuzz-corpus && mkdir -p $(O)/fuzz-corpus $(O)/fuzz-artifacts
	@if $(O)/fuzz-core -max_total_time=$(FUZZ_TIME) -seed=$(FUZZ_SEED) -timeout=20 \
		-rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix=$(O)/fuzz-artifacts/ \
		$(O)/fuzz-corpus fuzz/corpus > $(O)/fuzz-core.log 2>&1; then \
		grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' $(O)/fuzz-core.log | tail -2; \
		echo "fuzz-core: 1 passed, 0 failed"; \
	else \
		tail -60 $(O)/fuzz-core.log; \
		echo "replay: $(O)/fuzz-replay $(O)/fuzz-artifacts/<file>"; \
		echo "fuzz-core: 0 passed, 1 failed"; exit 1; \
	fi

run-fuzz-replay: $(O)/fuzz-replay
	@$(O)/fuzz-replay $(FUZZ_CORPUS)

FUZZ_TARGETS += fuzz-run-core
RUN_TARGETS += run-fuzz-replay
