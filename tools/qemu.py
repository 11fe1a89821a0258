#!/usr/bin/env python3
"""QEMU command lines for every board we boot, in one place.

`make run` calls `qemu.py run`; the test harness imports machine_cmd().
The firmware paths are those of Debian's packages (opensbi, u-boot-qemu).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

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


def mem_mib(mem):
    m = re.fullmatch(r"(\d+)([MG]?)", str(mem))
    if not m:
        raise ValueError("bad memory size " + str(mem))
    return int(m.group(1)) * (1024 if m.group(2) == "G" else 1)


# Debian's qemu-riscv64 U-Boot environment loads boot.scr at RAM + 193 MiB
# (scriptaddr=0x8c100000), past the end of a smaller RAM, and then crashes
# sourcing the script it could not load. U-Boot takes a boot command from the
# /config node of its control FDT (doc/device-tree-bindings/config.txt), so
# for small RAM we hand QEMU its own tree plus that node: the same distro
# boot, with the script and extlinux buffers moved below the kernel.
SMALL_RAM_BOOTCMD = ("setenv scriptaddr 0x%x; setenv pxefile_addr_r 0x%x; "
                     "run distro_bootcmd")


def uboot_config_dtb(arch, smp, mem, gic, cpu, machine_opts, workdir,
                     bootcmd=None, bootdelay=None):
    """QEMU's own DTB for this machine with a U-Boot /config node added."""
    dtb = os.path.join(workdir, "machine.dtb")
    opts = ",".join(x for x in (machine_opts, "dumpdtb=" + dtb) if x)
    subprocess.run(machine_args(arch, smp, mem, gic, cpu, opts) +
                   ["-nographic"], check=True, capture_output=True)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb],
                         check=True, capture_output=True, text=True).stdout
    props = ""
    if bootcmd:
        props += '\t\tbootcmd = "%s";\n' % bootcmd
    if bootdelay is not None:
        props += "\t\tbootdelay = <%d>;\n" % bootdelay
    dts += "\n/ {\n\tconfig {\n%s\t};\n};\n" % props
    out = os.path.join(workdir, "machine-config.dtb")
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, "-"],
                   input=dts, check=True, text=True)
    return out


def firmware_dtb(arch, smp, mem, gic, cpu, machine_opts, workdir):
    """A DTB to pass with -dtb, or None when QEMU's own works as it is."""
    if arch == "riscv64" and mem_mib(mem) < 256:
        ram = 0x80000000
        cmd = SMALL_RAM_BOOTCMD % (ram + 0x3e00000, ram + 0x3f00000)
        return uboot_config_dtb(arch, smp, mem, gic, cpu, machine_opts,
                                workdir, bootcmd=cmd)
    return None


def machine_cmd(arch, image, smp=4, mem="512M", gic=3, cpu=None,
                machine_opts="", serial=None, workdir=None):
    """Full boot: firmware -> U-Boot -> distro boot from the virtio disk."""
    args = machine_args(arch, smp, mem, gic, cpu, machine_opts)
    dtb = firmware_dtb(arch, smp, mem, gic, cpu, machine_opts,
                       workdir or tempfile.mkdtemp(prefix="qemu-"))
    if dtb:
        args += ["-dtb", dtb]
    if arch == "riscv64":
        args += ["-bios", OPENSBI_FW_JUMP, "-kernel", UBOOT_RISCV64_SMODE]
    else:
        # U-Boot looks for a network boot ROM unless told there is no NIC.
        args += ["-bios", UBOOT_ARM64, "-net", "none"]
    args += ["-drive", "if=none,file=%s,format=raw,id=hd0,readonly=on" % image,
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
                      a.machine_opts, workdir=tempfile.mkdtemp(prefix="qemu-"))
    if a.mode == "print":
        print(" ".join(cmd))
        return
    print("qemu.py: " + " ".join(cmd), flush=True)
    print("qemu.py: quit with Ctrl-A x", flush=True)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
