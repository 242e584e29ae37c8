/* source_text.h - a whole JSON file, or standard input, in memory. */
#ifndef PROMO_JSON_SRC_SOURCE_TEXT_H
#define PROMO_JSON_SRC_SOURCE_TEXT_H

#include <promo/json.h>

#include <stdio.h>

/* The name errors give standard input. */
#define PJ_STDIN_NAME "<stdin>"

/* Reads all of `path` ("-" with allow_stdin: standard input) into a new
 * scratch buffer in *text (NUL-terminated, *length bytes before the NUL;
 * free it with pj_scratch_free).
 * `name` names the file in errors. Returns PROMO_OK,
 * PROMO_ERR_INVALID_ARGUMENT (cannot be read) or PROMO_ERR_NO_MEMORY. */
promo_status pj_read_source(char **text, size_t *length, const char *path,
                            bool allow_stdin, const char *name,
                            promo_json_error *error);

/* A short, static description of the errno value `err` of a failed read,
 * without strerror's static buffer. */
const char *pj_io_reason(int err);

#endif
