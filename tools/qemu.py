#!/usr/bin/env python3
"""QEMU command lines for every board we boot, in one place.

`make run` calls `qemu.py run`; the test harness imports machine_cmd().
The firmware paths are those of Debian's packages (opensbi, u-boot-qemu).
"""
import argparse
import os
import sys

OPENSBI_FW_JUMP = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
UBOOT_RISCV64_SMODE = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
UBOOT_ARM64 = "/usr/lib/u-boot/qemu_arm64/u-boot.bin"

DEFAULT_CPU = {"riscv64": None, "aarch64": "cortex-a72"}


def machine_args(arch, smp=4, mem="512M", gic=3, cpu=None, machine_opts=""):
    """Machine description only (no disk, no serial): also used to dump
    the DTB QEMU generates, which the tests use as their oracle."""
    extra = ("," + machine_opts) if machine_opts else ""
    if arch == "riscv64":
        args = ["qemu-system-riscv64", "-M", "virt" + extra]
    elif arch == "aarch64":
        args = ["qemu-system-aarch64", "-M",
                "virt,gic-version=%s%s" % (gic, extra),
                "-cpu", cpu or DEFAULT_CPU["aarch64"]]
    else:
        raise ValueError("unknown arch " + arch)
    if cpu and arch == "riscv64":
        args += ["-cpu", cpu]
    return args + ["-smp", str(smp), "-m", str(mem)]


def machine_cmd(arch, image, smp=4, mem="512M", gic=3, cpu=None,
                machine_opts="", serial=None):
    """Full boot: firmware -> U-Boot -> distro boot from the virtio disk."""
    args = machine_args(arch, smp, mem, gic, cpu, machine_opts)
    if arch == "riscv64":
        args += ["-bios", OPENSBI_FW_JUMP, "-kernel", UBOOT_RISCV64_SMODE]
    else:
        # U-Boot looks for a network boot ROM unless told there is no NIC.
        args += ["-bios", UBOOT_ARM64, "-net", "none"]
    args += ["-drive", "if=none,file=%s,format=raw,id=hd0" % image,
             "-device", "virtio-blk-device,drive=hd0",
             "-display", "none"]
    if serial:
        args += ["-serial", "file:" + serial, "-monitor", "none"]
    else:
        args += ["-nographic"]
    return args


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("mode", choices=["run", "print"])
    ap.add_argument("--arch", default="riscv64")
    ap.add_argument("--image", required=True)
    ap.add_argument("--smp", default="4")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--gic", default="3")
    ap.add_argument("--cpu", default=None)
    ap.add_argument("--machine-opts", default="")
    a = ap.parse_args()
    if not os.path.exists(a.image):
        sys.exit("qemu.py: no image at %s (run make image)" % a.image)
    cmd = machine_cmd(a.arch, a.image, a.smp, a.mem, a.gic, a.cpu or None,
                      a.machine_opts)
    if a.mode == "print":
        print(" ".join(cmd))
        return
    print("qemu.py: " + " ".join(cmd), flush=True)
    print("qemu.py: quit with Ctrl-A x", flush=True)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
