# minirunc: how an OCI runtime starts a container, one kernel layer at a time.
#
#   make          build every chapter's program into bin/
#   make demo     install what is missing, build, run the demo
#   make test     install what is missing, build with sanitizers, run the
#                 unit (cmocka) and integration (bats) tests
#   make test-vm  only the cgroup and runtime suites, in a pure cgroup v2 guest
#                 and a v1-only guest (tests/vm/guest.sh; make test runs them too)
#   make bench    minirunc beside runc and crun: median start times, ratios,
#                 peak RSS (scripts/bench.sh; the table goes to build/bench.md)
#   make clean

CHAPTERS := 01-rootfs 02-namespace 03-cgroups 04-capability 05-env combined
TOP      := $(CURDIR)

all:
	@for c in $(CHAPTERS); do $(MAKE) --no-print-directory -C $$c || exit 1; done

deps:
	@sh scripts/install-deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

# Tests run the sanitized build (-fsanitize=address,undefined), see tests/.
test: deps
	@$(MAKE) --no-print-directory -C tests all

unit: deps
	@$(MAKE) --no-print-directory -C tests unit

bats: deps
	@$(MAKE) --no-print-directory -C tests bats

test-vm: deps
	@$(MAKE) --no-print-directory -C tests vm

bench: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/bench.sh

clean:
	rm -rf build bin

.PHONY: all deps demo test unit bats test-vm bench clean
