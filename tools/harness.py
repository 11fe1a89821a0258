"""Boot-test harness: boot an image in QEMU with the serial port going to a
file, wait for expected console lines, fail on a timeout or an unexpected
panic, and on any failure show the last 40 console lines.

QEMU can lose buffered serial output when a guest spins after a fault, so
silence is treated as a failure with the context that did arrive.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_dir(arch, board="qemu-virt"):
    return os.path.join(ROOT, "build", "%s-%s" % (arch, board))


def image_with_bootargs(arch, bootargs, workdir):
    """A copy of the arch's disk.img whose boot.scr sets `bootargs`."""
    bdir = build_dir(arch)
    src = os.path.join(bdir, "disk.img")
    if not bootargs:
        return src
    with open(os.path.join(bdir, "boot.txt")) as f:
        script = re.sub(r'^setenv bootargs .*$',
                        'setenv bootargs "%s"' % bootargs, f.read(),
                        flags=re.M)
    txt = os.path.join(workdir, "boot.txt")
    scr = os.path.join(workdir, "boot.scr")
    img = os.path.join(workdir, "disk.img")
    with open(txt, "w") as f:
        f.write(script)
    mkarch = "riscv" if arch == "riscv64" else "arm64"
    subprocess.run(["mkimage", "-q", "-A", mkarch, "-O", "linux", "-T",
                    "script", "-C", "none", "-d", txt, scr], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.copyfile(src, img)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mcopy", "-o", "-i", img + "@@1M", scr, "::/"],
                   check=True, env=env)
    return img


def _fdtget(dtb, *args):
    r = subprocess.run(["fdtget"] + list(args[:-2]) + [dtb] + list(args[-2:]),
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def _fdtlist(dtb, path):
    r = subprocess.run(["fdtget", "-l", dtb, path], capture_output=True,
                       text=True, check=True)
    return r.stdout.split()


def dtb_facts(arch, smp, mem, gic=3, cpu=None, machine_opts=""):
    """What the kernel must report, read from the DTB QEMU generates for
    the same machine configuration (the oracle; nothing hard-coded)."""
    with tempfile.TemporaryDirectory() as d:
        dtb = os.path.join(d, "m.dtb")
        opts = ("dumpdtb=" + dtb) if not machine_opts else \
            (machine_opts + ",dumpdtb=" + dtb)
        cmd = qemu.machine_args(arch, smp, mem, gic, cpu, opts)
        subprocess.run(cmd + ["-nographic"], check=True,
                       capture_output=True)
        model = _fdtget(dtb, "/", "model")
        cpus = [n for n in _fdtlist(dtb, "/cpus") if n.startswith("cpu@")]
        mem_bytes = 0
        acells = int(_fdtget(dtb, "-t", "u", "/", "#address-cells") or 2)
        scells = int(_fdtget(dtb, "-t", "u", "/", "#size-cells") or 1)
        for n in _fdtlist(dtb, "/"):
            if not n.startswith("memory"):
                continue
            cells = [int(x) for x in
                     _fdtget(dtb, "-t", "u", "/" + n, "reg").split()]
            step = acells + scells
            for i in range(0, len(cells), step):
                size = 0
                for c in cells[i + acells:i + step]:
                    size = (size << 32) | c
                mem_bytes += size
        hz = _fdtget(dtb, "-t", "u", "/cpus", "timebase-frequency")
        if hz is None:
            hz = _fdtget(dtb, "-t", "u", "/timer", "clock-frequency")
        return {"model": model, "cpus": len(cpus),
                "mem_mib": mem_bytes >> 20,
                "timer_hz": int(hz) if hz else None}


class BootResult:
    def __init__(self, ok, reason, log, seconds):
        self.ok, self.reason, self.log, self.seconds = ok, reason, log, seconds


def boot(arch, expect, image, smp=4, mem="512M", gic=3, cpu=None,
         machine_opts="", timeout=90, forbid=(r"panic:",), workdir=None,
         anywhere=()):
    """Boot and wait until every regex in `expect` has matched a line, in
    order, and every regex in `anywhere` has matched some line. Lines
    matching a `forbid` regex fail the boot at once."""
    workdir = workdir or tempfile.mkdtemp(prefix="boot-")
    log_path = os.path.join(workdir, "serial.log")
    open(log_path, "w").close()
    cmd = qemu.machine_cmd(arch, image, smp, mem, gic, cpu, machine_opts,
                           serial=log_path, workdir=workdir)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    want = [re.compile(e) for e in expect]
    loose = [re.compile(e) for e in anywhere]
    bad = [re.compile(f) for f in forbid]
    # Lines after which nothing more will come: stop waiting at once.
    final = re.compile(r"^kernel: boot checks done|system halted")
    idx, reason, lines = 0, None, []
    try:
        while True:
            with open(log_path, errors="replace") as f:
                lines = f.read().replace("\r", "").split("\n")
            idx = 0
            for line in lines:
                if any(b.search(line) for b in bad):
                    reason = "forbidden line: " + line.strip()
                    break
                if idx < len(want) and want[idx].search(line):
                    idx += 1
            missing = [p for p in loose
                       if not any(p.search(l) for l in lines)]
            if reason or (idx == len(want) and not missing):
                break
            if idx < len(want) and any(final.search(l) for l in lines):
                time.sleep(0.5)   # let the last lines reach the file
                reason = "boot finished without a line matching /%s/" % (
                    expect[idx])
                with open(log_path, errors="replace") as f:
                    lines = f.read().replace("\r", "").split("\n")
                break
            if proc.poll() is not None:
                reason = "qemu exited with %d: %s" % (
                    proc.returncode, proc.stderr.read().decode()[-500:])
                break
            if time.monotonic() - start > timeout:
                waiting = expect[idx] if idx < len(want) else \
                    missing[0].pattern
                reason = "timeout after %ds waiting for /%s/" % (
                    timeout, waiting)
                break
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    seconds = time.monotonic() - start
    return BootResult(reason is None, reason, lines, seconds)


def last_lines(lines, n=40):
    tail = [l for l in lines if l.strip()][-n:]
    return "\n".join("    | " + l for l in tail) if tail else \
        "    | (no console output at all)"


class ConsoleTimeout(Exception):
    pass


class InteractiveBoot:
    """A QEMU boot whose serial port is a Unix socket the test can type
    into, with QEMU's chardev log file recording everything the guest
    prints (the socket is only drained). Use boot_interactive() to start
    one; close() (or a with-block) stops QEMU."""

    def __init__(self, arch, image, smp=4, mem="512M", gic=3, cpu=None,
                 machine_opts="", workdir=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="console-")
        self.log_path = os.path.join(self.workdir, "serial.log")
        sock_path = os.path.join(self.workdir, "serial.sock")
        open(self.log_path, "w").close()
        cmd = qemu.machine_cmd(arch, image, smp, mem, gic, cpu, machine_opts,
                               serial=self.log_path, workdir=self.workdir)
        i = cmd.index("-serial")
        cmd[i:i + 2] = [
            "-chardev", "socket,id=ser0,path=%s,server=on,wait=off,"
            "logfile=%s" % (sock_path, self.log_path),
            "-serial", "chardev:ser0"]
        self.start = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        self.sock = None
        deadline = time.monotonic() + 20
        while self.sock is None:
            if self.proc.poll() is not None:
                raise ConsoleTimeout("qemu exited with %d: %s" % (
                    self.proc.returncode,
                    self.proc.stderr.read().decode()[-500:]))
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sock_path)
                self.sock = s
            except (FileNotFoundError, ConnectionRefusedError):
                s.close()
                if time.monotonic() > deadline:
                    self.close()
                    raise ConsoleTimeout("qemu made no serial socket")
                time.sleep(0.05)
        # Keep reading so QEMU never waits on a full socket; the log file
        # is what the test looks at.
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()

    def _drain(self):
        try:
            while self.sock.recv(4096):
                pass
        except OSError:
            pass

    def text(self):
        """Everything printed so far, with carriage returns dropped."""
        with open(self.log_path, errors="replace") as f:
            return f.read().replace("\r", "")

    def lines(self):
        return self.text().split("\n")

    def wait_for(self, regex, start=0, timeout=60):
        """Wait until `regex` (re.M) matches the output from offset
        `start`; returns the match (offsets relative to `start`) and the
        absolute offset of its end. Raises ConsoleTimeout."""
        pat = re.compile(regex, re.M)
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            m = pat.search(text, start)
            if m:
                return m, m.end()
            if self.proc.poll() is not None:
                raise ConsoleTimeout("qemu exited with %d while waiting "
                                     "for /%s/" % (self.proc.returncode,
                                                   regex))
            if time.monotonic() > deadline:
                raise ConsoleTimeout("timeout after %ds waiting for /%s/"
                                     % (timeout, regex))
            time.sleep(0.1)

    def send(self, data):
        """Type `data` (str or bytes) into the serial port."""
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def close(self):
        if self.sock:
            try:
                self.sock.close()
            except OSError:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def boot_interactive(arch, image, **kw):
    """Start QEMU with a typeable serial console (see InteractiveBoot).
    Wait for the guest's own ready line before typing: U-Boot's autoboot
    stops at any key."""
    return InteractiveBoot(arch, image, **kw)
