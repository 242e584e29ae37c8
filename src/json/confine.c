/* confine.c - a codes_file is opened one path component at a time, with
 * openat() and O_NOFOLLOW, from a descriptor of its directory: the kernel
 * never follows a symbolic link for us, so every link is read here and
 * resolved inside the directory, or refused. ".." goes back to the
 * descriptor it came from, never above the first one. (Linux's openat2()
 * with RESOLVE_BENEATH does the same in one call, but it is Linux-only and
 * glibc has no wrapper for it.) POSIX.1-2008: src/json/CMakeLists.txt
 * asks for it with _POSIX_C_SOURCE. */
#include "confine.h"

#include "source_text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

/* Room for the path still to walk, links spliced in, NUL included. */
#define PATH_ROOM 4096

static const char ABSOLUTE[] =
    "an absolute path: a codes_file is relative to its directory";
static const char LEAVES[] = "the path leads out of the codes directory";
static const char LINK_OUT[] =
    "a symbolic link in the path leads out of the codes directory";
static const char NOT_REGULAR[] = "not a regular file";
static const char TOO_DEEP[] = "the path is too deep";
static const char TOO_LONG[] = "file name too long";
static const char LOOP[] = "too many levels of symbolic links";

/* The descriptor `fd`, just opened with O_NONBLOCK, when it is a regular
 * file: made blocking again. Closes it otherwise. */
static promo_status keep_regular(int fd, int *out, const char **reason) {
  struct stat st;
  const char *why = NULL;
  if (fstat(fd, &st) != 0) {
    why = pj_io_reason(errno);
  } else if (!S_ISREG(st.st_mode)) {
    why = NOT_REGULAR;
  } else {
    int flags = fcntl(fd, F_GETFL);
    if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
      why = pj_io_reason(errno);
    }
  }
  if (why != NULL) {
    *reason = why;
    (void)close(fd);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  *out = fd;
  return PROMO_OK;
}

promo_status pj_open_regular(int *fd, const char *path, const char **reason) {
  /* Look before opening: opening a device can have effects of its own, and
   * opening a FIFO blocks. fstat() after the open settles any race. */
  struct stat st;
  if (stat(path, &st) != 0) {
    *reason = pj_io_reason(errno);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (!S_ISREG(st.st_mode)) {
    *reason = S_ISDIR(st.st_mode) ? pj_io_reason(EISDIR) : NOT_REGULAR;
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  int f = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (f < 0) {
    *reason = pj_io_reason(errno);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  return keep_regular(f, fd, reason);
}

/* The walk: a stack of directory descriptors, the path still to walk, and
 * how much of its start came from symbolic links. */
typedef struct walk {
  int dirs[PJ_CONFINE_MAX_DEPTH + 1];
  size_t depth; /* dirs[depth] is the current directory */
  char rest[PATH_ROOM];
  size_t from_link; /* rest[0 .. from_link) is the text of links */
  int links;
} walk;

static void close_all(walk *w) {
  for (size_t i = 0; i <= w->depth; i++) {
    (void)close(w->dirs[i]);
  }
}

/* Replaces component rest[pos .. end) by the target of the link it names
 * in the current directory. */
static const char *follow(walk *w, const char *name, size_t end) {
  if (++w->links > PJ_CONFINE_MAX_LINKS) {
    return LOOP;
  }
  char target[PATH_ROOM];
  ssize_t n = readlinkat(w->dirs[w->depth], name, target, sizeof target - 1);
  if (n < 0) {
    return pj_io_reason(errno);
  }
  if ((size_t)n >= sizeof target - 1) {
    return TOO_LONG;
  }
  target[n] = '\0';
  if (target[0] == '/') {
    return LINK_OUT; /* wherever it points, it is not resolved from here */
  }
  const char *after = w->rest + end; /* "" or "/..." */
  size_t tail = strlen(after);
  if ((size_t)n + tail >= sizeof w->rest) {
    return TOO_LONG;
  }
  size_t linked_after = w->from_link > end ? w->from_link - end : 0;
  memmove(w->rest + n, after, tail + 1);
  memcpy(w->rest, target, (size_t)n);
  w->from_link = (size_t)n + linked_after;
  return NULL;
}

static bool is_link(int dir, const char *name) {
  struct stat st;
  return fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
         S_ISLNK(st.st_mode);
}

/* One step into directory `name`. NULL, or why not. */
static const char *enter(walk *w, const char *name, size_t end, bool *again) {
  int dir = w->dirs[w->depth];
  int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (is_link(dir, name)) {
      *again = true;
      return follow(w, name, end);
    }
    return pj_io_reason(err);
  }
  if (w->depth == PJ_CONFINE_MAX_DEPTH) {
    (void)close(fd);
    return TOO_DEEP;
  }
  w->dirs[++w->depth] = fd;
  return NULL;
}

/* The last step: the file itself. */
static const char *open_file(walk *w, const char *name, size_t end, int *out,
                             bool *again) {
  int dir = w->dirs[w->depth];
  struct stat st;
  if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return pj_io_reason(errno);
  }
  if (S_ISLNK(st.st_mode)) {
    *again = true;
    return follow(w, name, end);
  }
  if (!S_ISREG(st.st_mode)) {
    return S_ISDIR(st.st_mode) ? pj_io_reason(EISDIR) : NOT_REGULAR;
  }
  int fd = openat(dir, name,
                  O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return pj_io_reason(errno);
  }
  const char *reason = NULL;
  return keep_regular(fd, out, &reason) == PROMO_OK ? NULL : reason;
}

/* Walks w->rest from the current directory to the file. */
static const char *walk_path(walk *w, int *out) {
  size_t pos = 0;
  for (;;) {
    while (w->rest[pos] == '/') {
      pos++;
    }
    if (w->rest[pos] == '\0') {
      return pj_io_reason(EISDIR); /* the path names a directory */
    }
    size_t end = pos;
    while (w->rest[end] != '\0' && w->rest[end] != '/') {
      end++;
    }
    char name[256];
    if (end - pos >= sizeof name) {
      return TOO_LONG;
    }
    memcpy(name, w->rest + pos, end - pos);
    name[end - pos] = '\0';
    if (strcmp(name, ".") == 0) {
      pos = end;
      continue;
    }
    if (strcmp(name, "..") == 0) {
      if (w->depth == 0) {
        return pos < w->from_link ? LINK_OUT : LEAVES;
      }
      (void)close(w->dirs[w->depth--]);
      pos = end;
      continue;
    }
    /* The component is now spliced out or entered: shift what is left so
     * that it starts the buffer, keeping from_link in step. */
    memmove(w->rest, w->rest + pos, strlen(w->rest + pos) + 1);
    end -= pos;
    w->from_link = w->from_link > pos ? w->from_link - pos : 0;
    bool again = false; /* a link: rest now starts with its target */
    bool last = w->rest[end] == '\0';
    const char *why = last ? open_file(w, name, end, out, &again)
                           : enter(w, name, end, &again);
    if (why != NULL || (last && !again)) {
      return why;
    }
    pos = again ? 0 : end;
  }
}

promo_status pj_open_confined(int *fd, const char *base, const char *relative,
                              const char **reason) {
  if (relative[0] == '/') {
    *reason = ABSOLUTE;
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  walk w;
  size_t len = strlen(relative);
  if (len >= sizeof w.rest) {
    *reason = TOO_LONG;
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  memcpy(w.rest, relative, len + 1);
  w.from_link = 0;
  w.links = 0;
  w.depth = 0;
  w.dirs[0] =
      open(base[0] == '\0' ? "." : base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (w.dirs[0] < 0) {
    *reason = pj_io_reason(errno);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  int out = -1;
  const char *why = walk_path(&w, &out);
  close_all(&w);
  if (why != NULL) {
    *reason = why;
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  *fd = out;
  return PROMO_OK;
}
