// SPDX-License-Identifier: MIT
/* The kernel enabled the SIMD state the CPU offers: SSE2 always, AVX and
 * AVX-512 when CPUID and XCR0 say so. Each level computes a checked sum. */
// eremit-test: stdout sse2 ok
// eremit-test: stdout simd checks passed
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>

#define N 64

static double a[N] __attribute__((aligned(64)));

static double expected(void)
{
	double s = 0;
	for (int i = 0; i < N; i++)
		s += a[i] * 2.0;
	return s;
}

__attribute__((target("sse2"))) static double sum_sse2(void)
{
	__m128d acc = _mm_setzero_pd();
	for (int i = 0; i < N; i += 2)
		acc = _mm_add_pd(acc, _mm_mul_pd(_mm_load_pd(&a[i]), _mm_set1_pd(2.0)));
	double r[2];
	_mm_storeu_pd(r, acc);
	return r[0] + r[1];
}

__attribute__((target("avx2"))) static double sum_avx(void)
{
	__m256d acc = _mm256_setzero_pd();
	for (int i = 0; i < N; i += 4)
		acc = _mm256_add_pd(acc, _mm256_mul_pd(_mm256_load_pd(&a[i]), _mm256_set1_pd(2.0)));
	double r[4];
	_mm256_storeu_pd(r, acc);
	return r[0] + r[1] + r[2] + r[3];
}

__attribute__((target("avx512f"))) static double sum_avx512(void)
{
	__m512d acc = _mm512_setzero_pd();
	for (int i = 0; i < N; i += 8)
		acc = _mm512_add_pd(acc, _mm512_mul_pd(_mm512_load_pd(&a[i]), _mm512_set1_pd(2.0)));
	return _mm512_reduce_add_pd(acc);
}

/* XCR0 as the OS set it, when the OS enabled XSAVE (CPUID.1:ECX.OSXSAVE). */
static uint64_t os_xcr0(void)
{
	unsigned eax, ebx, ecx, edx;
	__cpuid(1, eax, ebx, ecx, edx);
	if (!(ecx & bit_OSXSAVE))
		return 0;
	uint32_t lo, hi;
	__asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

int main(void)
{
	unsigned eax, ebx, ecx, edx, ebx7 = 0;
	__cpuid(1, eax, ebx, ecx, edx);
	if (__get_cpuid_max(0, 0) >= 7)
		__cpuid_count(7, 0, eax, ebx7, ecx, edx);
	__cpuid(1, eax, ebx, ecx, edx);
	uint64_t xcr0 = os_xcr0();
	int avx = (ecx & bit_AVX) && (xcr0 & 0x6) == 0x6;
	int avx512 = avx && (ebx7 & bit_AVX512F) && (xcr0 & 0xe0) == 0xe0;

	for (int i = 0; i < N; i++)
		a[i] = i * 0.5;
	double want = expected();
	int bad = 0;
	if (sum_sse2() != want)
		bad = printf("sse2 sum %f, expected %f\n", sum_sse2(), want);
	else
		printf("sse2 ok\n");
	if (avx)
		printf(sum_avx() == want ? "avx ok\n" : (bad = 1, "avx wrong\n"));
	else
		printf("avx not offered by this CPU (CPUID.1:ECX.AVX=%d, XCR0=%#llx)\n",
		       !!(ecx & bit_AVX), (unsigned long long)xcr0);
	if (avx512)
		printf(sum_avx512() == want ? "avx512 ok\n" : (bad = 1, "avx512 wrong\n"));
	else
		printf("avx512 not offered by this CPU\n");
	if (bad)
		return 1;
	printf("simd checks passed\n");
	return 0;
}
