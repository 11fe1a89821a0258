#!/usr/bin/env python3
"""Garbage syscall test: boot the real image with bootargs
"run=garbage-test" and check what servers/tests/garbage prints: every
syscall number (and some beyond SYS_COUNT) given garbage arguments returns
the error docs/syscalls.md documents, a seeded random pass of garbage
calls gets only documented results, and the system still works after.
Runs on both arches at 4 CPUs, and on riscv64 at 1 CPU.

Usage: test_garbage.py [--arch riscv64|aarch64 ...] [--filter REGEX] [-j N]
Prints one line per case and a closing "garbage: N passed, N failed".
"""
import argparse
import concurrent.futures
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import test_boot  # noqa: E402

# Not anchored at the line start: init's prompt ("> ") may come first.
GARBAGE_LINES = [
    r"garbage: random pass seed 0x[0-9a-f]+$",
    r"garbage: health check done$",
    r"garbage: \d+ calls, \d+ syscalls, 0 failures$",
    r"garbage: done$",
]
FORBID = [r"panic:", r"fault: process", r"garbage: FAIL",
          r"kernel: cannot start"]
SUMMARY = re.compile(r"garbage: \d+ calls.*$")


class Case:
    def __init__(self, arch, smp):
        self.arch, self.smp = arch, smp
        self.name = "%s smp=%d garbage" % (arch, smp)


def cases():
    return [Case("riscv64", 4), Case("aarch64", 4), Case("riscv64", 1)]


def run_case(c):
    with tempfile.TemporaryDirectory(prefix="garbage-") as work:
        facts = harness.dtb_facts(c.arch, c.smp, "512M")
        expect = test_boot.boot_lines(facts, facts["cpus"],
                                      test_boot.initrd_lines(c.arch))
        image = harness.image_with_bootargs(c.arch, "run=garbage-test",
                                            work)
        r = harness.boot(c.arch, expect, image, c.smp, "512M",
                         forbid=FORBID, workdir=work, timeout=240,
                         anywhere=test_boot.INIT_LINES + GARBAGE_LINES)
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
            summary = [SUMMARY.search(l).group(0) for l in r.log
                       if SUMMARY.search(l)]
            if r.ok:
                passed += 1
                print("PASS %-24s %5.1fs  %s" % (
                    c.name, r.seconds, summary[0] if summary else ""),
                    flush=True)
            else:
                failed += 1
                print("FAIL %-24s %5.1fs: %s" % (c.name, r.seconds,
                                                  r.reason), flush=True)
                print(harness.last_lines(r.log), flush=True)
                for line in r.log:
                    if "garbage: FAIL" in line:
                        print("     " + line.strip(), flush=True)
    print("garbage: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
