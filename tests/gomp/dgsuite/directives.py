# SPDX-License-Identifier: MIT
"""Finding the dg- directives of a test source, as DejaGnu's dg-get-options does."""
import re

from . import tcl

# dg.exp: grep $prog "{\[ \t\]\+dg-\[-a-z\]\+\[ \t\]\+.*\[ \t\]\+}" line
# (greedy: from the first "{ dg-" of a line to its last " }").
_DIRECTIVE = re.compile(r'\{[ \t]+dg-[-a-z]+[ \t]+.*[ \t]+\}')


class Directive:
    """One { dg-NAME ARGS } of a source: its name, line number and Tcl words."""

    def __init__(self, name, line, words):
        self.name = name
        self.line = line
        self.words = words  # [(word, braced)] after the name

    def args(self):
        return [w for w, _ in self.words]

    def __repr__(self):
        return 'Directive(%r, %d, %r)' % (self.name, self.line, self.args())


class DirectiveError(ValueError):
    """A directive the runner cannot read; the test is then reported as an error."""


def parse(text, filename='<source>'):
    """The directives of a source text, in order."""
    found = []
    for number, line in enumerate(text.split('\n'), 1):
        m = _DIRECTIVE.search(line)
        if not m:
            continue
        try:
            outer = tcl.split(m.group(0))
            if len(outer) != 1:
                raise tcl.TclError('not one braced command')
            words = tcl.split(outer[0][0], command=True)
        except tcl.TclError as e:
            raise DirectiveError('%s:%d: %s' % (filename, number, e)) from None
        found.append(Directive(words[0][0], number, words[1:]))
    return found


def parse_file(path):
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        return parse(f.read(), path)
