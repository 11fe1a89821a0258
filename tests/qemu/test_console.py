#!/usr/bin/env python3
"""Console integration test: boot the real image (4 CPUs) on each arch,
wait for init's prompt, then type commands into the serial port and check
what init's shell answers: help, ps (SYS_PS), run (SYS_SPAWN), sleep
(SYS_SLEEP), backspace editing, unknown commands. Typing goes through a
QEMU socket chardev (tools/harness.py: boot_interactive); nothing is typed
before "init: ready", so U-Boot's autoboot never sees a key.

Usage: test_console.py [--arch riscv64|aarch64 ...] [-j N]
Prints one line per check and a closing "console: N passed, N failed".
"""
import argparse
import concurrent.futures
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import harness  # noqa: E402

PROMPT = r"(?:^|\n)> "
# A row of init's ps table: pid, tid, state, cpu, name.
PS_HEADER = r"^\s*PID\s+TID\s+STATE\s+CPU\s+NAME\s*$"
INIT_ROW = r"^\s*1\s+\d+\s+running\s+\d+\s+init\s*$"


class Session:
    """One booted machine; each check types a command and waits for its
    answer in the output that follows."""

    def __init__(self, con):
        self.con = con
        self.pos = 0      # output already looked at

    def expect(self, regex, timeout=60, start=None):
        """Wait for regex after the current position and move past it;
        with `start`, look from there and leave the position alone (for
        other processes' lines, which come in any order)."""
        if start is not None:
            return self.con.wait_for(regex, start, timeout)[0]
        m, end = self.con.wait_for(regex, self.pos, timeout)
        self.pos = end
        return m

    def command(self, line, typed=None):
        """Type a command line (`typed` overrides the bytes sent, for
        editing keys), return the output offset where its answer starts."""
        start = len(self.con.text())
        self.con.send((typed if typed is not None else line) + "\r")
        # The echo of the line, then the answer.
        self.pos = start
        return start

    def prompt(self, timeout=60):
        self.expect(PROMPT, timeout)


def check_help(s):
    s.command("help")
    s.expect(r"^\s+ps\s")
    s.expect(r"^\s+run <module>")
    s.prompt()


def check_ps(s):
    s.command("ps")
    s.expect(PS_HEADER)
    s.expect(INIT_ROW)
    s.prompt()


def check_run(s):
    start = s.command("run fault-test")
    m = s.expect(r"run: started fault-test as pid (\d+)$")
    pid = m.group(1)
    # fault-test's lines may come before or after init's answer, and may
    # share a line with the prompt: look anywhere after the command.
    s.expect(r"fault-test: reading a kernel address$", start=start)
    s.expect(r"fault: process fault-test \(pid %s\) thread \d+: .* at "
             r"pc=0x[0-9a-f]+ addr=0x[0-9a-f]+; thread killed$" % pid,
             start=start)
    s.prompt()
    return pid


def check_ps_after_run(s, pid):
    s.command("ps")
    s.expect(PS_HEADER)
    s.expect(INIT_ROW)
    # Its only thread has ended; the process stays listed as exited.
    s.expect(r"^\s*%s\s+-\s+exited\s+-\s+fault-test\s*$" % pid)
    s.prompt()


def check_backspace(s):
    start = s.command("ps", typed="pz\x7fs")
    s.expect(PS_HEADER)
    s.prompt()
    if "unknown command" in s.con.text()[start:]:
        raise harness.ConsoleTimeout("backspace not applied")


def check_unknown(s):
    s.command("frobnicate now")
    s.expect(r"^unknown command: frobnicate$")
    s.prompt()


def check_run_missing(s):
    s.command("run no-such-module")
    s.expect(r"^run: no-such-module: no such module$")
    s.prompt()


def check_sleep(s):
    t0 = time.monotonic()
    s.command("sleep 300")
    s.expect(r"^slept 300 ms$")
    # Without icount the guest counter follows host time: a lower bound
    # holds however slow the host is.
    took = time.monotonic() - t0
    if took < 0.3:
        raise harness.ConsoleTimeout("sleep 300 returned after %.3fs"
                                     % took)
    s.prompt()


def qemu_cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def check_idle(s):
    """Waiting for input must not spin: with init blocked in
    SYS_CONSOLE_READ, 4 idle vCPUs use a few percent of one host CPU; a
    polling loop would use all of one."""
    time.sleep(0.5)
    a = qemu_cpu_seconds(s.con.proc.pid)
    time.sleep(3)
    used = qemu_cpu_seconds(s.con.proc.pid) - a
    if used > 1.0:
        raise harness.ConsoleTimeout("qemu used %.2f CPU seconds in 3 s "
                                     "at the prompt" % used)


def run_arch(arch, smp=4):
    """Returns [(check name, ok, detail)] for one arch."""
    results = []
    with tempfile.TemporaryDirectory(prefix="console-") as work:
        image = harness.image_with_bootargs(arch, "", work)
        try:
            con = harness.boot_interactive(arch, image, smp=smp,
                                           workdir=work)
        except harness.ConsoleTimeout as e:
            return [("%s boot to the prompt" % arch, False, str(e))]
        with con:
            s = Session(con)

            def step(name, fn, *args):
                try:
                    out = fn(*args)
                    results.append(("%s %s" % (arch, name), True, ""))
                    return out
                except harness.ConsoleTimeout as e:
                    results.append(("%s %s" % (arch, name), False,
                                    str(e) + "\n" +
                                    harness.last_lines(con.lines())))
                    return None

            def boot():
                s.expect(r"^init: syscall argument checks ok$", 120)
                s.expect(r"^init: ready$")
                s.prompt()

            if step("boot to the prompt", boot) is None and \
                    not results[-1][1]:
                return results
            step("blocked reader leaves the CPUs idle", check_idle, s)
            step("help lists ps and run", check_help, s)
            step("ps shows init and its thread", check_ps, s)
            pid = step("run fault-test starts it", check_run, s)
            if pid is not None:
                step("ps after run", check_ps_after_run, s, pid)
            step("backspace edits the line", check_backspace, s)
            step("unknown command", check_unknown, s)
            step("run of a missing module", check_run_missing, s)
            step("sleep", check_sleep, s)
            bad = [l for l in con.lines()
                   if re.search(r"panic:|FAILED", l)]
            results.append(("%s no panic or failure line" % arch, not bad,
                            "\n".join(bad)))
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", action="append")
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    arches = a.arch or ["riscv64", "aarch64"]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        for results in ex.map(run_arch, arches):
            for name, ok, detail in results:
                if ok:
                    passed += 1
                    print("PASS %s" % name, flush=True)
                else:
                    failed += 1
                    print("FAIL %s: %s" % (name, detail), flush=True)
    print("console: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
