# SPDX-License-Identifier: MIT
"""Compiler messages and dumps: pruning, expected diagnostics, excess errors, scans.

Transcribed from gcc/testsuite/lib/prune.exp (prune_gcc_output), gcc-dg.exp
(process-message) and scandump.exp, keeping the rules that can fire for a C
compiler on x86-64 ELF. Tcl's regexp has no -line here, so "." and "[^x]"
match newlines: Python needs re.DOTALL for the same meaning.
"""
import glob
import os
import re

_PRUNE = [re.compile(p) for p in (
    r'(^|\n)([^\n]*: [iI]|I)n ((static member |lambda )?function|member|method|(copy )?constructor'
    r'|destructor|instantiation|substitution|program|subroutine|block-data)[^\n]*',
    r'(^|\n)[^\n]*(: )?At (top level|global scope):[^\n]*',
    r'(^|\n)[^\n]*:   (recursively )?required [^\n]*',
    r'(^|\n)    inlined from [^\n]*',
    r'(^|\n)[^\n]*: error: ld returned [^\n]*',
    r'(^|\n)[^\n]*: re(compiling|linking)[^\n]*',
    r'(^|\n)Please submit.*instructions[^\n]*',
    r'(^|\n)[0-9][0-9]* errors\.',
    r'(^|\n)(In file)?[ ]+included from [^\n]*',
    r'(^|\n)[ ]+from [^\n]*',
    r'(^|\n)[^\n]*: note: [^\n]*',  # prune_notes is 1 unless a test uses dg-note
    r'(^|\n)[^\n]*: warning: -f(pic|PIC) ignored for target[^\n]*',
    r'(^|\n)[^\n]*: warning: -f(pic|PIC)( and -fpic are| is)? not supported[^\n]*',
    r'(^|\n)[^\n*]*: Assembler messages:[^\n]*',
    r'(^|\n)[^\n]*file path prefix [^\n]* never used',
    r'(^|\n)[^\n]*linker input file unused since linking not done',
    r'(^|\n)[^\n]*lto[^\n]*: warning: using serial compilation of [^\n]*',
    r'(^|\n)[^\n]*lto[^\n]*: note: see the [^\n]*\'-flto\' option documentation[^\n]* for more information',
)]
_EXECSTACK = re.compile(r'(^|\n)([^\n]*: warning:[^\n]*requires executable stack[^\n]*\n?)+')

WARNING_PREFIX = r'[Ww]arning:'
ERROR_PREFIX = r'([Ff]atal )?[Ee]rror:'
_ICE = re.compile(r'[Ii]nternal compiler error.*')


def prune(text, extra=()):
    """prune_gcc_output plus the test's dg-prune-output patterns (extra)."""
    text = text.replace('\r\n', '\n')
    for p in _PRUNE:
        text = p.sub('', text)
    text = _EXECSTACK.sub(r'\1', text)
    for p in extra:
        text = re.sub(r'(^|\n)[^\n]*' + p + r'[^\n]*', '', text, flags=re.S)
    return text


def ice(text):
    """The internal-compiler-error line in text, or None."""
    m = _ICE.search(text)
    return m.group(0) if m else None


class Expected:
    """One dg-error/dg-warning/dg-message: a message the compiler must print."""

    def __init__(self, kind, line, pattern, comment='', xfail=False):
        self.kind = kind            # 'error', 'warning' or 'message'
        self.line = line            # absolute line number, or 0 for anywhere
        self.pattern = pattern      # Tcl regexp of the message text
        self.comment = comment
        self.xfail = xfail

    def regex(self):
        """process-message: COLUMN PREFIX [^\\n]* PATTERN, on one line of its own."""
        prefix = {'error': ERROR_PREFIX, 'warning': WARNING_PREFIX, 'message': ''}[self.kind]
        pattern = self.pattern
        m = re.match(r'^([0-9]+):', pattern)
        if pattern.startswith('-:'):
            column, pattern = '', pattern[2:]
        elif m:
            column, pattern = m.group(1) + ': ', pattern[len(m.group(0)):]
        elif self.line == 0:
            column = ''
        else:
            column = '[0-9]+: '
        msg = column + prefix + '[^\n]*' + pattern
        if self.line == 0:
            return r'(^|\n)([^\n]*(' + msg + r')[^\n]*\n?)+'
        return r'(^|\n)([^\n]+:' + str(self.line) + r':[^\n]*(' + msg + r')[^\n]*\n?)+'

    def describe(self):
        where = 'line %d' % self.line if self.line else 'any line'
        return '%s "%s" at %s' % (self.kind, self.pattern, where)


def check_messages(output, expected):
    """Remove each expected message from output as dg.exp does.

    Returns (problems, rest): problems lists the expected messages not found
    (expected XFAILs excepted), rest is the output left for the excess-errors check.
    """
    problems = []
    for e in expected:
        new, n = re.subn(e.regex(), '\n', output, count=1, flags=re.S)
        if n:
            output = new
        elif not e.xfail:
            problems.append('missing %s' % e.describe())
    return problems, output


def dump_files(workdir, src, suffix, ltrans=False):
    """The dump files of src in workdir for a dump suffix such as 'vect' or 'optimized'."""
    base = os.path.basename(src)
    if ltrans:
        pattern = '*.ltrans0.ltrans.[0-9][0-9][0-9]t.' + suffix
    else:
        pattern = glob.escape(base) + '.[0-9][0-9][0-9]t.' + suffix
    return sorted(glob.glob(os.path.join(glob.escape(workdir), pattern)))


def scan(kind, args, workdir, src):
    """One scan-tree-dump* or scan-ltrans-tree-dump* check; returns (ok, description).

    args are the directive's words after its name, with the selector (if
    any) already evaluated and removed by the caller.
    """
    ltrans = kind.startswith('scan-ltrans-')
    base = kind.replace('scan-ltrans-', 'scan-')
    if base == 'scan-tree-dump-times':
        pattern, times, dump = args[0], int(args[1]), args[2]
    elif base in ('scan-tree-dump', 'scan-tree-dump-not'):
        pattern, times, dump = args[0], None, args[1]
    else:
        raise ValueError('unsupported dg-final check %s' % kind)
    desc = '%s %s "%s"%s' % (kind, dump, pattern, '' if times is None else ' %d' % times)
    files = dump_files(workdir, src, dump, ltrans)
    if len(files) != 1:
        return False, '%s: %d dump files match (want 1)' % (desc, len(files))
    with open(files[0], encoding='utf-8', errors='replace') as f:
        text = f.read()
    found = len(re.findall(pattern, text, flags=re.S)) if times is not None else \
        bool(re.search(pattern, text, flags=re.S))
    if base == 'scan-tree-dump-times':
        return found == times, '%s: found %d times' % (desc, found)
    if base == 'scan-tree-dump-not':
        return not found, '%s: %s' % (desc, 'found' if found else 'not found')
    return found, '%s: %s' % (desc, 'found' if found else 'not found')
