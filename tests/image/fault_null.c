// SPDX-License-Identifier: MIT
/* A null dereference: page-fault report with the faulting function's name. */
// eremit-test: status 139
// eremit-test: stderr-re fatal exception on CPU 0: page fault \(#PF, vector 14\)
// eremit-test: stderr-re at RIP 0x[0-9a-f]+ <read_through\+0x[0-9a-f]+>
// eremit-test: stderr-re CR2 0x0+10 \(null pointer dereference\)
// eremit-test: stderr-re RAX [0-9a-f]{16} RBX
// eremit-test: stderr-re #1 +0x[0-9a-f]+ <main\+0x[0-9a-f]+>
// eremit-test: stderr-re terminated by SIGSEGV \(exit status 139\)
#include <stdio.h>

struct node {
	long pad[2];
	long value;
};

__attribute__((noinline)) long read_through(struct node *n)
{
	return n->value;
}

int main(void)
{
	struct node *volatile n = NULL;
	printf("%ld\n", read_through(n));
	return 0;
}
