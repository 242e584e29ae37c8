/* apply_read.c - the C side of the Python benchmark (bench/python_apply.py):
 * one apply of a code to an order and the reading of its whole result
 * (promo_result_get + promo_result_get_lines), timed over many calls, as
 * the Python package does it in Order.check().
 *
 *   promo-bench-apply-read CATALOG ORDER CODE ITERATIONS
 *
 * Prints the mean nanoseconds of CPU time per apply + read, the best of
 * five runs (CPU time, not wall time: the figure holds on a shared,
 * loaded machine). The code is applied with dry_run, so that every call
 * does the same work (a real apply would make the second call a no-op on
 * lines that already carry the code). */
#include <promo/json.h>
#include <promo/promo.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The process's CPU time (C11 clock()), in nanoseconds. */
static double now_ns(void) {
  return (double)clock() * (1e9 / (double)CLOCKS_PER_SEC);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s CATALOG ORDER CODE ITERATIONS\n", argv[0]);
    return 2;
  }
  long iterations = strtol(argv[4], NULL, 10);
  if (iterations < 1) {
    fprintf(stderr, "ITERATIONS must be at least 1\n");
    return 2;
  }
  promo_json_error error;
  promo_catalog *catalog = NULL;
  promo_order *order = NULL;
  promo_result *result = NULL;
  char text[PROMO_JSON_ERROR_FILE_MAX + PROMO_JSON_ERROR_TEXT_MAX + 64];
  if (promo_json_load_catalog(&catalog, &error, argv[1], NULL, NULL) !=
          PROMO_OK ||
      promo_json_load_order(&order, &error, catalog, argv[2], NULL) !=
          PROMO_OK) {
    promo_json_error_format(text, sizeof text, &error);
    fprintf(stderr, "%s\n", text);
    promo_catalog_free(catalog);
    return 2;
  }
  if (promo_result_new(&result, NULL) != PROMO_OK) {
    promo_order_free(order);
    promo_catalog_free(catalog);
    return 2;
  }
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.dry_run = true;
  const char *code = argv[3];
  size_t len = strlen(code);
  promo_result_info info = {0};
  promo_result_line_info lines[16];
  size_t count = 0;
  int64_t check = 0;
  double best = 0;
  for (int run = 0; run < 5; run++) {
    double start = now_ns();
    for (long i = 0; i < iterations; i++) {
      promo_apply(result, order, code, len, &options);
      promo_result_get(&info, sizeof info, result);
      promo_result_get_lines(&count, lines, 16, sizeof lines[0], result);
      check += info.discount + (count > 0 ? lines[0].discount_ends : 0);
    }
    double elapsed = now_ns() - start;
    if (run == 0 || elapsed < best) {
      best = elapsed;
    }
  }
  printf("%.1f ns per apply+read (best of 5 x %ld calls, status %s, "
         "checksum %lld)\n",
         best / (double)iterations, iterations, promo_status_name(info.status),
         (long long)check);
  promo_result_free(result);
  promo_order_free(order);
  promo_catalog_free(catalog);
  return 0;
}
