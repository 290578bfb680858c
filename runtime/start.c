// SPDX-License-Identifier: MIT
/* From the booted kernel to main(): heap, TLS, argv, environ, constructors. */
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "eremit/boot.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/cmdline.h"
#include "kernel/klog.h"
#include "kernel/pmem.h"
#include "kernel/trap.h"
#include "runtime/runtime.h"
#include "runtime/thread.h"
#include "smp/smp.h"

extern char **environ;
extern int main(int argc, char **argv, char **envp);
extern void __libc_init_array(void);

uint64_t boot_main_tsc;

static char **start_argv;
static int start_argc;

/* argv and environ from the monitor's packed strings: args first, then env. */
static void start_args_monitor(const struct eremit_boot_info *bi)
{
	const char *p = (const char *)(uintptr_t)bi->args_gpa;
	const char *end = p + bi->args_size;
	start_argv = calloc(bi->argc + 1, sizeof(char *));
	environ = calloc(bi->envc + 1, sizeof(char *));
	if (!start_argv || !environ)
		panic("no memory for %u arguments and %u environment strings", bi->argc, bi->envc);
	for (uint32_t i = 0; i < bi->argc + bi->envc; i++) {
		size_t n = p < end ? strnlen(p, (size_t)(end - p)) : 0;
		if (p + n >= end)
			panic("argument block ends inside string %u", i);
		if (i < bi->argc)
			start_argv[i] = (char *)p;
		else
			environ[i - bi->argc] = (char *)p;
		p += n + 1;
	}
	start_argc = (int)bi->argc;
}

/*
 * argv from QEMU's command line (the words after "--"), environ from its
 * "eremit.env=NAME=VALUE" options before it.
 */
static void start_args_cmdline(const char *cmdline)
{
	static const char env_opt[] = "eremit.env=";
	size_t cap = strlen(cmdline) + 1;
	struct cmdline_iter it = cmdline_argv(cmdline), opts = {cmdline};
	long n;
	int argc = 0, envc = 0;
	char *word = malloc(cap);
	/* At most one word per two characters. */
	start_argv = calloc(cap / 2 + 2, sizeof(char *));
	environ = calloc(cap / 2 + 2, sizeof(char *));
	if (!word || !start_argv || !environ)
		panic("no memory for the command line");
	if (it.p != cmdline) {
		while (cmdline_next(&opts, word, cap) >= 0 && strcmp(word, "--"))
			if (!strncmp(word, env_opt, sizeof(env_opt) - 1))
				environ[envc++] = strdup(word + sizeof(env_opt) - 1);
	}
	while ((n = cmdline_next(&it, word, cap)) >= 0)
		start_argv[argc++] = strdup(word);
	if (argc == 0)
		start_argv[argc++] = "eremit-image";
	free(word);
	start_argc = argc;
}

void eremit_boot_times(struct eremit_boot_times *t)
{
	t->entry_tsc = boot_entry_tsc;
	t->main_tsc = boot_main_tsc;
	t->tsc_khz = clock_tsc_khz();
}

_Noreturn void runtime_start(void)
{
	malloc_init();
	tls_init_boot();
	thread_init_main(); /* the boot flow is the main thread; the scheduler starts */
	smp_init();	    /* every other CPU online, in its scheduler's idle loop */
	if (boot_params.runner == BOOT_RUNNER_MONITOR)
		start_args_monitor(&boot_params.info);
	else
		start_args_cmdline(boot_params.cmdline);
	sched_configure(); /* EREMIT_IDLE, EREMIT_SLICE_US */
	__libc_init_array();
	boot_main_tsc = rdtsc();
	klog("runtime: main() after %lu us of boot\n",
	     (unsigned long)(clock_tsc_to_ns(boot_main_tsc - boot_entry_tsc) / 1000));
	exit(main(start_argc, start_argv, environ));
}
