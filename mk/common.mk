# Shared by every chapter Makefile.  A chapter Makefile sets TOPIC (its
# library name), LIB_OBJS, PROG and PROG_OBJS, then includes this file.
#
#   make                 objects in build/normal, programs in bin/
#   make SANITIZE=1      objects in build/asan, programs in build/asan/bin
#                        (-fsanitize=address,undefined: what `make test` runs)

ifndef MINIRUNC_COMMON_MK
MINIRUNC_COMMON_MK := 1
.DEFAULT_GOAL := all
TOP      := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
SANITIZE ?=
ifeq ($(SANITIZE),1)
VARIANT  := asan
BINDIR   ?= $(TOP)/build/asan/bin
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
VARIANT  := normal
BINDIR   ?= $(TOP)/bin
SANFLAGS :=
endif
OBJDIR   := $(TOP)/build/$(VARIANT)

CC       ?= cc
PKGS     ?=
CFLAGS   ?= -O2 -g
# -Wno-format-truncation: messages and trace lines are cut on purpose when
# over-long (as the kernel build does); paths are checked where it matters.
# -MMD -MP: each object's header dependencies in a .d beside it (read
# below), so a changed struct in another chapter's header rebuilds every
# object that uses it.
CFLAGS   += -MMD -MP -std=gnu11 -Wall -Wextra -Werror -Wno-format-truncation -D_GNU_SOURCE $(SANFLAGS) \
            -I$(TOP)/common $(addprefix -I$(TOP)/,$(INCLUDE_DIRS)) \
            $(if $(PKGS),$(shell pkg-config --cflags $(PKGS)))
LDFLAGS  += $(SANFLAGS)
LDLIBS   += $(if $(PKGS),$(shell pkg-config --libs $(PKGS)))

COMMON_LIB := $(OBJDIR)/common/libcommon.a
COMMON_SRCS := $(wildcard $(TOP)/common/*.c)
COMMON_OBJS := $(patsubst $(TOP)/common/%.c,$(OBJDIR)/common/%.o,$(COMMON_SRCS))

$(OBJDIR)/common/%.o: $(TOP)/common/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(COMMON_LIB): $(COMMON_OBJS)
	$(AR) rcs $@ $^

-include $(COMMON_OBJS:.o=.d)
endif
