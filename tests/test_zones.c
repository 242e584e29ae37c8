/* test_zones.c - promo_zones: which directory, which database version,
 * what a missing database or a broken zone file says, the cache shared by
 * threads, and how builders, catalogs and orders use it. The directory
 * tests/data/zoneinfo is a small synthetic database
 * (tests/tzdb/make_tzif.py); the system's is used where real zones are. */
#define _POSIX_C_SOURCE 200809L

#include "catalog_impl.h"
#include "support.h"
#include "zones.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_DB PROMO_TEST_DATA_DIR "/zoneinfo"

static promo_zones *open_dir(const char *directory) {
  promo_zones_options options = PROMO_ZONES_OPTIONS_INIT;
  options.directory = directory;
  promo_zones *zones = NULL;
  ck_assert_int_eq(promo_zones_new(&zones, &options), PROMO_OK);
  ck_assert_ptr_nonnull(zones);
  return zones;
}

/* ---- the directory and its version ------------------------------------- */

START_TEST(zones_read_the_directory_given_and_its_version) {
  promo_zones *zones = open_dir(TEST_DB);
  ck_assert_str_eq(promo_zones_directory(zones), TEST_DB);
  ck_assert_str_eq(promo_zones_directory_source(zones), "options");
  ck_assert_str_eq(promo_zones_tzdata_version(zones), "2099z");
  ck_assert_str_eq(promo_zones_error(zones), "");
  promo_zones_free(zones);
}
END_TEST

START_TEST(zones_default_to_tzdir_then_usr_share_zoneinfo) {
  ck_assert_int_eq(setenv("TZDIR", TEST_DB, 1), 0);
  promo_zones *zones = NULL;
  ck_assert_int_eq(promo_zones_new(&zones, NULL), PROMO_OK);
  ck_assert_str_eq(promo_zones_directory(zones), TEST_DB);
  ck_assert_str_eq(promo_zones_directory_source(zones), "TZDIR");
  promo_zones_free(zones);
  /* An empty TZDIR counts as unset, as in the C library. */
  ck_assert_int_eq(setenv("TZDIR", "", 1), 0);
  ck_assert_int_eq(promo_zones_new(&zones, NULL), PROMO_OK);
  ck_assert_str_eq(promo_zones_directory(zones), "/usr/share/zoneinfo");
  ck_assert_str_eq(promo_zones_directory_source(zones), "default");
  promo_zones_free(zones);
  ck_assert_int_eq(unsetenv("TZDIR"), 0);
  promo_zones_options options = PROMO_ZONES_OPTIONS_INIT;
  ck_assert_int_eq(promo_zones_new(&zones, &options), PROMO_OK);
  ck_assert_str_eq(promo_zones_directory(zones), PROMO_ZONES_DEFAULT_DIRECTORY);
  ck_assert_str_eq(promo_zones_directory_source(zones), "default");
  promo_zones_free(zones);
}
END_TEST

START_TEST(zones_without_a_version_line_have_no_version) {
  /* A directory without tzdata.zi: the database's own directory. */
  promo_zones *zones = open_dir(TEST_DB "/Test");
  ck_assert_ptr_null(promo_zones_tzdata_version(zones));
  ck_assert_str_eq(promo_zones_error(zones), "");
  promo_zones_free(zones);
}
END_TEST

START_TEST(zones_without_a_database_refuse_every_zone_but_utc) {
  promo_zones *zones = open_dir("/nonexistent/zoneinfo");
  ck_assert_str_eq(promo_zones_error(zones),
                   "cannot open /nonexistent/zoneinfo: no such file or "
                   "directory");
  ck_assert_ptr_null(promo_zones_tzdata_version(zones));
  const promo_zone *z = NULL;
  char msg[256];
  ck_assert_int_eq(promo_zones_get(zones, &z, "Europe/Paris", msg, sizeof msg),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(msg, "time zone 'Europe/Paris': no time zone database: "
                        "cannot open /nonexistent/zoneinfo: no such file or "
                        "directory");
  ck_assert_int_eq(promo_zones_get(zones, &z, "UTC", msg, sizeof msg),
                   PROMO_OK);
  ck_assert_ptr_eq(z, promo_zone_utc());
  promo_zones_free(zones);
  /* A file where the directory should be. */
  zones = open_dir(TEST_DB "/tzdata.zi");
  ck_assert_str_eq(promo_zones_error(zones),
                   "cannot open " TEST_DB "/tzdata.zi: not a directory");
  promo_zones_free(zones);
}
END_TEST

/* ---- zone files ------------------------------------------------------------
 */

START_TEST(zones_refuse_a_broken_file_naming_it_and_why) {
  promo_zones *zones = open_dir(TEST_DB);
  const promo_zone *z = NULL;
  char msg[512];
  ck_assert_int_eq(
      promo_zones_get(zones, &z, "Test/Truncated", msg, sizeof msg),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(msg, "time zone 'Test/Truncated': " TEST_DB
                        "/Test/Truncated is not a valid TZif file: truncated "
                        "data block");
  ck_assert_int_eq(promo_zones_get(zones, &z, "Test/NotTzif", msg, sizeof msg),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(msg, "time zone 'Test/NotTzif': " TEST_DB
                        "/Test/NotTzif is not a valid TZif file: no TZif "
                        "magic");
  /* A directory of the database is not a zone. */
  ck_assert_int_eq(promo_zones_get(zones, &z, "Test", msg, sizeof msg),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(msg, "unknown time zone 'Test'");
  ck_assert_int_eq(promo_zones_get(zones, &z, NULL, msg, sizeof msg),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(msg, "no time zone");
  /* A good one, then the same rules again. */
  const promo_zone *again = NULL;
  ck_assert_int_eq(promo_zones_get(zones, &z, "Test/Plus3", msg, sizeof msg),
                   PROMO_OK);
  ck_assert_int_eq(
      promo_zones_get(zones, &again, "Test/Plus3", msg, sizeof msg), PROMO_OK);
  ck_assert_ptr_eq(z, again);
  ck_assert_int_eq(promo_zone_offset(z, 0), 3 * 3600);
  promo_zones_free(zones);
}
END_TEST

/* ---- options ----------------------------------------------------------------
 */

START_TEST(zones_refuse_bad_options) {
  promo_zones *zones = NULL;
  promo_zones_options options = PROMO_ZONES_OPTIONS_INIT;
  ck_assert_int_eq(promo_zones_new(NULL, &options), PROMO_ERR_INVALID_ARGUMENT);
  options.version = 0;
  ck_assert_int_eq(promo_zones_new(&zones, &options),
                   PROMO_ERR_INVALID_ARGUMENT);
  options.version = PROMO_ZONES_OPTIONS_VERSION + 1;
  ck_assert_int_eq(promo_zones_new(&zones, &options),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_zones_options_init(&options, 1), PROMO_OK);
  options.directory = "";
  ck_assert_int_eq(promo_zones_new(&zones, &options),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_allocator half = {NULL, NULL, NULL, NULL};
  ck_assert_int_eq(promo_zones_options_init(&options, 1), PROMO_OK);
  options.allocator = &half;
  ck_assert_int_eq(promo_zones_new(&zones, &options),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(zones);
  ck_assert_int_eq(promo_zones_options_init(NULL, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_zones_options_init(&options, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_zones_options_init(&options, 2),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(promo_zones_directory(NULL));
  ck_assert_ptr_null(promo_zones_directory_source(NULL));
  ck_assert_ptr_null(promo_zones_tzdata_version(NULL));
  ck_assert_str_eq(promo_zones_error(NULL), "");
}
END_TEST

START_TEST(zones_new_reports_out_of_memory) {
  test_alloc t;
  test_alloc_init(&t, 1);
  promo_zones_options options = PROMO_ZONES_OPTIONS_INIT;
  options.allocator = &t.allocator;
  promo_zones *zones = NULL;
  ck_assert_int_eq(promo_zones_new(&zones, &options), PROMO_ERR_NO_MEMORY);
  ck_assert_ptr_null(zones);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

/* ---- builders, catalogs and orders ------------------------------------------
 */

static promo_campaign *campaign(promo_catalog_builder *b, const char *id,
                                const char *zone) {
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, id), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 1000), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_code(c, id, strlen(id)), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_ends(c, 2026, 6, 30), PROMO_OK);
  if (zone != NULL) {
    ck_assert_int_eq(promo_campaign_set_time_zone(c, zone), PROMO_OK);
  }
  return c;
}

START_TEST(zones_given_to_a_builder_serve_its_catalog_and_orders) {
  promo_zones *zones = open_dir(TEST_DB);
  promo_catalog_builder *b = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, NULL), PROMO_OK);
  ck_assert_int_eq(promo_catalog_builder_set_zones(b, zones), PROMO_OK);
  promo_zones_free(zones); /* the builder keeps its own reference */
  promo_campaign *c = campaign(b, "plus3", "Test/Plus3");
  ck_assert_int_eq(promo_campaign_set_time_zone(c, "Europe/Amsterdam"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'plus3': unknown time zone 'Europe/Amsterdam'");
  ck_assert_int_eq(promo_campaign_set_time_zone(c, "Test/BadOffset"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'plus3': time zone 'Test/BadOffset': " TEST_DB
                   "/Test/BadOffset is not a valid TZif file: UTC offset out "
                   "of range");
  ck_assert_str_eq(promo_campaign_zone(c->def), "Test/Plus3");
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  promo_catalog_builder_free(b);
  /* 2026-06-30 ends at midnight +03: 21:00Z. */
  ck_assert_int_eq(cat->campaigns[0]->active_until,
                   test_utc(2026, 6, 30, 21, 0, 0));
  promo_order *o = NULL;
  ck_assert_int_eq(promo_order_new(&o, cat), PROMO_OK);
  ck_assert_int_eq(promo_order_set_time_zone(o, "Test/Dst"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_time_zone(o, "Europe/Paris"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_order_error(o), "unknown time zone 'Europe/Paris'");
  ck_assert_str_eq(promo_order_time_zone(o), "Test/Dst");
  promo_order_free(o);
  promo_catalog_free(cat); /* and with it the last reference to zones */
}
END_TEST

START_TEST(zones_set_after_a_campaign_zone_are_checked_at_build) {
  promo_catalog_builder *b = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, NULL), PROMO_OK);
  campaign(b, "paris", "Europe/Paris"); /* the system's database */
  promo_zones *zones = open_dir(TEST_DB);
  ck_assert_int_eq(promo_catalog_builder_set_zones(b, zones), PROMO_OK);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(cat);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'paris': unknown time zone 'Europe/Paris'");
  /* Nothing changed: with the system's zones again, it builds. */
  promo_zones_free(zones);
  zones = open_dir("/usr/share/zoneinfo");
  ck_assert_int_eq(promo_catalog_builder_set_zones(b, zones), PROMO_OK);
  promo_zones_free(zones);
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_int_eq(cat->campaigns[0]->active_until,
                   test_utc(2026, 6, 30, 22, 0, 0));
  ck_assert_int_eq(promo_catalog_builder_set_zones(b, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b), "no zones");
  ck_assert_int_eq(promo_catalog_builder_set_zones(NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(zones_missing_database_refuses_campaign_zones_but_utc) {
  ck_assert_int_eq(setenv("TZDIR", "/nonexistent/zoneinfo", 1), 0);
  promo_catalog_builder *b = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, NULL), PROMO_OK);
  promo_campaign *c = campaign(b, "utc", "UTC");
  ck_assert_int_eq(promo_campaign_set_time_zone(c, "Europe/Paris"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'utc': time zone 'Europe/Paris': no time zone "
                   "database: cannot open /nonexistent/zoneinfo: no such file "
                   "or directory");
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_int_eq(unsetenv("TZDIR"), 0);
  promo_order *o = NULL;
  ck_assert_int_eq(promo_order_new(&o, cat), PROMO_OK);
  ck_assert_int_eq(promo_order_set_time_zone(o, "Asia/Tokyo"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_set_time_zone(o, "UTC"), PROMO_OK);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

/* ---- threads
 * ------------------------------------------------------------------ */

static const char *const THREAD_ZONES[] = {
    "Europe/Amsterdam", "America/Mexico_City", "Asia/Almaty",
    "Africa/Cairo",     "America/Asuncion",    "America/Nuuk",
    "US/Eastern",       "America/New_York",    "Australia/Lord_Howe",
    "Asia/Kathmandu",   "Pacific/Chatham",     "Europe/Dublin"};
#define N_THREAD_ZONES (sizeof THREAD_ZONES / sizeof THREAD_ZONES[0])
#define THREADS 4

typedef struct lookup_job {
  promo_zones *zones;
  size_t first; /* each thread starts at another zone */
  const promo_zone *seen[N_THREAD_ZONES];
  int failures;
} lookup_job;

static void *look_up_all(void *arg) {
  lookup_job *job = arg;
  for (int round = 0; round < 50; round++) {
    for (size_t k = 0; k < N_THREAD_ZONES; k++) {
      size_t i = (job->first + k) % N_THREAD_ZONES;
      const promo_zone *z = NULL;
      char msg[256];
      if (promo_zones_get(job->zones, &z, THREAD_ZONES[i], msg, sizeof msg) !=
              PROMO_OK ||
          (job->seen[i] != NULL && job->seen[i] != z)) {
        job->failures++;
      }
      job->seen[i] = z;
    }
  }
  return NULL;
}

START_TEST(zones_read_once_and_shared_by_threads_at_once) {
  /* Threads ask for the same zones of a fresh object at once: each zone is
   * published once, every thread gets the same rules, nothing leaks. */
  promo_zones *zones = open_dir("/usr/share/zoneinfo");
  pthread_t threads[THREADS];
  lookup_job jobs[THREADS];
  memset(jobs, 0, sizeof jobs);
  for (size_t i = 0; i < THREADS; i++) {
    jobs[i].zones = zones;
    jobs[i].first = i * 3;
    ck_assert_int_eq(pthread_create(&threads[i], NULL, look_up_all, &jobs[i]),
                     0);
  }
  for (size_t i = 0; i < THREADS; i++) {
    ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    ck_assert_int_eq(jobs[i].failures, 0);
  }
  for (size_t z = 0; z < N_THREAD_ZONES; z++) {
    for (size_t i = 1; i < THREADS; i++) {
      ck_assert_ptr_eq(jobs[i].seen[z], jobs[0].seen[z]);
    }
  }
  promo_zones_free(zones);
}
END_TEST

int main(void) {
  Suite *s = suite_create("zones");
  TCase *dir = tcase_create("directory");
  tcase_add_test(dir, zones_read_the_directory_given_and_its_version);
  tcase_add_test(dir, zones_default_to_tzdir_then_usr_share_zoneinfo);
  tcase_add_test(dir, zones_without_a_version_line_have_no_version);
  tcase_add_test(dir, zones_without_a_database_refuse_every_zone_but_utc);
  tcase_add_test(dir, zones_refuse_a_broken_file_naming_it_and_why);
  tcase_add_test(dir, zones_refuse_bad_options);
  tcase_add_test(dir, zones_new_reports_out_of_memory);
  suite_add_tcase(s, dir);
  TCase *use = tcase_create("use");
  tcase_add_test(use, zones_given_to_a_builder_serve_its_catalog_and_orders);
  tcase_add_test(use, zones_set_after_a_campaign_zone_are_checked_at_build);
  tcase_add_test(use, zones_missing_database_refuses_campaign_zones_but_utc);
  tcase_add_test(use, zones_read_once_and_shared_by_threads_at_once);
  suite_add_tcase(s, use);
  return test_run_suite(s);
}
