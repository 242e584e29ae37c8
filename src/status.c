/* status.c - R13: stable names and customer messages (en, nl) per status.
 * The messages follow the help article's troubleshooting list. */
#include "language.h"

#include <promo/status.h>

#include <stddef.h>

typedef struct status_text {
  const char *name;
  const char *en;
  const char *nl;
} status_text;

/* Indexed by the pinned status value. */
static const status_text TEXTS[PROMO_STATUS_COUNT] = {
    {"ok", "The promo code was applied to your order.",
     "De promotiecode is toegepast op uw bestelling."},
    {"code_not_found",
     "This promo code was not recognised. Promo codes must be entered "
     "exactly: pay close attention to dashes, capital or lowercase letters "
     "and special symbols.",
     "Deze promotiecode is niet herkend. Promotiecodes moeten exact worden "
     "ingevoerd: let goed op streepjes, hoofd- en kleine letters en "
     "speciale tekens."},
    {"expired",
     "This promo code has expired. Campaigns run for a limited time and "
     "expired codes cannot be accepted or replaced, but you can still "
     "purchase the subscription without one.",
     "Deze promotiecode is verlopen. Campagnes gelden gedurende een beperkte "
     "periode en verlopen codes kunnen niet worden geaccepteerd of "
     "vervangen, maar u kunt het abonnement wel zonder promotiecode "
     "aanschaffen."},
    {"not_yet_active",
     "This promo code cannot be used yet: its campaign has not started. Try "
     "again from the campaign's start date.",
     "Deze promotiecode kan nog niet worden gebruikt: de campagne is nog "
     "niet begonnen. Probeer het opnieuw vanaf de begindatum van de "
     "campagne."},
    {"wrong_region",
     "This promo code is for a different country or region. Promo codes "
     "only work in the country or region they were created for.",
     "Deze promotiecode is bedoeld voor een ander land of een andere regio. "
     "Promotiecodes werken alleen in het land of de regio waarvoor ze zijn "
     "gemaakt."},
    {"not_new_subscription",
     "Promo codes are for new subscriptions only. A code cannot be applied "
     "to a subscription you already have, or after the purchase is "
     "complete.",
     "Promotiecodes zijn alleen bedoeld voor nieuwe abonnementen. Een code "
     "kan niet worden toegepast op een abonnement dat u al hebt, of nadat "
     "de aankoop is voltooid."},
    {"already_has_promo",
     "This subscription already has a promo code. You can use one promo "
     "code for several subscriptions in the same order, but not several "
     "promo codes for the same subscription.",
     "Dit abonnement heeft al een promotiecode. U kunt een promotiecode "
     "gebruiken voor meerdere abonnementen in dezelfde bestelling, maar "
     "niet meerdere promotiecodes voor hetzelfde abonnement."},
    {"not_applicable",
     "This promo code does not apply to the products in your order. Check "
     "the code's terms and conditions to see which products it covers.",
     "Deze promotiecode is niet van toepassing op de producten in uw "
     "bestelling. Raadpleeg de voorwaarden van de code om te zien voor "
     "welke producten deze geldt."},
    {"currency_mismatch",
     "This promo code is for a different currency than your order. Check "
     "the code's terms and conditions.",
     "Deze promotiecode geldt voor een andere valuta dan die van uw "
     "bestelling. Raadpleeg de voorwaarden van de code."},
    {"redemption_limit",
     "This promo code has been used the maximum number of times and can no "
     "longer be redeemed, but you can still purchase the subscription "
     "without one.",
     "Deze promotiecode is al het maximale aantal keren gebruikt en kan "
     "niet meer worden ingewisseld, maar u kunt het abonnement wel zonder "
     "promotiecode aanschaffen."},
    {"rejected_by_host",
     "This promo code cannot be used for this order. See the reason given, "
     "or contact support.",
     "Deze promotiecode kan niet voor deze bestelling worden gebruikt. "
     "Bekijk de opgegeven reden of neem contact op met de ondersteuning."},
    {"invalid_argument",
     "Something is wrong with this order, so the promo code could not be "
     "checked. Please try again later or contact support.",
     "Er is iets mis met deze bestelling, waardoor de promotiecode niet kon "
     "worden gecontroleerd. Probeer het later opnieuw of neem contact op met "
     "de ondersteuning."},
    {"no_memory",
     "Something went wrong on our side while checking the promo code. "
     "Please try again.",
     "Er is aan onze kant iets misgegaan bij het controleren van de "
     "promotiecode. Probeer het opnieuw."},
    {"malformed_code",
     "This is not a promo code. Promo codes must be entered exactly as you "
     "received them: check that nothing is missing and nothing was added, "
     "such as a line break or an invisible character, and try again.",
     "Dit is geen promotiecode. Promotiecodes moeten exact worden ingevoerd "
     "zoals u ze hebt ontvangen: controleer of er niets ontbreekt en niets "
     "is toegevoegd, zoals een regeleinde of een onzichtbaar teken, en "
     "probeer het opnieuw."},
    {"store_unavailable",
     "We could not check how often this promo code has been used, so it "
     "was not applied and nothing was counted. Please try again in a "
     "moment.",
     "We konden niet nagaan hoe vaak deze promotiecode al is gebruikt, dus "
     "is hij niet toegepast en is er niets geteld. Probeer het over een "
     "moment opnieuw."},
};

static const status_text UNKNOWN = {
    "unknown_status", "The promo code could not be checked. Please try again.",
    "De promotiecode kon niet worden gecontroleerd. Probeer het opnieuw."};

static const status_text *text_of(promo_status status) {
  unsigned v = (unsigned)status;
  return v < PROMO_STATUS_COUNT ? &TEXTS[v] : &UNKNOWN;
}

unsigned int promo_status_count(void) {
  return PROMO_STATUS_COUNT;
}

const char *promo_status_name(promo_status status) {
  return text_of(status)->name;
}

const char *promo_status_message(promo_status status, const char *locale) {
  const status_text *t = text_of(status);
  return promo_language_of(locale) == PROMO_LANGUAGE_NL ? t->nl : t->en;
}
