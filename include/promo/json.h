/*
 * promo/json.h - libpromo_json: catalogs and orders from JSON, results to
 * JSON. The `promo` command and the language bindings are built on it;
 * checkout services that keep their catalog in JSON can use it directly.
 *
 * This is a second library (link promo::json, or pkg-config promo-json) on
 * top of libpromo; the core library itself has no JSON dependency. Include
 * <promo/json.h> explicitly: <promo/promo.h> does not pull it in.
 *
 * The file formats are those of the `promo` command (README.md, "The `promo`
 * command"). Every refusal of a loader is a "pointed" error: a promo_json_error
 * names the file, the line and column of the JSON value (or the codes_file
 * line) at fault, and says what is wrong. A loader never hands back a partial
 * catalog or order.
 *
 * Thread-safety: every function here is reentrant. Loading and writing may
 * run on many threads at once; the objects they produce follow the rules of
 * promo/catalog.h and promo/order.h. Temporary memory, and the string of
 * promo_json_result_string(), come from jansson's allocator (malloc unless
 * the program called json_set_alloc_funcs()); the catalog and the order
 * themselves use the allocator given to the catalog.
 */
#ifndef PROMO_JSON_H
#define PROMO_JSON_H

#include "promo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* PROMO_JSON_EXTERN marks the API of libpromo_json, as PROMO_EXTERN does for
 * libpromo (a separate macro, so that building libpromo_json exports its own
 * symbols and imports the core's). */
#if defined(_WIN32) && defined(PROMO_SHARED)
#if defined(PROMO_JSON_BUILDING)
#define PROMO_JSON_EXTERN __declspec(dllexport)
#else
#define PROMO_JSON_EXTERN __declspec(dllimport)
#endif
#elif defined(__GNUC__) && defined(PROMO_JSON_BUILDING)
#define PROMO_JSON_EXTERN __attribute__((visibility("default")))
#else
#define PROMO_JSON_EXTERN
#endif

/* The sizes of the two strings of a promo_json_error, NUL included. */
#define PROMO_JSON_ERROR_FILE_MAX 1024
#define PROMO_JSON_ERROR_TEXT_MAX 512

/* PROMO_JSON_ERROR_FILE_MAX and PROMO_JSON_ERROR_TEXT_MAX of the linked
 * library, for bindings that cannot read the macros. */
PROMO_JSON_EXTERN size_t promo_json_error_file_max(void);
PROMO_JSON_EXTERN size_t promo_json_error_text_max(void);

/*
 * Where a loader found something wrong, and what. The struct is frozen:
 * fields are never added, so it needs no version. Both strings are
 * NUL-terminated, printable UTF-8, safe to show on a terminal: every
 * character of input in them that does not show as itself is escaped
 * ("\u001b", "\n", "\xff" for a byte that is not UTF-8, "\\" for a
 * backslash), and an input value too long for its room is shortened after a
 * whole character, with "…"; the text of what is wrong is never cut.
 *
 *  file    the path given, "<stdin>" for "-", the resolved path of a
 *          codes_file, or the name given to a from-memory loader
 *  line    1-based; 0 when the error has no place in the file (the file
 *          cannot be read, out of memory)
 *  column  1-based, in Unicode characters as jansson counts them; 0 when
 *          there is no column
 *  text    what is wrong, e.g. "unknown key \"max_licence\" in a campaign"
 */
typedef struct promo_json_error {
  char file[PROMO_JSON_ERROR_FILE_MAX];
  size_t line;
  size_t column;
  char text[PROMO_JSON_ERROR_TEXT_MAX];
} promo_json_error;

/* Formats `error` as "FILE:LINE:COL: TEXT" (without ":COL" when the column
 * is 0, without ":LINE:COL" when the line is 0) into `buf` of `size` bytes,
 * NUL-terminated and truncated if need be, like snprintf. Returns the length
 * the whole text needs, NUL excluded. `buf` may be NULL when `size` is 0. */
PROMO_JSON_EXTERN size_t promo_json_error_format(char *buf, size_t size,
                                                 const promo_json_error *error);

/* Size limits of the files the loaders read, in bytes (see
 * promo_json_options). A file over its limit is refused before it is read
 * whole. No limit may exceed PROMO_JSON_MAX_FILE_BYTES (2 GiB - 1): jansson
 * counts positions in an int, and the errors must point right. */
#define PROMO_JSON_DEFAULT_MAX_CATALOG_BYTES ((size_t)256 * 1024 * 1024)
#define PROMO_JSON_DEFAULT_MAX_ORDER_BYTES ((size_t)16 * 1024 * 1024)
#define PROMO_JSON_MAX_FILE_BYTES ((size_t)0x7fffffff)

/*
 * Options of the loaders. Versioned: set it up with PROMO_JSON_OPTIONS_INIT
 * or promo_json_options_init(), then change the fields you need; fields
 * added later get their defaults. The loaders accept every version from 1
 * to PROMO_JSON_OPTIONS_VERSION and read a struct no further than its
 * version goes. NULL options mean the defaults.
 *
 *  codes_dir          the directory a catalog's codes_file is read from.
 *                     A codes_file is always a relative path, resolved
 *                     inside this directory: an absolute path, a ".." that
 *                     leaves it, a symbolic link that leads out of it
 *                     (absolute, or relative and leaving it) and anything
 *                     but a regular file are refused. NULL: the directory
 *                     of the catalog file for promo_json_load_catalog();
 *                     for promo_json_parse_catalog() a codes_file is then
 *                     refused, so that bindings and fuzzers never touch the
 *                     file system unless they mean to.
 *  max_catalog_bytes  the largest catalog file (JSON text) read, 1 to
 *                     PROMO_JSON_MAX_FILE_BYTES; default
 *                     PROMO_JSON_DEFAULT_MAX_CATALOG_BYTES (256 MiB). Codes
 *                     files are streamed and have no size limit: each of
 *                     their lines is read no further than a code can go.
 *  max_order_bytes    the largest order file, likewise; default
 *                     PROMO_JSON_DEFAULT_MAX_ORDER_BYTES (16 MiB).
 *  store              (version 2) the redemption store a loaded catalog
 *                     counts in (R11; promo/store.h), as
 *                     promo_catalog_builder_set_store() sets it: the
 *                     catalog takes a reference. NULL (the default): a new
 *                     in-memory store of its own.
 *  hints              (version 2) true: the catalog is built with its hint
 *                     index (promo_catalog_builder_set_hints()), which the
 *                     `hints` apply option needs. Default false.
 *
 * Version 1 has the first three fields, version 2 adds `store` and
 * `hints`. The strings are read during the call only.
 */
#define PROMO_JSON_OPTIONS_VERSION 2
typedef struct promo_json_options {
  unsigned int version;
  const char *codes_dir;
  size_t max_catalog_bytes;
  size_t max_order_bytes;
  promo_store *store;
  bool hints;
} promo_json_options;

#define PROMO_JSON_OPTIONS_INIT                                                \
  {                                                                            \
    PROMO_JSON_OPTIONS_VERSION, NULL, PROMO_JSON_DEFAULT_MAX_CATALOG_BYTES,    \
        PROMO_JSON_DEFAULT_MAX_ORDER_BYTES, NULL, false                        \
  }

/* Fills *options, a struct of `version` (1 to PROMO_JSON_OPTIONS_VERSION;
 * pass PROMO_JSON_OPTIONS_VERSION), with its defaults, writing no field a
 * struct of that version lacks. PROMO_ERR_INVALID_ARGUMENT for NULL,
 * version 0 or a version newer than the library. */
PROMO_JSON_EXTERN promo_status
promo_json_options_init(promo_json_options *options, unsigned int version);

/*
 * Loads a catalog from the JSON file at `path` into a new catalog in *out.
 * The file must be a regular file of at most options->max_catalog_bytes; a
 * campaign's codes_file is read from options->codes_dir (default: the
 * directory of `path`) one line at a time, never whole. `allocator` may be
 * NULL (malloc); the catalog keeps using it (see promo_catalog_builder_new).
 * Peak memory is the file's text, the catalog being built and one campaign
 * parsed at a time: the lists of campaigns and of their codes are read one
 * element after the other.
 *
 * Returns PROMO_OK; PROMO_ERR_INVALID_ARGUMENT when a file cannot be read,
 * is not a regular file or is over its limit, holds anything the format or
 * the library refuses (malformed JSON, a missing, unknown or mistyped key,
 * an unknown time zone, region or currency, a bad or duplicate code, ...),
 * or when the options are bad (unknown version, a limit of 0 or over
 * PROMO_JSON_MAX_FILE_BYTES); PROMO_ERR_NO_MEMORY. On failure *out is left
 * alone and, when `error` is not NULL, *error says where and what.
 */
PROMO_JSON_EXTERN promo_status promo_json_load_catalog(
    promo_catalog **out, promo_json_error *error, const char *path,
    const promo_allocator *allocator, const promo_json_options *options);

/*
 * The same from `length` bytes of JSON at `text` (need not be
 * NUL-terminated; at most options->max_catalog_bytes); `name` (NULL:
 * "<string>") names it in errors. A codes_file is read from
 * options->codes_dir ("": the current directory), and refused when that is
 * NULL.
 */
PROMO_JSON_EXTERN promo_status promo_json_parse_catalog(
    promo_catalog **out, promo_json_error *error, const char *text,
    size_t length, const char *name, const promo_allocator *allocator,
    const promo_json_options *options);

/*
 * Loads an order from the JSON file at `path` ("-": standard input, which
 * may be a pipe) into a new order on `catalog` in *out (it holds a
 * reference to the catalog: free the two in any order). The file must be a
 * regular file (or standard input) of at most options->max_order_bytes;
 * its lines are read one at a time. Returns as promo_json_load_catalog()
 * does; an unknown country, currency, time zone or term, a count below 1, a
 * negative price, a placed_at that is not RFC 3339, or an amount that
 * overflows is PROMO_ERR_INVALID_ARGUMENT, pointed at the value.
 */
PROMO_JSON_EXTERN promo_status promo_json_load_order(
    promo_order **out, promo_json_error *error, promo_catalog *catalog,
    const char *path, const promo_json_options *options);

/* The same from `length` bytes of JSON at `text` (at most
 * options->max_order_bytes); `name` (NULL: "<string>") names it in
 * errors. */
PROMO_JSON_EXTERN promo_status
promo_json_parse_order(promo_order **out, promo_json_error *error,
                       promo_catalog *catalog, const char *text, size_t length,
                       const char *name, const promo_json_options *options);

/* Flags of the result writer. The values are pinned, like the statuses'. */
#define PROMO_JSON_PRETTY 0u  /* the layout of the README (default) */
#define PROMO_JSON_COMPACT 1u /* one line, no spaces */

/*
 * Renders `result`, the outcome of promo_apply() on `order`, as the JSON
 * object the `promo check` command prints, into a new NUL-terminated string
 * in *out (free it with promo_json_free()), and its length, NUL excluded, in
 * *length when that is not NULL. Keys: status, code, campaign, message,
 * (hint,) (reason,) (reasons,) currency, subtotal, discount, total, lines,
 * in that order; a line: subscription, status, (reason,) (reasons,) and for
 * an accepted line discounted_licenses, discount, discount_ends.
 * `message` is promo_result_message(result, locale). `code` is null when the
 * code failed rule R1's syntax; `campaign` is absent when the code was not
 * found; "reason" keys appear only when a host validator gave one; "hint"
 * only when there is a customer hint (promo_result_customer_hint()), its
 * name; "reasons" only for an apply with the explain option, an array of
 * status names in check order (promo_result_reasons(), and each line's).
 * Times are RFC 3339 in UTC ("2027-03-31T21:30:00Z"). No trailing newline.
 *
 * The object is what the customer may see: for an apply with the anonymous
 * option, `status` is promo_result_customer_status(), and a refusal of a
 * code that exists reads exactly as a code that does not (no campaign, hint,
 * reason or reasons, every line with the customer status).
 *
 * Returns PROMO_OK; PROMO_ERR_INVALID_ARGUMENT for NULL arguments, unknown
 * flags, or a result whose lines are not the order's; PROMO_ERR_NO_MEMORY
 * when an allocation fails: the text is measured first, then written into
 * a block of exactly its size (jansson's allocator), and the message is
 * formatted once (the result's allocator). Does not change the result or
 * the order; *out is set only on PROMO_OK.
 */
PROMO_JSON_EXTERN promo_status promo_json_result_string(
    char **out, size_t *length, const promo_result *result,
    const promo_order *order, const char *locale, unsigned int flags);

/* Frees a string from promo_json_result_string(). NULL is a no-op. */
PROMO_JSON_EXTERN void promo_json_free(char *text);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_JSON_H */
