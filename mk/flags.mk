# The compiler flags the project needs, whatever CFLAGS says, and the quiet
# rule style.  Included by mk/common.mk (the chapters) and tests/Makefile.
#
#   make CFLAGS=-O0      only the optimisation/debug flags change: the
#                        include paths, -std and the warnings stay
#   make CC=clang        gcc and clang both build the tree (CI builds both)
#   make V=1             full command lines instead of "CC file.c"

ifndef MINIRUNC_FLAGS_MK
MINIRUNC_FLAGS_MK := 1

# -Wno-format-truncation: messages and trace lines are cut on purpose when
# over-long (as the kernel build does); paths are checked where it matters.
# gcc has that warning, clang has not and, under -Werror, refuses to hear
# of it: ask the compiler once.
MR_WARNINGS := -Wall -Wextra -Werror \
    $(shell $(CC) -Werror -Wno-format-truncation -x c -c -o /dev/null /dev/null 2>/dev/null \
              && echo -Wno-format-truncation)

# A student tree of the classroom labs (scripts/lab.sh) adds its own here.
-include $(dir $(lastword $(filter %/flags.mk flags.mk,$(MAKEFILE_LIST))))lab.mk

V ?= 0
ifeq ($(V),1)
Q :=
quiet =
else
# A recipe line is $(Q)$(call quiet,CC,FILE)COMMAND: "  CC     FILE" is
# shown, the command runs silently.
Q := @
quiet = printf '  %-6s %s\n' '$(1)' '$(patsubst $(TOP)/%,%,$(2))';
endif

endif
