#!/usr/bin/env python3
"""Keeps kernel/ generic, as the design demands:

 1. No board constant: no literal in kernel/ equals an MMIO address, a
    memory base, or (on a line about time) a timer frequency found in any of
    the DTBs given on the
    command line (the QEMU boards' own trees and dts/), and no literal on an
    interrupt-related line equals a device interrupt number from them.
    Values fixed by a specification (register offsets, the cpu-intc cause
    numbers) are not board facts; a line may say so with "fixed by".
 2. No architecture in generic code: no #if on an architecture macro and no
    arch header included from kernel/.
 3. No hard-coded CPU count: CPU_MAX is the one documented software limit.

Prints every offending line and a closing "N passed, N failed".
"""
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def parse_dtb(data):
    """Yield (path, prop, value bytes, parent #address-cells) for a DTB."""
    magic, total, off_struct, off_strings = struct.unpack(">IIII", data[:16])
    assert magic == 0xD00DFEED
    pos, path, cells = off_struct, [], [(2, 1)]
    props = {}
    while True:
        tok, = struct.unpack(">I", data[pos:pos + 4])
        pos += 4
        if tok == 1:
            end = data.index(b"\0", pos)
            path.append(data[pos:end].decode())
            pos = (end + 4) & ~3
            cells.append(cells[-1])
            props = {}
        elif tok == 2:
            path.pop()
            cells.pop()
        elif tok == 3:
            ln, nameoff = struct.unpack(">II", data[pos:pos + 8])
            pos += 8
            name_end = data.index(b"\0", off_strings + nameoff)
            name = data[off_strings + nameoff:name_end].decode()
            val = data[pos:pos + ln]
            pos = (pos + ln + 3) & ~3
            parent_cells = cells[-2] if len(cells) > 1 else (2, 1)
            yield "/".join(path), name, val, parent_cells
            if name == "#address-cells":
                cells[-1] = (struct.unpack(">I", val)[0], cells[-1][1])
            elif name == "#size-cells":
                cells[-1] = (cells[-1][0], struct.unpack(">I", val)[0])
        elif tok == 4:
            continue
        elif tok == 9:
            return


def board_facts(dtb_paths):
    addrs, freqs, irqs = set(), set(), set()
    for p in dtb_paths:
        with open(p, "rb") as f:
            data = f.read()
        for path, name, val, (ac, sc) in parse_dtb(data):
            words = [w for w, in struct.iter_unpack(">I", val[:len(val) // 4 * 4])]
            if name == "reg" and ac in (1, 2) and words:
                step = ac + sc
                for i in range(0, len(words) - ac + 1, max(step, 1)):
                    a = 0
                    for w in words[i:i + ac]:
                        a = (a << 32) | w
                    if a >= 0x10000:   # small values are unit ids, not MMIO
                        addrs.add(a)
            elif name in ("timebase-frequency", "clock-frequency") and words:
                if words[0] >= 1000:
                    freqs.add(words[0])
            elif name == "interrupts":
                irqs.update(w for w in words if w >= 16)
    return addrs, freqs, irqs


LITERAL = re.compile(r"\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*\b")
ARCH_IF = re.compile(r"#\s*(if|ifdef|ifndef|elif).*(__riscv|__aarch64__|"
                     r"__arm__|__x86_64__|\bARCH_|CONFIG_ARCH)")
ARCH_INC = re.compile(r'#\s*include\s*[<"]arch/')
CPU_COUNT = re.compile(r"#\s*define\s+\w*(NCPU|NR_CPUS|NUM_CPUS|CPU_COUNT)"
                       r"\w*\s+[0-9]")


def source_files():
    for base, _, files in os.walk(os.path.join(ROOT, "kernel")):
        for f in sorted(files):
            if f.endswith((".c", ".h", ".S")):
                yield os.path.join(base, f)


def main():
    addrs, freqs, irqs = board_facts(sys.argv[1:])
    results = {"board addresses": [], "frequencies": [], "irq numbers": [],
               "arch #if / arch include": [], "cpu count": []}
    for path in source_files():
        rel = os.path.relpath(path, ROOT)
        with open(path, errors="replace") as f:
            for n, line in enumerate(f, 1):
                code = re.sub(r"/\*.*?(\*/|$)", "", line.split("//")[0])
                if code.lstrip().startswith("*"):
                    continue
                where = "%s:%d: %s" % (rel, n, line.strip())
                if ARCH_IF.search(code) or ARCH_INC.search(code):
                    results["arch #if / arch include"].append(where)
                if CPU_COUNT.search(code):
                    results["cpu count"].append(where)
                if "fixed by" in line:
                    continue
                for m in LITERAL.finditer(code):
                    lit = m.group(1)
                    # C octal (0755) is not Python's: parse it as C does.
                    if len(lit) > 1 and lit[0] == "0" and lit[1] in "01234567":
                        v = int(lit, 8)
                    else:
                        v = int(lit, 0)
                    if v in addrs:
                        results["board addresses"].append(where)
                    # A frequency is also an ordinary number (1 MHz is
                    # 1000000): flag it where the line is about time.
                    if v in freqs and re.search(r"hz|freq|clock|timebase|"
                                                r"tick|timer", code, re.I):
                        results["frequencies"].append(where)
                    if v in irqs and re.search(r"irq|intid|interrupt|spi|ppi",
                                               code, re.I):
                        results["irq numbers"].append(where)
    print("checked against %d addresses, %d frequencies, %d irq numbers "
          "from %d DTBs" % (len(addrs), len(freqs), len(irqs),
                            len(sys.argv) - 1))
    passed = failed = 0
    for what, hits in results.items():
        if hits:
            failed += 1
            print("FAIL %s in kernel/:" % what)
            for h in hits:
                print("    " + h)
        else:
            passed += 1
            print("PASS no %s in kernel/" % what)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not addrs else 0


if __name__ == "__main__":
    sys.exit(main())
