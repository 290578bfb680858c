// SPDX-License-Identifier: MIT
/* An invalid opcode (ud2): #UD, reported, 128 + SIGILL. */
// eremit-test: status 132
// eremit-test: stderr-re invalid opcode \(#UD, vector 6\)
// eremit-test: stderr-re <trap_here\+0x[0-9a-f]+>
// eremit-test: stderr-re terminated by SIGILL
__attribute__((noinline)) void trap_here(void)
{
	__builtin_trap();
}

int main(void)
{
	trap_here();
	return 0;
}
