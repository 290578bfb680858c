/* SPDX-License-Identifier: MIT */
/*
 * <endian.h> as glibc spells it, for config/linux/ptrlock.c: newlib has only
 * <machine/endian.h>, with single-underscore names.
 */
#ifndef GOMP_EREMIT_ENDIAN_H
#define GOMP_EREMIT_ENDIAN_H 1

#include <machine/endian.h>

#define __LITTLE_ENDIAN _LITTLE_ENDIAN
#define __BIG_ENDIAN	_BIG_ENDIAN
#define __BYTE_ORDER	_BYTE_ORDER

#endif /* GOMP_EREMIT_ENDIAN_H */
