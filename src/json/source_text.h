/* source_text.h - a whole JSON file, or standard input, in memory. */
#ifndef PROMO_JSON_SRC_SOURCE_TEXT_H
#define PROMO_JSON_SRC_SOURCE_TEXT_H

#include <promo/json.h>

/* The name errors give standard input. */
#define PJ_STDIN_NAME "<stdin>"

/* Reads all of `path` ("-" with allow_stdin: standard input) into a new
 * scratch buffer in *text (NUL-terminated, *length bytes before the NUL;
 * free it with pj_scratch_free). `path` must be a regular file; standard
 * input may be anything, a pipe included. More than `limit` bytes is
 * refused ("too large: over the limit of N bytes for `what`"), without
 * reading further. `name` names the file in errors. Returns PROMO_OK,
 * PROMO_ERR_INVALID_ARGUMENT (cannot be read, not regular, too large) or
 * PROMO_ERR_NO_MEMORY. */
promo_status pj_read_source(char **text, size_t *length, const char *path,
                            bool allow_stdin, const char *name, size_t limit,
                            const char *what, promo_json_error *error);

/* A short, static description of the errno value `err` of a failed open
 * or read, for the user (strerror's texts, without its static buffer). */
const char *pj_io_reason(int err);

#endif
