#!/usr/bin/env python3
"""Handle transfer integration tests: boot the real image through U-Boot
with bootargs "run=transfer-test" and check what servers/tests/transfer
prints: spawn with a handle, a notification moved in a reply and
signalled back, the moved handle gone from the sender, bad handles and
handles without RIGHT_TRANSFER refused (nothing sent, handle kept), full
handle tables refused with the handle kept, and 1000 round trips moving
handles with no table slot lost. Run on both arches with 1 CPU and 4
CPUs (parent and child then run on different CPUs).

Usage: test_transfer.py [--arch riscv64|aarch64 ...] [--filter REGEX]
                        [-j N]
Prints one line per case and a closing "transfer: N passed, N failed".
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
TRANSFER_LINES = [
    r"transfer: spawn with handle ok$",
    r"transfer: handle in reply ok$",
    r"transfer: moved handle gone ok$",
    r"transfer: bad handle refused ok$",
    r"transfer: no RIGHT_TRANSFER refused ok$",
    r"transfer: receiver table full ok$",
    r"transfer: 1000 round trips ok$",
    r"transfer: done$",
]
FORBID = [r"panic:", r"fault: process", r"FAILED", r"kernel: cannot start"]


class Case:
    def __init__(self, arch, smp, gic=3):
        self.arch, self.smp, self.gic = arch, smp, gic
        self.name = "%s smp=%d transfer" % (arch, smp)


def cases():
    return [Case(arch, smp) for arch in ("riscv64", "aarch64")
            for smp in (1, 4)]


def run_case(c):
    with tempfile.TemporaryDirectory(prefix="transfer-") as work:
        facts = harness.dtb_facts(c.arch, c.smp, "512M", c.gic)
        expect = test_boot.boot_lines(facts, facts["cpus"],
                                      test_boot.initrd_lines(c.arch))
        image = harness.image_with_bootargs(c.arch, "run=transfer-test",
                                            work)
        r = harness.boot(c.arch, expect, image, c.smp, "512M", c.gic,
                         forbid=FORBID, workdir=work,
                         timeout=int(os.environ.get("TRANSFER_TIMEOUT",
                                                    "240")),
                         anywhere=test_boot.INIT_LINES + TRANSFER_LINES)
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
                print("PASS %-24s %5.1fs" % (c.name, r.seconds), flush=True)
            else:
                failed += 1
                print("FAIL %-24s %5.1fs: %s" % (c.name, r.seconds,
                                                  r.reason), flush=True)
                print(harness.last_lines(r.log), flush=True)
    print("transfer: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
