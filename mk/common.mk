# Shared by every chapter Makefile (through mk/chapter.mk; combined/ also
# includes it first, for OBJDIR).  A chapter Makefile sets PROG_NAME, and
# PKGS and INCLUDE_DIRS where it needs them.
#
#   make                 objects in build/normal, programs in bin/
#   make SANITIZE=1      objects in build/asan, programs in build/asan/bin
#                        (-fsanitize=address,undefined: what `make test` runs)
#   make SANITIZE=fuzz CC=clang   build/fuzz: the libraries for tests/fuzz
#   make BUILDDIR=D BINDIR=D/bin   objects and programs elsewhere (a second
#                        compiler's build beside the first)

ifndef MINIRUNC_COMMON_MK
MINIRUNC_COMMON_MK := 1
.DEFAULT_GOAL := all
TOP      := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
include $(TOP)/mk/flags.mk
SANITIZE ?=
BUILDDIR ?= $(TOP)/build
ifeq ($(SANITIZE),1)
VARIANT  := asan
BINDIR   ?= $(BUILDDIR)/asan/bin
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
            -DMINIRUNC_FAULTS
else ifeq ($(SANITIZE),fuzz)
# The libraries for tests/fuzz (clang's libFuzzer): instrumented for it,
# linked into the fuzz targets there.
VARIANT  := fuzz
BINDIR   ?= $(BUILDDIR)/fuzz/bin
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
else
VARIANT  := normal
BINDIR   ?= $(TOP)/bin
SANFLAGS :=
endif
OBJDIR   := $(BUILDDIR)/$(VARIANT)

PKGS     ?=
# STATIC_PKGS: libraries linked into the program itself (their .a, from the
# same -dev packages), for a program whose start-up time is measured
# (combined/Makefile says why).
STATIC_PKGS ?=
# CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS are the caller's (optimisation and
# debug by default); what the build cannot do without is in MR_*, so that
# `make CFLAGS=-O0` changes only what it says.
CFLAGS   ?= -O2 -g
# -MMD -MP: each object's header dependencies in a .d beside it (read
# below), so a changed struct in another chapter's header rebuilds every
# object that uses it.
MR_CFLAGS := -MMD -MP -std=gnu11 $(MR_WARNINGS) -D_GNU_SOURCE $(SANFLAGS) \
             -I$(TOP)/common $(addprefix -I$(TOP)/,$(INCLUDE_DIRS)) \
             $(if $(PKGS)$(STATIC_PKGS),$(shell pkg-config --cflags $(PKGS) $(STATIC_PKGS)))
# --as-needed: a library no object calls is not loaded (gcc on Debian does
# this already; clang does not).
MR_LDFLAGS := $(SANFLAGS) -Wl,--as-needed
MR_STATIC  := -Wl,-Bstatic $(if $(STATIC_PKGS),$(shell pkg-config --libs --static $(STATIC_PKGS))) -Wl,-Bdynamic
MR_LDLIBS  := $(if $(PKGS),$(shell pkg-config --libs $(PKGS))) $(if $(STATIC_PKGS),$(MR_STATIC))
COMPILE    = $(CC) $(MR_CFLAGS) $(CPPFLAGS) $(CFLAGS)

COMMON_LIB := $(OBJDIR)/common/libcommon.a
COMMON_SRCS := $(wildcard $(TOP)/common/*.c)
COMMON_OBJS := $(patsubst $(TOP)/common/%.c,$(OBJDIR)/common/%.o,$(COMMON_SRCS))

$(OBJDIR)/common/%.o: $(TOP)/common/%.c
	@mkdir -p $(dir $@)
	$(Q)$(call quiet,CC,$<)$(COMPILE) -c -o $@ $<

$(COMMON_LIB): $(COMMON_OBJS)
	$(Q)$(call quiet,AR,$@)$(AR) rcs $@ $^

-include $(COMMON_OBJS:.o=.d)
endif
