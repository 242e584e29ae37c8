/* version.c - the version of the library actually linked. */
#include <promo/common.h>

#define PROMO_STR2(x) #x
#define PROMO_STR(x) PROMO_STR2(x)

const char *promo_version(void) {
  return PROMO_STR(PROMO_VERSION_MAJOR) "." PROMO_STR(
      PROMO_VERSION_MINOR) "." PROMO_STR(PROMO_VERSION_PATCH);
}

unsigned promo_version_number(void) {
  return PROMO_VERSION_NUMBER;
}
