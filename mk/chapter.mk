# The whole Makefile of a chapter: it sets PROG_NAME (and PKGS), then
# includes this.  Builds lib$(PROG_NAME).a from every .c but main.c, and
# $(BINDIR)/$(PROG_NAME) from main.c and the library.
include $(dir $(lastword $(MAKEFILE_LIST)))common.mk

CHAPTER_DIR := $(notdir $(CURDIR))
SRC_DIR   := $(CURDIR)
LIB_SRCS  := $(filter-out $(SRC_DIR)/main.c,$(wildcard $(SRC_DIR)/*.c))
LIB_OBJS  := $(patsubst $(SRC_DIR)/%.c,$(OBJDIR)/$(CHAPTER_DIR)/%.o,$(LIB_SRCS))
LIB       := $(OBJDIR)/$(CHAPTER_DIR)/lib$(PROG_NAME).a
PROG      := $(BINDIR)/$(PROG_NAME)

all: $(PROG)

$(OBJDIR)/$(CHAPTER_DIR)/%.o: $(SRC_DIR)/%.c
	@mkdir -p $(dir $@)
	$(Q)$(call quiet,CC,$<)$(COMPILE) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	$(Q)$(call quiet,AR,$@)$(AR) rcs $@ $^

$(PROG): $(OBJDIR)/$(CHAPTER_DIR)/main.o $(LIB) $(EXTRA_LIBS) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(Q)$(call quiet,LD,$@)$(CC) $(MR_LDFLAGS) $(LDFLAGS) -o $@ $^ $(MR_LDLIBS) $(LDLIBS)

lib: $(LIB)

-include $(LIB_OBJS:.o=.d) $(OBJDIR)/$(CHAPTER_DIR)/main.d

clean:
	rm -rf $(OBJDIR)/$(CHAPTER_DIR) $(PROG)

.PHONY: all lib clean
