/* source_text.c - reading a JSON file (or standard input) whole: jansson
 * parses it from memory, and the pointed errors scan it again. A regular
 * file is read into a buffer of its exact size; standard input, which may
 * be a pipe, into one that grows. Neither is read past the caller's limit,
 * so /dev/zero or an endless pipe costs the limit and no more. */
#include "source_text.h"

#include "confine.h"
#include "json_error.h"
#include "scratch.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *pj_io_reason(int err) {
  switch (err) {
  case ENOENT:
    return "no such file or directory";
  case EACCES:
  case EPERM:
    return "permission denied";
  case EISDIR:
    return "is a directory";
  case ENOTDIR:
    return "a component of the path is not a directory";
  case ENAMETOOLONG:
    return "file name too long";
  case ELOOP:
    return "too many levels of symbolic links";
  case EMFILE:
  case ENFILE:
    return "too many open files";
  case ENOMEM:
    return "out of memory";
  case ENXIO:
  case ENODEV:
    return "no such device";
  case EFBIG:
  case EOVERFLOW:
    return "file too large";
  case EAGAIN:
    return "no data ready to read";
  case EIO:
    return "input/output error";
  default:
    return "the system refused to read it";
  }
}

/* Reads from `fd` until end of file into a buffer of `size` bytes (grown by
 * doubling when the data go on), refusing more than `limit` bytes. */
static promo_status read_fd(int fd, size_t size, size_t limit, char **text,
                            size_t *length, const char *name, const char *what,
                            promo_json_error *error) {
  size_t cap = size < limit ? size + 1 : limit + 1;
  char *buf = pj_scratch_alloc(cap + 1);
  if (buf == NULL) {
    return pj_out_of_memory(error, name);
  }
  size_t len = 0;
  for (;;) {
    if (len == cap) {
      if (len > limit) {
        pj_scratch_free(buf);
        return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                        "too large: over the limit of %zu bytes for %s", limit,
                        what);
      }
      size_t bigger_cap = cap > limit / 2 ? limit + 1 : cap * 2;
      char *bigger = pj_scratch_grow(buf, len, bigger_cap + 1);
      if (bigger == NULL) {
        pj_scratch_free(buf);
        return pj_out_of_memory(error, name);
      }
      buf = bigger;
      cap = bigger_cap;
    }
    ssize_t got = read(fd, buf + len, cap - len);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      int err = errno;
      pj_scratch_free(buf);
      return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                      "cannot read: %s", pj_io_reason(err));
    }
    if (got == 0) {
      break;
    }
    len += (size_t)got;
  }
  if (len > limit) {
    pj_scratch_free(buf);
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                    "too large: over the limit of %zu bytes for %s", limit,
                    what);
  }
  buf[len] = '\0';
  *text = buf;
  *length = len;
  return PROMO_OK;
}

promo_status pj_read_source(char **text, size_t *length, const char *path,
                            bool allow_stdin, const char *name, size_t limit,
                            const char *what, promo_json_error *error) {
  if (allow_stdin && strcmp(path, "-") == 0) {
    /* A pipe or a terminal has no size: read until the limit. A regular
     * file on standard input is sized up front. */
    struct stat st;
    size_t size = 16384;
    if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
      if ((uintmax_t)st.st_size > limit) {
        return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                        "too large: over the limit of %zu bytes for %s", limit,
                        what);
      }
      size = (size_t)st.st_size;
    }
    return read_fd(STDIN_FILENO, size, limit, text, length, name, what, error);
  }
  const char *reason = NULL;
  int fd = -1;
  if (pj_open_regular(&fd, path, &reason) != PROMO_OK) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                    "cannot open: %s", reason);
  }
  struct stat st;
  promo_status st_read = PROMO_OK;
  if (fstat(fd, &st) != 0) {
    st_read = pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                       "cannot read: %s", pj_io_reason(errno));
  } else if ((uintmax_t)st.st_size > limit) {
    st_read =
        pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                 "too large: over the limit of %zu bytes for %s", limit, what);
  } else {
    st_read =
        read_fd(fd, (size_t)st.st_size, limit, text, length, name, what, error);
  }
  (void)close(fd);
  return st_read;
}
