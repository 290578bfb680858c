# SPDX-License-Identifier: MIT
"""What a test asks for, from its dg- directives evaluated on a platform (dg.exp's dg-test)."""
import fnmatch
import os
import re

from . import diag, directives, selectors, tcl

DEFAULT_CFLAGS = ['-O2']  # libgomp.c/c.exp: DEFAULT_CFLAGS when a test has no dg-options


class SpecError(ValueError):
    """A directive the runner does not understand: the test is reported as an error."""


class Spec:
    def __init__(self, path):
        self.path = path
        self.do_what = 'run'     # libgomp.exp: dg-do-what-default run
        self.selected = True
        self.why_unsupported = []
        self.flags = list(DEFAULT_CFLAGS)
        self.sources = []        # dg-additional-sources, as paths
        self.expected = []       # diag.Expected
        self.excess_expected = False
        self.prunes = []
        self.env = []            # (name, value) from dg-set-target-env-var
        self.shouldfail = False
        self.output = None       # concatenated dg-output regexp
        self.output_xfail = False
        self.timeout = None      # dg-timeout seconds
        self.xfail_compile = False
        self.xfail_run = False
        self.finals = []         # (check name, args) from dg-final
        self.requires = []       # effective targets required and found


def _absolute_line(useline, line):
    """gcc-dg.exp get-absolute-line: '.', '.+N', '.-N', a number, or 0 (anywhere)."""
    useline = useline.strip()
    if useline == '.':
        return line
    m = re.fullmatch(r'\.([+-][0-9]+)', useline)
    if m:
        return line + int(m.group(1))
    if re.fullmatch(r'[0-9]+', useline):
        return int(useline)
    raise SpecError('line %d: unsupported line specification "%s"' % (line, useline))


def _flags_match(flags, include, exclude):
    """check-flags: every include glob matches some flag, no exclude glob does."""
    words = ['toolname'] + flags
    inc = tcl.lst(include) or ['*']
    exc = tcl.lst(exclude)
    ok = all(any(fnmatch.fnmatchcase(w, g) for w in words) for g in inc)
    return ok and not any(any(fnmatch.fnmatchcase(w, g) for w in words) for g in exc)


def evaluate(path, platform):
    """The Spec of the test at path on platform (SpecError on an unknown directive)."""
    try:
        found = directives.parse_file(path)
    except directives.DirectiveError as e:
        raise SpecError(str(e)) from None
    s = Spec(path)
    for d in found:
        try:
            _apply(s, d, platform)
        except (selectors.SelectorError, KeyError, IndexError, tcl.TclError) as e:
            raise SpecError('line %d: %s: %s' % (d.line, d.name, e)) from None
    return s


def _skip(s, why):
    s.selected = False
    s.why_unsupported.append(why)


def _apply(s, d, p):
    a = d.args()
    name = d.name
    if name == 'dg-do':
        s.do_what = a[0]
        if s.do_what not in ('run', 'link', 'compile', 'assemble'):
            raise SpecError('dg-do %s is not supported' % s.do_what)
        if len(a) > 1:
            r = selectors.process(a[1], p)
            if r == 'N':
                _skip(s, 'dg-do %s {%s}: not selected on %s' % (a[0], a[1].strip(), p.triplet))
            elif r == 'F':
                s.xfail_run = True
        return
    if name in ('dg-options', 'dg-additional-options'):
        if len(a) > 1 and selectors.process(a[1], p) != 'S':
            return
        if name == 'dg-options':
            s.flags = tcl.lst(a[0])
        else:
            s.flags += tcl.lst(a[0])
        return
    if name == 'dg-add-options':
        for feature in a:
            # add_options_for___float128 adds nothing on x86.
            if feature != '__float128' or not any(p.istarget(g) for g in ('i?86-*-*', 'x86_64-*-*')):
                raise SpecError('dg-add-options %s is not supported' % feature)
        return
    if name == 'dg-set-target-env-var':
        if len(a) != 2:
            raise SpecError('dg-set-target-env-var needs two arguments')
        s.env.append((a[0], a[1]))
        return
    if name == 'dg-additional-sources':
        s.sources += [os.path.join(os.path.dirname(s.path), f) for f in tcl.lst(a[0])]
        return
    if name == 'dg-final':
        words = [w for w, _ in tcl.split(a[0], command=True)]
        s.finals.append((words[0], words[1:]))
        return
    if name == 'dg-prune-output':
        s.prunes.append(a[0])
        return
    if name in ('dg-error', 'dg-warning', 'dg-message'):
        xfail = False
        if len(a) > 2 and a[2].strip():
            r = selectors.process(a[2], p)
            if r == 'N':
                return
            xfail = r == 'F'
        line = _absolute_line(a[3], d.line) if len(a) > 3 else d.line
        s.expected.append(diag.Expected(name[3:], line, a[0], a[1] if len(a) > 1 else '', xfail))
        return
    if name == 'dg-excess-errors':
        if len(a) < 2 or selectors.process(a[1], p) in ('S', 'F'):
            s.excess_expected = True
        return
    if name == 'dg-output':
        if len(a) > 1:
            r = selectors.process(a[1], p)
            if r == 'N':
                return
            s.output_xfail = s.output_xfail or r == 'F'
        s.output = (s.output or '') + a[0]
        return
    if name == 'dg-timeout':
        if len(a) < 2 or selectors.process(a[1], p) == 'S':
            s.timeout = float(a[0])
        return
    # Everything below does nothing once the test is skipped (dg-do-what N).
    if not s.selected:
        return
    if name == 'dg-require-effective-target':
        if len(a) > 1 and selectors.process(a[1], p) == 'N':
            return
        if not p.effective(a[0]):
            _skip(s, 'dg-require-effective-target %s: false' % a[0])
        else:
            s.requires.append(a[0])
        return
    if name == 'dg-require-alias':
        if not p.effective('alias'):
            _skip(s, 'dg-require-alias: no alias support')
        return
    if name == 'dg-skip-if':
        if selectors.process('target ' + tcl.quote(a[1]), p) == 'S' and \
                _flags_match(s.flags, a[2] if len(a) > 2 else '*', a[3] if len(a) > 3 else ''):
            _skip(s, 'dg-skip-if "%s" {%s}' % (a[0], a[1].strip()))
        return
    if name in ('dg-xfail-if', 'dg-xfail-run-if', 'dg-shouldfail'):
        if name == 'dg-shouldfail' and len(a) < 2:
            s.shouldfail = True
            return
        # dg-xfail-if and friends: [list target SELECTOR], as target-supports-dg.exp builds it.
        if selectors.process('target ' + tcl.quote(a[1]), p) == 'S' and \
                _flags_match(s.flags, a[2] if len(a) > 2 else '*', a[3] if len(a) > 3 else ''):
            if name == 'dg-xfail-if':
                s.xfail_compile = True
            elif name == 'dg-xfail-run-if':
                s.xfail_run = True
            else:
                s.shouldfail = True
        return
    raise SpecError('unknown directive %s' % name)
