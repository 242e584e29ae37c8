/*
 * promo/zones.h - where time zone rules come from: the system's IANA time
 * zone database, read by the library itself.
 *
 * R2 (a campaign's days in its zone) and R7 (a term counted in the order's
 * zone) use the zone rules of a promo_zones: the TZif files (RFC 9636) of
 * one directory, /usr/share/zoneinfo unless told otherwise. The operating
 * system keeps that directory current (Debian's `tzdata` package), so a
 * government's new rules reach checkouts with the next package update, not
 * the next ICU release. Each zone's file is read once, the first time the
 * zone is asked for, and kept read-only until the promo_zones is freed: a
 * process sees tzdata updates in promo_zones objects it creates after them.
 *
 * A zone id is accepted when the directory holds a TZif file of that name:
 * every zone and link of the database ("Europe/Amsterdam", "US/Eastern",
 * "Etc/GMT-14"), spelled exactly (case matters). Ids only ICU knows ("PST",
 * "ACT", "SystemV/AST4") are refused, as are the posix/ and right/ copies,
 * "posixrules", "localtime", "leapseconds" and every file that is not a
 * zone. "UTC" is built in: it needs no file, and is the default zone.
 *
 * Every catalog builder uses one: the one given to
 * promo_catalog_builder_set_zones(), or else one it creates on first need
 * with the default options. The catalog it builds, and every order made on
 * that catalog, use the same.
 *
 * Thread-safety: a promo_zones may be used by any number of threads at once;
 * loading a zone on first use is safe under concurrency (it is published
 * atomically; two threads asking at once may both read the file, and one
 * copy is kept). It is reference-counted: a builder and a catalog hold
 * their own reference, so the caller may free its own at any time.
 */
#ifndef PROMO_ZONES_H
#define PROMO_ZONES_H

#include "common.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct promo_zones promo_zones;

/* Where zone files are read from when neither the options nor TZDIR say. */
#define PROMO_ZONES_DEFAULT_DIRECTORY "/usr/share/zoneinfo"

#define PROMO_ZONES_OPTIONS_VERSION 1

typedef struct promo_zones_options {
  unsigned int version; /* PROMO_ZONES_OPTIONS_VERSION */
  /* The tz database directory. NULL: the environment variable TZDIR when it
   * is set and not empty (as the C library does), else
   * PROMO_ZONES_DEFAULT_DIRECTORY. */
  const char *directory;
  /* NULL: malloc. Copied. */
  const promo_allocator *allocator;
} promo_zones_options;

#define PROMO_ZONES_OPTIONS_INIT                                               \
  { PROMO_ZONES_OPTIONS_VERSION, NULL, NULL }

/* Fills *options with the defaults of `version` (1 to
 * PROMO_ZONES_OPTIONS_VERSION). */
PROMO_EXTERN promo_status promo_zones_options_init(promo_zones_options *options,
                                                   unsigned int version);

/*
 * Creates in *out a zones object reading the directory the options name
 * (options may be NULL: the defaults). It opens the directory, and keeps
 * it open (one file descriptor, close-on-exec) until the object is freed,
 * so that zones are read from the directory it found even if the path is
 * later replaced; it reads the database's version from its tzdata.zi. No
 * zone is read yet.
 *
 * A directory that cannot be opened is not refused here, so that a host
 * whose campaigns and orders all use "UTC" runs without a database: the
 * object is made, promo_zones_error() says what is wrong, and every zone but
 * "UTC" is then refused with a message that names the directory.
 *
 * PROMO_ERR_INVALID_ARGUMENT for a NULL `out`, an unknown options version,
 * an allocator that lacks a function, or an empty directory string;
 * PROMO_ERR_NO_MEMORY.
 */
PROMO_EXTERN promo_status promo_zones_new(promo_zones **out,
                                          const promo_zones_options *options);

/* Drops the caller's reference; the rules live on while a builder or a
 * catalog still uses them. NULL is a no-op. */
PROMO_EXTERN void promo_zones_free(promo_zones *zones);

/* The directory zone files are read from, as given or found. */
PROMO_EXTERN const char *promo_zones_directory(const promo_zones *zones);

/* Where that directory came from: "options", "TZDIR" or "default". */
PROMO_EXTERN const char *promo_zones_directory_source(const promo_zones *zones);

/* The database's version ("2026f") from the first line of its tzdata.zi,
 * or NULL when it has none (or the directory could not be opened). */
PROMO_EXTERN const char *promo_zones_tzdata_version(const promo_zones *zones);

/* "" when the directory was opened; otherwise why not ("cannot open
 * /usr/share/zoneinfo: no such file or directory"). Constant for the
 * object's lifetime. */
PROMO_EXTERN const char *promo_zones_error(const promo_zones *zones);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_ZONES_H */
