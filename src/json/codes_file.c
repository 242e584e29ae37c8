/* codes_file.c - reads a codes file in fixed-size blocks and hands its
 * lines to the library BATCH at a time (promo_campaign_add_codes, which
 * overlaps the cache misses of their adds), so a file of ten million codes
 * costs the codes themselves, one block and one batch, never a copy of the
 * file. */
#include "codes_file.h"

#include "confine.h"
#include "json_error.h"
#include "scratch.h"
#include "source_text.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_SIZE 65536
/* Lines handed to the library per call. */
#define BATCH 64

/* One line being collected. A line longer than a code can be is kept only
 * as far as R1 needs to refuse it: PROMO_CODE_MAX_BYTES + 1 bytes, plus the
 * CR of a CRLF. */
typedef struct line_buf {
  char bytes[PROMO_CODE_MAX_BYTES + 2];
  size_t kept;  /* bytes stored in `bytes` */
  size_t total; /* bytes of the line seen so far */
  bool blank;   /* only spaces and tabs so far, but for `cr` */
  bool cr;      /* blank, and the last byte seen a CR: the line is blank
                   if that CR ends it (CRLF), not if anything follows */
} line_buf;

/* Finished lines not yet handed to the library, with their line numbers
 * for the error that may refuse one. */
typedef struct line_batch {
  char bytes[BATCH][PROMO_CODE_MAX_BYTES + 2];
  const char *codes[BATCH];
  size_t lens[BATCH];
  size_t numbers[BATCH];
  size_t count;
} line_batch;

/* What the lines of one file go to. */
typedef struct sink {
  promo_campaign *c;
  const promo_catalog_builder *builder;
  const char *path; /* as errors name it */
  size_t *added;
  promo_json_error *error;
  line_batch batch;
} sink;

static void line_reset(line_buf *l) {
  l->kept = 0;
  l->total = 0;
  l->blank = true;
  l->cr = false;
}

/* Appends n bytes of the line (none of them a LF). */
static void line_append(line_buf *l, const char *bytes, size_t n) {
  size_t room = sizeof l->bytes - l->kept;
  size_t take = n < room ? n : room;
  memcpy(l->bytes + l->kept, bytes, take);
  l->kept += take;
  l->total += n;
  /* A CR is blank only as the one of a CRLF; anywhere else it is a byte
   * of the code, which R1 refuses. */
  for (size_t i = 0; l->blank && i < n; i++) {
    char ch = bytes[i];
    if (l->cr) {
      l->blank = false;
    } else if (ch == '\r') {
      l->cr = true;
    } else {
      l->blank = ch == ' ' || ch == '\t';
    }
  }
}

/* Hands the batch to the library: all its codes are added, or none and
 * the error points at the first refused one. */
static promo_status flush(sink *k) {
  line_batch *lb = &k->batch;
  if (lb->count == 0) {
    return PROMO_OK;
  }
  for (size_t i = 0; i < lb->count; i++) {
    lb->codes[i] = lb->bytes[i];
  }
  size_t refused = 0;
  promo_status st =
      promo_campaign_add_codes(&refused, k->c, lb->codes, lb->lens, lb->count);
  size_t n = lb->count;
  lb->count = 0;
  if (st == PROMO_OK) {
    *k->added += n;
    return PROMO_OK;
  }
  if (st == PROMO_ERR_NO_MEMORY) {
    return pj_out_of_memory(k->error, k->path);
  }
  return pj_error(k->error, st, k->path, lb->numbers[refused], 1, "%s",
                  promo_catalog_builder_error(k->builder));
}

/* Ends a line: a blank one is skipped, any other joins the batch, which is
 * handed over when full, or at once when `now` (a line too long to be a
 * code: refused without reading on). */
static promo_status line_end(line_buf *l, sink *k, size_t number, bool now) {
  size_t len = l->total;
  if (len > 0 && len <= l->kept && l->bytes[len - 1] == '\r') {
    len--; /* CRLF */
  } else if (len > l->kept) {
    len = l->kept; /* too long whatever its end: R1 says so */
  }
  bool blank = l->blank;
  if (!blank) {
    line_batch *lb = &k->batch;
    memcpy(lb->bytes[lb->count], l->bytes, len);
    lb->lens[lb->count] = len;
    lb->numbers[lb->count] = number;
    lb->count++;
  }
  line_reset(l);
  if (!blank && (now || k->batch.count == BATCH)) {
    return flush(k);
  }
  return PROMO_OK;
}

/* Whether the line is too long to be a code, whatever comes next: more
 * than PROMO_CODE_MAX_BYTES bytes that are not blank, besides a CR that may
 * still turn out to end the line. Such a line is refused at once, not read
 * to its end (a file of zeros has no end of line to wait for). */
static bool line_too_long(const line_buf *l) {
  if (l->blank || l->total <= PROMO_CODE_MAX_BYTES) {
    return false;
  }
  return l->total > PROMO_CODE_MAX_BYTES + 1 ||
         l->bytes[PROMO_CODE_MAX_BYTES] != '\r';
}

/* Feeds one block to the lines, a line's run of bytes at a time (memchr
 * finds its end); stops at the first refused one. A line found too long
 * is refused at the end of its run in this block, without reading on. */
static promo_status feed(line_buf *line, const char *block, size_t got,
                         size_t *number, sink *k) {
  size_t i = 0;
  while (i < got) {
    const char *lf = memchr(block + i, '\n', got - i);
    size_t end = lf == NULL ? got : (size_t)(lf - block);
    line_append(line, block + i, end - i);
    if (line_too_long(line)) {
      return line_end(line, k, *number, true);
    }
    if (lf == NULL) {
      return PROMO_OK; /* the line goes on in the next block */
    }
    promo_status st = line_end(line, k, *number, false);
    (*number)++;
    if (st != PROMO_OK) {
      return st;
    }
    i = end + 1;
  }
  return PROMO_OK;
}

promo_status pj_codes_file_load(promo_campaign *c,
                                const promo_catalog_builder *builder,
                                const char *base_dir, const char *relative,
                                const char *display, size_t *added,
                                pj_codes_outcome *outcome, const char **reason,
                                promo_json_error *error) {
  *added = 0;
  *outcome = PJ_CODES_OK;
  int fd = -1;
  if (pj_open_confined(&fd, base_dir, relative, reason) != PROMO_OK) {
    *outcome = PJ_CODES_UNREADABLE;
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  char *block = pj_scratch_alloc(BLOCK_SIZE);
  sink *k = pj_scratch_alloc(sizeof *k);
  if (block == NULL || k == NULL) {
    pj_scratch_free(block);
    pj_scratch_free(k);
    (void)close(fd);
    *outcome = PJ_CODES_REFUSED;
    return pj_out_of_memory(error, display);
  }
  k->c = c;
  k->builder = builder;
  k->path = display;
  k->added = added;
  k->error = error;
  k->batch.count = 0;
  line_buf line;
  line_reset(&line);
  size_t number = 1;
  bool first_block = true;
  promo_status st = PROMO_OK;
  for (;;) {
    ssize_t got = read(fd, block, BLOCK_SIZE);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      *outcome = PJ_CODES_UNREADABLE;
      *reason = pj_io_reason(errno);
      st = PROMO_ERR_INVALID_ARGUMENT;
      break;
    }
    if (got == 0) { /* end of file: the last line may lack its LF */
      if (line.total > 0) {
        st = line_end(&line, k, number, true);
      }
      if (st == PROMO_OK) {
        st = flush(k);
      }
      *outcome = st == PROMO_OK ? PJ_CODES_OK : PJ_CODES_REFUSED;
      break;
    }
    size_t skip = 0;
    if (first_block && got >= 3 && memcmp(block, "\xEF\xBB\xBF", 3) == 0) {
      skip = 3; /* a byte order mark is not part of the first code */
    }
    first_block = false;
    st = feed(&line, block + skip, (size_t)got - skip, &number, k);
    if (st != PROMO_OK) {
      *outcome = PJ_CODES_REFUSED;
      break;
    }
  }
  pj_scratch_free(k);
  pj_scratch_free(block);
  (void)close(fd);
  return st;
}
