/* hash.c - a keyed hash for short strings (see hash.h for why this one). */
#include "hash.h"

#include <string.h>
#include <time.h>

#ifdef PROMO_HAVE_GETRANDOM /* CMake found it (src/CMakeLists.txt) */
#include <sys/random.h>
#endif

/* Odd constants with well-mixed bits (splitmix64's and the golden
 * ratio's). */
#define K0 UINT64_C(0x9e3779b97f4a7c15)
#define K1 UINT64_C(0xbf58476d1ce4e5b9)
#define K2 UINT64_C(0x94d049bb133111eb)
#define K3 UINT64_C(0xd6e8feb86659fd93)

/* The 128-bit product of a and b, its two halves XORed together. */
static uint64_t fold_mul(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__)
  __extension__ typedef unsigned __int128 u128;
  u128 p = (u128)a * b;
  return (uint64_t)p ^ (uint64_t)(p >> 64);
#else
  uint64_t a_lo = a & 0xffffffffu;
  uint64_t a_hi = a >> 32;
  uint64_t b_lo = b & 0xffffffffu;
  uint64_t b_hi = b >> 32;
  uint64_t lo_lo = a_lo * b_lo;
  uint64_t hi_lo = a_hi * b_lo;
  uint64_t lo_hi = a_lo * b_hi;
  uint64_t hi_hi = a_hi * b_hi;
  uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;
  uint64_t high = hi_hi + (hi_lo >> 32) + (cross >> 32);
  uint64_t low = (cross << 32) | (lo_lo & 0xffffffffu);
  return high ^ low;
#endif
}

static uint64_t load64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static uint64_t load32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

uint64_t promo_hash(uint64_t seed, const void *data, size_t len) {
  const unsigned char *p = data;
  /* Two secret words: neither multiply's operands can be chosen. */
  uint64_t s1 = seed ^ K1;
  uint64_t s2 = fold_mul(seed ^ K2, K0);
  uint64_t a = 0;
  uint64_t b = 0;
  if (len <= 16) {
    /* Up to 16 bytes in two loads that overlap when len < 16; the length,
     * mixed in below, tells apart strings that share those words. */
    if (len >= 8) {
      a = load64(p);
      b = load64(p + len - 8);
    } else if (len >= 4) {
      a = load32(p);
      b = load32(p + len - 4);
    } else if (len > 0) {
      a = ((uint64_t)p[0] << 16) | ((uint64_t)p[len >> 1] << 8) | p[len - 1];
    }
  } else {
    size_t n = len;
    while (n > 16) {
      s2 = fold_mul(load64(p) ^ s1, load64(p + 8) ^ s2);
      p += 16;
      n -= 16;
    }
    a = load64(p + n - 16);
    b = load64(p + n - 8);
  }
  return fold_mul(K3 ^ (uint64_t)len, fold_mul(a ^ s1, b ^ s2));
}

uint64_t promo_hash_bytes(const void *data, size_t len) {
  return promo_hash(K0, data, len);
}

uint64_t promo_checksum(const void *data, size_t len) {
  static const uint64_t lane_keys[4] = {K0, K1, K2, K3};
  const unsigned char *p = data;
  uint64_t acc[4] = {K3, K2, K1, K0};
  size_t n = len;
  uint64_t at = 0; /* keys each block by its place: blocks swapped differ */
  while (n >= 32) {
    for (unsigned i = 0; i < 4; i++) {
      uint64_t w = load64(p + (size_t)8 * i);
      uint64_t v = w ^ lane_keys[i] ^ at;
      /* The word itself, and the product of its keyed halves: a change
       * anywhere in the word changes the sum. */
      acc[i] += w + (v & 0xffffffffu) * (v >> 32);
    }
    at += K1;
    p += 32;
    n -= 32;
  }
  uint64_t h = fold_mul((uint64_t)len ^ K1, K2);
  for (unsigned i = 0; i < 4; i++) {
    h = fold_mul(h ^ acc[i], K0 ^ lane_keys[i]) + acc[i];
  }
  /* The last 0..31 bytes. */
  return fold_mul(h, K3) ^ promo_hash(h, p, n);
}

uint64_t promo_hash_random_seed(void) {
  uint64_t seed = 0;
#ifdef PROMO_HAVE_GETRANDOM
  if (getrandom(&seed, sizeof seed, 0) == (ssize_t)sizeof seed) {
    return seed;
  }
#endif
  /* No system randomness: what differs between processes and calls. */
  struct timespec now = {0, 0};
  (void)timespec_get(&now, TIME_UTC);
  uintptr_t here = (uintptr_t)&seed;
  seed = (uint64_t)now.tv_sec * K0 ^ (uint64_t)now.tv_nsec * K1 ^
         (uint64_t)here * K2 ^ (uint64_t)clock() * K3;
  return fold_mul(seed, K0) ^ seed;
}
