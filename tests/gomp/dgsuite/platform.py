# SPDX-License-Identifier: MIT
"""The target under test: how to compile and run a test, and its effective targets.

Two platforms share everything but the compiler and the way a program runs:
  host    the host's gcc -fopenmp and Linux (a baseline for the runner itself)
  eremit  build/bin/eremit-cc -fopenmp, the image booted by build/bin/eremit
          (KVM, or QEMU with --qemu)
Effective-target keywords are answered as GCC's target-supports.exp and
libgomp.exp answer them: by compiling a probe with the compiler under test
and, for the *_runtime and offload_device* ones, running it on the target.
"""
import fnmatch
import os
import re
import signal
import subprocess
import threading
import time

from . import diag
from .keywords import KEYWORDS

# Flags libgomp.exp (libgomp_init) and libgomp.c/c.exp give every compile.
ALWAYS_FLAGS = ['-fopenmp', '-fmessage-length=0', '-fno-diagnostics-show-caret',
                '-fdiagnostics-color=never']


class RunResult:
    def __init__(self, status, output, timed_out, seconds, command):
        self.status = status        # exit status; a negative one is a signal (host)
        self.output = output        # stdout and stderr, as one text
        self.timed_out = timed_out
        self.seconds = seconds
        self.command = command


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_command(cmd, cwd, env, timeout):
    """Run cmd with stdout and stderr merged; kill its process group after timeout seconds."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc)
        out, _ = proc.communicate()
    return RunResult(proc.returncode, out.decode('utf-8', 'replace'), timed_out,
                     time.monotonic() - start, cmd)


class Platform:
    """What both platforms share: the compile step, the triplet and the probes.

    A platform class adds run(exe, env, timeout, cwd) -> RunResult: the
    program's exit status and its stdout and stderr as one text.
    """

    name = None

    def __init__(self, cc, include_dirs, probe_dir, compile_timeout=300):
        self.cc = cc
        self.include_flags = [f for d in include_dirs for f in ('-I', d)]
        self.probe_dir = probe_dir
        self.compile_timeout = compile_timeout
        self.triplet = self._triplet()
        self._cache = {}
        self._locks = {}
        self._lock = threading.Lock()
        self.probe_log = []       # (keyword, value, why) in the order evaluated

    # --- compiling -------------------------------------------------------
    def compile_env(self):
        env = dict(os.environ)
        env.update(LC_ALL='C', LANG='C')
        return env

    def compile(self, sources, output, kind, flags, cwd):
        """Compile sources to output; kind is 'assembly', 'object' or 'executable'.

        Returns a RunResult whose output is the compiler's messages.
        """
        cmd = list(self.cc) + list(sources) + ALWAYS_FLAGS + self.include_flags + list(flags)
        if kind == 'assembly':
            cmd.append('-S')
        elif kind == 'object':
            cmd.append('-c')
        elif kind == 'executable':
            cmd.append('-lm')  # DejaGnu's default_target_compile links the math library
        else:
            raise ValueError(kind)
        cmd += ['-o', output]
        return run_command(cmd, cwd, self.compile_env(), self.compile_timeout)

    def _triplet(self):
        """The compiler's target triplet in DejaGnu's canonical form (x86_64-pc-linux-gnu)."""
        r = subprocess.run(list(self.cc) + ['-dumpmachine'], capture_output=True, text=True)
        machine = r.stdout.strip()
        if r.returncode != 0 or not machine:
            raise RuntimeError('%s -dumpmachine failed: %s' % (' '.join(self.cc), r.stderr))
        parts = machine.split('-')
        if len(parts) == 3:  # x86_64-linux-gnu: config.sub adds the vendor
            parts.insert(1, 'pc' if parts[0] in ('x86_64', 'i686', 'i586', 'i486', 'i386')
                         else 'unknown')
        return '-'.join(parts)

    def istarget(self, glob):
        return fnmatch.fnmatchcase(self.triplet, glob)

    # --- effective targets -------------------------------------------------
    def is_keyword(self, word):
        return word in KEYWORDS

    def effective(self, word):
        """The value of an effective-target keyword, evaluated once per run."""
        if word not in KEYWORDS:
            raise KeyError('unknown effective-target keyword: %s' % word)
        with self._lock:
            lock = self._locks.setdefault(word, threading.Lock())
        with lock:
            if word not in self._cache:
                value, why = KEYWORDS[word](self)
                self._cache[word] = bool(value)
                self.probe_log.append((word, bool(value), why))
            return self._cache[word]

    def _probe_paths(self, name, ext='.c'):
        d = os.path.join(self.probe_dir, name)
        os.makedirs(d, exist_ok=True)
        return d, os.path.join(d, name + ext)

    def no_compiler_messages(self, name, kind, source, flags=()):
        """check_no_compiler_messages: the probe compiles with no message at all."""
        d, src = self._probe_paths(name)
        with open(src, 'w') as f:
            f.write(source)
        out = os.path.join(d, name + {'object': '.o', 'assembly': '.s', 'executable': '.exe'}[kind])
        r = self.compile([src], out, kind, list(flags), d)
        messages = diag.prune(r.output).strip()
        ok = r.status == 0 and not r.timed_out and messages == ''
        return ok, 'compiles cleanly' if ok else 'compile: status %s, %s' % (
            r.status, (messages or 'no messages')[:300])

    def runtime(self, name, source, flags=()):
        """check_runtime: the probe compiles cleanly and exits 0 on the target."""
        ok, why = self.no_compiler_messages(name, 'executable', source, flags)
        if not ok:
            return False, why
        d, _ = self._probe_paths(name)
        r = self.run(os.path.join(d, name + '.exe'), {}, 120, d)
        ok = r.status == 0 and not r.timed_out
        return ok, 'runs, exit status %s%s' % (r.status, ' (timed out)' if r.timed_out else '')

    def offload_target(self, accel):
        """libgomp_check_effective_target_offload_target, refined for --enable-offload-defaulted.

        Debian's gcc names nvptx-none and amdgcn-amdhsa in OFFLOAD_TARGET_NAMES
        even when their offload compilers are not installed; with
        OFFLOAD_TARGET_DEFAULT=1 lto-wrapper then silently skips them. A target
        counts only when its mkoffload is installed too.
        """
        r = subprocess.run(list(self.cc) + ['-fopenmp', '-v', '-x', 'c', '-E', '/dev/null',
                                            '-o', '/dev/null'], capture_output=True, text=True)
        m = re.search(r'(?m)^OFFLOAD_TARGET_NAMES=(.*)$', r.stderr)
        if not m:
            return False, 'no OFFLOAD_TARGET_NAMES'
        names = [n for n in m.group(1).split(':') if n.startswith(accel)]
        if not names:
            return False, 'OFFLOAD_TARGET_NAMES=%s' % m.group(1)
        for n in names:
            p = subprocess.run(list(self.cc) + ['-print-prog-name=accel/%s/mkoffload' % n],
                               capture_output=True, text=True).stdout.strip()
            if os.path.isabs(p) and os.access(p, os.X_OK):
                return True, 'mkoffload at %s' % p
        return False, 'named in OFFLOAD_TARGET_NAMES but no accel/%s/mkoffload installed' % names[0]


class HostPlatform(Platform):
    """Linux with the host's gcc and libgomp."""

    name = 'host'

    def run(self, exe, env, timeout, cwd):
        e = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LC_ALL': 'C', 'LANG': 'C'}
        e.update(env)
        return run_command([exe], cwd, e, timeout)


class EremitPlatform(Platform):
    """Eremit images booted by the eremit monitor."""

    name = 'eremit'

    def __init__(self, cc, include_dirs, probe_dir, monitor, cpus, mem=None, qemu=False,
                 run_slots=None):
        super().__init__(cc, include_dirs, probe_dir)
        self.monitor = monitor
        self.cpus = cpus
        self.mem = mem
        self.qemu = qemu
        self.slots = run_slots  # a semaphore bounding the guests running at once

    def run(self, exe, env, timeout, cwd):
        cmd = [self.monitor, '--cpus', str(self.cpus), '--timeout', str(timeout), '--clear-env',
               '--env', 'LC_ALL=C', '--env', 'LANG=C']
        if self.mem:
            cmd += ['--mem', self.mem]
        if self.qemu:
            cmd.append('--qemu')
        for k, v in env.items():
            cmd += ['--env', '%s=%s' % (k, v)]
        cmd.append(exe)
        e = dict(os.environ)
        for k in ('HERMIT_CPUS', 'HERMIT_MEM', 'HERMIT_TIMEOUT', 'HERMIT_VERBOSE', 'HERMIT_STATS'):
            e.pop(k, None)
        # The monitor stops the guest itself (status 124); this only guards against a hung monitor.
        if self.slots:
            with self.slots:
                r = run_command(cmd, cwd, e, timeout + 60)
        else:
            r = run_command(cmd, cwd, e, timeout + 60)
        if r.status == 124:
            r.timed_out = True
        return r
