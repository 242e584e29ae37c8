/*
 * promo/common.h - export macro, version, allocator.
 *
 * Included by every other libpromo header; users include <promo/promo.h>.
 * Everything here is constant data or pure functions: thread-safe.
 */
#ifndef PROMO_COMMON_H
#define PROMO_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* PROMO_EXTERN marks the public API. The library is compiled with hidden
 * visibility, so only what carries this macro is exported. */
#if defined(_WIN32) && defined(PROMO_SHARED)
#if defined(PROMO_BUILDING)
#define PROMO_EXTERN __declspec(dllexport)
#else
#define PROMO_EXTERN __declspec(dllimport)
#endif
#elif defined(__GNUC__) && defined(PROMO_BUILDING)
#define PROMO_EXTERN __attribute__((visibility("default")))
#else
#define PROMO_EXTERN
#endif

/* The library version. CMake reads these three lines; keep them simple. */
#define PROMO_VERSION_MAJOR 0
#define PROMO_VERSION_MINOR 2
#define PROMO_VERSION_PATCH 0
#define PROMO_VERSION_NUMBER                                                   \
  (PROMO_VERSION_MAJOR * 10000 + PROMO_VERSION_MINOR * 100 +                   \
   PROMO_VERSION_PATCH)

/* The version of the library actually linked, "MAJOR.MINOR.PATCH". Compare
 * with the macros above to detect a header/library mismatch. */
PROMO_EXTERN const char *promo_version(void);

/* The linked library's version as MAJOR * 10000 + MINOR * 100 + PATCH. */
PROMO_EXTERN unsigned promo_version_number(void);

/*
 * A caller-supplied allocator, in the manner of zstd's customMem. Pass NULL
 * wherever one is asked for to use malloc/realloc/free. All three functions
 * must be set; they receive `ctx` as their first argument and must be safe to
 * call from every thread that uses the objects built with them.
 *
 * The struct is frozen: fields are never added, so it needs no version.
 * ICU's internal allocations (time zones, calendars) use ICU's own allocator;
 * a failure there is reported as PROMO_ERR_NO_MEMORY all the same.
 */
typedef struct promo_allocator {
  void *(*malloc_fn)(void *ctx, size_t size);
  void *(*realloc_fn)(void *ctx, void *ptr, size_t size);
  void (*free_fn)(void *ctx, void *ptr);
  void *ctx;
} promo_allocator;

#ifdef __cplusplus
}
#endif

#endif /* PROMO_COMMON_H */
