/* SPDX-License-Identifier: MIT */
/* The monitor's configuration: command-line options and HERMIT_* variables. */
#ifndef HV_CONFIG_H
#define HV_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#define HV_MEM_DEFAULT (512ull << 20)
#define HV_MEM_MIN     (32ull << 20)
/* One PML4 entry of boot page tables covers 512 GiB (the hypercall page above it has its own). */
#define HV_MEM_MAX (512ull << 30)
/* The least memory a NUMA node may have: one 2 MiB page. */
#define HV_NUMA_NODE_MIN (2ull << 20)

/* --mount HOST_DIR[:GUEST_DIR][:ro], as the user wrote it (checked by hostfs.c). */
struct hv_mount_spec {
	const char *text;
	const char *what; /* "--mount", for messages */
};
#define HV_MAX_MOUNT_SPECS 31 /* the host's working directory is the 32nd mount */

/*
 * Limits on what the guest's argv and environ may hold, together (argv[0]
 * and the NULs included). Linux allows about as much (ARG_MAX, 32 pages per
 * string); beyond them the monitor refuses to start.
 */
#define HV_ARGS_MAX_STRINGS 65536u
#define HV_ARGS_MAX_BYTES   (4ull << 20)

struct hv_config {
	uint64_t mem;	   /* guest RAM in bytes, a multiple of 4 KiB */
	unsigned cpus;	   /* vCPUs, 1..EREMIT_MAX_CPUS */
	unsigned numa;	   /* NUMA nodes, 1..EREMIT_MAX_NODES, each with >= HV_NUMA_NODE_MIN */
	bool verbose;	   /* forward the kernel log to stderr */
	bool qemu;	   /* run under QEMU instead of KVM */
	unsigned gdb_port; /* --gdb: serve gdb on 127.0.0.1:gdb_port first; 0: no */
	enum hv_pin_mode { HV_PIN_OFF, HV_PIN_AUTO, HV_PIN_LIST } pin;
	const char *pin_list;	  /* HV_PIN_LIST: host CPUs as given, checked by pin.c */
	const char *pin_what;	  /* "--pin" or "HERMIT_PIN", for messages */
	bool stats;		  /* print run statistics on exit */
	uint64_t timeout_ns;	  /* stop the guest after this long; 0: never */
	const char *timeout_text; /* SECONDS as given, for the message */
	const char *timeout_what; /* "--timeout" or "HERMIT_TIMEOUT" */
	struct hv_mount_spec mounts[HV_MAX_MOUNT_SPECS];
	unsigned nmounts;
	bool clear_env;		  /* --clear-env: start from an empty environment */
	const char **env;	  /* --env K=V or K, in order */
	unsigned nenv;
	const char *image;	  /* IMAGE as given: argv[0] of the guest */
	int argc;	   /* guest arguments after IMAGE */
	char *const *argv;
};

/*
 * Parses a size: a decimal number of bytes with an optional K, M, G or T
 * suffix (powers of 1024, any case, optionally followed by B or iB). Returns
 * NULL and sets *out, or a short reason ("not a size", "must not be zero",
 * "too large").
 */
const char *hv_parse_size(const char *s, uint64_t *out);

/* The largest --timeout, in seconds. */
#define HV_TIMEOUT_MAX_S 1000000000ull

/*
 * Parses a duration: decimal seconds, with up to 9 digits after an optional
 * point ("1", "0.5", "2.25"). Returns NULL and sets *ns, or a short reason
 * ("not a number of seconds", "must not be zero", "too large").
 */
const char *hv_parse_seconds(const char *s, uint64_t *ns);

/*
 * Fills cfg from argv and the environment (options win over variables).
 * Returns 0 to run, 1 when --help or --version was handled (exit 0), or -1
 * after printing an error (exit HV_STATUS_USAGE).
 */
int hv_config_parse(struct hv_config *cfg, int argc, char **argv);

#endif /* HV_CONFIG_H */
