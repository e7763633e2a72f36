/* 2.1.1 step 1, "下载镜像，导出": which layers an image has, in order.
 *
 * Reads the image's own metadata (index.json and the manifest of an OCI
 * image layout; manifest.json and the config of a `docker save` tar) with
 * jansson, verifying each metadata blob's digest, and names for every layer
 * the file holding it and the digest it must have. */
#ifndef MINIRUNC_IMAGE_H
#define MINIRUNC_IMAGE_H

#include "source.h"

#include <stddef.h>

enum image_format {
    IMAGE_OCI,    /* OCI image layout: oci-layout, index.json, blobs/sha256/... */
    IMAGE_DOCKER, /* docker save: manifest.json, <config>.json, <id>/layer.tar */
    IMAGE_FLAT,   /* one rootfs tar (docker export), no metadata */
};

struct layer_ref {
    char member[256];  /* file in the source; "" for the flat tar itself */
    char digest[80];   /* "sha256:..." the bytes must hash to; "" for a flat tar */
    long long size;    /* -1 when the metadata gives none */
};

struct image_plan {
    enum image_format format;
    char manifest[80]; /* the manifest's (or config's) digest, for the trace */
    struct layer_ref *layers;
    size_t count;
};

/* Metadata files larger than this are refused (a hostile image could
 * otherwise make us read gigabytes of "JSON"). */
#define IMAGE_METADATA_MAX (4u << 20)

int image_plan_read(const struct source *src, struct image_plan *plan);
void image_plan_free(struct image_plan *plan);
const char *image_format_name(enum image_format f);

/* The host's architecture as OCI platforms name it ("amd64", "arm64"). */
const char *oci_arch(void);

#endif
