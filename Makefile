# SPDX-License-Identifier: GPL-2.0-only
# linkctl: build, test, demo, install. The version comes from VERSION only.

VERSION   := $(shell cat VERSION)
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= gcc
CLANG     ?= clang
BPFTOOL   ?= bpftool
RST2MAN   ?= rst2man
PKGS      := libbpf libmnl libcjson readline
ARCH_INC  := /usr/include/$(shell uname -m)-linux-gnu

# Recursive (=) so that they are read after `deps` has installed the libraries.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
# linkctl itself takes libbpf (with libelf and zlib) and readline (with libtinfo) from their
# static archives: every shared library costs each run its mapping and relocation, which is
# a large part of a one-link command's start. STATIC_PKGS= links them all
# dynamically (a packager's choice); libmnl and cJSON ship no archive on Debian.
STATIC_PKGS ?= libbpf readline
STATIC_LIBS  = $(if $(strip $(STATIC_PKGS)),$(shell pkg-config --static --libs $(STATIC_PKGS)))
LINKCTL_LIBS = $(if $(STATIC_LIBS),-Wl$(comma)-Bstatic $(STATIC_LIBS) -Wl$(comma)-Bdynamic) \
	       $(shell pkg-config --libs $(filter-out $(STATIC_PKGS),$(PKGS)))
comma := ,
CFLAGS    ?= -O2 -g
# CPPFLAGS and LDFLAGS from the environment or the command line are honoured (packagers set them).
CPPFLAGS  ?=
LDFLAGS   ?=
# Warnings. -Werror only with WERROR=1 (CI sets it): a newer compiler's new warning must
# not break a user's build.
WARN      := -Wall -Wextra -Wno-missing-field-initializers -Wshadow -Wformat=2 \
	     -Wconversion -Wsign-conversion
ifeq ($(WERROR),1)
WARN      += -Werror
endif
ALL_CFLAGS = $(CPPFLAGS) $(CFLAGS) $(WARN) -std=gnu11 -MMD -MP -DLC_VERSION='"$(VERSION)"' \
	     -Ibuild/bpf $(PKG_CFLAGS)

SRCS      := $(wildcard cmd/*.c lib/*.c)
OBJS      := $(SRCS:%.c=build/%.o)
ASAN_OBJS := $(SRCS:%.c=build/asan/%.o)
# linkctl's own BPF programs (bpf/), each built into a light skeleton header under build/bpf.
SKEL_SRCS := $(wildcard bpf/*.bpf.c)
SKELS     := $(SKEL_SRCS:bpf/%.bpf.c=build/bpf/%.lskel.h)
BPF_SRCS  := $(wildcard tests/bpf/*.bpf.c)
BPF_OBJS  := $(BPF_SRCS:.c=.o)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:.c=.bin)
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:.c=.bin)
MAN_SRCS  := $(wildcard docs/man/*.rst)
MANS      := $(MAN_SRCS:.rst=.8)
# Debian's bash-completion.pc spells datadir out (not ${prefix}/share): define both.
COMPLETIONSDIR = $(shell pkg-config --define-variable=prefix=$(PREFIX) \
			--define-variable=datadir=$(PREFIX)/share \
			--variable=completionsdir bash-completion 2>/dev/null || \
			echo $(PREFIX)/share/bash-completion/completions)

.PHONY: all deps check check-unit check-kernels demo install uninstall clean asan bpf man bench fuzz fuzz-regress analyze check-formats linkctl-analyze

all: linkctl

linkctl: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LINKCTL_LIBS)

build/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# CO-RE objects: the kernel's loader relocates them against its own BTF when the light
# skeleton loads them, so no vmlinux.h is generated here.
build/bpf/%.bpf.o: bpf/%.bpf.c
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -target bpf -I$(ARCH_INC) -Ibpf -MMD -MP -c -o $@ $<
build/bpf/%.lskel.h: build/bpf/%.bpf.o
	$(BPFTOOL) gen skeleton -L $< name lc_$*_bpf > $@.tmp && mv $@.tmp $@
.SECONDARY: $(SKEL_SRCS:bpf/%.c=build/bpf/%.o)

# The C files that include a skeleton (their .d files know it only after a first build).
build/lib/link_iter.o build/asan/lib/link_iter.o build/fuzz/lib/link_iter.o build/analyze/lib/link_iter.o: build/bpf/link_iter.lskel.h
build/lib/owners_iter.o build/asan/lib/owners_iter.o build/fuzz/lib/owners_iter.o build/analyze/lib/owners_iter.o: build/bpf/owners_iter.lskel.h
build/lib/link_iter_full.o build/asan/lib/link_iter_full.o build/fuzz/lib/link_iter_full.o build/analyze/lib/link_iter_full.o: build/bpf/link_info_iter.lskel.h
build/lib/nsfs_fds_iter.o build/asan/lib/nsfs_fds_iter.o build/fuzz/lib/nsfs_fds_iter.o build/analyze/lib/nsfs_fds_iter.o: build/bpf/nsfs_fds_iter.lskel.h
build/lib/self_iter.o build/asan/lib/self_iter.o build/fuzz/lib/self_iter.o build/analyze/lib/self_iter.o: build/bpf/self_hook.lskel.h build/bpf/self_links.lskel.h

# AddressSanitizer + UBSan build; `make check ASAN=1` runs the suite with it.
asan: linkctl-asan
linkctl-asan: $(ASAN_OBJS)
	$(CC) $(LDFLAGS) -fsanitize=address,undefined -o $@ $^ $(PKG_LIBS)
build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -c -o $@ $<

bpf: $(BPF_OBJS)
tests/bpf/%.bpf.o: tests/bpf/%.bpf.c
	$(CLANG) -O2 -g -target bpf -I$(ARCH_INC) -c -o $@ $<
tests/bpf/cgroup_count.bpf.o tests/bpf/counter_map.bpf.o: tests/bpf/count_one.h

man: $(MANS)
# Without rst2man (python3-docutils) a prebuilt page is kept, so that `make install` works
# from a tree whose pages were built elsewhere; a missing page is still an error.
docs/man/%.8: docs/man/%.rst
	@if command -v $(RST2MAN) >/dev/null; then echo "$(RST2MAN) --halt=warning $< $@"; \
		$(RST2MAN) --halt=warning $< $@; \
	elif [ -s $@ ]; then echo "rst2man not found: keeping the prebuilt $@" >&2; touch $@; \
	else echo "rst2man not found (python3-docutils) and no prebuilt $@" >&2; exit 1; fi

# Unit tests of pure C logic link the lib/ and cmd/ objects they test (not main.c).
tests/unit/%.bin: tests/unit/%.c $(filter-out build/cmd/main.o,$(OBJS))
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter-out %.h,$^) $(PKG_LIBS)
# The same under ASan/UBSan, apart so that the two builds never stand in for each other.
ASAN_UNIT_BINS := $(UNIT_SRCS:%.c=build/asan/%.bin)
build/asan/tests/unit/%.bin: tests/unit/%.c $(filter-out build/asan/cmd/main.o,$(ASAN_OBJS))
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -o $@ $(filter-out %.h,$^) $(PKG_LIBS)

# Test helpers (an owning process, link churn) use lib/ but not the command front end.
tests/tools/%.bin: tests/tools/%.c $(filter build/lib/%,$(OBJS))
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter-out %.h,$^) $(PKG_LIBS)

deps:
	@scripts/install-deps

check-unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do ./$$t || exit 1; done

ifeq ($(ASAN),1)
CHECK_BIN   := linkctl-asan
CHECK_UNITS := $(ASAN_UNIT_BINS)
CHECK_UNIT_DIR := build/asan/tests/unit
else
CHECK_BIN   := linkctl
CHECK_UNITS := $(UNIT_BINS)
CHECK_UNIT_DIR := tests/unit
endif

# The dependencies are installed by `make demo`, `make deps` or scripts/install-deps (CI
# runs it first); check only says which step is missing, it never runs apt-get.
check:
	@command -v bats >/dev/null || { echo "make check: bats not found: run scripts/install-deps (or make demo) first" >&2; exit 1; }
	@$(MAKE) --no-print-directory $(CHECK_BIN) bpf man $(CHECK_UNITS) $(TOOL_BINS)
	LINKCTL=$(CURDIR)/$(CHECK_BIN) LC_UNIT_DIR=$(CHECK_UNIT_DIR) tests/run

# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/corpus/NAME/): built
# with clang, ASan and UBSan. `make fuzz` runs each for FUZZ_SECONDS on a copy of its
# corpus (the tree is never written); `make fuzz-regress` runs the checked-in inputs once.
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_OBJS    := $(filter-out build/fuzz/cmd/main.o,$(SRCS:%.c=build/fuzz/%.o))
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 30
build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(CLANG) $(ALL_CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(CLANG) $(ALL_CFLAGS) $(LDFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $(filter-out %.h,$^) $(PKG_LIBS)
fuzz: $(FUZZ_BINS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run $(FUZZ_BINS)
fuzz-regress: $(FUZZ_BINS)
	tests/fuzz/run --regress $(FUZZ_BINS)

# Static analysis: clang's analyzer over a fresh build, and cppcheck; both must be silent
# (a finding is fixed, or annotated where it is made, with the reason).
analyze: $(SKELS)
	rm -rf build/analyze
	scan-build --status-bugs -o build/analyze/report $(MAKE) --no-print-directory -B \
		CC=clang linkctl-analyze
	$(MAKE) --no-print-directory check-formats
	cppcheck --quiet --error-exitcode=1 --inline-suppr --enable=warning,performance,portability \
		--std=c11 -D__linux__ -DLC_VERSION='"0"' --include=scripts/cppcheck-libbpf.h -I lib -I cmd \
		$(SRCS) $(UNIT_SRCS) $(FUZZ_SRCS)
# Every output field's text format against its value's C type (cmd/out.h, LC_FORMAT_CHECK).
check-formats:
	@for f in $(filter-out cmd/out.c,$(filter cmd/%,$(SRCS))); do \
		$(CC) $(ALL_CFLAGS) -DLC_FORMAT_CHECK -Werror -Wno-format-nonliteral -Wno-unused \
			-Wno-unused-parameter -fsyntax-only $$f || exit 1; \
	done
linkctl-analyze: $(SRCS:%.c=build/analyze/%.o)
build/analyze/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The suite inside qemu on Debian's kernels (scripts/check-kernels); select with
# KERNELS="6.1 6.12" and TESTS="xdp_attach link_list" (bats file names).
check-kernels:
	@scripts/install-deps --kernels
	@$(MAKE) --no-print-directory $(CHECK_BIN) bpf man $(CHECK_UNITS) $(TOOL_BINS)
	LINKCTL=$(CURDIR)/$(CHECK_BIN) LC_UNIT_DIR=$(CHECK_UNIT_DIR) KERNELS="$(KERNELS)" TESTS="$(TESTS)" \
		scripts/check-kernels

demo: deps
	@$(MAKE) --no-print-directory linkctl bpf
	scripts/demo

bench: deps
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory linkctl bpf $(TOOL_BINS)
	bench/link-list
	bench/xdp-batch
	bench/attach-show
	bench/monitor

install: linkctl man
	install -D -m 0755 linkctl $(DESTDIR)$(PREFIX)/sbin/linkctl
	for m in $(MANS); do install -D -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man8/$$(basename $$m); done
	install -D -m 0644 bash-completion/linkctl $(DESTDIR)$(COMPLETIONSDIR)/linkctl

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/linkctl $(DESTDIR)$(COMPLETIONSDIR)/linkctl
	for m in $(MANS); do rm -f $(DESTDIR)$(PREFIX)/share/man/man8/$$(basename $$m); done

clean:
	rm -rf build linkctl linkctl-asan $(BPF_OBJS) $(UNIT_BINS) $(TOOL_BINS) $(MANS) \
		$(UNIT_BINS:.bin=.d) $(TOOL_BINS:.bin=.d)

-include $(OBJS:.o=.d) $(ASAN_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d) $(SKEL_SRCS:bpf/%.c=build/bpf/%.d)
# Unit tests and tools are compiled and linked in one step; gcc names their .d after the .bin.
-include $(UNIT_BINS:.bin=.d) $(ASAN_UNIT_BINS:.bin=.d) $(TOOL_BINS:.bin=.d) $(FUZZ_BINS:=.d)
