/* SPDX-License-Identifier: MIT */
/* eremit: run an Eremit unikernel image in a KVM virtual machine (or under QEMU). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eremit/abi.h"

#include "boot.h"
#include "config.h"
#include "env.h"
#include "gdb.h"
#include "hostfs.h"
#include "image.h"
#include "hv.h"
#include "log.h"
#include "numa.h"
#include "pin.h"
#include "qemu.h"
#include "stats.h"
#include "status.h"
#include "timeout.h"

extern char **environ;

/* Maps the image file read-only; an empty file maps as an empty buffer. */
static int map_file(const char *path, const void **buf, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		hv_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		hv_err("%s: not a regular file", path);
		return -1;
	}
	*len = (size_t)st.st_size;
	*buf = *len ? mmap(0, *len, PROT_READ, MAP_PRIVATE, fd, 0) : "";
	close(fd);
	if (*buf == MAP_FAILED) {
		hv_err("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static uint32_t boot_flags(const struct hv_config *cfg)
{
	return (cfg->verbose ? EREMIT_BOOT_F_VERBOSE : 0) |
	       (isatty(0) ? EREMIT_BOOT_F_STDIN_TTY : 0) |
	       (isatty(1) ? EREMIT_BOOT_F_STDOUT_TTY : 0) |
	       (isatty(2) ? EREMIT_BOOT_F_STDERR_TTY : 0);
}

static void log_layout(const struct hv_gmem *m)
{
	const struct eremit_boot_info *bi = hv_gpa_ptr(m, EREMIT_BOOT_INFO_GPA, sizeof(*bi));

	hv_log("%lluM of memory, hypercall page at 0x%llx, image 0x%llx-0x%llx, %u args and %u "
	       "variables at 0x%llx (%llu bytes), TSC %llu kHz",
	       (unsigned long long)(bi->mem_size >> 20), (unsigned long long)bi->hc_gpa,
	       (unsigned long long)bi->image_start, (unsigned long long)bi->image_end, bi->argc,
	       bi->envc, (unsigned long long)bi->args_gpa, (unsigned long long)bi->args_size,
	       (unsigned long long)bi->tsc_khz);
}

static int create_vcpus(struct hv_vm *vm, unsigned n)
{
	int r;

	vm->vcpus = calloc(n, sizeof(*vm->vcpus));
	if (!vm->vcpus) {
		hv_err("out of memory for %u vCPUs", n);
		return HV_STATUS_INTERNAL;
	}
	vm->nvcpus = n;
	pthread_mutex_init(&vm->lock, 0);
	pthread_cond_init(&vm->cond, 0);
	for (unsigned i = 0; i < n; i++) {
		if ((r = hv_vcpu_create(vm, &vm->vcpus[i], i)))
			return r;
		if (i && (r = hv_x86_vcpu_init_ap(vm, &vm->vcpus[i])))
			return r;
	}
	return 0;
}

/* --stats: exits and hypercalls summed over the vCPUs, the guest's interrupts per vector. */
static void report_stats(const struct hv_vm *vm, const void *file, size_t len, uint64_t tsc_khz)
{
	struct hv_vcpu_stats *all = calloc(vm->nvcpus, sizeof(*all));

	if (!all) {
		hv_err("stats: out of memory");
		return;
	}
	for (unsigned i = 0; i < vm->nvcpus; i++)
		all[i] = vm->vcpus[i].stats;
	hv_stats_report(all, vm->nvcpus, hv_stats_guest_boot_ns(&vm->mem, file, len, tsc_khz));
	hv_stats_report_irqs(&vm->mem, vm->nvcpus);
	free(all);
}

static int run_kvm(const struct hv_config *cfg, const struct hv_elf_image *img, const void *file,
		   size_t len, char *const *env, const struct hv_pin_plan *pin)
{
	static struct hv_vm vm;
	static struct hv_fs fs;
	struct hv_boot_params bp;
	uint64_t mapped;
	char err[256];
	int r;

	/* The host directories the guest may reach. */
	if (hv_fs_init(&fs, cfg->mounts, cfg->nmounts, err, sizeof(err))) {
		hv_err("%s", err);
		return HV_STATUS_USAGE;
	}
	vm.fs = &fs;
	/* The VM with its memory; reads the CPUID KVM offers. */
	if ((r = hv_vm_create(&vm, cfg->mem)))
		return r;
	/* --numa with --pin: each node's memory on the host node of its vCPUs. */
	if ((r = hv_numa_bind_guest(&vm.mem, cfg, pin)))
		return r;
	/* Boot page tables and GDT, below the boot information. */
	mapped = hv_boot_write_tables(&vm.mem, hv_x86_has_gbpages(&vm));
	if (img->end > mapped) {
		hv_err("%s: the image ends at 0x%llx, above the %lluG the boot page tables map",
		       cfg->image, (unsigned long long)img->end,
		       (unsigned long long)(mapped >> 30));
		return HV_STATUS_USAGE;
	}
	/* The image at its physical addresses. */
	hv_elf_load(img, file, &vm.mem);
	/* The vCPUs, all created now (the LAPICs want them before the first runs). */
	if ((r = create_vcpus(&vm, cfg->cpus)))
		return r;
	bp = (struct hv_boot_params){
	    .image = cfg->image,
	    .argc = cfg->argc,
	    .argv = cfg->argv,
	    .envp = env,
	    .tsc_khz = hv_x86_tsc_khz(&vm.vcpus[0]),
	    .wallclock_ns = vm.wallclock_ns,
	    .ncpus = cfg->cpus,
	    .nnodes = cfg->numa,
	    .flags = boot_flags(cfg),
	    .mapped_end = mapped,
	};
	/* Boot information and the argument and environment strings. */
	if (hv_boot_write_info(&vm.mem, img, &bp, err, sizeof(err))) {
		hv_err("%s: %s", cfg->image, err);
		return HV_STATUS_USAGE;
	}
	log_layout(&vm.mem);
	/* vCPU 0 in long mode at the entry point, %rdi = boot information. */
	if ((r = hv_x86_vcpu_init(&vm, &vm.vcpus[0], img->entry, EREMIT_BOOT_INFO_GPA)))
		return r;
	/* --gdb: gdb attaches before the first instruction, on the vCPU's thread. */
	if (cfg->gdb_port && cfg->cpus > 1) {
		hv_err("--gdb: the stub debugs one vCPU so far; run with --cpus 1 (or use --qemu "
		       "--gdb, QEMU's stub)");
		return HV_STATUS_USAGE;
	}
	if (cfg->gdb_port && (r = hv_gdb_start(&vm, cfg->gdb_port)))
		return r;
	/* Each vCPU on its own thread, pinned, kickable by --timeout. */
	r = hv_vcpus_run(&vm, pin);
	hv_gdb_finish(&vm, r); /* gdb learns the exit status */
	hv_timeout_stop();
	if (cfg->stats)
		report_stats(&vm, file, len, bp.tsc_khz);
	return r;
}

int main(int argc, char **argv)
{
	struct hv_config cfg;
	struct hv_elf_image img;
	struct hv_pin_plan pin;
	const void *file;
	char **env;
	size_t len;
	char err[256];
	int r;

	hv_stats_monitor_start();
	r = hv_config_parse(&cfg, argc, argv);
	if (r)
		return r > 0 ? 0 : HV_STATUS_USAGE;
	hv_verbose = cfg.verbose;
	if (map_file(cfg.image, &file, &len))
		return HV_STATUS_USAGE;
	if (hv_elf_parse(file, len, cfg.mem, &img, err, sizeof(err))) {
		hv_err("%s: %s", cfg.image, err);
		return HV_STATUS_USAGE;
	}
	/* QEMU's ELF loader refuses images of 2 GiB and more (a signed int
	 * size): say so instead of its "Error while loading elf kernel". */
	if (cfg.qemu && img.end - img.start > INT_MAX) {
		hv_err("%s: the image spans %lluM (large data?); QEMU loads at most 2047M: "
		       "run it under the eremit monitor",
		       cfg.image, (unsigned long long)((img.end - img.start) >> 20));
		return HV_STATUS_USAGE;
	}
	if (cfg.qemu && cfg.nmounts) {
		hv_err("--mount: QEMU runs have no host files (they need the eremit monitor)");
		return HV_STATUS_USAGE;
	}
	env = hv_env_build(&cfg, environ, err, sizeof(err));
	if (!env || hv_args_check(cfg.image, cfg.argc, cfg.argv, env, err, sizeof(err))) {
		hv_err("%s", err);
		return HV_STATUS_USAGE;
	}
	/* A closed stdout must come back to the guest as -EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	/* Host CPUs for the vCPUs (--pin), then the clock of --timeout starts. */
	if ((r = hv_pin_plan_host(&cfg, &pin)) || (r = hv_timeout_start(&cfg)))
		return r;
	if (!cfg.qemu)
		return run_kvm(&cfg, &img, file, len, env, &pin);
	r = hv_qemu_run(&cfg, env, &pin);
	hv_timeout_stop();
	if (cfg.stats)
		hv_stats_report_qemu();
	return r;
}
