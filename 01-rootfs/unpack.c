#include "unpack.h"

#include "digest.h"
#include "error.h"
#include "image.h"
#include "layer.h"
#include "root_ctx.h"
#include "source.h"
#include "target_dir.h"
#include "trace.h"

#include <archive.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unpack_progress_fn *progress;

void unpack_set_progress(unpack_progress_fn *fn)
{
    progress = fn;
}

/* What libarchive reads a layer through: every byte is hashed on its way,
 * so the digest is of exactly what was unpacked. */
struct blob_reader {
    struct member_stream ms;
    struct sha256 *hash;
    long long done;
    long long total;
    int index, count;
    int last_percent;
    char buf[65536];
};

/* The meter's feed, once per whole percent (and at the end). */
static void show_progress(struct blob_reader *br, bool final)
{
    int percent = br->total > 0 ? (int)(br->done * 100 / br->total) : 0;

    if (!progress || (!final && percent == br->last_percent))
        return;
    br->last_percent = percent;
    progress(br->index, br->count, br->done, br->total, final);
}

static la_ssize_t blob_read(struct archive *a, void *client, const void **buf)
{
    struct blob_reader *br = client;
    ssize_t n = member_read(&br->ms, br->buf, sizeof(br->buf));

    if (n < 0) {
        archive_set_error(a, EIO, "%s", err_get());
        return -1;
    }
    if (br->hash)
        sha256_update(br->hash, br->buf, (size_t)n);
    br->done += n;
    show_progress(br, false);
    *buf = br->buf;
    return n;
}

/* libarchive may stop before the end of the blob (padding after the tar's
 * end marker): hash the rest too, or the digest would not match. */
static int drain(struct blob_reader *br)
{
    ssize_t n;

    while ((n = member_read(&br->ms, br->buf, sizeof(br->buf))) > 0) {
        if (br->hash)
            sha256_update(br->hash, br->buf, (size_t)n);
        br->done += n;
    }
    return n < 0 ? -1 : 0;
}

static int apply_one(const struct source *src, const struct layer_ref *l, int index, int count,
                     const struct target_dir *t)
{
    struct blob_reader *br = calloc(1, sizeof(*br));
    struct layer_stats stats;
    struct archive *a = NULL;
    char got[80], shown[4200];
    int ret = -1;

    if (!br)
        return err_sys("layer %d", index);
    br->index = index;
    br->count = count;
    br->last_percent = -1;
    if ((l->member[0] ? member_open(src, l->member, &br->ms) : member_open_whole(src, &br->ms)) < 0)
        goto out_free;
    br->total = l->size >= 0 ? l->size : br->ms.size;
    if (l->digest[0] && !(br->hash = sha256_new()))
        goto out;

    snprintf(shown, sizeof(shown), "%s%s%s", src->path, l->member[0] ? "/" : "", l->member);
    trace(TAG, "tar -x -f %s -C %s", shq(shown), shq(t->path));
    a = archive_read_new();
    if (!a) {
        err_set("libarchive: out of memory");
        goto out;
    }
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    if (archive_read_open(a, br, NULL, blob_read, NULL) != ARCHIVE_OK) {
        err_set("%s: not a tar archive: %s", shown, archive_error_string(a));
        goto out;
    }
    if (layer_apply(a, t->fd, &stats) < 0 || drain(br) < 0)
        goto out;
    show_progress(br, true);
    if (l->size >= 0 && br->done != l->size) {
        err_set("%s: %lld bytes, the manifest says %lld", shown, br->done, l->size);
        goto out;
    }
    if (br->hash) {
        sha256_finish(br->hash, got);
        br->hash = NULL;
        if (strcmp(got, l->digest)) {
            err_set("%s: digest mismatch: expected %s, got %s (corrupt or tampered blob)", shown,
                    l->digest, got);
            goto out;
        }
    }
    trace_note(TAG, "layer %d/%d: %lu entries, %lu whiteouts%s", index, count, stats.entries,
               stats.whiteouts, l->digest[0] ? ", sha256 verified" : "");
    ret = 0;
out:
    if (ret < 0)
        show_progress(br, true);
    if (a)
        archive_read_free(a);
    sha256_free(br->hash);
    member_close(&br->ms);
out_free:
    free(br);
    if (ret < 0)
        err_context("layer %d/%d", index, count);
    return ret;
}

int unpack_image(const char *source, const char *dir)
{
    struct source src;
    struct image_plan plan;
    struct target_dir t;
    int ret = -1;

    if (source_open(&src, source) < 0)
        return -1;
    if (image_plan_read(&src, &plan) < 0)
        goto out_src;
    if (plan.format == IMAGE_FLAT)
        trace_note(TAG, "%s: %s", source, image_format_name(plan.format));
    else
        trace_note(TAG, "%s: %s, %s, %zu layer%s", source, image_format_name(plan.format),
                   plan.manifest, plan.count, plan.count == 1 ? "" : "s");
    if (target_dir_open(&t, dir) < 0)
        goto out_plan;
    for (size_t i = 0; i < plan.count; i++) {
        if (apply_one(&src, &plan.layers[i], (int)i + 1, (int)plan.count, &t) < 0) {
            err_context("unpack %s", source);
            target_dir_discard(&t);
            goto out_plan;
        }
    }
    target_dir_keep(&t);
    ret = 0;
out_plan:
    image_plan_free(&plan);
out_src:
    source_close(&src);
    return ret;
}
