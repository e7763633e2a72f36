#include "image.h"

#include "digest.h"
#include "error.h"
#include "inroot.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

const char *image_format_name(enum image_format f)
{
    switch (f) {
    case IMAGE_OCI: return "OCI image layout";
    case IMAGE_DOCKER: return "docker save archive";
    case IMAGE_FLAT: return "flat rootfs tar";
    }
    return "?";
}

const char *oci_arch(void)
{
    static const struct { const char *uname, *oci; } map[] = {
        { "x86_64", "amd64" }, { "aarch64", "arm64" }, { "i686", "386" },
        { "armv7l", "arm" },   { "ppc64le", "ppc64le" }, { "s390x", "s390x" },
        { "riscv64", "riscv64" },
    };
    static struct utsname u;

    if (uname(&u) < 0)
        return "unknown";
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (!strcmp(u.machine, map[i].uname))
            return map[i].oci;
    return u.machine;
}

/* Load a member as JSON, verifying its digest first when one is known. */
static json_t *load_json(const struct source *src, const char *member, const char *digest)
{
    char *data;
    size_t len;
    json_error_t jerr;
    json_t *root;

    if (source_read_member(src, member, IMAGE_METADATA_MAX, &data, &len) < 0)
        return NULL;
    if (digest && digest_check(digest, data, len, member) < 0) {
        free(data);
        return NULL;
    }
    root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    free(data);
    if (!root)
        err_set("%s: invalid JSON at line %d: %s", member, jerr.line, jerr.text);
    return root;
}

static const char *get_string(json_t *obj, const char *key, const char *where)
{
    json_t *v = json_object_get(obj, key);

    if (!json_is_string(v))
        return err_set("%s.%s: missing or not a string", where, key), NULL;
    return json_string_value(v);
}

static int blob_member(const char *digest, char *member, size_t len, const char *where)
{
    char hex[SHA256_HEX_LEN + 1];

    if (digest_parse(digest, hex) < 0) {
        err_context("%s", where);
        return -1;
    }
    snprintf(member, len, "blobs/sha256/%s", hex);
    return 0;
}

static int add_layer(struct image_plan *plan, const char *member, const char *digest,
                     long long size)
{
    struct layer_ref *grown = realloc(plan->layers, (plan->count + 1) * sizeof(*grown));

    if (!grown)
        return err_sys("image layers");
    plan->layers = grown;
    struct layer_ref *l = &plan->layers[plan->count++];
    snprintf(l->member, sizeof(l->member), "%s", member);
    snprintf(l->digest, sizeof(l->digest), "%s", digest);
    l->size = size;
    return 0;
}

static int is_media(const char *mt, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(mt, *list))
            return 1;
    return 0;
}

static const char *const manifest_types[] = {
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json", NULL,
};
static const char *const index_types[] = {
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json", NULL,
};
static const char *const layer_types[] = {
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.docker.image.rootfs.diff.tar", NULL,
};

static int read_manifest(const struct source *src, json_t *desc, const char *where,
                         struct image_plan *plan)
{
    char member[256], lwhere[64];
    const char *digest = get_string(desc, "digest", where);
    json_t *manifest, *layers, *layer;
    size_t i;
    int ret = -1;

    if (!digest || blob_member(digest, member, sizeof(member), where) < 0)
        return -1;
    manifest = load_json(src, member, digest);
    if (!manifest)
        return -1;
    snprintf(plan->manifest, sizeof(plan->manifest), "%s", digest);
    layers = json_object_get(manifest, "layers");
    if (!json_is_array(layers)) {
        err_set("manifest %s: layers: missing or not an array", digest);
        goto out;
    }
    json_array_foreach(layers, i, layer) {
        const char *ldigest, *mt;
        json_t *size = json_object_get(layer, "size");

        snprintf(lwhere, sizeof(lwhere), "manifest.layers[%zu]", i);
        if (!(ldigest = get_string(layer, "digest", lwhere)) ||
            !(mt = get_string(layer, "mediaType", lwhere)) ||
            blob_member(ldigest, member, sizeof(member), lwhere) < 0)
            goto out;
        if (!is_media(mt, layer_types)) {
            err_set("%s.mediaType: unsupported layer type %s", lwhere, mt);
            goto out;
        }
        if (size && (!json_is_integer(size) || json_integer_value(size) < 0)) {
            err_set("%s.size: not a non-negative integer", lwhere);
            goto out;
        }
        if (add_layer(plan, member, ldigest, size ? json_integer_value(size) : -1) < 0)
            goto out;
    }
    ret = 0;
out:
    json_decref(manifest);
    return ret;
}

/* Pick the image for this host from an index: the first manifest whose
 * platform is linux/<our arch>, or that has no platform at all. */
static int read_index(const struct source *src, json_t *index, const char *name, int depth,
                      struct image_plan *plan)
{
    json_t *manifests = json_object_get(index, "manifests"), *desc;
    char where[300];
    size_t i;

    if (depth > 4)
        return err_set("%s: indexes nested more than 4 deep", name);
    if (!json_is_array(manifests) || json_array_size(manifests) == 0)
        return err_set("%s: manifests: missing, empty or not an array", name);
    json_array_foreach(manifests, i, desc) {
        json_t *platform = json_object_get(desc, "platform");
        const char *mt;

        snprintf(where, sizeof(where), "%s: manifests[%zu]", name, i);
        if (!(mt = get_string(desc, "mediaType", where)))
            return -1;
        if (platform) {
            const char *os = json_string_value(json_object_get(platform, "os"));
            const char *arch = json_string_value(json_object_get(platform, "architecture"));
            if (!os || !arch || strcmp(os, "linux") || strcmp(arch, oci_arch()))
                continue;
        }
        if (is_media(mt, manifest_types))
            return read_manifest(src, desc, where, plan);
        if (is_media(mt, index_types)) {
            char member[256];
            const char *digest = get_string(desc, "digest", where);
            json_t *nested;
            int ret;

            if (!digest || blob_member(digest, member, sizeof(member), where) < 0)
                return -1;
            if (!(nested = load_json(src, member, digest)))
                return -1;
            ret = read_index(src, nested, member, depth + 1, plan);
            json_decref(nested);
            return ret;
        }
        return err_set("%s.mediaType: unsupported type %s", where, mt);
    }
    return err_set("%s: no image for linux/%s", name, oci_arch());
}

static int read_oci(const struct source *src, struct image_plan *plan)
{
    json_t *layout = load_json(src, "oci-layout", NULL), *index;
    const char *version;
    int ret;

    if (!layout)
        return -1;
    version = get_string(layout, "imageLayoutVersion", "oci-layout");
    /* A parsed major version, not a substring match. */
    if (version && atoi(version) != 1)
        err_set("oci-layout: imageLayoutVersion %s is not 1.x", version), version = NULL;
    json_decref(layout);
    if (!version)
        return -1;
    if (!(index = load_json(src, "index.json", NULL)))
        return -1;
    ret = read_index(src, index, "index.json", 0, plan);
    json_decref(index);
    return ret;
}

/* docker save: the config's rootfs.diff_ids are the sha256 of each
 * (uncompressed) layer tar, in order: that is what the layers are checked
 * against.  The config itself is named after its own digest. */
static int read_docker(const struct source *src, struct image_plan *plan)
{
    json_t *manifest = load_json(src, "manifest.json", NULL), *image, *layers, *config = NULL;
    json_t *diff_ids, *layer;
    const char *config_name;
    char config_digest[80] = "", hex[SHA256_HEX_LEN + 1];
    size_t i;
    int ret = -1;

    if (!manifest)
        return -1;
    if (!json_is_array(manifest) || !(image = json_array_get(manifest, 0))) {
        err_set("manifest.json: not an array of images");
        goto out;
    }
    if (!(config_name = get_string(image, "Config", "manifest.json[0]")))
        goto out;
    if (strlen(config_name) == SHA256_HEX_LEN + 5 && !strcmp(config_name + SHA256_HEX_LEN, ".json"))
        snprintf(config_digest, sizeof(config_digest), "sha256:%.64s", config_name);
    else if (!strncmp(config_name, "blobs/sha256/", 13))
        snprintf(config_digest, sizeof(config_digest), "sha256:%.70s", config_name + 13);
    if (!config_digest[0] || digest_parse(config_digest, hex) < 0) {
        err_set("manifest.json[0].Config: %s is not named after its sha256 digest", config_name);
        goto out;
    }
    if (!(config = load_json(src, config_name, config_digest)))
        goto out;
    snprintf(plan->manifest, sizeof(plan->manifest), "%s", config_digest);
    layers = json_object_get(image, "Layers");
    diff_ids = json_object_get(json_object_get(config, "rootfs"), "diff_ids");
    if (!json_is_array(layers)) {
        err_set("manifest.json[0].Layers: missing or not an array");
        goto out;
    }
    if (!json_is_array(diff_ids) || json_array_size(diff_ids) != json_array_size(layers)) {
        err_set("%s: rootfs.diff_ids: missing, or not one per layer of manifest.json", config_name);
        goto out;
    }
    json_array_foreach(layers, i, layer) {
        const char *name = json_string_value(layer);
        const char *diff_id = json_string_value(json_array_get(diff_ids, i));

        if (!name || !diff_id) {
            err_set("manifest.json[0].Layers[%zu] or its diff_id: not a string", i);
            goto out;
        }
        if (name[0] == '/' || path_has_dotdot(name)) {
            err_set("manifest.json[0].Layers[%zu]: \"%s\" must be a relative path without \"..\"",
                    i, name);
            goto out;
        }
        if (digest_parse(diff_id, hex) < 0) {
            err_context("%s: rootfs.diff_ids[%zu]", config_name, i);
            goto out;
        }
        if (add_layer(plan, name, diff_id, -1) < 0)
            goto out;
    }
    ret = 0;
out:
    json_decref(config);
    json_decref(manifest);
    return ret;
}

int image_plan_read(const struct source *src, struct image_plan *plan)
{
    int ret;

    memset(plan, 0, sizeof(*plan));
    if (source_has(src, "oci-layout")) {
        plan->format = IMAGE_OCI;
        ret = read_oci(src, plan);
    } else if (source_has(src, "manifest.json")) {
        plan->format = IMAGE_DOCKER;
        ret = read_docker(src, plan);
    } else if (src->is_dir) {
        return err_set("%s: a directory, but no OCI image layout (no oci-layout file) "
                       "and no docker save (no manifest.json)", src->path);
    } else {
        plan->format = IMAGE_FLAT;
        ret = add_layer(plan, "", "", -1);
    }
    if (ret < 0) {
        err_context("%s %s", image_format_name(plan->format), src->path);
        image_plan_free(plan);
    }
    return ret;
}

void image_plan_free(struct image_plan *plan)
{
    free(plan->layers);
    plan->layers = NULL;
    plan->count = 0;
}
