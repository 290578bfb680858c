// SPDX-License-Identifier: MIT
/* x86_64 TLS (variant II): the block sits below the thread pointer. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/arch.h"
#include "kernel/trap.h"
#include "runtime/runtime.h"

extern char __tdata_start[], __tdata_end[], __tbss_start[], __tbss_end[];
extern char __tls_align[]; /* a value, not an address (kernel/eremit.ld) */

#define TLS_TCB_SIZE  64 /* self pointer, and room for the runtime's thread fields */
#define TLS_TCB_ALIGN 64

/* The TLS segment's alignment, which the linker used for every offset. */
static size_t tls_align(void)
{
	size_t a = (size_t)(uintptr_t)__tls_align;
	return a ? a : 1;
}

/* Offset of the thread pointer from the start of the TLS segment (ABI: rounded to its alignment).
 */
static size_t tls_tp_offset(void)
{
	size_t memsz = (size_t)(__tbss_end - __tdata_start), a = tls_align();
	return (memsz + a - 1) & ~(a - 1);
}

size_t tls_block_size(void)
{
	return tls_tp_offset() + TLS_TCB_SIZE + tls_align() + TLS_TCB_ALIGN;
}

uintptr_t tls_setup(void *mem)
{
	/* The thread pointer is aligned for both the segment and the TCB. */
	size_t a = tls_align() > TLS_TCB_ALIGN ? tls_align() : TLS_TCB_ALIGN;
	uintptr_t tp = ((uintptr_t)mem + tls_tp_offset() + a - 1) & ~(a - 1);
	char *seg = (char *)(tp - tls_tp_offset());
	size_t tdata = (size_t)(__tdata_end - __tdata_start);
	memcpy(seg, __tdata_start, tdata);
	memset(seg + tdata, 0, tls_tp_offset() - tdata);
	memset((void *)tp, 0, TLS_TCB_SIZE);
	*(uintptr_t *)tp = tp; /* %fs:0 holds the thread pointer itself */
	return tp;
}

void tls_init_boot(void)
{
	void *mem = memalign(64, tls_block_size()); /* newlib has no aligned_alloc backend */
	if (!mem)
		panic("no memory for the boot thread's TLS block");
	arch_set_tls_base(tls_setup(mem));
}
