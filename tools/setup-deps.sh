#!/bin/sh
# Install the Debian packages the build and tests need, or say which are
# missing. Run by `make run` / `make test` before anything else. As root it
# installs what is missing with apt-get; otherwise it lists the packages and
# the command to install them, and fails.
set -eu

PACKAGES="cmake make gcc clang python3 git
qemu-system-misc qemu-system-arm opensbi u-boot-qemu u-boot-tools
device-tree-compiler libfdt-dev gcc-riscv64-linux-gnu gcc-aarch64-linux-gnu
mtools fdisk cpio libclang-rt-14-dev"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages:$missing" >&2
    echo "setup: install them as root with: apt-get install$missing" >&2
    exit 1
fi

echo "setup: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "setup: done"
