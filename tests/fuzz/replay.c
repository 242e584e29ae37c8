/* replay.c - runs a fuzz target over files and directories of inputs, so
 * the committed corpus is a regression suite on any compiler. A crash or a
 * failed check aborts, which fails the test. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static long replayed;

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  size_t cap = 4096;
  size_t len = 0;
  uint8_t *buf = malloc(cap);
  size_t n;
  while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      uint8_t *grown = realloc(buf, cap * 2);
      if (grown == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
  }
  int failed = ferror(f) || buf == NULL;
  fclose(f);
  if (!failed) {
    LLVMFuzzerTestOneInput(buf, len);
    replayed++;
  } else {
    fprintf(stderr, "%s: cannot read\n", path);
  }
  free(buf);
  return failed;
}

static int replay(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    return replay_file(path);
  }
  DIR *dir = opendir(path);
  if (dir == NULL) {
    perror(path);
    return 1;
  }
  int failed = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    size_t need = strlen(path) + strlen(e->d_name) + 2;
    char *child = malloc(need);
    if (child == NULL) {
      failed = 1;
      break;
    }
    snprintf(child, need, "%s/%s", path, e->d_name);
    failed |= replay(child);
    free(child);
  }
  closedir(dir);
  return failed;
}

int main(int argc, char **argv) {
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    failed |= replay(argv[i]);
  }
  printf("replayed %ld inputs\n", replayed);
  return failed || replayed == 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
