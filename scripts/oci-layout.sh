#!/bin/bash
# oci-layout.sh DIR LAYER.tar[.gz]...
#
# Build an OCI image layout in DIR from layer tars, in order, for this
# host's platform: what `skopeo copy ... oci:DIR` writes, made offline.
# Prints the manifest's digest.  Shows what an image is made of:
#
#   DIR/oci-layout              {"imageLayoutVersion":"1.0.0"}
#   DIR/index.json              -> the manifest, by digest
#   DIR/blobs/sha256/<manifest> -> the config and each layer, by digest
#   DIR/blobs/sha256/<config>   architecture, os, rootfs.diff_ids
#   DIR/blobs/sha256/<layer>... the tars themselves
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 DIR LAYER.tar[.gz]..." >&2
    exit 2
fi
out=$1
shift

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Store the text $1 as a blob; print its digest's hex.
write_blob() {
    local tmp="$out/blob.tmp" d
    printf '%s' "$1" >"$tmp"
    d=$(sha256_of "$tmp")
    mv "$tmp" "$out/blobs/sha256/$d"
    echo "$d"
}

arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
mkdir -p "$out/blobs/sha256"
layers="" diffids=""
for l in "$@"; do
    d=$(sha256_of "$l")
    s=$(stat -c %s "$l")
    cp "$l" "$out/blobs/sha256/$d"
    mt=application/vnd.oci.image.layer.v1.tar
    u=$d # diff_id: the digest of the uncompressed tar
    case "$l" in *.gz) mt="$mt+gzip"; u=$(gzip -dc "$l" | sha256sum | cut -d' ' -f1) ;; esac
    layers="$layers${layers:+,}{\"mediaType\":\"$mt\",\"digest\":\"sha256:$d\",\"size\":$s}"
    diffids="$diffids${diffids:+,}\"sha256:$u\""
done
config="{\"architecture\":\"$arch\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$diffids]}}"
cfg=$(write_blob "$config")
manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$cfg\",\"size\":${#config}},\"layers\":[$layers]}"
man=$(write_blob "$manifest")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"%s","os":"linux"}}]}\n' \
    "$man" "${#manifest}" "$arch" >"$out/index.json"
printf '{"imageLayoutVersion":"1.0.0"}\n' >"$out/oci-layout"
echo "sha256:$man"
