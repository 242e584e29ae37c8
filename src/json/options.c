/* options.c - the loaders' versioned options. */
#include "options.h"

#include "json_error.h"

#include <stddef.h>
#include <string.h>

/* How many bytes of promo_json_options each version has: a caller built
 * against an older header passes the shorter struct of its version, read
 * and written no further (see the same table in src/apply.c). When a field
 * is added, version N's entry becomes offsetof(the new field). */
static const size_t OPTIONS_SIZE[PROMO_JSON_OPTIONS_VERSION + 1] = {
    0, offsetof(promo_json_options, store), sizeof(promo_json_options)};

static bool version_known(unsigned int version) {
  return version >= 1 && version <= PROMO_JSON_OPTIONS_VERSION;
}

promo_status promo_json_options_init(promo_json_options *options,
                                     unsigned int version) {
  if (options == NULL || !version_known(version)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_json_options defaults = PROMO_JSON_OPTIONS_INIT;
  defaults.version = version;
  memcpy(options, &defaults, OPTIONS_SIZE[version]);
  return PROMO_OK;
}

static bool limit_ok(size_t limit) {
  return limit >= 1 && limit <= PROMO_JSON_MAX_FILE_BYTES;
}

promo_status pj_options_read(promo_json_options *out,
                             const promo_json_options *in, const char *name,
                             promo_json_error *error) {
  const promo_json_options defaults = PROMO_JSON_OPTIONS_INIT;
  *out = defaults;
  if (in == NULL) {
    return PROMO_OK;
  }
  if (!version_known(in->version)) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                    "unknown promo_json_options version %u (this library "
                    "knows 1 to %u)",
                    in->version, (unsigned)PROMO_JSON_OPTIONS_VERSION);
  }
  memcpy(out, in, OPTIONS_SIZE[in->version]);
  if (!limit_ok(out->max_catalog_bytes) || !limit_ok(out->max_order_bytes)) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                    "a file size limit must be 1 to %zu bytes",
                    (size_t)PROMO_JSON_MAX_FILE_BYTES);
  }
  return PROMO_OK;
}
