/* embed.c - a checkout in 40 lines: build a catalog, make an order, apply
 * the code the customer typed, show what it takes off and why. */
#include <promo/promo.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define CHECK(call)                                                            \
  do {                                                                         \
    promo_status st_ = (call);                                                 \
    if (st_ != PROMO_OK) {                                                     \
      fprintf(stderr, "%s: %s\n", #call, promo_status_name(st_));              \
      return 2;                                                                \
    }                                                                          \
  } while (0)

int main(int argc, char **argv) {
  const char *code = argc > 1 ? argv[1] : "SPRING-2026";
  promo_catalog_builder *b = NULL;
  promo_campaign *spring = NULL;
  promo_catalog *catalog = NULL;
  CHECK(promo_catalog_builder_new(&b, NULL));
  CHECK(promo_catalog_builder_add_campaign(&spring, b, "spring-2026"));
  CHECK(promo_campaign_set_percent_bps(spring, 2000)); /* 20 % */
  CHECK(promo_campaign_set_ends(spring, 2026, 3, 31));
  CHECK(promo_campaign_set_time_zone(spring, "Europe/Amsterdam"));
  CHECK(promo_campaign_add_region(spring, "155")); /* Western Europe */
  CHECK(promo_campaign_set_max_licenses(spring, 300));
  CHECK(promo_campaign_add_code(spring, "SPRING-2026", 11));
  CHECK(promo_catalog_build(&catalog, b));
  promo_catalog_builder_free(b); /* and with it the handle `spring` */

  promo_order *order = NULL;
  CHECK(promo_order_new(&order, catalog));
  /* The order holds a reference to the catalog: ours may go first. */
  promo_catalog_free(catalog);
  CHECK(promo_order_set_country(order, "NL"));
  CHECK(promo_order_set_currency(order, "EUR"));
  CHECK(promo_order_set_placed_at(order, 1774992600)); /* 2026-03-31 21:30Z */
  CHECK(promo_order_add_line(NULL, order, "sub-1", "O365_E3", true,
                             PROMO_TERM_ANNUAL, 350, 1050));

  promo_result *result = NULL;
  CHECK(promo_result_new(&result, NULL));
  promo_status st = promo_apply(result, order, code, strlen(code), NULL);
  promo_result_info info; /* the whole result in one call */
  CHECK(promo_result_get(&info, sizeof info, result));
  printf("%s: %s\n", promo_status_name(st), promo_status_message(st, "en"));
  if (info.error[0] != '\0') { /* invalid_argument, malformed_code */
    printf("why: %s\n", info.error);
  }
  printf("subtotal %" PRId64 ", discount %" PRId64 ", total %" PRId64 "\n",
         info.subtotal, info.discount, info.total);
  promo_result_free(result);
  promo_order_free(order); /* the last reference: the catalog goes too */
  return st == PROMO_OK ? 0 : 1;
}
