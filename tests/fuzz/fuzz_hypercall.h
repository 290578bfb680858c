/* SPDX-License-Identifier: MIT */
/* The input format of fuzz_hypercall, shared with its seed generator (hc_seeds.c). */
#ifndef FUZZ_HYPERCALL_H
#define FUZZ_HYPERCALL_H

/*
 * An input is a header of FUZZ_HC_CALLS call records of FUZZ_HC_RECORD bytes,
 * then the guest memory image, copied to guest-physical 0 of a zeroed
 * FUZZ_HC_MEM_SIZE RAM. A short input has as many calls as whole records; a
 * record whose first byte is FUZZ_HC_END ends the list.
 *
 * Record bytes: r[0] = mode << 6 | sel, v = r[1] | r[2] << 8 | r[3] << 16.
 * sel below FUZZ_HC_NR_KNOWN is the hypercall number; above, sel modulo
 * FUZZ_HC_NR_KNOWN, except FUZZ_HC_NR_MASK: an unknown number (v). The mode
 * says where the argument block is:
 *   FUZZ_HC_ARG_BLOCK  8 * (v & 0xffff), always aligned and inside RAM
 *   FUZZ_HC_ARG_TOP    FUZZ_HC_MEM_SIZE - (v & 0xffff), near the end of RAM
 *   FUZZ_HC_ARG_WILD   v << 40 | v, almost always outside RAM
 *   FUZZ_HC_ARG_MMIO   8 * (v & 0xffff), stored as KVM would report the
 *                      store, through hv_mmio_decode: at offset
 *                      8 * sel + (r[3] & 7) of the hypercall page
 *                      (+ FUZZ_HC_MMIO_FAR with r[3] & 0x80; that
 *                      offset + 1 below the page with r[3] & 0x20), 4
 *                      bytes long with r[3] & 8 (else 8), a load with
 *                      r[3] & 0x10.
 */
#define FUZZ_HC_MEM_SIZE (1u << 20)
#define FUZZ_HC_RECORD	 4u
#define FUZZ_HC_CALLS	 32u
#define FUZZ_HC_HEADER	 (FUZZ_HC_RECORD * FUZZ_HC_CALLS)
#define FUZZ_HC_END	 0xffu

#define FUZZ_HC_NR_MASK	 0x1fu
#define FUZZ_HC_NR_KNOWN 19u /* EREMIT_HC_LINK + 1 */

enum fuzz_hc_mode { FUZZ_HC_ARG_BLOCK, FUZZ_HC_ARG_TOP, FUZZ_HC_ARG_WILD, FUZZ_HC_ARG_MMIO };

#define FUZZ_HC_MMIO_FAR   0xf80u /* pushes the store to the end of the page, or past it */
#define FUZZ_HC_MMIO_SHORT 0x08u
#define FUZZ_HC_MMIO_LOAD  0x10u
#define FUZZ_HC_MMIO_BELOW 0x20u

#endif /* FUZZ_HYPERCALL_H */
