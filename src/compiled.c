/* compiled.c - compiled catalog files (promo/compiled.h): writing one, and
 * opening one by mapping it.
 *
 * The format, version 1. Integers are in the writing machine's byte order,
 * which the header's tag records: a file is opened only where it was
 * written or on a machine of the same byte order (all of today's servers
 * are little-endian; converting 10 million entries at open would be the
 * per-code work the format exists to avoid).
 *
 *   header, 192 bytes:
 *     0  magic "\x89PROMO\r\n"          8  u32 byte-order tag 0x01020304
 *    12  u32 format version            16  u32 header bytes (192)
 *    20  u32 flags (1: hint index)     24  u64 file bytes
 *    32  u64 the hash key (hash.h)     40  u64 codes
 *    48  u64 buckets                   56  u32 campaigns
 *    60  u32 campaign index bytes      64  u64 hint slots - 1 (0: none)
 *    72  u64 hints                     80  4 sections: u64 offset, length,
 *   176  u64 zero                                      checksum each
 *   184  u64 checksum of bytes 0..183
 *   sections, each at an offset that is a multiple of 8, in this order,
 *   zero bytes between them:
 *     0  campaigns: 12 bytes of region key (ICU's version, its CLDR
 *        data's, this library's: region_key()), the countries an order
 *        may be from (11 u64, a bit each, region.h); u32 products, each a
 *        string (u32 length, bytes); u32 campaigns, each: string id, u8
 *        discount kind (1 percent, 2 amount), i64 basis points, i64
 *        amount, 4 bytes currency (NUL last), i32 year, month, day of
 *        starts then of ends (year 0: none), string zone ("": UTC), string
 *        regions ("NL,150"; "": everywhere) and, when there are regions,
 *        the countries they hold (11 u64), u32 products and a u32 index
 *        into the products for each, i64 max licenses, i64 max
 *        redemptions, u64 codes.
 *     1  the code index's bucket offsets, buckets + 1 u64 (code_index.h)
 *     2  the code index's entries
 *     3  the hint index's slots, u64 each (hint_index.h), or nothing
 *
 * Why no minimal perfect hash. A perfect hash (CHD, PTHash, BBHash) maps
 * the catalog's codes to 0..n-1 in about 2 to 4 bits a code, but it maps
 * every other string somewhere too: an exact-match lookup still has to
 * compare the code, so the file still holds every code's bytes and, codes
 * being of varying length, an offset to them (4 bytes a code, or 8), plus
 * the campaign. That is 4.3 bytes a code of overhead at the least, against
 * the 2 + 1 bytes of an entry's head and 2 bytes of bucket offsets (8 bytes
 * for every 4 codes) here; and a lookup would read the function's data,
 * then the offset, then the code: three dependent cache misses on a cold
 * file, where a bucket costs two (its offset, then its run of entries). So
 * the file keeps the built index as it is, which also makes writing it a
 * copy and opening it free.
 *
 * Regions. The countries a region holds ("EU", "150") come from ICU's
 * CLDR data, whose loading is a third of a cold `promo check` (3.4M
 * instructions). The writer stores what its ICU said; an opener whose
 * region key is the same (the same ICU, CLDR data and library) takes
 * those countries as they are, and any other opener lists the regions
 * again through its own ICU, as loading the JSON there would.
 *
 * Checks. Opening reads the header, the campaigns' section (small), the
 * zero bytes that align the sections (at most 7 each) and the first and
 * last bucket offsets; with `verify`, every section's checksum: then no
 * byte of the file goes unchecked.
 * What it does not read, the index, is bounds-checked by every lookup
 * (code_index.c, hint_index.c). */
/* open, fstat, mmap, fsync: POSIX.1-2008. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
#define _POSIX_C_SOURCE 200809L
#include "alloc.h"
#include "catalog_impl.h"
#include "hash.h"
#include "quote.h"
#include "text.h"

#include <promo/compiled.h>

#include "compiled.h"

#include <unicode/ulocdata.h>
#include <unicode/uversion.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_BYTES 192
#define BYTE_ORDER_TAG UINT32_C(0x01020304)
#define BYTE_ORDER_SWAPPED UINT32_C(0x04030201)
#define FLAG_HINTS UINT32_C(1)

enum { SECTION_META, SECTION_STARTS, SECTION_ENTRIES, SECTION_HINTS };
#define SECTIONS 4

enum {
  AT_MAGIC = 0,
  AT_BYTE_ORDER = 8,
  AT_VERSION = 12,
  AT_HEADER_BYTES = 16,
  AT_FLAGS = 20,
  AT_FILE_BYTES = 24,
  AT_SEED = 32,
  AT_CODES = 40,
  AT_BUCKETS = 48,
  AT_CAMPAIGNS = 56,
  AT_CAMPAIGN_BYTES = 60,
  AT_HINT_MASK = 64,
  AT_HINTS = 72,
  AT_SECTIONS = 80, /* 24 bytes each */
  AT_RESERVED = 176,
  AT_CHECKSUM = 184
};

enum { KIND_PERCENT = 1, KIND_AMOUNT = 2 };

#define REGION_KEY_BYTES 12
#define COUNTRY_WORDS (sizeof(promo_country_set) / sizeof(uint64_t))

/* What decides which countries a region holds: ICU's version, the version
 * of its CLDR data (zeros if it cannot say) and this library's version
 * (region.c's rules). */
static void region_key(unsigned char key[REGION_KEY_BYTES]) {
  UVersionInfo icu;
  u_getVersion(icu);
  UVersionInfo cldr = {0, 0, 0, 0};
  UErrorCode err = U_ZERO_ERROR;
  ulocdata_getCLDRVersion(cldr, &err);
  if (U_FAILURE(err)) {
    memset(cldr, 0, sizeof cldr);
  }
  uint32_t library = PROMO_VERSION_NUMBER;
  memcpy(key, icu, 4);
  memcpy(key + 4, cldr, 4);
  memcpy(key + 8, &library, 4);
}

/* ---- bytes ------------------------------------------------------------ */

static uint32_t get_u32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static uint64_t get_u64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static void put_u32_at(unsigned char *p, uint32_t v) {
  memcpy(p, &v, sizeof v);
}

static void put_u64_at(unsigned char *p, uint64_t v) {
  memcpy(p, &v, sizeof v);
}

static uint64_t pad8(uint64_t n) {
  return (n + 7) & ~(uint64_t)7;
}

/* ---- writing ---------------------------------------------------------- */

/* A growing buffer for the campaigns' section; `failed` once out of
 * memory (every later put is a no-op). */
typedef struct out_buf {
  const promo_alloc *alloc;
  unsigned char *bytes;
  size_t len;
  size_t cap;
  bool failed;
} out_buf;

static void put(out_buf *o, const void *p, size_t n) {
  if (o->failed) {
    return;
  }
  void *array = o->bytes;
  if (n > SIZE_MAX - o->len ||
      !promo_grow(o->alloc, &array, &o->cap, o->len + n, 1)) {
    o->failed = true;
    return;
  }
  o->bytes = array;
  memcpy(o->bytes + o->len, p, n);
  o->len += n;
}

static void put_u8(out_buf *o, uint8_t v) {
  put(o, &v, 1);
}

static void put_u32(out_buf *o, uint32_t v) {
  put(o, &v, sizeof v);
}

static void put_i32(out_buf *o, int32_t v) {
  put(o, &v, sizeof v);
}

static void put_u64(out_buf *o, uint64_t v) {
  put(o, &v, sizeof v);
}

static void put_i64(out_buf *o, int64_t v) {
  put(o, &v, sizeof v);
}

static void put_str(out_buf *o, const char *s) {
  size_t n = s == NULL ? 0 : strlen(s);
  if (n > UINT32_MAX) {
    o->failed = true; /* never: ids and SKUs are far shorter */
    return;
  }
  put_u32(o, (uint32_t)n);
  put(o, s == NULL ? "" : s, n);
}

static void put_countries(out_buf *o, const promo_country_set *set) {
  for (size_t i = 0; i < COUNTRY_WORDS; i++) {
    put_u64(o, set->bits[i]);
  }
}

static void put_date(out_buf *o, const promo_date *d) {
  put_i32(o, (int32_t)d->year);
  put_i32(o, (int32_t)d->month);
  put_i32(o, (int32_t)d->day);
}

/* The campaigns' section of `cat` into *o. */
static void put_meta(out_buf *o, const promo_catalog *cat) {
  unsigned char key[REGION_KEY_BYTES];
  region_key(key);
  put(o, key, sizeof key);
  put_countries(o, &cat->tables->countries);
  put_u32(o, (uint32_t)cat->products.count);
  for (size_t i = 0; i < cat->products.count; i++) {
    put_str(o, cat->products.names[i]);
  }
  put_u32(o, (uint32_t)cat->count);
  for (size_t i = 0; i < cat->count; i++) {
    const promo_campaign_def *c = cat->campaigns[i];
    put_str(o, c->id);
    put_u8(o, c->kind == PROMO_DISCOUNT_PERCENT ? KIND_PERCENT : KIND_AMOUNT);
    put_i64(o, c->bps);
    put_i64(o, c->amount);
    put(o, c->currency, sizeof c->currency);
    put_date(o, &c->starts);
    put_date(o, &c->ends);
    put_str(o, c->zone);
    put_str(o, c->regions);
    if (c->regions != NULL && c->regions[0] != '\0') {
      put_countries(o, &c->countries);
    }
    put_u32(o, (uint32_t)c->product_count);
    for (size_t k = 0; k < c->product_count; k++) {
      put_u32(o, c->products[k]);
    }
    put_i64(o, c->max_licenses);
    put_i64(o, c->max_redemptions);
    put_u64(o, (uint64_t)c->code_count);
  }
}

typedef struct section {
  const void *bytes;
  uint64_t len;
} section;

/* Writes n bytes, all of them or fails (errno set). */
static bool write_all(int fd, const void *p, size_t n) {
  const unsigned char *b = p;
  while (n > 0) {
    size_t chunk = n < ((size_t)1 << 30) ? n : ((size_t)1 << 30);
    ssize_t w = write(fd, b, chunk);
    if (w < 0 && errno == EINTR) {
      continue;
    }
    if (w <= 0) {
      if (w == 0) {
        errno = EIO;
      }
      return false;
    }
    b += w;
    n -= (size_t)w;
  }
  return true;
}

/* The header and sections of a file, into fd. */
static bool write_file(int fd, const promo_catalog *cat,
                       const section s[SECTIONS]) {
  unsigned char header[HEADER_BYTES];
  memset(header, 0, sizeof header);
  /* The magic's 8 bytes, without the string literal's NUL. */
  static const unsigned char magic[PROMO_COMPILED_MAGIC_LEN + 1] =
      PROMO_COMPILED_MAGIC;
  for (size_t k = 0; k < PROMO_COMPILED_MAGIC_LEN; k++) {
    header[AT_MAGIC + k] = magic[k];
  }
  put_u32_at(header + AT_BYTE_ORDER, BYTE_ORDER_TAG);
  put_u32_at(header + AT_VERSION, PROMO_COMPILED_FORMAT_VERSION);
  put_u32_at(header + AT_HEADER_BYTES, HEADER_BYTES);
  put_u32_at(header + AT_FLAGS, s[SECTION_HINTS].len > 0 ? FLAG_HINTS : 0);
  put_u64_at(header + AT_SEED, cat->codes.seed);
  put_u64_at(header + AT_CODES, cat->codes.count);
  /* An index never built (no codes) is written as the empty one that
   * promo_code_index_build() makes: one bucket, no entries. */
  put_u64_at(header + AT_BUCKETS,
             cat->codes.starts == NULL ? 1 : cat->codes.bucket_count);
  put_u32_at(header + AT_CAMPAIGNS, (uint32_t)cat->count);
  put_u32_at(header + AT_CAMPAIGN_BYTES, cat->codes.campaign_bytes);
  if (s[SECTION_HINTS].len > 0) {
    put_u64_at(header + AT_HINT_MASK, cat->hints.mask);
    put_u64_at(header + AT_HINTS, cat->hints.count);
  }
  uint64_t at = HEADER_BYTES;
  for (unsigned i = 0; i < SECTIONS; i++) {
    unsigned char *e = header + AT_SECTIONS + (size_t)24 * i;
    at = pad8(at);
    put_u64_at(e, at);
    put_u64_at(e + 8, s[i].len);
    put_u64_at(e + 16, promo_checksum(s[i].bytes, (size_t)s[i].len));
    at += s[i].len;
  }
  put_u64_at(header + AT_FILE_BYTES, at);
  put_u64_at(header + AT_CHECKSUM, promo_checksum(header, AT_CHECKSUM));
  if (!write_all(fd, header, sizeof header)) {
    return false;
  }
  static const unsigned char zeros[8] = {0};
  at = HEADER_BYTES;
  for (unsigned i = 0; i < SECTIONS; i++) {
    if (!write_all(fd, zeros, (size_t)(pad8(at) - at)) ||
        !write_all(fd, s[i].bytes, (size_t)s[i].len)) {
      return false;
    }
    at = pad8(at) + s[i].len;
  }
  return true;
}

/* Copies `text` into error->text (when error is not NULL); returns st. */
static promo_status file_fail(promo_file_error *error, promo_status st,
                              const char *text) {
  if (error != NULL) {
    size_t n = strlen(text);
    if (n >= sizeof error->text) {
      n = sizeof error->text - 1;
      while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80) {
        n--; /* never cut a character in two */
      }
    }
    (void)snprintf(error->text, sizeof error->text, "%.*s", (int)n, text);
  }
  return st;
}

/* "PATH: " and the reason, into *e; returns st. */
PROMO_PRINTF(4, 5)
static promo_status path_fail(promo_errbuf *e, promo_status st,
                              const char *path, const char *fmt, ...);

static promo_status path_fail(promo_errbuf *e, promo_status st,
                              const char *path, const char *fmt, ...) {
  promo_quoted q;
  char reason[PROMO_ERROR_MAX];
  va_list args;
  va_start(args, fmt);
  (void)vsnprintf(reason, sizeof reason, fmt, args);
  va_end(args);
  return promo_fail(e, st, "%s: %s", promo_quote_str(&q, path), reason);
}

/* Makes the directory entry of a rename durable: fsync of the directory
 * that holds `path`. Best effort: some file systems refuse it, and the
 * file itself is on disk already. */
static void sync_directory(const char *path, char *scratch) {
  const char *slash = strrchr(path, '/');
  if (slash == NULL) {
    memcpy(scratch, ".", 2);
  } else if (slash == path) {
    memcpy(scratch, "/", 2);
  } else {
    memcpy(scratch, path, (size_t)(slash - path));
    scratch[slash - path] = '\0';
  }
  int fd = open(scratch, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    (void)close(fd);
  }
}

/* Opens what was written at `tmp` with every checksum read back, and
 * compares its counts with the catalog's. */
static promo_status read_back(const promo_catalog *cat, const char *tmp,
                              promo_errbuf *e, const char *path) {
  promo_open_options options = PROMO_OPEN_OPTIONS_INIT;
  options.allocator = &cat->alloc;
  options.zones = cat->zones;
  options.store = cat->store;
  options.verify = true;
  promo_file_error why;
  promo_catalog *back = NULL;
  promo_status st = promo_catalog_open(&back, &why, tmp, &options);
  if (st == PROMO_ERR_NO_MEMORY) {
    return st;
  }
  if (st != PROMO_OK || back == NULL) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, path,
                     "the file written does not read back: %s", why.text);
  }
  bool same = back->count == cat->count &&
              back->codes.count == cat->codes.count &&
              back->products.count == cat->products.count &&
              promo_hint_index_ready(&back->hints) ==
                  promo_hint_index_ready(&cat->hints);
  promo_catalog_release(back);
  if (!same) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, path,
                     "the file written reads back different counts");
  }
  return PROMO_OK;
}

promo_status promo_catalog_write(const promo_catalog *cat, const char *path,
                                 promo_file_error *error) {
  if (cat == NULL || path == NULL || path[0] == '\0') {
    return file_fail(error, PROMO_ERR_INVALID_ARGUMENT,
                     "no catalog, or no path to write it to");
  }
  const promo_alloc *a = &cat->alloc;
  promo_errbuf e;
  e.text[0] = '\0';
  out_buf meta = {a, NULL, 0, 0, false};
  put_meta(&meta, cat);
  size_t path_len = strlen(path);
  /* The new file's name, then the directory's, in one block. */
  char *tmp = meta.failed || path_len > SIZE_MAX / 2 - 64
                  ? NULL
                  : promo_malloc(a, 2 * (path_len + 32));
  if (tmp == NULL) {
    promo_free(a, meta.bytes);
    return file_fail(error, PROMO_ERR_NO_MEMORY, "out of memory");
  }
  char *scratch = tmp + path_len + 32;
  section s[SECTIONS] = {
      {meta.bytes, meta.len},
      {cat->codes.starts,
       cat->codes.starts == NULL ? 0 : (cat->codes.bucket_count + 1) * 8},
      {cat->codes.entries, cat->codes.entries_len},
      {cat->hints.slots,
       cat->hints.slots == NULL ? 0 : ((uint64_t)cat->hints.mask + 1) * 8}};
  /* A catalog with no codes has an empty index: one bucket, no entries. */
  static const uint64_t empty_starts[2] = {0, 0};
  if (s[SECTION_STARTS].len == 0) {
    s[SECTION_STARTS].bytes = empty_starts;
    s[SECTION_STARTS].len = sizeof empty_starts;
  }
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; attempt++) {
    (void)snprintf(tmp, path_len + 32, "%s.tmp-%016" PRIx64, path,
                   promo_hash_random_seed());
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) {
      break;
    }
  }
  promo_status st = PROMO_OK;
  if (fd < 0) {
    st = path_fail(&e, PROMO_ERR_INVALID_ARGUMENT, path,
                   "cannot create a file beside it: %s", strerror(errno));
  } else {
    bool ok = write_file(fd, cat, s) && fsync(fd) == 0;
    int saved = errno;
    ok = close(fd) == 0 && ok;
    if (!ok) {
      st = path_fail(&e, PROMO_ERR_INVALID_ARGUMENT, path, "cannot write: %s",
                     strerror(saved != 0 ? saved : errno));
    }
    if (st == PROMO_OK) {
      st = read_back(cat, tmp, &e, path);
    }
    if (st == PROMO_OK && rename(tmp, path) != 0) {
      st = path_fail(&e, PROMO_ERR_INVALID_ARGUMENT, path,
                     "cannot replace it: %s", strerror(errno));
    }
    if (st == PROMO_OK) {
      sync_directory(path, scratch);
    } else {
      (void)unlink(tmp);
    }
  }
  promo_free(a, tmp);
  promo_free(a, meta.bytes);
  if (st == PROMO_ERR_NO_MEMORY) {
    return file_fail(error, st, "out of memory");
  }
  return st == PROMO_OK ? PROMO_OK : file_fail(error, st, e.text);
}

void promo_compiled_reseal(unsigned char *image, size_t len) {
  if (len < HEADER_BYTES) {
    return;
  }
  for (unsigned i = 0; i < SECTIONS; i++) {
    unsigned char *s = image + AT_SECTIONS + (size_t)24 * i;
    uint64_t offset = get_u64(s);
    uint64_t n = get_u64(s + 8);
    if (offset <= len && n <= len - offset) {
      put_u64_at(s + 16, promo_checksum(image + offset, (size_t)n));
    }
  }
  put_u64_at(image + AT_CHECKSUM, promo_checksum(image, AT_CHECKSUM));
}

/* ---- opening ---------------------------------------------------------- */

unsigned int promo_open_options_version(void) {
  return PROMO_OPEN_OPTIONS_VERSION;
}

promo_status promo_open_options_init(promo_open_options *options,
                                     unsigned int version) {
  if (options == NULL || version != PROMO_OPEN_OPTIONS_VERSION) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_open_options defaults = PROMO_OPEN_OPTIONS_INIT;
  *options = defaults;
  return PROMO_OK;
}

void promo_catalog_unmap(void *map, size_t len) {
  (void)munmap(map, len);
}

bool promo_catalog_is_mapped(const promo_catalog *cat) {
  return cat != NULL && cat->map != NULL;
}

/* The campaigns' section, read front to back; every read is bounds-checked
 * and a short one marks the reader `bad`. */
typedef struct in_buf {
  const unsigned char *p;
  size_t left;
  bool bad;
} in_buf;

static const unsigned char *take(in_buf *in, size_t n) {
  if (in->bad || in->left < n) {
    in->bad = true;
    return NULL;
  }
  const unsigned char *p = in->p;
  in->p += n;
  in->left -= n;
  return p;
}

static uint8_t take_u8(in_buf *in) {
  const unsigned char *p = take(in, 1);
  return p == NULL ? 0 : p[0];
}

static uint32_t take_u32(in_buf *in) {
  const unsigned char *p = take(in, 4);
  return p == NULL ? 0 : get_u32(p);
}

static uint64_t take_u64(in_buf *in) {
  const unsigned char *p = take(in, 8);
  return p == NULL ? 0 : get_u64(p);
}

static int64_t take_i64(in_buf *in) {
  uint64_t u = take_u64(in);
  int64_t v;
  memcpy(&v, &u, sizeof v);
  return v;
}

static void take_countries(in_buf *in, promo_country_set *set) {
  for (size_t i = 0; i < COUNTRY_WORDS; i++) {
    set->bits[i] = take_u64(in);
  }
}

static int take_i32(in_buf *in) {
  uint32_t u = take_u32(in);
  int32_t v;
  memcpy(&v, &u, sizeof v);
  return v;
}

/* A string of the section, NUL-terminated in the reader's scratch buffer
 * (valid until the next string), or NULL: damaged (short, or a NUL inside)
 * or, with *oom, out of memory. */
typedef struct scratch_buf {
  const promo_alloc *alloc;
  char *text;
  size_t cap;
} scratch_buf;

static const char *take_str(in_buf *in, scratch_buf *s, bool *oom) {
  uint32_t n = take_u32(in);
  const unsigned char *p = take(in, n);
  if (p == NULL || memchr(p, '\0', n) != NULL) {
    in->bad = true;
    return NULL;
  }
  void *array = s->text;
  if (!promo_grow(s->alloc, &array, &s->cap, (size_t)n + 1, 1)) {
    *oom = true;
    return NULL;
  }
  s->text = array;
  memcpy(s->text, p, n);
  s->text[n] = '\0';
  return s->text;
}

/* What the header says, once checked. */
typedef struct header {
  uint32_t flags;
  uint64_t file_bytes;
  uint64_t seed;
  uint64_t codes;
  uint64_t buckets;
  uint32_t campaigns;
  uint32_t campaign_bytes;
  uint64_t hint_mask;
  uint64_t hints;
  uint64_t offset[SECTIONS];
  uint64_t len[SECTIONS];
  uint64_t checksum[SECTIONS];
} header;

/* Checks the header of the len-byte image and fills *h. */
static promo_status read_header(header *h, promo_errbuf *e, const char *name,
                                const unsigned char *image, size_t len) {
  if (len < PROMO_COMPILED_MAGIC_LEN ||
      memcmp(image, PROMO_COMPILED_MAGIC, PROMO_COMPILED_MAGIC_LEN) != 0) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "not a compiled catalog (it does not start with the "
                     "magic bytes of one; compile a JSON catalog with "
                     "`promo compile`)");
  }
  if (len < HEADER_BYTES) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "truncated: %zu bytes, shorter than the %d-byte header",
                     len, HEADER_BYTES);
  }
  uint32_t order = get_u32(image + AT_BYTE_ORDER);
  uint32_t version = get_u32(image + AT_VERSION);
  if (order == BYTE_ORDER_SWAPPED) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "written on a machine of the other byte order; compile "
                     "the catalog again on this one");
  }
  /* The first 16 bytes (magic, tag, version) are the same in every
   * version; what follows them may change with the version. */
  if (order == BYTE_ORDER_TAG && version > PROMO_COMPILED_FORMAT_VERSION) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "format version %" PRIu32
                     " is newer than this library's (%d): open it with a "
                     "newer libpromo, or compile the catalog with this one",
                     version, PROMO_COMPILED_FORMAT_VERSION);
  }
  if (order != BYTE_ORDER_TAG ||
      get_u64(image + AT_CHECKSUM) != promo_checksum(image, AT_CHECKSUM)) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "damaged: its header does not match its checksum");
  }
  if (version != PROMO_COMPILED_FORMAT_VERSION ||
      get_u32(image + AT_HEADER_BYTES) != HEADER_BYTES ||
      get_u64(image + AT_RESERVED) != 0) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "damaged: format version %" PRIu32
                     " with a header this library never wrote",
                     version);
  }
  h->flags = get_u32(image + AT_FLAGS);
  h->file_bytes = get_u64(image + AT_FILE_BYTES);
  h->seed = get_u64(image + AT_SEED);
  h->codes = get_u64(image + AT_CODES);
  h->buckets = get_u64(image + AT_BUCKETS);
  h->campaigns = get_u32(image + AT_CAMPAIGNS);
  h->campaign_bytes = get_u32(image + AT_CAMPAIGN_BYTES);
  h->hint_mask = get_u64(image + AT_HINT_MASK);
  h->hints = get_u64(image + AT_HINTS);
  for (unsigned i = 0; i < SECTIONS; i++) {
    const unsigned char *s = image + AT_SECTIONS + (size_t)24 * i;
    h->offset[i] = get_u64(s);
    h->len[i] = get_u64(s + 8);
    h->checksum[i] = get_u64(s + 16);
  }
  if (h->file_bytes > len) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "truncated: %zu bytes, its header says %" PRIu64, len,
                     h->file_bytes);
  }
  if (h->file_bytes < len) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "damaged: %zu bytes, its header says %" PRIu64, len,
                     h->file_bytes);
  }
  /* Sections in order, aligned, inside the file, and the bytes between
   * them zero: no byte of the file is outside every check. */
  uint64_t end = HEADER_BYTES;
  for (unsigned i = 0; i < SECTIONS; i++) {
    if (h->offset[i] != pad8(end) || h->len[i] > h->file_bytes - h->offset[i]) {
      return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                       "damaged: section %u lies outside the file", i);
    }
    for (uint64_t k = end; k < h->offset[i]; k++) {
      if (image[k] != 0) {
        return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                         "damaged: a byte between its sections is not zero");
      }
    }
    end = h->offset[i] + h->len[i];
  }
  if (end != h->file_bytes) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "damaged: bytes after its last section");
  }
  return PROMO_OK;
}

/* Whether the index sizes are the ones promo_code_index_build() and
 * promo_hint_index_build() make, so that every later bounds check holds:
 * constant time, whatever the file's size. */
static bool index_fits(const header *h, const unsigned char *image) {
  uint64_t expect_buckets =
      (h->codes + PROMO_CODE_INDEX_LOAD - 1) / PROMO_CODE_INDEX_LOAD;
  if (expect_buckets == 0) {
    expect_buckets = 1;
  }
  uint64_t head = 2u + h->campaign_bytes;
  if (h->codes > UINT64_MAX / (head + 255) || h->buckets != expect_buckets ||
      h->buckets > UINT32_MAX ||
      h->campaign_bytes != promo_code_index_campaign_bytes(h->campaigns) ||
      h->len[SECTION_STARTS] != (h->buckets + 1) * 8 ||
      h->len[SECTION_ENTRIES] < h->codes * (head + 1) ||
      h->len[SECTION_ENTRIES] > h->codes * (head + 255) ||
      (h->codes > 0 && h->campaigns == 0)) {
    return false;
  }
  const unsigned char *starts = image + h->offset[SECTION_STARTS];
  if (get_u64(starts) != 0 ||
      get_u64(starts + 8 * h->buckets) != h->len[SECTION_ENTRIES]) {
    return false;
  }
  if ((h->flags & ~FLAG_HINTS) != 0) {
    return false;
  }
  if ((h->flags & FLAG_HINTS) == 0) {
    return h->hint_mask == 0 && h->hints == 0 && h->len[SECTION_HINTS] == 0;
  }
  uint64_t slots = h->hint_mask + 1;
  return slots >= 16 && (slots & h->hint_mask) == 0 && slots <= SIZE_MAX / 8 &&
         h->len[SECTION_HINTS] == slots * 8 && h->hints <= h->codes &&
         h->hints <= slots / 4 * 3;
}

/* Sets campaign c of the builder up as the section describes it: through
 * the public setters, so that a file is held to every rule a JSON catalog
 * is, with this machine's zones, regions and currencies. */
static promo_status read_campaign(promo_catalog_builder *b, in_buf *in,
                                  scratch_buf *s, char **products,
                                  uint32_t product_count, bool same_regions,
                                  uint64_t *codes) {
  bool oom = false;
  const char *id = take_str(in, s, &oom);
  if (id == NULL) {
    return oom ? PROMO_ERR_NO_MEMORY : PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_campaign *c = NULL;
  promo_status st = promo_catalog_builder_add_campaign(&c, b, id);
  if (st != PROMO_OK) {
    return st;
  }
  uint8_t kind = take_u8(in);
  int64_t bps = take_i64(in);
  int64_t amount = take_i64(in);
  const unsigned char *currency = take(in, 4);
  int date[6];
  for (int k = 0; k < 6; k++) {
    date[k] = take_i32(in);
  }
  if (in->bad || (kind != KIND_PERCENT && kind != KIND_AMOUNT) ||
      currency[3] != '\0') {
    in->bad = true;
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  char code[4];
  memcpy(code, currency, 4);
  st = kind == KIND_PERCENT ? promo_campaign_set_percent_bps(c, bps)
                            : promo_campaign_set_amount(c, amount, code);
  if (st == PROMO_OK && date[0] != 0) {
    st = promo_campaign_set_starts(c, date[0], date[1], date[2]);
  }
  if (st == PROMO_OK && date[3] != 0) {
    st = promo_campaign_set_ends(c, date[3], date[4], date[5]);
  }
  const char *zone = st == PROMO_OK ? take_str(in, s, &oom) : NULL;
  if (zone != NULL && zone[0] != '\0') {
    st = promo_campaign_set_time_zone(c, zone);
  }
  const char *regions = st == PROMO_OK ? take_str(in, s, &oom) : NULL;
  promo_country_set countries;
  memset(&countries, 0, sizeof countries);
  if (regions != NULL && regions[0] != '\0') {
    take_countries(in, &countries);
    if (same_regions && !in->bad) {
      st = promo_campaign_set_countries(c, regions, &countries);
      regions = ""; /* listed: nothing left to add one by one */
    }
  }
  for (const char *r = regions; st == PROMO_OK && r != NULL && *r != '\0';) {
    char region[8];
    size_t n = strcspn(r, ",");
    if (n == 0 || n >= sizeof region) {
      in->bad = true;
      return PROMO_ERR_INVALID_ARGUMENT;
    }
    memcpy(region, r, n);
    region[n] = '\0';
    st = promo_campaign_add_region(c, region);
    r += n + (r[n] == ',');
  }
  uint32_t n = st == PROMO_OK ? take_u32(in) : 0;
  for (uint32_t k = 0; st == PROMO_OK && k < n && !in->bad; k++) {
    uint32_t index = take_u32(in);
    if (index >= product_count) {
      in->bad = true;
      return PROMO_ERR_INVALID_ARGUMENT;
    }
    st = promo_campaign_add_product(c, products[index]);
  }
  if (st != PROMO_OK) {
    /* A setter refused (a zone, region or currency this machine lacks):
     * its message says which. The rest of the campaign is not read, so
     * nothing read out of step can call the file damaged instead. */
    return oom ? PROMO_ERR_NO_MEMORY : st;
  }
  int64_t max_licenses = take_i64(in);
  int64_t max_redemptions = take_i64(in);
  if (max_licenses != 0) {
    st = promo_campaign_set_max_licenses(c, max_licenses);
  }
  if (st == PROMO_OK && max_redemptions != 0) {
    st = promo_campaign_set_max_redemptions(c, max_redemptions);
  }
  *codes = take_u64(in);
  if (oom) {
    return PROMO_ERR_NO_MEMORY;
  }
  if (st != PROMO_OK) {
    return st; /* a cap the setters refuse (a forged file) */
  }
  if (in->bad) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  /* The codes are the file's; the count is what the campaign reports and
   * what promo_catalog_build() checks (at least one). */
  c->def->code_count = (size_t)*codes;
  return PROMO_OK;
}

/* The products' list at the front of the section, each string copied. */
static promo_status read_products(in_buf *in, scratch_buf *s,
                                  const promo_alloc *a, char ***out,
                                  uint32_t *count) {
  uint32_t n = take_u32(in);
  if (in->bad || n > in->left / 4) {
    in->bad = true; /* each takes 4 bytes at least */
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  char **names = n == 0 ? NULL : promo_calloc(a, n, sizeof *names);
  if (n > 0 && names == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  *out = names;
  *count = n;
  for (uint32_t i = 0; i < n; i++) {
    bool oom = false;
    const char *sku = take_str(in, s, &oom);
    if (sku == NULL) {
      return oom ? PROMO_ERR_NO_MEMORY : PROMO_ERR_INVALID_ARGUMENT;
    }
    names[i] = promo_strdup(a, sku);
    if (names[i] == NULL) {
      return PROMO_ERR_NO_MEMORY;
    }
  }
  return PROMO_OK;
}

/* Every campaign of the section into the builder; *code_sum gets the sum
 * of their code counts. */
static promo_status read_meta(promo_catalog_builder *b, promo_errbuf *e,
                              const char *name, const header *h,
                              const unsigned char *meta, size_t len) {
  const promo_alloc *a = &b->alloc;
  in_buf in = {meta, len, false};
  scratch_buf s = {a, NULL, 0};
  char **products = NULL;
  uint32_t product_count = 0;
  /* The writer's countries, when its ICU and ours agree on them. */
  unsigned char key[REGION_KEY_BYTES];
  region_key(key);
  const unsigned char *theirs = take(&in, REGION_KEY_BYTES);
  promo_country_set valid;
  take_countries(&in, &valid);
  bool same_regions =
      theirs != NULL && memcmp(theirs, key, REGION_KEY_BYTES) == 0;
  promo_status st = PROMO_OK;
  if (same_regions && !in.bad) {
    st = promo_catalog_builder_set_countries(b, &valid);
  }
  if (st == PROMO_OK) {
    st = read_products(&in, &s, a, &products, &product_count);
  }
  uint32_t campaigns = st == PROMO_OK ? take_u32(&in) : 0;
  if (st == PROMO_OK && campaigns != h->campaigns) {
    in.bad = true;
  }
  uint64_t sum = 0;
  for (uint32_t i = 0; st == PROMO_OK && !in.bad && i < campaigns; i++) {
    uint64_t codes = 0;
    st = read_campaign(b, &in, &s, products, product_count, same_regions,
                       &codes);
    if (codes > h->codes - sum) {
      in.bad = true;
    } else {
      sum += codes;
    }
  }
  if (st == PROMO_OK && (in.left != 0 || sum != h->codes)) {
    in.bad = true;
  }
  for (uint32_t i = 0; i < product_count; i++) {
    promo_free(a, products[i]);
  }
  promo_free(a, products);
  promo_free(a, s.text);
  if (st == PROMO_ERR_NO_MEMORY) {
    return st;
  }
  if (in.bad) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "damaged: its campaigns' section does not read as one "
                     "this library writes");
  }
  if (st != PROMO_OK) {
    return path_fail(e, st, name, "%s", promo_catalog_builder_error(b));
  }
  return PROMO_OK;
}

promo_status promo_catalog_open_image(promo_catalog **out, promo_errbuf *e,
                                      const char *name,
                                      const unsigned char *image, size_t len,
                                      const promo_open_options *o, void *map) {
  header h;
  memset(&h, 0, sizeof h);
  promo_status st = read_header(&h, e, name, image, len);
  if (st != PROMO_OK) {
    return st;
  }
  const unsigned char *meta = image + h.offset[SECTION_META];
  if (promo_checksum(meta, (size_t)h.len[SECTION_META]) !=
      h.checksum[SECTION_META]) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "damaged: its campaigns do not match their checksum");
  }
  if (!index_fits(&h, image)) {
    return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                     "damaged: its code index has sizes this library never "
                     "writes");
  }
  for (unsigned i = SECTION_STARTS; o->verify && i < SECTIONS; i++) {
    if (promo_checksum(image + h.offset[i], (size_t)h.len[i]) !=
        h.checksum[i]) {
      return path_fail(e, PROMO_ERR_INVALID_ARGUMENT, name,
                       "damaged: its %s do not match their checksum",
                       i == SECTION_HINTS ? "hints" : "codes");
    }
  }
  promo_catalog_builder *b = NULL;
  st = promo_catalog_builder_new(&b, o->allocator);
  if (st != PROMO_OK) {
    return st == PROMO_ERR_NO_MEMORY
               ? st
               : path_fail(e, st, name, "the allocator lacks a function");
  }
  if (o->zones != NULL) {
    st = promo_catalog_builder_set_zones(b, o->zones);
  }
  if (st == PROMO_OK && o->store != NULL) {
    st = promo_catalog_builder_set_store(b, o->store);
  }
  if (st == PROMO_OK) {
    st = read_meta(b, e, name, &h, meta, (size_t)h.len[SECTION_META]);
  }
  if (st == PROMO_OK) {
    promo_catalog_image img;
    promo_code_index_init(&img.codes);
    img.codes.seed = h.seed;
    img.codes.count = h.codes;
    img.codes.bucket_count = h.buckets;
    img.codes.campaign_count = h.campaigns;
    img.codes.campaign_bytes = h.campaign_bytes;
    img.codes.starts =
        (const uint64_t *)(const void *)(image + h.offset[SECTION_STARTS]);
    img.codes.entries = image + h.offset[SECTION_ENTRIES];
    img.codes.entries_len = h.len[SECTION_ENTRIES];
    img.hint_slots =
        (h.flags & FLAG_HINTS) == 0
            ? NULL
            : (const uint64_t *)(const void *)(image + h.offset[SECTION_HINTS]);
    img.hint_mask = (size_t)h.hint_mask;
    img.hint_count = (size_t)h.hints;
    img.map = map;
    img.map_len = len;
    st = promo_catalog_build_image(out, b, &img);
    if (st != PROMO_OK && st != PROMO_ERR_NO_MEMORY) {
      st = path_fail(e, st, name, "%s", promo_catalog_builder_error(b));
    }
  }
  promo_catalog_builder_free(b);
  return st;
}

promo_status promo_catalog_open(promo_catalog **out, promo_file_error *error,
                                const char *path,
                                const promo_open_options *options) {
  promo_open_options defaults = PROMO_OPEN_OPTIONS_INIT;
  const promo_open_options *o = options == NULL ? &defaults : options;
  if (out == NULL || path == NULL) {
    return file_fail(error, PROMO_ERR_INVALID_ARGUMENT,
                     "no place for the catalog, or no path");
  }
  if (o->version != PROMO_OPEN_OPTIONS_VERSION) {
    return file_fail(error, PROMO_ERR_INVALID_ARGUMENT,
                     "open options: unknown version (use "
                     "PROMO_OPEN_OPTIONS_INIT)");
  }
  promo_errbuf e;
  e.text[0] = '\0';
  promo_status st = PROMO_OK;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat info;
  if (fd < 0) {
    st = path_fail(&e, PROMO_ERR_INVALID_ARGUMENT, path, "cannot open: %s",
                   strerror(errno));
  } else if (fstat(fd, &info) != 0) {
    st = path_fail(&e, PROMO_ERR_INVALID_ARGUMENT, path, "cannot read: %s",
                   strerror(errno));
  } else if (!S_ISREG(info.st_mode)) {
    st = path_fail(&e, PROMO_ERR_INVALID_ARGUMENT, path, "not a regular file");
  } else if (info.st_size < HEADER_BYTES) {
    /* Too short to map usefully: read what there is for the message. */
    unsigned char head[HEADER_BYTES];
    ssize_t n = read(fd, head, sizeof head);
    st = read_header(&(header){0}, &e, path, head, n < 0 ? 0 : (size_t)n);
  } else if ((uint64_t)info.st_size > SIZE_MAX) {
    st = path_fail(&e, PROMO_ERR_INVALID_ARGUMENT, path,
                   "too large to map on this machine");
  } else {
    size_t len = (size_t)info.st_size;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      st = errno == ENOMEM ? PROMO_ERR_NO_MEMORY
                           : path_fail(&e, PROMO_ERR_INVALID_ARGUMENT, path,
                                       "cannot map: %s", strerror(errno));
    } else {
      st = promo_catalog_open_image(out, &e, path, map, len, o, map);
      if (st != PROMO_OK) {
        (void)munmap(map, len);
      }
    }
  }
  if (fd >= 0) {
    (void)close(fd);
  }
  if (st == PROMO_ERR_NO_MEMORY) {
    return file_fail(error, st, "out of memory");
  }
  return st == PROMO_OK ? PROMO_OK : file_fail(error, st, e.text);
}
