// SPDX-License-Identifier: MIT
/*
 * gcc -mcmodel=medium puts big arrays in .lbss/.ldata, which eremit.ld
 * places after all other data: 2.2 GiB of them push the end of the image
 * and the kernel's symbol table above 2 GiB, where the kernel reaches them
 * with 64-bit immediates (BOOT_FAR_SYMBOL). Initialised large data
 * (.ldata) must arrive intact; a fault's backtrace must still name main
 * from the symbol table. QEMU's ELF loader stops at 2 GiB: eremit only.
 */
/* eremit-test: cflags -mcmodel=medium */
/* eremit-test: runner eremit */
/* eremit-test: mem 2560M */
/* eremit-test: cpus 1 2 */
/* eremit-test: stdout lbss ok 1 */
/* eremit-test: stdout ldata ok 1 */
/* eremit-test: status 139 */
/* eremit-test: stderr-re #0 +0x[0-9a-f]+ <main\+ */
#include <stdio.h>
#include <stdint.h>

#define LBSS_BYTES (2200ull << 20)
static char lbss[LBSS_BYTES];
/* Above gcc's 64 KiB large-data threshold and not all zero: .ldata. */
unsigned ldata[32 << 10] = {[0] = 7, [(32 << 10) - 1] = 9};

int main(void)
{
	int ok = 1;

	/* 4,400 pages across it, first and last included, are mapped and
	 * zero (every page would take ~30 us each under PVM, on first touch). */
	for (uint64_t i = 0; i < LBSS_BYTES; i += 128 * 4096) {
		ok &= lbss[i] == 0 && lbss[i + 128 * 4096 - 1] == 0;
		lbss[i] = (char)(i >> 19);
	}
	for (uint64_t i = 0; i < LBSS_BYTES; i += 128 * 4096)
		ok &= lbss[i] == (char)(i >> 19);
	printf("lbss ok %d\n", ok);
	printf("ldata ok %d\n", ldata[0] == 7 && ldata[(32 << 10) - 1] == 9 &&
				    (uintptr_t)lbss + LBSS_BYTES > (2ull << 30));
	fflush(stdout);
	/* The fault report's backtrace reads the symbol table above 2 GiB. */
	*(volatile int *)(uintptr_t)ok = 0;
	return 0;
}
