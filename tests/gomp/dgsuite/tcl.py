# SPDX-License-Identifier: MIT
"""The part of Tcl that dg- directives use: words, lists and backslash substitution.

A directive such as { dg-output "answer is 42(\\n|\\r\\n)+" } is evaluated by
DejaGnu as a Tcl command, so a double-quoted word undergoes backslash
substitution ("\\[" becomes "[", "\\n" a newline) while a braced word is
taken literally. Getting this right is what makes the regular expressions in
dg-output, dg-error and scan-tree-dump mean what the test's author wrote.
"""


class TclError(ValueError):
    """A string that is not a well-formed Tcl command or list."""


_SIMPLE_ESCAPES = {'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}
_HEX = '0123456789abcdefABCDEF'


def _backslash(s, i):
    """Substitute the backslash sequence at s[i] (a backslash); return (text, next index)."""
    if i + 1 >= len(s):
        return '\\', i + 1
    c = s[i + 1]
    if c in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[c], i + 2
    if c == '\n':  # backslash-newline and the blanks after it become one space
        j = i + 2
        while j < len(s) and s[j] in ' \t':
            j += 1
        return ' ', j
    if c in '01234567':
        j = i + 1
        while j < len(s) and j < i + 4 and s[j] in '01234567':
            j += 1
        return chr(int(s[i + 1:j], 8) & 0xFF), j
    if c in 'xu':
        limit = 2 if c == 'x' else 4
        j = i + 2
        while j < len(s) and j < i + 2 + limit and s[j] in _HEX:
            j += 1
        if j == i + 2:
            return c, i + 2
        return chr(int(s[i + 2:j], 16)), j
    return c, i + 2


def _braced(s, i):
    """The word in braces starting at s[i] == '{': (content, index after the closing brace)."""
    depth = 0
    j = i
    while j < len(s):
        c = s[j]
        if c == '\\':
            j += 2
            continue
        if c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
        j += 1
    raise TclError('missing close-brace in: %s' % s)


def _substituted(s, i, stop, command):
    """Read from s[i] up to a character in stop, substituting backslashes.

    In a command (command=True) an unescaped '[' would be command
    substitution, which no directive of the suite uses: refuse it rather
    than guess. In a list, '[' is an ordinary character.
    """
    out = []
    while i < len(s) and s[i] not in stop:
        c = s[i]
        if c == '\\':
            text, i = _backslash(s, i)
            out.append(text)
            continue
        if command and c == '[':
            raise TclError('command substitution is not supported: %s' % s)
        out.append(c)
        i += 1
    return ''.join(out), i


def split(s, command=False):
    """Split s into words as Tcl does for a list (or a command when command=True).

    Returns a list of (word, braced) pairs: braced tells that the word was
    written in braces, which selectors need (a braced word is a sub-list).
    """
    words = []
    i, n = 0, len(s)
    while True:
        while i < n and s[i] in ' \t\n\r\f\v' or (command and i < n and s[i] == ';'):
            i += 1
        if i >= n:
            return words
        if s[i] == '{':
            word, i = _braced(s, i)
            braced = True
        elif s[i] == '"':
            word, i = _substituted(s, i + 1, '"', command)
            if i >= n:
                raise TclError('missing close-quote in: %s' % s)
            i += 1
            braced = False
        else:
            word, i = _substituted(s, i, ' \t\n\r\f\v', command)
            braced = False
        if i < n and s[i] not in ' \t\n\r\f\v':
            raise TclError('extra characters after close-brace or close-quote in: %s' % s)
        words.append((word, braced))


def lst(s):
    """The elements of the Tcl list s."""
    return [w for w, _ in split(s)]


def quote(word):
    """word as one element of a Tcl list (braced when it needs to be)."""
    if word and not any(c in word for c in ' \t\n\r\f\v{}"\\[]$;'):
        return word
    return '{' + word + '}'
