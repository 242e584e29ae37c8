/*
 * promo/compiled.h - compiled catalogs: a built catalog written to one file,
 * and opened again by mapping that file read-only.
 *
 * Loading a catalog of ten million codes from JSON or a codes file takes
 * seconds (every code is read, checked and hashed); opening its compiled
 * file takes milliseconds: the code index is served straight from the
 * mapping, with no work per code. A service compiles once (`promo compile
 * CATALOG.json -o CATALOG.promo`, or promo_catalog_write()) and every
 * process opens the result.
 *
 * The file (format version PROMO_COMPILED_FORMAT_VERSION) holds everything
 * the catalog was built from but the things that belong to the machine that
 * opens it: its store (R11's counts) and its time zone rules. Zone ids are
 * resolved, and the campaigns' redemption windows (R2) computed, at open,
 * from the opener's tz database; currencies are checked against the
 * opener's ICU, as promo_catalog_build() checks them, and so are regions
 * (R3) unless the opener's ICU, CLDR data and libpromo are the writer's:
 * then the countries the file says each region holds are used as they
 * are, without loading ICU's region data. A catalog
 * opened from a file is an ordinary promo_catalog (same calls, same
 * thread-safety, see promo/catalog.h); promo_catalog_release() unmaps it.
 *
 * Integrity. The file starts with a magic number, a byte-order tag and the
 * format version, and carries a 64-bit checksum of its header and one of
 * each section. promo_catalog_open() always checks the header, the
 * campaigns' section (ids, discounts, dates, zones, regions, products,
 * caps) and the code index's sizes, and refuses a truncated, foreign,
 * corrupted, future-version or other-byte-order file with
 * PROMO_ERR_INVALID_ARGUMENT and a message saying which. The code index
 * itself (the bulk of the file) is checked byte for byte only with
 * `verify`: that reads the whole file, which is the cost opening avoids.
 * Without it, every lookup still stays inside the mapping's bounds, so a
 * damaged index can answer "not found" or a wrong campaign for the damaged
 * codes but never read outside the file: verify a file once after copying
 * it (promo_catalog_write() verifies what it wrote).
 *
 * Replacing a file. A mapped file must not be rewritten or truncated in
 * place while a process has it open (the process would fault reading the
 * missing pages). promo_catalog_write() never does: it writes a new file
 * beside the target and renames it over the target, so processes holding
 * the old catalog keep reading the old file. Copy files into place the same
 * way (write, then rename).
 *
 * The file stores the catalog's hash key (promo/catalog.h, hash.h): it is
 * as secret as the codes the file also holds.
 */
#ifndef PROMO_COMPILED_H
#define PROMO_COMPILED_H

#include "catalog.h"
#include "common.h"
#include "status.h"
#include "store.h"
#include "zones.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The format version this library writes, and the newest it opens. */
#define PROMO_COMPILED_FORMAT_VERSION 1

/* The first eight bytes of every compiled catalog (as PNG does: a byte no
 * text file starts with, and CR LF to catch a transfer that rewrote line
 * ends). A JSON file never starts with 0x89, so one byte tells the formats
 * apart. */
#define PROMO_COMPILED_MAGIC "\x89PROMO\r\n"
#define PROMO_COMPILED_MAGIC_LEN 8

/* Why a file could not be written or opened: NUL-terminated printable
 * UTF-8, "CATALOG.promo: truncated: 4096 bytes, the header says 81920".
 * Frozen: it never grows, so it needs no version. */
#define PROMO_FILE_ERROR_MAX 512
typedef struct promo_file_error {
  char text[PROMO_FILE_ERROR_MAX];
} promo_file_error;

/* How promo_catalog_open() makes the catalog. Versioned: set `version` with
 * PROMO_OPEN_OPTIONS_INIT or promo_open_options_init(). */
#define PROMO_OPEN_OPTIONS_VERSION 1
typedef struct promo_open_options {
  unsigned int version;
  /* The catalog's allocator (copied), as for promo_catalog_builder_new();
   * NULL: malloc. */
  const promo_allocator *allocator;
  /* The time zones the campaigns' zones are resolved in (a reference is
   * taken); NULL: the default zones (TZDIR, else /usr/share/zoneinfo). */
  promo_zones *zones;
  /* Where the catalog counts redemptions (a reference is taken); NULL: a
   * new in-memory store of its own. */
  promo_store *store;
  /* Also checks the code index and hint sections byte for byte against
   * their checksums: reads the whole file (tens of milliseconds for ten
   * million codes) instead of nothing of it. */
  bool verify;
} promo_open_options;

#define PROMO_OPEN_OPTIONS_INIT                                                \
  { PROMO_OPEN_OPTIONS_VERSION, NULL, NULL, NULL, false }

/* PROMO_OPEN_OPTIONS_VERSION of the linked library, for bindings. */
PROMO_EXTERN unsigned int promo_open_options_version(void);

/* Fills *options, a struct of `version` (1 to PROMO_OPEN_OPTIONS_VERSION),
 * with its defaults. PROMO_ERR_INVALID_ARGUMENT for NULL or another
 * version. */
PROMO_EXTERN promo_status promo_open_options_init(promo_open_options *options,
                                                  unsigned int version);

/*
 * Writes `catalog` (built, loaded from JSON or itself opened from a file)
 * to a compiled file at `path`: into a new file in the same directory,
 * flushed to disk (fsync), then renamed over `path`, so that `path` is
 * either the old file or the whole new one, never a part. Before the
 * rename the new file is opened with `verify` (every checksum read back)
 * and its counts compared with the catalog's. The file has the catalog's
 * campaigns, products, code index and, when it has one, its hint index; not its
 * store.
 *
 * Returns PROMO_OK; PROMO_ERR_INVALID_ARGUMENT for a NULL argument or a
 * file that cannot be written (the directory is missing or read-only, the
 * disk is full, ...); PROMO_ERR_NO_MEMORY. On failure no file is left
 * behind, `path` is as it was and, when `error` is not NULL, error->text
 * says why. Thread-safe (the catalog is only read).
 */
PROMO_EXTERN promo_status promo_catalog_write(const promo_catalog *catalog,
                                              const char *path,
                                              promo_file_error *error);

/*
 * Opens the compiled catalog at `path` into a new catalog in *out (one
 * reference, as promo_catalog_build() gives), mapping the file read-only.
 * `options` may be NULL (PROMO_OPEN_OPTIONS_INIT). No work per code: the
 * campaigns are checked and set up (their zones, windows, regions,
 * currencies, as promo_catalog_build() does), the code index is used where
 * it lies in the file.
 *
 * Returns PROMO_OK; PROMO_ERR_INVALID_ARGUMENT when the file cannot be
 * read, is not a regular file, or is not a whole, undamaged compiled
 * catalog of a format version this library knows and of this machine's
 * byte order, when a campaign names a time zone, region or currency this
 * machine does not know, or when the options are bad; PROMO_ERR_NO_MEMORY.
 * On failure *out is left alone and, when `error` is not NULL, error->text
 * says why.
 */
PROMO_EXTERN promo_status promo_catalog_open(promo_catalog **out,
                                             promo_file_error *error,
                                             const char *path,
                                             const promo_open_options *options);

/* Whether the catalog was opened from a compiled file (false for NULL). */
PROMO_EXTERN bool promo_catalog_is_mapped(const promo_catalog *catalog);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_COMPILED_H */
