# SPDX-License-Identifier: MIT
"""Building, running and scoring one test, the way dg.exp's dg-test scores it.

A test passes when every check DejaGnu would make of it passes: the expected
compiler messages appear, nothing else does (excess errors), no internal
compiler error, the program exits 0 (non-zero with dg-shouldfail) within the
timeout, its output matches the dg-output regexp, and the dg-final dump
scans hold. Parts marked xfail turn a failure into XFAIL and a pass into XPASS.
"""
import os
import re
import shutil
import time

from . import diag, selectors, spec as specmod

RESULTS = ('PASS', 'FAIL', 'XFAIL', 'XPASS', 'UNSUPPORTED', 'EXCLUDED', 'ERROR')


class Result:
    def __init__(self, name, result, reasons=(), seconds=0.0, status=None, run_seconds=None):
        self.name = name
        self.result = result
        self.reasons = list(reasons)
        self.seconds = seconds
        self.status = status            # the program's exit status, if it ran
        self.run_seconds = run_seconds  # the program's run time, if it ran

    def as_dict(self):
        return {'name': self.name, 'result': self.result, 'reasons': self.reasons,
                'seconds': round(self.seconds, 3), 'status': self.status,
                'run_seconds': None if self.run_seconds is None else round(self.run_seconds, 3)}


class _Log:
    def __init__(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.f = open(path, 'w', encoding='utf-8', errors='replace')

    def section(self, title, text=None):
        self.f.write('=== %s\n' % title)
        if text is not None:
            self.f.write(text if text.endswith('\n') or not text else text + '\n')

    def close(self):
        self.f.close()


def _quote(cmd):
    return ' '.join(a if a and re.fullmatch(r'[-\w./=:,+@%]+', a) else "'%s'" % a for a in cmd)


def _kind(do_what, base):
    return {'compile': ('assembly', base + '.s'), 'assemble': ('object', base + '.o'),
            'link': ('executable', base + '.exe'), 'run': ('executable', base + '.exe')}[do_what]


def execute(name, path, platform, out_dir, timeout, excluded=None):
    """Build, run and score the test name (source at path) on platform."""
    start = time.monotonic()
    if excluded is not None:
        return Result(name, 'EXCLUDED', [excluded])
    try:
        s = specmod.evaluate(path, platform)
    except specmod.SpecError as e:
        return Result(name, 'ERROR', ['runner: %s' % e], time.monotonic() - start)
    if not s.selected:
        return Result(name, 'UNSUPPORTED', s.why_unsupported, time.monotonic() - start)

    work = os.path.join(out_dir, 'work', name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    log = _Log(os.path.join(out_dir, 'logs', name + '.log'))
    try:
        return _build_run_score(name, path, s, platform, work, log, timeout, start)
    finally:
        log.close()


def _build_run_score(name, path, s, platform, work, log, timeout, start):
    base = os.path.splitext(os.path.basename(path))[0]
    kind, output = _kind(s.do_what, base)
    # Dumps named after the source, in the work dir (DejaGnu's -dumpbase ""
    # for multi-source tests; eremit-cc compiles through a temporary object).
    flags = s.flags + ['-dumpdir', './', '-dumpbase', '']
    log.section('test %s (dg-do %s, %s on %s)' % (name, s.do_what, platform.name, platform.triplet))
    if s.requires:
        log.section('effective targets required and present: %s' % ' '.join(s.requires))
    c = platform.compile([path] + s.sources, output, kind, flags, work)
    log.section('compile (%.1f s, status %s): %s' % (c.seconds, c.status, _quote(c.command)),
                c.output)

    compile_problems = []
    if c.timed_out:
        compile_problems.append('compiler timed out')
    text = c.output.replace('\r\n', '\n')
    if '\n\n' in text:
        compile_problems.append('blank line(s) in compiler output')
    ice = diag.ice(text)
    if ice:
        compile_problems.append(ice)
    missing, rest = diag.check_messages(diag.prune(text, s.prunes), s.expected)
    compile_problems += missing
    excess = rest.strip()
    xpass = []
    if excess and not s.excess_expected:
        compile_problems.append('excess errors: %s' % excess[:2000])
    elif s.excess_expected and not excess:
        xpass.append('no excess errors, expected some (dg-excess-errors)')

    run_problems = []
    status = run_seconds = None
    exe = os.path.join(work, output)
    if s.do_what in ('run', 'link') and not os.path.exists(exe):
        compile_problems.append('no executable built (compiler status %s)' % c.status)
    elif s.do_what == 'run':
        t = s.timeout if s.timeout is not None else timeout
        env = dict(s.env)
        r = platform.run(exe, env, t, work)
        status, run_seconds = r.status, r.seconds
        log.section('run (%.1f s, status %s%s, env %s): %s' % (
            r.seconds, r.status, ', timed out' if r.timed_out else '',
            ' '.join('%s=%s' % kv for kv in s.env) or '-', _quote(r.command)), r.output)
        if r.timed_out:
            run_problems.append('timed out after %g s' % t)
        elif (r.status == 0) == s.shouldfail:
            run_problems.append('exit status %s, expected %s' % (
                r.status, 'non-zero (dg-shouldfail)' if s.shouldfail else '0'))
        if s.output is not None and not re.search(s.output, r.output, flags=re.S):
            (xpass if s.output_xfail else run_problems).append(
                'output does not match dg-output /%s/' % s.output.encode('unicode_escape').decode())

    scan_problems = []
    for check, args in s.finals:
        ok, desc = _final(check, args, platform, work, path)
        if ok is None:
            continue
        log.section('dg-final %s: %s' % (desc, 'pass' if ok else 'FAIL'))
        if not ok:
            scan_problems.append(desc)

    seconds = time.monotonic() - start
    result, reasons = _score(s, compile_problems, run_problems, scan_problems, xpass)
    log.section('result %s%s' % (result, ''.join('\n  ' + r for r in reasons)))
    return Result(name, result, reasons, seconds, status, run_seconds)


def _score(s, compile_problems, run_problems, scan_problems, xpass):
    if compile_problems:
        return ('XFAIL' if s.xfail_compile else 'FAIL'), compile_problems
    if s.xfail_compile:
        return 'XPASS', ['compiled cleanly, expected to fail (dg-xfail-if)']
    if run_problems:
        return ('XFAIL' if s.xfail_run else 'FAIL'), run_problems + scan_problems
    if scan_problems:
        return 'FAIL', scan_problems
    if s.xfail_run:
        return 'XPASS', ['ran correctly, expected to fail (dg-xfail-run-if)']
    if xpass:
        return 'XPASS', xpass
    return 'PASS', []


def _final(check, args, platform, work, path):
    """Run one dg-final check: (ok, description), or (None, _) when its selector skips it."""
    selector_at = {'scan-tree-dump-times': 3, 'scan-ltrans-tree-dump-times': 3}.get(check, 2)
    if len(args) > selector_at:
        r = selectors.process(args[selector_at], platform)
        if r == 'N':
            return None, None
        args = args[:selector_at]
    try:
        return diag.scan(check, args, work, path)
    except ValueError as e:
        return False, 'runner: %s' % e
