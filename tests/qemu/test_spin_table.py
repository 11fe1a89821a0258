#!/usr/bin/env python3
"""Spin-table CPU start on aarch64, end to end on QEMU virt.

QEMU virt only offers PSCI, so a test "firmware" plays a board's boot ROM
(spin_table/stub.S): U-Boot boots it in place of the kernel, it powers the
other CPUs on through PSCI into a loop polling their release words, then
enters the real kernel. The boot script (spin_table/gen-boot-txt.sh)
rewrites /cpus/cpu@1.. to enable-method "spin-table" with those release
words, so the kernel must start them the spin-table way.

The image is build/aarch64-qemu-virt/disk.img (build it first) with the
generated boot.scr and the stub added; the stub is assembled here, per case,
into a temp dir. Expected kernel lines come from the DTB QEMU generates
(tests/qemu/test_boot.py's boot_lines), as in the other boot tests.

Usage: test_spin_table.py [--filter REGEX] [-j N]
Prints PASS/FAIL per case and a closing "spin: N passed, N failed".
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
STUB_DIR = os.path.join(HERE, "spin_table")
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import test_boot  # noqa: E402  (boot_lines: what a healthy boot prints)

ARCH = "aarch64"
CROSS = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-")
STUB_BASE = 0x40600000       # gen-boot-txt.sh: where the stub is loaded
KERNEL_ADDR_R = 0x40400000   # U-Boot qemu_arm64's ${kernel_addr_r}
STUB_RELEASE = 0x100         # stub.S: offset of release[0]
TIMEOUT = 40                 # per boot, seconds


class Case:
    """conduit: PSCI call the stub makes (hvc at EL1, smc at EL2) or "none"
    (nobody parks: the kernel must give up on each CPU and go on)."""

    def __init__(self, name, conduit, smp=4, shared=False, machine_opts=""):
        self.name, self.conduit, self.smp = name, conduit, smp
        self.shared, self.machine_opts = shared, machine_opts
        self.el = 2 if "virtualization=on" in machine_opts else 1


def cases():
    return [
        Case("hvc el1 smp=4", "hvc"),
        Case("smc el2 smp=4", "smc", machine_opts="virtualization=on"),
        Case("hvc el1 smp=8 shared release word", "hvc", smp=8,
             shared=True),
        Case("nobody parked smp=4", "none"),
    ]


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode:
        raise RuntimeError("%s failed (%d): %s" % (
            " ".join(cmd), r.returncode, (r.stderr or r.stdout)[-500:]))


def make_image(c, work):
    """A copy of disk.img with this case's boot.scr and stub.bin."""
    obj, stub = os.path.join(work, "stub.o"), os.path.join(work, "stub.bin")
    defs = ["-DUSE_" + c.conduit, "-DNCPU=%d" % c.smp]
    if c.shared:
        defs.append("-DSHARED")
    run([CROSS + "gcc", "-c"] + defs +
        [os.path.join(STUB_DIR, "stub.S"), "-o", obj])
    run([CROSS + "objcopy", "-O", "binary", obj, stub])

    txt, scr = os.path.join(work, "boot.txt"), os.path.join(work, "boot.scr")
    env = dict(os.environ)
    env.pop("SHARED", None)
    if c.shared:
        env["SHARED"] = "1"
    run(["sh", os.path.join(STUB_DIR, "gen-boot-txt.sh"), str(c.smp), txt],
        env=env)
    run(["mkimage", "-q", "-A", "arm64", "-O", "linux", "-T", "script",
         "-C", "none", "-d", txt, scr])

    img = os.path.join(work, "disk.img")
    shutil.copyfile(os.path.join(harness.build_dir(ARCH), "disk.img"), img)
    run(["mcopy", "-o", "-i", img + "@@1M", scr, stub, "::/"],
        env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    return img


def expected(c, facts):
    """Kernel lines, in order, and the lines it must not print."""
    n = facts["cpus"]
    online = 1 if c.conduit == "none" else n
    lines = test_boot.boot_lines(facts, online)
    # After the model line: the stub's page stays out of the allocator,
    # and the kernel was entered at the EL this case is about.
    early = [r"^mem: reserved %x-%x$" % (STUB_BASE, STUB_BASE + 0x1000),
             r"^arch: entered at EL%d, running at EL1$" % c.el]
    if c.conduit != "none":
        early.append(r"^psci: method %s," % c.conduit)
    failed = []
    if c.conduit == "none":
        for i in range(1, n):   # virt, < 8 cpus: hwid = index
            failed += [r"^spin-table: cpu hwid 0x%x did not reach the pen$"
                       % i,
                       r"^smp: cpu %d \(hwid 0x%x\) did not start: -1$"
                       % (i, i)]
        forbid = [r"panic:"]
    else:
        forbid = [r"panic:", r"did not (start|reach)",
                  r"no usable cpu-release-addr",
                  r"(has no|unsupported) enable-method"]
    return lines[:1] + early + failed + lines[1:], forbid


def rewrite_seen(c, log):
    """U-Boot's print of /cpus/cpu@1 shows the rewrite took (any order of
    properties, so this is checked here rather than in the harness)."""
    rel = STUB_BASE + STUB_RELEASE + (0 if c.shared else 8)
    want = [r'^\s*enable-method = "spin-table";$',
            r"^\s*cpu-release-addr = <0x0+ 0x0*%x>;$" % rel]
    missing = [w for w in want if not any(re.search(w, l) for l in log)]
    return "U-Boot did not print /%s/" % missing[0] if missing else None


def run_case(c):
    with tempfile.TemporaryDirectory(prefix="spin-") as work:
        try:
            facts = harness.dtb_facts(ARCH, c.smp, "512M", 3, None,
                                      c.machine_opts)
            image = make_image(c, work)
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            return c, harness.BootResult(False, "setup: %s" % e, [], 0.0)
        expect, forbid = expected(c, facts)
        r = harness.boot(ARCH, expect, image, smp=c.smp, mem="512M",
                         machine_opts=c.machine_opts, timeout=TIMEOUT,
                         forbid=forbid, workdir=work)
        if r.ok:
            reason = rewrite_seen(c, r.log)
            if reason:
                r.ok, r.reason = False, reason
        return c, r


def preflight():
    need = [CROSS + "gcc", CROSS + "objcopy", "mkimage", "mcopy",
            "qemu-system-aarch64", "fdtget", "dtc"]
    missing = [t for t in need if not shutil.which(t)]
    if missing:
        return "missing tools: " + ", ".join(missing)
    bdir = harness.build_dir(ARCH)
    for name in ("disk.img", "Image"):
        if not os.path.exists(os.path.join(bdir, name)):
            return ("no %s/%s: cmake -S . -B build/aarch64-qemu-virt "
                    "-DARCH=aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/"
                    "toolchain-aarch64.cmake && cmake --build "
                    "build/aarch64-qemu-virt" % (bdir, name))
    # The kernel (image_size in its Image header, bss included) must end
    # below the stub, 2 MiB above where U-Boot loads it.
    with open(os.path.join(bdir, "Image"), "rb") as f:
        size = struct.unpack("<Q", f.read(24)[16:24])[0]
    if KERNEL_ADDR_R + size > STUB_BASE:
        return ("kernel image_size 0x%x overlaps the stub at 0x%x: move "
                "STUB in spin_table/gen-boot-txt.sh and STUB_BASE here"
                % (size, STUB_BASE))
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--filter", default="")
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    problem = preflight()
    if problem:
        print("FAIL setup: " + problem)
        print("spin: 0 passed, 1 failed")
        return 1
    todo = [c for c in cases() if re.search(a.filter, c.name)]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        for c, r in ex.map(run_case, todo):
            if r.ok:
                passed += 1
                print("PASS %-36s %5.1fs" % (c.name, r.seconds), flush=True)
            else:
                failed += 1
                print("FAIL %-36s %5.1fs: %s" % (c.name, r.seconds,
                                                  r.reason), flush=True)
                print(harness.last_lines(r.log), flush=True)
    print("spin: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
