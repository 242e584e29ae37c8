/* json_error.c - pointed errors: FILE:LINE:COL: what is wrong. */
#include "json_error.h"

#include "../quote.h"

#include <stdio.h>
#include <string.h>

promo_status pj_verror(promo_json_error *e, promo_status status,
                       const char *file, size_t line, size_t column,
                       const char *fmt, va_list ap) {
  if (e == NULL) {
    return status;
  }
  /* A file name is input too: a path given, or a codes_file. */
  (void)promo_quote(e->file, sizeof e->file, file == NULL ? "" : file,
                    file == NULL ? 0 : strlen(file));
  e->line = line;
  e->column = line == 0 ? 0 : column;
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
  (void)vsnprintf(e->text, sizeof e->text, fmt, ap);
  promo_trim_partial_char(e->text);
  return status;
}

promo_status pj_error(promo_json_error *e, promo_status status,
                      const char *file, size_t line, size_t column,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  promo_status st = pj_verror(e, status, file, line, column, fmt, ap);
  va_end(ap);
  return st;
}

promo_status pj_out_of_memory(promo_json_error *e, const char *file) {
  return pj_error(e, PROMO_ERR_NO_MEMORY, file, 0, 0, "out of memory");
}

void pj_error_clear(promo_json_error *e) {
  if (e != NULL) {
    memset(e, 0, sizeof *e);
  }
}

size_t promo_json_error_format(char *buf, size_t size,
                               const promo_json_error *error) {
  if (error == NULL) {
    if (buf != NULL && size > 0) {
      buf[0] = '\0';
    }
    return 0;
  }
  if (buf == NULL) {
    size = 0;
  }
  int n;
  if (error->line == 0) {
    n = snprintf(buf, size, "%s: %s", error->file, error->text);
  } else if (error->column == 0) {
    n = snprintf(buf, size, "%s:%zu: %s", error->file, error->line,
                 error->text);
  } else {
    n = snprintf(buf, size, "%s:%zu:%zu: %s", error->file, error->line,
                 error->column, error->text);
  }
  return n < 0 ? 0 : (size_t)n;
}

size_t promo_json_error_file_max(void) {
  return PROMO_JSON_ERROR_FILE_MAX;
}

size_t promo_json_error_text_max(void) {
  return PROMO_JSON_ERROR_TEXT_MAX;
}
