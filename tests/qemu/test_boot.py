#!/usr/bin/env python3
"""Boot integration tests: the real image, through the real firmware and
U-Boot, on QEMU virt. Expected values come from the DTB QEMU generates for
the same configuration, never from constants here.

Usage: test_boot.py [--arch riscv64|aarch64 ...] [--filter REGEX] [-j N]
Prints one line per case and a closing "N passed, N failed".
"""
import argparse
import concurrent.futures
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import harness  # noqa: E402
import mkbootfs  # noqa: E402

# Counter frequency QEMU 7.2's virt programs into CNTFRQ_EL0 when the FDT
# /timer node has no clock-frequency (the kernel then reads the register).
QEMU_ARM_CNTFRQ = 62500000


def initrd_lines(arch):
    """What the kernel prints about the initrd the build packed (the boot
    modules), read from the archive itself: build/<arch>-<board>/initrd."""
    path = os.path.join(harness.build_dir(arch), "initrd")
    mods = mkbootfs.read_archive(path)
    return ([r"^initrd: %d modules, %d bytes at 0x[0-9a-f]+$" % (
        len(mods), os.path.getsize(path))] +
        [r"^initrd:   %s %d$" % (re.escape(n), s) for n, s in mods])


def boot_lines(facts, n_online, initrd=()):
    """initrd: initrd_lines(arch) where the boot script loads the build's
    initrd (test_spin_table.py's own script loads none)."""
    hz = facts["timer_hz"] or QEMU_ARM_CNTFRQ
    pings = n_online * (n_online - 1)
    return [
        r'^fdt: model="%s" cpus=%d mem=%dMiB$' % (
            re.escape(facts["model"]), facts["cpus"], facts["mem_mib"]),
        r"^smp: %d/%d cpus online$" % (n_online, facts["cpus"]),
        r"^ipi: %d sent, %d acked$" % (pings, pings),
        r"^timer: %d Hz, %d cpus ticking$" % (hz, n_online),
        # Every thread did exactly its work, none ran twice, and with more
        # than one CPU the work really moved between CPUs.
        r"^sched: (\d+) threads x \d+ hand-offs: \1 exact, 0 lost, "
        r"0 double-run, ran on (%s)/%d cpus$" % (
            "|".join(str(k) for k in range(min(2, n_online), n_online + 1)),
            n_online),
    ] + list(initrd) + [
        r"^kernel: boot checks done",
    ]


# What the first user process prints: it ran in user mode, and bad syscall
# arguments came back as errors.
INIT_LINES = [r"^init: syscall argument checks ok$", r"^init: ready$"]


class Case:
    def __init__(self, name, arch, smp=4, mem="512M", gic=3, cpu=None,
                 machine_opts="", bootargs="", expect=None, forbid=None,
                 first=(), anywhere=None):
        self.name, self.arch, self.smp, self.mem = name, arch, smp, mem
        self.gic, self.cpu, self.machine_opts = gic, cpu, machine_opts
        self.bootargs, self.expect = bootargs, expect
        self.first = list(first)   # lines expected before "smp:"
        self.anywhere = INIT_LINES if anywhere is None else anywhere
        self.forbid = forbid if forbid is not None else [r"panic:"]


def cases():
    out = []
    for smp in (1, 3, 4, 8):
        out.append(Case("riscv64 smp=%d" % smp, "riscv64", smp=smp))
    for mem in ("128M", "1G", "2G"):
        out.append(Case("riscv64 mem=%s" % mem, "riscv64", mem=mem))
    out.append(Case("riscv64 timer via sbi", "riscv64",
                    bootargs="timer=sbi", first=[r"^timer: method sbi,"]))
    out.append(Case("riscv64 timer via sstc", "riscv64",
                    first=[r"^timer: method sstc,"]))
    out.append(Case("riscv64 ipi via sbi", "riscv64",
                    first=[r"^ipi: method sbi$"]))
    out.append(Case("riscv64 ipi via aclint sswi", "riscv64",
                    machine_opts="aclint=on",
                    first=[r"^ipi: method aclint-sswi$"]))
    for gic in (3, 2):
        for smp in (1, 3, 4, 8):
            out.append(Case("aarch64 gicv%d smp=%d" % (gic, smp), "aarch64",
                            smp=smp, gic=gic))
        for mem in ("128M", "1G"):
            out.append(Case("aarch64 gicv%d mem=%s" % (gic, mem), "aarch64",
                            mem=mem, gic=gic))
        out.append(Case("aarch64 gicv%d el2 entry" % gic, "aarch64", gic=gic,
                        machine_opts="virtualization=on"))
    for cpu in ("cortex-a53", "max"):
        out.append(Case("aarch64 cpu=%s" % cpu, "aarch64", cpu=cpu))
    for arch in ("riscv64", "aarch64"):
        # A process that reads kernel memory is ended and reported; the
        # kernel and init go on.
        out.append(Case("%s user fault contained" % arch, arch,
                        bootargs="run=fault-test",
                        anywhere=INIT_LINES + [
                            r"^fault-test: reading a kernel address$",
                            r"^fault: process fault-test \(pid \d+\) "
                            r"thread \d+: .*fault.* at pc=0x[0-9a-f]+ "
                            r"addr=0x[0-9a-f]+; thread killed$"],
                        forbid=[r"panic:", r"fault-test: FAILED"]))
        out.append(Case("%s panic report" % arch, arch, bootargs="test=panic",
                        forbid=[], anywhere=[], expect=[
                            r"^panic: cpu 0: requested by bootargs",
                            r"^panic:   #0 ",
                            r"^panic: 3/3 other cpus stopped; "
                            r"system halted"]))
        out.append(Case("%s fatal trap report" % arch, arch,
                        bootargs="test=trap", forbid=[], anywhere=[],
                        expect=[
                            r"^panic: cpu 0: unhandled trap: .*"
                            r"(illegal instruction|EC 0x00).* pc=0x",
                            r"^panic: 3/3 other cpus stopped; "
                            r"system halted"]))
    return out


def run_case(c):
    with tempfile.TemporaryDirectory(prefix="boot-") as work:
        facts = harness.dtb_facts(c.arch, c.smp, c.mem, c.gic, c.cpu,
                                  c.machine_opts)
        expect = c.expect or boot_lines(facts, facts["cpus"],
                                        initrd_lines(c.arch))
        if c.first:
            expect = [expect[0]] + c.first + expect[1:]
        image = harness.image_with_bootargs(c.arch, c.bootargs, work)
        r = harness.boot(c.arch, expect, image, c.smp, c.mem, c.gic, c.cpu,
                         c.machine_opts, forbid=c.forbid, workdir=work,
                         anywhere=c.anywhere)
        return c, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", action="append")
    ap.add_argument("--filter", default="")
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    arches = a.arch or ["riscv64", "aarch64"]
    todo = [c for c in cases()
            if c.arch in arches and re.search(a.filter, c.name)]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        for c, r in ex.map(run_case, todo):
            if r.ok:
                passed += 1
                print("PASS %-32s %5.1fs" % (c.name, r.seconds), flush=True)
            else:
                failed += 1
                print("FAIL %-32s %5.1fs: %s" % (c.name, r.seconds,
                                                  r.reason), flush=True)
                print(harness.last_lines(r.log), flush=True)
    print("boot: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
