# samestory — one plain GNU Makefile (see README "Building" for why not Meson).
#
#   make                 build/libsamestory.{a,so}, build/samestory
#   make test            unit tests + CLI tests on the normal build
#   make check           test + the same suite under ASan/UBSan + short fuzz runs
#                        + the seeds evaluation summary (what CI runs)
#   make fuzz            build libFuzzer harnesses (clang) into build-fuzz/
#   make bench           build the benchmark programs
#   make install PREFIX=/usr/local [DESTDIR=...]
#
# Variables: BUILD (output folder), SANITIZE=1 (ASan+UBSan build, default
# folder build-san), CC, CFLAGS, EXTRA_CFLAGS, FUZZ_SECONDS.
#
# Sources are found by folder: every lib/*/*.c is part of the library, every
# cli/*.c part of the CLI, every tests/unit/test_*.c one unit-test program.

VERSION      := $(shell sed -n 's/^\#define SS_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$$/\2/p' lib/core/version.h | paste -sd.)
SOVERSION    := 0
PREFIX       ?= /usr/local
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
BINDIR       ?= $(PREFIX)/bin
DATADIR      ?= $(PREFIX)/share/samestory
MANDIR       ?= $(PREFIX)/share/man

ifeq ($(SANITIZE),1)
BUILD        ?= build-san
SAN_FLAGS    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT          ?= -O1 -g
else
BUILD        ?= build
SAN_FLAGS    :=
OPT          ?= -O2 -g
endif

CC           ?= cc
PKGS         := libutf8proc libxxhash jansson yajl zlib libzstd libexttextcat libxml-2.0 icu-uc icu-i18n sqlite3
PKG_CFLAGS   := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS     := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lpthread -lm
TEXTCAT_DIR  := $(shell pkg-config --variable=pkgdatadir libexttextcat 2>/dev/null)

WARN         := -Wall -Wextra -Werror -Wformat=2 -Wvla -Wstrict-prototypes \
                -Wmissing-prototypes -Wshadow -Wpointer-arith -Wundef
DEFS         := -D_GNU_SOURCE -DSS_DATADIR='"$(DATADIR)"' -DSS_SRCDATADIR='"$(CURDIR)/data"' \
                -DSS_BUILDDATADIR='"$(CURDIR)/$(BUILD)/data"' \
                -DSS_TEXTCAT_DIR='"$(TEXTCAT_DIR)/"'
ALL_CFLAGS   := -std=c11 $(OPT) $(WARN) $(DEFS) -fPIC -fvisibility=hidden \
                -Ilib $(PKG_CFLAGS) $(SAN_FLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS  := $(SAN_FLAGS) $(LDFLAGS)

LIB_SRC      := $(sort $(wildcard lib/*/*.c))
CLI_SRC      := $(sort $(wildcard cli/*.c))
TEST_SRC     := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC    := $(sort $(wildcard bench/*.c))
TOOL_SRC     := $(sort $(wildcard tools/*.c))
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
LIB_HDR      := lib/samestory.h $(sort $(wildcard lib/*/*.h))
PUBLIC_HDR   := $(filter-out %_internal.h,$(LIB_HDR))

LIB_OBJ      := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ      := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN     := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN    := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
REPLAY_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz-replay/%)
TOOL_BIN     := $(TOOL_SRC:tools/%.c=$(BUILD)/tools/%)
DICTD_DIR    ?= /usr/share/dictd
DICTD_FILES  := $(wildcard $(DICTD_DIR)/freedict-*.index)
LEXICON      := $(BUILD)/data/lexicon.bin

STATIC_LIB   := $(BUILD)/libsamestory.a
SHARED_LIB   := $(BUILD)/libsamestory.so.$(VERSION)
CLI_BIN      := $(BUILD)/samestory

.PHONY: all lib test unit-test cli-test check sanitize-test fuzz fuzz-run \
        bench seeds-eval install uninstall clean deps-check
.DEFAULT_GOAL := all

all: deps-check $(CLI_BIN) $(STATIC_LIB) $(SHARED_LIB) $(LEXICON)
lib: $(STATIC_LIB) $(SHARED_LIB)

deps-check:
	@pkg-config --exists $(PKGS) || { echo "missing development packages; run ./setup.sh (pkg-config: $$(pkg-config --print-errors --exists $(PKGS) 2>&1 | head -3))" >&2; exit 1; }

ifneq ($(V),1)
Q := @
endif

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(STATIC_LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(SHARED_LIB): $(LIB_OBJ)
	$(Q)$(CC) -shared -Wl,-soname,libsamestory.so.$(SOVERSION) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)
	$(Q)ln -sf libsamestory.so.$(VERSION) $(BUILD)/libsamestory.so.$(SOVERSION)
	$(Q)ln -sf libsamestory.so.$(SOVERSION) $(BUILD)/libsamestory.so

$(CLI_BIN): $(CLI_OBJ) $(STATIC_LIB)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(STATIC_LIB) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -MMD -MP -o $@ $< $(STATIC_LIB) $(PKG_LIBS) -lcmocka $(ALL_LDFLAGS)

# build-time tools, and the lexicon one of them makes from the installed
# FreeDict dictionaries (rebuilt when a dictionary package comes or goes)
$(BUILD)/tools/%: tools/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(STATIC_LIB) $(PKG_LIBS) $(ALL_LDFLAGS)

$(LEXICON): $(BUILD)/tools/build_lexicon $(DICTD_FILES) data/stopwords/en.txt
	@mkdir -p $(dir $@)
	@echo "  LEXICON $@ (from $(words $(DICTD_FILES)) dictionaries in $(DICTD_DIR))"
	$(Q)$(BUILD)/tools/build_lexicon $@ $(DICTD_DIR) 2>$(BUILD)/lexicon.log || { cat $(BUILD)/lexicon.log >&2; exit 1; }

$(BUILD)/bench/%: bench/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(STATIC_LIB) $(PKG_LIBS) $(ALL_LDFLAGS)

# Each fuzz target linked with a replay driver: the normal test run feeds it
# the checked-in corpus (tests/fuzz/corpus/<target>/).
$(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -MMD -MP -o $@ $< tests/fuzz/replay.c $(STATIC_LIB) $(PKG_LIBS) $(ALL_LDFLAGS)

# ---- tests -------------------------------------------------------------
# tests/run.sh runs every unit-test program and the CLI tests and ends with
# one line "N passed, M failed".
test: all $(TEST_BIN) $(REPLAY_BIN)
	@BUILD=$(BUILD) sh tests/run.sh

unit-test: $(TEST_BIN)
cli-test: all

sanitize-test:
	$(MAKE) SANITIZE=1 test

FUZZ_SECONDS ?= 30
FUZZ_BIN     := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_LIB_SRC := $(LIB_SRC)
FUZZ_CFLAGS  := -std=c11 -O1 -g $(WARN) $(DEFS) -Ilib $(PKG_CFLAGS) \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

build-fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p build-fuzz
	$(Q)clang $(FUZZ_CFLAGS) -Wno-missing-prototypes -o $@ $< $(FUZZ_LIB_SRC) $(PKG_LIBS)

fuzz: $(FUZZ_BIN)

fuzz-run: fuzz
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

seeds-eval: all
	@if [ -d ../shared/seeds ]; then \
	  echo "== ../shared/eval/seeds.py (capabilities still to come may fail)"; \
	  python3 ../shared/eval/seeds.py --bin $(CLI_BIN) || true; \
	else echo "== ../shared/seeds not present; seeds evaluation skipped"; fi

check:
	@rm -f build/test-summary build-san/test-summary build-fuzz/test-summary
	$(MAKE) test
	$(MAKE) SANITIZE=1 test
	$(MAKE) fuzz-run
	$(MAKE) seeds-eval
	@cat build/test-summary build-san/test-summary build-fuzz/test-summary | \
	  awk '{p += $$1; f += $$2} END {printf "total: %d passed, %d failed\n", p, f; exit f > 0}'

bench: $(BENCH_BIN)

# ---- install -----------------------------------------------------------
$(BUILD)/samestory.pc: samestory.pc.in
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|; s|@PKGS@|$(PKGS)|' $< > $@

install: all $(BUILD)/samestory.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(INCLUDEDIR)/samestory $(DESTDIR)$(DATADIR)
	install -m 755 $(CLI_BIN) $(DESTDIR)$(BINDIR)/samestory
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(LIBDIR)/
	ln -sf libsamestory.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libsamestory.so.$(SOVERSION)
	ln -sf libsamestory.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libsamestory.so
	install -m 644 $(BUILD)/samestory.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 man/samestory.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 lib/samestory.h $(DESTDIR)$(INCLUDEDIR)/samestory/
	for h in $(filter-out lib/samestory.h,$(PUBLIC_HDR)); do \
	  d=$(DESTDIR)$(INCLUDEDIR)/samestory/$$(dirname $${h#lib/}); install -d $$d; install -m 644 $$h $$d/; done
	cp -r data/. $(DESTDIR)$(DATADIR)/
	install -m 644 $(LEXICON) $(DESTDIR)$(DATADIR)/

uninstall:
	rm -rf $(DESTDIR)$(BINDIR)/samestory $(DESTDIR)$(LIBDIR)/libsamestory.* \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/samestory.pc $(DESTDIR)$(MANDIR)/man1/samestory.1 \
	  $(DESTDIR)$(INCLUDEDIR)/samestory $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_BIN:=.d) $(BENCH_BIN:=.d) $(REPLAY_BIN:=.d) \
         $(TOOL_BIN:=.d)
