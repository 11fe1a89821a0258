#!/usr/bin/env python3
"""Benchmarks under QEMU's -icount shift=0,sleep=off: each guest instruction
advances the virtual clock by exactly 1 ns, so a figure in virtual ns is
also a count of guest instructions (summed over every CPU that ran in the
interval), and runs repeat to the instruction.

Boots the arch's image with bootargs run=<program> and turns the lines the
program prints into one machine-readable line per figure:

    bench: <name> <value> <unit> n=<samples>

Usage: bench.py [--arch riscv64|aarch64 ...] [--smp N] [--keep-log DIR]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import qemu  # noqa: E402

ICOUNT = ["-icount", "shift=0,sleep=off"]

# Each run: (program, extra bootargs, [(regex over its console lines,
# figure name, unit, group holding the value, group holding the sample
# count)]). A figure a run does not print (e.g. cross-CPU on one CPU) is
# left out; a run that prints none fails.
SAME_CPU = r"ipc: (\d+) round trips ok \((\d+) ns each"
CROSS_CPU = r"ipc: (\d+) cross-cpu round trips ok \((\d+) ns each"
RUNS = [
    ("ipc-test", "", [
        (SAME_CPU, "ipc_round_trip_same_cpu_fast", "ns", 2, 1),
        (CROSS_CPU, "ipc_round_trip_cross_cpu", "ns", 2, 1)]),
    ("ipc-test", "ipc.fastpath=off", [
        (SAME_CPU, "ipc_round_trip_same_cpu_slow", "ns", 2, 1)]),
]
DONE = {"ipc-test": r"^ipc: done$"}


def run(arch, program, extra, smp, timeout, keep=None):
    work = tempfile.mkdtemp(prefix="bench-")
    image = harness.image_with_bootargs(
        arch, ("run=%s %s" % (program, extra)).strip(), work)
    log = os.path.join(keep or work, "bench-%s-%s%s-smp%d.log"
                       % (arch, program, extra.replace("=", "-")
                          .replace(".", "-"), smp))
    cmd = qemu.machine_cmd(arch, image, smp, "512M", 3, None, "",
                           serial=log, workdir=work) + ICOUNT
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = re.compile(DONE[program], re.M)
    start = time.monotonic()
    text = ""
    try:
        while time.monotonic() - start < timeout:
            time.sleep(0.5)
            with open(log, errors="replace") as f:
                text = f.read().replace("\r", "")
            if done.search(text) or p.poll() is not None:
                break
    finally:
        p.kill()
        p.wait()
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", action="append")
    ap.add_argument("--smp", type=int, action="append")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--keep-log")
    a = ap.parse_args()
    failed = 0
    for arch in a.arch or ["riscv64", "aarch64"]:
        for smp in a.smp or [1, 4]:
            for program, extra, figs in RUNS:
                text = run(arch, program, extra, smp, a.timeout,
                           a.keep_log)
                got = 0
                for regex, name, unit, vgroup, ngroup in figs:
                    m = re.search(regex, text)
                    if not m:
                        continue
                    got += 1
                    print("bench: %s_%s_smp%d %s %s n=%s" % (
                        name, arch, smp, m.group(vgroup), unit,
                        m.group(ngroup)), flush=True)
                if not got:
                    failed += 1
                    print("bench: %s %s on %s smp=%d printed no figure"
                          % (program, extra, arch, smp), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
