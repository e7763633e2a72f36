/* libFuzzer: an image layer (2.1.1 step 1) from any bytes, unpacked into
 * a scratch root: whatever the tar says, nothing may land outside it, and
 * the unpacker must not crash.  The scratch root is emptied after each
 * input and removed at exit. */
#include "error.h"
#include "inroot.h"
#include "layer.h"

#include <archive.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char scratch[64];
static int scratch_fd = -1;

static void remove_scratch(void)
{
    int tmp = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (tmp >= 0 && scratch[0]) {
        remove_tree_at(tmp, strrchr(scratch, '/') + 1);
        close(tmp);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct layer_stats stats;
    struct archive *a;
    int rootfd;

    if (scratch_fd < 0) {
        strcpy(scratch, "/tmp/minirunc-fuzz-layer.XXXXXX");
        if (!mkdtemp(scratch))
            abort();
        scratch_fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        atexit(remove_scratch);
    }
    if (mkdirat(scratch_fd, "root", 0755) < 0 ||
        (rootfd = openat(scratch_fd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        abort();
    a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_memory(a, data, size) == ARCHIVE_OK)
        layer_apply(a, rootfd, &stats);
    archive_read_free(a);
    close(rootfd);
    /* Only "root" may exist in the scratch directory: anything else got out. */
    if (faccessat(scratch_fd, "escaped", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
        abort();
    remove_tree_at(scratch_fd, "root");
    err_clear();
    return 0;
}
