/* zones.c - a tz database directory and the zones read from it.
 *
 * The cache is a fixed array of buckets, each the head of a list of zones
 * that is only ever prepended to, with a compare-and-swap: a lookup is one
 * acquire load and a walk of a short list, with no lock, and a zone once
 * published is immutable and lives as long as the object. Ids that are not
 * zones are not cached, so junk ids cannot grow the cache. */
/* openat, O_DIRECTORY, O_CLOEXEC, strnlen: POSIX.1-2008. A feature-test
 * macro is the application's to define, reserved name or not. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
#define _POSIX_C_SOURCE 200809L

#include "zones.h"

#include "hash.h"
#include "quote.h"
#include "tzif.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* About 600 ids in the database; a few zones per bucket at most. */
#define BUCKETS 256
#define VERSION_MAX 24

struct promo_zones {
  promo_alloc alloc;
  atomic_size_t refs;
  int dirfd; /* -1: the directory could not be opened */
  const char *source;
  char *directory;                   /* in the same block, after the struct */
  char error[PROMO_QUOTE_SIZE + 64]; /* "" or why the directory is unusable */
  char version[VERSION_MAX];
  _Atomic(promo_zone *) buckets[BUCKETS];
};

static const char *errno_text(int e) {
  switch (e) {
  case ENOENT:
    return "no such file or directory";
  case ENOTDIR:
    return "not a directory";
  case EACCES:
    return "permission denied";
  default:
    return "system error";
  }
}

/* ---- options and lifetime --------------------------------------------- */

promo_status promo_zones_options_init(promo_zones_options *options,
                                      unsigned int version) {
  if (options == NULL || version < 1 || version > PROMO_ZONES_OPTIONS_VERSION) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const promo_zones_options defaults = PROMO_ZONES_OPTIONS_INIT;
  *options = defaults;
  options->version = version;
  return PROMO_OK;
}

/* The version from tzdata.zi's first line, "# version 2026f". */
static void read_version(promo_zones *z) {
  static const char PREFIX[] = "# version ";
  z->version[0] = '\0';
  int fd = openat(z->dirfd, "tzdata.zi", O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return;
  }
  char line[64];
  ssize_t n = read(fd, line, sizeof line - 1);
  close(fd);
  if (n < (ssize_t)sizeof PREFIX) {
    return;
  }
  line[n] = '\0';
  if (strncmp(line, PREFIX, sizeof PREFIX - 1) != 0) {
    return;
  }
  const char *v = line + sizeof PREFIX - 1;
  size_t len = strcspn(v, " \t\r\n");
  if (len > 0 && len < VERSION_MAX && v[len] != '\0') {
    memcpy(z->version, v, len);
    z->version[len] = '\0';
  }
}

static promo_status zones_create(promo_zones **out, const promo_alloc *a,
                                 const char *directory) {
  const char *source = "options";
  if (directory == NULL) {
    const char *env = getenv("TZDIR");
    if (env != NULL && env[0] != '\0') {
      directory = env;
      source = "TZDIR";
    } else {
      directory = PROMO_ZONES_DEFAULT_DIRECTORY;
      source = "default";
    }
  }
  size_t dir_len = strlen(directory);
  size_t bytes = sizeof(promo_zones) + dir_len + 1;
  promo_zones *z = promo_malloc(a, bytes);
  if (z == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  memset(z, 0, sizeof *z);
  z->alloc = *a;
  atomic_init(&z->refs, 1);
  for (size_t i = 0; i < BUCKETS; i++) {
    atomic_init(&z->buckets[i], NULL);
  }
  z->source = source;
  z->directory = (char *)(z + 1);
  memcpy(z->directory, directory, dir_len + 1);
  z->dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (z->dirfd < 0) {
    int e = errno;
    promo_quoted q;
    snprintf(z->error, sizeof z->error, "cannot open %s: %s",
             promo_quote_str(&q, directory), errno_text(e));
  } else {
    read_version(z);
  }
  *out = z;
  return PROMO_OK;
}

promo_status promo_zones_new(promo_zones **out,
                             const promo_zones_options *options) {
  promo_alloc a;
  if (out == NULL ||
      (options != NULL && (options->version < 1 ||
                           options->version > PROMO_ZONES_OPTIONS_VERSION))) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const promo_allocator *user = options == NULL ? NULL : options->allocator;
  const char *directory = options == NULL ? NULL : options->directory;
  if (!promo_alloc_init(&a, user) ||
      (directory != NULL && directory[0] == '\0')) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  return zones_create(out, &a, directory);
}

promo_status promo_zones_new_default(promo_zones **out, const promo_alloc *a) {
  return zones_create(out, a, NULL);
}

promo_zones *promo_zones_retain(promo_zones *zones) {
  atomic_fetch_add_explicit(&zones->refs, 1, memory_order_relaxed);
  return zones;
}

void promo_zones_free(promo_zones *zones) {
  if (zones == NULL ||
      atomic_fetch_sub_explicit(&zones->refs, 1, memory_order_acq_rel) != 1) {
    return;
  }
  promo_alloc a = zones->alloc;
  for (size_t i = 0; i < BUCKETS; i++) {
    promo_zone *z =
        atomic_load_explicit(&zones->buckets[i], memory_order_relaxed);
    while (z != NULL) {
      promo_zone *next = z->next;
      promo_free(&a, z);
      z = next;
    }
  }
  if (zones->dirfd >= 0) {
    close(zones->dirfd);
  }
  promo_free(&a, zones);
}

/* ---- getters ------------------------------------------------------------ */

const char *promo_zones_directory(const promo_zones *zones) {
  return zones == NULL ? NULL : zones->directory;
}

const char *promo_zones_directory_source(const promo_zones *zones) {
  return zones == NULL ? NULL : zones->source;
}

const char *promo_zones_tzdata_version(const promo_zones *zones) {
  return zones == NULL || zones->version[0] == '\0' ? NULL : zones->version;
}

const char *promo_zones_error(const promo_zones *zones) {
  return zones == NULL ? "" : zones->error;
}

/* ---- lookups ------------------------------------------------------------ */

static bool is_alpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The shape of a tz database id: '/'-separated names, each starting with a
 * letter, of letters, digits, '_', '-' and '+'. No '.': that keeps out
 * "..", hidden files and every non-zone file of the directory
 * (zone.tab, tzdata.zi, leap-seconds.list, ...) at once. */
static bool id_shape(const char *id) {
  size_t n = 0;
  bool component_start = true;
  for (const char *p = id; *p != '\0'; p++, n++) {
    char c = *p;
    if (n >= PROMO_ZONE_MAX) {
      return false;
    }
    if (component_start) {
      if (!is_alpha(c)) {
        return false;
      }
      component_start = false;
    } else if (c == '/') {
      component_start = true;
    } else if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '_' &&
               c != '-' && c != '+') {
      return false;
    }
  }
  return n > 0 && !component_start;
}

/* TZif files of the directory that are not zones of the database: the
 * POSIX-seconds and leap-second copies, the rules for TZ strings without
 * dates, the host's own zone, and the leap-second table. */
static bool not_a_zone(const char *id) {
  return strncmp(id, "posix/", 6) == 0 || strncmp(id, "right/", 6) == 0 ||
         strcmp(id, "posixrules") == 0 || strcmp(id, "localtime") == 0 ||
         strcmp(id, "leapseconds") == 0;
}

/* Any id may come here: it is quoted (quote.h). */
static promo_status unknown(char *msg, size_t cap, const char *id) {
  promo_quoted q;
  snprintf(msg, cap, "unknown time zone '%s'", promo_quote_str(&q, id));
  return PROMO_ERR_INVALID_ARGUMENT;
}

/* Reads file `id` of the directory into a new zone. The id has passed
 * id_shape(): it needs no quoting; the directory (the host's) does. */
static promo_status load(promo_zones *zones, promo_zone **out, const char *id,
                         char *msg, size_t cap) {
  promo_quoted dir;
  (void)promo_quote_str(&dir, zones->directory);
  int fd = openat(zones->dirfd, id, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) {
      return unknown(msg, cap, id);
    }
    snprintf(msg, cap, "time zone '%s': cannot open %s/%s: %s", id, dir.text,
             id, errno_text(e));
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd); /* a directory such as "America" */
    return unknown(msg, cap, id);
  }
  /* One byte more than the limit, so that a larger file is seen as such. */
  size_t size = st.st_size < 0 ? 0 : (size_t)st.st_size;
  size_t want = (size > PROMO_TZIF_MAX_BYTES ? PROMO_TZIF_MAX_BYTES : size) + 1;
  unsigned char *buf = promo_malloc(&zones->alloc, want);
  if (buf == NULL) {
    close(fd);
    return PROMO_ERR_NO_MEMORY;
  }
  size_t len = 0;
  ssize_t n = 0;
  while (len < want && (n = read(fd, buf + len, want - len)) > 0) {
    len += (size_t)n;
  }
  int read_errno = n < 0 ? errno : 0;
  close(fd);
  promo_status status = PROMO_ERR_INVALID_ARGUMENT;
  if (n < 0) {
    snprintf(msg, cap, "time zone '%s': cannot read %s/%s: %s", id, dir.text,
             id, errno_text(read_errno));
  } else {
    const char *why = NULL;
    status = promo_tzif_parse(out, &zones->alloc, id, buf, len, &why);
    if (status == PROMO_ERR_INVALID_ARGUMENT) {
      snprintf(msg, cap, "time zone '%s': %s/%s is not a valid TZif file: %s",
               id, dir.text, id, why);
    }
  }
  promo_free(&zones->alloc, buf);
  return status;
}

static const promo_zone *find(const promo_zone *head, const char *id) {
  for (const promo_zone *z = head; z != NULL; z = z->next) {
    if (strcmp(z->name, id) == 0) {
      return z;
    }
  }
  return NULL;
}

promo_status promo_zones_get(promo_zones *zones, const promo_zone **out,
                             const char *id, char *msg, size_t cap) {
  if (id == NULL) {
    snprintf(msg, cap, "no time zone");
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (strcmp(id, PROMO_UTC) == 0) {
    *out = promo_zone_utc();
    return PROMO_OK;
  }
  /* The cache first: only ids that passed the checks below are in it. */
  size_t len = strnlen(id, PROMO_ZONE_MAX + 1);
  _Atomic(promo_zone *) *bucket =
      &zones->buckets[promo_hash_bytes(id, len) % BUCKETS];
  promo_zone *head = atomic_load_explicit(bucket, memory_order_acquire);
  const promo_zone *found = find(head, id);
  if (found != NULL) {
    *out = found;
    return PROMO_OK;
  }
  if (!id_shape(id) || not_a_zone(id)) {
    return unknown(msg, cap, id);
  }
  if (zones->dirfd < 0) {
    snprintf(msg, cap, "time zone '%s': no time zone database: %s", id,
             zones->error);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_zone *fresh = NULL;
  promo_status st = load(zones, &fresh, id, msg, cap);
  if (st != PROMO_OK) {
    return st;
  }
  /* Publish it, unless another thread got there first: then keep theirs. */
  for (;;) {
    fresh->next = head;
    if (atomic_compare_exchange_weak_explicit(
            bucket, &head, fresh, memory_order_acq_rel, memory_order_acquire)) {
      *out = fresh;
      return PROMO_OK;
    }
    found = find(head, id);
    if (found != NULL) {
      promo_free(&zones->alloc, fresh);
      *out = found;
      return PROMO_OK;
    }
  }
}
