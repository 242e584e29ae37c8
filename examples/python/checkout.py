"""checkout.py - a checkout in Python: load the example catalog and order,
apply the code the customer typed with a host validator of our own, show
what it takes off or why not, and complete the purchase.

    python3 examples/python/checkout.py [CODE] [--locale en|nl]

Exit status 0 when the code applies, 1 when it is refused.
"""

import argparse
import os
import sys

import promo

EXAMPLES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def not_embargoed(order, campaign_id):
    """A host validator (R12): None accepts, a str refuses with that reason."""
    if order.country in ("KP", "IR"):
        return "We cannot sell to this country."
    return None


def euros(cents):
    return "%d.%02d" % divmod(cents, 100)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("code", nargs="?", default="SPRING-2026")
    parser.add_argument("--locale", default="en", choices=["en", "nl"])
    args = parser.parse_args(argv)

    with promo.Catalog.from_json(os.path.join(EXAMPLES, "catalog.json")) as catalog:
        with promo.Order.from_json(catalog, os.path.join(EXAMPLES, "order.json")) as order:
            try:
                result = order.apply(args.code, locale=args.locale, validators=[not_embargoed])
            except promo.Refused as refusal:
                print("%s: %s" % (refusal.status, refusal.message))
                return 1
            print(result.message)
            for line in result.lines:
                if line.status is promo.Status.OK:
                    until = line.discount_ends.strftime("%Y-%m-%d %H:%M UTC")
                    print(
                        "  %s: %s off %d licenses, until %s"
                        % (line.subscription, euros(line.discount), line.discounted_licenses, until)
                    )
                else:
                    print("  %s: %s" % (line.subscription, line.status))
            print("total %s %s (was %s)" % (result.currency, euros(result.total), euros(result.subtotal)))
            order.complete()  # the purchase is paid: count the redemption (R11)
            print("%s redeemed %d time(s)" % (result.campaign, catalog.redemptions(result.campaign).redeemed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
