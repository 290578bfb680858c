// SPDX-License-Identifier: MIT
/* The program bench/boot starts: prints the guest's boot-to-main time. */
#include <stdio.h>
#ifdef __eremit__
#include <eremit/boot.h>
#endif

int main(void)
{
#ifdef __eremit__
	struct eremit_boot_times t;
	eremit_boot_times(&t);
	printf("boot_to_main_us=%.1f\n", (double)(t.main_tsc - t.entry_tsc) * 1000.0 / t.tsc_khz);
#else
	printf("boot_to_main_us=0\n"); /* a Linux process has no kernel boot of its own */
#endif
	return 0;
}
