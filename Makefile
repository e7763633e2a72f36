# minirunc: how an OCI runtime starts a container, one kernel layer at a time.
#
#   make          build every chapter's program into bin/
#   make demo     install what is missing, build, run the demo
#   make test     install what is missing, build with sanitizers, run the
#                 unit (cmocka) and integration (bats) tests
#   make test-vm  only the cgroup and runtime suites, in a pure cgroup v2 guest
#                 and a v1-only guest (tests/vm/guest.sh; make test runs them too)
#   make doctest  every console block of the guides, run and compared with
#                 what the guide shows (make test runs it too)
#   make lab DEST=DIR   a student tree for the classroom labs: every hole
#                 (a function marked LAB in the source) a stub (docs/labs.md)
#   make check    the labs' checker: one line per hole and per exercise of
#                 the guides, ✔ or ✘ (CHAPTER=, STEP=, REPORT=FILE)
#   make docs     the guides' pictures, docs/pictures/*.{en,zh}.svg, drawn by
#                 Graphviz from their sources in docs/pictures/src
#   make fuzz     each libFuzzer target (tests/fuzz) for FUZZ_SECONDS (300)
#   make tools    the helpers the tests and guides use (tests/tools), into
#                 build/asan/tests/ (zombies, showid, recvtty, ...)
#   make bench    minirunc beside crun and runc, run by run: ratios with their
#                 spread, peak RSS, system calls, here and in a pure v2 guest
#                 (scripts/bench.sh; the tables go to build/bench*.md)
#   make install  the six programs into $(DESTDIR)$(PREFIX)/bin
#                 (PREFIX=/usr/local by default); make uninstall
#   make compilers  the tree built by gcc and by clang (make test does this)
#   make clean
#
# Build knobs: CC=clang, CFLAGS=... (only optimisation/debug change: the
# include paths, -std and warnings stay), V=1 for full command lines.

CHAPTERS := 01-rootfs 02-namespace 03-cgroups 04-capability 05-env combined
PROGRAMS := rootfs namespace cgroups capability procenv minirunc
TOP      := $(CURDIR)
PREFIX   ?= /usr/local
DESTDIR  ?=

# -s: no "Nothing to be done" per chapter; the rules print "CC file" (V=1: the commands).
SILENT   := $(if $(filter 1,$(V)),,-s)

all:
	@for c in $(CHAPTERS); do $(MAKE) --no-print-directory $(SILENT) -C $$c || exit 1; done

deps:
	@sh scripts/install-deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

# Tests run the sanitized build (-fsanitize=address,undefined), see tests/.
# First the tree must build warning-free with both compilers.
test: deps
	@$(MAKE) --no-print-directory compilers
	@$(MAKE) --no-print-directory -C tests all

# gcc builds bin/; clang builds into build/clang, with CFLAGS of its own
# to show that a caller's CFLAGS change only what they say.
compilers:
	@echo "== build: gcc"
	@$(MAKE) --no-print-directory all CC=gcc
	@echo "== build: clang, CFLAGS='-O1 -g0'"
	@$(MAKE) --no-print-directory all CC=clang CFLAGS='-O1 -g0' \
	    BUILDDIR=$(TOP)/build/clang BINDIR=$(TOP)/build/clang/bin

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(addprefix bin/,$(PROGRAMS)) $(DESTDIR)$(PREFIX)/bin/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/bin/,$(PROGRAMS))

unit: deps
	@$(MAKE) --no-print-directory -C tests unit

tools: deps
	@$(MAKE) --no-print-directory -C tests tools

bats: deps
	@$(MAKE) --no-print-directory -C tests bats

test-vm: deps
	@$(MAKE) --no-print-directory -C tests vm

# Every ```console block of README.md, docs/*.md and docs/zh/*.md, run and compared.
doctest: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory -C tests doctest

# Classroom labs (docs/labs.md): a student tree with holes, and the checker.
lab:
	@sh scripts/lab.sh "$(DEST)"

check: all
	@CHAPTER="$(CHAPTER)" STEP="$(STEP)" REPORT="$(REPORT)" bash tests/lab/check.sh

# The pictures of the guides, in English and Chinese, from one source each.
docs: deps
	@sh docs/pictures/build.sh

# Each libFuzzer target for FUZZ_SECONDS (make test gives each 10).
FUZZ_SECONDS ?= 300
fuzz: deps
	@$(MAKE) --no-print-directory -C tests fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

bench: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/bench.sh
	@bash scripts/bench.sh --guest v2 10 10

clean:
	rm -rf build bin

.PHONY: all deps demo test compilers install uninstall unit tools bats doctest docs lab check fuzz test-vm bench clean
