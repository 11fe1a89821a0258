#!/usr/bin/env python3
"""IPC integration tests: boot the real image through U-Boot with bootargs
"run=ipc-test" and check what servers/tests/ipc prints: the handle checks,
100000 call / reply_recv round trips with every payload word checked,
send + notification, and several clients and servers on one endpoint.
Run on both arches with 1 CPU (every hand-off on one CPU) and 4 CPUs
(threads spread by idle stealing, so hand-offs cross CPUs too).

Usage: test_ipc.py [--arch riscv64|aarch64 ...] [--filter REGEX] [-j N]
Prints one line per case (with the measured round trip line) and a
closing "ipc: N passed, N failed".
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

# Not anchored at the line start: init's console prompt may come first.
IPC_LINES = [
    r"ipc: handle checks ok$",
    r"ipc: 100000 round trips ok \(\d+ ns each; wakes: \d+ same-cpu, "
    r"\d+ cross-cpu, \d+ direct switches\)$",
    r"ipc: send and notify ok$",
    r"ipc: stress 3 clients x 1000 calls, 2 servers: ok$",
    r"ipc: done$",
]
FORBID = [r"panic:", r"fault: process", r"ipc: check failed", r"mismatches",
          r"FAILED", r"ipc: cannot", r"kernel: cannot start"]
ROUND_TRIP = re.compile(r"ipc: 100000 round trips.*$")


class Case:
    def __init__(self, arch, smp, gic=3):
        self.arch, self.smp, self.gic = arch, smp, gic
        self.name = "%s smp=%d ipc" % (arch, smp)


def cases():
    return [Case(arch, smp) for arch in ("riscv64", "aarch64")
            for smp in (1, 4)]


def run_case(c):
    with tempfile.TemporaryDirectory(prefix="ipc-") as work:
        facts = harness.dtb_facts(c.arch, c.smp, "512M", c.gic)
        expect = test_boot.boot_lines(facts, facts["cpus"],
                                      test_boot.initrd_lines(c.arch))
        image = harness.image_with_bootargs(c.arch, "run=ipc-test", work)
        r = harness.boot(c.arch, expect, image, c.smp, "512M", c.gic,
                         forbid=FORBID, workdir=work, timeout=int(os.environ.get("IPC_TIMEOUT", "240")),
                         anywhere=test_boot.INIT_LINES + IPC_LINES)
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
            trips = [ROUND_TRIP.search(l).group(0) for l in r.log
                     if ROUND_TRIP.search(l)]
            if r.ok:
                passed += 1
                print("PASS %-24s %5.1fs  %s" % (
                    c.name, r.seconds, trips[0] if trips else ""),
                    flush=True)
            else:
                failed += 1
                print("FAIL %-24s %5.1fs: %s" % (c.name, r.seconds,
                                                  r.reason), flush=True)
                print(harness.last_lines(r.log), flush=True)
    print("ipc: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
