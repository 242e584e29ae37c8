/* options.h - reading a caller's promo_json_options, of any version. */
#ifndef PROMO_JSON_SRC_OPTIONS_H
#define PROMO_JSON_SRC_OPTIONS_H

#include <promo/json.h>

/* The caller's options (NULL: the defaults), of any version from 1 to the
 * current one, as a current struct in *out: fields its version lacks get
 * their defaults. PROMO_ERR_INVALID_ARGUMENT, with *error filled (`name`
 * as its file), for an unknown version or a limit of 0 or over
 * PROMO_JSON_MAX_FILE_BYTES. */
promo_status pj_options_read(promo_json_options *out,
                             const promo_json_options *in, const char *name,
                             promo_json_error *error);

#endif
