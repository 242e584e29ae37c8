/* consumer.c - what a user of the installed library writes: it must build
 * with find_package(promo) and with pkg-config, shared and static. */
#include <promo/promo.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  if (strcmp(promo_version(), "") == 0 ||
      promo_version_number() != PROMO_VERSION_NUMBER) {
    fprintf(stderr, "header/library version mismatch\n");
    return 1;
  }
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  promo_catalog *catalog = NULL;
  promo_order *order = NULL;
  promo_status st = promo_catalog_builder_new(&b, NULL);
  if (st == PROMO_OK) {
    st = promo_catalog_builder_add_campaign(&c, b, "welcome");
  }
  if (st == PROMO_OK) {
    st = promo_campaign_set_percent_bps(c, 1000);
  }
  if (st == PROMO_OK) {
    st = promo_campaign_add_region(c, "EU"); /* needs ICU's region data */
  }
  if (st == PROMO_OK) {
    st = promo_campaign_add_code(c, "WELCOME", 7);
  }
  if (st == PROMO_OK) {
    st = promo_catalog_build(&catalog, b);
  }
  if (st == PROMO_OK) {
    st = promo_order_new(&order, catalog);
  }
  if (st == PROMO_OK) {
    st = promo_order_set_country(order, "NL");
  }
  if (st == PROMO_OK) {
    st = promo_order_set_currency(order, "EUR");
  }
  if (st == PROMO_OK) {
    st = promo_order_set_placed_at(order, 1774992600);
  }
  if (st == PROMO_OK) {
    st = promo_order_add_line(NULL, order, "s1", "SKU", true,
                              PROMO_TERM_MONTHLY, 1, 1000);
  }
  if (st == PROMO_OK) {
    st = promo_apply(NULL, order, "WELCOME", 7, NULL);
  }
  printf("libpromo %s: %s\n", promo_version(), promo_status_name(st));
  promo_order_free(order);
  promo_catalog_free(catalog);
  promo_catalog_builder_free(b);
  return st == PROMO_OK ? 0 : 1;
}
