#!/usr/bin/env python3
"""Boot-module archive (the initrd): cpio "newc", as Linux's initramfs.

  mkbootfs.py create -o OUT [--manifest PATH] FILE...
      Pack each FILE as a module named by its basename. With --manifest,
      PATH is first (re)written to list every other FILE as "<name>
      <size>" lines (lines starting with '#' are comments), and packed
      too. The output depends on the file names and contents only: entries
      sorted by name, mtime/uid/gid 0, inode numbers in that order, mode
      0755 if the file is executable else 0644.
  mkbootfs.py list ARCHIVE
      Print "<name> <size>" for each module, checking the archive the way
      the kernel does (kernel/boot_modules.c); exit 1 if it is malformed.

`cpio -t -v < ARCHIVE` (GNU cpio) shows the same archive. Python 3 only.
"""
import argparse
import os
import re
import stat
import sys

MAGIC = b"070701"
MAGIC_CRC = b"070702"
HDR_SIZE = 110
TRAILER = "TRAILER!!!"
NAME_MAX = 256            # with the NUL, as BOOTMOD_NAME_MAX
MAX_ENTRIES = 1024        # as BOOTMOD_MAX_ENTRIES
NAME_RE = re.compile(r"[\x21-\x7e]+")   # printable ASCII, no space
FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
          "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize",
          "check")


class BootfsError(Exception):
    pass


def pad4(n):
    return (4 - n % 4) % 4


def entry(name, data, ino, mode, nlink=1):
    """One newc entry: header, name + NUL, padding, data, padding."""
    raw = name.encode("ascii") + b"\0"
    values = {"ino": ino, "mode": mode, "nlink": nlink,
              "filesize": len(data), "namesize": len(raw)}
    hdr = MAGIC + b"".join(b"%08X" % values.get(f, 0) for f in FIELDS)
    out = hdr + raw + b"\0" * pad4(HDR_SIZE + len(raw))
    return out + data + b"\0" * pad4(len(data))


def check_name(name):
    if not NAME_RE.fullmatch(name) or len(name) + 1 > NAME_MAX:
        raise BootfsError("bad module name %r: printable ASCII without "
                          "spaces, under %d bytes" % (name, NAME_MAX))
    if name == TRAILER:
        raise BootfsError("a module may not be named %s" % TRAILER)


def build(modules):
    """modules: iterable of (name, bytes, executable). Returns the archive."""
    modules = sorted(modules, key=lambda m: m[0].encode())
    names = [m[0] for m in modules]
    for n in names:
        check_name(n)
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise BootfsError("duplicate module names: " + " ".join(dups))
    if len(modules) + 1 > MAX_ENTRIES:
        raise BootfsError("more than %d modules" % (MAX_ENTRIES - 1))
    out = b""
    for ino, (name, data, exe) in enumerate(modules, 1):
        if len(data) > 0xffffffff:
            raise BootfsError("%s: too large for cpio newc" % name)
        perm = 0o755 if exe else 0o644
        out += entry(name, data, ino, stat.S_IFREG | perm)
    return out + entry(TRAILER, b"", 0, 0)


def parse(blob):
    """The modules of an archive as [(name, data)], checked as the kernel
    checks them; raises BootfsError naming the first problem."""
    off, mods, seen = 0, [], set()
    for _ in range(MAX_ENTRIES):
        if len(blob) - off < HDR_SIZE:
            raise BootfsError("no %s entry" % TRAILER if off == len(blob)
                              else "header at %d truncated" % off)
        hdr = blob[off:off + HDR_SIZE]
        if hdr[:6] not in (MAGIC, MAGIC_CRC):
            raise BootfsError("bad magic at %d" % off)
        f = {}
        for i, name in enumerate(FIELDS):
            digits = hdr[6 + 8 * i:14 + 8 * i]
            if not re.fullmatch(rb"[0-9a-fA-F]{8}", digits):
                raise BootfsError("field %s at %d not hex" % (name, off))
            f[name] = int(digits, 16)
        ns = f["namesize"]
        if ns < 2 or ns > NAME_MAX:
            raise BootfsError("bad name size %d at %d" % (ns, off))
        name_off = off + HDR_SIZE
        raw = blob[name_off:name_off + ns]
        if len(raw) < ns:
            raise BootfsError("name at %d truncated" % off)
        if raw.find(b"\0") != ns - 1:
            raise BootfsError("name at %d not NUL-terminated" % off)
        name = raw[:-1].decode("latin-1")
        if not NAME_RE.fullmatch(name):
            raise BootfsError("bad name %r at %d" % (name, off))
        data_off = name_off + ns + pad4(name_off + ns)
        end = data_off + f["filesize"]
        if data_off > len(blob) or end + pad4(end) > len(blob):
            raise BootfsError("%s: data truncated" % name)
        data = blob[data_off:end]
        off = end + pad4(end)
        kind = f["mode"] & 0o170000
        if name == TRAILER or kind == stat.S_IFDIR:
            if data:
                raise BootfsError("%s: directory or trailer with data"
                                  % name)
            if name == TRAILER:
                return mods
            continue
        if kind != stat.S_IFREG:
            raise BootfsError("%s: not a regular file or directory" % name)
        mod = name
        while mod.startswith(("/", "./")):
            mod = mod[1:] if mod[0] == "/" else mod[2:]
        if not mod:
            raise BootfsError("file with an empty name at %d" % off)
        if hdr[:6] == MAGIC_CRC and sum(data) & 0xffffffff != f["check"]:
            raise BootfsError("%s: checksum mismatch" % name)
        if mod in seen:
            raise BootfsError("duplicate module %s" % mod)
        seen.add(mod)
        mods.append((mod, data))
    raise BootfsError("more than %d entries" % MAX_ENTRIES)


def read_archive(path):
    """[(name, size)] of the modules in the archive at path."""
    with open(path, "rb") as f:
        return [(n, len(d)) for n, d in parse(f.read())]


def manifest_text(entries):
    lines = ["# boot modules: <name> <size in bytes>"]
    lines += ["%s %d" % (n, s) for n, s in sorted(entries,
                                                   key=lambda e: e[0].encode())]
    return "\n".join(lines) + "\n"


def create(out, files, manifest=None):
    paths = list(dict.fromkeys(files))   # a file named twice is one module
    if manifest:
        mpath = os.path.realpath(manifest)
        others = [p for p in paths if os.path.realpath(p) != mpath]
        listed = [(os.path.basename(p), os.path.getsize(p)) for p in others]
        text = manifest_text(listed)
        old = None
        if os.path.exists(manifest):
            with open(manifest) as f:
                old = f.read()
        if old != text:    # unchanged file, unchanged timestamp
            with open(manifest, "w") as f:
                f.write(text)
        paths = others + [manifest]
    mods = []
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        exe = bool(os.stat(p).st_mode & stat.S_IXUSR)
        mods.append((os.path.basename(p), data, exe))
    blob = build(mods)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, out)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("create")
    c.add_argument("-o", "--output", required=True)
    c.add_argument("--manifest")
    c.add_argument("files", nargs="*")
    ls = sub.add_parser("list")
    ls.add_argument("archive")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "create":
            create(a.output, a.files, a.manifest)
        else:
            for name, size in read_archive(a.archive):
                print("%s %d" % (name, size))
    except (BootfsError, OSError) as e:
        print("mkbootfs.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
