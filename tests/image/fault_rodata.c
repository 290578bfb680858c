// SPDX-License-Identifier: MIT
/* Read-only data is read-only: writing a string literal faults. */
// eremit-test: status 139
// eremit-test: stderr-re write to a read-only page
// eremit-test: stderr-re <scribble\+0x[0-9a-f]+>
__attribute__((noinline)) void scribble(char *s)
{
	s[0] = 'X';
}

int main(void)
{
	scribble((char *)"constant");
	return 0;
}
