/* tzif.c - the TZif reader.
 *
 * A file is a 44-byte header and a data block with 32-bit times (version
 * 1); from version 2 on, a second header and block with 64-bit times
 * follow, then a footer: a TZ string between two newlines, the rule after
 * the last transition. Only the UTC offsets are kept: whether a time is
 * DST and what it is called play no part in R2 or R7. Transitions that do
 * not change the offset are dropped, so that every stored one does. */
#include "tzif.h"

#include <string.h>

#define HEADER_BYTES 44
/* RFC 9636: offsets SHOULD lie in [-89999, 93599] (-24:59:59 to
 * +25:59:59); anything outside is refused, which keeps every computation
 * with instants of years 1 to 10000 far from overflow. */
#define OFFSET_MIN (-89999)
#define OFFSET_MAX 93599

typedef struct counts {
  uint32_t isutcnt;
  uint32_t isstdcnt;
  uint32_t leapcnt;
  uint32_t timecnt;
  uint32_t typecnt;
  uint32_t charcnt;
} counts;

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

static int64_t be64(const unsigned char *p) {
  uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
  return (int64_t)v; /* two's complement, as every platform we build on */
}

static int64_t be_time(const unsigned char *p, size_t size) {
  return size == 8 ? be64(p) : (int64_t)(int32_t)be32(p);
}

/* The header at `p` (44 bytes available); *version is 1..4. */
static bool read_header(const unsigned char *p, int *version, counts *c,
                        const char **why) {
  if (memcmp(p, "TZif", 4) != 0) {
    *why = "no TZif magic";
    return false;
  }
  if (p[4] == 0) {
    *version = 1;
  } else if (p[4] >= '2' && p[4] <= '4') {
    *version = p[4] - '0';
  } else {
    *why = "unsupported TZif version";
    return false;
  }
  c->isutcnt = be32(p + 20);
  c->isstdcnt = be32(p + 24);
  c->leapcnt = be32(p + 28);
  c->timecnt = be32(p + 32);
  c->typecnt = be32(p + 36);
  c->charcnt = be32(p + 40);
  if (c->typecnt == 0 || c->typecnt > 256 || c->charcnt == 0) {
    *why = "bad count of local time types or designations";
    return false;
  }
  if ((c->isutcnt != 0 && c->isutcnt != c->typecnt) ||
      (c->isstdcnt != 0 && c->isstdcnt != c->typecnt)) {
    *why = "bad count of UT/local or standard/wall indicators";
    return false;
  }
  return true;
}

/* Bytes of the data block the header describes, with times of `size`. */
static uint64_t block_bytes(const counts *c, size_t size) {
  return (uint64_t)c->timecnt * (size + 1) + (uint64_t)c->typecnt * 6 +
         c->charcnt + (uint64_t)c->leapcnt * (size + 4) + c->isstdcnt +
         c->isutcnt;
}

/* A parsed data block: pointers into the file. */
typedef struct block {
  counts c;
  size_t time_size;
  const unsigned char *times;
  const unsigned char *indices;
  const unsigned char *types;
} block;

static int32_t type_offset(const block *b, size_t type) {
  return (int32_t)be32(b->types + 6 * type);
}

static bool check_block(const block *b, const char **why) {
  for (uint32_t i = 0; i < b->c.typecnt; i++) {
    const unsigned char *t = b->types + 6 * (size_t)i;
    int32_t offset = (int32_t)be32(t);
    if (offset < OFFSET_MIN || offset > OFFSET_MAX) {
      *why = "UTC offset out of range";
      return false;
    }
    if (t[4] > 1 || t[5] >= b->c.charcnt) {
      *why = "bad local time type";
      return false;
    }
  }
  for (uint32_t i = 0; i < b->c.timecnt; i++) {
    if (b->indices[i] >= b->c.typecnt) {
      *why = "transition to a local time type that does not exist";
      return false;
    }
    if (i > 0 &&
        be_time(b->times + (size_t)i * b->time_size, b->time_size) <=
            be_time(b->times + (size_t)(i - 1) * b->time_size, b->time_size)) {
      *why = "transition times not in ascending order";
      return false;
    }
  }
  return true;
}

/* Reads the header and data block at data[*pos...] into *b. */
static bool read_block(const unsigned char *data, size_t len, size_t *pos,
                       size_t time_size, int *version, block *b,
                       const char **why) {
  if (len - *pos < HEADER_BYTES) {
    *why = "truncated header";
    return false;
  }
  if (!read_header(data + *pos, version, &b->c, why)) {
    return false;
  }
  *pos += HEADER_BYTES;
  if (block_bytes(&b->c, time_size) > len - *pos) {
    *why = "truncated data block";
    return false;
  }
  if (b->c.leapcnt != 0) {
    *why = "leap seconds (a right/ zone): not civil time";
    return false;
  }
  b->time_size = time_size;
  b->times = data + *pos;
  b->indices = b->times + (size_t)b->c.timecnt * time_size;
  b->types = b->indices + b->c.timecnt;
  *pos += (size_t)block_bytes(&b->c, time_size);
  return check_block(b, why);
}

/* The footer at data[pos...]: "\n", a TZ string, "\n", end of file. */
static bool read_footer(const unsigned char *data, size_t len, size_t pos,
                        bool *has_rule, promo_posix_tz *rule,
                        const char **why) {
  if (pos == len || data[pos] != '\n') {
    *why = "truncated footer";
    return false;
  }
  const unsigned char *start = data + pos + 1;
  const unsigned char *nl = memchr(start, '\n', len - pos - 1);
  if (nl == NULL) {
    *why = "truncated footer";
    return false;
  }
  if ((size_t)(nl - data) + 1 != len) {
    *why = "bytes after the footer";
    return false;
  }
  size_t tz_len = (size_t)(nl - start);
  *has_rule = tz_len > 0;
  if (*has_rule &&
      !promo_posix_tz_parse(rule, (const char *)start, tz_len, why)) {
    return false;
  }
  return true;
}

/* Transitions that change the offset, after time type 0's. */
static size_t changes(const block *b) {
  size_t n = 0;
  int32_t prev = type_offset(b, 0);
  for (uint32_t i = 0; i < b->c.timecnt; i++) {
    int32_t offset = type_offset(b, b->indices[i]);
    if (offset != prev) {
      n++;
      prev = offset;
    }
  }
  return n;
}

static void widen(promo_zone *z, int32_t offset) {
  if (offset < z->min_offset) {
    z->min_offset = offset;
  }
  if (offset > z->max_offset) {
    z->max_offset = offset;
  }
}

/* One block: the zone, then at[], after[] and the name. */
static promo_zone *zone_alloc(const promo_alloc *a, const char *name,
                              size_t count, int64_t **at_out,
                              int32_t **after_out) {
  size_t name_len = strlen(name);
  size_t head = (sizeof(promo_zone) + 7) & ~(size_t)7;
  size_t bytes =
      head + count * (sizeof(int64_t) + sizeof(int32_t)) + name_len + 1;
  unsigned char *p = promo_malloc(a, bytes);
  if (p == NULL) {
    return NULL;
  }
  promo_zone *z = (promo_zone *)(void *)p;
  memset(z, 0, sizeof *z);
  int64_t *at = (int64_t *)(void *)(p + head);
  int32_t *after = (int32_t *)(void *)(at + count);
  char *copy = (char *)(after + count);
  memcpy(copy, name, name_len + 1);
  z->name = copy;
  z->count = count;
  z->at = at;
  z->after = after;
  *at_out = at;
  *after_out = after;
  return z;
}

static promo_zone *build(const promo_alloc *a, const char *name, const block *b,
                         bool has_rule, const promo_posix_tz *rule) {
  int64_t *at = NULL;
  int32_t *after = NULL;
  promo_zone *z = zone_alloc(a, name, changes(b), &at, &after);
  if (z == NULL) {
    return NULL;
  }
  z->initial = type_offset(b, 0);
  z->min_offset = z->max_offset = z->initial;
  int32_t prev = z->initial;
  size_t n = 0;
  for (uint32_t i = 0; i < b->c.timecnt; i++) {
    int32_t offset = type_offset(b, b->indices[i]);
    if (offset != prev) {
      at[n] = be_time(b->times + (size_t)i * b->time_size, b->time_size);
      after[n] = offset;
      widen(z, offset);
      prev = offset;
      n++;
    }
  }
  z->has_rule = has_rule;
  if (has_rule) {
    z->rule = *rule;
    /* RFC 9636: the footer governs after the last transition, or always
     * when there is none. */
    z->rule_from =
        b->c.timecnt == 0
            ? INT64_MIN
            : be_time(b->times + (size_t)(b->c.timecnt - 1) * b->time_size,
                      b->time_size);
    widen(z, rule->std_offset);
    if (rule->has_dst) {
      widen(z, rule->dst_offset);
    }
  }
  return z;
}

promo_status promo_tzif_parse(promo_zone **out, const promo_alloc *a,
                              const char *name, const unsigned char *data,
                              size_t len, const char **why) {
  if (len > PROMO_TZIF_MAX_BYTES) {
    *why = "file too large for a TZif file";
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  size_t pos = 0;
  int version = 0;
  block b;
  if (!read_block(data, len, &pos, 4, &version, &b, why)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  bool has_rule = false;
  promo_posix_tz rule;
  memset(&rule, 0, sizeof rule);
  if (version == 1) {
    if (pos != len) {
      *why = "bytes after the data block";
      return PROMO_ERR_INVALID_ARGUMENT;
    }
  } else {
    int second = 0;
    if (!read_block(data, len, &pos, 8, &second, &b, why)) {
      return PROMO_ERR_INVALID_ARGUMENT;
    }
    if (second != version) {
      *why = "the two headers disagree on the version";
      return PROMO_ERR_INVALID_ARGUMENT;
    }
    if (!read_footer(data, len, pos, &has_rule, &rule, why)) {
      return PROMO_ERR_INVALID_ARGUMENT;
    }
  }
  promo_zone *z = build(a, name, &b, has_rule, &rule);
  if (z == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  *out = z;
  return PROMO_OK;
}
