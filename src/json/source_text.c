/* source_text.c - reading a JSON file (or standard input) whole: jansson
 * parses it from memory, and the pointed errors scan it again. */
#include "source_text.h"

#include "json_error.h"
#include "scratch.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

const char *pj_io_reason(int err) {
  switch (err) {
  case ENOENT:
    return "no such file or directory";
  case EACCES:
    return "permission denied";
  case EISDIR:
    return "is a directory";
  case ENOTDIR:
    return "a component of the path is not a directory";
  case ENAMETOOLONG:
    return "file name too long";
  case EMFILE:
  case ENFILE:
    return "too many open files";
  case ENOMEM:
    return "out of memory";
  default:
    return "read error";
  }
}

/* Reads `f` to its end into a growing buffer. */
static promo_status read_all(FILE *f, char **text, size_t *length,
                             const char *name, promo_json_error *error) {
  size_t cap = 16384;
  size_t len = 0;
  char *buf = pj_scratch_alloc(cap);
  if (buf == NULL) {
    return pj_out_of_memory(error, name);
  }
  for (;;) {
    if (cap - len < 4096 + 1) {
      if (cap > SIZE_MAX / 2) {
        pj_scratch_free(buf);
        return pj_out_of_memory(error, name);
      }
      char *bigger = pj_scratch_grow(buf, len, cap * 2);
      if (bigger == NULL) {
        pj_scratch_free(buf);
        return pj_out_of_memory(error, name);
      }
      buf = bigger;
      cap *= 2;
    }
    errno = 0;
    len += fread(buf + len, 1, cap - len - 1, f);
    if (ferror(f)) {
      int err = errno;
      pj_scratch_free(buf);
      return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                      "cannot read: %s", pj_io_reason(err));
    }
    if (feof(f)) {
      break;
    }
  }
  buf[len] = '\0';
  *text = buf;
  *length = len;
  return PROMO_OK;
}

promo_status pj_read_source(char **text, size_t *length, const char *path,
                            bool allow_stdin, const char *name,
                            promo_json_error *error) {
  if (allow_stdin && strcmp(path, "-") == 0) {
    return read_all(stdin, text, length, name, error);
  }
  errno = 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                    "cannot open: %s", pj_io_reason(errno));
  }
  promo_status st = read_all(f, text, length, name, error);
  fclose(f);
  return st;
}
