/* SPDX-License-Identifier: MIT */
/* Unit tests of the kernel command line built for QEMU's -append. */
#include <string.h>

#include "qemu.h"
#include "unit_check.h"

static char buf[256];

static const char *build(bool verbose, uint64_t tsc_khz, int argc, char *const *argv)
{
	size_t n = hv_qemu_cmdline(buf, sizeof(buf), verbose, tsc_khz, "/img dir/a\\b", argc,
				   argv, 0);

	CHECK(n == strlen(buf));
	return buf;
}

int main(void)
{
	char *args[] = {"plain", "two words", "back\\slash", "", "tab\there"};

	CHECK(!strcmp(build(false, 0, 0, 0), "-- /img\\ dir/a\\\\b"));
	CHECK(!strcmp(build(true, 0, 0, 0), "eremit.verbose=1 -- /img\\ dir/a\\\\b"));
	CHECK(!strcmp(build(true, 2596134, 0, 0),
		      "eremit.verbose=1 eremit.tsc_khz=2596134 -- /img\\ dir/a\\\\b"));
	CHECK(!strcmp(build(false, 1, 0, 0), "eremit.tsc_khz=1 -- /img\\ dir/a\\\\b"));
	CHECK(!strcmp(build(false, 0, 5, args),
		      "-- /img\\ dir/a\\\\b plain two\\ words back\\\\slash \"\" tab\there"));

	{
		char *env[] = {"OMP_NUM_THREADS=4", "A=two words", 0};
		char b[256];
		hv_qemu_cmdline(b, sizeof(b), false, 0, "img", 1, args, env);
		CHECK(!strcmp(b, "eremit.env=OMP_NUM_THREADS=4 eremit.env=A=two\\ words -- img plain"));
	}

	/* Too small a buffer: truncated, terminated, and the full length is returned. */
	{
		char small[8];
		size_t n = hv_qemu_cmdline(small, sizeof(small), true, 0, "img", 0, 0, 0);
		CHECK(n == strlen("eremit.verbose=1 -- img"));
		CHECK(!strcmp(small, "eremit."));
		CHECK(hv_qemu_cmdline(0, 0, false, 0, "img", 0, 0, 0) == 6);
	}
	TEST_DONE();
}
