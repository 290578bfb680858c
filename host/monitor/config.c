/* SPDX-License-Identifier: MIT */
/* Command-line options and HERMIT_* environment variables. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eremit/abi.h"

#include "config.h"
#include "log.h"
#include "status.h"

#define HV_VERSION "0.1.0"

static const char usage_text[] =
    "Usage: eremit [OPTIONS] IMAGE [ARGS...]\n"
    "Run the Eremit unikernel IMAGE (a static x86-64 ELF) in a KVM virtual machine.\n"
    "ARGS become the application's argv[1..]; argv[0] is IMAGE as given, and the\n"
    "host environment is passed on as the application's environment (see --env,\n"
    "--clear-env); together they may hold up to 65536 strings and 4 MiB.\n"
    "The application reaches host files below the working directory (see --mount);\n"
    "under --qemu it has none (ENOSYS).\n"
    "Options end at the first non-option argument or at \"--\".\n"
    "\n"
    "Options:\n"
    "  --mem SIZE      guest memory (default 512M; minimum 32M, maximum 512G).\n"
    "                  SIZE is bytes with an optional K, M, G or T suffix (any case,\n"
    "                  B or iB may follow); it is rounded up to 4 KiB.\n"
    "  --cpus N        number of vCPUs, 1..256 (default 1)\n"
    "  --numa N        split guest memory and vCPUs into N NUMA nodes, 1..64\n"
    "                  (default 1): node n gets an equal share of memory in whole\n"
    "                  2 MiB pages (the last node the rest) and a contiguous block of\n"
    "                  vCPUs; every node needs at least 2 MiB. With --pin on a host\n"
    "                  with several NUMA nodes, each node's memory is bound to the\n"
    "                  host node of its vCPUs; with --qemu, QEMU's -numa options\n"
    "                  describe the same nodes to the guest (ACPI SRAT)\n"
    "  --verbose       print the kernel log and monitor diagnostics on stderr\n"
    "  --qemu          run the image under qemu-system-x86_64 instead of KVM directly\n"
    "  --gdb PORT      wait for gdb on 127.0.0.1:PORT before the first instruction\n"
    "                  (gdb IMAGE, then target remote :PORT); with --qemu, QEMU's\n"
    "                  own gdb stub serves it, under TCG\n"
    "  --pin           pin each vCPU thread to its own host CPU, chosen from the hwloc\n"
    "                  topology among the CPUs this process may use: one PU of every\n"
    "                  core before any second PU (hyperthread), a NUMA node's cores\n"
    "                  together, nodes in order (--verbose prints the mapping)\n"
    "  --pin=LIST      pin vCPU i to the i-th host CPU of LIST, written as for\n"
    "                  taskset -c: 0-3,8,10-11 (also 0-6:2); no CPU twice\n"
    "  --stats         on exit, print boot time, run time, VM exits by reason and\n"
    "                  hypercalls by number on stderr\n"
    "  --timeout SECONDS  stop the guest if it has not exited SECONDS after the\n"
    "                  monitor started (decimals allowed: 0.5) and exit with 124\n"
    "  --mount HOST_DIR[:GUEST_DIR][:ro]\n"
    "                  let the guest reach the files below HOST_DIR, at GUEST_DIR\n"
    "                  (default: the same path), read-only with :ro (repeatable).\n"
    "                  Without it the guest sees the host's working directory, at\n"
    "                  its own path, and nothing else; paths that leave the granted\n"
    "                  directories (.., absolute paths, symlinks) fail with EACCES;\n"
    "                  not with --qemu\n"
    "  --env NAME=VALUE  set a variable in the guest's environment (repeatable);\n"
    "                  --env NAME copies the host's NAME\n"
    "  --clear-env     start the guest's environment empty instead of the host's\n"
    "  -h, --help      print this help and exit\n"
    "  --version       print the version and exit\n"
    "\n"
    "Environment (options take precedence):\n"
    "  HERMIT_MEM=SIZE     like --mem\n"
    "  HERMIT_CPUS=N       like --cpus\n"
    "  HERMIT_NUMA=N       like --numa\n"
    "  HERMIT_VERBOSE=0|1  like --verbose\n"
    "  HERMIT_PIN=1|0|LIST like --pin (1), no pinning (0), or --pin=LIST\n"
    "                      (a lone CPU 0 or 1 is written 0-0 or 1-1)\n"
    "  HERMIT_STATS=0|1    like --stats\n"
    "  HERMIT_TIMEOUT=SECONDS  like --timeout\n"
    "  EREMIT_QEMU=PATH    QEMU binary for --qemu (default: qemu-system-x86_64 from PATH)\n"
    "  EREMIT_NO_KVM=1     with --qemu, use TCG even when /dev/kvm works\n"
    "\n"
    "QEMU mode: the image is booted with -kernel (it needs a PVH note) and qboot,\n"
    "under KVM when /dev/kvm is usable, else TCG. The application's stdout and\n"
    "stderr arrive through COM1 and COM2, the kernel log and exit status through\n"
    "COM3; the monitor separates them again, so both modes look the same.\n"
    "--pin pins QEMU's vCPU threads (\"CPU N/KVM\") once they appear, and QEMU as a\n"
    "whole to the pinned CPUs; --stats reports only the wall time; --timeout\n"
    "kills QEMU.\n"
    "\n"
    "Exit status:\n"
    "  0..255  the application's exit status (128+N: the kernel killed it with signal N)\n"
    "  125     usage or configuration error, or the image cannot be loaded\n"
    "  124     the guest did not exit within --timeout SECONDS\n"
    "  123     bad hypercall: unknown number, bad access to the hypercall page,\n"
    "          I/O port access or MMIO outside guest memory\n"
    "  122     the guest crashed without exiting (triple fault, halt with\n"
    "          interrupts off, QEMU ended without the kernel's exit report)\n"
    "  121     VM entry failed or internal KVM error\n"
    "  120     other internal error of the monitor\n"
    "Codes 120..125 are also valid application statuses; the monitor's own are\n"
    "always accompanied by an \"eremit: \" message on stderr.\n";

const char *hv_parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return "not a size";
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return "too large";
		v = v * 10 + d;
	}
	switch (tolower((unsigned char)*p)) {
	case 'k':
		mul = 1ull << 10;
		p++;
		break;
	case 'm':
		mul = 1ull << 20;
		p++;
		break;
	case 'g':
		mul = 1ull << 30;
		p++;
		break;
	case 't':
		mul = 1ull << 40;
		p++;
		break;
	}
	if (mul > 1 && tolower((unsigned char)p[0]) == 'i' && tolower((unsigned char)p[1]) == 'b')
		p += 2;
	else if (tolower((unsigned char)*p) == 'b')
		p++;
	if (*p)
		return "not a size";
	if (v == 0)
		return "must not be zero";
	if (v > UINT64_MAX / mul)
		return "too large";
	*out = v * mul;
	return 0;
}

const char *hv_parse_seconds(const char *s, uint64_t *ns)
{
	uint64_t sec = 0, frac = 0, scale = 1000000000;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return "not a number of seconds";
	for (; isdigit((unsigned char)*p); p++) {
		if (sec > HV_TIMEOUT_MAX_S)
			return "too large";
		sec = sec * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return "not a number of seconds";
		for (; isdigit((unsigned char)*p); p++) {
			if (scale == 1)
				return "more than 9 decimals";
			scale /= 10;
			frac += (uint64_t)(*p - '0') * scale;
		}
	}
	if (*p)
		return "not a number of seconds";
	if (sec > HV_TIMEOUT_MAX_S || (sec == HV_TIMEOUT_MAX_S && frac))
		return "too large";
	if (sec == 0 && frac == 0)
		return "must not be zero";
	*ns = sec * 1000000000 + frac;
	return 0;
}

/* A positive decimal count without sign or junk. */
static int parse_count(const char *s, unsigned *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > 4096)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* "--mem 1K" but "HERMIT_MEM=1K", as the user wrote it. */
static const char *sep(const char *what)
{
	return what[0] == '-' ? " " : "=";
}

static int set_mem(struct hv_config *cfg, const char *what, const char *val)
{
	uint64_t v;
	const char *why = hv_parse_size(val, &v);

	if (why) {
		hv_err("%s%s%s: %s (expected e.g. 512M or 2G)", what, sep(what), val, why);
		return -1;
	}
	if (v < HV_MEM_MIN) {
		hv_err("%s%s%s: too small, the minimum is %lluM", what, sep(what), val,
		       HV_MEM_MIN >> 20);
		return -1;
	}
	if (v > HV_MEM_MAX) {
		hv_err("%s%s%s: too large, the maximum is %lluG", what, sep(what), val,
		       HV_MEM_MAX >> 30);
		return -1;
	}
	cfg->mem = (v + 0xfff) & ~0xfffull;
	return 0;
}

/* A TCP port, 1..65535, in decimal. */
static int set_gdb_port(struct hv_config *cfg, const char *val)
{
	unsigned long v = 0;
	const char *p = val;

	for (; isdigit((unsigned char)*p) && v <= 65535; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (p == val || *p || v == 0 || v > 65535) {
		hv_err("--gdb %s: not a TCP port (expected 1..65535)", val);
		return -1;
	}
	cfg->gdb_port = (unsigned)v;
	return 0;
}

static int set_cpus(struct hv_config *cfg, const char *what, const char *val)
{
	if (parse_count(val, &cfg->cpus) || cfg->cpus > EREMIT_MAX_CPUS) {
		hv_err("%s%s%s: not a number of vCPUs (expected 1..%u)", what, sep(what), val,
		       EREMIT_MAX_CPUS);
		return -1;
	}
	return 0;
}

/* After set_mem: every node needs a 2 MiB page of its own (see hv_boot_numa_layout). */
static int set_numa(struct hv_config *cfg, const char *what, const char *val)
{
	if (parse_count(val, &cfg->numa) || cfg->numa > EREMIT_MAX_NODES) {
		hv_err("%s%s%s: not a number of NUMA nodes (expected 1..%u)", what, sep(what), val,
		       EREMIT_MAX_NODES);
		return -1;
	}
	if (cfg->mem / cfg->numa < HV_NUMA_NODE_MIN) {
		hv_err("%s%s%s: %llu MiB of memory cannot give each node 2 MiB (at most %llu "
		       "nodes; give more --mem)",
		       what, sep(what), val, (unsigned long long)(cfg->mem >> 20),
		       (unsigned long long)(cfg->mem / HV_NUMA_NODE_MIN));
		return -1;
	}
	return 0;
}

static int set_verbose(struct hv_config *cfg, const char *what, const char *val)
{
	if (strcmp(val, "0") && strcmp(val, "1")) {
		hv_err("%s=%s: expected 0 or 1", what, val);
		return -1;
	}
	cfg->verbose = val[0] == '1';
	return 0;
}

static int set_stats(struct hv_config *cfg, const char *what, const char *val)
{
	if (strcmp(val, "0") && strcmp(val, "1")) {
		hv_err("%s=%s: expected 0 or 1", what, val);
		return -1;
	}
	cfg->stats = val[0] == '1';
	return 0;
}

/* HERMIT_PIN: 1 or 0, else a CPU list; "--pin" is 1 and "--pin=LIST" always a list. */
static int set_pin(struct hv_config *cfg, const char *what, const char *val)
{
	bool var = what[0] != '-';

	if (!*val) {
		hv_err("%s=: expected %sa list of host CPUs such as 0-3,8", what,
		       var ? "1, 0 or " : "");
		return -1;
	}
	cfg->pin_what = what;
	if (var && (!strcmp(val, "0") || !strcmp(val, "1"))) {
		cfg->pin = val[0] == '1' ? HV_PIN_AUTO : HV_PIN_OFF;
		return 0;
	}
	cfg->pin = HV_PIN_LIST;
	cfg->pin_list = val;
	return 0;
}

static int set_timeout(struct hv_config *cfg, const char *what, const char *val)
{
	const char *why = hv_parse_seconds(val, &cfg->timeout_ns);

	if (why) {
		hv_err("%s%s%s: %s (expected seconds, e.g. 10 or 0.5)", what, sep(what), val, why);
		return -1;
	}
	cfg->timeout_text = val;
	cfg->timeout_what = what;
	return 0;
}

static int add_mount(struct hv_config *cfg, const char *val)
{
	if (cfg->nmounts == HV_MAX_MOUNT_SPECS) {
		hv_err("--mount %s: too many mounts (at most %u)", val, HV_MAX_MOUNT_SPECS);
		return -1;
	}
	cfg->mounts[cfg->nmounts++] = (struct hv_mount_spec){val, "--mount"};
	return 0;
}

static int add_env(struct hv_config *cfg, const char *val)
{
	const char **env;

	if (!*val || *val == '=') {
		hv_err("--env %s: expected NAME=VALUE or NAME", val);
		return -1;
	}
	/* Doubling at powers of two: many --env options cost linear time. */
	if ((cfg->nenv & (cfg->nenv - 1)) == 0) {
		env = realloc(cfg->env, (cfg->nenv ? 2 * cfg->nenv : 1) * sizeof(*env));
		if (!env) {
			hv_err("--env: out of memory");
			return -1;
		}
		cfg->env = env;
	}
	cfg->env[cfg->nenv++] = val;
	return 0;
}

/* Settings as strings, so that options can override variables before either is checked. */
struct raw_settings {
	const char *mem, *mem_what;
	const char *cpus, *cpus_what;
	const char *numa, *numa_what;
	const char *verbose;
	const char *pin, *pin_what; /* pin_what "--pin" with pin NULL: --pin alone */
	const char *stats;
	const char *timeout, *timeout_what;
};

static int apply(struct hv_config *cfg, struct raw_settings *raw)
{
	if (!raw->mem && (raw->mem = getenv("HERMIT_MEM")))
		raw->mem_what = "HERMIT_MEM";
	if (!raw->cpus && (raw->cpus = getenv("HERMIT_CPUS")))
		raw->cpus_what = "HERMIT_CPUS";
	if (raw->mem && set_mem(cfg, raw->mem_what, raw->mem))
		return -1;
	if (raw->cpus && set_cpus(cfg, raw->cpus_what, raw->cpus))
		return -1;
	if (!raw->numa && (raw->numa = getenv("HERMIT_NUMA")))
		raw->numa_what = "HERMIT_NUMA";
	if (raw->numa && set_numa(cfg, raw->numa_what, raw->numa))
		return -1;
	if (!raw->pin_what && (raw->pin = getenv("HERMIT_PIN")))
		raw->pin_what = "HERMIT_PIN";
	if (raw->pin_what && !raw->pin)
		cfg->pin = HV_PIN_AUTO, cfg->pin_what = raw->pin_what;
	else if (raw->pin && set_pin(cfg, raw->pin_what, raw->pin))
		return -1;
	if (!raw->timeout && (raw->timeout = getenv("HERMIT_TIMEOUT")))
		raw->timeout_what = "HERMIT_TIMEOUT";
	if (raw->timeout && set_timeout(cfg, raw->timeout_what, raw->timeout))
		return -1;
	if (!cfg->stats && (raw->stats = getenv("HERMIT_STATS")) &&
	    set_stats(cfg, "HERMIT_STATS", raw->stats))
		return -1;
	if (!cfg->verbose && (raw->verbose = getenv("HERMIT_VERBOSE")))
		return set_verbose(cfg, "HERMIT_VERBOSE", raw->verbose);
	return 0;
}

/* Matches "--name VALUE" and "--name=VALUE"; advances *i past the value. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n])
		return 0;
	if (*i + 1 >= argc) {
		hv_err("%s needs a value (see eremit --help)", name);
		*val = 0;
		return 1;
	}
	*val = argv[++*i];
	return 1;
}

static int parse_options(struct hv_config *cfg, struct raw_settings *raw, int argc, char **argv,
			 int *i)
{
	for (*i = 1; *i < argc; ++*i) {
		const char *a = argv[*i], *val;

		if (strcmp(a, "--") == 0) {
			++*i;
			break;
		}
		if (a[0] != '-' || a[1] == 0)
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return 1;
		} else if (!strcmp(a, "--version")) {
			printf("eremit %s (guest ABI version %u)\n", HV_VERSION,
			       EREMIT_ABI_VERSION);
			return 1;
		} else if (!strcmp(a, "--verbose")) {
			cfg->verbose = true;
		} else if (!strcmp(a, "--qemu")) {
			cfg->qemu = true;
		} else if (!strcmp(a, "--stats")) {
			cfg->stats = true;
		} else if (opt_value(argc, argv, i, "--gdb", &val)) {
			if (!val || set_gdb_port(cfg, val))
				return -1;
		} else if (!strcmp(a, "--pin") || !strncmp(a, "--pin=", 6)) {
			/* No "--pin LIST": the word after --pin may be the image. */
			raw->pin = a[5] ? a + 6 : 0;
			raw->pin_what = "--pin";
		} else if (opt_value(argc, argv, i, "--timeout", &val)) {
			if (!val)
				return -1;
			raw->timeout = val;
			raw->timeout_what = "--timeout";
		} else if (opt_value(argc, argv, i, "--mem", &val)) {
			if (!val)
				return -1;
			raw->mem = val;
			raw->mem_what = "--mem";
		} else if (opt_value(argc, argv, i, "--cpus", &val)) {
			if (!val)
				return -1;
			raw->cpus = val;
			raw->cpus_what = "--cpus";
		} else if (opt_value(argc, argv, i, "--numa", &val)) {
			if (!val)
				return -1;
			raw->numa = val;
			raw->numa_what = "--numa";
		} else if (opt_value(argc, argv, i, "--mount", &val)) {
			if (!val || add_mount(cfg, val))
				return -1;
		} else if (opt_value(argc, argv, i, "--env", &val)) {
			if (!val || add_env(cfg, val))
				return -1;
		} else if (!strcmp(a, "--clear-env")) {
			cfg->clear_env = true;
		} else {
			hv_err("unknown option %s (see eremit --help)", a);
			return -1;
		}
	}
	return 0;
}

int hv_config_parse(struct hv_config *cfg, int argc, char **argv)
{
	struct raw_settings raw = {0};
	int i, r;

	*cfg = (struct hv_config){.mem = HV_MEM_DEFAULT, .cpus = 1, .numa = 1};
	r = parse_options(cfg, &raw, argc, argv, &i);
	if (r)
		return r;
	if (apply(cfg, &raw))
		return -1;
	if (i >= argc) {
		hv_err("no IMAGE given (usage: eremit [OPTIONS] IMAGE [ARGS...]; see --help)");
		return -1;
	}
	cfg->image = argv[i];
	cfg->argc = argc - i - 1;
	cfg->argv = argv + i + 1;
	return 0;
}
