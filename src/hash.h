/* hash.h - the library's one string hash, keyed by a 64-bit seed.
 *
 * Why this hash: codes are 8 to 20 bytes long as a rule (64 at most), so
 * what matters is the cost of one short string, not throughput. One or two
 * overlapping 8-byte loads and two 64 x 64 -> 128-bit multiplies, each
 * folded (high half XOR low half), hash a code of up to 16 bytes in about
 * 20 instructions; longer strings take one more multiply per 16 bytes. It
 * is the structure of wyhash and of "mum" hashing, written anew here.
 *
 * Flooding: a customer's code is only ever looked up, never inserted, so
 * no customer input can lengthen a probe sequence or a bucket; the worst a
 * typed code can do is land in the longest bucket, whose length the
 * catalog's own codes fixed when it was built. The codes themselves may
 * come from a partner's list, and a list crafted to collide would slow the
 * build and every lookup in its buckets. So the catalog's hash is keyed:
 * each builder draws a secret 64-bit seed from the operating system
 * (getrandom), kept in the catalog, and both halves of every multiply are
 * XORed with words derived from it, so that nobody who does not know the
 * seed can aim codes at a bucket or zero a product. It is not a
 * cryptographic MAC; it does not need to be: the seed never leaves the
 * process, and one who could read it could read the codes too. Maps keyed by
 * the library's own data (campaign ids, SKUs, zone ids) use a fixed seed. */
#ifndef PROMO_SRC_HASH_H
#define PROMO_SRC_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The hash of the len bytes at data under `seed`. */
uint64_t promo_hash(uint64_t seed, const void *data, size_t len);

/* promo_hash() under the library's fixed seed, for maps that need no
 * secret. */
uint64_t promo_hash_bytes(const void *data, size_t len);

/* A checksum of the len bytes at data, for compiled catalog files
 * (compiled.c): against damage (a bit flipped, a block zeroed or lost in a
 * copy), not against someone who means to forge a file. Four independent
 * lanes, each adding up its words and their halves' products, so that it
 * runs at memory speed (about 8 bytes a cycle) instead of the chain of
 * dependent multiplies promo_hash() makes of a long input; a lane only ever
 * adds, so no word can erase what came before it. Its value is part of the
 * file format: changing it needs a new format version. */
uint64_t promo_checksum(const void *data, size_t len);

/* A seed nobody outside the process can predict: getrandom() where the
 * system has it, else the clock and addresses mixed (never fails). */
uint64_t promo_hash_random_seed(void);

#endif
