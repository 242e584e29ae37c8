"""The cffi description of libpromo for the `promo` package (API mode).

cffi compiles `SOURCE` with the real headers, so every declaration in `CDEF`
is checked by the C compiler against <promo/promo.h> and <promo/json.h>:
a struct whose layout changed, a function whose signature changed, or an
enum value that moved is a build error, never a crash at run time. The
structs end in `...;` so that cffi takes their layout from the compiler.

Used two ways:
  * by CMake, which asks for the C source only (``--emit-c FILE``) and
    compiles it against the libraries of the build tree;
  * by the in-tree build backend (``_build/promo_backend.py``), which has cffi
    compile it against an installed libpromo found with pkg-config.
"""

import sys

MODULE_NAME = "promo._native"

CDEF = r"""
typedef enum promo_status {
  PROMO_OK = 0,
  PROMO_ERR_CODE_NOT_FOUND = 1,
  PROMO_ERR_EXPIRED = 2,
  PROMO_ERR_NOT_YET_ACTIVE = 3,
  PROMO_ERR_WRONG_REGION = 4,
  PROMO_ERR_NOT_NEW_SUBSCRIPTION = 5,
  PROMO_ERR_ALREADY_HAS_PROMO = 6,
  PROMO_ERR_NOT_APPLICABLE = 7,
  PROMO_ERR_CURRENCY_MISMATCH = 8,
  PROMO_ERR_REDEMPTION_LIMIT = 9,
  PROMO_ERR_REJECTED_BY_HOST = 10,
  PROMO_ERR_INVALID_ARGUMENT = 11,
  PROMO_ERR_NO_MEMORY = 12,
  PROMO_ERR_MALFORMED_CODE = 13,
  PROMO_ERR_STORE_UNAVAILABLE = 14,
  ...
} promo_status;

typedef enum promo_term {
  PROMO_TERM_NONE = 0,
  PROMO_TERM_MONTHLY = 1,
  PROMO_TERM_ANNUAL = 2,
  PROMO_TERM_ANNUAL_PAID_MONTHLY = 3,
  ...
} promo_term;

typedef struct promo_allocator promo_allocator; /* always NULL: malloc */
typedef struct promo_catalog_builder promo_catalog_builder;
typedef struct promo_campaign promo_campaign;
typedef struct promo_catalog promo_catalog;
typedef struct promo_order promo_order;
typedef struct promo_result promo_result;
typedef struct promo_store promo_store;

/* store.h */
typedef struct promo_store_error {
  char text[...];
  ...;
} promo_store_error;
typedef struct promo_store_memory_options {
  unsigned int version;
  int64_t uncapped_retention;
  ...;
} promo_store_memory_options;
#define PROMO_STORE_MEMORY_OPTIONS_VERSION ...
promo_status promo_store_memory_options_init(
    promo_store_memory_options *options, unsigned int version);
promo_status promo_store_new_memory(promo_store **out,
                                    const promo_store_memory_options *options);
promo_store *promo_store_retain(promo_store *store);
void promo_store_release(promo_store *store);
int64_t promo_store_now(const promo_store *store);

/* common.h, status.h */
const char *promo_version(void);
unsigned promo_version_number(void);
unsigned int promo_status_count(void);
const char *promo_status_name(promo_status status);
const char *promo_status_message(promo_status status, const char *locale);

/* catalog.h */
size_t promo_code_max_bytes(void);
promo_status promo_catalog_builder_new(promo_catalog_builder **out,
                                       const promo_allocator *allocator);
void promo_catalog_builder_free(promo_catalog_builder *builder);
const char *promo_catalog_builder_error(const promo_catalog_builder *builder);
promo_status promo_catalog_builder_add_campaign(promo_campaign **out,
                                                promo_catalog_builder *builder,
                                                const char *id);
promo_status promo_campaign_set_percent_bps(promo_campaign *c, int64_t bps);
promo_status promo_campaign_set_amount(promo_campaign *c, int64_t amount,
                                       const char *currency);
promo_status promo_campaign_set_starts(promo_campaign *c, int year, int month,
                                       int day);
promo_status promo_campaign_set_ends(promo_campaign *c, int year, int month,
                                     int day);
promo_status promo_campaign_set_time_zone(promo_campaign *c, const char *zone);
promo_status promo_campaign_add_region(promo_campaign *c, const char *region);
promo_status promo_campaign_add_product(promo_campaign *c, const char *sku);
promo_status promo_campaign_set_max_licenses(promo_campaign *c, int64_t max);
promo_status promo_campaign_set_max_redemptions(promo_campaign *c,
                                                int64_t max);
promo_status promo_campaign_add_code(promo_campaign *c, const char *code,
                                     size_t len);
promo_status promo_catalog_builder_set_store(promo_catalog_builder *builder,
                                             promo_store *store);
promo_status promo_catalog_build(promo_catalog **out,
                                 promo_catalog_builder *builder);
void promo_catalog_release(promo_catalog *catalog);
size_t promo_catalog_campaign_count(const promo_catalog *catalog);
size_t promo_catalog_code_count(const promo_catalog *catalog);
promo_status promo_catalog_find_code(const char **campaign_id,
                                     const promo_catalog *catalog,
                                     const char *code, size_t len);
promo_store *promo_catalog_store(const promo_catalog *catalog);
typedef struct promo_redemptions {
  unsigned int version;
  int64_t redeemed;
  int64_t reserved;
  int64_t max_redemptions;
  ...;
} promo_redemptions;
#define PROMO_REDEMPTIONS_VERSION ...
promo_status promo_redemptions_init(promo_redemptions *r,
                                    unsigned int version);
promo_status promo_catalog_redemptions(promo_redemptions *out,
                                       const promo_catalog *catalog,
                                       const char *campaign_id,
                                       promo_store_error *error);

/* compiled.h */
typedef struct promo_file_error {
  char text[...];
  ...;
} promo_file_error;
typedef struct promo_open_options {
  unsigned int version;
  promo_store *store;
  bool verify;
  ...;
} promo_open_options;
#define PROMO_OPEN_OPTIONS_VERSION ...
promo_status promo_open_options_init(promo_open_options *options,
                                     unsigned int version);
promo_status promo_catalog_write(const promo_catalog *catalog,
                                 const char *path, promo_file_error *error);
promo_status promo_catalog_open(promo_catalog **out, promo_file_error *error,
                                const char *path,
                                const promo_open_options *options);
bool promo_catalog_is_mapped(const promo_catalog *catalog);

/* order.h */
const char *promo_term_name(promo_term term);
promo_status promo_order_new(promo_order **out, promo_catalog *catalog);
void promo_order_free(promo_order *order);
const char *promo_order_error(const promo_order *order);
promo_status promo_order_set_id(promo_order *order, const char *id);
promo_status promo_order_set_country(promo_order *order, const char *country);
promo_status promo_order_set_currency(promo_order *order,
                                      const char *currency);
promo_status promo_order_set_time_zone(promo_order *order, const char *zone);
promo_status promo_order_set_placed_at(promo_order *order,
                                       int64_t unix_seconds);
promo_status promo_order_set_completed(promo_order *order, bool completed);
promo_status promo_order_add_line(size_t *index, promo_order *order,
                                  const char *subscription,
                                  const char *product, bool is_new,
                                  promo_term term, int64_t licenses,
                                  int64_t unit_price);
promo_status promo_order_set_line_promo_code(promo_order *order, size_t index,
                                             const char *code, size_t len);
const char *promo_order_id(const promo_order *order);
const char *promo_order_country(const promo_order *order);
const char *promo_order_currency(const promo_order *order);
const char *promo_order_time_zone(const promo_order *order);
promo_status promo_order_placed_at(bool *is_set, int64_t *unix_seconds,
                                   const promo_order *order);
bool promo_order_completed(const promo_order *order);
size_t promo_order_line_count(const promo_order *order);
const char *promo_order_line_subscription(const promo_order *order,
                                          size_t index);
const char *promo_order_line_product(const promo_order *order, size_t index);
bool promo_order_line_is_new(const promo_order *order, size_t index);
promo_term promo_order_line_term(const promo_order *order, size_t index);
int64_t promo_order_line_licenses(const promo_order *order, size_t index);
int64_t promo_order_line_unit_price(const promo_order *order, size_t index);
const char *promo_order_line_promo_code(const promo_order *order,
                                        size_t index);
int64_t promo_order_subtotal(const promo_order *order);

/* apply.h */
size_t promo_reason_max(void);

typedef struct promo_validator {
  const char *name;
  promo_status (*check_order)(void *user_data, const promo_order *order,
                              const char *campaign_id, char *reason,
                              size_t reason_size);
  promo_status (*check_line)(void *user_data, const promo_order *order,
                             size_t line, const char *campaign_id,
                             char *reason, size_t reason_size);
  void *user_data;
  ...;
} promo_validator;

typedef enum promo_apply_then {
  PROMO_THEN_NOTHING = 0,
  PROMO_THEN_RESERVE = 1,
  PROMO_THEN_COMPLETE = 2,
  ...
} promo_apply_then;

typedef struct promo_apply_options {
  unsigned int version;
  const promo_validator *validators;
  size_t validator_count;
  bool dry_run;
  promo_apply_then then;
  int64_t reserve_ttl;
  ...;
} promo_apply_options;

#define PROMO_APPLY_OPTIONS_VERSION ...
unsigned int promo_apply_options_version(void);
promo_status promo_apply_options_init(promo_apply_options *options,
                                      unsigned int version);
promo_status promo_result_new(promo_result **out, const promo_allocator *allocator);
void promo_result_free(promo_result *result);
promo_status promo_apply(promo_result *result, promo_order *order,
                         const char *code, size_t code_len,
                         const promo_apply_options *options);
promo_status promo_order_reserve(promo_order *order, int64_t ttl_seconds);
promo_status promo_order_complete(promo_order *order);
promo_status promo_order_release(promo_order *order);
promo_status promo_order_refund(promo_order *order);

/* json.h */
typedef struct promo_json_error {
  char file[...];
  size_t line;
  size_t column;
  char text[...];
  ...;
} promo_json_error;

size_t promo_json_error_format(char *buf, size_t size,
                               const promo_json_error *error);
typedef struct promo_json_options {
  unsigned int version;
  const char *codes_dir;
  size_t max_catalog_bytes;
  size_t max_order_bytes;
  promo_store *store;
  ...;
} promo_json_options;
#define PROMO_JSON_OPTIONS_VERSION ...
promo_status promo_json_options_init(promo_json_options *options,
                                     unsigned int version);
promo_status promo_json_load_catalog(promo_catalog **out,
                                     promo_json_error *error, const char *path,
                                     const promo_allocator *allocator,
                                     const promo_json_options *options);
promo_status promo_json_parse_catalog(promo_catalog **out,
                                      promo_json_error *error,
                                      const char *text, size_t length,
                                      const char *name,
                                      const promo_allocator *allocator,
                                      const promo_json_options *options);
promo_status promo_json_load_order(promo_order **out, promo_json_error *error,
                                   promo_catalog *catalog, const char *path,
                                   const promo_json_options *options);
promo_status promo_json_parse_order(promo_order **out, promo_json_error *error,
                                    promo_catalog *catalog, const char *text,
                                    size_t length, const char *name,
                                    const promo_json_options *options);

/* The binding's own helpers (SOURCE below): an apply and the reading of
 * its whole result in one crossing of the FFI, into one buffer that the
 * Python side unpacks with the struct module (promo/_result.py). */
size_t promo_py_apply(char *buf, size_t cap, promo_result *result,
                      promo_order *order, const char *code, size_t code_len,
                      const promo_apply_options *options);
size_t promo_py_read(char *buf, size_t cap, const promo_result *result);

/* The PostgreSQL store (promo/pg.h) when the binding is built with
 * promo_pg (PROMO_PY_HAVE_PG), else a refusal that says so: one set of
 * declarations either way. */
bool promo_py_have_pg(void);
promo_status promo_py_pg_store_new(promo_store **out, const char *url,
                                   bool server_clock,
                                   int64_t statement_timeout_ms,
                                   int64_t connect_timeout_s, size_t pool_size,
                                   bool apply_schema,
                                   promo_store_error *error);

/* Host validators, implemented in Python (promo/_validators.py). */
extern "Python" promo_status _promo_py_check_order(void *user_data,
    const promo_order *order, const char *campaign_id, char *reason,
    size_t reason_size);
extern "Python" promo_status _promo_py_check_line(void *user_data,
    const promo_order *order, size_t line, const char *campaign_id,
    char *reason, size_t reason_size);
"""

SOURCE = r"""
#include <promo/promo.h>
#include <promo/json.h>

#include <stdio.h>
#include <string.h>

/*
 * A result as one buffer, so that Python reads it with one FFI call, one
 * struct unpack and one decode, instead of a call or an attribute access per
 * field (promo/_result.py reads it):
 *
 *   int64 head[PROMO_PY_HEAD]   status, line_count, subtotal, discount,
 *                               total, which strings are NULL (bit 0 code,
 *                               1 campaign, 2 currency)
 *   int64 line[line_count][PROMO_PY_LINE]
 *                               status, discounted_licenses, discount,
 *                               discount_ends
 *   code, campaign, currency, reason, error, then each line's reason: each
 *   string's bytes followed by a NUL (a NULL string is empty)
 *
 * Integers in native byte order. Returns the size the whole needs; when it
 * is more than `cap`, nothing is written.
 */
enum { PROMO_PY_HEAD = 6, PROMO_PY_LINE = 4, PROMO_PY_TEXTS = 5 };

static char *promo_py_put(char *at, int64_t value) {
  memcpy(at, &value, sizeof value);
  return at + sizeof value;
}

static char *promo_py_text(char *at, const char *text, size_t len) {
  if (len > 0) {
    memcpy(at, text, len);
  }
  at[len] = '\0';
  return at + len + 1;
}

static size_t promo_py_read(char *buf, size_t cap, const promo_result *r) {
  promo_result_info info;
  promo_result_get(&info, sizeof info, r);
  const char *texts[PROMO_PY_TEXTS] = {info.code, info.campaign,
                                       info.currency, info.reason, info.error};
  size_t lengths[PROMO_PY_TEXTS];
  size_t n = info.line_count;
  size_t need = (PROMO_PY_HEAD + n * PROMO_PY_LINE) * sizeof(int64_t);
  int64_t nulls = 0;
  for (size_t i = 0; i < PROMO_PY_TEXTS; i++) {
    lengths[i] = texts[i] == NULL ? 0 : strlen(texts[i]);
    nulls |= texts[i] == NULL ? (int64_t)1 << i : 0;
    need += lengths[i] + 1;
  }
  for (size_t i = 0; i < n; i++) {
    need += strlen(promo_result_line_reason(r, i)) + 1;
  }
  if (need > cap) {
    return need;
  }
  char *at = buf;
  at = promo_py_put(at, info.status);
  at = promo_py_put(at, (int64_t)n);
  at = promo_py_put(at, info.subtotal);
  at = promo_py_put(at, info.discount);
  at = promo_py_put(at, info.total);
  at = promo_py_put(at, nulls);
  for (size_t i = 0; i < n; i++) {
    at = promo_py_put(at, promo_result_line_status(r, i));
    at = promo_py_put(at, promo_result_line_discounted_licenses(r, i));
    at = promo_py_put(at, promo_result_line_discount(r, i));
    at = promo_py_put(at, promo_result_line_discount_ends(r, i));
  }
  for (size_t i = 0; i < PROMO_PY_TEXTS; i++) {
    at = promo_py_text(at, texts[i], lengths[i]);
  }
  for (size_t i = 0; i < n; i++) {
    const char *reason = promo_result_line_reason(r, i);
    at = promo_py_text(at, reason, strlen(reason));
  }
  return need;
}

#ifdef PROMO_PY_HAVE_PG
#include <promo/pg.h>

static bool promo_py_have_pg(void) { return true; }

static promo_status promo_py_pg_store_new(
    promo_store **out, const char *url, bool server_clock,
    int64_t statement_timeout_ms, int64_t connect_timeout_s, size_t pool_size,
    bool apply_schema, promo_store_error *error) {
  promo_pg_options options;
  promo_status st = promo_pg_options_init(&options, PROMO_PG_OPTIONS_VERSION);
  if (st != PROMO_OK) {
    return st;
  }
  options.server_clock = server_clock;
  options.statement_timeout_ms = statement_timeout_ms;
  options.connect_timeout_s = connect_timeout_s;
  options.pool_size = pool_size;
  options.apply_schema = apply_schema;
  return promo_pg_store_new(out, url, &options, error);
}
#else
static bool promo_py_have_pg(void) { return false; }

static promo_status promo_py_pg_store_new(
    promo_store **out, const char *url, bool server_clock,
    int64_t statement_timeout_ms, int64_t connect_timeout_s, size_t pool_size,
    bool apply_schema, promo_store_error *error) {
  (void)out; (void)url; (void)server_clock; (void)statement_timeout_ms;
  (void)connect_timeout_s; (void)pool_size; (void)apply_schema;
  snprintf(error->text, sizeof error->text, "%s",
           "this promo package was built without promo_pg (libpq): "
           "no PostgreSQL store");
  return PROMO_ERR_INVALID_ARGUMENT;
}
#endif

/* promo_apply, then promo_py_read. */
static size_t promo_py_apply(char *buf, size_t cap, promo_result *result,
                             promo_order *order, const char *code,
                             size_t code_len,
                             const promo_apply_options *options) {
  (void)promo_apply(result, order, code, code_len, options);
  return promo_py_read(buf, cap, result);
}
"""


def make_ffi(**kwargs):
    """The FFI builder; `kwargs` go to `set_source` (include_dirs, ...)."""
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(CDEF)
    ffi.set_source(MODULE_NAME, SOURCE, **kwargs)
    return ffi


def main(argv):
    if len(argv) != 3 or argv[1] != "--emit-c":
        sys.stderr.write("usage: promo_build.py --emit-c FILE.c\n")
        return 2
    make_ffi().emit_c_code(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
