// SPDX-License-Identifier: MIT
/* With --numa 2 and 4 cores both runners give the same nodes: cores 0-1 on node 0, 2-3 on node 1. */
// eremit-test: cpus 4
// eremit-test: numa 2
// eremit-test: stdout 4 cores
// eremit-test: stdout core 0 node 0
// eremit-test: stdout core 1 node 0
// eremit-test: stdout core 2 node 1
// eremit-test: stdout core 3 node 1
// eremit-test: stdout core 4 node -1
#include <stdio.h>
#include <eremit/cpu.h>

int main(void)
{
	unsigned n = eremit_cpu_count();
	printf("%u cores\n", n);
	/* One past the last core: no such core, no node. */
	for (unsigned i = 0; i <= n; i++)
		printf("core %u node %d\n", i, eremit_cpu_node(i));
	return 0;
}
