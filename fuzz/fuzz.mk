# Fuzzing the configuration loader (libFuzzer + ASan + UBSan, clang only).
# Included from the Makefile:  include fuzz/fuzz.mk
#   make fuzz               ~60 s on the seed corpus in fuzz/corpus
#   make fuzz FUZZ_TIME=600 longer
# New inputs go to $(FUZZ_BUILD)/corpus (fuzz/corpus stays as committed);
# a crash leaves crash-* in the current directory: fix it, then move it to
# fuzz/crashes (see fuzz/crashes/README.md).
#
# `make check` replays fuzz/corpus and fuzz/crashes without libFuzzer:
# tests/check_fuzz_corpus.c calls this same entry point, built with the
# project's compiler and flags (so with ASan and UBSan under SANITIZE=1).

FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_BUILD ?= $(BUILD)/fuzz
FUZZ_FLAGS := -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 \
              -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
              -Iinclude -DEMBUDO_SHAREDIR='"$(SHAREDIR)"' \
              $(shell $(PKG_CONFIG) --cflags yaml-0.1 2>/dev/null)
# Only the pure parts the loader needs: no SQLite, no ncurses calls.
FUZZ_SRC := $(wildcard src/config/*.c) src/util/paths.c src/util/text.c src/util/money.c \
            src/pipeline/pipeline_names.c

.PHONY: fuzz fuzz-build

fuzz: fuzz-build
	mkdir -p $(FUZZ_BUILD)/corpus
	$(FUZZ_BUILD)/config_fuzzer -max_total_time=$(FUZZ_TIME) -max_len=65536 \
		-timeout=10 $(FUZZ_BUILD)/corpus fuzz/corpus

fuzz-build: $(FUZZ_BUILD)/config_fuzzer

$(FUZZ_BUILD)/config_fuzzer: fuzz/config_fuzzer.c $(FUZZ_SRC) $(HEADERS)
	mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/config_fuzzer.c $(FUZZ_SRC) \
		$(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null) -lm

# The corpus replay suite links the fuzz target's entry point.
$(BUILD)/tests/obj/config_fuzzer.o: fuzz/config_fuzzer.c $(HEADERS) | $(BUILD)/tests/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/check_fuzz_corpus: $(BUILD)/tests/obj/check_fuzz_corpus.o $(BUILD)/tests/obj/config_fuzzer.o \
                                  $(TEST_SUPPORT_OBJ) $(BUILD)/libembudo.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) -lm
