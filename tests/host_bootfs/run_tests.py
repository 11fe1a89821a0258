#!/usr/bin/env python3
"""Boot-module archives end to end on the host.

Builds archives with tools/mkbootfs.py (and GNU cpio when installed),
checks the tool itself (deterministic output, manifest, refusals, GNU cpio
reading what it writes), then runs test_boot_modules, the kernel's parser,
on every archive. Prints one line per check and a closing
"N passed, N failed" that counts the C checks too.

Usage: run_tests.py --test-bin PATH [--workdir DIR]
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MKBOOTFS = os.path.join(HERE, "..", "..", "tools", "mkbootfs.py")
sys.path.insert(0, os.path.dirname(MKBOOTFS))
import mkbootfs  # noqa: E402

passed = failed = 0


def check(ok, what):
    global passed, failed
    print("%s %s" % ("PASS" if ok else "FAIL", what), flush=True)
    if ok:
        passed += 1
    else:
        failed += 1
    return ok


def write(path, data, exe=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o755 if exe else 0o644)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def tool(*args):
    return subprocess.run([sys.executable, MKBOOTFS] + list(args),
                          capture_output=True, text=True)


def inputs(work):
    """Module files of every padding class, one executable, one empty."""
    rnd = random.Random(1)
    files = {
        "init": (bytes(rnd.randrange(256) for _ in range(1234)), True),
        "sched-rr": (b"", False),
        "t1": (b"a", False),
        "t2": (b"ab", False),
        "t3": (b"abc", False),
        "big": (bytes(rnd.randrange(256) for _ in range(9001)), False),
    }
    d = os.path.join(work, "in")
    for name, (data, exe) in files.items():
        write(os.path.join(d, name), data, exe)
    return d, {n: os.path.join(d, n) for n in files}


def tool_checks(work, paths):
    """Returns (archive, {module name: path}) for the C test."""
    out = os.path.join(work, "tool.cpio")
    manifest = os.path.join(work, "modules.txt")
    names = sorted(paths)
    r = tool("create", "-o", out, "--manifest", manifest,
             *[paths[n] for n in names])
    check(r.returncode == 0, "mkbootfs create" + (
        " (%s)" % r.stderr.strip() if r.returncode else ""))

    want_manifest = "# boot modules: <name> <size in bytes>\n" + "".join(
        "%s %d\n" % (n, os.path.getsize(paths[n])) for n in names)
    check(read(manifest).decode() == want_manifest,
          "modules.txt lists every other module with its size")

    # Same names and bytes from another directory, other order, other
    # timestamps: the same archive.
    other = os.path.join(work, "in-copy")
    for n in reversed(names):
        write(os.path.join(other, n), read(paths[n]),
              os.access(paths[n], os.X_OK))
        os.utime(os.path.join(other, n), (1e9, 1e9))
    out2 = os.path.join(work, "tool2.cpio")
    tool("create", "-o", out2, "--manifest", manifest,
         *[os.path.join(other, n) for n in reversed(names)])
    check(read(out) == read(out2),
          "archive depends on names and contents only (order, directory, "
          "mtime do not matter)")

    all_paths = dict(paths, **{"modules.txt": manifest})
    r = tool("list", out)
    want = "".join("%s %d\n" % (n, os.path.getsize(all_paths[n]))
                   for n in sorted(all_paths))
    check(r.returncode == 0 and r.stdout == want,
          "mkbootfs list shows the modules in name order")
    mods = dict(mkbootfs.parse(read(out)))
    check(all(mods[n] == read(p) for n, p in all_paths.items()),
          "mkbootfs reads back every module's bytes")

    blob = read(out)
    check(len(blob) % 4 == 0 and blob.endswith(b"TRAILER!!!\0\0\0\0"),
          "archive ends with the TRAILER!!! entry, 4-byte aligned")

    dup = os.path.join(work, "dup", "init")
    write(dup, b"x")
    r = tool("create", "-o", os.path.join(work, "dup.cpio"), paths["init"],
             dup)
    check(r.returncode == 1 and "duplicate" in r.stderr,
          "two files with one basename refused")
    spaced = os.path.join(work, "sp", "a b")
    write(spaced, b"x")
    r = tool("create", "-o", os.path.join(work, "sp.cpio"), spaced)
    check(r.returncode == 1 and "bad module name" in r.stderr,
          "a name with a space refused")
    cut = os.path.join(work, "cut.cpio")
    with open(cut, "wb") as f:
        f.write(blob[:-1])
    r = tool("list", cut)
    check(r.returncode == 1 and "truncated" in r.stderr,
          "mkbootfs list refuses a truncated archive (%s)"
          % r.stderr.strip())
    return out, all_paths


def gnu_cpio_checks(work, cpio, tool_archive, all_paths):
    """Interop both ways. Returns C-test arguments for GNU's archives."""
    args = []
    with open(tool_archive, "rb") as f:
        r = subprocess.run([cpio, "-it", "--quiet"], stdin=f,
                           capture_output=True, text=True)
    check(r.returncode == 0 and r.stdout.split() == sorted(all_paths),
          "GNU cpio lists mkbootfs's archive")
    ex = os.path.join(work, "extract")
    os.makedirs(ex)
    with open(tool_archive, "rb") as f:
        r = subprocess.run([cpio, "-id", "--quiet"], cwd=ex, stdin=f,
                           capture_output=True)
    check(r.returncode == 0 and all(
        read(os.path.join(ex, n)) == read(p) for n, p in all_paths.items())
        and os.access(os.path.join(ex, "init"), os.X_OK),
        "GNU cpio extracts mkbootfs's archive byte for byte, modes kept")

    # A tree as a porter might pack it: find . | cpio, directories and
    # "./" prefixes included.
    tree = os.path.join(work, "tree")
    for n in ("init", "t1", "t3", "big"):
        write(os.path.join(tree, n), read(all_paths[n]))
    write(os.path.join(tree, "sub", "x"), b"xyz")
    listing = "\n".join(sorted(
        [".", "./sub"] + ["./" + n for n in ("init", "t1", "t3", "big")] +
        ["./sub/x"])) + "\n"
    want = ["init=" + os.path.join(tree, "init"),
            "t1=" + os.path.join(tree, "t1"),
            "t3=" + os.path.join(tree, "t3"),
            "big=" + os.path.join(tree, "big"),
            "sub/x=" + os.path.join(tree, "sub", "x")]
    for fmt in ("newc", "crc"):
        out = os.path.join(work, "gnu-%s.cpio" % fmt)
        with open(out, "wb") as f:
            r = subprocess.run([cpio, "-o", "-H", fmt, "--quiet"], cwd=tree,
                               input=listing.encode(), stdout=f,
                               stderr=subprocess.PIPE)
        check(r.returncode == 0, "GNU cpio -H %s writes a tree" % fmt)
        try:
            names = [n for n, _ in mkbootfs.read_archive(out)]
        except mkbootfs.BootfsError as e:
            names = [str(e)]
        check(sorted(names) == ["big", "init", "sub/x", "t1", "t3"],
              "mkbootfs lists GNU cpio's -H %s archive (%s)"
              % (fmt, " ".join(names)))
        args += ["--archive", out] + want

    link_tree = os.path.join(work, "link-tree")
    write(os.path.join(link_tree, "init"), b"x")
    os.symlink("init", os.path.join(link_tree, "sh"))
    for fmt, files, err in (("newc", "init\nsh\n", "BADTYPE"),
                            ("odc", "init\n", "BADMAGIC")):
        out = os.path.join(work, "gnu-bad-%s.cpio" % fmt)
        with open(out, "wb") as f:
            subprocess.run([cpio, "-o", "-H", fmt, "--quiet"], cwd=link_tree,
                           input=files.encode(), stdout=f, check=True)
        args += ["--bad", out, err]
    return args


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--test-bin", required=True)
    ap.add_argument("--workdir")
    a = ap.parse_args()
    if a.workdir:
        shutil.rmtree(a.workdir, ignore_errors=True)
        os.makedirs(a.workdir)
        return run(a.test_bin, a.workdir)
    with tempfile.TemporaryDirectory(prefix="bootfs-") as work:
        return run(a.test_bin, work)


def run(test_bin, work):
    _, paths = inputs(work)
    archive, all_paths = tool_checks(work, paths)
    c_args = ["--archive", archive] + ["%s=%s" % (n, p) for n, p in
                                       sorted(all_paths.items())]
    cpio = shutil.which("cpio")
    if cpio:
        c_args += gnu_cpio_checks(work, cpio, archive, all_paths)
    else:
        print("SKIP GNU cpio not installed: interop cases not run "
              "(Debian: apt-get install cpio)")

    r = subprocess.run([test_bin] + c_args, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    print(r.stdout, end="")
    m = re.search(r"^(\d+) passed, (\d+) failed$", r.stdout, re.M)
    c_passed, c_failed = (int(m.group(1)), int(m.group(2))) if m else (0, 1)
    if r.returncode and not c_failed:
        c_failed = 1   # crashed (sanitizer report above) or bad usage
        print("FAIL test_boot_modules exited with %d" % r.returncode)
    print("host_bootfs: %d passed, %d failed"
          % (passed + c_passed, failed + c_failed))
    return 1 if failed or c_failed else 0


if __name__ == "__main__":
    sys.exit(main())
