/* tzif.h - reading a TZif file (RFC 9636, which obsoletes RFC 8536) into a
 * zone's rules. */
#ifndef PROMO_SRC_TZIF_H
#define PROMO_SRC_TZIF_H

#include "alloc.h"
#include "zone.h"

#include <promo/status.h>

/* The largest TZif file read, in bytes. The largest zone of the tz
 * database is under 4 KiB with every transition to 2037 written out. */
#define PROMO_TZIF_MAX_BYTES ((size_t)256 * 1024)

/* Parses the `len` bytes at `data` into a new zone named `name` (copied),
 * one block from `a`, freed with promo_free. Version 1 files are read
 * from their 32-bit block; version 2 to 4 from their 64-bit block and
 * footer. Refused (PROMO_ERR_INVALID_ARGUMENT, a static reason in *why):
 * anything truncated, inconsistent or out of range, trailing bytes, an
 * unknown version, and files with leap seconds (the right/ zones count
 * TAI-like seconds, not the POSIX seconds of this library).
 * PROMO_ERR_NO_MEMORY if the block cannot be allocated. */
promo_status promo_tzif_parse(promo_zone **out, const promo_alloc *a,
                              const char *name, const unsigned char *data,
                              size_t len, const char **why);

#endif
