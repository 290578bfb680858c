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
    "host environment is passed on as the application's environment.\n"
    "Options end at the first non-option argument or at \"--\".\n"
    "\n"
    "Options:\n"
    "  --mem SIZE      guest memory (default 512M; minimum 32M, maximum 512G).\n"
    "                  SIZE is bytes with an optional K, M, G or T suffix (any case,\n"
    "                  B or iB may follow); it is rounded up to 4 KiB.\n"
    "  --cpus N        number of vCPUs (default 1; only 1 is supported so far)\n"
    "  --verbose       print the kernel log and monitor diagnostics on stderr\n"
    "  --qemu          run the image under qemu-system-x86_64 instead of KVM directly\n"
    "  -h, --help      print this help and exit\n"
    "  --version       print the version and exit\n"
    "\n"
    "Environment (options take precedence):\n"
    "  HERMIT_MEM=SIZE     like --mem\n"
    "  HERMIT_CPUS=N       like --cpus\n"
    "  HERMIT_VERBOSE=0|1  like --verbose\n"
    "  EREMIT_QEMU=PATH    QEMU binary for --qemu (default: qemu-system-x86_64 from PATH)\n"
    "  EREMIT_NO_KVM=1     with --qemu, use TCG even when /dev/kvm works\n"
    "\n"
    "QEMU mode: the image is booted with -kernel (it needs a PVH note) and qboot,\n"
    "under KVM when /dev/kvm is usable, else TCG. The application's stdout and\n"
    "stderr arrive through COM1 and COM2, the kernel log and exit status through\n"
    "COM3; the monitor separates them again, so both modes look the same.\n"
    "\n"
    "Exit status:\n"
    "  0..255  the application's exit status (128+N: the kernel killed it with signal N)\n"
    "  125     usage or configuration error, or the image cannot be loaded\n"
    "  124     (reserved for --timeout)\n"
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

static int set_cpus(struct hv_config *cfg, const char *what, const char *val)
{
	if (parse_count(val, &cfg->cpus)) {
		hv_err("%s%s%s: not a number of vCPUs (expected 1)", what, sep(what), val);
		return -1;
	}
	if (cfg->cpus != 1) {
		hv_err("%s%s%s: only 1 vCPU is supported so far", what, sep(what), val);
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

/* Settings as strings, so that options can override variables before either is checked. */
struct raw_settings {
	const char *mem, *mem_what;
	const char *cpus, *cpus_what;
	const char *verbose;
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

	*cfg = (struct hv_config){.mem = HV_MEM_DEFAULT, .cpus = 1};
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
