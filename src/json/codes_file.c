/* codes_file.c - reads a codes file in fixed-size blocks and hands each line
 * to the library as it completes, so a file of ten million codes costs the
 * codes themselves and one block, never a copy of the file. */
#include "codes_file.h"

#include "json_error.h"
#include "scratch.h"
#include "source_text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define BLOCK_SIZE 65536

/* One line being collected. A line longer than a code can be is kept only
 * as far as R1 needs to refuse it: PROMO_CODE_MAX_BYTES + 1 bytes, plus the
 * CR of a CRLF. */
typedef struct line_buf {
  char bytes[PROMO_CODE_MAX_BYTES + 2];
  size_t kept;  /* bytes stored in `bytes` */
  size_t total; /* bytes of the line seen so far */
  bool blank;   /* only spaces and tabs so far */
} line_buf;

static void line_reset(line_buf *l) {
  l->kept = 0;
  l->total = 0;
  l->blank = true;
}

static void line_push(line_buf *l, char ch) {
  if (l->kept < sizeof l->bytes) {
    l->bytes[l->kept++] = ch;
  }
  l->total++;
  if (ch != ' ' && ch != '\t' && ch != '\r') {
    l->blank = false;
  }
}

/* Hands a finished line to the library. */
static promo_status line_end(line_buf *l, promo_campaign *c,
                             const promo_catalog_builder *builder,
                             const char *path, size_t number, size_t *added,
                             promo_json_error *error) {
  size_t len = l->total;
  if (len > 0 && len <= l->kept && l->bytes[len - 1] == '\r') {
    len--; /* CRLF */
  } else if (len > l->kept) {
    len = l->kept; /* too long whatever its end: R1 says so */
  }
  bool blank = l->blank;
  line_reset(l);
  if (blank) {
    return PROMO_OK;
  }
  promo_status st = promo_campaign_add_code(c, l->bytes, len);
  if (st == PROMO_OK) {
    (*added)++;
    return PROMO_OK;
  }
  if (st == PROMO_ERR_NO_MEMORY) {
    return pj_out_of_memory(error, path);
  }
  return pj_error(error, st, path, number, 1, "%s",
                  promo_catalog_builder_error(builder));
}

promo_status pj_codes_file_load(promo_campaign *c,
                                const promo_catalog_builder *builder,
                                const char *path, size_t *added,
                                pj_codes_outcome *outcome, const char **reason,
                                promo_json_error *error) {
  *added = 0;
  *outcome = PJ_CODES_OK;
  errno = 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    *outcome = PJ_CODES_UNREADABLE;
    *reason = pj_io_reason(errno);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  char *block = pj_scratch_alloc(BLOCK_SIZE);
  if (block == NULL) {
    fclose(f);
    *outcome = PJ_CODES_REFUSED;
    return pj_out_of_memory(error, path);
  }
  line_buf line;
  line_reset(&line);
  size_t number = 1;
  bool first_block = true;
  promo_status st = PROMO_OK;
  for (;;) {
    errno = 0;
    size_t got = fread(block, 1, BLOCK_SIZE, f);
    if (ferror(f)) {
      *outcome = PJ_CODES_UNREADABLE;
      *reason = pj_io_reason(errno);
      st = PROMO_ERR_INVALID_ARGUMENT;
      break;
    }
    size_t i = 0;
    if (first_block && got >= 3 && memcmp(block, "\xEF\xBB\xBF", 3) == 0) {
      i = 3; /* a byte order mark is not part of the first code */
    }
    first_block = false;
    for (; i < got && st == PROMO_OK; i++) {
      if (block[i] == '\n') {
        st = line_end(&line, c, builder, path, number, added, error);
        number++;
      } else {
        line_push(&line, block[i]);
      }
    }
    if (st != PROMO_OK) {
      *outcome = PJ_CODES_REFUSED;
      break;
    }
    if (got < BLOCK_SIZE) { /* end of file: the last line may lack its LF */
      if (line.total > 0) {
        st = line_end(&line, c, builder, path, number, added, error);
        *outcome = st == PROMO_OK ? PJ_CODES_OK : PJ_CODES_REFUSED;
      }
      break;
    }
  }
  pj_scratch_free(block);
  fclose(f);
  return st;
}
