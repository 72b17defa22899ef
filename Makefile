# embudo: a terminal kanban board for the sales pipeline.
# `make`, `make run` and `make demo` install missing build dependencies,
# `make check` the build and test ones (as root; otherwise they print the
# command to run), then build, and run the board or every test suite.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
SHAREDIR  ?= $(PREFIX)/share/embudo
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR   ?=
PKG_CONFIG ?= pkg-config
CC        ?= cc
# A sanitized build has a folder of its own, so that it never mixes its
# objects with the plain build's.
ifdef SANITIZE
BUILD     ?= build-asan
endif
BUILD     ?= build
VERSION   := 0.1.0

PKGS := ncursesw sqlite3 yaml-0.1
TEST_PKGS := check

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
        -Wstrict-prototypes -Wwrite-strings -Wpointer-arith -Wvla
ifdef CI
WARN += -Werror
endif
ifdef WERROR
WARN += -Werror
endif

OPT ?= -O2 -g
ifdef SANITIZE
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
SAN_LDFLAGS := -fsanitize=address,undefined
endif

# Recursive (=) so pkg-config runs after `deps` has installed what is missing.
# ncursesw asks for _XOPEN_SOURCE=600; we define 700 ourselves.
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
CHECK_LIBS   = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARN) $(OPT) -Iinclude \
             -DEMBUDO_VERSION='"$(VERSION)"' -DEMBUDO_SHAREDIR='"$(SHAREDIR)"' \
             $(PKG_CFLAGS) $(CFLAGS) $(CPPFLAGS)
ALL_LDFLAGS = $(SAN_LDFLAGS) $(LDFLAGS)

# One folder per room (see README, "Source overview"); main.c at the top.
ROOMS    := util pipeline review store config cli board
LIB_SRC  := $(foreach r,$(ROOMS),$(wildcard src/$(r)/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
HEADERS  := $(wildcard include/*/*.h src/*/*.h)
TEST_SRC := $(wildcard tests/check_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT_SRC := $(filter-out $(TEST_SRC),$(wildcard tests/*.c))
TEST_SUPPORT_OBJ := $(TEST_SUPPORT_SRC:tests/%.c=$(BUILD)/tests/obj/%.o)
E2E      := $(wildcard tests/e2e/*.sh)
BIN      := $(BUILD)/embudo

.SECONDARY:
.PHONY: all deps deps-test check unit e2e run demo bench install uninstall clean lint doors

all: deps
	@$(MAKE) --no-print-directory $(BIN) $(LINK)

# ./embudo at the top is a link to the plain build, so the README's
# commands work; a sanitized build (SANITIZE=1) never takes it over.
ifdef SANITIZE
LINK :=
else
LINK := embudo
embudo: $(BIN)
	ln -sf $(BIN) embudo
endif

# Build dependencies (compiler, libraries) and, for the tests, also Check
# and the commands the test scripts call: see tools/deps.sh.
deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

$(BUILD)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libembudo.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(BUILD)/libembudo.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/tests/obj/%.o: tests/%.c $(HEADERS) $(wildcard tests/*.h) | $(BUILD)/tests/obj
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests -c -o $@ $<

$(BUILD)/tests/check_%: $(BUILD)/tests/obj/check_%.o $(TEST_SUPPORT_OBJ) $(BUILD)/libembudo.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) -lm

# check_config_yaml counts the reallocs and string comparisons of the YAML
# walker (instead of timing it): its own calls go through counters there.
$(BUILD)/tests/check_config_yaml: ALL_LDFLAGS += -Wl,--wrap=realloc,--wrap=strcmp
# check_strbuf makes an allocation fail on demand.
$(BUILD)/tests/check_strbuf: ALL_LDFLAGS += -Wl,--wrap=realloc

$(BUILD)/tests/obj:
	mkdir -p $@

# The test command: dependencies, build, the man pages' lint, the doors
# between the rooms, every Check suite, every end-to-end script.
check: deps-test
	@$(MAKE) --no-print-directory $(BIN) $(LINK) $(TEST_BIN) $(BUILD)/bench
	@$(MAKE) --no-print-directory lint doors unit e2e

unit: $(TEST_BIN)
	@sh tools/run-tests.sh unit $(TEST_BIN)

e2e: $(BIN)
	@EMBUDO_BIN=$(abspath $(BIN)) sh tools/run-tests.sh e2e $(E2E)

# Open the board on your database (created on first use).
run: deps
	@$(MAKE) --no-print-directory $(BIN) $(LINK)
	$(BIN)

# A demo database, opened on the board.
demo: deps
	@$(MAKE) --no-print-directory $(BIN) $(LINK)
	@if [ ! -f demo.db ]; then $(BIN) --db demo.db demo; fi
	$(BIN) --db demo.db

# The benchmark: the real board on a pseudo-terminal over 10 to 1,000,000
# opportunities (see bench/bench.c). `make bench SIZES="10 10000"` for a
# quick run; RUNS sets the sessions per size. The databases are built once
# and cached in $(BUILD) (1,000,000 takes long the first time).
SIZES ?= 10 10000 100000 1000000
RUNS  ?= 5
BENCH_SRC := $(wildcard bench/*.c)
BENCH_OBJ := $(BENCH_SRC:bench/%.c=$(BUILD)/bench-obj/%.o)

bench: deps
	@$(MAKE) --no-print-directory $(BIN) $(LINK) $(BUILD)/bench
	@sh tools/bench.sh $(abspath $(BUILD)) "$(RUNS)" $(SIZES)

$(BUILD)/bench-obj/%.o: bench/%.c $(wildcard bench/*.h) $(HEADERS) | $(BUILD)/bench-obj
	$(CC) $(ALL_CFLAGS) -Ibench -c -o $@ $<

$(BUILD)/bench: $(BENCH_OBJ) $(BUILD)/libembudo.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lutil -lm

$(BUILD)/bench-obj:
	mkdir -p $@

# The doors between the rooms of src/ (tools/doors.sh).
doors:
	@sh tools/doors.sh

lint:
	mandoc -Tlint -W warning man/*.[0-9]

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(SHAREDIR)/themes
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/embudo
	install -m 0644 man/embudo.1 $(DESTDIR)$(MANPREFIX)/man1/embudo.1
	install -m 0644 man/embudo-config.5 $(DESTDIR)$(MANPREFIX)/man5/embudo-config.5
	install -m 0644 themes/*.yaml $(DESTDIR)$(SHAREDIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/embudo $(DESTDIR)$(MANPREFIX)/man1/embudo.1 $(DESTDIR)$(MANPREFIX)/man5/embudo-config.5
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build build-* embudo

include fuzz/fuzz.mk
