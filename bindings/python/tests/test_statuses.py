"""Every status, from apply() as an exception and from check() as a value,
in both locales."""

import datetime as dt
import unittest

import promo
import support


def new_line(subscription="sub-1", product="O365_E3", **values):
    fields = dict(new=True, term="annual", licenses=10, unit_price=1000)
    fields.update(values)
    return (subscription, product, fields)


class StatusTable(unittest.TestCase):
    def test_statuses_are_libpromos_pinned_names_and_numbers(self):
        names = [
            "ok",
            "code_not_found",
            "expired",
            "not_yet_active",
            "wrong_region",
            "not_new_subscription",
            "already_has_promo",
            "not_applicable",
            "currency_mismatch",
            "redemption_limit",
            "rejected_by_host",
            "invalid_argument",
            "no_memory",
            "malformed_code",
            "store_unavailable",
        ]
        self.assertEqual([s.value for s in promo.Status], names)
        self.assertEqual([s.number for s in promo.Status], list(range(len(names))))
        self.assertEqual(promo.Status.EXPIRED, "expired")
        self.assertEqual(str(promo.Status.EXPIRED), "expired")

    def test_every_refusal_has_its_exception_class(self):
        refusals = {
            promo.Status.CODE_NOT_FOUND: promo.CodeNotFound,
            promo.Status.MALFORMED_CODE: promo.MalformedCode,
            promo.Status.EXPIRED: promo.Expired,
            promo.Status.NOT_YET_ACTIVE: promo.NotYetActive,
            promo.Status.WRONG_REGION: promo.WrongRegion,
            promo.Status.NOT_NEW_SUBSCRIPTION: promo.NotNewSubscription,
            promo.Status.ALREADY_HAS_PROMO: promo.AlreadyHasPromo,
            promo.Status.NOT_APPLICABLE: promo.NotApplicable,
            promo.Status.CURRENCY_MISMATCH: promo.CurrencyMismatch,
            promo.Status.REDEMPTION_LIMIT: promo.RedemptionLimit,
            promo.Status.REJECTED_BY_HOST: promo.RejectedByHost,
        }
        for status, cls in refusals.items():
            self.assertTrue(issubclass(cls, promo.Refused))
            self.assertTrue(issubclass(cls, promo.PromoError))
            self.assertIs(cls.status, status)

    def test_programming_errors_are_value_and_type_errors(self):
        self.assertTrue(issubclass(promo.InvalidArgument, ValueError))
        self.assertTrue(issubclass(promo.InvalidArgument, promo.PromoError))
        self.assertTrue(issubclass(promo.ArgumentTypeError, TypeError))
        self.assertTrue(issubclass(promo.ArgumentTypeError, promo.PromoError))
        self.assertTrue(issubclass(promo.LoadError, promo.InvalidArgument))
        self.assertTrue(issubclass(promo.NoMemory, MemoryError))
        self.assertTrue(issubclass(promo.NoMemory, promo.PromoError))
        self.assertFalse(issubclass(promo.Refused, (ValueError, TypeError)))
        # The store's failure is not the customer's refusal: retry.
        self.assertTrue(issubclass(promo.StoreUnavailable, promo.PromoError))
        self.assertFalse(issubclass(promo.StoreUnavailable, promo.Refused))
        self.assertIs(promo.StoreUnavailable.status, promo.Status.STORE_UNAVAILABLE)


class EveryStatus(unittest.TestCase):
    """Each case: (code, order factory, validators, expected status)."""

    def setUp(self):
        self.catalog = support.catalog()

    def cases(self):
        c = self.catalog

        def reject(order, campaign_id):
            return "not for this customer"

        def capped_order():
            other = support.order(c, id="first", lines=[new_line()])
            other.apply("CAPPED")
            other.complete()  # the campaign's only redemption
            return support.order(c, id="second", lines=[new_line()])

        return [
            ("SPRING-2026", lambda: support.order(c), (), promo.Status.OK),
            ("SPRING-2027", lambda: support.order(c), (), promo.Status.CODE_NOT_FOUND),
            ("spring-2026", lambda: support.order(c), (), promo.Status.CODE_NOT_FOUND),
            ("SPRING\n2026", lambda: support.order(c), (), promo.Status.MALFORMED_CODE),
            ("", lambda: support.order(c), (), promo.Status.MALFORMED_CODE),
            (b"\xff\xfe", lambda: support.order(c), (), promo.Status.MALFORMED_CODE),
            ("X" * 65, lambda: support.order(c), (), promo.Status.MALFORMED_CODE),
            ("PAST", lambda: support.order(c), (), promo.Status.EXPIRED),
            ("FUTURE", lambda: support.order(c), (), promo.Status.NOT_YET_ACTIVE),
            ("US-ONLY", lambda: support.order(c), (), promo.Status.WRONG_REGION),
            (
                "SPRING-2026",
                lambda: support.order(c, lines=[new_line(new=False)]),
                (),
                promo.Status.NOT_NEW_SUBSCRIPTION,
            ),
            (
                "SPRING-2026",
                lambda: support.order(c, completed=True),
                (),
                promo.Status.NOT_NEW_SUBSCRIPTION,
            ),
            (
                "SPRING-2026",
                lambda: support.order(c, lines=[new_line(promo_code="FIVE-EUR")]),
                (),
                promo.Status.ALREADY_HAS_PROMO,
            ),
            ("VISIO-ONLY", lambda: support.order(c, lines=[new_line()]), (), promo.Status.NOT_APPLICABLE),
            (
                "FIVE-EUR",
                lambda: support.order(c, currency="USD", lines=[new_line()]),
                (),
                promo.Status.CURRENCY_MISMATCH,
            ),
            ("CAPPED", capped_order, (), promo.Status.REDEMPTION_LIMIT),
            ("SPRING-2026", lambda: support.order(c), (reject,), promo.Status.REJECTED_BY_HOST),
        ]

    def test_apply_raises_the_refusal_and_check_returns_it_in_both_locales(self):
        for code, make, validators, status in self.cases():
            for locale, language in (("en", "en"), ("nl", "nl"), ("nl-BE", "nl"), ("en_GB", "en")):
                with self.subTest(code=code, status=status, locale=locale):
                    order = make()
                    message = promo.status_message(status, language)
                    result = order.check(code, locale=locale, validators=validators, dry_run=True)
                    self.assertIs(result.status, status)
                    self.assertEqual(result.message, message)
                    self.assertEqual(result.ok, status is promo.Status.OK)
                    if status is promo.Status.OK:
                        self.assertEqual(order.apply(code, locale=locale, validators=validators).message, message)
                        continue
                    with self.assertRaises(promo.Refused) as caught:
                        order.apply(code, locale=locale, validators=validators)
                    refusal = caught.exception
                    self.assertIs(type(refusal).status, status)
                    self.assertIs(refusal.status, status)
                    self.assertEqual(refusal.message, message)
                    self.assertEqual(refusal.result, result)
                    self.assertIn(status.value, str(refusal))

    def test_dutch_and_english_messages_differ_for_every_status(self):
        for status in promo.Status:
            with self.subTest(status=status):
                en = promo.status_message(status, "en")
                nl = promo.status_message(status, "nl")
                self.assertTrue(en and nl)
                self.assertNotEqual(en, nl)
                self.assertEqual(promo.status_message(status.value, "NL"), nl)

    def test_an_unsupported_locale_speaks_english(self):
        order = support.order(self.catalog)
        result = order.check("NOPE", locale="fr")
        self.assertEqual(result.message, promo.status_message(promo.Status.CODE_NOT_FOUND, "en"))

    def test_rejected_by_host_carries_the_reason(self):
        order = support.order(self.catalog)
        with self.assertRaises(promo.RejectedByHost) as caught:
            order.apply("SPRING-2026", validators=[lambda o, c: "fraud check failed"])
        self.assertEqual(caught.exception.reason, "fraud check failed")
        self.assertEqual(caught.exception.result.reason, "fraud check failed")
        self.assertIn("fraud check failed", str(caught.exception))

    def test_malformed_code_says_why_and_has_no_code(self):
        order = support.order(self.catalog)
        with self.assertRaises(promo.MalformedCode) as caught:
            order.apply("SPRING\t2026")
        result = caught.exception.result
        self.assertIsNone(result.code)
        self.assertIsNone(result.campaign)
        self.assertIn("control character", result.error)

    def test_code_not_found_has_the_code_and_no_campaign(self):
        result = support.order(self.catalog).check("NOPE")
        self.assertEqual(result.code, "NOPE")
        self.assertIsNone(result.campaign)
        self.assertEqual(result.error, "")

    def test_invalid_argument_is_a_programming_error_even_from_check(self):
        empty = promo.Order(self.catalog, country="NL", currency="EUR", placed_at=support.PLACED)
        for call in (empty.apply, empty.check):
            with self.assertRaises(promo.InvalidArgument) as caught:
                call("SPRING-2026")
            self.assertIn("no lines", str(caught.exception))
        # An incomplete order wins over a malformed code, as in C.
        with self.assertRaises(promo.InvalidArgument):
            empty.check("bad\ncode")

    def test_no_memory_is_a_memory_error(self):
        # libpromo's own no_memory is proved by the C allocation-failure
        # loops; here, that a MemoryError in a validator comes out as one
        # and changes nothing.
        order = support.order(self.catalog)
        before = support.snapshot(order)

        def starved(order, campaign_id):
            raise MemoryError("no room")

        with self.assertRaises(MemoryError):
            order.apply("SPRING-2026", validators=[starved])
        self.assertEqual(support.snapshot(order), before)

    def test_discount_of_an_ok_result(self):
        result = support.order(self.catalog).apply("SPRING-2026")
        self.assertEqual(result.code, "SPRING-2026")
        self.assertEqual(result.campaign, "spring-2026")
        self.assertEqual(result.currency, "EUR")
        self.assertEqual((result.subtotal, result.discount, result.total), (369500, 63000, 306500))
        first, second = result.lines
        self.assertEqual(
            first,
            promo.LineResult(
                "sub-1", promo.Status.OK, 300, 63000, dt.datetime(2027, 3, 15, 12, 0, tzinfo=dt.timezone.utc), ""
            ),
        )
        self.assertEqual(first.discount_ends.utcoffset(), dt.timedelta(0))
        self.assertEqual(second, promo.LineResult("sub-2", promo.Status.NOT_NEW_SUBSCRIPTION, 0, 0, None, ""))

    def test_a_fixed_amount_and_a_non_ascii_code(self):
        result = support.order(self.catalog, lines=[new_line(licenses=3, unit_price=400)]).apply("FIVE-EUR")
        self.assertEqual(result.discount, 3 * 400)  # never more than the unit price
        result = support.order(self.catalog, id="o2").apply("\u00c9T\u00c9-2026".encode("utf-8"))
        self.assertEqual(result.code, "\u00c9T\u00c9-2026")
        self.assertEqual(result.campaign, "ete")


if __name__ == "__main__":
    unittest.main()
