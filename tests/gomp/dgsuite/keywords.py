# SPDX-License-Identifier: MIT
"""Effective-target keywords (lp64, tls_runtime, offload_device, ...) and how each is decided.

As in gcc/testsuite/lib/target-supports.exp and libgomp/testsuite/lib/libgomp.exp:
by the target triplet, by a probe compiled with the compiler under test
("no compiler messages"), or by a probe that must also run and exit 0 on the
target. Each entry maps a keyword to f(platform) -> (value, why).
"""

def _triplet(*globs):
    def f(p):
        hit = any(p.istarget(g) for g in globs)
        return hit, 'target %s %s %s' % (p.triplet, 'matches' if hit else 'does not match',
                                          ' '.join(globs))
    return f


def _const(value, why):
    return lambda p: (value, why)


def _all(*words):
    def f(p):
        for w in words:
            if not p.effective(w):
                return False, '%s is false' % w
        return True, ' and '.join(words)
    return f


_X86 = ('i?86-*-*', 'x86_64-*-*')

# Probe sources from gcc/testsuite/lib/target-supports.exp and libgomp/testsuite/lib/libgomp.exp.
_COMPILE_PROBES = {
    'lp64': ('object', 'int dummy[sizeof (int) == 4 && sizeof (void *) == 8'
             ' && sizeof (long) == 8 ? 1 : -1];\n', ()),
    'ia32': ('object', 'int dummy[sizeof (int) == 4 && sizeof (void *) == 4'
             ' && sizeof (long) == 4 ? 1 : -1] = { __i386__ };\n', ()),
    'size32plus': ('object', 'char dummy[16777217L];\n', ()),
    'large_long_double': ('object', 'int dummy[sizeof(long double) > sizeof(double) ? 1 : -1];\n',
                          ()),
    'tls': ('assembly', '__thread int i;\nint f (void) { return i; }\n'
            'void g (int j) { i = j; }\n', ()),
    'avx': ('object', 'void _mm256_zeroall (void) { __builtin_ia32_vzeroall (); }\n',
            ('-O2', '-mavx')),
    'sse2': ('object', 'typedef long long __m128i __attribute__ ((__vector_size__ (16)));\n'
             '__m128i _mm_srli_si128 (__m128i __A, int __N)\n'
             '{ return (__m128i)__builtin_ia32_psrldqi128 (__A, 8); }\n', ('-O2', '-msse2')),
    'avx512f': ('object', 'typedef double __m512d __attribute__ ((__vector_size__ (64)));\n'
                'typedef double __m128d __attribute__ ((__vector_size__ (16)));\n'
                '__m512d _mm512_add (__m512d a)\n'
                '{ return __builtin_ia32_addpd512_mask (a, a, a, 1, 4); }\n'
                '__m128d _mm128_add (__m128d a)\n'
                '{ return __builtin_ia32_addsd_round (a, a, 8); }\n'
                '__m128d _mm128_getmant (__m128d a)\n'
                '{ return __builtin_ia32_getmantsd_round (a, a, 0, 8); }\n', ('-O2', '-mavx512f')),
    'lto': ('object', 'void foo (void) { }\n', ('-flto',)),
    'fpic': ('object', 'extern int foo (void); extern int bar;\n'
             'int baz (void) { return foo () + bar; }\n', ('-fpic',)),
    'shared': ('executable', 'extern int foo (void); extern int bar;\n'
               'int baz (void) { return foo () + bar; }\n', ('-shared', '-fpic')),
    'alias': ('object', 'void g() {} void f() __attribute__((alias("g")));\n', ()),
}

_RUNTIME_PROBES = {
    'tls_runtime': ('__thread int thr __attribute__((tls_model("global-dynamic"))) = 0;\n'
                    'int main (void) { return thr; }\n', ()),
    'avx_hw': ('#include "cpuid.h"\nint main ()\n{\n  unsigned int eax, ebx, ecx, edx;\n'
               '  if (!__get_cpuid (1, &eax, &ebx, &ecx, &edx))\n    return 1;\n'
               '  return ((ecx & (bit_AVX | bit_OSXSAVE)) != (bit_AVX | bit_OSXSAVE));\n}\n', ()),
    'avx_os': ('int main ()\n{\n  unsigned int eax, edx;\n'
               '  asm ("xgetbv" : "=a" (eax), "=d" (edx) : "c" (0));\n'
               '  return (eax & 0x06) != 0x06;\n}\n', ()),
    'sse2_hw': ('#include "cpuid.h"\nint main ()\n{\n  unsigned int eax, ebx, ecx, edx;\n'
                '  if (!__get_cpuid (1, &eax, &ebx, &ecx, &edx))\n    return 1;\n'
                '  return !(edx & bit_SSE2);\n}\n', ()),
    'offload_device': ('#include <omp.h>\nint main ()\n{\n  int a;\n'
                       '  #pragma omp target map(from: a)\n    a = omp_is_initial_device ();\n'
                       '  return a;\n}\n', ()),
    'offload_device_nonshared_as': ('int main ()\n{\n  int a = 8;\n'
                                    '  #pragma omp target map(to: a)\n    a++;\n'
                                    '  return a != 8;\n}\n', ()),
    'offload_device_shared_as': ('int main ()\n{\n  int x = 10;\n'
                                 '  #pragma omp target map(to: x)\n    x++;\n'
                                 '  return x == 10;\n}\n', ()),
    'offload_device_nvptx': ('#include <omp.h>\n'
                             '#include "testsuite/libgomp.c-c++-common/on_device_arch.h"\n'
                             'int main () { return !on_device_arch_nvptx (); }\n', ()),
    'offload_device_intel_mic': ('#include "testsuite/libgomp.c-c++-common/on_device_arch.h"\n'
                                 'int main () { return !on_device_arch_intel_mic (); }\n', ()),
    'offload_device_any_intel_mic': ('#include "testsuite/libgomp.c-c++-common/on_device_arch.h"\n'
                                     'int main () { return !any_device_arch_intel_mic (); }\n', ()),
}


def _compile_probe(name, kind, source, flags, needs_x86=False):
    def f(p):
        if needs_x86 and not any(p.istarget(g) for g in _X86):
            return False, 'not x86'
        return p.no_compiler_messages(name, kind, source, flags)
    return f


def _runtime_probe(name, source, flags, needs_x86=False):
    def f(p):
        if needs_x86 and not any(p.istarget(g) for g in _X86):
            return False, 'not x86'
        return p.runtime(name, source, flags)
    return f


KEYWORDS = {
    'c': _const(True, 'the suite is compiled as C'),
    'c++': _const(False, 'the suite is compiled as C'),
    'sync_int_long': _triplet('ia64-*-*', 'i?86-*-*', 'x86_64-*-*', 'aarch64*-*-*', 's390*-*-*',
                              'powerpc*-*-*', 'alpha*-*-*'),
    '__float128': _triplet('ia64-*-*', 'i?86-*-*', 'x86_64-*-*'),
    'sse_os': _triplet(*_X86),
    'avx_runtime': _all('avx', 'avx_hw', 'avx_os'),
    'sse2_runtime': _all('sse2', 'sse2_hw', 'sse_os'),
    'offload_target_nvptx': lambda p: p.offload_target('nvptx'),
    'offload_target_amdgcn': lambda p: p.offload_target('amdgcn'),
}
for _k, (_kind, _src, _fl) in _COMPILE_PROBES.items():
    KEYWORDS[_k] = _compile_probe(_k, _kind, _src, _fl, needs_x86=_k in ('avx', 'avx512f'))
for _k, (_src, _fl) in _RUNTIME_PROBES.items():
    KEYWORDS[_k] = _runtime_probe(_k, _src, _fl, needs_x86=_k in ('avx_hw', 'avx_os', 'sse2_hw'))
KEYWORDS['vect_simd_clones'] = lambda p: (
    (any(p.istarget(g) for g in _X86) and p.effective('avx512f')),
    'x86 and avx512f' if any(p.istarget(g) for g in _X86) else 'not x86')
