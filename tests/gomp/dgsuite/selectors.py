# SPDX-License-Identifier: MIT
"""Target selectors: "target x86_64-*-*", "xfail lp64", "target { a && { b || c } }".

A transcription of gcc/testsuite/lib/target-supports-dg.exp (dg-process-target,
selector_expression, selector_opd, selector_list), which the dg- directives
of libgomp's tests go through. platform is anything with
  is_keyword(word) -> bool       (an effective-target keyword such as lp64)
  effective(word) -> bool        (its value on the target under test)
  istarget(glob) -> bool         (the target triplet matches a glob)
"""
from . import tcl


class SelectorError(ValueError):
    pass


def process(selector, platform):
    """Evaluate "target SEL", "xfail SEL" or "target SEL1 xfail SEL2".

    Returns 'S' (selected) or 'N' (not) for target, 'F' (expected to fail)
    or 'P' for xfail, as DejaGnu's dg-process-target does.
    """
    selector = selector.strip()
    if selector.startswith('target ') and ' xfail ' in selector:
        k = selector.index('xfail')
        if _process1(selector[:k].strip(), platform) == 'N':
            return 'N'
        return _process1(selector[k:], platform)
    return _process1(selector, platform)


def selected(selector, platform):
    """process() for a "target ..." selector, as a bool."""
    return process(selector, platform) in ('S', 'F')


def _process1(selector, platform):
    if selector.startswith('xfail '):
        what = 'xfail'
    elif selector.startswith('target '):
        what = 'target'
    else:
        raise SelectorError('syntax error in target selector "%s"' % selector)
    rest = selector[len(what):].strip()
    if platform.is_keyword(rest):
        hit = platform.effective(rest)
    elif rest.startswith('{') and rest.endswith('}'):
        elems = tcl.lst(rest)
        hit = _expression(elems[0] if elems else '', platform)
    else:
        hit = any(platform.istarget(t) for t in tcl.lst(rest))
    if what == 'xfail':
        return 'F' if hit else 'P'
    return 'S' if hit else 'N'


def _opd(op, platform):
    return process('target ' + tcl.quote(op), platform) == 'S'


def _expression(exp, platform):
    items = tcl.lst(exp)
    if items and items[0] in ('any-opts', 'no-opts'):
        # Option-dependent selectors: none in the libgomp C tests.
        raise SelectorError('%s selectors are not supported: %s' % (items[0], exp))
    if len(items) == 2 and items[0] == '!':
        return not _opd(items[1], platform)
    if len(items) == 3 and items[1] == '&&':
        return _opd(items[0], platform) and _opd(items[2], platform)
    if len(items) == 3 and items[1] == '||':
        return _opd(items[0], platform) or _opd(items[2], platform)
    # A list of target triplets (or one keyword).
    return process('target ' + ' '.join(items), platform) == 'S'
