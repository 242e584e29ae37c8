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
 * fields are never added, so it needs no version. Strings are NUL-terminated
 * UTF-8 (the file name is the bytes given), truncated if they do not fit.
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

/*
 * Loads a catalog from the JSON file at `path` into a new catalog in *out.
 * A campaign's codes_file is resolved against the directory of `path` and
 * read one line at a time, never whole. `allocator` may be NULL (malloc); the
 * catalog keeps using it (see promo_catalog_builder_new).
 *
 * Returns PROMO_OK; PROMO_ERR_INVALID_ARGUMENT when a file cannot be read or
 * holds anything the format or the library refuses (malformed JSON, a missing,
 * unknown or mistyped key, an unknown time zone, region or currency, a bad or
 * duplicate code, ...); PROMO_ERR_NO_MEMORY. On failure *out is left alone
 * and, when `error` is not NULL, *error says where and what.
 */
PROMO_JSON_EXTERN promo_status promo_json_load_catalog(
    promo_catalog **out, const char *path, const promo_allocator *allocator,
    promo_json_error *error);

/*
 * The same from `length` bytes of JSON at `text` (need not be
 * NUL-terminated); `name` (NULL: "<string>") names it in errors. A
 * relative codes_file is resolved against the directory `base_dir` ("": the
 * current directory); when `base_dir` is NULL, a catalog that names a
 * codes_file is refused, so that bindings and fuzzers never touch the file
 * system unless they mean to.
 */
PROMO_JSON_EXTERN promo_status promo_json_parse_catalog(
    promo_catalog **out, const char *text, size_t length, const char *name,
    const char *base_dir, const promo_allocator *allocator,
    promo_json_error *error);

/*
 * Loads an order from the JSON file at `path` ("-": standard input) into a
 * new order on `catalog` in *out (it holds a reference to the catalog: free
 * the two in any order). Returns as promo_json_load_catalog() does; an
 * unknown country, currency, time zone or term, a count below 1, a negative
 * price, a placed_at that is not RFC 3339, or an amount that overflows is
 * PROMO_ERR_INVALID_ARGUMENT, pointed at the value.
 */
PROMO_JSON_EXTERN promo_status promo_json_load_order(promo_order **out,
                                                     promo_catalog *catalog,
                                                     const char *path,
                                                     promo_json_error *error);

/* The same from `length` bytes of JSON at `text`; `name` (NULL: "<string>")
 * names it in errors. */
PROMO_JSON_EXTERN promo_status promo_json_parse_order(
    promo_order **out, promo_catalog *catalog, const char *text, size_t length,
    const char *name, promo_json_error *error);

/* Flags of the result writer. The values are pinned, like the statuses'. */
#define PROMO_JSON_PRETTY 0u  /* the layout of the README (default) */
#define PROMO_JSON_COMPACT 1u /* one line, no spaces */

/*
 * Renders `result`, the outcome of promo_apply() on `order`, as the JSON
 * object the `promo check` command prints, into a new NUL-terminated string
 * in *out (free it with promo_json_free()), and its length, NUL excluded, in
 * *length when that is not NULL. Keys: status, code, campaign, message,
 * (reason,) currency, subtotal, discount, total, lines, in that order.
 * `message` is promo_status_message(status, locale). `code` is null when the
 * code failed rule R1's syntax; `campaign` is absent when the code was not
 * found; "reason" keys appear only when a host validator gave one. Times are
 * RFC 3339 in UTC ("2027-03-31T21:30:00Z"). No trailing newline.
 *
 * Returns PROMO_OK; PROMO_ERR_INVALID_ARGUMENT for NULL arguments, unknown
 * flags, or a result whose lines are not the order's; PROMO_ERR_NO_MEMORY.
 * Does not change the result or the order; *out is set only on PROMO_OK.
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
