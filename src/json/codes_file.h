/* codes_file.h - a campaign's bulk codes, one per line, streamed. */
#ifndef PROMO_JSON_SRC_CODES_FILE_H
#define PROMO_JSON_SRC_CODES_FILE_H

#include <promo/json.h>

/* How reading a codes file ended. */
typedef enum pj_codes_outcome {
  PJ_CODES_OK,         /* every code was added */
  PJ_CODES_UNREADABLE, /* the file cannot be opened or read: *reason */
  PJ_CODES_REFUSED     /* a line was refused: *error points at it */
} pj_codes_outcome;

/*
 * Adds every code of the codes file `relative`, opened inside the directory
 * `base_dir` by pj_open_confined() (a regular file, never outside it), to
 * campaign `c` of `builder`, through a fixed buffer: the file is never
 * held in memory, and a line is read no further than the first byte that
 * makes it too long for a code. A line ends with LF or CRLF; the last one
 * may lack it. Blank lines (empty, or only spaces and tabs) are skipped,
 * and so is a UTF-8 byte order mark at the very start. Anything else is a
 * code, byte for byte, which promo_campaign_add_codes() checks like any
 * other (R1, duplicates), 64 lines a call, all or nothing. The number of
 * codes added is stored in *added (after a refusal, those of the calls
 * before the refused line's); `display` names the file in errors.
 *
 * Returns PROMO_OK; otherwise the status, with *outcome saying whether the
 * file could not be opened or read (*reason, static) or a line was refused
 * (*error filled with `display`, its line, column 1 and the library's
 * reason).
 */
promo_status pj_codes_file_load(promo_campaign *c,
                                const promo_catalog_builder *builder,
                                const char *base_dir, const char *relative,
                                const char *display, size_t *added,
                                pj_codes_outcome *outcome, const char **reason,
                                promo_json_error *error);

#endif
