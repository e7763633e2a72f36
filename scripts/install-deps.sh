#!/bin/sh
# Install what minirunc needs from Debian, and only what is missing.
# Run as root on Debian 12 (`make demo` and `make test` call this first).
# podman and containerd drive minirunc in the tests; runc and crun stand
# beside it in `make bench` (with time and strace for memory and system
# calls); qemu-system-x86 boots the pure v2 and v1-only guests of tests/vm;
# uidmap's newuidmap/newgidmap write wider id maps for a user without root;
# graphviz draws the guides' pictures (make docs), fonts-wqy-microhei gives
# it the Chinese labels' glyphs and widths.
set -eu

PACKAGES="
  build-essential pkg-config clang libclang-rt-14-dev
  libarchive-dev libssl-dev libjansson-dev libcap-dev libseccomp-dev libsystemd-dev
  libcmocka-dev bats bats-support bats-assert
  busybox-static tar gzip bsdutils util-linux procps iproute2 jq uidmap
  podman conmon containerd runc crun time strace
  qemu-system-x86 graphviz fonts-wqy-microhei
"

missing=""
for p in $PACKAGES; do
    # dpkg-query's status is "install ok installed" for a package that is in.
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root, or: apt-get install$missing" >&2
    exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086  # one word per package
apt-get install -y -qq --no-install-recommends $missing >/dev/null
