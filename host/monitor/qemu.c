/* SPDX-License-Identifier: MIT */
/* The --qemu runner: QEMU's three serial ports become stdout, stderr and the kernel log. */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "eremit/abi.h"

#include "boot.h"
#include "gdb.h"
#include "log.h"
#include "numa.h"
#include "qemu.h"
#include "status.h"
#include "timeout.h"

#define QBOOT_ROM		 "/usr/share/qemu/qboot.rom"
#define KVM_API_VERSION_EXPECTED 12
#define NR_SERIAL		 3 /* COM1 stdout, COM2 stderr, COM3 kernel log and exit tag */
#define MAX_QEMU_ARGS		 (48 + HV_QEMU_TOPOLOGY_WORDS)
#define LOG_LINE_MAX		 4096

struct pump {
	int fd[NR_SERIAL];	 /* read ends, -1 once at EOF */
	int out_broken[2];	 /* host stdout/stderr gave EPIPE: drop the rest */
	char line[LOG_LINE_MAX]; /* COM3 line being assembled */
	size_t line_len;
	int status; /* from the exit tag, -1 until seen */
	const struct hv_pin_plan *pin; /* --pin: QEMU's vCPU threads to pin as they appear */
	pid_t pid;
	int pin_tries; /* polls left to find them */
};

/* QEMU names its vCPU threads a few ms after it starts; look every 10 ms for up to 5 s. */
#define PIN_POLL_MS  10
#define PIN_TRIES    500

/* The poll timeout: -1, or short while --pin still looks for vCPU threads. */
static int pin_qemu_threads(struct pump *p)
{
	if (!p->pin || !p->pin->n || p->pin_tries <= 0)
		return -1;
	if (hv_pin_qemu_threads(p->pin, p->pid) == p->pin->n) {
		p->pin_tries = 0;
		return -1;
	}
	if (--p->pin_tries == 0)
		hv_err("--pin: QEMU's vCPU threads not found; QEMU runs on the pinned CPUs as a "
		       "whole");
	return PIN_POLL_MS;
}

static int kvm_usable(void)
{
	const char *no = getenv("EREMIT_NO_KVM");
	int fd, ok;

	if (no && *no && strcmp(no, "0"))
		return 0;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = ioctl(fd, KVM_GET_API_VERSION, 0) == KVM_API_VERSION_EXPECTED;
	close(fd);
	return ok;
}

/*
 * The TSC rate a QEMU guest under KVM sees: the host's, as KVM reports it
 * for a throwaway vCPU (about a millisecond). 0 when KVM will not be used
 * or cannot tell; the kernel then calibrates against the PIT (20 ms).
 */
static uint64_t qemu_tsc_khz(void)
{
	int kvm, vm, vcpu;
	long khz = 0;

	if (!kvm_usable())
		return 0;
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return 0;
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm >= 0) {
		vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
		if (vcpu >= 0) {
			khz = ioctl(vcpu, KVM_GET_TSC_KHZ, 0);
			close(vcpu);
		}
		close(vm);
	}
	close(kvm);
	return khz > 0 ? (uint64_t)khz : 0;
}

/* Fills argv for QEMU; strings live in the static buffers it points to. */
static void build_args(const char **a, const struct hv_config *cfg, const char *cmdline,
		       const int wfd[NR_SERIAL], const struct hv_pin_plan *pin)
{
	static char mem[32], chardev[NR_SERIAL][64], serial[NR_SERIAL][32];
	static struct hv_qemu_topology topo;
	static struct eremit_boot_info layout;
	const char *qemu = getenv("EREMIT_QEMU");
	uint64_t mem_mib = (cfg->mem + (1u << 20) - 1) >> 20;
	int host_node[EREMIT_MAX_NODES];
	int n = 0;

	snprintf(mem, sizeof(mem), "%lluM", (unsigned long long)mem_mib);
	a[n++] = qemu && *qemu ? qemu : "qemu-system-x86_64";
	a[n++] = "-M", a[n++] = "pc", a[n++] = "-nodefaults", a[n++] = "-display";
	a[n++] = "none", a[n++] = "-no-reboot", a[n++] = "-m", a[n++] = mem;
	/* CPUs and NUMA nodes; with --pin each node's memory on its vCPUs' host node. */
	hv_boot_numa_layout(&layout, mem_mib << 20, cfg->cpus, cfg->numa);
	hv_numa_plan_membind(pin, &layout, cfg->cpus, host_node);
	n += (int)hv_qemu_topology_args(&topo, a + n, mem_mib << 20, cfg->cpus, cfg->numa,
					host_node);
	/* Thread names "CPU N/KVM", by which --pin finds the vCPU threads. */
	a[n++] = "-name", a[n++] = "eremit,debug-threads=on";
	if (access(QBOOT_ROM, R_OK) == 0)
		a[n++] = "-bios", a[n++] = QBOOT_ROM;
	/* QEMU's gdbstub under PVM's KVM misses ring-3 breakpoints and steps: TCG for --gdb. */
	if (kvm_usable() && !cfg->gdb_port)
		a[n++] = "-accel", a[n++] = "kvm", a[n++] = "-cpu",
		a[n++] = "host,-arch-capabilities";
	else
		a[n++] = "-accel", a[n++] = "tcg", a[n++] = "-cpu", a[n++] = "max";
	a[n++] = "-kernel", a[n++] = cfg->image, a[n++] = "-append", a[n++] = cmdline;
	a[n++] = "-device", a[n++] = "isa-debug-exit,iobase=0xf4,iosize=0x04";
	if (cfg->gdb_port) {
		static char gdb[32];
		snprintf(gdb, sizeof(gdb), "tcp:127.0.0.1:%u", cfg->gdb_port);
		a[n++] = "-gdb", a[n++] = gdb, a[n++] = "-S"; /* -S: wait for gdb's continue */
	}
	for (int i = 0; i < NR_SERIAL; i++) {
		/* QEMU reopens our pipe through /dev/fd: no terminal, no socket needed. */
		snprintf(chardev[i], sizeof(chardev[i]), "file,id=com%d,path=/dev/fd/%d", i + 1,
			 wfd[i]);
		snprintf(serial[i], sizeof(serial[i]), "chardev:com%d", i + 1);
		a[n++] = "-chardev", a[n++] = chardev[i], a[n++] = "-serial", a[n++] = serial[i];
	}
	a[n] = 0;
}

/* In the child: hand QEMU the pipes' write ends and keep its stdout off ours. */
static void exec_qemu(const char **args, const int wfd[NR_SERIAL], int errfd)
{
	int null = open("/dev/null", O_RDONLY);
	int e;

	for (int i = 0; i < NR_SERIAL; i++)
		fcntl(wfd[i], F_SETFD, 0);
	if (null >= 0)
		dup2(null, 0);
	dup2(2, 1);
	signal(SIGPIPE, SIG_DFL);
	execvp(args[0], (char *const *)args);
	e = errno;
	if (write(errfd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

static void forward(struct pump *p, int host_fd, const char *buf, size_t len)
{
	while (len && !p->out_broken[host_fd - 1]) {
		ssize_t n = write(host_fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			p->out_broken[host_fd - 1] = 1;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* One COM3 line: the exit tag, or kernel log shown when verbose. */
static void log_line(struct pump *p, char *line, size_t len)
{
	static const char tag[] = EREMIT_QEMU_EXIT_TAG;
	const char *t;

	line[len] = 0;
	t = strstr(line, tag);
	if (t && p->status < 0) {
		char *end;
		long s = strtol(t + sizeof(tag) - 1, &end, 10);
		if (end != t + sizeof(tag) - 1 && s >= 0)
			p->status = (int)(s & 255);
		return;
	}
	if (hv_verbose) {
		line[len] = '\n';
		forward(p, 2, line, len + 1);
	}
}

static void pump_log(struct pump *p, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n' || p->line_len == LOG_LINE_MAX - 1) {
			size_t n = p->line_len;
			if (n && p->line[n - 1] == '\r')
				n--;
			log_line(p, p->line, n);
			p->line_len = 0;
			if (buf[i] == '\n')
				continue;
		}
		p->line[p->line_len++] = buf[i];
	}
}

/* Copies the serial ports to stdout, stderr and the log until QEMU closes them all. */
static void pump(struct pump *p)
{
	for (;;) {
		struct pollfd pf[NR_SERIAL];
		char buf[65536];
		int open = 0;

		for (int i = 0; i < NR_SERIAL; i++) {
			pf[i] = (struct pollfd){.fd = p->fd[i], .events = POLLIN};
			open += p->fd[i] >= 0;
		}
		if (!open)
			break;
		if (poll(pf, NR_SERIAL, pin_qemu_threads(p)) < 0)
			continue;
		for (int i = 0; i < NR_SERIAL; i++) {
			ssize_t n;
			if (p->fd[i] < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p->fd[i], buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(p->fd[i]);
				p->fd[i] = -1;
			} else if (i < 2) {
				forward(p, i + 1, buf, (size_t)n);
			} else {
				pump_log(p, buf, (size_t)n);
			}
		}
	}
	if (p->line_len)
		log_line(p, p->line, p->line_len);
}

static int qemu_status(const char *qemu, int wstatus, int tag_status)
{
	if (tag_status >= 0)
		return tag_status;
	if (WIFEXITED(wstatus))
		hv_err("QEMU exited with status %d before the kernel reported an exit",
		       WEXITSTATUS(wstatus));
	else
		hv_err("%s was killed by signal %d before the kernel reported an exit", qemu,
		       WTERMSIG(wstatus));
	return HV_STATUS_CRASHED;
}

int hv_qemu_run(const struct hv_config *cfg, char *const *env, const struct hv_pin_plan *pin)
{
	struct pump p = {.status = -1, .pin = pin, .pin_tries = PIN_TRIES};
	int wfd[NR_SERIAL], errpipe[2], wstatus, e;
	const char *args[MAX_QEMU_ARGS];
	uint64_t tsc_khz = cfg->gdb_port ? 0 : qemu_tsc_khz(); /* TCG: the kernel calibrates */
	size_t len =
		hv_qemu_cmdline(0, 0, cfg->verbose, tsc_khz, cfg->image, cfg->argc, cfg->argv, env);
	char *cmdline = malloc(len + 1);
	pid_t pid;

	if (!cmdline) {
		hv_err("out of memory");
		return HV_STATUS_INTERNAL;
	}
	if (cfg->gdb_port && hv_gdb_port_check(cfg->gdb_port))
		return HV_STATUS_USAGE;
	hv_qemu_cmdline(cmdline, len + 1, cfg->verbose, tsc_khz, cfg->image, cfg->argc, cfg->argv,
			env);
	for (int i = 0; i < NR_SERIAL; i++) {
		int fds[2];
		if (pipe2(fds, O_CLOEXEC) < 0) {
			hv_err("pipe: %s", strerror(errno));
			return HV_STATUS_INTERNAL;
		}
		p.fd[i] = fds[0];
		wfd[i] = fds[1];
	}
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		hv_err("pipe: %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	build_args(args, cfg, cmdline, wfd, pin);
	if (cfg->verbose) {
		fprintf(stderr, "eremit: running");
		for (int i = 0; args[i]; i++)
			fprintf(stderr, " %s", args[i]);
		fputc('\n', stderr);
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		hv_err("fork: %s", strerror(errno));
		return HV_STATUS_INTERNAL;
	}
	if (pid == 0) {
		/* Until pump() finds and pins its vCPU threads, all of QEMU runs on their CPUs. */
		hv_pin_qemu_process(pin);
		exec_qemu(args, wfd, errpipe[1]);
	}
	p.pid = pid;
	hv_timeout_watch_pid(pid);
	for (int i = 0; i < NR_SERIAL; i++)
		close(wfd[i]);
	close(errpipe[1]);
	/* The pipe closes on a successful exec; otherwise it carries errno. */
	if (read(errpipe[0], &e, sizeof(e)) == sizeof(e)) {
		waitpid(pid, &wstatus, 0);
		hv_err("cannot run %s: %s (set EREMIT_QEMU or install qemu-system-x86)", args[0],
		       strerror(e));
		return HV_STATUS_USAGE;
	}
	close(errpipe[0]);
	pump(&p);
	/* QEMU has closed its ports: no kill from the timer once its pid may be reused. */
	hv_timeout_stop();
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR) {
			hv_err("waitpid: %s", strerror(errno));
			return HV_STATUS_INTERNAL;
		}
	free(cmdline);
	if (p.status < 0 && hv_timeout_expired())
		return hv_timeout_status(); /* killed by the timer thread */
	return qemu_status(args[0], wstatus, p.status);
}
