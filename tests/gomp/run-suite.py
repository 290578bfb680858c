#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run GCC's libgomp C testsuite (libgomp.c, libgomp.c-c++-common) on Eremit or on the host.

  tests/gomp/run-suite.py [OPTIONS] [PATTERN...]

Each test's dg- directives are read as DejaGnu reads them (dgsuite/), the
test is built with eremit-cc -fopenmp (or the host's gcc -fopenmp with
--host), booted with eremit (or run on Linux), and scored by exit status,
output and compiler messages. PATTERNs (globs such as 'libgomp.c/task-*' or
'*/pr*') and --list files pick a subset. Tests in the exclusion list
(tests/gomp/excluded.txt) are not built. Prints one line per test and a
summary; writes OUT/results.json, OUT/gomp.sum and OUT/logs/NAME.log.
Exit status: 0 when nothing failed, 1 when a test failed (FAIL, XPASS or a
runner ERROR), 2 on bad usage.
"""
import argparse
import concurrent.futures
import fnmatch
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# No __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)

from dgsuite import execute, platform  # noqa: E402

SUBDIRS = ('libgomp.c', 'libgomp.c-c++-common')


def die(msg, code=2):
    print('run-suite: %s' % msg, file=sys.stderr)
    sys.exit(code)


def read_names(path, what):
    """Lines of a list file: the first word of each, '#' comments and blank lines skipped."""
    entries = []
    try:
        with open(path) as f:
            for number, line in enumerate(f, 1):
                line = line.split('#', 1)[0].strip()
                if line:
                    word, _, rest = line.partition(' ')
                    entries.append((word, rest.strip(), number))
    except OSError as e:
        die('cannot read %s %s: %s' % (what, path, e.strerror))
    return entries


def discover(suite):
    """All tests as (name, path), sorted as libgomp.c/c.exp sorts them (lsort of the paths)."""
    tests = []
    for sub in SUBDIRS:
        d = os.path.join(suite, 'libgomp', 'testsuite', sub)
        if not os.path.isdir(d):
            die('no %s in %s' % (sub, suite))
        for dirpath, _, files in os.walk(d):
            for f in files:
                if f.endswith('.c'):
                    path = os.path.join(dirpath, f)
                    tests.append((os.path.relpath(path, os.path.dirname(d)), path))
    return sorted(tests, key=lambda t: t[1])


def select(tests, patterns, list_file):
    if list_file:
        names = [w for w, _, _ in read_names(list_file, 'list')]
        known = {n for n, _ in tests}
        unknown = [n for n in names if not any(fnmatch.fnmatchcase(k, n) for k in known)]
        if unknown:
            die('%s names tests that do not exist: %s' % (list_file, ' '.join(unknown)))
        patterns = list(patterns) + names
    if not patterns:
        return tests
    return [(n, p) for n, p in tests if any(fnmatch.fnmatchcase(n, g) for g in patterns)]


def read_exclusions(path, tests):
    if not path:
        return {}
    known = {n for n, _ in tests}
    excluded = {}
    for name, reason, number in read_names(path, 'exclusion list'):
        if not reason:
            die('%s:%d: %s has no reason' % (path, number, name))
        if name not in known:
            die('%s:%d: no test %s in the suite' % (path, number, name))
        excluded[name] = reason
    return excluded


def make_platform(args, suite, out):
    includes = [os.path.join(suite, 'libgomp'), os.path.join(suite, 'include')]
    probes = os.path.join(out, 'probes')
    if args.host:
        return platform.HostPlatform([args.cc or 'gcc'], includes, probes)
    cc = args.cc or os.path.join(args.build_dir, 'bin', 'eremit-cc')
    monitor = os.path.join(args.build_dir, 'bin', 'eremit')
    for f in (cc, monitor):
        if not os.access(f, os.X_OK):
            die('no %s (build Eremit first: scripts/setup.sh)' % f)
    if not args.cc and not os.path.isfile(os.path.join(args.build_dir, 'sysroot', 'lib', 'libgomp.a')):
        die('no libgomp in %s/sysroot (scripts/build-libgomp.sh builds it)' % args.build_dir)
    qemu = args.qemu
    if not qemu:
        r = subprocess.run([os.path.join(ROOT, 'scripts', 'kvm-usable.sh'), '-v'],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print('run-suite: no KVM (%s): using eremit --qemu' % r.stdout.strip())
            qemu = True
    slots = threading.BoundedSemaphore(args.run_jobs) if args.run_jobs else None
    p = platform.EremitPlatform([cc], includes, probes, monitor, args.cpus, args.mem, qemu, slots)
    p.name = 'eremit --qemu' if qemu else 'eremit'
    return p


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('patterns', nargs='*', metavar='PATTERN',
                    help='run only tests whose name (libgomp.c/NAME.c) matches a glob')
    ap.add_argument('--host', action='store_true',
                    help="Linux with the host's gcc -fopenmp instead of Eremit")
    ap.add_argument('--qemu', action='store_true', help='boot with eremit --qemu (also without KVM)')
    ap.add_argument('--build-dir', default=os.path.join(ROOT, 'build'),
                    help='Eremit build folder (bin/eremit-cc, bin/eremit; default build)')
    ap.add_argument('--cc', help='compiler to test (default: BUILD/bin/eremit-cc, or gcc with --host)')
    ap.add_argument('--testsuite', help='folder holding libgomp/testsuite (default: extracted '
                    'into BUILD/deps by fetch-testsuite.sh)')
    ap.add_argument('--out', help='results folder (default BUILD/tests/gomp/eremit or .../host)')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count() or 1,
                    help='tests built and run at once (default: host CPUs)')
    ap.add_argument('--run-jobs', type=int,
                    help='guests running at once (default: host CPUs / --cpus, at least 1)')
    ap.add_argument('--cpus', type=int, default=2, help='vCPUs per guest (default 2)')
    ap.add_argument('--mem', help='guest memory (eremit --mem; default the monitor\'s)')
    ap.add_argument('--timeout', type=float, default=120,
                    help='seconds a test may run, unless it sets dg-timeout (default 120)')
    ap.add_argument('--list', help='file of test names or globs to run (one a line, # comments)')
    ap.add_argument('--exclude', default=os.path.join(HERE, 'excluded.txt'),
                    help='exclusion list (default tests/gomp/excluded.txt)')
    ap.add_argument('--no-exclude', action='store_true', help='run the excluded tests too')
    ap.add_argument('-q', '--quiet', action='store_true', help='print only tests that did not pass')
    args = ap.parse_args()
    if args.jobs < 1 or args.cpus < 1 or args.timeout <= 0 or (args.run_jobs is not None and
                                                               args.run_jobs < 1):
        die('-j, --run-jobs, --cpus and --timeout must be positive')
    if args.run_jobs is None:
        args.run_jobs = max(1, (os.cpu_count() or 1) // args.cpus)
    args.build_dir = os.path.abspath(args.build_dir)
    return args


def summary_line(counts):
    line = 'passed %d / failed %d / excluded %d / unsupported %d' % (
        counts['PASS'], counts['FAIL'], counts['EXCLUDED'], counts['UNSUPPORTED'])
    extra = ['%s %d' % (k.lower(), counts[k]) for k in ('XFAIL', 'XPASS', 'ERROR') if counts[k]]
    return line + (' (%s)' % ', '.join(extra) if extra else '')


def main():
    args = parse_args()
    suite = args.testsuite
    if not suite:
        r = subprocess.run([os.path.join(HERE, 'fetch-testsuite.sh'), args.build_dir],
                           stdout=subprocess.PIPE, text=True)
        if r.returncode != 0:
            die('extracting the testsuite failed', 1)
        suite = r.stdout.strip()
    out = os.path.abspath(args.out or os.path.join(args.build_dir, 'tests', 'gomp',
                                                   'host' if args.host else 'eremit'))
    os.makedirs(out, exist_ok=True)

    tests = discover(suite)
    excluded = {} if args.no_exclude else read_exclusions(args.exclude, tests)
    chosen = select(tests, args.patterns, args.list)
    if not chosen:
        die('no test matches')
    p = make_platform(args, suite, out)
    print('run-suite: %d tests on %s (%s, %s), -j %d%s, timeout %g s, results in %s' % (
        len(chosen), p.name, p.triplet, ' '.join(p.cc),
        args.jobs, '' if args.host else ', %d vCPUs, %d guest(s) at once' % (args.cpus, args.run_jobs),
        args.timeout, out))
    sys.stdout.flush()

    start = time.monotonic()
    results = []
    lock = threading.Lock()

    def one(test):
        name, path = test
        try:
            r = execute.execute(name, path, p, out, args.timeout, excluded.get(name))
        except Exception as e:  # a runner bug must not stop the others
            r = execute.Result(name, 'ERROR', ['runner: %s: %s' % (type(e).__name__, e)])
        with lock:
            results.append(r)
            if not args.quiet or r.result not in ('PASS', 'EXCLUDED', 'UNSUPPORTED'):
                why = ('  ' + r.reasons[0].replace('\n', ' | ')[:200]) if r.reasons else ''
                print('%-11s %s (%.1f s)%s' % (r.result + ':', name, r.seconds, why), flush=True)
        return r

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(one, chosen))
    elapsed = time.monotonic() - start

    order = {n: i for i, (n, _) in enumerate(chosen)}
    results.sort(key=lambda r: order[r.name])
    counts = {k: 0 for k in execute.RESULTS}
    for r in results:
        counts[r.result] += 1
    line = summary_line(counts)

    with open(os.path.join(out, 'gomp.sum'), 'w') as f:
        for r in results:
            f.write('%s: %s%s\n' % (r.result, r.name, ''.join(' | ' + x for x in r.reasons)))
        f.write('# %s; %.0f s\n' % (line, elapsed))
    with open(os.path.join(out, 'results.json'), 'w') as f:
        json.dump({'platform': p.name, 'triplet': p.triplet, 'cc': p.cc,
                   'cpus': None if args.host else args.cpus, 'jobs': args.jobs,
                   'timeout': args.timeout, 'seconds': round(elapsed, 1),
                   'summary': counts,
                   'effective_targets': [{'keyword': k, 'value': v, 'why': w}
                                         for k, v, w in p.probe_log],
                   'tests': [r.as_dict() for r in results]}, f, indent=1)
        f.write('\n')

    bad = [r for r in results if r.result in ('FAIL', 'XPASS', 'ERROR')]
    if bad:
        print('\nnot passed (logs in %s/logs):' % out)
        for r in bad:
            print('  %s %s: %s' % (r.result, r.name, ' | '.join(r.reasons).replace('\n', ' | ')[:300]))
    print('\neffective targets: %s' % ', '.join('%s=%d' % (k, v) for k, v, _ in p.probe_log))
    print('%s: %s in %.0f s' % (p.name, line, elapsed))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
