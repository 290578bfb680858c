#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Unit tests of the runner's DejaGnu emulation: Tcl words, selectors, directives, messages."""
import os
import sys
import tempfile
import unittest

# No __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dgsuite import diag, directives, keywords, platform, selectors, spec, tcl  # noqa: E402


class FakePlatform:
    """x86_64 Linux with a fixed set of effective targets; counts the probes asked."""

    triplet = 'x86_64-pc-linux-gnu'

    def __init__(self, true=('lp64', 'avx_runtime', 'tls_runtime'),
                 false=('ia32', 'offload_target_nvptx', 'offload_device_nonshared_as')):
        self.values = {k: True for k in true}
        self.values.update({k: False for k in false})
        self.values['c'] = True
        self.asked = []

    def is_keyword(self, w):
        return w in self.values

    def effective(self, w):
        self.asked.append(w)
        return self.values[w]

    def istarget(self, g):
        import fnmatch
        return fnmatch.fnmatchcase(self.triplet, g)


class TclTest(unittest.TestCase):
    def test_quoted_words_get_backslash_substitution(self):
        w = tcl.split(r'dg-output "answer is 42(\n|\r\n)+" "\[0-9\]+ \\\(x"', command=True)
        self.assertEqual([x for x, _ in w], ['dg-output', 'answer is 42(\n|\r\n)+', r'[0-9]+ \(x'])

    def test_braced_words_are_literal_and_nest(self):
        w = tcl.split(r'a { target { { i?86-*-* } && lp64 } } {\n}')
        self.assertEqual(w, [('a', False), (' target { { i?86-*-* } && lp64 } ', True), (r'\n', True)])

    def test_command_substitution_is_refused(self):
        with self.assertRaises(tcl.TclError):
            tcl.split('dg-output "[exec rm]"', command=True)
        self.assertEqual(tcl.lst('[a] b'), ['[a]', 'b'])

    def test_unbalanced(self):
        for bad in ('{ a', '"a', '{a}b'):
            with self.assertRaises(tcl.TclError):
                tcl.split(bad)

    def test_quote_round_trips(self):
        for w in ('', 'a', 'a b', ' x-*-* '):
            self.assertEqual(tcl.lst('target ' + tcl.quote(w))[1], w)


class SelectorTest(unittest.TestCase):
    def test_triplets_keywords_and_expressions(self):
        p = FakePlatform()
        cases = {
            'target x86_64-*-*': 'S', 'target alpha*-*-*': 'N',
            'target *-*-linux* *-*-gnu* *-*-freebsd*': 'S',
            'target lp64': 'S', 'target ia32': 'N', 'xfail ia32': 'P', 'xfail lp64': 'F',
            'target { { i?86-*-* x86_64-*-* } && lp64 }': 'S',
            'target { { i?86-*-* x86_64-*-* } && ia32 }': 'N',
            'target { offload_target_nvptx || lp64 }': 'S',
            'target { ! ia32 }': 'S', 'target { offload_target_nvptx }': 'N',
            'target x86_64-*-* xfail lp64': 'F', 'target alpha-*-* xfail lp64': 'N',
        }
        for sel, want in cases.items():
            self.assertEqual(selectors.process(sel, p), want, sel)

    def test_unknown_keyword_is_an_error(self):
        probes = tempfile.TemporaryDirectory()
        self.addCleanup(probes.cleanup)
        p = platform.HostPlatform(['gcc'], [], probes.name)
        self.assertTrue(p.is_keyword('lp64') and not p.is_keyword('no_such_target'))
        self.assertTrue(p.effective('sync_int_long'))  # by triplet, no probe
        with self.assertRaises(KeyError):
            p.effective('no_such_target')
        with self.assertRaises(selectors.SelectorError):
            selectors.process('whatever lp64', FakePlatform())

    def test_every_keyword_of_the_suite_is_known(self):
        # The effective targets libgomp's C tests name (dg-require-effective-target
        # and selectors); a new one must be taught to platform.KEYWORDS.
        for k in ('tls_runtime', 'sync_int_long', 'size32plus', 'avx_runtime', 'sse2_runtime', 'lto',
                  'fpic', 'shared', 'vect_simd_clones', 'offload_target_nvptx', 'offload_target_amdgcn',
                  'offload_device', 'offload_device_nonshared_as', 'offload_device_any_intel_mic',
                  '__float128', 'large_long_double', 'lp64', 'ia32', 'alias', 'tls', 'c', 'c++'):
            self.assertIn(k, keywords.KEYWORDS)


def _spec(text, platform=None):
    with tempfile.NamedTemporaryFile('w', suffix='.c', delete=False) as f:
        f.write(text)
    try:
        return spec.evaluate(f.name, platform or FakePlatform())
    finally:
        os.unlink(f.name)


class SpecTest(unittest.TestCase):
    def test_defaults(self):
        s = _spec('int main (void) { return 0; }\n')
        self.assertEqual((s.do_what, s.flags, s.selected), ('run', ['-O2'], True))

    def test_options_env_output_and_selectors(self):
        s = _spec('/* { dg-do run { target *-*-linux* } } */\n'
                  '/* { dg-options "-O0 -g" } */\n'
                  '/* { dg-additional-options "-mavx" { target avx_runtime } } */\n'
                  '/* { dg-additional-options "-m32" { target ia32 } } */\n'
                  '/* { dg-set-target-env-var OMP_PLACES "{6,7}:4:-2,!{2,3}" } */\n'
                  '/* { dg-output "a(\\n|\\r\\n)" } */\n/* { dg-output "b" } */\n'
                  '/* { dg-shouldfail "x" } */\n')
        self.assertEqual(s.flags, ['-O0', '-g', '-mavx'])
        self.assertEqual(s.env, [('OMP_PLACES', '{6,7}:4:-2,!{2,3}')])
        self.assertEqual(s.output, 'a(\n|\r\n)b')
        self.assertTrue(s.shouldfail and s.selected)

    def test_skips(self):
        p = FakePlatform()
        s = _spec('/* { dg-do link { target { offload_target_nvptx } } } */\n'
                  '/* { dg-require-effective-target lp64 } */\n', p)
        self.assertFalse(s.selected)
        self.assertNotIn('lp64', p.asked)  # nothing probed once the test is skipped
        self.assertFalse(_spec('/* { dg-skip-if "" { *-*-* } } */\n').selected)
        self.assertFalse(_spec('/* { dg-require-effective-target offload_device_nonshared_as } */\n'
                               ).selected)

    def test_messages_lines(self):
        s = _spec('x\n/* { dg-error "expected" } */\n/* { dg-warning "w" "" { target *-*-* } .-1 } */\n'
                  '/* { dg-error "e" "" { target ia32 } 0 } */\n')
        self.assertEqual([(e.kind, e.line) for e in s.expected], [('error', 2), ('warning', 2)])

    def test_unknown_directive(self):
        with self.assertRaises(spec.SpecError):
            _spec('/* { dg-frobnicate "x" } */\n')


class DiagTest(unittest.TestCase):
    def test_expected_messages_and_excess(self):
        out = ('f.c: In function \'main\':\n'
               'f.c:12:13: warning: \'pragma omp error\' encountered\n'
               'f.c:20:3: error: expected \';\' before \'}\' token\n'
               'f.c:21:3: note: here\n')
        exp = [diag.Expected('warning', 12, "'pragma omp error' encountered"),
               diag.Expected('error', 20, 'expected')]
        missing, rest = diag.check_messages(diag.prune(out), exp)
        self.assertEqual((missing, rest.strip()), ([], ''))
        missing, rest = diag.check_messages(diag.prune(out), exp[:1] + [
            diag.Expected('error', 21, 'expected')])
        self.assertEqual(len(missing), 1)
        self.assertIn('f.c:20:3: error', rest)

    def test_prune_output(self):
        out = 'lto-wrapper: warning: using serial compilation of 2 LTRANS jobs\nx: custom noise\n'
        self.assertEqual(diag.prune(out, ['custom noise']).strip(), '')

    def test_directives_find_the_comment_on_a_code_line(self):
        d = directives.parse('  {\t\t/* { dg-error "expected" } */\n')
        self.assertEqual((d[0].name, d[0].line, d[0].args()), ('dg-error', 1, ['expected']))

    def test_scan(self):
        with tempfile.TemporaryDirectory() as w:
            with open(os.path.join(w, 't.c.172t.vect'), 'w') as f:
                f.write('vectorized 2 loops\nx\nvectorized 3 loops\n')
            self.assertTrue(diag.scan('scan-tree-dump-times', [r'vectorized [2-6] loops', '2', 'vect'],
                                      w, '/src/t.c')[0])
            self.assertFalse(diag.scan('scan-tree-dump-not', ['vectorized', 'vect'], w, 't.c')[0])
            self.assertFalse(diag.scan('scan-tree-dump', ['x', 'optimized'], w, 't.c')[0])


if __name__ == '__main__':
    unittest.main()
